// Snapshot of the VRRP engine: plain data that `show vrrp [brief]` renders as IOS text and JSON
// (src/show/vrrp_show.h) and tests compare. Header-only, so renderers need no link to mc_vrrp.
// Times are absolute virtual times; durations are the RFC 5798 §6.1 variables
// (Advertisement_Interval, Master_Adver_Interval, Skew_Time, Master_Down_Interval).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"
#include "vrrp/vrrp_fsm.h"

namespace mc::vrrp {

struct TrackSnapshot {
  IfIndex ifindex;
  std::string name;  // what the configuration named (object number or interface)
  std::uint8_t decrement = 10;
  bool up = true;
  bool operator==(const TrackSnapshot&) const = default;
};

struct GroupSnapshot {
  IfIndex ifindex;
  std::uint8_t vrid = 0;
  std::uint8_t version = 2;
  VrrpState state = VrrpState::kInitialize;
  Time since;  // entered `state`
  std::string description;
  std::vector<Ipv4> addresses;  // primary first
  Mac virtual_mac;
  Ipv4 destination;  // 224.0.0.18 or the configured multicast group
  bool owner = false;
  std::uint8_t configured_priority = 100;
  std::uint8_t priority = 100;  // in effect: 255 for the owner, less tracked decrements
  bool preempt = true;
  Duration preempt_delay{};
  bool learn = false;
  Duration advertisement_interval{};
  Duration master_adver_interval{};
  Duration skew_time{};
  Duration master_down_interval{};
  Ipv4 master_address;  // this router's when master
  std::uint8_t master_priority = 0;
  std::optional<Time> master_down_expires;
  std::optional<Time> next_advert;
  std::optional<Time> preempt_delay_expires;
  std::vector<TrackSnapshot> tracks;
  std::vector<engine::CounterValue> counters;  // every per-group counter, in enum order
  bool operator==(const GroupSnapshot&) const = default;
};

struct InterfaceSnapshot {
  IfIndex ifindex;
  Ipv4 address;
  bool up = false;
  std::vector<GroupSnapshot> groups;           // ascending by VRID
  std::vector<engine::CounterValue> counters;  // drops before a group is identified
  bool operator==(const InterfaceSnapshot&) const = default;
};

struct VrrpSnapshot {
  std::vector<InterfaceSnapshot> interfaces;  // ascending by ifindex
  bool operator==(const VrrpSnapshot&) const = default;
};

}  // namespace mc::vrrp
