// Config -> engine settings, from real config text with Linux interface names (as mcastd reads
// it) and IOS names (as labs write them).
#include "router/engine_settings.h"

#include <gtest/gtest.h>

#include "config/apply.h"

namespace mc::router {
namespace {

config::DeviceConfig Load(std::string_view text) {
  auto c = config::LoadConfig(config::DeviceKind::kRouter, text, "r1.cfg");
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().ToString());
  return c ? *c : config::DeviceConfig(config::DeviceKind::kRouter);
}

constexpr std::string_view kConfig =
    "ip multicast-routing\n"
    "ip pim rp-address 10.0.0.1\n"
    "ip pim register-source lo\n"
    "ip mroute 10.9.0.0 255.255.0.0 10.0.12.2\n"
    "interface lo\n"
    " ip address 10.0.0.1 255.255.255.255\n"
    "interface r1-eth0\n"
    " ip address 10.0.12.1 255.255.255.0\n"
    " ip pim sparse-mode\n"
    " ip pim dr-priority 7\n"
    " ip igmp last-member-query-interval 500\n"
    " ip igmp version 3\n"
    "interface veth0\n"
    " ip address 10.0.1.1 255.255.255.0\n"
    " ip pim dense-mode\n";

TEST(EngineSettings, LinuxInterfaceNamesReadLikeIosOnes) {
  const config::DeviceConfig dc = Load(kConfig);
  const config::InterfaceConfig* e0 = dc.FindInterface("r1-eth0");
  ASSERT_NE(e0, nullptr);
  EXPECT_TRUE(PimSparseOn(*e0));
  EXPECT_FALSE(PimSparseOn(*dc.FindInterface("veth0")));
  EXPECT_TRUE(PimWanted(dc));
  const igmp::RouterIfConfig ic = IgmpRouterIfConfig(dc, *e0);
  EXPECT_EQ(ic.version, 3);
  EXPECT_EQ(ic.last_member_query_interval, std::chrono::milliseconds{500});
  EXPECT_EQ(PimInterfaceSettingsOf(*e0).dr_priority, 7u);
}

TEST(EngineSettings, PimGlobalsResolveThroughTheHostsLookups) {
  const config::DeviceConfig dc = Load(kConfig);
  InterfaceLookup lookup;
  lookup.find = [](std::string_view n) -> std::optional<IfIndex> {
    return n == "lo" ? std::optional<IfIndex>{IfIndex{1}} : std::nullopt;
  };
  lookup.address = [](IfIndex) -> std::optional<Ipv4> { return Ipv4{10, 0, 0, 1}; };
  lookup.route_iif = [](Ipv4 a) -> std::optional<IfIndex> {
    return a == Ipv4{10, 0, 12, 2} ? std::optional<IfIndex>{IfIndex{4}} : std::nullopt;
  };
  const pim::PimGlobalSettings g = PimGlobalSettingsOf(dc, lookup);
  ASSERT_EQ(g.static_rps.size(), 1u);
  EXPECT_EQ(g.static_rps[0].rp, (Ipv4{10, 0, 0, 1}));
  EXPECT_EQ(g.register_source, (Ipv4{10, 0, 0, 1}));
  ASSERT_EQ(g.static_mroutes.size(), 1u);
  EXPECT_EQ(g.static_mroutes[0].iif, IfIndex{4});
  EXPECT_EQ(g.static_mroutes[0].rpf_neighbor, (Ipv4{10, 0, 12, 2}));
}

TEST(EngineSettings, MissingAclPermitsAllAndNoNameIsNoAcl) {
  const config::DeviceConfig dc(config::DeviceKind::kRouter);
  EXPECT_FALSE(FindAcl(dc, "").has_value());
  const auto any = FindAcl(dc, "NOPE");
  ASSERT_TRUE(any.has_value());
  EXPECT_EQ(any->entries.size(), 1u);
  EXPECT_EQ(any->entries[0].action, config::AclAction::kPermit);
}

TEST(EngineSettings, RpfTieBreaksOnDistanceMetricThenHighestNextHop) {
  const engine::RouteEvent a{
      Prefix::Make(Ipv4{10, 0, 0, 0}, 8), Ipv4{10, 0, 0, 2}, IfIndex{1}, 1, 5, false};
  engine::RouteEvent b = a;
  b.next_hop = Ipv4{10, 0, 0, 3};
  EXPECT_TRUE(BetterRoute(b, a));
  EXPECT_FALSE(BetterRoute(a, b));
  engine::RouteEvent c = a;
  c.metric_preference = 0;
  EXPECT_TRUE(BetterRoute(c, b));
  engine::RouteEvent d = a;
  d.metric = 1;
  EXPECT_TRUE(BetterRoute(d, b));
}

}  // namespace
}  // namespace mc::router
