// Snooping engine tests on effects and snapshots: one per behaviour of RFC 4541 §2.1 and the
// Catalyst features of seeds 000, 002, 003, 004 (issue 5, items 1-9).
#include "snoop/snoop_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "snoop/test_util.h"

namespace mc::snoop {
namespace {

using engine::EffectsOf;
using engine::MdbAdd;
using engine::MdbDel;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace testing;  // NOLINT: the test fixture's helpers

const Mac kGMac = Mac::ForGroup(Ipv4{239, 1, 1, 1});

// Item 2: a router's general query (non-zero source) makes its port an mrouter port.
TEST_F(SnoopTest, GeneralQueryMarksTheMrouterPort) {
  RouterQueries();
  const SnoopSnapshot s = engine_.Snap();
  ASSERT_EQ(s.vlans.size(), 2u);
  ASSERT_EQ(s.vlans[0].mrouters.size(), 1u);
  EXPECT_EQ(s.vlans[0].mrouters[0].port_name, "15/1");
  EXPECT_EQ(s.vlans[0].mrouters[0].learned_from, "igmp");
  EXPECT_EQ(s.vlans[0].mrouters[0].expires, At(300s));
}

// RFC 4541 §2.1.1 (1) b: a proxy query from 0.0.0.0 marks nothing.
TEST_F(SnoopTest, QueryFromZeroSourceIsNotAnMrouter) {
  Receive(k10_2, kVlan3, GeneralQuery(Ipv4{}));
  EXPECT_THAT(engine_.Snap().vlans.at(0).mrouters, IsEmpty());
}

// Item 2: PIMv1 (IGMP type 0x14 to 224.0.0.2), PIMv2 hellos, DVMRP and MOSPF learn mrouters.
TEST_F(SnoopTest, RouterProtocolsMarkMrouterPorts) {
  const std::uint8_t pim_v1[] = {0x14, 0x00, 0xeb, 0xff, 0x10, 0x00, 0x00, 0x00};
  Receive(k10_1, kVlan3, IpFrame(Ipv4{10, 1, 3, 21}, Ipv4{224, 0, 0, 2}, 2, pim_v1));
  const std::uint8_t hello[] = {0x20, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x69};
  Receive(k10_2, kVlan3, IpFrame(Ipv4{10, 1, 3, 22}, Ipv4{224, 0, 0, 13}, 103, hello));
  Receive(k15_1, kVlan3,
          Igmp(Ipv4{10, 1, 3, 23}, Ipv4{224, 0, 0, 4}, wire::DvmrpMessage{1, 0xff, 3, {}}));
  const std::uint8_t ospf[24] = {2, 1, 0, 24};
  Receive(k1_2, kVlan30, IpFrame(Ipv4{10, 1, 4, 24}, Ipv4{224, 0, 0, 5}, 89, ospf));
  const SnoopSnapshot s = engine_.Snap();
  ASSERT_EQ(s.vlans.at(0).mrouters.size(), 3u);
  EXPECT_EQ(s.vlans[0].mrouters[0].learned_from, "pim-v1");
  EXPECT_EQ(s.vlans[0].mrouters[1].learned_from, "pim-v2");
  EXPECT_EQ(s.vlans[0].mrouters[2].learned_from, "dvmrp");
  ASSERT_EQ(s.vlans.at(1).mrouters.size(), 1u);
  EXPECT_EQ(s.vlans[1].mrouters[0].learned_from, "mospf");
}

TEST_F(SnoopTest, LearnedMrouterAgesAfter300sStaticOneStays) {
  SnoopSettings st;
  st.vlans[kVlan3].static_mrouters = {k10_2};
  engine_.SetSettings(now_, st, out_);
  RouterQueries();
  Step(299s);
  EXPECT_EQ(engine_.Snap().vlans.at(0).mrouters.size(), 2u);
  Step(1s);
  const auto m = engine_.Snap().vlans.at(0).mrouters;
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].port, k10_2);
  EXPECT_TRUE(m[0].is_static);
  EXPECT_EQ(Counter("mrouter-aged"), 2u);  // one per VLAN
}

// Items 1 and 3 (seed 004 scenario 1): the report adds 10/1; the entry is keyed by the group
// MAC and holds the router port; the report goes to 15/1 only.
TEST_F(SnoopTest, ReportAddsPortAndIsRelayedOnlyToMrouters) {
  RouterQueries();
  out_.clear();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_THAT(EffectsOf<MdbAdd>(out_),
              ElementsAre(MdbAdd{kVlan3, kGMac, kG, k10_1}, MdbAdd{kVlan3, kGMac, kG, k15_1}));
  const std::vector<Sent> sent = SentIgmp(out_);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].port, k15_1);
  EXPECT_EQ(sent[0].vlan, kVlan3);
  EXPECT_EQ(sent[0].src, kHost2);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k15_1}));
  EXPECT_EQ(Egress(kVlan3, kG, k15_1), (std::vector<IfIndex>{k10_1}));  // never back
}

// Item 3 (seeds 003/004): one report per group per query reaches the router (these reports
// all fall in the query's response window; snoop_seed004_test.cc has the window's end).
TEST_F(SnoopTest, SecondReportIsSuppressedUntilTheNextQuery) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  out_.clear();
  Receive(k10_2, kVlan3, Report(kHost3, kG));  // Host3 on 10/2, in the same window
  EXPECT_THAT(EffectsOf<MdbAdd>(out_), ElementsAre(MdbAdd{kVlan3, kGMac, kG, k10_2}));
  EXPECT_THAT(SentIgmp(out_), IsEmpty());
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k10_2, k15_1}));
  Receive(k15_1, kVlan3, GeneralQuery(kMsfc));
  out_.clear();
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ElementsAre(k15_1));
  EXPECT_EQ(Counter("reports-suppressed"), 2u);
}

// Scenario 3: the same group in another VLAN is a separate entry.
TEST_F(SnoopTest, SameGroupInAnotherVlanIsAnotherEntry) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  out_.clear();
  Receive(k1_2, kVlan30, Report(kHost4, kG));
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ElementsAre(k15_1));
  EXPECT_EQ(SentIgmp(out_)[0].vlan, kVlan30);
  EXPECT_EQ(Egress(kVlan30, kG), (std::vector<IfIndex>{k15_1, k1_2}));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k15_1}));
}

// Item 1: 224.1.1.1 and 239.1.1.1 share 01:00:5e:01:01:01, so members of either get both.
TEST_F(SnoopTest, AliasingGroupsShareOneMacEntry) {
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Receive(k10_2, kVlan3, Report(kHost3, Ipv4{224, 1, 1, 1}));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k10_2}));
  EXPECT_EQ(Egress(kVlan3, Ipv4{224, 1, 1, 1}), (std::vector<IfIndex>{k10_1, k10_2}));
  const VlanSnapshot v = engine_.Snap().vlans.at(0);
  ASSERT_EQ(v.groups.size(), 2u);       // show ip igmp snooping groups lists IP groups
  ASSERT_EQ(v.mac_entries.size(), 1u);  // show mac address-table multicast lists the MAC
  EXPECT_EQ(v.mac_entries[0].groups, (std::vector<Ipv4>{Ipv4{224, 1, 1, 1}, kG}));
  // 10/2 leaving 224.1.1.1 takes it off the shared entry, not 10/1.
  SnoopSettings st;
  st.defaults.immediate_leave = true;
  engine_.SetSettings(now_, st, out_);
  out_.clear();
  Receive(k10_2, kVlan3, Leave(kHost3, Ipv4{224, 1, 1, 1}));
  EXPECT_THAT(EffectsOf<MdbDel>(out_),
              ElementsAre(MdbDel{kVlan3, kGMac, Ipv4{224, 1, 1, 1}, k10_2}));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1}));
}

// Item 3: with no router, a report goes nowhere (seed 000's split brain).
TEST_F(SnoopTest, WithoutMrouterReportsAreNotRelayed) {
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_THAT(SentIgmp(out_), IsEmpty());
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1}));
}

// Item 4 (IOS): group-specific query out of the leaving port, again after LMQI; the port goes
// after 2 x 1000 ms; the leave reaches the router only because it was the last port.
TEST_F(SnoopTest, LeaveQueriesThePortThenRemovesItAndRelaysTheLastLeave) {
  RouterQueries();
  Receive(k1_2, kVlan30, Report(kHost4, kG));
  out_.clear();
  Receive(k1_2, kVlan30, Leave(kHost4, kG));
  std::vector<Sent> q = SentIgmp(out_);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].port, k1_2);
  ASSERT_TRUE(std::holds_alternative<wire::IgmpQuery>(q[0].igmp));
  EXPECT_EQ(std::get<wire::IgmpQuery>(q[0].igmp).group, kG);
  EXPECT_EQ(q[0].dst, kG);
  out_.clear();
  Step(1s);
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ElementsAre(k1_2));
  EXPECT_THAT(EffectsOf<MdbDel>(out_), IsEmpty());
  out_.clear();
  Step(999ms);
  EXPECT_THAT(EffectsOf<MdbDel>(out_), IsEmpty());
  Step(1ms);
  EXPECT_THAT(EffectsOf<MdbDel>(out_),
              ElementsAre(MdbDel{kVlan30, kGMac, kG, k15_1}, MdbDel{kVlan30, kGMac, kG, k1_2}));
  q = SentIgmp(out_);
  ASSERT_EQ(q.size(), 1u);  // seed 004: "Transmitting IGMP Leave msg on port 15/1"
  EXPECT_EQ(q[0].port, k15_1);
  EXPECT_TRUE(std::holds_alternative<wire::IgmpLeave>(q[0].igmp));
  EXPECT_TRUE(Floods(kVlan30, kG));
}

// Seed 004 leave scenario 1: Host3 still on 10/2, so the router never hears Host2's leave.
TEST_F(SnoopTest, LeaveOfANonLastPortIsNotRelayed) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  out_.clear();
  Receive(k10_1, kVlan3, Leave(kHost2, kG));
  Step(2s);
  EXPECT_THAT(EffectsOf<MdbDel>(out_), ElementsAre(MdbDel{kVlan3, kGMac, kG, k10_1}));
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ElementsAre(k10_1, k10_1));  // the two queries only
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2, k15_1}));
}

TEST_F(SnoopTest, ReportDuringLastMemberQueriesKeepsThePort) {
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Receive(k10_1, kVlan3, Leave(kHost2, kG));
  Step(500ms);
  Receive(k10_1, kVlan3, Report(Ipv4{10, 1, 3, 7}, kG));  // another host behind 10/1
  out_.clear();
  Step(5s);
  EXPECT_THAT(EffectsOf<MdbDel>(out_), IsEmpty());
  EXPECT_THAT(SentIgmp(out_), IsEmpty());  // no second query either
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1}));
}

// Item 4 / seed 004 fast leave with a hub: the port goes at once, so the second host behind
// the hub on 10/1 loses the group that 10/2 keeps.
TEST_F(SnoopTest, ImmediateLeaveDropsThePortAtOnceHubPitfall) {
  SnoopSettings st;
  st.vlans[kVlan3].immediate_leave = true;
  engine_.SetSettings(now_, st, out_);
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Receive(k10_1, kVlan3, Report(Ipv4{10, 1, 3, 7}, kG));  // two hosts on the hub
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  out_.clear();
  Receive(k10_1, kVlan3, Leave(kHost2, kG));
  EXPECT_THAT(EffectsOf<MdbDel>(out_), ElementsAre(MdbDel{kVlan3, kGMac, kG, k10_1}));
  EXPECT_THAT(SentIgmp(out_), IsEmpty());  // no query, no relay (10/2 remains)
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2, k15_1}));
}

// Item 4, CatOS option: one query and a random 1-3 s deletion timer.
TEST_F(SnoopTest, CatOsRandomLeaveTimer) {
  SnoopSettings st;
  st.defaults.leave_timer = config::SnoopLeaveTimer::kRandom;
  engine_.SetSettings(now_, st, out_);
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  out_.clear();
  Receive(k10_1, kVlan3, Leave(kHost2, kG));
  EXPECT_EQ(SentIgmp(out_).size(), 1u);
  Step(999ms);
  EXPECT_FALSE(Floods(kVlan3, kG));
  Step(2001ms);
  EXPECT_TRUE(Floods(kVlan3, kG));
  EXPECT_EQ(SentIgmp(out_).size(), 1u);  // only the one query
}

TEST_F(SnoopTest, MembershipTimesOutAfterGroupMembershipInterval) {
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Step(129s);  // 2 x 60 s + 10 s
  EXPECT_FALSE(Floods(kVlan3, kG));
  Step(1s);
  EXPECT_TRUE(Floods(kVlan3, kG));
  EXPECT_EQ(Counter("members-aged"), 1u);
}

// Item 5: unregistered multicast floods; 224.0.0.x always floods; disabled snooping floods all.
TEST_F(SnoopTest, UnregisteredLinkLocalAndDisabledFlood) {
  EXPECT_TRUE(Floods(kVlan3, kG));
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_FALSE(Floods(kVlan3, kG));
  EXPECT_TRUE(Floods(kVlan3, Ipv4{224, 0, 0, 18}));  // VRRP, link-local
  SnoopSettings off;
  off.enabled = false;
  engine_.SetSettings(now_, off, out_);
  EXPECT_TRUE(Floods(kVlan3, kG));
  EXPECT_EQ(engine_.Classify(kVlan3, Report(kHost2, kG)), Punt::kNone);
}

TEST_F(SnoopTest, PerVlanDisableFloodsThatVlanOnly) {
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Receive(k1_2, kVlan30, Report(kHost4, kG));
  SnoopSettings st;
  st.vlans[kVlan30].enabled = false;
  engine_.SetSettings(now_, st, out_);
  EXPECT_TRUE(Floods(kVlan30, kG));
  EXPECT_FALSE(Floods(kVlan3, kG));
}

// Item 5: static groups never age and leaves do not remove them.
TEST_F(SnoopTest, StaticGroupStaysThroughLeavesAndTime) {
  SnoopSettings st;
  st.vlans[kVlan3].static_groups[kG] = {k10_2};
  engine_.SetSettings(now_, st, out_);
  EXPECT_THAT(EffectsOf<MdbAdd>(out_), ElementsAre(MdbAdd{kVlan3, kGMac, kG, k10_2}));
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  Receive(k10_2, kVlan3, Leave(kHost3, kG));
  Step(1h);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2}));
  EXPECT_TRUE(engine_.Snap().vlans.at(0).groups.at(0).members.at(0).is_static);
  engine_.SetSettings(now_, SnoopSettings{}, out_);
  EXPECT_TRUE(Floods(kVlan3, kG));
}

// Item 5 / seed 000: a static MAC entry wins, even with snooping off.
TEST_F(SnoopTest, StaticMacEntryWinsEvenWhenSnoopingIsOff) {
  SnoopSettings st;
  st.enabled = false;
  const Mac vip = *Mac::Parse("0100.5e18.010a");
  st.static_macs[{kVlan3, vip}] = {k10_2, k15_1};
  engine_.SetSettings(now_, st, out_);
  const l2::MulticastEgress e = engine_.Lookup(kVlan3, vip, Ipv4{224, 24, 1, 10}, k10_1);
  EXPECT_FALSE(e.flood);
  EXPECT_EQ(e.ports, (std::vector<IfIndex>{k10_2, k15_1}));
  EXPECT_TRUE(engine_.Snap().vlans.empty() ||
              engine_.Snap().vlans.at(0).mac_entries.at(0).is_static);
}

// Item 6: startup queries a quarter interval apart, then periodic; stands down on a router's
// query and resumes after the querier timeout.
TEST_F(SnoopTest, QuerierStartsStandsDownAndResumes) {
  out_.clear();
  SnoopSettings st;
  st.defaults.querier = true;
  st.defaults.querier_address = Ipv4{1, 1, 1, 2};
  engine_.SetSettings(now_, st, out_);
  std::vector<Sent> q = SentIgmp(out_);
  ASSERT_EQ(q.size(), 5u);  // VLAN 3 (10/1, 10/2, 15/1) and VLAN 30 (15/1, 1/2)
  EXPECT_EQ(q[0].src, (Ipv4{1, 1, 1, 2}));
  EXPECT_EQ(q[0].dst, (Ipv4{224, 0, 0, 1}));
  out_.clear();
  Step(15s);
  EXPECT_EQ(SentIgmp(out_).size(), 5u);  // second startup query
  out_.clear();
  Step(59s);
  EXPECT_THAT(SentIgmp(out_), IsEmpty());
  Step(1s);
  EXPECT_EQ(SentIgmp(out_).size(), 5u);
  Receive(k15_1, kVlan3, GeneralQuery(kMsfc));
  out_.clear();
  Step(204s);
  std::vector<Sent> vlan3;
  for (const Sent& s : SentIgmp(out_)) {
    if (s.vlan == kVlan3) {
      vlan3.push_back(s);
    }
  }
  EXPECT_THAT(vlan3, IsEmpty());
  EXPECT_FALSE(engine_.Snap().vlans.at(0).querier_active);
  out_.clear();
  Step(1s);
  EXPECT_EQ(SentIgmp(out_).size(), 3u);  // VLAN 3 again
  EXPECT_TRUE(engine_.Snap().vlans.at(0).querier_active);
}

// Item 7: a topology change floods every group until 2 general queries were seen, except
// out of `no ip igmp snooping tcn flood` ports.
TEST_F(SnoopTest, TopologyChangeFloodsForQueryCount) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  engine_.Handle(now_, engine::Input{engine::Notify{engine::TopologyChangeNotice{k10_2, true}}},
                 out_);
  EXPECT_TRUE(Floods(kVlan3, kG));
  Receive(k15_1, kVlan3, GeneralQuery(kMsfc));
  EXPECT_TRUE(Floods(kVlan3, kG));
  Receive(k15_1, kVlan3, GeneralQuery(kMsfc));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k15_1}));
  // With tcn flood off on 10/2, flooding means every other port.
  PortSettings p = Port("10/2", {kVlan3});
  p.tcn_flood = false;
  engine_.SetPort(now_, k10_2, p, out_);
  engine_.Handle(now_, engine::Input{engine::Notify{engine::TopologyChangeNotice{k10_1, false}}},
                 out_);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k15_1}));
  EXPECT_EQ(Egress(kVlan3, Ipv4{239, 5, 5, 5}), (std::vector<IfIndex>{k10_1, k15_1}));
}

TEST_F(SnoopTest, TopologyChangeMakesTheQuerierQueryAtOnce) {
  SnoopSettings st;
  st.vlans[kVlan30].querier = true;
  engine_.SetSettings(now_, st, out_);
  Step(30s);
  out_.clear();
  engine_.Handle(now_, engine::Input{engine::Notify{engine::TopologyChangeNotice{k1_2, false}}},
                 out_);
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ElementsAre(k15_1, k1_2));
  // Our own query counts toward ending the flood.
  EXPECT_EQ(engine_.Snap().vlans.at(1).tcn_queries_left, 1u);
}

// Item 8: a deny-mode profile on the port drops the report; permit mode lets only the range in.
TEST_F(SnoopTest, ProfileFiltersReports) {
  PortSettings p = Port("10/1", {kVlan3});
  p.filter = config::IgmpProfile{true, {{Ipv4{239, 0, 1, 0}, Ipv4{239, 0, 1, 255}}}};
  engine_.SetPort(now_, k10_1, p, out_);
  RouterQueries();
  out_.clear();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_THAT(out_, IsEmpty());
  EXPECT_TRUE(Floods(kVlan3, kG));
  Receive(k10_1, kVlan3, Report(kHost2, Ipv4{239, 0, 1, 7}));
  EXPECT_FALSE(Floods(kVlan3, Ipv4{239, 0, 1, 7}));
  EXPECT_EQ(Counter("drop-filtered"), 1u);
}

TEST_F(SnoopTest, MaxGroupsDenyRefusesTheNewGroup) {
  PortSettings p = Port("10/1", {kVlan3});
  p.max_groups = 2;
  engine_.SetPort(now_, k10_1, p, out_);
  for (std::uint8_t i = 1; i <= 3; ++i) {
    Receive(k10_1, kVlan3, Report(kHost2, Ipv4{239, 1, 1, i}));
  }
  const VlanSnapshot v = engine_.Snap().vlans.at(0);
  ASSERT_EQ(v.groups.size(), 2u);
  EXPECT_EQ(v.groups[1].group, (Ipv4{239, 1, 1, 2}));
  EXPECT_EQ(Counter("drop-max-groups"), 1u);
}

TEST_F(SnoopTest, MaxGroupsReplaceEvictsOneRandomGroup) {
  PortSettings p = Port("10/1", {kVlan3});
  p.max_groups = 3;
  p.max_groups_action = config::IgmpLimitAction::kReplace;
  engine_.SetPort(now_, k10_1, p, out_);
  for (std::uint8_t i = 1; i <= 3; ++i) {
    Receive(k10_1, kVlan3, Report(kHost2, Ipv4{239, 1, 1, i}));
  }
  out_.clear();
  Receive(k10_1, kVlan3, Report(kHost2, Ipv4{239, 1, 1, 9}));
  const VlanSnapshot v = engine_.Snap().vlans.at(0);
  ASSERT_EQ(v.groups.size(), 3u);
  EXPECT_EQ(v.groups.back().group, (Ipv4{239, 1, 1, 9}));
  ASSERT_EQ(EffectsOf<MdbDel>(out_).size(), 1u);
  EXPECT_EQ(Counter("max-groups-replaced"), 1u);
  // The same seed evicts the same group: the draw comes from the engine's Rng.
  SnoopEngine other(SnoopOptions{}, Rng{42});
  std::vector<engine::Effect> o;
  other.SetPort(now_, k10_1, p, o);
  for (const std::uint8_t i :
       {std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{3}, std::uint8_t{9}}) {
    other.Handle(now_, engine::Input{In(k10_1, kVlan3, Report(kHost2, Ipv4{239, 1, 1, i}))}, o);
  }
  EXPECT_EQ(other.Snap().vlans.at(0).groups, v.groups);
}

// Item 9 (seed 004): data to 239.0.0.4 hits 01-00-5e-00-00-04; enough of it triggers
// fallback: router hellos are no longer snooped for 5 minutes; the third fallback stays.
TEST_F(SnoopTest, AddressAliasingFallbackHoldsAndStaysAfterTheThird) {
  const std::uint8_t data[8] = {};
  const auto aliased = IpFrame(Ipv4{10, 1, 3, 5}, Ipv4{239, 0, 0, 4}, 17, data);
  EXPECT_EQ(engine_.Classify(kVlan3, aliased), Punt::kCopy);
  const auto flood = [&] {
    for (int i = 0; i < 50; ++i) {
      Receive(k10_1, kVlan3, aliased);
    }
  };
  out_.clear();
  flood();
  const auto traces = EffectsOf<engine::Trace>(out_);
  ASSERT_EQ(traces.size(), 3u);  // in seed 004's order, CatOS MAC spelling
  EXPECT_EQ(traces[0].text, "%MCAST-2-IGMP_ADDRAL:IGMP: Address Aliasing for 01-00-5e-00-00-04");
  EXPECT_EQ(traces[1].text, "%MCAST-2-IGMP_FALLBACK:IGMP: Running in FALL BACK mode");
  EXPECT_EQ(traces[2].text,
            "%MCAST-2-IGMP_ADDRALDETAILS:IGMP: Multicast address aliasing: From "
            "00-05-74-18-04-05 (10.1.3.5) on 10/1 to 01-00-5e-00-00-04 (239.0.0.4)");
  SnoopSnapshot s = engine_.Snap();
  EXPECT_TRUE(s.aliasing.fallback);
  EXPECT_EQ(s.aliasing.fallbacks, 1u);
  EXPECT_EQ(s.aliasing.last_group, (Ipv4{239, 0, 0, 4}));
  EXPECT_EQ(s.aliasing.hold_expires, At(5min));
  EXPECT_EQ(engine_.Classify(kVlan3, aliased), Punt::kNone);
  const std::uint8_t hello[] = {0x20, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x69};
  Receive(k10_2, kVlan3, IpFrame(Ipv4{10, 1, 3, 22}, Ipv4{224, 0, 0, 13}, 103, hello));
  EXPECT_THAT(engine_.Snap().vlans.at(0).mrouters, IsEmpty());
  Receive(k15_1, kVlan3, GeneralQuery(kMsfc));  // IGMP still works
  EXPECT_EQ(engine_.Snap().vlans.at(0).mrouters.size(), 1u);
  Step(5min);
  EXPECT_FALSE(engine_.Snap().aliasing.fallback);
  flood();
  Step(5min);
  flood();
  s = engine_.Snap();
  EXPECT_TRUE(s.aliasing.fallback);
  EXPECT_TRUE(s.aliasing.permanent);
  EXPECT_EQ(s.aliasing.fallbacks, 3u);
  Step(1h);
  EXPECT_TRUE(engine_.Snap().aliasing.fallback);
  SnoopSettings off;
  off.enabled = false;
  engine_.SetSettings(now_, off, out_);
  engine_.SetSettings(now_, SnoopSettings{}, out_);
  EXPECT_FALSE(engine_.Snap().aliasing.fallback);
}

// Limits: 100k distinct groups on one port are bounded and counted; a registered group keeps
// its entry (no cliff to flooding everything).
TEST_F(SnoopTest, ReportFloodIsBoundedAndRegisteredGroupsKeepForwarding) {
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  for (std::uint32_t i = 0; i < 100000; ++i) {
    Receive(k10_1, kVlan3, Report(kHost2, Ipv4{0xE8000000u + i}));
  }
  const SnoopSnapshot s = engine_.Snap();
  EXPECT_EQ(s.table_entries, SnoopOptions{}.groups_per_vlan);
  EXPECT_EQ(Counter("drop-table-full"), 100000u - (SnoopOptions{}.groups_per_vlan - 1));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2}));
}

TEST_F(SnoopTest, V3ReportJoinsAndToIncludeEmptyLeaves) {
  RouterQueries();
  wire::IgmpV3Report r;
  r.records.push_back({wire::IgmpRecordType::kChangeToExcludeMode, kG, {}, {}});
  out_.clear();
  Receive(k10_1, kVlan3, Igmp(kHost2, Ipv4{224, 0, 0, 22}, r));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k15_1}));
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ElementsAre(k15_1));
  wire::IgmpV3Report leave;
  leave.records.push_back({wire::IgmpRecordType::kChangeToIncludeMode, kG, {}, {}});
  out_.clear();
  Receive(k10_1, kVlan3, Igmp(kHost2, Ipv4{224, 0, 0, 22}, leave));
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ElementsAre(k10_1, k15_1));  // query, then relay
  Step(2s);
  EXPECT_TRUE(Floods(kVlan3, kG));
}

TEST_F(SnoopTest, PortDownDropsItsMembershipAndMrouterRole) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  engine_.Handle(now_, engine::Input{engine::LinkEvent{k15_1, false, {}, {}}}, out_);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k10_2}));
  engine_.Handle(now_, engine::Input{engine::LinkEvent{k10_1, false, {}, {}}}, out_);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2}));
}

TEST_F(SnoopTest, MalformedIgmpIsCountedNotFatal) {
  const std::uint8_t junk[] = {0x16, 0x00, 0x12, 0x34, 0xef};
  Receive(k10_1, kVlan3, IpFrame(kHost2, kG, 2, junk));
  Receive(k10_1, kVlan3, wire::Bytes{0x01, 0x00});
  EXPECT_EQ(Counter("drop-malformed"), 2u);
  EXPECT_TRUE(Floods(kVlan3, kG));
}

TEST_F(SnoopTest, ClassifyTakesReportsOutOfTheDataPath) {
  EXPECT_EQ(engine_.Classify(kVlan3, Report(kHost2, kG)), Punt::kConsume);
  EXPECT_EQ(engine_.Classify(kVlan3, Leave(kHost2, kG)), Punt::kConsume);
  EXPECT_EQ(engine_.Classify(kVlan3, GeneralQuery(kMsfc)), Punt::kCopy);
  const std::uint8_t data[8] = {};
  EXPECT_EQ(engine_.Classify(kVlan3, IpFrame(kHost2, kG, 17, data)), Punt::kNone);
  EXPECT_EQ(engine_.Classify(kVlan3, Report(kHost2, Ipv4{224, 0, 0, 251})), Punt::kNone);
}

}  // namespace
}  // namespace mc::snoop
