// Unicast routing commands: static routes and mroutes, OSPF processes and interface OSPF;
// positive cases, errors and `no` forms.
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

TEST(IpRoute, NextHopInterfaceBothAndDistance) {
  const DeviceConfig cfg = Load(
      "ip route 0.0.0.0 0.0.0.0 10.0.0.2\n"
      "ip route 10.1.0.0 255.255.0.0 Gi0/0\n"
      "ip route 10.2.0.0 255.255.0.0 gigabitethernet 0/1 10.0.1.2 200\n"
      "ip route 10.3.0.0 255.255.0.0 10.0.0.3 5\n"
      "ip route 10.4.0.0 255.255.0.0 Null0\n");
  ASSERT_EQ(cfg.static_routes.size(), 5u);
  const std::vector<StaticRoute>& r = cfg.static_routes;
  EXPECT_EQ(r[0], (StaticRoute{Prefix::Make(Ipv4{}, 0), "", Ipv4{10, 0, 0, 2}, 1}));
  EXPECT_EQ(r[1], (StaticRoute{Prefix::Make(Ipv4{10, 1, 0, 0}, 16), "Gi0/0", std::nullopt, 1}));
  EXPECT_EQ(r[2], (StaticRoute{Prefix::Make(Ipv4{10, 2, 0, 0}, 16), "gigabitethernet0/1",
                               Ipv4{10, 0, 1, 2}, 200}));
  EXPECT_EQ(r[3].distance, 5);
  EXPECT_EQ(r[4].interface, "Null0");
}

TEST(IpRoute, SameRouteAgainReplacesItsDistance) {
  const DeviceConfig cfg =
      Load("ip route 10.0.0.0 255.0.0.0 10.0.0.2\nip route 10.0.0.0 255.0.0.0 10.0.0.2 50\n");
  ASSERT_EQ(cfg.static_routes.size(), 1u);
  EXPECT_EQ(cfg.static_routes[0].distance, 50);
}

TEST(IpRoute, Errors) {
  EXPECT_EQ(ErrorOf("ip route 10.0.0.1 255.0.0.0 10.0.0.2\n"),
            "R1.cfg:1: invalid argument \"10.0.0.1\": inconsistent address and mask: "
            "'ip route 10.0.0.1 255.0.0.0 10.0.0.2'");
  EXPECT_EQ(MessageOf("ip route 10.0.0.0 255.0.0.0 x.x.x.x\n"),
            "invalid argument \"x.x.x.x\": expected a next-hop address or an interface");
  EXPECT_EQ(MessageOf("ip route 10.0.0.0 255.0.0.0 10.0.0.2 10.0.0.3\n"),
            "invalid argument \"10.0.0.3\": expected a number (1-255)");
  EXPECT_EQ(MessageOf("ip route 10.0.0.0 255.0.0.0 10.0.0.2 256\n"),
            "invalid argument \"256\": expected a number (1-255)");
  EXPECT_EQ(MessageOf("ip route 10.0.0.0 255.0.0.0\n"),
            "incomplete command: expected a next-hop address or an interface");
  EXPECT_EQ(MessageOf("ip route 10.0.0.0 0.255.0.0 10.0.0.2\n"),
            "invalid argument \"0.255.0.0\": expected a subnet mask");
  EXPECT_EQ(MessageOf("ip rout 10.0.0.0 255.0.0.0 10.0.0.2\n"),
            "ambiguous command: \"rout\" could be route, routing");
}

TEST(IpRoute, NoForms) {
  const std::string base =
      "ip route 10.0.0.0 255.0.0.0 10.0.0.2\n"
      "ip route 10.0.0.0 255.0.0.0 10.0.0.3\n"
      "ip route 11.0.0.0 255.0.0.0 Gi0/0\n";
  const DeviceConfig one = Load(base + "no ip route 10.0.0.0 255.0.0.0 10.0.0.3\n");
  ASSERT_EQ(one.static_routes.size(), 2u);
  EXPECT_EQ(one.static_routes[0].next_hop, (Ipv4{10, 0, 0, 2}));
  const DeviceConfig prefix = Load(base + "no ip route 10.0.0.0 255.0.0.0\n");
  ASSERT_EQ(prefix.static_routes.size(), 1u);
  EXPECT_EQ(prefix.static_routes[0].interface, "Gi0/0");
  const DeviceConfig by_if = Load(base + "no ip route 11.0.0.0 255.0.0.0 GigabitEthernet0/0\n");
  EXPECT_EQ(by_if.static_routes.size(), 2u);
  EXPECT_EQ(MessageOf("no ip route 10.0.0.0\n"), "incomplete command: expected a subnet mask");
  EXPECT_EQ(MessageOf("no ip route\n"), "incomplete command: expected vrf, an IPv4 address");
}

TEST(IpMroute, RpfNeighborOrInterfaceAndDistance) {
  const DeviceConfig cfg = Load(
      "ip mroute 10.1.0.0 255.255.0.0 10.0.0.1\n"
      "ip mroute 0.0.0.0 0.0.0.0 Tunnel0 10\n"
      "ip mroute 10.2.0.0 255.255.0.0 10.0.0.9\n"
      "no ip mroute 10.2.0.0 255.255.0.0\n");
  ASSERT_EQ(cfg.static_mroutes.size(), 2u);
  EXPECT_EQ(cfg.static_mroutes[0],
            (StaticMroute{Prefix::Make(Ipv4{10, 1, 0, 0}, 16), "", Ipv4{10, 0, 0, 1}, 0}));
  EXPECT_EQ(cfg.static_mroutes[1],
            (StaticMroute{Prefix::Make(Ipv4{}, 0), "Tunnel0", std::nullopt, 10}));
  EXPECT_EQ(MessageOf("ip mroute 10.1.0.0 255.255.0.0\n"),
            "incomplete command: expected a next-hop address or an interface");
  EXPECT_EQ(MessageOf("ip mroute 10.1.0.1 255.255.0.0 10.0.0.1\n"),
            "invalid argument \"10.1.0.1\": inconsistent address and mask");
}

TEST(RouterOspf, NetworksRouterIdAndPassiveInterfaces) {
  const DeviceConfig cfg = Load(
      "router ospf 1\n"
      " router-id 1.1.1.1\n"
      " passive-interface Gi0/2\n"
      " passive-interface Loopback0\n"
      " no passive-interface lo0\n"
      " network 10.0.0.0 0.0.0.255 area 0\n"
      " network 10.1.0.1 0.0.0.0 area 0.0.0.1\n"
      " network 10.2.0.0 0.0.255.255 area 5\n"
      " no network 10.2.0.0 0.0.255.255 area 5\n");
  const OspfProcess& p = cfg.ospf.at(1);
  EXPECT_EQ(p.router_id, (Ipv4{1, 1, 1, 1}));
  EXPECT_EQ(p.passive_interfaces, (std::vector<std::string>{"Gi0/2"}));
  EXPECT_TRUE(p.IsPassive("GigabitEthernet0/2"));
  EXPECT_FALSE(p.IsPassive("Loopback0"));
  ASSERT_EQ(p.networks.size(), 2u);
  EXPECT_EQ(p.networks[1].area, 1u);
  EXPECT_TRUE(p.networks[0].Matches(Ipv4{10, 0, 0, 77}));
  EXPECT_FALSE(p.networks[0].Matches(Ipv4{10, 0, 1, 77}));
  EXPECT_TRUE(p.networks[1].Matches(Ipv4{10, 1, 0, 1}));
  EXPECT_FALSE(p.networks[1].Matches(Ipv4{10, 1, 0, 2}));
}

TEST(RouterOspf, PassiveInterfaceDefault) {
  const DeviceConfig cfg =
      Load("router ospf 2\n passive-interface default\n no passive-interface Gi0/0\n");
  const OspfProcess& p = cfg.ospf.at(2);
  EXPECT_TRUE(p.passive_default);
  EXPECT_FALSE(p.IsPassive("Gi0/0"));
  EXPECT_TRUE(p.IsPassive("Gi0/1"));
  EXPECT_FALSE(Load("router ospf 2\n passive-interface default\n no passive-interface default\n")
                   .ospf.at(2)
                   .passive_default);
}

TEST(RouterOspf, ErrorsAndNoRouterOspf) {
  EXPECT_EQ(ErrorOf("router ospf 0\n"),
            "R1.cfg:1: invalid argument \"0\": expected a number (1-65535): 'router ospf 0'");
  EXPECT_EQ(MessageOf("router ospf 1\n network 10.0.0.0 0.0.0.255\n"),
            "incomplete command: expected \"area\"");
  EXPECT_EQ(MessageOf("router ospf 1\n network 10.0.0.0 0.0.0.255 area x\n"),
            "invalid argument \"x\": expected an OSPF area ID");
  EXPECT_EQ(MessageOf("router ospf 1\n router-id 1.1.1\n"),
            "invalid argument \"1.1.1\": expected an IPv4 address");
  EXPECT_EQ(MessageOf("router ospf 1\n no passive-interface\n"),
            "incomplete command: expected default, an interface name");
  EXPECT_TRUE(Load("router ospf 1\nrouter ospf 2\nno router ospf 1\n").ospf.contains(2));
  EXPECT_FALSE(Load("router ospf 1\nno router ospf 1\n").ospf.contains(1));
}

TEST(IpOspf, InterfaceAreaCreatesTheProcessAndCost) {
  const DeviceConfig cfg = Load("interface Gi0/0\n ip ospf 7 area 0\n ip ospf cost 10\n");
  EXPECT_EQ(cfg.interfaces[0].ospf, (OspfInterfaceArea{7, 0}));
  EXPECT_EQ(cfg.interfaces[0].ospf_cost, 10u);
  EXPECT_TRUE(cfg.ospf.contains(7));
  const DeviceConfig none = Load(
      "interface Gi0/0\n ip ospf 7 area 0\n ip ospf cost 10\n no ip ospf 7 area 0\n"
      " no ip ospf cost\n");
  EXPECT_FALSE(none.interfaces[0].ospf);
  EXPECT_FALSE(none.interfaces[0].ospf_cost);
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip ospf cost 0\n"),
            "invalid argument \"0\": expected a number (1-65535)");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip ospf 1 area\n"),
            "incomplete command: expected an OSPF area ID");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip ospf 1 zone 0\n"),
            "invalid argument \"zone\": expected \"area\"");
}

}  // namespace
}  // namespace mc::config
