// VRRP commands: each command and its IOS default, `no` forms, the IOS-XE address-family block,
// track objects, range and address errors with file:line, and running-config round trips.
#include <gtest/gtest.h>

#include "config/render.h"
#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;

const VrrpGroupConfig& G(const DeviceConfig& c, std::size_t i = 0) {
  return c.interfaces.at(0).vrrp.at(i);
}

void ExpectRoundTrip(const DeviceConfig& c) {
  const std::string text = RenderRunningConfig(c);
  const DeviceConfig again = Load(text);
  EXPECT_EQ(again.interfaces, c.interfaces) << text;
  EXPECT_EQ(again.vrrp, c.vrrp) << text;
}

TEST(VrrpCommands, DefaultsAreThoseOfIos) {
  const DeviceConfig c = Load("interface Gi0/0\n vrrp 1 ip 10.0.0.254\n");
  const VrrpGroupConfig& g = G(c);
  EXPECT_EQ(g.group, 1);
  EXPECT_EQ(g.address, (Ipv4{10, 0, 0, 254}));
  EXPECT_EQ(g.priority, 100);
  EXPECT_TRUE(g.preempt);
  EXPECT_EQ(g.preempt_delay_s, 0u);
  EXPECT_EQ(g.advertise_ms, 1000u);
  EXPECT_FALSE(g.timers_learn);
  EXPECT_EQ(g.EffectiveVersion(), 2);
  EXPECT_FALSE(g.multicast_group.has_value());
  EXPECT_FALSE(g.shutdown);
}

TEST(VrrpCommands, EveryClassicCommandSetsItsField) {
  const DeviceConfig c = Load(
      "track 7 interface Gi0/1 line-protocol\n"
      "interface Gi0/0\n"
      " ip address 10.0.0.2 255.255.255.0\n"
      " vrrp 5 description web VIP\n"
      " vrrp 5 ip 10.0.0.254\n"
      " vrrp 5 ip 10.0.0.253 secondary\n"
      " vrrp 5 priority 110\n"
      " vrrp 5 preempt delay minimum 30\n"
      " vrrp 5 timers advertise msec 500\n"
      " vrrp 5 timers learn\n"
      " vrrp 5 track 7 decrement 20\n"
      " vrrp 5 track interface Gi0/2\n"
      " vrrp 5 version 3\n"
      " vrrp 5 multicast-group 239.255.1.1\n"
      " vrrp 5 shutdown\n"
      " vrrp 2 ip 10.0.0.252\n");
  ASSERT_EQ(c.interfaces.at(0).vrrp.size(), 2u);
  EXPECT_EQ(G(c, 0).group, 2);  // kept in VRID order
  const VrrpGroupConfig& g = G(c, 1);
  EXPECT_EQ(g.description, "web VIP");
  EXPECT_EQ(g.secondary_addresses, (std::vector<Ipv4>{Ipv4{10, 0, 0, 253}}));
  EXPECT_EQ(g.priority, 110);
  EXPECT_EQ(g.preempt_delay_s, 30u);
  EXPECT_EQ(g.advertise_ms, 500u);
  EXPECT_TRUE(g.advertise_msec);
  EXPECT_TRUE(g.timers_learn);
  ASSERT_EQ(g.tracks.size(), 2u);
  EXPECT_EQ(g.tracks[0], (VrrpTrack{.object = 7, .decrement = 20}));
  EXPECT_EQ(g.tracks[1], (VrrpTrack{.interface = "Gi0/2", .decrement = 10}));
  EXPECT_EQ(g.EffectiveVersion(), 3);
  EXPECT_EQ(g.multicast_group, (Ipv4{239, 255, 1, 1}));
  EXPECT_TRUE(g.shutdown);
  EXPECT_EQ(c.vrrp.tracks.at(7).interface, "Gi0/1");
  ExpectRoundTrip(c);
}

TEST(VrrpCommands, SecondsTimerRoundTripsInSeconds) {
  const DeviceConfig c = Load("interface Gi0/0\n vrrp 1 timers advertise 3\n");
  EXPECT_EQ(G(c).advertise_ms, 3000u);
  EXPECT_NE(RenderRunningConfig(c).find(" vrrp 1 timers advertise 3\n"), std::string::npos);
  ExpectRoundTrip(c);
}

TEST(VrrpCommands, NoFormsRestoreDefaults) {
  const DeviceConfig c = Load(
      "interface Gi0/0\n"
      " vrrp 1 ip 10.0.0.254\n vrrp 1 ip 10.0.0.253 secondary\n vrrp 1 priority 120\n"
      " vrrp 1 preempt delay minimum 5\n vrrp 1 timers advertise 4\n vrrp 1 timers learn\n"
      " vrrp 1 track 3 decrement 30\n vrrp 1 version 3\n vrrp 1 multicast-group 239.1.1.1\n"
      " vrrp 1 shutdown\n vrrp 1 description x\n"
      " no vrrp 1 ip 10.0.0.253\n no vrrp 1 priority\n no vrrp 1 timers advertise\n"
      " no vrrp 1 timers learn\n no vrrp 1 track 3\n no vrrp 1 version\n"
      " no vrrp 1 multicast-group\n no vrrp 1 shutdown\n no vrrp 1 description\n"
      " no vrrp 1 preempt\n"
      " vrrp 1 track 4\n vrrp 1 track interface Gi0/3\n no vrrp 1 track\n");
  const VrrpGroupConfig& g = G(c);
  EXPECT_EQ(g.address, (Ipv4{10, 0, 0, 254}));
  EXPECT_TRUE(g.secondary_addresses.empty());
  EXPECT_EQ(g.priority, 100);
  EXPECT_FALSE(g.preempt);  // `no vrrp N preempt` turns the IOS default off
  EXPECT_EQ(g.advertise_ms, 1000u);
  EXPECT_FALSE(g.timers_learn);
  EXPECT_TRUE(g.tracks.empty());
  EXPECT_FALSE(g.version.has_value());
  EXPECT_FALSE(g.multicast_group.has_value());
  EXPECT_FALSE(g.shutdown);
  EXPECT_TRUE(g.description.empty());
  EXPECT_NE(RenderRunningConfig(c).find(" no vrrp 1 preempt\n"), std::string::npos);
  ExpectRoundTrip(c);
}

TEST(VrrpCommands, NoVrrpGroupRemovesIt) {
  const DeviceConfig c =
      Load("interface Gi0/0\n vrrp 1 ip 10.0.0.254\n vrrp 2 ip 10.0.0.253\n no vrrp 1\n");
  ASSERT_EQ(c.interfaces.at(0).vrrp.size(), 1u);
  EXPECT_EQ(G(c).group, 2);
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1\n"),
            "R1.cfg:2: incomplete command: expected a VRRP group option: 'vrrp 1'");
}

TEST(VrrpCommands, BareGroupSurvivesTheRoundTrip) {
  const DeviceConfig c = Load("interface Gi0/0\n vrrp 9 priority 100\n");
  ASSERT_EQ(c.interfaces.at(0).vrrp.size(), 1u);
  ExpectRoundTrip(c);
}

TEST(VrrpCommands, AddressFamilyBlockOfIosXe) {
  const DeviceConfig c = Load(
      "fhrp version vrrp v3\n"
      "track 1 interface Gi0/1 line-protocol\n"
      "interface Gi0/0\n"
      " ip address 10.0.0.2 255.255.255.0\n"
      " vrrp 3 address-family ipv4\n"
      "  address 10.0.0.254 primary\n"
      "  address 10.0.0.250 secondary\n"
      "  priority 120\n"
      "  preempt delay minimum 10\n"
      "  timers advertise 100\n"
      "  track 1 decrement 30\n"
      "  description af group\n"
      " ip ospf cost 5\n");
  EXPECT_TRUE(c.vrrp.fhrp_v3);
  const VrrpGroupConfig& g = G(c);
  EXPECT_TRUE(g.address_family);
  EXPECT_EQ(g.EffectiveVersion(), 3);
  EXPECT_EQ(g.address, (Ipv4{10, 0, 0, 254}));
  EXPECT_EQ(g.secondary_addresses, (std::vector<Ipv4>{Ipv4{10, 0, 0, 250}}));
  EXPECT_EQ(g.priority, 120);
  EXPECT_EQ(g.preempt_delay_s, 10u);
  EXPECT_EQ(g.advertise_ms, 100u);
  EXPECT_EQ(g.tracks, (std::vector<VrrpTrack>{{.object = 1, .decrement = 30}}));
  EXPECT_EQ(g.description, "af group");
  EXPECT_EQ(c.interfaces.at(0).ospf_cost, 5u);  // the block ended at the dedent
  const std::string text = RenderRunningConfig(c);
  EXPECT_NE(text.find(" vrrp 3 address-family ipv4\n  description af group\n"
                      "  address 10.0.0.254 primary\n"),
            std::string::npos)
      << text;
  ExpectRoundTrip(c);
}

TEST(VrrpCommands, Vrrpv2InsideTheBlockSpeaksVersion2) {
  const DeviceConfig c = Load(
      "fhrp version vrrp v3\ninterface Gi0/0\n vrrp 1 address-family ipv4\n  vrrpv2\n"
      "  no preempt\n");
  EXPECT_EQ(G(c).EffectiveVersion(), 2);
  EXPECT_FALSE(G(c).preempt);
  ExpectRoundTrip(c);
}

TEST(VrrpCommands, ConfTypedAddressFamilyLinesEnterTheBlock) {
  DeviceConfig c(DeviceKind::kRouter);
  const std::vector<ConfigLine> lines = SplitConfCommand(
      "fhrp version vrrp v3; interface Gi0/0; vrrp 4 address-family ipv4; priority 200; exit; "
      "vrrp 4 description d",
      "scenario.txt", 3);
  ASSERT_TRUE(Apply(c, lines).has_value());
  EXPECT_EQ(G(c).priority, 200);
  EXPECT_EQ(G(c).description, "d");
}

TEST(VrrpCommands, NoTrackRemovesTheObject) {
  const DeviceConfig c = Load(
      "track 1 interface Gi0/1 line-protocol\ntrack 2 interface Gi0/2 line-protocol\nno track 1\n");
  EXPECT_EQ(c.vrrp.tracks.size(), 1u);
  EXPECT_TRUE(c.vrrp.tracks.contains(2));
  ExpectRoundTrip(c);
}

TEST(VrrpCommands, BadValuesAreErrorsWithFileAndLine) {
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 priority 255\n"),
            "R1.cfg:2: invalid argument \"255\": expected a number (1-254): 'vrrp 1 priority 255'");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 0 ip 10.0.0.1\n"),
            "R1.cfg:2: invalid argument \"0\": expected a number (1-255): 'vrrp 0 ip 10.0.0.1'");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 ip 224.0.0.5\n"),
            "R1.cfg:2: invalid argument \"224.0.0.5\": not a unicast host address: "
            "'vrrp 1 ip 224.0.0.5'");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 timers advertise msec 20\n"),
            "R1.cfg:2: invalid argument \"20\": expected a number (50-999): "
            "'vrrp 1 timers advertise msec 20'");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 timers advertise 256\n").substr(0, 33),
            "R1.cfg:2: invalid argument \"256\":");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 version 4\n").substr(0, 31),
            "R1.cfg:2: invalid argument \"4\":");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 multicast-group 224.0.0.18\n"),
            "R1.cfg:2: invalid argument \"224.0.0.18\": not a multicast group outside "
            "224.0.0.0/24: 'vrrp 1 multicast-group 224.0.0.18'");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 multicast-group 10.0.0.1\n").substr(0, 38),
            "R1.cfg:2: invalid argument \"10.0.0.1\":");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 preempt delay minimum 3601\n").substr(0, 34),
            "R1.cfg:2: invalid argument \"3601\":");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 track 1 decrement 0\n").substr(0, 31),
            "R1.cfg:2: invalid argument \"0\":");
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 address-family ipv4\n"),
            "R1.cfg:2: invalid argument \"address-family\": configure fhrp version vrrp v3 "
            "first: 'vrrp 1 address-family ipv4'");
  EXPECT_EQ(ErrorOf("fhrp version vrrp v3\ninterface Gi0/0\n vrrp 1 address-family ipv4\n"
                    "  timers advertise 5\n")
                .substr(0, 31),
            "R1.cfg:4: invalid argument \"5\":");
  EXPECT_EQ(ErrorOf("track 1 interface Gi0/1\n"),
            "R1.cfg:1: incomplete command: expected \"line-protocol\": "
            "'track 1 interface Gi0/1'");
}

TEST(VrrpCommands, AuthenticationIsRecognisedButNotSupported) {
  EXPECT_EQ(ErrorOf("interface Gi0/0\n vrrp 1 authentication text cisco\n"),
            "R1.cfg:2: not supported yet: 'vrrp 1 authentication text cisco'");
}

TEST(VrrpCommands, AMisspelledOptionIsAnError) {
  EXPECT_NE(ErrorOf("interface Gi0/0\n vrrp 1 prioity 5\n").find("R1.cfg:2: "), std::string::npos);
  EXPECT_NE(ErrorOf("interface Gi0/0\n vrrp 1 prioity 5\n"), "");
}

TEST(VrrpCommands, HostsAndSwitchesAcceptVrrpToo) {
  // A ProxySG-style appliance is a host with a VIP (LAB-FORMAT.md §3).
  const DeviceConfig h = Load(
      "interface eth0\n ip address 10.0.0.11 255.255.255.0\n vrrp 1 ip 10.0.0.100\n"
      " vrrp 1 multicast-group 239.24.1.10\n",
      DeviceKind::kHost);
  EXPECT_EQ(h.interfaces.at(0).vrrp.at(0).multicast_group, (Ipv4{239, 24, 1, 10}));
}

}  // namespace
}  // namespace mc::config
