// Snapshots of the IGMP engines: plain data, taken at a given time, that `show ip igmp ...`
// renders as IOS text and JSON (src/show/igmp_show.h) and tests compare. Times are absolute
// virtual times (uptime = now - since; expires = at - now), so a snapshot never goes stale
// halfway through rendering.
//
// The router side describes what RFC 3376 §6 (and RFC 2236 §3 / RFC 1112 for older hosts)
// keeps per interface: the querier state (§6.6), the group records with filter mode, group
// timer, compatibility mode and source records (§6.2.3, §7.3.1), and the counters that the
// "drops by reason" requirement asks for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"
#include "engine/notify.h"

namespace mc::igmp {

// RFC 3376 §6.2.3: one source record of a group.
struct SourceSnapshot {
  Ipv4 source;
  Time since;                   // when the source record was created
  std::optional<Time> expires;  // source timer; nullopt when stopped (0 in EXCLUDE mode)
  bool forwarding = false;      // the router forwards traffic from this source (§6.3)
  bool operator==(const SourceSnapshot&) const = default;
};

// How a group record came to exist.
enum class GroupOrigin : std::uint8_t {
  kReport,  // learned from reports
  kStatic,  // `ip igmp static-group`
  kLocal,   // `ip igmp join-group`: this router is itself a member
};
std::string_view ToString(GroupOrigin origin);  // "report", "static", "local"

struct GroupSnapshot {
  Ipv4 group;
  Time since;                   // uptime base
  std::optional<Time> expires;  // group timer (§6.2.2); nullopt for static / INCLUDE mode
  Ipv4 last_reporter;           // 0.0.0.0 for static groups
  engine::FilterMode mode = engine::FilterMode::kExclude;
  std::uint8_t compatibility_version = 3;  // §7.3.1 Group Compatibility Mode (1, 2 or 3)
  std::optional<Time> v1_host_timer;       // Older Version Host Present timers (§7.3.2)
  std::optional<Time> v2_host_timer;
  GroupOrigin origin = GroupOrigin::kReport;
  std::vector<SourceSnapshot> sources;  // ascending by address
  bool operator==(const GroupSnapshot&) const = default;
};

struct InterfaceSnapshot {
  IfIndex ifindex;
  Ipv4 address;
  std::uint8_t prefix_len = 0;
  bool up = false;
  std::uint8_t version = 2;  // configured router version (`ip igmp version`)
  // Querier (RFC 3376 §6.6.2, RFC 2236 §3): who queries here, and whether it is us.
  bool is_querier = false;
  Ipv4 querier;                               // our address when is_querier
  std::optional<Time> other_querier_expires;  // Other Querier Present timer
  std::optional<Time> next_general_query;
  // Effective timer values (configured, or learned from the querier's QRV/QQIC as §4.1.6-4.1.7
  // require of non-queriers).
  Duration query_interval{};
  Duration configured_query_interval{};
  Duration query_response_interval{};
  Duration querier_timeout{};  // Other Querier Present Interval
  Duration configured_querier_timeout{};
  std::uint8_t robustness = 2;
  std::uint8_t last_member_query_count = 2;
  Duration last_member_query_interval{};
  std::string access_group;  // ACL name, empty when not set
  bool immediate_leave = false;
  std::optional<std::uint32_t> limit;
  std::uint64_t joins = 0;  // IOS "IGMP activity: N joins, M leaves"
  std::uint64_t leaves = 0;
  std::vector<GroupSnapshot> groups;           // ascending by group
  std::vector<engine::CounterValue> counters;  // every per-interface counter, in enum order
  bool operator==(const InterfaceSnapshot&) const = default;
};

struct RouterSnapshot {
  std::vector<InterfaceSnapshot> interfaces;  // ascending by ifindex
  bool operator==(const RouterSnapshot&) const = default;
};

}  // namespace mc::igmp
