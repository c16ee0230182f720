// Registers (RFC 7761 §4.4) at the DR and at the RP, the Keepalive Timer, SPT switchover at the
// last-hop router (§4.2.1, IOS spt-threshold) and the first packet of a new flow.
#include <gtest/gtest.h>

#include "pim/pim_engine.h"
#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace testing;  // NOLINT: the fixture's names
using engine::EffectsOf;

const Ipv4 kLocalSource{10, 0, 1, 50};  // on if1, where we are DR
const Sg kLocalSg{kLocalSource, kG};

wire::Bytes DataPacket(Ipv4 s, Ipv4 g, std::uint8_t ttl = 64) {
  const std::uint8_t payload[] = {1, 2, 3, 4};
  return *wire::BuildIpv4(wire::Ipv4Header{.ttl = ttl, .protocol = 17, .src = s, .dst = g},
                          payload);
}

engine::DataplaneEvent WholePacket(Sg sg) {
  return {engine::DataplaneKind::kWholePacket, kRegisterVif, sg, 0, 0,
          DataPacket(sg.source, sg.group)};
}

// ---- §4.4.1 at the DR ----

TEST(PimRegisterDr, FirstPacketInstallsTheRegisterTunnelAndEncapsulates) {
  Fixture f;
  f.out.clear();
  f.Data(engine::DataplaneKind::kNoCache, kIf1, kLocalSg);
  EXPECT_EQ(f.r.RegisterState(kLocalSg), RegState::kJoin);
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out),
            (std::vector<engine::MfcAdd>{{kLocalSg, kIf1, {kRegisterVif}}}));
  f.out.clear();
  f.Input(WholePacket(kLocalSg));
  const auto regs = SentOf<wire::PimRegister>(f.out);
  ASSERT_EQ(regs.size(), 1u);
  EXPECT_EQ(regs[0].first.dst, kRp);
  EXPECT_EQ(regs[0].first.oif, kIf2);
  EXPECT_EQ(regs[0].first.src, kMe2);
  EXPECT_FALSE(regs[0].second.null_register);
  EXPECT_EQ(regs[0].second.packet, DataPacket(kLocalSource, kG));
}

TEST(PimRegisterDr, RegisterStopPrunesThenNullRegisterProbesThenJoinAgain) {
  Fixture f;
  f.Data(engine::DataplaneKind::kNoCache, kIf1, kLocalSg);
  f.out.clear();
  f.Input(PimPacket(kIf2, kRp, kMe2,
                    wire::PimRegisterStop{.group = {.group = kG}, .source = kLocalSource}));
  EXPECT_EQ(f.r.RegisterState(kLocalSg), RegState::kPrune);
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out),
            (std::vector<engine::MfcAdd>{{kLocalSg, kIf1, {}}}));  // tunnel removed
  f.out.clear();
  f.Input(WholePacket(kLocalSg));
  EXPECT_TRUE(SentOf<wire::PimRegister>(f.out).empty());
  // RST in [0.5 x 60 - 5, 1.5 x 60 - 5] s: a Null-Register, JoinPending.
  f.RunTo(seconds{24});
  EXPECT_TRUE(SentOf<wire::PimRegister>(f.out).empty());
  f.RunTo(seconds{85});
  const auto regs = SentOf<wire::PimRegister>(f.out);
  ASSERT_EQ(regs.size(), 1u);
  EXPECT_TRUE(regs[0].second.null_register);
  EXPECT_EQ(f.r.RegisterState(kLocalSg), RegState::kJoinPending);
  // Register_Probe_Time later without a Register-Stop: Join, tunnel back.
  f.out.clear();
  f.RunTo(seconds{91});
  EXPECT_EQ(f.r.RegisterState(kLocalSg), RegState::kJoin);
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out),
            (std::vector<engine::MfcAdd>{{kLocalSg, kIf1, {kRegisterVif}}}));
}

TEST(PimRegisterDr, RegisterStopInJoinPendingGoesBackToPrune) {
  Fixture f;
  f.Data(engine::DataplaneKind::kNoCache, kIf1, kLocalSg);
  const auto stop =
      PimPacket(kIf2, kRp, kMe2, wire::PimRegisterStop{.group = {.group = kG}, .source = {}});
  f.Input(stop);  // wildcard source: every source of G
  f.RunTo(seconds{85});
  ASSERT_EQ(f.r.RegisterState(kLocalSg), RegState::kJoinPending);
  f.Input(stop);
  EXPECT_EQ(f.r.RegisterState(kLocalSg), RegState::kPrune);
}

TEST(PimRegisterDr, NonDrDoesNotRegisterAndSsmNeverRegisters) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(105, 50)));  // kDown1 is DR
  f.out.clear();
  f.Data(engine::DataplaneKind::kNoCache, kIf1, kLocalSg);
  EXPECT_EQ(f.r.RegisterState(kLocalSg), RegState::kNoInfo);
  for (const auto& m : EffectsOf<engine::MfcAdd>(f.out)) {
    EXPECT_TRUE(m.oifs.empty());
  }
  PimGlobalSettings g = Fixture::DefaultSettings();
  g.ssm.enabled = true;
  Fixture ssm(g);
  ssm.Data(engine::DataplaneKind::kNoCache, kIf1, Sg{kLocalSource, Ipv4{232, 1, 1, 1}});
  EXPECT_EQ(ssm.r.RegisterState(Sg{kLocalSource, Ipv4{232, 1, 1, 1}}), RegState::kNoInfo);
}

TEST(PimRegisterDr, KeepaliveExpiryEndsRegistering) {
  Fixture f;
  f.Data(engine::DataplaneKind::kNoCache, kIf1, kLocalSg);
  f.RunTo(seconds{209});
  EXPECT_EQ(f.r.RegisterState(kLocalSg), RegState::kJoin);
  f.RunTo(seconds{211});  // Keepalive_Period without activity
  EXPECT_EQ(f.r.RegisterState(kLocalSg), std::nullopt);
}

// ---- §4.4.2 at the RP ----

struct RpFixture : Fixture {
  const Ipv4 dr{10, 7, 7, 7};
  RpFixture() {
    Input(engine::LinkEvent{IfIndex{9}, true, engine::IfAddress{kRp, 32}, {}});
    Route("10.7.0.0/16", kUpSrc, kIf3);
    Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(kHoldtimeInfinite)));
  }
  void Register(bool null_register = false, Ipv4 to = kRp) {
    Input(
        PimPacket(kIf3, dr, to,
                  wire::PimRegister{.null_register = null_register, .packet = DataPacket(kS, kG)}));
  }
  bool StopSent() const {
    for (const auto& [s, rs] : SentOf<wire::PimRegisterStop>(out)) {
      if (s.dst == dr && s.src == kRp && rs.source == kS && rs.group.group == kG) {
        return true;
      }
    }
    return false;
  }
};

TEST(PimRegisterRp, NoReceiversRegisterStopAtOnce) {
  RpFixture f;
  EXPECT_TRUE(f.r.IAmRp(kG));
  f.out.clear();
  f.Register();
  EXPECT_TRUE(f.StopSent());
  EXPECT_EQ(f.Count(PimCounter::kRegisterDecapsulated), 0u);
  EXPECT_FALSE(SentJp(f.out, kUpSrc, kG, SgSource(), true));
  const PimSnapshot snap = f.r.Snap(f.now);
  ASSERT_EQ(snap.mroutes.size(), 2u);  // the (*,G) parent IOS shows, then the (S,G)
  EXPECT_TRUE(snap.mroutes[0].source.IsUnspecified());
  EXPECT_EQ(snap.mroutes[0].flags, "SP");
  EXPECT_EQ(snap.mroutes[1].source, kS);
  EXPECT_EQ(snap.mroutes[1].flags, "P");
}

TEST(PimRegisterRp, WithReceiversDecapsulatesJoinsTheSourceAndStopsOnTheSpt) {
  RpFixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  f.out.clear();
  f.Register();
  EXPECT_FALSE(f.StopSent());
  // The inner packet goes down inherited_olist(S,G,rpt), TTL decremented.
  const auto sends = EffectsOf<engine::SendPacket>(f.out);
  const auto data = std::find_if(sends.begin(), sends.end(),
                                 [](const engine::SendPacket& s) { return s.protocol == 17; });
  ASSERT_NE(data, sends.end());
  EXPECT_EQ(data->oif, kIf1);
  EXPECT_EQ(data->src, kS);
  EXPECT_EQ(data->dst, kG);
  EXPECT_EQ(data->ttl, 63);
  EXPECT_EQ(data->payload, (wire::Bytes{1, 2, 3, 4}));
  // JoinDesired(S,G): KAT running and inherited_olist(S,G) non-empty -> Join toward S.
  EXPECT_TRUE(SentJp(f.out, kUpSrc, kG, SgSource(), true));
  // Native data on the SPT sets the SPT bit; the next Register is answered by Register-Stop.
  f.Data(engine::DataplaneKind::kNoCache, kIf3, kSG);
  EXPECT_TRUE(f.r.SptBit(kSG));
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf3, {kIf1}}));
  f.out.clear();
  f.Register();
  EXPECT_TRUE(f.StopSent());
  EXPECT_TRUE(EffectsOf<engine::SendPacket>(f.out).size() == 1u);  // only the Register-Stop
}

// The RP's (S,G) entry exists before any native packet (the Register installed it with the
// SPT iif), so the cache never upcalls NOCACHE for native data: only activity counters show it,
// and they alone must set the SPT bit and bring the Register-Stop (found in a 3-router chain
// where the DR registered every packet and the RP forwarded each one twice).
TEST(PimRegisterRp, NativeDataSeenOnlyAsActivitySetsTheSptBitAndStopsRegisters) {
  RpFixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  f.Register();
  // Until native data arrives the entry's iif is the register VIF (pim_regress_test.cc).
  ASSERT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kRegisterVif, {kIf1}}));
  EXPECT_FALSE(f.r.SptBit(kSG));
  f.Data(engine::DataplaneKind::kActivity, kIf3, kSG, 5);
  EXPECT_TRUE(f.r.SptBit(kSG));
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf3, {kIf1}}));
  f.out.clear();
  f.Register();
  EXPECT_TRUE(f.StopSent());
  EXPECT_EQ(f.Count(PimCounter::kRegisterDecapsulated), 1u);  // the second one is not
}

TEST(PimRegisterRp, NullRegisterKeepsStateWithoutForwarding) {
  RpFixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  f.Register(/*null_register=*/true);
  EXPECT_EQ(f.Count(PimCounter::kRegisterDecapsulated), 0u);
  EXPECT_TRUE(f.r.JoinDesired(kSG));
}

TEST(PimRegisterRp, RegisterToANonRpIsRefusedWithRegisterStop) {
  RpFixture f;
  f.out.clear();
  f.Register(false, kMe3);  // addressed to us, but not RP(G)
  EXPECT_EQ(f.Count(PimCounter::kDropRegisterNotRp), 1u);
  EXPECT_EQ(SentOf<wire::PimRegisterStop>(f.out).size(), 1u);
  EXPECT_EQ(f.r.entry_count(), 0u);
}

TEST(PimRegisterRp, BadInnerPacketsAndSsmRegistersAreDropped) {
  RpFixture f;
  f.Input(PimPacket(kIf3, f.dr, kRp, wire::PimRegister{.packet = {0x45, 0, 0}}));
  f.Input(PimPacket(kIf3, f.dr, kRp, wire::PimRegister{.packet = DataPacket(kS, kMe1)}));
  EXPECT_EQ(f.Count(PimCounter::kDropRegisterBadInner), 2u);
  PimGlobalSettings g = Fixture::DefaultSettings();
  g.ssm.enabled = true;
  f.Input(engine::Input{engine::ConfigChange{}});
  f.r.Configure(f.now, g, f.out);
  f.Input(
      PimPacket(kIf3, f.dr, kRp, wire::PimRegister{.packet = DataPacket(kS, Ipv4{232, 1, 1, 1})}));
  EXPECT_EQ(f.Count(PimCounter::kDropRegisterSsm), 1u);
  EXPECT_EQ(f.r.entry_count(), 0u);
}

// ---- §4.2.1 SPT switchover at the last-hop router ----

TEST(PimSpt, FirstPacketOnTheRptJoinsTheSptThenPrunesTheRpt) {
  Fixture f;
  f.Member(kIf1, kStarG);
  f.out.clear();
  f.Data(engine::DataplaneKind::kNoCache, kIf2, kSG);
  // The first packet is forwarded down the RPT in the same step (the entry the kernel needs).
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out), (std::vector<engine::MfcAdd>{{kSG, kIf2, {kIf1}}}));
  EXPECT_TRUE(SentJp(f.out, kUpSrc, kG, SgSource(), true));
  EXPECT_FALSE(f.r.SptBit(kSG));
  f.out.clear();
  f.Data(engine::DataplaneKind::kWrongIif, kIf3, kSG);  // data arrives on the SPT
  EXPECT_TRUE(f.r.SptBit(kSG));
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out), (std::vector<engine::MfcAdd>{{kSG, kIf3, {kIf1}}}));
  // PruneDesired(S,G,rpt): SPTbit and RPF'(*,G) != RPF'(S,G).
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, SgRptSource(), false));
  EXPECT_EQ(f.r.RptUpstreamState(kSG), RptUsState::kPruned);
  EXPECT_EQ(f.Count(PimCounter::kSptSwitchovers), 1u);
  EXPECT_EQ(f.Count(PimCounter::kRpfFailures), 0u);
}

TEST(PimSpt, InfinityThresholdStaysOnTheSharedTree) {
  PimGlobalSettings g = Fixture::DefaultSettings();
  g.spt_thresholds.push_back({std::nullopt, std::nullopt});
  Fixture f(g);
  f.Member(kIf1, kStarG);
  f.out.clear();
  f.Data(engine::DataplaneKind::kNoCache, kIf2, kSG);
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out), (std::vector<engine::MfcAdd>{{kSG, kIf2, {kIf1}}}));
  EXPECT_FALSE(SentJp(f.out, kUpSrc, kG, SgSource(), true));
  EXPECT_EQ(f.r.UpstreamState(kSG), std::nullopt);
  f.Data(engine::DataplaneKind::kWrongIif, kIf3, kSG);
  EXPECT_EQ(f.Count(PimCounter::kRpfFailures), 1u);
}

TEST(PimSpt, KbpsThresholdSwitchesOnlyAboveTheRate) {
  PimGlobalSettings g = Fixture::DefaultSettings();
  g.spt_thresholds.push_back({64u, std::nullopt});
  Fixture f(g);
  f.Member(kIf1, kStarG);
  f.Data(engine::DataplaneKind::kNoCache, kIf2, kSG);
  EXPECT_EQ(f.r.UpstreamState(kSG), std::nullopt);
  f.now = At(seconds{1});
  f.Data(engine::DataplaneKind::kActivity, kIf2, kSG, 10);  // 1000 bytes in 1 s = 8 kbps
  EXPECT_EQ(f.r.UpstreamState(kSG), std::nullopt);
  f.now = At(seconds{2});
  f.Data(engine::DataplaneKind::kActivity, kIf2, kSG, 1000);  // 100 kB in 2 s = 400 kbps
  EXPECT_EQ(f.r.UpstreamState(kSG), UsState::kJoined);
}

TEST(PimData, UnknownFlowWithoutStateGetsANegativeEntry) {
  Fixture f;
  f.out.clear();
  f.Data(engine::DataplaneKind::kNoCache, kIf3, kSG);
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out), (std::vector<engine::MfcAdd>{{kSG, kIf3, {}}}));
  f.out.clear();
  f.RunTo(seconds{211});  // the flow is forgotten
  EXPECT_EQ(EffectsOf<engine::MfcDel>(f.out), (std::vector<engine::MfcDel>{{kSG}}));
}

}  // namespace
}  // namespace mc::pim
