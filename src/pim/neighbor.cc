// DR election and LAN Prune Delay negotiation (neighbor.h).
#include "pim/neighbor.h"

#include <algorithm>

namespace mc::pim {

Ipv4 ElectDr(const SelfHello& self, const NeighborMap& neighbors) {
  const bool use_priority = std::all_of(neighbors.begin(), neighbors.end(),
                                        [](const auto& kv) { return kv.second.dr_priority; });
  Ipv4 dr = self.address;
  std::uint32_t dr_priority = self.dr_priority;
  for (const auto& [addr, n] : neighbors) {
    // RFC 7761 §4.3.2 dr_is_better(a, b, I).
    const bool better = use_priority ? (*n.dr_priority > dr_priority ||
                                        (*n.dr_priority == dr_priority && addr > dr))
                                     : addr > dr;
    if (better) {
      dr = addr;
      dr_priority = n.dr_priority.value_or(0);
    }
  }
  return dr;
}

LanDelay NegotiateLanDelay(const SelfHello& self, const NeighborMap& neighbors) {
  LanDelay d;
  d.lan_delay_enabled = std::all_of(neighbors.begin(), neighbors.end(),
                                    [](const auto& kv) { return kv.second.lan_prune_delay; });
  if (!d.lan_delay_enabled) {
    return d;  // §4.3.3: the defaults, and join suppression stays on
  }
  std::uint16_t prop = self.lan_prune_delay.propagation_delay_ms;
  std::uint16_t over = self.lan_prune_delay.override_interval_ms;
  bool all_t = self.lan_prune_delay.t_bit;
  for (const auto& [addr, n] : neighbors) {
    prop = std::max(prop, n.lan_prune_delay->propagation_delay_ms);
    over = std::max(over, n.lan_prune_delay->override_interval_ms);
    all_t = all_t && n.lan_prune_delay->t_bit;
  }
  d.propagation_delay = std::chrono::milliseconds{prop};
  d.override_interval = std::chrono::milliseconds{over};
  d.suppression_enabled = !all_t;
  return d;
}

const Neighbor* FindNeighbor(const NeighborMap& neighbors, Ipv4 address) {
  if (const auto it = neighbors.find(address); it != neighbors.end()) {
    return &it->second;
  }
  for (const auto& [addr, n] : neighbors) {
    if (std::find(n.secondary_addresses.begin(), n.secondary_addresses.end(), address) !=
        n.secondary_addresses.end()) {
      return &n;
    }
  }
  return nullptr;
}

}  // namespace mc::pim
