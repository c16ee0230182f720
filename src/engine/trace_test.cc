// Tracer: per-key budgets in windows of engine time, suppression counts and summaries, the key
// bound.
#include "engine/trace.h"

#include <gtest/gtest.h>

#include <chrono>

#include "engine/test_util.h"

namespace mc::engine {
namespace {

using namespace std::chrono_literals;

constexpr Time T(std::int64_t ms) { return kTimeZero + std::chrono::milliseconds{ms}; }

std::vector<std::string> Texts(const Effects& out) {
  std::vector<std::string> texts;
  for (const Trace& t : EffectsOf<Trace>(out)) {
    texts.push_back(t.text);
  }
  return texts;
}

TEST(Tracer, EmitsFormattedTraceWithEngineAndTime) {
  Tracer tracer{"igmp"};
  Effects out;
  tracer.Emit(T(1500), "state", out, "group {} -> {}", "239.1.1.1", "kMembersPresent");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], Effect{(Trace{T(1500), "igmp", "group 239.1.1.1 -> kMembersPresent"})});
}

TEST(Tracer, LimitsEachKeyPerWindowAndCountsTheRest) {
  Tracer tracer{"pim", {.per_window = 3, .window = 1s}};
  Effects out;
  for (int i = 0; i < 10; ++i) {
    tracer.Emit(T(100 + i), "bad-packet", out, "bad {}", i);
  }
  EXPECT_EQ(Texts(out), (std::vector<std::string>{"bad 0", "bad 1", "bad 2"}));
  EXPECT_EQ(tracer.suppressed("bad-packet"), 7u);
  EXPECT_EQ(tracer.suppressed(), 7u);
}

TEST(Tracer, KeysHaveIndependentBudgets) {
  Tracer tracer{"pim", {.per_window = 1, .window = 1s}};
  Effects out;
  tracer.Emit(T(0), "a", out, "a0");
  tracer.Emit(T(0), "a", out, "a1");
  tracer.Emit(T(0), "b", out, "b0");
  EXPECT_EQ(Texts(out), (std::vector<std::string>{"a0", "b0"}));
  EXPECT_EQ(tracer.suppressed("a"), 1u);
  EXPECT_EQ(tracer.suppressed("b"), 0u);
}

TEST(Tracer, NewWindowReportsSuppressedThenEmits) {
  Tracer tracer{"msdp", {.per_window = 1, .window = 1s}};
  Effects out;
  tracer.Emit(T(0), "sa", out, "first");
  tracer.Emit(T(200), "sa", out, "dropped");
  tracer.Emit(T(999), "sa", out, "dropped");  // still inside [0, 1s)
  tracer.Emit(T(1000), "sa", out, "second");
  EXPECT_EQ(Texts(out),
            (std::vector<std::string>{"first", "2 'sa' traces suppressed since 0.000s", "second"}));
  // The window that just started had nothing suppressed: no summary next time.
  out.clear();
  tracer.Emit(T(5000), "sa", out, "third");
  EXPECT_EQ(Texts(out), (std::vector<std::string>{"third"}));
}

TEST(Tracer, AdmitLetsCallersBuildTheirOwnTrace) {
  Tracer tracer{"vrrp", {.per_window = 1, .window = 1s}};
  Effects out;
  EXPECT_TRUE(tracer.Admit(T(0), "k", out));
  EXPECT_FALSE(tracer.Admit(T(1), "k", out));
  EXPECT_TRUE(out.empty());
}

TEST(Tracer, KeyCountIsBounded) {
  Tracer tracer{"igmp", {.per_window = 1, .window = 1s}};
  Effects out;
  for (std::size_t i = 0; i < Tracer::kMaxTraceKeys; ++i) {
    tracer.Emit(T(0), fmt::format("key{}", i), out, "x");
  }
  EXPECT_EQ(out.size(), Tracer::kMaxTraceKeys);
  // Further keys share the overflow bucket and its budget.
  tracer.Emit(T(0), "late1", out, "late1");
  tracer.Emit(T(0), "late2", out, "late2");
  EXPECT_EQ(out.size(), Tracer::kMaxTraceKeys + 1);
  EXPECT_EQ(tracer.suppressed(Tracer::kOverflowKey), 1u);
}

}  // namespace
}  // namespace mc::engine
