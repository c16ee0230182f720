// Data-driven behaviour (RFC 7761 §4.2 data-packet rules with the Linux upcalls as input:
// kNoCache, kWrongIif (with the whole packet when the cache sends IGMPMSG_WRVIFWHOLE: the first
// SPT packet is forwarded here), kActivity), the Keepalive Timer, Update_SPTbit (§4.2.2) and the
// SPT switchover (§4.2.1 CheckSwitchToSpt), and both ends of the register machinery (§4.4): the DR
// encapsulates register-VIF packets to RP(G), runs the §4.4.1 register state machine and sends
// Null-Registers; the RP decapsulates down the RPT, keeps the KAT, joins toward the source via
// JoinDesired(S,G), and sends Register-Stop on the SPT or with no receivers (§4.4.2).
// Checksums: the codec checks and writes the RFC 7761 §4.9.3 register checksum (first 8 bytes;
// whole-packet checksums from old senders are accepted on receipt).
#include <algorithm>

#include "pim/pim_engine.h"
#include "wire/ip.h"

namespace mc::pim {

namespace {

bool ValidDataSg(const Sg& sg) {
  return sg.group.IsMulticast() && !sg.group.IsLinkLocalMulticast() && !sg.source.IsUnspecified() &&
         !sg.source.IsMulticast() && !sg.source.IsBroadcast();
}

// §4.2 forwarding of a packet the cache dropped as wrong-interface and handed up whole: "if iif
// == RPF_interface(S) AND UpstreamJPState(S,G) == Joined AND inherited_olist(S,G) != NULL,
// forward on inherited_olist(S,G)". This is the first packet on the SPT at a last-hop router
// whose entry still points at the RPT (Update_SPTbit has just set the SPT bit and the entry
// moves at the end of this step); dropping it loses it, because its RPT copy, arriving later,
// is refused by the moved entry. True when the packet was forwarded.
bool ForwardOnSpt(const PimEngine& pe, const engine::DataplaneEvent& d,
                  std::vector<engine::Effect>& out) {
  if (d.packet.empty() || !pe.SptBit(d.sg) || pe.UpstreamState(d.sg) != UsState::kJoined) {
    return false;
  }
  const std::optional<RpfInfo> rpf_s = pe.Rpf(d.sg.source);
  const auto inner = wire::DecodeIpv4(d.packet);
  if (!rpf_s || rpf_s->iif != d.iif || !inner || inner->header.src != d.sg.source ||
      inner->header.dst != d.sg.group) {
    return false;
  }
  PimEngine::IfSet oifs = pe.InheritedOlist(d.sg);
  std::erase(oifs, d.iif);
  if (oifs.empty()) {
    return false;
  }
  if (inner->header.ttl <= 1) {
    return true;  // on the right interface, but it may not leave this router
  }
  for (const IfIndex oif : oifs) {
    out.push_back(
        engine::SendPacket{.oif = oif,
                           .src = d.sg.source,
                           .dst = d.sg.group,
                           .ttl = static_cast<std::uint8_t>(inner->header.ttl - 1),
                           .protocol = inner->header.protocol,
                           .tos = inner->header.tos,
                           .payload = wire::Bytes(inner->payload.begin(), inner->payload.end())});
  }
  return true;
}

}  // namespace

void PimEngine::OnDataplane(Time now, const engine::DataplaneEvent& d, Out& out) {
  if (d.kind == engine::DataplaneKind::kWholePacket) {
    OnWholePacket(now, d, out);
    return;
  }
  if (!ValidDataSg(d.sg)) {
    return;
  }
  const TimerKey flow_timer{TimerKind::kFlow, {}, d.sg, {}};
  switch (d.kind) {
    case engine::DataplaneKind::kNoCache: {
      // A flow lives as long as its Keepalive Timer (210 s), like the (S,G) state it feeds:
      // it is bounded by the routing-entry limit, not by the count of upcalls in flight (with
      // that limit a router could never carry more than 1,024 active sources).
      if (!flows_.contains(d.sg) && !limits_.Admit(engine::Limit::kSgEntries, flows_.size(), now,
                                                   d.sg.ToString(), tracer_, out)) {
        counters_.Inc(PimCounter::kDropLimit);
        return;
      }
      Flow& f = flows_[d.sg];
      f = Flow{.iif = d.iif, .since = now, .last_activity = now};
      timers_.Arm(flow_timer, now + kKeepalivePeriod);
      OnData(now, d.sg, d.iif, out);
      return;
    }
    case engine::DataplaneKind::kWrongIif: {
      OnData(now, d.sg, d.iif, out);
      if (ForwardOnSpt(*this, d, out)) {
        return;
      }
      const std::optional<engine::MfcAdd> want = DesiredMfc(d.sg);
      if (!want || want->iif != d.iif) {
        counters_.Inc(PimCounter::kRpfFailures);  // §4.2: data off the RPF interface is dropped
      }
      return;
    }
    case engine::DataplaneKind::kActivity: {
      auto it = flows_.find(d.sg);
      const auto have = installed_.find(d.sg);
      if (have == installed_.end()) {
        return;
      }
      if (it == flows_.end()) {
        // An entry installed before any upcall (the RP's, from a Register): native packets on
        // its iif show up only as activity, and they must reach Update_SPTbit (§4.2.2) or the
        // RP never sends the Register-Stop of §4.4.2 and the DR registers forever.
        if (!limits_.Admit(engine::Limit::kSgEntries, flows_.size(), now, d.sg.ToString(), tracer_,
                           out)) {
          counters_.Inc(PimCounter::kDropLimit);
          return;
        }
        it = flows_.emplace(d.sg, Flow{.iif = have->second.iif, .since = now}).first;
      }
      if (d.wrong_if_count > it->second.wrong_if) {
        it->second.wrong_if = d.wrong_if_count;
        if (AwaitingSptData(d.sg, have->second.iif)) {
          // Packets arrived off the entry's iif while it still takes the RPT, and the one
          // WRONGVIF upcall per 3 s may have gone to another interface's packet: re-arm it so
          // the first SPT packet on RPF_interface(S) reaches Update_SPTbit (§4.2.2) now, not
          // after the rate limit; until then the RP keeps getting Registers for (S,G).
          rearm_assert_.insert(d.sg);
          MarkDirty(d.sg.group);
        }
      }
      if (d.packet_count <= it->second.packets) {
        return;
      }
      it->second.packets = d.packet_count;
      it->second.bytes = d.byte_count;
      it->second.last_activity = now;
      timers_.Arm(flow_timer, now + kKeepalivePeriod);
      // The RP's entry keeps the register VIF as iif until native data arrives (DesiredMfc);
      // nothing reaches the cache on that VIF (the engine decapsulates), so its counted packets
      // came natively, as wrong-interface ones whose upcall the rate limit may have swallowed.
      const std::optional<RpfInfo> rpf_s = mrib_.Lookup(d.sg.source);
      const bool via_register_vif = have->second.iif == options_.register_vif;
      OnData(now, d.sg, via_register_vif && rpf_s ? rpf_s->iif : have->second.iif, out);
      return;
    }
    case engine::DataplaneKind::kWholePacket:
      return;
  }
}

// §4.2 "on receipt of data from S to G on interface iif".
void PimEngine::OnData(Time now, const Sg& sg, IfIndex iif, Out& out) {
  const std::optional<RpfInfo> rpf_s = mrib_.Lookup(sg.source);
  const bool on_spt_if = rpf_s && rpf_s->iif == iif;
  const TimerKey kat{TimerKind::kKeepalive, {}, sg, {}};
  if (DirectlyConnected(sg.source) && on_spt_if) {
    if (GetOrCreate(now, sg, out) != nullptr) {
      timers_.Arm(kat, now + kKeepalivePeriod);
    }
  }
  UpdateSptBit(now, sg, iif);
  const Entry* e = Find(sg);
  const Entry* star = Find(Sg{{}, sg.group});
  if (on_spt_if && e != nullptr && e->spt_bit) {
    timers_.Arm(kat, now + kKeepalivePeriod);
  } else if (star != nullptr && iif == star->rpf_if && (e == nullptr || !e->spt_bit)) {
    // CheckSwitchToSpt(S,G): local members of G that want S, and SwitchToSptDesired(S,G).
    const Sg star_g{{}, sg.group};
    const IfSet want = [&] {
      IfSet a = PimInclude(star_g);
      const IfSet ex = PimExclude(sg);
      std::erase_if(a, [&](IfIndex i) { return std::binary_search(ex.begin(), ex.end(), i); });
      IfSet b = PimInclude(sg);
      a.insert(a.end(), b.begin(), b.end());
      return a;
    }();
    if (!want.empty() && SwitchToSptDesired(sg) && GetOrCreate(now, sg, out) != nullptr) {
      timers_.Arm(kat, now + kKeepalivePeriod);
    }
  }
  MarkDirty(sg.group);
}

// Joined toward S but forwarding from another interface (the RPT, or the RP's register VIF)
// until the first packet on RPF_interface(S) sets the SPT bit.
bool PimEngine::AwaitingSptData(const Sg& sg, IfIndex installed_iif) const {
  const Entry* e = Find(sg);
  if (e == nullptr || e->spt_bit || !JoinDesired(sg)) {
    return false;
  }
  const std::optional<RpfInfo> rpf_s = mrib_.Lookup(sg.source);
  return rpf_s && rpf_s->iif != installed_iif;
}

// §4.2.2 Update_SPTbit(S,G,iif).
void PimEngine::UpdateSptBit(Time now, const Sg& sg, IfIndex iif) {
  (void)now;
  Entry* e = Find(sg);
  const std::optional<RpfInfo> rpf_s = mrib_.Lookup(sg.source);
  if (e == nullptr || e->spt_bit || !rpf_s || rpf_s->iif != iif || !JoinDesired(sg)) {
    return;
  }
  const auto star_rpf = RpfPrime(Sg{{}, sg.group});
  const auto sg_rpf = RpfPrime(sg);
  const IfIndex rp_if = [&] {
    const std::optional<Ipv4> rp = RpOf(sg.group);
    if (!rp || IsMyAddress(*rp)) {
      return IfIndex{};
    }
    const std::optional<RpfInfo> r = mrib_.Lookup(*rp);
    return r ? r->iif : IfIndex{};
  }();
  if (DirectlyConnected(sg.source) || rpf_s->iif != rp_if || InheritedOlistSgRpt(sg).empty() ||
      (sg_rpf == star_rpf && !sg_rpf.second.IsUnspecified())) {
    e->spt_bit = true;
    rearm_assert_.insert(sg);  // ReconcileMfc / RecreateMfc: CouldAssert(S,G,I) may now hold
    if (Find(Sg{{}, sg.group}) != nullptr && rpf_s->iif != rp_if) {
      counters_.Inc(PimCounter::kSptSwitchovers);
    }
    MarkDirty(sg.group);
  }
}

// The DR side: a packet the dataplane sent to the register VIF goes to RP(G) in a Register.
void PimEngine::OnWholePacket(Time now, const engine::DataplaneEvent& d, Out& out) {
  (void)now;
  const auto inner = wire::DecodeIpv4(d.packet);
  if (!inner) {
    counters_.Inc(PimCounter::kDropRegisterBadInner);
    return;
  }
  const Sg sg{inner->header.src, inner->header.dst};
  const Entry* e = Find(sg);
  const std::optional<Ipv4> rp = RpOf(sg.group);
  if (e == nullptr || e->reg != RegState::kJoin || !rp) {
    return;  // §4.4.1: only the Join state has the register tunnel
  }
  counters_.Inc(PimCounter::kRegistersSent);
  SendUnicast(*rp, settings_.register_source, wire::PimRegister{.packet = d.packet}, out);
}

void PimEngine::SendNullRegister(Time now, const Sg& sg, Out& out) {
  (void)now;
  const std::optional<Ipv4> rp = RpOf(sg.group);
  if (!rp) {
    return;
  }
  // §4.4.1: a Null-Register carries a dummy IP header with S and G and no data.
  auto dummy = wire::BuildIpv4(
      wire::Ipv4Header{.ttl = 1, .protocol = wire::kProtoPim, .src = sg.source, .dst = sg.group},
      {});
  if (!dummy) {
    return;
  }
  counters_.Inc(PimCounter::kNullRegistersSent);
  SendUnicast(*rp, settings_.register_source,
              wire::PimRegister{.null_register = true, .packet = std::move(*dummy)}, out);
}

void PimEngine::SendUnicast(Ipv4 dst, std::optional<Ipv4> src, const wire::PimMessage& m,
                            Out& out) {
  const std::optional<RpfInfo> route = mrib_.Lookup(dst);
  if (!route || !route->iif.valid()) {
    counters_.Inc(PimCounter::kDropNoRoute);
    return;
  }
  auto bytes = wire::EncodeToBytes(m);
  if (!bytes) {
    return;
  }
  out.push_back(engine::SendPacket{.oif = route->iif,
                                   .src = src.value_or(AddressOn(route->iif)),
                                   .dst = dst,
                                   .ttl = 64,
                                   .protocol = wire::kProtoPim,
                                   .payload = std::move(*bytes)});
}

void PimEngine::SendRegisterStop(Time now, Ipv4 rp_addr, Ipv4 to, const Sg& sg, Out& out) {
  (void)now;
  counters_.Inc(PimCounter::kRegisterStopsSent);
  SendUnicast(to, rp_addr, wire::PimRegisterStop{.group = {.group = sg.group}, .source = sg.source},
              out);
}

// §4.4.2 "Receiving Register Messages at the RP".
void PimEngine::OnRegister(Time now, const engine::PacketIn& p, const wire::PimRegister& r,
                           Out& out) {
  counters_.Inc(PimCounter::kRegistersReceived);
  const auto inner = wire::DecodeIpv4(r.packet);
  if (!inner) {
    counters_.Inc(PimCounter::kDropRegisterBadInner);
    return;
  }
  const Sg sg{inner->header.src, inner->header.dst};
  if (!ValidDataSg(sg)) {
    counters_.Inc(PimCounter::kDropRegisterBadInner);
    return;
  }
  if (settings_.ssm.Contains(sg.group)) {
    counters_.Inc(PimCounter::kDropRegisterSsm);  // RFC 4607 §2: no registers in SSM ranges
    SendRegisterStop(now, p.dst, p.src, sg, out);
    return;
  }
  const std::optional<Ipv4> rp = RpOf(sg.group);
  if (!rp || *rp != p.dst || !IsMyAddress(*rp)) {
    counters_.Inc(PimCounter::kDropRegisterNotRp);
    SendRegisterStop(now, p.dst, p.src, sg, out);
    return;
  }
  Entry* e = GetOrCreate(now, sg, out);
  if (e == nullptr) {
    return;
  }
  // The RP always wants the SPT toward a registering source (IOS; spt-threshold is a
  // last-hop setting), so SwitchToSptDesired(S,G) is TRUE here.
  bool sent_stop = false;
  if (e->spt_bit || InheritedOlist(sg).empty()) {
    SendRegisterStop(now, p.dst, p.src, sg, out);
    sent_stop = true;
  }
  timers_.Arm({TimerKind::kKeepalive, {}, sg, {}},
              now + (sent_stop ? kRpKeepalivePeriod : kKeepalivePeriod));
  if (!e->spt_bit && !r.null_register && inner->header.ttl > 1) {
    for (const IfIndex oif : InheritedOlistSgRpt(sg)) {
      counters_.Inc(PimCounter::kRegisterDecapsulated);
      out.push_back(
          engine::SendPacket{.oif = oif,
                             .src = sg.source,
                             .dst = sg.group,
                             .ttl = static_cast<std::uint8_t>(inner->header.ttl - 1),
                             .protocol = inner->header.protocol,
                             .tos = inner->header.tos,
                             .payload = wire::Bytes(inner->payload.begin(), inner->payload.end())});
    }
  }
  MarkDirty(sg.group);
}

// §4.4.1 "Receive Register-Stop": Join / JoinPending -> Prune with
// RST = rand(0.5, 1.5) x Register_Suppression_Time - Register_Probe_Time. A wildcard source
// stops every source of the group.
void PimEngine::OnRegisterStop(Time now, const wire::PimRegisterStop& rs) {
  const Ipv4 group = rs.group.group;
  if (!group.IsMulticast()) {
    counters_.Inc(PimCounter::kDropBadGroup);
    return;
  }
  if (!rs.source.IsUnspecified()) {
    if (Entry* e = Find(Sg{rs.source, group})) {
      RegisterStopReceived(now, Sg{rs.source, group}, *e);
    }
    return;
  }
  for (auto it = tib_.lower_bound(Sg{Ipv4{1}, group}); it != tib_.end() && it->first.group == group;
       ++it) {
    RegisterStopReceived(now, it->first, it->second);
  }
}

void PimEngine::RegisterStopReceived(Time now, const Sg& sg, Entry& e) {
  if (e.reg != RegState::kJoin && e.reg != RegState::kJoinPending) {
    return;
  }
  e.reg = RegState::kPrune;
  const Duration rst =
      kRegisterSuppressionTime / 2 + Random(kRegisterSuppressionTime) - kRegisterProbeTime;
  timers_.Arm({TimerKind::kRegisterStop, {}, sg, {}}, now + rst);
  MarkDirty(sg.group);
}

}  // namespace mc::pim
