// Typed configuration of IGMP snooping switches (RFC 4541 with the Cisco Catalyst commands of
// seeds 000, 002 and 004), IGMP profiles and static MAC entries, with Catalyst IOS defaults:
//   ip igmp snooping                                   (on by default)
//   ip igmp snooping vlan N [static G interface IF | mrouter interface IF | immediate-leave |
//                            fast-leave | querier [address A] | last-member-query-interval MS]
//   ip igmp snooping querier [address A | query-interval S | max-response-time S |
//                             timer expiry S]
//   ip igmp snooping tcn flood query count N           (default 2)
//   ip igmp snooping last-member-query-interval MS     (default 1000 ms)
//   ip igmp snooping leave-timer random                (project option, see SnoopLeaveTimer)
//   ip igmp profile N / permit | deny / range A [B]
//   mac address-table static MAC vlan N interface IF [IF ...] (and `mac-address-table ...`)
// and on interfaces `no ip igmp snooping tcn flood`; `ip igmp filter N`, `ip igmp max-groups N`
// and `ip igmp max-groups action deny|replace` reuse the IGMP interface fields
// (IgmpInterfaceConfig::filter_profile, limit, limit_action).
// Left out: MVR, `ip igmp snooping report-suppression` (always on, as the IOS default),
// `tcn query solicit`, IGMPv3 explicit host tracking, `ip igmp snooping vlan N mrouter learn`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"

namespace mc::config {

// `ip igmp snooping vlan N static G interface IF`: one port statically in one group.
struct SnoopStaticGroup {
  Ipv4 group;
  std::string interface;
  bool operator==(const SnoopStaticGroup&) const = default;
};

struct SnoopVlanConfig {
  std::optional<bool> enabled;   // `[no] ip igmp snooping vlan N`; nullopt: the global setting
  bool immediate_leave = false;  // `immediate-leave` (Catalyst IOS) or `fast-leave` (CatOS name)
  std::vector<std::string> mrouter_interfaces;  // `mrouter interface IF`, in config order
  std::vector<SnoopStaticGroup> static_groups;  // `static G interface IF`, in config order
  bool querier = false;                         // `ip igmp snooping vlan N querier`
  std::optional<Ipv4> querier_address;          // `... querier address A`
  std::optional<std::uint32_t> last_member_query_interval_ms;  // nullopt: the global value
  bool operator==(const SnoopVlanConfig&) const = default;
};

// How a port leaves a group after an IGMPv2 Leave without immediate leave.
enum class SnoopLeaveTimer : std::uint8_t {
  // IOS: group-specific queries out of the port, last-member-query-count (2) times LMQI apart;
  // the port goes when no report came back within count x LMQI.
  kLastMemberQuery,
  // CatOS (seed 004 "MCAST-DEL-TIMER"): one query out of the port and a random deletion timer
  // of 1-3 s (10 s for an IGMPv1 member). Set with `ip igmp snooping leave-timer random`, a
  // project command (IOS has none), so seed 004's CatOS switch can be reproduced.
  kRandom,
};

// `range A [B]` of an IGMP profile: A..B inclusive (B = A when left out).
struct IgmpProfileRange {
  Ipv4 low;
  Ipv4 high;
  bool operator==(const IgmpProfileRange&) const = default;
};

// `ip igmp profile N`: permit mode lets only the ranges in, deny mode (the Catalyst default when
// neither `permit` nor `deny` is given) keeps the ranges out.
struct IgmpProfile {
  bool permit = false;
  std::vector<IgmpProfileRange> ranges;  // in config order
  bool Allows(Ipv4 group) const;
  bool operator==(const IgmpProfile&) const = default;
};

// `mac address-table static MAC vlan N interface IF [IF ...]`.
struct StaticMacEntry {
  Mac mac;
  std::uint16_t vlan = 1;
  std::vector<std::string> interfaces;
  bool operator==(const StaticMacEntry&) const = default;
};

// Catalyst IOS defaults (Catalyst 2960-X/3750 configuration guides).
struct SnoopConfig {
  bool enabled = true;  // `[no] ip igmp snooping`: on by default on switches
  bool querier = false;
  std::optional<Ipv4> querier_address;
  std::uint32_t querier_query_interval_s = 60;         // `querier query-interval` 1-18000
  std::uint32_t querier_max_response_time_s = 10;      // `querier max-response-time` 1-25
  std::uint32_t querier_timer_expiry_s = 205;          // `querier timer expiry` 60-300
  std::uint32_t tcn_query_count = 2;                   // `tcn flood query count` 1-10
  std::uint32_t last_member_query_interval_ms = 1000;  // 100-32767
  SnoopLeaveTimer leave_timer = SnoopLeaveTimer::kLastMemberQuery;
  std::map<std::uint16_t, SnoopVlanConfig> vlans;  // VLANs with any per-VLAN setting
  std::map<std::uint32_t, IgmpProfile> profiles;
  std::vector<StaticMacEntry> static_macs;  // in config order, one per (vlan, mac)

  bool VlanEnabled(std::uint16_t vlan) const;
  bool operator==(const SnoopConfig&) const = default;
};

// Per-interface snooping settings (switchports).
struct SnoopInterfaceConfig {
  bool tcn_flood = true;  // `[no] ip igmp snooping tcn flood`
  bool operator==(const SnoopInterfaceConfig&) const = default;
};

// Running-config rendering (render.cc): the global snooping and static-MAC lines, one section
// per IGMP profile, and an interface's snooping lines, each only where they differ from the
// defaults.
std::vector<std::string> SnoopGlobalLines(const SnoopConfig& s);
std::vector<std::vector<std::string>> IgmpProfileSections(const SnoopConfig& s);
void AddSnoopInterfaceLines(const SnoopInterfaceConfig& i, std::vector<std::string>& lines);

}  // namespace mc::config
