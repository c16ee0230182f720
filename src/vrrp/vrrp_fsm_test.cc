// The RFC 5798 §6.4 transition table itself: every state/event pair the RFC describes is a row,
// the pairs it leaves out are absent, and the timer arithmetic of §6.1 (RFC 3768 §6.1 for v2).
// The behaviour of each row is tested on the engine in vrrp_engine_test.cc.
#include "vrrp/vrrp_fsm.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "vrrp/vrrp_engine.h"

namespace mc::vrrp {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(VrrpTable, EveryRowIsUniqueAndReachableByLookup) {
  std::set<std::pair<VrrpState, VrrpEvent>> seen;
  for (const VrrpRow& r : kVrrpTable) {
    EXPECT_TRUE(seen.insert({r.from, r.on}).second) << "duplicate row";
    const std::optional<VrrpRow> found = Lookup(r.from, r.on);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->to, r.to);
    EXPECT_EQ(found->actions, r.actions);
  }
  EXPECT_EQ(seen.size(), 14u);
}

TEST(VrrpTable, InitializeOnlyReactsToStartup) {
  for (const VrrpEvent e :
       {VrrpEvent::kShutdown, VrrpEvent::kMasterDownExpired, VrrpEvent::kAdverExpired,
        VrrpEvent::kRecvPriorityZero, VrrpEvent::kRecvPreferred, VrrpEvent::kRecvLower}) {
    EXPECT_FALSE(Lookup(VrrpState::kInitialize, e).has_value());
  }
}

TEST(VrrpTable, BecomingMasterAlwaysAdvertisesAndOwnsTheAddresses) {
  for (const VrrpRow& r : kVrrpTable) {
    if (r.to == VrrpState::kMaster && r.from != VrrpState::kMaster) {
      EXPECT_EQ(r.actions & kBecomeMaster, kBecomeMaster);
    }
    if (r.from == VrrpState::kMaster && r.to != VrrpState::kMaster) {
      EXPECT_TRUE(r.actions & kDelAddresses);
      EXPECT_TRUE(r.actions & kCancelAdver);
    }
  }
}

TEST(VrrpTimers, V2SkewIsAFractionOfASecond) {
  // RFC 3768 §6.1: (256 - 100) / 256 s = 0.609375 s; MDI = 3 s + skew.
  EXPECT_EQ(SkewTime(2, 100, seconds{1}), milliseconds{609} + nanoseconds{375000});
  EXPECT_EQ(MasterDownInterval(2, 100, seconds{1}), milliseconds{3609} + nanoseconds{375000});
  // v2 skew does not scale with the interval.
  EXPECT_EQ(SkewTime(2, 100, seconds{3}), SkewTime(2, 100, seconds{1}));
  EXPECT_EQ(SkewTime(2, 255, seconds{1}), nanoseconds{3906250});
}

TEST(VrrpTimers, V3SkewScalesWithTheMasterInterval) {
  // RFC 5798 §6.1: ((256 - 110) * 1 s) / 256 = 0.5703125 s.
  EXPECT_EQ(SkewTime(3, 110, seconds{1}), nanoseconds{570312500});
  EXPECT_EQ(MasterDownInterval(3, 110, seconds{1}), nanoseconds{3570312500});
  // 10 ms adverts keep a real skew: 156 * 10 ms / 256 = 6.09375 ms.
  EXPECT_EQ(SkewTime(3, 100, milliseconds{10}), nanoseconds{6093750});
  EXPECT_EQ(MasterDownInterval(3, 100, milliseconds{10}), nanoseconds{36093750});
  // A higher priority waits less.
  EXPECT_LT(MasterDownInterval(3, 200, seconds{1}), MasterDownInterval(3, 100, seconds{1}));
}

}  // namespace
}  // namespace mc::vrrp
