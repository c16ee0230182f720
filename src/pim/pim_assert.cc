// The PIM Assert mechanism (RFC 7761 §4.6): Assert receive processing with the §4.6.1 / §4.6.2
// event classification (preferred, acceptable, inferior; from the current winner or not), the
// per-(S,G,I) and per-(*,G,I) machines driven from pim_assert.h, their actions A1..A6 with the
// Assert Timer (Assert_Time, Assert_Time - Assert_Override_Interval), AssertCancel (§4.6.4), the
// assert metrics (§4.6.3: the MRIB route's preference and metric toward S or RP(G), the
// interface address), the §4.6.5 macros (CouldAssert, AssertTrackingDesired, lost_assert,
// AssertWinner) and RPF' following the upstream assert winner (§4.1.6: RPF'(*,G), RPF'(S,G),
// RPF'(S,G,rpt), with the §4.5 "RPF' changes due to an Assert" events). The level-triggered
// events (CouldAssert -> FALSE, AssertTrackingDesired -> FALSE, my_metric -> better, RPF
// interface moves away) are evaluated once per reconcile step.
// "Data arrives on I" is the dataplane's kWrongIif upcall; Linux (and the emulator's MFC model)
// raise at most one per entry per MFC_ASSERT_THRESH (3 s), and only NoInfo answers data with an
// Assert, so data cannot make the router send Asserts faster than that (§4.6.6 rationale).
// Leaves out: PIM-DM's State Refresh interplay (RFC 3973); no engine-side Assert rate limit
// beyond the above (received Asserts are answered one for one, as the tables say).
#include <algorithm>
#include <utility>

#include "pim/pim_engine.h"
#include "wire/ip.h"

namespace mc::pim {

namespace {

bool Has(const PimEngine::IfSet& s, IfIndex i) { return std::binary_search(s.begin(), s.end(), i); }

wire::PimAssert AssertMessage(Ipv4 group, Ipv4 source, const AssertMetric& m) {
  return wire::PimAssert{.group = {.group = group},
                         .source = source,
                         .rpt = m.rpt_bit,
                         .metric_preference = std::min(m.metric_preference, kInfinitePreference),
                         .metric = m.route_metric};
}

}  // namespace

std::string_view ToString(AssertState s) {
  switch (s) {
    case AssertState::kNoInfo:
      return "NoInfo";
    case AssertState::kWinner:
      return "Winner";
    case AssertState::kLoser:
      return "Loser";
  }
  return "?";
}

std::string_view ToString(AssertEvent e) {
  switch (e) {
    case AssertEvent::kRecvInferiorAssertCouldAssert:
      return "RecvInferiorAssertAndCouldAssert";
    case AssertEvent::kRecvRptAssertCouldAssert:
      return "RecvAssertWithRptBitAndCouldAssert";
    case AssertEvent::kDataArrivesCouldAssert:
      return "DataArrivesAndCouldAssert";
    case AssertEvent::kRecvAcceptableAssertTracking:
      return "RecvAcceptableAssertAndAssertTrackingDesired";
    case AssertEvent::kRecvInferiorAssert:
      return "RecvInferiorAssert";
    case AssertEvent::kRecvPreferredAssert:
      return "RecvPreferredAssert";
    case AssertEvent::kAssertTimerExpires:
      return "AssertTimerExpires";
    case AssertEvent::kCouldAssertFalse:
      return "CouldAssertFalse";
    case AssertEvent::kRecvAcceptableAssertFromWinner:
      return "RecvAcceptableAssertFromCurrentWinner";
    case AssertEvent::kRecvInferiorAssertFromWinner:
      return "RecvInferiorAssertOrAssertCancelFromCurrentWinner";
    case AssertEvent::kWinnerGenIdChangedOrNltExpired:
      return "CurrentWinnerGenIdChangesOrNltExpires";
    case AssertEvent::kAssertTrackingDesiredFalse:
      return "AssertTrackingDesiredFalse";
    case AssertEvent::kMyMetricBetterThanWinner:
      return "MyMetricBetterThanWinnerMetric";
    case AssertEvent::kRpfInterfaceStopsBeingI:
      return "RpfInterfaceStopsBeingI";
    case AssertEvent::kRecvJoin:
      return "RecvJoinOnI";
  }
  return "?";
}

// ---- §4.6.3 metrics and §4.6.5 macros ----

IfIndex PimEngine::RpfInterfaceOf(const Sg& sg) const {
  Ipv4 target = sg.source;
  if (sg.IsStarG()) {
    const std::optional<Ipv4> rp = RpOf(sg.group);
    if (!rp || IsMyAddress(*rp)) {
      return {};
    }
    target = *rp;
  }
  const std::optional<RpfInfo> rpf = mrib_.Lookup(target);
  return rpf ? rpf->iif : IfIndex{};
}

AssertMetric PimEngine::SptAssertMetric(Ipv4 source, IfIndex ifx) const {
  const std::optional<RpfInfo> rpf = mrib_.Lookup(source);
  if (!rpf) {
    return InfiniteAssertMetric();
  }
  return {.rpt_bit = false,
          .metric_preference = std::min(rpf->metric_preference, kInfinitePreference),
          .route_metric = rpf->metric,
          .address = AddressOn(ifx)};
}

AssertMetric PimEngine::RptAssertMetric(Ipv4 group, IfIndex ifx) const {
  const std::optional<Ipv4> rp = RpOf(group);
  const std::optional<RpfInfo> rpf = rp ? mrib_.Lookup(*rp) : std::nullopt;
  if (!rpf) {
    return InfiniteAssertMetric();
  }
  return {.rpt_bit = true,
          .metric_preference = std::min(rpf->metric_preference, kInfinitePreference),
          .route_metric = rpf->metric,
          .address = AddressOn(ifx)};
}

// my_assert_metric(S,G,I): the SPT metric when CouldAssert(S,G,I), else the RPT metric when
// CouldAssert(*,G,I), else infinite. The (*,G) machine uses the RPT branch alone.
AssertMetric PimEngine::MyAssertMetric(const Sg& sg, IfIndex ifx) const {
  if (!sg.IsStarG() && CouldAssert(sg, ifx)) {
    return SptAssertMetric(sg.source, ifx);
  }
  if (CouldAssert(Sg{{}, sg.group}, ifx)) {
    return RptAssertMetric(sg.group, ifx);
  }
  return InfiniteAssertMetric();
}

const PimEngine::AssertIf* PimEngine::FindAssert(const Sg& sg, IfIndex ifx) const {
  const Entry* e = Find(sg);
  if (e == nullptr) {
    return nullptr;
  }
  const auto it = std::lower_bound(e->asserts.begin(), e->asserts.end(), ifx,
                                   [](const AssertIf& a, IfIndex i) { return a.ifx < i; });
  return it != e->asserts.end() && it->ifx == ifx ? &*it : nullptr;
}

AssertState PimEngine::AssertStateOf(const Sg& sg, IfIndex ifx) const {
  const AssertIf* a = FindAssert(sg, ifx);
  return a ? a->state : AssertState::kNoInfo;
}

std::optional<Ipv4> PimEngine::AssertWinner(const Sg& sg, IfIndex ifx) const {
  const AssertIf* a = FindAssert(sg, ifx);
  return a ? std::optional<Ipv4>(a->winner) : std::nullopt;
}

std::optional<AssertMetric> PimEngine::AssertWinnerMetric(const Sg& sg, IfIndex ifx) const {
  const AssertIf* a = FindAssert(sg, ifx);
  return a ? std::optional<AssertMetric>(a->winner_metric) : std::nullopt;
}

bool PimEngine::AssertWinnerIsMe(const Sg& sg, IfIndex ifx) const {
  return AssertStateOf(sg, ifx) == AssertState::kWinner;
}

// lost_assert(*,G,I): never on RPF_interface(RP(G)); else AssertWinner(*,G,I) is someone else.
// lost_assert(S,G,I): never on RPF_interface(S); else the winner is someone else AND its metric
// beats spt_assert_metric(S,I).
bool PimEngine::LostAssert(const Sg& sg, IfIndex ifx) const {
  const AssertIf* a = FindAssert(sg, ifx);
  if (a == nullptr || a->state != AssertState::kLoser || RpfInterfaceOf(sg) == ifx) {
    return false;
  }
  return sg.IsStarG() || Better(a->winner_metric, SptAssertMetric(sg.source, ifx));
}

// lost_assert(S,G,rpt,I): never on RPF_interface(RP(G)), nor on RPF_interface(S) with SPTbit.
bool PimEngine::LostAssertSgRpt(const Sg& sg, IfIndex ifx) const {
  const AssertIf* a = FindAssert(sg, ifx);
  if (a == nullptr || a->state != AssertState::kLoser || RpfInterfaceOf(Sg{{}, sg.group}) == ifx) {
    return false;
  }
  return !(RpfInterfaceOf(sg) == ifx && SptBit(sg));
}

PimEngine::IfSet PimEngine::LostAssertSet(const Sg& sg) const {
  IfSet out;
  if (const Entry* e = Find(sg)) {
    for (const AssertIf& a : e->asserts) {
      if (LostAssert(sg, a.ifx)) {
        out.push_back(a.ifx);
      }
    }
  }
  return out;
}

// CouldAssert(S,G,I) = SPTbit(S,G) AND RPF_interface(S) != I AND I in
//   ( ( joins(*,G) (-) prunes(S,G,rpt) ) (+) ( pim_include(*,G) (-) pim_exclude(S,G) )
//     (-) lost_assert(*,G) (+) joins(S,G) (+) pim_include(S,G) )
// CouldAssert(*,G,I) = I in ( joins(*,G) (+) pim_include(*,G) ) AND RPF_interface(RP(G)) != I
bool PimEngine::CouldAssert(const Sg& sg, IfIndex ifx) const {
  const Sg star{{}, sg.group};
  if (sg.IsStarG()) {
    return Find(star) != nullptr && (Has(Joins(star), ifx) || Has(PimInclude(star), ifx)) &&
           RpfInterfaceOf(star) != ifx;
  }
  if (!SptBit(sg) || RpfInterfaceOf(sg) == ifx) {
    return false;
  }
  if (Has(Joins(sg), ifx) || Has(PimInclude(sg), ifx)) {
    return true;
  }
  const bool via_star = (Has(Joins(star), ifx) && !Has(PrunesSgRpt(sg), ifx)) ||
                        (Has(PimInclude(star), ifx) && !Has(PimExclude(sg), ifx));
  return via_star && !LostAssert(star, ifx);
}

// AssertTrackingDesired(S,G,I) =
//   (I in ( ( joins(*,G) (-) prunes(S,G,rpt) ) (+) ( pim_include(*,G) (-) pim_exclude(S,G) )
//           (-) lost_assert(*,G) (+) joins(S,G) ) )
//   OR (local_receiver_include(S,G,I) AND (I_am_DR(I) OR AssertWinner(S,G,I) == me))
//   OR (RPF_interface(S) == I AND JoinDesired(S,G))
//   OR (RPF_interface(RP(G)) == I AND JoinDesired(*,G) AND SPTbit(S,G) == FALSE)
// AssertTrackingDesired(*,G,I) = CouldAssert(*,G,I)
//   OR (local_receiver_include(*,G,I) AND (I_am_DR(I) OR AssertWinner(*,G,I) == me))
//   OR (RPF_interface(RP(G)) == I AND RPTJoinDesired(G))
bool PimEngine::AssertTrackingDesired(const Sg& sg, IfIndex ifx) const {
  const Sg star{{}, sg.group};
  const bool local = LocalReceiverInclude(sg, ifx) && (IAmDr(ifx) || AssertWinnerIsMe(sg, ifx));
  if (sg.IsStarG()) {
    return CouldAssert(star, ifx) || local ||
           (RpfInterfaceOf(star) == ifx && RptJoinDesired(sg.group));
  }
  const bool via_star = (Has(Joins(star), ifx) && !Has(PrunesSgRpt(sg), ifx)) ||
                        (Has(PimInclude(star), ifx) && !Has(PimExclude(sg), ifx));
  if ((via_star && !LostAssert(star, ifx)) || Has(Joins(sg), ifx) || local) {
    return true;
  }
  if (RpfInterfaceOf(sg) == ifx && JoinDesired(sg)) {
    return true;
  }
  return RpfInterfaceOf(star) == ifx && JoinDesired(star) && !SptBit(sg);
}

// §4.1.6: RPF'(S,G) / RPF'(*,G) is AssertWinner(X, RPF_interface) when I_Am_Assert_Loser there.
std::optional<Ipv4> PimEngine::AssertRpfWinner(const Sg& sg, IfIndex rpf_if) const {
  const AssertIf* a = FindAssert(sg, rpf_if);
  if (a == nullptr || a->state != AssertState::kLoser) {
    return std::nullopt;
  }
  return a->winner;
}

// §4.1.6: RPF'(S,G,rpt) is AssertWinner(S,G,RPF_interface(RP(G))) when I_Am_Assert_Loser(S,G)
// there, else RPF'(*,G) (as of the last reconcile).
std::pair<IfIndex, Ipv4> PimEngine::RpfPrimeSgRpt(const Sg& sg) const {
  const Entry* star = Find(Sg{{}, sg.group});
  if (star == nullptr) {
    return {};
  }
  if (const std::optional<Ipv4> winner = AssertRpfWinner(sg, star->rpf_if)) {
    return {star->rpf_if, *winner};
  }
  return {star->rpf_if, star->rpf_nbr};
}

// §4.5.4 / §4.5.5 tell "RPF' changes due to an Assert" from other changes: the interface stays
// and the neighbor becomes, or stops being, an assert winner.
UsEvent PimEngine::RpfPrimeChangeEvent(const Sg& sg, Entry& e, IfIndex old_if) const {
  const bool by_assert = AssertRpfWinner(sg, e.rpf_if).has_value();
  const bool cause = e.rpf_if == old_if && (by_assert || e.rpf_by_assert);
  e.rpf_by_assert = by_assert;
  return cause ? UsEvent::kRpfPrimeChangedAssert : UsEvent::kRpfPrimeChanged;
}

// ---- Receive ----

// §4.6: Asserts from non-neighbors are discarded; an (S,G) Assert (RPTbit clear) runs the
// (S,G) machine; one with the RPTbit runs the (S,G) machine of the source it names (an
// AssertCancel(S,G), or an Assert(*,G) the SPT router must answer) and then the (*,G) machine.
void PimEngine::OnAssert(Time now, IfIndex ifx, const Iface& i, Ipv4 src, const wire::PimAssert& a,
                         Out& out) {
  counters_.Inc(PimCounter::kAssertsReceived);
  if (!i.neighbors.contains(src)) {
    counters_.Inc(PimCounter::kDropNonNeighbor);
    return;
  }
  if (!ValidGroup(a.group)) {
    return;
  }
  const bool named = !a.source.IsUnspecified();
  if (named && (a.source.IsMulticast() || a.source.IsBroadcast())) {
    counters_.Inc(PimCounter::kDropBadSource);
    return;
  }
  if (!a.rpt && !named) {
    counters_.Inc(PimCounter::kDropBadSource);  // an (S,G) Assert must name S
    return;
  }
  const AssertRx rx{.sender = src,
                    .metric = {.rpt_bit = a.rpt,
                               .metric_preference = a.metric_preference,
                               .route_metric = a.metric,
                               .address = src},
                    .named_source = a.source};
  if (named) {
    SgAssertReceived(now, Sg{a.source, a.group.group}, ifx, rx, out);
  }
  if (a.rpt && !settings_.ssm.Contains(a.group.group)) {
    StarGAssertReceived(now, a.group.group, ifx, rx, out);
  }
}

void PimEngine::SgAssertReceived(Time now, const Sg& sg, IfIndex ifx, const AssertRx& rx,
                                 Out& out) {
  const std::optional<AssertEvent> ev = ClassifyAssert(sg, ifx, rx);
  if (!ev) {
    return;
  }
  // NoInfo -> Loser may be the first state this router holds for (S,G) (a downstream router on
  // the shared tree tracking an SPT winner): the machine needs an entry to live in.
  if (!LookupAssert(false, AssertStateOf(sg, ifx), *ev) || GetOrCreate(now, sg, out) == nullptr) {
    return;
  }
  AssertEventOn(now, sg, ifx, *ev, &rx, &out);
}

void PimEngine::StarGAssertReceived(Time now, Ipv4 group, IfIndex ifx, const AssertRx& rx,
                                    Out& out) {
  const Sg star{{}, group};
  if (Find(star) == nullptr) {
    return;  // no (*,G) state: neither CouldAssert(*,G,I) nor AssertTrackingDesired(*,G,I)
  }
  if (const std::optional<AssertEvent> ev = ClassifyAssert(star, ifx, rx)) {
    AssertEventOn(now, star, ifx, *ev, &rx, &out);
  }
}

// Which §4.6.1 / §4.6.2 event a received Assert is for the machine (sg, ifx); nullopt when it
// is none (e.g. a worse Assert from a third router while we lose to another).
std::optional<AssertEvent> PimEngine::ClassifyAssert(const Sg& sg, IfIndex ifx,
                                                     const AssertRx& rx) const {
  const AssertIf* a = FindAssert(sg, ifx);
  const AssertState st = a ? a->state : AssertState::kNoInfo;
  if (st == AssertState::kWinner) {
    return Better(rx.metric, a->winner_metric) ? AssertEvent::kRecvPreferredAssert
                                               : AssertEvent::kRecvInferiorAssert;
  }
  const AssertMetric mine = MyAssertMetric(sg, ifx);
  if (st == AssertState::kLoser) {
    if (rx.sender == a->winner) {
      return Better(rx.metric, mine) ? AssertEvent::kRecvAcceptableAssertFromWinner
                                     : AssertEvent::kRecvInferiorAssertFromWinner;
    }
    if (Better(rx.metric, a->winner_metric)) {
      return AssertEvent::kRecvPreferredAssert;
    }
    return std::nullopt;
  }
  // NoInfo. The (S,G) machine answers an RPTbit Assert only through its own row.
  if (!sg.IsStarG() && rx.metric.rpt_bit) {
    return CouldAssert(sg, ifx) ? std::optional(AssertEvent::kRecvRptAssertCouldAssert)
                                : std::nullopt;
  }
  if (Better(mine, rx.metric)) {
    return CouldAssert(sg, ifx) ? std::optional(AssertEvent::kRecvInferiorAssertCouldAssert)
                                : std::nullopt;
  }
  if (Better(rx.metric, mine) && AssertTrackingDesired(sg, ifx)) {
    return AssertEvent::kRecvAcceptableAssertTracking;
  }
  return std::nullopt;
}

// "An (S,G) data packet arrives on interface I": the (S,G) machine when CouldAssert(S,G,I);
// otherwise, with no (S,G) assert state on I, the (*,G) machine when CouldAssert(*,G,I).
void PimEngine::AssertDataArrives(Time now, const Sg& sg, IfIndex ifx, Out& out) {
  if (AssertStateOf(sg, ifx) != AssertState::kNoInfo) {
    return;
  }
  if (CouldAssert(sg, ifx)) {
    AssertEventOn(now, sg, ifx, AssertEvent::kDataArrivesCouldAssert, nullptr, &out);
    return;
  }
  const Sg star{{}, sg.group};
  if (AssertStateOf(star, ifx) == AssertState::kNoInfo && CouldAssert(star, ifx)) {
    const AssertRx self{.named_source = sg.source};
    AssertEventOn(now, star, ifx, AssertEvent::kDataArrivesCouldAssert, &self, &out);
  }
}

// ---- The machines ----

// Applies one §4.6.1 / §4.6.2 row to (sg, ifx). rx is the received Assert (A2, A6) or, for a
// (*,G) A1, the source to name; out is null only for events whose rows send nothing (A5).
void PimEngine::AssertEventOn(Time now, const Sg& sg, IfIndex ifx, AssertEvent ev,
                              const AssertRx* rx, Out* out) {
  Entry* e = Find(sg);
  if (e == nullptr) {
    return;
  }
  auto it = std::lower_bound(e->asserts.begin(), e->asserts.end(), ifx,
                             [](const AssertIf& a, IfIndex i) { return a.ifx < i; });
  const bool present = it != e->asserts.end() && it->ifx == ifx;
  const AssertState from = present ? it->state : AssertState::kNoInfo;
  const std::optional<AssertRow> row = LookupAssert(sg.IsStarG(), from, ev);
  if (!row) {
    return;
  }
  const TimerKey at{TimerKind::kAssert, ifx, sg, {}};
  AssertIf a = present ? *it : AssertIf{.ifx = ifx, .since = now};
  const Ipv4 old_winner = a.winner;
  const AssertMetric mine =
      sg.IsStarG() ? RptAssertMetric(sg.group, ifx) : SptAssertMetric(sg.source, ifx);
  if (sg.IsStarG() && rx != nullptr && !rx->named_source.IsUnspecified() && !present) {
    a.named_source = rx->named_source;
  }
  const Ipv4 named = sg.IsStarG() ? a.named_source : sg.source;
  switch (row->action) {
    case AssertAction::kNone:
      break;
    case AssertAction::kA1:  // send Assert; AT = Assert_Time - AOI; winner = me
    case AssertAction::kA3:  // send Assert; AT = Assert_Time - AOI
      MC_ASSERT(out != nullptr);
      a.winner = AddressOn(ifx);
      a.winner_metric = mine;
      SendAssert(ifx, sg.group, named, mine, *out);
      timers_.Arm(at, now + kAssertTime - kAssertOverrideInterval);
      break;
    case AssertAction::kA2:  // winner = the sender, its metric; AT = Assert_Time
    case AssertAction::kA6:  // A2, and on the RPF interface of a Joined (S,G) set the SPTbit
      MC_ASSERT(rx != nullptr);
      a.winner = rx->sender;
      a.winner_metric = rx->metric;
      a.on_rpf_if = RpfInterfaceOf(sg) == ifx;
      timers_.Arm(at, now + kAssertTime);
      if (row->action == AssertAction::kA6 && a.on_rpf_if && e->us == UsState::kJoined) {
        e->spt_bit = true;
      }
      break;
    case AssertAction::kA4:  // send AssertCancel; delete the assert information
      MC_ASSERT(out != nullptr);
      SendAssert(ifx, sg.group, sg.IsStarG() ? RpOf(sg.group).value_or(Ipv4{}) : sg.source,
                 InfiniteAssertMetric(), *out);
      counters_.Inc(PimCounter::kAssertCancelsSent);
      [[fallthrough]];
    case AssertAction::kA5:  // delete the assert information
      timers_.Cancel(at);
      break;
  }
  a.state = row->to;
  if (out != nullptr) {
    tracer_.Emit(now, "assert", *out, "assert {} if {}: {} -> {} on {} (winner {})", sg.ToString(),
                 ifx.value(), ToString(from), ToString(row->to), ToString(ev), a.winner);
  }
  if (row->to == AssertState::kNoInfo) {
    if (present) {
      e->asserts.erase(it);
    }
  } else if (present) {
    *it = a;
  } else {
    e->asserts.insert(it, a);
  }
  if (row->to != from || a.winner != old_winner) {
    MarkDirty(sg.group);  // the olists and RPF' read the assert state
  }
  // §4.5.7 "RPF'(S,G,rpt) -> RPF'(*,G)": the (S,G) assert lost on RPF_interface(RP(G)) is over.
  const Entry* star = sg.IsStarG() ? nullptr : Find(Sg{{}, sg.group});
  if (from == AssertState::kLoser && row->to == AssertState::kNoInfo && star != nullptr &&
      star->rpf_if == ifx && old_winner != star->rpf_nbr) {
    RptUsEventOn(now, sg, *e, RptUsEvent::kRpfPrimeSgRptToStarG);
  }
}

// The level-triggered rows, evaluated once per reconcile step on every machine not in NoInfo.
void PimEngine::ReconcileAsserts(Time now, const Sg& sg, Entry& e, Out& out) {
  std::vector<AssertIf> states = e.asserts;  // the rows below edit e.asserts
  for (const AssertIf& a : states) {
    if (a.state == AssertState::kWinner) {
      if (!CouldAssert(sg, a.ifx)) {
        AssertEventOn(now, sg, a.ifx, AssertEvent::kCouldAssertFalse, nullptr, &out);
      }
      continue;
    }
    if (!AssertTrackingDesired(sg, a.ifx)) {
      AssertEventOn(now, sg, a.ifx, AssertEvent::kAssertTrackingDesiredFalse, nullptr, &out);
    } else if (Better(MyAssertMetric(sg, a.ifx), a.winner_metric)) {
      AssertEventOn(now, sg, a.ifx, AssertEvent::kMyMetricBetterThanWinner, nullptr, &out);
    } else if (a.on_rpf_if && RpfInterfaceOf(sg) != a.ifx) {
      AssertEventOn(now, sg, a.ifx, AssertEvent::kRpfInterfaceStopsBeingI, nullptr, &out);
    }
  }
}

// "Receive Join(S,G) / Join(*,G) on Interface I" addressed to us while we lost there: forget
// the assert so the normal Join/Prune mechanism decides (the downstream router chose us).
void PimEngine::AssertJoinReceived(Time now, const Sg& sg, IfIndex ifx) {
  if (AssertStateOf(sg, ifx) == AssertState::kLoser) {
    AssertEventOn(now, sg, ifx, AssertEvent::kRecvJoin, nullptr, nullptr);
  }
}

// "Current Winner's GenID Changes or NLT Expires".
void PimEngine::AssertNeighborGone(Time now, IfIndex ifx, Ipv4 neighbor, Out& out) {
  std::vector<Sg> lost;
  for (const auto& [sg, e] : tib_) {
    for (const AssertIf& a : e.asserts) {
      if (a.ifx == ifx && a.state == AssertState::kLoser && a.winner == neighbor) {
        lost.push_back(sg);
      }
    }
  }
  for (const Sg& sg : lost) {
    AssertEventOn(now, sg, ifx, AssertEvent::kWinnerGenIdChangedOrNltExpired, nullptr, &out);
  }
}

void PimEngine::SendAssert(IfIndex ifx, Ipv4 group, Ipv4 source, const AssertMetric& m, Out& out) {
  auto bytes = wire::EncodeToBytes(wire::PimMessage{AssertMessage(group, source, m)});
  if (!bytes || PimIface(ifx) == nullptr) {
    return;
  }
  SendJoinPruneOrAssert(ifx, std::move(*bytes), PimCounter::kAssertsSent, out);
}

}  // namespace mc::pim
