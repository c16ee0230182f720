// MacTable: the filtering database of one bridge (IEEE 802.1Q-2018 §8.8, "Filtering Database"),
// keyed per (VLAN, MAC) as independent VLAN learning does (§8.8.7). Dynamic entries are learned
// from source addresses (§8.7 Learning Process), move when a MAC shows up on another port, and
// age out after the ageing time (§8.8.3; default 300 s, 0 disables ageing as IOS's
// `mac address-table aging-time 0` does). Static entries (`mac address-table static`) never age,
// are never overwritten by learning and may name several ports (static multicast).
//
// Ageing is lazy: each dynamic entry has one timer armed when it is learned; a frame only updates
// last_seen, and the timer, when it fires, either removes the entry or re-arms at
// last_seen + ageing. An entry therefore goes exactly `aging` after the last frame, with one timer
// event per ageing period instead of one re-arm per frame.
//
// The number of dynamic entries is bounded (DESIGN.md rule 5): past the maximum new addresses are
// not learned (their frames are still flooded) and the caller counts the hit.
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "base/mac.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/timer_queue.h"

namespace mc::l2 {

struct MacKey {
  std::uint16_t vlan = 0;
  Mac mac;
  auto operator<=>(const MacKey&) const = default;
};

enum class MacType : std::uint8_t { kDynamic, kStatic };

// A table row as `show mac address-table` lists it.
struct MacEntry {
  std::uint16_t vlan = 0;
  Mac mac;
  MacType type = MacType::kDynamic;
  std::vector<IfIndex> ports;  // ascending; one port for a dynamic entry
  bool operator==(const MacEntry&) const = default;
};

enum class LearnResult : std::uint8_t {
  kLearned,    // a new dynamic entry
  kRefreshed,  // already known on this port
  kMoved,      // known on another port; now on this one
  kTableFull,  // not learned: the dynamic-entry limit is reached
  kStatic,     // a static entry exists; learning never overrides it
};

class MacTable {
 public:
  static constexpr Duration kDefaultAging = std::chrono::seconds{300};
  static constexpr std::size_t kDefaultMaxDynamic = 8192;

  explicit MacTable(Duration aging = kDefaultAging, std::size_t max_dynamic = kDefaultMaxDynamic)
      : aging_(aging), max_dynamic_(max_dynamic) {}

  LearnResult Learn(Time now, const MacKey& key, IfIndex port);

  // The ports frames to `key` go to: the static entry's, else the dynamic entry's; nullopt when
  // the address is unknown (the caller floods).
  std::optional<std::vector<IfIndex>> Lookup(const MacKey& key) const;

  // Adds or replaces a static entry. A dynamic entry for the same key is dropped.
  void AddStatic(const MacKey& key, std::vector<IfIndex> ports);
  bool RemoveStatic(const MacKey& key);

  // Removes the dynamic entries learned on `port` (link down, topology change); returns how many.
  std::size_t FlushPort(IfIndex port);
  // Removes every dynamic entry of `vlan`; returns how many.
  std::size_t FlushVlan(std::uint16_t vlan);

  // A new ageing time re-arms every entry at last_seen + aging; 0 stops ageing.
  void SetAging(Duration aging);
  // A lower maximum applies to new entries only.
  void SetMaxDynamic(std::size_t max_dynamic) { max_dynamic_ = max_dynamic; }

  // Ages out entries due at or before `now`; returns how many were removed.
  std::size_t AdvanceTo(Time now);
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }

  // Every entry, static and dynamic, sorted by (VLAN, MAC).
  std::vector<MacEntry> Entries() const;
  std::size_t dynamic_count() const { return dynamic_.size(); }
  std::size_t static_count() const { return static_.size(); }
  Duration aging() const { return aging_; }

 private:
  struct Dynamic {
    IfIndex port;
    Time last_seen;
  };

  Duration aging_;
  std::size_t max_dynamic_;
  std::map<MacKey, Dynamic> dynamic_;
  std::map<MacKey, std::vector<IfIndex>> static_;
  engine::TimerQueue<MacKey> timers_;
};

}  // namespace mc::l2
