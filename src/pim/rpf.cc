// MRIB lookups, static RP choice and SSM ranges (rpf.h).
#include "pim/rpf.h"

#include <bit>

namespace mc::pim {

bool Mrib::Apply(const engine::RouteEvent& e) {
  if (e.removed) {
    if (routes_.erase(e.prefix) == 0) {
      return false;
    }
    routes_by_length_[e.prefix.length()]--;
    return true;
  }
  const RpfInfo info{e.ifindex, e.next_hop, e.metric_preference, e.metric, e.prefix, false};
  auto [it, inserted] = routes_.try_emplace(e.prefix, info);
  if (inserted) {
    routes_by_length_[e.prefix.length()]++;
  }
  if (!inserted && it->second == info) {
    return false;
  }
  it->second = info;
  return true;
}

std::optional<RpfInfo> Mrib::Lookup(Ipv4 target) const {
  const StaticMroute* best = nullptr;
  for (const StaticMroute& m : statics_) {
    if (m.source.Contains(target) && (!best || m.source.length() > best->source.length())) {
      best = &m;
    }
  }
  if (best) {
    return RpfInfo{best->iif, best->rpf_neighbor, 0, 0, best->source, true};
  }
  for (int len = 32; len >= 0; --len) {
    if (routes_by_length_[static_cast<std::size_t>(len)] == 0) {
      continue;
    }
    const auto it = routes_.find(Prefix::Make(target, static_cast<std::uint8_t>(len)));
    if (it != routes_.end()) {
      return it->second;
    }
  }
  return std::nullopt;
}

std::optional<std::uint8_t> PermitSpecificity(const config::AccessList& acl, Ipv4 a) {
  for (const config::AclEntry& e : acl.entries) {
    if (e.action == config::AclAction::kRemark || !e.match.Matches(a)) {
      continue;
    }
    if (e.action == config::AclAction::kDeny) {
      return std::nullopt;
    }
    return static_cast<std::uint8_t>(32 - std::popcount(e.match.wildcard.value()));
  }
  return std::nullopt;  // the implicit deny
}

std::optional<Ipv4> RpFor(const std::vector<RpMapping>& mappings, Ipv4 group) {
  if (!group.IsMulticast()) {
    return std::nullopt;
  }
  const RpMapping* best = nullptr;
  std::uint8_t best_len = 0;
  for (const RpMapping& m : mappings) {
    const std::optional<std::uint8_t> len =
        m.acl ? PermitSpecificity(*m.acl, group) : std::optional<std::uint8_t>(4);
    if (!len) {
      continue;
    }
    const bool better =
        !best || *len > best_len ||
        (*len == best_len && (m.override_dynamic > best->override_dynamic ||
                              (m.override_dynamic == best->override_dynamic && m.rp > best->rp)));
    if (better) {
      best = &m;
      best_len = *len;
    }
  }
  return best ? std::optional<Ipv4>(best->rp) : std::nullopt;
}

bool SsmRanges::Contains(Ipv4 group) const {
  if (!enabled) {
    return false;
  }
  return acl ? acl->Permits(group) : kDefaultSsmRange.Contains(group);
}

}  // namespace mc::pim
