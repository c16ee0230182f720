// The PIM engine on effects and state: Hellos and neighbors (§4.3), Join/Prune receive and send
// (§4.5) with suppression, override and packing, the macros, SSM, and the bad-input counters.
#include "pim/pim_engine.h"

#include <gtest/gtest.h>

#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace testing;  // NOLINT: the fixture's names
using engine::EffectsOf;

// ---- §4.3 Hello and neighbors ----

TEST(PimHello, FirstHelloWithinTriggeredDelayThenPeriodicWithAllOptions) {
  PimEngine r(PimEngineOptions{}, Rng(3));
  std::vector<Effect> out;
  r.SetInterface(kTimeZero, kIf1, {kMe1, 24}, true, {.dr_priority = 7}, out);
  EXPECT_TRUE(SentPim(out).empty());
  r.AdvanceTo(At(seconds{5}), out);
  auto hellos = SentOf<wire::PimHello>(out);
  ASSERT_EQ(hellos.size(), 1u);
  const wire::PimHello& h = hellos[0].second;
  EXPECT_EQ(hellos[0].first.dst, kAllPimRouters);
  EXPECT_EQ(hellos[0].first.src, kMe1);
  EXPECT_EQ(h.holdtime_s, 105);  // 3.5 x 30 s
  EXPECT_EQ(h.dr_priority, 7u);
  EXPECT_TRUE(h.generation_id.has_value());
  ASSERT_TRUE(h.lan_prune_delay.has_value());
  EXPECT_EQ(h.lan_prune_delay->override_interval_ms, 2500);
  out.clear();
  r.AdvanceTo(At(seconds{5 + 30}), out);
  EXPECT_EQ(SentOf<wire::PimHello>(out).size(), 1u);
}

TEST(PimHello, QueryIntervalSetsPeriodAndHoldtime) {
  PimEngine r(PimEngineOptions{}, Rng(3));
  std::vector<Effect> out;
  r.SetInterface(kTimeZero, kIf1, {kMe1, 24}, true, {.hello_period = seconds{10}}, out);
  r.AdvanceTo(At(seconds{5}), out);
  out.clear();
  r.AdvanceTo(At(seconds{15}), out);
  auto hellos = SentOf<wire::PimHello>(out);
  ASSERT_EQ(hellos.size(), 1u);
  EXPECT_EQ(hellos[0].second.holdtime_s, 35);
}

TEST(PimNeighbor, NewNeighborIsAnnouncedAndGetsATriggeredHello) {
  Fixture f;
  f.RunTo(seconds{10});
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  EXPECT_EQ(EffectsOf<engine::Notify>(f.out).front(),
            (engine::Notify{engine::NeighborChange{kIf1, kDown1, true}}));
  f.out.clear();
  f.RunTo(seconds{15});  // within Triggered_Hello_Delay, well before the 30 s period
  bool hello_on_if1 = false;
  for (const auto& [s, h] : SentOf<wire::PimHello>(f.out)) {
    hello_on_if1 = hello_on_if1 || s.oif == kIf1;
  }
  EXPECT_TRUE(hello_on_if1);
}

TEST(PimNeighbor, HoldtimeZeroRemovesTheNeighborAtOnce) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(0)));
  EXPECT_EQ(f.Count(PimCounter::kNeighborGoodbye), 1u);
  const auto notes = EffectsOf<engine::Notify>(f.out);
  EXPECT_NE(std::find(notes.begin(), notes.end(),
                      engine::Notify{engine::NeighborChange{kIf1, kDown1, false}}),
            notes.end());
  EXPECT_TRUE(f.r.Snap(f.now).neighbors.size() == 2u);  // kUpRp and kUpSrc remain
}

TEST(PimNeighbor, LivenessTimerExpiresAfterHoldtime) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(20)));
  f.RunTo(seconds{19});
  EXPECT_EQ(f.Count(PimCounter::kNeighborTimeout), 0u);
  f.RunTo(seconds{21});
  EXPECT_EQ(f.Count(PimCounter::kNeighborTimeout), 1u);
}

TEST(PimDr, HigherPriorityNeighborBecomesDrAndIsNotified) {
  Fixture f;
  EXPECT_EQ(f.r.DrOf(kIf1), kMe1);
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(105, 10)));
  EXPECT_EQ(f.r.DrOf(kIf1), kDown1);
  const auto notes = EffectsOf<engine::Notify>(f.out);
  EXPECT_NE(
      std::find(notes.begin(), notes.end(), engine::Notify{engine::DrChange{kIf1, false, kDown1}}),
      notes.end());
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(0)));
  EXPECT_EQ(f.r.DrOf(kIf1), kMe1);
}

TEST(PimDr, NeighborWithoutPriorityOptionFallsBackToAddress) {
  Fixture f;
  PimEngine& r = f.r;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(105, std::nullopt)));
  EXPECT_EQ(r.DrOf(kIf1), kDown1);  // 10.0.1.2 > 10.0.1.1
}

TEST(PimDr, DrOnlyIncludesLocalMembers) {
  Fixture f;
  f.Member(kIf1, kStarG);
  EXPECT_EQ(f.r.PimInclude(kStarG), (PimEngine::IfSet{kIf1}));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(105, 10)));
  EXPECT_TRUE(f.r.PimInclude(kStarG).empty());  // pim_include needs I_am_DR(I)
}

// ---- §4.5.1 downstream (*,G) and §4.5.4 upstream (*,G) ----

TEST(PimStarG, LocalMemberJoinsTowardTheRp) {
  Fixture f;
  f.out.clear();
  f.Member(kIf1, kStarG);
  EXPECT_TRUE(f.r.JoinDesired(kStarG));
  EXPECT_EQ(f.r.UpstreamState(kStarG), UsState::kJoined);
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
  // §4.5.4 JT expiry: periodic Join every t_periodic.
  f.out.clear();
  f.RunTo(seconds{61});
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
  // JoinDesired -> FALSE: Prune(*,G).
  f.out.clear();
  f.Member(kIf1, kStarG, false);
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), false));
  EXPECT_EQ(f.r.UpstreamState(kStarG), std::nullopt);  // nothing left: the entry is gone
}

TEST(PimStarG, ReceivedJoinCreatesDownstreamJoinUntilExpiry) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {}, 30)));
  EXPECT_EQ(f.r.DownstreamState(kStarG, kIf1), DsState::kJoin);
  EXPECT_EQ(f.r.Joins(kStarG), (PimEngine::IfSet{kIf1}));
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
  f.RunTo(seconds{31});
  EXPECT_EQ(f.r.DownstreamState(kStarG, kIf1), std::nullopt);
}

TEST(PimStarG, PruneWithOneNeighborActsAtOnceOnALanAfterOverrideInterval) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {}, {StarGSource()})));
  EXPECT_EQ(f.r.DownstreamState(kStarG, kIf1), DsState::kPrunePending);
  f.RunTo(milliseconds{1});  // PPT = 0 with a single neighbor
  EXPECT_EQ(f.r.DownstreamState(kStarG, kIf1), std::nullopt);

  Fixture lan;
  lan.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  lan.Input(PimPacket(kIf1, kDown2, kAllPimRouters, Hello()));
  lan.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  lan.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {}, {StarGSource()})));
  lan.RunTo(milliseconds{2999});  // J/P_Override_Interval = 500 + 2500 ms
  EXPECT_EQ(lan.r.DownstreamState(kStarG, kIf1), DsState::kPrunePending);
  // Another router overrides the prune: back to Join.
  lan.Input(PimPacket(kIf1, kDown2, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  EXPECT_EQ(lan.r.DownstreamState(kStarG, kIf1), DsState::kJoin);
}

TEST(PimStarG, JoinForAnotherRpIsDroppedAndCounted) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.Input(
      PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource(Ipv4{8, 8, 8, 8})}, {})));
  EXPECT_EQ(f.Count(PimCounter::kDropWrongRp), 1u);
  EXPECT_EQ(f.r.DownstreamState(kStarG, kIf1), std::nullopt);
}

TEST(PimUpstream, SeeingAnotherJoinToRpfPrimeSuppressesOurs) {
  Fixture f;
  f.Input(PimPacket(kIf2, Ipv4{10, 0, 2, 9}, kAllPimRouters, Hello()));
  f.Member(kIf1, kStarG);
  f.RunTo(seconds{30});
  f.Input(PimPacket(kIf2, Ipv4{10, 0, 2, 9}, kAllPimRouters, Jp(kUpRp, kG, {StarGSource()}, {})));
  f.out.clear();
  f.RunTo(seconds{61});  // the periodic join at 60 s is pushed to >= 30 + 66 s
  EXPECT_FALSE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
  f.RunTo(seconds{30 + 85});
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
}

TEST(PimUpstream, SeeingAPruneToRpfPrimeTriggersAnOverridingJoin) {
  Fixture f;
  f.Input(PimPacket(kIf2, Ipv4{10, 0, 2, 9}, kAllPimRouters, Hello()));
  f.Member(kIf1, kStarG);
  f.RunTo(seconds{10});
  f.out.clear();
  f.Input(PimPacket(kIf2, Ipv4{10, 0, 2, 9}, kAllPimRouters, Jp(kUpRp, kG, {}, {StarGSource()})));
  f.RunTo(seconds{10} + milliseconds{2500});  // t_override <= Effective_Override_Interval
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
}

TEST(PimUpstream, GenIdChangeOfRpfNeighborTriggersJoinWithinOverride) {
  Fixture f;
  f.Member(kIf1, kStarG);
  f.RunTo(seconds{10});
  f.out.clear();
  f.Input(PimPacket(kIf2, kUpRp, kAllPimRouters, Hello(105, 1, 99)));
  f.RunTo(seconds{10} + milliseconds{2500});
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
}

TEST(PimRpf, RouteChangeSendsJoinToNewAndPruneToOld) {
  Fixture f;
  f.Member(kIf1, kStarG);
  f.out.clear();
  f.Route("9.9.9.9/32", kUpSrc, kIf3);
  EXPECT_TRUE(SentJp(f.out, kUpSrc, kG, StarGSource(), true));
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), false));
}

// ---- packing ----

TEST(PimPacking, ManyGroupsShareMessagesWithinTheMtu) {
  Fixture f;
  f.out.clear();
  for (std::uint8_t a = 0; a < 2; ++a) {
    for (std::uint16_t b = 0; b < 150; ++b) {
      f.Member(kIf1, Sg{{}, Ipv4{239, a, static_cast<std::uint8_t>(b), 1}});
    }
  }
  // One input per group here, so one message each; now a refresh packs them all.
  f.out.clear();
  f.RunTo(seconds{61});
  std::size_t groups = 0;
  std::size_t messages = 0;
  for (const Effect& e : f.out) {
    if (const auto* s = std::get_if<engine::SendPacket>(&e)) {
      if (s->dst == kAllPimRouters &&
          std::holds_alternative<wire::PimJoinPrune>(*wire::DecodePim(s->payload))) {
        EXPECT_LE(s->payload.size(), 1480u);
        groups += std::get<wire::PimJoinPrune>(*wire::DecodePim(s->payload)).groups.size();
        ++messages;
      }
    }
  }
  EXPECT_EQ(groups, 300u);
  // 20 bytes per (*,G) group after 14 fixed: 73 groups per 1480-byte message, 5 messages.
  EXPECT_EQ(messages, 5u);
}

// ---- bad input ----

TEST(PimBadInput, JoinPruneFromNonNeighborIsDropped) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  EXPECT_EQ(f.Count(PimCounter::kDropNonNeighbor), 1u);
  EXPECT_EQ(f.r.DownstreamState(kStarG, kIf1), std::nullopt);
}

TEST(PimBadInput, NonMulticastAndLinkLocalGroupsAreDropped) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, Ipv4{10, 1, 1, 1}, {SgSource()}, {})));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, Ipv4{224, 0, 0, 5}, {SgSource()}, {})));
  EXPECT_EQ(f.Count(PimCounter::kDropBadGroup), 2u);
  EXPECT_EQ(f.r.entry_count(), 0u);
}

TEST(PimBadInput, BogusCountsAndUnknownAddressFamiliesAreMalformed) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  engine::PacketIn p = PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {SgSource()}, {}));
  // Group count byte (after header 4 + upstream 6 + reserved 1) claims 200 groups.
  engine::PacketIn bogus = p;
  bogus.bytes[11] = 200;
  wire::PatchPimChecksum(bogus.bytes);
  f.Input(bogus);
  // The upstream neighbor's address family (byte 4) is 2 (IPv6).
  engine::PacketIn family = p;
  family.bytes[4] = 2;
  wire::PatchPimChecksum(family.bytes);
  f.Input(family);
  // Truncated in the middle of a source.
  engine::PacketIn cut = p;
  cut.bytes.resize(cut.bytes.size() - 3);
  wire::PatchPimChecksum(cut.bytes);
  f.Input(cut);
  EXPECT_EQ(f.Count(PimCounter::kDropMalformed), 3u);
  EXPECT_EQ(f.r.entry_count(), 0u);
}

TEST(PimBadInput, SsmStarGJoinAndMembershipAreRefused) {
  PimGlobalSettings g = Fixture::DefaultSettings();
  g.ssm.enabled = true;
  Fixture f(g);
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.Input(
      PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, Ipv4{232, 1, 1, 1}, {StarGSource()}, {})));
  EXPECT_EQ(f.Count(PimCounter::kDropSsmStarG), 1u);
  f.Member(kIf1, Sg{{}, Ipv4{232, 1, 1, 1}});
  EXPECT_EQ(f.Count(PimCounter::kSsmStarGMembershipIgnored), 1u);
  EXPECT_EQ(f.r.entry_count(), 0u);
}

// ---- SSM ----

TEST(PimSsm, SourceSpecificMembershipJoinsTowardTheSourceOnly) {
  PimGlobalSettings g = Fixture::DefaultSettings();
  g.ssm.enabled = true;
  Fixture f(g);
  const Sg ch{kS, Ipv4{232, 1, 1, 1}};
  f.out.clear();
  f.Member(kIf1, ch, true, engine::FilterMode::kInclude);
  EXPECT_TRUE(SentJp(f.out, kUpSrc, ch.group, SgSource(), true));
  EXPECT_EQ(f.r.UpstreamState(Sg{{}, ch.group}), std::nullopt);
  const auto adds = EffectsOf<engine::MfcAdd>(f.out);
  ASSERT_EQ(adds.size(), 1u);
  EXPECT_EQ(adds[0], (engine::MfcAdd{ch, kIf3, {kIf1}}));
  const PimSnapshot snap = f.r.Snap(f.now);
  ASSERT_EQ(snap.mroutes.size(), 1u);  // only the (S,G), flagged s
  EXPECT_EQ(snap.mroutes[0].flags, "sI");
}

// ---- §4.5.2 (S,G) downstream, reconcile and forwarding ----

TEST(PimSg, JoinBuildsForwardingEntryOnlyOnChange) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {SgSource()}, {})));
  EXPECT_TRUE(SentJp(f.out, kUpSrc, kG, SgSource(), true));
  EXPECT_EQ(EffectsOf<engine::MfcAdd>(f.out), (std::vector<engine::MfcAdd>{{kSG, kIf3, {kIf1}}}));
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {SgSource()}, {})));
  EXPECT_TRUE(EffectsOf<engine::MfcAdd>(f.out).empty());  // refresh: nothing changed
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {}, {SgSource()})));
  f.out.clear();
  f.RunTo(milliseconds{1});
  EXPECT_EQ(EffectsOf<engine::MfcDel>(f.out), (std::vector<engine::MfcDel>{{kSG}}));
  EXPECT_TRUE(SentJp(f.out, kUpSrc, kG, SgSource(), false));
}

TEST(PimSg, EntryLimitDropsAndCounts) {
  PimEngineOptions o;
  o.limits.sg_entries = 2;
  PimEngine r(o, Rng(1));
  std::vector<Effect> out;
  r.Configure(kTimeZero, Fixture::DefaultSettings(), out);
  r.SetInterface(kTimeZero, kIf1, {kMe1, 24}, true, {}, out);
  for (std::uint8_t i = 1; i <= 3; ++i) {
    r.Handle(kTimeZero,
             engine::Notify{engine::GroupMembership{kIf1, Sg{{}, Ipv4{239, 0, 0, i}}, true,
                                                    engine::FilterMode::kExclude}},
             out);
  }
  EXPECT_EQ(r.entry_count(), 2u);
  EXPECT_EQ(r.counters()[PimCounter::kDropLimit], 1u);
}

// ---- §4.5.3 (S,G,rpt) downstream and §4.5.7 upstream ----

TEST(PimSgRpt, PruneSgRptRemovesTheInterfaceFromTheRptOlist) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  const IfIndex if4{4};  // a receiver LAN where we are DR keeps (*,G) joined
  f.r.SetInterface(f.now, if4, {Ipv4{10, 0, 4, 1}, 24}, true, {}, f.out);
  f.Member(if4, kStarG);
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {SgRptSource()})));
  // Join(*,G) and Prune(S,G,rpt) in one message: PrunePending after End of Message.
  EXPECT_EQ(f.r.RptDownstreamState(kSG, kIf1), RptDsState::kPrunePending);
  f.RunTo(milliseconds{1});
  EXPECT_EQ(f.r.RptDownstreamState(kSG, kIf1), RptDsState::kPrune);
  EXPECT_EQ(f.r.InheritedOlistSgRpt(kSG), (PimEngine::IfSet{if4}));
  // The next periodic Join(*,G) without the prune: PruneTmp, then NoInfo at End of Message.
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  EXPECT_EQ(f.r.RptDownstreamState(kSG, kIf1), std::nullopt);
  EXPECT_EQ(f.r.InheritedOlistSgRpt(kSG), (PimEngine::IfSet{kIf1, if4}));
}

TEST(PimSgRpt, UpstreamPrunedWhenInheritedOlistEmpties) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello()));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {SgRptSource()})));
  f.RunTo(milliseconds{1});
  // PruneDesired(S,G,rpt): inherited_olist(S,G,rpt) == NULL -> Prune(S,G,rpt) to RPF'(*,G).
  EXPECT_EQ(f.r.RptUpstreamState(kSG), RptUsState::kPruned);
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, SgRptSource(), false));
  // §4.5.6: the periodic Join(*,G) carries the Prune(S,G,rpt).
  f.out.clear();
  f.RunTo(seconds{61});
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, SgRptSource(), false));
}

}  // namespace
}  // namespace mc::pim
