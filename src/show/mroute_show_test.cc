// `show ip mroute` text and JSON from hand-built snapshots: the IOS entry layout, Null lists,
// "stopped" expiries, group/source filters and the count view.
#include "show/mroute_show.h"

#include <gtest/gtest.h>

namespace mc::show {
namespace {

using std::chrono::seconds;

const IfNames kNames{{IfIndex{1}, "GigabitEthernet0/0"}, {IfIndex{2}, "Gi0/1"}};
const Ipv4 kG{224, 1, 1, 1};
const Ipv4 kS{10, 30, 1, 2};
Time At(int s) { return kTimeZero + seconds{s}; }

pim::PimSnapshot Snapshot() {
  pim::PimSnapshot snap;
  pim::MrouteSnapshot star{.group = kG,
                           .since = At(0),
                           .expires = At(83 + 179),
                           .rp = Ipv4{1, 1, 1, 1},
                           .flags = "SJC",
                           .iif = IfIndex{1},
                           .rpf_neighbor = Ipv4{10, 30, 6, 1}};
  star.oifs.push_back({IfIndex{2}, At(0), At(83 + 157), false});
  pim::MrouteSnapshot sg{.source = kS,
                         .group = kG,
                         .since = At(78),
                         .expires = At(83 + 174),
                         .flags = "T",
                         .iif = IfIndex{1},
                         .rpf_neighbor = Ipv4{10, 30, 4, 1},
                         .packets = 10,
                         .bytes = 1000};
  sg.oifs.push_back({IfIndex{2}, At(78), std::nullopt, true});
  pim::MrouteSnapshot null{
      .group = Ipv4{239, 9, 9, 9}, .since = At(80), .rp = Ipv4{1, 1, 1, 1}, .flags = "SP"};
  snap.mroutes = {star, sg, null};
  return snap;
}

TEST(MrouteShow, IosEntryLayout) {
  const std::string text = RenderMroute(Snapshot(), kNames, At(83), std::nullopt, std::nullopt);
  EXPECT_EQ(text.rfind("IP Multicast Routing Table\nFlags: D - Dense, S - Sparse", 0), 0u);
  EXPECT_NE(text.find("\n(*, 224.1.1.1), 00:01:23/00:02:59, RP 1.1.1.1, flags: SJC\n"
                      "  Incoming interface: GigabitEthernet0/0, RPF nbr 10.30.6.1\n"
                      "  Outgoing interface list:\n"
                      "    Gi0/1, Forward/Sparse, 00:01:23/00:02:37\n"),
            std::string::npos);
  EXPECT_NE(text.find("\n(10.30.1.2, 224.1.1.1), 00:00:05/00:02:54, flags: T\n"
                      "  Incoming interface: GigabitEthernet0/0, RPF nbr 10.30.4.1\n"
                      "  Outgoing interface list:\n"
                      "    Gi0/1, Forward/Sparse, 00:00:05/stopped\n"),
            std::string::npos);
  EXPECT_NE(text.find("\n(*, 239.9.9.9), 00:00:03/stopped, RP 1.1.1.1, flags: SP\n"
                      "  Incoming interface: Null, RPF nbr 0.0.0.0\n"
                      "  Outgoing interface list: Null\n"),
            std::string::npos);
}

TEST(MrouteShow, GroupAndSourceFilters) {
  const std::string g = RenderMroute(Snapshot(), kNames, At(83), kG, std::nullopt);
  EXPECT_NE(g.find("(*, 224.1.1.1)"), std::string::npos);
  EXPECT_NE(g.find("(10.30.1.2, 224.1.1.1)"), std::string::npos);
  EXPECT_EQ(g.find("239.9.9.9"), std::string::npos);
  const std::string gs = RenderMroute(Snapshot(), kNames, At(83), kG, kS);
  EXPECT_EQ(gs.find("(*, 224.1.1.1)"), std::string::npos);
  EXPECT_NE(gs.find("(10.30.1.2, 224.1.1.1)"), std::string::npos);
}

TEST(MrouteShow, Json) {
  const nlohmann::json j = MrouteJson(Snapshot(), kNames, At(83), kG, std::nullopt);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["source"], "*");
  EXPECT_EQ(j[0]["rp"], "1.1.1.1");
  EXPECT_EQ(j[0]["flags"], "SJC");
  EXPECT_EQ(j[0]["outgoing_interfaces"][0]["interface"], "Gi0/1");
  EXPECT_EQ(j[1]["rp"], nullptr);
  EXPECT_EQ(j[1]["outgoing_interfaces"][0]["expires_s"], nullptr);
}

TEST(MrouteShow, CountView) {
  const std::string text = RenderMrouteCount(Snapshot(), std::nullopt);
  EXPECT_NE(text.find("3 routes\n2 groups, 0.50 average sources per group\n"), std::string::npos);
  EXPECT_NE(text.find("Group: 224.1.1.1, Source count: 1, Packets forwarded: 10, Packets "
                      "received: 10\n"),
            std::string::npos);
  EXPECT_NE(text.find("  Source: 10.30.1.2/32, Forwarding: 10/0/100/0, Other: 10/0/0\n"),
            std::string::npos);
  EXPECT_EQ(MrouteCountJson(Snapshot(), kG)[0]["packets"], 10);
}

// RPF failures are the kernel's wrong_if count: matched the entry, came in off its iif, dropped.
TEST(MrouteShow, CountViewSplitsRpfFailuresFromForwarded) {
  pim::PimSnapshot snap = Snapshot();
  for (pim::MrouteSnapshot& m : snap.mroutes) {
    if (!m.source.IsUnspecified()) {
      m.wrong_if = 3;
    }
  }
  const std::string text = RenderMrouteCount(snap, std::nullopt);
  EXPECT_NE(text.find("Group: 224.1.1.1, Source count: 1, Packets forwarded: 7, Packets "
                      "received: 10\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  Source: 10.30.1.2/32, Forwarding: 7/0/100/0, Other: 10/3/0\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(MrouteCountJson(snap, kG)[0]["rpf_failed"], 3);
}

// RFC 7761 §4.6: IOS marks the outgoing interface this router won the assert on with the
// outgoing interface flag "A"; JSON carries the assert machines themselves.
TEST(MrouteShow, AssertWinnerFlagAndAssertJson) {
  pim::PimSnapshot snap = Snapshot();
  pim::MrouteSnapshot& sg = snap.mroutes[1];
  sg.oifs[0].assert_winner = true;
  sg.asserts.push_back({.ifindex = IfIndex{2},
                        .state = "Winner",
                        .winner = Ipv4{10, 30, 5, 1},
                        .rpt_bit = false,
                        .metric_preference = 110,
                        .metric = 20,
                        .since = At(80),
                        .expires = At(80 + 177)});
  const std::string text = RenderMroute(snap, kNames, At(83), kG, kS);
  EXPECT_NE(text.find("    Gi0/1, Forward/Sparse, 00:00:05/stopped, A\n"), std::string::npos);
  const std::string star = RenderMroute(snap, kNames, At(83), kG, std::nullopt);
  EXPECT_NE(star.find("    Gi0/1, Forward/Sparse, 00:01:23/00:02:37\n"), std::string::npos);
  const nlohmann::json j = MrouteJson(snap, kNames, At(83), kG, kS);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["outgoing_interfaces"][0]["assert_winner"], true);
  ASSERT_EQ(j[0]["asserts"].size(), 1u);
  EXPECT_EQ(j[0]["asserts"][0]["interface"], "Gi0/1");
  EXPECT_EQ(j[0]["asserts"][0]["state"], "Winner");
  EXPECT_EQ(j[0]["asserts"][0]["winner"], "10.30.5.1");
  EXPECT_EQ(j[0]["asserts"][0]["winner_metric_preference"], 110);
  EXPECT_EQ(j[0]["asserts"][0]["winner_metric"], 20);
  EXPECT_EQ(j[0]["asserts"][0]["expires_s"], 174.0);
  EXPECT_EQ(MrouteJson(Snapshot(), kNames, At(83), kG, kS)[0]["asserts"].size(), 0u);
}

}  // namespace
}  // namespace mc::show
