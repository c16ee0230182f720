// The declarative IOS command table: each row is a config mode, a pattern of keywords and typed
// arguments, and a handler. Later issues add commands by adding rows (a row without a handler
// is a recognised command that is "not supported yet").
//
// Pattern syntax, words separated by single spaces:
//   keyword        matched case-insensitively; any unique prefix is accepted (IOS abbreviation)
//   <name:type>    an argument stored under `name`; types: ipv4, mask (contiguous subnet mask),
//                  wildcard, vlan (1-4094), vlans (list "1,3-5"), if (interface name, may be two
//                  words: "gigabitethernet 2/46"), word, text (rest of the line verbatim), area
//                  (OSPF area, number or dotted), rd (route distinguisher), acl-src (`any`,
//                  `host A`, `A [W]`), nh (next hop: address or interface), LO-HI[,LO-HI...]
//                  (number ranges), a|b|c (one of the keywords, abbreviations allowed)
//   [...]          an optional group of the above; `[secondary]` stores the flag `secondary`
//   ...            (last) anything may follow
// `no` before any command is stripped and passed to the handler as Args::negated(); in the
// negated form trailing arguments may be left out (`no switchport access vlan`), and the
// handler decides what the shorter form removes.
// Matching follows IOS: leading keywords are walked first (a keyword beats an argument at the
// same position, so `passive-interface default` is not an interface named "default"); then each
// row sharing that keyword path is tried in table order and the first that matches wins; when
// none does, the error of the row that got furthest is reported.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "config/device_config.h"

namespace mc::config {

enum class Mode : std::uint8_t {
  kGlobal,
  kInterface,
  kRouterOspf,
  kVrf,
  kVlan,
  kAclStandard,
  kVrrpAddressFamily,  // `vrrp N address-family ipv4` (IOS-XE): name = interface, number = VRID
  kIgmpProfile,        // `ip igmp profile N`: number = N
};

std::string_view ToString(Mode mode);

// Where a command is typed: the mode and which object the enclosing block header selected.
struct ModeContext {
  Mode mode = Mode::kGlobal;
  std::string name;          // kInterface: interface as stored; kVrf: VRF; kAclStandard: ACL
  VlanSet vlans;             // kVlan
  std::uint32_t number = 0;  // kRouterOspf: process ID
};

using ArgValue = std::variant<std::monostate, Ipv4, std::uint32_t, std::string, VlanSet, AclMatch>;

// Parsed arguments by pattern name. Getters return an empty value when the argument is absent
// (a `no` form may leave arguments out); Has() tells.
class Args {
 public:
  explicit Args(bool negated) : negated_(negated) {}

  bool negated() const { return negated_; }
  void Set(std::string_view name, ArgValue value);
  bool Has(std::string_view name) const;
  std::optional<Ipv4> Ip(std::string_view name) const;  // nullopt also for a non-address value
  std::uint32_t Number(std::string_view name) const;
  std::string Text(std::string_view name) const;
  VlanSet Vlans(std::string_view name) const;
  AclMatch Acl(std::string_view name) const;

 private:
  const ArgValue* Find(std::string_view name) const;

  bool negated_;
  std::vector<std::pair<std::string_view, ArgValue>> values_;  // names point into the table
};

struct Call {
  DeviceConfig& cfg;
  const ModeContext& ctx;
  const Args& args;
  std::optional<ModeContext> opened;  // set by block headers (`interface X`, `router ospf N`)
};

// Returns the error message (without file:line) on failure.
using Handler = Status<std::string> (*)(Call& call);

struct CommandRow {
  Mode mode;
  std::string_view pattern;
  Handler handler;  // nullptr: recognised, "not supported yet"
  // The last argument the `no` form must still give (`no ip route P M` needs "mask"); empty
  // when `no` plus the keywords alone is complete.
  std::string_view no_needs = {};
};

enum class MatchFailure : std::uint8_t { kUnknown, kAmbiguous, kInvalid };

struct MatchError {
  MatchFailure kind = MatchFailure::kUnknown;
  std::string message;
  std::size_t progress = 0;  // words of the line that matched before the failure
};

struct Matched {
  const CommandRow* row;
  Args args;
};

// Matches one command line (without indentation) against the rows of `mode` in `tables`.
Result<Matched, MatchError> MatchCommand(std::span<const std::span<const CommandRow>> tables,
                                         Mode mode, std::string_view text);

// True when `pattern` is well formed (every table row's pattern is checked by a test).
bool IsValidPattern(std::string_view pattern);

}  // namespace mc::config
