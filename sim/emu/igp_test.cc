// The IGP oracle (igp.h): small labs written as IOS configs, whose OSPF tables are compared whole
// in an IOS-like one-line-per-route form, and random single-area topologies checked against a
// brute-force shortest-path computation.
#include "sim/emu/igp.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/rng.h"
#include "config/apply.h"
#include "config/interface_name.h"

namespace mc::sim {
namespace {

using config::DeviceKind;

constexpr std::string_view kOspfEverywhere =
    "router ospf 1\n"
    " network 0.0.0.0 255.255.255.255 area 0\n";

// A lab's routers as ComputeIgp sees them: every addressed interface, up unless `shutdown`.
class Lab {
 public:
  std::size_t Router(std::string_view text) {
    auto cfg = config::LoadConfig(DeviceKind::kRouter, text, "R.cfg");
    EXPECT_TRUE(cfg.has_value()) << (cfg ? "" : cfg.error().ToString());
    configs_.push_back(std::make_unique<config::DeviceConfig>(
        cfg ? *cfg : config::DeviceConfig(DeviceKind::kRouter)));
    const config::DeviceConfig& c = *configs_.back();
    const std::size_t d = devices_.size();
    IgpDevice dev{.config = &c, .interfaces = {}};
    for (std::size_t i = 0; i < c.interfaces.size(); ++i) {
      const config::InterfaceConfig& ic = c.interfaces[i];
      if (!ic.address) {
        continue;
      }
      const std::optional<config::InterfaceType> type = config::InterfaceTypeOf(ic.name);
      dev.interfaces.push_back(IgpInterface{.device = d,
                                            .iface = i,
                                            .name = ic.name,
                                            .subnet = ic.address->Subnet(),
                                            .address = ic.address->address,
                                            .up = !ic.shutdown,
                                            .loopback = type && type->name == "Loopback"});
    }
    devices_.push_back(std::move(dev));
    return d;
  }

  // A device that is not a router (a host): no config.
  std::size_t Host(Ipv4 address, Prefix subnet) {
    const std::size_t d = devices_.size();
    configs_.push_back(nullptr);
    devices_.push_back(IgpDevice{.config = nullptr,
                                 .interfaces = {IgpInterface{.device = d,
                                                             .iface = 0,
                                                             .name = "eth0",
                                                             .subnet = subnet,
                                                             .address = address,
                                                             .up = true,
                                                             .loopback = false}}});
    return d;
  }

  void SetUp(std::size_t d, std::string_view name, bool up) {
    bool found = false;
    for (IgpInterface& i : devices_[d].interfaces) {
      if (config::SameInterface(i.name, name)) {
        i.up = up;
        found = true;
      }
    }
    EXPECT_TRUE(found) << name;
  }

  std::vector<std::vector<IgpRoute>> Compute() const { return ComputeIgp(devices_); }

  // "O IA 10.0.23.0/24 [110/2] via 10.0.12.2, Gi0/0\n", every next hop on the line.
  std::string Table(std::size_t d) const { return Format(d, Compute()[d]); }

  std::string Format(std::size_t d, const std::vector<IgpRoute>& routes) const {
    std::string out;
    for (const IgpRoute& r : routes) {
      out += fmt::format("{} {} [110/{}]", r.inter_area ? "O IA" : "O", r.prefix, r.cost);
      for (const IgpNextHop& h : r.next_hops) {
        out += fmt::format(" via {}, {}", h.address, configs_[d]->interfaces[h.iface].name);
      }
      out += "\n";
    }
    return out;
  }

  std::optional<IgpRoute> Route(std::size_t d, std::string_view prefix) const {
    const Prefix p = *Prefix::Parse(prefix);
    const std::vector<std::vector<IgpRoute>> all = Compute();
    for (const IgpRoute& r : all[d]) {
      if (r.prefix == p) {
        return r;
      }
    }
    return std::nullopt;
  }

  std::vector<IgpDevice>& devices() { return devices_; }

 private:
  std::vector<std::unique_ptr<config::DeviceConfig>> configs_;
  std::vector<IgpDevice> devices_;
};

std::string WithOspf(std::string_view text) {
  return std::string(text) + std::string(kOspfEverywhere);
}

// R1 - R2 - R3, all area 0, GigabitEthernet costs 1. R3's loopback has a /24 mask.
struct Line {
  Lab lab;
  std::size_t r1 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
)"));
  std::size_t r2 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
interface Gi0/1
 ip address 10.0.23.2 255.255.255.0
)"));
  std::size_t r3 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 3.3.3.3 255.255.255.0
interface Gi0/0
 ip address 10.0.23.3 255.255.255.0
)"));
};

TEST(IgpTest, LineOfThreeRouters) {
  Line l;
  EXPECT_EQ(l.lab.Table(l.r1),
            "O 2.2.2.2/32 [110/2] via 10.0.12.2, Gi0/0\n"
            "O 3.3.3.3/32 [110/3] via 10.0.12.2, Gi0/0\n"
            "O 10.0.23.0/24 [110/2] via 10.0.12.2, Gi0/0\n");
  EXPECT_EQ(l.lab.Table(l.r2),
            "O 1.1.1.1/32 [110/2] via 10.0.12.1, Gi0/0\n"
            "O 3.3.3.3/32 [110/2] via 10.0.23.3, Gi0/1\n");
  EXPECT_EQ(l.lab.Table(l.r3),
            "O 1.1.1.1/32 [110/3] via 10.0.23.2, Gi0/0\n"
            "O 2.2.2.2/32 [110/2] via 10.0.23.2, Gi0/0\n"
            "O 10.0.12.0/24 [110/2] via 10.0.23.2, Gi0/0\n");
}

TEST(IgpTest, LoopbackIsAdvertisedAsHostRouteWhateverItsMask) {
  Line l;
  EXPECT_TRUE(l.lab.Route(l.r1, "3.3.3.3/32").has_value());
  EXPECT_FALSE(l.lab.Route(l.r1, "3.3.3.0/24").has_value());
  EXPECT_FALSE(l.lab.Route(l.r2, "3.3.3.0/24").has_value());
  // The owner installs neither: the connected /24 and the local /32 cover it.
  EXPECT_FALSE(l.lab.Route(l.r3, "3.3.3.3/32").has_value());
}

TEST(IgpTest, LinkDownRemovesRoutesAndUpRestoresThem) {
  Line l;
  const std::string before = l.lab.Table(l.r1);
  l.lab.SetUp(l.r2, "Gi0/1", false);
  l.lab.SetUp(l.r3, "Gi0/0", false);
  EXPECT_EQ(l.lab.Table(l.r1), "O 2.2.2.2/32 [110/2] via 10.0.12.2, Gi0/0\n");
  EXPECT_EQ(l.lab.Table(l.r3), "");
  EXPECT_EQ(l.lab.Table(l.r2), "O 1.1.1.1/32 [110/2] via 10.0.12.1, Gi0/0\n");
  l.lab.SetUp(l.r2, "Gi0/1", true);
  l.lab.SetUp(l.r3, "Gi0/0", true);
  EXPECT_EQ(l.lab.Table(l.r1), before);
}

TEST(IgpTest, OneEndDownBreaksTheAdjacencyButTheOtherEndStillAdvertisesItsSubnet) {
  Line l;
  l.lab.SetUp(l.r3, "Gi0/0", false);
  EXPECT_EQ(l.lab.Table(l.r1),
            "O 2.2.2.2/32 [110/2] via 10.0.12.2, Gi0/0\n"
            "O 10.0.23.0/24 [110/2] via 10.0.12.2, Gi0/0\n");
}

// R1-R2 costs 10 leaving R1 only (costs are per outgoing interface); R1-R3 and R3-R2 cost 1.
struct Triangle {
  Lab lab;
  std::size_t r1 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
 ip ospf cost 10
interface Gi0/1
 ip address 10.0.13.1 255.255.255.0
)"));
  std::size_t r2 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
interface Gi0/1
 ip address 10.0.23.2 255.255.255.0
)"));
  std::size_t r3 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 3.3.3.3 255.255.255.255
interface Gi0/0
 ip address 10.0.13.3 255.255.255.0
interface Gi0/1
 ip address 10.0.23.3 255.255.255.0
)"));
};

TEST(IgpTest, TriangleWithUnequalCostsTakesTheCheaperTwoHopPath) {
  Triangle t;
  EXPECT_EQ(t.lab.Table(t.r1),
            "O 2.2.2.2/32 [110/3] via 10.0.13.3, Gi0/1\n"
            "O 3.3.3.3/32 [110/2] via 10.0.13.3, Gi0/1\n"
            "O 10.0.23.0/24 [110/2] via 10.0.13.3, Gi0/1\n");
  // The reverse direction uses R2's own cost 1 toward R1: asymmetric paths, as in OSPF.
  EXPECT_EQ(t.lab.Table(t.r2),
            "O 1.1.1.1/32 [110/2] via 10.0.12.1, Gi0/0\n"
            "O 3.3.3.3/32 [110/2] via 10.0.23.3, Gi0/1\n"
            "O 10.0.13.0/24 [110/2] via 10.0.12.1, Gi0/0 via 10.0.23.3, Gi0/1\n");
}

TEST(IgpTest, TriangleReroutesOverTheExpensiveLinkWhenTheCheapOneFails) {
  Triangle t;
  t.lab.SetUp(t.r1, "Gi0/1", false);
  t.lab.SetUp(t.r3, "Gi0/0", false);
  EXPECT_EQ(t.lab.Table(t.r1),
            "O 2.2.2.2/32 [110/11] via 10.0.12.2, Gi0/0\n"
            "O 3.3.3.3/32 [110/12] via 10.0.12.2, Gi0/0\n"
            "O 10.0.23.0/24 [110/11] via 10.0.12.2, Gi0/0\n");
}

// R1 -> {R2, R3} -> R4: two equal-cost paths each way.
struct Square {
  Lab lab;
  std::size_t r1 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
interface Gi0/1
 ip address 10.0.13.1 255.255.255.0
)"));
  std::size_t r2 = lab.Router(WithOspf(R"(interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
interface Gi0/1
 ip address 10.0.24.2 255.255.255.0
)"));
  std::size_t r3 = lab.Router(WithOspf(R"(interface Gi0/0
 ip address 10.0.13.3 255.255.255.0
interface Gi0/1
 ip address 10.0.34.3 255.255.255.0
)"));
  std::size_t r4 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 4.4.4.4 255.255.255.255
interface Gi0/0
 ip address 10.0.24.4 255.255.255.0
interface Gi0/1
 ip address 10.0.34.4 255.255.255.0
)"));
};

TEST(IgpTest, EqualCostSquareKeepsBothNextHopsAndRpfPicksTheHighest) {
  Square s;
  EXPECT_EQ(s.lab.Table(s.r1),
            "O 4.4.4.4/32 [110/3] via 10.0.12.2, Gi0/0 via 10.0.13.3, Gi0/1\n"
            "O 10.0.24.0/24 [110/2] via 10.0.12.2, Gi0/0\n"
            "O 10.0.34.0/24 [110/2] via 10.0.13.3, Gi0/1\n");
  EXPECT_EQ(RpfTieBreak(*s.lab.Route(s.r1, "4.4.4.4/32")), Ipv4(10, 0, 13, 3));
  const IgpRoute back = *s.lab.Route(s.r4, "1.1.1.1/32");
  ASSERT_EQ(back.next_hops.size(), 2u);
  EXPECT_EQ(RpfTieBreak(back), Ipv4(10, 0, 34, 3));
  EXPECT_EQ(back.next_hops[0].address, Ipv4(10, 0, 24, 2));  // ascending by address
}

TEST(IgpTest, RpfTieBreakOfARouteWithoutNextHopsIsUnspecified) {
  EXPECT_EQ(RpfTieBreak(IgpRoute{}), Ipv4{});
}

// R1 reaches R7 through five equal-cost routers R2..R6: four next hops stay, the lowest.
TEST(IgpTest, EqualCostPathsAreCappedAtFourLowestAddresses) {
  Lab lab;
  std::string r1 = "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n";
  std::string r7 = "interface Loopback0\n ip address 7.7.7.7 255.255.255.255\n";
  std::vector<std::string> mids;
  for (int k = 2; k <= 6; ++k) {
    r1 += fmt::format("interface Gi0/{0}\n ip address 10.0.1{0}.1 255.255.255.0\n", k);
    r7 += fmt::format("interface Gi0/{0}\n ip address 10.0.{0}7.7 255.255.255.0\n", k);
    mids.push_back(
        fmt::format("interface Gi0/0\n ip address 10.0.1{0}.{0} 255.255.255.0\n"
                    "interface Gi0/1\n ip address 10.0.{0}7.{0} 255.255.255.0\n",
                    k));
  }
  const std::size_t a = lab.Router(WithOspf(r1));
  for (const std::string& m : mids) {
    lab.Router(WithOspf(m));
  }
  lab.Router(WithOspf(r7));
  const IgpRoute r = *lab.Route(a, "7.7.7.7/32");
  EXPECT_EQ(r.cost, 3u);
  ASSERT_EQ(r.next_hops.size(), kIgpMaximumPaths);
  EXPECT_EQ(r.next_hops.front().address, Ipv4(10, 0, 12, 2));
  EXPECT_EQ(r.next_hops.back().address, Ipv4(10, 0, 15, 5));
  EXPECT_EQ(RpfTieBreak(r), Ipv4(10, 0, 15, 5));
}

// R1, R2, R3 share LAN 10.0.0.0/24 (R1's port costs 5); R4 hangs off R3.
TEST(IgpTest, LanOfThreeRoutersUsesEachSendersOwnInterfaceCost) {
  Lab lab;
  const std::size_t r1 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface Gi0/0
 ip address 10.0.0.1 255.255.255.0
 ip ospf cost 5
)"));
  const std::size_t r2 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface Gi0/0
 ip address 10.0.0.2 255.255.255.0
)"));
  const std::size_t r3 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 3.3.3.3 255.255.255.255
interface Gi0/0
 ip address 10.0.0.3 255.255.255.0
interface Gi0/1
 ip address 10.0.34.3 255.255.255.0
)"));
  const std::size_t r4 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 4.4.4.4 255.255.255.255
interface Gi0/0
 ip address 10.0.34.4 255.255.255.0
)"));
  (void)r3;
  EXPECT_EQ(lab.Table(r1),
            "O 2.2.2.2/32 [110/6] via 10.0.0.2, Gi0/0\n"
            "O 3.3.3.3/32 [110/6] via 10.0.0.3, Gi0/0\n"
            "O 4.4.4.4/32 [110/7] via 10.0.0.3, Gi0/0\n"
            "O 10.0.34.0/24 [110/6] via 10.0.0.3, Gi0/0\n");
  EXPECT_EQ(lab.Table(r2),
            "O 1.1.1.1/32 [110/2] via 10.0.0.1, Gi0/0\n"
            "O 3.3.3.3/32 [110/2] via 10.0.0.3, Gi0/0\n"
            "O 4.4.4.4/32 [110/3] via 10.0.0.3, Gi0/0\n"
            "O 10.0.34.0/24 [110/2] via 10.0.0.3, Gi0/0\n");
  EXPECT_EQ(lab.Table(r4),
            "O 1.1.1.1/32 [110/3] via 10.0.34.3, Gi0/0\n"
            "O 2.2.2.2/32 [110/3] via 10.0.34.3, Gi0/0\n"
            "O 3.3.3.3/32 [110/2] via 10.0.34.3, Gi0/0\n"
            "O 10.0.0.0/24 [110/2] via 10.0.34.3, Gi0/0\n");
}

// R1 - R2 - R3 where R2's port toward R1 is passive, written in both IOS forms.
class PassiveTest : public ::testing::TestWithParam<const char*> {};

TEST_P(PassiveTest, PassiveSubnetIsAdvertisedButFormsNoAdjacency) {
  Lab lab;
  const std::size_t r1 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
)"));
  const std::size_t r2 = lab.Router(std::string(R"(interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
interface Gi0/1
 ip address 10.0.23.2 255.255.255.0
router ospf 1
 network 0.0.0.0 255.255.255.255 area 0
)") + GetParam());
  const std::size_t r3 = lab.Router(WithOspf(R"(interface Loopback0
 ip address 3.3.3.3 255.255.255.255
interface Gi0/0
 ip address 10.0.23.3 255.255.255.0
)"));
  EXPECT_EQ(lab.Table(r1), "");
  EXPECT_EQ(lab.Table(r2), "O 3.3.3.3/32 [110/2] via 10.0.23.3, Gi0/1\n");
  EXPECT_EQ(lab.Table(r3),
            "O 2.2.2.2/32 [110/2] via 10.0.23.2, Gi0/0\n"
            "O 10.0.12.0/24 [110/2] via 10.0.23.2, Gi0/0\n");
}

INSTANTIATE_TEST_SUITE_P(IgpTest, PassiveTest,
                         ::testing::Values(" passive-interface Gi0/0\n",
                                           " passive-interface default\n"
                                           " no passive-interface GigabitEthernet0/1\n"));

// Area 1: R1, R4 (the R1-R4 link costs 100 from R1) and R2's Gi0/0. Area 0: R2's Gi0/1 and
// loopback, R3, R5's Gi0/0. Area 2: R5's Gi0/1 and R6. R3 (area 0) and R4 (area 1) both have
// a passive port in 10.9.9.0/24.
struct ThreeAreas {
  Lab lab;
  std::size_t r1 = lab.Router(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
interface Gi0/1
 ip address 10.0.14.1 255.255.255.0
 ip ospf cost 100
router ospf 1
 network 0.0.0.0 255.255.255.255 area 1
)");
  std::size_t r2 = lab.Router(R"(interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
interface Gi0/1
 ip address 10.0.23.2 255.255.255.0
router ospf 1
 network 10.0.12.0 0.0.0.255 area 1
 network 0.0.0.0 255.255.255.255 area 0
)");
  std::size_t r3 = lab.Router(R"(interface Loopback0
 ip address 3.3.3.3 255.255.255.255
interface Gi0/0
 ip address 10.0.23.3 255.255.255.0
interface Gi0/1
 ip address 10.9.9.3 255.255.255.0
interface Gi0/2
 ip address 10.0.35.3 255.255.255.0
router ospf 1
 passive-interface Gi0/1
 network 0.0.0.0 255.255.255.255 area 0
)");
  std::size_t r4 = lab.Router(R"(interface Loopback0
 ip address 4.4.4.4 255.255.255.255
interface Gi0/0
 ip address 10.0.14.4 255.255.255.0
interface Gi0/1
 ip address 10.9.9.4 255.255.255.0
router ospf 1
 passive-interface Gi0/1
 network 0.0.0.0 255.255.255.255 area 1
)");
  std::size_t r5 = lab.Router(R"(interface Gi0/0
 ip address 10.0.35.5 255.255.255.0
interface Gi0/1
 ip address 10.0.56.5 255.255.255.0
router ospf 1
 network 10.0.35.0 0.0.0.255 area 0
 network 10.0.56.0 0.0.0.255 area 2
)");
  std::size_t r6 = lab.Router(R"(interface Loopback0
 ip address 6.6.6.6 255.255.255.255
interface Gi0/0
 ip address 10.0.56.6 255.255.255.0
router ospf 1
 network 0.0.0.0 255.255.255.255 area 2
)");
};

TEST(IgpTest, InterAreaRoutesGoThroughTheBackboneAndIntraAreaWinsWhateverTheCost) {
  ThreeAreas a;
  // 10.9.9.0/24: intra-area via R4 at 101 beats R2's summary at 1 + 2.
  EXPECT_EQ(a.lab.Table(a.r1),
            "O IA 2.2.2.2/32 [110/2] via 10.0.12.2, Gi0/0\n"
            "O IA 3.3.3.3/32 [110/3] via 10.0.12.2, Gi0/0\n"
            "O 4.4.4.4/32 [110/101] via 10.0.14.4, Gi0/1\n"
            "O IA 6.6.6.6/32 [110/5] via 10.0.12.2, Gi0/0\n"
            "O IA 10.0.23.0/24 [110/2] via 10.0.12.2, Gi0/0\n"
            "O IA 10.0.35.0/24 [110/3] via 10.0.12.2, Gi0/0\n"
            "O IA 10.0.56.0/24 [110/4] via 10.0.12.2, Gi0/0\n"
            "O 10.9.9.0/24 [110/101] via 10.0.14.4, Gi0/1\n");
  // Area 2 learns area 1 through two ABRs: R2 into the backbone, R5 out of it.
  EXPECT_EQ(a.lab.Table(a.r6),
            "O IA 1.1.1.1/32 [110/5] via 10.0.56.5, Gi0/0\n"
            "O IA 2.2.2.2/32 [110/4] via 10.0.56.5, Gi0/0\n"
            "O IA 3.3.3.3/32 [110/3] via 10.0.56.5, Gi0/0\n"
            "O IA 4.4.4.4/32 [110/105] via 10.0.56.5, Gi0/0\n"
            "O IA 10.0.12.0/24 [110/4] via 10.0.56.5, Gi0/0\n"
            "O IA 10.0.14.0/24 [110/104] via 10.0.56.5, Gi0/0\n"
            "O IA 10.0.23.0/24 [110/3] via 10.0.56.5, Gi0/0\n"
            "O IA 10.0.35.0/24 [110/2] via 10.0.56.5, Gi0/0\n"
            "O IA 10.9.9.0/24 [110/3] via 10.0.56.5, Gi0/0\n");
  // The ABR: intra-area routes of both its areas, inter-area ones from the backbone only.
  EXPECT_EQ(a.lab.Table(a.r2),
            "O 1.1.1.1/32 [110/2] via 10.0.12.1, Gi0/0\n"
            "O 3.3.3.3/32 [110/2] via 10.0.23.3, Gi0/1\n"
            "O 4.4.4.4/32 [110/102] via 10.0.12.1, Gi0/0\n"
            "O IA 6.6.6.6/32 [110/4] via 10.0.23.3, Gi0/1\n"
            "O 10.0.14.0/24 [110/101] via 10.0.12.1, Gi0/0\n"
            "O 10.0.35.0/24 [110/2] via 10.0.23.3, Gi0/1\n"
            "O IA 10.0.56.0/24 [110/3] via 10.0.23.3, Gi0/1\n"
            "O 10.9.9.0/24 [110/2] via 10.0.23.3, Gi0/1\n");
  // A backbone router: R2's summary of 10.9.9.0/24 does not exist (its best route is in area 0).
  const std::optional<IgpRoute> r3_to_r4 = a.lab.Route(a.r3, "4.4.4.4/32");
  ASSERT_TRUE(r3_to_r4.has_value());
  EXPECT_TRUE(r3_to_r4->inter_area);
  EXPECT_EQ(r3_to_r4->cost, 103u);
  EXPECT_FALSE(a.lab.Route(a.r3, "10.9.9.0/24").has_value());  // connected
}

TEST(IgpTest, LosingTheBackboneLinkWithdrawsInterAreaRoutes) {
  ThreeAreas a;
  a.lab.SetUp(a.r2, "Gi0/1", false);
  a.lab.SetUp(a.r3, "Gi0/0", false);
  // R2 still has its loopback in area 0, so it stays an ABR, but reaches nothing there.
  EXPECT_EQ(a.lab.Table(a.r1),
            "O IA 2.2.2.2/32 [110/2] via 10.0.12.2, Gi0/0\n"
            "O 4.4.4.4/32 [110/101] via 10.0.14.4, Gi0/1\n"
            "O 10.9.9.0/24 [110/101] via 10.0.14.4, Gi0/1\n");
  EXPECT_FALSE(a.lab.Route(a.r6, "1.1.1.1/32").has_value());
}

// RFC 2328 §16.2: an ABR examines only the backbone's summaries. R2 and R5 are both ABRs of
// areas 0 and 1; R5 also of area 2 (6.6.6.6 on R6). R2's backbone path to R5 costs 51, its
// area-1 path 2: R2 still goes through the backbone, while R4 (area 1 only) takes R5's summary.
TEST(IgpTest, AbrUsesOnlyBackboneSummaries) {
  Lab lab;
  const std::size_t r2 = lab.Router(R"(interface Gi0/0
 ip address 10.0.23.2 255.255.255.0
 ip ospf 1 area 0
 ip ospf cost 50
interface Gi0/1
 ip address 10.0.24.2 255.255.255.0
 ip ospf 1 area 1
)");
  lab.Router(R"(interface Gi0/0
 ip address 10.0.23.3 255.255.255.0
 ip ospf 1 area 0
interface Gi0/1
 ip address 10.0.35.3 255.255.255.0
 ip ospf 1 area 0
)");
  const std::size_t r4 = lab.Router(R"(interface Gi0/0
 ip address 10.0.24.4 255.255.255.0
 ip ospf 1 area 1
interface Gi0/1
 ip address 10.0.45.4 255.255.255.0
 ip ospf 1 area 1
)");
  lab.Router(R"(interface Gi0/0
 ip address 10.0.35.5 255.255.255.0
 ip ospf 1 area 0
interface Gi0/1
 ip address 10.0.45.5 255.255.255.0
 ip ospf 1 area 1
interface Gi0/2
 ip address 10.0.56.5 255.255.255.0
 ip ospf 1 area 2
)");
  lab.Router(R"(interface Loopback0
 ip address 6.6.6.6 255.255.255.255
 ip ospf 1 area 2
interface Gi0/0
 ip address 10.0.56.6 255.255.255.0
 ip ospf 1 area 2
)");
  const IgpRoute via_backbone = *lab.Route(r2, "6.6.6.6/32");
  EXPECT_TRUE(via_backbone.inter_area);
  EXPECT_EQ(via_backbone.cost, 53u);
  EXPECT_EQ(via_backbone.next_hops, (std::vector<IgpNextHop>{{0, Ipv4(10, 0, 23, 3)}}));
  const IgpRoute via_r5 = *lab.Route(r4, "6.6.6.6/32");
  EXPECT_EQ(via_r5.cost, 3u);
  EXPECT_EQ(via_r5.next_hops, (std::vector<IgpNextHop>{{1, Ipv4(10, 0, 45, 5)}}));
}

// A router in areas 1 and 2 without the backbone is no ABR: it reads both areas' summaries and
// originates none. Between equal-cost intra-area routes of two areas the larger area ID wins.
TEST(IgpTest, EqualCostIntraAreaRoutesInTwoAreasPreferTheLargerAreaId) {
  Lab lab;
  const std::size_t r1 = lab.Router(R"(interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
 ip ospf 1 area 1
interface Gi0/1
 ip address 10.0.13.1 255.255.255.0
 ip ospf 1 area 2
)");
  const std::size_t r2 = lab.Router(R"(interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
 ip ospf 1 area 1
interface Gi0/1
 ip address 10.9.9.2 255.255.255.0
 ip ospf 1 area 1
)");
  lab.Router(R"(interface Gi0/0
 ip address 10.0.13.3 255.255.255.0
 ip ospf 1 area 2
interface Gi0/1
 ip address 10.9.9.3 255.255.255.0
 ip ospf 1 area 2
)");
  EXPECT_EQ(lab.Table(r1), "O 10.9.9.0/24 [110/2] via 10.0.13.3, Gi0/1\n");
  // Not an ABR: nothing of area 2 reaches area 1.
  EXPECT_EQ(lab.Table(r2), "");
}

TEST(IgpTest, InterfaceAreaCommandOverridesNetworkStatements) {
  Lab lab;
  const std::size_t r1 = lab.Router(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
 ip ospf 1 area 0
interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
 ip ospf 1 area 0
)");
  const std::size_t r2 = lab.Router(R"(interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
 ip ospf 7 area 0
interface Gi0/1
 ip address 10.0.23.2 255.255.255.0
router ospf 7
 network 10.0.0.0 0.255.255.255 area 1
)");
  const auto a = OspfAttachmentOf(*lab.devices()[r2].config, "Gi0/0", Ipv4(10, 0, 12, 2));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->process, 7u);
  EXPECT_EQ(a->area, 0u);
  // Adjacent in area 0 with R1; R2 is the ABR for 10.0.23.0/24 in area 1.
  EXPECT_EQ(lab.Table(r1), "O IA 10.0.23.0/24 [110/2] via 10.0.12.2, Gi0/0\n");
  EXPECT_EQ(lab.Table(r2), "O 1.1.1.1/32 [110/2] via 10.0.12.1, Gi0/0\n");
}

TEST(IgpTest, NetworkStatementCoversOnlyMatchingInterfaces) {
  Lab lab;
  const std::size_t r1 = lab.Router(R"(interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
interface Gi0/1
 ip address 10.0.99.1 255.255.255.0
router ospf 1
 network 10.0.12.0 0.0.0.255 area 0
)");
  const std::size_t r2 = lab.Router(R"(interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
router ospf 1
 network 10.0.12.2 0.0.0.0 area 0
 network 2.2.2.2 0.0.0.0 area 0
)");
  EXPECT_EQ(lab.Table(r2), "");  // neither 1.1.1.1 nor 10.0.99.0/24 runs OSPF
  EXPECT_EQ(lab.Table(r1), "O 2.2.2.2/32 [110/2] via 10.0.12.2, Gi0/0\n");
}

TEST(IgpTest, MostSpecificNetworkStatementWinsWhateverTheOrder) {
  for (const char* order : {" network 10.0.0.0 0.255.255.255 area 1\n"
                            " network 10.0.12.0 0.0.0.255 area 0\n",
                            " network 10.0.12.0 0.0.0.255 area 0\n"
                            " network 10.0.0.0 0.255.255.255 area 1\n"}) {
    auto cfg =
        config::LoadConfig(DeviceKind::kRouter,
                           std::string("interface Gi0/0\n ip address 10.0.12.1 255.255.255.0\n"
                                       "router ospf 1\n") +
                               order,
                           "R1.cfg");
    ASSERT_TRUE(cfg.has_value());
    EXPECT_EQ(OspfAttachmentOf(*cfg, "Gi0/0", Ipv4(10, 0, 12, 1))->area, 0u);
    EXPECT_EQ(OspfAttachmentOf(*cfg, "Gi0/1", Ipv4(10, 0, 99, 1))->area, 1u);
    EXPECT_FALSE(OspfAttachmentOf(*cfg, "Gi0/2", Ipv4(192, 168, 1, 1)).has_value());
  }
}

TEST(IgpTest, AttachmentIsNoneWithoutIpRoutingOrInAVrf) {
  auto cfg = config::LoadConfig(DeviceKind::kRouter, R"(ip vrf RED
interface Gi0/0
 ip vrf forwarding RED
 ip address 10.0.12.1 255.255.255.0
interface Gi0/1
 ip address 10.0.13.1 255.255.255.0
router ospf 1
 network 0.0.0.0 255.255.255.255 area 0
)",
                                "R1.cfg");
  ASSERT_TRUE(cfg.has_value()) << cfg.error().ToString();
  EXPECT_FALSE(OspfAttachmentOf(*cfg, "Gi0/0", Ipv4(10, 0, 12, 1)).has_value());
  EXPECT_TRUE(OspfAttachmentOf(*cfg, "Gi0/1", Ipv4(10, 0, 13, 1)).has_value());
  cfg->ip_routing = false;
  EXPECT_FALSE(OspfAttachmentOf(*cfg, "Gi0/1", Ipv4(10, 0, 13, 1)).has_value());
}

TEST(IgpTest, DefaultCostsFollowIosReferenceBandwidth) {
  EXPECT_EQ(OspfDefaultCost("GigabitEthernet0/1"), 1u);
  EXPECT_EQ(OspfDefaultCost("gi 0/1"), 1u);
  EXPECT_EQ(OspfDefaultCost("Te1/0/1"), 1u);
  EXPECT_EQ(OspfDefaultCost("FastEthernet0/0"), 1u);
  EXPECT_EQ(OspfDefaultCost("Vlan10"), 1u);
  EXPECT_EQ(OspfDefaultCost("Port-channel1"), 1u);
  EXPECT_EQ(OspfDefaultCost("Loopback0"), 1u);
  EXPECT_EQ(OspfDefaultCost("Ethernet0/0"), 10u);
  EXPECT_EQ(OspfDefaultCost("Eth1/1"), 10u);
  EXPECT_EQ(OspfDefaultCost("Serial0/0/0"), 64u);
  EXPECT_EQ(OspfDefaultCost("eth0"), 1u);
  EXPECT_EQ(OspfDefaultCost("15/1"), 1u);
}

TEST(IgpTest, EthernetAndSerialCostsAddUpAlongThePath) {
  Lab lab;
  const std::size_t r1 = lab.Router(WithOspf(R"(interface Ethernet0/0
 ip address 10.0.12.1 255.255.255.0
)"));
  lab.Router(WithOspf(R"(interface Ethernet0/0
 ip address 10.0.12.2 255.255.255.0
interface Serial0/1
 ip address 10.0.23.2 255.255.255.0
)"));
  lab.Router(WithOspf(R"(interface Serial0/0
 ip address 10.0.23.3 255.255.255.0
interface Loopback0
 ip address 3.3.3.3 255.255.255.255
)"));
  EXPECT_EQ(lab.Table(r1),
            "O 3.3.3.3/32 [110/75] via 10.0.12.2, Ethernet0/0\n"
            "O 10.0.23.0/24 [110/74] via 10.0.12.2, Ethernet0/0\n");
}

TEST(IgpTest, SeveralProcessesAreOneDomainAndHostsTakeNoPart) {
  Lab lab;
  const std::size_t r1 = lab.Router(R"(interface Gi0/0
 ip address 10.0.12.1 255.255.255.0
router ospf 1
 network 10.0.12.0 0.0.0.255 area 0
)");
  lab.Router(R"(interface Gi0/0
 ip address 10.0.12.2 255.255.255.0
interface Gi0/1
 ip address 10.0.23.2 255.255.255.0
router ospf 2
 network 10.0.12.0 0.0.0.255 area 0
router ospf 3
 network 10.0.23.0 0.0.0.255 area 0
)");
  const std::size_t r3 = lab.Router(R"(interface Loopback0
 ip address 3.3.3.3 255.255.255.255
 ip ospf 9 area 0
interface Gi0/0
 ip address 10.0.23.3 255.255.255.0
 ip ospf 9 area 0
)");
  const std::size_t h = lab.Host(Ipv4(10, 0, 23, 10), *Prefix::Parse("10.0.23.0/24"));
  EXPECT_EQ(lab.Table(r1),
            "O 3.3.3.3/32 [110/3] via 10.0.12.2, Gi0/0\n"
            "O 10.0.23.0/24 [110/2] via 10.0.12.2, Gi0/0\n");
  EXPECT_TRUE(lab.Compute()[h].empty());
  EXPECT_EQ(lab.Table(r3), "O 10.0.12.0/24 [110/2] via 10.0.23.2, Gi0/0\n");
}

TEST(IgpTest, ResultIsDeterministicAndIndependentOfInterfaceOrder) {
  ThreeAreas a;
  const auto first = a.lab.Compute();
  EXPECT_EQ(a.lab.Compute(), first);
  for (IgpDevice& d : a.lab.devices()) {
    std::reverse(d.interfaces.begin(), d.interfaces.end());
  }
  EXPECT_EQ(a.lab.Compute(), first);
  Square s;
  const auto square = s.lab.Compute();
  for (IgpDevice& d : s.lab.devices()) {
    std::rotate(d.interfaces.begin(), d.interfaces.begin() + 1, d.interfaces.end());
  }
  EXPECT_EQ(s.lab.Compute(), square);
}

// Random single-area topologies of point-to-point links and LANs with random costs, checked
// against Floyd-Warshall: every loopback route has the shortest cost and exactly the next hops
// that start a shortest path (the four lowest-addressed).
struct Adjacency {
  std::size_t from = 0;
  std::size_t iface = 0;  // index in `from`'s config
  std::uint32_t cost = 0;
  std::size_t to = 0;
  Ipv4 address;  // `to`'s address on the segment
};

TEST(IgpTest, RandomTopologiesMatchBruteForceShortestPaths) {
  constexpr std::uint32_t kInf = 1u << 30;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    Rng rng{seed};
    const std::size_t n = static_cast<std::size_t>(rng.Between(3, 9));
    std::vector<std::string> cfgs(n);
    std::vector<std::size_t> iface_count(n, 0);
    std::vector<Adjacency> adj;
    for (std::size_t k = 0; k < n; ++k) {
      cfgs[k] =
          fmt::format("interface Loopback0\n ip address 10.255.0.{} 255.255.255.255\n", k + 1);
      iface_count[k] = 1;
    }
    const std::size_t segments = static_cast<std::size_t>(rng.Between(1, 14));
    for (std::size_t s = 0; s < segments; ++s) {
      std::vector<std::size_t> members;
      for (std::size_t k = 0; k < n; ++k) {
        if (rng.Chance(0.3)) {
          members.push_back(k);
        }
      }
      std::vector<std::pair<std::size_t, std::uint32_t>> ports;  // (iface, cost) per member
      for (const std::size_t k : members) {
        const auto cost = static_cast<std::uint32_t>(rng.Between(1, 6));
        cfgs[k] += fmt::format(
            "interface Gi0/{}\n ip address 10.{}.0.{} 255.255.255.0\n"
            " ip ospf cost {}\n",
            s, s + 1, k + 1, cost);
        ports.emplace_back(iface_count[k]++, cost);
      }
      for (std::size_t i = 0; i < members.size(); ++i) {
        for (std::size_t j = 0; j < members.size(); ++j) {
          if (i != j) {
            adj.push_back({members[i], ports[i].first, ports[i].second, members[j],
                           Ipv4(10, static_cast<std::uint8_t>(s + 1), 0,
                                static_cast<std::uint8_t>(members[j] + 1))});
          }
        }
      }
    }
    Lab lab;
    for (const std::string& c : cfgs) {
      lab.Router(WithOspf(c));
    }
    std::vector<std::vector<std::uint32_t>> d(n, std::vector<std::uint32_t>(n, kInf));
    for (std::size_t k = 0; k < n; ++k) {
      d[k][k] = 0;
    }
    for (const Adjacency& a : adj) {
      d[a.from][a.to] = std::min(d[a.from][a.to], a.cost);
    }
    for (std::size_t m = 0; m < n; ++m) {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          d[i][j] = std::min(d[i][j], d[i][m] + d[m][j]);
        }
      }
    }
    const auto routes = lab.Compute();
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t t = 0; t < n; ++t) {
        if (r == t) {
          continue;
        }
        const Prefix loop = Prefix::Make(Ipv4(10, 255, 0, static_cast<std::uint8_t>(t + 1)), 32);
        const auto it = std::find_if(routes[r].begin(), routes[r].end(),
                                     [&](const IgpRoute& x) { return x.prefix == loop; });
        SCOPED_TRACE(fmt::format("seed {} router {} -> {}", seed, r, t));
        if (d[r][t] >= kInf) {
          EXPECT_EQ(it, routes[r].end());
          continue;
        }
        ASSERT_NE(it, routes[r].end());
        EXPECT_EQ(it->cost, d[r][t] + 1);
        EXPECT_FALSE(it->inter_area);
        std::vector<IgpNextHop> want;
        for (const Adjacency& a : adj) {
          const IgpNextHop h{a.iface, a.address};
          if (a.from == r && a.cost + d[a.to][t] == d[r][t] &&
              std::find(want.begin(), want.end(), h) == want.end()) {
            want.push_back(h);
          }
        }
        std::sort(want.begin(), want.end(), [](const IgpNextHop& x, const IgpNextHop& y) {
          return std::tie(x.address, x.iface) < std::tie(y.address, y.iface);
        });
        want.resize(std::min(want.size(), kIgpMaximumPaths));
        EXPECT_EQ(it->next_hops, want);
      }
    }
  }
}

}  // namespace
}  // namespace mc::sim
