// The IGMP snooping engine (snoop_engine.h): input handling, membership and mrouter state,
// the forwarding reconcile, the L2 querier, TCN flooding and the aliasing guard.
#include "snoop/snoop_engine.h"

#include <algorithm>

#include "l2/frame.h"
#include "wire/ethernet.h"
#include "wire/igmp.h"
#include "wire/ip.h"

namespace mc::snoop {

using engine::Effect;
using wire::IgmpRecordType;

namespace {

constexpr std::uint8_t kIgmpTypePimV1 = 0x14;

bool IsLinkLocalGroup(Ipv4 g) { return g.IsLinkLocalMulticast(); }

// Seed 004 (Switch2, PFC1): the 01-00-5e-00-00-xx system CAM entries for router protocols.
// Data to a group that maps onto one of them is "address aliasing".
bool IsSystemMac(const Mac& m) {
  if (!l2::IsLinkLocalMulticastMac(m)) {
    return false;
  }
  switch (m.bytes()[5]) {
    case 0x01:
    case 0x04:
    case 0x05:
    case 0x06:
    case 0x0d:
    case 0x16:
      return true;
    default:
      return false;
  }
}

// CatOS writes MACs as 01-00-5e-00-00-04 (seed 004's syslog lines).
std::string CatOsMac(const Mac& m) {
  std::string s = m.ToString();
  std::replace(s.begin(), s.end(), ':', '-');
  return s;
}

}  // namespace

// A punted frame, decoded once.
struct SnoopEngine::Frame {
  std::uint16_t vlan = 0;
  IfIndex port;
  Mac dst_mac;
  Mac src_mac;
  wire::Ipv4Header ip;
  std::span<const std::uint8_t> payload;  // the IP payload
  std::span<const std::uint8_t> bytes;    // the whole frame
};

const VlanSettings& SnoopSettings::For(std::uint16_t vlan) const {
  const auto it = vlans.find(vlan);
  return it == vlans.end() ? defaults : it->second;
}

SnoopEngine::SnoopEngine(SnoopOptions options, Rng rng) : options_(std::move(options)), rng_(rng) {
  engine::Limits l;
  l.groups_per_interface = options_.groups_per_vlan;
  limits_.set_limits(l);
}

SnoopEngine::Vlan& SnoopEngine::VlanState(std::uint16_t vlan) {
  auto [it, inserted] = vlans_.try_emplace(vlan);
  if (inserted) {
    it->second.query_interval = options_.default_query_interval;
    it->second.max_response_time = options_.default_max_response_time;
  }
  return it->second;
}

bool SnoopEngine::Enabled(std::uint16_t vlan) const {
  return settings_.enabled && settings_.For(vlan).enabled;
}

std::vector<IfIndex> SnoopEngine::PortsOf(std::uint16_t vlan) const {
  std::vector<IfIndex> out;
  for (const auto& [id, p] : ports_) {
    if (p.up && p.vlans.Contains(vlan)) {
      out.push_back(id);
    }
  }
  return out;
}

std::string SnoopEngine::NameOf(IfIndex port) const {
  const auto it = ports_.find(port);
  return it == ports_.end() || it->second.name.empty() ? fmt::format("port{}", port.value())
                                                       : it->second.name;
}

// RFC 2236 §8.4 / RFC 3376 §8.4 Group Membership Interval, from the querier's timers as heard.
Duration SnoopEngine::Gmi(const Vlan& v) const {
  return options_.robustness * v.query_interval + v.max_response_time;
}

// ---- configuration ----

void SnoopEngine::SetSettings(Time now, const SnoopSettings& settings, std::vector<Effect>& out) {
  const bool was_enabled = settings_.enabled;
  settings_ = settings;
  if (!was_enabled && settings_.enabled && alias_.permanent) {
    alias_ = Aliasing{};  // seed 004: disabling and re-enabling snooping clears fallback
    timers_.Cancel(TimerKey{TimerKind::kFallbackHold, 0, {}, {}});
  }
  if (!settings_.enabled) {
    // Everything floods; forget learned state, as `no ip igmp snooping` does on Catalyst.
    for (auto& [id, v] : vlans_) {
      std::vector<std::pair<Ipv4, IfIndex>> gone;
      for (const auto& [g, grp] : v.groups) {
        for (const auto& [port, m] : grp.members) {
          gone.emplace_back(g, port);
        }
      }
      for (const auto& [g, port] : gone) {
        RemoveMember(now, id, g, port, false, out);
      }
    }
  }
  SyncStatic(now, out);
  SyncQueriers(now, out);
}

void SnoopEngine::SetPort(Time now, IfIndex port, const PortSettings& settings,
                          std::vector<Effect>& out) {
  const auto it = ports_.find(port);
  const bool was_up = it != ports_.end() && it->second.up;
  const config::VlanSet old_vlans = it != ports_.end() ? it->second.vlans : config::VlanSet{};
  ports_[port] = settings;
  if (was_up && (!settings.up || old_vlans != settings.vlans)) {
    DropPortState(now, port, out);
  }
  IndexPort(port);
  SyncStatic(now, out);
  SyncQueriers(now, out);
}

void SnoopEngine::RemovePort(Time now, IfIndex port, std::vector<Effect>& out) {
  DropPortState(now, port, out);
  ports_.erase(port);
  dynamic_groups_.erase(port);
  SyncStatic(now, out);
  SyncQueriers(now, out);
}

// A port went down, left a VLAN or was removed: its members and learned mrouter role go.
void SnoopEngine::DropPortState(Time now, IfIndex port, std::vector<Effect>& out) {
  for (auto& [id, v] : vlans_) {
    std::vector<Ipv4> groups;
    for (const auto& [g, grp] : v.groups) {
      if (grp.members.contains(port)) {
        groups.push_back(g);
      }
    }
    for (const Ipv4 g : groups) {
      RemoveMember(now, id, g, port, false, out);
    }
    if (v.mrouters.erase(port) > 0) {
      timers_.Cancel(TimerKey{TimerKind::kMrouter, id, {}, port});
      Reconcile(id, Ipv4{}, out);
    }
  }
}

// Static groups and static mrouter ports follow the settings (and the ports that are up).
void SnoopEngine::SyncStatic(Time now, std::vector<Effect>& out) {
  std::set<std::uint16_t> ids;
  for (const auto& [id, v] : vlans_) {
    ids.insert(id);
  }
  for (const auto& [id, vs] : settings_.vlans) {
    ids.insert(id);
  }
  for (const std::uint16_t id : ids) {
    const VlanSettings& vs = settings_.For(id);
    const bool on = Enabled(id);
    Vlan& v = VlanState(id);
    bool mrouters_changed = false;
    for (auto it = v.mrouters.begin(); it != v.mrouters.end();) {
      const bool keep_static = on && vs.static_mrouters.contains(it->first);
      mrouters_changed |= it->second.is_static != keep_static;
      it->second.is_static = keep_static;
      it = !keep_static && it->second.learned_from.empty() ? v.mrouters.erase(it) : std::next(it);
    }
    for (const IfIndex p : vs.static_mrouters) {
      if (on && ports_.contains(p) && !v.mrouters[p].is_static) {
        v.mrouters[p].is_static = true;
        mrouters_changed = true;
      }
    }
    if (mrouters_changed) {
      Reconcile(id, Ipv4{}, out);
    }
    // Static members that are no longer configured lose their static mark.
    std::vector<std::pair<Ipv4, IfIndex>> unstatic;
    for (const auto& [g, grp] : v.groups) {
      for (const auto& [p, m] : grp.members) {
        const auto sg = vs.static_groups.find(g);
        if (m.is_static && (!on || sg == vs.static_groups.end() || !sg->second.contains(p))) {
          unstatic.emplace_back(g, p);
        }
      }
    }
    for (const auto& [g, p] : unstatic) {
      Member& m = v.groups.at(g).members.at(p);
      m.is_static = false;
      SetCounted(id, g, p, true);
      if (!m.reported) {
        RemoveMember(now, id, g, p, false, out);
      }
    }
    if (!on) {
      continue;
    }
    for (const auto& [g, ports] : vs.static_groups) {
      for (const IfIndex p : ports) {
        if (!ports_.contains(p)) {
          continue;
        }
        if (Member* m = AdmitMember(now, id, g, p, out)) {
          m->is_static = true;
          SetCounted(id, g, p, false);
          timers_.Cancel(TimerKey{TimerKind::kMember, id, g, p});
          Reconcile(id, g, out);
        }
      }
    }
  }
}

// The L2 querier runs on every VLAN that has it configured and a port to query.
void SnoopEngine::SyncQueriers(Time now, std::vector<Effect>& out) {
  std::set<std::uint16_t> ids;
  for (const auto& [id, p] : ports_) {
    for (const std::uint16_t vlan : p.vlans.Ids()) {
      ids.insert(vlan);
    }
  }
  for (auto& [id, v] : vlans_) {
    ids.insert(id);
  }
  for (const std::uint16_t id : ids) {
    const bool want = Enabled(id) && settings_.For(id).querier && !PortsOf(id).empty();
    const TimerKey other{TimerKind::kOtherQuerier, id, {}, {}};
    if (!want) {
      const auto it = vlans_.find(id);
      if (it != vlans_.end() && it->second.querier_active) {
        it->second.querier_active = false;
        timers_.Cancel(TimerKey{TimerKind::kGeneralQuery, id, {}, {}});
      }
      continue;
    }
    Vlan& v = VlanState(id);
    if (!v.querier_active && !timers_.Armed(other)) {
      // Catalyst querier start: startup queries (robustness of them, a quarter interval apart,
      // RFC 3376 §8.6-8.7), then one per query interval.
      v.querier_active = true;
      v.startup_left = options_.robustness;
      SendGeneralQuery(now, id, out);
    }
  }
}

// ---- inputs ----

void SnoopEngine::Handle(Time now, const engine::Input& in, std::vector<Effect>& out) {
  if (const auto* p = std::get_if<engine::PacketIn>(&in)) {
    OnFrame(now, *p, out);
  } else if (const auto* l = std::get_if<engine::LinkEvent>(&in)) {
    OnLink(now, *l, out);
  } else if (const auto* n = std::get_if<engine::Notify>(&in)) {
    if (std::holds_alternative<engine::TopologyChangeNotice>(n->payload)) {
      OnTopologyChange(now, out);
    }
  }
}

void SnoopEngine::OnLink(Time now, const engine::LinkEvent& e, std::vector<Effect>& out) {
  const auto it = ports_.find(e.ifindex);
  if (it == ports_.end() || it->second.up == e.up) {
    return;
  }
  PortSettings s = it->second;
  s.up = e.up;
  SetPort(now, e.ifindex, s, out);
}

void SnoopEngine::AdvanceTo(Time now, std::vector<Effect>& out) {
  for (std::optional<Time> t = timers_.NextDeadline(); t && *t <= now; t = timers_.NextDeadline()) {
    const std::optional<TimerKey> k = timers_.PopDue(*t);
    Fire(*t, *k, out);
  }
}

Punt SnoopEngine::Classify(std::uint16_t vlan, std::span<const std::uint8_t> frame) const {
  if (!Enabled(vlan)) {
    return Punt::kNone;
  }
  const auto eth = wire::DecodeEthernet(frame);
  if (!eth || eth->header.ethertype != wire::kEtherTypeIpv4) {
    return Punt::kNone;
  }
  const auto ip = wire::DecodeIpv4(eth->payload);
  if (!ip || !ip->header.dst.IsMulticast()) {
    return Punt::kNone;
  }
  const Ipv4 dst = ip->header.dst;
  const std::span<const std::uint8_t> payload = ip->payload;
  if (ip->header.protocol == wire::kProtoIgmp && !payload.empty()) {
    const std::uint8_t type = payload[0];
    if (type == wire::kIgmpTypeQuery || type == wire::kIgmpTypeDvmrp || type == kIgmpTypePimV1) {
      return Punt::kCopy;
    }
    // Reports to 224.0.0.x are not snooped (RFC 4541 §2.1.2 (2)): they flood like the group.
    return IsLinkLocalGroup(dst) && dst != kAllRouters && dst != Ipv4{224, 0, 0, 22}
               ? Punt::kNone
               : Punt::kConsume;
  }
  if (alias_.fallback) {
    return Punt::kNone;  // fallback: only IGMP still reaches the supervisor (seed 004)
  }
  if ((ip->header.protocol == wire::kProtoPim && dst == kAllPimRouters) ||
      (ip->header.protocol == wire::kProtoOspf && (dst == kAllOspfRouters || dst == kAllOspfDrs))) {
    return Punt::kCopy;
  }
  if (options_.alias_guard && !IsLinkLocalGroup(dst) && IsSystemMac(eth->header.dst)) {
    return Punt::kCopy;
  }
  return Punt::kNone;
}

void SnoopEngine::OnFrame(Time now, const engine::PacketIn& p, std::vector<Effect>& out) {
  if (p.layer != engine::Layer::kL2 || !p.vlan || !Enabled(*p.vlan)) {
    return;
  }
  Vlan& v = VlanState(*p.vlan);
  const auto eth = wire::DecodeEthernet(p.bytes);
  if (!eth || eth->header.ethertype != wire::kEtherTypeIpv4) {
    v.counters.Inc(SnoopCounter::kDropMalformed);
    return;
  }
  const auto ip = wire::DecodeIpv4(eth->payload);
  if (!ip) {
    v.counters.Inc(SnoopCounter::kDropMalformed);
    tracer_.Emit(now, "bad-packet", out, "bad IPv4 packet on {} vlan {}: {}", NameOf(p.ifindex),
                 *p.vlan, ip.error());
    return;
  }
  const Frame f{*p.vlan,    p.ifindex,   eth->header.dst, eth->header.src,
                ip->header, ip->payload, p.bytes};
  const Ipv4 dst = f.ip.dst;
  if (f.ip.protocol == wire::kProtoIgmp) {
    OnIgmp(now, f, out);
  } else if (alias_.fallback) {
    return;
  } else if (f.ip.protocol == wire::kProtoPim && dst == kAllPimRouters && !f.payload.empty() &&
             f.payload[0] == 0x20) {
    LearnMrouter(now, f.vlan, f.port, "pim-v2", out);  // PIMv2 Hello (RFC 7761 §4.9.2)
  } else if (f.ip.protocol == wire::kProtoOspf && (dst == kAllOspfRouters || dst == kAllOspfDrs)) {
    LearnMrouter(now, f.vlan, f.port, "mospf", out);
  } else if (options_.alias_guard && dst.IsMulticast() && !IsLinkLocalGroup(dst) &&
             IsSystemMac(f.dst_mac)) {
    OnAliased(now, f, out);
  }
}

void SnoopEngine::OnIgmp(Time now, const Frame& f, std::vector<Effect>& out) {
  Vlan& v = VlanState(f.vlan);
  if (!f.payload.empty() && f.payload[0] == kIgmpTypePimV1) {
    if (!alias_.fallback && f.ip.dst == kAllRouters) {
      LearnMrouter(now, f.vlan, f.port, "pim-v1", out);  // PIMv1 Router-Query, 224.0.0.2
    }
    return;
  }
  const auto msg = wire::DecodeIgmp(f.payload);
  if (!msg) {
    v.counters.Inc(SnoopCounter::kDropMalformed);
    tracer_.Emit(now, "bad-packet", out, "bad IGMP message on {} vlan {}: {}", NameOf(f.port),
                 f.vlan, msg.error());
    return;
  }
  if (const auto* q = std::get_if<wire::IgmpQuery>(&*msg)) {
    OnQuery(now, f, *q, out);
  } else if (std::holds_alternative<wire::DvmrpMessage>(*msg)) {
    if (!alias_.fallback && f.ip.dst == kAllDvmrpRouters) {
      LearnMrouter(now, f.vlan, f.port, "dvmrp", out);
    }
  } else if (const auto* r1 = std::get_if<wire::IgmpV1Report>(&*msg)) {
    v.counters.Inc(SnoopCounter::kReportsReceived);
    OnJoin(now, f, r1->group, 1, out);
  } else if (const auto* r2 = std::get_if<wire::IgmpV2Report>(&*msg)) {
    v.counters.Inc(SnoopCounter::kReportsReceived);
    OnJoin(now, f, r2->group, 2, out);
  } else if (const auto* l = std::get_if<wire::IgmpLeave>(&*msg)) {
    v.counters.Inc(SnoopCounter::kLeavesReceived);
    OnLeave(now, f, l->group, out);
  } else {
    v.counters.Inc(SnoopCounter::kV3ReportsReceived);
    OnV3Report(now, f, std::get<wire::IgmpV3Report>(*msg), out);
  }
}

void SnoopEngine::OnQuery(Time now, const Frame& f, const wire::IgmpQuery& q,
                          std::vector<Effect>& out) {
  Vlan& v = VlanState(f.vlan);
  v.counters.Inc(SnoopCounter::kQueriesReceived);
  if (!q.IsGeneral()) {
    // A group-specific query opens a new report window for that group.
    if (const auto it = v.groups.find(q.group); it != v.groups.end()) {
      it->second.relayed = false;
      it->second.report_window_end = now + wire::MaxRespTime(q.max_resp_code);
    }
    return;
  }
  // RFC 4541 §2.1.1 (1) b: queries from 0.0.0.0 (proxy queriers) do not mark a router port.
  if (!f.ip.src.IsUnspecified()) {
    LearnMrouter(now, f.vlan, f.port, "igmp", out);
  }
  v.other_querier = f.ip.src;
  v.other_querier_port = f.port;
  v.other_querier_version = static_cast<std::uint8_t>(q.version);
  if (q.version != wire::IgmpVersion::kV1) {
    v.max_response_time = wire::MaxRespTime(q.max_resp_code);
  }
  if (q.version == wire::IgmpVersion::kV3 && q.qqic != 0) {
    v.query_interval = wire::QqicInterval(q.qqic);  // RFC 3376 §4.1.7
  }
  const VlanSettings& vs = settings_.For(f.vlan);
  if (vs.querier && f.ip.src != vs.querier_address) {
    // Catalyst: the snooping querier stands down while another querier is present.
    v.querier_active = false;
    timers_.Cancel(TimerKey{TimerKind::kGeneralQuery, f.vlan, {}, {}});
    timers_.Arm(TimerKey{TimerKind::kOtherQuerier, f.vlan, {}, {}}, now + vs.querier_timeout);
  }
  HeardGeneralQuery(now, f.vlan, v, out);
}

// A general query was sent or heard: every group's report window restarts, and TCN flooding
// counts it.
void SnoopEngine::HeardGeneralQuery(Time now, std::uint16_t vlan, Vlan& v,
                                    std::vector<Effect>& out) {
  for (auto& [g, grp] : v.groups) {
    grp.relayed = false;
  }
  v.report_window_end = now + v.max_response_time;
  if (v.tcn_queries_left > 0 && --v.tcn_queries_left == 0) {
    timers_.Cancel(TimerKey{TimerKind::kTcnFlood, vlan, {}, {}});
    tracer_.Emit(now, "tcn", out, "vlan {}: topology-change flooding ends", vlan);
  }
}

// IGMPv1/v2 report, or an IGMPv3 record that joins. Returns whether the port is a member now.
bool SnoopEngine::OnJoin(Time now, const Frame& f, Ipv4 group, std::uint8_t version,
                         std::vector<Effect>& out) {
  Vlan& v = VlanState(f.vlan);
  if (!group.IsMulticast() || IsLinkLocalGroup(group)) {
    v.counters.Inc(SnoopCounter::kDropMalformed);
    return false;
  }
  const auto port = ports_.find(f.port);
  if (port == ports_.end()) {
    return false;
  }
  if (port->second.filter && !port->second.filter->Allows(group)) {
    v.counters.Inc(SnoopCounter::kDropFiltered);  // `ip igmp filter`: the profile denies G
    return false;
  }
  Member* m = AdmitMember(now, f.vlan, group, f.port, out);
  if (m == nullptr) {
    return false;
  }
  m->reported = true;
  m->version = version;
  m->last_reporter = f.ip.src;
  m->queries_left = 0;
  m->leave.clear();
  timers_.Cancel(TimerKey{TimerKind::kLeave, f.vlan, group, f.port});
  timers_.Cancel(TimerKey{TimerKind::kLeaveQuery, f.vlan, group, f.port});
  if (!m->is_static) {
    timers_.Arm(TimerKey{TimerKind::kMember, f.vlan, group, f.port}, now + Gmi(v));
  }
  Reconcile(f.vlan, group, out);
  if (version == 3) {
    return true;  // the caller relays the whole IGMPv3 report
  }
  // Seeds 003/004: the first report per group per query goes to the routers, the rest of that
  // query's response window stop here; unsolicited reports outside a window are relayed (seed
  // 004 scenario 2: Host3's join reaches the MSFC although Host2 answered the last query).
  Group& grp = v.groups.at(group);
  if (grp.relayed && now < std::max(v.report_window_end, grp.report_window_end)) {
    v.counters.Inc(SnoopCounter::kReportsSuppressed);
    return true;
  }
  grp.relayed = true;
  if (Relay(f.vlan, v, f.bytes, f.port, out)) {
    v.counters.Inc(SnoopCounter::kReportsRelayed);
  }
  return true;
}

bool SnoopEngine::OnLeave(Time now, const Frame& f, Ipv4 group, std::vector<Effect>& out) {
  Vlan& v = VlanState(f.vlan);
  const auto git = v.groups.find(group);
  if (git == v.groups.end()) {
    return false;
  }
  const auto mit = git->second.members.find(f.port);
  if (mit == git->second.members.end() || !mit->second.reported) {
    return false;  // not a member there, or a static one: leaves do not remove it
  }
  if (mit->second.is_static) {
    mit->second.reported = false;
    timers_.Cancel(TimerKey{TimerKind::kMember, f.vlan, group, f.port});
    return false;
  }
  const VlanSettings& vs = settings_.For(f.vlan);
  if (vs.immediate_leave) {
    // Immediate leave: no query, the port goes now (seed 004's hub pitfall follows from this).
    Member& m = mit->second;
    m.leave.assign(f.bytes.begin(), f.bytes.end());
    RemoveMember(now, f.vlan, group, f.port, true, out);
    return true;
  }
  Member& m = mit->second;
  if (!m.leave.empty()) {
    return true;  // already asking
  }
  m.leave.assign(f.bytes.begin(), f.bytes.end());
  const IfIndex port[] = {f.port};
  SendQuery(now, f.vlan, group, port, out);
  Duration wait{};
  if (vs.leave_timer == config::SnoopLeaveTimer::kRandom) {
    // CatOS (seed 004): "Deletion Timer Value set to Random Value", 1-3 s; 10 s for IGMPv1.
    wait = m.version == 1 ? Duration{std::chrono::seconds{10}}
                          : Duration{std::chrono::seconds{rng_.Between(1, 3)}};
    m.queries_left = 0;
  } else {
    // IOS: last-member-query-count queries, LMQI apart; the port goes after count x LMQI.
    wait = vs.last_member_query_count * vs.last_member_query_interval;
    m.queries_left = vs.last_member_query_count - 1;
    if (m.queries_left > 0) {
      timers_.Arm(TimerKey{TimerKind::kLeaveQuery, f.vlan, group, f.port},
                  now + vs.last_member_query_interval);
    }
  }
  timers_.Arm(TimerKey{TimerKind::kLeave, f.vlan, group, f.port}, now + wait);
  // Answers to our own queries stay here once the router has a report for the group.
  git->second.report_window_end = std::max(git->second.report_window_end, now + wait);
  return true;
}

// RFC 3376 §4.2.12 records, tracked per group: any record that asks for traffic joins,
// TO_IN({}) / IS_IN({}) leaves, BLOCK changes nothing at L2.
void SnoopEngine::OnV3Report(Time now, const Frame& f, const wire::IgmpV3Report& r,
                             std::vector<Effect>& out) {
  Vlan& v = VlanState(f.vlan);
  bool any = false;
  for (const wire::IgmpGroupRecord& rec : r.records) {
    const bool empty_include =
        rec.sources.empty() && (rec.type == IgmpRecordType::kModeIsInclude ||
                                rec.type == IgmpRecordType::kChangeToIncludeMode);
    if (empty_include) {
      any = OnLeave(now, f, rec.group, out) || any;
    } else if (rec.type != IgmpRecordType::kBlockOldSources) {
      any = OnJoin(now, f, rec.group, 3, out) || any;
    }
  }
  if (any && Relay(f.vlan, v, f.bytes, f.port, out)) {  // IOS relays every IGMPv3 report
    v.counters.Inc(SnoopCounter::kReportsRelayed);
  }
}

// ---- membership ----

SnoopEngine::Member* SnoopEngine::AdmitMember(Time now, std::uint16_t vlan, Ipv4 group,
                                              IfIndex port, std::vector<Effect>& out) {
  Vlan& v = VlanState(vlan);
  const auto git = v.groups.find(group);
  if (git != v.groups.end()) {
    if (const auto mit = git->second.members.find(port); mit != git->second.members.end()) {
      return &mit->second;
    }
  }
  // `ip igmp max-groups N` counts the groups a port has joined in all its VLANs (Catalyst).
  const PortSettings& ps = ports_.at(port);
  if (ps.max_groups) {
    // The port's own index, not a scan of the table: a report flood on a limited port must
    // not cost the whole table per report (snoop_flood_test.cc).
    const std::set<std::pair<std::uint16_t, Ipv4>>& joined = dynamic_groups_[port];
    if (joined.size() >= *ps.max_groups) {
      if (ps.max_groups_action == config::IgmpLimitAction::kDeny || joined.empty()) {
        v.counters.Inc(SnoopCounter::kDropMaxGroups);
        return nullptr;
      }
      // `action replace`: Catalyst evicts a randomly chosen group of the port (SEED-NOTES.md).
      const auto [evict_vlan, evict_group] =
          *std::next(joined.begin(), static_cast<std::ptrdiff_t>(rng_.Below(joined.size())));
      VlanState(evict_vlan).counters.Inc(SnoopCounter::kMaxGroupsReplaced);
      RemoveMember(now, evict_vlan, evict_group, port, false, out);
    }
  }
  if (git == v.groups.end()) {
    if (total_groups_ >= options_.table_max) {
      v.counters.Inc(SnoopCounter::kDropTableFull);
      tracer_.Emit(now, "limit snoop-table", out, "limit snoop-table ({}) reached, dropped {}",
                   options_.table_max, group);
      return nullptr;
    }
    if (!limits_.Admit(engine::Limit::kGroupsPerInterface, v.groups.size(), now,
                       fmt::format("{} vlan {}", group, vlan), tracer_, out)) {
      v.counters.Inc(SnoopCounter::kDropTableFull);
      return nullptr;
    }
    ++total_groups_;
  }
  Group& grp = v.groups[group];
  if (grp.members.empty()) {
    grp.since = now;
  }
  Member& m = grp.members[port];
  m.since = now;
  SetCounted(vlan, group, port, true);  // until SyncStatic marks it static
  return &m;
}

// Keeps dynamic_groups_ (the groups `ip igmp max-groups` counts: a port's non-static
// memberships) in step: a membership counts when created or made dynamic again, and stops
// counting when it becomes static or is removed.
void SnoopEngine::SetCounted(std::uint16_t vlan, Ipv4 group, IfIndex port, bool counted) {
  if (counted) {
    const auto p = ports_.find(port);
    if (p != ports_.end() && p->second.max_groups) {
      dynamic_groups_[port].emplace(vlan, group);
    }
    return;
  }
  const auto it = dynamic_groups_.find(port);
  if (it != dynamic_groups_.end() && it->second.erase({vlan, group}) > 0 && it->second.empty()) {
    dynamic_groups_.erase(it);
  }
}

// Only ports with `ip igmp max-groups` keep the index (it costs a set node per membership);
// configuring the limit builds it from the table.
void SnoopEngine::IndexPort(IfIndex port) {
  dynamic_groups_.erase(port);
  if (!ports_.at(port).max_groups) {
    return;
  }
  std::set<std::pair<std::uint16_t, Ipv4>> joined;
  for (const auto& [id, vl] : vlans_) {
    for (const auto& [g, grp] : vl.groups) {
      const auto mit = grp.members.find(port);
      if (mit != grp.members.end() && !mit->second.is_static) {
        joined.emplace(id, g);
      }
    }
  }
  if (!joined.empty()) {
    dynamic_groups_.emplace(port, std::move(joined));
  }
}

void SnoopEngine::RemoveMember(Time now, std::uint16_t vlan, Ipv4 group, IfIndex port,
                               bool relay_leave, std::vector<Effect>& out) {
  (void)now;
  Vlan& v = VlanState(vlan);
  const auto git = v.groups.find(group);
  if (git == v.groups.end()) {
    return;
  }
  const auto mit = git->second.members.find(port);
  if (mit == git->second.members.end()) {
    return;
  }
  const wire::Bytes leave = std::move(mit->second.leave);
  git->second.members.erase(mit);
  SetCounted(vlan, group, port, false);
  for (const TimerKind k : {TimerKind::kMember, TimerKind::kLeave, TimerKind::kLeaveQuery}) {
    timers_.Cancel(TimerKey{k, vlan, group, port});
  }
  const bool last = git->second.members.empty();
  if (last) {
    v.groups.erase(git);
    --total_groups_;
  }
  Reconcile(vlan, group, out);
  // Seed 004 scenario 2: the leave goes to the router only when the VLAN's last member left.
  if (last && relay_leave && !leave.empty() && Relay(vlan, v, leave, port, out)) {
    v.counters.Inc(SnoopCounter::kLeavesRelayed);
  }
}

void SnoopEngine::LearnMrouter(Time now, std::uint16_t vlan, IfIndex port, std::string_view from,
                               std::vector<Effect>& out) {
  if (!ports_.contains(port)) {
    return;
  }
  Vlan& v = VlanState(vlan);
  Mrouter& m = v.mrouters[port];
  const bool is_new = m.learned_from.empty() && !m.is_static;
  m.learned_from = std::string(from);
  timers_.Arm(TimerKey{TimerKind::kMrouter, vlan, {}, port}, now + options_.mrouter_aging);
  if (is_new) {
    v.counters.Inc(SnoopCounter::kMrouterLearned);
    tracer_.Emit(now, "mrouter", out, "vlan {}: multicast router port {} learned from {}", vlan,
                 NameOf(port), from);
    Reconcile(vlan, Ipv4{}, out);
  }
}

// ---- forwarding ----

// Recomputes the forwarding entries of the MACs `cause` maps to (every MAC of the VLAN when
// cause is 0.0.0.0, e.g. the mrouter ports changed) and emits the differences.
void SnoopEngine::Reconcile(std::uint16_t vlan, Ipv4 cause, std::vector<Effect>& out) {
  Vlan& v = VlanState(vlan);
  if (!cause.IsUnspecified()) {
    ReconcileMac(vlan, v, Mac::ForGroup(cause), cause, out);
    return;
  }
  std::vector<Mac> macs;
  for (const auto& [mac, e] : v.macs) {
    macs.push_back(mac);
  }
  for (const Mac& mac : macs) {
    ReconcileMac(vlan, v, mac, cause, out);
  }
}

void SnoopEngine::ReconcileMac(std::uint16_t vlan, Vlan& v, const Mac& mac, Ipv4 cause,
                               std::vector<Effect>& out) {
  MacEntry& e = v.macs[mac];
  if (!cause.IsUnspecified()) {
    if (v.groups.contains(cause)) {
      e.groups.insert(cause);
    } else {
      e.groups.erase(cause);
    }
  }
  std::set<IfIndex> want;
  for (const Ipv4 g : e.groups) {
    for (const auto& [p, m] : v.groups.at(g).members) {
      want.insert(p);
    }
  }
  if (!want.empty()) {
    for (const auto& [p, m] : v.mrouters) {
      want.insert(p);  // RFC 4541 §2.1.2 (1): router ports receive every registered group
    }
  }
  if (l2::IsLinkLocalMulticastMac(mac)) {
    // 239.0.0.4 and the other aliases of 224.0.0.x: their MAC is always flooded (Lookup), so
    // the group is tracked but gets no forwarding entry (seed 004 address aliasing).
    want.clear();
  }
  for (auto it = e.ports.begin(); it != e.ports.end();) {
    if (!want.contains(*it)) {
      out.push_back(engine::MdbDel{vlan, mac, cause, *it});
      it = e.ports.erase(it);
    } else {
      ++it;
    }
  }
  for (const IfIndex p : want) {
    if (e.ports.insert(p).second) {
      out.push_back(engine::MdbAdd{vlan, mac, cause, p});
    }
  }
  if (e.groups.empty() && e.ports.empty()) {
    v.macs.erase(mac);
  }
}

l2::MulticastEgress SnoopEngine::Lookup(std::uint16_t vlan, const Mac& dst,
                                        std::optional<Ipv4> group, IfIndex ingress) const {
  (void)group;  // entries are MAC-keyed, as the hardware keys them: aliases share them
  const auto without_ingress = [&](const std::set<IfIndex>& ports) {
    l2::MulticastEgress e{false, {}};
    for (const IfIndex p : ports) {
      if (p != ingress) {
        e.ports.push_back(p);
      }
    }
    return e;
  };
  if (const auto s = settings_.static_macs.find({vlan, dst}); s != settings_.static_macs.end()) {
    return without_ingress(s->second);  // seed 000: static entries forward even unsnooped
  }
  if (!Enabled(vlan) || !dst.IsIpv4Multicast() || l2::IsLinkLocalMulticastMac(dst)) {
    return l2::MulticastEgress{};  // `no ip igmp snooping`, non-IP, 224.0.0.x: flood
  }
  const auto vit = vlans_.find(vlan);
  if (vit == vlans_.end()) {
    return l2::MulticastEgress{};
  }
  const Vlan& v = vit->second;
  const auto mit = v.macs.find(dst);
  if (v.tcn_queries_left > 0) {
    // After a topology change: flood, except out of ports with `no ip igmp snooping tcn flood`.
    std::set<IfIndex> ports = mit != v.macs.end() ? mit->second.ports : std::set<IfIndex>{};
    bool all = true;
    for (const IfIndex p : PortsOf(vlan)) {
      if (ports_.at(p).tcn_flood) {
        ports.insert(p);
      } else {
        all = false;
      }
    }
    return all ? l2::MulticastEgress{} : without_ingress(ports);
  }
  if (mit == v.macs.end() || mit->second.ports.empty()) {
    return l2::MulticastEgress{};  // unregistered: flooded (RFC 4541 §2.1.2 (3) allows it)
  }
  return without_ingress(mit->second.ports);
}

// Reports and leaves go to the mrouter ports only (RFC 4541 §2.1.1 (1)). Returns whether one
// was sent: with no mrouter port (seed 000) nothing is, and nothing is counted as relayed.
bool SnoopEngine::Relay(std::uint16_t vlan, Vlan& v, std::span<const std::uint8_t> frame,
                        IfIndex except, std::vector<Effect>& out) {
  const std::optional<l2::FrameHeader> h = l2::ParseHeader(frame);
  if (!h) {
    return false;
  }
  const wire::VlanTag tag{h->tag ? h->tag->pcp : std::uint8_t{0}, h->tag && h->tag->dei, vlan};
  bool sent = false;
  for (const auto& [p, m] : v.mrouters) {
    if (p != except) {
      out.push_back(engine::SendFrame{p, l2::Retag(frame, *h, tag)});
      sent = true;
    }
  }
  return sent;
}

// An IGMPv2 query (general when group is 0.0.0.0) out of `ports`, from the VLAN's querier
// address (0.0.0.0 when none: a proxy query, RFC 4541 §2.1.1 (1)).
void SnoopEngine::SendQuery(Time now, std::uint16_t vlan, Ipv4 group,
                            std::span<const IfIndex> ports, std::vector<Effect>& out) {
  (void)now;
  const VlanSettings& vs = settings_.For(vlan);
  wire::IgmpQuery q;
  q.version = wire::IgmpVersion::kV2;
  q.group = group;
  q.max_resp_code = wire::MaxRespCodeFor(group.IsUnspecified() ? vs.querier_max_response_time
                                                               : vs.last_member_query_interval);
  const auto igmp = wire::EncodeToBytes(wire::IgmpMessage{q});
  wire::Ipv4Header ih;
  ih.tos = 0xC0;
  ih.ttl = 1;
  ih.protocol = wire::kProtoIgmp;
  ih.src = vs.querier_address;
  ih.dst = group.IsUnspecified() ? kAllSystems : group;
  ih.router_alert = true;
  if (!igmp) {
    return;
  }
  const auto ip = wire::BuildIpv4(ih, *igmp);
  if (!ip) {
    return;
  }
  const wire::EthernetHeader eh{Mac::ForGroup(ih.dst), options_.switch_mac,
                                wire::VlanTag{0, false, vlan}, wire::kEtherTypeIpv4};
  const auto frame = wire::BuildEthernet(eh, *ip);
  if (!frame) {
    return;
  }
  Vlan& v = VlanState(vlan);
  for (const IfIndex p : ports) {
    out.push_back(engine::SendFrame{p, *frame});
  }
  v.counters.Inc(group.IsUnspecified() ? SnoopCounter::kQueriesSent
                                       : SnoopCounter::kGroupQueriesSent);
}

void SnoopEngine::SendGeneralQuery(Time now, std::uint16_t vlan, std::vector<Effect>& out) {
  Vlan& v = VlanState(vlan);
  const VlanSettings& vs = settings_.For(vlan);
  const std::vector<IfIndex> ports = PortsOf(vlan);
  SendQuery(now, vlan, Ipv4{}, ports, out);
  v.query_interval = vs.querier_query_interval;
  v.max_response_time = vs.querier_max_response_time;
  Duration next = vs.querier_query_interval;
  if (v.startup_left > 1) {
    --v.startup_left;
    next = vs.querier_query_interval / 4;  // RFC 3376 §8.6 Startup Query Interval
  } else {
    v.startup_left = 0;
  }
  timers_.Arm(TimerKey{TimerKind::kGeneralQuery, vlan, {}, {}}, now + next);
  HeardGeneralQuery(now, vlan, v, out);
}

// RFC 4541 §2.1.1 (4): after a topology change, flood for `tcn flood query count` queries so
// moved receivers keep traffic; a querying switch asks at once.
void SnoopEngine::OnTopologyChange(Time now, std::vector<Effect>& out) {
  std::set<std::uint16_t> ids;
  for (const auto& [id, p] : ports_) {
    for (const std::uint16_t vlan : p.vlans.Ids()) {
      ids.insert(vlan);
    }
  }
  for (const std::uint16_t id : ids) {
    if (!Enabled(id)) {
      continue;
    }
    const std::vector<IfIndex> ports = PortsOf(id);
    const bool flood =
        std::any_of(ports.begin(), ports.end(), [&](IfIndex p) { return ports_.at(p).tcn_flood; });
    Vlan& v = VlanState(id);
    if (flood) {
      v.tcn_queries_left = settings_.For(id).tcn_query_count;
      // Seed 002 / Catalyst 4500: flood "until <count> query intervals have expired", so the
      // flood ends even when no querier ever asks (seed 000's network has none).
      timers_.Arm(TimerKey{TimerKind::kTcnFlood, id, {}, {}},
                  now + static_cast<int>(v.tcn_queries_left) * v.query_interval);
      v.counters.Inc(SnoopCounter::kTcnFloods);
      tracer_.Emit(now, "tcn", out, "vlan {}: topology change, flooding multicast for {} queries",
                   id, v.tcn_queries_left);
    }
    if (v.querier_active) {
      // An extra query: the startup queries and the periodic schedule go on as they were, so
      // the change does not swallow the second startup query (RFC 3376 §8.6).
      SendQuery(now, id, Ipv4{}, ports, out);
      HeardGeneralQuery(now, id, v, out);
    }
  }
}

// ---- address aliasing (seed 004) ----

void SnoopEngine::OnAliased(Time now, const Frame& f, std::vector<Effect>& out) {
  Vlan& v = VlanState(f.vlan);
  v.counters.Inc(SnoopCounter::kAliasedFrames);
  ++alias_.frames;
  alias_.last_mac = f.dst_mac;
  alias_.last_group = f.ip.dst;
  alias_.last_source = f.ip.src;
  alias_.last_source_mac = f.src_mac;
  alias_.last_port = f.port;
  if (alias_.in_window == 0 || now - alias_.window_start >= options_.alias_window) {
    alias_.window_start = now;
    alias_.in_window = 0;
    tracer_.Emit(now, "aliasing", out, "%MCAST-2-IGMP_ADDRAL:IGMP: Address Aliasing for {}",
                 CatOsMac(f.dst_mac));
  }
  if (++alias_.in_window >= options_.alias_fallback_threshold) {
    EnterFallback(now, out);  // seed 004 logs FALLBACK, then the details
    tracer_.Emit(now, "aliasing-details", out,
                 "%MCAST-2-IGMP_ADDRALDETAILS:IGMP: Multicast address aliasing: From {} ({}) on "
                 "{} to {} ({})",
                 CatOsMac(f.src_mac), f.ip.src, NameOf(f.port), CatOsMac(f.dst_mac), f.ip.dst);
  }
}

// Seed 004 "IGMP Fallback": the system MACs are flushed (router hellos no longer reach the
// supervisor, only IGMP does) for 5 minutes; the third fallback stays until snooping is
// disabled and enabled again.
void SnoopEngine::EnterFallback(Time now, std::vector<Effect>& out) {
  alias_.fallback = true;
  alias_.in_window = 0;
  ++alias_.fallbacks;
  tracer_.Emit(now, "fallback", out, "%MCAST-2-IGMP_FALLBACK:IGMP: Running in FALL BACK mode");
  if (alias_.fallbacks >= options_.alias_fallback_max) {
    alias_.permanent = true;
    timers_.Cancel(TimerKey{TimerKind::kFallbackHold, 0, {}, {}});
    return;
  }
  timers_.Arm(TimerKey{TimerKind::kFallbackHold, 0, {}, {}}, now + options_.alias_fallback_hold);
}

// ---- timers ----

void SnoopEngine::Fire(Time now, const TimerKey& key, std::vector<Effect>& out) {
  switch (key.kind) {
    case TimerKind::kMember: {
      VlanState(key.vlan).counters.Inc(SnoopCounter::kMembersAged);
      Vlan& v = VlanState(key.vlan);
      const auto git = v.groups.find(key.group);
      if (git != v.groups.end()) {
        const auto mit = git->second.members.find(key.port);
        if (mit != git->second.members.end() && mit->second.is_static) {
          mit->second.reported = false;
          return;
        }
      }
      RemoveMember(now, key.vlan, key.group, key.port, false, out);
      return;
    }
    case TimerKind::kLeave:
    case TimerKind::kLeaveQuery:
      FireLeave(now, key, out);
      return;
    case TimerKind::kMrouter: {
      Vlan& v = VlanState(key.vlan);
      const auto it = v.mrouters.find(key.port);
      if (it == v.mrouters.end()) {
        return;
      }
      v.counters.Inc(SnoopCounter::kMrouterAged);
      it->second.learned_from.clear();
      if (!it->second.is_static) {
        v.mrouters.erase(it);
        Reconcile(key.vlan, Ipv4{}, out);
      }
      return;
    }
    case TimerKind::kGeneralQuery:
      if (VlanState(key.vlan).querier_active) {
        SendGeneralQuery(now, key.vlan, out);
      }
      return;
    case TimerKind::kOtherQuerier:
      SyncQueriers(now, out);  // the other querier went quiet: query again
      return;
    case TimerKind::kTcnFlood: {
      Vlan& v = VlanState(key.vlan);
      if (v.tcn_queries_left > 0) {
        v.tcn_queries_left = 0;
        tracer_.Emit(now, "tcn", out, "vlan {}: topology-change flooding ends (timeout)", key.vlan);
      }
      return;
    }
    case TimerKind::kFallbackHold:
      alias_.fallback = false;  // the system entries are reinstalled
      tracer_.Emit(now, "fallback", out, "IGMP: address aliasing fallback ends");
      return;
  }
}

void SnoopEngine::FireLeave(Time now, const TimerKey& key, std::vector<Effect>& out) {
  Vlan& v = VlanState(key.vlan);
  const auto git = v.groups.find(key.group);
  if (git == v.groups.end()) {
    return;
  }
  const auto mit = git->second.members.find(key.port);
  if (mit == git->second.members.end()) {
    return;
  }
  if (key.kind == TimerKind::kLeave) {
    RemoveMember(now, key.vlan, key.group, key.port, true, out);
    return;
  }
  const IfIndex port[] = {key.port};
  SendQuery(now, key.vlan, key.group, port, out);
  if (--mit->second.queries_left > 0) {
    timers_.Arm(key, now + settings_.For(key.vlan).last_member_query_interval);
  }
}

// ---- snapshot ----

SnoopSnapshot SnoopEngine::Snap() const {
  SnoopSnapshot s;
  s.enabled = settings_.enabled;
  s.table_entries = total_groups_;
  s.table_max = options_.table_max;
  engine::Counters<SnoopCounter> sum;
  for (const auto& [id, v] : vlans_) {
    const VlanSettings& vs = settings_.For(id);
    VlanSnapshot vsnap;
    vsnap.vlan = id;
    vsnap.enabled = Enabled(id);
    vsnap.immediate_leave = vs.immediate_leave;
    vsnap.random_leave_timer = vs.leave_timer == config::SnoopLeaveTimer::kRandom;
    vsnap.last_member_query_interval = vs.last_member_query_interval;
    vsnap.tcn_query_count = vs.tcn_query_count;
    vsnap.tcn_queries_left = v.tcn_queries_left;
    vsnap.querier_configured = vs.querier;
    vsnap.querier_active = v.querier_active;
    vsnap.querier_address = vs.querier_address;
    vsnap.querier_query_interval = vs.querier_query_interval;
    vsnap.other_querier = v.other_querier;
    vsnap.other_querier_port = v.other_querier_port.valid() ? NameOf(v.other_querier_port) : "";
    vsnap.other_querier_version = v.other_querier_version;
    vsnap.other_querier_expires = timers_.Deadline(TimerKey{TimerKind::kOtherQuerier, id, {}, {}});
    vsnap.query_interval = v.query_interval;
    for (const auto& [g, grp] : v.groups) {
      GroupSnapshot gs{g, Mac::ForGroup(g), {}};
      for (const auto& [p, m] : grp.members) {
        gs.members.push_back(MemberSnapshot{
            p, NameOf(p), m.since, timers_.Deadline(TimerKey{TimerKind::kMember, id, g, p}),
            m.version, m.is_static, !m.leave.empty(), m.last_reporter});
      }
      vsnap.groups.push_back(std::move(gs));
    }
    std::map<Mac, MacEntrySnapshot> macs;
    for (const auto& [mac, e] : v.macs) {
      if (e.ports.empty()) {
        continue;  // groups on a flooded 01:00:5e:00:00:xx MAC: no forwarding entry
      }
      MacEntrySnapshot& ms = macs[mac];
      ms.mac = mac;
      ms.groups.assign(e.groups.begin(), e.groups.end());
      ms.ports.assign(e.ports.begin(), e.ports.end());
    }
    for (const auto& [key, ports] : settings_.static_macs) {
      if (key.first == id) {
        MacEntrySnapshot& ms = macs[key.second];
        ms.mac = key.second;
        ms.is_static = true;
        ms.ports.assign(ports.begin(), ports.end());
      }
    }
    for (auto& [mac, ms] : macs) {
      for (const IfIndex p : ms.ports) {
        ms.port_names.push_back(NameOf(p));
      }
      vsnap.mac_entries.push_back(std::move(ms));
    }
    for (const auto& [p, m] : v.mrouters) {
      vsnap.mrouters.push_back(
          MrouterSnapshot{p, NameOf(p), m.is_static, m.learned_from,
                          timers_.Deadline(TimerKey{TimerKind::kMrouter, id, {}, p})});
    }
    vsnap.counters = v.counters.Snapshot();
    for (std::size_t i = 0; i < vsnap.counters.size(); ++i) {
      sum.Inc(static_cast<SnoopCounter>(i), vsnap.counters[i].value);
    }
    s.vlans.push_back(std::move(vsnap));
  }
  s.counters = sum.Snapshot();
  s.aliasing = AliasingSnapshot{alias_.fallback,
                                alias_.permanent,
                                alias_.fallbacks,
                                alias_.frames,
                                timers_.Deadline(TimerKey{TimerKind::kFallbackHold, 0, {}, {}}),
                                alias_.last_mac,
                                alias_.last_group,
                                alias_.last_source,
                                alias_.last_source_mac,
                                alias_.last_port.valid() ? NameOf(alias_.last_port) : ""};
  return s;
}

}  // namespace mc::snoop
