// Device, VRRP part (device.h): the VRRP engine (src/vrrp) on every device kind - routers,
// multilayer switches and hosts (a ProxySG-style appliance is a host with a VIP, LAB-FORMAT.md
// §3). The device feeds it protocol-112 packets and the line state of every interface (for
// tracking), and applies its effects: adverts leave with the virtual MAC as Ethernet source
// (RFC 5798 §7.3) so switches learn where the master is; AddressAdd makes the device answer ARP
// for the VIP with the virtual MAC, accept frames to that MAC and treat the VIP as its own
// address (ping); gratuitous ARP goes on the wire from the virtual MAC; SocketJoin of a
// `vrrp N multicast-group` joins the group through the device's IGMP host side, so it is
// reported and snooping switches forward it.
// Track objects (`track N interface IF line-protocol`) and `vrrp N track interface IF` resolve
// to the device's interfaces here; an unknown object or interface is not tracked.
// Left out: forwarding with the virtual MAC as source for routed traffic (replies to pings of
// the VIP leave from the interface MAC).
#include <fmt/format.h>

#include <deque>
#include <map>

#include "engine/engine.h"
#include "router/engine_settings.h"
#include "show/vrrp_show.h"
#include "sim/emu/device.h"
#include "sim/emu/device_mcast.h"
#include "sim/emu/network.h"
#include "sim/emu/show_words.h"
#include "vrrp/vrrp_engine.h"

namespace mc::sim {

struct Device::Vrrp {
  explicit Vrrp(std::uint64_t seed) : engine(vrrp::VrrpEngineOptions{}, Rng(seed)) {}

  struct IfState {
    engine::IfAddress address;
    bool up = false;
    std::vector<vrrp::GroupParams> groups;
    bool operator==(const IfState&) const = default;
  };
  vrrp::VrrpEngine engine;
  std::deque<engine::Input> in;
  std::map<std::size_t, IfState> ifs;  // interfaces with VRRP groups, as last configured
  std::map<std::size_t, bool> links;   // line state last reported, for tracking
  std::map<std::pair<std::size_t, Ipv4>, Mac> owned;  // AddressAdd: VIP -> virtual MAC
};

void Device::VrrpDeleter::operator()(Vrrp* v) const { delete v; }

// Brings the engine in line with the interfaces and the config (boot, conf, carrier changes).
void Device::VrrpSync(Time now) {
  if (!vrrp_) {
    const std::uint64_t seed = (net_ != nullptr ? net_->seed() : 1) * 0x9E3779B1u + mac_seed_;
    vrrp_.reset(new Vrrp(seed));
  }
  Vrrp& v = *vrrp_;
  std::vector<engine::Effect> out;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const bool up = ifaces_[n].OperUp();
    const auto it = v.links.find(n);
    if (it == v.links.end() || it->second != up) {
      v.links[n] = up;
      v.engine.Handle(now, engine::LinkEvent{ToIfIndex(n), up, std::nullopt, ifaces_[n].mac}, out);
    }
  }
  const auto find = [this](std::string_view name) -> std::optional<IfIndex> {
    const std::optional<std::size_t> n = FindInterface(name);
    return n ? std::optional<IfIndex>{ToIfIndex(*n)} : std::nullopt;
  };
  std::map<std::size_t, Vrrp::IfState> want;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const Iface& i = ifaces_[n];
    const config::InterfaceConfig* c = IfConfig(n);
    if (c == nullptr || c->vrrp.empty() || !i.address || i.bridged) {
      continue;
    }
    Vrrp::IfState& s = want[n];
    s.address = *i.address;
    s.up = i.OperUp();
    for (const config::VrrpGroupConfig& g : c->vrrp) {
      s.groups.push_back(router::VrrpGroupParams(config_, g, find));
    }
  }
  for (auto it = v.ifs.begin(); it != v.ifs.end();) {
    if (!want.contains(it->first)) {
      v.engine.RemoveInterface(now, ToIfIndex(it->first), out);
      it = v.ifs.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [n, s] : want) {
    const auto it = v.ifs.find(n);
    if (it == v.ifs.end() || !(it->second == s)) {
      v.engine.SetInterface(now, ToIfIndex(n), s.address, s.up, s.groups, out);
      v.ifs[n] = s;
    }
  }
  for (const engine::Effect& e : out) {
    VrrpApply(e);
  }
}

bool Device::VrrpPending() const { return vrrp_ && !vrrp_->in.empty(); }

std::optional<Time> Device::VrrpDeadline() const {
  return vrrp_ ? vrrp_->engine.NextDeadline() : std::nullopt;
}

void Device::VrrpPump(Time now) {
  if (!vrrp_) {
    return;
  }
  struct Host {
    Device* d;
    Time t;
    Time Now() const { return t; }
    std::optional<engine::Input> NextInput() {
      if (d->vrrp_->in.empty()) {
        return std::nullopt;
      }
      engine::Input i = std::move(d->vrrp_->in.front());
      d->vrrp_->in.pop_front();
      return i;
    }
    void Apply(const engine::Effect& e) { d->VrrpApply(e); }
    void WakeAt(std::optional<Time>) {}  // the Network asks NextDeadline() after every step
  };
  Host host{this, now};
  engine::Pump(vrrp_->engine, host);
}

void Device::VrrpReceive(Time now, std::size_t iface, const wire::Ipv4Packet& p) {
  (void)now;
  if (!vrrp_ || !vrrp_->ifs.contains(iface)) {
    return;
  }
  vrrp_->in.push_back(L3PacketIn(iface, p));
}

void Device::VrrpApply(const engine::Effect& e) {
  if (const auto* s = std::get_if<engine::SendPacket>(&e)) {
    if (!s->oif.valid() || s->oif.value() > ifaces_.size() || s->payload.size() < 2) {
      return;
    }
    wire::Ipv4Header h;
    h.tos = s->tos;
    h.ttl = s->ttl;
    h.protocol = s->protocol;
    h.identification = next_ip_id_++;
    h.src = s->src;
    h.dst = s->dst;
    if (auto pkt = wire::BuildIpv4(h, s->payload)) {
      // The VRID is the advert's second octet (RFC 5798 §5.2.3); the master sends from its MAC.
      L3Frame(s->oif.value() - 1, Mac::ForGroup(s->dst), wire::kEtherTypeIpv4, *pkt,
              Mac::VrrpVirtual(s->payload[1]));
    }
  } else if (const auto* a = std::get_if<engine::AddressAdd>(&e)) {
    vrrp_->owned[{a->ifindex.value() - 1, a->address}] = a->virtual_mac;
    InvalidateRoutes();
  } else if (const auto* d = std::get_if<engine::AddressDel>(&e)) {
    vrrp_->owned.erase({d->ifindex.value() - 1, d->address});
    InvalidateRoutes();
  } else if (const auto* g = std::get_if<engine::GratuitousArp>(&e)) {
    if (auto b = wire::EncodeToBytes(wire::GratuitousArpRequest(g->mac, g->address))) {
      L3Frame(g->ifindex.value() - 1, Mac::Broadcast(), wire::kEtherTypeArp, *b, g->mac);
    }
  } else if (const auto* j = std::get_if<engine::SocketJoin>(&e)) {
    VrrpSocket(j->ifindex.value() - 1, j->group, true);
  } else if (const auto* l = std::get_if<engine::SocketLeave>(&e)) {
    VrrpSocket(l->ifindex.value() - 1, l->group, false);
  }
}

// The advert group is joined like an application's socket (Device::Join), so the IGMP host
// side reports it and McastSync keeps the interface's host state; effects apply in place
// rather than through Drain, which is already running.
void Device::VrrpSocket(std::size_t n, Ipv4 group, bool join) {
  if (!mcast_ || !ifaces_[n].address) {
    return;
  }
  std::vector<engine::Effect> out;
  if (join && !mcast_->host_ifs.contains(n)) {
    const Iface& i = ifaces_[n];
    igmp::HostIfConfig hc;
    const config::InterfaceConfig* c = config_.FindInterface(i.name);
    const std::uint8_t dflt = config_.kind == config::DeviceKind::kHost ? 3 : 2;
    hc.version = c != nullptr ? c->igmp.version.value_or(dflt) : dflt;
    mcast_->host.SetInterface(now_, ToIfIndex(n), *i.address, i.OperUp(), hc, out);
    mcast_->host_ifs[n] = Mcast::HostIf{*i.address, i.OperUp(), hc};
  }
  const auto key = std::make_pair(n, group);
  Mcast::Socket& s = mcast_->app_sockets[key];
  if (s.id == 0) {
    s.id = mcast_->next_socket++;
  }
  mcast_->host.Listen(now_, s.id, ToIfIndex(n), group,
                      join ? engine::FilterMode::kExclude : engine::FilterMode::kInclude, {}, out);
  if (!join) {
    mcast_->app_sockets.erase(key);
  }
  for (const engine::Effect& x : out) {
    ApplyEffect(x);
  }
}

bool Device::VrrpAnswerArp(std::size_t iface, const wire::Arp& request) {
  if (!vrrp_) {
    return false;
  }
  const auto it = vrrp_->owned.find({iface, request.target_ip});
  if (it == vrrp_->owned.end()) {
    return false;
  }
  // RFC 5798 §6.4.3: the master answers ARP requests for the VIP with the virtual MAC.
  wire::Arp reply;
  reply.op = wire::ArpOp::kReply;
  reply.sender_mac = it->second;
  reply.sender_ip = request.target_ip;
  reply.target_mac = request.sender_mac;
  reply.target_ip = request.sender_ip;
  if (auto b = wire::EncodeToBytes(reply)) {
    L3Frame(iface, request.sender_mac, wire::kEtherTypeArp, *b, it->second);
  }
  return true;
}

bool Device::VrrpOwnsAddress(Ipv4 a) const {
  if (!vrrp_) {
    return false;
  }
  for (const auto& [key, mac] : vrrp_->owned) {
    if (key.second == a && ifaces_[key.first].OperUp()) {
      return true;
    }
  }
  return false;
}

bool Device::VrrpOwnsMac(std::size_t iface, const Mac& mac) const {
  if (!vrrp_) {
    return false;
  }
  for (const auto& [key, m] : vrrp_->owned) {
    if (key.first == iface && m == mac) {
      return true;
    }
  }
  return false;
}

bool Device::IsVrrpShow(const std::vector<std::string>& w) {
  return (w.size() == 1 && WordIs(w[0], "vrrp")) ||
         (w.size() == 2 && WordIs(w[0], "vrrp") && w[1].size() >= 2 && WordIs(w[1], "brief"));
}

std::optional<std::string> Device::ShowVrrp(const std::vector<std::string>& w, bool json) const {
  if (!IsVrrpShow(w)) {
    return std::nullopt;
  }
  std::vector<show::VrrpIfName> names;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    names.push_back({ToIfIndex(n), ifaces_[n].name});
  }
  const vrrp::VrrpSnapshot snap = vrrp_ ? vrrp_->engine.Snap() : vrrp::VrrpSnapshot{};
  if (json) {
    return show::VrrpJson(snap, names, now_).dump(2) + "\n";
  }
  return show::RenderVrrp(snap, names, now_, w.size() == 2);
}

}  // namespace mc::sim
