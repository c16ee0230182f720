// TimerQueue<Key>: an engine's timers, keyed by a typed, totally ordered key (DESIGN.md rule 3
// and "Engine contract"). Each key has at most one deadline. PopDue returns due keys in
// (deadline, arm sequence) order: timers due at the same instant fire in the order they were
// last armed, so the same inputs always give the same outputs. Every (re)arm takes a fresh
// sequence number, which moves the key to the back of its tie.
//
// All operations are O(log n): `keys_` maps a key to its (deadline, seq); `order_` maps
// (deadline, seq), which is unique, back to the key's node in `keys_` (std::map nodes are
// stable). No unordered containers, nothing depends on pointer values.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "base/time.h"

namespace mc::engine {

template <class Key>
requires std::totally_ordered<Key> && std::copyable<Key>
class TimerQueue {
 public:
  // Arms `key` to fire at `deadline`, replacing any earlier arming.
  void Arm(const Key& key, Time deadline) {
    auto [it, inserted] = keys_.try_emplace(key);
    if (!inserted) {
      order_.erase(it->second);
    }
    it->second = Order{deadline, next_seq_++};
    order_.emplace(it->second, it);
  }

  // Arms `key` unless it is already armed at `deadline` or later ("set to the maximum of its
  // current value and ...", RFC 7761 §4.5.2). An equal deadline keeps its place in the tie.
  void ArmAtLeast(const Key& key, Time deadline) {
    const std::optional<Time> current = Deadline(key);
    if (!current || *current < deadline) {
      Arm(key, deadline);
    }
  }

  // Arms `key` unless it is already armed at `deadline` or earlier ("if the timer is greater
  // than X, set it to X", e.g. RFC 7761 §4.5.2 reduce ET to the J/P override interval).
  void ArmAtMost(const Key& key, Time deadline) {
    const std::optional<Time> current = Deadline(key);
    if (!current || *current > deadline) {
      Arm(key, deadline);
    }
  }

  // Returns whether `key` was armed.
  bool Cancel(const Key& key) {
    const auto it = keys_.find(key);
    if (it == keys_.end()) {
      return false;
    }
    order_.erase(it->second);
    keys_.erase(it);
    return true;
  }

  // Cancels every key for which pred(key) holds (e.g. all timers of an interface that went
  // down); O(n). Returns how many were cancelled.
  template <class Pred>
  std::size_t CancelIf(Pred pred) {
    std::size_t n = 0;
    for (auto it = keys_.begin(); it != keys_.end();) {
      if (pred(std::as_const(it->first))) {
        order_.erase(it->second);
        it = keys_.erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    return n;
  }

  bool Armed(const Key& key) const { return keys_.contains(key); }

  std::optional<Time> Deadline(const Key& key) const {
    const auto it = keys_.find(key);
    if (it == keys_.end()) {
      return std::nullopt;
    }
    return it->second.first;
  }

  // Removes and returns the earliest key whose deadline is at or before `now`; nullopt if none
  // is due. Call in a loop: a handler may arm new keys that are due too.
  std::optional<Key> PopDue(Time now) {
    if (order_.empty() || order_.begin()->first.first > now) {
      return std::nullopt;
    }
    const auto key_it = order_.begin()->second;
    std::optional<Key> key{key_it->first};
    order_.erase(order_.begin());
    keys_.erase(key_it);
    return key;
  }

  std::optional<Time> NextDeadline() const {
    if (order_.empty()) {
      return std::nullopt;
    }
    return order_.begin()->first.first;
  }

  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  void Clear() {
    order_.clear();
    keys_.clear();
  }

 private:
  using Order = std::pair<Time, std::uint64_t>;  // (deadline, arm sequence)
  using KeyMap = std::map<Key, Order>;

  KeyMap keys_;
  std::map<Order, typename KeyMap::iterator> order_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace mc::engine
