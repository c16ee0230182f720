// Filtering database: learning, moves, static entries, lazy ageing (IEEE 802.1Q-2018 §8.8).
#include "l2/mac_table.h"

#include <algorithm>
#include <utility>

namespace mc::l2 {

LearnResult MacTable::Learn(Time now, const MacKey& key, IfIndex port) {
  if (static_.contains(key)) {
    return LearnResult::kStatic;
  }
  const auto it = dynamic_.find(key);
  if (it != dynamic_.end()) {
    it->second.last_seen = now;
    if (it->second.port == port) {
      return LearnResult::kRefreshed;
    }
    it->second.port = port;
    return LearnResult::kMoved;
  }
  if (dynamic_.size() >= max_dynamic_) {
    return LearnResult::kTableFull;
  }
  dynamic_.emplace(key, Dynamic{port, now});
  if (aging_ > Duration::zero()) {
    timers_.Arm(key, now + aging_);
  }
  return LearnResult::kLearned;
}

std::optional<std::vector<IfIndex>> MacTable::Lookup(const MacKey& key) const {
  if (const auto s = static_.find(key); s != static_.end()) {
    return s->second;
  }
  if (const auto d = dynamic_.find(key); d != dynamic_.end()) {
    return std::vector<IfIndex>{d->second.port};
  }
  return std::nullopt;
}

void MacTable::AddStatic(const MacKey& key, std::vector<IfIndex> ports) {
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  if (dynamic_.erase(key) > 0) {
    timers_.Cancel(key);
  }
  static_[key] = std::move(ports);
}

bool MacTable::RemoveStatic(const MacKey& key) { return static_.erase(key) > 0; }

std::size_t MacTable::FlushPort(IfIndex port) {
  return std::erase_if(dynamic_, [&](const auto& kv) {
    if (kv.second.port != port) {
      return false;
    }
    timers_.Cancel(kv.first);
    return true;
  });
}

std::size_t MacTable::FlushVlan(std::uint16_t vlan) {
  return std::erase_if(dynamic_, [&](const auto& kv) {
    if (kv.first.vlan != vlan) {
      return false;
    }
    timers_.Cancel(kv.first);
    return true;
  });
}

void MacTable::SetAging(Duration aging) {
  aging_ = aging;
  timers_.Clear();
  if (aging_ <= Duration::zero()) {
    return;
  }
  for (const auto& [key, entry] : dynamic_) {
    timers_.Arm(key, entry.last_seen + aging_);
  }
}

std::size_t MacTable::AdvanceTo(Time now) {
  std::size_t aged = 0;
  while (const std::optional<MacKey> key = timers_.PopDue(now)) {
    const auto it = dynamic_.find(*key);
    if (it == dynamic_.end()) {
      continue;
    }
    const Time expiry = it->second.last_seen + aging_;
    if (expiry <= now) {
      dynamic_.erase(it);
      ++aged;
    } else {
      timers_.Arm(*key, expiry);  // refreshed since the timer was armed
    }
  }
  return aged;
}

std::vector<MacEntry> MacTable::Entries() const {
  std::vector<MacEntry> out;
  out.reserve(dynamic_.size() + static_.size());
  for (const auto& [key, ports] : static_) {
    out.push_back({key.vlan, key.mac, MacType::kStatic, ports});
  }
  for (const auto& [key, entry] : dynamic_) {
    out.push_back({key.vlan, key.mac, MacType::kDynamic, {entry.port}});
  }
  std::sort(out.begin(), out.end(), [](const MacEntry& a, const MacEntry& b) {
    return MacKey{a.vlan, a.mac} < MacKey{b.vlan, b.mac};
  });
  return out;
}

}  // namespace mc::l2
