// PIM commands: each command, its `no` form, IOS replacement rules, range errors with file:line,
// and the running-config round trip.
#include <gtest/gtest.h>

#include "config/render.h"
#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

TEST(PimCommands, InterfaceDefaultsAreIos) {
  const DeviceConfig c = Load("interface Gi0/1\n ip pim sparse-mode\n");
  EXPECT_EQ(c.interfaces.at(0).pim.dr_priority, 1u);
  EXPECT_EQ(c.interfaces.at(0).pim.query_interval_ms, 30000u);
  EXPECT_FALSE(c.pim.ssm.has_value());
  EXPECT_TRUE(c.pim.static_rps.empty());
}

TEST(PimCommands, InterfaceCommandsSetAndNoRestores) {
  const DeviceConfig c = Load(
      "interface Gi0/1\n ip pim sparse-mode\n ip pim dr-priority 200\n ip pim query-interval 10\n"
      "interface Gi0/2\n ip pim query-interval 500 msec\n ip pim dr-priority 0\n"
      "interface Gi0/3\n ip pim dr-priority 9\n ip pim query-interval 5\n"
      " no ip pim dr-priority\n no ip pim query-interval\n");
  EXPECT_EQ(c.interfaces.at(0).pim.dr_priority, 200u);
  EXPECT_EQ(c.interfaces.at(0).pim.query_interval_ms, 10000u);
  EXPECT_EQ(c.interfaces.at(1).pim.query_interval_ms, 500u);
  EXPECT_EQ(c.interfaces.at(1).pim.dr_priority, 0u);
  EXPECT_EQ(c.interfaces.at(2).pim, PimInterfaceConfig{});
}

TEST(PimCommands, RpAddressFormsAndReplacement) {
  const DeviceConfig c = Load(
      "ip pim rp-address 1.1.1.1\n"
      "ip pim rp-address 2.2.2.2 10\n"
      "ip pim rp-address 3.3.3.3 RPS override\n"
      "ip pim rp-address 4.4.4.4 override\n"  // a second ACL-less RP replaces 1.1.1.1 (IOS)
      "ip pim rp-address 2.2.2.2 11\n");      // the same RP again replaces its ACL
  ASSERT_EQ(c.pim.static_rps.size(), 3u);
  EXPECT_EQ(c.pim.static_rps[0], (PimStaticRp{Ipv4{3, 3, 3, 3}, "RPS", true}));
  EXPECT_EQ(c.pim.static_rps[1], (PimStaticRp{Ipv4{4, 4, 4, 4}, "", true}));
  EXPECT_EQ(c.pim.static_rps[2], (PimStaticRp{Ipv4{2, 2, 2, 2}, "11", false}));
  const DeviceConfig removed = Load(
      "ip pim rp-address 1.1.1.1\nip pim rp-address 2.2.2.2 5\nno ip pim rp-address 1.1.1.1\n");
  ASSERT_EQ(removed.pim.static_rps.size(), 1u);
  EXPECT_EQ(removed.pim.static_rps[0].rp, (Ipv4{2, 2, 2, 2}));
}

TEST(PimCommands, RpAddressErrors) {
  EXPECT_EQ(ErrorOf("ip pim rp-address 239.1.1.1\n"),
            "R1.cfg:1: invalid argument \"239.1.1.1\": not a unicast RP address: "
            "'ip pim rp-address 239.1.1.1'");
  EXPECT_EQ(ErrorOf("hostname R1\nip pim rp-address 1.1.1.1 bidir\n"),
            "R1.cfg:2: not supported yet: 'ip pim rp-address 1.1.1.1 bidir'");
}

TEST(PimCommands, SsmDefaultRangeAndNo) {
  EXPECT_EQ(Load("ip pim ssm default\n").pim.ssm, PimSsmConfig{});
  EXPECT_EQ(Load("ip pim ssm range 20\n").pim.ssm,
            (PimSsmConfig{.default_range = false, .acl = "20"}));
  EXPECT_FALSE(Load("ip pim ssm default\nno ip pim ssm\n").pim.ssm.has_value());
  EXPECT_FALSE(Load("ip pim ssm range 20\nno ip pim ssm range 20\n").pim.ssm.has_value());
  EXPECT_EQ(MessageOf("ip pim ssm\n"), "incomplete command: expected default or range ACL");
}

TEST(PimCommands, SptThresholdPerGroupList) {
  const DeviceConfig c = Load(
      "ip pim spt-threshold infinity\n"
      "ip pim spt-threshold 64 group-list 7\n"
      "ip pim spt-threshold 128 group-list 7\n");
  ASSERT_EQ(c.pim.spt_thresholds.size(), 2u);
  EXPECT_EQ(c.pim.spt_thresholds[0], (PimSptThreshold{std::nullopt, ""}));
  EXPECT_EQ(c.pim.spt_thresholds[1], (PimSptThreshold{128u, "7"}));
  EXPECT_TRUE(Load("ip pim spt-threshold infinity\nno ip pim spt-threshold infinity\n")
                  .pim.spt_thresholds.empty());
  EXPECT_EQ(MessageOf("ip pim spt-threshold 4294968\n"),
            "invalid argument \"4294968\": expected a number (0-4294967)");
}

TEST(PimCommands, RegisterSourceAndNo) {
  EXPECT_EQ(Load("ip pim register-source Loopback0\n").pim.register_source, "Loopback0");
  EXPECT_EQ(
      Load("ip pim register-source Loopback0\nno ip pim register-source\n").pim.register_source,
      "");
}

TEST(PimCommands, RangeErrorsNameFileAndLine) {
  EXPECT_EQ(ErrorOf("interface Gi0/1\n ip pim dr-priority 4294967296\n"),
            "R1.cfg:2: invalid argument \"4294967296\": expected a number (0-4294967295): "
            "'ip pim dr-priority 4294967296'");
  EXPECT_EQ(MessageOf("interface Gi0/1\n ip pim query-interval 50 msec\n"),
            "invalid argument \"50\": expected a number (100-65535) with msec");
  EXPECT_EQ(MessageOf("interface Gi0/1\n ip pim query-interval 0\n"),
            "invalid argument \"0\": expected a number (1-65535)");
}

TEST(PimCommands, RunningConfigRoundTrip) {
  const DeviceConfig c = Load(
      "ip multicast-routing\n"
      "ip pim rp-address 1.1.1.1 10 override\n"
      "ip pim rp-address 2.2.2.2\n"
      "ip pim ssm range 20\n"
      "ip pim spt-threshold infinity group-list 30\n"
      "ip pim register-source Loopback0\n"
      "interface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n ip pim sparse-mode\n"
      " ip pim dr-priority 5\n ip pim query-interval 250 msec\n"
      "interface Gi0/2\n ip pim sparse-mode\n ip pim query-interval 60\n"
      "access-list 10 permit 239.0.0.0 0.255.255.255\n");
  const std::string text = RenderRunningConfig(c);
  EXPECT_NE(text.find("ip pim rp-address 1.1.1.1 10 override\n"), std::string::npos);
  EXPECT_NE(text.find(" ip pim query-interval 250 msec\n"), std::string::npos);
  EXPECT_NE(text.find(" ip pim query-interval 60\n"), std::string::npos);
  EXPECT_NE(text.find("ip pim spt-threshold infinity group-list 30\n"), std::string::npos);
  EXPECT_EQ(Load(text), c);
  // Defaults print nothing.
  EXPECT_EQ(RenderRunningConfig(Load("interface Gi0/1\n ip pim dr-priority 1\n")).find("dr-pri"),
            std::string::npos);
}

}  // namespace
}  // namespace mc::config
