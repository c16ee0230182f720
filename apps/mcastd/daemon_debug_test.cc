// mcastd's debug toggles through the control commands (no sockets: the daemon is not started):
// IOS `debug ...` / `no debug ...` / `undebug ...`, `show debugging`, and which packets and
// traces each toggle lets through to the log.
#include <gtest/gtest.h>

#include "apps/mcastd/daemon.h"
#include "config/apply.h"
#include "wire/ip.h"

namespace mc::mcastd {
namespace {

std::unique_ptr<Daemon> NewDaemon() {
  auto cfg = config::LoadConfig(config::DeviceKind::kRouter, "hostname R1\n", "r1.cfg");
  EXPECT_TRUE(cfg.has_value());
  return std::make_unique<Daemon>(std::move(*cfg), Options{"r1.cfg", "", "", "", false, 1});
}

bool On(const Daemon& d, DebugFlag f) { return d.debug_flags()[static_cast<std::size_t>(f)]; }

TEST(DaemonDebug, NothingIsOnAtStart) {
  auto d = NewDaemon();
  EXPECT_EQ(d->HandleControl("show debugging"), "No debugging is on\n");
}

TEST(DaemonDebug, PerProtocolTogglesAndShowDebugging) {
  auto d = NewDaemon();
  EXPECT_EQ(d->HandleControl("debug ip igmp"), "IGMP debugging is on\n");
  EXPECT_EQ(d->HandleControl("debug ip pim hello"), "PIM Hello debugging is on\n");
  EXPECT_EQ(d->HandleControl("deb vrrp"), "VRRP debugging is on\n");
  EXPECT_EQ(d->HandleControl("debug ip mfc"), "IP multicast routing debugging is on\n");
  EXPECT_EQ(d->HandleControl("show debugging"),
            "IP multicast:\n"
            "  IGMP debugging is on\n"
            "  PIM Hello debugging is on\n"
            "  IP multicast routing debugging is on\n"
            "VRRP:\n"
            "  VRRP debugging is on\n");
  EXPECT_EQ(d->HandleControl("no debug ip igmp"), "IGMP debugging is off\n");
  EXPECT_EQ(d->HandleControl("undebug vrrp"), "VRRP debugging is off\n");
  EXPECT_FALSE(On(*d, DebugFlag::kIgmp));
  EXPECT_FALSE(On(*d, DebugFlag::kVrrp));
  EXPECT_TRUE(On(*d, DebugFlag::kPimHello));
  EXPECT_TRUE(On(*d, DebugFlag::kMrouting));
}

TEST(DaemonDebug, NoDebugIpPimEndsTheMessageTypeToggles) {
  auto d = NewDaemon();
  (void)d->HandleControl("debug ip pim join-prune");
  (void)d->HandleControl("debug ip pim register");
  (void)d->HandleControl("debug ip pim");
  EXPECT_EQ(d->HandleControl("no debug ip pim"), "PIM debugging is off\n");
  EXPECT_EQ(d->HandleControl("show debugging"), "No debugging is on\n");
}

TEST(DaemonDebug, AllAndUndebugAll) {
  auto d = NewDaemon();
  EXPECT_EQ(d->HandleControl("debug all"), "All possible debugging has been turned on\n");
  for (std::size_t k = 0; k < kDebugFlags; ++k) {
    EXPECT_TRUE(d->debug_flags()[k]) << k;
  }
  EXPECT_EQ(d->HandleControl("undebug all"), "All possible debugging has been turned off\n");
  EXPECT_EQ(d->HandleControl("show debugging"), "No debugging is on\n");
  (void)d->HandleControl("debug all");
  EXPECT_EQ(d->HandleControl("no debug all"), "All possible debugging has been turned off\n");
}

TEST(DaemonDebug, UnknownTogglesAreRejected) {
  auto d = NewDaemon();
  for (const char* bad : {"debug", "debug ip", "debug ip ospf", "debug ip pim bsr", "no debug x",
                          "undebug ip pim hello extra"}) {
    EXPECT_TRUE(d->HandleControl(bad).starts_with("% Invalid input")) << bad;
  }
  EXPECT_EQ(d->HandleControl("show debugging"), "No debugging is on\n");
}

// RFC 7761 §4.9 types: 0 Hello, 1 Register, 2 Register-Stop, 3 Join/Prune, 5 Assert.
TEST(DaemonDebug, PimMessageTypesPassOnlyTheirToggle) {
  DebugFlags f{};
  const std::uint8_t hello[] = {0x20, 0x00};
  const std::uint8_t reg[] = {0x21, 0x00};
  const std::uint8_t stop[] = {0x22, 0x00};
  const std::uint8_t jp[] = {0x23, 0x00};
  const std::uint8_t assert_msg[] = {0x25, 0x00};
  EXPECT_FALSE(PacketWanted(f, wire::kProtoPim, hello));
  f[static_cast<std::size_t>(DebugFlag::kPimHello)] = true;
  EXPECT_TRUE(PacketWanted(f, wire::kProtoPim, hello));
  EXPECT_FALSE(PacketWanted(f, wire::kProtoPim, jp));
  EXPECT_FALSE(PacketWanted(f, wire::kProtoIgmp, hello));
  f = {};
  f[static_cast<std::size_t>(DebugFlag::kPimRegister)] = true;
  EXPECT_TRUE(PacketWanted(f, wire::kProtoPim, reg));
  EXPECT_TRUE(PacketWanted(f, wire::kProtoPim, stop));
  EXPECT_FALSE(PacketWanted(f, wire::kProtoPim, assert_msg));
  f = {};
  f[static_cast<std::size_t>(DebugFlag::kPimAssert)] = true;
  EXPECT_TRUE(PacketWanted(f, wire::kProtoPim, assert_msg));
  EXPECT_TRUE(TraceWanted(f, "pim", "assert (S, G) if 2: ..."));
  EXPECT_FALSE(TraceWanted(f, "pim", "drop PIM from 10.0.0.1"));
  f = {};
  f[static_cast<std::size_t>(DebugFlag::kPim)] = true;
  for (const auto* m : {hello, reg, stop, jp, assert_msg}) {
    EXPECT_TRUE(PacketWanted(f, wire::kProtoPim, std::span<const std::uint8_t>(m, 2)));
  }
  EXPECT_TRUE(PacketWanted(f, wire::kProtoPim, {}));  // a truncated one is shown too
  EXPECT_TRUE(TraceWanted(f, "pim", "drop PIM from 10.0.0.1"));
  EXPECT_FALSE(TraceWanted(f, "vrrp", "if 2 Grp 1 state Backup -> Master"));
}

TEST(DaemonDebug, IgmpAndVrrpFollowTheirToggles) {
  DebugFlags f{};
  const std::uint8_t report[] = {0x16, 0x00};
  f[static_cast<std::size_t>(DebugFlag::kVrrp)] = true;
  EXPECT_TRUE(PacketWanted(f, wire::kProtoVrrp, report));
  EXPECT_FALSE(PacketWanted(f, wire::kProtoIgmp, report));
  EXPECT_TRUE(TraceWanted(f, "vrrp", "state"));
  f[static_cast<std::size_t>(DebugFlag::kIgmp)] = true;
  EXPECT_TRUE(PacketWanted(f, wire::kProtoIgmp, report));
  EXPECT_TRUE(TraceWanted(f, "igmp", "x"));
  EXPECT_FALSE(PacketWanted(f, 17, report));
}

}  // namespace
}  // namespace mc::mcastd
