// RFC 7761 §4.3.1: a router that must send a Join/Prune or an Assert on an interface on which
// it has not yet sent a Hello with its current address sends that Hello at once, first. Found
// by the 100-router PIM mesh benchmark: a transit router heard its upstream neighbor's Hello
// and joined within the first Triggered_Hello_Delay, before its own first Hello; the upstream
// router dropped the Join as coming from a non-neighbor (drop-non-neighbor) and the branch
// stayed unjoined until the next periodic Join a minute later.
#include <gtest/gtest.h>

#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace mc::pim::testing;
using namespace std::chrono_literals;

// Index of the first message of type M sent on `ifx`, or -1.
template <class M>
int FirstOn(const std::vector<Sent>& sent, IfIndex ifx) {
  for (std::size_t k = 0; k < sent.size(); ++k) {
    if (sent[k].oif == ifx && std::holds_alternative<M>(sent[k].msg)) {
      return static_cast<int>(k);
    }
  }
  return -1;
}

TEST(PimHelloFirst, JoinBeforeTheFirstHelloIsPrecededByAnImmediateHello) {
  Fixture f;  // at time 0 every interface's first Hello is still up to 5 s away
  ASSERT_EQ(FirstOn<wire::PimHello>(SentPim(f.out), kIf2), -1);
  f.out.clear();
  f.Member(kIf1, kStarG);
  const std::vector<Sent> sent = SentPim(f.out);
  const int hello = FirstOn<wire::PimHello>(sent, kIf2);
  const int join = FirstOn<wire::PimJoinPrune>(sent, kIf2);
  ASSERT_GE(join, 0);
  ASSERT_GE(hello, 0) << "the Join went out with no Hello on the interface before it";
  EXPECT_LT(hello, join);
  EXPECT_TRUE(SentJp(f.out, kUpRp, kG, StarGSource(), true));
  // Only the interface the Join leaves by: if1 and if3 keep their own scheduled first Hello.
  EXPECT_EQ(FirstOn<wire::PimHello>(sent, kIf1), -1);
  EXPECT_EQ(FirstOn<wire::PimHello>(sent, kIf3), -1);
}

TEST(PimHelloFirst, NoExtraHelloOnceOneWasSent) {
  Fixture f;
  f.RunTo(6s);  // the first Hellos have gone out
  f.out.clear();
  f.Member(kIf1, kStarG);
  const std::vector<Sent> sent = SentPim(f.out);
  EXPECT_GE(FirstOn<wire::PimJoinPrune>(sent, kIf2), 0);
  EXPECT_EQ(FirstOn<wire::PimHello>(sent, kIf2), -1);
}

TEST(PimHelloFirst, AnAddressChangeRequiresANewHelloBeforeTheNextJoin) {
  Fixture f;
  f.RunTo(6s);
  f.r.SetInterface(f.now, kIf2, {Ipv4{10, 0, 2, 7}, 24}, true, {}, f.out);
  f.out.clear();
  f.Member(kIf1, kStarG);
  const std::vector<Sent> sent = SentPim(f.out);
  const int hello = FirstOn<wire::PimHello>(sent, kIf2);
  const int join = FirstOn<wire::PimJoinPrune>(sent, kIf2);
  ASSERT_GE(join, 0);
  ASSERT_GE(hello, 0);
  EXPECT_LT(hello, join);
  EXPECT_EQ(sent[static_cast<std::size_t>(hello)].src, (Ipv4{10, 0, 2, 7}));
}

}  // namespace
}  // namespace mc::pim
