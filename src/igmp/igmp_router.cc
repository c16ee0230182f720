// The IGMP router engine (igmp_router.h).
#include "igmp/igmp_router.h"

#include <algorithm>

namespace mc::igmp {

namespace {

using engine::Effect;
using engine::FilterMode;
using wire::IgmpRecordType;

constexpr Ipv4 kAllSystems{224, 0, 0, 1};
constexpr Ipv4 kAllRouters{224, 0, 0, 2};
constexpr Ipv4 kAllV3Routers{224, 0, 0, 22};

bool Permits(const std::optional<config::AccessList>& acl, Ipv4 group) {
  return !acl || acl->Permits(group);
}

}  // namespace

RouterEngine::RouterEngine(RouterEngineOptions options, Rng rng)
    : options_(std::move(options)), rng_(rng) {}

Duration RouterEngine::Gmi(const Iface& i) const {
  // RFC 3376 §8.4 / RFC 2236 §8.4: robustness x query interval + query response interval.
  return i.robustness * i.query_interval + i.config.query_response_interval;
}

Duration RouterEngine::Lmqt(const Iface& i) const {
  return i.config.last_member_query_count * i.config.last_member_query_interval;
}

bool RouterEngine::InSsmRange(Ipv4 group) const {
  return std::any_of(options_.ssm_ranges.begin(), options_.ssm_ranges.end(),
                     [&](const Prefix& p) { return p.Contains(group); });
}

// RFC 3376 §7.3.2: the lowest version of any host still present, capped by the router's own.
std::uint8_t RouterEngine::CompatibilityVersion(const Iface& i, IfIndex ifx, Ipv4 group) const {
  if (i.config.version == 1 || timers_.Armed(TimerKey{TimerKind::kV1Host, ifx, group, {}})) {
    return 1;
  }
  if (i.config.version == 2 || timers_.Armed(TimerKey{TimerKind::kV2Host, ifx, group, {}})) {
    return 2;
  }
  return 3;
}

void RouterEngine::SetInterface(Time now, IfIndex ifx, engine::IfAddress address, bool up,
                                const RouterIfConfig& config, std::vector<Effect>& out) {
  auto [it, inserted] = ifaces_.try_emplace(ifx);
  Iface& i = it->second;
  const bool was_up = !inserted && i.up;
  const bool changed = inserted || !(i.config == config) || i.address != address;
  i.address = address;
  i.config = config;
  i.robustness = config.robustness;
  i.query_interval = config.query_interval;
  if (was_up && !up) {
    StopInterface(now, ifx, i, out);
  }
  i.up = up;
  if (up && (!was_up || changed)) {
    StartInterface(now, ifx, i, out);
  }
}

void RouterEngine::RemoveInterface(Time now, IfIndex ifx, std::vector<Effect>& out) {
  const auto it = ifaces_.find(ifx);
  if (it == ifaces_.end()) {
    return;
  }
  StopInterface(now, ifx, it->second, out);
  ifaces_.erase(it);
}

// Interface up (or reconfigured): become querier and send the startup queries (RFC 3376
// §8.6-8.7: robustness queries, a quarter query interval apart); add static groups.
void RouterEngine::StartInterface(Time now, IfIndex ifx, Iface& i, std::vector<Effect>& out) {
  timers_.Cancel(TimerKey{TimerKind::kOtherQuerier, ifx, {}, {}});
  i.querier = i.config.version != 1 || i.config.is_dr;
  i.querier_address = i.querier ? i.address.address : Ipv4{};
  i.startup_left = i.config.robustness;
  if (i.querier) {
    SendGeneralQuery(now, ifx, i, out);
  } else {
    timers_.Cancel(TimerKey{TimerKind::kGeneralQuery, ifx, {}, {}});
  }
  SyncStaticGroups(now, ifx, i, out);
}

// Interface down: all state goes, every statement is withdrawn.
void RouterEngine::StopInterface(Time now, IfIndex ifx, Iface& i, std::vector<Effect>& out) {
  (void)now;
  timers_.CancelIf([ifx](const TimerKey& k) { return k.ifindex == ifx; });
  std::vector<Ipv4> groups;
  for (const auto& [g, grp] : i.groups) {
    groups.push_back(g);
  }
  i.groups.clear();
  i.static_count = 0;
  for (const Ipv4 g : groups) {
    Reconcile(ifx, i, g, out);
  }
  i.querier = false;
  i.querier_address = Ipv4{};
}

// Static (`ip igmp static-group`) and local (`ip igmp join-group`) groups: present while
// configured, never timed out.
void RouterEngine::SyncStaticGroups(Time now, IfIndex ifx, Iface& i, std::vector<Effect>& out) {
  std::map<Ipv4, std::pair<GroupOrigin, std::set<Ipv4>>> want;
  const auto add = [&](const std::vector<config::IgmpGroupSpec>& specs, GroupOrigin origin) {
    for (const config::IgmpGroupSpec& s : specs) {
      auto& w = want.try_emplace(s.group, origin, std::set<Ipv4>{}).first->second;
      if (s.source) {
        w.second.insert(*s.source);
      }
    }
  };
  add(i.config.static_groups, GroupOrigin::kStatic);
  add(i.config.join_groups, GroupOrigin::kLocal);
  for (auto it = i.groups.begin(); it != i.groups.end();) {
    const Ipv4 g = it->first;
    if (it->second.is_static && !want.contains(g)) {
      it = i.groups.erase(it);
      i.static_count--;
      i.leaves++;
      Reconcile(ifx, i, g, out);
    } else {
      ++it;
    }
  }
  for (const auto& [g, w] : want) {
    Group& grp = i.groups[g];
    if (!grp.is_static) {
      grp.since = now;
      i.joins++;
      i.static_count++;
    }
    grp.is_static = true;
    grp.origin = w.first;
    grp.last_reporter = w.first == GroupOrigin::kLocal ? i.address.address : Ipv4{};
    grp.filter = w.second.empty() ? FilterState{FilterMode::kExclude, {}, {}}
                                  : FilterState{FilterMode::kInclude, w.second, {}};
    grp.sources.clear();
    for (const Ipv4 s : w.second) {
      grp.sources[s] = Source{now};
    }
    timers_.Cancel(TimerKey{TimerKind::kGroup, ifx, g, {}});
    Reconcile(ifx, i, g, out);
  }
}

void RouterEngine::ClearGroups(Time now, std::optional<IfIndex> only, std::optional<Ipv4> group,
                               std::vector<Effect>& out) {
  for (auto& [ifx, i] : ifaces_) {
    if (only && *only != ifx) {
      continue;
    }
    std::vector<Ipv4> gone;
    for (const auto& [g, grp] : i.groups) {
      if (!grp.is_static && (!group || *group == g)) {
        gone.push_back(g);
      }
    }
    for (const Ipv4 g : gone) {
      RemoveGroup(now, ifx, i, g, out);
    }
    if (i.up && i.querier && !gone.empty()) {
      SendGeneralQuery(now, ifx, i, out);
    }
  }
}

void RouterEngine::Handle(Time now, const engine::Input& in, std::vector<Effect>& out) {
  if (const auto* p = std::get_if<engine::PacketIn>(&in)) {
    OnPacket(now, *p, out);
  } else if (const auto* l = std::get_if<engine::LinkEvent>(&in)) {
    const auto it = ifaces_.find(l->ifindex);
    if (it != ifaces_.end()) {
      SetInterface(now, l->ifindex, l->address.value_or(it->second.address), l->up,
                   it->second.config, out);
    }
  }
}

void RouterEngine::AdvanceTo(Time now, std::vector<Effect>& out) {
  // Each timer fires at its own deadline, so a host that wakes late (or a test that jumps)
  // still sees periodic timers re-armed from when they were due.
  for (std::optional<Time> t = timers_.NextDeadline(); t && *t <= now; t = timers_.NextDeadline()) {
    const std::optional<TimerKey> k = timers_.PopDue(*t);
    Fire(*t, *k, out);
  }
}

void RouterEngine::OnPacket(Time now, const engine::PacketIn& p, std::vector<Effect>& out) {
  if (p.protocol != 2) {
    return;
  }
  const auto it = ifaces_.find(p.ifindex);
  if (it == ifaces_.end() || !it->second.up) {
    return;
  }
  Iface& i = it->second;
  if (p.src == i.address.address) {
    return;  // our own query looped back
  }
  auto msg = wire::DecodeIgmp(p.bytes);
  if (!msg) {
    i.counters.Inc(msg.error() == wire::DecodeError::kBadChecksum ? RouterCounter::kDropBadChecksum
                                                                  : RouterCounter::kDropMalformed);
    return;
  }
  // RFC 2236 §2 / RFC 3376 §4: every IGMP message is sent with TTL 1; a router ignores others
  // (FRR #9070: a v3 report with TTL 255 must not create state).
  if (p.ttl != 1) {
    i.counters.Inc(RouterCounter::kDropBadTtl);
    return;
  }
  const bool local_source = p.src.IsUnspecified() || i.address.Subnet().Contains(p.src);
  if (const auto* q = std::get_if<wire::IgmpQuery>(&*msg)) {
    if (!local_source || p.src.IsUnspecified()) {
      i.counters.Inc(RouterCounter::kDropNonLocalSource);
      return;
    }
    i.counters.Inc(RouterCounter::kQueriesReceived);
    OnQuery(now, p.ifindex, i, p, *q, out);
    return;
  }
  if (std::holds_alternative<wire::DvmrpMessage>(*msg)) {
    return;  // DVMRP is recognised, not run
  }
  // RFC 3376 §9.2: ignore reports from sources that are not on the subnet (0.0.0.0 is allowed).
  if (!local_source) {
    i.counters.Inc(RouterCounter::kDropNonLocalSource);
    return;
  }
  if (const auto* r = std::get_if<wire::IgmpV1Report>(&*msg)) {
    if (p.dst != r->group) {
      i.counters.Inc(RouterCounter::kDropWrongDestination);
      return;
    }
    i.counters.Inc(RouterCounter::kV1Reports);
    if (InSsmRange(r->group)) {
      i.counters.Inc(RouterCounter::kDropSsm);
      return;
    }
    // RFC 3376 §7.3.2 / RFC 2236 §4: note the IGMPv1 host, then treat the report as IS_EX({}).
    if (i.config.version > 1 && Permits(i.config.access_group, r->group)) {
      timers_.Arm(TimerKey{TimerKind::kV1Host, p.ifindex, r->group, {}}, now + Gmi(i));
    }
    OnRecord(now, p.ifindex, i, p.src, IgmpRecordType::kModeIsExclude, r->group, {}, out);
    return;
  }
  if (const auto* r = std::get_if<wire::IgmpV2Report>(&*msg)) {
    if (p.dst != r->group) {
      i.counters.Inc(RouterCounter::kDropWrongDestination);
      return;
    }
    i.counters.Inc(RouterCounter::kV2Reports);
    if (i.config.version == 1) {
      i.counters.Inc(RouterCounter::kDropVersion);
      return;
    }
    if (InSsmRange(r->group)) {
      i.counters.Inc(RouterCounter::kDropSsm);
      return;
    }
    if (i.config.version == 3 && Permits(i.config.access_group, r->group)) {
      timers_.Arm(TimerKey{TimerKind::kV2Host, p.ifindex, r->group, {}}, now + Gmi(i));
    }
    OnRecord(now, p.ifindex, i, p.src, IgmpRecordType::kModeIsExclude, r->group, {}, out);
    return;
  }
  if (const auto* l = std::get_if<wire::IgmpLeave>(&*msg)) {
    // RFC 2236 §3 sends Leaves to all-routers; some hosts use the group address: accept both.
    if (p.dst != kAllRouters && p.dst != l->group) {
      i.counters.Inc(RouterCounter::kDropWrongDestination);
      return;
    }
    i.counters.Inc(RouterCounter::kLeaves);
    if (i.config.version == 1) {
      i.counters.Inc(RouterCounter::kDropVersion);
      return;
    }
    OnRecord(now, p.ifindex, i, p.src, IgmpRecordType::kChangeToIncludeMode, l->group, {}, out);
    return;
  }
  const auto& v3 = std::get<wire::IgmpV3Report>(*msg);
  if (p.dst != kAllV3Routers && p.dst != i.address.address) {
    i.counters.Inc(RouterCounter::kDropWrongDestination);
    return;
  }
  // RFC 3376 §9.2: reports without Router Alert may be ignored; we do, and count them.
  if (!p.router_alert) {
    i.counters.Inc(RouterCounter::kDropNoRouterAlert);
    return;
  }
  i.counters.Inc(RouterCounter::kV3Reports);
  if (i.config.version < 3) {
    i.counters.Inc(RouterCounter::kDropVersion);
    return;
  }
  for (const wire::IgmpGroupRecord& rec : v3.records) {
    std::set<Ipv4> sources(rec.sources.begin(), rec.sources.end());
    const bool exclude_mode = rec.type == IgmpRecordType::kModeIsExclude ||
                              rec.type == IgmpRecordType::kChangeToExcludeMode;
    if (exclude_mode && InSsmRange(rec.group)) {
      i.counters.Inc(RouterCounter::kDropSsm);  // RFC 4604 §2.2.1
      continue;
    }
    if (sources.size() > options_.limits.sources_per_group) {
      i.counters.Inc(RouterCounter::kSourcesClipped);
      while (sources.size() > options_.limits.sources_per_group) {
        sources.erase(std::prev(sources.end()));
      }
    }
    OnRecord(now, p.ifindex, i, p.src, rec.type, rec.group, std::move(sources), out);
  }
}

// RFC 3376 §6.6.2 / RFC 2236 §3 querier election, and §6.6.1: a non-querier hearing a
// group(-and-source)-specific query lowers its timers as the querier does.
void RouterEngine::OnQuery(Time now, IfIndex ifx, Iface& i, const engine::PacketIn& p,
                           const wire::IgmpQuery& q, std::vector<Effect>& out) {
  (void)out;
  if (i.config.version != 1 && p.src < i.address.address &&
      (i.querier || i.querier_address.IsUnspecified() || p.src <= i.querier_address)) {
    i.querier = false;
    i.querier_address = p.src;
    timers_.Cancel(TimerKey{TimerKind::kGeneralQuery, ifx, {}, {}});
  }
  if (!i.querier && p.src == i.querier_address) {
    timers_.Arm(TimerKey{TimerKind::kOtherQuerier, ifx, {}, {}},
                now + i.config.OtherQuerierPresentInterval());
    // §4.1.6-4.1.7: a non-querier adopts the querier's robustness and query interval.
    if (q.version == wire::IgmpVersion::kV3) {
      if (q.qrv != 0) {
        i.robustness = q.qrv;
      }
      if (q.qqic != 0) {
        i.query_interval = wire::QqicInterval(q.qqic);
      }
    }
  }
  if (q.IsGeneral() || q.suppress_router_side || i.querier) {
    return;
  }
  const auto git = i.groups.find(q.group);
  if (git == i.groups.end() || git->second.is_static) {
    return;
  }
  const Time lowered = now + Lmqt(i);
  if (q.sources.empty()) {
    const TimerKey gk{TimerKind::kGroup, ifx, q.group, {}};
    if (git->second.filter.mode == FilterMode::kExclude) {
      const std::optional<Time> t = timers_.Deadline(gk);
      if (t && *t > lowered) {
        timers_.Arm(gk, lowered);
      }
    }
    return;
  }
  for (const Ipv4 s : q.sources) {
    const TimerKey sk{TimerKind::kSource, ifx, q.group, s};
    const std::optional<Time> t = timers_.Deadline(sk);
    if (t && *t > lowered) {
      timers_.Arm(sk, lowered);
    }
  }
}

RouterEngine::Group* RouterEngine::AdmitGroup(Time now, IfIndex ifx, Iface& i, Ipv4 group,
                                              std::vector<Effect>& out) {
  const auto it = i.groups.find(group);
  if (it != i.groups.end()) {
    return &it->second;
  }
  const std::size_t learned = i.groups.size() - i.static_count;
  const bool over_config = i.config.limit && learned >= *i.config.limit;
  if (i.groups.size() >= options_.limits.groups_per_interface ||
      (over_config && i.config.limit_action == config::IgmpLimitAction::kDeny)) {
    i.counters.Inc(RouterCounter::kDropLimit);
    return nullptr;
  }
  if (over_config) {
    // Catalyst `max-groups action replace`: a randomly chosen learned group makes room.
    std::vector<Ipv4> candidates;
    for (const auto& [g, grp] : i.groups) {
      if (!grp.is_static) {
        candidates.push_back(g);
      }
    }
    if (candidates.empty()) {
      i.counters.Inc(RouterCounter::kDropLimit);
      return nullptr;
    }
    RemoveGroup(now, ifx, i, candidates[rng_.Below(candidates.size())], out);
  }
  Group& grp = i.groups[group];
  grp.since = now;
  i.joins++;
  return &grp;
}

void RouterEngine::OnRecord(Time now, IfIndex ifx, Iface& i, Ipv4 reporter, IgmpRecordType type,
                            Ipv4 group, std::set<Ipv4> sources, std::vector<Effect>& out) {
  if (!group.IsMulticast() || (group.value() & 0xFFFFFF00u) == 0xE0000000u) {
    i.counters.Inc(RouterCounter::kDropMalformed);  // 224.0.0.x is never reported
    return;
  }
  if (!Permits(i.config.access_group, group)) {
    i.counters.Inc(RouterCounter::kDropAccessGroup);
    return;
  }
  const std::uint8_t compat = CompatibilityVersion(i, ifx, group);
  if (!ReduceForCompatibility(compat, type, sources)) {
    return;
  }
  auto existing = i.groups.find(group);
  const bool leave_like =
      (type == IgmpRecordType::kChangeToIncludeMode || type == IgmpRecordType::kBlockOldSources);
  if (existing == i.groups.end() && leave_like && sources.empty()) {
    return;  // a leave for a group we do not have
  }
  if (existing != i.groups.end() && existing->second.is_static) {
    return;  // static and local groups are not changed by reports
  }
  // IGMPv2 leave with immediate leave configured: the group goes at once.
  if (type == IgmpRecordType::kChangeToIncludeMode && sources.empty() && compat <= 2 &&
      i.config.immediate_leave && Permits(i.config.immediate_leave_groups, group)) {
    if (existing != i.groups.end()) {
      RemoveGroup(now, ifx, i, group, out);
    }
    return;
  }
  Group* grp = AdmitGroup(now, ifx, i, group, out);
  if (grp == nullptr) {
    return;
  }
  if (!leave_like || !sources.empty()) {
    grp->last_reporter = reporter;
  }
  const TimerKey gk{TimerKind::kGroup, ifx, group, {}};
  const std::optional<Time> group_timer = timers_.Deadline(gk);
  FilterActions act = ApplyRecord(grp->filter, type, sources);
  for (const Ipv4 s : act.deleted) {
    grp->sources.erase(s);
    timers_.Cancel(TimerKey{TimerKind::kSource, ifx, group, s});
  }
  for (const Ipv4 s : grp->filter.requested) {
    grp->sources.try_emplace(s, Source{now});
  }
  for (const Ipv4 s : grp->filter.excluded) {
    grp->sources.try_emplace(s, Source{now});
    timers_.Cancel(TimerKey{TimerKind::kSource, ifx, group, s});  // Y: timer 0
  }
  for (const Ipv4 s : act.set_gmi) {
    timers_.Arm(TimerKey{TimerKind::kSource, ifx, group, s}, now + Gmi(i));
  }
  for (const Ipv4 s : act.set_group_timer) {
    if (group_timer) {
      timers_.Arm(TimerKey{TimerKind::kSource, ifx, group, s}, *group_timer);
    }
  }
  if (act.group_timer_gmi) {
    timers_.Arm(gk, now + Gmi(i));
  }
  if (grp->filter.mode == FilterMode::kInclude) {
    timers_.Cancel(gk);  // INCLUDE mode has no group timer
    if (grp->filter.requested.empty()) {
      RemoveGroup(now, ifx, i, group, out);
      return;
    }
  }
  if (act.query_group || !act.query_sources.empty()) {
    StartLastMemberQueries(now, ifx, i, group, act.query_group, act.query_sources, out);
  }
  Reconcile(ifx, i, group, out);
}

void RouterEngine::RemoveGroup(Time now, IfIndex ifx, Iface& i, Ipv4 group,
                               std::vector<Effect>& out) {
  (void)now;
  const auto it = i.groups.find(group);
  if (it == i.groups.end()) {
    return;
  }
  if (it->second.is_static) {
    i.static_count--;
  }
  i.groups.erase(it);
  i.leaves++;
  timers_.CancelIf([&](const TimerKey& k) {
    return k.ifindex == ifx && k.group == group && k.kind != TimerKind::kGeneralQuery &&
           k.kind != TimerKind::kOtherQuerier;
  });
  Reconcile(ifx, i, group, out);
}

// RFC 3376 §6.6.3: lower the timers to LMQT now (the querier's own state), then send the query
// LMQC times, LMQI apart. A non-querier only lowers its timers when it hears the query.
void RouterEngine::StartLastMemberQueries(Time now, IfIndex ifx, Iface& i, Ipv4 group,
                                          bool query_group, const std::set<Ipv4>& sources,
                                          std::vector<Effect>& out) {
  if (!i.querier) {
    return;
  }
  Group& grp = i.groups.at(group);
  const Time lowered = now + Lmqt(i);
  if (query_group) {
    const TimerKey gk{TimerKind::kGroup, ifx, group, {}};
    const std::optional<Time> t = timers_.Deadline(gk);
    if (t && *t > lowered) {
      timers_.Arm(gk, lowered);
    }
  }
  for (const Ipv4 s : sources) {
    const TimerKey sk{TimerKind::kSource, ifx, group, s};
    const std::optional<Time> t = timers_.Deadline(sk);
    if (t && *t > lowered) {
      timers_.Arm(sk, lowered);
    }
  }
  grp.query_group = grp.query_group || query_group;
  grp.query_sources.insert(sources.begin(), sources.end());
  grp.retransmits_left = i.config.last_member_query_count;
  SendLastMemberQuery(now, ifx, i, group, out);
}

void RouterEngine::SendLastMemberQuery(Time now, IfIndex ifx, Iface& i, Ipv4 group,
                                       std::vector<Effect>& out) {
  const auto it = i.groups.find(group);
  if (it == i.groups.end() || !i.querier || it->second.retransmits_left <= 0) {
    return;
  }
  Group& grp = it->second;
  // §6.6.3.1: the S flag is set when the group timer is still above LMQT (a report arrived).
  const std::optional<Time> gt = timers_.Deadline(TimerKey{TimerKind::kGroup, ifx, group, {}});
  const bool suppress = gt && *gt > now + Lmqt(i);
  if (grp.query_group) {
    SendQuery(ifx, i, group, {}, suppress, out);
  }
  if (!grp.query_sources.empty() && CompatibilityVersion(i, ifx, group) == 3) {
    SendQuery(ifx, i, group, std::vector<Ipv4>(grp.query_sources.begin(), grp.query_sources.end()),
              false, out);
  }
  grp.retransmits_left--;
  if (grp.retransmits_left > 0) {
    timers_.Arm(TimerKey{TimerKind::kRetransmit, ifx, group, {}},
                now + i.config.last_member_query_interval);
  } else {
    grp.query_group = false;
    grp.query_sources.clear();
  }
}

void RouterEngine::SendGeneralQuery(Time now, IfIndex ifx, Iface& i, std::vector<Effect>& out) {
  SendQuery(ifx, i, Ipv4{}, {}, false, out);
  Duration next = i.config.query_interval;
  if (i.startup_left > 1) {
    i.startup_left--;
    next = i.config.query_interval / 4;  // RFC 3376 §8.6 Startup Query Interval
  } else {
    i.startup_left = 0;
  }
  timers_.Arm(TimerKey{TimerKind::kGeneralQuery, ifx, {}, {}}, now + next);
}

void RouterEngine::SendQuery(IfIndex ifx, Iface& i, Ipv4 group, const std::vector<Ipv4>& sources,
                             bool suppress, std::vector<Effect>& out) {
  wire::IgmpQuery q;
  q.group = group;
  const Duration resp = group.IsUnspecified() ? i.config.query_response_interval
                                              : i.config.last_member_query_interval;
  switch (i.config.version) {
    case 1:
      q.version = wire::IgmpVersion::kV1;
      q.max_resp_code = 0;
      break;
    case 2:
      q.version = wire::IgmpVersion::kV2;
      q.max_resp_code = wire::MaxRespCodeFor(resp);
      break;
    default:
      q.version = wire::IgmpVersion::kV3;
      q.max_resp_code = wire::MaxRespCodeFor(resp);
      q.suppress_router_side = suppress;
      q.qrv = static_cast<std::uint8_t>(std::min<int>(i.config.robustness, 7));
      q.qqic = wire::QqicFor(i.config.query_interval);
      q.sources = sources;
      break;
  }
  auto bytes = wire::EncodeToBytes(wire::IgmpMessage{q});
  if (!bytes) {
    return;
  }
  i.counters.Inc(RouterCounter::kQueriesSent);
  out.push_back(engine::SendPacket{ifx, i.address.address,
                                   group.IsUnspecified() ? kAllSystems : group, 1, 2, true, 0xC0,
                                   std::move(*bytes)});
}

void RouterEngine::Fire(Time now, const TimerKey& key, std::vector<Effect>& out) {
  const auto it = ifaces_.find(key.ifindex);
  if (it == ifaces_.end()) {
    return;
  }
  Iface& i = it->second;
  switch (key.kind) {
    case TimerKind::kGeneralQuery:
      if (i.up && i.querier) {
        SendGeneralQuery(now, key.ifindex, i, out);
      }
      return;
    case TimerKind::kOtherQuerier:
      // §6.6.2: the other querier went quiet; we are the querier again.
      i.querier = true;
      i.querier_address = i.address.address;
      i.robustness = i.config.robustness;
      i.query_interval = i.config.query_interval;
      if (i.up) {
        SendGeneralQuery(now, key.ifindex, i, out);
      }
      return;
    case TimerKind::kRetransmit:
      SendLastMemberQuery(now, key.ifindex, i, key.group, out);
      return;
    case TimerKind::kV1Host:
    case TimerKind::kV2Host:
      return;  // the compatibility mode is derived from which timers are armed
    case TimerKind::kGroup:
    case TimerKind::kSource:
      break;
  }
  const auto git = i.groups.find(key.group);
  if (git == i.groups.end()) {
    return;
  }
  Group& grp = git->second;
  if (key.kind == TimerKind::kSource) {
    // §6.3: in INCLUDE mode an expired source is deleted; in EXCLUDE mode it moves to Y.
    if (grp.filter.mode == FilterMode::kInclude) {
      grp.filter.requested.erase(key.source);
      grp.sources.erase(key.source);
      if (grp.filter.requested.empty()) {
        RemoveGroup(now, key.ifindex, i, key.group, out);
        return;
      }
    } else if (grp.filter.requested.erase(key.source) > 0) {
      grp.filter.excluded.insert(key.source);
    }
    Reconcile(key.ifindex, i, key.group, out);
    return;
  }
  // §6.5: the group timer expired in EXCLUDE mode: switch to INCLUDE with the sources whose
  // timers still run, or delete the group.
  if (grp.filter.requested.empty()) {
    RemoveGroup(now, key.ifindex, i, key.group, out);
    return;
  }
  for (const Ipv4 y : grp.filter.excluded) {
    grp.sources.erase(y);
  }
  grp.filter.mode = FilterMode::kInclude;
  grp.filter.excluded.clear();
  Reconcile(key.ifindex, i, key.group, out);
}

// The statements a group's state implies (engine/notify.h), diffed against what was said.
void RouterEngine::Reconcile(IfIndex ifx, Iface& i, Ipv4 group, std::vector<Effect>& out) {
  std::set<std::pair<Sg, FilterMode>> want;
  const auto git = i.groups.find(group);
  if (git != i.groups.end()) {
    const Group& grp = git->second;
    if (grp.filter.mode == FilterMode::kExclude) {
      want.insert({Sg{Ipv4{}, group}, FilterMode::kExclude});
      for (const Ipv4 y : grp.filter.excluded) {
        want.insert({Sg{y, group}, FilterMode::kExclude});
      }
    } else {
      for (const Ipv4 a : grp.filter.requested) {
        want.insert({Sg{a, group}, FilterMode::kInclude});
      }
    }
  }
  std::set<std::pair<Sg, FilterMode>>& have = i.announced[group];
  for (auto it = have.begin(); it != have.end();) {
    if (!want.contains(*it)) {
      out.push_back(engine::Notify{engine::GroupMembership{ifx, it->first, false, it->second}});
      it = have.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& st : want) {
    if (have.insert(st).second) {
      out.push_back(engine::Notify{engine::GroupMembership{ifx, st.first, true, st.second}});
    }
  }
  if (have.empty()) {
    i.announced.erase(group);
  }
}

RouterSnapshot RouterEngine::Snap() const {
  RouterSnapshot snap;
  for (const auto& [ifx, i] : ifaces_) {
    InterfaceSnapshot s;
    s.ifindex = ifx;
    s.address = i.address.address;
    s.prefix_len = i.address.prefix_len;
    s.up = i.up;
    s.version = i.config.version;
    s.is_querier = i.querier;
    s.querier = i.querier_address;
    s.other_querier_expires = timers_.Deadline(TimerKey{TimerKind::kOtherQuerier, ifx, {}, {}});
    s.next_general_query = timers_.Deadline(TimerKey{TimerKind::kGeneralQuery, ifx, {}, {}});
    s.query_interval = i.query_interval;
    s.configured_query_interval = i.config.query_interval;
    s.query_response_interval = i.config.query_response_interval;
    s.querier_timeout = i.config.OtherQuerierPresentInterval();
    s.configured_querier_timeout = i.config.OtherQuerierPresentInterval();
    s.robustness = i.robustness;
    s.last_member_query_count = i.config.last_member_query_count;
    s.last_member_query_interval = i.config.last_member_query_interval;
    s.access_group = i.config.access_group_name;
    s.immediate_leave = i.config.immediate_leave;
    s.limit = i.config.limit;
    s.joins = i.joins;
    s.leaves = i.leaves;
    s.counters = i.counters.Snapshot();
    for (const auto& [g, grp] : i.groups) {
      GroupSnapshot gs;
      gs.group = g;
      gs.since = grp.since;
      gs.expires = timers_.Deadline(TimerKey{TimerKind::kGroup, ifx, g, {}});
      gs.last_reporter = grp.last_reporter;
      gs.mode = grp.filter.mode;
      gs.compatibility_version = CompatibilityVersion(i, ifx, g);
      gs.v1_host_timer = timers_.Deadline(TimerKey{TimerKind::kV1Host, ifx, g, {}});
      gs.v2_host_timer = timers_.Deadline(TimerKey{TimerKind::kV2Host, ifx, g, {}});
      gs.origin = grp.origin;
      for (const auto& [src, rec] : grp.sources) {
        SourceSnapshot ss;
        ss.source = src;
        ss.since = rec.since;
        ss.expires = timers_.Deadline(TimerKey{TimerKind::kSource, ifx, g, src});
        ss.forwarding = grp.filter.requested.contains(src);
        gs.sources.push_back(ss);
      }
      s.groups.push_back(std::move(gs));
    }
    snap.interfaces.push_back(std::move(s));
  }
  return snap;
}

}  // namespace mc::igmp
