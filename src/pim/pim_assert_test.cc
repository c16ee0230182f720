// RFC 7761 §4.6 Assert: one engine test per row of the §4.6.1 (S,G) and §4.6.2 (*,G) assert
// state tables (named after the row: <state>_<event>), each driving the real input that raises
// the event and checking the new state, the action's effects (Assert / AssertCancel sent, Assert
// Timer value, winner stored) and the forwarding consequence; then the §4.6.3 metric order, the
// table shape, receive validation, and the effects on forwarding and RPF' (§4.1.6).
//
// Topology (test_util.h): if1 is a LAN with two other routers kDown1 (10.0.1.2) and kDown2
// (10.0.1.3); kDown2 is the rival forwarder. Routes toward S and RP(G) have preference 110 and
// metric 10, so this router's metrics are spt {0,110,10,10.0.1.1} and rpt {1,110,10,10.0.1.1},
// and an equal-metric Assert from kDown2 wins on its higher address.
#include "pim/pim_assert.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>

#include "pim/test_util.h"

namespace mc::pim::testing {
namespace {

using engine::DataplaneKind;

inline const Ipv4 kDown3{10, 0, 1, 4};
inline const Ipv4 kSrcLan2{10, 0, 3, 3};  // a second router on the source-side LAN (if3)
inline const Ipv4 kRpLan2{10, 0, 2, 3};   // a second router on the RP-side LAN (if2)

constexpr Duration kAtWinner = kAssertTime - kAssertOverrideInterval;  // 177 s

struct AssertFixture : Fixture {
  AssertFixture() {
    Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(kHoldtimeInfinite)));
    Input(PimPacket(kIf1, kDown2, kAllPimRouters, Hello(kHoldtimeInfinite)));
    out.clear();
  }
  void Assert(IfIndex ifx, Ipv4 from, Sg sg, bool rpt, std::uint32_t pref, std::uint32_t metric) {
    Input(PimPacket(ifx, from, kAllPimRouters,
                    wire::PimMessage{wire::PimAssert{.group = {.group = sg.group},
                                                     .source = sg.source,
                                                     .rpt = rpt,
                                                     .metric_preference = pref,
                                                     .metric = metric}}));
  }
  void Cancel(IfIndex ifx, Ipv4 from, Sg sg) {
    Assert(ifx, from, sg, true, kInfinitePreference, kInfiniteMetric);
  }
  void Jp1(std::vector<wire::PimEncodedSource> joins, std::vector<wire::PimEncodedSource> prunes) {
    Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, joins, prunes)));
  }
  void Hello1(Ipv4 from, std::uint16_t holdtime, std::uint32_t genid = 7) {
    Input(PimPacket(kIf1, from, kAllPimRouters, Hello(holdtime, 1, genid)));
  }
  // kDown1 joins (S,G) through us and the first packet arrives on the SPT: CouldAssert(S,G,if1).
  void SptForwarder() {
    Jp1({SgSource()}, {});
    Data(DataplaneKind::kNoCache, kIf3, kSG, 1);
    ASSERT_TRUE(r.SptBit(kSG));
    ASSERT_TRUE(r.CouldAssert(kSG, kIf1));
    ASSERT_TRUE(Forwards(kSG, kIf1));
    out.clear();
  }
  void SgWinner() {
    SptForwarder();
    Data(DataplaneKind::kWrongIif, kIf1, kSG);
    ASSERT_EQ(r.AssertStateOf(kSG, kIf1), AssertState::kWinner);
    out.clear();
  }
  void SgLoser() {
    SptForwarder();
    Assert(kIf1, kDown2, kSG, false, 110, 10);
    ASSERT_EQ(r.AssertStateOf(kSG, kIf1), AssertState::kLoser);
    out.clear();
  }
  // kDown1 joins (*,G) through us: CouldAssert(*,G,if1).
  void StarGForwarder() {
    Jp1({StarGSource()}, {});
    ASSERT_TRUE(r.CouldAssert(kStarG, kIf1));
    out.clear();
  }
  void StarGWinner() {
    StarGForwarder();
    Assert(kIf1, kDown2, kStarG, true, 120, 10);
    ASSERT_EQ(r.AssertStateOf(kStarG, kIf1), AssertState::kWinner);
    out.clear();
  }
  void StarGLoser() {
    StarGForwarder();
    Assert(kIf1, kDown2, kStarG, true, 110, 10);
    ASSERT_EQ(r.AssertStateOf(kStarG, kIf1), AssertState::kLoser);
    out.clear();
  }

  std::vector<std::pair<Sent, wire::PimAssert>> Asserts() const {
    return SentOf<wire::PimAssert>(out);
  }
  std::optional<Time> AssertTimer(const Sg& sg, IfIndex ifx) const {
    for (const MrouteSnapshot& m : r.Snap(now).mroutes) {
      if (m.source == sg.source && m.group == sg.group) {
        for (const AssertSnapshot& a : m.asserts) {
          if (a.ifindex == ifx) {
            return a.expires;
          }
        }
      }
    }
    return std::nullopt;
  }
  bool Forwards(const Sg& sg, IfIndex ifx) const {
    const auto it = r.installed().find(sg);
    return it != r.installed().end() &&
           std::find(it->second.oifs.begin(), it->second.oifs.end(), ifx) != it->second.oifs.end();
  }
  bool Traced(std::string_view text) const {
    return std::any_of(out.begin(), out.end(), [&](const Effect& e) {
      const auto* t = std::get_if<engine::Trace>(&e);
      return t != nullptr && t->text.find(text) != std::string::npos;
    });
  }
};

void ExpectAssert(const std::pair<Sent, wire::PimAssert>& s, Ipv4 source, bool rpt,
                  std::uint32_t pref, std::uint32_t metric) {
  EXPECT_EQ(s.first.oif, kIf1);
  EXPECT_EQ(s.first.src, kMe1);
  EXPECT_EQ(s.first.dst, kAllPimRouters);
  EXPECT_EQ(s.second.group.group, kG);
  EXPECT_EQ(s.second.source, source);
  EXPECT_EQ(s.second.rpt, rpt);
  EXPECT_EQ(s.second.metric_preference, pref);
  EXPECT_EQ(s.second.metric, metric);
}

// ======================= §4.6.1 (S,G) assert state machine =======================

TEST(Rfc7761_4_6_1, NoInfo_RecvInferiorAssertWithRptBitClearedAndCouldAssert) {
  // -> W; A1: send Assert(S,G), AT = Assert_Time - Assert_Override_Interval, winner = me.
  AssertFixture f;
  f.SptForwarder();
  f.Assert(kIf1, kDown2, kSG, false, 120, 10);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kWinner);
  EXPECT_EQ(f.r.AssertWinner(kSG, kIf1), kMe1);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kS, false, 110, 10);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), f.now + kAtWinner);
  EXPECT_TRUE(f.Forwards(kSG, kIf1));
  EXPECT_TRUE(f.Traced("on RecvInferiorAssertAndCouldAssert"));
}

TEST(Rfc7761_4_6_1, NoInfo_RecvAssertWithRptBitSetAndCouldAssert) {
  // An Assert(*,G) naming S: the SPT forwarder answers with Assert(S,G) (-> W, A1).
  AssertFixture f;
  f.SptForwarder();
  f.Assert(kIf1, kDown2, kSG, true, 10, 1);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kWinner);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kS, false, 110, 10);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), f.now + kAtWinner);
}

TEST(Rfc7761_4_6_1, NoInfo_DataArrivesOnIAndCouldAssert) {
  // The WRONGVIF upcall for a packet on an outgoing interface: -> W, A1.
  AssertFixture f;
  f.SptForwarder();
  f.Data(DataplaneKind::kWrongIif, kIf1, kSG);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kWinner);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kS, false, 110, 10);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), f.now + kAtWinner);
  // Data on an interface outside the olist asserts nothing.
  AssertFixture g;
  g.SptForwarder();
  g.Data(DataplaneKind::kWrongIif, kIf2, kSG);
  EXPECT_EQ(g.r.AssertStateOf(kSG, kIf2), AssertState::kNoInfo);
  EXPECT_TRUE(g.Asserts().empty());
}

TEST(Rfc7761_4_6_1, NoInfo_RecvAcceptableAssertWithRptBitClearedAndAssertTrackingDesired) {
  // -> L; A6: store the winner and its metric, AT = Assert_Time; the loser's oif goes.
  AssertFixture f;
  f.SptForwarder();
  f.Assert(kIf1, kDown2, kSG, false, 110, 10);  // equal metric, higher address
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinner(kSG, kIf1), kDown2);
  EXPECT_EQ(
      f.r.AssertWinnerMetric(kSG, kIf1),
      (AssertMetric{
          .rpt_bit = false, .metric_preference = 110, .route_metric = 10, .address = kDown2}));
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), f.now + kAssertTime);
  EXPECT_TRUE(f.Asserts().empty());
  EXPECT_TRUE(f.r.LostAssert(kSG, kIf1));
  EXPECT_FALSE(f.Forwards(kSG, kIf1));
}

TEST(Rfc7761_4_6_1, A6_SetsSptBitOnTheRpfInterfaceWhenJoined) {
  // A6: "If (I is RPF_interface(S)) AND (UpstreamJPState(S,G) == Joined) set SPTbit(S,G)".
  AssertFixture f;
  f.Input(PimPacket(kIf3, kSrcLan2, kAllPimRouters, Hello(kHoldtimeInfinite)));
  f.Jp1({SgSource()}, {});
  ASSERT_EQ(f.r.UpstreamState(kSG), UsState::kJoined);
  ASSERT_FALSE(f.r.SptBit(kSG));
  ASSERT_TRUE(f.r.AssertTrackingDesired(kSG, kIf3));
  f.Assert(kIf3, kSrcLan2, kSG, false, 100, 5);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf3), AssertState::kLoser);
  EXPECT_TRUE(f.r.SptBit(kSG));
  // The assert loser on RPF_interface(S) never loses its incoming interface.
  EXPECT_FALSE(f.r.LostAssert(kSG, kIf3));
}

TEST(Rfc7761_4_6_1, Winner_RecvInferiorAssert) {
  // -> W; A3: send Assert(S,G), AT = Assert_Time - Assert_Override_Interval.
  AssertFixture f;
  f.SgWinner();
  f.RunTo(seconds{10});
  f.out.clear();
  f.Assert(kIf1, kDown2, kSG, false, 120, 1);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kWinner);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kS, false, 110, 10);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), At(seconds{10}) + kAtWinner);
  EXPECT_TRUE(f.Forwards(kSG, kIf1));  // the winner keeps forwarding
}

TEST(Rfc7761_4_6_1, Winner_RecvPreferredAssert) {
  // -> L; A2: store the new winner and metric, AT = Assert_Time; stop forwarding on I.
  AssertFixture f;
  f.SgWinner();
  f.Assert(kIf1, kDown2, kSG, false, 100, 50);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinner(kSG, kIf1), kDown2);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), f.now + kAssertTime);
  EXPECT_TRUE(f.Asserts().empty());
  const auto adds = engine::EffectsOf<engine::MfcAdd>(f.out);
  ASSERT_FALSE(adds.empty());
  EXPECT_EQ(std::count(adds.back().oifs.begin(), adds.back().oifs.end(), kIf1), 0);
  // No other olist interface: JoinDesired(S,G) is FALSE and the loser prunes upstream.
  EXPECT_TRUE(SentJp(f.out, kUpSrc, kG, SgSource(), /*join=*/false));
}

TEST(Rfc7761_4_6_1, Winner_AssertTimerExpires) {
  // -> W; A3: the winner refreshes its Assert every Assert_Time - Assert_Override_Interval.
  AssertFixture f;
  f.SgWinner();
  f.RunTo(kAtWinner - milliseconds{1});
  EXPECT_TRUE(f.Asserts().empty());
  f.RunTo(kAtWinner);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kWinner);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kS, false, 110, 10);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), At(kAtWinner + kAtWinner));
}

TEST(Rfc7761_4_6_1, Winner_CouldAssertBecomesFalse) {
  // -> NI; A4: send AssertCancel(S,G) (infinite metric, RPTbit set, naming S).
  AssertFixture f;
  f.SgWinner();
  f.Jp1({}, {SgSource()});
  f.RunTo(seconds{4});  // the LAN's J/P override interval (3 s) ends the PrunePending state
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kS, true, kInfinitePreference, kInfiniteMetric);
  EXPECT_EQ(f.Count(PimCounter::kAssertCancelsSent), 1u);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), std::nullopt);
}

TEST(Rfc7761_4_6_1, Loser_RecvPreferredAssert) {
  // -> L; A2: a better Assert from a third router makes it the winner.
  AssertFixture f;
  f.Hello1(kDown3, kHoldtimeInfinite);
  f.SgLoser();
  f.RunTo(seconds{5});
  f.Assert(kIf1, kDown3, kSG, false, 90, 10);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinner(kSG, kIf1), kDown3);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), At(seconds{5}) + kAssertTime);
  // A worse Assert from a fourth party changes nothing.
  f.Assert(kIf1, kDown1, kSG, false, 100, 10);
  EXPECT_EQ(f.r.AssertWinner(kSG, kIf1), kDown3);
}

TEST(Rfc7761_4_6_1, Loser_RecvAcceptableAssertFromCurrentWinner) {
  // -> L; A2: the winner's metric got worse but still beats ours; AT = Assert_Time.
  AssertFixture f;
  f.SptForwarder();
  f.Assert(kIf1, kDown2, kSG, false, 100, 10);
  f.RunTo(seconds{10});
  f.Assert(kIf1, kDown2, kSG, false, 105, 10);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinnerMetric(kSG, kIf1)->metric_preference, 105u);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), At(seconds{10}) + kAssertTime);
  EXPECT_FALSE(f.Forwards(kSG, kIf1));
}

TEST(Rfc7761_4_6_1, Loser_RecvInferiorAssertOrAssertCancelFromCurrentWinner) {
  // -> NI; A5: the winner gave up (AssertCancel) or got worse than us; we forward again.
  AssertFixture f;
  f.SgLoser();
  f.Cancel(kIf1, kDown2, kSG);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_EQ(f.AssertTimer(kSG, kIf1), std::nullopt);
  EXPECT_TRUE(f.Forwards(kSG, kIf1));
  AssertFixture g;
  g.SgLoser();
  g.Assert(kIf1, kDown2, kSG, false, 120, 10);
  EXPECT_EQ(g.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
}

TEST(Rfc7761_4_6_1, Loser_AssertTimerExpires) {
  // -> NI; A5.
  AssertFixture f;
  f.SgLoser();
  f.RunTo(kAssertTime - milliseconds{1});
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kLoser);
  f.RunTo(kAssertTime);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Forwards(kSG, kIf1));
  EXPECT_TRUE(f.Traced("on AssertTimerExpires"));
}

TEST(Rfc7761_4_6_1, Loser_CurrentWinnerGenIdChangesOrNltExpires) {
  // -> NI; A5: a new Generation ID from the winner ...
  AssertFixture f;
  f.SgLoser();
  f.Hello1(kDown2, kHoldtimeInfinite, /*genid=*/8);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on CurrentWinnerGenIdChangesOrNltExpires"));
  // ... or the winner's neighbor state timing out.
  AssertFixture g;
  g.Hello1(kDown2, 30);
  g.SgLoser();
  g.RunTo(seconds{31});
  EXPECT_EQ(g.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(g.Traced("on CurrentWinnerGenIdChangesOrNltExpires"));
}

TEST(Rfc7761_4_6_1, Loser_AssertTrackingDesiredBecomesFalse) {
  // -> NI; A5: the downstream join that made us care is gone.
  AssertFixture f;
  f.SgLoser();
  f.Jp1({}, {SgSource()});
  f.RunTo(seconds{4});
  EXPECT_FALSE(f.r.AssertTrackingDesired(kSG, kIf1));
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on AssertTrackingDesiredFalse"));
}

TEST(Rfc7761_4_6_1, Loser_MyMetricBecomesBetterThanWinnerMetric) {
  // -> NI; A5: our route to S improved past the winner's.
  AssertFixture f;
  f.SgLoser();
  f.Input(engine::RouteEvent{*Prefix::Parse("10.5.0.0/16"), kUpSrc, kIf3, 100, 10, false});
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on MyMetricBetterThanWinnerMetric"));
  EXPECT_TRUE(f.Forwards(kSG, kIf1));
}

TEST(Rfc7761_4_6_1, Loser_RpfInterfaceOfSStopsBeingI) {
  // -> NI; A5: we tracked the upstream winner on RPF_interface(S), and S moved elsewhere.
  AssertFixture f;
  f.Input(PimPacket(kIf3, kSrcLan2, kAllPimRouters, Hello(kHoldtimeInfinite)));
  // A (*,G) join on if3 keeps AssertTrackingDesired(S,G,if3) TRUE after the move.
  f.Input(PimPacket(kIf3, kUpSrc, kAllPimRouters, Jp(kMe3, kG, {StarGSource()}, {})));
  f.Jp1({SgSource()}, {});
  f.Assert(kIf3, kSrcLan2, kSG, false, 100, 5);
  ASSERT_EQ(f.r.AssertStateOf(kSG, kIf3), AssertState::kLoser);
  f.out.clear();
  f.Input(engine::RouteEvent{*Prefix::Parse("10.5.0.0/16"), kUpRp, kIf2, 110, 50, false});
  EXPECT_TRUE(f.r.AssertTrackingDesired(kSG, kIf3));
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf3), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on RpfInterfaceStopsBeingI"));
}

TEST(Rfc7761_4_6_1, Loser_RecvJoinOnI) {
  // -> NI; A5: a Join(S,G) addressed to us on I lets the normal J/P mechanism decide.
  AssertFixture f;
  f.SgLoser();
  f.Jp1({SgSource()}, {});
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Forwards(kSG, kIf1));
}

// ======================= §4.6.2 (*,G) assert state machine =======================

TEST(Rfc7761_4_6_2, NoInfo_RecvInferiorAssertWithRptBitSetAndCouldAssert) {
  // -> W; A1: send Assert(*,G) with rpt_assert_metric(G,I).
  AssertFixture f;
  f.StarGForwarder();
  f.Assert(kIf1, kDown2, kStarG, true, 120, 10);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kWinner);
  EXPECT_EQ(f.r.AssertWinner(kStarG, kIf1), kMe1);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], Ipv4{}, true, 110, 10);
  EXPECT_EQ(f.AssertTimer(kStarG, kIf1), f.now + kAtWinner);
}

TEST(Rfc7761_4_6_2, NoInfo_DataArrivesForGOnIAndCouldAssert) {
  // No SPT state for S: the (*,G) machine answers, naming the packet's source.
  AssertFixture f;
  f.StarGForwarder();
  f.Data(DataplaneKind::kWrongIif, kIf1, kSG);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kWinner);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kS, true, 110, 10);
  EXPECT_EQ(f.AssertTimer(kStarG, kIf1), f.now + kAtWinner);
}

TEST(Rfc7761_4_6_2, NoInfo_RecvAcceptableAssertWithRptBitSetAndAssertTrackingDesired) {
  // -> L; A2.
  AssertFixture f;
  f.StarGForwarder();
  f.Assert(kIf1, kDown2, kStarG, true, 110, 10);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinner(kStarG, kIf1), kDown2);
  EXPECT_EQ(f.AssertTimer(kStarG, kIf1), f.now + kAssertTime);
  EXPECT_TRUE(f.Asserts().empty());
  EXPECT_TRUE(f.r.ImmediateOlist(kStarG).empty());
  EXPECT_TRUE(f.r.InheritedOlistSgRpt(kSG).empty());
  // The (*,G) machine ignores (S,G) Asserts: those are the (S,G) machine's.
  AssertFixture g;
  g.StarGForwarder();
  g.Assert(kIf1, kDown2, kSG, false, 110, 10);
  EXPECT_EQ(g.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  // ... whose AssertTrackingDesired(S,G,I) holds through joins(*,G): the shared-tree forwarder
  // loses S to the SPT forwarder and stops forwarding S alone.
  EXPECT_EQ(g.r.AssertStateOf(kSG, kIf1), AssertState::kLoser);
  EXPECT_TRUE(g.r.InheritedOlistSgRpt(kSG).empty());
  EXPECT_EQ(g.r.ImmediateOlist(kStarG), PimEngine::IfSet{kIf1});
}

TEST(Rfc7761_4_6_2, Winner_RecvInferiorAssert) {
  AssertFixture f;
  f.StarGWinner();
  f.RunTo(seconds{20});
  f.out.clear();
  f.Assert(kIf1, kDown2, kStarG, true, 130, 10);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kWinner);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], Ipv4{}, true, 110, 10);
  EXPECT_EQ(f.AssertTimer(kStarG, kIf1), At(seconds{20}) + kAtWinner);
  EXPECT_EQ(f.r.ImmediateOlist(kStarG), PimEngine::IfSet{kIf1});
}

TEST(Rfc7761_4_6_2, Winner_RecvPreferredAssert) {
  AssertFixture f;
  f.StarGWinner();
  f.Assert(kIf1, kDown2, kStarG, true, 100, 10);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinner(kStarG, kIf1), kDown2);
  EXPECT_EQ(f.AssertTimer(kStarG, kIf1), f.now + kAssertTime);
  EXPECT_TRUE(f.r.ImmediateOlist(kStarG).empty());
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), /*join=*/false));
}

TEST(Rfc7761_4_6_2, Winner_AssertTimerExpires) {
  AssertFixture f;
  f.StarGWinner();
  f.RunTo(kAtWinner);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kWinner);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], Ipv4{}, true, 110, 10);
  EXPECT_EQ(f.AssertTimer(kStarG, kIf1), At(kAtWinner + kAtWinner));
}

TEST(Rfc7761_4_6_2, Winner_CouldAssertBecomesFalse) {
  // -> NI; A4: AssertCancel(*,G) names RP(G).
  AssertFixture f;
  f.StarGWinner();
  f.Jp1({}, {StarGSource()});
  f.RunTo(seconds{4});
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  ASSERT_EQ(f.Asserts().size(), 1u);
  ExpectAssert(f.Asserts()[0], kRp, true, kInfinitePreference, kInfiniteMetric);
}

TEST(Rfc7761_4_6_2, Loser_RecvPreferredAssert) {
  AssertFixture f;
  f.Hello1(kDown3, kHoldtimeInfinite);
  f.StarGLoser();
  f.Assert(kIf1, kDown3, kStarG, true, 90, 10);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinner(kStarG, kIf1), kDown3);
}

TEST(Rfc7761_4_6_2, Loser_RecvAcceptableAssertFromCurrentWinner) {
  AssertFixture f;
  f.StarGForwarder();
  f.Assert(kIf1, kDown2, kStarG, true, 100, 10);
  f.RunTo(seconds{30});
  f.Assert(kIf1, kDown2, kStarG, true, 105, 10);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kLoser);
  EXPECT_EQ(f.r.AssertWinnerMetric(kStarG, kIf1)->metric_preference, 105u);
  EXPECT_EQ(f.AssertTimer(kStarG, kIf1), At(seconds{30}) + kAssertTime);
}

TEST(Rfc7761_4_6_2, Loser_RecvInferiorAssertOrAssertCancelFromCurrentWinner) {
  AssertFixture f;
  f.StarGLoser();
  f.Cancel(kIf1, kDown2, Sg{kRp, kG});
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  EXPECT_EQ(f.r.ImmediateOlist(kStarG), PimEngine::IfSet{kIf1});
}

TEST(Rfc7761_4_6_2, Loser_AssertTimerExpires) {
  AssertFixture f;
  f.StarGLoser();
  f.RunTo(kAssertTime);
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  EXPECT_EQ(f.r.ImmediateOlist(kStarG), PimEngine::IfSet{kIf1});
}

TEST(Rfc7761_4_6_2, Loser_CurrentWinnerGenIdChangesOrNltExpires) {
  AssertFixture f;
  f.StarGLoser();
  f.Hello1(kDown2, 0);  // a Goodbye: the neighbor is gone at once
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on CurrentWinnerGenIdChangesOrNltExpires"));
}

TEST(Rfc7761_4_6_2, Loser_AssertTrackingDesiredBecomesFalse) {
  AssertFixture f;
  f.StarGLoser();
  f.Jp1({}, {StarGSource()});
  f.RunTo(seconds{4});
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on AssertTrackingDesiredFalse"));
}

TEST(Rfc7761_4_6_2, Loser_MyMetricBecomesBetterThanWinnerMetric) {
  AssertFixture f;
  f.StarGLoser();
  f.Input(engine::RouteEvent{*Prefix::Parse("9.9.9.9/32"), kUpRp, kIf2, 100, 10, false});
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on MyMetricBetterThanWinnerMetric"));
}

TEST(Rfc7761_4_6_2, Loser_RpfInterfaceOfRpStopsBeingI) {
  AssertFixture f;
  f.Input(PimPacket(kIf2, kRpLan2, kAllPimRouters, Hello(kHoldtimeInfinite)));
  f.StarGForwarder();
  // A (*,G) join on if2 keeps AssertTrackingDesired(*,G,if2) TRUE after the RP moves.
  f.Input(PimPacket(kIf2, kUpRp, kAllPimRouters, Jp(kMe2, kG, {StarGSource()}, {})));
  f.Assert(kIf2, kRpLan2, kStarG, true, 100, 10);
  ASSERT_EQ(f.r.AssertStateOf(kStarG, kIf2), AssertState::kLoser);
  EXPECT_FALSE(f.r.LostAssert(kStarG, kIf2));  // never on RPF_interface(RP(G))
  f.out.clear();
  f.Input(engine::RouteEvent{*Prefix::Parse("9.9.9.9/32"), kUpSrc, kIf3, 110, 50, false});
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf2), AssertState::kNoInfo);
  EXPECT_TRUE(f.Traced("on RpfInterfaceStopsBeingI"));
}

TEST(Rfc7761_4_6_2, Loser_RecvJoinOnI) {
  AssertFixture f;
  f.StarGLoser();
  f.Jp1({StarGSource()}, {});
  EXPECT_EQ(f.r.AssertStateOf(kStarG, kIf1), AssertState::kNoInfo);
  EXPECT_EQ(f.r.ImmediateOlist(kStarG), PimEngine::IfSet{kIf1});
}

// ======================= the tables =======================

TEST(AssertTables, HoldExactlyTheRfcRows) {
  EXPECT_EQ(kSgAssert.size(), 17u);     // §4.6.1: 4 NoInfo + 4 Winner + 9 Loser
  EXPECT_EQ(kStarGAssert.size(), 16u);  // §4.6.2: 3 NoInfo + 4 Winner + 9 Loser
  for (const bool star : {false, true}) {
    for (const AssertEvent e : {AssertEvent::kRecvInferiorAssert, AssertEvent::kAssertTimerExpires,
                                AssertEvent::kRecvJoin, AssertEvent::kMyMetricBetterThanWinner}) {
      EXPECT_FALSE(LookupAssert(star, AssertState::kNoInfo, e)) << ToString(e);
    }
    EXPECT_FALSE(LookupAssert(star, AssertState::kLoser, AssertEvent::kDataArrivesCouldAssert));
    EXPECT_FALSE(LookupAssert(star, AssertState::kWinner, AssertEvent::kRecvJoin));
  }
}

// ======================= §4.6.3 metrics =======================

TEST(Rfc7761_4_6_3, SptMetricBeatsRptMetricWhateverThePreference) {
  const AssertMetric spt{.rpt_bit = false, .metric_preference = 200, .route_metric = 99};
  const AssertMetric rpt{.rpt_bit = true, .metric_preference = 1, .route_metric = 1};
  EXPECT_TRUE(Better(spt, rpt));
  EXPECT_FALSE(Better(rpt, spt));
}

TEST(Rfc7761_4_6_3, LowerPreferenceThenLowerMetricThenHigherAddressWins) {
  const AssertMetric a{
      .rpt_bit = false, .metric_preference = 90, .route_metric = 50, .address = Ipv4{10, 0, 0, 1}};
  AssertMetric b = a;
  b.metric_preference = 110;
  b.route_metric = 1;
  EXPECT_TRUE(Better(a, b));
  b = a;
  b.route_metric = 40;
  EXPECT_TRUE(Better(b, a));
  b = a;
  b.address = Ipv4{10, 0, 0, 2};
  EXPECT_TRUE(Better(b, a));
  EXPECT_FALSE(Better(a, a));
}

TEST(Rfc7761_4_6_3, InfiniteMetricLosesToEveryRealMetric) {
  const AssertMetric inf = InfiniteAssertMetric();
  EXPECT_TRUE(inf.rpt_bit);
  EXPECT_EQ(inf.metric_preference, kInfinitePreference);
  EXPECT_EQ(inf.route_metric, kInfiniteMetric);
  EXPECT_TRUE(Better({.rpt_bit = true, .metric_preference = 255, .route_metric = 1000}, inf));
  EXPECT_FALSE(Better(inf, inf));
  // An AssertCancel carries its sender's address: still never better than infinity (§4.6.4).
  AssertMetric cancel = inf;
  cancel.address = Ipv4{10, 0, 0, 9};
  EXPECT_FALSE(Better(cancel, inf));
  EXPECT_TRUE(IsInfinite(cancel));
}

TEST(Rfc7761_4_6_3, MetricsComeFromTheRouteTowardSourceOrRp) {
  AssertFixture f;
  f.Input(engine::RouteEvent{*Prefix::Parse("10.5.0.0/16"), kUpSrc, kIf3, 20, 7, false});
  EXPECT_EQ(f.r.SptAssertMetric(kS, kIf1),
            (AssertMetric{
                .rpt_bit = false, .metric_preference = 20, .route_metric = 7, .address = kMe1}));
  EXPECT_EQ(f.r.RptAssertMetric(kG, kIf1),
            (AssertMetric{
                .rpt_bit = true, .metric_preference = 110, .route_metric = 10, .address = kMe1}));
  // my_assert_metric: infinite where we could not assert, SPT where CouldAssert(S,G,I).
  EXPECT_EQ(f.r.MyAssertMetric(kSG, kIf1), InfiniteAssertMetric());
  f.SptForwarder();
  EXPECT_EQ(f.r.MyAssertMetric(kSG, kIf1), f.r.SptAssertMetric(kS, kIf1));
}

// ======================= receive validation and effects =======================

TEST(PimAssertReceive, AssertFromNonNeighborIsDroppedAndCounted) {
  AssertFixture f;
  f.SptForwarder();
  const auto before = f.Count(PimCounter::kDropNonNeighbor);
  f.Assert(kIf1, Ipv4{10, 0, 1, 99}, kSG, false, 1, 1);
  EXPECT_EQ(f.Count(PimCounter::kDropNonNeighbor), before + 1);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(f.Forwards(kSG, kIf1));
}

TEST(PimAssertReceive, BadGroupsAndSourcesAreDroppedAndCounted) {
  AssertFixture f;
  f.SptForwarder();
  f.Assert(kIf1, kDown2, Sg{kS, Ipv4{10, 1, 1, 1}}, false, 1, 1);
  f.Assert(kIf1, kDown2, Sg{kS, Ipv4{224, 0, 0, 5}}, false, 1, 1);
  EXPECT_EQ(f.Count(PimCounter::kDropBadGroup), 2u);
  f.Assert(kIf1, kDown2, Sg{Ipv4{}, kG}, false, 1, 1);  // an (S,G) Assert must name S
  f.Assert(kIf1, kDown2, Sg{Ipv4{225, 1, 1, 1}, kG}, false, 1, 1);
  EXPECT_EQ(f.Count(PimCounter::kDropBadSource), 2u);
  EXPECT_EQ(f.Count(PimCounter::kAssertsReceived), 4u);
  EXPECT_EQ(f.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
}

TEST(PimAssertEffects, WinnerKeepsForwardingLoserStopsAndRecoversAfterAssertTime) {
  // Both routers forward (S,G) onto the LAN; data from the other arrives on our oif.
  AssertFixture winner;
  winner.SptForwarder();
  winner.Data(DataplaneKind::kWrongIif, kIf1, kSG);
  EXPECT_EQ(winner.Count(PimCounter::kAssertsSent), 1u);
  winner.Assert(kIf1, kDown2, kSG, false, 120, 10);  // the rival's worse Assert
  EXPECT_EQ(winner.r.AssertStateOf(kSG, kIf1), AssertState::kWinner);
  EXPECT_TRUE(winner.Forwards(kSG, kIf1));
  const MrouteSnapshot* m = nullptr;
  const PimSnapshot snap = winner.r.Snap(winner.now);
  for (const MrouteSnapshot& x : snap.mroutes) {
    if (x.source == kS) {
      m = &x;
    }
  }
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->oifs.size(), 1u);
  EXPECT_TRUE(m->oifs[0].assert_winner);
  ASSERT_EQ(m->asserts.size(), 1u);
  EXPECT_EQ(m->asserts[0].state, "Winner");

  AssertFixture loser;
  loser.SptForwarder();
  loser.Data(DataplaneKind::kWrongIif, kIf1, kSG);
  loser.out.clear();
  loser.Assert(kIf1, kDown2, kSG, false, 100, 10);  // the rival's better Assert
  const auto adds = engine::EffectsOf<engine::MfcAdd>(loser.out);
  ASSERT_EQ(adds.size(), 1u);
  EXPECT_TRUE(adds[0].oifs.empty());
  // More data on the LAN from the winner is no reason to Assert again.
  loser.out.clear();
  loser.Data(DataplaneKind::kWrongIif, kIf1, kSG);
  EXPECT_TRUE(loser.Asserts().empty());
  // The winner stops refreshing: the AT expires and the loser forwards again.
  loser.RunTo(kAssertTime);
  EXPECT_EQ(loser.r.AssertStateOf(kSG, kIf1), AssertState::kNoInfo);
  EXPECT_TRUE(loser.Forwards(kSG, kIf1));
}

TEST(PimAssertEffects, DownstreamRouterJoinsTheUpstreamAssertWinner) {
  // §4.1.6: RPF'(S,G) = AssertWinner(S,G,RPF_interface(S)) when we track a lost assert there,
  // and the upstream FSM's "RPF' changes due to an Assert" sends the Join within t_override.
  AssertFixture f;
  f.Input(PimPacket(kIf3, kSrcLan2, kAllPimRouters, Hello(kHoldtimeInfinite)));
  f.Jp1({SgSource()}, {});
  f.RunTo(seconds{1});
  f.out.clear();
  f.Assert(kIf3, kSrcLan2, kSG, false, 100, 5);
  EXPECT_EQ(f.r.AssertWinner(kSG, kIf3), kSrcLan2);
  EXPECT_FALSE(SentJp(f.out, kUpSrc, kG, SgSource(), /*join=*/false));  // no Prune to the old
  f.RunTo(seconds{1} + kDefaultOverrideInterval);
  EXPECT_TRUE(SentJp(f.out, kSrcLan2, kG, SgSource(), /*join=*/true));
}

TEST(PimAssertEffects, SgRptMessagesGoToTheSgAssertWinnerOnTheRptInterface) {
  // §4.1.6 RPF'(S,G,rpt) = AssertWinner(S,G,RPF_interface(RP(G))) while we lose there; §4.5.7
  // "RPF'(S,G,rpt) -> RPF'(*,G)" when that assert ends: OT = min(OT, t_override), then
  // Join(S,G,rpt) to RPF'(*,G).
  AssertFixture f;
  f.Input(PimPacket(kIf2, kRpLan2, kAllPimRouters, Hello(kHoldtimeInfinite)));
  f.StarGForwarder();
  f.Assert(kIf2, kRpLan2, kSG, false, 100, 10);  // an SPT forwarder on the shared-tree LAN
  ASSERT_EQ(f.r.AssertStateOf(kSG, kIf2), AssertState::kLoser);
  ASSERT_EQ(f.r.RptUpstreamState(kSG), RptUsState::kNotPruned);
  f.Jp1({}, {SgRptSource()});  // kDown1 prunes S off the shared tree
  f.RunTo(seconds{4});
  EXPECT_EQ(f.r.RptUpstreamState(kSG), RptUsState::kPruned);
  EXPECT_TRUE(SentJp(f.out, kRpLan2, kG, SgRptSource(), /*join=*/false));
  EXPECT_FALSE(SentJp(f.out, kUpRp, kG, SgRptSource(), /*join=*/false));

  AssertFixture g;
  g.Input(PimPacket(kIf2, kRpLan2, kAllPimRouters, Hello(kHoldtimeInfinite)));
  g.StarGForwarder();
  // A member report for (S,G) where we are not DR keeps the (S,G) entry once the assert ends.
  g.Member(kIf1, kSG, true, engine::FilterMode::kInclude);
  g.Assert(kIf2, kRpLan2, kSG, false, 100, 10);
  ASSERT_EQ(g.r.RptUpstreamState(kSG), RptUsState::kNotPruned);
  g.RunTo(seconds{1});
  g.out.clear();
  g.Cancel(kIf2, kRpLan2, kSG);
  EXPECT_EQ(g.r.AssertStateOf(kSG, kIf2), AssertState::kNoInfo);
  g.RunTo(seconds{1} + kDefaultOverrideInterval);
  EXPECT_TRUE(SentJp(g.out, kUpRp, kG, SgRptSource(), /*join=*/true));
}

}  // namespace
}  // namespace mc::pim::testing
