// Interface-name canonicalisation: the IOS abbreviation table, case and spaces, free-form names.
#include "config/interface_name.h"

#include <gtest/gtest.h>

namespace mc::config {
namespace {

struct CanonicalCase {
  std::string_view written;
  std::string_view canonical;
};

class CanonicalTable : public ::testing::TestWithParam<CanonicalCase> {};

TEST_P(CanonicalTable, MapsToTheFullIosName) {
  EXPECT_EQ(CanonicalInterfaceName(GetParam().written), GetParam().canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Names, CanonicalTable,
    ::testing::Values(
        CanonicalCase{"Gi0/1", "GigabitEthernet0/1"}, CanonicalCase{"gi0/1", "GigabitEthernet0/1"},
        CanonicalCase{"GigabitEthernet2/46", "GigabitEthernet2/46"},
        CanonicalCase{"gigabitethernet 2/46", "GigabitEthernet2/46"},
        CanonicalCase{"gigabit 1/47", "GigabitEthernet1/47"},
        CanonicalCase{"Gig1/47", "GigabitEthernet1/47"},
        CanonicalCase{"g1/0/45", "GigabitEthernet1/0/45"},
        CanonicalCase{"Fa0/1", "FastEthernet0/1"}, CanonicalCase{"Ethernet0/1", "Ethernet0/1"},
        CanonicalCase{"e0/1", "Ethernet0/1"}, CanonicalCase{"Eth1/1", "Ethernet1/1"},
        CanonicalCase{"Te1/1/1", "TenGigabitEthernet1/1/1"},
        CanonicalCase{"Tw1/0/1", "TwoGigabitEthernet1/0/1"},
        CanonicalCase{"Twe1/0/1", "TwentyFiveGigE1/0/1"},
        CanonicalCase{"Fo1/0/1", "FortyGigabitEthernet1/0/1"},
        CanonicalCase{"Hu1/0/1", "HundredGigE1/0/1"}, CanonicalCase{"Vlan3", "Vlan3"},
        CanonicalCase{"vlan 3502", "Vlan3502"}, CanonicalCase{"Lo0", "Loopback0"},
        CanonicalCase{"loopback 1", "Loopback1"}, CanonicalCase{"Po1", "Port-channel1"},
        CanonicalCase{"port-channel 10", "Port-channel10"}, CanonicalCase{"Tu0", "Tunnel0"},
        CanonicalCase{"Se0/0/0", "Serial0/0/0"}, CanonicalCase{"Null0", "Null0"},
        CanonicalCase{"nve1", "nve1"}, CanonicalCase{"NVE1", "nve1"},
        CanonicalCase{"Gi0/0.100", "GigabitEthernet0/0.100"},
        // Free-form: no known type, or Linux ethN.
        CanonicalCase{"eth0", "eth0"}, CanonicalCase{"ETH1", "eth1"}, CanonicalCase{"15/1", "15/1"},
        CanonicalCase{"veth-a", "veth-a"}, CanonicalCase{"Gi", "gi"},
        CanonicalCase{"xyz0/1", "xyz0/1"}));

TEST(SameInterface, AbbreviationsCaseAndSpacesNameTheSamePort) {
  EXPECT_TRUE(SameInterface("gigabitethernet 2/46", "GigabitEthernet2/46"));
  EXPECT_TRUE(SameInterface("Gi2/46", "GigabitEthernet2/46"));
  EXPECT_TRUE(SameInterface("Vlan3", "vlan3"));
  EXPECT_TRUE(SameInterface("eth0", "ETH0"));
}

TEST(SameInterface, DifferentTypesOrNumbersDiffer) {
  EXPECT_FALSE(SameInterface("Gi0/0", "Te0/0"));
  EXPECT_FALSE(SameInterface("Gi0/0", "Gi0/1"));
  EXPECT_FALSE(SameInterface("Gi0/0", "Gi0/0.1"));
  EXPECT_FALSE(SameInterface("15/1", "15/2"));
}

TEST(SameInterface, LinuxEthIsNotIosEthernet) {
  EXPECT_FALSE(SameInterface("eth0", "Ethernet0"));
  EXPECT_TRUE(SameInterface("eth1/1", "Ethernet1/1"));
}

TEST(InterfaceType, VirtualTypesAreNeverSwitchports) {
  EXPECT_TRUE(IsVirtualInterface("Vlan10"));
  EXPECT_TRUE(IsVirtualInterface("Lo0"));
  EXPECT_TRUE(IsVirtualInterface("nve1"));
  EXPECT_TRUE(IsVirtualInterface("Tunnel1"));
  EXPECT_FALSE(IsVirtualInterface("Gi1/0/1"));
  EXPECT_FALSE(IsVirtualInterface("Po1"));
  EXPECT_FALSE(IsVirtualInterface("eth0"));
}

TEST(InterfaceType, TypeWordsAloneAreRecognised) {
  EXPECT_TRUE(IsInterfaceTypeWord("gigabitethernet"));
  EXPECT_TRUE(IsInterfaceTypeWord("Port-channel"));
  EXPECT_TRUE(IsInterfaceTypeWord("gi"));
  EXPECT_FALSE(IsInterfaceTypeWord("Gi0/1"));
  EXPECT_FALSE(IsInterfaceTypeWord("foo"));
  EXPECT_FALSE(IsInterfaceTypeWord(""));
}

TEST(InterfaceName, CompactKeepsCaseAndDropsSpaces) {
  EXPECT_EQ(CompactInterfaceName("gigabitethernet 2/46"), "gigabitethernet2/46");
  EXPECT_EQ(CompactInterfaceName("Gi0/1"), "Gi0/1");
}

}  // namespace
}  // namespace mc::config
