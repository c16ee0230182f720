// The VRRP virtual-router state machine as a transition table: RFC 5798 §6.4 (Initialize
// §6.4.1, Backup §6.4.2, Master §6.4.3), which RFC 3768 §6.4 shares for version 2, plus the
// Cisco `preempt delay minimum` extension (two Backup rows marked below).
//
// Events are what the engine classifies an input into; whether an advertisement is "preferred"
// depends on the state (§6.4.2 compares priorities with >= and honours Preempt_Mode; §6.4.3
// compares with > and breaks ties by the higher primary address), so the engine decides that
// and the table only says what follows. Pairs absent from the table change nothing.
// Leaves out: the accept-mode and IPv6 parts of RFC 5798 (IPv4 only, the stack owns the VIP).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mc::vrrp {

enum class VrrpState : std::uint8_t { kInitialize, kBackup, kMaster };

constexpr std::string_view ToString(VrrpState s) {
  switch (s) {
    case VrrpState::kInitialize:
      return "Init";
    case VrrpState::kBackup:
      return "Backup";
    case VrrpState::kMaster:
      return "Master";
  }
  return "?";
}

enum class VrrpEvent : std::uint8_t {
  kStartup,            // §6.4.1: the group is enabled (interface up, not shut)
  kStartupOwner,       // ... and this router owns the addresses (Priority 255)
  kShutdown,           // the group or its interface goes down
  kMasterDownExpired,  // Master_Down_Timer fired
  kAdverExpired,       // Adver_Timer fired
  kRecvPriorityZero,   // an ADVERTISEMENT with Priority 0: the master is leaving
  kRecvPreferred,      // an ADVERTISEMENT that wins over us in this state
  kRecvLower,          // one that does not: discarded
  kRecvLowerDelayed,   // Backup, preempting with `preempt delay minimum` > 0 (Cisco)
  kPreemptDelayExpired,
};

// What a row does, in the order the engine performs them.
enum VrrpAction : std::uint16_t {
  kNone = 0,
  kCancelAdver = 1 << 0,
  kCancelMasterDown = 1 << 1,
  kCancelPreemptDelay = 1 << 2,
  kSendPriorityZero = 1 << 3,  // §6.4.3 shutdown: an ADVERTISEMENT with Priority 0
  kDelAddresses = 1 << 4,      // stop owning the virtual addresses and MAC
  kLearnInterval = 1 << 5,     // v3: Master_Adver_Interval := the advert's interval
  kArmMasterDown = 1 << 6,     // Master_Down_Timer := Master_Down_Interval
  kArmSkew = 1 << 7,           // Master_Down_Timer := Skew_Time
  kStartPreemptDelay = 1 << 8,
  kAddAddresses = 1 << 9,  // own the addresses, then gratuitous ARP for each (§6.4.1)
  kSendAdvert = 1 << 10,
  kArmAdver = 1 << 11,  // Adver_Timer := Advertisement_Interval
};

struct VrrpRow {
  VrrpState from;
  VrrpEvent on;
  VrrpState to;
  std::uint16_t actions;
};

inline constexpr std::uint16_t kBecomeMaster = kAddAddresses | kSendAdvert | kArmAdver;

inline constexpr std::array kVrrpTable = {
    // §6.4.1 "If the Priority = 255 ... Send an ADVERTISEMENT, Broadcast a gratuitous ARP
    // request ..., Set the Adver_Timer to Advertisement_Interval, Transition to the {Master}".
    VrrpRow{VrrpState::kInitialize, VrrpEvent::kStartupOwner, VrrpState::kMaster, kBecomeMaster},
    // §6.4.1 "else ... Set the Master_Down_Timer to Master_Down_Interval, Transition to {Backup}".
    VrrpRow{VrrpState::kInitialize, VrrpEvent::kStartup, VrrpState::kBackup, kArmMasterDown},
    // §6.4.2 "If a Shutdown event is received, then: Cancel the Master_Down_Timer".
    VrrpRow{VrrpState::kBackup, VrrpEvent::kShutdown, VrrpState::kInitialize,
            kCancelMasterDown | kCancelPreemptDelay},
    // §6.4.2 "If the Master_Down_Timer fires, then: Send an ADVERTISEMENT, Broadcast a
    // gratuitous ARP ..., Set the Adver_Timer ..., Transition to the {Master} state".
    VrrpRow{VrrpState::kBackup, VrrpEvent::kMasterDownExpired, VrrpState::kMaster,
            kCancelPreemptDelay | kBecomeMaster},
    // §6.4.2 "If the Priority is zero, then: Set the Master_Down_Timer to Skew_Time".
    VrrpRow{VrrpState::kBackup, VrrpEvent::kRecvPriorityZero, VrrpState::kBackup, kArmSkew},
    // §6.4.2 "If Preempt_Mode is False, or if the Priority in the ADVERTISEMENT is greater
    // than or equal to the local Priority: Set Master_Adver_Interval ..., Reset the
    // Master_Down_Timer to Master_Down_Interval".
    VrrpRow{VrrpState::kBackup, VrrpEvent::kRecvPreferred, VrrpState::kBackup,
            kCancelPreemptDelay | kLearnInterval | kArmMasterDown},
    // §6.4.2 "Else (Priority less than the local Priority and Preempt_Mode True): Discard the
    // ADVERTISEMENT" - the Master_Down_Timer then fires and this router preempts.
    VrrpRow{VrrpState::kBackup, VrrpEvent::kRecvLower, VrrpState::kBackup, kNone},
    // Cisco `preempt delay minimum S`: keep following the lower-priority master until the
    // delay has passed since its first advert, then take over.
    VrrpRow{VrrpState::kBackup, VrrpEvent::kRecvLowerDelayed, VrrpState::kBackup,
            kLearnInterval | kArmMasterDown | kStartPreemptDelay},
    VrrpRow{VrrpState::kBackup, VrrpEvent::kPreemptDelayExpired, VrrpState::kMaster,
            kCancelMasterDown | kBecomeMaster},
    // §6.4.3 "If a Shutdown event is received, then: Cancel the Adver_Timer, Send an
    // ADVERTISEMENT with Priority = 0, Transition to the {Initialize} state".
    VrrpRow{VrrpState::kMaster, VrrpEvent::kShutdown, VrrpState::kInitialize,
            kCancelAdver | kSendPriorityZero | kDelAddresses},
    // §6.4.3 "If the Adver_Timer fires, then: Send an ADVERTISEMENT, Reset the Adver_Timer".
    VrrpRow{VrrpState::kMaster, VrrpEvent::kAdverExpired, VrrpState::kMaster,
            kSendAdvert | kArmAdver},
    // §6.4.3 "If the Priority in the ADVERTISEMENT is zero, then: Send an ADVERTISEMENT, Reset
    // the Adver_Timer".
    VrrpRow{VrrpState::kMaster, VrrpEvent::kRecvPriorityZero, VrrpState::kMaster,
            kSendAdvert | kArmAdver},
    // §6.4.3 "If the Priority in the ADVERTISEMENT is greater than the local Priority, or ...
    // equal ... and the primary IPvX Address of the sender is greater ...: Cancel Adver_Timer,
    // Set Master_Adver_Interval, ... Set Master_Down_Timer ..., Transition to {Backup}".
    VrrpRow{VrrpState::kMaster, VrrpEvent::kRecvPreferred, VrrpState::kBackup,
            kCancelAdver | kDelAddresses | kLearnInterval | kArmMasterDown},
    // §6.4.3 "else: Discard ADVERTISEMENT".
    VrrpRow{VrrpState::kMaster, VrrpEvent::kRecvLower, VrrpState::kMaster, kNone},
};

constexpr std::optional<VrrpRow> Lookup(VrrpState s, VrrpEvent e) {
  for (const VrrpRow& r : kVrrpTable) {
    if (r.from == s && r.on == e) {
      return r;
    }
  }
  return std::nullopt;
}

static_assert(!Lookup(VrrpState::kInitialize, VrrpEvent::kRecvPreferred),
              "§6.4.1: Initialize ignores adverts");
static_assert(!Lookup(VrrpState::kMaster, VrrpEvent::kMasterDownExpired),
              "a master has no Master_Down_Timer");

}  // namespace mc::vrrp
