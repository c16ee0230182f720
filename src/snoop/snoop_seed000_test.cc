// Snooping engine tests for the bugs the seed 000 / seed 002 labs found (examples/snoop-000-*,
// examples/snoop-002-*): topology-change flooding in a VLAN without any querier.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "snoop/snoop_engine.h"
#include "snoop/test_util.h"

namespace mc::snoop {
namespace {

using namespace testing;  // NOLINT: the test fixture's helpers

void TopologyChange(SnoopEngine& e, Time now, IfIndex port, std::vector<engine::Effect>& out) {
  e.Handle(now, engine::Input{engine::Notify{engine::TopologyChangeNotice{port, true}}}, out);
}

// Seed 000's network has no querier. Seed 002: after a TCN the switch floods "until <count>
// query intervals have expired"; counting only queries flooded such a VLAN for ever, so the
// VIP adverts of examples/snoop-000-split-brain crossed the trunk and no split brain appeared.
TEST_F(SnoopTest, TopologyChangeFloodEndsAfterCountQueryIntervalsWithoutQueries) {
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  TopologyChange(engine_, now_, k10_2, out_);
  EXPECT_TRUE(Floods(kVlan3, kG));
  Step(119s);  // 2 x the 60 s query interval
  EXPECT_TRUE(Floods(kVlan3, kG));
  EXPECT_EQ(engine_.Snap().vlans.at(0).tcn_queries_left, 2u);
  Step(1s);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1}));
  EXPECT_EQ(engine_.Snap().vlans.at(0).tcn_queries_left, 0u);
}

TEST_F(SnoopTest, TopologyChangeFloodTimeFollowsTheQueryCount) {
  SnoopSettings st;
  st.defaults.tcn_query_count = 1;
  st.vlans[kVlan3] = st.defaults;
  engine_.SetSettings(now_, st, out_);
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  TopologyChange(engine_, now_, k10_2, out_);
  Step(59s);
  EXPECT_TRUE(Floods(kVlan3, kG));
  Step(1s);
  EXPECT_FALSE(Floods(kVlan3, kG));
}

// Queries still end the flood first; the timer of that flood must not cut a later one short.
TEST_F(SnoopTest, QueriesEndTheFloodAndALaterTopologyChangeFloodsAFullTime) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  TopologyChange(engine_, now_, k10_2, out_);
  Step(10s);
  Receive(k15_1, kVlan3, GeneralQuery(kMsfc));
  Receive(k15_1, kVlan3, GeneralQuery(kMsfc));
  EXPECT_FALSE(Floods(kVlan3, kG));
  Step(100s);
  Receive(k10_1, kVlan3, Report(kHost2, kG));  // refreshed: membership would age at 130 s
  TopologyChange(engine_, now_, k10_2, out_);
  Step(30s);  // 130 s after the first change: its timer would have fired at 120 s
  EXPECT_TRUE(Floods(kVlan3, kG));
  Step(90s);
  EXPECT_FALSE(Floods(kVlan3, kG));
}

// The split brain itself (seed 000 steps 1-2): with no mrouter port anywhere, each switch
// registers its own VIP node's report and relays it nowhere, so the other switch's VIP adverts
// (data to the cluster group) reach only the local member port, never the trunk.
TEST_F(SnoopTest, WithoutAnMrouterTheClusterGroupStaysOffTheTrunk) {
  const IfIndex trunk = k15_1;
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_TRUE(SentIgmp(out_).empty());
  // Relayed nowhere, so not counted as relayed (the counter said 1 here before).
  EXPECT_EQ(Counter("reports-relayed"), 0u);
  const l2::MulticastEgress e = engine_.Lookup(kVlan3, Mac::ForGroup(kG), kG, k10_1);
  EXPECT_FALSE(e.flood);
  EXPECT_TRUE(e.ports.empty());  // the advert from 10/1 goes nowhere, not across `trunk`
  // Once the other switch (as querier) is heard on the trunk, the same report is relayed there.
  Receive(trunk, kVlan3, GeneralQuery(Ipv4{10, 1, 3, 2}));
  out_.clear();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ::testing::ElementsAre(trunk));
  EXPECT_EQ(Counter("reports-relayed"), 1u);
  EXPECT_EQ(Egress(kVlan3, kG, k10_1), (std::vector<IfIndex>{trunk}));
}

// examples/snoop-000-fix-querier: the trunk's boot-time topology change came between the
// querier's two startup queries; its immediate query replaced the second startup query and
// pushed the next one a full query interval out, so the neighbour kept flooding for 60 s.
TEST_F(SnoopTest, TopologyChangeQueryDoesNotSwallowTheStartupQueries) {
  SnoopSettings st;
  st.vlans[kVlan3].querier = true;
  st.vlans[kVlan3].querier_address = Ipv4{10, 1, 3, 250};
  engine_.SetSettings(now_, st, out_);
  Step(1s);
  out_.clear();
  TopologyChange(engine_, now_, k10_2, out_);
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ::testing::ElementsAre(k10_1, k10_2, k15_1));
  out_.clear();
  Step(14s);  // the second startup query, a quarter query interval after the first
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ::testing::ElementsAre(k10_1, k10_2, k15_1));
  EXPECT_EQ(engine_.Snap().vlans.at(0).tcn_queries_left, 0u);
  out_.clear();
  Step(59s);
  EXPECT_TRUE(SentIgmp(out_).empty());
  Step(1s);  // then one every query interval
  EXPECT_EQ(SentIgmp(out_).size(), 3u);
}

}  // namespace
}  // namespace mc::snoop
