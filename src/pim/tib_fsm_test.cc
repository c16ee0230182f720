// One test per RFC 7761 §4.5 state-table row: each row is transcribed here from the RFC text
// (independently of tib_fsm.h) and checked against Lookup(); the "-" cells (pairs without a
// row) are checked to be no-ops. Engine tests (pim_engine_test.cc) cover the actions' effects.
#include "pim/tib_fsm.h"

#include <gtest/gtest.h>

#include <string>

namespace mc::pim {
namespace {

template <class S, class E>
struct Case {
  std::string name;  // the RFC cell, as the test name
  S from;
  E on;
  S to;
  std::uint8_t actions;
};

template <class S, class E>
void PrintTo(const Case<S, E>& c, std::ostream* os) {
  *os << c.name;
}

// ---- §4.5.1 / §4.5.2 downstream ----
using DsCase = Case<DsState, DsEvent>;
class Downstream : public ::testing::TestWithParam<DsCase> {};
TEST_P(Downstream, Row) {
  const DsCase& c = GetParam();
  const auto row = Lookup(c.from, c.on);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->to, c.to);
  EXPECT_EQ(row->actions, c.actions);
}
INSTANTIATE_TEST_SUITE_P(
    Rfc7761_4_5_2, Downstream,
    ::testing::Values(
        // "NoInfo: Receive Join -> J state; start Expiry Timer"
        DsCase{"NoInfo_RecvJoin", DsState::kNoInfo, DsEvent::kRecvJoin, DsState::kJoin, kDsStartEt},
        // "Join: Receive Join -> J state; Expiry Timer = max(ET, HoldTime)"
        DsCase{"Join_RecvJoin", DsState::kJoin, DsEvent::kRecvJoin, DsState::kJoin, kDsRaiseEt},
        // "Join: Receive Prune -> PP state; start Prune-Pending Timer"
        DsCase{"Join_RecvPrune", DsState::kJoin, DsEvent::kRecvPrune, DsState::kPrunePending,
               kDsStartPpt},
        // "Join: Expiry Timer Expires -> NI state"
        DsCase{"Join_EtExpires", DsState::kJoin, DsEvent::kEtExpired, DsState::kNoInfo, kDsNone},
        // "PrunePending: Receive Join -> J state; cancel PPT; ET = max"
        DsCase{"PrunePending_RecvJoin", DsState::kPrunePending, DsEvent::kRecvJoin, DsState::kJoin,
               kDsCancelPpt | kDsRaiseEt},
        // "PrunePending: PPT Expires -> NI state; send Prune-Echo (LAN)"
        DsCase{"PrunePending_PptExpires", DsState::kPrunePending, DsEvent::kPptExpired,
               DsState::kNoInfo, kDsCancelEt | kDsPruneEcho},
        // "PrunePending: Expiry Timer Expires -> NI state"
        DsCase{"PrunePending_EtExpires", DsState::kPrunePending, DsEvent::kEtExpired,
               DsState::kNoInfo, kDsCancelPpt}),
    [](const auto& p) { return p.param.name; });

TEST(Downstream, DashCellsAreNoOps) {
  EXPECT_FALSE(Lookup(DsState::kNoInfo, DsEvent::kRecvPrune));
  EXPECT_FALSE(Lookup(DsState::kNoInfo, DsEvent::kPptExpired));
  EXPECT_FALSE(Lookup(DsState::kNoInfo, DsEvent::kEtExpired));
  EXPECT_FALSE(Lookup(DsState::kJoin, DsEvent::kPptExpired));
  EXPECT_FALSE(Lookup(DsState::kPrunePending, DsEvent::kRecvPrune));
}

// ---- §4.5.3 (S,G,rpt) downstream ----
using RptCase = Case<RptDsState, RptDsEvent>;
class RptDownstream : public ::testing::TestWithParam<RptCase> {};
TEST_P(RptDownstream, Row) {
  const RptCase& c = GetParam();
  const auto row = Lookup(c.from, c.on);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->to, c.to);
  EXPECT_EQ(row->actions, c.actions);
}
using RS = RptDsState;
using RE = RptDsEvent;
INSTANTIATE_TEST_SUITE_P(
    Rfc7761_4_5_3, RptDownstream,
    ::testing::Values(
        RptCase{"NoInfo_RecvPruneSgRpt", RS::kNoInfo, RE::kRecvPruneSgRpt, RS::kPrunePending,
                kRptStartPpt | kRptStartEt},
        RptCase{"Prune_RecvJoinStarG", RS::kPrune, RE::kRecvJoinStarG, RS::kPruneTmp, kRptNone},
        RptCase{"Prune_RecvJoinSgRpt", RS::kPrune, RE::kRecvJoinSgRpt, RS::kNoInfo, kRptCancelEt},
        RptCase{"Prune_RecvPruneSgRpt", RS::kPrune, RE::kRecvPruneSgRpt, RS::kPrune, kRptRaiseEt},
        RptCase{"Prune_EtExpires", RS::kPrune, RE::kEtExpired, RS::kNoInfo, kRptNone},
        RptCase{"PrunePending_RecvJoinStarG", RS::kPrunePending, RE::kRecvJoinStarG,
                RS::kPrunePendingTmp, kRptNone},
        RptCase{"PrunePending_RecvJoinSgRpt", RS::kPrunePending, RE::kRecvJoinSgRpt, RS::kNoInfo,
                kRptCancelPpt | kRptCancelEt},
        RptCase{"PrunePending_PptExpires", RS::kPrunePending, RE::kPptExpired, RS::kPrune,
                kRptNone},
        RptCase{"PrunePending_EtExpires", RS::kPrunePending, RE::kEtExpired, RS::kNoInfo,
                kRptCancelPpt},
        RptCase{"PruneTmp_RecvPruneSgRpt", RS::kPruneTmp, RE::kRecvPruneSgRpt, RS::kPrune,
                kRptRaiseEt},
        RptCase{"PruneTmp_EndOfMessage", RS::kPruneTmp, RE::kEndOfMessage, RS::kNoInfo,
                kRptCancelEt},
        RptCase{"PrunePendingTmp_RecvPruneSgRpt", RS::kPrunePendingTmp, RE::kRecvPruneSgRpt,
                RS::kPrunePending, kRptRaiseEt},
        RptCase{"PrunePendingTmp_EndOfMessage", RS::kPrunePendingTmp, RE::kEndOfMessage,
                RS::kNoInfo, kRptCancelPpt | kRptCancelEt}),
    [](const auto& p) { return p.param.name; });

TEST(RptDownstream, DashCellsAreNoOps) {
  EXPECT_FALSE(Lookup(RS::kNoInfo, RE::kRecvJoinStarG));
  EXPECT_FALSE(Lookup(RS::kNoInfo, RE::kRecvJoinSgRpt));
  EXPECT_FALSE(Lookup(RS::kNoInfo, RE::kEndOfMessage));
  EXPECT_FALSE(Lookup(RS::kPrune, RE::kEndOfMessage));
  EXPECT_FALSE(Lookup(RS::kPrunePending, RE::kRecvPruneSgRpt));
  EXPECT_FALSE(Lookup(RS::kPruneTmp, RE::kRecvJoinStarG));
}

// ---- §4.5.4 / §4.5.5 upstream ----
using UsCase = Case<UsState, UsEvent>;
class Upstream : public ::testing::TestWithParam<UsCase> {};
TEST_P(Upstream, Row) {
  const UsCase& c = GetParam();
  const auto row = Lookup(c.from, c.on);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->to, c.to);
  EXPECT_EQ(row->actions, c.actions);
}
using US = UsState;
using UE = UsEvent;
INSTANTIATE_TEST_SUITE_P(
    Rfc7761_4_5_4_and_4_5_5, Upstream,
    ::testing::Values(UsCase{"NotJoined_JoinDesiredTrue", US::kNotJoined, UE::kJoinDesiredTrue,
                             US::kJoined, kUsSendJoin | kUsJtPeriodic},
                      UsCase{"Joined_JoinDesiredFalse", US::kJoined, UE::kJoinDesiredFalse,
                             US::kNotJoined, kUsSendPrune | kUsCancelJt},
                      UsCase{"Joined_JoinTimerExpires", US::kJoined, UE::kJoinTimerExpired,
                             US::kJoined, kUsSendJoin | kUsJtPeriodic},
                      UsCase{"Joined_SeeJoinToRpfPrime", US::kJoined, UE::kSeeJoinToRpfPrime,
                             US::kJoined, kUsJtRaiseSuppress},
                      UsCase{"Joined_SeePruneToRpfPrime", US::kJoined, UE::kSeePruneToRpfPrime,
                             US::kJoined, kUsJtLowerOverride},
                      UsCase{"Joined_RpfPrimeChangesDueToAssert", US::kJoined,
                             UE::kRpfPrimeChangedAssert, US::kJoined, kUsJtLowerOverride},
                      UsCase{"Joined_RpfPrimeChangesNotAssert", US::kJoined, UE::kRpfPrimeChanged,
                             US::kJoined, kUsSendJoinNewPruneOld | kUsJtPeriodic},
                      UsCase{"Joined_RpfPrimeGenIdChanges", US::kJoined, UE::kRpfPrimeGenIdChanged,
                             US::kJoined, kUsJtLowerOverride}),
    [](const auto& p) { return p.param.name; });

TEST(Upstream, NotJoinedIgnoresEverythingButJoinDesired) {
  for (const UE e : {UE::kJoinDesiredFalse, UE::kJoinTimerExpired, UE::kSeeJoinToRpfPrime,
                     UE::kSeePruneToRpfPrime, UE::kRpfPrimeChangedAssert, UE::kRpfPrimeChanged,
                     UE::kRpfPrimeGenIdChanged}) {
    EXPECT_FALSE(Lookup(US::kNotJoined, e));
  }
  EXPECT_FALSE(Lookup(US::kJoined, UE::kJoinDesiredTrue));
}

// ---- §4.5.7 (S,G,rpt) upstream ----
using RptUsCase = Case<RptUsState, RptUsEvent>;
class RptUpstream : public ::testing::TestWithParam<RptUsCase> {};
TEST_P(RptUpstream, Row) {
  const RptUsCase& c = GetParam();
  const auto row = Lookup(c.from, c.on);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->to, c.to);
  EXPECT_EQ(row->actions, c.actions);
}
using PS = RptUsState;
using PE = RptUsEvent;
INSTANTIATE_TEST_SUITE_P(
    Rfc7761_4_5_7, RptUpstream,
    ::testing::Values(RptUsCase{"RptNotJoined_PruneDesiredTrue", PS::kRptNotJoined,
                                PE::kPruneDesiredTrue, PS::kPruned, kRptUsNone},
                      RptUsCase{"RptNotJoined_InheritedOlistNonNull", PS::kRptNotJoined,
                                PE::kInheritedOlistNonNull, PS::kNotPruned, kRptUsNone},
                      RptUsCase{"Pruned_PruneDesiredFalse", PS::kPruned, PE::kPruneDesiredFalse,
                                PS::kNotPruned, kRptUsSendJoin},
                      RptUsCase{"Pruned_RptJoinDesiredFalse", PS::kPruned, PE::kRptJoinDesiredFalse,
                                PS::kRptNotJoined, kRptUsNone},
                      RptUsCase{"NotPruned_PruneDesiredTrue", PS::kNotPruned, PE::kPruneDesiredTrue,
                                PS::kPruned, kRptUsSendPrune | kRptUsCancelOt},
                      RptUsCase{"NotPruned_RptJoinDesiredFalse", PS::kNotPruned,
                                PE::kRptJoinDesiredFalse, PS::kRptNotJoined, kRptUsCancelOt},
                      RptUsCase{"NotPruned_OverrideTimerExpires", PS::kNotPruned,
                                PE::kOverrideTimerExpired, PS::kNotPruned, kRptUsSendJoin},
                      RptUsCase{"NotPruned_SeePruneSgRpt", PS::kNotPruned,
                                PE::kSeePruneSgRptToRpfPrime, PS::kNotPruned,
                                kRptUsOtLowerOverride},
                      RptUsCase{"NotPruned_SeeJoinSgRpt", PS::kNotPruned,
                                PE::kSeeJoinSgRptToRpfPrime, PS::kNotPruned, kRptUsCancelOt},
                      RptUsCase{"NotPruned_SeePruneSg", PS::kNotPruned, PE::kSeePruneSgToRpfPrime,
                                PS::kNotPruned, kRptUsOtLowerOverride},
                      RptUsCase{"NotPruned_RpfPrimeSgRptToStarG", PS::kNotPruned,
                                PE::kRpfPrimeSgRptToStarG, PS::kNotPruned, kRptUsOtLowerOverride}),
    [](const auto& p) { return p.param.name; });

TEST(RptUpstream, PrunedIgnoresOverheardMessages) {
  EXPECT_FALSE(Lookup(PS::kPruned, PE::kSeePruneSgRptToRpfPrime));
  EXPECT_FALSE(Lookup(PS::kPruned, PE::kOverrideTimerExpired));
  EXPECT_FALSE(Lookup(PS::kRptNotJoined, PE::kPruneDesiredFalse));
}

}  // namespace
}  // namespace mc::pim
