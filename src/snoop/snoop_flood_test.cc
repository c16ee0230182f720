// Bad input at scale (issue 5 "Done when"): a flood of IGMP reports for 100k distinct groups on
// one switch port. The snooping table stays bounded by its limits (per VLAN, whole table,
// `ip igmp max-groups` per port), every refused report is counted and not relayed, traces stay
// rate-limited, and registered groups keep their pruned forwarding entries - no cliff to
// flooding everything as a Linux bridge has when its hash table fills. Memory is bounded by the
// entry count: each admitted (VLAN, group) holds one group record, one member, one timer and
// one MAC entry, and the counts of all four are checked here; the bytes per entry are measured
// by bench/snoop_table_bench.cc (docs/performance.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "snoop/snoop_engine.h"
#include "snoop/test_util.h"

namespace mc::snoop {
namespace {

using engine::EffectsOf;
using namespace testing;  // NOLINT: the test fixture's helpers

constexpr std::uint32_t kFlood = 100'000;

// 232.16.0.0 + i: distinct group MACs for every i < 2^20, none aliasing kG (239.1.1.1).
Ipv4 FloodGroup(std::uint32_t i) { return Ipv4{0xE8100000u + i}; }

std::uint64_t CounterOf(const SnoopSnapshot& s, std::string_view name) {
  for (const engine::CounterValue& c : s.counters) {
    if (c.name == name) {
      return c.value;
    }
  }
  ADD_FAILURE() << "no counter " << name;
  return 0;
}

// What the flood made the engine emit, counted per kind (the vectors are cleared as it goes,
// so the test itself does not hold 100k effects).
struct EffectCounts {
  std::size_t frames = 0;
  std::size_t traces = 0;
  std::size_t mdb_adds = 0;
  void Take(std::vector<engine::Effect>& out) {
    frames += EffectsOf<engine::SendFrame>(out).size();
    traces += EffectsOf<engine::Trace>(out).size();
    mdb_adds += EffectsOf<engine::MdbAdd>(out).size();
    out.clear();
  }
};

class SnoopFloodTest : public SnoopTest {
 protected:
  // The MSFC's queries mark 15/1; Host3 on 10/2 registers kG before the flood starts.
  void SetUpNetwork() {
    RouterQueries();
    Receive(k10_2, kVlan3, Report(kHost3, kG));
    out_.clear();
  }
  EffectCounts Flood(IfIndex port) {
    EffectCounts c;
    for (std::uint32_t i = 0; i < kFlood; ++i) {
      Receive(port, kVlan3, Report(kHost2, FloodGroup(i)));
      c.Take(out_);
    }
    return c;
  }
  std::set<Ipv4> GroupsOfPort(IfIndex port) const {
    std::set<Ipv4> r;
    const SnoopSnapshot s = engine_.Snap();
    for (const GroupSnapshot& g : s.vlans.at(0).groups) {
      for (const MemberSnapshot& m : g.members) {
        if (m.port == port) {
          r.insert(g.group);
        }
      }
    }
    return r;
  }
};

// The per-VLAN limit (4,096 groups, engine::Limits) stops the flood: the rest is counted in
// drop-table-full, never relayed to the router, and kG still goes only to 10/2 and the router.
TEST_F(SnoopFloodTest, DistinctGroupsAreBoundedByTheVlanLimit) {
  SetUpNetwork();
  const std::size_t limit = SnoopOptions{}.groups_per_vlan;
  const EffectCounts c = Flood(k10_1);
  const SnoopSnapshot s = engine_.Snap();
  EXPECT_EQ(s.table_entries, limit);
  EXPECT_EQ(s.vlans.at(0).groups.size(), limit);
  EXPECT_EQ(s.vlans.at(0).mac_entries.size(), limit);
  EXPECT_EQ(CounterOf(s, "drop-table-full"), kFlood - (limit - 1));
  EXPECT_EQ(CounterOf(s, "reports-received"), kFlood + 1);
  // One relayed report per admitted group, to the router port only; refused ones stop here.
  EXPECT_EQ(c.frames, limit - 1);
  EXPECT_EQ(CounterOf(s, "reports-relayed"), limit);
  // Each admitted group: its member port and the router port.
  EXPECT_EQ(c.mdb_adds, 2 * (limit - 1));
  EXPECT_LE(c.traces, 20u);  // rate-limited: the flood arrives within one engine-time window
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2, k15_1}));
  EXPECT_EQ(Egress(kVlan3, FloodGroup(0)), (std::vector<IfIndex>{k10_1, k15_1}));
  // A refused group is unregistered and floods, as RFC 4541 §2.1.2 (3) allows.
  EXPECT_TRUE(Floods(kVlan3, FloodGroup(kFlood - 1)));
}

// The engine still does its work after the flood: a new member of kG is added, a leave is
// queried and removes only that port.
TEST_F(SnoopFloodTest, RegisteredGroupsKeepWorkingAfterTheFlood) {
  SetUpNetwork();
  Flood(k10_1);
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k10_2, k15_1}));
  out_.clear();
  Receive(k10_1, kVlan3, Leave(kHost2, kG));
  EXPECT_THAT(PortsOf(SentIgmp(out_)), ::testing::ElementsAre(k10_1));  // group-specific query
  Step(2s);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2, k15_1}));
}

// The flood's state is soft: without refreshes it ages out at the Group Membership Interval
// (2 x 60 s + 10 s), and the table is back to the one refreshed group.
TEST_F(SnoopFloodTest, FloodStateAgesOutAndTheTableShrinksBack) {
  SetUpNetwork();
  Flood(k10_1);
  Step(120s);
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  Step(10s);
  const SnoopSnapshot s = engine_.Snap();
  EXPECT_EQ(s.table_entries, 1u);
  ASSERT_EQ(s.vlans.at(0).groups.size(), 1u);
  EXPECT_EQ(s.vlans.at(0).groups[0].group, kG);
  EXPECT_EQ(s.vlans.at(0).mac_entries.size(), 1u);
  EXPECT_EQ(CounterOf(s, "members-aged"), SnoopOptions{}.groups_per_vlan - 1);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2, k15_1}));
}

// `ip igmp max-groups 100` (action deny) on the flooded port: its first 100 groups stay, every
// newer one is refused and counted; other ports are not affected.
TEST_F(SnoopFloodTest, MaxGroupsDenyKeepsTheOldestAndRefusesTheNewest) {
  PortSettings p = Port("10/1", {kVlan3});
  p.max_groups = 100;
  engine_.SetPort(now_, k10_1, p, out_);
  SetUpNetwork();
  Flood(k10_1);
  const SnoopSnapshot s = engine_.Snap();
  EXPECT_EQ(s.table_entries, 101u);
  EXPECT_EQ(CounterOf(s, "drop-max-groups"), kFlood - 100);
  EXPECT_EQ(CounterOf(s, "drop-table-full"), 0u);
  const std::set<Ipv4> joined = GroupsOfPort(k10_1);
  ASSERT_EQ(joined.size(), 100u);
  EXPECT_EQ(*joined.begin(), FloodGroup(0));
  EXPECT_EQ(*joined.rbegin(), FloodGroup(99));
  Receive(k10_2, kVlan3, Report(kHost3, FloodGroup(kFlood - 1)));  // 10/2 has no limit
  EXPECT_EQ(Egress(kVlan3, FloodGroup(kFlood - 1)), (std::vector<IfIndex>{k10_2, k15_1}));
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_2, k15_1}));
}

// Action replace: every new group evicts one of the port's groups drawn from the seeded random
// source; the port stays at 100 groups, the newest is always in, and the same seed gives the
// same table.
TEST_F(SnoopFloodTest, MaxGroupsReplaceStaysAtTheLimitAndIsDeterministic) {
  const auto run = [](std::uint64_t seed, std::uint32_t reports) {
    SnoopEngine e(SnoopOptions{}, Rng{seed});
    std::vector<engine::Effect> out;
    e.SetSettings(Time{}, SnoopSettings{}, out);
    PortSettings p = Port("10/1", {kVlan3});
    p.max_groups = 100;
    p.max_groups_action = config::IgmpLimitAction::kReplace;
    e.SetPort(Time{}, k10_1, p, out);
    e.SetPort(Time{}, k10_2, Port("10/2", {kVlan3}), out);
    e.Handle(Time{}, engine::Input{In(k10_2, kVlan3, Report(Ipv4{10, 1, 3, 3}, kG))}, out);
    for (std::uint32_t i = 0; i < reports; ++i) {
      e.Handle(Time{}, engine::Input{In(k10_1, kVlan3, Report(Ipv4{10, 1, 3, 2}, FloodGroup(i)))},
               out);
      out.clear();
    }
    return e.Snap();
  };
  const SnoopSnapshot a = run(42, kFlood);
  EXPECT_EQ(a.table_entries, 101u);
  EXPECT_EQ(CounterOf(a, "max-groups-replaced"), kFlood - 100);
  EXPECT_EQ(CounterOf(a, "drop-max-groups"), 0u);
  std::set<Ipv4> joined;
  bool kg_on_10_2 = false;
  for (const GroupSnapshot& g : a.vlans.at(0).groups) {
    for (const MemberSnapshot& m : g.members) {
      if (m.port == k10_1) {
        joined.insert(g.group);
      }
      kg_on_10_2 |= g.group == kG && m.port == k10_2;
    }
  }
  EXPECT_EQ(joined.size(), 100u);
  EXPECT_TRUE(joined.contains(FloodGroup(kFlood - 1)));
  EXPECT_TRUE(kg_on_10_2);  // never a candidate: it belongs to another port
  const SnoopSnapshot b = run(42, 10'000);
  EXPECT_EQ(run(42, 10'000), b);
  EXPECT_NE(run(7, 10'000).vlans.at(0).groups, b.vlans.at(0).groups);  // a draw, not a rule
}

// The per-port index max-groups counts with: static memberships do not count, and one that
// stops being static while it was also reported counts again.
TEST_F(SnoopFloodTest, MaxGroupsCountsOnlyDynamicMemberships) {
  const Ipv4 s_group{239, 9, 9, 9};
  PortSettings p = Port("10/1", {kVlan3});
  p.max_groups = 1;
  engine_.SetPort(now_, k10_1, p, out_);
  SnoopSettings st;
  st.vlans[kVlan3].static_groups[s_group] = {k10_1};
  engine_.SetSettings(now_, st, out_);
  Receive(k10_1, kVlan3, Report(kHost2, s_group));  // reported too, still static
  Receive(k10_1, kVlan3, Report(kHost2, FloodGroup(1)));
  Receive(k10_1, kVlan3, Report(kHost2, FloodGroup(2)));
  EXPECT_EQ(GroupsOfPort(k10_1), (std::set<Ipv4>{FloodGroup(1), s_group}));
  EXPECT_EQ(Counter("drop-max-groups"), 1u);
  engine_.SetSettings(now_, SnoopSettings{}, out_);  // s_group is now a plain reported member
  p.max_groups = 2;
  engine_.SetPort(now_, k10_1, p, out_);
  Receive(k10_1, kVlan3, Report(kHost2, FloodGroup(3)));
  EXPECT_EQ(GroupsOfPort(k10_1), (std::set<Ipv4>{FloodGroup(1), s_group}));
  EXPECT_EQ(Counter("drop-max-groups"), 2u);
  Receive(k10_1, kVlan3, Leave(kHost2, FloodGroup(1)));
  Step(2s);  // the last-member queries go unanswered: FloodGroup(1) is removed and uncounted
  Receive(k10_1, kVlan3, Report(kHost2, FloodGroup(3)));
  EXPECT_EQ(GroupsOfPort(k10_1), (std::set<Ipv4>{FloodGroup(3), s_group}));
}

// The whole-table limit (16,384 records) holds when the flood spreads over 100 VLANs of one
// trunk port, 1,000 groups each, below the per-VLAN limit.
TEST(SnoopFloodTableTest, FloodAcrossVlansIsBoundedByTheTableLimit) {
  SnoopEngine e(SnoopOptions{}, Rng{1});
  std::vector<engine::Effect> out;
  e.SetSettings(Time{}, SnoopSettings{}, out);
  PortSettings trunk;
  trunk.name = "Gi1/0/1";
  for (std::uint16_t v = 1; v <= 100; ++v) {
    trunk.vlans.Add(config::VlanSet::Of(v));
  }
  e.SetPort(Time{}, IfIndex{1}, trunk, out);
  for (std::uint32_t i = 0; i < kFlood; ++i) {
    const auto vlan = static_cast<std::uint16_t>(1 + i % 100);
    e.Handle(Time{}, engine::Input{In(IfIndex{1}, vlan, Report(Ipv4{10, 0, 0, 9}, FloodGroup(i)))},
             out);
    out.clear();
  }
  const SnoopSnapshot s = e.Snap();
  const std::size_t table_max = SnoopOptions{}.table_max;
  EXPECT_EQ(s.table_entries, table_max);
  std::size_t groups = 0;
  for (const VlanSnapshot& v : s.vlans) {
    groups += v.groups.size();
    EXPECT_LE(v.groups.size(), SnoopOptions{}.groups_per_vlan);
  }
  EXPECT_EQ(groups, table_max);
  EXPECT_EQ(CounterOf(s, "drop-table-full"), kFlood - table_max);
}

// `ip igmp max-groups` configured on a port that already has groups counts them at once.
TEST_F(SnoopFloodTest, MaxGroupsConfiguredLaterCountsTheGroupsAlreadyJoined) {
  for (std::uint32_t i = 0; i < 3; ++i) {
    Receive(k10_1, kVlan3, Report(kHost2, FloodGroup(i)));
  }
  PortSettings p = Port("10/1", {kVlan3});
  p.max_groups = 2;
  engine_.SetPort(now_, k10_1, p, out_);
  Receive(k10_1, kVlan3, Report(kHost2, FloodGroup(3)));
  EXPECT_EQ(GroupsOfPort(k10_1), (std::set<Ipv4>{FloodGroup(0), FloodGroup(1), FloodGroup(2)}));
  EXPECT_EQ(Counter("drop-max-groups"), 1u);
  p.max_groups_action = config::IgmpLimitAction::kReplace;
  engine_.SetPort(now_, k10_1, p, out_);
  Receive(k10_1, kVlan3, Report(kHost2, FloodGroup(3)));
  EXPECT_EQ(GroupsOfPort(k10_1).size(), 3u);  // one evicted, one added: still over, as before
  EXPECT_TRUE(GroupsOfPort(k10_1).contains(FloodGroup(3)));
}

}  // namespace
}  // namespace mc::snoop
