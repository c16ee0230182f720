// The IGMP host engine on effects: socket merging (RFC 3376 §3.2), state-change records (§5.1),
// current-state responses (§5.2), v1/v2 reports, suppression and leaves, compatibility (§7.2.1).
#include "igmp/igmp_host.h"

#include <gtest/gtest.h>

namespace mc::igmp {
namespace {

using engine::Effect;
using engine::FilterMode;
using std::chrono::milliseconds;
using std::chrono::seconds;
using wire::IgmpRecordType;

const IfIndex kIf{1};
const Ipv4 kMe{10, 0, 0, 10};
const Ipv4 kRouter{10, 0, 0, 1};
const Ipv4 kG{239, 1, 1, 1};
const Ipv4 kS1{10, 9, 0, 1};
const Ipv4 kS2{10, 9, 0, 2};

Time At(Duration d) { return kTimeZero + d; }

struct Fixture {
  HostEngine h{engine::Limits{}, Rng(7)};
  std::vector<Effect> out;
  explicit Fixture(std::uint8_t version = 3) {
    HostIfConfig cfg;
    cfg.version = version;
    h.SetInterface(kTimeZero, kIf, engine::IfAddress{kMe, 24}, true, cfg, out);
  }
  void Run(Duration until) { h.AdvanceTo(At(until), out); }
  void Listen(Duration at, SocketId s, FilterMode mode, std::vector<Ipv4> src) {
    Run(at);
    h.Listen(At(at), s, kIf, kG, mode, std::move(src), out);
  }
  void Packet(Duration at, const wire::IgmpMessage& m, Ipv4 src = kRouter,
              Ipv4 dst = Ipv4{224, 0, 0, 1}) {
    Run(at);
    engine::PacketIn p{engine::Layer::kL3,     kIf, src, dst, 1, 2, true, {}, {},
                       *wire::EncodeToBytes(m)};
    h.Handle(At(at), p, out);
  }
  std::vector<std::pair<Ipv4, wire::IgmpMessage>> Sent() const {
    std::vector<std::pair<Ipv4, wire::IgmpMessage>> s;
    for (const Effect& e : out) {
      if (const auto* p = std::get_if<engine::SendPacket>(&e)) {
        s.emplace_back(p->dst, *wire::DecodeIgmp(p->payload));
      }
    }
    return s;
  }
};

TEST(Rfc3376_3_2, SocketStatesMerge) {
  Fixture f;
  f.Listen(seconds{1}, 1, FilterMode::kInclude, {kS1});
  f.Listen(seconds{1}, 2, FilterMode::kInclude, {kS2});
  EXPECT_TRUE(f.h.Accepts(kIf, kG, kS1));
  EXPECT_TRUE(f.h.Accepts(kIf, kG, kS2));
  EXPECT_FALSE(f.h.Accepts(kIf, kG, Ipv4{10, 9, 0, 3}));
  // Any EXCLUDE socket makes the interface EXCLUDE (intersection minus includes).
  f.Listen(seconds{1}, 3, FilterMode::kExclude, {kS1, Ipv4{10, 9, 0, 3}});
  EXPECT_TRUE(f.h.Accepts(kIf, kG, kS1));  // socket 1 includes it
  EXPECT_FALSE(f.h.Accepts(kIf, kG, Ipv4{10, 9, 0, 3}));
  EXPECT_TRUE(f.h.Accepts(kIf, kG, Ipv4{10, 9, 0, 4}));
}

TEST(Rfc3376_5_1, JoinSendsToExAndRetransmits) {
  Fixture f;
  f.Listen(seconds{1}, 1, FilterMode::kExclude, {});
  f.Run(seconds{3});
  const auto s = f.Sent();
  ASSERT_EQ(s.size(), 2u);  // robustness 2: the report and one retransmission within 1 s
  EXPECT_EQ(s[0].first, (Ipv4{224, 0, 0, 22}));
  const auto& rep = std::get<wire::IgmpV3Report>(s[0].second);
  EXPECT_EQ(rep.records.at(0).type, IgmpRecordType::kChangeToExcludeMode);
  EXPECT_EQ(rep.records.at(0).group, kG);
}

TEST(Rfc3376_5_1, IncludeToIncludeSendsAllowAndBlock) {
  Fixture f;
  f.Listen(seconds{1}, 1, FilterMode::kInclude, {kS1});
  f.Run(seconds{5});
  f.out.clear();
  f.Listen(seconds{6}, 1, FilterMode::kInclude, {kS2});
  const auto rep = std::get<wire::IgmpV3Report>(f.Sent().at(0).second);
  ASSERT_EQ(rep.records.size(), 2u);
  EXPECT_EQ(rep.records[0].type, IgmpRecordType::kAllowNewSources);
  EXPECT_EQ(rep.records[0].sources, std::vector<Ipv4>{kS2});
  EXPECT_EQ(rep.records[1].type, IgmpRecordType::kBlockOldSources);
  EXPECT_EQ(rep.records[1].sources, std::vector<Ipv4>{kS1});
}

TEST(Rfc3376_5_1, ExcludeToIncludeSendsToIn) {
  Fixture f;
  f.Listen(seconds{1}, 1, FilterMode::kExclude, {});
  f.Run(seconds{5});
  f.out.clear();
  f.Listen(seconds{6}, 1, FilterMode::kInclude, {});  // leave
  const auto rep = std::get<wire::IgmpV3Report>(f.Sent().at(0).second);
  EXPECT_EQ(rep.records.at(0).type, IgmpRecordType::kChangeToIncludeMode);
  EXPECT_TRUE(rep.records.at(0).sources.empty());
  EXPECT_FALSE(f.h.Accepts(kIf, kG, kS1));
}

TEST(Rfc3376_5_2, GeneralQueryGetsCurrentStateWithinMaxResponse) {
  Fixture f;
  f.Listen(seconds{1}, 1, FilterMode::kInclude, {kS1});
  f.Run(seconds{5});
  f.out.clear();
  wire::IgmpQuery q;
  q.version = wire::IgmpVersion::kV3;
  q.max_resp_code = 100;
  f.Packet(seconds{10}, q);
  f.Run(seconds{20});
  const auto s = f.Sent();
  ASSERT_EQ(s.size(), 1u);
  const auto& rep = std::get<wire::IgmpV3Report>(s[0].second);
  EXPECT_EQ(rep.records.at(0).type, IgmpRecordType::kModeIsInclude);
  EXPECT_EQ(rep.records.at(0).sources, std::vector<Ipv4>{kS1});
}

TEST(Rfc2236_3, V2ReportSuppressionAndLeave) {
  Fixture f(2);
  f.Listen(seconds{1}, 1, FilterMode::kExclude, {});
  f.Run(seconds{30});
  EXPECT_EQ(f.Sent().size(), 2u);  // unsolicited report, repeated once
  EXPECT_EQ(f.Sent()[0].first, kG);
  f.out.clear();
  wire::IgmpQuery q;
  f.Packet(seconds{60}, q);
  // Another member answers first: ours is suppressed.
  f.Packet(milliseconds{60001}, wire::IgmpV2Report{kG}, Ipv4{10, 0, 0, 11}, kG);
  f.Run(seconds{80});
  EXPECT_TRUE(f.Sent().empty());
  f.Listen(seconds{90}, 1, FilterMode::kInclude, {});
  ASSERT_EQ(f.Sent().size(), 1u);
  EXPECT_EQ(f.Sent()[0].first, (Ipv4{224, 0, 0, 2}));
  EXPECT_TRUE(std::holds_alternative<wire::IgmpLeave>(f.Sent()[0].second));
}

TEST(Rfc1112, V1HostSendsNoLeave) {
  Fixture f(1);
  f.Listen(seconds{1}, 1, FilterMode::kExclude, {});
  f.Run(seconds{30});
  ASSERT_FALSE(f.Sent().empty());
  EXPECT_TRUE(std::holds_alternative<wire::IgmpV1Report>(f.Sent()[0].second));
  f.out.clear();
  f.Listen(seconds{40}, 1, FilterMode::kInclude, {});
  f.Run(seconds{60});
  EXPECT_TRUE(f.Sent().empty());
}

TEST(Rfc3376_7_2_1, V2QuerierSwitchesAV3HostToV2Reports) {
  Fixture f;
  f.Listen(seconds{1}, 1, FilterMode::kExclude, {});
  f.Run(seconds{5});
  f.out.clear();
  wire::IgmpQuery q;  // an IGMPv2 general query
  f.Packet(seconds{10}, q);
  EXPECT_EQ(f.h.CompatibilityVersion(kIf), 2);
  f.Run(seconds{25});
  ASSERT_EQ(f.Sent().size(), 1u);
  EXPECT_TRUE(std::holds_alternative<wire::IgmpV2Report>(f.Sent()[0].second));
  f.Run(seconds{10 + 261});  // robustness x 125 s + 10 s later: back to v3
  EXPECT_EQ(f.h.CompatibilityVersion(kIf), 3);
}

TEST(IgmpHost, QueriesWithBadTtlOrNoRouterAlertAreCounted) {
  Fixture f;
  wire::IgmpQuery q;
  q.version = wire::IgmpVersion::kV3;
  engine::PacketIn p{engine::Layer::kL3,
                     kIf,
                     kRouter,
                     Ipv4{224, 0, 0, 1},
                     2,
                     2,
                     true,
                     {},
                     {},
                     *wire::EncodeToBytes(wire::IgmpMessage{q})};
  f.h.Handle(At(seconds{1}), p, f.out);
  p.ttl = 1;
  p.router_alert = false;
  f.h.Handle(At(seconds{1}), p, f.out);
  const auto* c = f.h.Counters(kIf);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->Get(HostCounter::kDropBadTtl), 1u);
  EXPECT_EQ(c->Get(HostCounter::kDropNoRouterAlert), 1u);
}

TEST(IgmpHost, SameSeedSameReports) {
  const auto run = [] {
    Fixture f;
    f.Listen(seconds{1}, 1, FilterMode::kExclude, {});
    f.Run(seconds{10});
    return f.out;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace mc::igmp
