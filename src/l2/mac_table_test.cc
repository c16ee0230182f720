// Filtering database (mac_table.h): learning, moves, the dynamic-entry limit, static entries,
// ageing exactly `aging` after the last frame, flushing, and the sorted listing.
#include "l2/mac_table.h"

#include <gtest/gtest.h>

namespace mc::l2 {
namespace {

using namespace std::chrono_literals;

constexpr Time T(std::chrono::milliseconds ms) { return kTimeZero + ms; }
constexpr Mac M(std::uint8_t last) { return Mac{{0x02, 0, 0, 0, 0, last}}; }
constexpr IfIndex P(std::uint32_t v) { return IfIndex{v}; }

using Ports = std::vector<IfIndex>;

TEST(MacTable, LearnsRefreshesAndMoves) {
  MacTable t;
  EXPECT_EQ(t.Learn(T(0ms), {1, M(1)}, P(1)), LearnResult::kLearned);
  EXPECT_EQ(t.Learn(T(1ms), {1, M(1)}, P(1)), LearnResult::kRefreshed);
  EXPECT_EQ(t.Lookup({1, M(1)}), Ports{P(1)});
  EXPECT_EQ(t.Learn(T(2ms), {1, M(1)}, P(2)), LearnResult::kMoved);
  EXPECT_EQ(t.Lookup({1, M(1)}), Ports{P(2)});
  EXPECT_FALSE(t.Lookup({2, M(1)}).has_value());  // independent VLAN learning
  EXPECT_EQ(t.dynamic_count(), 1u);
}

TEST(MacTable, StopsLearningAtTheLimit) {
  MacTable t{300s, 2};
  EXPECT_EQ(t.Learn(T(0ms), {1, M(1)}, P(1)), LearnResult::kLearned);
  EXPECT_EQ(t.Learn(T(0ms), {1, M(2)}, P(1)), LearnResult::kLearned);
  EXPECT_EQ(t.Learn(T(0ms), {1, M(3)}, P(1)), LearnResult::kTableFull);
  EXPECT_FALSE(t.Lookup({1, M(3)}).has_value());
  // Known addresses still refresh and move at the limit.
  EXPECT_EQ(t.Learn(T(0ms), {1, M(2)}, P(2)), LearnResult::kMoved);
}

TEST(MacTable, StaticEntriesWinAndNeverMove) {
  MacTable t;
  t.Learn(T(0ms), {1, M(1)}, P(1));
  t.AddStatic({1, M(1)}, {P(4), P(3), P(4)});
  EXPECT_EQ(t.Lookup({1, M(1)}), (Ports{P(3), P(4)}));
  EXPECT_EQ(t.dynamic_count(), 0u);
  EXPECT_EQ(t.Learn(T(1ms), {1, M(1)}, P(2)), LearnResult::kStatic);
  EXPECT_EQ(t.Lookup({1, M(1)}), (Ports{P(3), P(4)}));
  EXPECT_EQ(t.AdvanceTo(T(1000s)), 0u);  // static entries never age
  EXPECT_TRUE(t.RemoveStatic({1, M(1)}));
  EXPECT_FALSE(t.RemoveStatic({1, M(1)}));
  EXPECT_FALSE(t.Lookup({1, M(1)}).has_value());
}

TEST(MacTable, AgesExactlyAgingAfterTheLastFrame) {
  MacTable t;  // 300 s
  t.Learn(T(0ms), {1, M(1)}, P(1));
  t.Learn(T(100s), {1, M(1)}, P(1));  // refreshed: now due at 400 s
  t.Learn(T(0ms), {1, M(2)}, P(1));
  EXPECT_EQ(t.AdvanceTo(T(299s)), 0u);
  EXPECT_EQ(t.AdvanceTo(T(300s)), 1u);  // M(2) goes at 300 s
  EXPECT_TRUE(t.Lookup({1, M(1)}).has_value());
  EXPECT_EQ(t.NextDeadline(), T(400s));  // the lazy timer re-armed at last_seen + aging
  EXPECT_EQ(t.AdvanceTo(T(399s)), 0u);
  EXPECT_EQ(t.AdvanceTo(T(400s)), 1u);
  EXPECT_FALSE(t.Lookup({1, M(1)}).has_value());
  EXPECT_FALSE(t.NextDeadline().has_value());
}

TEST(MacTable, ZeroAgingNeverAgesAndANewAgingReArms) {
  MacTable t{0s};
  t.Learn(T(0ms), {1, M(1)}, P(1));
  EXPECT_FALSE(t.NextDeadline().has_value());
  EXPECT_EQ(t.AdvanceTo(T(10000s)), 0u);
  t.SetAging(20s);  // due at last_seen + 20 s, which has long passed
  EXPECT_EQ(t.AdvanceTo(T(10000s)), 1u);
}

TEST(MacTable, FlushesByPortAndVlan) {
  MacTable t;
  t.Learn(T(0ms), {1, M(1)}, P(1));
  t.Learn(T(0ms), {1, M(2)}, P(2));
  t.Learn(T(0ms), {2, M(3)}, P(1));
  t.AddStatic({1, M(9)}, {P(1)});
  EXPECT_EQ(t.FlushPort(P(1)), 2u);  // static entries stay
  EXPECT_TRUE(t.Lookup({1, M(9)}).has_value());
  EXPECT_EQ(t.FlushVlan(1), 1u);
  EXPECT_EQ(t.dynamic_count(), 0u);
  EXPECT_FALSE(t.NextDeadline().has_value());  // flushed entries' timers are gone too
}

TEST(MacTable, EntriesAreSortedByVlanThenMac) {
  MacTable t;
  t.Learn(T(0ms), {2, M(1)}, P(1));
  t.Learn(T(0ms), {1, M(5)}, P(2));
  t.AddStatic({1, M(3)}, {P(3)});
  const std::vector<MacEntry> e = t.Entries();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0], (MacEntry{1, M(3), MacType::kStatic, {P(3)}}));
  EXPECT_EQ(e[1], (MacEntry{1, M(5), MacType::kDynamic, {P(2)}}));
  EXPECT_EQ(e[2], (MacEntry{2, M(1), MacType::kDynamic, {P(1)}}));
}

}  // namespace
}  // namespace mc::l2
