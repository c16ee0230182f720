// RenderRunningConfig: the IOS layout (golden text), only non-default settings per device kind,
// and the round trip Load(Render(cfg)) == cfg, also as a rapidcheck property over configs built
// from random command sequences.
#include "config/render.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::Load;

// The body after the "Current configuration" line; checks the header and its byte count.
std::string BodyOf(const std::string& rendered) {
  const std::string head = "Building configuration...\n\nCurrent configuration : ";
  EXPECT_TRUE(rendered.starts_with(head)) << rendered;
  const std::size_t nl = rendered.find('\n', head.size());
  const std::string body = rendered.substr(nl + 1);
  EXPECT_EQ(rendered.substr(head.size(), nl - head.size()), fmt::format("{} bytes", body.size()));
  return body;
}

void ExpectRoundTrip(const DeviceConfig& cfg) {
  const std::string text = RenderRunningConfig(cfg);
  Result<DeviceConfig, ConfigError> back = LoadConfig(cfg.kind, text, "running-config");
  ASSERT_TRUE(back.has_value()) << back.error().ToString() << "\n" << text;
  EXPECT_EQ(*back, cfg) << text;
  EXPECT_EQ(RenderRunningConfig(*back), text);
}

constexpr std::string_view kRouterConfig =
    "hostname R1\n"
    "ip vrf proxy\n rd 100:104\n"
    "ip multicast-routing\n"
    "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n ip ospf 1 area 0\n"
    "interface Gi0/0\n description to SW1\n ip address 10.0.0.1 255.255.255.0\n"
    " ip address 10.0.1.1 255.255.255.0 secondary\n ip ospf cost 10\n shutdown\n"
    "interface Vlan3502\n ip vrf forwarding proxy\n ip address 198.18.1.1 255.255.255.0\n"
    "router ospf 1\n router-id 1.1.1.1\n passive-interface Loopback0\n"
    " network 10.0.0.0 0.0.0.255 area 0\n"
    "ip route 0.0.0.0 0.0.0.0 10.0.0.2\n"
    "ip route 10.5.0.0 255.255.0.0 Gi0/0 10.0.0.5 200\n"
    "ip mroute 10.9.0.0 255.255.0.0 10.0.0.3\n"
    "access-list 1 permit 239.1.1.0 0.0.0.255\n"
    "access-list 1 deny any\n"
    "ip access-list standard SSM\n permit 232.0.0.0 0.255.255.255\n";

TEST(Render, RouterGolden) {
  EXPECT_EQ(BodyOf(RenderRunningConfig(Load(kRouterConfig))),
            "!\n"
            "hostname R1\n"
            "!\n"
            "ip vrf proxy\n"
            " rd 100:104\n"
            "!\n"
            "ip multicast-routing\n"
            "!\n"
            "interface Loopback0\n"
            " ip address 1.1.1.1 255.255.255.255\n"
            " ip ospf 1 area 0\n"
            "!\n"
            "interface Gi0/0\n"
            " description to SW1\n"
            " ip address 10.0.0.1 255.255.255.0\n"
            " ip address 10.0.1.1 255.255.255.0 secondary\n"
            " ip ospf cost 10\n"
            " shutdown\n"
            "!\n"
            "interface Vlan3502\n"
            " ip vrf forwarding proxy\n"
            " ip address 198.18.1.1 255.255.255.0\n"
            "!\n"
            "router ospf 1\n"
            " router-id 1.1.1.1\n"
            " passive-interface Loopback0\n"
            " network 10.0.0.0 0.0.0.255 area 0\n"
            "!\n"
            "ip route 0.0.0.0 0.0.0.0 10.0.0.2\n"
            "ip route 10.5.0.0 255.255.0.0 Gi0/0 10.0.0.5 200\n"
            "ip mroute 10.9.0.0 255.255.0.0 10.0.0.3\n"
            "!\n"
            "ip access-list standard SSM\n"
            " permit 232.0.0.0 0.255.255.255\n"
            "!\n"
            "access-list 1 permit 239.1.1.0 0.0.0.255\n"
            "access-list 1 deny any\n"
            "!\n"
            "end\n");
  ExpectRoundTrip(Load(kRouterConfig));
}

constexpr std::string_view kSwitchConfig =
    "hostname SW1\n"
    "ip routing\n"
    "spanning-tree mode rapid-pvst\n"
    "spanning-tree vlan 10,20 priority 4096\n"
    "vlan 10\n name Users\n"
    "vlan 20\n"
    "interface Gi1/0/1\n switchport mode access\n switchport access vlan 10\n"
    " spanning-tree portfast\n"
    "interface Gi1/0/2\n switchport trunk encapsulation dot1q\n switchport trunk native vlan 99\n"
    " switchport trunk allowed vlan 10,20-22\n switchport mode trunk\n spanning-tree cost 4\n"
    "interface Gi1/0/3\n no switchport\n ip address 10.9.0.1 255.255.255.252\n"
    "interface Vlan10\n ip address 10.10.0.1 255.255.255.0\n"
    "ip default-gateway 10.9.0.2\n";

TEST(Render, SwitchGoldenPrintsOnlyNonDefaults) {
  EXPECT_EQ(BodyOf(RenderRunningConfig(Load(kSwitchConfig, DeviceKind::kSwitch))),
            "!\n"
            "hostname SW1\n"
            "ip routing\n"
            "!\n"
            "spanning-tree mode rapid-pvst\n"
            "spanning-tree vlan 10,20 priority 4096\n"
            "!\n"
            "vlan 10\n"
            " name Users\n"
            "!\n"
            "vlan 20\n"
            "!\n"
            "interface Gi1/0/1\n"
            " switchport access vlan 10\n"
            " switchport mode access\n"
            " spanning-tree portfast\n"
            "!\n"
            "interface Gi1/0/2\n"
            " switchport trunk encapsulation dot1q\n"
            " switchport trunk native vlan 99\n"
            " switchport trunk allowed vlan 10,20-22\n"
            " switchport mode trunk\n"
            " spanning-tree cost 4\n"
            "!\n"
            "interface Gi1/0/3\n"
            " no switchport\n"
            " ip address 10.9.0.1 255.255.255.252\n"
            "!\n"
            "interface Vlan10\n"
            " ip address 10.10.0.1 255.255.255.0\n"
            "!\n"
            "ip default-gateway 10.9.0.2\n"
            "!\n"
            "end\n");
  ExpectRoundTrip(Load(kSwitchConfig, DeviceKind::kSwitch));
}

TEST(Render, DefaultConfigsAreEmptyPerKind) {
  for (const DeviceKind kind : {DeviceKind::kRouter, DeviceKind::kSwitch, DeviceKind::kHost}) {
    EXPECT_EQ(BodyOf(RenderRunningConfig(DeviceConfig(kind))), "!\nend\n");
  }
  EXPECT_EQ(BodyOf(RenderRunningConfig(Load("no ip routing\n"))), "!\nno ip routing\n!\nend\n");
  EXPECT_EQ(BodyOf(RenderRunningConfig(Load("ip routing\n", DeviceKind::kHost))),
            "!\nip routing\n!\nend\n");
}

TEST(Render, RoundTripsOfEdgeCases) {
  ExpectRoundTrip(Load("ip access-list standard 7\n"));  // an empty numbered list
  ExpectRoundTrip(Load("interface Gi0/0\n switchport\n"));
  ExpectRoundTrip(Load("interface Gi0/0\n switchport trunk allowed vlan none\n"));
  ExpectRoundTrip(Load("router ospf 3\n passive-interface default\n no passive-interface Gi0/0\n"));
  ExpectRoundTrip(Load("interface Gi0/0\n ip ospf 9 area 0.0.0.5\n"));
  ExpectRoundTrip(
      Load("access-list 2 remark  spaced  remark\naccess-list 10 permit host 1.2.3.4\n"));
  ExpectRoundTrip(Load("interface gigabitethernet 2/46\n description x\n"));
  ExpectRoundTrip(Load("ip vrf a\nip vrf b\nip multicast-routing vrf b\n"));
  ExpectRoundTrip(Load("ip mroute 0.0.0.0 0.0.0.0 Tunnel0 10\n"));
  ExpectRoundTrip(Load("vlan 1-4094\n", DeviceKind::kSwitch));
}

TEST(Render, VlanListsAndPrioritiesAreCompressed) {
  const DeviceConfig cfg = Load(
      "vlan 20-22\nvlan 30\nvlan 25\n name Mid\n"
      "spanning-tree vlan 1-3 priority 8192\nspanning-tree vlan 7 priority 4096\n",
      DeviceKind::kSwitch);
  EXPECT_EQ(BodyOf(RenderRunningConfig(cfg)),
            "!\n"
            "spanning-tree vlan 7 priority 4096\n"
            "spanning-tree vlan 1-3 priority 8192\n"
            "!\n"
            "vlan 20-22\n"
            "!\n"
            "vlan 25\n"
            " name Mid\n"
            "!\n"
            "vlan 30\n"
            "!\n"
            "end\n");
  ExpectRoundTrip(cfg);
}

// --- Property: configs reached by random command sequences survive Render -> Load. -----------

rc::Gen<std::string> GenAddress() {
  return rc::gen::map(
      rc::gen::tuple(rc::gen::inRange(0, 4), rc::gen::inRange(0, 4), rc::gen::inRange(0, 256)),
      [](const std::tuple<int, int, int>& t) {
        return fmt::format("10.{}.{}.{}", std::get<0>(t), std::get<1>(t), std::get<2>(t));
      });
}

rc::Gen<int> GenLength() { return rc::gen::element(0, 8, 16, 24, 30, 31, 32); }

std::string MaskText(int len) {
  return Prefix::Make(Ipv4{}, static_cast<std::uint8_t>(len)).mask().ToString();
}

// "P M" with no host bits set in P.
rc::Gen<std::string> GenPrefix() {
  return rc::gen::map(rc::gen::tuple(GenAddress(), GenLength()),
                      [](const std::tuple<std::string, int>& t) {
                        const auto len = static_cast<std::uint8_t>(std::get<1>(t));
                        const Prefix p = Prefix::Make(*Ipv4::Parse(std::get<0>(t)), len);
                        return fmt::format("{} {}", p.address(), p.mask());
                      });
}

rc::Gen<std::string> GenInterface() {
  return rc::gen::element<std::string>("Gi0/0", "GigabitEthernet0/0", "gi0/1", "Gi1/0/1", "Vlan10",
                                       "Loopback0", "eth0", "15/1", "Te1/0/1", "Tunnel0");
}

rc::Gen<std::string> GenVlans() {
  return rc::gen::element<std::string>("1", "10", "20", "4094", "10,20", "5-7", "1-4094");
}

rc::Gen<std::string> GenAclSource() {
  return rc::gen::oneOf(rc::gen::just<std::string>("any"),
                        rc::gen::map(GenAddress(), [](std::string a) { return "host " + a; }),
                        GenAddress(),
                        rc::gen::map(GenAddress(), [](std::string a) { return a + " 0.0.3.255"; }));
}

rc::Gen<std::string> GenInterfaceLine() {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::element<std::string>("uplink", "to R2  via  SW", "x"),
                   [](std::string d) { return "description " + d; }),
      rc::gen::map(rc::gen::tuple(GenAddress(), GenLength(), rc::gen::arbitrary<bool>()),
                   [](const std::tuple<std::string, int, bool>& t) {
                     return fmt::format("ip address {} {}{}", std::get<0>(t),
                                        MaskText(std::get<1>(t)),
                                        std::get<2>(t) ? " secondary" : "");
                   }),
      rc::gen::element<std::string>(
          "no ip address", "shutdown", "no shutdown", "switchport", "no switchport",
          "switchport mode access", "switchport mode trunk", "no switchport mode",
          "switchport trunk encapsulation dot1q", "spanning-tree portfast", "spanning-tree cost 19",
          "no spanning-tree cost", "ip vrf forwarding red", "no ip vrf forwarding",
          "ip ospf 1 area 0", "ip ospf 2 area 7", "ip ospf cost 5", "no ip ospf cost",
          "switchport trunk allowed vlan none", "switchport trunk allowed vlan all"),
      rc::gen::map(GenVlans(), [](std::string v) { return "switchport trunk allowed vlan " + v; }),
      rc::gen::map(GenVlans(),
                   [](std::string v) { return "switchport trunk allowed vlan add " + v; }),
      rc::gen::map(GenVlans(),
                   [](std::string v) { return "switchport trunk allowed vlan remove " + v; }),
      rc::gen::map(rc::gen::inRange(1, 4095),
                   [](int v) { return fmt::format("switchport access vlan {}", v); }),
      rc::gen::map(rc::gen::inRange(1, 4095),
                   [](int v) { return fmt::format("switchport trunk native vlan {}", v); }));
}

rc::Gen<std::string> GenGlobalLine() {
  return rc::gen::oneOf(
      rc::gen::element<std::string>("hostname R1", "no hostname", "ip routing", "no ip routing",
                                    "ip multicast-routing", "ip multicast-routing vrf red",
                                    "spanning-tree mode mst", "spanning-tree mode rapid-pvst",
                                    "no access-list 1", "no ip vrf red"),
      rc::gen::map(GenAddress(), [](std::string a) { return "ip default-gateway " + a; }),
      rc::gen::map(rc::gen::tuple(GenVlans(), rc::gen::inRange(0, 16)),
                   [](const std::tuple<std::string, int>& t) {
                     return fmt::format("spanning-tree vlan {} priority {}", std::get<0>(t),
                                        std::get<1>(t) * 4096);
                   }),
      rc::gen::map(rc::gen::tuple(GenPrefix(), GenAddress(), rc::gen::inRange(0, 3)),
                   [](const std::tuple<std::string, std::string, int>& t) {
                     return fmt::format("ip route {} {}{}", std::get<0>(t), std::get<1>(t),
                                        std::get<2>(t) == 0 ? " 7" : "");
                   }),
      rc::gen::map(rc::gen::tuple(GenPrefix(), GenInterface()),
                   [](const std::tuple<std::string, std::string>& t) {
                     return fmt::format("ip route {} {} 10.0.0.1", std::get<0>(t), std::get<1>(t));
                   }),
      rc::gen::map(GenPrefix(), [](std::string p) { return "no ip route " + p; }),
      rc::gen::map(rc::gen::tuple(GenPrefix(), GenInterface()),
                   [](const std::tuple<std::string, std::string>& t) {
                     return fmt::format("ip mroute {} {} 3", std::get<0>(t), std::get<1>(t));
                   }),
      rc::gen::map(rc::gen::tuple(rc::gen::element<std::string>("1", "2", "1300"),
                                  rc::gen::element<std::string>("permit", "deny"), GenAclSource()),
                   [](const std::tuple<std::string, std::string, std::string>& t) {
                     return fmt::format("access-list {} {} {}", std::get<0>(t), std::get<1>(t),
                                        std::get<2>(t));
                   }),
      rc::gen::map(GenVlans(), [](std::string v) { return "no vlan " + v; }));
}

// A block: a header and its sub-commands, as config text.
rc::Gen<std::string> GenBlock() {
  const auto block = [](rc::Gen<std::string> header, rc::Gen<std::string> sub) {
    return rc::gen::map(
        rc::gen::tuple(header,
                       rc::gen::scale(0.1, rc::gen::container<std::vector<std::string>>(sub))),
        [](const std::tuple<std::string, std::vector<std::string>>& t) {
          std::string text = std::get<0>(t) + "\n";
          for (const std::string& line : std::get<1>(t)) {
            text += " " + line + "\n";
          }
          return text;
        });
  };
  const auto prefixed = [](std::string prefix, rc::Gen<std::string> g) {
    return rc::gen::map(g, [prefix](std::string s) { return prefix + s; });
  };
  return rc::gen::oneOf(
      rc::gen::map(GenGlobalLine(), [](std::string l) { return l + "\n"; }),
      block(prefixed("interface ", GenInterface()), GenInterfaceLine()),
      block(
          rc::gen::element<std::string>("router ospf 1", "router ospf 2"),
          rc::gen::oneOf(
              prefixed("router-id ", GenAddress()), prefixed("passive-interface ", GenInterface()),
              prefixed("no passive-interface ", GenInterface()),
              rc::gen::element<std::string>("passive-interface default",
                                            "no passive-interface default"),
              rc::gen::map(GenAddress(),
                           [](std::string a) { return "network " + a + " 0.0.0.255 area 0"; }))),
      block(rc::gen::element<std::string>("ip vrf red", "ip vrf blue"),
            rc::gen::element<std::string>("rd 100:1", "rd 10.0.0.1:7", "no rd")),
      block(prefixed("vlan ", GenVlans()),
            rc::gen::element<std::string>("name Users", "name Lab", "no name")),
      block(
          rc::gen::element<std::string>("ip access-list standard RP", "ip access-list standard 5"),
          rc::gen::oneOf(prefixed("permit ", GenAclSource()), prefixed("deny ", GenAclSource()),
                         rc::gen::just<std::string>("remark the  RP groups"))));
}

RC_GTEST_PROP(Render, RandomConfigsRoundTrip, ()) {
  const DeviceKind kind =
      *rc::gen::element(DeviceKind::kRouter, DeviceKind::kSwitch, DeviceKind::kHost);
  const std::vector<std::string> blocks =
      *rc::gen::scale(0.5, rc::gen::container<std::vector<std::string>>(GenBlock()));
  DeviceConfig cfg(kind);
  for (const std::string& block : blocks) {
    Result<std::vector<ConfigLine>, ConfigError> lines = ParseConfig(block, "gen.cfg");
    RC_ASSERT(lines.has_value());
    static_cast<void>(Apply(cfg, *lines));  // semantic rejections leave a valid config too
  }
  const std::string text = RenderRunningConfig(cfg);
  RC_CLASSIFY(!cfg.interfaces.empty(), "interfaces");
  RC_CLASSIFY(!cfg.static_routes.empty(), "routes");
  RC_CLASSIFY(!cfg.access_lists.empty(), "acls");
  Result<DeviceConfig, ConfigError> back = LoadConfig(kind, text, "running-config");
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == cfg);
  RC_ASSERT(RenderRunningConfig(*back) == text);
}

}  // namespace
}  // namespace mc::config
