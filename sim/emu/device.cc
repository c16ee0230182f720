// Device: interfaces, the bridge, and the IPv4 stack with ARP, routing and ping (device.h).
#include "sim/emu/device.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <utility>

#include "config/apply.h"
#include "config/interface_name.h"
#include "engine/engine.h"
#include "sim/emu/device_mcast.h"
#include "sim/emu/network.h"
#include "wire/ethernet.h"

namespace mc::sim {

namespace {

using engine::Effect;

constexpr Duration kArpRetry = std::chrono::seconds{1};
constexpr int kArpTries = 3;
constexpr std::size_t kArpQueueMax = 8;
// IOS: "Sending 5, 100-byte ICMP Echos": 100 bytes of IP datagram, 72 of echo data.
constexpr std::size_t kPingDatagram = 100;
constexpr std::size_t kPingData = kPingDatagram - 20 - 8;

std::uint8_t PrefixLen(Ipv4 mask) { return static_cast<std::uint8_t>(std::popcount(mask.value())); }

}  // namespace

Device::Device(std::string name, config::DeviceConfig config, std::vector<PortSpec> ports,
               std::uint32_t mac_seed)
    : name_(std::move(name)), config_(config), startup_(std::move(config)), mac_seed_(mac_seed) {
  // Interfaces in config order, then cabled ones the config never mentions.
  for (const config::InterfaceConfig& c : config_.interfaces) {
    Iface i;
    i.name = c.name;
    ifaces_.push_back(i);
  }
  for (const PortSpec& p : ports) {
    std::optional<std::size_t> at = FindInterface(p.name);
    if (!at) {
      Iface i;
      ifaces_.push_back(i);
      at = ifaces_.size() - 1;
    }
    Iface& i = ifaces_[*at];
    i.name = p.name;  // output uses the lab's spelling
    i.cabled = true;
    i.edge = p.edge;
    i.shared = p.shared;
  }
}

std::optional<std::size_t> Device::FindInterface(std::string_view name) const {
  for (std::size_t i = 0; i < ifaces_.size(); ++i) {
    if (config::SameInterface(ifaces_[i].name, name)) {
      return i;
    }
  }
  return std::nullopt;
}

void Device::Boot(Time now) {
  now_ = now;
  std::vector<Effect> out;
  if (config_.kind == config::DeviceKind::kSwitch) {
    l2::BridgeConfig bc;
    bc.stp.address = Mac{{0x52, 0x54, 0x00, static_cast<std::uint8_t>(mac_seed_ >> 8),
                          static_cast<std::uint8_t>(mac_seed_), 0}};
    bridge_ = std::make_unique<l2::Bridge>(bc);
  }
  for (Iface& i : ifaces_) {
    i.carrier = !i.cabled;  // cabled ports get carrier from the network
  }
  McastBoot();
  Rebuild(now, out);
  Drain(now, std::move(out));
}

const config::InterfaceConfig* Device::IfConfig(std::size_t n) const {
  if (if_config_.size() != ifaces_.size()) {
    if_config_.clear();
    for (const Iface& i : ifaces_) {
      if_config_.push_back(config_.FindInterface(i.name));
    }
  }
  return if_config_[n];
}

// Brings interfaces, the bridge and its ports in line with config_ (at boot and after `conf`).
void Device::Rebuild(Time now, std::vector<Effect>& out) {
  InvalidateRoutes();
  if_config_.clear();
  for (const config::InterfaceConfig& c : config_.interfaces) {
    if (!FindInterface(c.name)) {
      Iface i;
      i.name = c.name;
      i.carrier = true;
      ifaces_.push_back(i);
    }
  }
  if (bridge_) {
    l2::BridgeConfig bc;
    bc.stp.address = Mac{{0x52, 0x54, 0x00, static_cast<std::uint8_t>(mac_seed_ >> 8),
                          static_cast<std::uint8_t>(mac_seed_), 0}};
    // Per-VLAN spanning tree (rapid-pvst): an instance for every VLAN of the VLAN database
    // (`vlan N`, SVIs) and every access / native VLAN in use, each with its own priority.
    for (const auto& [vlan, p] : config_.stp_vlan_priority) {
      bc.stp_vlan_priority[vlan] = static_cast<std::uint16_t>(p);
    }
    for (const auto& [vlan, v] : config_.vlans) {
      bc.stp_vlans.insert(vlan);
    }
    for (const config::InterfaceConfig& c : config_.interfaces) {
      const std::string canon = config::CanonicalInterfaceName(c.name);
      const int v = canon.starts_with("Vlan") ? std::atoi(canon.c_str() + 4) : 0;
      if (v >= 1 && v <= 4094) {
        bc.stp_vlans.insert(static_cast<std::uint16_t>(v));
      }
    }
    bridge_->SetConfig(now, bc, out);
  }
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    Iface& i = ifaces_[n];
    const config::InterfaceConfig* found = config_.FindInterface(i.name);
    const config::InterfaceConfig c = found ? *found : config_.DefaultInterface(i.name);
    i.mac = Mac{{0x52, 0x54, 0x00, static_cast<std::uint8_t>(mac_seed_ >> 8),
                 static_cast<std::uint8_t>(mac_seed_), static_cast<std::uint8_t>(n + 1)}};
    i.admin_up = !c.shutdown;
    i.virtual_if = config::IsVirtualInterface(i.name);
    if (i.virtual_if) {
      i.carrier = true;
    }
    i.address.reset();
    if (c.address) {
      i.address = engine::IfAddress{c.address->address, PrefixLen(c.address->mask)};
    }
    const std::string canon = config::CanonicalInterfaceName(i.name);
    i.svi_vlan.reset();
    if (canon.starts_with("Vlan")) {
      const int v = std::atoi(canon.c_str() + 4);
      if (v >= 1 && v <= 4094) {
        i.svi_vlan = static_cast<std::uint16_t>(v);
      }
    }
    const bool was_bridged = i.bridged;
    i.bridged = bridge_ != nullptr && c.switchport && !i.virtual_if;
    const IfIndex ifx{static_cast<std::uint32_t>(n + 1)};
    if (bridge_) {
      if (i.bridged) {
        bridge_->SetPort(now, ifx, BridgePort(i, c), out);
        bridge_in_.push_back(engine::LinkEvent{ifx, i.carrier, std::nullopt, i.mac});
      } else if (i.svi_vlan) {
        bridge_->SetSvi(now, *i.svi_vlan, ifx, i.mac, i.admin_up, out);
      } else if (was_bridged) {
        bridge_->RemovePort(now, ifx, out);
      }
    }
  }
  UpdateSviAutostate();
  McastSync(now, out);
  VrrpSync(now);
  SnoopSync(now);  // device_snoop.cc
}

// IOS SVI autostate: `interface VlanN` is up only while some switchport carrying VLAN N is up,
// so an SVI's engines (IGMP's startup queries, VRRP) start when the VLAN has a live port rather
// than into a VLAN with no cable up yet.
void Device::UpdateSviAutostate() {
  if (!bridge_) {
    return;
  }
  for (Iface& svi : ifaces_) {
    if (!svi.svi_vlan || svi.bridged) {
      continue;
    }
    bool active = false;
    for (const Iface& port : ifaces_) {
      if (!port.bridged || !port.OperUp()) {
        continue;
      }
      const config::InterfaceConfig* found = config_.FindInterface(port.name);
      const config::InterfaceConfig c = found ? *found : config_.DefaultInterface(port.name);
      active = c.switchport_mode == config::SwitchportMode::kTrunk
                   ? c.trunk_allowed_vlans.Contains(*svi.svi_vlan)
                   : c.access_vlan == *svi.svi_vlan;
      if (active) {
        break;
      }
    }
    svi.carrier = active;
  }
}

l2::PortConfig Device::BridgePort(const Iface& i, const config::InterfaceConfig& c) const {
  l2::PortConfig p;
  p.mode = c.switchport_mode == config::SwitchportMode::kTrunk ? l2::PortMode::kTrunk
                                                               : l2::PortMode::kAccess;
  p.access_vlan = c.access_vlan;
  p.native_vlan = c.trunk_native_vlan;
  if (!c.trunk_allowed_vlans.IsAll()) {
    p.allowed_vlans = l2::VlanMask{};
    for (const std::uint16_t v : c.trunk_allowed_vlans.Ids()) {
      p.allowed_vlans.Add(v);
    }
  }
  p.admin_up = !c.shutdown;
  p.stp.path_cost = c.stp_cost.value_or(l2::kDefaultPortPathCost);
  p.stp.admin_edge = c.stp_portfast || i.edge;
  p.stp.point_to_point = !i.shared;
  return p;
}

std::optional<Time> Device::NextDeadline() const {
  std::optional<Time> t = timers_.NextDeadline();
  for (const std::optional<Time> other : {bridge_ ? bridge_->NextDeadline() : std::optional<Time>{},
                                          McastDeadline(), VrrpDeadline(), SnoopDeadline()}) {
    if (other && (!t || *other < *t)) {
      t = other;
    }
  }
  return t;
}

void Device::Receive(Time now, std::size_t iface, std::span<const std::uint8_t> frame) {
  now_ = now;
  Iface& i = ifaces_[iface];
  if (!i.OperUp()) {
    return;
  }
  i.counters.frames_in++;
  i.counters.bytes_in += frame.size();
  if (i.bridged) {
    engine::PacketIn p;
    p.layer = engine::Layer::kL2;
    p.ifindex = IfIndex{static_cast<std::uint32_t>(iface + 1)};
    p.bytes.assign(frame.begin(), frame.end());
    bridge_in_.push_back(std::move(p));
  } else {
    l3_in_.emplace_back(iface, wire::Bytes(frame.begin(), frame.end()));
  }
  Drain(now, {});
}

void Device::Wake(Time now) {
  now_ = now;
  while (std::optional<TimerKey> k = timers_.PopDue(now)) {
    FireTimer(now, *k);
  }
  Drain(now, {});
}

void Device::SetCarrier(Time now, std::size_t iface, bool up) {
  now_ = now;
  Iface& i = ifaces_[iface];
  i.carrier = up;
  InvalidateRoutes();
  if (!up) {
    std::erase_if(arp_, [&](const auto& kv) { return kv.first.first == iface; });
  }
  if (i.bridged) {
    bridge_in_.push_back(
        engine::LinkEvent{IfIndex{static_cast<std::uint32_t>(iface + 1)}, up, std::nullopt, i.mac});
  }
  UpdateSviAutostate();
  std::vector<Effect> out;
  McastSync(now, out);
  VrrpSync(now);
  SnoopSync(now);  // device_snoop.cc
  Drain(now, std::move(out));
}

// Applies `effects`, then runs the bridge and the IP stack until neither has work left. The
// bridge is pumped as the engine contract says; what it hands an SVI queues for the IP stack,
// and what the IP stack sends on an SVI queues for the bridge, so no engine is re-entered.
void Device::Drain(Time now, std::vector<Effect> effects) {
  for (const Effect& e : effects) {
    ApplyEffect(e);
  }
  // The first round always runs so every engine's due timers fire (Pump advances them).
  bool first = true;
  while (first || !bridge_in_.empty() || !l3_in_.empty() || McastPending() || VrrpPending() ||
         SnoopPending()) {
    first = false;
    if (bridge_) {
      PumpBridge(now);
      SnoopPump(now);  // device_snoop.cc: frames the bridge punted to IGMP snooping
    }
    while (!l3_in_.empty()) {
      auto [iface, frame] = std::move(l3_in_.front());
      l3_in_.pop_front();
      L3Receive(now, iface, frame);
    }
    McastPump(now);
    VrrpPump(now);
  }
  bridge_in_.clear();
}

void Device::PumpBridge(Time now) {
  struct Host {
    Device* d;
    Time t;
    Time Now() const { return t; }
    std::optional<engine::Input> NextInput() {
      if (d->bridge_in_.empty()) {
        return std::nullopt;
      }
      engine::Input in = std::move(d->bridge_in_.front());
      d->bridge_in_.pop_front();
      return in;
    }
    void Apply(const Effect& e) { d->ApplyEffect(e); }
    void WakeAt(std::optional<Time>) {}  // the Network asks NextDeadline() after every step
  };
  Host host{this, now};
  engine::Pump(*bridge_, host);
}

void Device::ApplyEffect(const Effect& e) {
  if (std::holds_alternative<engine::SendPacket>(e) || std::holds_alternative<engine::Notify>(e)) {
    McastEffect(e);
    return;
  }
  if (std::holds_alternative<engine::MfcAdd>(e) || std::holds_alternative<engine::MfcDel>(e)) {
    MfcEffect(e);
    return;
  }
  const auto* f = std::get_if<engine::SendFrame>(&e);
  if (f == nullptr || !f->port.valid() || f->port.value() > ifaces_.size()) {
    return;  // traces are not shown yet
  }
  const std::size_t n = f->port.value() - 1;
  if (ifaces_[n].svi_vlan && !ifaces_[n].bridged) {
    if (ifaces_[n].admin_up) {
      l3_in_.emplace_back(n, f->frame);
    }
    return;
  }
  TransmitRaw(n, f->frame);
}

void Device::TransmitRaw(std::size_t iface, wire::Bytes frame) {
  Iface& i = ifaces_[iface];
  if (!i.OperUp() || !i.cabled || net_ == nullptr) {
    return;
  }
  i.counters.frames_out++;
  i.counters.bytes_out += frame.size();
  net_->Transmit(id_, iface, std::move(frame));
}

// ---- IPv4 stack -----------------------------------------------------------------------------

void Device::L3Frame(std::size_t iface, const Mac& dst, std::uint16_t ethertype,
                     std::span<const std::uint8_t> payload, std::optional<Mac> src) {
  wire::EthernetHeader h;
  h.dst = dst;
  h.src = src.value_or(ifaces_[iface].mac);
  h.ethertype = ethertype;
  auto frame = wire::BuildEthernet(h, payload);
  if (!frame) {
    return;
  }
  if (ifaces_[iface].svi_vlan && bridge_ && !ifaces_[iface].bridged) {
    if (net_ != nullptr && ifaces_[iface].OperUp()) {
      net_->traffic().NoteSent(now_, id_, iface, *frame);  // what leaves the SVI into the VLAN
    }
    engine::PacketIn p;
    p.layer = engine::Layer::kL2;
    p.ifindex = IfIndex{static_cast<std::uint32_t>(iface + 1)};
    p.bytes = std::move(*frame);
    bridge_in_.push_back(std::move(p));
    return;
  }
  TransmitRaw(iface, std::move(*frame));
}

void Device::L3Receive(Time now, std::size_t iface, std::span<const std::uint8_t> bytes) {
  const Iface& i = ifaces_[iface];
  if (!i.OperUp() || !i.address) {
    return;
  }
  auto frame = wire::DecodeEthernet(bytes);
  if (!frame || frame->header.vlan) {
    return;
  }
  const Mac& dst = frame->header.dst;
  if (dst != i.mac && !dst.IsBroadcast() && !dst.IsIpv4Multicast() && !VrrpOwnsMac(iface, dst)) {
    return;  // another station's frame on a shared segment
  }
  if (frame->header.ethertype == wire::kEtherTypeArp) {
    OnArp(now, iface, frame->payload);
  } else if (frame->header.ethertype == wire::kEtherTypeIpv4) {
    OnIpv4(now, iface, frame->payload);
  }
}

void Device::OnArp(Time now, std::size_t iface, std::span<const std::uint8_t> payload) {
  auto arp = wire::DecodeArp(payload);
  if (!arp) {
    return;
  }
  const engine::IfAddress& mine = *ifaces_[iface].address;
  const auto key = std::make_pair(iface, arp->sender_ip);
  const bool for_me = arp->target_ip == mine.address;
  // RFC 826 "Packet Reception": update an existing entry; add one when the request is for us.
  if (arp_.contains(key) || for_me) {
    if (mine.Subnet().Contains(arp->sender_ip)) {
      arp_[key] = arp->sender_mac;
    }
  }
  const bool vip = arp->op == wire::ArpOp::kRequest && VrrpAnswerArp(iface, *arp);
  if (for_me && !vip && arp->op == wire::ArpOp::kRequest) {
    wire::Arp reply;
    reply.op = wire::ArpOp::kReply;
    reply.sender_mac = ifaces_[iface].mac;
    reply.sender_ip = mine.address;
    reply.target_mac = arp->sender_mac;
    reply.target_ip = arp->sender_ip;
    if (auto b = wire::EncodeToBytes(reply)) {
      L3Frame(iface, arp->sender_mac, wire::kEtherTypeArp, *b);
    }
  }
  const auto pending = arp_pending_.find(key);
  const auto mac = arp_.find(key);
  if (pending != arp_pending_.end() && mac != arp_.end()) {
    std::vector<wire::Bytes> packets = std::move(pending->second.packets);
    arp_pending_.erase(pending);
    timers_.Cancel(TimerKey{TimerKind::kArpRetry, iface, arp->sender_ip});
    for (const wire::Bytes& p : packets) {
      L3Frame(iface, mac->second, wire::kEtherTypeIpv4, p);
    }
  }
  (void)now;
}

bool Device::IsOwnAddress(Ipv4 a) const { return OwnerOf(a).has_value() || VrrpOwnsAddress(a); }

std::optional<std::size_t> Device::OwnerOf(Ipv4 a) const {
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    if (ifaces_[n].address && ifaces_[n].address->address == a && ifaces_[n].admin_up) {
      return n;
    }
  }
  return std::nullopt;
}

void Device::OnIpv4(Time now, std::size_t iface, std::span<const std::uint8_t> bytes) {
  auto p = wire::DecodeIpv4(bytes);
  if (!p || p->header.IsFragment()) {
    return;
  }
  const Ipv4 dst = p->header.dst;
  const engine::IfAddress& mine = *ifaces_[iface].address;
  const bool subnet_broadcast =
      mine.prefix_len < 31 &&
      dst.value() == (mine.Subnet().address().value() | ~mine.Subnet().mask().value());
  if (dst.IsMulticast()) {
    if (p->header.protocol == wire::kProtoVrrp) {
      VrrpReceive(now, iface, *p);
    }
    OnMulticast(now, iface, *p);
    return;
  }
  if (IsOwnAddress(dst) && p->header.protocol == wire::kProtoPim) {
    MfcPimPacket(iface, *p);  // unicast PIM: Register, Register-Stop (device_mfc.cc)
    return;
  }
  if (IsOwnAddress(dst) || dst.IsBroadcast() || subnet_broadcast) {
    OnLocal(now, *p);
    return;
  }
  if (dst.IsMulticast() || !config_.ip_routing) {
    return;
  }
  // RFC 1812 §5.3.1: a packet whose TTL would reach zero is not forwarded.
  if (p->header.ttl <= 1) {
    return;
  }
  wire::Ipv4Header h = p->header;
  h.ttl = static_cast<std::uint8_t>(h.ttl - 1);
  auto out = wire::BuildIpv4(h, p->payload);
  if (out) {
    RouteOut(now, *out, dst);
  }
}

void Device::OnLocal(Time now, const wire::Ipv4Packet& p) {
  if (p.header.protocol != wire::kProtoIcmp) {
    return;
  }
  auto echo = wire::DecodeIcmpEcho(p.payload);
  if (!echo) {
    return;
  }
  if (!echo->reply) {
    Ipv4 src = IsOwnAddress(p.header.dst) ? p.header.dst : Ipv4{};
    if (src.IsUnspecified()) {
      const std::optional<Route> r = Lookup(p.header.src);
      if (!r || !r->iface || !ifaces_[*r->iface].address) {
        return;
      }
      src = ifaces_[*r->iface].address->address;
    }
    SendEchoReply(now, *echo, src, p.header.src);
    return;
  }
  const auto it = pings_.find(echo->identifier);
  if (it != pings_.end() && it->second.multicast && echo->sequence == it->second.seq) {
    // Every member of the group answers; IOS lists each reply as it arrives.
    Ping& mp = it->second;
    mp.replies_this_request++;
    const std::int64_t ms =
        std::max<std::int64_t>(1, ((now - mp.sent_at).count() + 999'999) / 1'000'000);
    mp.replies += fmt::format("Reply to request {} from {}, {} ms\n", mp.seq, p.header.src, ms);
    return;
  }
  if (it == pings_.end() || it->second.multicast || echo->sequence != it->second.seq ||
      p.header.src != it->second.cmd.target) {
    return;  // late or foreign reply
  }
  Ping& ping = it->second;
  timers_.Cancel(TimerKey{TimerKind::kPingTimeout, ping.id, {}});
  ping.ok++;
  ping.marks += '!';
  ping.rtts.push_back(now - ping.sent_at);
  if (ping.sent < ping.cmd.repeat) {
    SendEcho(now, ping);
  } else {
    FinishPing(it);
  }
}

const std::vector<Device::Route>& Device::RoutingTable() const {
  if (!route_cache_) {
    route_cache_ = BuildRoutingTable();
  }
  return *route_cache_;
}

// Answers an echo request (RFC 792) from `src` back to `dst`, routed like any packet.
void Device::SendEchoReply(Time now, const wire::IcmpEcho& request, Ipv4 src, Ipv4 dst) {
  wire::IcmpEcho reply = request;
  reply.reply = true;
  auto icmp = wire::EncodeToBytes(reply);
  if (!icmp) {
    return;
  }
  wire::Ipv4Header h;
  h.ttl = DefaultTtl();
  h.protocol = wire::kProtoIcmp;
  h.identification = next_ip_id_++;
  h.src = src;
  h.dst = dst;
  if (auto pkt = wire::BuildIpv4(h, *icmp)) {
    RouteOut(now, *pkt, h.dst);
  }
}

std::vector<Device::Route> Device::BuildRoutingTable() const {
  std::vector<Route> routes;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const Iface& i = ifaces_[n];
    if (!i.OperUp() || !i.address || i.bridged) {
      continue;
    }
    routes.push_back(Route{'C', i.address->Subnet(), 0, std::nullopt, n});
    routes.push_back(Route{'L', Prefix::Make(i.address->address, 32), 0, std::nullopt, n});
  }
  std::vector<Route> statics;
  for (const config::StaticRoute& s : config_.static_routes) {
    Route r{'S', s.prefix, s.distance, s.next_hop, std::nullopt};
    if (!s.interface.empty()) {
      r.iface = FindInterface(s.interface);
      if (!r.iface || !ifaces_[*r.iface].OperUp()) {
        continue;
      }
    }
    statics.push_back(r);
  }
  if (config_.ip_routing) {
    // OSPF from the IGP oracle: one entry per equal-cost next hop, lowest address first.
    for (const IgpRoute& r : igp_routes_) {
      for (const IgpNextHop& nh : r.next_hops) {
        if (nh.iface < ifaces_.size() && ifaces_[nh.iface].OperUp()) {
          Route o{'O', r.prefix, 110, nh.address, nh.iface};
          o.metric = r.cost;
          o.inter_area = r.inter_area;
          routes.push_back(o);
        }
      }
    }
  }
  if (!config_.ip_routing && config_.default_gateway) {
    statics.push_back(Route{'S', Prefix{}, 1, config_.default_gateway, std::nullopt});
  }
  // A static route via a next hop is installed only when the next hop resolves.
  std::vector<Route> base = routes;
  base.insert(base.end(), statics.begin(), statics.end());
  for (const Route& r : statics) {
    if (r.iface || (r.next_hop && [&] {
          for (const Route& b : base) {
            if (b.code != 'L' && &b != &r && b.prefix.Contains(*r.next_hop) &&
                !(b.prefix == r.prefix && b.code == 'S')) {
              return true;
            }
          }
          return false;
        }())) {
      routes.push_back(r);
    }
  }
  return routes;
}

std::optional<Device::Route> Device::Lookup(Ipv4 dst, int depth) const {
  if (depth > 8) {
    return std::nullopt;
  }
  const std::vector<Route>& table = RoutingTable();
  std::optional<Route> best;
  for (const Route& r : table) {
    if (!r.prefix.Contains(dst)) {
      continue;
    }
    if (!best || r.prefix.length() > best->prefix.length() ||
        (r.prefix.length() == best->prefix.length() && r.distance < best->distance)) {
      best = r;
    }
  }
  if (!best) {
    return std::nullopt;
  }
  return Resolve(*best, depth);
}

// Follows a route's next hop down to a connected interface (recursive static routes).
std::optional<Device::Route> Device::Resolve(const Route& r, int depth) const {
  if (r.iface) {
    return r;
  }
  if (!r.next_hop || depth > 8) {
    return std::nullopt;
  }
  std::optional<Route> via = Lookup(*r.next_hop, depth + 1);
  if (!via || !via->iface) {
    return std::nullopt;
  }
  Route out = r;
  out.iface = via->iface;
  if (via->next_hop) {
    out.next_hop = via->next_hop;  // recursive: the connected next hop of the next hop
  }
  return out;
}

bool Device::RouteOut(Time now, const wire::Bytes& packet, Ipv4 dst) {
  const std::optional<Route> r = Lookup(dst);
  if (!r || !r->iface) {
    return false;
  }
  if (r->code == 'L') {
    return false;  // to ourselves: handled before routing
  }
  SendVia(now, *r->iface, r->next_hop.value_or(dst), packet);
  return true;
}

void Device::SendVia(Time now, std::size_t iface, Ipv4 next_hop, wire::Bytes packet) {
  const auto key = std::make_pair(iface, next_hop);
  if (const auto it = arp_.find(key); it != arp_.end()) {
    L3Frame(iface, it->second, wire::kEtherTypeIpv4, packet);
    return;
  }
  Pending& p = arp_pending_[key];
  if (p.packets.size() < kArpQueueMax) {
    p.packets.push_back(std::move(packet));
  }
  if (p.tries == 0) {
    p.tries = 1;
    SendArpRequest(iface, next_hop);
    timers_.Arm(TimerKey{TimerKind::kArpRetry, iface, next_hop}, now + kArpRetry);
  }
}

void Device::SendArpRequest(std::size_t iface, Ipv4 target) {
  if (!ifaces_[iface].address) {
    return;
  }
  wire::Arp req;
  req.op = wire::ArpOp::kRequest;
  req.sender_mac = ifaces_[iface].mac;
  req.sender_ip = ifaces_[iface].address->address;
  req.target_ip = target;
  if (auto b = wire::EncodeToBytes(req)) {
    L3Frame(iface, Mac::Broadcast(), wire::kEtherTypeArp, *b);
  }
}

void Device::FireTimer(Time now, const TimerKey& key) {
  if (key.kind == TimerKind::kArpRetry) {
    const auto it = arp_pending_.find({key.a, key.b});
    if (it == arp_pending_.end()) {
      return;
    }
    if (it->second.tries >= kArpTries) {
      arp_pending_.erase(it);  // unresolved: the queued packets are lost
      return;
    }
    it->second.tries++;
    SendArpRequest(key.a, key.b);
    timers_.Arm(key, now + kArpRetry);
    return;
  }
  if (key.kind == TimerKind::kSend) {
    SendDatagram(now, key.a);
    return;
  }
  const auto it = pings_.find(static_cast<std::uint16_t>(key.a));
  if (it == pings_.end()) {
    return;
  }
  if (!it->second.multicast) {
    it->second.marks += '.';
  } else if (it->second.replies_this_request == 0) {
    it->second.replies += ".\n";
  }
  if (it->second.sent < it->second.cmd.repeat) {
    SendEcho(now, it->second);
  } else {
    FinishPing(it);
  }
}

// ---- ping -----------------------------------------------------------------------------------

void Device::StartPing(Time now, const PingCommand& cmd, std::uint64_t token) {
  now_ = now;
  Ping p;
  p.token = token;
  p.cmd = cmd;
  p.id = next_ping_id_++;
  if (cmd.source) {
    if (auto a = Ipv4::Parse(*cmd.source)) {
      p.source = *a;
    } else if (auto n = FindInterface(*cmd.source); n && ifaces_[*n].address) {
      p.source = ifaces_[*n].address->address;
    }
  }
  if (cmd.target.IsMulticast()) {
    p.multicast = true;
    p.ifaces = GroupPingInterfaces(cmd);
  }
  auto [it, inserted] = pings_.emplace(p.id, std::move(p));
  if (cmd.repeat == 0) {
    FinishPing(it);
  } else {
    SendEcho(now, it->second);
  }
  Drain(now, {});
  if (net_ != nullptr) {
    net_->WakeAt(id_, NextDeadline());
  }
}

void Device::SendEcho(Time now, Ping& p) {
  p.seq = static_cast<std::uint16_t>(p.sent);
  p.sent++;
  p.sent_at = now;
  timers_.Arm(TimerKey{TimerKind::kPingTimeout, p.id, {}}, now + p.cmd.timeout);
  wire::IcmpEcho echo;
  echo.identifier = p.id;
  echo.sequence = p.seq;
  echo.data.resize(kPingData);
  for (std::size_t k = 0; k < echo.data.size(); ++k) {
    echo.data[k] = static_cast<std::uint8_t>(0xab + k);
  }
  auto icmp = wire::EncodeToBytes(echo);
  wire::Ipv4Header h;
  h.ttl = DefaultTtl();
  h.protocol = wire::kProtoIcmp;
  h.identification = next_ip_id_++;
  h.dst = p.cmd.target;
  h.src = p.source;
  if (p.multicast) {
    // IOS sends a multicast echo out of every multicast interface, sourced from each one.
    p.replies_this_request = 0;
    for (const std::size_t n : p.ifaces) {
      if (!icmp || !ifaces_[n].address || !ifaces_[n].OperUp()) {
        continue;
      }
      wire::Ipv4Header mh = h;
      mh.src = p.source.IsUnspecified() ? ifaces_[n].address->address : p.source;
      if (auto pkt = wire::BuildIpv4(mh, *icmp)) {
        L3Frame(n, Mac::ForGroup(h.dst), wire::kEtherTypeIpv4, *pkt);
      }
    }
    return;
  }
  const std::optional<Route> r = Lookup(h.dst);
  if (h.src.IsUnspecified() && r && r->iface && ifaces_[*r->iface].address) {
    h.src = ifaces_[*r->iface].address->address;
  }
  if (!icmp) {
    return;
  }
  auto pkt = wire::BuildIpv4(h, *icmp);
  if (!pkt) {
    return;
  }
  if (IsOwnAddress(h.dst)) {
    // IOS answers a ping to its own address through the loopback path.
    auto decoded = wire::DecodeIpv4(*pkt);
    wire::IcmpEcho reply = echo;
    reply.reply = true;
    auto rb = wire::EncodeToBytes(reply);
    wire::Ipv4Header rh = h;
    std::swap(rh.src, rh.dst);
    rh.src = h.dst;
    auto rp = wire::BuildIpv4(rh, *rb);
    if (decoded && rp) {
      auto d2 = wire::DecodeIpv4(*rp);
      if (d2) {
        OnLocal(now, *d2);
      }
    }
    return;
  }
  RouteOut(now, *pkt, h.dst);
}

void Device::FinishPing(std::map<std::uint16_t, Ping>::iterator it) {
  const Ping& p = it->second;
  std::string out = "Type escape sequence to abort.\n";
  out += fmt::format("Sending {}, {}-byte ICMP Echos to {}, timeout is {} seconds:\n", p.cmd.repeat,
                     kPingDatagram, p.cmd.target,
                     std::chrono::duration_cast<std::chrono::seconds>(p.cmd.timeout).count());
  if (p.cmd.source && !p.source.IsUnspecified()) {
    out += fmt::format("Packet sent with a source address of {}\n", p.source);
  }
  if (p.multicast) {
    out += "\n" + p.replies;
    done_.push_back(CommandDone{p.token, std::move(out)});
    timers_.Cancel(TimerKey{TimerKind::kPingTimeout, p.id, {}});
    pings_.erase(it);
    if (net_ != nullptr) {
      net_->NoteDone();
    }
    return;
  }
  out += p.marks + "\n";
  const std::uint32_t percent = p.cmd.repeat == 0 ? 0 : p.ok * 100 / p.cmd.repeat;
  out += fmt::format("Success rate is {} percent ({}/{})", percent, p.ok, p.cmd.repeat);
  if (!p.rtts.empty()) {
    // IOS prints whole milliseconds; a sub-millisecond round trip shows as 1.
    auto ms = [](Duration d) {
      return std::max<std::int64_t>(1, (d.count() + 999'999) / 1'000'000);
    };
    std::int64_t mn = ms(p.rtts[0]);
    std::int64_t mx = mn;
    std::int64_t sum = 0;
    for (const Duration d : p.rtts) {
      mn = std::min(mn, ms(d));
      mx = std::max(mx, ms(d));
      sum += ms(d);
    }
    out += fmt::format(", round-trip min/avg/max = {}/{}/{} ms", mn,
                       sum / static_cast<std::int64_t>(p.rtts.size()), mx);
  }
  out += "\n";
  done_.push_back(CommandDone{p.token, std::move(out)});
  timers_.Cancel(TimerKey{TimerKind::kPingTimeout, p.id, {}});
  pings_.erase(it);
  if (net_ != nullptr) {
    net_->NoteDone();
  }
}

std::vector<CommandDone> Device::TakeDone() { return std::exchange(done_, {}); }

IgpDevice Device::IgpView(std::size_t index) const {
  IgpDevice d;
  if (!config_.ip_routing) {
    return d;  // hosts and plain switches take no part
  }
  d.config = &config_;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const Iface& i = ifaces_[n];
    if (!i.address || i.bridged) {
      continue;
    }
    IgpInterface x;
    x.device = index;
    x.iface = n;
    x.name = i.name;
    x.subnet = i.address->Subnet();
    x.address = i.address->address;
    x.up = i.OperUp();
    x.loopback = config::CanonicalInterfaceName(i.name).starts_with("Loopback");
    d.interfaces.push_back(std::move(x));
  }
  return d;
}

void Device::SetIgpRoutes(Time now, std::vector<IgpRoute> routes) {
  now_ = now;
  igp_routes_ = std::move(routes);
  InvalidateRoutes();
  MfcRoutesChanged(now);
}

Status<config::ConfigError> Device::Configure(Time now, std::span<const config::ConfigLine> lines) {
  now_ = now;
  Status<config::ConfigError> s = config::Apply(config_, lines);
  std::vector<Effect> out;
  Rebuild(now, out);
  Drain(now, std::move(out));
  if (net_ != nullptr) {
    net_->WakeAt(id_, NextDeadline());
  }
  return s;
}

}  // namespace mc::sim
