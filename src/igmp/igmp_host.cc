// The IGMP host engine (igmp_host.h).
#include "igmp/igmp_host.h"

#include <algorithm>

namespace mc::igmp {

namespace {

using engine::Effect;
using engine::FilterMode;
using wire::IgmpRecordType;
using Set = std::set<Ipv4>;

constexpr Ipv4 kAllSystems{224, 0, 0, 1};
constexpr Ipv4 kAllRouters{224, 0, 0, 2};
constexpr Ipv4 kAllV3Routers{224, 0, 0, 22};
constexpr Duration kDefaultQueryInterval = std::chrono::seconds{125};    // RFC 3376 §8.2
constexpr Duration kDefaultResponseInterval = std::chrono::seconds{10};  // RFC 3376 §8.3
constexpr Duration kV1MaxResponse = std::chrono::seconds{10};            // RFC 1112 App. I

Set Minus(const Set& a, const Set& b) { return SetDifference(a, b); }
Set Inter(const Set& a, const Set& b) { return SetIntersection(a, b); }
std::vector<Ipv4> Vec(const Set& s) { return std::vector<Ipv4>(s.begin(), s.end()); }

bool Empty(const FilterState& s) { return s.mode == FilterMode::kInclude && s.requested.empty(); }

// RFC 3376 §5.1: the records that report a change of interface state from `a` to `b`.
std::vector<wire::IgmpGroupRecord> ChangeRecords(Ipv4 group, const FilterState& a,
                                                 const FilterState& b) {
  std::vector<wire::IgmpGroupRecord> out;
  const auto rec = [&](IgmpRecordType t, const Set& s) {
    out.push_back(wire::IgmpGroupRecord{t, group, Vec(s), {}});
  };
  if (a.mode == FilterMode::kInclude && b.mode == FilterMode::kInclude) {
    if (const Set allow = Minus(b.requested, a.requested); !allow.empty()) {
      rec(IgmpRecordType::kAllowNewSources, allow);
    }
    if (const Set block = Minus(a.requested, b.requested); !block.empty()) {
      rec(IgmpRecordType::kBlockOldSources, block);
    }
  } else if (a.mode == FilterMode::kExclude && b.mode == FilterMode::kExclude) {
    if (const Set allow = Minus(a.requested, b.requested); !allow.empty()) {
      rec(IgmpRecordType::kAllowNewSources, allow);
    }
    if (const Set block = Minus(b.requested, a.requested); !block.empty()) {
      rec(IgmpRecordType::kBlockOldSources, block);
    }
  } else if (b.mode == FilterMode::kExclude) {
    rec(IgmpRecordType::kChangeToExcludeMode, b.requested);
  } else {
    rec(IgmpRecordType::kChangeToIncludeMode, b.requested);
  }
  return out;
}

}  // namespace

HostEngine::HostEngine(engine::Limits limits, Rng rng) : limits_(limits), rng_(rng) {}

Duration HostEngine::Random(Duration max) { return rng_.UpTo(max); }

// RFC 3376 §3.2: EXCLUDE if any socket excludes (intersection of exclude lists minus the union
// of include lists), else INCLUDE with the union of include lists.
FilterState HostEngine::Merge(const std::map<SocketId, FilterState>& sockets) {
  bool any_exclude = false;
  Set excl;
  Set incl;
  for (const auto& [id, s] : sockets) {
    if (s.mode == FilterMode::kExclude) {
      if (!any_exclude) {
        excl = s.requested;
      } else {
        excl = Inter(excl, s.requested);
      }
      any_exclude = true;
    } else {
      incl.insert(s.requested.begin(), s.requested.end());
    }
  }
  if (any_exclude) {
    return FilterState{FilterMode::kExclude, Minus(excl, incl), {}};
  }
  return FilterState{FilterMode::kInclude, incl, {}};
}

std::uint8_t HostEngine::CompatibilityVersion(IfIndex ifx) const {
  const auto it = ifaces_.find(ifx);
  const std::uint8_t configured = it == ifaces_.end() ? 3 : it->second.config.version;
  if (configured == 1 || timers_.Armed(TimerKey{TimerKind::kV1Querier, ifx, {}})) {
    return 1;
  }
  if (configured == 2 || timers_.Armed(TimerKey{TimerKind::kV2Querier, ifx, {}})) {
    return 2;
  }
  return 3;
}

const engine::Counters<HostCounter>* HostEngine::Counters(IfIndex ifx) const {
  const auto it = ifaces_.find(ifx);
  return it == ifaces_.end() ? nullptr : &it->second.counters;
}

void HostEngine::SetInterface(Time now, IfIndex ifx, engine::IfAddress address, bool up,
                              const HostIfConfig& config, std::vector<Effect>& out) {
  auto [it, inserted] = ifaces_.try_emplace(ifx);
  Iface& i = it->second;
  const bool came_up = up && (inserted || !i.up);
  i.address = address;
  i.config = config;
  i.up = up;
  if (!up) {
    timers_.CancelIf([ifx](const TimerKey& k) { return k.ifindex == ifx; });
    return;
  }
  if (came_up) {
    // A host whose interface comes up announces its memberships again (RFC 3376 §5.1).
    for (auto& [g, grp] : i.groups) {
      StateChanged(now, ifx, i, g, FilterState{}, out);
    }
  }
}

void HostEngine::RemoveInterface(Time now, IfIndex ifx, std::vector<Effect>& out) {
  (void)now;
  (void)out;
  timers_.CancelIf([ifx](const TimerKey& k) { return k.ifindex == ifx; });
  ifaces_.erase(ifx);
}

void HostEngine::Listen(Time now, SocketId socket, IfIndex ifx, Ipv4 group, FilterMode mode,
                        std::vector<Ipv4> sources, std::vector<Effect>& out) {
  const auto it = ifaces_.find(ifx);
  if (it == ifaces_.end() || !group.IsMulticast()) {
    return;
  }
  Iface& i = it->second;
  auto git = i.groups.find(group);
  if (git == i.groups.end()) {
    if (mode == FilterMode::kInclude && sources.empty()) {
      return;
    }
    if (i.groups.size() >= limits_.groups_per_interface) {
      i.counters.Inc(HostCounter::kDropLimit);
      return;
    }
    git = i.groups.emplace(group, Group{}).first;
  }
  Group& grp = git->second;
  Set src(sources.begin(), sources.end());
  if (src.size() > limits_.sources_per_group) {
    i.counters.Inc(HostCounter::kDropLimit);
    return;
  }
  if (mode == FilterMode::kInclude && src.empty()) {
    grp.sockets.erase(socket);
  } else {
    grp.sockets[socket] = FilterState{mode, std::move(src), {}};
  }
  const FilterState before = grp.state;
  grp.state = Merge(grp.sockets);
  if (grp.state == before) {
    return;
  }
  StateChanged(now, ifx, i, group, before, out);
}

// The interface state of a group changed: report it as the version in force requires.
void HostEngine::StateChanged(Time now, IfIndex ifx, Iface& i, Ipv4 group,
                              const FilterState& before, std::vector<Effect>& out) {
  Group& grp = i.groups.at(group);
  const bool all_systems = group == kAllSystems;  // never reported (RFC 3376 §5, RFC 2236 §6)
  const std::uint8_t version = CompatibilityVersion(ifx);
  if (!i.up || all_systems || i.address.address.IsUnspecified()) {
    if (Empty(grp.state)) {
      i.groups.erase(group);
    }
    return;
  }
  if (version == 3) {
    if (!grp.base) {
      grp.base = before;
    }
    grp.retransmits_left = i.config.robustness;
    SendChange(now, ifx, i, group, out);
    return;
  }
  const bool was_member = !Empty(before);
  const bool member = !Empty(grp.state);
  if (member && !was_member) {
    // RFC 2236 §3: an unsolicited report now, repeated robustness - 1 times.
    SendV1V2Report(ifx, i, group, out);
    grp.retransmits_left = i.config.robustness - 1;
    if (grp.retransmits_left > 0) {
      const Duration uri = version == 1 ? kV1MaxResponse : i.config.unsolicited_report_interval_v2;
      timers_.Arm(TimerKey{TimerKind::kStateChange, ifx, group}, now + Random(uri));
    }
  } else if (!member && was_member) {
    timers_.Cancel(TimerKey{TimerKind::kStateChange, ifx, group});
    timers_.Cancel(TimerKey{TimerKind::kGroupResponse, ifx, group});
    if (version == 2) {
      wire::IgmpLeave leave{group};
      if (auto bytes = wire::EncodeToBytes(wire::IgmpMessage{leave})) {
        i.counters.Inc(HostCounter::kLeavesSent);
        out.push_back(engine::SendPacket{ifx, i.address.address, kAllRouters, 1, 2, true, 0xC0,
                                         std::move(*bytes)});
      }
    }
    i.groups.erase(group);
  }
}

// Sends the pending state change of a group (v3) and arms the next retransmission.
void HostEngine::SendChange(Time now, IfIndex ifx, Iface& i, Ipv4 group, std::vector<Effect>& out) {
  const auto git = i.groups.find(group);
  if (git == i.groups.end()) {
    return;
  }
  Group& grp = git->second;
  if (grp.base && grp.retransmits_left > 0) {
    std::vector<wire::IgmpGroupRecord> recs = ChangeRecords(group, *grp.base, grp.state);
    if (!recs.empty()) {
      SendV3(ifx, i, std::move(recs), out);
    }
    grp.retransmits_left--;
  }
  if (grp.retransmits_left > 0) {
    timers_.Arm(TimerKey{TimerKind::kStateChange, ifx, group},
                now + Random(i.config.unsolicited_report_interval_v3));
    return;
  }
  grp.base.reset();
  if (Empty(grp.state) && grp.sockets.empty()) {
    timers_.Cancel(TimerKey{TimerKind::kGroupResponse, ifx, group});
    i.groups.erase(git);
  }
}

void HostEngine::SendV1V2Report(IfIndex ifx, Iface& i, Ipv4 group, std::vector<Effect>& out) {
  const bool v1 = CompatibilityVersion(ifx) == 1;
  const wire::IgmpMessage m = v1 ? wire::IgmpMessage{wire::IgmpV1Report{group}}
                                 : wire::IgmpMessage{wire::IgmpV2Report{group}};
  if (auto bytes = wire::EncodeToBytes(m)) {
    i.counters.Inc(HostCounter::kReportsSent);
    // RFC 1112 sends no Router Alert; RFC 2236 §2 requires it for v2.
    out.push_back(
        engine::SendPacket{ifx, i.address.address, group, 1, 2, !v1, 0xC0, std::move(*bytes)});
  }
}

void HostEngine::SendV3(IfIndex ifx, Iface& i, std::vector<wire::IgmpGroupRecord> records,
                        std::vector<Effect>& out) {
  wire::IgmpV3Report r;
  r.records = std::move(records);
  if (auto bytes = wire::EncodeToBytes(wire::IgmpMessage{r})) {
    i.counters.Inc(HostCounter::kReportsSent);
    out.push_back(engine::SendPacket{ifx, i.address.address, kAllV3Routers, 1, 2, true, 0xC0,
                                     std::move(*bytes)});
  }
}

bool HostEngine::Accepts(IfIndex ifx, Ipv4 group, Ipv4 source) const {
  const auto it = ifaces_.find(ifx);
  if (it == ifaces_.end()) {
    return false;
  }
  const auto git = it->second.groups.find(group);
  if (git == it->second.groups.end()) {
    return false;
  }
  const FilterState& s = git->second.state;
  return s.mode == FilterMode::kInclude ? s.requested.contains(source)
                                        : !s.requested.contains(source);
}

std::vector<HostGroupSnapshot> HostEngine::Snap() const {
  std::vector<HostGroupSnapshot> out;
  for (const auto& [ifx, i] : ifaces_) {
    for (const auto& [g, grp] : i.groups) {
      if (!Empty(grp.state)) {
        out.push_back(HostGroupSnapshot{ifx, g, grp.state});
      }
    }
  }
  return out;
}

void HostEngine::Handle(Time now, const engine::Input& in, std::vector<Effect>& out) {
  const auto* p = std::get_if<engine::PacketIn>(&in);
  if (p == nullptr || p->protocol != 2) {
    return;
  }
  const auto it = ifaces_.find(p->ifindex);
  if (it == ifaces_.end() || !it->second.up || p->src == it->second.address.address) {
    return;
  }
  Iface& i = it->second;
  auto msg = wire::DecodeIgmp(p->bytes);
  if (!msg) {
    i.counters.Inc(HostCounter::kDropMalformed);
    return;
  }
  if (p->ttl != 1) {
    i.counters.Inc(HostCounter::kDropBadTtl);
    return;
  }
  if (const auto* q = std::get_if<wire::IgmpQuery>(&*msg)) {
    // RFC 3376 §9.1: a v3 query without Router Alert is ignored.
    if (q->version == wire::IgmpVersion::kV3 && !p->router_alert) {
      i.counters.Inc(HostCounter::kDropNoRouterAlert);
      return;
    }
    i.counters.Inc(HostCounter::kQueriesReceived);
    OnQuery(now, p->ifindex, i, *q, out);
    return;
  }
  // RFC 2236 §3 / RFC 1112: another member's report cancels ours (v1/v2 only; v3 has no
  // suppression because hosts never hear v3 reports, which go to 224.0.0.22).
  Ipv4 reported;
  if (const auto* r1 = std::get_if<wire::IgmpV1Report>(&*msg)) {
    reported = r1->group;
  } else if (const auto* r2 = std::get_if<wire::IgmpV2Report>(&*msg)) {
    reported = r2->group;
  } else {
    return;
  }
  if (CompatibilityVersion(p->ifindex) < 3 &&
      timers_.Cancel(TimerKey{TimerKind::kGroupResponse, p->ifindex, reported})) {
    i.counters.Inc(HostCounter::kReportsSuppressed);
  }
}

// RFC 3376 §5.2 and §7.2.1; RFC 2236 §3.
void HostEngine::OnQuery(Time now, IfIndex ifx, Iface& i, const wire::IgmpQuery& q,
                         std::vector<Effect>& out) {
  (void)out;
  if (q.version != wire::IgmpVersion::kV3) {
    // An older querier: fall back to its version for the Older Version Querier Present timeout.
    const Duration timeout = i.config.robustness * kDefaultQueryInterval + kDefaultResponseInterval;
    timers_.Arm(TimerKey{q.version == wire::IgmpVersion::kV1 ? TimerKind::kV1Querier
                                                             : TimerKind::kV2Querier,
                         ifx,
                         {}},
                now + timeout);
  }
  const std::uint8_t version = CompatibilityVersion(ifx);
  const Duration max_resp =
      q.version == wire::IgmpVersion::kV1 ? kV1MaxResponse : wire::MaxRespTime(q.max_resp_code);
  const Time at = now + Random(max_resp);
  const auto arm_group = [&](Ipv4 g) {
    // A pending response that is due sooner stays (RFC 2236 §3: "if the timer is already running,
    // it is reset to the random value only if the requested Max Response Time is less").
    timers_.ArmAtMost(TimerKey{TimerKind::kGroupResponse, ifx, g}, at);
  };
  if (version < 3) {
    if (q.IsGeneral()) {
      for (const auto& [g, grp] : i.groups) {
        if (!Empty(grp.state) && g != kAllSystems) {
          arm_group(g);
        }
      }
    } else if (const auto git = i.groups.find(q.group);
               git != i.groups.end() && !Empty(git->second.state)) {
      arm_group(q.group);
    }
    return;
  }
  // §5.2 rules 1-2: a general query is answered once for everything, unless a general response
  // is already due sooner.
  if (q.IsGeneral()) {
    timers_.ArmAtMost(TimerKey{TimerKind::kGeneralResponse, ifx, {}}, at);
    return;
  }
  const auto gen = timers_.Deadline(TimerKey{TimerKind::kGeneralResponse, ifx, {}});
  if (gen && *gen <= at) {
    return;  // rule 3: the pending general response covers it
  }
  const auto git = i.groups.find(q.group);
  if (git == i.groups.end() || Empty(git->second.state)) {
    return;
  }
  Group& grp = git->second;
  const TimerKey key{TimerKind::kGroupResponse, ifx, q.group};
  const bool pending = timers_.Armed(key);
  if (q.sources.empty()) {
    // Rule 4/5: a group-specific query clears the source list; the response is for the group.
    grp.query_sources.clear();
    grp.source_query_only = false;
  } else if (!pending || grp.source_query_only) {
    grp.query_sources.insert(q.sources.begin(), q.sources.end());
    grp.source_query_only = true;
  }
  timers_.ArmAtMost(key, at);
}

void HostEngine::Fire(Time now, const TimerKey& key, std::vector<Effect>& out) {
  const auto it = ifaces_.find(key.ifindex);
  if (it == ifaces_.end() || !it->second.up) {
    return;
  }
  Iface& i = it->second;
  switch (key.kind) {
    case TimerKind::kV1Querier:
    case TimerKind::kV2Querier:
      return;  // the compatibility mode is derived from which timers are armed
    case TimerKind::kStateChange: {
      if (CompatibilityVersion(key.ifindex) == 3) {
        SendChange(now, key.ifindex, i, key.group, out);
        return;
      }
      const auto git = i.groups.find(key.group);
      if (git == i.groups.end() || Empty(git->second.state)) {
        return;
      }
      SendV1V2Report(key.ifindex, i, key.group, out);
      if (--git->second.retransmits_left > 0) {
        timers_.Arm(key, now + Random(i.config.unsolicited_report_interval_v2));
      }
      return;
    }
    case TimerKind::kGeneralResponse: {
      // §5.2: one current-state record per group with non-empty state.
      std::vector<wire::IgmpGroupRecord> recs;
      for (const auto& [g, grp] : i.groups) {
        if (Empty(grp.state) || g == kAllSystems) {
          continue;
        }
        recs.push_back(wire::IgmpGroupRecord{grp.state.mode == FilterMode::kInclude
                                                 ? IgmpRecordType::kModeIsInclude
                                                 : IgmpRecordType::kModeIsExclude,
                                             g,
                                             Vec(grp.state.requested),
                                             {}});
      }
      if (!recs.empty()) {
        SendV3(key.ifindex, i, std::move(recs), out);
      }
      return;
    }
    case TimerKind::kGroupResponse: {
      const auto git = i.groups.find(key.group);
      if (git == i.groups.end() || Empty(git->second.state)) {
        return;
      }
      Group& grp = git->second;
      if (CompatibilityVersion(key.ifindex) < 3) {
        SendV1V2Report(key.ifindex, i, key.group, out);
        return;
      }
      const FilterState& s = grp.state;
      wire::IgmpGroupRecord rec{IgmpRecordType::kModeIsInclude, key.group, {}, {}};
      if (grp.source_query_only) {
        // §5.2: INCLUDE(A) answers IS_IN(A*Q); EXCLUDE(X) answers IS_IN(Q-X).
        rec.sources = Vec(s.mode == FilterMode::kInclude ? Inter(s.requested, grp.query_sources)
                                                         : Minus(grp.query_sources, s.requested));
        grp.query_sources.clear();
        grp.source_query_only = false;
        if (rec.sources.empty()) {
          return;
        }
      } else {
        rec.type = s.mode == FilterMode::kInclude ? IgmpRecordType::kModeIsInclude
                                                  : IgmpRecordType::kModeIsExclude;
        rec.sources = Vec(s.requested);
      }
      SendV3(key.ifindex, i, {rec}, out);
      return;
    }
  }
}

void HostEngine::AdvanceTo(Time now, std::vector<Effect>& out) {
  // Each timer fires at its own deadline, so a host that wakes late (or a test that jumps)
  // still sees periodic timers re-armed from when they were due.
  for (std::optional<Time> t = timers_.NextDeadline(); t && *t <= now; t = timers_.NextDeadline()) {
    const std::optional<TimerKey> k = timers_.PopDue(*t);
    Fire(*t, *k, out);
  }
}

}  // namespace mc::igmp
