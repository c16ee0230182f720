// The RFC 7761 §4.5 per-interface and upstream Join/Prune state machines as transition tables
// (STYLE-EXAMPLES E4): downstream (*,G) §4.5.1, (S,G) §4.5.2, (S,G,rpt) §4.5.3; upstream (*,G)
// §4.5.4, (S,G) §4.5.5, (S,G,rpt) §4.5.7. Pure data: the engine (pim_tib.cc) looks up the row for
// (state, event), performs the actions (timers, messages) and sets the new state. A pair with no
// row is one the RFC leaves unchanged ("-" in its tables).
// Leaves out: the (*,*,RP) machines of RFC 4601 (removed by RFC 7761).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mc::pim {

// ---- Downstream (*,G) and (S,G): RFC 7761 §4.5.1 and §4.5.2 share one table. ----
enum class DsState : std::uint8_t { kNoInfo, kJoin, kPrunePending };
enum class DsEvent : std::uint8_t { kRecvJoin, kRecvPrune, kPptExpired, kEtExpired };
enum DsAction : std::uint8_t {
  kDsNone = 0,
  kDsStartEt = 1,   // Expiry Timer = HoldTime of the message
  kDsRaiseEt = 2,   // ET = max(ET, HoldTime)
  kDsStartPpt = 4,  // Prune-Pending Timer = J/P_Override_Interval (0 with one neighbor)
  kDsCancelPpt = 8,
  kDsCancelEt = 16,
  kDsPruneEcho = 32,  // PPT expiry on a LAN: send a PruneEcho (only with >1 neighbor)
};
struct DsRow {
  DsState from;
  DsEvent on;
  DsState to;
  std::uint8_t actions;
};
inline constexpr std::array kDownstream = {
    DsRow{DsState::kNoInfo, DsEvent::kRecvJoin, DsState::kJoin, kDsStartEt},
    DsRow{DsState::kJoin, DsEvent::kRecvJoin, DsState::kJoin, kDsRaiseEt},
    DsRow{DsState::kJoin, DsEvent::kRecvPrune, DsState::kPrunePending, kDsStartPpt},
    DsRow{DsState::kJoin, DsEvent::kEtExpired, DsState::kNoInfo, kDsNone},
    DsRow{DsState::kPrunePending, DsEvent::kRecvJoin, DsState::kJoin, kDsCancelPpt | kDsRaiseEt},
    DsRow{DsState::kPrunePending, DsEvent::kPptExpired, DsState::kNoInfo,
          kDsCancelEt | kDsPruneEcho},
    DsRow{DsState::kPrunePending, DsEvent::kEtExpired, DsState::kNoInfo, kDsCancelPpt},
};
constexpr std::optional<DsRow> Lookup(DsState s, DsEvent e) {
  for (const DsRow& r : kDownstream) {
    if (r.from == s && r.on == e) {
      return r;
    }
  }
  return std::nullopt;
}
static_assert(!Lookup(DsState::kNoInfo, DsEvent::kRecvPrune), "§4.5.2: Prune in NoInfo is a no-op");

// ---- Downstream (S,G,rpt): RFC 7761 §4.5.3. ----
enum class RptDsState : std::uint8_t {
  kNoInfo,
  kPrune,
  kPrunePending,
  kPruneTmp,
  kPrunePendingTmp
};
enum class RptDsEvent : std::uint8_t {
  kRecvJoinStarG,  // Receive Join(*,G) in the same message (before End of Message)
  kRecvJoinSgRpt,
  kRecvPruneSgRpt,
  kEndOfMessage,
  kPptExpired,
  kEtExpired,
};
enum RptDsAction : std::uint8_t {
  kRptNone = 0,
  kRptStartEt = 1,  // ET = HoldTime
  kRptRaiseEt = 2,  // ET = max(ET, HoldTime)
  kRptStartPpt = 4,
  kRptCancelPpt = 8,
  kRptCancelEt = 16,
};
struct RptDsRow {
  RptDsState from;
  RptDsEvent on;
  RptDsState to;
  std::uint8_t actions;
};
inline constexpr std::array kRptDownstream = {
    RptDsRow{RptDsState::kNoInfo, RptDsEvent::kRecvPruneSgRpt, RptDsState::kPrunePending,
             kRptStartPpt | kRptStartEt},
    RptDsRow{RptDsState::kPrune, RptDsEvent::kRecvJoinStarG, RptDsState::kPruneTmp, kRptNone},
    RptDsRow{RptDsState::kPrune, RptDsEvent::kRecvJoinSgRpt, RptDsState::kNoInfo, kRptCancelEt},
    RptDsRow{RptDsState::kPrune, RptDsEvent::kRecvPruneSgRpt, RptDsState::kPrune, kRptRaiseEt},
    RptDsRow{RptDsState::kPrune, RptDsEvent::kEtExpired, RptDsState::kNoInfo, kRptNone},
    RptDsRow{RptDsState::kPrunePending, RptDsEvent::kRecvJoinStarG, RptDsState::kPrunePendingTmp,
             kRptNone},
    RptDsRow{RptDsState::kPrunePending, RptDsEvent::kRecvJoinSgRpt, RptDsState::kNoInfo,
             kRptCancelPpt | kRptCancelEt},
    RptDsRow{RptDsState::kPrunePending, RptDsEvent::kPptExpired, RptDsState::kPrune, kRptNone},
    RptDsRow{RptDsState::kPrunePending, RptDsEvent::kEtExpired, RptDsState::kNoInfo, kRptCancelPpt},
    RptDsRow{RptDsState::kPruneTmp, RptDsEvent::kRecvPruneSgRpt, RptDsState::kPrune, kRptRaiseEt},
    RptDsRow{RptDsState::kPruneTmp, RptDsEvent::kEndOfMessage, RptDsState::kNoInfo, kRptCancelEt},
    RptDsRow{RptDsState::kPrunePendingTmp, RptDsEvent::kRecvPruneSgRpt, RptDsState::kPrunePending,
             kRptRaiseEt},
    RptDsRow{RptDsState::kPrunePendingTmp, RptDsEvent::kEndOfMessage, RptDsState::kNoInfo,
             kRptCancelPpt | kRptCancelEt},
};
constexpr std::optional<RptDsRow> Lookup(RptDsState s, RptDsEvent e) {
  for (const RptDsRow& r : kRptDownstream) {
    if (r.from == s && r.on == e) {
      return r;
    }
  }
  return std::nullopt;
}
static_assert(!Lookup(RptDsState::kNoInfo, RptDsEvent::kRecvJoinStarG),
              "§4.5.3: Join(*,G) in NoInfo leaves (S,G,rpt) NoInfo");

// ---- Upstream (*,G) and (S,G): RFC 7761 §4.5.4 and §4.5.5. ----
enum class UsState : std::uint8_t { kNotJoined, kJoined };
enum class UsEvent : std::uint8_t {
  kJoinDesiredTrue,
  kJoinDesiredFalse,
  kJoinTimerExpired,
  kSeeJoinToRpfPrime,      // Join(*,G) / Join(S,G) to RPF' on the upstream LAN
  kSeePruneToRpfPrime,     // Prune(*,G) / Prune(S,G) / Prune(S,G,rpt) / Prune(*,G) to RPF'(S,G)
  kRpfPrimeChangedAssert,  // RPF' changes because of an Assert
  kRpfPrimeChanged,        // RPF' changes for any other reason (MRIB, RP)
  kRpfPrimeGenIdChanged,   // the upstream neighbor rebooted
};
enum UsAction : std::uint8_t {
  kUsNone = 0,
  kUsSendJoin = 1,    // to RPF'
  kUsSendPrune = 2,   // to RPF'
  kUsJtPeriodic = 4,  // JT = t_periodic
  kUsCancelJt = 8,
  kUsJtRaiseSuppress = 16,  // JT = max(JT, t_joinsuppress)
  kUsJtLowerOverride = 32,  // JT = min(JT, t_override)
  kUsSendJoinNewPruneOld = 64,
};
struct UsRow {
  UsState from;
  UsEvent on;
  UsState to;
  std::uint8_t actions;
};
inline constexpr std::array kUpstream = {
    UsRow{UsState::kNotJoined, UsEvent::kJoinDesiredTrue, UsState::kJoined,
          kUsSendJoin | kUsJtPeriodic},
    UsRow{UsState::kJoined, UsEvent::kJoinDesiredFalse, UsState::kNotJoined,
          kUsSendPrune | kUsCancelJt},
    UsRow{UsState::kJoined, UsEvent::kJoinTimerExpired, UsState::kJoined,
          kUsSendJoin | kUsJtPeriodic},
    UsRow{UsState::kJoined, UsEvent::kSeeJoinToRpfPrime, UsState::kJoined, kUsJtRaiseSuppress},
    UsRow{UsState::kJoined, UsEvent::kSeePruneToRpfPrime, UsState::kJoined, kUsJtLowerOverride},
    UsRow{UsState::kJoined, UsEvent::kRpfPrimeChangedAssert, UsState::kJoined, kUsJtLowerOverride},
    UsRow{UsState::kJoined, UsEvent::kRpfPrimeChanged, UsState::kJoined,
          kUsSendJoinNewPruneOld | kUsJtPeriodic},
    UsRow{UsState::kJoined, UsEvent::kRpfPrimeGenIdChanged, UsState::kJoined, kUsJtLowerOverride},
};
constexpr std::optional<UsRow> Lookup(UsState s, UsEvent e) {
  for (const UsRow& r : kUpstream) {
    if (r.from == s && r.on == e) {
      return r;
    }
  }
  return std::nullopt;
}
static_assert(!Lookup(UsState::kNotJoined, UsEvent::kSeePruneToRpfPrime),
              "§4.5.4: NotJoined ignores what it sees on the LAN");

// ---- Upstream (S,G,rpt): RFC 7761 §4.5.7. ----
enum class RptUsState : std::uint8_t { kRptNotJoined, kPruned, kNotPruned };
enum class RptUsEvent : std::uint8_t {
  kPruneDesiredTrue,
  kPruneDesiredFalse,
  kRptJoinDesiredFalse,
  kInheritedOlistNonNull,  // inherited_olist(S,G,rpt) -> non-NULL
  kOverrideTimerExpired,
  kSeePruneSgRptToRpfPrime,
  kSeeJoinSgRptToRpfPrime,
  kSeePruneSgToRpfPrime,
  kRpfPrimeSgRptToStarG,  // RPF'(S,G,rpt) -> RPF'(*,G)
};
enum RptUsAction : std::uint8_t {
  kRptUsNone = 0,
  kRptUsSendPrune = 1,  // Prune(S,G,rpt) to RPF'(S,G,rpt)
  kRptUsSendJoin = 2,   // Join(S,G,rpt) to RPF'(S,G,rpt)
  kRptUsCancelOt = 4,
  kRptUsOtLowerOverride = 8,  // OT = min(OT, t_override)
};
struct RptUsRow {
  RptUsState from;
  RptUsEvent on;
  RptUsState to;
  std::uint8_t actions;
};
inline constexpr std::array kRptUpstream = {
    RptUsRow{RptUsState::kRptNotJoined, RptUsEvent::kPruneDesiredTrue, RptUsState::kPruned,
             kRptUsNone},
    RptUsRow{RptUsState::kRptNotJoined, RptUsEvent::kInheritedOlistNonNull, RptUsState::kNotPruned,
             kRptUsNone},
    RptUsRow{RptUsState::kPruned, RptUsEvent::kPruneDesiredFalse, RptUsState::kNotPruned,
             kRptUsSendJoin},
    RptUsRow{RptUsState::kPruned, RptUsEvent::kRptJoinDesiredFalse, RptUsState::kRptNotJoined,
             kRptUsNone},
    RptUsRow{RptUsState::kNotPruned, RptUsEvent::kPruneDesiredTrue, RptUsState::kPruned,
             kRptUsSendPrune | kRptUsCancelOt},
    RptUsRow{RptUsState::kNotPruned, RptUsEvent::kRptJoinDesiredFalse, RptUsState::kRptNotJoined,
             kRptUsCancelOt},
    RptUsRow{RptUsState::kNotPruned, RptUsEvent::kOverrideTimerExpired, RptUsState::kNotPruned,
             kRptUsSendJoin},
    RptUsRow{RptUsState::kNotPruned, RptUsEvent::kSeePruneSgRptToRpfPrime, RptUsState::kNotPruned,
             kRptUsOtLowerOverride},
    RptUsRow{RptUsState::kNotPruned, RptUsEvent::kSeeJoinSgRptToRpfPrime, RptUsState::kNotPruned,
             kRptUsCancelOt},
    RptUsRow{RptUsState::kNotPruned, RptUsEvent::kSeePruneSgToRpfPrime, RptUsState::kNotPruned,
             kRptUsOtLowerOverride},
    RptUsRow{RptUsState::kNotPruned, RptUsEvent::kRpfPrimeSgRptToStarG, RptUsState::kNotPruned,
             kRptUsOtLowerOverride},
};
constexpr std::optional<RptUsRow> Lookup(RptUsState s, RptUsEvent e) {
  for (const RptUsRow& r : kRptUpstream) {
    if (r.from == s && r.on == e) {
      return r;
    }
  }
  return std::nullopt;
}

std::string_view ToString(DsState s);
std::string_view ToString(RptDsState s);
std::string_view ToString(UsState s);
std::string_view ToString(RptUsState s);

}  // namespace mc::pim
