// Config -> engine settings: ACL resolution, SSM, SPT thresholds, register source, mroutes.
#include "pim/settings.h"

#include <gtest/gtest.h>

#include "config/apply.h"

namespace mc::pim {
namespace {

config::DeviceConfig Load(std::string_view text) {
  auto r = config::LoadConfig(config::DeviceKind::kRouter, text, "R1.cfg");
  EXPECT_TRUE(r.has_value());
  return r ? *r : config::DeviceConfig(config::DeviceKind::kRouter);
}

IfIndex Index(std::string_view name) {
  return name == "Gi0/1" ? IfIndex{1} : name == "Gi0/2" ? IfIndex{2} : IfIndex{};
}

TEST(PimSettings, FromDeviceConfig) {
  const config::DeviceConfig c = Load(
      "access-list 10 permit 239.0.0.0 0.255.255.255\n"
      "ip pim rp-address 1.1.1.1 10 override\n"
      "ip pim ssm range 20\n"
      "ip pim spt-threshold infinity group-list 10\n"
      "ip pim register-source Loopback0\n"
      "ip mroute 10.9.0.0 255.255.0.0 10.0.2.9\n"
      "interface Loopback0\n ip address 7.7.7.7 255.255.255.255\n"
      "interface Gi0/1\n ip address 10.0.1.1 255.255.255.0\n ip pim dr-priority 9\n"
      " ip pim query-interval 500 msec\n"
      "interface Gi0/2\n ip address 10.0.2.1 255.255.255.0\n");
  const PimGlobalSettings s = GlobalSettingsFrom(c, Index);
  ASSERT_EQ(s.static_rps.size(), 1u);
  EXPECT_EQ(RpFor(s.static_rps, Ipv4{239, 1, 1, 1}), (Ipv4{1, 1, 1, 1}));
  EXPECT_EQ(RpFor(s.static_rps, Ipv4{225, 1, 1, 1}), std::nullopt);
  EXPECT_TRUE(s.ssm.enabled);
  EXPECT_FALSE(s.ssm.Contains(Ipv4{232, 1, 1, 1}));  // ACL 20 is undefined: denies all
  ASSERT_EQ(s.spt_thresholds.size(), 1u);
  EXPECT_FALSE(s.spt_thresholds[0].kbps.has_value());
  EXPECT_EQ(s.register_source, (Ipv4{7, 7, 7, 7}));
  ASSERT_EQ(s.static_mroutes.size(), 1u);
  EXPECT_EQ(s.static_mroutes[0].iif, IfIndex{2});
  const PimInterfaceSettings i = InterfaceSettingsFrom(*c.FindInterface("Gi0/1"));
  EXPECT_EQ(i.dr_priority, 9u);
  EXPECT_EQ(i.hello_period, std::chrono::milliseconds{500});
}

}  // namespace
}  // namespace mc::pim
