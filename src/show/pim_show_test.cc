// `show ip pim neighbor|interface|rp mapping` and `show ip rpf` text and JSON from hand-built
// snapshots.
#include "show/pim_show.h"

#include <gtest/gtest.h>

namespace mc::show {
namespace {

using std::chrono::seconds;

const IfNames kNames{{IfIndex{1}, "GigabitEthernet0/1"}};
Time At(int s) { return kTimeZero + seconds{s}; }

pim::PimSnapshot Snapshot() {
  pim::PimSnapshot snap;
  snap.interfaces.push_back(
      {IfIndex{1}, Ipv4{10, 0, 12, 1}, 24, true, 1, seconds{30}, Ipv4{10, 0, 12, 2}, 1});
  snap.neighbors.push_back({Ipv4{10, 0, 12, 2}, IfIndex{1}, At(0), At(105), 1u, true});
  snap.neighbors.push_back(
      {Ipv4{10, 0, 12, 3}, IfIndex{1}, At(0), std::nullopt, std::nullopt, false});
  snap.rp_mappings.push_back({Ipv4{1, 1, 1, 1}, "", false});
  snap.rp_mappings.push_back({Ipv4{2, 2, 2, 2}, "10", true});
  return snap;
}

TEST(PimShow, NeighborTable) {
  const std::string text = RenderPimNeighbors(Snapshot(), kNames, At(84));
  EXPECT_EQ(text.rfind("PIM Neighbor Table\n", 0), 0u);
  EXPECT_NE(
      text.find("10.0.12.2         GigabitEthernet0/1       00:01:24/00:00:21 v2    1 / DR\n"),
      std::string::npos);
  EXPECT_NE(text.find("10.0.12.3         GigabitEthernet0/1       00:01:24/never    v2    N / N\n"),
            std::string::npos);
  const nlohmann::json j = PimNeighborsJson(Snapshot(), kNames, At(84));
  EXPECT_EQ(j[0]["dr"], true);
  EXPECT_EQ(j[1]["dr_priority"], nullptr);
}

TEST(PimShow, InterfaceTable) {
  const std::string text = RenderPimInterfaces(Snapshot(), kNames);
  EXPECT_NE(text.find("10.0.12.1        GigabitEthernet0/1       v2/S   1      30     1          "
                      "10.0.12.2\n"),
            std::string::npos);
  EXPECT_EQ(PimInterfacesJson(Snapshot(), kNames)[0]["neighbor_count"], 1);
}

TEST(PimShow, RpMapping) {
  EXPECT_EQ(RenderPimRpMapping(Snapshot()),
            "PIM Group-to-RP Mappings\n"
            "\nGroup(s): 224.0.0.0/4, Static\n    RP: 1.1.1.1 (?)\n"
            "\nAcl: 10, Static-Override\n    RP: 2.2.2.2 (?)\n");
  EXPECT_EQ(PimRpMappingJson(Snapshot())[1]["acl"], "10");
}

TEST(PimShow, RpfFoundAndFailed) {
  const RpfView ok{Ipv4{10, 0, 1, 10},
                   true,
                   IfIndex{1},
                   Ipv4{10, 0, 12, 2},
                   Prefix::Make(Ipv4{10, 0, 1, 0}, 24),
                   false};
  EXPECT_EQ(RenderRpf(ok, kNames),
            "RPF information for ? (10.0.1.10)\n"
            "  RPF interface: GigabitEthernet0/1\n"
            "  RPF neighbor: ? (10.0.12.2)\n"
            "  RPF route/mask: 10.0.1.0/24\n"
            "  RPF type: unicast\n");
  EXPECT_EQ(RenderRpf(RpfView{.target = Ipv4{10, 9, 9, 9}}, kNames),
            "RPF information for ? (10.9.9.9) failed, no route exists\n");
  EXPECT_EQ(RpfJson(ok, kNames)["interface"], "GigabitEthernet0/1");
}

}  // namespace
}  // namespace mc::show
