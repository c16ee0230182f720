// The VRRP engine: VRRPv2 (RFC 3768) and VRRPv3 for IPv4 (RFC 5798) for every (interface, VRID)
// of one device, as a pure engine (DESIGN.md "Engine contract").
//
// Implements: the §6.4 state machine (vrrp_fsm.h) with the §6.1 timers - Master_Down_Interval
// = 3 x Advertisement_Interval + Skew_Time, Skew_Time = (256 - Priority) / 256 s for v2 (RFC
// 3768 §6.1) and ((256 - Priority) x Master_Adver_Interval) / 256 for v3, whose backups learn
// Master_Adver_Interval from the master's adverts (§6.4.2); priority 255 for the address owner
// (§5.2.4); a priority-0 advert on shutdown (§6.4.3); preemption (owner always preempts) and the
// Cisco `preempt delay minimum`; tie-break by the higher primary address; the virtual MAC
// 00-00-5E-00-01-{VRID} (§7.3); AddressAdd + gratuitous ARP on becoming master, AddressDel on
// leaving; adverts with TTL 255, protocol 112 to 224.0.0.18 or to mcast's per-group
// `multicast-group` (then joined with SocketJoin so the device's IGMP host side reports it);
// interface tracking (a down interface lowers the priority by its decrement, never below 1);
// `vrrp timers learn` for v2 backups; the §7.1 receive checks, each with a named drop counter.
// Groups per interface are limited (drop + counter + trace).
// Leaves out: IPv6, v2 authentication (RFC 3768 removed it), accept mode (the owner of a VIP
// answers for it; non-owners only while master), VRRPv2/v3 mixed operation of RFC 5798 §8.4.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/rng.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/limits.h"
#include "engine/timer_queue.h"
#include "engine/trace.h"
#include "vrrp/snapshot.h"
#include "vrrp/vrrp_fsm.h"
#include "wire/vrrp.h"

namespace mc::vrrp {

inline constexpr Ipv4 kVrrpMulticast{224, 0, 0, 18};

// One tracked interface of a group (`vrrp N track ...`), resolved to an ifindex by the host.
struct TrackParams {
  IfIndex ifindex;
  std::string name;
  std::uint8_t decrement = 10;
  bool operator==(const TrackParams&) const = default;
};

// One virtual router as configured (config::VrrpGroupConfig with tracks resolved).
struct GroupParams {
  std::uint8_t vrid = 1;
  std::uint8_t version = 2;
  std::vector<Ipv4> addresses;  // primary first; empty: the group cannot start
  std::uint8_t priority = 100;
  bool preempt = true;
  Duration preempt_delay{};
  Duration advertisement_interval = std::chrono::seconds{1};
  bool learn = false;                   // v2 `timers learn`
  std::optional<Ipv4> multicast_group;  // nullopt: 224.0.0.18
  std::vector<TrackParams> tracks;
  bool shutdown = false;
  std::string description;
  bool operator==(const GroupParams&) const = default;
};

struct VrrpEngineOptions {
  // Virtual routers on one interface; VRIDs are 1-255, IOS allows 255 per interface.
  std::size_t groups_per_interface = 255;
};

enum class VrrpCounter : std::uint8_t {
  kAdvertsSent,
  kAdvertsReceived,
  kPriorityZeroSent,
  kPriorityZeroReceived,
  kBecameMaster,
  kDropBadTtl,
  kDropBadChecksum,
  kDropMalformed,
  kDropUnknownVrid,
  kDropVersionMismatch,
  kDropIntervalMismatch,
  kAddressListMismatch,
  kDropAddressList,
  kDropFromSelf,
  kDropWrongDestination,
  kDropGroupLimit,
  kCount,
};
constexpr std::array<std::string_view, 16> CounterNames(VrrpCounter) {
  return {"adverts-sent",           "adverts-received",       "priority-zero-sent",
          "priority-zero-received", "became-master",          "drop-bad-ttl",
          "drop-bad-checksum",      "drop-malformed",         "drop-unknown-vrid",
          "drop-version-mismatch",  "drop-interval-mismatch", "address-list-mismatch",
          "drop-address-list",      "drop-from-self",         "drop-wrong-destination",
          "drop-group-limit"};
}

// RFC 5798 §6.1 / RFC 3768 §6.1 timer arithmetic, exact to the nanosecond (whole centiseconds
// would give a 10 ms interval no skew at all).
Duration SkewTime(std::uint8_t version, std::uint8_t priority, Duration master_adver_interval);
Duration MasterDownInterval(std::uint8_t version, std::uint8_t priority,
                            Duration master_adver_interval);

class VrrpEngine {
 public:
  VrrpEngine(VrrpEngineOptions options, Rng rng);

  // Configures the groups of an interface (replacing the previous set) and its state. Groups
  // that disappear or change their VRID, version or addresses shut down first.
  void SetInterface(Time now, IfIndex ifindex, engine::IfAddress address, bool up,
                    const std::vector<GroupParams>& groups, std::vector<engine::Effect>& out);
  void RemoveInterface(Time now, IfIndex ifindex, std::vector<engine::Effect>& out);

  // PacketIn (protocol 112) and LinkEvent (the interface itself, or a tracked one).
  void Handle(Time now, const engine::Input& in, std::vector<engine::Effect>& out);
  void AdvanceTo(Time now, std::vector<engine::Effect>& out);
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }
  VrrpSnapshot Snap() const;

 private:
  enum class TimerKind : std::uint8_t { kAdver, kMasterDown, kPreemptDelay };
  struct TimerKey {
    TimerKind kind = TimerKind::kAdver;
    IfIndex ifindex;
    std::uint8_t vrid = 0;
    auto operator<=>(const TimerKey&) const = default;
  };
  struct Group {
    GroupParams params;
    VrrpState state = VrrpState::kInitialize;
    Time since;
    Duration master_adver_interval{};  // v3: learned; v2: Advertisement_Interval (or learned)
    Ipv4 master_address;
    std::uint8_t master_priority = 0;
    bool joined = false;  // SocketJoin emitted for params.multicast_group
    engine::Counters<VrrpCounter> counters;
  };
  struct Iface {
    engine::IfAddress address;
    bool up = false;
    std::map<std::uint8_t, Group> groups;
    engine::Counters<VrrpCounter> counters;
  };
  struct Advert {
    Ipv4 src;
    wire::VrrpAdvertisement a;
  };

  bool IsOwner(const Iface& i, const Group& g) const;
  std::uint8_t Priority(const Iface& i, const Group& g) const;
  bool Runnable(const Iface& i, const Group& g) const;
  Ipv4 Destination(const Group& g) const;

  void Start(Time now, IfIndex ifx, Iface& i, Group& g, std::vector<engine::Effect>& out);
  void Stop(Time now, IfIndex ifx, Iface& i, Group& g, std::vector<engine::Effect>& out);
  void Refresh(Time now, IfIndex ifx, Iface& i, std::vector<engine::Effect>& out);
  void OnPacket(Time now, const engine::PacketIn& p, std::vector<engine::Effect>& out);
  // The §7.1 checks that need the group; false: dropped (and counted).
  bool Accept(Time now, const Iface& i, Group& g, const engine::PacketIn& p, const Advert& adv,
              std::vector<engine::Effect>& out);
  std::optional<VrrpEvent> Classify(const Iface& i, const Group& g, const Advert& adv) const;
  void OnLink(Time now, const engine::LinkEvent& l, std::vector<engine::Effect>& out);
  // Looks the row up and performs it; `adv` is the advert that caused the event, if any.
  void Fire(Time now, IfIndex ifx, Iface& i, Group& g, VrrpEvent ev, const Advert* adv,
            std::vector<engine::Effect>& out);
  void Perform(Time now, IfIndex ifx, Iface& i, Group& g, std::uint16_t actions, const Advert* adv,
               std::vector<engine::Effect>& out);
  void SendAdvert(IfIndex ifx, Iface& i, Group& g, std::uint8_t priority,
                  std::vector<engine::Effect>& out);
  void SetState(Time now, IfIndex ifx, Group& g, VrrpState to, std::vector<engine::Effect>& out);
  void OnTimer(Time now, const TimerKey& key, std::vector<engine::Effect>& out);

  VrrpEngineOptions options_;
  // The engine contract's one seeded generator; VRRP itself draws nothing (its only jitter,
  // Skew_Time, is a function of the priority).
  [[maybe_unused]] Rng rng_;
  engine::Tracer tracer_{"vrrp"};
  std::map<IfIndex, Iface> ifaces_;
  std::map<IfIndex, bool> links_;  // line state of every interface a LinkEvent named
  engine::TimerQueue<TimerKey> timers_;
};

}  // namespace mc::vrrp
