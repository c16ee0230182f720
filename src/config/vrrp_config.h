// Typed VRRP configuration (LAB-FORMAT.md §3 "VRRP / VIP"), with Cisco IOS defaults: the
// classic interface commands (`vrrp N ip A [secondary]`, `vrrp N priority P`, `vrrp N preempt
// [delay minimum S]`, `vrrp N timers advertise [msec] T`, `vrrp N timers learn`, `vrrp N track
// OBJ [decrement D]`, `vrrp N version 2|3`, `vrrp N description`, `vrrp N shutdown`), mcast's
// ProxySG-style `vrrp N multicast-group G`, the IOS-XE `fhrp version vrrp v3` global with the
// `vrrp N address-family ipv4` sub-block, and `track OBJ interface IF line-protocol`.
// Only the configuration lives here; the engine (src/vrrp/) turns it into RFC 3768 / RFC 5798
// behaviour. The parser rows and the running-config lines are in commands_vrrp.cc.
// Left out: authentication (`vrrp N authentication`, not in RFC 5798 and a no-op in RFC 3768),
// `vrrs` names, IPv6 address families, track objects other than interface line-protocol.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"

namespace mc::config {

// One tracked object of a group: `vrrp N track OBJ [decrement D]` names a global track object;
// `vrrp N track interface IF [decrement D]` (the older form) names the interface directly.
struct VrrpTrack {
  std::uint32_t object = 0;     // 0 when `interface` is set
  std::string interface;        // as written; empty for an object reference
  std::uint8_t decrement = 10;  // IOS default
  bool operator==(const VrrpTrack&) const = default;
};

inline constexpr std::uint8_t kVrrpPriorityDefault = 100;
inline constexpr std::uint32_t kVrrpAdvertiseMsDefault = 1000;

// One VRRP group (virtual router) on an interface.
struct VrrpGroupConfig {
  std::uint8_t group = 1;       // the VRID, 1-255
  std::optional<Ipv4> address;  // `vrrp N ip A` / `address A [primary]`
  std::vector<Ipv4> secondary_addresses;
  std::uint8_t priority = kVrrpPriorityDefault;  // 1-254
  bool preempt = true;                           // IOS: preemption is on by default
  std::uint32_t preempt_delay_s = 0;             // `preempt delay minimum S`
  std::uint32_t advertise_ms = kVrrpAdvertiseMsDefault;
  bool advertise_msec = false;  // written with `msec` (rendering keeps the user's unit)
  bool timers_learn = false;    // `vrrp N timers learn`: a backup adopts the master's interval
  std::optional<std::uint8_t> version;  // `vrrp N version`; nullopt: 2, or 3 in address-family
  std::string description;
  bool shutdown = false;
  std::optional<Ipv4> multicast_group;  // adverts go here instead of 224.0.0.18
  std::vector<VrrpTrack> tracks;
  bool address_family = false;  // configured through `vrrp N address-family ipv4` (IOS-XE)
  bool vrrpv2 = false;          // `vrrpv2` inside the address-family block

  // The protocol version the group speaks.
  std::uint8_t EffectiveVersion() const {
    if (version) {
      return *version;
    }
    if (address_family) {
      return vrrpv2 ? 2 : 3;
    }
    return 2;
  }
  bool operator==(const VrrpGroupConfig&) const = default;
};

// `track N interface IF line-protocol`: up while IF's line protocol is up.
struct TrackObject {
  std::string interface;
  bool operator==(const TrackObject&) const = default;
};

struct VrrpGlobalConfig {
  bool fhrp_v3 = false;  // `fhrp version vrrp v3` (IOS-XE)
  std::map<std::uint32_t, TrackObject> tracks;
  bool operator==(const VrrpGlobalConfig&) const = default;
};

// Running-config lines (commands_vrrp.cc): an interface's groups (appended with one leading
// space, address-family contents with two), and the global lines.
void AppendVrrpInterfaceLines(const std::vector<VrrpGroupConfig>& groups,
                              std::vector<std::string>& lines);
std::vector<std::string> VrrpGlobalLines(const VrrpGlobalConfig& global);

}  // namespace mc::config
