// Seed 004 (Catalyst IGMP snooping chapter) behaviours of the snooping engine that the
// examples/snoop-004-* labs exercise end to end: report relay versus report suppression in and
// outside a query's response window, and the reports that answer the switch's own leave query.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "snoop/snoop_engine.h"
#include "snoop/test_util.h"

namespace mc::snoop {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace testing;  // NOLINT: the test fixture's helpers

class Seed004Test : public SnoopTest {
 protected:
  std::vector<Ipv4> RelayedSources() {
    std::vector<Ipv4> r;
    for (const Sent& s : SentIgmp(out_)) {
      if (s.port == k15_1) {
        r.push_back(s.src);
      }
    }
    return r;
  }
};

// Seed 004 scenario 2: Host3's unsolicited report, long after Host2 answered the last query,
// is relayed to the MSFC on 15/1 (the MSFC's "Last Reporter" becomes 10.1.3.3).
TEST_F(Seed004Test, UnsolicitedReportOutsideAQueryWindowIsRelayed) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  EXPECT_THAT(RelayedSources(), ElementsAre(kHost2));
  Step(30s);  // the query's 10 s response window is long over
  out_.clear();
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  EXPECT_THAT(RelayedSources(), ElementsAre(kHost3));
  EXPECT_EQ(Counter("reports-suppressed"), 0u);
  EXPECT_EQ(Counter("reports-relayed"), 2u);
}

// Seed 004 "IGMP Leave Process": the hosts answer the MSFC's query, the switch forwards only
// one report per group to it; once the response window closes, a report is relayed again.
TEST_F(Seed004Test, OneReportPerGroupPerQueryWindow) {
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Receive(k1_2, kVlan30, Report(kHost4, kG));
  Step(60s);
  RouterQueries();
  out_.clear();
  Step(2s);
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Step(3s);
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  Receive(k1_2, kVlan30, Report(kHost4, kG));
  EXPECT_THAT(RelayedSources(), ElementsAre(kHost2, kHost4));  // one per group and VLAN
  EXPECT_EQ(Counter("reports-suppressed"), 1u);
  Step(5s);  // 10 s after the query: the window is closed
  out_.clear();
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  EXPECT_THAT(RelayedSources(), ElementsAre(kHost3));
}

// A router's group-specific query opens a window of its own max response time (LMQI).
TEST_F(Seed004Test, GroupSpecificQueryWindowIsItsMaxResponseTime) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Step(30s);
  wire::IgmpQuery q;
  q.version = wire::IgmpVersion::kV2;
  q.group = kG;
  q.max_resp_code = 10;  // 1 s
  Receive(k15_1, kVlan3, Igmp(kMsfc, kG, q));
  out_.clear();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Step(500ms);
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  EXPECT_THAT(RelayedSources(), ElementsAre(kHost2));
  Step(1s);
  out_.clear();
  Receive(k10_2, kVlan3, Report(kHost3, kG));
  EXPECT_THAT(RelayedSources(), ElementsAre(kHost3));
}

// A hub on 10/1 (seed 004 fast-leave pitfall, without fast leave): one host leaves, the switch
// queries 10/1, the other host answers. The port stays, and the answer is not relayed: the
// MSFC already has a report for the group and never saw the leave.
TEST_F(Seed004Test, AnswerToTheSwitchesLeaveQueryStaysLocal) {
  RouterQueries();
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Step(30s);
  Receive(k10_1, kVlan3, Report(kHost3, kG));  // outside any window: relayed
  Step(30s);
  out_.clear();
  Receive(k10_1, kVlan3, Leave(kHost3, kG));
  Step(300ms);
  Receive(k10_1, kVlan3, Report(kHost2, kG));
  Step(3s);
  EXPECT_THAT(RelayedSources(), IsEmpty());  // neither the leave nor the answer
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k15_1}));
}

// Seed 004 "Address Aliasing": 239.0.0.4 maps onto 01-00-5e-00-00-04, a MAC the switch always
// floods (RFC 4541 §2.1.2 (2) for a MAC-keyed table). A join is tracked as an IP group, but no
// forwarding entry is installed or shown, since none would be used.
TEST_F(Seed004Test, GroupOnAFloodedMacIsTrackedWithoutAForwardingEntry) {
  const Ipv4 aliased{239, 0, 0, 4};
  RouterQueries();
  out_.clear();
  Receive(k10_1, kVlan3, Report(kHost2, aliased));
  EXPECT_THAT(engine::EffectsOf<engine::MdbAdd>(out_), IsEmpty());
  EXPECT_THAT(RelayedSources(), ElementsAre(kHost2));  // the router still hears the join
  const SnoopSnapshot s = engine_.Snap();
  ASSERT_EQ(s.vlans.at(0).groups.size(), 1u);
  EXPECT_EQ(s.vlans[0].groups[0].group, aliased);
  EXPECT_THAT(s.vlans[0].mac_entries, IsEmpty());
  EXPECT_TRUE(Floods(kVlan3, aliased));
  Receive(k10_1, kVlan3, Report(kHost2, kG));  // an ordinary group next to it is unaffected
  EXPECT_EQ(engine_.Snap().vlans.at(0).mac_entries.size(), 1u);
  EXPECT_EQ(Egress(kVlan3, kG), (std::vector<IfIndex>{k10_1, k15_1}));
}

}  // namespace
}  // namespace mc::snoop
