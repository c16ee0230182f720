// IGMP interface commands and `ip pim <mode>`: each command, its `no` form, range and group
// errors, and the running-config round trip.
#include <gtest/gtest.h>

#include "config/render.h"
#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

const IgmpInterfaceConfig& Igmp(const DeviceConfig& c) { return c.interfaces.at(0).igmp; }

TEST(IgmpCommands, EveryCommandSetsItsField) {
  const DeviceConfig c = Load(
      "access-list 5 permit 239.0.0.0 0.255.255.255\n"
      "interface Gi0/1\n"
      " ip address 10.0.0.1 255.255.255.0\n"
      " ip pim sparse-mode\n"
      " ip igmp version 3\n"
      " ip igmp query-interval 30\n"
      " ip igmp query-max-response-time 5\n"
      " ip igmp query-timeout 90\n"
      " ip igmp robustness 3\n"
      " ip igmp last-member-query-count 3\n"
      " ip igmp last-member-query-interval 500\n"
      " ip igmp join-group 239.0.1.1\n"
      " ip igmp join-group 232.1.1.1 source 10.0.0.9\n"
      " ip igmp static-group 239.9.9.9\n"
      " ip igmp access-group 5\n"
      " ip igmp limit 100\n"
      " ip igmp max-groups action replace\n"
      " ip igmp immediate-leave group-list 5\n"
      " ip igmp filter 1\n");
  const InterfaceConfig& i = c.interfaces.at(0);
  EXPECT_EQ(i.pim_mode, PimMode::kSparse);
  const IgmpInterfaceConfig& g = i.igmp;
  EXPECT_EQ(g.version, 3);
  EXPECT_EQ(g.query_interval_s, 30u);
  EXPECT_EQ(g.query_max_response_time_s, 5u);
  EXPECT_EQ(g.querier_timeout_s, 90u);
  EXPECT_EQ(g.robustness, 3);
  EXPECT_EQ(g.last_member_query_count, 3);
  EXPECT_EQ(g.last_member_query_interval_ms, 500u);
  ASSERT_EQ(g.join_groups.size(), 2u);
  EXPECT_EQ(g.join_groups[1], (IgmpGroupSpec{Ipv4{232, 1, 1, 1}, Ipv4{10, 0, 0, 9}}));
  EXPECT_EQ(g.static_groups, (std::vector<IgmpGroupSpec>{{Ipv4{239, 9, 9, 9}, std::nullopt}}));
  EXPECT_EQ(g.access_group, "5");
  EXPECT_EQ(g.limit, 100u);
  EXPECT_EQ(g.limit_action, IgmpLimitAction::kReplace);
  EXPECT_TRUE(g.immediate_leave);
  EXPECT_EQ(g.immediate_leave_acl, "5");
  EXPECT_EQ(g.filter_profile, "1");
  // Round trip through show running-config.
  const DeviceConfig again = Load(RenderRunningConfig(c));
  EXPECT_EQ(again.interfaces.at(0), i);
}

TEST(IgmpCommands, NoFormsRestoreDefaults) {
  const DeviceConfig c = Load(
      "interface Gi0/1\n"
      " ip pim dense-mode\n ip igmp version 1\n ip igmp query-interval 30\n"
      " ip igmp robustness 4\n ip igmp join-group 239.0.1.1\n ip igmp join-group 239.0.1.2\n"
      " ip igmp limit 5\n ip igmp immediate-leave\n"
      " no ip pim sparse-mode\n"  // a different mode: IOS leaves dense mode on
      " no ip igmp version\n no ip igmp query-interval\n no ip igmp robustness\n"
      " no ip igmp join-group 239.0.1.1\n no ip igmp limit\n no ip igmp immediate-leave\n");
  EXPECT_EQ(c.interfaces.at(0).pim_mode, PimMode::kDense);
  const IgmpInterfaceConfig& g = Igmp(c);
  EXPECT_EQ(g.version, std::nullopt);
  EXPECT_EQ(g.query_interval_s, 60u);
  EXPECT_EQ(g.robustness, 2);
  EXPECT_EQ(g.join_groups, (std::vector<IgmpGroupSpec>{{Ipv4{239, 0, 1, 2}, std::nullopt}}));
  EXPECT_EQ(g.limit, std::nullopt);
  EXPECT_FALSE(g.immediate_leave);
  EXPECT_EQ(Load("interface Gi0/1\n ip pim dense-mode\n no ip pim dense-mode\n")
                .interfaces.at(0)
                .pim_mode,
            std::nullopt);
}

TEST(IgmpCommands, RangeAndGroupErrorsNameTheText) {
  EXPECT_EQ(MessageOf("interface Gi0/1\n ip igmp version 4\n"),
            "invalid argument \"4\": expected a number (1-3)");
  EXPECT_EQ(MessageOf("interface Gi0/1\n ip igmp query-timeout 30\n"),
            "invalid argument \"30\": expected a number (60-300)");
  EXPECT_EQ(MessageOf("interface Gi0/1\n ip igmp last-member-query-interval 50\n"),
            "invalid argument \"50\": expected a number (100-25500)");
  EXPECT_EQ(ErrorOf("interface Gi0/1\n ip igmp join-group 10.1.1.1\n"),
            "R1.cfg:2: invalid argument \"10.1.1.1\": not a multicast group address "
            "(224.0.0.0/4): 'ip igmp join-group 10.1.1.1'");
  EXPECT_EQ(ErrorOf("interface Gi0/1\n ip igmp static-group 255.255.255.255\n"),
            "R1.cfg:2: invalid argument \"255.255.255.255\": not a multicast group address "
            "(224.0.0.0/4): 'ip igmp static-group 255.255.255.255'");
}

TEST(IgmpCommands, HostsTakeTheIgmpVersion) {
  const DeviceConfig c =
      Load("interface eth0\n ip address 10.0.0.10 255.255.255.0\n ip igmp version 2\n",
           DeviceKind::kHost);
  EXPECT_EQ(Igmp(c).version, 2);
}

}  // namespace
}  // namespace mc::config
