// The IGMP router engine on effects: queries, querier election, the leave procedure, membership
// notifications, compatibility modes, limits and every input drop counter.
#include "igmp/igmp_router.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace mc::igmp {
namespace {

using engine::Effect;
using engine::FilterMode;
using std::chrono::milliseconds;
using std::chrono::seconds;

const IfIndex kIf{1};
const Ipv4 kMe{10, 0, 0, 1};
const Ipv4 kHost{10, 0, 0, 10};
const Ipv4 kG{239, 1, 1, 1};
const Ipv4 kS1{10, 9, 0, 1};
const Ipv4 kS2{10, 9, 0, 2};

Time At(Duration d) { return kTimeZero + d; }

struct Fixture {
  RouterEngine r{RouterEngineOptions{}, Rng(1)};
  std::vector<Effect> out;
  explicit Fixture(RouterIfConfig cfg = {}) {
    r.SetInterface(kTimeZero, kIf, engine::IfAddress{kMe, 24}, true, cfg, out);
  }
  void Run(Duration until) { r.AdvanceTo(At(until), out); }
  void Packet(Duration at, const wire::IgmpMessage& m, Ipv4 src = kHost, Ipv4 dst = kG,
              std::uint8_t ttl = 1, bool ra = true) {
    Run(at);
    engine::PacketIn p;
    p.ifindex = kIf;
    p.src = src;
    p.dst = dst;
    p.ttl = ttl;
    p.protocol = 2;
    p.router_alert = ra;
    p.bytes = *wire::EncodeToBytes(m);
    r.Handle(At(at), p, out);
  }
  void V3(Duration at, wire::IgmpRecordType t, std::vector<Ipv4> sources, std::uint8_t ttl = 1,
          bool ra = true) {
    wire::IgmpV3Report rep;
    rep.records.push_back({t, kG, std::move(sources), {}});
    Packet(at, rep, kHost, Ipv4{224, 0, 0, 22}, ttl, ra);
  }
  // Queries sent so far: (dst, group) pairs.
  std::vector<wire::IgmpQuery> Queries() const {
    std::vector<wire::IgmpQuery> q;
    for (const Effect& e : out) {
      if (const auto* s = std::get_if<engine::SendPacket>(&e)) {
        auto m = wire::DecodeIgmp(s->payload);
        if (m && std::holds_alternative<wire::IgmpQuery>(*m)) {
          q.push_back(std::get<wire::IgmpQuery>(*m));
        }
      }
    }
    return q;
  }
  std::vector<engine::GroupMembership> Notes() const {
    std::vector<engine::GroupMembership> n;
    for (const Effect& e : out) {
      if (const auto* note = std::get_if<engine::Notify>(&e)) {
        n.push_back(std::get<engine::GroupMembership>(note->payload));
      }
    }
    return n;
  }
  std::uint64_t Counter(std::string_view name) const {
    const RouterSnapshot snap = r.Snap();
    for (const engine::CounterValue& c : snap.interfaces.at(0).counters) {
      if (c.name == name) {
        return c.value;
      }
    }
    return ~0ull;
  }
  bool HasGroup() const { return !r.Snap().interfaces.at(0).groups.empty(); }
};

TEST(IgmpRouter, StartupQueriesThenQueryInterval) {
  Fixture f;
  f.Run(seconds{200});
  std::vector<Time> times;
  for (const Effect& e : f.out) {
    if (std::holds_alternative<engine::SendPacket>(e)) {
      times.push_back(kTimeZero);
    }
  }
  // 0 s and 15 s (startup: robustness 2, a quarter interval apart), then 75 s, 135 s, 195 s.
  EXPECT_EQ(f.Queries().size(), 5u);
  const auto& s = std::get<engine::SendPacket>(f.out.front());
  EXPECT_EQ(s.dst, (Ipv4{224, 0, 0, 1}));
  EXPECT_EQ(s.ttl, 1);
  EXPECT_TRUE(s.router_alert);
  EXPECT_EQ(f.Queries()[0].version, wire::IgmpVersion::kV2);
  EXPECT_EQ(f.Queries()[0].max_resp_code, 100);  // 10 s in tenths
}

TEST(IgmpRouter, V2ReportJoinsAndLeaveRunsTheLastMemberProcedure) {
  Fixture f;
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  ASSERT_EQ(f.Notes().size(), 1u);
  EXPECT_EQ(f.Notes()[0],
            (engine::GroupMembership{kIf, Sg{Ipv4{}, kG}, true, FilterMode::kExclude}));
  f.out.clear();
  f.Packet(seconds{5}, wire::IgmpLeave{kG}, kHost, Ipv4{224, 0, 0, 2});
  f.Run(milliseconds{6500});
  // Two group-specific queries, one second apart (seed 003), to the group address.
  ASSERT_EQ(f.Queries().size(), 2u);
  EXPECT_EQ(f.Queries()[0].group, kG);
  EXPECT_TRUE(f.HasGroup());
  f.Run(seconds{7});  // LMQT = 2 x 1 s after the leave
  EXPECT_FALSE(f.HasGroup());
  ASSERT_EQ(f.Notes().size(), 1u);
  EXPECT_FALSE(f.Notes()[0].joined);
  EXPECT_EQ(f.r.Snap().interfaces[0].leaves, 1u);
}

TEST(IgmpRouter, ReportDuringLastMemberQueriesKeepsTheGroup) {
  Fixture f;
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  f.Packet(seconds{5}, wire::IgmpLeave{kG}, kHost, Ipv4{224, 0, 0, 2});
  f.Packet(milliseconds{5500}, wire::IgmpV2Report{kG}, Ipv4{10, 0, 0, 11});
  f.Run(seconds{30});
  EXPECT_TRUE(f.HasGroup());
}

TEST(IgmpRouter, GroupExpiresAfterTheMembershipInterval) {
  Fixture f;
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  f.Run(milliseconds{130999});  // GMI = 2 x 60 s + 10 s
  EXPECT_TRUE(f.HasGroup());
  f.Run(milliseconds{131001});
  EXPECT_FALSE(f.HasGroup());
}

TEST(IgmpRouter, ImmediateLeaveRemovesAtOnce) {
  RouterIfConfig cfg;
  cfg.immediate_leave = true;
  Fixture f(cfg);
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  f.out.clear();
  f.Packet(seconds{2}, wire::IgmpLeave{kG}, kHost, Ipv4{224, 0, 0, 2});
  EXPECT_FALSE(f.HasGroup());
  EXPECT_TRUE(f.Queries().empty());
}

TEST(IgmpRouter, LowerAddressQuerierWinsAndTimeoutRestoresUs) {
  Fixture f;
  f.Run(seconds{1});
  wire::IgmpQuery q;
  f.Packet(seconds{2}, q, Ipv4{10, 0, 0, 0}, Ipv4{224, 0, 0, 1});  // .0 is lower than .1
  EXPECT_FALSE(f.r.Snap().interfaces[0].is_querier);
  f.out.clear();
  f.Run(seconds{121});
  EXPECT_TRUE(f.Queries().empty());  // a non-querier sends no queries
  f.Run(seconds{122});               // 2 s + other querier present interval 120 s
  EXPECT_TRUE(f.r.Snap().interfaces[0].is_querier);
  EXPECT_EQ(f.Queries().size(), 1u);
}

TEST(IgmpRouter, HigherAddressQuerierIsIgnored) {
  Fixture f;
  wire::IgmpQuery q;
  f.Packet(seconds{2}, q, Ipv4{10, 0, 0, 9}, Ipv4{224, 0, 0, 1});
  EXPECT_TRUE(f.r.Snap().interfaces[0].is_querier);
}

TEST(IgmpRouter, V3IncludeAndExcludeMembership) {
  RouterIfConfig cfg;
  cfg.version = 3;
  Fixture f(cfg);
  f.V3(seconds{1}, wire::IgmpRecordType::kChangeToExcludeMode, {kS1});
  auto n = f.Notes();
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[0], (engine::GroupMembership{kIf, Sg{Ipv4{}, kG}, true, FilterMode::kExclude}));
  EXPECT_EQ(n[1], (engine::GroupMembership{kIf, Sg{kS1, kG}, true, FilterMode::kExclude}));
  f.out.clear();
  // TO_IN({S2}) from EXCLUDE: Q(G) and the group drops to INCLUDE {S2} after LMQT.
  f.V3(seconds{2}, wire::IgmpRecordType::kChangeToIncludeMode, {kS2});
  f.Run(seconds{10});
  const GroupSnapshot g = f.r.Snap().interfaces[0].groups.at(0);
  EXPECT_EQ(g.mode, FilterMode::kInclude);
  ASSERT_EQ(g.sources.size(), 1u);
  EXPECT_EQ(g.sources[0].source, kS2);
  n = f.Notes();
  EXPECT_TRUE(std::find(n.begin(), n.end(),
                        engine::GroupMembership{kIf, Sg{kS2, kG}, true, FilterMode::kInclude}) !=
              n.end());
  EXPECT_TRUE(std::find(n.begin(), n.end(),
                        engine::GroupMembership{kIf, Sg{Ipv4{}, kG}, false,
                                                FilterMode::kExclude}) != n.end());
}

TEST(IgmpRouter, V2HostPresentPutsTheGroupInV2CompatibilityMode) {
  RouterIfConfig cfg;
  cfg.version = 3;
  Fixture f(cfg);
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  // BLOCK is ignored in IGMPv2 compatibility mode (RFC 3376 §7.3.2).
  f.V3(seconds{2}, wire::IgmpRecordType::kBlockOldSources, {kS1});
  const GroupSnapshot g = f.r.Snap().interfaces[0].groups.at(0);
  EXPECT_EQ(g.compatibility_version, 2);
  EXPECT_TRUE(g.sources.empty());
}

TEST(IgmpRouter, V1ReportIgnoresLeaves) {
  Fixture f;
  f.Packet(seconds{1}, wire::IgmpV1Report{kG});
  f.out.clear();
  f.Packet(seconds{2}, wire::IgmpLeave{kG}, kHost, Ipv4{224, 0, 0, 2});
  f.Run(seconds{10});
  EXPECT_TRUE(f.HasGroup());
  EXPECT_TRUE(f.Queries().empty());
}

TEST(IgmpRouter, BadInputIsDroppedAndCounted) {
  RouterIfConfig cfg;
  cfg.version = 3;
  Fixture f(cfg);
  f.V3(seconds{1}, wire::IgmpRecordType::kModeIsExclude, {}, 255);  // FRR #9070
  EXPECT_EQ(f.Counter("drop-bad-ttl"), 1u);
  f.V3(seconds{1}, wire::IgmpRecordType::kModeIsExclude, {}, 1, false);
  EXPECT_EQ(f.Counter("drop-no-router-alert"), 1u);
  f.Packet(seconds{1}, wire::IgmpV2Report{kG}, Ipv4{192, 168, 0, 1});
  EXPECT_EQ(f.Counter("drop-non-local-source"), 1u);
  wire::IgmpQuery q;
  f.Packet(seconds{1}, q, Ipv4{192, 168, 0, 1}, Ipv4{224, 0, 0, 1});
  EXPECT_EQ(f.Counter("drop-non-local-source"), 2u);
  f.Packet(seconds{1}, wire::IgmpV2Report{kG}, kHost, Ipv4{239, 9, 9, 9});
  EXPECT_EQ(f.Counter("drop-wrong-destination"), 1u);
  engine::PacketIn bad;
  bad.ifindex = kIf;
  bad.src = kHost;
  bad.dst = kG;
  bad.ttl = 1;
  bad.protocol = 2;
  bad.bytes = *wire::EncodeToBytes(wire::IgmpMessage{wire::IgmpV2Report{kG}});
  bad.bytes[2] ^= 0xFF;  // checksum
  f.r.Handle(At(seconds{1}), bad, f.out);
  EXPECT_EQ(f.Counter("drop-bad-checksum"), 1u);
  bad.bytes.resize(5);  // truncated
  f.r.Handle(At(seconds{1}), bad, f.out);
  EXPECT_EQ(f.Counter("drop-malformed"), 1u);
  EXPECT_FALSE(f.HasGroup());
}

TEST(IgmpRouter, TooManySourcesAreClippedAndCounted) {
  RouterIfConfig cfg;
  cfg.version = 3;
  RouterEngineOptions opts;
  opts.limits.sources_per_group = 4;
  RouterEngine r(opts, Rng(1));
  std::vector<Effect> out;
  r.SetInterface(kTimeZero, kIf, engine::IfAddress{kMe, 24}, true, cfg, out);
  wire::IgmpV3Report rep;
  std::vector<Ipv4> srcs;
  for (std::uint8_t k = 1; k <= 10; ++k) {
    srcs.push_back(Ipv4{10, 9, 0, k});
  }
  rep.records.push_back({wire::IgmpRecordType::kModeIsInclude, kG, srcs, {}});
  engine::PacketIn p{engine::Layer::kL3,
                     kIf,
                     kHost,
                     Ipv4{224, 0, 0, 22},
                     1,
                     2,
                     true,
                     {},
                     {},
                     *wire::EncodeToBytes(wire::IgmpMessage{rep})};
  r.Handle(At(seconds{1}), p, out);
  const auto snap = r.Snap();
  EXPECT_EQ(snap.interfaces[0].groups.at(0).sources.size(), 4u);
}

TEST(IgmpRouter, AccessGroupAndLimitDeny) {
  RouterIfConfig cfg;
  config::AccessList acl;
  acl.entries.push_back(
      {config::AclAction::kPermit, {Ipv4{239, 1, 0, 0}, Ipv4{0, 0, 255, 255}}, {}});
  cfg.access_group = acl;
  cfg.limit = 1;
  Fixture f(cfg);
  f.Packet(seconds{1}, wire::IgmpV2Report{Ipv4{239, 2, 2, 2}}, kHost, Ipv4{239, 2, 2, 2});
  EXPECT_EQ(f.Counter("drop-access-group"), 1u);
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  f.Packet(seconds{1}, wire::IgmpV2Report{Ipv4{239, 1, 2, 2}}, kHost, Ipv4{239, 1, 2, 2});
  EXPECT_EQ(f.Counter("drop-limit"), 1u);
  EXPECT_EQ(f.r.Snap().interfaces[0].groups.size(), 1u);
}

TEST(IgmpRouter, LimitReplaceEvictsAGroup) {
  RouterIfConfig cfg;
  cfg.limit = 1;
  cfg.limit_action = config::IgmpLimitAction::kReplace;
  Fixture f(cfg);
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  f.Packet(seconds{1}, wire::IgmpV2Report{Ipv4{239, 1, 2, 2}}, kHost, Ipv4{239, 1, 2, 2});
  const auto groups = f.r.Snap().interfaces[0].groups;
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].group, (Ipv4{239, 1, 2, 2}));
}

TEST(IgmpRouter, StaticAndLocalGroupsNeverExpire) {
  RouterIfConfig cfg;
  cfg.static_groups.push_back({kG, std::nullopt});
  cfg.join_groups.push_back({Ipv4{239, 0, 1, 1}, std::nullopt});
  Fixture f(cfg);
  f.Packet(seconds{5}, wire::IgmpLeave{kG}, kHost, Ipv4{224, 0, 0, 2});
  f.Run(seconds{1000});
  const auto groups = f.r.Snap().interfaces[0].groups;
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].origin, GroupOrigin::kLocal);
  EXPECT_EQ(groups[0].last_reporter, kMe);
  EXPECT_EQ(groups[1].origin, GroupOrigin::kStatic);
}

TEST(IgmpRouter, SsmRangeIgnoresAnySourceJoins) {
  RouterEngineOptions opts;
  opts.ssm_ranges.push_back(Prefix::Make(Ipv4{232, 0, 0, 0}, 8));
  RouterEngine r(opts, Rng(1));
  std::vector<Effect> out;
  r.SetInterface(kTimeZero, kIf, engine::IfAddress{kMe, 24}, true, RouterIfConfig{}, out);
  const Ipv4 ssm{232, 1, 1, 1};
  engine::PacketIn p{engine::Layer::kL3,
                     kIf,
                     kHost,
                     ssm,
                     1,
                     2,
                     true,
                     {},
                     {},
                     *wire::EncodeToBytes(wire::IgmpMessage{wire::IgmpV2Report{ssm}})};
  r.Handle(At(seconds{1}), p, out);
  EXPECT_TRUE(r.Snap().interfaces[0].groups.empty());
}

TEST(IgmpRouter, InterfaceDownWithdrawsMembership) {
  Fixture f;
  f.Packet(seconds{1}, wire::IgmpV2Report{kG});
  f.out.clear();
  f.r.SetInterface(At(seconds{2}), kIf, engine::IfAddress{kMe, 24}, false, RouterIfConfig{}, f.out);
  ASSERT_EQ(f.Notes().size(), 1u);
  EXPECT_FALSE(f.Notes()[0].joined);
}

TEST(IgmpRouter, SameSeedSameEffects) {
  const auto run = [] {
    Fixture f;
    f.Packet(seconds{1}, wire::IgmpV2Report{kG});
    f.Packet(seconds{3}, wire::IgmpLeave{kG}, kHost, Ipv4{224, 0, 0, 2});
    f.Run(seconds{300});
    return f.out;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace mc::igmp
