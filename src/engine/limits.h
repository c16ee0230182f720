// Limits: the configured maxima on every table an input can grow (DESIGN.md rule 5, "Limit
// everything"). Hitting a limit drops the new entry, counts the hit and traces it (rate-limited);
// LimitGuard does the last two so each engine only writes
//   if (!limits_.Admit(Limit::kSgEntries, entries_.size(), now, sg.ToString(), tracer_, out))
//   return;
// The defaults suit a large lab or a busy router; the configuration may lower or raise them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/trace.h"

namespace mc::engine {

struct Limits {
  // IGMP groups with state on one interface (router side) or one VLAN port set (snooping).
  std::size_t groups_per_interface = 4096;
  // Sources kept per group (IGMPv3 source lists, RFC 3376 §6.2.3). One report fills at most
  // 366 sources per record at a 1500-byte MTU, so a few reports can reach this.
  std::size_t sources_per_group = 1024;
  // (S,G), (*,G) and (S,G,rpt) routing entries of one engine, and so forwarding entries. An RP
  // of 10,000 active groups holds a (*,G) and an (S,G) for each, so 20,000 must fit.
  std::size_t sg_entries = 65536;
  // MSDP SA cache entries (RFC 3618 §5): the cache is fed by remote domains.
  std::size_t sa_cache = 16384;
  // PIM neighbors, IGMP querier candidates or VRRP peers tracked on one interface.
  std::size_t neighbors_per_interface = 256;
  // Unresolved flows awaiting a forwarding decision (NOCACHE upcalls, data-triggered state).
  std::size_t pending_upcalls = 1024;

  bool operator==(const Limits&) const = default;
};

enum class Limit : std::uint8_t {
  kGroupsPerInterface,
  kSourcesPerGroup,
  kSgEntries,
  kSaCache,
  kNeighborsPerInterface,
  kPendingUpcalls,
  kCount,
};
constexpr std::array<std::string_view, 6> CounterNames(Limit) {
  return {"groups-per-interface",    "sources-per-group", "sg-entries", "sa-cache",
          "neighbors-per-interface", "pending-upcalls"};
}

constexpr std::size_t Maximum(const Limits& l, Limit which) {
  switch (which) {
    case Limit::kGroupsPerInterface:
      return l.groups_per_interface;
    case Limit::kSourcesPerGroup:
      return l.sources_per_group;
    case Limit::kSgEntries:
      return l.sg_entries;
    case Limit::kSaCache:
      return l.sa_cache;
    case Limit::kNeighborsPerInterface:
      return l.neighbors_per_interface;
    case Limit::kPendingUpcalls:
      return l.pending_upcalls;
    case Limit::kCount:
      break;
  }
  return 0;  // kCount is not a limit
}

// Limits plus a hit counter per limit.
class LimitGuard {
 public:
  explicit LimitGuard(Limits limits = {}) : limits_(limits) {}

  // True when one more entry fits beside `current` existing ones. Otherwise the caller must drop
  // the entry; this counts the hit and traces "limit <name> (<max>) reached, dropped <what>"
  // under the key "limit <name>".
  bool Admit(Limit which, std::size_t current, Time now, std::string_view what, Tracer& tracer,
             std::vector<Effect>& out);

  // A lowered limit applies to new entries only: existing ones are never evicted by config.
  void set_limits(const Limits& limits) { limits_ = limits; }
  const Limits& limits() const { return limits_; }
  const Counters<Limit>& hits() const { return hits_; }

 private:
  Limits limits_;
  Counters<Limit> hits_;
};

}  // namespace mc::engine
