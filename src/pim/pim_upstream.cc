// The upstream machines (RFC 7761 §4.5.4 (*,G), §4.5.5 (S,G), §4.5.7 (S,G,rpt)), Join/Prune
// message building with packing (§4.9.5; many groups and sources per message within the MTU,
// §4.5.6 Prune(S,G,rpt) riding along with every Join(*,G)), and the reconcile step: RPF'
// refresh, JoinDesired / PruneDesired evaluation, register state, desired forwarding entries
// and MfcAdd / MfcDel on change (DESIGN.md rule 6).
#include <algorithm>

#include "pim/pim_engine.h"
#include "wire/ip.h"
#include "wire/limits.h"

namespace mc::pim {

namespace {

// §4.9.5 sizes: header + upstream neighbor + reserved + num groups + holdtime; per group the
// encoded group and the two counts; per source an encoded source.
constexpr std::size_t kJpFixed = wire::kPimHeaderSize + wire::kPimEncodedUnicastSize + 4;
constexpr std::size_t kJpPerGroup = wire::kPimEncodedGroupSize + 4;
constexpr std::size_t kJpPerSource = wire::kPimEncodedSourceSize;

}  // namespace

Duration PimEngine::TOverride(IfIndex ifx) {
  const Iface* i = PimIface(ifx);
  return Random(i ? i->lan.override_interval : kDefaultOverrideInterval);
}

// RPF'(*,G) toward RP(G) and RPF'(S,G) toward S (§4.1.6 "RPF'"): the interface, and the PIM
// neighbor owning the MRIB next hop (0.0.0.0 when there is none, e.g. at the RP or the DR).
std::pair<IfIndex, Ipv4> PimEngine::RpfPrime(const Sg& sg) const {
  Ipv4 target = sg.source;
  if (sg.IsStarG()) {
    const std::optional<Ipv4> rp = RpOf(sg.group);
    if (!rp || IsMyAddress(*rp)) {
      return {};
    }
    target = *rp;
  }
  const std::optional<RpfInfo> rpf = mrib_.Lookup(target);
  if (!rpf || !rpf->iif.valid()) {
    return {};
  }
  const Iface* i = PimIface(rpf->iif);
  if (i == nullptr) {
    return {rpf->iif, {}};
  }
  // A connected route's "next hop" toward an RP is the RP itself when it is a neighbor.
  const Ipv4 hop = rpf->next_hop.IsUnspecified() && sg.IsStarG() ? target : rpf->next_hop;
  if (const std::optional<Ipv4> winner = AssertRpfWinner(sg, rpf->iif)) {
    return {rpf->iif, *winner};  // I_Am_Assert_Loser(X, RPF_interface): RPF' = AssertWinner
  }
  const Neighbor* n = FindNeighbor(i->neighbors, hop);
  return {rpf->iif, n ? n->address : Ipv4{}};
}

void PimEngine::Reconcile(Time now, Ipv4 group, Out& out) {
  for (auto it = tib_.lower_bound(Sg{{}, group}); it != tib_.end() && it->first.group == group;
       ++it) {
    const Sg& sg = it->first;
    Entry& e = it->second;
    const auto [iif, nbr] = RpfPrime(sg);
    if (iif != e.rpf_if || nbr != e.rpf_nbr) {
      const IfIndex old_if = e.rpf_if;
      const Ipv4 old_nbr = e.rpf_nbr;
      e.rpf_if = iif;
      e.rpf_nbr = nbr;
      if (!sg.IsStarG() && old_if.valid() && iif != old_if) {
        // RPF_interface(S) moved: the SPT bit stood for data on the old interface. Cleared, the
        // §4.2 rules keep forwarding from the RPT (iif == RPF_interface(RP(G)) AND NOT SPTbit)
        // until data arrives on the new RPF_interface(S) and Update_SPTbit (§4.2.2) sets it
        // again, so the move loses nothing (make before break, as at the first switchover).
        e.spt_bit = false;
      }
      // §4.5.4 / §4.5.5 "RPF'(...) changes not due to an Assert": Join to the new, Prune to the
      // old, JT = t_periodic; "due to an Assert": JT = min(JT, t_override).
      UsEventOn(now, sg, e, RpfPrimeChangeEvent(sg, e, old_if), old_nbr, old_if);
    }
    ReconcileAsserts(now, sg, e, out);
    ReconcileUpstream(now, sg, e);
    if (!sg.IsStarG()) {
      ReconcileRptUpstream(now, sg, e);
      ReconcileRegister(now, sg, e);
    }
  }
  ReconcileMfc(group, out);
  for (auto it = tib_.lower_bound(Sg{{}, group}); it != tib_.end() && it->first.group == group;) {
    if (Removable(it->first, it->second)) {
      for (const TimerKind k : {TimerKind::kJoin, TimerKind::kOverride, TimerKind::kKeepalive,
                                TimerKind::kRegisterStop}) {
        timers_.Cancel({k, {}, it->first, {}});
      }
      it = tib_.erase(it);
    } else {
      ++it;
    }
  }
}

void PimEngine::ReconcileUpstream(Time now, const Sg& sg, Entry& e) {
  UsEventOn(now, sg, e, JoinDesired(sg) ? UsEvent::kJoinDesiredTrue : UsEvent::kJoinDesiredFalse,
            {}, {});
}

void PimEngine::ReconcileRptUpstream(Time now, const Sg& sg, Entry& e) {
  if (!RptJoinDesired(sg.group)) {
    RptUsEventOn(now, sg, e, RptUsEvent::kRptJoinDesiredFalse);
    return;
  }
  // RPTNotJoined -> NotPruned first when inherited_olist(S,G,rpt) is non-NULL, or when
  // PruneDesired(S,G,rpt) is already TRUE: RPTJoinDesired(G) holds, so the router is on the RPT
  // and S's packets come down it; from NotPruned the Prune(S,G,rpt) goes out now. The §4.5.9
  // table goes silently from RPTNotJoined to Pruned and leaves the prune to the next periodic
  // Join(*,G), up to t_periodic (60 s) later, while the RPT keeps delivering packets that no
  // olist here wants: an entry created with the SPT bit set (the DR of a directly connected
  // source), or by downstream Prune(S,G,rpt)s that leave inherited_olist(S,G,rpt) NULL from the
  // start (tests/sim_random seeds 22, 53).
  const bool prune_desired = PruneDesired(sg);
  if (prune_desired || !InheritedOlistSgRpt(sg).empty()) {
    RptUsEventOn(now, sg, e, RptUsEvent::kInheritedOlistNonNull);
  }
  if (prune_desired) {
    RptUsEventOn(now, sg, e, RptUsEvent::kPruneDesiredTrue);
    return;
  }
  RptUsEventOn(now, sg, e, RptUsEvent::kPruneDesiredFalse);
}

// Applies one §4.5.4 / §4.5.5 row.
void PimEngine::UsEventOn(Time now, const Sg& sg, Entry& e, UsEvent ev, Ipv4 old_nbr,
                          IfIndex old_if) {
  const std::optional<UsRow> row = Lookup(e.us, ev);
  if (!row) {
    return;
  }
  const TimerKey jt{TimerKind::kJoin, {}, sg, {}};
  if (row->actions & kUsSendJoin) {
    QueueJp(e.rpf_if, e.rpf_nbr, sg, true, false);
  }
  if (row->actions & kUsSendPrune) {
    QueueJp(e.rpf_if, e.rpf_nbr, sg, false, false);
  }
  if (row->actions & kUsSendJoinNewPruneOld) {
    QueueJp(old_if, old_nbr, sg, false, false);
    QueueJp(e.rpf_if, e.rpf_nbr, sg, true, false);
  }
  if (row->actions & kUsJtPeriodic) {
    timers_.Arm(jt, now + kTPeriodic);
  }
  if (row->actions & kUsCancelJt) {
    timers_.Cancel(jt);
  }
  if (row->actions & kUsJtRaiseSuppress) {
    // t_joinsuppress = rand(1.1, 1.4) x t_periodic when Suppression_Enabled(I), else 0.
    const Iface* i = PimIface(e.rpf_if);
    if (i == nullptr || i->lan.suppression_enabled) {
      const Duration base = kTPeriodic * 11 / 10;
      timers_.ArmAtLeast(jt, now + base + Random(kTPeriodic * 3 / 10));
    }
  }
  if (row->actions & kUsJtLowerOverride) {
    timers_.ArmAtMost(jt, now + TOverride(e.rpf_if));
  }
  e.us = row->to;
  MarkDirty(sg.group);
}

// Applies one §4.5.7 row; (S,G,rpt) messages go to RPF'(S,G,rpt) = RPF'(*,G).
void PimEngine::RptUsEventOn(Time now, const Sg& sg, Entry& e, RptUsEvent ev) {
  const std::optional<RptUsRow> row = Lookup(e.rpt_us, ev);
  if (!row) {
    return;
  }
  const TimerKey ot{TimerKind::kOverride, {}, sg, {}};
  const auto [up_if, up_nbr] = RpfPrimeSgRpt(sg);
  if (row->actions & kRptUsSendPrune) {
    QueueJp(up_if, up_nbr, sg, false, true);
  }
  if (row->actions & kRptUsSendJoin) {
    QueueJp(up_if, up_nbr, sg, true, true);
  }
  if (row->actions & kRptUsCancelOt) {
    timers_.Cancel(ot);
  }
  if (row->actions & kRptUsOtLowerOverride) {
    timers_.ArmAtMost(ot, now + TOverride(up_if));
  }
  e.rpt_us = row->to;
}

void PimEngine::QueueJp(IfIndex ifx, Ipv4 nbr, const Sg& sg, bool join, bool rpt) {
  if (!ifx.valid() || nbr.IsUnspecified() || PimIface(ifx) == nullptr) {
    return;  // no upstream neighbor (we are the RP, the source's DR, or RPF is unresolved)
  }
  wire::PimEncodedSource src{.source = sg.source, .mask_len = 32, .sparse = true};
  if (sg.IsStarG()) {
    const std::optional<Ipv4> rp = RpOf(sg.group);
    if (!rp) {
      return;
    }
    src = {.source = *rp, .mask_len = 32, .sparse = true, .wildcard = true, .rpt = true};
  } else if (rpt) {
    src.rpt = true;
  }
  GroupJp& g = pending_jp_[JpKey{ifx, nbr}][sg.group];
  // The later statement about an entry wins within one step.
  (join ? g.prunes : g.joins).erase(src);
  (join ? g.joins : g.prunes).insert(src);
  if (sg.IsStarG() && join) {
    // §4.5.6: each Join(*,G) carries Prune(S,G,rpt) for every S in Pruned(S,G,rpt) state.
    for (auto it = tib_.lower_bound(Sg{Ipv4{1}, sg.group});
         it != tib_.end() && it->first.group == sg.group; ++it) {
      if (it->second.rpt_us == RptUsState::kPruned) {
        g.prunes.insert({.source = it->first.source, .mask_len = 32, .sparse = true, .rpt = true});
      }
    }
  }
}

// Packs the step's Join/Prune entries: one message per (interface, upstream neighbor) until
// the payload limit, a group's sources continuing in the next message when they do not fit.
void PimEngine::FlushJoinPrunes(Time now, Out& out) {
  (void)now;
  const auto emit = [&](IfIndex ifx, wire::PimJoinPrune& m) {
    if (m.groups.empty()) {
      return;
    }
    auto bytes = wire::EncodeToBytes(wire::PimMessage{m});
    m.groups.clear();
    if (!bytes) {
      return;
    }
    SendJoinPruneOrAssert(ifx, std::move(*bytes), PimCounter::kJoinPrunesSent, out);
  };
  const std::size_t limit = std::max(options_.jp_payload_max, kJpFixed + kJpPerGroup + 8);
  for (auto& [key, groups] : pending_jp_) {
    wire::PimJoinPrune m{
        .upstream_neighbor = key.second,
        .holdtime_s = static_cast<std::uint16_t>(
            std::chrono::duration_cast<std::chrono::seconds>(kJpHoldtime).count())};
    std::size_t size = kJpFixed;
    for (auto& [group, g] : groups) {
      std::vector<std::pair<wire::PimEncodedSource, bool>> entries;
      for (const auto& s : g.joins) entries.emplace_back(s, true);
      for (const auto& s : g.prunes) entries.emplace_back(s, false);
      std::size_t next = 0;
      while (next < entries.size()) {
        if (size + kJpPerGroup + kJpPerSource > limit ||
            m.groups.size() >= wire::kPimGroupsPerJoinPruneMax) {
          emit(key.first, m);
          size = kJpFixed;
        }
        wire::PimJoinPruneGroup jg{.group = {.group = group}};
        size += kJpPerGroup;
        while (next < entries.size() && size + kJpPerSource <= limit) {
          (entries[next].second ? jg.joins : jg.prunes).push_back(entries[next].first);
          size += kJpPerSource;
          ++next;
        }
        m.groups.push_back(std::move(jg));
      }
    }
    emit(key.first, m);
  }
  pending_jp_.clear();
}

void PimEngine::ReconcileRegister(Time now, const Sg& sg, Entry& e) {
  (void)now;
  // §4.4.1: CouldRegister -> FALSE from any state: NoInfo (remove the tunnel, cancel RST);
  // CouldRegister -> TRUE in NoInfo: Join (add the tunnel).
  if (!CouldRegister(sg)) {
    if (e.reg != RegState::kNoInfo) {
      e.reg = RegState::kNoInfo;
      timers_.Cancel({TimerKind::kRegisterStop, {}, sg, {}});
    }
  } else if (e.reg == RegState::kNoInfo) {
    e.reg = RegState::kJoin;
  }
}

// The forwarding entry the §4.2 data-packet rules imply for one (S,G) flow.
std::optional<engine::MfcAdd> PimEngine::DesiredMfc(const Sg& sg) const {
  const Entry* star = Find(Sg{{}, sg.group});
  const Entry* e = Find(sg);
  const auto flow = flows_.find(sg);
  const bool seen = flow != flows_.end();
  if (e == nullptr && star == nullptr && !seen) {
    return std::nullopt;
  }
  const std::optional<RpfInfo> rpf_s = mrib_.Lookup(sg.source);
  const IfIndex iif_s = rpf_s ? rpf_s->iif : IfIndex{};
  // A directly connected source's packets only ever arrive on RPF_interface(S) (§4.2: the DR
  // restarts the KAT and registers from there whatever the SPT bit says), so its entry takes
  // that iif even while SPTbit(S,G) is FALSE, as at a DR whose (*,G) olist is empty: with the
  // RPT's iif the kernel would drop every packet as wrong-interface and none would reach the
  // register VIF (tests/sim_random seed 113).
  const bool use_spt = e != nullptr && (e->spt_bit || star == nullptr || IAmRp(sg.group) ||
                                        star->rpf_if == iif_s || DirectlyConnected(sg.source));
  engine::MfcAdd m{.sg = sg};
  if (use_spt) {
    m.iif = iif_s;
    m.oifs = InheritedOlist(sg);
    if (!e->spt_bit && IAmRp(sg.group) && !DirectlyConnected(sg.source)) {
      // The RP decapsulating registers (its RPT data comes from the register VIF, as with the
      // Linux kernel's own decapsulation): the entry's iif stays the register VIF until native
      // data arrives, so the first native packet is a whole-packet WRONGVIF that sets the SPT
      // bit at once (§4.2.2) and is forwarded; otherwise only the next activity poll would see
      // it and the RP would send decapsulated and native copies of every packet meanwhile.
      m.iif = options_.register_vif;
    }
  } else if (star != nullptr && star->rpf_if.valid()) {
    m.iif = star->rpf_if;
    m.oifs = InheritedOlistSgRpt(sg);
  } else {
    m.iif = seen ? flow->second.iif : iif_s;  // no tree: a negative entry stops the upcalls
  }
  if (!m.iif.valid()) {
    if (!seen) {
      return std::nullopt;
    }
    m.iif = flow->second.iif;
    m.oifs.clear();
  }
  std::erase(m.oifs, m.iif);
  if (e != nullptr && e->reg == RegState::kJoin) {
    m.oifs.insert(std::upper_bound(m.oifs.begin(), m.oifs.end(), options_.register_vif),
                  options_.register_vif);
  }
  if (!seen && m.oifs.empty()) {
    return std::nullopt;  // nothing to forward and no flow: leave the kernel without an entry
  }
  return m;
}

void PimEngine::ReconcileMfc(Ipv4 group, Out& out) {
  std::set<Ipv4> sources;
  const Sg first{Ipv4{1}, group};
  for (auto it = tib_.lower_bound(first); it != tib_.end() && it->first.group == group; ++it) {
    sources.insert(it->first.source);
  }
  for (auto it = flows_.lower_bound(first); it != flows_.end() && it->first.group == group; ++it) {
    sources.insert(it->first.source);
  }
  for (auto it = installed_.lower_bound(first); it != installed_.end() && it->first.group == group;
       ++it) {
    sources.insert(it->first.source);
  }
  for (const Ipv4 s : sources) {
    const Sg sg{s, group};
    const std::optional<engine::MfcAdd> want = DesiredMfc(sg);
    const auto have = installed_.find(sg);
    const bool rearm = rearm_assert_.erase(sg) > 0;
    if (want && have != installed_.end() && (have->second.iif != want->iif || rearm)) {
      RecreateMfc(sg, out);
      out.push_back(*want);
      installed_[sg] = *want;
    } else if (want && (have == installed_.end() || !(have->second == *want))) {
      out.push_back(*want);
      installed_[sg] = *want;
    } else if (!want && have != installed_.end()) {
      out.push_back(engine::MfcDel{sg});
      installed_.erase(have);
    }
  }
}

// An entry whose incoming interface changes, or whose SPT bit has just been set, is deleted
// before it is added again, not replaced in place: Linux keeps an entry's last_assert across
// MRT_ADD_MFC, so a WRONGVIF upcall spent before the change (on the packet that moved the entry
// at an SPT switch, §4.2.2, or on data that arrived while SPTbit(S,G) was still FALSE and so
// CouldAssert(S,G,I) too) would mute the next 3 s (MFC_ASSERT_THRESH) of wrong-interface data;
// that data is another forwarder's copies on an outgoing interface, which must raise the §4.6.1
// "data arrives on I and CouldAssert(S,G,I)" event at once or the LAN carries duplicates until
// the rate limit lapses. A new entry also restarts its counters, so the flow's counted packets
// do too.
void PimEngine::RecreateMfc(const Sg& sg, Out& out) {
  out.push_back(engine::MfcDel{sg});
  if (const auto f = flows_.find(sg); f != flows_.end()) {
    Flow& fl = f->second;
    fl.earlier_packets += fl.packets;
    fl.earlier_bytes += fl.bytes;
    fl.earlier_wrong_if += fl.wrong_if;
    fl.packets = 0;
    fl.bytes = 0;
    fl.wrong_if = 0;
  }
}

bool PimEngine::Removable(const Sg& sg, const Entry& e) const {
  return e.ds.empty() && e.rpt.empty() && e.local_include.empty() && e.local_exclude.empty() &&
         e.asserts.empty() && e.us == UsState::kNotJoined && e.rpt_us != RptUsState::kPruned &&
         e.reg == RegState::kNoInfo && !timers_.Armed({TimerKind::kKeepalive, {}, sg, {}});
}

}  // namespace mc::pim
