// The lab generator of the randomized PIM-SM simulations (issue 6 item 11): from one seed, a
// whole lab folder as `mcast lab run` reads it (topology.yml, one IOS config per node,
// scenario.txt) plus the plan the invariant checker needs (which link is which, who is a member
// of what in each phase, when each source sends its measured burst).
//
// Shape of a generated lab (every choice drawn from mc::Rng(seed)):
//  - 10-50 routers R1..Rn: a random spanning tree of point-to-point links (so the network is
//    connected), extra point-to-point links, and a few multi-access LANs (hub segments) of 3-4
//    routers, some with a receiver host on them. OSPF everywhere with small random costs (ties
//    and equal-cost paths are common), PIM sparse-mode on every interface, random DR priorities
//    on some LAN ports, one static RP (Loopback0 of a random router).
//  - stub LANs: one router and 1-3 hosts (IGMPv2, sometimes IGMPv3). Source hosts sit on stub
//    LANs; every other host joins 0-2 random groups.
//  - the timeline, in phases, each ending with a measurement: "steady" (after the joins),
//    "links-down" (1-3 router links go down, never disconnecting the routers), "links-up" (they
//    come back), "leaves" (some members leave). Every phase warms the trees with traffic from
//    every source, then gives each source its own time slot in which it sends a burst of
//    kBurst packets, so that per-slot frame counts are per-(S,G) counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/time.h"

namespace mc::simrand {

inline constexpr std::uint32_t kBurst = 5;  // packets per measured slot
inline constexpr Duration kBurstInterval = std::chrono::milliseconds{100};
inline constexpr Duration kSlot = std::chrono::milliseconds{1000};

struct GenOptions {
  int min_routers = 10;
  int max_routers = 50;
};

enum class LinkKind : std::uint8_t { kP2p, kLan, kStub };

struct GenEnd {
  std::string node;
  std::string iface;
  bool router = false;
  Ipv4 address;
  std::uint32_t dr_priority = 1;  // routers only
};

struct GenLink {
  LinkKind kind = LinkKind::kP2p;
  Prefix subnet;
  std::vector<GenEnd> ends;  // in topology.yml order
};

struct GenHost {
  std::string name;
  std::size_t link = 0;  // the link its eth0 is on
  Ipv4 address;
  int igmp_version = 2;
  bool source = false;
  Ipv4 source_group;  // what it sends, when a source
};

// One measured burst: `host` sends kBurst packets to `group` from `start` on.
struct Slot {
  std::size_t host = 0;
  Ipv4 group;
  Duration start{};
  Duration end{};  // every packet of the burst has arrived everywhere by then
};

struct Phase {
  std::string name;
  std::vector<Slot> slots;
  Duration check_at{};                            // after the last slot
  std::map<std::size_t, std::set<Ipv4>> members;  // host -> groups it is joined to
  std::set<std::size_t> links_down;               // links that are down during the measurement
};

struct GeneratedLab {
  std::uint64_t seed = 0;
  std::size_t routers = 0;
  Ipv4 rp;
  std::vector<GenLink> links;  // in topology.yml order (= the emulator's link index)
  std::vector<GenHost> hosts;
  std::vector<Phase> phases;
  // The lab folder's files: name -> text (topology.yml, scenario.txt, R1.cfg, ...).
  std::map<std::string, std::string> files;
};

GeneratedLab Generate(std::uint64_t seed, const GenOptions& options);

}  // namespace mc::simrand
