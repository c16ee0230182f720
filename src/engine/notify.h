// Notifications exchanged between the engines of one device (DESIGN.md "Engine contract"): an
// engine emits Notify as an effect, the RouterInstance delivers it to the other engines as an
// input, in FIFO order within the same step. The payload is a variant of small structs so a
// receiver routes on type with std::visit / std::get_if; there is no untyped context anywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "base/ipv4.h"
#include "base/types.h"

namespace mc::engine {

// RFC 3376 §3 filter mode; also the mode of a socket-level join (RFC 3678 MCAST_INCLUDE/EXCLUDE).
enum class FilterMode : std::uint8_t { kInclude, kExclude };
std::string_view ToString(FilterMode m);  // "include" / "exclude"

// Local membership, from the IGMP router side to PIM (RFC 7761 §4.1.6, §4.3.1):
//   (*,G) exclude, joined      -> local_receiver_include(*,G,I) ("I have a member of G")
//   (S,G) include, joined      -> local_receiver_include(S,G,I)
//   (S,G) exclude, joined      -> local_receiver_exclude(S,G,I) (members of G that exclude S)
// joined == false withdraws exactly the statement that joined == true made.
struct GroupMembership {
  IfIndex ifindex;
  Sg sg;
  bool joined = false;
  FilterMode mode = FilterMode::kExclude;
  bool operator==(const GroupMembership&) const = default;
};

// A PIM neighbor (RFC 7761 §4.3.2) came up or timed out on an interface.
struct NeighborChange {
  IfIndex ifindex;
  Ipv4 neighbor;
  bool up = false;
  bool operator==(const NeighborChange&) const = default;
};

// The DR of an interface changed (RFC 7761 §4.3.2); `dr` is the elected router's address.
struct DrChange {
  IfIndex ifindex;
  bool is_dr = false;
  Ipv4 dr;
  bool operator==(const DrChange&) const = default;
};

// The RPF interface or RPF neighbor toward `target` (a source or an RP) changed
// (RFC 7761 §4.5.7 "RPF'(S,G) changes"). An unresolvable target has iif 0.
struct RpfChange {
  Ipv4 target;
  IfIndex iif;
  Ipv4 rpf_neighbor;
  bool operator==(const RpfChange&) const = default;
};

// A spanning-tree topology change on a switch (IEEE 802.1D-2004 §17.31: detected when `port`
// started forwarding, or a TC/TCN received on it), from the bridge to IGMP snooping, which
// floods multicast and may query (RFC 4541 §2.1.1 (4)).
struct TopologyChangeNotice {
  IfIndex port;
  bool received = false;
  std::uint16_t vlan = 0;  // the spanning-tree instance's VLAN (per-VLAN STP); 0: not known
  bool operator==(const TopologyChangeNotice&) const = default;
};

using Notification =
    std::variant<GroupMembership, NeighborChange, DrChange, RpfChange, TopologyChangeNotice>;

struct Notify {
  Notification payload;
  bool operator==(const Notify&) const = default;
};

std::string Describe(const Notification& n);
// "Notify DrChange if=2 ..."; also disambiguates Describe(Notify{...}), which is both an Effect and
// an Input.
std::string Describe(const Notify& n);

}  // namespace mc::engine
