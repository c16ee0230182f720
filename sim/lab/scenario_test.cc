// scenario.txt parser: one positive parse per LAB-FORMAT §4 form with every field checked,
// one test per error with its exact `scenario.txt:LINE: message`, and random input.
#include "sim/lab/scenario.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <filesystem>

#include "sim/lab/output_regex.h"

namespace mc::sim {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kTestData{MC_LAB_TESTDATA_DIR};

// R1 router, SW1 switch, H1/H2 hosts, R2 router; links R1:Gi0/0-SW1:Gi1/0/1,
// SW1:Gi1/0/2-H1:eth0, and the segment R1:Gi0/1 + H2:eth0 + R2:Ethernet0/0.
const Topology& Lab() {
  static const Topology topo = *LoadTopology(kTestData / "valid");
  return topo;
}

Ipv4 A(const char* text) { return *Ipv4::Parse(text); }

// Parses a scenario that should be valid and returns its only line.
ScenarioLine One(std::string_view text) {
  Result<Scenario, LabError> r = ParseScenario(text, Lab());
  EXPECT_TRUE(r.has_value()) << text << "\n" << (r ? "" : r.error().ToString());
  if (!r || r->lines.size() != 1) {
    ADD_FAILURE() << "expected exactly one line from: " << text;
    return ScenarioLine{};
  }
  return r->lines[0];
}

// The command of an `at T node: command` line.
ExecCommand Exec(std::string_view command) {
  const ScenarioLine l = One(fmt::format("at 1s R1: {}", command));
  const ExecAction* a = std::get_if<ExecAction>(&l.action);
  if (a == nullptr) {
    ADD_FAILURE() << "not an exec action: " << command;
    return ShowCommand{};
  }
  return a->parsed;
}

std::string ErrorOf(std::string_view text) {
  Result<Scenario, LabError> r = ParseScenario(text, Lab());
  return r.has_value() ? std::string{"(parsed fine)"} : r.error().ToString();
}

// ---- lines, comments, times ------------------------------------------------------------------

TEST(ParseScenario, ExecLineKeepsNodeCommandTimeAndLine) {
  Result<Scenario, LabError> r =
      ParseScenario("# header\n\nat 1m30s R1:   show ip mroute   # trailing comment\n", Lab());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->file, "scenario.txt");
  ASSERT_EQ(r->lines.size(), 1u);
  const ScenarioLine& l = r->lines[0];
  EXPECT_EQ(l.line, 3);
  EXPECT_EQ(l.at, 90s);
  EXPECT_EQ(l.text, "R1:   show ip mroute");
  const ExecAction& a = std::get<ExecAction>(l.action);
  EXPECT_EQ(a.node, "R1");
  EXPECT_EQ(a.command, "show ip mroute");
  EXPECT_EQ(a.parsed, ExecCommand{(ShowCommand{"ip mroute", false})});
}

TEST(ParseScenario, CrlfBlankLinesAndEqualTimes) {
  Result<Scenario, LabError> r = ParseScenario(
      "at 0 H1: join 239.1.1.1\r\n   \r\nat 0 H2: join 239.1.1.1\r\nat 250ms R1: show ip igmp "
      "groups\r\n",
      Lab());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->lines.size(), 3u);
  EXPECT_EQ(r->lines[0].line, 1);
  EXPECT_EQ(r->lines[1].line, 3);
  EXPECT_EQ(r->lines[2].line, 4);
  EXPECT_EQ(r->lines[2].at, 250ms);
  EXPECT_EQ(std::get<ExecAction>(r->lines[2].action).command, "show ip igmp groups");
  EXPECT_EQ(ScenarioEnd(*r), 250ms);
}

TEST(ParseScenario, EmptyScenarioEndsAtZero) {
  Result<Scenario, LabError> r = ParseScenario("# nothing\n\n", Lab());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->lines.empty());
  EXPECT_EQ(ScenarioEnd(*r), 0ns);
}

TEST(LoadScenario, ValidLabFile) {
  Result<Scenario, LabError> r = LoadScenario(kTestData / "valid", Lab());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->lines.size(), 8u);
  EXPECT_EQ(r->lines[0].line, 2);
  EXPECT_TRUE(std::holds_alternative<ExecAction>(r->lines[0].action));
  EXPECT_TRUE(std::holds_alternative<LinkAction>(r->lines[3].action));
  EXPECT_EQ(r->lines[3].text, "link R1:Gi0/0 down");
  EXPECT_TRUE(std::holds_alternative<NodeAction>(r->lines[4].action));
  EXPECT_TRUE(std::holds_alternative<ExpectReceived>(r->lines[5].action));
  EXPECT_TRUE(std::holds_alternative<ExpectSent>(r->lines[6].action));
  EXPECT_TRUE(std::holds_alternative<ExpectOutput>(r->lines[7].action));
  EXPECT_EQ(ScenarioEnd(*r), 4s);
}

TEST(LoadScenario, MissingFile) {
  EXPECT_EQ(
      LoadScenario(kTestData / "bad_unknown_key", Lab()).error().ToString(),
      "scenario.txt: cannot read " + (kTestData / "bad_unknown_key" / "scenario.txt").string());
}

// ---- exec commands ---------------------------------------------------------------------------

TEST(ExecCommands, Show) {
  EXPECT_EQ(Exec("show ip mroute 239.1.1.1 | json"),
            ExecCommand{(ShowCommand{"ip mroute 239.1.1.1", true})});
  EXPECT_EQ(Exec("sh ip igmp snooping groups"),
            ExecCommand{(ShowCommand{"ip igmp snooping groups", false})});
  EXPECT_EQ(Exec("SHOW vrrp brief |JSON"), ExecCommand{(ShowCommand{"vrrp brief", true})});
}

TEST(ExecCommands, Clear) {
  EXPECT_EQ(Exec("clear ip mroute *"), ExecCommand{ClearMrouteCommand{}});
  EXPECT_EQ(Exec("clear ip mroute 239.1.1.1"),
            ExecCommand{(ClearMrouteCommand{A("239.1.1.1"), std::nullopt})});
  EXPECT_EQ(Exec("clear ip mroute 239.1.1.1 10.1.1.10"),
            ExecCommand{(ClearMrouteCommand{A("239.1.1.1"), A("10.1.1.10")})});
  EXPECT_EQ(Exec("clear ip igmp group"), ExecCommand{ClearIgmpGroupCommand{}});
  EXPECT_EQ(Exec("Clear IP IGMP Group 239.9.9.9"),
            ExecCommand{(ClearIgmpGroupCommand{A("239.9.9.9")})});
}

TEST(ExecCommands, Ping) {
  EXPECT_EQ(Exec("ping 239.1.1.1"),
            ExecCommand{(PingCommand{A("239.1.1.1"), 1, 2s, std::nullopt})});
  EXPECT_EQ(Exec("ping 10.0.0.2"), ExecCommand{(PingCommand{A("10.0.0.2"), 5, 2s, std::nullopt})});
  EXPECT_EQ(Exec("ping 239.1.1.1 repeat 3 timeout 5 source Loopback0"),
            ExecCommand{(PingCommand{A("239.1.1.1"), 3, 5s, "Loopback0"})});
  EXPECT_EQ(Exec("ping 239.1.1.1 timeout 500ms"),
            ExecCommand{(PingCommand{A("239.1.1.1"), 1, 500ms, std::nullopt})});
  EXPECT_EQ(Exec("ping 239.1.1.1 TIMEOUT 0"),
            ExecCommand{(PingCommand{A("239.1.1.1"), 1, 0s, std::nullopt})});
}

TEST(ExecCommands, Conf) {
  EXPECT_EQ(Exec("conf interface Gi0/1; ip pim sparse-mode;  ; no shutdown"),
            ExecCommand{(ConfCommand{{"interface Gi0/1", "ip pim sparse-mode", "no shutdown"}})});
  EXPECT_EQ(Exec("conf ip multicast-routing"),
            ExecCommand{(ConfCommand{{"ip multicast-routing"}})});
}

TEST(ExecCommands, Mtrace) {
  EXPECT_EQ(Exec("mtrace 10.1.1.10 239.1.1.1"),
            ExecCommand{(MtraceCommand{A("10.1.1.10"), A("239.1.1.1")})});
  EXPECT_EQ(Exec("mtrace 10.1.1.10"), ExecCommand{(MtraceCommand{A("10.1.1.10"), std::nullopt})});
}

TEST(ExecCommands, Join) {
  EXPECT_EQ(Exec("join 239.1.1.1"), ExecCommand{(JoinCommand{A("239.1.1.1"), {}, false, {}})});
  EXPECT_EQ(
      Exec("join 232.1.1.1 source 10.0.0.1,10.0.0.2 exclude interface eth1"),
      ExecCommand{(JoinCommand{A("232.1.1.1"), {A("10.0.0.1"), A("10.0.0.2")}, true, "eth1"})});
  EXPECT_EQ(Exec("join 232.1.1.1 source 10.0.0.1, 10.0.0.2 ,10.0.0.3"),
            ExecCommand{(JoinCommand{
                A("232.1.1.1"), {A("10.0.0.1"), A("10.0.0.2"), A("10.0.0.3")}, false, {}})});
}

TEST(ExecCommands, Leave) {
  EXPECT_EQ(Exec("leave 239.1.1.1"), ExecCommand{(LeaveCommand{A("239.1.1.1"), {}, {}})});
  EXPECT_EQ(Exec("leave 232.1.1.1 source 10.0.0.1"),
            ExecCommand{(LeaveCommand{A("232.1.1.1"), {A("10.0.0.1")}, {}})});
  EXPECT_EQ(Exec("leave 232.1.1.1 interface eth0"),
            ExecCommand{(LeaveCommand{A("232.1.1.1"), {}, "eth0"})});
}

TEST(ExecCommands, SendWithEveryOption) {
  EXPECT_EQ(Exec("send 239.1.1.1 count 100 interval 10ms ttl 8 size 1472 port 9000 "
                 "source-interface Vlan10"),
            ExecCommand{(SendCommand{A("239.1.1.1"), 100, 10ms, 8, 1472, 9000, "Vlan10"})});
  EXPECT_EQ(Exec("send 239.1.1.1 count 5 interval 0"),
            ExecCommand{(SendCommand{A("239.1.1.1"), 5, 0s, 64, 100, 5001, std::nullopt})});
}

TEST(ExecCommands, SendDefaults) {
  const SendCommand s = std::get<SendCommand>(Exec("send 239.1.1.1"));
  EXPECT_EQ(s.group, A("239.1.1.1"));
  EXPECT_FALSE(s.count.has_value());
  EXPECT_EQ(s.interval, 1s);
  EXPECT_EQ(s.ttl, 64);
  EXPECT_EQ(s.size, 100);
  EXPECT_EQ(s.port, 5001);
  EXPECT_FALSE(s.source_interface.has_value());
}

TEST(ExecCommands, Errors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty command"},
      {"reload",
       "unknown command \"reload\" (expected show, clear, ping, conf, mtrace, join, "
       "leave or send)"},
      {"show", "show: missing what to show (e.g. show ip mroute)"},
      {"show | json", "show: missing what to show (e.g. show ip mroute)"},
      {"clear ip pim neighbor",
       "clear: expected clear ip mroute *|<group> [<source>] or clear ip igmp group [<group>]"},
      {"clear ip mroute * 10.0.0.1",
       "clear: expected clear ip mroute *|<group> [<source>] or clear ip igmp group [<group>]"},
      {"clear ip mroute 10.0.0.1", "clear: 10.0.0.1 is not a multicast group address"},
      {"ping", "ping: missing address (ping <group>|<address> [repeat N] [timeout S] [source IF])"},
      {"ping 1.2.3", "ping: bad address \"1.2.3\""},
      {"ping 239.1.1.1 repeat 0", "ping: repeat must be 1..2147483647, got 0"},
      {"ping 239.1.1.1 repeat x", "ping: bad number \"x\""},
      {"ping 239.1.1.1 repeat 2 repeat 3", "ping: repeat given twice"},
      {"ping 239.1.1.1 timeout", "ping: timeout needs a value"},
      {"ping 239.1.1.1 timeout 3601", "ping: timeout must be 0..3600, got 3601"},
      {"ping 239.1.1.1 timeout 2h", "ping: timeout must be at most 3600s, got 2h"},
      {"ping 239.1.1.1 size 100",
       "ping: unknown option \"size\" (expected repeat, timeout or "
       "source)"},
      {"conf ;  ;", "conf: missing config lines (conf <line>[; <line>...])"},
      {"mtrace", "mtrace: expected mtrace <source> [<group>]"},
      {"mtrace 239.1.1.1", "mtrace: 239.1.1.1 is not a unicast source address"},
      {"mtrace 10.0.0.1 10.0.0.2", "mtrace: 10.0.0.2 is not a multicast group address"},
      {"join", "join: missing group address"},
      {"join 239.1.1", "join: bad address \"239.1.1\""},
      {"join 10.0.0.1", "join: 10.0.0.1 is not a multicast group address"},
      {"join 232.1.1.1 source 10.0.0.1,,10.0.0.2", "join: bad address \"\""},
      {"join 232.1.1.1 source 10.0.0.1,10.0.0.1", "join: source 10.0.0.1 listed twice"},
      {"join 232.1.1.1 source 0.0.0.0", "join: 0.0.0.0 is not a unicast source address"},
      {"join 232.1.1.1 source", "join: source needs a value"},
      {"join 232.1.1.1 vlan 3",
       "join: unknown option \"vlan\" (expected source, exclude or "
       "interface)"},
      {"leave 232.1.1.1 exclude",
       "leave: unknown option \"exclude\" (expected source or "
       "interface)"},
      {"send", "send: missing group address"},
      {"send 10.0.0.1", "send: 10.0.0.1 is not a multicast group address"},
      {"send 239.1.1.1 count -1", "send: bad number \"-1\""},
      {"send 239.1.1.1 count 0", "send: count must be 1..1000000000, got 0"},
      {"send 239.1.1.1 ttl 0", "send: ttl must be 1..255, got 0"},
      {"send 239.1.1.1 ttl 256", "send: ttl must be 1..255, got 256"},
      {"send 239.1.1.1 size 1473", "send: size must be 0..1472, got 1473"},
      {"send 239.1.1.1 port 0", "send: port must be 1..65535, got 0"},
      {"send 239.1.1.1 interval 10",
       "send: bad time \"10\": missing unit after \"10\" (e.g. "
       "10s or 10ms)"},
      {"send 239.1.1.1 interval 0", "send: interval 0 needs a count"},
      {"send 239.1.1.1 count", "send: count needs a value"},
      {"send 239.1.1.1 rate 5",
       "send: unknown option \"rate\" (expected count, interval, ttl, "
       "size, port or source-interface)"},
      {"send 239.1.1.1 rate",
       "send: unknown option \"rate\" (expected count, interval, ttl, "
       "size, port or source-interface)"},
  };
  for (const auto& [command, error] : cases) {
    Result<ExecCommand, std::string> r = ParseExecCommand(command);
    ASSERT_FALSE(r.has_value()) << command;
    EXPECT_EQ(r.error(), error) << command;
  }
}

// ---- lab actions -----------------------------------------------------------------------------

TEST(LabActions, LinkDownAndUp) {
  const ScenarioLine down = One("at 2s link R1:Gi0/0 down");
  EXPECT_EQ(down.at, 2s);
  const LinkAction& a = std::get<LinkAction>(down.action);
  EXPECT_EQ(a.node, "R1");
  EXPECT_EQ(a.interface, "Gi0/0");
  EXPECT_EQ(a.endpoint, (EndpointRef{0, 0}));
  EXPECT_FALSE(a.up);

  // An IOS abbreviation of the topology's name finds the same endpoint.
  const LinkAction b = std::get<LinkAction>(One("at 3s link R2:e0/0 up").action);
  EXPECT_EQ(b.node, "R2");
  EXPECT_EQ(b.interface, "e0/0");
  EXPECT_EQ(b.endpoint, (EndpointRef{2, 2}));
  EXPECT_TRUE(b.up);
}

TEST(LabActions, NodeDownAndUp) {
  const NodeAction down = std::get<NodeAction>(One("at 5s node R2 down").action);
  EXPECT_EQ(down.node, "R2");
  EXPECT_FALSE(down.up);
  const NodeAction up = std::get<NodeAction>(One("at 5s node SW1 up").action);
  EXPECT_EQ(up.node, "SW1");
  EXPECT_TRUE(up.up);
}

// ---- expectations ----------------------------------------------------------------------------

TEST(Expect, Received) {
  const ScenarioLine l = One("at 20s expect H1 received 239.1.1.1 >= 90");
  EXPECT_EQ(l.text, "expect H1 received 239.1.1.1 >= 90");
  const ExpectReceived& e = std::get<ExpectReceived>(l.action);
  EXPECT_EQ(e.node, "H1");
  EXPECT_EQ(e.group, A("239.1.1.1"));
  EXPECT_FALSE(e.from.has_value());
  EXPECT_FALSE(e.since.has_value());
  EXPECT_EQ(e.op, CompareOp::kGe);
  EXPECT_EQ(e.count, 90u);
}

TEST(Expect, ReceivedFromSince) {
  const ExpectReceived e = std::get<ExpectReceived>(
      One("at 20s expect H2 received 232.1.1.1 from 10.1.1.10 since 10s == 0").action);
  EXPECT_EQ(e.node, "H2");
  EXPECT_EQ(e.group, A("232.1.1.1"));
  EXPECT_EQ(e.from, A("10.1.1.10"));
  EXPECT_EQ(e.since, 10s);
  EXPECT_EQ(e.op, CompareOp::kEq);
  EXPECT_EQ(e.count, 0u);
  // Options in the other order, since equal to the line's time.
  const ExpectReceived f = std::get<ExpectReceived>(
      One("at 20s expect H2 received 232.1.1.1 since 20s from 10.1.1.10 < 3").action);
  EXPECT_EQ(f.from, A("10.1.1.10"));
  EXPECT_EQ(f.since, 20s);
  EXPECT_EQ(f.op, CompareOp::kLt);
  EXPECT_EQ(f.count, 3u);
}

TEST(Expect, SentData) {
  const ExpectSent e =
      std::get<ExpectSent>(One("at 2m expect SW1:Gi1/0/2 sent 239.1.1.1 since 1m <= 5").action);
  EXPECT_EQ(e.node, "SW1");
  EXPECT_EQ(e.interface, "Gi1/0/2");
  EXPECT_FALSE(e.control.has_value());
  EXPECT_EQ(e.group, A("239.1.1.1"));
  EXPECT_EQ(e.since, 1min);
  EXPECT_EQ(e.op, CompareOp::kLe);
  EXPECT_EQ(e.count, 5u);

  const ExpectSent f =
      std::get<ExpectSent>(One("at 2m expect R1:Vlan10 sent 239.1.1.1 != 0").action);
  EXPECT_EQ(f.interface, "Vlan10") << "any interface name: SVIs are not in topology.yml";
  EXPECT_FALSE(f.since.has_value());
  EXPECT_EQ(f.op, CompareOp::kNe);
}

TEST(Expect, SentControl) {
  const ExpectSent e =
      std::get<ExpectSent>(One("at 30s expect R1:Gi0/1 sent pim-hello > 2").action);
  EXPECT_EQ(e.node, "R1");
  EXPECT_EQ(e.interface, "Gi0/1");
  EXPECT_EQ(e.control, ControlKind::kPimHello);
  EXPECT_FALSE(e.group.has_value());
  EXPECT_FALSE(e.since.has_value());
  EXPECT_EQ(e.op, CompareOp::kGt);
  EXPECT_EQ(e.count, 2u);

  const ExpectSent q = std::get<ExpectSent>(
      One("at 30s expect R1:Gi0/1 sent igmp-query 239.1.1.1 since 5s >= 2").action);
  EXPECT_EQ(q.control, ControlKind::kIgmpQuery);
  EXPECT_EQ(q.group, A("239.1.1.1"));
  EXPECT_EQ(q.since, 5s);
  EXPECT_EQ(q.op, CompareOp::kGe);
  EXPECT_EQ(q.count, 2u);
}

TEST(Expect, EveryControlKindParses) {
  for (int i = 0; i <= static_cast<int>(ControlKind::kMsdp); ++i) {
    const ControlKind k = static_cast<ControlKind>(i);
    const std::string line = fmt::format("at 1s expect R1:Gi0/0 sent {} >= 1", ToString(k));
    EXPECT_EQ(std::get<ExpectSent>(One(line).action).control, k) << line;
    EXPECT_EQ(ControlKindFromName(ToString(k)), k);
  }
  EXPECT_EQ(ToString(ControlKind::kPimJoinPrune), "pim-join-prune");
  EXPECT_EQ(ToString(ControlKind::kAutoRp), "autorp");
  EXPECT_FALSE(ControlKindFromName("pim").has_value());
}

TEST(Expect, OutputContainsLacksMatches) {
  const ScenarioLine l =
      One("at 12s expect R1 \"show ip mroute 239.1.1.1\" contains \"(10.1.1.10, 239.1.1.1)\"");
  const ExpectOutput& c = std::get<ExpectOutput>(l.action);
  EXPECT_EQ(c.node, "R1");
  EXPECT_EQ(c.command, "show ip mroute 239.1.1.1");
  EXPECT_EQ(c.parsed, ExecCommand{(ShowCommand{"ip mroute 239.1.1.1", false})});
  EXPECT_EQ(c.check, OutputCheck::kContains);
  EXPECT_EQ(c.text, "(10.1.1.10, 239.1.1.1)");

  const ExpectOutput k =
      std::get<ExpectOutput>(One("at 12s expect H1 \"ping 239.1.1.1\" lacks \"Reply\"").action);
  EXPECT_EQ(k.check, OutputCheck::kLacks);
  EXPECT_EQ(k.parsed, ExecCommand{(PingCommand{A("239.1.1.1"), 1, 2s, std::nullopt})});
  EXPECT_EQ(k.text, "Reply");

  // Literal text: backslashes and '#' inside quotes are kept as written.
  const ExpectOutput m = std::get<ExpectOutput>(
      One("at 12s expect R2 \"show vrrp\" matches \"State is (Master|Backup)\\s+#\"").action);
  EXPECT_EQ(m.check, OutputCheck::kMatches);
  EXPECT_EQ(m.text, "State is (Master|Backup)\\s+#");
  EXPECT_EQ(ToString(OutputCheck::kMatches), "matches");
}

TEST(OutputRegex, SearchesAnywhereAndDotStopsAtLineEnds) {
  const std::string out = "Vlan10 - Group 1\n  State is Master\n  Virtual IP address is 10.0.0.1\n";
  EXPECT_TRUE(OutputMatches("State is (Master|Backup)", out));
  EXPECT_FALSE(OutputMatches("State is Init", out));
  EXPECT_TRUE(OutputMatches("Group \\d+", out));
  EXPECT_FALSE(OutputMatches("Group 1.*Master", out)) << "'.' must not cross a line end";
  EXPECT_TRUE(OutputMatches("Group 1[\\s\\S]*Master", out));
  EXPECT_FALSE(OutputMatches("(unbalanced", out));
  EXPECT_TRUE(CheckOutputRegex("a|b").has_value());
  EXPECT_EQ(CheckOutputRegex("a{2").error(), "bad regex \"a{2\": unbalanced braces");
}

TEST(CompareOp, AllOperators) {
  EXPECT_TRUE(Holds(CompareOp::kEq, 3, 3));
  EXPECT_FALSE(Holds(CompareOp::kEq, 3, 4));
  EXPECT_TRUE(Holds(CompareOp::kNe, 3, 4));
  EXPECT_TRUE(Holds(CompareOp::kGe, 4, 4));
  EXPECT_FALSE(Holds(CompareOp::kGe, 3, 4));
  EXPECT_TRUE(Holds(CompareOp::kLe, 4, 4));
  EXPECT_TRUE(Holds(CompareOp::kGt, 5, 4));
  EXPECT_FALSE(Holds(CompareOp::kGt, 4, 4));
  EXPECT_TRUE(Holds(CompareOp::kLt, 3, 4));
  EXPECT_FALSE(Holds(CompareOp::kLt, 4, 4));
  for (const char* op : {"==", "!=", ">=", "<=", ">", "<"}) {
    const std::string line = fmt::format("at 1s expect H1 received 239.1.1.1 {} 1", op);
    EXPECT_EQ(ToString(std::get<ExpectReceived>(One(line).action).op), op);
  }
}

// ---- errors ----------------------------------------------------------------------------------

TEST(ParseScenarioErrors, ExactFileLineMessages) {
  const std::pair<const char*, const char*> cases[] = {
      // unknown node / action / command
      {"at 1s R9: show ip mroute", "scenario.txt:1: unknown node \"R9\""},
      {"at 1s R1: reload",
       "scenario.txt:1: unknown command \"reload\" (expected show, clear, "
       "ping, conf, mtrace, join, leave or send)"},
      {"at 1s reboot R1",
       "scenario.txt:1: unknown action \"reboot\" (expected \"<node>: "
       "<command>\", link, node or expect)"},
      {"at 1s R1 show ip mroute",
       "scenario.txt:1: missing \":\" after node R1 (write \"R1: <command>\")"},
      {"at 1s R1:", "scenario.txt:1: missing command after \"R1:\""},
      {"\n\nat 1s H1: join 239.1.1", "scenario.txt:3: join: bad address \"239.1.1\""},
      // times
      {"at 1x R1: show ip mroute",
       "scenario.txt:1: bad time \"1x\": unknown unit \"x\" (use h, m, s, ms, us or ns)"},
      {"at -1s R1: show ip mroute",
       "scenario.txt:1: bad time \"-1s\": negative times are not "
       "allowed"},
      {"at", "scenario.txt:1: missing time after at"},
      {"at 5s", "scenario.txt:1: missing action after at 5s"},
      {"R1: show ip mroute",
       "scenario.txt:1: expected \"at <time>\" at the start of the line, got \"R1:\""},
      {"at 10s R1: show ip mroute\n# comment\nat 5s R1: show ip mroute",
       "scenario.txt:3: time 5s is earlier than 10s on line 1 (times must not decrease)"},
      // link / node actions
      {"at 1s link R1:Gi0/9 down", "scenario.txt:1: no link in the topology has endpoint R1:Gi0/9"},
      {"at 1s link R9:Gi0/0 down", "scenario.txt:1: unknown node \"R9\""},
      {"at 1s link R1 down",
       "scenario.txt:1: malformed interface \"R1\" (expected <node>:<interface>)"},
      {"at 1s link R1:Gi0/0 sideways",
       "scenario.txt:1: expected down or up after link R1:Gi0/0, got \"sideways\""},
      {"at 1s link R1:Gi0/0", "scenario.txt:1: expected link <node>:<interface> down|up"},
      {"at 1s node R1", "scenario.txt:1: expected node <node> down|up"},
      {"at 1s node R9 down", "scenario.txt:1: unknown node \"R9\""},
      {"at 1s node R1 reboot", "scenario.txt:1: expected down or up after node R1, got \"reboot\""},
      // expect: operators, numbers, addresses
      {"at 4s expect H1 received 239.1.1.1 = 9",
       "scenario.txt:1: bad operator \"=\" (expected ==, !=, >=, <=, > or <)"},
      {"at 4s expect H1 received 239.1.1.1 >= nine", "scenario.txt:1: bad number \"nine\""},
      {"at 4s expect H1 received 239.1.1.1 >= -1", "scenario.txt:1: bad number \"-1\""},
      {"at 4s expect H1 received 239.1.1.1",
       "scenario.txt:1: missing comparison at the end "
       "(e.g. >= 1)"},
      {"at 4s expect H1 received 239.1.1.1 >=", "scenario.txt:1: missing count after >="},
      {"at 4s expect H1 received 239.1.1.1 >= 1 packets",
       "scenario.txt:1: unexpected \"packets\" after the count"},
      {"at 4s expect H1 received 239.1.1 >= 1", "scenario.txt:1: bad address \"239.1.1\""},
      {"at 4s expect H1 received 10.1.1.1 >= 1",
       "scenario.txt:1: 10.1.1.1 is not a multicast group address"},
      {"at 4s expect H1 received 239.1.1.1 from 239.2.2.2 >= 1",
       "scenario.txt:1: 239.2.2.2 is not a unicast source address"},
      {"at 4s expect H1 received 239.1.1.1 from 10.0.0.1 from 10.0.0.2 >= 1",
       "scenario.txt:1: from given twice"},
      {"at 4s expect H1 received 239.1.1.1 since >= 1",
       "scenario.txt:1: bad time \">=\": "
       "expected a number at \">=\""},
      {"at 4s expect H1 received 239.1.1.1 since 5s >= 1",
       "scenario.txt:1: since 5s is later than the line's own time"},
      {"at 4s expect H1 received", "scenario.txt:1: missing group after received"},
      {"at 4s expect H1:eth0 received 239.1.1.1 >= 1",
       "scenario.txt:1: received counts what a node's applications got: name the node, not an "
       "interface (\"H1:eth0\")"},
      {"at 4s expect H9 received 239.1.1.1 >= 1", "scenario.txt:1: unknown node \"H9\""},
      // expect sent
      {"at 4s expect R1 sent 239.1.1.1 >= 1",
       "scenario.txt:1: sent counts frames out of an interface: write <node>:<interface>, got "
       "\"R1\""},
      {"at 4s expect R9:Gi0/0 sent 239.1.1.1 >= 1", "scenario.txt:1: unknown node \"R9\""},
      {"at 4s expect R1:Gi0/0 sent pim-foo >= 1",
       "scenario.txt:1: expected a group address or a control packet kind (igmp-query, "
       "igmp-report, igmp-leave, pim-*, vrrp, autorp, msdp), got \"pim-foo\""},
      {"at 4s expect R1:Gi0/0 sent pim-hello 239.1.1.1 >= 1",
       "scenario.txt:1: pim-hello takes no group"},
      {"at 4s expect R1:Gi0/0 sent igmp-query 10.0.0.1 >= 1",
       "scenario.txt:1: 10.0.0.1 is not a multicast group address"},
      {"at 4s expect R1:Gi0/0 sent 239.1.1.1 from 10.0.0.1 >= 1",
       "scenario.txt:1: from applies to received only"},
      {"at 4s expect R1:Gi0/0 sent",
       "scenario.txt:1: missing group or control packet kind "
       "after sent"},
      // expect on command output
      {"at 4s expect R1 \"show ip mroute contains \"x\"", "scenario.txt:1: unterminated quote"},
      {"at 4s expect R1 \"show ip mroute\" contains x",
       "scenario.txt:1: expected a quoted text after contains"},
      {"at 4s expect R1 \"show ip mroute\" has \"x\"",
       "scenario.txt:1: expected contains, lacks or matches after the command"},
      {"at 4s expect R1 \"show ip mroute\" contains \"\"",
       "scenario.txt:1: empty text after "
       "contains"},
      {"at 4s expect R1 \"show ip mroute\" contains \"a\" \"b\"",
       "scenario.txt:1: unexpected \"b\" after the text"},
      {"at 4s expect R1 \"show ip mroute\"contains \"x\"",
       "scenario.txt:1: expected a space after the closing quote"},
      {"at 4s expect R1 \"show ip mroute\" matches \"(abc\"",
       "scenario.txt:1: bad regex \"(abc\": unbalanced parentheses, or *, + or ? with nothing "
       "to repeat"},
      {"at 4s expect R1 \"show ip mroute\" matches \"*x\"",
       "scenario.txt:1: bad regex \"*x\": unbalanced parentheses, or *, + or ? with nothing to "
       "repeat"},
      {"at 4s expect R1 \"show ip mroute\" matches \"[abc\"",
       "scenario.txt:1: bad regex \"[abc\": unbalanced brackets"},
      {"at 4s expect R1 \"show ip mroute\" matches \"a{2\"",
       "scenario.txt:1: bad regex \"a{2\": unbalanced braces"},
      {"at 4s expect R1 \"show ip mroute\" matches \"[b-a]\"",
       "scenario.txt:1: bad regex \"[b-a]\": bad character range"},
      {"at 4s expect R1 \"reload\" contains \"x\"",
       "scenario.txt:1: unknown command \"reload\" (expected show, clear, ping, conf, mtrace, "
       "join, leave or send)"},
      {"at 4s expect R1:Gi0/0 \"show ip mroute\" contains \"x\"",
       "scenario.txt:1: a command runs on a node, not on an interface (\"R1:Gi0/0\")"},
      {"at 4s expect R1 shows \"x\"",
       "scenario.txt:1: expected received, sent or a quoted command after expect R1, got "
       "\"shows\""},
      {"at 4s expect R1",
       "scenario.txt:1: expected expect <node> received|\"<command>\" ... or "
       "expect <node>:<interface> sent ..."},
      {"at 4s expect R1 recei\"ved 239.1.1.1\" >= 1",
       "scenario.txt:1: unexpected quote in \"recei\"ved\""},
      {"at 4s R1: conf banner motd \"hi", "scenario.txt:1: unterminated quote"},
  };
  for (const auto& [text, error] : cases) {
    EXPECT_EQ(ErrorOf(text), error) << text;
  }
}

RC_GTEST_PROP(ParseScenario, RandomTextNeverCrashes, (const std::string& text)) {
  const Result<Scenario, LabError> r = ParseScenario(text, Lab());
  if (!r) {
    RC_ASSERT(r.error().file == "scenario.txt");
    RC_ASSERT(r.error().line >= 1);
    RC_ASSERT(!r.error().message.empty());
  }
}

// Random lines built from scenario words exercise the deeper branches.
RC_GTEST_PROP(ParseScenario, RandomWordSoupNeverCrashes, ()) {
  const std::vector<std::string> words = {"at",
                                          "1s",
                                          "0",
                                          "R1:",
                                          "H1:",
                                          "R1:Gi0/0",
                                          "expect",
                                          "received",
                                          "sent",
                                          "since",
                                          "from",
                                          "239.1.1.1",
                                          "10.0.0.1",
                                          ">=",
                                          "==",
                                          "1",
                                          "\"show ip mroute\"",
                                          "contains",
                                          "matches",
                                          "\"x\"",
                                          "link",
                                          "node",
                                          "down",
                                          "up",
                                          "send",
                                          "join",
                                          "ping",
                                          "count",
                                          "source",
                                          ",",
                                          "igmp-query",
                                          "pim-hello",
                                          "#",
                                          "\"",
                                          "conf",
                                          ";"};
  const std::vector<std::size_t> picks =
      *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, words.size()));
  std::string text;
  for (const std::size_t i : picks) {
    text += words[i];
    text += i % 7 == 0 ? "\n" : " ";
  }
  const Result<Scenario, LabError> r = ParseScenario(text, Lab());
  if (r) {
    for (std::size_t i = 1; i < r->lines.size(); ++i) {
      RC_ASSERT(r->lines[i - 1].at <= r->lines[i].at);
    }
  }
}

}  // namespace
}  // namespace mc::sim
