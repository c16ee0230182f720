// Engine behaviours found by tests/sim_random (seeds 6, 8, 22, 30, 32, 53, 56 of 1-60 failed
// before them): the kernel's one WRONGVIF upcall per entry per MFC_ASSERT_THRESH (3 s) must not
// be spent before the events that need it, and an (S,G,rpt) prune must not wait for the next
// periodic Join(*,G).
//  - an entry whose iif changes is deleted and added again (Linux keeps last_assert across a
//    replacing MRT_ADD_MFC), and so is one whose SPT bit has just been set (CouldAssert(S,G,I)
//    may have just become TRUE);
//  - wrong-interface packets counted by an activity poll while the entry still waits for SPT
//    data re-arm the upcall the same way;
//  - RPTNotJoined with PruneDesired(S,G,rpt) already TRUE sends Prune(S,G,rpt) at once.
#include <gtest/gtest.h>

#include <algorithm>

#include "pim/pim_engine.h"
#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace testing;  // NOLINT: the fixture's names

// The position of the first effect of type T for sg in out, or -1.
template <class T>
long PositionOf(const std::vector<Effect>& out, const Sg& sg) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (const T* e = std::get_if<T>(&out[i]); e != nullptr && e->sg == sg) {
      return static_cast<long>(i);
    }
  }
  return -1;
}

std::size_t CountOf(const std::vector<Effect>& out) {
  return static_cast<std::size_t>(std::count_if(out.begin(), out.end(), [](const Effect& e) {
    return std::holds_alternative<engine::MfcDel>(e);
  }));
}

// A last-hop router: member on if1, (S,G) joined toward the source (if3) while its entry still
// takes the RPT (if2).
struct LastHop : Fixture {
  LastHop() {
    Member(kIf1, kStarG);
    Data(engine::DataplaneKind::kNoCache, kIf2, kSG);
    EXPECT_EQ(r.installed().at(kSG), (engine::MfcAdd{kSG, kIf2, {kIf1}}));
    out.clear();
  }
};

TEST(PimRearmAssert, IifChangeDeletesTheEntryBeforeAddingIt) {
  LastHop f;
  f.Data(engine::DataplaneKind::kWrongIif, kIf3, kSG);  // the first SPT packet
  ASSERT_TRUE(f.r.SptBit(kSG));
  const long del = PositionOf<engine::MfcDel>(f.out, kSG);
  const long add = PositionOf<engine::MfcAdd>(f.out, kSG);
  ASSERT_GE(del, 0);
  ASSERT_GT(add, del);
  EXPECT_EQ(std::get<engine::MfcAdd>(f.out[static_cast<std::size_t>(add)]),
            (engine::MfcAdd{kSG, kIf3, {kIf1}}));
}

TEST(PimRearmAssert, OlistChangeAloneReplacesInPlace) {
  LastHop f;
  f.Member(kIf3, kStarG);  // no PIM neighbor needed: a local member on another interface
  f.out.clear();
  f.Member(kIf3, kStarG, false);
  EXPECT_EQ(PositionOf<engine::MfcDel>(f.out, kSG), -1);
  EXPECT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf2, {kIf1}}));
}

// A router on the SPT only (no (*,G)): the entry is installed when the Join(S,G) arrives, before
// any data, so the SPT bit is set by the first activity poll and the entry is made anew.
TEST(PimRearmAssert, SptBitSetOnTheSameIifRecreatesTheEntry) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(kHoldtimeInfinite)));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {SgSource()}, {})));
  ASSERT_EQ(f.r.installed().at(kSG), (engine::MfcAdd{kSG, kIf3, {kIf1}}));
  ASSERT_FALSE(f.r.SptBit(kSG));
  f.out.clear();
  f.Data(engine::DataplaneKind::kActivity, kIf3, kSG, 5);
  EXPECT_TRUE(f.r.SptBit(kSG));
  const long del = PositionOf<engine::MfcDel>(f.out, kSG);
  ASSERT_GE(del, 0);
  EXPECT_GT(PositionOf<engine::MfcAdd>(f.out, kSG), del);
  // The next poll continues from the new entry's counters: activity, not a second re-creation.
  f.out.clear();
  f.Data(engine::DataplaneKind::kActivity, kIf3, kSG, 2);
  EXPECT_EQ(CountOf(f.out), 0u);
}

TEST(PimRearmAssert, WrongIfWhileAwaitingSptDataRearmsTheUpcall) {
  LastHop f;
  engine::DataplaneEvent poll{engine::DataplaneKind::kActivity, kIf2, kSG, 10, 1000, {}};
  poll.wrong_if_count = 3;  // packets off the RPT iif, their upcall perhaps spent elsewhere
  f.Input(poll);
  EXPECT_FALSE(f.r.SptBit(kSG));
  const long del = PositionOf<engine::MfcDel>(f.out, kSG);
  ASSERT_GE(del, 0);
  const long add = PositionOf<engine::MfcAdd>(f.out, kSG);
  ASSERT_GT(add, del);
  EXPECT_EQ(std::get<engine::MfcAdd>(f.out[static_cast<std::size_t>(add)]),
            (engine::MfcAdd{kSG, kIf2, {kIf1}}));
  // The same count again (the new entry starts from zero, so a second poll with the old count
  // cannot happen; a smaller one is the new entry's): nothing more.
  f.out.clear();
  poll.packet_count = 2;
  poll.wrong_if_count = 0;
  f.Input(poll);
  EXPECT_EQ(CountOf(f.out), 0u);
}

TEST(PimRearmAssert, WrongIfOnTheSptIsNotRearmed) {
  LastHop f;
  f.Data(engine::DataplaneKind::kWrongIif, kIf3, kSG);
  ASSERT_TRUE(f.r.SptBit(kSG));
  f.out.clear();
  engine::DataplaneEvent poll{engine::DataplaneKind::kActivity, kIf3, kSG, 10, 1000, {}};
  poll.wrong_if_count = 4;  // RPT copies on if2: dropped as RPF failures, no SPT data awaited
  f.Input(poll);
  EXPECT_EQ(CountOf(f.out), 0u);
}

// An (S,G) entry made by a downstream Prune(S,G,rpt) on the only (*,G) olist interface:
// inherited_olist(S,G,rpt) is NULL from the start, so PruneDesired(S,G,rpt) is TRUE and the
// prune goes to RPF'(*,G) at once, not with the next periodic Join(*,G).
TEST(PimRearmAssert, RptPruneDesiredFromTheStartIsSentAtOnce) {
  Fixture f;
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Hello(kHoldtimeInfinite)));
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {StarGSource()}, {})));
  f.out.clear();
  f.Input(PimPacket(kIf1, kDown1, kAllPimRouters, Jp(kMe1, kG, {}, {SgRptSource()})));
  // A single neighbor on if1: the downstream (S,G,rpt) prune takes effect at once (§4.5.4).
  f.RunTo(std::chrono::milliseconds{100});
  EXPECT_EQ(f.r.RptUpstreamState(kSG), RptUsState::kPruned);
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, SgRptSource(), false));
}

}  // namespace
}  // namespace mc::pim
