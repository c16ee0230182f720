// `clear ip mroute *|G [S]` on the PIM engine (pim_clear.cc): entries and forwarding entries
// go, local membership re-creates (*,G) at once and re-joins upstream, received Join state and
// data state come back only with the next Join / packet.
#include <gtest/gtest.h>

#include "pim/pim_engine.h"
#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace testing;  // NOLINT: the fixture's names
using engine::EffectsOf;

const Ipv4 kG2{239, 2, 2, 2};
const Sg kStarG2{{}, kG2};

// A (*,G) from a local member on if1, an (S,G) for kS from its first packet down the RPT (which
// joins the SPT at once, IOS default), and a (*,G2) from a downstream Join on if1.
Fixture WithState() {
  Fixture f;
  // Priority 0: this router stays the DR of if1, so its local member counts (§4.1.6).
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(105, 0)));
  f.Member(kIf1, kStarG);
  f.Data(engine::DataplaneKind::kNoCache, kIf2, kSG);
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG2, {StarGSource()}, {})));
  f.RunTo(seconds{2});
  return f;
}

bool Deleted(const std::vector<Effect>& out, const Sg& sg) {
  for (const auto& d : EffectsOf<engine::MfcDel>(out)) {
    if (d.sg == sg) {
      return true;
    }
  }
  return false;
}

TEST(PimClearMroute, PreconditionsOfTheFixture) {
  Fixture f = WithState();
  EXPECT_EQ(f.r.UpstreamState(kStarG), UsState::kJoined);
  EXPECT_EQ(f.r.UpstreamState(kSG), UsState::kJoined);
  EXPECT_EQ(f.r.DownstreamState(kStarG2, kIf1), DsState::kJoin);
  EXPECT_TRUE(f.r.installed().contains(kSG));
}

TEST(PimClearMroute, StarDropsEverythingAndMembershipRebuildsStarGAndRejoins) {
  Fixture f = WithState();
  f.out.clear();
  f.r.ClearMroute(f.now, std::nullopt, std::nullopt, f.out);
  // The forwarding entry is deleted, the (S,G) and the Join-built (*,G2) are gone.
  EXPECT_TRUE(Deleted(f.out, kSG));
  EXPECT_FALSE(f.r.installed().contains(kSG));
  EXPECT_EQ(f.r.UpstreamState(kSG), std::nullopt);
  EXPECT_EQ(f.r.DownstreamState(kStarG2, kIf1), std::nullopt);
  EXPECT_EQ(f.r.UpstreamState(kStarG2), std::nullopt);
  // The local member on if1 re-creates (*,G) in the same step, which joins toward the RP.
  EXPECT_EQ(f.r.UpstreamState(kStarG), UsState::kJoined);
  EXPECT_TRUE(f.r.LocalReceiverInclude(kStarG, kIf1));
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
  // No Prune for the forgotten state: upstream times it out.
  EXPECT_FALSE(SentJp(f.out, kUpRp, kG2, StarGSource(), false));
  EXPECT_FALSE(SentJp(f.out, kUpSrc, kG, SgSource(), false));
  EXPECT_EQ(f.r.entry_count(), 1u);
}

TEST(PimClearMroute, GroupClearsOnlyThatGroup) {
  Fixture f = WithState();
  f.out.clear();
  f.r.ClearMroute(f.now, kG2, std::nullopt, f.out);
  EXPECT_EQ(f.r.DownstreamState(kStarG2, kIf1), std::nullopt);
  EXPECT_FALSE(Deleted(f.out, kSG));
  EXPECT_EQ(f.r.UpstreamState(kSG), UsState::kJoined);
  EXPECT_EQ(f.r.UpstreamState(kStarG), UsState::kJoined);
  EXPECT_TRUE(SentPim(f.out).empty());  // nothing of G was touched, nothing of G2 is wanted
}

TEST(PimClearMroute, GroupAndSourceClearsOnlyThatSg) {
  Fixture f = WithState();
  f.out.clear();
  f.r.ClearMroute(f.now, kG, kS, f.out);
  EXPECT_TRUE(Deleted(f.out, kSG));
  EXPECT_EQ(f.r.UpstreamState(kSG), std::nullopt);
  EXPECT_EQ(f.r.UpstreamState(kStarG), UsState::kJoined);
  EXPECT_EQ(f.r.DownstreamState(kStarG2, kIf1), DsState::kJoin);
}

TEST(PimClearMroute, StateReturnsWithTheNextPacketAndTheNextJoin) {
  Fixture f = WithState();
  f.r.ClearMroute(f.now, std::nullopt, std::nullopt, f.out);
  f.out.clear();
  // Data: the next packet is a NOCACHE upcall again, which rebuilds (S,G) and its entry.
  f.Data(engine::DataplaneKind::kNoCache, kIf2, kSG);
  EXPECT_EQ(f.r.UpstreamState(kSG), UsState::kJoined);
  const auto adds = EffectsOf<engine::MfcAdd>(f.out);
  ASSERT_FALSE(adds.empty());
  EXPECT_EQ(adds.back().sg, kSG);
  EXPECT_EQ(adds.back().iif, kIf2);
  EXPECT_EQ(adds.back().oifs, (PimEngine::IfSet{kIf1}));
  // The downstream router's periodic Join re-creates (*,G2).
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG2, {StarGSource()}, {})));
  EXPECT_EQ(f.r.DownstreamState(kStarG2, kIf1), DsState::kJoin);
}

TEST(PimClearMroute, ClearedTimersDoNotFireLater) {
  Fixture f = WithState();
  f.r.ClearMroute(f.now, kG2, std::nullopt, f.out);
  f.out.clear();
  // The (*,G2) Expiry and Join Timers were cancelled: nothing about G2 happens later.
  f.RunTo(seconds{300});
  for (const auto& [s, jp] : SentOf<wire::PimJoinPrune>(f.out)) {
    for (const auto& g : jp.groups) {
      EXPECT_NE(g.group.group, kG2);
    }
  }
  EXPECT_EQ(f.r.UpstreamState(kStarG2), std::nullopt);
}

TEST(PimClearMroute, ClearingNothingIsHarmless) {
  Fixture f;
  f.out.clear();
  f.r.ClearMroute(f.now, kG, std::nullopt, f.out);
  EXPECT_TRUE(EffectsOf<engine::MfcDel>(f.out).empty());
  EXPECT_TRUE(SentPim(f.out).empty());
  EXPECT_EQ(f.r.entry_count(), 0u);
}

}  // namespace
}  // namespace mc::pim
