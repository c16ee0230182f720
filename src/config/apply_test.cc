// Apply: IOS modes (indented blocks, unindented lines after a header, `exit`), incremental
// `conf` lines, keyword abbreviation and case, and the unknown/ambiguous/incomplete errors.
#include "config/apply.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

TEST(Modes, UnindentedLinesAfterAHeaderStayInItsModeUntilAGlobalCommand) {
  const DeviceConfig cfg = Load(
      "interface Ethernet0/1\n"
      "description r1 -> sender\n"
      "ip address 10.1.0.1 255.255.255.0\n"
      "hostname R1\n"
      "router ospf 1\n"
      "network 10.1.0.0 0.0.0.255 area 0\n"
      "interface Ethernet0/2\n"
      "shutdown\n");
  ASSERT_EQ(cfg.interfaces.size(), 2u);
  EXPECT_EQ(cfg.interfaces[0].description, "r1 -> sender");
  EXPECT_TRUE(cfg.interfaces[0].address);
  EXPECT_EQ(cfg.hostname, "R1");
  EXPECT_EQ(cfg.ospf.at(1).networks.size(), 1u);
  EXPECT_FALSE(cfg.interfaces[0].shutdown);
  EXPECT_TRUE(cfg.interfaces[1].shutdown);
}

TEST(Modes, IndentedChildrenMustBelongToTheirBlock) {
  EXPECT_EQ(ErrorOf("interface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n hostname R1\n"),
            "R1.cfg:3: unknown command: 'hostname R1'");
  // After an indented block the next unindented line is global again.
  EXPECT_EQ(ErrorOf("interface Gi0/0\n ip address 10.0.0.1 255.255.255.0\nshutdown\n"),
            "R1.cfg:3: unknown command: 'shutdown'");
}

TEST(Modes, ExitLeavesTheMode) {
  EXPECT_EQ(ErrorOf("interface Gi0/0\nexit\nshutdown\n"), "R1.cfg:3: unknown command: 'shutdown'");
  EXPECT_EQ(Load("exit\nhostname A\n").hostname, "A");
}

TEST(Modes, ALineAModeRejectsIsTriedInTheEnclosingModes) {
  // `router` abbreviates `router-id` in router mode, but the line is a global command.
  EXPECT_EQ(Load("router ospf 1\nrouter ospf 2\n").ospf.size(), 2u);
  // When no mode accepts it, the error that got furthest into the line is reported.
  EXPECT_EQ(MessageOf("router ospf 1\nrouter ospf 0\n"),
            "invalid argument \"0\": expected a number (1-65535)");
  EXPECT_EQ(MessageOf("interface Gi0/0\nip address 10.0.0.1\n"),
            "incomplete command: expected a subnet mask");
}

TEST(Modes, EndReturnsToGlobalConfiguration) {
  DeviceConfig cfg(DeviceKind::kRouter);
  const Status<ConfigError> s =
      Apply(cfg, SplitConfCommand("interface Gi0/1; shutdown; end; shutdown", "scenario.txt", 3));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().ToString(), "scenario.txt:3: unknown command: 'shutdown'");
  EXPECT_TRUE(cfg.interfaces.at(0).shutdown);
}

TEST(Modes, ChildrenOfAPlainCommandReadAsFollowingLines) {
  const DeviceConfig cfg = Load("hostname R1\n  ip multicast-routing\n");
  EXPECT_TRUE(cfg.multicast_routing);
}

TEST(Conf, IncrementalLinesWithABlockHeaderApplyToAnExistingConfig) {
  DeviceConfig cfg = Load("interface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n");
  const std::vector<ConfigLine> lines = SplitConfCommand(
      "interface Gi0/1; ip address 10.0.9.1 255.255.255.0 secondary; no shutdown; "
      "interface Gi0/2; shutdown",
      "scenario.txt", 4);
  ASSERT_TRUE(Apply(cfg, lines).has_value());
  ASSERT_EQ(cfg.interfaces.size(), 2u);
  EXPECT_EQ(cfg.interfaces[0].secondary_addresses.size(), 1u);
  EXPECT_TRUE(cfg.interfaces[1].shutdown);
  ASSERT_TRUE(Apply(cfg, SplitConfCommand("no ip routing", "scenario.txt", 5)).has_value());
  EXPECT_FALSE(cfg.ip_routing);
}

TEST(Conf, ErrorsNameTheScenarioLineAndKeepEarlierLinesApplied) {
  DeviceConfig cfg(DeviceKind::kRouter);
  const Status<ConfigError> s = Apply(
      cfg,
      SplitConfCommand("hostname R9; interface Gi0/1; ip pim bsr-border", "scenario.txt", 12));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().ToString(), "scenario.txt:12: not supported yet: 'ip pim bsr-border'");
  EXPECT_EQ(cfg.hostname, "R9");
  EXPECT_EQ(cfg.interfaces.size(), 1u);
}

TEST(Errors, UnknownCommandsWithFileAndLine) {
  EXPECT_EQ(ErrorOf("!\ninterface Gi0/0\n ip pimm sparse-mode\n"),
            "R1.cfg:3: unknown command: 'ip pimm sparse-mode'");
  EXPECT_EQ(ErrorOf("hostnam R1\nfoo bar\n"), "R1.cfg:2: unknown command: 'foo bar'");
  EXPECT_EQ(ErrorOf("version 15.2\n"), "R1.cfg:1: unknown command: 'version 15.2'");
  EXPECT_EQ(ErrorOf("no\n"), "R1.cfg:1: unknown command: 'no'");
  EXPECT_EQ(ErrorOf("ip\n"),
            "R1.cfg:1: incomplete command: expected access-list, default-gateway, "
            "igmp, mroute, msdp, multicast-routing, pim, route, routing, vrf: 'ip'");
}

TEST(Errors, AmbiguousAbbreviations) {
  EXPECT_EQ(
      ErrorOf("interface Gi0/0\n s\n"),
      "R1.cfg:2: ambiguous command: \"s\" could be shutdown, source-interface, spanning-tree, "
      "switchport: 's'");
  EXPECT_EQ(MessageOf("interface Gi0/0\n ip pim sparse\n"),
            "ambiguous command: \"sparse\" could be sparse-dense-mode, sparse-mode");
}

TEST(Abbreviations, UniquePrefixesAndAnyCaseWork) {
  const DeviceConfig cfg = Load(
      "HOSTNAME R1\n"
      "int gi0/1\n"
      " ip add 10.0.0.1 255.255.255.0\n"
      " desc uplink\n"
      " sh\n"
      "INTERFACE GI0/2\n"
      " IP ADDRESS 10.0.1.1 255.255.255.0\n"
      " IP ADDRESS 10.0.2.1 255.255.255.0 SEC\n"
      "ip multicast-r\n"
      "router os 1\n"
      " net 10.0.0.0 0.0.0.255 a 0\n");
  EXPECT_EQ(cfg.hostname, "R1");
  ASSERT_EQ(cfg.interfaces.size(), 2u);
  EXPECT_EQ(cfg.interfaces[0].description, "uplink");
  EXPECT_TRUE(cfg.interfaces[0].shutdown);
  EXPECT_EQ(cfg.interfaces[1].name, "GI0/2");
  EXPECT_EQ(cfg.interfaces[1].secondary_addresses.size(), 1u);
  EXPECT_TRUE(cfg.multicast_routing);
  EXPECT_EQ(cfg.ospf.at(1).networks.at(0).area, 0u);
}

// Configs are user input: any word soup loads or fails with an error on one of its lines.
RC_GTEST_PROP(Apply, WordSoupNeverCrashesAndErrorsPointAtALine, ()) {
  const std::vector<std::string> words =
      *rc::gen::container<std::vector<std::string>>(rc::gen::oneOf(
          rc::gen::element<std::string>(
              "\n", "\n ", "\n\t", " ", "!", "no", "interface", "int", "Gi0/0", "gigabit", "0/1",
              "ip", "address", "add", "secondary", "10.0.0.1", "255.255.255.0", "0.0.0.255",
              "route", "mroute", "router", "ospf", "1", "area", "network", "vlan", "1-5", "4095",
              "switchport", "trunk", "allowed", "add", "none", "mode", "access", "shutdown",
              "access-list", "permit", "deny", "any", "host", "standard", "vrf", "forwarding", "rd",
              "1:1", "exit", "end", "pim", "igmp", "snooping", "spanning-tree", "priority",
              "description", "passive-interface", "default", "multicast-routing", "..."),
          rc::gen::string<std::string>()));
  std::string text;
  for (const std::string& w : words) {
    text += w + (w.starts_with('\n') ? "" : " ");
  }
  const auto kind = *rc::gen::element(DeviceKind::kRouter, DeviceKind::kSwitch, DeviceKind::kHost);
  Result<DeviceConfig, ConfigError> r = LoadConfig(kind, text, "soup.cfg");
  if (!r) {
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    RC_ASSERT(r.error().line >= 1);
    RC_ASSERT(r.error().line <= lines);
    RC_ASSERT(!r.error().message.empty());
  }
}

}  // namespace
}  // namespace mc::config
