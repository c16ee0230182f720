// The PIM engine's inputs, interfaces, Hellos and neighbors (RFC 7761 §4.3), timers and the
// end-of-step pump (pim_engine.h). Join/Prune processing is in pim_tib.cc, the upstream side and
// the reconcile step in pim_upstream.cc, data and registers in pim_register.cc.
#include "pim/pim_engine.h"

#include <algorithm>
#include <variant>

#include "wire/ip.h"

namespace mc::pim {

using engine::Effect;

std::string_view ToString(RegState s) {
  switch (s) {
    case RegState::kNoInfo:
      return "NoInfo";
    case RegState::kJoin:
      return "Join";
    case RegState::kJoinPending:
      return "JoinPending";
    case RegState::kPrune:
      return "Prune";
  }
  return "?";
}

PimEngine::PimEngine(PimEngineOptions options, Rng rng)
    : options_(options), rng_(rng), limits_(options.limits) {}

void PimEngine::Configure(Time now, const PimGlobalSettings& settings, Out& out) {
  std::map<Ipv4, std::optional<Ipv4>> old_rp;
  for (const auto& [sg, e] : tib_) {
    if (!sg.IsStarG() && (e.reg == RegState::kPrune || e.reg == RegState::kJoinPending)) {
      old_rp.emplace(sg.group, RpOf(sg.group));
    }
  }
  settings_ = settings;
  // §4.4.1 "RP changed" in Prune or JoinPending: back to Join (the tunnel now leads to the new
  // RP), RST cancelled, so the new RP learns the source from the next packet, not only after the
  // Register-Stop Timer (FRR #14696 / PR #6057; examples/pim-frr-14696-rp-change).
  for (auto& [sg, e] : tib_) {
    const auto it = old_rp.find(sg.group);
    if (!sg.IsStarG() && it != old_rp.end() && it->second != RpOf(sg.group) &&
        (e.reg == RegState::kPrune || e.reg == RegState::kJoinPending)) {
      e.reg = RegState::kJoin;
      timers_.Cancel({TimerKind::kRegisterStop, {}, sg, {}});
    }
  }
  mrib_.SetStaticMroutes(settings.static_mroutes);
  MarkAllDirty();
  EndStep(now, out);
}

void PimEngine::SetInterface(Time now, IfIndex ifx, engine::IfAddress address, bool up,
                             const PimInterfaceSettings& settings, Out& out) {
  Iface& i = ifaces_[ifx];
  const bool was_running = i.pim && i.up;
  const bool changed = !i.pim || i.settings != settings || i.address != address;
  if (i.address != address) {
    i.hello_sent = false;
  }
  i.address = address;
  i.settings = settings;
  i.pim = true;
  i.up = up;
  if (was_running && !up) {
    StopInterface(now, ifx, i, out);
  } else if (up && (!was_running || changed)) {
    if (!was_running) {
      // §4.3.1: a fresh Generation ID each time PIM starts on the interface, and the first
      // Hello after a random delay up to Triggered_Hello_Delay.
      i.generation_id = static_cast<std::uint32_t>(rng_.Next());
      i.hello_sent = false;
      timers_.Arm({TimerKind::kHello, ifx, {}, {}}, now + Random(kTriggeredHelloDelay));
    } else {
      timers_.ArmAtMost({TimerKind::kHello, ifx, {}, {}}, now + Random(kTriggeredHelloDelay));
    }
    NeighborsChanged(now, ifx, i, out);
  }
  MarkAllDirty();
  EndStep(now, out);
}

void PimEngine::RemoveInterface(Time now, IfIndex ifx, Out& out) {
  const auto it = ifaces_.find(ifx);
  if (it == ifaces_.end()) {
    return;
  }
  if (it->second.pim && it->second.up) {
    StopInterface(now, ifx, it->second, out);
  }
  it->second.pim = false;
  MarkAllDirty();
  EndStep(now, out);
}

// An interface going down: a Hello with holdtime 0 (§4.3.1 "before an interface goes down"),
// every neighbor and every downstream state of the interface gone.
void PimEngine::StopInterface(Time now, IfIndex ifx, Iface& i, Out& out) {
  SendHello(ifx, i, /*goodbye=*/true, out);
  while (!i.neighbors.empty()) {
    RemoveNeighbor(now, ifx, i, i.neighbors.begin()->first, out);
  }
  timers_.CancelIf([&](const TimerKey& k) { return k.ifx == ifx; });
  for (auto& [sg, e] : tib_) {
    const auto before = e.ds.size() + e.rpt.size() + e.asserts.size();
    e.ds.EraseIf([&](const DsIf& d) { return d.ifx == ifx; });
    e.rpt.EraseIf([&](const RptIf& r) { return r.ifx == ifx; });
    e.asserts.EraseIf([&](const AssertIf& a) { return a.ifx == ifx; });
    if (e.ds.size() + e.rpt.size() + e.asserts.size() != before) {
      MarkDirty(sg.group);
    }
  }
  i.dr = Ipv4{};
}

void PimEngine::Handle(Time now, const engine::Input& in, Out& out) {
  if (const auto* p = std::get_if<engine::PacketIn>(&in)) {
    OnPacket(now, *p, out);
  } else if (const auto* d = std::get_if<engine::DataplaneEvent>(&in)) {
    OnDataplane(now, *d, out);
    if (d->kind == engine::DataplaneKind::kWrongIif) {
      AssertDataArrives(now, d->sg, d->iif, out);  // §4.6 "data arrives on interface I"
    }
  } else if (const auto* l = std::get_if<engine::LinkEvent>(&in)) {
    OnLink(now, *l, out);
  } else if (const auto* r = std::get_if<engine::RouteEvent>(&in)) {
    if (mrib_.Apply(*r)) {
      MarkAllDirty();  // §4.5.4-4.5.7 "RPF'(...) changes": every entry re-resolves
    }
  } else if (const auto* n = std::get_if<engine::Notify>(&in)) {
    if (const auto* m = std::get_if<engine::GroupMembership>(&n->payload)) {
      OnMembership(now, *m, out);
    }
  }
  EndStep(now, out);
}

void PimEngine::OnLink(Time now, const engine::LinkEvent& e, Out& out) {
  Iface& i = ifaces_[e.ifindex];
  if (e.address) {
    if (i.address != *e.address) {
      i.hello_sent = false;
    }
    i.address = *e.address;
  }
  const bool was_running = i.pim && i.up;
  i.up = e.up;
  if (i.pim && was_running && !e.up) {
    StopInterface(now, e.ifindex, i, out);
  } else if (i.pim && !was_running && e.up) {
    i.generation_id = static_cast<std::uint32_t>(rng_.Next());
    i.hello_sent = false;
    timers_.Arm({TimerKind::kHello, e.ifindex, {}, {}}, now + Random(kTriggeredHelloDelay));
    NeighborsChanged(now, e.ifindex, i, out);
  }
  MarkAllDirty();
}

void PimEngine::OnMembership(Time now, const engine::GroupMembership& m, Out& out) {
  if (!m.sg.group.IsMulticast() || m.sg.group.IsLinkLocalMulticast()) {
    return;
  }
  // RFC 4604 §2.2 / RFC 4607: no any-source state inside the SSM range.
  if (m.sg.IsStarG() && settings_.ssm.Contains(m.sg.group)) {
    counters_.Inc(PimCounter::kSsmStarGMembershipIgnored);
    return;
  }
  Entry* e = m.joined ? GetOrCreate(now, m.sg, out) : Find(m.sg);
  if (e == nullptr) {
    return;
  }
  auto& set = (!m.sg.IsStarG() && m.mode == engine::FilterMode::kExclude) ? e->local_exclude
                                                                          : e->local_include;
  const auto it = std::lower_bound(set.begin(), set.end(), m.ifindex);
  const bool present = it != set.end() && *it == m.ifindex;
  if (m.joined && !present) {
    set.insert(it, m.ifindex);
  } else if (!m.joined && present) {
    set.erase(it);
  }
  MarkDirty(m.sg.group);
}

void PimEngine::OnPacket(Time now, const engine::PacketIn& p, Out& out) {
  if (p.layer != engine::Layer::kL3 || p.protocol != wire::kProtoPim) {
    return;
  }
  if (IsMyAddress(p.src)) {
    counters_.Inc(PimCounter::kDropOwnPacket);
    return;
  }
  auto decoded = wire::DecodePim(p.bytes);
  if (!decoded) {
    // A type beyond the ones RFC 7761 §4.9 defines is well-formed but not ours (IOS counts
    // "unknown type"), not malformed.
    counters_.Inc(decoded.error() == wire::DecodeError::kBadType ? PimCounter::kDropUnsupportedType
                                                                 : PimCounter::kDropMalformed);
    tracer_.Emit(now, "bad-packet", out, "drop PIM from {} on if {}: {}", p.src, p.ifindex.value(),
                 wire::ToString(decoded.error()));
    return;
  }
  if (const auto* reg = std::get_if<wire::PimRegister>(&*decoded)) {
    OnRegister(now, p, *reg, out);
    return;
  }
  if (const auto* rs = std::get_if<wire::PimRegisterStop>(&*decoded)) {
    counters_.Inc(PimCounter::kRegisterStopsReceived);
    OnRegisterStop(now, *rs);
    return;
  }
  const auto it = ifaces_.find(p.ifindex);
  if (it == ifaces_.end() || !it->second.pim || !it->second.up) {
    counters_.Inc(PimCounter::kDropNotPimInterface);
    return;
  }
  Iface& i = it->second;
  if (const auto* h = std::get_if<wire::PimHello>(&*decoded)) {
    OnHello(now, p.ifindex, i, p.src, *h, out);
  } else if (const auto* jp = std::get_if<wire::PimJoinPrune>(&*decoded)) {
    OnJoinPrune(now, p.ifindex, i, p.src, *jp, out);
  } else if (const auto* as = std::get_if<wire::PimAssert>(&*decoded)) {
    OnAssert(now, p.ifindex, i, p.src, *as, out);
  } else {
    counters_.Inc(PimCounter::kDropUnsupportedType);  // BSR, DM and BIDIR messages
  }
}

// §4.3.1-4.3.3: create or refresh the neighbor; holdtime 0 removes it at once; a changed
// Generation ID is a rebooted neighbor.
void PimEngine::OnHello(Time now, IfIndex ifx, Iface& i, Ipv4 src, const wire::PimHello& h,
                        Out& out) {
  counters_.Inc(PimCounter::kHellosReceived);
  // §4.9.2: a Hello without a Holdtime option uses the default (3.5 x 30 s).
  const std::uint16_t holdtime_s = h.holdtime_s.value_or(105);
  if (holdtime_s == 0) {
    if (i.neighbors.contains(src)) {
      counters_.Inc(PimCounter::kNeighborGoodbye);
      RemoveNeighbor(now, ifx, i, src, out);
      NeighborsChanged(now, ifx, i, out);
    }
    return;
  }
  auto it = i.neighbors.find(src);
  const bool is_new = it == i.neighbors.end();
  if (is_new) {
    if (!limits_.Admit(engine::Limit::kNeighborsPerInterface, i.neighbors.size(), now,
                       src.ToString(), tracer_, out)) {
      counters_.Inc(PimCounter::kDropLimit);
      return;
    }
    it = i.neighbors.emplace(src, Neighbor{.address = src, .since = now}).first;
  }
  Neighbor& n = it->second;
  const bool genid_changed =
      !is_new && h.generation_id && n.generation_id && *h.generation_id != *n.generation_id;
  n.dr_priority = h.dr_priority;
  n.generation_id = h.generation_id;
  n.lan_prune_delay = h.lan_prune_delay;
  n.secondary_addresses = h.secondary_addresses;
  const TimerKey nlt{TimerKind::kNeighborLiveness, ifx, {}, src};
  if (holdtime_s == kHoldtimeInfinite) {
    n.expires.reset();
    timers_.Cancel(nlt);
  } else {
    n.expires = now + std::chrono::seconds{holdtime_s};
    timers_.Arm(nlt, *n.expires);
  }
  if (is_new || genid_changed) {
    // §4.3.1: a new (or rebooted) neighbor gets a Hello soon, before any J/P is sent to it.
    timers_.ArmAtMost({TimerKind::kHello, ifx, {}, {}}, now + Random(kTriggeredHelloDelay));
  }
  if (is_new) {
    out.push_back(engine::Notify{engine::NeighborChange{ifx, src, true}});
    // RPF'(*,G) / RPF'(S,G) may now resolve to this neighbor (NBR() was NULL): §4.5.4-4.5.7
    // "RPF' changes" sends the Join to it (tests/sim_random seed 1).
    MarkAllDirty();
  }
  if (genid_changed) {
    // §4.5.4 / §4.5.5 "GenID of RPF' changes": lower each Join Timer aimed at it to t_override.
    for (auto& [sg, e] : tib_) {
      if (e.rpf_if == ifx && e.rpf_nbr == src) {
        UsEventOn(now, sg, e, UsEvent::kRpfPrimeGenIdChanged, src, ifx);
      }
    }
    AssertNeighborGone(now, ifx, src, out);  // §4.6.1 / §4.6.2 "Current Winner's GenID changes"
  }
  NeighborsChanged(now, ifx, i, out);
}

void PimEngine::RemoveNeighbor(Time now, IfIndex ifx, Iface& i, Ipv4 addr, Out& out) {
  if (i.neighbors.erase(addr) == 0) {
    return;
  }
  timers_.Cancel({TimerKind::kNeighborLiveness, ifx, {}, addr});
  AssertNeighborGone(now, ifx, addr, out);  // §4.6.1 / §4.6.2 "Current Winner's NLT expires"
  out.push_back(engine::Notify{engine::NeighborChange{ifx, addr, false}});
  MarkAllDirty();  // RPF' toward this neighbor is gone
}

// DR election and LAN delay after any change of the neighbor set or of our own settings.
void PimEngine::NeighborsChanged(Time now, IfIndex ifx, Iface& i, Out& out) {
  (void)now;
  const SelfHello self{i.address.address, i.settings.dr_priority, i.settings.lan_prune_delay};
  i.lan = NegotiateLanDelay(self, i.neighbors);
  const Ipv4 dr = ElectDr(self, i.neighbors);
  if (dr != i.dr) {
    i.dr = dr;
    out.push_back(engine::Notify{engine::DrChange{ifx, dr == i.address.address, dr}});
    MarkAllDirty();  // pim_include() depends on I_am_DR(I)
  }
}

void PimEngine::HelloBeforeJoinOrAssert(IfIndex ifx, Out& out) {
  const auto it = ifaces_.find(ifx);
  if (it == ifaces_.end() || !it->second.pim || !it->second.up || it->second.hello_sent) {
    return;
  }
  SendHello(ifx, it->second, /*goodbye=*/false, out);
}

void PimEngine::SendJoinPruneOrAssert(IfIndex ifx, wire::Bytes payload, PimCounter counter,
                                      Out& out) {
  HelloBeforeJoinOrAssert(ifx, out);
  counters_.Inc(counter);
  out.push_back(engine::SendPacket{.oif = ifx,
                                   .src = AddressOn(ifx),
                                   .dst = kAllPimRouters,
                                   .ttl = 1,
                                   .protocol = wire::kProtoPim,
                                   .payload = std::move(payload)});
}

void PimEngine::SendHello(IfIndex ifx, Iface& i, bool goodbye, Out& out) {
  wire::PimHello h;
  // §4.11: Default_Hello_Holdtime = 3.5 x Hello_Period.
  const auto hold_s =
      std::chrono::duration_cast<std::chrono::seconds>(i.settings.hello_period * 7 / 2).count();
  h.holdtime_s = goodbye ? 0 : static_cast<std::uint16_t>(std::clamp<long>(hold_s, 1, 65534));
  h.lan_prune_delay = i.settings.lan_prune_delay;
  h.dr_priority = i.settings.dr_priority;
  h.generation_id = i.generation_id;
  auto bytes = wire::EncodeToBytes(wire::PimMessage{h});
  if (!bytes) {
    return;
  }
  counters_.Inc(PimCounter::kHellosSent);
  i.hello_sent = !goodbye;
  out.push_back(engine::SendPacket{.oif = ifx,
                                   .src = i.address.address,
                                   .dst = kAllPimRouters,
                                   .ttl = 1,
                                   .protocol = wire::kProtoPim,
                                   .payload = std::move(*bytes)});
}

void PimEngine::AdvanceTo(Time now, Out& out) {
  while (const std::optional<TimerKey> key = timers_.PopDue(now)) {
    Fire(now, *key, out);
  }
  EndStep(now, out);
}

void PimEngine::Fire(Time now, const TimerKey& key, Out& out) {
  switch (key.kind) {
    case TimerKind::kHello: {
      Iface& i = ifaces_[key.ifx];
      SendHello(key.ifx, i, false, out);
      timers_.Arm(key, now + i.settings.hello_period);
      return;
    }
    case TimerKind::kNeighborLiveness: {
      Iface& i = ifaces_[key.ifx];
      counters_.Inc(PimCounter::kNeighborTimeout);
      RemoveNeighbor(now, key.ifx, i, key.neighbor, out);
      NeighborsChanged(now, key.ifx, i, out);
      return;
    }
    case TimerKind::kExpiry:
      return DsEventOn(now, key.sg, key.ifx, DsEvent::kEtExpired, {});
    case TimerKind::kPrunePending:
      return DsEventOn(now, key.sg, key.ifx, DsEvent::kPptExpired, {});
    case TimerKind::kRptExpiry:
      return RptEventOn(now, key.sg, key.ifx, RptDsEvent::kEtExpired, {});
    case TimerKind::kRptPrunePending:
      return RptEventOn(now, key.sg, key.ifx, RptDsEvent::kPptExpired, {});
    case TimerKind::kJoin:
      if (Entry* e = Find(key.sg)) {
        UsEventOn(now, key.sg, *e, UsEvent::kJoinTimerExpired, {}, {});
      }
      return;
    case TimerKind::kOverride:
      if (Entry* e = Find(key.sg)) {
        RptUsEventOn(now, key.sg, *e, RptUsEvent::kOverrideTimerExpired);
      }
      return;
    case TimerKind::kKeepalive:
      MarkDirty(key.sg.group);  // JoinDesired(S,G) and CouldRegister(S,G) read the KAT
      return;
    case TimerKind::kRegisterStop:
      if (Entry* e = Find(key.sg)) {
        // §4.4.1: Prune --RST expires--> JoinPending (send Null-Register, RST = Probe);
        // JoinPending --RST expires--> Join.
        if (e->reg == RegState::kPrune) {
          e->reg = RegState::kJoinPending;
          SendNullRegister(now, key.sg, out);
          timers_.Arm(key, now + kRegisterProbeTime);
        } else if (e->reg == RegState::kJoinPending) {
          e->reg = RegState::kJoin;
        }
        MarkDirty(key.sg.group);
      }
      return;
    case TimerKind::kFlow:
      flows_.erase(key.sg);
      MarkDirty(key.sg.group);
      return;
    case TimerKind::kAssert:
      return AssertEventOn(now, key.sg, key.ifx, AssertEvent::kAssertTimerExpires, nullptr, &out);
  }
}

void PimEngine::MarkAllDirty() {
  for (const auto& [sg, e] : tib_) {
    dirty_.insert(sg.group);
  }
  for (const auto& [sg, f] : flows_) {
    dirty_.insert(sg.group);
  }
}

// The one reconcile step per input (DESIGN.md rule 6), then the packed Join/Prune messages.
void PimEngine::EndStep(Time now, Out& out) {
  while (!dirty_.empty()) {
    const Ipv4 g = *dirty_.begin();
    dirty_.erase(dirty_.begin());
    Reconcile(now, g, out);
  }
  FlushJoinPrunes(now, out);
}

bool PimEngine::IsMyAddress(Ipv4 a) const {
  return std::any_of(ifaces_.begin(), ifaces_.end(), [&](const auto& kv) {
    return kv.second.address.address == a && !a.IsUnspecified();
  });
}

const PimEngine::Iface* PimEngine::PimIface(IfIndex ifx) const {
  const auto it = ifaces_.find(ifx);
  return it != ifaces_.end() && it->second.pim && it->second.up ? &it->second : nullptr;
}

Ipv4 PimEngine::AddressOn(IfIndex ifx) const {
  const auto it = ifaces_.find(ifx);
  return it == ifaces_.end() ? Ipv4{} : it->second.address.address;
}

std::optional<Ipv4> PimEngine::DrOf(IfIndex ifx) const {
  const Iface* i = PimIface(ifx);
  return i ? std::optional<Ipv4>(i->dr) : std::nullopt;
}

}  // namespace mc::pim
