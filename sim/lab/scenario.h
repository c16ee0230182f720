// scenario.txt: the lab timeline of LAB-FORMAT.md §4, parsed into typed actions, each with its
// file line and time.
//
// Every line is `at <T> <node>: <command>` or `at <T> <lab action>`; `#` outside quotes starts a
// comment; blank lines are skipped; times must not decrease. Exec commands keep their raw text
// and are also classified and validated: show, clear, ping, conf, mtrace, join, leave, send.
// Lab actions: `link <node>:<if> down|up`, `node <node> down|up`, and the expect forms. Node
// names must exist in the Topology; `link` must name a link endpoint. Text between quotes is
// literal (no escapes, so it cannot contain `"`); `matches` patterns must compile as ECMAScript.
// Errors are LabError `scenario.txt:LINE: message`.
//
// Decisions where LAB-FORMAT is silent (each is the IOS or Linux convention unless noted):
//  - lab syntax (at, link, node, expect, received, sent, from, since, contains, lacks,
//    matches, down, up, control kinds) is lower case as LAB-FORMAT writes it; exec command
//    words and their option keywords are case-insensitive like IOS; `sh`/`sho` mean `show`.
//  - show: everything after `show` is kept for the device (`| json` is split off as a flag).
//  - clear: `clear ip mroute *|G [S]`, `clear ip igmp group [G]`; other clears are rejected.
//  - ping: repeat defaults to 1 for a group (IOS multicast ping) and 5 for a unicast address;
//    timeout is IOS seconds (`timeout 2`) or a lab duration (`timeout 500ms`), 0..3600 s,
//    default 2 s; `source` keeps its argument (an interface or an address) as written.
//  - join/leave: sources are a comma list (`source 10.0.0.1,10.0.0.2`); leave also takes
//    `interface IF` like join (a lab convenience).
//  - send: count defaults to unbounded (until the lab ends); interval 1s (> 0 unless a count
//    is given); ttl 64 (1..255; a lab sender is meant to cross routers, unlike a bare Linux
//    socket's TTL 1); size is the UDP payload, 0..1472 bytes (fits a 1500-byte MTU), default
//    100; port is the UDP destination port, default 5001.
//  - expect: the options of `received` (`from`, `since`) may come in any order; `since` must
//    not be later than the line's own time; `pim-hello`, `pim-bootstrap` and `pim-df-election`
//    take no group; `contains`/`lacks`/`matches` need non-empty text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "base/time.h"
#include "sim/lab/lab_error.h"
#include "sim/lab/topology.h"

namespace mc::sim {

enum class CompareOp : std::uint8_t { kEq, kNe, kGe, kLe, kGt, kLt };
std::string_view ToString(CompareOp op);
std::optional<CompareOp> CompareOpFromString(std::string_view text);
// Whether `actual <op> expected` holds, e.g. Holds(kGe, 97, 90).
bool Holds(CompareOp op, std::uint64_t actual, std::uint64_t expected);

// The `<ctl>` packet kinds of `expect <node>:<if> sent <ctl>`.
enum class ControlKind : std::uint8_t {
  kIgmpQuery,
  kIgmpReport,
  kIgmpLeave,
  kPimHello,
  kPimJoinPrune,
  kPimRegister,
  kPimRegisterStop,
  kPimAssert,
  kPimBootstrap,
  kPimGraft,
  kPimStateRefresh,
  kPimDfElection,
  kVrrp,
  kAutoRp,
  kMsdp,
};
std::string_view ToString(ControlKind kind);  // the scenario spelling, "pim-join-prune"
std::optional<ControlKind> ControlKindFromName(std::string_view name);
bool ControlKindTakesGroup(ControlKind kind);

// ---- exec commands -------------------------------------------------------------------------

inline constexpr Duration kPingDefaultTimeout = std::chrono::seconds{2};
inline constexpr Duration kPingMaxTimeout = std::chrono::seconds{3600};
inline constexpr std::uint32_t kPingDefaultRepeatMulticast = 1;
inline constexpr std::uint32_t kPingDefaultRepeatUnicast = 5;
inline constexpr Duration kSendDefaultInterval = std::chrono::seconds{1};
inline constexpr std::uint8_t kSendDefaultTtl = 64;
inline constexpr std::uint16_t kSendDefaultSize = 100;
inline constexpr std::uint16_t kSendMaxSize = 1472;
inline constexpr std::uint16_t kSendDefaultPort = 5001;
inline constexpr std::uint64_t kSendMaxCount = 1'000'000'000;

struct ShowCommand {
  std::string args;   // after `show`, without a trailing `| json`: "ip mroute 239.1.1.1"
  bool json = false;  // `| json`
  bool operator==(const ShowCommand&) const = default;
};

struct ClearMrouteCommand {   // clear ip mroute *|G [S]
  std::optional<Ipv4> group;  // nullopt: `*`
  std::optional<Ipv4> source;
  bool operator==(const ClearMrouteCommand&) const = default;
};

struct ClearIgmpGroupCommand {  // clear ip igmp group [G]
  std::optional<Ipv4> group;    // nullopt: every group
  bool operator==(const ClearIgmpGroupCommand&) const = default;
};

struct PingCommand {
  Ipv4 target;
  std::uint32_t repeat = kPingDefaultRepeatUnicast;
  Duration timeout = kPingDefaultTimeout;
  std::optional<std::string> source;  // interface or address, as written
  bool operator==(const PingCommand&) const = default;
};

struct ConfCommand {
  std::vector<std::string> lines;  // split at `;`, trimmed, in order; blocks work as typed
  bool operator==(const ConfCommand&) const = default;
};

struct MtraceCommand {
  Ipv4 source;
  std::optional<Ipv4> group;
  bool operator==(const MtraceCommand&) const = default;
};

struct JoinCommand {
  Ipv4 group;
  std::vector<Ipv4> sources;  // empty: any source
  bool exclude = false;       // EXCLUDE(sources) rather than INCLUDE(sources)
  std::optional<std::string> interface;
  bool operator==(const JoinCommand&) const = default;
};

struct LeaveCommand {
  Ipv4 group;
  std::vector<Ipv4> sources;  // empty: leave the group
  std::optional<std::string> interface;
  bool operator==(const LeaveCommand&) const = default;
};

struct SendCommand {
  Ipv4 group;
  std::optional<std::uint64_t> count;  // nullopt: until the lab ends
  Duration interval = kSendDefaultInterval;
  std::uint8_t ttl = kSendDefaultTtl;
  std::uint16_t size = kSendDefaultSize;  // UDP payload bytes
  std::uint16_t port = kSendDefaultPort;
  std::optional<std::string> source_interface;
  bool operator==(const SendCommand&) const = default;
};

using ExecCommand =
    std::variant<ShowCommand, ClearMrouteCommand, ClearIgmpGroupCommand, PingCommand, ConfCommand,
                 MtraceCommand, JoinCommand, LeaveCommand, SendCommand>;

// Classifies and validates one exec command as typed at a node's prompt. The error is the
// reason alone (`ping: bad address "1.2.3"`).
Result<ExecCommand, std::string> ParseExecCommand(std::string_view command);

// ---- scenario actions ----------------------------------------------------------------------

struct ExecAction {  // <node>: <command>
  std::string node;
  std::string command;  // raw text, trimmed
  ExecCommand parsed;
};

struct LinkAction {  // link <node>:<if> down|up
  std::string node;
  std::string interface;  // as written in the scenario
  EndpointRef endpoint;   // the topology link endpoint it names
  bool up = false;
};

struct NodeAction {  // node <node> down|up
  std::string node;
  bool up = false;
};

struct ExpectReceived {  // expect <node> received <G> [from <S>] [since <T>] <op> <N>
  std::string node;
  Ipv4 group;
  std::optional<Ipv4> from;
  std::optional<Duration> since;
  CompareOp op = CompareOp::kEq;
  std::uint64_t count = 0;
};

// expect <node>:<if> sent <G> [since <T>] <op> <N>              (control empty, group set)
// expect <node>:<if> sent <ctl> [<G>] [since <T>] <op> <N>      (control set)
struct ExpectSent {
  std::string node;
  std::string interface;  // as written
  std::optional<ControlKind> control;
  std::optional<Ipv4> group;
  std::optional<Duration> since;
  CompareOp op = CompareOp::kEq;
  std::uint64_t count = 0;
};

enum class OutputCheck : std::uint8_t { kContains, kLacks, kMatches };
std::string_view ToString(OutputCheck check);

struct ExpectOutput {  // expect <node> "<command>" contains|lacks|matches "<text>"
  std::string node;
  std::string command;
  ExecCommand parsed;
  OutputCheck check = OutputCheck::kContains;
  std::string text;  // literal text, or an ECMAScript regex for kMatches (known to compile)
};

using Action =
    std::variant<ExecAction, LinkAction, NodeAction, ExpectReceived, ExpectSent, ExpectOutput>;

struct ScenarioLine {
  int line = 0;
  Duration at{};     // virtual time since the lab started
  std::string text;  // the action as written after the time, without comment: for reports
  Action action;
};

struct Scenario {
  std::string file;                 // "scenario.txt"
  std::vector<ScenarioLine> lines;  // in file order, hence in non-decreasing time
};

Result<Scenario, LabError> ParseScenario(std::string_view text, const Topology& topology,
                                         std::string_view file_name = "scenario.txt");

// Reads and parses `<lab_dir>/scenario.txt` (which the caller has found to exist).
Result<Scenario, LabError> LoadScenario(const std::filesystem::path& lab_dir,
                                        const Topology& topology);

// The last line's time (zero for a scenario without lines). The runner adds what that line
// still waits for (a ping's timeout) and honours --until.
Duration ScenarioEnd(const Scenario& scenario);

}  // namespace mc::sim
