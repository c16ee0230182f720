// Counters<E>: per-enum counting, names and the ordered snapshot.
#include "engine/counters.h"

#include <gtest/gtest.h>

namespace mc::engine {
namespace {

enum class DemoCounter : std::uint8_t { kPacketsIn, kBadChecksum, kQueriesSent, kCount };
constexpr std::array<std::string_view, 3> CounterNames(DemoCounter) {
  return {"packets-in", "bad-checksum", "queries-sent"};
}

// The concept rejects enums without a matching name list.
enum class NoNames : std::uint8_t { kA, kCount };
enum class ShortNames : std::uint8_t { kA, kB, kCount };
constexpr std::array<std::string_view, 1> CounterNames(ShortNames) { return {"a"}; }
static_assert(CounterEnum<DemoCounter>);
static_assert(!CounterEnum<NoNames>);
static_assert(!CounterEnum<ShortNames>);
static_assert(!CounterEnum<int>);
static_assert(internal::NamesValid(std::array<std::string_view, 2>{"a", "b"}));
static_assert(!internal::NamesValid(std::array<std::string_view, 2>{"a", "a"}));
static_assert(!internal::NamesValid(std::array<std::string_view, 2>{"a", ""}));

TEST(Counters, StartAtZeroAndCount) {
  Counters<DemoCounter> c;
  EXPECT_EQ(c.Get(DemoCounter::kPacketsIn), 0u);
  c.Inc(DemoCounter::kPacketsIn);
  c.Inc(DemoCounter::kPacketsIn);
  c.Inc(DemoCounter::kBadChecksum, 40);
  EXPECT_EQ(c[DemoCounter::kPacketsIn], 2u);
  EXPECT_EQ(c[DemoCounter::kBadChecksum], 40u);
  EXPECT_EQ(c[DemoCounter::kQueriesSent], 0u);
}

TEST(Counters, SnapshotListsEveryCounterInEnumOrder) {
  Counters<DemoCounter> c;
  c.Inc(DemoCounter::kQueriesSent, 3);
  EXPECT_EQ(c.Snapshot(), (std::vector<CounterValue>{
                              {"packets-in", 0}, {"bad-checksum", 0}, {"queries-sent", 3}}));
  EXPECT_EQ(Counters<DemoCounter>::Name(DemoCounter::kBadChecksum), "bad-checksum");
}

TEST(Counters, ResetAndCompare) {
  Counters<DemoCounter> a;
  Counters<DemoCounter> b;
  a.Inc(DemoCounter::kPacketsIn);
  EXPECT_NE(a, b);
  a.Reset();
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace mc::engine
