// Snapshot of the IGMP snooping engine: plain data that `show ip igmp snooping ...`,
// `show mac address-table multicast` and `show igmp mode` render (src/show/snoop_show.h) and
// tests compare. Header-only with no library dependency, so mc_show can use it without linking
// mc_snoop. Times are absolute virtual times, as in igmp/snapshot.h.
//
// It describes what RFC 4541 §2.1 keeps per VLAN: the IP groups with their member ports (the
// report-based state), the forwarding entries as the hardware keys them (by group MAC, so 32
// groups alias onto one entry), the multicast-router ports, the L2 querier, TCN flooding, and
// the Catalyst address-aliasing guard (seed 004).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"

namespace mc::snoop {

struct MemberSnapshot {
  IfIndex port;
  std::string port_name;
  Time since;
  std::optional<Time> expires;  // membership timer; nullopt for static members
  std::uint8_t version = 2;     // IGMP version of the last report
  bool is_static = false;       // `ip igmp snooping vlan N static G interface IF`
  bool leave_pending = false;   // a leave was heard; queries out of the port are running
  Ipv4 last_reporter;
  bool operator==(const MemberSnapshot&) const = default;
};

struct GroupSnapshot {
  Ipv4 group;
  Mac mac;                              // 01:00:5e + low 23 bits (RFC 1112 §6.4)
  std::vector<MemberSnapshot> members;  // ascending by port
  bool operator==(const GroupSnapshot&) const = default;
};

// A forwarding entry: (VLAN, group MAC) -> ports (member ports of every aliasing group, plus
// the multicast-router ports), as the bridge forwards and Catalyst `show mac address-table
// multicast` lists it.
struct MacEntrySnapshot {
  Mac mac;
  bool is_static = false;    // `mac address-table static` (IOS type USER)
  std::vector<Ipv4> groups;  // the IP groups sharing this MAC
  std::vector<IfIndex> ports;
  std::vector<std::string> port_names;
  bool operator==(const MacEntrySnapshot&) const = default;
};

struct MrouterSnapshot {
  IfIndex port;
  std::string port_name;
  bool is_static = false;    // `ip igmp snooping vlan N mrouter interface IF`
  std::string learned_from;  // "igmp", "pim-v1", "pim-v2", "dvmrp", "mospf"; empty if static
  std::optional<Time> expires;
  bool operator==(const MrouterSnapshot&) const = default;
};

struct VlanSnapshot {
  std::uint16_t vlan = 1;
  bool enabled = true;
  bool immediate_leave = false;
  bool random_leave_timer = false;  // CatOS deletion timer instead of last-member queries
  Duration last_member_query_interval{};
  std::uint32_t tcn_query_count = 2;
  std::uint32_t tcn_queries_left = 0;  // > 0: flooding after a topology change
  // L2 querier (`ip igmp snooping querier`).
  bool querier_configured = false;
  bool querier_active = false;  // sending general queries now
  Ipv4 querier_address;         // the address our queries use
  Duration querier_query_interval{};
  // The querier heard on this VLAN (another device), if any.
  Ipv4 other_querier;
  std::string other_querier_port;
  std::uint8_t other_querier_version = 0;
  std::optional<Time> other_querier_expires;
  Duration query_interval{};          // assumed or learned from QQIC, for membership timeouts
  std::vector<GroupSnapshot> groups;  // ascending by group
  std::vector<MacEntrySnapshot> mac_entries;  // ascending by MAC, static ones included
  std::vector<MrouterSnapshot> mrouters;      // ascending by port
  std::vector<engine::CounterValue> counters;
  bool operator==(const VlanSnapshot&) const = default;
};

// The Catalyst (PFC1) address-aliasing guard of seed 004.
struct AliasingSnapshot {
  bool fallback = false;   // "IGMP Address Aliasing Mode: fallback"
  bool permanent = false;  // the third fallback: stays until snooping is disabled and enabled
  std::uint32_t fallbacks = 0;
  std::uint64_t aliased_frames = 0;
  std::optional<Time> hold_expires;
  Mac last_mac;
  Ipv4 last_group;
  Ipv4 last_source;
  Mac last_source_mac;
  std::string last_port;
  bool operator==(const AliasingSnapshot&) const = default;
};

struct SnoopSnapshot {
  bool enabled = true;
  bool report_suppression = true;  // IOS default, always on here
  std::size_t table_entries = 0;   // (VLAN, group) records
  std::size_t table_max = 0;
  std::vector<VlanSnapshot> vlans;  // ascending by VLAN
  AliasingSnapshot aliasing;
  std::vector<engine::CounterValue> counters;  // the per-VLAN counters summed
  bool operator==(const SnoopSnapshot&) const = default;
};

}  // namespace mc::snoop
