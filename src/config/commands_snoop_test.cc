// IGMP snooping, IGMP profile and static MAC commands: each command and its `no` form, the
// Catalyst defaults, errors with file:line, and the running-config round trip.
#include <gtest/gtest.h>

#include "config/render.h"
#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

DeviceConfig Switch(std::string_view text) { return Load(text, DeviceKind::kSwitch); }

void ExpectRoundTrip(const DeviceConfig& c) {
  const std::string text = RenderRunningConfig(c);
  EXPECT_EQ(Switch(text), c) << text;
}

TEST(SnoopCommands, DefaultsAreCatalysts) {
  const SnoopConfig s = Switch("hostname SW1\n").snooping;
  EXPECT_TRUE(s.enabled);
  EXPECT_TRUE(s.VlanEnabled(1));
  EXPECT_FALSE(s.querier);
  EXPECT_EQ(s.tcn_query_count, 2u);
  EXPECT_EQ(s.last_member_query_interval_ms, 1000u);
  EXPECT_EQ(s.querier_query_interval_s, 60u);
  EXPECT_EQ(s.querier_max_response_time_s, 10u);
  EXPECT_EQ(s.querier_timer_expiry_s, 205u);
  EXPECT_EQ(s.leave_timer, SnoopLeaveTimer::kLastMemberQuery);
  EXPECT_TRUE(s.vlans.empty());
  EXPECT_TRUE(SnoopInterfaceConfig{}.tcn_flood);
}

TEST(SnoopCommands, GlobalOnOff) {
  const DeviceConfig off = Switch("no ip igmp snooping\n");
  EXPECT_FALSE(off.snooping.enabled);
  EXPECT_FALSE(off.snooping.VlanEnabled(10));
  EXPECT_TRUE(Switch("no ip igmp snooping\nip igmp snooping\n").snooping.enabled);
  ExpectRoundTrip(off);
}

TEST(SnoopCommands, PerVlanSettings) {
  const DeviceConfig c = Switch(
      "no ip igmp snooping vlan 20\n"
      "ip igmp snooping vlan 3 static 239.1.1.1 interface gigabitethernet 1/0/1\n"
      "ip igmp snooping vlan 3 static 239.1.1.1 interface Gi1/0/2\n"
      "ip igmp snooping vlan 3 mrouter interface Gi1/0/24\n"
      "ip igmp snooping vlan 3 immediate-leave\n"
      "ip igmp snooping vlan 30 fast-leave\n"
      "ip igmp snooping vlan 3 querier address 10.1.3.250\n"
      "ip igmp snooping vlan 3 last-member-query-interval 500\n");
  const SnoopConfig& s = c.snooping;
  EXPECT_FALSE(s.VlanEnabled(20));
  EXPECT_TRUE(s.VlanEnabled(3));
  const SnoopVlanConfig& v3 = s.vlans.at(3);
  ASSERT_EQ(v3.static_groups.size(), 2u);
  EXPECT_EQ(v3.static_groups[0], (SnoopStaticGroup{Ipv4{239, 1, 1, 1}, "gigabitethernet1/0/1"}));
  EXPECT_EQ(v3.mrouter_interfaces, std::vector<std::string>{"Gi1/0/24"});
  EXPECT_TRUE(v3.immediate_leave);
  EXPECT_TRUE(s.vlans.at(30).immediate_leave);
  EXPECT_TRUE(v3.querier);
  EXPECT_EQ(v3.querier_address, (Ipv4{10, 1, 3, 250}));
  EXPECT_EQ(v3.last_member_query_interval_ms, 500u);
  ExpectRoundTrip(c);
}

TEST(SnoopCommands, NoFormsRemoveExactlyWhatTheyName) {
  const DeviceConfig c = Switch(
      "ip igmp snooping vlan 3 static 239.1.1.1 interface Gi1/0/1\n"
      "ip igmp snooping vlan 3 static 239.1.1.2 interface Gi1/0/1\n"
      "ip igmp snooping vlan 3 mrouter interface Gi1/0/24\n"
      "ip igmp snooping vlan 3 mrouter interface Gi1/0/23\n"
      "no ip igmp snooping vlan 3 static 239.1.1.1 interface GigabitEthernet1/0/1\n"
      "no ip igmp snooping vlan 3 mrouter interface gi1/0/24\n");
  const SnoopVlanConfig& v = c.snooping.vlans.at(3);
  EXPECT_EQ(v.static_groups, (std::vector<SnoopStaticGroup>{{Ipv4{239, 1, 1, 2}, "Gi1/0/1"}}));
  EXPECT_EQ(v.mrouter_interfaces, std::vector<std::string>{"Gi1/0/23"});
}

TEST(SnoopCommands, NoFormsBackToDefaultLeaveNoTrace) {
  const DeviceConfig c = Switch(
      "ip igmp snooping vlan 5 immediate-leave\n"
      "ip igmp snooping vlan 5 querier\n"
      "ip igmp snooping vlan 5 mrouter interface Gi0/1\n"
      "no ip igmp snooping vlan 5 immediate-leave\n"
      "no ip igmp snooping vlan 5 querier\n"
      "no ip igmp snooping vlan 5 mrouter interface Gi0/1\n"
      "no ip igmp snooping vlan 6\n"
      "ip igmp snooping vlan 6\n");
  EXPECT_EQ(c, DeviceConfig(DeviceKind::kSwitch));
}

TEST(SnoopCommands, QuerierGlobalAndTimers) {
  const DeviceConfig c = Switch(
      "ip igmp snooping querier\n"
      "ip igmp snooping querier address 1.1.1.2\n"
      "ip igmp snooping querier query-interval 30\n"
      "ip igmp snooping querier max-response-time 5\n"
      "ip igmp snooping querier timer expiry 100\n");
  const SnoopConfig& s = c.snooping;
  EXPECT_TRUE(s.querier);
  EXPECT_EQ(s.querier_address, (Ipv4{1, 1, 1, 2}));
  EXPECT_EQ(s.querier_query_interval_s, 30u);
  EXPECT_EQ(s.querier_max_response_time_s, 5u);
  EXPECT_EQ(s.querier_timer_expiry_s, 100u);
  ExpectRoundTrip(c);
  // `no ... querier address` keeps the querier on; `no ... querier` turns it off.
  const SnoopConfig a =
      Switch("ip igmp snooping querier address 1.1.1.2\nno ip igmp snooping querier address\n")
          .snooping;
  EXPECT_TRUE(a.querier);
  EXPECT_FALSE(a.querier_address.has_value());
  EXPECT_FALSE(Switch("ip igmp snooping querier\nno ip igmp snooping querier\n").snooping.querier);
  EXPECT_EQ(Switch("ip igmp snooping querier query-interval 30\n"
                   "no ip igmp snooping querier query-interval\n")
                .snooping.querier_query_interval_s,
            60u);
}

TEST(SnoopCommands, TcnFloodQueryCountAndInterfaceTcnFlood) {
  const DeviceConfig c = Switch(
      "ip igmp snooping tcn flood query count 5\n"
      "interface Gi1/0/1\n"
      " no ip igmp snooping tcn flood\n"
      "interface Gi1/0/2\n"
      " ip igmp snooping tcn flood\n");
  EXPECT_EQ(c.snooping.tcn_query_count, 5u);
  EXPECT_FALSE(c.FindInterface("Gi1/0/1")->snoop.tcn_flood);
  EXPECT_TRUE(c.FindInterface("Gi1/0/2")->snoop.tcn_flood);
  ExpectRoundTrip(c);
  EXPECT_EQ(Switch("ip igmp snooping tcn flood query count 5\n"
                   "no ip igmp snooping tcn flood query count\n")
                .snooping.tcn_query_count,
            2u);
}

TEST(SnoopCommands, LastMemberQueryIntervalAndCatOsLeaveTimer) {
  const DeviceConfig c = Switch(
      "ip igmp snooping last-member-query-interval 200\n"
      "ip igmp snooping leave-timer random\n");
  EXPECT_EQ(c.snooping.last_member_query_interval_ms, 200u);
  EXPECT_EQ(c.snooping.leave_timer, SnoopLeaveTimer::kRandom);
  ExpectRoundTrip(c);
  EXPECT_EQ(Switch("ip igmp snooping leave-timer random\nno ip igmp snooping leave-timer random\n")
                .snooping.leave_timer,
            SnoopLeaveTimer::kLastMemberQuery);
}

TEST(SnoopCommands, ProfilesPermitDenyRanges) {
  // Seed 002's profile, with the interface command IOS really uses (SEED-NOTES.md).
  const DeviceConfig c = Switch(
      "ip igmp profile 1\n"
      " permit\n"
      " range 239.0.0.0\n"
      " range 237.0.0.0 238.0.0.0\n"
      "ip igmp profile 2\n"
      " range 239.9.0.0 239.9.255.255\n"
      "interface Gi1/0/45\n"
      " ip igmp filter 1\n"
      " ip igmp max-groups 10\n"
      " ip igmp max-groups action replace\n");
  const IgmpProfile& p1 = c.snooping.profiles.at(1);
  EXPECT_TRUE(p1.permit);
  ASSERT_EQ(p1.ranges.size(), 2u);
  EXPECT_TRUE(p1.Allows(Ipv4{239, 0, 0, 0}));
  EXPECT_TRUE(p1.Allows(Ipv4{237, 5, 5, 5}));
  EXPECT_FALSE(p1.Allows(Ipv4{239, 0, 0, 1}));
  const IgmpProfile& p2 = c.snooping.profiles.at(2);
  EXPECT_FALSE(p2.permit);  // deny is the default mode
  EXPECT_FALSE(p2.Allows(Ipv4{239, 9, 1, 1}));
  EXPECT_TRUE(p2.Allows(Ipv4{239, 1, 1, 1}));
  const IgmpInterfaceConfig& g = c.FindInterface("gi1/0/45")->igmp;
  EXPECT_EQ(g.filter_profile, "1");
  EXPECT_EQ(g.limit, 10u);
  EXPECT_EQ(g.limit_action, IgmpLimitAction::kReplace);
  ExpectRoundTrip(c);
  EXPECT_NE(RenderRunningConfig(c).find(" ip igmp max-groups 10\n"), std::string::npos);
}

TEST(SnoopCommands, ProfileNoForms) {
  const DeviceConfig c = Switch(
      "ip igmp profile 1\n permit\n range 239.0.0.1\n range 239.0.0.2\n no range 239.0.0.1\n"
      " no permit\n"
      "ip igmp profile 2\n"
      "no ip igmp profile 2\n");
  const IgmpProfile& p = c.snooping.profiles.at(1);
  EXPECT_FALSE(p.permit);
  EXPECT_EQ(p.ranges, (std::vector<IgmpProfileRange>{{Ipv4{239, 0, 0, 2}, Ipv4{239, 0, 0, 2}}}));
  EXPECT_FALSE(c.snooping.profiles.contains(2));
}

TEST(SnoopCommands, StaticMacEntriesBothSpellings) {
  // Seed 000, verbatim.
  const DeviceConfig c = Switch(
      "mac-address-table static 0100.5e6f.efef vlan 1 interface gigabitethernet 2/46 "
      "gigabitethernet 2/48\n"
      "mac address-table static 0100.5e18.010a vlan 1 interface Gi1/47\n");
  const std::vector<StaticMacEntry>& m = c.snooping.static_macs;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].mac, *Mac::Parse("0100.5e6f.efef"));
  EXPECT_EQ(m[0].vlan, 1);
  EXPECT_EQ(m[0].interfaces,
            (std::vector<std::string>{"gigabitethernet2/46", "gigabitethernet2/48"}));
  EXPECT_EQ(m[1].interfaces, std::vector<std::string>{"Gi1/47"});
  ExpectRoundTrip(c);
  // A second line for the same (VLAN, MAC) replaces the port list; `no` removes the entry.
  const DeviceConfig r = Switch(
      "mac address-table static 0100.5e18.010a vlan 1 interface Gi1/47\n"
      "mac address-table static 0100.5e18.010a vlan 1 interface Gi1/48\n");
  EXPECT_EQ(r.snooping.static_macs.at(0).interfaces, std::vector<std::string>{"Gi1/48"});
  EXPECT_TRUE(Switch("mac address-table static 0100.5e18.010a vlan 1 interface Gi1/47\n"
                     "no mac address-table static 0100.5e18.010a vlan 1\n")
                  .snooping.static_macs.empty());
}

TEST(SnoopCommands, ErrorsNameFileAndLine) {
  EXPECT_EQ(ErrorOf("hostname SW1\nip igmp snooping vlan 3 static 10.1.1.1 interface Gi0/1\n",
                    DeviceKind::kSwitch),
            "R1.cfg:2: invalid argument \"10.1.1.1\": not a multicast group address (224.0.0.0/4): "
            "'ip igmp snooping vlan 3 static 10.1.1.1 interface Gi0/1'");
  EXPECT_EQ(
      MessageOf("ip igmp snooping vlan 3 static 224.0.0.5 interface Gi0/1\n", DeviceKind::kSwitch),
      "invalid argument \"224.0.0.5\": 224.0.0.x is always flooded, not snooped");
  EXPECT_EQ(MessageOf("ip igmp snooping vlan 5000\n", DeviceKind::kSwitch).substr(0, 25),
            "invalid argument \"5000\": ");
  EXPECT_EQ(
      MessageOf("ip igmp snooping tcn flood query count 11\n", DeviceKind::kSwitch).substr(0, 23),
      "invalid argument \"11\": ");
  EXPECT_EQ(MessageOf("ip igmp profile 1\n range 239.0.0.9 239.0.0.1\n", DeviceKind::kSwitch),
            "invalid argument \"239.0.0.1\": the range ends below its start");
  EXPECT_EQ(MessageOf("ip igmp profile 1\n range 10.0.0.1\n", DeviceKind::kSwitch),
            "invalid argument \"10.0.0.1\": not a multicast group address (224.0.0.0/4)");
  EXPECT_EQ(ErrorOf("hostname S\nmac address-table static 01005e vlan 1 interface Gi0/1\n",
                    DeviceKind::kSwitch),
            "R1.cfg:2: invalid argument \"01005e\": expected a MAC address (HHHH.HHHH.HHHH): "
            "'mac address-table static 01005e vlan 1 interface Gi0/1'");
  EXPECT_EQ(MessageOf("mac address-table static 0100.5e00.0001 vlan 1 interface gi\n",
                      DeviceKind::kSwitch),
            "invalid argument \"gi\": expected the interface number after the type");
  EXPECT_EQ(MessageOf("ip igmp snooping leave-timer\n", DeviceKind::kSwitch),
            "incomplete command: expected random");
}

TEST(SnoopCommands, ProfileBodyCommandsOnlyInsideAProfile) {
  EXPECT_EQ(MessageOf("range 239.0.0.1\n", DeviceKind::kSwitch), "unknown command");
  // IOS leaves the profile for a command of an enclosing mode.
  const DeviceConfig c = Switch("ip igmp profile 3\n permit\nhostname SW9\n");
  EXPECT_EQ(c.hostname, "SW9");
  EXPECT_TRUE(c.snooping.profiles.at(3).permit);
}

}  // namespace
}  // namespace mc::config
