// Devices: ARP and ping across a router (connected and static routes, TTL), show output, a
// switch keeping VLANs apart, and `conf` changes at run time.
#include "sim/emu/device.h"

#include <gtest/gtest.h>

#include "sim/emu/network.h"
#include "sim/emu/test_util.h"

namespace mc::sim {
namespace {

using config::DeviceKind;
using testing::Host;
using testing::MakeDevice;
using testing::RunPing;
using testing::StartAll;

// H1 (10.0.1.10) - R1 - H2 (10.0.2.10).
struct RoutedLab {
  Network net{1};
  std::size_t h1 = 0, r1 = 0, h2 = 0;
  RoutedLab() {
    h1 = net.AddDevice(Host("H1", "10.0.1.10", "10.0.1.1", 1));
    r1 = net.AddDevice(MakeDevice("R1", DeviceKind::kRouter,
                                  "interface Gi0/0\n ip address 10.0.1.1 255.255.255.0\n"
                                  "interface Gi0/1\n ip address 10.0.2.1 255.255.255.0\n",
                                  {{"Gi0/0", true, false}, {"Gi0/1", true, false}}, 2));
    h2 = net.AddDevice(Host("H2", "10.0.2.10", "10.0.2.1", 3));
    EXPECT_TRUE(net.AddLink({{h1, "eth0"}, {r1, "GigabitEthernet0/0"}}, kDefaultLinkDelay, 0));
    EXPECT_TRUE(net.AddLink({{r1, "gi 0/1"}, {h2, "eth0"}}, kDefaultLinkDelay, 0));
    StartAll(net, 2);
  }
};

TEST(DeviceTest, HostsPingThroughARouter) {
  RoutedLab lab;
  const std::string out = RunPing(lab.net, lab.h1, "10.0.2.10");
  EXPECT_NE(out.find("Sending 5, 100-byte ICMP Echos to 10.0.2.10, timeout is 2 seconds:\n!!!!!\n"
                     "Success rate is 100 percent (5/5)"),
            std::string::npos)
      << out;
  // The router answers for its own far-side address too.
  EXPECT_NE(RunPing(lab.net, lab.h1, "10.0.2.1", 1).find("(1/1)"), std::string::npos);
  // Nobody owns 10.0.2.99: ARP fails and the echoes time out.
  EXPECT_NE(RunPing(lab.net, lab.h1, "10.0.2.99", 2, std::chrono::milliseconds{500})
                .find("..\nSuccess rate is 0 percent (0/2)\n"),
            std::string::npos);
}

TEST(DeviceTest, RouterShowsConnectedAndLocalRoutes) {
  RoutedLab lab;
  const std::string routes = *lab.net.device(lab.r1).Show("ip route");
  EXPECT_NE(routes.find("      10.0.0.0/8 is variably subnetted, 4 subnets, 2 masks\n"
                        "C        10.0.1.0/24 is directly connected, Gi0/0\n"
                        "L        10.0.1.1/32 is directly connected, Gi0/0\n"),
            std::string::npos)
      << routes;
  EXPECT_NE(routes.find("Gateway of last resort is not set"), std::string::npos);
  EXPECT_NE(lab.net.device(lab.r1).Show("ip int br"), std::nullopt);
  EXPECT_EQ(lab.net.device(lab.r1).Show("ip bgp"), std::nullopt);  // not a command we have
  const std::string host = *lab.net.device(lab.h1).Show("ip route");
  EXPECT_NE(host.find("Default gateway is 10.0.1.1"), std::string::npos) << host;
}

TEST(DeviceTest, ShutdownByConfRemovesTheRouteAndNoShutRestoresIt) {
  RoutedLab lab;
  Device& r1 = lab.net.device(lab.r1);
  const std::vector<config::ConfigLine> down = {{"scenario.txt", 1, "interface Gi0/1", {}},
                                                {"scenario.txt", 1, "shutdown", {}}};
  ASSERT_TRUE(r1.Configure(lab.net.now(), down).has_value());
  EXPECT_EQ(r1.Show("ip route")->find("10.0.2.0/24"), std::string::npos);
  EXPECT_NE(r1.Show("ip interface brief")->find("administratively down"), std::string::npos);
  EXPECT_NE(RunPing(lab.net, lab.h1, "10.0.2.10", 1, std::chrono::milliseconds{200}).find("(0/1)"),
            std::string::npos);
  const std::vector<config::ConfigLine> up = {{"scenario.txt", 2, "interface Gi0/1", {}},
                                              {"scenario.txt", 2, "no shutdown", {}}};
  ASSERT_TRUE(r1.Configure(lab.net.now(), up).has_value());
  EXPECT_NE(RunPing(lab.net, lab.h1, "10.0.2.10", 1).find("(1/1)"), std::string::npos);
}

TEST(DeviceTest, SwitchKeepsVlansApart) {
  Network net(1);
  const std::size_t sw = net.AddDevice(MakeDevice(
      "SW", DeviceKind::kSwitch,
      "interface Gi0/1\n switchport access vlan 10\ninterface Gi0/2\n switchport access vlan 10\n"
      "interface Gi0/3\n switchport access vlan 20\n",
      {{"Gi0/1", true, false}, {"Gi0/2", true, false}, {"Gi0/3", true, false}}, 1));
  const std::size_t a = net.AddDevice(Host("A", "10.0.0.1", "", 2));
  const std::size_t b = net.AddDevice(Host("B", "10.0.0.2", "", 3));
  const std::size_t c = net.AddDevice(Host("C", "10.0.0.3", "", 4));
  ASSERT_TRUE(net.AddLink({{sw, "Gi0/1"}, {a, "eth0"}}, kDefaultLinkDelay, 0));
  ASSERT_TRUE(net.AddLink({{sw, "Gi0/2"}, {b, "eth0"}}, kDefaultLinkDelay, 0));
  ASSERT_TRUE(net.AddLink({{sw, "Gi0/3"}, {c, "eth0"}}, kDefaultLinkDelay, 0));
  StartAll(net, 3);
  EXPECT_NE(RunPing(net, a, "10.0.0.2").find("(5/5)"), std::string::npos);
  // Same subnet, other VLAN: the ARP broadcast never reaches C.
  EXPECT_NE(RunPing(net, a, "10.0.0.3", 1, std::chrono::milliseconds{500}).find("(0/1)"),
            std::string::npos);
  EXPECT_EQ(net.device(c).Counters(0).frames_out, 0u);  // no ARP request reached C
  const std::string macs = *net.device(sw).Show("mac address-table");
  EXPECT_NE(macs.find("  10    5254.0000.0201    DYNAMIC     Gi0/1\n"), std::string::npos) << macs;
  EXPECT_NE(macs.find("  10    5254.0000.0301    DYNAMIC     Gi0/2\n"), std::string::npos) << macs;
}

}  // namespace
}  // namespace mc::sim
