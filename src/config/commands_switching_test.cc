// L2 commands: VLANs, switchport modes and VLAN lists, spanning tree; positive cases, errors
// and `no` forms.
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

constexpr DeviceKind kSwitch = DeviceKind::kSwitch;

InterfaceConfig PortWith(const std::string& sub_commands) {
  const DeviceConfig cfg = Load("interface Gi1/0/1\n" + sub_commands, kSwitch);
  return cfg.interfaces.empty() ? InterfaceConfig{} : cfg.interfaces[0];
}

TEST(VlanSet, ParsesListsAndRanges) {
  const std::optional<VlanSet> s = VlanSet::Parse("1,3-5,100");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->Ids(), (std::vector<std::uint16_t>{1, 3, 4, 5, 100}));
  EXPECT_EQ(s->ToString(), "1,3-5,100");
  EXPECT_EQ(VlanSet::All().ToString(), "1-4094");
  EXPECT_EQ(VlanSet{}.ToString(), "none");
  EXPECT_FALSE(VlanSet::Parse("0"));
  EXPECT_FALSE(VlanSet::Parse("4095"));
  EXPECT_FALSE(VlanSet::Parse("5-3"));
  EXPECT_FALSE(VlanSet::Parse("1,,2"));
  EXPECT_FALSE(VlanSet::Parse("1-"));
  EXPECT_FALSE(VlanSet::Parse(""));
  EXPECT_FALSE(VlanSet::Parse("a"));
}

TEST(Vlan, CreatesNamesAndRemoves) {
  const DeviceConfig cfg = Load("vlan 10\n name Users\nvlan 20,30-31\nno vlan 31\n", kSwitch);
  ASSERT_EQ(cfg.vlans.size(), 3u);
  EXPECT_EQ(cfg.vlans.at(10).name, "Users");
  EXPECT_EQ(cfg.vlans.at(20).name, "");
  EXPECT_TRUE(cfg.vlans.contains(30));
  EXPECT_EQ(Load("vlan 10\n name A\n no name\n", kSwitch).vlans.at(10).name, "");
  EXPECT_EQ(Load("vlan 7-8\n name Lab\n", kSwitch).vlans.at(8).name, "Lab");
}

TEST(Vlan, OutOfRangeIsAnError) {
  EXPECT_EQ(ErrorOf("vlan 4095\n", kSwitch),
            "R1.cfg:1: invalid argument \"4095\": expected a VLAN list such as 10,20-30 (IDs "
            "1-4094): 'vlan 4095'");
  EXPECT_EQ(MessageOf("vlan 0\n", kSwitch),
            "invalid argument \"0\": expected a VLAN list such as 10,20-30 (IDs 1-4094)");
  EXPECT_EQ(MessageOf("vlan 10\n name\n", kSwitch), "incomplete command: expected a name");
}

TEST(SpanningTree, ModeAndVlanPriority) {
  EXPECT_EQ(Load("spanning-tree mode rapid-pvst\n").stp_mode, StpMode::kRapidPvst);
  EXPECT_EQ(Load("spanning-tree mode mst\n").stp_mode, StpMode::kMst);
  EXPECT_EQ(Load("spanning-tree mode rapid\n").stp_mode, StpMode::kRapidPvst);
  EXPECT_EQ(Load("spanning-tree mode mst\nno spanning-tree mode\n").stp_mode, StpMode::kPvst);
  const DeviceConfig cfg =
      Load("spanning-tree vlan 1-2,10 priority 4096\nno spanning-tree vlan 2\n", kSwitch);
  EXPECT_EQ(cfg.stp_vlan_priority, (std::map<std::uint16_t, std::uint32_t>{{1, 4096}, {10, 4096}}));
  EXPECT_EQ(MessageOf("spanning-tree mode stp\n"),
            "invalid argument \"stp\": expected one of pvst, rapid-pvst, mst");
  EXPECT_EQ(MessageOf("spanning-tree vlan 1 priority 100\n"),
            "invalid argument \"100\": expected a multiple of 4096 (0-61440)");
  EXPECT_EQ(MessageOf("spanning-tree vlan 1 priority 65536\n"),
            "invalid argument \"65536\": expected a number (0-61440)");
  EXPECT_EQ(MessageOf("spanning-tree vlan 1 root primary\n"),
            "invalid argument \"root\": expected \"priority\"");
}

TEST(SpanningTree, PortfastAndCost) {
  EXPECT_TRUE(PortWith(" spanning-tree portfast\n").stp_portfast);
  EXPECT_FALSE(PortWith(" spanning-tree portfast\n no spanning-tree portfast\n").stp_portfast);
  EXPECT_EQ(PortWith(" spanning-tree cost 4\n").stp_cost, 4u);
  EXPECT_FALSE(PortWith(" spanning-tree cost 4\n no spanning-tree cost\n").stp_cost);
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n spanning-tree cost 0\n", kSwitch),
            "invalid argument \"0\": expected a number (1-200000000)");
}

TEST(Switchport, ModeAndAccessVlan) {
  const InterfaceConfig p = PortWith(" switchport mode access\n switchport access vlan 10\n");
  EXPECT_EQ(p.switchport_mode, SwitchportMode::kAccess);
  EXPECT_EQ(p.access_vlan, 10);
  const InterfaceConfig back = PortWith(
      " switchport mode trunk\n switchport access vlan 10\n"
      " no switchport mode\n no switchport access vlan\n");
  EXPECT_FALSE(back.switchport_mode);
  EXPECT_EQ(back.access_vlan, 1);
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n switchport mode dynamic\n", kSwitch),
            "invalid argument \"dynamic\": expected one of access, trunk");
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n switchport access vlan 5000\n", kSwitch),
            "invalid argument \"5000\": expected a VLAN ID (1-4094)");
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n switchport access vlan\n", kSwitch),
            "incomplete command: expected a VLAN ID (1-4094)");
}

TEST(Switchport, TrunkAllowedVlanForms) {
  EXPECT_EQ(PortWith(" switchport trunk allowed vlan 10,20-22\n").trunk_allowed_vlans.ToString(),
            "10,20-22");
  EXPECT_EQ(PortWith(" sw trunk allowed vlan 10\n sw trunk allowed vlan add 30-31\n")
                .trunk_allowed_vlans.ToString(),
            "10,30-31");
  EXPECT_EQ(PortWith(" switchport trunk allowed vlan 10-12\n"
                     " switchport trunk allowed vlan remove 11\n")
                .trunk_allowed_vlans.ToString(),
            "10,12");
  EXPECT_EQ(
      PortWith(" switchport trunk allowed vlan except 2-4094\n").trunk_allowed_vlans.ToString(),
      "1");
  EXPECT_TRUE(PortWith(" switchport trunk allowed vlan none\n").trunk_allowed_vlans.empty());
  EXPECT_TRUE(PortWith(" switchport trunk allowed vlan none\n switchport trunk allowed vlan all\n")
                  .trunk_allowed_vlans.IsAll());
  EXPECT_TRUE(PortWith(" switchport trunk allowed vlan 5\n no switchport trunk allowed vlan\n")
                  .trunk_allowed_vlans.IsAll());
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n switchport trunk allowed vlan 1-5000\n", kSwitch),
            "invalid argument \"1-5000\": expected a VLAN list such as 10,20-30 (IDs 1-4094)");
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n switchport trunk allowed vlan add\n", kSwitch),
            "incomplete command: expected a VLAN list such as 10,20-30 (IDs 1-4094)");
}

TEST(Switchport, NativeVlanAndEncapsulation) {
  const InterfaceConfig p =
      PortWith(" switchport trunk encapsulation dot1q\n switchport trunk native vlan 99\n");
  EXPECT_TRUE(p.trunk_encapsulation_dot1q);
  EXPECT_EQ(p.trunk_native_vlan, 99);
  EXPECT_EQ(PortWith(" switchport trunk native vlan 99\n no switchport trunk native vlan\n")
                .trunk_native_vlan,
            1);
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n switchport trunk encapsulation isl\n", kSwitch),
            "invalid argument \"isl\": expected \"dot1q\"");
  EXPECT_EQ(MessageOf("interface Gi1/0/1\n switchport trunk\n", kSwitch),
            "incomplete command: expected allowed, encapsulation, native");
}

TEST(Switchport, NoSwitchportDropsL2SettingsAndSwitchportDropsAddresses) {
  const InterfaceConfig routed = PortWith(
      " description uplink\n switchport mode trunk\n switchport access vlan 5\n"
      " spanning-tree portfast\n no switchport\n");
  EXPECT_FALSE(routed.switchport);
  EXPECT_FALSE(routed.switchport_mode);
  EXPECT_EQ(routed.access_vlan, 1);
  EXPECT_FALSE(routed.stp_portfast);
  EXPECT_EQ(routed.description, "uplink");
  const DeviceConfig r = Load("interface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n switchport\n",
                              DeviceKind::kRouter);
  EXPECT_TRUE(r.interfaces[0].switchport);
  EXPECT_FALSE(r.interfaces[0].address);
}

}  // namespace
}  // namespace mc::config
