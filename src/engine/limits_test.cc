// Limits and LimitGuard: admit under the maximum; at the maximum drop, count and trace.
#include "engine/limits.h"

#include <gtest/gtest.h>

#include "engine/test_util.h"

namespace mc::engine {
namespace {

constexpr Time T(std::int64_t ms) { return kTimeZero + std::chrono::milliseconds{ms}; }

TEST(Limits, DefaultsAreDocumentedValues) {
  const Limits l;
  EXPECT_EQ(Maximum(l, Limit::kGroupsPerInterface), 4096u);
  EXPECT_EQ(Maximum(l, Limit::kSourcesPerGroup), 1024u);
  EXPECT_EQ(Maximum(l, Limit::kSgEntries), 65536u);
  EXPECT_EQ(Maximum(l, Limit::kSaCache), 16384u);
  EXPECT_EQ(Maximum(l, Limit::kNeighborsPerInterface), 256u);
  EXPECT_EQ(Maximum(l, Limit::kPendingUpcalls), 1024u);
}

TEST(Limits, MaximumReadsTheNamedField) {
  const Limits l{.groups_per_interface = 1,
                 .sources_per_group = 2,
                 .sg_entries = 3,
                 .sa_cache = 4,
                 .neighbors_per_interface = 5,
                 .pending_upcalls = 6};
  EXPECT_EQ(Maximum(l, Limit::kGroupsPerInterface), 1u);
  EXPECT_EQ(Maximum(l, Limit::kSourcesPerGroup), 2u);
  EXPECT_EQ(Maximum(l, Limit::kSgEntries), 3u);
  EXPECT_EQ(Maximum(l, Limit::kSaCache), 4u);
  EXPECT_EQ(Maximum(l, Limit::kNeighborsPerInterface), 5u);
  EXPECT_EQ(Maximum(l, Limit::kPendingUpcalls), 6u);
}

TEST(LimitGuard, AdmitsBelowMaximumSilently) {
  LimitGuard guard{Limits{.sg_entries = 2}};
  Tracer tracer{"pim"};
  Effects out;
  EXPECT_TRUE(guard.Admit(Limit::kSgEntries, 0, T(0), "(10.0.0.1, 239.1.1.1)", tracer, out));
  EXPECT_TRUE(guard.Admit(Limit::kSgEntries, 1, T(0), "(10.0.0.1, 239.1.1.1)", tracer, out));
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(guard.hits()[Limit::kSgEntries], 0u);
}

TEST(LimitGuard, AtMaximumCountsAndTraces) {
  LimitGuard guard{Limits{.sg_entries = 2}};
  Tracer tracer{"pim"};
  Effects out;
  EXPECT_FALSE(guard.Admit(Limit::kSgEntries, 2, T(1000), "(10.0.0.1, 239.1.1.1)", tracer, out));
  EXPECT_EQ(guard.hits()[Limit::kSgEntries], 1u);
  EXPECT_EQ(guard.hits()[Limit::kSaCache], 0u);
  EXPECT_EQ(EffectsOf<Trace>(out),
            (std::vector<Trace>{
                {T(1000), "pim", "limit sg-entries (2) reached, dropped (10.0.0.1, 239.1.1.1)"}}));
}

TEST(LimitGuard, RepeatedHitsAreAllCountedButTracesAreRateLimited) {
  LimitGuard guard{Limits{.pending_upcalls = 0}};
  Tracer tracer{"pim", {.per_window = 2}};
  Effects out;
  for (int i = 0; i < 50; ++i) {
    EXPECT_FALSE(guard.Admit(Limit::kPendingUpcalls, 0, T(i), "flow", tracer, out));
  }
  EXPECT_EQ(guard.hits()[Limit::kPendingUpcalls], 50u);
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(tracer.suppressed("limit pending-upcalls"), 48u);
}

TEST(LimitGuard, LoweredLimitAppliesToNewEntries) {
  LimitGuard guard;
  Tracer tracer{"igmp"};
  Effects out;
  EXPECT_TRUE(guard.Admit(Limit::kGroupsPerInterface, 10, T(0), "239.1.1.1", tracer, out));
  guard.set_limits(Limits{.groups_per_interface = 10});
  EXPECT_FALSE(guard.Admit(Limit::kGroupsPerInterface, 10, T(0), "239.1.1.1", tracer, out));
}

}  // namespace
}  // namespace mc::engine
