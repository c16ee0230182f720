// HashedTimerQueue<Key, Hash>: the PIM engine's timers (RFC 7761 §4.11: Expiry, Prune-Pending,
// Join, Override, Keepalive, Register-Stop and Assert timers, Hello and Neighbor Liveness), with
// exactly the contract of engine::TimerQueue (engine/timer_queue.h): each key has at most one
// deadline, and PopDue returns due keys in (deadline, arm sequence) order, so timers due at the
// same instant fire in the order they were last armed.
//
// Why a second queue: a PIM router keeps two or more timers per (S,G) entry (the downstream
// Expiry Timer of each joined interface and the upstream Join Timer), so the timers are most of
// an entry's memory and every refreshing Join re-arms one. engine::TimerQueue indexes keys with
// a std::map (one node of about 64 bytes and a tree walk per re-arm); here the key lives in its
// slot and an open-addressing table of slot indices (linear probing, backward-shift deletion, no
// tombstones) finds it with one hash: about 52 instead of 100 bytes per timer.
//
// Determinism: nothing here depends on pointer values or hash-table order for what it returns.
// PopDue orders by (deadline, seq) with a unique seq; CancelIf visits slots in index order and
// returns only a count. Leaves out: nothing of TimerQueue's interface the PIM engine uses.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "base/time.h"

namespace mc::pim {

template <class Key, class Hash>
requires std::equality_comparable<Key> && std::copyable<Key>
class HashedTimerQueue {
 public:
  // Arms `key` to fire at `deadline`, replacing any earlier arming.
  void Arm(const Key& key, Time deadline) { ArmSlot(FindOrAdd(key), deadline); }

  // Arms `key` unless it is already armed at `deadline` or later. An equal deadline keeps its
  // place in the tie.
  void ArmAtLeast(const Key& key, Time deadline) {
    const std::uint32_t idx = FindOrAdd(key);
    if (slots_[idx].heap_pos == kUnplaced || slots_[idx].deadline < deadline) {
      ArmSlot(idx, deadline);
    }
  }

  // Arms `key` unless it is already armed at `deadline` or earlier.
  void ArmAtMost(const Key& key, Time deadline) {
    const std::uint32_t idx = FindOrAdd(key);
    if (slots_[idx].heap_pos == kUnplaced || slots_[idx].deadline > deadline) {
      ArmSlot(idx, deadline);
    }
  }

  // Returns whether `key` was armed.
  bool Cancel(const Key& key) {
    const std::size_t b = FindBucket(key);
    if (b == kNotFound) {
      return false;
    }
    Remove(b);
    return true;
  }

  // Cancels every key for which pred(key) holds; returns how many were cancelled.
  template <class Pred>
  std::size_t CancelIf(Pred pred) {
    std::size_t n = 0;
    for (std::uint32_t idx = 0; idx < slots_.size(); ++idx) {
      if (slots_[idx].heap_pos != kFree && pred(std::as_const(slots_[idx].key))) {
        Remove(FindBucket(slots_[idx].key));
        ++n;
      }
    }
    return n;
  }

  bool Armed(const Key& key) const { return FindBucket(key) != kNotFound; }

  std::optional<Time> Deadline(const Key& key) const {
    const std::size_t b = FindBucket(key);
    if (b == kNotFound) {
      return std::nullopt;
    }
    return slots_[buckets_[b]].deadline;
  }

  // Removes and returns the earliest key whose deadline is at or before `now`.
  std::optional<Key> PopDue(Time now) {
    if (heap_.empty() || slots_[heap_.front()].deadline > now) {
      return std::nullopt;
    }
    std::optional<Key> key{slots_[heap_.front()].key};
    Remove(FindBucket(*key));
    return key;
  }

  std::optional<Time> NextDeadline() const {
    if (heap_.empty()) {
      return std::nullopt;
    }
    return slots_[heap_.front()].deadline;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void Clear() {
    slots_.clear();
    free_.clear();
    heap_.clear();
    buckets_.clear();
    size_ = 0;
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;     // bucket without a slot
  static constexpr std::uint32_t kFree = 0xFFFFFFFF;      // heap_pos of a slot on the free list
  static constexpr std::uint32_t kUnplaced = 0xFFFFFFFE;  // heap_pos of a slot not yet armed
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

  struct Slot {
    Time deadline;
    std::uint64_t seq = 0;
    Key key;
    std::uint32_t heap_pos = kFree;
  };

  std::size_t Home(const Key& key) const { return Hash{}(key) & (buckets_.size() - 1); }

  std::size_t FindBucket(const Key& key) const {
    if (buckets_.empty()) {
      return kNotFound;
    }
    const std::size_t mask = buckets_.size() - 1;
    for (std::size_t b = Home(key);; b = (b + 1) & mask) {
      if (buckets_[b] == kEmpty) {
        return kNotFound;
      }
      if (slots_[buckets_[b]].key == key) {
        return b;
      }
    }
  }

  // The slot of `key`, new (heap_pos kUnplaced) when the key was not armed.
  std::uint32_t FindOrAdd(const Key& key) {
    if (const std::size_t b = FindBucket(key); b != kNotFound) {
      return buckets_[b];
    }
    // Grow at a load factor of 0.7: short probe sequences, 4 bytes per bucket.
    if ((size_ + 1) * 10 > buckets_.size() * 7) {
      Rehash(buckets_.empty() ? 16 : buckets_.size() * 2);
    }
    std::uint32_t idx;
    if (free_.empty()) {
      idx = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    } else {
      idx = free_.back();
      free_.pop_back();
    }
    slots_[idx].key = key;
    slots_[idx].heap_pos = kUnplaced;
    const std::size_t mask = buckets_.size() - 1;
    std::size_t b = Home(key);
    while (buckets_[b] != kEmpty) {
      b = (b + 1) & mask;
    }
    buckets_[b] = idx;
    ++size_;
    return idx;
  }

  void Rehash(std::size_t n) {
    std::vector<std::uint32_t> old = std::move(buckets_);
    buckets_.assign(n, kEmpty);
    for (const std::uint32_t idx : old) {
      if (idx != kEmpty) {
        std::size_t b = Home(slots_[idx].key);
        while (buckets_[b] != kEmpty) {
          b = (b + 1) & (n - 1);
        }
        buckets_[b] = idx;
      }
    }
  }

  void ArmSlot(std::uint32_t idx, Time deadline) {
    Slot& s = slots_[idx];
    s.deadline = deadline;
    s.seq = next_seq_++;
    if (s.heap_pos == kUnplaced) {
      s.heap_pos = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back(idx);
      SiftUp(s.heap_pos);
    } else {
      Fix(s.heap_pos);
    }
  }

  // Takes the slot in bucket `b` out of the heap and the table, and frees it.
  void Remove(std::size_t b) {
    const std::uint32_t idx = buckets_[b];
    const std::uint32_t pos = slots_[idx].heap_pos;
    if (pos != kUnplaced) {
      const std::uint32_t last = heap_.back();
      heap_.pop_back();
      if (last != idx) {
        heap_[pos] = last;
        slots_[last].heap_pos = pos;
        Fix(pos);
      }
    }
    slots_[idx].heap_pos = kFree;
    free_.push_back(idx);
    --size_;
    // Backward-shift deletion: pull later members of the probe run into the hole.
    const std::size_t mask = buckets_.size() - 1;
    std::size_t hole = b;
    for (std::size_t j = (b + 1) & mask; buckets_[j] != kEmpty; j = (j + 1) & mask) {
      const std::size_t home = Home(slots_[buckets_[j]].key);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (!stays) {
        buckets_[hole] = buckets_[j];
        hole = j;
      }
    }
    buckets_[hole] = kEmpty;
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

  void Fix(std::uint32_t pos) {
    if (pos > 0 && Before(heap_[pos], heap_[(pos - 1) / 2])) {
      SiftUp(pos);
    } else {
      SiftDown(pos);
    }
  }

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;     // slot indices to reuse
  std::vector<std::uint32_t> heap_;     // slot indices, earliest (deadline, seq) first
  std::vector<std::uint32_t> buckets_;  // slot indices by hash; kEmpty marks a free bucket
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace mc::pim
