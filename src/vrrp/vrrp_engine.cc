// The VRRP engine (vrrp_engine.h).
#include "vrrp/vrrp_engine.h"

#include <algorithm>

#include "wire/ip.h"

namespace mc::vrrp {

namespace {

using engine::Effect;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Duration kCentisecond = milliseconds{10};

// v2 carries whole seconds (RFC 3768 §5.3.7); a sub-second interval is sent as 1.
std::uint8_t V2Seconds(Duration d) {
  const auto s = std::chrono::duration_cast<seconds>(d).count();
  return static_cast<std::uint8_t>(std::clamp<std::int64_t>(s, 1, 255));
}

// v3 carries 12 bits of centiseconds (RFC 5798 §5.2.7).
std::uint16_t V3Centiseconds(Duration d) {
  const auto cs = d / kCentisecond;
  return static_cast<std::uint16_t>(
      std::clamp<std::int64_t>(cs, 1, wire::kVrrpMaxAdvertIntervalMax));
}

bool SameAddressSet(std::vector<Ipv4> a, std::vector<Ipv4> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// What identifies a running virtual router: changing any of it restarts the group.
bool SameIdentity(const GroupParams& a, const GroupParams& b) {
  return a.vrid == b.vrid && a.version == b.version && a.addresses == b.addresses &&
         a.multicast_group == b.multicast_group;
}

}  // namespace

Duration SkewTime(std::uint8_t version, std::uint8_t priority, Duration master_adver_interval) {
  const std::int64_t weight = 256 - priority;
  if (version == 2) {
    // RFC 3768 §6.1: Skew_Time = (256 - Priority) / 256 seconds.
    return Duration{weight * Duration{seconds{1}}.count() / 256};
  }
  // RFC 5798 §6.1: Skew_Time = ((256 - priority) * Master_Adver_Interval) / 256.
  return Duration{weight * master_adver_interval.count() / 256};
}

Duration MasterDownInterval(std::uint8_t version, std::uint8_t priority,
                            Duration master_adver_interval) {
  // RFC 5798 §6.1 / RFC 3768 §6.1: (3 * Master_Adver_Interval) + Skew_Time.
  return 3 * master_adver_interval + SkewTime(version, priority, master_adver_interval);
}

VrrpEngine::VrrpEngine(VrrpEngineOptions options, Rng rng) : options_(options), rng_(rng) {}

bool VrrpEngine::IsOwner(const Iface& i, const Group& g) const {
  const std::vector<Ipv4>& a = g.params.addresses;
  return !i.address.address.IsUnspecified() &&
         std::find(a.begin(), a.end(), i.address.address) != a.end();
}

// RFC 5798 §5.2.4: 255 for the owner. Tracking lowers the configured priority by the decrement
// of every tracked interface that is down; a backup never advertises 0 (that means "leaving").
std::uint8_t VrrpEngine::Priority(const Iface& i, const Group& g) const {
  if (IsOwner(i, g)) {
    return 255;
  }
  int p = g.params.priority;
  for (const TrackParams& t : g.params.tracks) {
    const auto it = links_.find(t.ifindex);
    if (it != links_.end() && !it->second) {
      p -= t.decrement;
    }
  }
  return static_cast<std::uint8_t>(std::clamp(p, 1, 254));
}

bool VrrpEngine::Runnable(const Iface& i, const Group& g) const {
  return i.up && !i.address.address.IsUnspecified() && !g.params.shutdown &&
         !g.params.addresses.empty();
}

Ipv4 VrrpEngine::Destination(const Group& g) const {
  return g.params.multicast_group.value_or(kVrrpMulticast);
}

void VrrpEngine::SetInterface(Time now, IfIndex ifx, engine::IfAddress address, bool up,
                              const std::vector<GroupParams>& groups, std::vector<Effect>& out) {
  Iface& i = ifaces_[ifx];
  const bool restart = i.address != address;
  // Groups that go away or change identity shut down first (§6.4.3: priority-0 advert).
  for (auto it = i.groups.begin(); it != i.groups.end();) {
    const auto want = std::find_if(groups.begin(), groups.end(),
                                   [&](const GroupParams& p) { return p.vrid == it->first; });
    if (want == groups.end() || !SameIdentity(*want, it->second.params) || restart) {
      Stop(now, ifx, i, it->second, out);
    }
    if (want == groups.end()) {
      it = i.groups.erase(it);
    } else {
      ++it;
    }
  }
  i.address = address;
  i.up = up;
  for (const GroupParams& p : groups) {
    auto it = i.groups.find(p.vrid);
    if (it == i.groups.end()) {
      if (i.groups.size() >= options_.groups_per_interface) {
        i.counters.Inc(VrrpCounter::kDropGroupLimit);
        tracer_.Emit(now, "limit groups-per-interface", out,
                     "limit groups-per-interface ({}) reached, dropped group {} on if {}",
                     options_.groups_per_interface, p.vrid, ifx.value());
        continue;
      }
      it = i.groups.emplace(p.vrid, Group{.params = p, .since = now}).first;
    }
    it->second.params = p;
  }
  Refresh(now, ifx, i, out);
}

void VrrpEngine::RemoveInterface(Time now, IfIndex ifx, std::vector<Effect>& out) {
  const auto it = ifaces_.find(ifx);
  if (it == ifaces_.end()) {
    return;
  }
  for (auto& [vrid, g] : it->second.groups) {
    Stop(now, ifx, it->second, g, out);
  }
  ifaces_.erase(it);
}

// Starts every group that can run and stops every one that can no longer.
void VrrpEngine::Refresh(Time now, IfIndex ifx, Iface& i, std::vector<Effect>& out) {
  for (auto& [vrid, g] : i.groups) {
    const bool runnable = Runnable(i, g);
    if (runnable && g.state == VrrpState::kInitialize) {
      Start(now, ifx, i, g, out);
    } else if (!runnable && g.state != VrrpState::kInitialize) {
      Stop(now, ifx, i, g, out);
    }
  }
}

void VrrpEngine::Start(Time now, IfIndex ifx, Iface& i, Group& g, std::vector<Effect>& out) {
  if (g.params.multicast_group && !g.joined) {
    // Not 224.0.0.18: the group must be joined so IGMP reports it and snooping forwards it.
    out.push_back(engine::SocketJoin{ifx, *g.params.multicast_group, {}, {}});
    g.joined = true;
  }
  // §6.4.1: "Set Master_Adver_Interval to Advertisement_Interval".
  g.master_adver_interval = g.params.advertisement_interval;
  g.master_address = Ipv4{};
  g.master_priority = 0;
  Fire(now, ifx, i, g, Priority(i, g) == 255 ? VrrpEvent::kStartupOwner : VrrpEvent::kStartup,
       nullptr, out);
}

void VrrpEngine::Stop(Time now, IfIndex ifx, Iface& i, Group& g, std::vector<Effect>& out) {
  Fire(now, ifx, i, g, VrrpEvent::kShutdown, nullptr, out);
  const std::uint8_t vrid = g.params.vrid;
  timers_.CancelIf([&](const TimerKey& k) { return k.ifindex == ifx && k.vrid == vrid; });
  if (g.joined) {
    out.push_back(engine::SocketLeave{ifx, *g.params.multicast_group, {}, {}});
    g.joined = false;
  }
}

void VrrpEngine::Handle(Time now, const engine::Input& in, std::vector<Effect>& out) {
  if (const auto* p = std::get_if<engine::PacketIn>(&in)) {
    OnPacket(now, *p, out);
  } else if (const auto* l = std::get_if<engine::LinkEvent>(&in)) {
    OnLink(now, *l, out);
  }
}

void VrrpEngine::OnLink(Time now, const engine::LinkEvent& l, std::vector<Effect>& out) {
  links_[l.ifindex] = l.up;
  const auto it = ifaces_.find(l.ifindex);
  if (it != ifaces_.end()) {
    Iface& i = it->second;
    const engine::IfAddress address = l.address.value_or(i.address);
    if (address != i.address || l.up != i.up) {
      i.up = i.up && l.up;  // a dead link cannot carry the priority-0 advert
      for (auto& [vrid, g] : i.groups) {
        if (g.state != VrrpState::kInitialize) {
          Stop(now, l.ifindex, i, g, out);
        }
      }
      i.address = address;
      i.up = l.up;
      Refresh(now, l.ifindex, i, out);
    }
  }
  // Tracked interfaces: the priority changes with the line; the next advert carries it
  // (RFC 5798 §6.4: a backup that now outranks the master preempts when its timer fires).
  for (auto& [ifx, i] : ifaces_) {
    for (auto& [vrid, g] : i.groups) {
      for (const TrackParams& t : g.params.tracks) {
        if (t.ifindex == l.ifindex) {
          tracer_.Emit(now, "track", out, "if {} Grp {} track {} {}, priority {}", ifx.value(),
                       vrid, t.name, l.up ? "up" : "down", Priority(i, g));
        }
      }
    }
  }
}

void VrrpEngine::OnPacket(Time now, const engine::PacketIn& p, std::vector<Effect>& out) {
  if (p.protocol != wire::kProtoVrrp) {
    return;
  }
  const auto it = ifaces_.find(p.ifindex);
  if (it == ifaces_.end() || !it->second.up) {
    return;
  }
  Iface& i = it->second;
  // RFC 5798 §7.1 / RFC 3768 §7.1: "MUST verify that the IP TTL is 255".
  if (p.ttl != wire::kVrrpTtl) {
    i.counters.Inc(VrrpCounter::kDropBadTtl);
    return;
  }
  auto decoded = wire::DecodeVrrp(p.bytes, p.src, p.dst);
  if (!decoded) {
    i.counters.Inc(
        decoded.error() == wire::DecodeError::kBadChecksum  ? VrrpCounter::kDropBadChecksum
        : decoded.error() == wire::DecodeError::kBadVersion ? VrrpCounter::kDropVersionMismatch
                                                            : VrrpCounter::kDropMalformed);
    return;
  }
  const Advert adv{p.src, std::move(*decoded)};
  // "MUST verify that the VRID is configured on the receiving interface".
  const auto git = i.groups.find(adv.a.vrid);
  if (git == i.groups.end()) {
    i.counters.Inc(VrrpCounter::kDropUnknownVrid);
    return;
  }
  Group& g = git->second;
  if (!Accept(now, i, g, p, adv, out)) {
    return;
  }
  g.counters.Inc(VrrpCounter::kAdvertsReceived);
  if (adv.a.priority == 0) {
    g.counters.Inc(VrrpCounter::kPriorityZeroReceived);
  }
  if (const std::optional<VrrpEvent> ev = Classify(i, g, adv)) {
    Fire(now, p.ifindex, i, g, *ev, &adv, out);
  }
}

bool VrrpEngine::Accept(Time now, const Iface& i, Group& g, const engine::PacketIn& p,
                        const Advert& adv, std::vector<Effect>& out) {
  if (p.src == i.address.address) {
    g.counters.Inc(VrrpCounter::kDropFromSelf);  // our own advert, looped back by a hub
    return false;
  }
  if (adv.a.version != g.params.version) {
    g.counters.Inc(VrrpCounter::kDropVersionMismatch);
    return false;
  }
  if (p.dst != Destination(g)) {
    g.counters.Inc(VrrpCounter::kDropWrongDestination);
    return false;
  }
  // RFC 3768 §7.1: "MUST verify that the Adver Interval in the packet is the same as the
  // locally configured" one (IOS `vrrp timers learn` adopts it instead).
  if (g.params.version == 2 && !g.params.learn &&
      adv.a.advert_interval_s != V2Seconds(g.params.advertisement_interval)) {
    g.counters.Inc(VrrpCounter::kDropIntervalMismatch);
    return false;
  }
  // §7.1: a differing address list SHOULD be logged; RFC 3768 then drops it unless the owner
  // (priority 255) sent it. RFC 5798 goes on processing.
  if (!SameAddressSet(adv.a.addresses, g.params.addresses)) {
    g.counters.Inc(VrrpCounter::kAddressListMismatch);
    tracer_.Emit(now, "address-list", out, "if {} Grp {}: address list of {} differs",
                 p.ifindex.value(), adv.a.vrid, p.src);
    if (g.params.version == 2 && adv.a.priority != 255) {
      g.counters.Inc(VrrpCounter::kDropAddressList);
      return false;
    }
  }
  return true;
}

// Which §6.4 event an accepted advertisement is in the group's state.
std::optional<VrrpEvent> VrrpEngine::Classify(const Iface& i, const Group& g,
                                              const Advert& adv) const {
  const std::uint8_t local = Priority(i, g);
  if (g.state == VrrpState::kInitialize) {
    return std::nullopt;
  }
  if (adv.a.priority == 0) {
    return VrrpEvent::kRecvPriorityZero;
  }
  if (g.state == VrrpState::kBackup) {
    // "the Address Owner always preempts" (§6.1 Preempt_Mode), whatever is configured.
    const bool preempt = g.params.preempt || local == 255;
    if (!preempt || adv.a.priority >= local) {
      return VrrpEvent::kRecvPreferred;
    }
    return g.params.preempt_delay > Duration::zero() && local != 255 ? VrrpEvent::kRecvLowerDelayed
                                                                     : VrrpEvent::kRecvLower;
  }
  const bool higher =
      adv.a.priority > local || (adv.a.priority == local && adv.src > i.address.address);
  return higher ? VrrpEvent::kRecvPreferred : VrrpEvent::kRecvLower;
}

void VrrpEngine::Fire(Time now, IfIndex ifx, Iface& i, Group& g, VrrpEvent ev, const Advert* adv,
                      std::vector<Effect>& out) {
  const std::optional<VrrpRow> row = Lookup(g.state, ev);
  if (!row) {
    return;
  }
  if (adv != nullptr && g.state == VrrpState::kBackup && adv->a.priority != 0) {
    g.master_address = adv->src;  // shown as "Master Router is ..." while we follow it
    g.master_priority = adv->a.priority;
  }
  Perform(now, ifx, i, g, row->actions, adv, out);
  SetState(now, ifx, g, row->to, out);
  if (row->to == VrrpState::kMaster) {
    g.master_address = i.address.address;
    g.master_priority = Priority(i, g);
    g.master_adver_interval = g.params.advertisement_interval;
  }
}

void VrrpEngine::Perform(Time now, IfIndex ifx, Iface& i, Group& g, std::uint16_t actions,
                         const Advert* adv, std::vector<Effect>& out) {
  const std::uint8_t vrid = g.params.vrid;
  const Mac vmac = Mac::VrrpVirtual(vrid);
  if (actions & kCancelAdver) {
    timers_.Cancel({TimerKind::kAdver, ifx, vrid});
  }
  if (actions & kCancelMasterDown) {
    timers_.Cancel({TimerKind::kMasterDown, ifx, vrid});
  }
  if (actions & kCancelPreemptDelay) {
    timers_.Cancel({TimerKind::kPreemptDelay, ifx, vrid});
  }
  if (actions & kSendPriorityZero) {
    SendAdvert(ifx, i, g, 0, out);
  }
  if (actions & kDelAddresses) {
    for (const Ipv4 a : g.params.addresses) {
      out.push_back(engine::AddressDel{ifx, a, vmac});
    }
  }
  if ((actions & kLearnInterval) && adv != nullptr) {
    g.master_address = adv->src;
    g.master_priority = adv->a.priority;
    if (g.params.version == 3) {
      // §6.4.2 / §6.4.3: "Set Master_Adver_Interval to Adver Interval contained in the
      // ADVERTISEMENT"; a zero interval would make the timers meaningless, so 1 cs is the floor.
      g.master_adver_interval =
          std::max<std::uint16_t>(adv->a.max_advert_interval_cs, 1) * kCentisecond;
    } else if (g.params.learn) {
      g.master_adver_interval = seconds{std::max<std::uint8_t>(adv->a.advert_interval_s, 1)};
    }
  }
  const std::uint8_t priority = Priority(i, g);
  const std::uint8_t version = g.params.version;
  if (actions & kArmMasterDown) {
    timers_.Arm({TimerKind::kMasterDown, ifx, vrid},
                now + MasterDownInterval(version, priority, g.master_adver_interval));
  }
  if (actions & kArmSkew) {
    timers_.Arm({TimerKind::kMasterDown, ifx, vrid},
                now + SkewTime(version, priority, g.master_adver_interval));
  }
  if ((actions & kStartPreemptDelay) && !timers_.Armed({TimerKind::kPreemptDelay, ifx, vrid})) {
    timers_.Arm({TimerKind::kPreemptDelay, ifx, vrid}, now + g.params.preempt_delay);
  }
  if (actions & kAddAddresses) {
    for (const Ipv4 a : g.params.addresses) {
      out.push_back(engine::AddressAdd{ifx, a, vmac});
    }
    g.counters.Inc(VrrpCounter::kBecameMaster);
  }
  if (actions & kSendAdvert) {
    SendAdvert(ifx, i, g, priority, out);
  }
  if (actions & kAddAddresses) {
    // §6.4.1: after the first advert, a gratuitous ARP for each address with the virtual MAC.
    for (const Ipv4 a : g.params.addresses) {
      out.push_back(engine::GratuitousArp{ifx, a, vmac});
    }
  }
  if (actions & kArmAdver) {
    timers_.Arm({TimerKind::kAdver, ifx, vrid}, now + g.params.advertisement_interval);
  }
}

void VrrpEngine::SendAdvert(IfIndex ifx, Iface& i, Group& g, std::uint8_t priority,
                            std::vector<Effect>& out) {
  if (!i.up) {
    return;
  }
  wire::VrrpAdvertisement a;
  a.version = g.params.version;
  a.vrid = g.params.vrid;
  a.priority = priority;
  a.addresses = g.params.addresses;
  a.max_advert_interval_cs = V3Centiseconds(g.params.advertisement_interval);
  a.advert_interval_s = V2Seconds(g.params.advertisement_interval);
  const Ipv4 dst = Destination(g);
  auto bytes = wire::EncodeToBytes(wire::VrrpPacket{i.address.address, dst, a});
  if (!bytes) {
    g.counters.Inc(VrrpCounter::kDropMalformed);
    return;
  }
  g.counters.Inc(priority == 0 ? VrrpCounter::kPriorityZeroSent : VrrpCounter::kAdvertsSent);
  // §5.1.1.3: TTL 255; IP precedence 6 (internetwork control) as routing protocols send.
  out.push_back(engine::SendPacket{ifx, i.address.address, dst, wire::kVrrpTtl, wire::kProtoVrrp,
                                   false, 0xC0, std::move(*bytes)});
}

void VrrpEngine::SetState(Time now, IfIndex ifx, Group& g, VrrpState to, std::vector<Effect>& out) {
  if (g.state == to) {
    return;
  }
  // The IOS %VRRP-6-STATECHANGE line.
  tracer_.Emit(now, "state-change", out, "if {} Grp {} state {} -> {}", ifx.value(), g.params.vrid,
               ToString(g.state), ToString(to));
  g.state = to;
  g.since = now;
}

void VrrpEngine::AdvanceTo(Time now, std::vector<Effect>& out) {
  // Each timer fires at its own deadline, so a late host still sees exact failover times.
  for (std::optional<Time> t = timers_.NextDeadline(); t && *t <= now; t = timers_.NextDeadline()) {
    const std::optional<TimerKey> k = timers_.PopDue(*t);
    OnTimer(*t, *k, out);
  }
}

void VrrpEngine::OnTimer(Time now, const TimerKey& key, std::vector<Effect>& out) {
  const auto it = ifaces_.find(key.ifindex);
  if (it == ifaces_.end()) {
    return;
  }
  const auto git = it->second.groups.find(key.vrid);
  if (git == it->second.groups.end()) {
    return;
  }
  VrrpEvent ev = VrrpEvent::kAdverExpired;
  switch (key.kind) {
    case TimerKind::kAdver:
      ev = VrrpEvent::kAdverExpired;
      break;
    case TimerKind::kMasterDown:
      ev = VrrpEvent::kMasterDownExpired;
      break;
    case TimerKind::kPreemptDelay:
      ev = VrrpEvent::kPreemptDelayExpired;
      break;
  }
  Fire(now, key.ifindex, it->second, git->second, ev, nullptr, out);
}

VrrpSnapshot VrrpEngine::Snap() const {
  VrrpSnapshot snap;
  for (const auto& [ifx, i] : ifaces_) {
    InterfaceSnapshot is{.ifindex = ifx, .address = i.address.address, .up = i.up};
    is.counters = i.counters.Snapshot();
    for (const auto& [vrid, g] : i.groups) {
      GroupSnapshot s;
      s.ifindex = ifx;
      s.vrid = vrid;
      s.version = g.params.version;
      s.state = g.state;
      s.since = g.since;
      s.description = g.params.description;
      s.addresses = g.params.addresses;
      s.virtual_mac = Mac::VrrpVirtual(vrid);
      s.destination = Destination(g);
      s.owner = IsOwner(i, g);
      s.configured_priority = g.params.priority;
      s.priority = Priority(i, g);
      s.preempt = g.params.preempt || s.owner;
      s.preempt_delay = g.params.preempt_delay;
      s.learn = g.params.learn;
      s.advertisement_interval = g.params.advertisement_interval;
      s.master_adver_interval = g.state == VrrpState::kInitialize ? g.params.advertisement_interval
                                                                  : g.master_adver_interval;
      s.skew_time = SkewTime(s.version, s.priority, s.master_adver_interval);
      s.master_down_interval = MasterDownInterval(s.version, s.priority, s.master_adver_interval);
      s.master_address = g.master_address;
      s.master_priority = g.master_priority;
      s.master_down_expires = timers_.Deadline({TimerKind::kMasterDown, ifx, vrid});
      s.next_advert = timers_.Deadline({TimerKind::kAdver, ifx, vrid});
      s.preempt_delay_expires = timers_.Deadline({TimerKind::kPreemptDelay, ifx, vrid});
      for (const TrackParams& t : g.params.tracks) {
        const auto l = links_.find(t.ifindex);
        s.tracks.push_back({t.ifindex, t.name, t.decrement, l == links_.end() || l->second});
      }
      s.counters = g.counters.Snapshot();
      is.groups.push_back(std::move(s));
    }
    snap.interfaces.push_back(std::move(is));
  }
  return snap;
}

}  // namespace mc::vrrp
