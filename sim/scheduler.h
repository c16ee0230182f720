// Scheduler<Event>: the emulator's discrete-event core (DESIGN.md "The emulator": a total order
// on (virtual time, sequence)). Events are caller-defined values (typically a std::variant of
// small structs), stored in place: no std::function, no allocation per event beyond the
// amortised growth of a few vectors.
//
// Order: earlier time first; events at the same time fire in the order they were scheduled
// (every Schedule takes the next 64-bit sequence number). PopNext advances now() to the
// popped time; nothing may be scheduled before now().
//
// Layout: a radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990), which a discrete-event queue
// suits because popped times never decrease. Entries (time, seq, slot) sit in 65 buckets
// relative to `last_`, the minimum found by the latest redistribution: bucket 0 is a small
// binary min-heap on (time, seq) of the entries at or before last_ (normally all at exactly
// last_), bucket b > 0 holds the entries whose time differs from last_ first in bit b-1.
// Schedule appends to one bucket; when bucket 0 runs dry, PopNext/PeekTime split the lowest
// non-empty bucket around its minimum, and an entry moves to a lower bucket each time it is
// touched, so an event costs O(log(delay)) amortised with sequential memory access only. That
// keeps a million pending events fast where a plain heap waits on a cache miss per level.
// Events scheduled between a PeekTime and the next PopNext may fall before last_; bucket 0's
// heap orders them in O(log n) until the run passes last_.
//
// The events live in a slab of slots reused through a free list, so buckets move small
// entries, never events. A slot records the seq of the event it holds; an entry whose seq no
// longer matches its slot's is garbage. Cancel frees the slot at once and leaves the entry
// behind (lazy deletion, dropped when it reaches the front); the buckets are compacted in O(n)
// whenever garbage outnumbers live events.
//
// Left out: thread safety (the emulator is single-threaded by design), events before now()
// (a caller bug: asserted in debug builds, treated as now() in release), negative times.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "base/check.h"
#include "base/time.h"

namespace mc::sim {

template <std::movable Event>
class Scheduler;

// Names one scheduled event, for Cancel/Pending. Default-constructed ids name no event, and an
// id never names a later event that reuses its slot.
class EventId {
 public:
  constexpr EventId() = default;
  constexpr bool valid() const { return seq_ != 0; }
  constexpr auto operator<=>(const EventId&) const = default;

 private:
  template <std::movable Event>
  friend class Scheduler;
  constexpr EventId(std::uint64_t seq, std::uint32_t slot) : seq_(seq), slot_(slot) {}

  std::uint64_t seq_ = 0;
  std::uint32_t slot_ = 0;
};

template <class Event>
struct FiredEvent {
  Time time;
  EventId id;
  Event event;
};

template <std::movable Event>
class Scheduler {
 public:
  // Schedules `event` at `at` (not before now()).
  EventId Schedule(Time at, Event event) {
    MC_ASSERT(at >= now_);
    const std::uint32_t slot = AllocateSlot();
    Slot& s = slots_[slot];
    s.seq = next_seq_++;
    s.event.emplace(std::move(event));
    Insert(Entry{Key(std::max(at, now_)), s.seq, slot});
    ++live_;
    return EventId{s.seq, slot};
  }

  EventId ScheduleAfter(Duration delay, Event event) {
    return Schedule(now_ + delay, std::move(event));
  }

  // Returns whether `id` was pending (false if it already fired or was cancelled).
  bool Cancel(EventId id) {
    if (!Pending(id)) {
      return false;
    }
    Release(id.slot_);
    ++dead_;
    MaybeCompact();
    return true;
  }

  // Cancels every pending event for which pred(event) holds, e.g. everything addressed to a
  // node that was powered off. O(slots). Returns how many were cancelled.
  template <class Pred>
  std::size_t CancelIf(Pred pred) {
    std::size_t n = 0;
    for (std::uint32_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].seq != 0 && pred(std::as_const(*slots_[i].event))) {
        Release(i);
        ++dead_;
        ++n;
      }
    }
    MaybeCompact();
    return n;
  }

  bool Pending(EventId id) const {
    return id.valid() && id.slot_ < slots_.size() && slots_[id.slot_].seq == id.seq_;
  }

  // Removes and returns the earliest event (ties in schedule order); now() becomes its time.
  std::optional<FiredEvent<Event>> PopNext() {
    if (!Normalize()) {
      return std::nullopt;
    }
    std::vector<Entry>& b0 = buckets_[0];
    std::pop_heap(b0.begin(), b0.end(), Later);
    const Entry top = b0.back();
    b0.pop_back();
    Slot& s = slots_[top.slot];
    std::optional<FiredEvent<Event>> fired{
        FiredEvent<Event>{TimeOf(top.key), EventId{top.seq, top.slot}, std::move(*s.event)}};
    Release(top.slot);
    now_ = TimeOf(top.key);
    return fired;
  }

  // Time of the next event, without removing it. Not const: it may split a bucket, the work
  // the next PopNext would otherwise do; amortised O(1).
  std::optional<Time> PeekTime() {
    if (!Normalize()) {
      return std::nullopt;
    }
    return TimeOf(buckets_[0].front().key);
  }

  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }
  Time now() const { return now_; }

  // Pre-sizes the event slab for `n` pending events.
  void Reserve(std::size_t n) { slots_.reserve(n); }

 private:
  static constexpr std::size_t kBuckets = 65;
  // Below this many dead entries a compaction pass is not worth it.
  static constexpr std::size_t kMinCompact = 64;

  struct Entry {
    std::uint64_t key;  // nanoseconds since kTimeZero
    std::uint64_t seq;
    std::uint32_t slot;
  };
  struct Slot {
    std::uint64_t seq = 0;  // of the event held; 0 when free
    std::optional<Event> event;
  };

  // The heap order of bucket 0 (std::*_heap keep the greatest first, so "later" is greater).
  static bool Later(const Entry& a, const Entry& b) {
    return a.key > b.key || (a.key == b.key && a.seq > b.seq);
  }

  static std::uint64_t Key(Time t) {
    MC_ASSERT(ToNanos(t) >= 0);
    return static_cast<std::uint64_t>(ToNanos(t));
  }
  static Time TimeOf(std::uint64_t key) { return TimeFromNanos(static_cast<std::int64_t>(key)); }

  // The bucket of a key above last_: one more than the index of the highest differing bit.
  std::size_t BucketOf(std::uint64_t key) const {
    return static_cast<std::size_t>(64 - std::countl_zero(key ^ last_));
  }

  bool Live(const Entry& e) const { return slots_[e.slot].seq == e.seq; }

  std::uint32_t AllocateSlot() {
    if (!free_.empty()) {
      const std::uint32_t slot = free_.back();
      free_.pop_back();
      return slot;
    }
    MC_CHECK(slots_.size() < std::numeric_limits<std::uint32_t>::max());
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }

  void Release(std::uint32_t slot) {
    slots_[slot].seq = 0;
    slots_[slot].event.reset();
    free_.push_back(slot);
    --live_;
  }

  void Insert(const Entry& e) {
    if (e.key > last_) {
      const std::size_t b = BucketOf(e.key);
      buckets_[b].push_back(e);
      mask_ |= std::uint64_t{1} << (b - 1);
      return;
    }
    // At or before last_: usually exactly last_ with the largest seq yet, where the heap push
    // stops at once.
    buckets_[0].push_back(e);
    std::push_heap(buckets_[0].begin(), buckets_[0].end(), Later);
  }

  // Brings the earliest live entry to the front of bucket 0; false when nothing is pending.
  bool Normalize() {
    std::vector<Entry>& b0 = buckets_[0];
    for (;;) {
      while (!b0.empty() && !Live(b0.front())) {
        std::pop_heap(b0.begin(), b0.end(), Later);
        b0.pop_back();
        --dead_;
      }
      if (!b0.empty()) {
        return true;
      }
      if (mask_ == 0) {
        return false;
      }
      Redistribute();
    }
  }

  // Splits the lowest non-empty bucket around its minimum, which becomes last_. Liveness is not
  // consulted: that would cost a slot lookup per move; garbage is dropped at the front instead.
  void Redistribute() {
    const std::size_t b = static_cast<std::size_t>(std::countr_zero(mask_)) + 1;
    std::vector<Entry>& src = buckets_[b];
    std::uint64_t min = std::numeric_limits<std::uint64_t>::max();
    for (const Entry& e : src) {
      min = std::min(min, e.key);
    }
    last_ = min;
    std::vector<Entry>& b0 = buckets_[0];
    for (const Entry& e : src) {
      // Every entry lands in a lower bucket than b, so `src` is not touched while iterated.
      if (e.key == last_) {
        b0.push_back(e);
        __builtin_prefetch(&slots_[e.slot]);  // about to be checked and popped
      } else {
        const std::size_t nb = BucketOf(e.key);
        buckets_[nb].push_back(e);
        mask_ |= std::uint64_t{1} << (nb - 1);
      }
    }
    src.clear();
    mask_ &= ~(std::uint64_t{1} << (b - 1));
    // Bucket 0 was empty: it now holds equal times only, and sorted by seq it is a heap.
    if (b0.size() > 1) {
      std::sort(b0.begin(), b0.end(), [](const Entry& x, const Entry& y) { return x.seq < y.seq; });
    }
  }

  void MaybeCompact() {
    if (dead_ < kMinCompact || dead_ <= live_) {
      return;
    }
    for (std::size_t b = 0; b < kBuckets; ++b) {
      std::erase_if(buckets_[b], [this](const Entry& e) { return !Live(e); });
      if (b > 0 && buckets_[b].empty()) {
        mask_ &= ~(std::uint64_t{1} << (b - 1));
      }
    }
    std::make_heap(buckets_[0].begin(), buckets_[0].end(), Later);
    dead_ = 0;
  }

  std::array<std::vector<Entry>, kBuckets> buckets_;
  std::uint64_t last_ = 0;  // see the file comment; never after the earliest pending time
  std::uint64_t mask_ = 0;  // bit b-1 set: buckets_[b] is non-empty (b >= 1)
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
  std::size_t dead_ = 0;  // garbage entries in the buckets
  std::uint64_t next_seq_ = 1;
  Time now_ = kTimeZero;
};

}  // namespace mc::sim
