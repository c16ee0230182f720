// System and addressing commands: each command's positive case, its main error, `no` forms,
// and the defaults per device kind.
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

TEST(Defaults, RouterRoutesAndItsPortsAreRoutedAndUp) {
  const DeviceConfig cfg = Load("interface Gi0/0\n");
  EXPECT_TRUE(cfg.ip_routing);
  EXPECT_FALSE(cfg.multicast_routing);
  EXPECT_EQ(cfg.stp_mode, StpMode::kPvst);
  ASSERT_EQ(cfg.interfaces.size(), 1u);
  EXPECT_FALSE(cfg.interfaces[0].switchport);
  EXPECT_FALSE(cfg.interfaces[0].shutdown);
  EXPECT_EQ(cfg.interfaces[0].access_vlan, 1);
  EXPECT_TRUE(cfg.interfaces[0].trunk_allowed_vlans.IsAll());
}

TEST(Defaults, SwitchDoesNotRouteAndPhysicalPortsAreSwitchports) {
  const DeviceConfig cfg = Load("interface Gi1/0/1\ninterface Vlan10\n", DeviceKind::kSwitch);
  EXPECT_FALSE(cfg.ip_routing);
  EXPECT_TRUE(cfg.FindInterface("Gi1/0/1")->switchport);
  EXPECT_FALSE(cfg.FindInterface("Vlan10")->switchport);
  // A port only a link names has the same defaults.
  EXPECT_TRUE(cfg.DefaultInterface("Gi1/0/2").switchport);
  EXPECT_FALSE(cfg.DefaultInterface("Loopback0").switchport);
}

TEST(Defaults, HostDoesNotRouteAndItsPortIsRouted) {
  const DeviceConfig cfg = Load("interface eth0\n", DeviceKind::kHost);
  EXPECT_FALSE(cfg.ip_routing);
  EXPECT_FALSE(cfg.FindInterface("eth0")->switchport);
}

TEST(Hostname, SetsAndNoClears) {
  EXPECT_EQ(Load("hostname R1\n").hostname, "R1");
  EXPECT_EQ(Load("hostname R1\nno hostname\n").hostname, "");
  EXPECT_EQ(ErrorOf("hostname\n"), "R1.cfg:1: incomplete command: expected a name: 'hostname'");
}

TEST(IpRouting, NoFormTurnsItOffAndOnTurnsItBack) {
  EXPECT_FALSE(Load("no ip routing\n").ip_routing);
  EXPECT_TRUE(Load("no ip routing\nip routing\n").ip_routing);
  EXPECT_TRUE(Load("ip routing\n", DeviceKind::kSwitch).ip_routing);
}

TEST(DefaultGateway, SetsAndRejectsAPlaceholderAddress) {
  EXPECT_EQ(Load("ip default-gateway 10.0.0.1\n").default_gateway, (Ipv4{10, 0, 0, 1}));
  EXPECT_FALSE(Load("ip default-gateway 10.0.0.1\nno ip default-gateway\n").default_gateway);
  EXPECT_EQ(ErrorOf("no ip routing\nip default-gateway x.x.x.x\n"),
            "R1.cfg:2: invalid argument \"x.x.x.x\": expected an IPv4 address: "
            "'ip default-gateway x.x.x.x'");
}

TEST(Interface, TwoWordNamesAndAbbreviationsFindTheSameInterface) {
  const DeviceConfig cfg = Load(
      "interface gigabitethernet 2/46\n"
      " description first\n"
      "interface Gi2/46\n"
      " shutdown\n"
      "int GigabitEthernet2/46\n"
      " ip address 10.0.0.1 255.255.255.0\n");
  ASSERT_EQ(cfg.interfaces.size(), 1u);
  EXPECT_EQ(cfg.interfaces[0].name, "gigabitethernet2/46");  // as first written
  EXPECT_EQ(cfg.interfaces[0].description, "first");
  EXPECT_TRUE(cfg.interfaces[0].shutdown);
  EXPECT_TRUE(cfg.interfaces[0].address.has_value());
}

TEST(Interface, ConfigOrderIsKeptAndNoInterfaceRemoves) {
  const DeviceConfig cfg = Load("interface Lo0\ninterface Gi0/0\ninterface Gi0/1\nno int Lo0\n");
  ASSERT_EQ(cfg.interfaces.size(), 2u);
  EXPECT_EQ(cfg.interfaces[0].name, "Gi0/0");
  EXPECT_EQ(cfg.interfaces[1].name, "Gi0/1");
  EXPECT_EQ(MessageOf("interface\n"), "incomplete command: expected range, an interface name");
  EXPECT_EQ(MessageOf("no interface\n"), "incomplete command: expected range, an interface name");
}

TEST(Description, KeepsTheRestOfTheLineVerbatim) {
  const DeviceConfig cfg = Load("interface Ethernet0/2\n description r1 -> [receiver_01,  02]\n");
  EXPECT_EQ(cfg.interfaces[0].description, "r1 -> [receiver_01,  02]");
  EXPECT_EQ(Load("interface E0/2\n description x\n no description\n").interfaces[0].description,
            "");
}

TEST(IpAddress, PrimaryAndSecondaries) {
  const DeviceConfig cfg = Load(
      "interface Gi0/0\n"
      " ip address 10.0.0.1 255.255.255.0\n"
      " ip address 10.0.1.1 255.255.255.0 secondary\n"
      " ip address 10.0.2.1 255.255.255.252 secondary\n"
      " ip address 10.0.0.2 255.255.255.0\n");
  const InterfaceConfig& i = cfg.interfaces[0];
  ASSERT_TRUE(i.address);
  EXPECT_EQ(i.address->address, (Ipv4{10, 0, 0, 2}));
  EXPECT_EQ(i.address->Subnet(), Prefix::Make(Ipv4{10, 0, 0, 0}, 24));
  ASSERT_EQ(i.secondary_addresses.size(), 2u);
  EXPECT_EQ(i.secondary_addresses[1].Subnet().length(), 30);
}

TEST(IpAddress, ThirtyOneAndThirtyTwoBitMasksAreHostAddresses) {
  const DeviceConfig cfg = Load(
      "interface Gi0/0\n ip address 10.0.0.0 255.255.255.254\n"
      "interface Lo0\n ip address 1.1.1.1 255.255.255.255\n");
  EXPECT_EQ(cfg.interfaces[0].address->Subnet().length(), 31);
  EXPECT_EQ(cfg.interfaces[1].address->Subnet().length(), 32);
}

TEST(IpAddress, Errors) {
  EXPECT_EQ(ErrorOf("interface Gi0/0\n ip address 10.0.0.1 255.0.255.0\n"),
            "R1.cfg:2: invalid argument \"255.0.255.0\": expected a subnet mask: "
            "'ip address 10.0.0.1 255.0.255.0'");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip address 10.0.0.300 255.255.255.0\n"),
            "invalid argument \"10.0.0.300\": expected an IPv4 address");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip address 10.0.0.1\n"),
            "incomplete command: expected a subnet mask");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip address 10.0.0.0 255.255.255.0\n"),
            "invalid argument \"10.0.0.0\": bad mask /24 for this address");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip address 10.0.0.255 255.255.255.0\n"),
            "invalid argument \"10.0.0.255\": bad mask /24 for this address");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip address 10.0.0.1 255.255.255.0 secondary\n"),
            "invalid argument \"secondary\": no primary address configured");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip address 10.0.0.1 255.255.255.0 primary\n"),
            "invalid argument \"primary\": expected \"secondary\"");
}

TEST(IpAddress, NotOnASwitchportUntilNoSwitchport) {
  EXPECT_EQ(
      MessageOf("interface Gi1/0/1\n ip address 10.0.0.1 255.255.255.0\n", DeviceKind::kSwitch),
      "IP addresses may not be configured on L2 links (configure no switchport first)");
  const DeviceConfig cfg = Load(
      "interface Gi1/0/1\n no switchport\n ip address 10.0.0.1 255.255.255.0\n"
      "interface Vlan10\n ip address 10.1.0.1 255.255.255.0\n",
      DeviceKind::kSwitch);
  EXPECT_TRUE(cfg.interfaces[0].address);
  EXPECT_TRUE(cfg.interfaces[1].address);
}

TEST(IpAddress, NoForms) {
  const std::string base =
      "interface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n"
      " ip address 10.0.1.1 255.255.255.0 secondary\n";
  const DeviceConfig one = Load(base + " no ip address 10.0.1.1 255.255.255.0 secondary\n");
  EXPECT_TRUE(one.interfaces[0].address);
  EXPECT_TRUE(one.interfaces[0].secondary_addresses.empty());
  const DeviceConfig all = Load(base + " no ip address\n");
  EXPECT_FALSE(all.interfaces[0].address);
  EXPECT_TRUE(all.interfaces[0].secondary_addresses.empty());
  EXPECT_EQ(MessageOf(base + " no ip address 10.0.0.1 255.255.255.0\n"),
            "invalid argument \"10.0.0.1\": remove the secondary addresses first");
}

TEST(Shutdown, AndNoShutdownWithAbbreviations) {
  EXPECT_TRUE(Load("interface Gi0/0\n shutdown\n").interfaces[0].shutdown);
  EXPECT_TRUE(Load("interface Gi0/0\n sh\n").interfaces[0].shutdown);
  EXPECT_FALSE(Load("interface Gi0/0\n shutdown\n no shut\n").interfaces[0].shutdown);
  EXPECT_EQ(MessageOf("interface Gi0/0\n shutdown now\n"),
            "invalid argument \"now\": expected end of command");
}

TEST(Vrf, DefinitionRdAndInterfaceForwarding) {
  const DeviceConfig cfg = Load(
      "ip vrf proxy\n rd 100:104\n"
      "ip vrf blue\n rd 10.0.0.1:5\n"
      "interface Vlan3502\n ip add 198.18.1.1 255.255.255.0\n ip vrf forwarding proxy\n");
  EXPECT_EQ(cfg.vrfs.at("proxy").rd, "100:104");
  EXPECT_EQ(cfg.vrfs.at("blue").rd, "10.0.0.1:5");
  EXPECT_EQ(cfg.interfaces[0].vrf, "proxy");
  EXPECT_TRUE(cfg.interfaces[0].address);  // kept (see commands_system.cc)
}

TEST(Vrf, Errors) {
  EXPECT_EQ(ErrorOf("interface Gi0/0\n ip vrf forwarding red\n"),
            "R1.cfg:2: invalid argument \"red\": VRF not configured: 'ip vrf forwarding red'");
  EXPECT_EQ(MessageOf("ip vrf x\n rd 100\n"),
            "invalid argument \"100\": expected a route distinguisher (ASN:nn or A.B.C.D:nn)");
  EXPECT_EQ(MessageOf("ip vrf x\n rd 4200000000:70000\n"),
            "invalid argument \"4200000000:70000\": expected a route distinguisher (ASN:nn or "
            "A.B.C.D:nn)");
  EXPECT_EQ(Load("ip vrf x\n rd 4200000000:7\n").vrfs.at("x").rd, "4200000000:7");
}

TEST(Vrf, NoFormsRemoveTheVrfAndItsUses) {
  const DeviceConfig cfg = Load(
      "ip vrf proxy\n rd 1:1\n no rd\n"
      "ip multicast-routing vrf proxy\n"
      "interface Gi0/0\n ip vrf forwarding proxy\n"
      "interface Gi0/1\n ip vrf forwarding proxy\n no ip vrf forwarding proxy\n");
  EXPECT_EQ(cfg.vrfs.at("proxy").rd, "");
  EXPECT_EQ(cfg.interfaces[0].vrf, "proxy");
  EXPECT_EQ(cfg.interfaces[1].vrf, "");
  const DeviceConfig gone = Load(
      "ip vrf proxy\nip multicast-routing vrf proxy\n"
      "interface Gi0/0\n ip vrf forwarding proxy\nno ip vrf proxy\n");
  EXPECT_TRUE(gone.vrfs.empty());
  EXPECT_TRUE(gone.multicast_routing_vrfs.empty());
  EXPECT_EQ(gone.interfaces[0].vrf, "");
}

TEST(MulticastRouting, GlobalAndPerVrf) {
  const DeviceConfig cfg =
      Load("ip vrf proxy\nip multicast-routing distributed\nip multicast-routing vrf proxy\n");
  EXPECT_TRUE(cfg.multicast_routing);
  EXPECT_EQ(cfg.multicast_routing_vrfs, (std::set<std::string>{"proxy"}));
  EXPECT_FALSE(Load("ip multicast-routing\nno ip multicast-routing\n").multicast_routing);
  EXPECT_EQ(MessageOf("ip multicast-routing vrf nope\n"),
            "invalid argument \"nope\": VRF not configured");
  EXPECT_EQ(MessageOf("ip multicast-routing vrf\n"), "incomplete command: expected a name");
}

}  // namespace
}  // namespace mc::config
