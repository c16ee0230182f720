// TimerQueue<Key>: an engine's timers, keyed by a typed, totally ordered key (DESIGN.md rule 3
// and "Engine contract"). Each key has at most one deadline. PopDue returns due keys in
// (deadline, arm sequence) order: timers due at the same instant fire in the order they were
// last armed, so the same inputs always give the same outputs. Every (re)arm takes a fresh
// sequence number, which moves the key to the back of its tie.
//
// Layout: `keys_` maps a key to the index of its slot; a slot holds the deadline, the arm
// sequence, the key's map node and the slot's place in `heap_`, a binary min-heap of slot
// indices ordered by (deadline, seq). Re-arming an armed key (a refresh: every Join moves an
// Expiry Timer, every report a membership timer) is one map lookup and a sift in a contiguous
// array, with no allocation; only a key's first arming allocates its map node. Freed slots are
// reused. All operations are O(log n); nothing depends on pointer values.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "base/time.h"

namespace mc::engine {

template <class Key>
requires std::totally_ordered<Key> && std::copyable<Key>
class TimerQueue {
 public:
  // Arms `key` to fire at `deadline`, replacing any earlier arming.
  void Arm(const Key& key, Time deadline) {
    auto [it, inserted] = keys_.try_emplace(key, 0);
    if (inserted) {
      it->second = NewSlot(it);
    }
    Slot& s = slots_[it->second];
    s.deadline = deadline;
    s.seq = next_seq_++;
    if (inserted) {
      s.heap_pos = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back(it->second);
      SiftUp(s.heap_pos);
    } else {
      Fix(s.heap_pos);
    }
  }

  // Arms `key` unless it is already armed at `deadline` or later ("set to the maximum of its
  // current value and ...", RFC 7761 §4.5.2). An equal deadline keeps its place in the tie.
  void ArmAtLeast(const Key& key, Time deadline) {
    const auto it = keys_.find(key);
    if (it == keys_.end() || slots_[it->second].deadline < deadline) {
      Arm(key, deadline);
    }
  }

  // Arms `key` unless it is already armed at `deadline` or earlier ("if the timer is greater
  // than X, set it to X", e.g. RFC 7761 §4.5.2 reduce ET to the J/P override interval).
  void ArmAtMost(const Key& key, Time deadline) {
    const auto it = keys_.find(key);
    if (it == keys_.end() || slots_[it->second].deadline > deadline) {
      Arm(key, deadline);
    }
  }

  // Returns whether `key` was armed.
  bool Cancel(const Key& key) {
    const auto it = keys_.find(key);
    if (it == keys_.end()) {
      return false;
    }
    Remove(it->second);
    return true;
  }

  // Cancels every key for which pred(key) holds (e.g. all timers of an interface that went
  // down); O(n log n). Returns how many were cancelled.
  template <class Pred>
  std::size_t CancelIf(Pred pred) {
    std::size_t n = 0;
    for (auto it = keys_.begin(); it != keys_.end();) {
      const auto next = std::next(it);
      if (pred(std::as_const(it->first))) {
        Remove(it->second);
        ++n;
      }
      it = next;
    }
    return n;
  }

  bool Armed(const Key& key) const { return keys_.contains(key); }

  std::optional<Time> Deadline(const Key& key) const {
    const auto it = keys_.find(key);
    if (it == keys_.end()) {
      return std::nullopt;
    }
    return slots_[it->second].deadline;
  }

  // Removes and returns the earliest key whose deadline is at or before `now`; nullopt if none
  // is due. Call in a loop: a handler may arm new keys that are due too.
  std::optional<Key> PopDue(Time now) {
    if (heap_.empty() || slots_[heap_.front()].deadline > now) {
      return std::nullopt;
    }
    const std::uint32_t top = heap_.front();
    std::optional<Key> key{slots_[top].node->first};
    Remove(top);
    return key;
  }

  std::optional<Time> NextDeadline() const {
    if (heap_.empty()) {
      return std::nullopt;
    }
    return slots_[heap_.front()].deadline;
  }

  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  void Clear() {
    keys_.clear();
    slots_.clear();
    free_.clear();
    heap_.clear();
  }

 private:
  using KeyMap = std::map<Key, std::uint32_t>;
  struct Slot {
    Time deadline;
    std::uint64_t seq = 0;
    typename KeyMap::iterator node;
    std::uint32_t heap_pos = 0;
  };

  std::uint32_t NewSlot(typename KeyMap::iterator node) {
    std::uint32_t idx;
    if (free_.empty()) {
      idx = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    } else {
      idx = free_.back();
      free_.pop_back();
    }
    slots_[idx].node = node;
    return idx;
  }

  // Takes slot `idx` out of the heap and the key map, and frees it.
  void Remove(std::uint32_t idx) {
    const std::uint32_t pos = slots_[idx].heap_pos;
    const std::uint32_t last = heap_.back();
    heap_.pop_back();
    if (last != idx) {
      heap_[pos] = last;
      slots_[last].heap_pos = pos;
      Fix(pos);
    }
    keys_.erase(slots_[idx].node);
    free_.push_back(idx);
  }

  bool Before(std::uint32_t a, std::uint32_t b) const {
    const Slot& x = slots_[a];
    const Slot& y = slots_[b];
    return x.deadline != y.deadline ? x.deadline < y.deadline : x.seq < y.seq;
  }

  void Place(std::uint32_t pos, std::uint32_t idx) {
    heap_[pos] = idx;
    slots_[idx].heap_pos = pos;
  }

  void SiftUp(std::uint32_t pos) {
    const std::uint32_t idx = heap_[pos];
    while (pos > 0) {
      const std::uint32_t parent = (pos - 1) / 2;
      if (!Before(idx, heap_[parent])) {
        break;
      }
      Place(pos, heap_[parent]);
      pos = parent;
    }
    Place(pos, idx);
  }

  void SiftDown(std::uint32_t pos) {
    const std::uint32_t idx = heap_[pos];
    const auto n = static_cast<std::uint32_t>(heap_.size());
    while (true) {
      std::uint32_t child = 2 * pos + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && Before(heap_[child + 1], heap_[child])) {
        ++child;
      }
      if (!Before(heap_[child], idx)) {
        break;
      }
      Place(pos, heap_[child]);
      pos = child;
    }
    Place(pos, idx);
  }

  // Restores the heap after the slot at `pos` changed its (deadline, seq) either way.
  void Fix(std::uint32_t pos) {
    if (pos > 0 && Before(heap_[pos], heap_[(pos - 1) / 2])) {
      SiftUp(pos);
    } else {
      SiftDown(pos);
    }
  }

  KeyMap keys_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;  // slot indices to reuse
  std::vector<std::uint32_t> heap_;  // slot indices, earliest (deadline, seq) first
  std::uint64_t next_seq_ = 0;
};

}  // namespace mc::engine
