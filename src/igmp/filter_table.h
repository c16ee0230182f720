// The router side of RFC 3376 §6.4 as a pure function: how a group record in a report changes a
// group's filter mode and source lists, and which timers and queries the RFC asks for. No clock
// and no timers here: the engine (igmp_router.h) turns the actions into timer values (GMI, the
// group timer, LMQT) and queries.
//
// State, in the RFC's notation: INCLUDE (A) keeps the requested sources in `requested` (A);
// EXCLUDE (X, Y) keeps X (requested, source timer > 0) in `requested` and Y (excluded, source
// timer 0) in `excluded`.
//
// Implements: §6.4.1 (current-state records IS_IN / IS_EX, 4 rows) and §6.4.2 (filter-mode and
// source-list change records ALLOW / BLOCK / TO_EX / TO_IN, 8 rows); §7.3.2's translations for
// groups in IGMPv1/v2 compatibility mode are in ReduceForCompatibility.
// Leaves out: nothing of those tables; the timers themselves are the engine's.
#pragma once

#include <set>

#include "base/ipv4.h"
#include "engine/notify.h"
#include "wire/igmp.h"

namespace mc::igmp {

struct FilterState {
  engine::FilterMode mode = engine::FilterMode::kInclude;
  std::set<Ipv4> requested;  // A in INCLUDE mode, X in EXCLUDE mode
  std::set<Ipv4> excluded;   // Y in EXCLUDE mode; always empty in INCLUDE mode
  bool operator==(const FilterState&) const = default;
};

// The RFC's actions, named as the tables write them.
struct FilterActions {
  std::set<Ipv4> set_gmi;          // "(B)=GMI": source timer = group membership interval
  std::set<Ipv4> set_group_timer;  // "(A-X-Y)=Group Timer": source timer = the group timer
  std::set<Ipv4> deleted;          // "Delete(...)": source records removed
  bool group_timer_gmi = false;    // "Group Timer=GMI"
  std::set<Ipv4> query_sources;    // "Send Q(G,S)": group-and-source-specific query
  bool query_group = false;        // "Send Q(G)": group-specific query
  bool operator==(const FilterActions&) const = default;
};

// Set algebra on source lists, as the RFC writes it: A+B, A*B, A-B.
std::set<Ipv4> SetUnion(const std::set<Ipv4>& a, const std::set<Ipv4>& b);
std::set<Ipv4> SetIntersection(const std::set<Ipv4>& a, const std::set<Ipv4>& b);
std::set<Ipv4> SetDifference(const std::set<Ipv4>& a, const std::set<Ipv4>& b);

// Applies one record with source list `b` to `state` (RFC 3376 §6.4.1 and §6.4.2).
FilterActions ApplyRecord(FilterState& state, wire::IgmpRecordType type, const std::set<Ipv4>& b);

// RFC 3376 §7.3.2: in IGMPv1 or IGMPv2 Group Compatibility Mode a router ignores BLOCK records
// and the source list of TO_EX; in IGMPv1 mode it also ignores TO_IN({}) (IGMPv2 Leaves). Returns
// false when the record is to be ignored; else may clear `b`.
bool ReduceForCompatibility(std::uint8_t compatibility_version, wire::IgmpRecordType type,
                            std::set<Ipv4>& b);

}  // namespace mc::igmp
