// The record of a router session (`mcastd --record FILE`, `mcast replay FILE`; DESIGN.md "The
// daemon": "replays it bit for bit"). A record is text, one line per event, so it can be read,
// diffed and cut by hand:
//
//   mcast-record 1 seed=12345
//   config-path "/etc/mcastd.conf"
//   config "hostname\x20R1\nip\x20multicast-routing\n..."
//   link 1000 if=2 name="r1-eth0" admin=1 lower=1 loopback=0 mac=02:00:00:00:00:01 removed=0
//   addr 1000 if=2 addr=10.0.1.1/24 secondary=0 removed=0
//   sync 1000
//   fx pim send oif=2 src=10.0.1.1 dst=224.0.0.13 ttl=1 proto=103 ra=0 tos=0xc0 payload=2000...
//   in 2000 pim packet layer=l3 if=2 src=10.0.1.2 ... bytes=2000f8c1...
//   pump 2000
//   > in 2000 pim failed reason=no-vif errno=0 mfc-add source=... group=... iif=2 oifs=3
//
// Calls are what the host did to the router core (router_core.h) at a time in nanoseconds of
// the host's monotonic clock: interface, address and route changes, syncs, engine inputs
// (packets with every byte, upcalls, failed effects), pumps (timers fire there), config reloads,
// clears, shutdown. `fx` lines are the effects the engines produced for the call before them,
// in order: replay checks them. A call made while the host was applying an effect (a failure
// the dataplane reports at once) is nested and starts with "> ". Strings are quoted with
// backslash escapes (\\, \", \n, \xNN; spaces are \x20) so no token holds a space; byte strings
// are lower-case hex with no spaces, "-" when empty.
//
// Decoding is bounds-checked and total: every malformed line is a RecordError with its line
// number and text, never a crash.
// Left out: compression, binary framing (a record of a busy router grows quickly; rotate it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/effect.h"
#include "engine/input.h"

namespace mc::router {

// The engines of one router core, as records and traces name them.
enum class EngineId : std::uint8_t { kIgmp, kPim, kVrrp };
std::string_view ToString(EngineId e);  // "igmp" / "pim" / "vrrp"

// An interface as the host sees it (netlink RTM_NEWLINK / RTM_DELLINK).
struct HostLink {
  IfIndex ifindex;
  std::string name;
  bool admin_up = false;  // IFF_UP
  bool lower_up = false;  // carrier
  bool loopback = false;
  Mac mac;
  bool removed = false;
  bool operator==(const HostLink&) const = default;
};

// An interface address (RTM_NEWADDR / RTM_DELADDR).
struct HostAddr {
  IfIndex ifindex;
  engine::IfAddress address;
  bool secondary = false;
  bool removed = false;
  bool operator==(const HostAddr&) const = default;
};

namespace rec {

struct Link {
  HostLink link;
  bool operator==(const Link&) const = default;
};
struct Addr {
  HostAddr addr;
  bool operator==(const Addr&) const = default;
};
// A kernel route; `removed` deletes it. Routes are keyed by prefix, interface, next hop, metric.
struct Route {
  engine::RouteEvent route;
  bool operator==(const Route&) const = default;
};
struct Sync {
  bool operator==(const Sync&) const = default;
};
struct In {
  EngineId engine = EngineId::kIgmp;
  engine::Input input;
  bool operator==(const In&) const = default;
};
struct Pump {
  bool operator==(const Pump&) const = default;
};
struct Reload {
  std::string config_text;
  bool operator==(const Reload&) const = default;
};
struct ClearMroute {
  std::optional<Ipv4> group;
  std::optional<Ipv4> source;
  bool operator==(const ClearMroute&) const = default;
};
struct ClearIgmp {
  std::optional<Ipv4> group;
  bool operator==(const ClearIgmp&) const = default;
};
struct Shutdown {
  bool operator==(const Shutdown&) const = default;
};

}  // namespace rec

using Call = std::variant<rec::Link, rec::Addr, rec::Route, rec::Sync, rec::In, rec::Pump,
                          rec::Reload, rec::ClearMroute, rec::ClearIgmp, rec::Shutdown>;

struct CallLine {
  Time at;
  bool nested = false;
  Call call;
  bool operator==(const CallLine&) const = default;
};

struct EffectLine {
  EngineId engine = EngineId::kIgmp;
  engine::Effect effect;
  bool operator==(const EffectLine&) const = default;
};

struct RecordHeader {
  std::uint64_t seed = 0;
  std::string config_path;
  std::string config_text;
  bool operator==(const RecordHeader&) const = default;
};

// A malformed line: `FILE:LINE: MESSAGE: 'TEXT'`.
struct RecordError {
  std::size_t line = 0;
  std::string message;
  std::string text;
  std::string ToString(std::string_view file) const;
};

// One entry of a record after the header, with its 1-based line number.
struct RecordEntry {
  std::size_t line = 0;
  std::variant<CallLine, EffectLine> value;
};

struct Record {
  RecordHeader header;
  std::vector<RecordEntry> entries;
};

inline constexpr int kRecordVersion = 1;

// Single values, exposed for tests and for the replay's divergence messages.
std::string EncodeInput(const engine::Input& in);
Result<engine::Input, std::string> DecodeInput(std::string_view text);
std::string EncodeEffect(const engine::Effect& e);
Result<engine::Effect, std::string> DecodeEffect(std::string_view text);
std::string QuoteString(std::string_view s);
std::optional<std::string> UnquoteString(std::string_view s);

// Lines (without the trailing newline).
std::vector<std::string> EncodeHeader(const RecordHeader& h);
std::string EncodeCall(const CallLine& c);
std::string EncodeEffectLine(const EffectLine& e);
Result<CallLine, std::string> DecodeCall(std::string_view line);
Result<EffectLine, std::string> DecodeEffectLine(std::string_view line);

// A whole record. Blank lines and lines starting with '#' are skipped.
Result<Record, RecordError> ParseRecord(std::string_view text);

}  // namespace mc::router
