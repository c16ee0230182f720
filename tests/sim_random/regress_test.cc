// Regression tests for PIM engine bugs the randomized simulations (sim_random) found: each test
// names the seed and invariant that showed the bug and fails on the engine before its fix.
#include <gtest/gtest.h>

#include "pim/pim_engine.h"
#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace testing;  // NOLINT: the fixture's names

// sim_random seed 1, invariant "delivery" in the first phase: members joined at 1-3 s, before
// the router had heard its upstream neighbor's first Hello (triggered Hellos go out within
// Triggered_Hello_Delay, 5 s). The (*,G) entry was created with RPF'(*,G) = NULL, and when the
// neighbor appeared RPF' was not re-evaluated, so no Join(*,G) went upstream until the next
// unrelated change (RFC 7761 §4.5.7: "RPF'(*,G) changes" must send Join to the new RPF').
// A DR change re-evaluated everything, which hid the bug whenever the new neighbor had the
// higher address; here it has the lower one, so this router stays DR.
TEST(SimRandomRegress, NewUpstreamNeighborGetsTheJoin) {
  PimEngine r(PimEngineOptions{}, Rng(1));
  std::vector<Effect> out;
  Time now = kTimeZero;
  r.Configure(now, Fixture::DefaultSettings(), out);
  const Ipv4 me_up{10, 0, 2, 9};  // higher than kUpRp (10.0.2.2): stays DR on if2
  r.SetInterface(now, kIf1, {kMe1, 24}, true, {}, out);
  r.SetInterface(now, kIf2, {me_up, 24}, true, {}, out);
  r.Handle(now, engine::RouteEvent{*Prefix::Parse("9.9.9.9/32"), kUpRp, kIf2, 110, 10, false}, out);
  r.Handle(
      now,
      engine::Notify{engine::GroupMembership{kIf1, kStarG, true, engine::FilterMode::kExclude}},
      out);
  EXPECT_EQ(r.UpstreamState(kStarG), UsState::kJoined);
  out.clear();
  now = At(seconds{2});
  r.Handle(now, PimPacket(kIf2, kUpRp, kAllPimRouters, Hello()), out);
  EXPECT_EQ(r.Snap(now).interfaces.at(1).dr, me_up);
  // The Join goes to the new neighbor now, or within the triggered-Hello delay at the latest
  // (§4.3.1: a Hello precedes the first J/P to a new neighbor), not at the next t_periodic.
  now = At(seconds{2} + kTriggeredHelloDelay);
  r.AdvanceTo(now, out);
  EXPECT_TRUE(SentJp(out, kUpRp, kG, StarGSource(), true));
  const auto snap = r.Snap(now);
  ASSERT_FALSE(snap.mroutes.empty());
  EXPECT_EQ(snap.mroutes.front().rpf_neighbor, kUpRp);
}

// sim_random seed 1, invariant "downstream" in every phase: the DR of a directly connected
// source, itself on the RPT (a downstream Join(*,G) on another interface), kept sending the
// source's data to the RP after the RP's Join(S,G), although the RP forwarded none of it (its
// only (*,G) oif is the interface toward the DR). The (S,G) entry was created with the SPT bit
// already set, so the §4.5.7 machine went RPTNotJoined -> Pruned on PruneDesired(S,G,rpt) with
// no message, and Prune(S,G,rpt) waited for the next periodic Join(*,G) (up to 60 s). On the
// RPT (inherited_olist(S,G,rpt) non-NULL) the machine is NotPruned, whose PruneDesired row
// sends the Prune at once; the RP then prunes (S,G) toward the DR.
TEST(SimRandomRegress, SourceDrOnTheRptPrunesTheSourceOffItAtOnce) {
  const Sg local{Ipv4{10, 0, 1, 50}, kG};  // on if1, where we are DR
  Fixture f;
  f.Input(PimPacket(kIf3, kUpSrc, kAllPimRouters, Jp(kMe3, kG, {StarGSource()}, {})));
  ASSERT_EQ(f.r.UpstreamState(kStarG), UsState::kJoined);
  f.out.clear();
  f.Data(engine::DataplaneKind::kNoCache, kIf1, local);
  ASSERT_TRUE(f.r.SptBit(local));
  f.RunTo(seconds{1});
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, SgRptSource(local.source), false));
  EXPECT_EQ(f.r.RptUpstreamState(local), RptUsState::kPruned);
}

}  // namespace
}  // namespace mc::pim
