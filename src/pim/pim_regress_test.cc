// Regression tests for engine bugs the example labs found (examples/pim-sm-basic,
// examples/pim-seed-*, examples/pim-frr-*): each test names the lab that showed the bug and
// fails on the engine before its fix.
#include <gtest/gtest.h>

#include "pim/pim_engine.h"
#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace testing;  // NOLINT: the fixture's names
using engine::EffectsOf;

wire::Bytes DataPacket(Sg sg, std::uint8_t ttl = 64) {
  const std::uint8_t payload[] = {9, 8, 7, 6};
  return *wire::BuildIpv4(
      wire::Ipv4Header{.ttl = ttl, .protocol = 17, .src = sg.source, .dst = sg.group}, payload);
}

// UDP data the engine sent itself (not PIM), with where it went.
std::vector<engine::SendPacket> SentData(const std::vector<Effect>& out) {
  std::vector<engine::SendPacket> r;
  for (const engine::SendPacket& s : EffectsOf<engine::SendPacket>(out)) {
    if (s.protocol == 17) {
      r.push_back(s);
    }
  }
  return r;
}

engine::DataplaneEvent WrongIifWhole(IfIndex iif, Sg sg, std::uint8_t ttl = 64) {
  return {engine::DataplaneKind::kWrongIif, iif, sg, 0, 0, DataPacket(sg, ttl)};
}

// A last-hop router with a member on if1 whose (S,G) entry still points at the RPT (if2) after
// the first packet came down the RPT and Join(S,G) went toward the source (if3).
struct LastHop : Fixture {
  LastHop() {
    Member(kIf1, kStarG);
    Data(engine::DataplaneKind::kNoCache, kIf2, kSG);
    EXPECT_EQ(r.UpstreamState(kSG), UsState::kJoined);
    EXPECT_FALSE(r.SptBit(kSG));
    EXPECT_EQ(r.installed().at(kSG), (engine::MfcAdd{kSG, kIf2, {kIf1}}));
    out.clear();
  }
};

// examples/pim-sm-basic lost one packet at the switchover: its native copy arrived on
// RPF_interface(S) while the kernel entry still had the RPT interface (dropped, WRONGVIF), and
// its RPT copy arrived after the entry had moved (dropped again). RFC 7761 §4.2 forwards a packet
// on RPF_interface(S) when UpstreamJPState(S,G) is Joined, whatever the SPT bit was.
TEST(PimRegressSptSwitchover, FirstSptPacketIsForwardedByTheEngine) {
  LastHop f;
  f.Input(WrongIifWhole(kIf3, kSG, 60));
  EXPECT_TRUE(f.r.SptBit(kSG));
  const auto data = SentData(f.out);
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(data[0].oif, kIf1);
  EXPECT_EQ(data[0].src, kS);
  EXPECT_EQ(data[0].dst, kG);
  EXPECT_EQ(data[0].ttl, 59);
  EXPECT_EQ(data[0].payload, (wire::Bytes{9, 8, 7, 6}));
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf3, {kIf1}}));
  EXPECT_EQ(f.Count(PimCounter::kRpfFailures), 0u);
  // The RPT copy of the same packet comes next, on if2: dropped (SPT bit set), counted.
  f.out.clear();
  f.Input(WrongIifWhole(kIf2, kSG));
  EXPECT_TRUE(SentData(f.out).empty());
  EXPECT_EQ(f.Count(PimCounter::kRpfFailures), 1u);
}

TEST(PimRegressSptSwitchover, WrongIifWithoutThePacketForwardsNothing) {
  LastHop f;
  f.Data(engine::DataplaneKind::kWrongIif, kIf3, kSG);  // plain IGMPMSG_WRONGVIF
  EXPECT_TRUE(f.r.SptBit(kSG));
  EXPECT_TRUE(SentData(f.out).empty());
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf3, {kIf1}}));
}

TEST(PimRegressSptSwitchover, TtlOnePacketOnTheSptIsNotForwarded) {
  LastHop f;
  f.Input(WrongIifWhole(kIf3, kSG, 1));
  EXPECT_TRUE(f.r.SptBit(kSG));
  EXPECT_TRUE(SentData(f.out).empty());
  EXPECT_EQ(f.Count(PimCounter::kRpfFailures), 0u);
}

// A wrong-interface packet from neither RPF_interface(S) nor the RPT is an RPF failure, whole or
// not: nothing is forwarded and the SPT bit stays clear.
TEST(PimRegressSptSwitchover, PacketOffBothTreesIsDropped) {
  LastHop f;
  f.Input(WrongIifWhole(kIf1, kSG));
  EXPECT_FALSE(f.r.SptBit(kSG));
  EXPECT_TRUE(SentData(f.out).empty());
  EXPECT_EQ(f.Count(PimCounter::kRpfFailures), 1u);
}

// examples/pim-frr-11347-spt-dup: the RP decapsulated registers and also forwarded native data
// for up to a second after its (S,G) join took effect (native packets matched its entry and only
// the next activity poll showed them). With the register VIF as the entry's iif until then, the
// first native packet is a wrong-interface upcall: SPT bit at once, packet forwarded, entry moved,
// and the next Register of the same data is answered with Register-Stop, not decapsulated.
struct Rp : Fixture {
  const Ipv4 dr{10, 7, 7, 7};
  Rp() {
    Input(engine::LinkEvent{IfIndex{9}, true, engine::IfAddress{kRp, 32}, {}});
    Route("10.7.0.0/16", kUpSrc, kIf3);
    Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(kHoldtimeInfinite)));
    Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
    Register();
    out.clear();
  }
  void Register() { Input(PimPacket(kIf3, dr, kRp, wire::PimRegister{.packet = DataPacket(kSG)})); }
};

TEST(PimRegressRpRegisterVif, EntryWaitsOnTheRegisterVifUntilNativeData) {
  Rp f;
  EXPECT_EQ(f.r.UpstreamState(kSG), UsState::kJoined);
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kRegisterVif, {kIf1}}));
  f.Input(WrongIifWhole(kIf3, kSG));
  EXPECT_TRUE(f.r.SptBit(kSG));
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf3, {kIf1}}));
  ASSERT_EQ(SentData(f.out).size(), 1u);
  EXPECT_EQ(SentData(f.out)[0].oif, kIf1);
  f.out.clear();
  f.Register();
  EXPECT_EQ(SentOf<wire::PimRegisterStop>(f.out).size(), 1u);
  EXPECT_TRUE(SentData(f.out).empty());  // not decapsulated: the native copy went already
  EXPECT_EQ(f.Count(PimCounter::kRegisterDecapsulated), 1u);
}

// examples/pim-frr-11347-spt-dup: when RPF_interface(S) moves (a shorter path comes up) the last
// hop moved its entry at once and dropped the RPT data until the join over the new path took
// effect (13 packets lost). The SPT bit is cleared with the move, so the RPT keeps delivering
// until the first packet on the new interface.
TEST(PimRegressRpfChange, SptBitClearedWhenRpfInterfaceOfSourceMoves) {
  LastHop f;
  f.Input(WrongIifWhole(kIf3, kSG));
  ASSERT_TRUE(f.r.SptBit(kSG));
  ASSERT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf3, {kIf1}}));
  // The source is now reached over if4, where a PIM neighbor is up.
  const IfIndex if4{4};
  const Ipv4 up4{10, 0, 4, 2};
  f.r.SetInterface(f.now, if4, {Ipv4{10, 0, 4, 1}, 24}, true, {}, f.out);
  f.Input(PimPacket(if4, up4, kAllPimRouters, Hello(kHoldtimeInfinite)));
  f.out.clear();
  f.Route("10.5.0.0/16", up4, if4);
  EXPECT_FALSE(f.r.SptBit(kSG));
  EXPECT_TRUE(SentJp(f.out, up4, kG, SgSource(), true));
  EXPECT_TRUE(SentJp(f.out, kUpSrc, kG, SgSource(), false));
  // RPT data (if2) is forwarded meanwhile: the entry is back on the RPT.
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf2, {kIf1}}));
  f.out.clear();
  f.Input(WrongIifWhole(if4, kSG));
  EXPECT_TRUE(f.r.SptBit(kSG));
  EXPECT_EQ(SentData(f.out).size(), 1u);
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, if4, {kIf1}}));
}

// examples/pim-frr-14696-rp-change: after `ip pim rp-address` moved to a new RP the DR stayed in
// register Prune (the old RP's Register-Stop) until the Register-Stop Timer ran out, so the new
// RP never learned the source and the receivers on its shared tree got nothing. §4.4.1 "RP
// changed": Prune -> Join, RST cancelled.
TEST(PimRegressRpChange, RegisterPruneGoesBackToJoinWhenTheRpChanges) {
  Fixture f;
  const Ipv4 local{10, 0, 1, 50};
  const Sg sg{local, kG};
  f.Data(engine::DataplaneKind::kNoCache, kIf1, sg);
  f.Input(
      PimPacket(kIf2, kRp, kMe2, wire::PimRegisterStop{.group = {.group = kG}, .source = local}));
  ASSERT_EQ(f.r.RegisterState(sg), RegState::kPrune);
  PimGlobalSettings g;
  const Ipv4 new_rp = kUpRp;
  g.static_rps.push_back({new_rp, std::nullopt, "", false});
  f.out.clear();
  f.r.Configure(f.now, g, f.out);
  EXPECT_EQ(f.r.RegisterState(sg), RegState::kJoin);
  EXPECT_EQ(f.r.installed().at(sg), (engine::MfcAdd{sg, kIf1, {kRegisterVif}}));
  f.out.clear();
  f.Input(engine::DataplaneEvent{engine::DataplaneKind::kWholePacket, kRegisterVif, sg, 0, 0,
                                 DataPacket(sg)});
  const auto regs = SentOf<wire::PimRegister>(f.out);
  ASSERT_EQ(regs.size(), 1u);
  EXPECT_EQ(regs[0].first.dst, new_rp);
  // The same RP configured again is no change: Prune stays Prune.
  f.Input(PimPacket(kIf2, new_rp, kMe2,
                    wire::PimRegisterStop{.group = {.group = kG}, .source = local}));
  ASSERT_EQ(f.r.RegisterState(sg), RegState::kPrune);
  f.r.Configure(f.now, g, f.out);
  EXPECT_EQ(f.r.RegisterState(sg), RegState::kPrune);
}

}  // namespace
}  // namespace mc::pim

namespace mc::pim {
namespace {

using namespace testing;  // NOLINT: the fixture's names

// tests/sim_random seed 113: a source's DR whose (*,G) olist is empty (its member's LAN has
// another DR) installed the RPT's iif for the source's (S,G), so the kernel dropped every
// packet from the directly connected source as wrong-interface and nothing was registered.
TEST(PimRegressDirectlyConnected, DrEntryTakesTheSourceInterfaceWithAnEmptyStarGOlist) {
  Fixture f;
  const Sg sg{Ipv4{10, 0, 3, 50}, kG};                                            // on if3's subnet
  f.Input(PimPacket(kIf3, kUpSrc, kAllPimRouters, Hello(kHoldtimeInfinite, 0)));  // we are DR
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(kHoldtimeInfinite)));     // kDown1 is DR
  f.Member(kIf1, kStarG);  // (*,G) state, but not this router's to forward: olist empty
  f.Data(engine::DataplaneKind::kNoCache, kIf3, sg);
  ASSERT_TRUE(f.r.installed().contains(sg));
  EXPECT_EQ(f.r.installed().at(sg), (engine::MfcAdd{sg, kIf3, {kRegisterVif}}));
  f.out.clear();
  f.Data(engine::DataplaneKind::kWrongIif, kIf3, sg);  // would be one with the RPT's iif
  EXPECT_EQ(f.Count(PimCounter::kRpfFailures), 0u);
}

}  // namespace
}  // namespace mc::pim
