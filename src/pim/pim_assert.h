// The RFC 7761 §4.6 Assert machinery as data: the per-interface (S,G) assert state machine
// (§4.6.1) and (*,G) assert state machine (§4.6.2) as transition tables in the tib_fsm.h style,
// their actions A1..A6, and the assert metrics with their ordering (§4.6.3), including the
// infinite metric an AssertCancel carries (§4.6.4). The engine (pim_assert.cc) evaluates the
// §4.6.5 macros (CouldAssert, AssertTrackingDesired, lost_assert, my_assert_metric), classifies
// each received Assert (preferred / acceptable / inferior, from the current winner or not), looks
// up the row for (state, event), performs its action and sets the new state. A pair with no row
// is one the RFC leaves unchanged.
// Leaves out: PIM-DM's State Refresh rows (RFC 3973) and the (*,*,RP) rows of RFC 4601.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/ipv4.h"
#include "base/time.h"

namespace mc::pim {

// RFC 7761 §4.11 timer values.
inline constexpr Duration kAssertTime = std::chrono::seconds{180};
inline constexpr Duration kAssertOverrideInterval = std::chrono::seconds{3};

enum class AssertState : std::uint8_t {
  kNoInfo,  // NI
  kWinner,  // "I am Assert Winner" (W)
  kLoser,   // "I am Assert Loser" (L)
};

// Events of §4.6.1 and §4.6.2. The engine raises the (S,G)-only events (kRecvRptAssertCouldAssert,
// kRecvJoin for (S,G) joins) and the (*,G) ones for the matching machine only; one table per
// machine holds the rows the RFC gives it.
enum class AssertEvent : std::uint8_t {
  // NoInfo state.
  kRecvInferiorAssertCouldAssert,  // inferior Assert (RPTbit clear for (S,G), set for (*,G))
                                   //   AND CouldAssert(X,I)
  kRecvRptAssertCouldAssert,       // (S,G) only: Assert with RPTbit set AND CouldAssert(S,G,I)
  kDataArrivesCouldAssert,         // data arrives on I AND CouldAssert(X,I)
  kRecvAcceptableAssertTracking,   // acceptable Assert AND AssertTrackingDesired(X,I)
  // Winner and Loser states.
  kRecvInferiorAssert,              // W: an Assert worse than ours
  kRecvPreferredAssert,             // W, L: better than the current winner's metric
  kAssertTimerExpires,              // W, L: AT expires
  kCouldAssertFalse,                // W: CouldAssert(X,I) -> FALSE
  kRecvAcceptableAssertFromWinner,  // L: from the winner, still better than my_assert_metric
  kRecvInferiorAssertFromWinner,    // L: from the winner, worse (an AssertCancel included)
  kWinnerGenIdChangedOrNltExpired,  // L: the current winner rebooted or timed out
  kAssertTrackingDesiredFalse,      // L: AssertTrackingDesired(X,I) -> FALSE
  kMyMetricBetterThanWinner,        // L: my_assert_metric -> better than the winner's
  kRpfInterfaceStopsBeingI,         // L: RPF_interface(S) / RPF_interface(RP(G)) stops being I
  kRecvJoin,                        // L: Join(S,G) / Join(*,G) to me on I
};

enum class AssertAction : std::uint8_t {
  kNone,
  // A1: send Assert(X); AT = Assert_Time - Assert_Override_Interval; winner = me, winner metric
  // = spt_assert_metric(S,I) / rpt_assert_metric(G,I).
  kA1,
  // A2: winner and winner metric = the Assert's sender and metric; AT = Assert_Time.
  kA2,
  // A3: send Assert(X); AT = Assert_Time - Assert_Override_Interval.
  kA3,
  // A4: send AssertCancel(X); delete the assert information.
  kA4,
  // A5: delete the assert information.
  kA5,
  // A6 ((S,G) only): A2, and if I is RPF_interface(S) and UpstreamJPState(S,G) is Joined, set
  // SPTbit(S,G).
  kA6,
};

struct AssertRow {
  AssertState from;
  AssertEvent on;
  AssertState to;
  AssertAction action;
};

// §4.6.1, Figure "Per-(S,G) Assert State Machine" and its tables.
inline constexpr std::array kSgAssert = {
    AssertRow{AssertState::kNoInfo, AssertEvent::kRecvInferiorAssertCouldAssert,
              AssertState::kWinner, AssertAction::kA1},
    AssertRow{AssertState::kNoInfo, AssertEvent::kRecvRptAssertCouldAssert, AssertState::kWinner,
              AssertAction::kA1},
    AssertRow{AssertState::kNoInfo, AssertEvent::kDataArrivesCouldAssert, AssertState::kWinner,
              AssertAction::kA1},
    AssertRow{AssertState::kNoInfo, AssertEvent::kRecvAcceptableAssertTracking, AssertState::kLoser,
              AssertAction::kA6},
    AssertRow{AssertState::kWinner, AssertEvent::kRecvInferiorAssert, AssertState::kWinner,
              AssertAction::kA3},
    AssertRow{AssertState::kWinner, AssertEvent::kRecvPreferredAssert, AssertState::kLoser,
              AssertAction::kA2},
    AssertRow{AssertState::kWinner, AssertEvent::kAssertTimerExpires, AssertState::kWinner,
              AssertAction::kA3},
    AssertRow{AssertState::kWinner, AssertEvent::kCouldAssertFalse, AssertState::kNoInfo,
              AssertAction::kA4},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvPreferredAssert, AssertState::kLoser,
              AssertAction::kA2},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvAcceptableAssertFromWinner,
              AssertState::kLoser, AssertAction::kA2},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvInferiorAssertFromWinner, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kAssertTimerExpires, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kWinnerGenIdChangedOrNltExpired,
              AssertState::kNoInfo, AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kAssertTrackingDesiredFalse, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kMyMetricBetterThanWinner, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kRpfInterfaceStopsBeingI, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvJoin, AssertState::kNoInfo, AssertAction::kA5},
};

// §4.6.2, Figure "Per-(*,G) Assert State Machine": the same shape without the RPTbit-set row of
// NoInfo, and NoInfo -> Loser takes A2 (there is no SPTbit to set).
inline constexpr std::array kStarGAssert = {
    AssertRow{AssertState::kNoInfo, AssertEvent::kRecvInferiorAssertCouldAssert,
              AssertState::kWinner, AssertAction::kA1},
    AssertRow{AssertState::kNoInfo, AssertEvent::kDataArrivesCouldAssert, AssertState::kWinner,
              AssertAction::kA1},
    AssertRow{AssertState::kNoInfo, AssertEvent::kRecvAcceptableAssertTracking, AssertState::kLoser,
              AssertAction::kA2},
    AssertRow{AssertState::kWinner, AssertEvent::kRecvInferiorAssert, AssertState::kWinner,
              AssertAction::kA3},
    AssertRow{AssertState::kWinner, AssertEvent::kRecvPreferredAssert, AssertState::kLoser,
              AssertAction::kA2},
    AssertRow{AssertState::kWinner, AssertEvent::kAssertTimerExpires, AssertState::kWinner,
              AssertAction::kA3},
    AssertRow{AssertState::kWinner, AssertEvent::kCouldAssertFalse, AssertState::kNoInfo,
              AssertAction::kA4},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvPreferredAssert, AssertState::kLoser,
              AssertAction::kA2},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvAcceptableAssertFromWinner,
              AssertState::kLoser, AssertAction::kA2},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvInferiorAssertFromWinner, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kAssertTimerExpires, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kWinnerGenIdChangedOrNltExpired,
              AssertState::kNoInfo, AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kAssertTrackingDesiredFalse, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kMyMetricBetterThanWinner, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kRpfInterfaceStopsBeingI, AssertState::kNoInfo,
              AssertAction::kA5},
    AssertRow{AssertState::kLoser, AssertEvent::kRecvJoin, AssertState::kNoInfo, AssertAction::kA5},
};

// star_g selects the §4.6.2 table.
constexpr std::optional<AssertRow> LookupAssert(bool star_g, AssertState s, AssertEvent e) {
  if (star_g) {
    for (const AssertRow& r : kStarGAssert) {
      if (r.from == s && r.on == e) {
        return r;
      }
    }
    return std::nullopt;
  }
  for (const AssertRow& r : kSgAssert) {
    if (r.from == s && r.on == e) {
      return r;
    }
  }
  return std::nullopt;
}
static_assert(!LookupAssert(true, AssertState::kNoInfo, AssertEvent::kRecvRptAssertCouldAssert),
              "§4.6.2: the (*,G) machine has no RPTbit-set row of its own");
static_assert(!LookupAssert(false, AssertState::kWinner, AssertEvent::kDataArrivesCouldAssert),
              "§4.6.1: data on I in Winner state changes nothing (the AT keeps the pace)");

// §4.6.3 assert_metric. Preferred is: the RPT bit clear, then the lower metric preference, then
// the lower route metric, then the higher IP address.
struct AssertMetric {
  bool rpt_bit = true;
  std::uint32_t metric_preference = 0x7FFFFFFF;  // 31 bits on the wire; the maximum is infinity
  std::uint32_t route_metric = 0xFFFFFFFF;
  Ipv4 address;
  bool operator==(const AssertMetric&) const = default;
};

inline constexpr std::uint32_t kInfinitePreference = 0x7FFFFFFF;
inline constexpr std::uint32_t kInfiniteMetric = 0xFFFFFFFF;

// §4.6.3 infinite_assert_metric(): {1, infinity, infinity, 0}.
constexpr AssertMetric InfiniteAssertMetric() { return {}; }

constexpr bool IsInfinite(const AssertMetric& m) {
  return m.rpt_bit && m.metric_preference == kInfinitePreference &&
         m.route_metric == kInfiniteMetric;
}

// "a is better than b" (§4.6.3 "Assert Metrics": the comparison order above). An infinite
// metric is never better (§4.6.4): an AssertCancel, whatever address it carries, must stay
// inferior to the infinite my_assert_metric of a router that only tracks the winner.
constexpr bool Better(const AssertMetric& a, const AssertMetric& b) {
  if (IsInfinite(a)) {
    return false;
  }
  if (a.rpt_bit != b.rpt_bit) {
    return !a.rpt_bit;
  }
  if (a.metric_preference != b.metric_preference) {
    return a.metric_preference < b.metric_preference;
  }
  if (a.route_metric != b.route_metric) {
    return a.route_metric < b.route_metric;
  }
  return b.address < a.address;
}

std::string_view ToString(AssertState s);
std::string_view ToString(AssertEvent e);  // the RFC cell, e.g. "RecvPreferredAssert"

}  // namespace mc::pim
