// `clear ip mroute *|G [S]` as an engine input (pim_engine.h ClearMroute). RFC 7761 has no such
// operation; this follows IOS: the matching (*,G) and (S,G) entries leave the multicast routing
// table together with their forwarding entries (MfcDel), their timers and the dataplane flows
// the engine remembered. Nothing is sent for the forgotten upstream state (no Prune: the
// upstream router's downstream Expiry Timer ends it unless a new Join arrives). What is kept is
// what IOS keeps: IGMP membership (local_receiver_include / local_receiver_exclude, RFC 7761
// §4.1.6) re-creates its entries in the same step, whose JoinDesired sends fresh Joins toward
// the RP or source (§4.5.4 / §4.5.5 NotJoined -> Joined); downstream routers' state returns with
// their next periodic Join (t_periodic) and data state with the next packet (a NOCACHE upcall).
// Leaves out: per-VRF clearing, `clear ip mroute` counters only (`clear ip mroute count`).
#include "pim/pim_engine.h"

namespace mc::pim {

void PimEngine::ClearMroute(Time now, std::optional<Ipv4> group, std::optional<Ipv4> source,
                            Out& out) {
  const auto matches = [&](const Sg& sg) {
    return (!group || sg.group == *group) && (!source || sg.source == *source);
  };
  struct Membership {
    IfSet include;
    IfSet exclude;
  };
  SgMap<Membership> kept;
  std::size_t cleared = 0;
  for (auto it = tib_.begin(); it != tib_.end();) {
    if (!matches(it->first)) {
      ++it;
      continue;
    }
    if (!it->second.local_include.empty() || !it->second.local_exclude.empty()) {
      kept[it->first] = {it->second.local_include, it->second.local_exclude};
    }
    ++cleared;
    it = tib_.erase(it);
  }
  std::erase_if(flows_, [&](const auto& kv) { return matches(kv.first); });
  // Every per-entry timer (Hello and Neighbor Liveness timers carry no entry).
  timers_.CancelIf([&](const TimerKey& k) {
    return k.kind != TimerKind::kHello && k.kind != TimerKind::kNeighborLiveness && matches(k.sg);
  });
  for (auto it = installed_.begin(); it != installed_.end();) {
    if (matches(it->first)) {
      out.push_back(engine::MfcDel{it->first});
      it = installed_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [key, groups] : pending_jp_) {
    (void)key;
    if (!source) {
      std::erase_if(groups, [&](const auto& kv) { return !group || kv.first == *group; });
    }
  }
  tracer_.Emit(now, "clear-mroute", out, "cleared {} entries ({}, {}), {} re-created from members",
               cleared, group ? group->ToString() : std::string{"*"},
               source ? source->ToString() : std::string{"*"}, kept.size());
  for (const auto& [sg, m] : kept) {
    if (Entry* e = GetOrCreate(now, sg, out)) {
      e->local_include = m.include;
      e->local_exclude = m.exclude;
      MarkDirty(sg.group);
    }
  }
  EndStep(now, out);
}

}  // namespace mc::pim
