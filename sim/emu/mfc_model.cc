// MfcModel: the Linux IPv4 multicast forwarding cache (mfc_model.h), function by function after
// net/ipv4/ipmr.c: ipmr_mfc_add, ipmr_mfc_delete, ip_mr_input, ip_mr_forward,
// ipmr_cache_unresolved, ipmr_cache_resolve, ipmr_expire_process.
#include "sim/emu/mfc_model.h"

#include <algorithm>
#include <cerrno>
#include <utility>

namespace mc::sim {

namespace {

constexpr std::size_t kIpv4HeaderMin = 20;
constexpr std::size_t kTtlOffset = 8;

}  // namespace

bool MfcModel::AddVif(IfIndex ifindex, VifOptions options) {
  if (options.is_register) {
    const std::optional<IfIndex> reg = RegisterVif();
    if (reg && *reg != ifindex) {
      return false;  // vif_add: "Special Purpose VIF in PIM" already exists (EADDRINUSE)
    }
  }
  vifs_[ifindex] = options;
  return true;
}

// vif_delete leaves the cache alone: entries keep their thresholds, and copies for a VIF that
// is gone are dropped at transmit time (Forward skips them).
void MfcModel::DelVif(IfIndex ifindex) { vifs_.erase(ifindex); }

std::optional<IfIndex> MfcModel::RegisterVif() const {
  for (const auto& [ifx, o] : vifs_) {
    if (o.is_register) {
      return ifx;
    }
  }
  return std::nullopt;
}

// ipmr_mfc_add.
MfcApplyResult MfcModel::Apply(Time now, const engine::MfcAdd& add) {
  ExpireUnresolved(now);
  MfcApplyResult r;
  if (!add.sg.group.IsMulticast() && !add.sg.group.IsUnspecified()) {
    counters_.Inc(MfcCounter::kAddBadGroup);
    r.error = engine::FailReason::kSystemError;
    r.error_number = EINVAL;
    return r;
  }
  const auto parent_vif = vifs_.find(add.iif);
  if (parent_vif == vifs_.end()) {
    counters_.Inc(MfcCounter::kAddNoVif);
    r.error = engine::FailReason::kNoVif;
    return r;
  }
  // ipmr_update_thresholds: thresholds for existing VIFs only.
  std::map<IfIndex, std::uint8_t> ttls;
  for (const IfIndex oif : add.oifs) {
    const auto v = vifs_.find(oif);
    if (v == vifs_.end()) {
      counters_.Inc(MfcCounter::kOifNotVif);
      continue;
    }
    if (v->second.threshold == 0 || v->second.threshold == 255) {
      continue;  // ipmr_update_thresholds lists only thresholds 1..254
    }
    ttls[oif] = v->second.threshold;
  }
  if (add.sg.source.IsUnspecified()) {
    // ipmr_cache_find_any matches a wildcard entry only on a VIF of its threshold list.
    const std::uint8_t t = parent_vif->second.threshold;
    ttls[add.iif] = t == 0 || t == 255 ? std::uint8_t{1} : t;
  }
  if (const auto it = entries_.find(add.sg); it != entries_.end()) {
    it->second.parent = add.iif;  // replace: counters and the assert timestamp stay
    it->second.ttls = std::move(ttls);
    return r;
  }
  if (entries_.size() >= options_.limits.sg_entries) {
    counters_.Inc(MfcCounter::kAddLimit);
    r.error = engine::FailReason::kResourceLimit;
    return r;
  }
  Entry& e = entries_[add.sg];
  e.parent = add.iif;
  e.ttls = std::move(ttls);
  e.installed = now;
  // "Check to see if we resolved a queued list": same origin and group only.
  const auto un = unresolved_.find(add.sg);
  if (un == unresolved_.end()) {
    return r;
  }
  std::deque<Queued> queue = std::move(un->second.queue);
  unresolved_.erase(un);
  counters_.Inc(MfcCounter::kUnresolvedResolved);
  for (Queued& q : queue) {
    MfcReleased rel{q.iif, std::move(q.packet), {}};
    ForwardEntry(now, add.sg, e, rel.iif, add.sg, rel.packet, rel.verdict);
    r.released.push_back(std::move(rel));
  }
  return r;
}

// ipmr_mfc_delete: resolved entries only; the unresolved queue is not searched.
bool MfcModel::Apply(Time now, const engine::MfcDel& del) {
  ExpireUnresolved(now);
  if (entries_.erase(del.sg) == 0) {
    counters_.Inc(MfcCounter::kDelNotFound);
    return false;
  }
  return true;
}

// ip_mr_input.
MfcVerdict MfcModel::Forward(Time now, IfIndex iif, const Sg& sg,
                             std::span<const std::uint8_t> packet) {
  ExpireUnresolved(now);
  MfcVerdict v;
  if (packet.size() < kIpv4HeaderMin) {
    counters_.Inc(MfcCounter::kMalformed);
    return v;
  }
  if (!vifs_.contains(iif)) {
    counters_.Inc(MfcCounter::kNotVif);
    return v;
  }
  if (sg.group.IsLinkLocalMulticast()) {
    counters_.Inc(MfcCounter::kLinkLocal);
    return v;
  }
  const auto it = entries_.find(sg);
  if (it != entries_.end()) {
    ForwardEntry(now, it->first, it->second, iif, sg, packet, v);
    return v;
  }
  // ipmr_cache_find_any: (*,G), then (*,*), each only if the arrival VIF is in its list.
  for (const Sg key : {Sg{kAnySource, sg.group}, Sg{kAnySource, Ipv4{}}}) {
    const auto w = entries_.find(key);
    if (w != entries_.end() && w->second.ttls.contains(iif)) {
      ForwardEntry(now, w->first, w->second, iif, sg, packet, v);
      return v;
    }
    if (sg.group.IsUnspecified()) {
      break;
    }
  }
  Enqueue(now, iif, sg, packet, v);
  return v;
}

// ipmr_cache_unresolved: NOCACHE when the entry is created, then append while there is room.
void MfcModel::Enqueue(Time now, IfIndex iif, const Sg& sg, std::span<const std::uint8_t> packet,
                       MfcVerdict& v) {
  auto it = unresolved_.find(sg);
  if (it == unresolved_.end()) {
    if (unresolved_.size() >= options_.limits.pending_upcalls) {
      counters_.Inc(MfcCounter::kUnresolvedLimit);
      return;
    }
    it = unresolved_.emplace(sg, Unresolved{now + options_.unresolved_expiry, {}}).first;
    counters_.Inc(MfcCounter::kNoCacheUpcalls);
    engine::DataplaneEvent e;
    e.kind = engine::DataplaneKind::kNoCache;
    e.iif = iif;
    e.sg = sg;
    v.upcalls.push_back(std::move(e));
  }
  if (it->second.queue.size() >= options_.unresolved_queue_max) {
    counters_.Inc(MfcCounter::kUnresolvedQueueFull);
    return;
  }
  it->second.queue.push_back(Queued{iif, wire::Bytes(packet.begin(), packet.end())});
  v.queued = true;
}

// ip_mr_forward for an entry found for the packet (entry_key is the entry's own key, sg the
// packet's channel).
void MfcModel::ForwardEntry(Time now, const Sg& entry_key, Entry& e, IfIndex iif, const Sg& sg,
                            std::span<const std::uint8_t> packet, MfcVerdict& v) {
  e.count.packets++;
  e.count.bytes += packet.size();
  if (!e.in_moved) {
    e.in_moved = true;
    moved_.push_back(entry_key);
  }
  const bool wildcard = entry_key.source.IsUnspecified();
  if (!(wildcard && ProxyCovers(e, iif)) && e.parent != iif) {
    WrongIif(now, e, iif, sg, packet, v);
    return;
  }
  const std::uint8_t ttl = packet[kTtlOffset];
  if (wildcard && entry_key.group.IsUnspecified()) {
    // (*,*): a packet from a tree interface other than the upstream goes upstream only.
    const auto up = e.ttls.find(e.parent);
    if (iif != e.parent && up != e.ttls.end()) {
      if (ttl > up->second) {
        v.oifs.push_back(e.parent);
      } else {
        counters_.Inc(MfcCounter::kTtlThreshold);
      }
    }
    return;
  }
  for (const auto& [oif, threshold] : e.ttls) {
    if (wildcard && oif == iif) {
      continue;  // "For (*,G) entry, don't forward to the incoming interface"
    }
    if (ttl <= threshold) {
      counters_.Inc(MfcCounter::kTtlThreshold);
      continue;
    }
    const auto vif = vifs_.find(oif);
    if (vif == vifs_.end()) {
      continue;  // the VIF was deleted after the add: ipmr_queue_xmit drops the copy
    }
    if (vif->second.is_register) {
      counters_.Inc(MfcCounter::kWholePacketUpcalls);
      engine::DataplaneEvent w;
      w.kind = engine::DataplaneKind::kWholePacket;
      w.iif = oif;  // im_vif is the register VIF
      w.sg = sg;
      w.packet.assign(packet.begin(), packet.end());
      v.upcalls.push_back(std::move(w));
      continue;
    }
    v.oifs.push_back(oif);
  }
}

// The proxy check of ip_mr_forward: a (*,*) entry whose list holds both the wildcard entry's
// incoming VIF and the arrival VIF makes the arrival VIF acceptable.
bool MfcModel::ProxyCovers(const Entry& e, IfIndex iif) const {
  const auto any = entries_.find(Sg{kAnySource, Ipv4{}});
  return any != entries_.end() && any->second.ttls.contains(e.parent) &&
         any->second.ttls.contains(iif);
}

// "Wrong interface: drop packet and (maybe) send PIM assert."
void MfcModel::WrongIif(Time now, Entry& e, IfIndex iif, const Sg& sg,
                        std::span<const std::uint8_t> packet, MfcVerdict& v) {
  e.count.wrong_if++;
  counters_.Inc(MfcCounter::kWrongIf);
  if (!options_.do_assert || (!options_.do_pim && !e.ttls.contains(iif))) {
    return;
  }
  // time_after(jiffies, last_assert + MFC_ASSERT_THRESH); a new entry's last_assert lies far
  // enough back that the first wrong-interface packet is reported at once.
  if (e.last_assert && now <= *e.last_assert + options_.assert_thresh) {
    counters_.Inc(MfcCounter::kWrongVifRateLimited);
    return;
  }
  e.last_assert = now;
  counters_.Inc(MfcCounter::kWrongVifUpcalls);
  engine::DataplaneEvent w;
  w.kind = engine::DataplaneKind::kWrongIif;
  w.iif = iif;
  w.sg = sg;
  if (options_.do_wrvifwhole) {
    w.packet.assign(packet.begin(), packet.end());
  }
  v.upcalls.push_back(std::move(w));
}

// ipmr_expire_process: an entry goes when its expiry is no longer in the future.
void MfcModel::ExpireUnresolved(Time now) {
  for (auto it = unresolved_.begin(); it != unresolved_.end();) {
    if (it->second.expires <= now) {
      counters_.Inc(MfcCounter::kUnresolvedExpired);
      it = unresolved_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<SgCount> MfcModel::Counters(const Sg& sg) const {
  const auto it = entries_.find(sg);
  if (it == entries_.end()) {
    return std::nullopt;  // SIOCGETSGCNT: EADDRNOTAVAIL
  }
  return it->second.count;
}

std::vector<engine::DataplaneEvent> MfcModel::PollActivity(bool only_changed) {
  std::vector<engine::DataplaneEvent> out;
  const auto report = [&](const Sg& sg, Entry& e) {
    e.polled_packets = e.count.packets;
    engine::DataplaneEvent a;
    a.kind = engine::DataplaneKind::kActivity;
    a.iif = e.parent;
    a.sg = sg;
    a.packet_count = e.count.packets;
    a.byte_count = e.count.bytes;
    a.wrong_if_count = e.count.wrong_if;
    out.push_back(std::move(a));
  };
  if (!only_changed) {
    for (auto& [sg, e] : entries_) {
      e.in_moved = false;
      report(sg, e);
    }
    moved_.clear();
    return out;
  }
  // Every entry whose count moved is in moved_ (ForwardEntry), so visiting moved_ in (S,G)
  // order gives what a walk over the whole cache would.
  std::sort(moved_.begin(), moved_.end());
  moved_.erase(std::unique(moved_.begin(), moved_.end()), moved_.end());
  for (const Sg& sg : moved_) {
    const auto it = entries_.find(sg);
    if (it == entries_.end()) {
      continue;  // deleted since it moved
    }
    Entry& e = it->second;
    e.in_moved = false;
    if (e.count.packets != e.polled_packets) {
      report(sg, e);
    }
  }
  moved_.clear();
  return out;
}

void MfcModel::Clear() {
  entries_.clear();
  unresolved_.clear();
  moved_.clear();
}

std::vector<MfcEntryView> MfcModel::Entries() const {
  std::vector<MfcEntryView> out;
  out.reserve(entries_.size());
  for (const auto& [sg, e] : entries_) {
    MfcEntryView view{sg, e.parent, {e.ttls.begin(), e.ttls.end()}, e.count, e.installed};
    out.push_back(std::move(view));
  }
  return out;
}

std::size_t MfcModel::UnresolvedQueued(const Sg& sg) const {
  const auto it = unresolved_.find(sg);
  return it == unresolved_.end() ? 0 : it->second.queue.size();
}

}  // namespace mc::sim
