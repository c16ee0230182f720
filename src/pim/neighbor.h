// PIM neighbor state and the pure per-interface decisions made from it: DR election (RFC 7761
// §4.3.2) and the LAN Prune Delay / override interval negotiation (§4.3.3). The engine keeps one
// NeighborMap per interface and calls these after every Hello, timeout or configuration change.
// Leaves out: secondary-address conflicts between neighbors (the address list is stored and used
// for RPF' matching only), Hello authentication.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "base/ipv4.h"
#include "base/time.h"
#include "wire/pim.h"

namespace mc::pim {

// RFC 7761 §4.11 timer defaults.
inline constexpr Duration kTriggeredHelloDelay = std::chrono::seconds{5};
inline constexpr Duration kDefaultPropagationDelay = std::chrono::milliseconds{500};
inline constexpr Duration kDefaultOverrideInterval = std::chrono::milliseconds{2500};
inline constexpr std::uint16_t kHoldtimeInfinite = 0xFFFF;

struct Neighbor {
  Ipv4 address;
  Time since;
  std::optional<Time> expires;  // Neighbor Liveness Timer; nullopt: holdtime 0xFFFF
  std::optional<std::uint32_t> dr_priority;
  std::optional<std::uint32_t> generation_id;
  std::optional<wire::PimLanPruneDelay> lan_prune_delay;
  std::vector<Ipv4> secondary_addresses;
  bool operator==(const Neighbor&) const = default;
};
using NeighborMap = std::map<Ipv4, Neighbor>;

// What this router itself advertises on the interface.
struct SelfHello {
  Ipv4 address;
  std::uint32_t dr_priority = 1;
  wire::PimLanPruneDelay lan_prune_delay;
};

// §4.3.2: if every neighbor advertises a DR priority, the highest priority wins and the highest
// address breaks ties; if any neighbor omits it, priorities are ignored and the highest address
// wins. This router is always a candidate.
Ipv4 ElectDr(const SelfHello& self, const NeighborMap& neighbors);

// §4.3.3 results for one interface.
struct LanDelay {
  bool lan_delay_enabled = false;  // every neighbor sent the LAN Prune Delay option
  Duration propagation_delay = kDefaultPropagationDelay;  // Effective_Propagation_Delay(I)
  Duration override_interval = kDefaultOverrideInterval;  // Effective_Override_Interval(I)
  bool suppression_enabled = true;  // Suppression_Enabled(I): false when all set the T bit
  // J/P_Override_Interval(I) = Effective_Propagation_Delay(I) + Effective_Override_Interval(I).
  Duration JpOverrideInterval() const { return propagation_delay + override_interval; }
};
LanDelay NegotiateLanDelay(const SelfHello& self, const NeighborMap& neighbors);

// The neighbor whose primary or secondary address is `address` (RPF' targets an MRIB next hop,
// which may be any of a neighbor's addresses, §4.3.4), or nullptr.
const Neighbor* FindNeighbor(const NeighborMap& neighbors, Ipv4 address);

}  // namespace mc::pim
