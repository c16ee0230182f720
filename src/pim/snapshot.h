// Snapshot of the PIM engine: plain data (no library dependency beyond base/engine headers) that
// `show ip pim neighbor|interface|rp mapping`, `show ip rpf` and `show ip mroute [count]` render
// (src/show/pim_show.h, src/show/mroute_show.h). Times are absolute virtual times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"

namespace mc::pim {

struct NeighborSnapshot {
  Ipv4 address;
  IfIndex ifindex;
  Time since;
  std::optional<Time> expires;  // nullopt: never (holdtime 0xFFFF)
  std::optional<std::uint32_t> dr_priority;
  bool is_dr = false;
  bool operator==(const NeighborSnapshot&) const = default;
};

struct PimInterfaceSnapshot {
  IfIndex ifindex;
  Ipv4 address;
  std::uint8_t prefix_len = 0;
  bool up = false;
  std::uint32_t dr_priority = 1;
  Duration hello_period{};
  Ipv4 dr;
  std::size_t neighbor_count = 0;
  bool operator==(const PimInterfaceSnapshot&) const = default;
};

struct RpMappingSnapshot {
  Ipv4 rp;
  std::string acl;  // empty: 224.0.0.0/4
  bool override_dynamic = false;
  bool operator==(const RpMappingSnapshot&) const = default;
};

// One outgoing interface of an mroute: "Gi0/1, Forward/Sparse, 00:01:23/00:02:37".
struct OifSnapshot {
  IfIndex ifindex;
  Time since;
  std::optional<Time> expires;  // ET of the downstream state; nullopt for local members
  bool local = false;           // from IGMP (pim_include)
  bool assert_winner = false;   // IOS outgoing interface flag "A": AssertWinner(X,I) == me
  bool operator==(const OifSnapshot&) const = default;
};

// One RFC 7761 §4.6 assert machine of an entry not in NoInfo.
struct AssertSnapshot {
  IfIndex ifindex;
  std::string state;  // "Winner" or "Loser"
  Ipv4 winner;
  bool rpt_bit = false;  // the winner's metric
  std::uint32_t metric_preference = 0;
  std::uint32_t metric = 0;
  Time since;
  std::optional<Time> expires;  // the Assert Timer
  bool operator==(const AssertSnapshot&) const = default;
};

// One (*,G) or (S,G) entry of `show ip mroute`, flags as IOS prints them.
struct MrouteSnapshot {
  Ipv4 source;  // 0.0.0.0 for (*,G)
  Ipv4 group;
  Time since;
  std::optional<Time> expires;
  Ipv4 rp;                        // (*,G): RP(G); 0.0.0.0 in SSM
  std::string flags;              // e.g. "SJC", "T", "sTI"
  IfIndex iif;                    // 0: Null
  Ipv4 rpf_neighbor;              // 0.0.0.0 when none
  bool iif_is_register = false;   // "Incoming interface: Register"? (unused by IOS; reserved)
  std::vector<OifSnapshot> oifs;  // ascending by ifindex; empty: "Null"
  std::uint64_t packets = 0;      // from kActivity counters
  std::uint64_t bytes = 0;
  std::uint64_t wrong_if = 0;           // arrived off the iif and dropped (SIOCGETSGCNT wrong_if)
  std::vector<AssertSnapshot> asserts;  // by ifindex
  bool operator==(const MrouteSnapshot&) const = default;
};

struct PimSnapshot {
  Time at;
  std::vector<PimInterfaceSnapshot> interfaces;
  std::vector<NeighborSnapshot> neighbors;  // by (ifindex, address)
  std::vector<RpMappingSnapshot> rp_mappings;
  bool ssm_enabled = false;
  std::vector<MrouteSnapshot> mroutes;  // by (group, source), (*,G) first within a group
  std::vector<engine::CounterValue> counters;
  bool operator==(const PimSnapshot&) const = default;
};

}  // namespace mc::pim
