// The emulator's IGP oracle (DESIGN.md "The emulator", LAB-FORMAT.md §2-§3): the unicast routes
// an OSPFv2 network configured with `router ospf N` / `network A W area X` / `ip ospf N area X` /
// `ip ospf cost C` / `passive-interface` would converge to, computed directly from the lab's
// configs and link states. It is an oracle, not a protocol implementation: no packets, no
// neighbor state machine, no LSA database, no timers. The emulator calls ComputeIgp at boot and
// again `--igp-delay` after every link or node change, and installs the result as "O" / "O IA"
// routes for unicast forwarding and RPF.
//
// Implements the route calculation of RFC 2328 §16 on the graph OSPF would build:
//  - §9/§10 adjacency, as an assumption: two OSPF interfaces are neighbors when both are up,
//    non-passive, not loopbacks, in the same area and in the same IP subnet (same prefix and
//    length). The oracle assumes the L2 between them works (no VLAN, hub or spanning-tree check)
//    and that hello/dead timers, MTU and authentication agree.
//  - §12.4.1-§12.4.2 router and network LSAs as a graph: a subnet with neighbors on two or more
//    routers is a transit network vertex (a LAN of N routers: each reaches every other at its
//    own outgoing interface cost, as the network-LSA's zero-cost links give); every up OSPF
//    interface, passive or not, advertises its subnet into its area at its own cost; loopbacks
//    are advertised as /32 host routes whatever their mask (§9.1 Loopback state, as IOS does).
//  - §16.1 per-area Dijkstra with equal-cost multipath; §16.1.1 next hops (the neighbor's
//    interface address on the first network of the path).
//  - §12.4.3 summary-LSAs and §16.2 inter-area routes: an ABR is a router with up OSPF interfaces
//    in area 0 and in another area (RFC 3509 §1.1, Cisco's definition). An ABR advertises the
//    best route of each prefix into every attached area other than the route's own area, at the
//    route's cost, without aggregation; inter-area routes go only into non-backbone areas. An ABR
//    reads only the backbone's summaries; other routers read those of every attached area.
//  - §11: intra-area routes beat inter-area routes whatever the cost; between equal-cost
//    intra-area routes of different areas the larger area ID wins (§16.4's rule for ASBR
//    entries, applied to networks so the choice is deterministic).
// Costs: `ip ospf cost`, else IOS's reference bandwidth (100 Mb/s) over the interface bandwidth
// by type: Ethernet 10 Mb/s -> 10, Serial 1544 kb/s -> 64, everything else (GigabitEthernet,
// TenGigabitEthernet, FastEthernet, Vlan, Port-channel, Loopback, free-form names like eth0) -> 1.
// Which interfaces run OSPF: `ip ospf N area X` on the interface, else the most specific
// `network` statement covering the interface's primary address (IOS 12.0+ orders them by
// specificity; ties go to the lower process ID, then config order).
// Equal-cost paths: all are kept and merged, then each route keeps the 4 lowest-addressed next
// hops (IOS `maximum-paths 4` keeps the first four it finds; lowest address is the deterministic
// stand-in). RpfTieBreak picks among them as IOS RPF does: the highest neighbor address.
//
// Left out: several `router ospf` processes on one router are treated as one routing domain (IOS
// would keep them apart without redistribution); RFC 3509 §2.2's fallback for an ABR with no
// backbone adjacency (it reads only backbone summaries here); virtual links and transit areas,
// stub/NSSA areas, `area range` aggregation, external routes, `default-information originate`,
// point-to-point and NBMA network types, DR election (it does not change routes), secondary
// addresses, interfaces in a VRF (only the global table runs OSPF), LSInfinity-sized costs
// (summaries of cost >= 0xFFFFFF are not originated, nothing else is capped), and `auto-cost
// reference-bandwidth`. Devices with `ip routing` off (hosts, plain switches) do not take part.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "config/device_config.h"

namespace mc::sim {

// One addressed interface of a routing device, as the emulator sees it now.
struct IgpInterface {
  std::size_t device = 0;  // the index of its IgpDevice in ComputeIgp's argument
  std::size_t iface = 0;   // the device's own interface index; next hops name it
  std::string name;        // as configured: finds the InterfaceConfig (ospf, cost, passive)
  Prefix subnet;           // of the primary address
  Ipv4 address;            // the primary address
  bool up = false;         // admin up and carrier up
  bool loopback = false;   // advertised as a /32 host route, never forms adjacencies
};

struct IgpDevice {
  const config::DeviceConfig* config = nullptr;  // nullptr: not a router (no routes)
  std::vector<IgpInterface> interfaces;          // up, addressed, routed interfaces
};

struct IgpNextHop {
  std::size_t iface = 0;  // the outgoing interface (IgpInterface::iface)
  Ipv4 address;           // the neighbor's interface address
  auto operator<=>(const IgpNextHop&) const = default;
};

struct IgpRoute {
  Prefix prefix;
  std::uint32_t cost = 0;
  bool inter_area = false;  // "O IA": learned from summary-LSAs
  // Every equal-cost next hop, sorted ascending by address (then interface), at most
  // kIgpMaximumPaths; never empty.
  std::vector<IgpNextHop> next_hops;
  bool operator==(const IgpRoute&) const = default;
};

// IOS `maximum-paths` default for OSPF.
inline constexpr std::size_t kIgpMaximumPaths = 4;
// RFC 2328 Appendix B: a summary at this cost means unreachable.
inline constexpr std::uint32_t kLsInfinity = 0xFFFFFF;

// The OSPF routes of every device, indexed like `devices`, each sorted by prefix. A device's own
// connected prefixes (the subnets and addresses of its up interfaces) are left out: connected
// routes win over them anyway. Pure and deterministic: the same description gives the same
// routes, whatever the order of the interfaces inside each device.
std::vector<std::vector<IgpRoute>> ComputeIgp(const std::vector<IgpDevice>& devices);

// The RPF neighbor IOS picks among equal-cost paths: the highest next-hop (PIM neighbor)
// address. The unspecified address for a route without next hops.
Ipv4 RpfTieBreak(const IgpRoute& route);

// How one interface takes part in OSPF (for ComputeIgp and `show ip ospf interface`).
struct OspfAttachment {
  std::uint32_t process = 0;
  std::uint32_t area = 0;
  std::uint32_t cost = 0;
  bool passive = false;
};

// nullopt when the interface does not run OSPF: no `ip ospf N area X` and no `network`
// statement covering `address`, `ip routing` off, or the interface is in a VRF.
std::optional<OspfAttachment> OspfAttachmentOf(const config::DeviceConfig& config,
                                               std::string_view name, Ipv4 address);

// IOS's default cost of an interface by its type (reference bandwidth 100 Mb/s).
std::uint32_t OspfDefaultCost(std::string_view name);

}  // namespace mc::sim
