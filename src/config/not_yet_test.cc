// Commands whose engines are not built yet (LAB-FORMAT.md §3) are recognised and rejected with
// "not supported yet" and their file:line, in the mode IOS types them, including `no` forms.
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;

class NotYetGlobal : public ::testing::TestWithParam<std::string> {};

TEST_P(NotYetGlobal, IsRejectedWithFileAndLine) {
  EXPECT_EQ(ErrorOf("hostname R1\n" + GetParam() + "\n"),
            "R1.cfg:2: not supported yet: '" + GetParam() + "'");
}

INSTANTIATE_TEST_SUITE_P(
    Commands, NotYetGlobal,
    ::testing::Values(
        // PIM global.
        "ip pim rp-address 10.0.0.1 1 bidir override", "ip pim rp-address 10.0.0.1 bidir",
        "ip pim bidir-enable", "ip pim bsr-candidate Loopback0 30 10",
        "ip pim rp-candidate Loopback0 group-list 1 priority 5",
        "ip pim send-rp-announce Loopback0 scope 16 group-list 1",
        "ip pim send-rp-discovery Loopback0 scope 16", "ip pim autorp listener", "no ip pim autorp",
        "ip pim rp-announce-filter rp-list 1 group-list 2", "ip pim anycast-rp 10.0.0.100 10.0.0.2",
        "ip pim vrf proxy rp-address 1.1.1.1",
        // MSDP.
        "ip msdp peer 10.0.0.2 connect-source Loopback0 remote-as 65001",
        "ip msdp mesh-group M 10.0.0.2", "ip msdp originator-id Loopback0",
        "ip msdp sa-filter in 10.0.0.2 list 101", "ip msdp sa-limit 10.0.0.2 100",
        // Variants of supported commands.
        "ip route vrf proxy 0.0.0.0 0.0.0.0 10.0.0.1", "access-list 101 permit ip any any",
        "no access-list 101", "ip access-list extended X", "interface range Gi1/0/1 - 4"));

class NotYetInterface : public ::testing::TestWithParam<std::string> {};

TEST_P(NotYetInterface, IsRejectedWithFileAndLine) {
  EXPECT_EQ(ErrorOf("interface Gi0/0\n " + GetParam() + "\n"),
            "R1.cfg:2: not supported yet: '" + GetParam() + "'");
}

INSTANTIATE_TEST_SUITE_P(Commands, NotYetInterface,
                         ::testing::Values(
                             // PIM interface options, boundaries, active-active.
                             "ip pim bsr-border", "ip multicast boundary 10",
                             "ip pim active-active"));

TEST(NotYet, VtepCommandsUnderNveAndVlan) {
  EXPECT_EQ(ErrorOf("interface nve1\n source-interface Loopback1\n"),
            "R1.cfg:2: not supported yet: 'source-interface Loopback1'");
  EXPECT_EQ(ErrorOf("interface nve1\n member vni 10010 mcast-group 239.1.1.10\n"),
            "R1.cfg:2: not supported yet: 'member vni 10010 mcast-group 239.1.1.10'");
  EXPECT_EQ(ErrorOf("interface nve1\n member vni 10020 ingress-replication\n"),
            "R1.cfg:2: not supported yet: 'member vni 10020 ingress-replication'");
  EXPECT_EQ(ErrorOf("vlan 10\n vn-segment 10010\n", DeviceKind::kSwitch),
            "R1.cfg:2: not supported yet: 'vn-segment 10010'");
}

TEST(NotYet, HostIgmpVersionIsSupportedNow) {
  EXPECT_EQ(ErrorOf("interface eth0\n ip address 10.0.0.10 255.255.255.0\n ip igmp version 2\n",
                    DeviceKind::kHost),
            "");
}

TEST(NotYet, AWrongModeIsStillUnknown) {
  // `ip pim sparse-mode` is an interface command; typed globally it is not recognised.
  EXPECT_EQ(ErrorOf("ip pim sparse-mode\n"), "R1.cfg:1: unknown command: 'ip pim sparse-mode'");
}

}  // namespace
}  // namespace mc::config
