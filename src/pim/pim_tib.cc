// Join/Prune receive processing (RFC 7761 §4.5, §4.9.5), the downstream per-interface machines
// (§4.5.1 (*,G), §4.5.2 (S,G), §4.5.3 (S,G,rpt)) driven from tib_fsm.h, and the §4.1.6 / §4.2
// macros as named functions. Upstream reactions to what other routers send ("See Join/Prune to
// RPF'") are dispatched to pim_upstream.cc.
#include <algorithm>

#include "pim/pim_engine.h"

namespace mc::pim {

namespace {

using IfSet = PimEngine::IfSet;

IfSet Union(IfSet a, const IfSet& b) {
  IfSet out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

IfSet Minus(const IfSet& a, const IfSet& b) {
  IfSet out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

template <class Set>
bool Contains(const Set& s, IfIndex i) {
  return std::binary_search(s.begin(), s.end(), i);
}

Duration HoldtimeOf(std::uint16_t s) { return std::chrono::seconds{s}; }

}  // namespace

PimEngine::Entry* PimEngine::Find(const Sg& sg) { return tib_.Lookup(sg); }

const PimEngine::Entry* PimEngine::Find(const Sg& sg) const { return tib_.Lookup(sg); }

PimEngine::Entry* PimEngine::GetOrCreate(Time now, const Sg& sg, Out& out) {
  if (Entry* e = Find(sg)) {
    return e;
  }
  if (!limits_.Admit(engine::Limit::kSgEntries, tib_.size(), now, sg.ToString(), tracer_, out)) {
    counters_.Inc(PimCounter::kDropLimit);
    return nullptr;
  }
  Entry& e = tib_.Create(sg);
  e.since = now;
  return &e;
}

bool PimEngine::ValidGroup(const wire::PimEncodedGroup& g) {
  // §4.9.5: a multicast group with a full mask (other lengths were (*,*,RP) in RFC 4601);
  // link-local groups are never routed.
  if (!g.group.IsMulticast() || g.group.IsLinkLocalMulticast() || g.mask_len != 32 || g.bidir) {
    counters_.Inc(PimCounter::kDropBadGroup);
    return false;
  }
  return true;
}

// §4.5: a J/P whose Upstream Neighbor Address is ours is processed by the downstream machines;
// any other is overheard by the upstream machines (join suppression, prune override).
void PimEngine::OnJoinPrune(Time now, IfIndex ifx, Iface& i, Ipv4 src, const wire::PimJoinPrune& jp,
                            Out& out) {
  counters_.Inc(PimCounter::kJoinPrunesReceived);
  if (!i.neighbors.contains(src)) {
    counters_.Inc(PimCounter::kDropNonNeighbor);  // §4.5: J/P from non-neighbors is discarded
    return;
  }
  const bool to_me = jp.upstream_neighbor == i.address.address;
  const Duration holdtime = HoldtimeOf(jp.holdtime_s);
  for (const wire::PimJoinPruneGroup& g : jp.groups) {
    counters_.Inc(PimCounter::kJoinPruneEntriesReceived, g.joins.size() + g.prunes.size());
    if (!ValidGroup(g.group)) {
      continue;
    }
    if (to_me) {
      OnJoinPruneGroup(now, ifx, i, holdtime, g, out);
    } else {
      SeeJoinPruneGroup(now, ifx, i, jp.upstream_neighbor, g);
    }
  }
}

// One group of a J/P addressed to us, in the order §4.5.3 needs: Join(*,G) first (it moves
// (S,G,rpt) Prune states to their Tmp states), then the (S,G,rpt) entries, the other entries,
// and finally End of Message for the (S,G,rpt) states of this interface.
void PimEngine::OnJoinPruneGroup(Time now, IfIndex ifx, const Iface& i, Duration holdtime,
                                 const wire::PimJoinPruneGroup& g, Out& out) {
  (void)i;
  const Ipv4 group = g.group.group;
  const bool ssm = settings_.ssm.Contains(group);
  const std::optional<Ipv4> rp = RpOf(group);
  bool star_g_join = false;
  const auto star_ok = [&](const wire::PimEncodedSource& s) {
    if (ssm) {
      counters_.Inc(PimCounter::kDropSsmStarG);
      return false;
    }
    if (!rp || *rp != s.source) {
      counters_.Inc(PimCounter::kDropWrongRp);  // §4.5.1: RP address must match RP(G)
      return false;
    }
    return true;
  };
  const auto source_ok = [&](const wire::PimEncodedSource& s) {
    if (s.source.IsMulticast() || s.source.IsUnspecified() || s.mask_len != 32) {
      counters_.Inc(PimCounter::kDropBadSource);
      return false;
    }
    return true;
  };
  for (const wire::PimEncodedSource& s : g.joins) {
    if (s.wildcard && s.rpt && source_ok(s) && star_ok(s)) {
      if (GetOrCreate(now, Sg{{}, group}, out)) {
        DsEventOn(now, Sg{{}, group}, ifx, DsEvent::kRecvJoin, holdtime);
        star_g_join = true;
      }
    }
  }
  if (star_g_join) {
    for (auto it = tib_.lower_bound(Sg{Ipv4{1}, group});
         it != tib_.end() && it->first.group == group; ++it) {
      if (!it->second.rpt.empty()) {  // §4.5.3: NoInfo has no row for this event
        RptEventOn(now, it->first, ifx, RptDsEvent::kRecvJoinStarG, holdtime);
      }
    }
  }
  for (const wire::PimEncodedSource& s : g.joins) {
    if (s.wildcard || !source_ok(s)) {
      continue;
    }
    const Sg sg{s.source, group};
    if (s.rpt) {
      RptEventOn(now, sg, ifx, RptDsEvent::kRecvJoinSgRpt, holdtime);
    } else if (GetOrCreate(now, sg, out)) {
      DsEventOn(now, sg, ifx, DsEvent::kRecvJoin, holdtime);
    }
  }
  for (const wire::PimEncodedSource& s : g.prunes) {
    if (!source_ok(s)) {
      continue;
    }
    if (s.wildcard && s.rpt) {
      if (star_ok(s)) {
        DsEventOn(now, Sg{{}, group}, ifx, DsEvent::kRecvPrune, holdtime);
      }
    } else if (s.rpt) {
      if (!ssm && GetOrCreate(now, Sg{s.source, group}, out)) {
        RptEventOn(now, Sg{s.source, group}, ifx, RptDsEvent::kRecvPruneSgRpt, holdtime);
      }
    } else {
      DsEventOn(now, Sg{s.source, group}, ifx, DsEvent::kRecvPrune, holdtime);
    }
  }
  for (auto it = tib_.lower_bound(Sg{Ipv4{1}, group}); it != tib_.end() && it->first.group == group;
       ++it) {
    if (!it->second.rpt.empty()) {  // §4.5.3: End of Message leaves NoInfo alone
      RptEventOn(now, it->first, ifx, RptDsEvent::kEndOfMessage, holdtime);
    }
  }
}

// §4.5.4 / §4.5.5 / §4.5.7: a J/P to another upstream neighbor on our RPF interface.
void PimEngine::SeeJoinPruneGroup(Time now, IfIndex ifx, const Iface& i, Ipv4 target,
                                  const wire::PimJoinPruneGroup& g) {
  (void)i;
  const Ipv4 group = g.group.group;
  const auto aimed_at = [&](const Entry& e) { return e.rpf_if == ifx && e.rpf_nbr == target; };
  const auto each_source_entry = [&](auto fn) {
    for (auto it = tib_.lower_bound(Sg{Ipv4{1}, group});
         it != tib_.end() && it->first.group == group; ++it) {
      fn(it->first, it->second);
    }
  };
  for (const wire::PimEncodedSource& s : g.joins) {
    if (s.wildcard && s.rpt) {
      if (Entry* e = Find(Sg{{}, group}); e && aimed_at(*e)) {
        UsEventOn(now, Sg{{}, group}, *e, UsEvent::kSeeJoinToRpfPrime, {}, {});
      }
    } else if (s.rpt) {
      if (Entry* e = Find(Sg{s.source, group})) {
        if (RpfPrimeSgRpt(Sg{s.source, group}) == std::pair{ifx, target}) {
          RptUsEventOn(now, Sg{s.source, group}, *e, RptUsEvent::kSeeJoinSgRptToRpfPrime);
        }
      }
    } else if (Entry* e = Find(Sg{s.source, group}); e && aimed_at(*e)) {
      UsEventOn(now, Sg{s.source, group}, *e, UsEvent::kSeeJoinToRpfPrime, {}, {});
    }
  }
  for (const wire::PimEncodedSource& s : g.prunes) {
    if (s.wildcard && s.rpt) {
      if (Entry* e = Find(Sg{{}, group}); e && aimed_at(*e)) {
        UsEventOn(now, Sg{{}, group}, *e, UsEvent::kSeePruneToRpfPrime, {}, {});
      }
      // §4.5.5 "See Prune(*,G) to RPF'(S,G)".
      each_source_entry([&](const Sg& sg, Entry& e) {
        if (aimed_at(e)) {
          UsEventOn(now, sg, e, UsEvent::kSeePruneToRpfPrime, {}, {});
        }
      });
    } else if (Entry* e = Find(Sg{s.source, group})) {
      const Sg sg{s.source, group};
      if (aimed_at(*e)) {
        UsEventOn(now, sg, *e, UsEvent::kSeePruneToRpfPrime, {}, {});  // Prune(S,G[,rpt])
      }
      if (RpfPrimeSgRpt(sg) == std::pair{ifx, target}) {
        RptUsEventOn(
            now, sg, *e,
            s.rpt ? RptUsEvent::kSeePruneSgRptToRpfPrime : RptUsEvent::kSeePruneSgToRpfPrime);
      }
    }
  }
}

// Applies one §4.5.1 / §4.5.2 row to (sg, ifx).
void PimEngine::DsEventOn(Time now, const Sg& sg, IfIndex ifx, DsEvent ev, Duration holdtime) {
  Entry* e = Find(sg);
  if (e == nullptr) {
    return;
  }
  if (ev == DsEvent::kRecvJoin) {
    AssertJoinReceived(now, sg, ifx);  // §4.6.1 / §4.6.2 "Receive Join(X) on Interface I"
  }
  auto it = std::lower_bound(e->ds.begin(), e->ds.end(), ifx,
                             [](const DsIf& d, IfIndex i) { return d.ifx < i; });
  const bool present = it != e->ds.end() && it->ifx == ifx;
  const DsState from = present ? it->state : DsState::kNoInfo;
  const std::optional<DsRow> row = Lookup(from, ev);
  if (!row) {
    return;
  }
  const TimerKey et{TimerKind::kExpiry, ifx, sg, {}};
  const TimerKey ppt{TimerKind::kPrunePending, ifx, sg, {}};
  const bool infinite = holdtime == std::chrono::seconds{kHoldtimeInfinite};
  if (row->actions & kDsStartEt) {
    infinite ? (void)timers_.Cancel(et) : timers_.Arm(et, now + holdtime);
  }
  if (row->actions & kDsRaiseEt) {
    infinite ? (void)timers_.Cancel(et) : timers_.ArmAtLeast(et, now + holdtime);
  }
  if (row->actions & kDsStartPpt) {
    // §4.5.2: PPT = J/P_Override_Interval(I) on a LAN; 0 with a single neighbor.
    const Iface* i = PimIface(ifx);
    const Duration d = i && i->neighbors.size() > 1 ? i->lan.JpOverrideInterval() : Duration{0};
    timers_.Arm(ppt, now + d);
  }
  if (row->actions & kDsCancelPpt) {
    timers_.Cancel(ppt);
  }
  if (row->actions & kDsCancelEt) {
    timers_.Cancel(et);
  }
  if (row->to == DsState::kNoInfo) {
    timers_.Cancel(et);
    timers_.Cancel(ppt);
    if (present) {
      e->ds.erase(it);
    }
  } else if (present) {
    it->state = row->to;
  } else {
    e->ds.insert(it, DsIf{ifx, row->to, now});
  }
  // A refresh (Join in Join) only moves the ET: nothing derived from the state changes.
  if (row->to != from) {
    MarkDirty(sg.group);
  }
}

// Applies one §4.5.3 row to (sg, ifx).
void PimEngine::RptEventOn(Time now, const Sg& sg, IfIndex ifx, RptDsEvent ev, Duration holdtime) {
  Entry* e = Find(sg);
  if (e == nullptr) {
    return;
  }
  auto it = std::lower_bound(e->rpt.begin(), e->rpt.end(), ifx,
                             [](const RptIf& r, IfIndex i) { return r.ifx < i; });
  const bool present = it != e->rpt.end() && it->ifx == ifx;
  const RptDsState from = present ? it->state : RptDsState::kNoInfo;
  const std::optional<RptDsRow> row = Lookup(from, ev);
  if (!row) {
    return;
  }
  const TimerKey et{TimerKind::kRptExpiry, ifx, sg, {}};
  const TimerKey ppt{TimerKind::kRptPrunePending, ifx, sg, {}};
  if (row->actions & kRptStartEt) {
    timers_.Arm(et, now + holdtime);
  }
  if (row->actions & kRptRaiseEt) {
    timers_.ArmAtLeast(et, now + holdtime);
  }
  if (row->actions & kRptStartPpt) {
    const Iface* i = PimIface(ifx);
    const Duration d = i && i->neighbors.size() > 1 ? i->lan.JpOverrideInterval() : Duration{0};
    timers_.Arm(ppt, now + d);
  }
  if (row->actions & kRptCancelPpt) {
    timers_.Cancel(ppt);
  }
  if (row->actions & kRptCancelEt) {
    timers_.Cancel(et);
  }
  if (row->to == RptDsState::kNoInfo) {
    timers_.Cancel(et);
    timers_.Cancel(ppt);
    if (present) {
      e->rpt.erase(it);
    }
  } else if (present) {
    it->state = row->to;
  } else {
    e->rpt.insert(it, RptIf{ifx, row->to, now});
  }
  if (row->to != from) {
    MarkDirty(sg.group);
  }
}

// ---- §4.1.6 / §4.2 macros ----

IfSet PimEngine::Joins(const Sg& sg) const {
  IfSet out;
  if (const Entry* e = Find(sg)) {
    for (const DsIf& d : e->ds) {
      if (d.state == DsState::kJoin || d.state == DsState::kPrunePending) {
        out.push_back(d.ifx);
      }
    }
  }
  return out;
}

IfSet PimEngine::PrunesSgRpt(const Sg& sg) const {
  IfSet out;
  if (const Entry* e = Find(sg)) {
    for (const RptIf& r : e->rpt) {
      if (r.state == RptDsState::kPrune || r.state == RptDsState::kPruneTmp) {
        out.push_back(r.ifx);
      }
    }
  }
  return out;
}

bool PimEngine::IAmDr(IfIndex ifx) const {
  const Iface* i = PimIface(ifx);
  return i != nullptr && i->dr == i->address.address;
}

bool PimEngine::LocalReceiverInclude(const Sg& sg, IfIndex ifx) const {
  const Entry* e = Find(sg);
  return e != nullptr && Contains(e->local_include, ifx);
}

// pim_include(*,G) / pim_include(S,G): local members where ( I_am_DR(I) AND lost_assert(X,I)
// == FALSE ) OR AssertWinner(X,I) == me (§4.1.6, with the §4.6.5 assert macros).
IfSet PimEngine::PimInclude(const Sg& sg) const {
  IfSet out;
  if (const Entry* e = Find(sg)) {
    const bool asserts = !e->asserts.empty();  // no assert state: the DR alone decides
    for (const IfIndex i : e->local_include) {
      if (asserts ? (IAmDr(i) && !LostAssert(sg, i)) || AssertWinnerIsMe(sg, i) : IAmDr(i)) {
        out.push_back(i);
      }
    }
  }
  return out;
}

IfSet PimEngine::PimExclude(const Sg& sg) const {
  IfSet out;
  if (const Entry* e = Find(sg)) {
    const Sg star{{}, sg.group};
    const Entry* se = Find(star);
    const bool asserts = se != nullptr && !se->asserts.empty();
    for (const IfIndex i : e->local_exclude) {
      if (asserts ? (IAmDr(i) && !LostAssert(star, i)) || AssertWinnerIsMe(star, i) : IAmDr(i)) {
        out.push_back(i);
      }
    }
  }
  return out;
}

IfSet PimEngine::ImmediateOlist(const Sg& sg) const {
  // joins(X) (+) pim_include(X) (-) lost_assert(X)
  return Minus(Union(Joins(sg), PimInclude(sg)), LostAssertSet(sg));
}

IfSet PimEngine::InheritedOlistSgRpt(const Sg& sg) const {
  const Sg star{{}, sg.group};
  // ( joins(*,G) (-) prunes(S,G,rpt) ) (+) ( pim_include(*,G) (-) pim_exclude(S,G) )
  //   (-) ( lost_assert(*,G) (+) lost_assert(S,G,rpt) )
  IfSet out = Union(Minus(Joins(star), PrunesSgRpt(sg)), Minus(PimInclude(star), PimExclude(sg)));
  const Entry* se = Find(star);
  const Entry* e = Find(sg);
  if ((se != nullptr && !se->asserts.empty()) || (e != nullptr && !e->asserts.empty())) {
    std::erase_if(out, [&](IfIndex i) { return LostAssert(star, i) || LostAssertSgRpt(sg, i); });
  }
  return out;
}

IfSet PimEngine::InheritedOlist(const Sg& sg) const {
  // inherited_olist(S,G,rpt) (+) joins(S,G) (+) pim_include(S,G) (-) lost_assert(S,G)
  return Minus(Union(InheritedOlistSgRpt(sg), Union(Joins(sg), PimInclude(sg))), LostAssertSet(sg));
}

bool PimEngine::JoinDesired(const Sg& sg) const {
  if (sg.IsStarG()) {
    return !ImmediateOlist(sg).empty();
  }
  // immediate_olist(S,G) != NULL OR (KAT(S,G) running AND inherited_olist(S,G) != NULL)
  if (!ImmediateOlist(sg).empty()) {
    return true;
  }
  return timers_.Armed({TimerKind::kKeepalive, {}, sg, {}}) && !InheritedOlist(sg).empty();
}

bool PimEngine::RptJoinDesired(Ipv4 group) const { return JoinDesired(Sg{{}, group}); }

bool PimEngine::PruneDesired(const Sg& sg) const {
  if (!RptJoinDesired(sg.group)) {
    return false;
  }
  if (InheritedOlistSgRpt(sg).empty()) {
    return true;
  }
  const Entry* e = Find(sg);
  return e != nullptr && e->spt_bit && RpfPrime(Sg{{}, sg.group}) != RpfPrime(sg);
}

bool PimEngine::IAmRp(Ipv4 group) const {
  const std::optional<Ipv4> rp = RpOf(group);
  return rp && IsMyAddress(*rp);
}

std::optional<Ipv4> PimEngine::RpOf(Ipv4 group) const {
  if (settings_.ssm.Contains(group)) {
    return std::nullopt;
  }
  return RpFor(settings_.static_rps, group);
}

bool PimEngine::DirectlyConnected(Ipv4 source) const {
  return std::any_of(ifaces_.begin(), ifaces_.end(), [&](const auto& kv) {
    const Iface& i = kv.second;
    return i.pim && i.up && i.address.prefix_len > 0 && i.address.prefix_len < 32 &&
           i.address.Subnet().Contains(source);
  });
}

// §4.4.1: CouldRegister(S,G) = I_am_DR(RPF_interface(S)) AND KAT(S,G) running AND
// DirectlyConnected(S); plus RFC 4607: never inside the SSM range, and not when we are the RP.
bool PimEngine::CouldRegister(const Sg& sg) const {
  if (settings_.ssm.Contains(sg.group) || !RpOf(sg.group) || IAmRp(sg.group)) {
    return false;
  }
  const std::optional<RpfInfo> rpf = mrib_.Lookup(sg.source);
  return rpf && IAmDr(rpf->iif) && timers_.Armed({TimerKind::kKeepalive, {}, sg, {}}) &&
         DirectlyConnected(sg.source);
}

// §4.2.1 with IOS `ip pim spt-threshold`: the first matching line decides; no line (or a
// threshold of 0) switches on the first packet; infinity never does.
bool PimEngine::SwitchToSptDesired(const Sg& sg) const {
  if (settings_.ssm.Contains(sg.group)) {
    return true;
  }
  for (const SptThreshold& t : settings_.spt_thresholds) {
    if (t.groups && !t.groups->Permits(sg.group)) {
      continue;
    }
    if (!t.kbps) {
      return false;
    }
    if (*t.kbps == 0) {
      return true;
    }
    const auto it = flows_.find(sg);
    if (it == flows_.end() || it->second.last_activity <= it->second.since) {
      return false;
    }
    const double secs = ToSeconds(it->second.last_activity - it->second.since);
    return static_cast<double>(it->second.bytes) * 8.0 / 1000.0 / secs >= *t.kbps;
  }
  return true;
}

std::optional<DsState> PimEngine::DownstreamState(const Sg& sg, IfIndex ifx) const {
  const Entry* e = Find(sg);
  if (e == nullptr) {
    return std::nullopt;
  }
  for (const DsIf& d : e->ds) {
    if (d.ifx == ifx) {
      return d.state;
    }
  }
  return DsState::kNoInfo;
}

std::optional<RptDsState> PimEngine::RptDownstreamState(const Sg& sg, IfIndex ifx) const {
  const Entry* e = Find(sg);
  if (e == nullptr) {
    return std::nullopt;
  }
  for (const RptIf& r : e->rpt) {
    if (r.ifx == ifx) {
      return r.state;
    }
  }
  return RptDsState::kNoInfo;
}

std::optional<UsState> PimEngine::UpstreamState(const Sg& sg) const {
  const Entry* e = Find(sg);
  return e ? std::optional<UsState>(e->us) : std::nullopt;
}

std::optional<RptUsState> PimEngine::RptUpstreamState(const Sg& sg) const {
  const Entry* e = Find(sg);
  return e ? std::optional<RptUsState>(e->rpt_us) : std::nullopt;
}

std::optional<RegState> PimEngine::RegisterState(const Sg& sg) const {
  const Entry* e = Find(sg);
  return e ? std::optional<RegState>(e->reg) : std::nullopt;
}

bool PimEngine::SptBit(const Sg& sg) const {
  const Entry* e = Find(sg);
  return e != nullptr && e->spt_bit;
}

std::string_view ToString(DsState s) {
  switch (s) {
    case DsState::kNoInfo:
      return "NoInfo";
    case DsState::kJoin:
      return "Join";
    case DsState::kPrunePending:
      return "PrunePending";
  }
  return "?";
}

std::string_view ToString(RptDsState s) {
  switch (s) {
    case RptDsState::kNoInfo:
      return "NoInfo";
    case RptDsState::kPrune:
      return "Prune";
    case RptDsState::kPrunePending:
      return "PrunePending";
    case RptDsState::kPruneTmp:
      return "PruneTmp";
    case RptDsState::kPrunePendingTmp:
      return "PrunePendingTmp";
  }
  return "?";
}

std::string_view ToString(UsState s) { return s == UsState::kJoined ? "Joined" : "NotJoined"; }

std::string_view ToString(RptUsState s) {
  switch (s) {
    case RptUsState::kRptNotJoined:
      return "RPTNotJoined";
    case RptUsState::kPruned:
      return "Pruned";
    case RptUsState::kNotPruned:
      return "NotPruned";
  }
  return "?";
}

}  // namespace mc::pim
