// Device, multicast part (device.h): the IGMP engines of a node, the lab's host applications
// (`join`, `leave`, `send`, LAB-FORMAT.md §4), delivery of multicast datagrams to them, answers
// to multicast ping, and the interim forwarding of a multicast router.
//
// - IGMP router side (routers and multilayer switches): runs on every routed interface with
//   `ip pim <mode>` (IOS turns IGMP on with PIM). Until PIM exists this router is the DR.
// - IGMP host side: every addressed interface of a host, and the interfaces of a router that
//   carry `ip igmp join-group` (the router is then itself a member, as on IOS).
// - Forwarding: data packets go to the kernel forwarding cache model (device_mfc.cc); the
//   GroupMembership notifications of the IGMP engine feed its owner.
//
// Left out: IP_MULTICAST_LOOP (a sender does not receive its own datagrams).
#include "sim/emu/device_mcast.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>

#include "config/interface_name.h"
#include "engine/engine.h"
#include "igmp/igmp_host.h"
#include "igmp/igmp_router.h"
#include "show/igmp_show.h"
#include "sim/emu/device.h"
#include "sim/emu/network.h"
#include "sim/emu/show_words.h"
#include "wire/ethernet.h"

namespace mc::sim {

namespace {

using engine::Effect;

constexpr std::uint16_t kSendSourcePortBase = 49152;  // IANA dynamic ports, as a socket would

bool LinkLocalGroup(Ipv4 g) { return (g.value() & 0xFFFFFF00u) == 0xE0000000u; }

}  // namespace

engine::PacketIn L3PacketIn(std::size_t iface, const wire::Ipv4Packet& p) {
  engine::PacketIn in;
  in.layer = engine::Layer::kL3;
  in.ifindex = ToIfIndex(iface);
  in.src = p.header.src;
  in.dst = p.header.dst;
  in.ttl = p.header.ttl;
  in.protocol = p.header.protocol;
  in.router_alert = p.header.router_alert;
  in.bytes.assign(p.payload.begin(), p.payload.end());
  return in;
}

Device::~Device() = default;

void Device::McastBoot() {
  const std::uint64_t seed = (net_ != nullptr ? net_->seed() : 1) * 0x100000001B3ull + mac_seed_;
  mcast_ = std::make_unique<Mcast>(seed, engine::Limits{});
  MfcBoot();
}

std::optional<Time> Device::McastDeadline() const {
  if (!mcast_) {
    return std::nullopt;
  }
  std::optional<Time> t = mcast_->router.NextDeadline();
  const std::optional<Time> h = mcast_->host.NextDeadline();
  if (h && (!t || *h < *t)) {
    t = h;
  }
  if (const std::optional<Time> p = MfcDeadline(); p && (!t || *p < *t)) {
    t = p;
  }
  return t;
}

bool Device::McastPending() const {
  return mcast_ && (!mcast_->router_in.empty() || !mcast_->host_in.empty() || MfcPending());
}

// Brings the IGMP engines in line with the interfaces and the config (boot, conf, carrier).
void Device::McastSync(Time now, std::vector<Effect>& out) {
  if (!mcast_) {
    return;
  }
  Mcast& m = *mcast_;
  std::map<std::size_t, Mcast::RouterIf> want_router;
  std::map<std::size_t, Mcast::HostIf> want_host;
  std::map<std::pair<std::size_t, Ipv4>, Mcast::Socket> want_config_sockets;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const Iface& i = ifaces_[n];
    if (!i.address || i.bridged) {
      continue;
    }
    const config::InterfaceConfig* found = IfConfig(n);
    const config::InterfaceConfig c = found ? *found : config_.DefaultInterface(i.name);
    if (config_.kind != config::DeviceKind::kHost && c.pim_mode) {
      want_router[n] =
          Mcast::RouterIf{*i.address, i.OperUp(), router::IgmpRouterIfConfig(config_, c)};
      want_router[n].config.is_dr = MfcIgmpIsDr(n);  // the PIM DR, once PIM runs
    }
    // A router's interface joins as a host for `ip igmp join-group` and for applications.
    const bool app_member = std::any_of(m.app_sockets.begin(), m.app_sockets.end(),
                                        [n](const auto& kv) { return kv.first.first == n; });
    if (config_.kind == config::DeviceKind::kHost || !c.igmp.join_groups.empty() || app_member) {
      igmp::HostIfConfig hc;
      hc.version = c.igmp.version.value_or(config_.kind == config::DeviceKind::kHost ? 3 : 2);
      hc.robustness = c.igmp.robustness;
      want_host[n] = Mcast::HostIf{*i.address, i.OperUp(), hc};
    }
    for (const config::IgmpGroupSpec& j : c.igmp.join_groups) {
      Mcast::Socket& s = want_config_sockets[{n, j.group}];
      if (j.source) {
        s.mode = engine::FilterMode::kInclude;
        s.sources.insert(*j.source);
      }
    }
  }
  for (auto it = m.router_ifs.begin(); it != m.router_ifs.end();) {
    if (!want_router.contains(it->first)) {
      m.router.RemoveInterface(now, ToIfIndex(it->first), out);
      it = m.router_ifs.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [n, w] : want_router) {
    const auto it = m.router_ifs.find(n);
    if (it == m.router_ifs.end() || it->second.address != w.address || it->second.up != w.up ||
        !(it->second.config == w.config)) {
      m.router.SetInterface(now, ToIfIndex(n), w.address, w.up, w.config, out);
      m.router_ifs[n] = w;
    }
  }
  for (auto it = m.host_ifs.begin(); it != m.host_ifs.end();) {
    if (!want_host.contains(it->first)) {
      m.host.RemoveInterface(now, ToIfIndex(it->first), out);
      std::erase_if(m.app_sockets, [&](const auto& kv) { return kv.first.first == it->first; });
      std::erase_if(m.config_sockets, [&](const auto& kv) { return kv.first.first == it->first; });
      it = m.host_ifs.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [n, w] : want_host) {
    const auto it = m.host_ifs.find(n);
    if (it == m.host_ifs.end() || it->second.address != w.address || it->second.up != w.up ||
        !(it->second.config == w.config)) {
      m.host.SetInterface(now, ToIfIndex(n), w.address, w.up, w.config, out);
      m.host_ifs[n] = w;
    }
  }
  // `ip igmp join-group` sockets: leave the ones no longer configured, (re)join the rest.
  for (auto it = m.config_sockets.begin(); it != m.config_sockets.end();) {
    if (!want_config_sockets.contains(it->first)) {
      m.host.Listen(now, it->second.id, ToIfIndex(it->first.first), it->first.second,
                    engine::FilterMode::kInclude, {}, out);
      it = m.config_sockets.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [key, w] : want_config_sockets) {
    const auto it = m.config_sockets.find(key);
    if (it != m.config_sockets.end() && it->second.mode == w.mode &&
        it->second.sources == w.sources) {
      continue;
    }
    w.id = it != m.config_sockets.end() ? it->second.id : m.next_socket++;
    m.host.Listen(now, w.id, ToIfIndex(key.first), key.second, w.mode,
                  std::vector<Ipv4>(w.sources.begin(), w.sources.end()), out);
    m.config_sockets[key] = w;
  }
  MfcSync(now);
}

void Device::McastPump(Time now) {
  if (!mcast_) {
    return;
  }
  struct Host {
    Device* d;
    std::deque<engine::Input>* in;
    Time t;
    Time Now() const { return t; }
    std::optional<engine::Input> NextInput() {
      if (in->empty()) {
        return std::nullopt;
      }
      engine::Input i = std::move(in->front());
      in->pop_front();
      return i;
    }
    void Apply(const Effect& e) { d->ApplyEffect(e); }
    void WakeAt(std::optional<Time>) {}  // the Network asks NextDeadline() after every step
  };
  Host rh{this, &mcast_->router_in, now};
  engine::Pump(mcast_->router, rh);
  Host hh{this, &mcast_->host_in, now};
  engine::Pump(mcast_->host, hh);
  MfcPump(now);
}

// SendPacket and Notify effects of the IGMP engines.
void Device::McastEffect(const Effect& e) {
  if (const auto* s = std::get_if<engine::SendPacket>(&e)) {
    if (!s->oif.valid() || s->oif.value() > ifaces_.size()) {
      return;
    }
    wire::Ipv4Header h;
    h.tos = s->tos;
    h.ttl = s->ttl;
    h.protocol = s->protocol;
    h.router_alert = s->router_alert;
    h.identification = next_ip_id_++;
    h.src = s->src;
    h.dst = s->dst;
    auto pkt = wire::BuildIpv4(h, s->payload);
    if (!pkt) {
      return;
    }
    const std::size_t n = s->oif.value() - 1;
    if (s->dst.IsMulticast()) {
      L3Frame(n, Mac::ForGroup(s->dst), wire::kEtherTypeIpv4, *pkt);
    } else {
      RouteOut(now_, *pkt, s->dst);
    }
    return;
  }
  if (const auto* note = std::get_if<engine::Notify>(&e)) {
    if (const auto* gm = std::get_if<engine::GroupMembership>(&note->payload)) {
      if (!mcast_ || !gm->ifindex.valid()) {
        return;
      }
      const auto key = std::make_pair(std::size_t{gm->ifindex.value() - 1}, gm->sg);
      if (gm->joined) {
        mcast_->members[key] = gm->mode;
      } else {
        mcast_->members.erase(key);
      }
      MfcMembership(now_, *gm);
    } else if (const auto* dc = std::get_if<engine::DrChange>(&note->payload)) {
      MfcDrChange(now_, *dc);
    }
  }
}

// A multicast IPv4 packet arrived on `iface`.
void Device::OnMulticast(Time now, std::size_t iface, const wire::Ipv4Packet& p) {
  if (!mcast_) {
    return;
  }
  const wire::Ipv4Header& h = p.header;
  const IfIndex ifx = ToIfIndex(iface);
  if (h.protocol == wire::kProtoIgmp) {
    engine::PacketIn in;
    in.layer = engine::Layer::kL3;
    in.ifindex = ifx;
    in.src = h.src;
    in.dst = h.dst;
    in.ttl = h.ttl;
    in.protocol = h.protocol;
    in.router_alert = h.router_alert;
    in.bytes.assign(p.payload.begin(), p.payload.end());
    if (mcast_->router_ifs.contains(iface)) {
      mcast_->router_in.push_back(in);
    }
    if (mcast_->host_ifs.contains(iface)) {
      mcast_->host_in.push_back(std::move(in));
    }
    return;
  }
  if (h.protocol == wire::kProtoPim && h.dst == Ipv4{224, 0, 0, 13}) {
    MfcPimPacket(iface, p);  // ALL-PIM-ROUTERS (RFC 7761 §4.9)
    return;
  }
  if (LinkLocalGroup(h.dst)) {
    return;  // 224.0.0.x is never forwarded
  }
  if (mcast_->host_ifs.contains(iface) && mcast_->host.Accepts(ifx, h.dst, h.src)) {
    if (h.protocol == wire::kProtoUdp) {
      if (wire::DecodeUdp(p.payload, h.src, h.dst) && net_ != nullptr) {
        net_->traffic().NoteReceived(now, id_, h.dst, h.src);
      }
    } else if (h.protocol == wire::kProtoIcmp) {
      AnswerGroupEcho(now, iface, p);
    }
  }
  McastForward(now, iface, p);
}

// A member answers an ICMP echo sent to its group, from the address of the receiving interface
// (IOS and Linux both do).
void Device::AnswerGroupEcho(Time now, std::size_t iface, const wire::Ipv4Packet& p) {
  auto echo = wire::DecodeIcmpEcho(p.payload);
  if (!echo || echo->reply || !ifaces_[iface].address) {
    return;
  }
  SendEchoReply(now, *echo, ifaces_[iface].address->address, p.header.src);
}

// ---- applications ---------------------------------------------------------------------------

// The interface an application uses for a group: the one named, else the route toward the
// group (a host's default route), else the first addressed interface that is up.
std::optional<std::size_t> Device::AppInterface(const std::optional<std::string>& name,
                                                Ipv4 group) const {
  if (name) {
    return FindInterface(*name);
  }
  if (const std::optional<Route> r = Lookup(group); r && r->iface) {
    return r->iface;
  }
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    if (ifaces_[n].address && !ifaces_[n].bridged && ifaces_[n].OperUp()) {
      return n;
    }
  }
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    if (ifaces_[n].address && !ifaces_[n].bridged) {
      return n;
    }
  }
  return std::nullopt;
}

std::string Device::Join(Time now, const JoinCommand& cmd) {
  now_ = now;
  const std::optional<std::size_t> n = AppInterface(cmd.interface, cmd.group);
  if (!mcast_ || !n) {
    return "% no interface with an address to join on\n";
  }
  std::vector<Effect> out;
  if (!mcast_->host_ifs.contains(*n)) {
    // A router's interface without join-group: the application makes it a member.
    const Iface& i = ifaces_[*n];
    igmp::HostIfConfig hc;
    const config::InterfaceConfig* c = config_.FindInterface(i.name);
    hc.version = c != nullptr ? c->igmp.version.value_or(2) : 2;
    mcast_->host.SetInterface(now, ToIfIndex(*n), *i.address, i.OperUp(), hc, out);
    mcast_->host_ifs[*n] = Mcast::HostIf{*i.address, i.OperUp(), hc};
  }
  Mcast::Socket& s = mcast_->app_sockets[{*n, cmd.group}];
  if (s.id == 0) {
    s.id = mcast_->next_socket++;
    s.mode = cmd.exclude || cmd.sources.empty() ? engine::FilterMode::kExclude
                                                : engine::FilterMode::kInclude;
  }
  const engine::FilterMode mode = cmd.exclude || cmd.sources.empty() ? engine::FilterMode::kExclude
                                                                     : engine::FilterMode::kInclude;
  if (mode != s.mode || (mode == engine::FilterMode::kExclude && !cmd.exclude)) {
    s.sources.clear();  // a new filter mode (or an any-source join) replaces the old filter
  }
  s.mode = mode;
  s.sources.insert(cmd.sources.begin(), cmd.sources.end());
  mcast_->host.Listen(now, s.id, ToIfIndex(*n), cmd.group, s.mode,
                      std::vector<Ipv4>(s.sources.begin(), s.sources.end()), out);
  Drain(now, std::move(out));
  if (net_ != nullptr) {
    net_->WakeAt(id_, NextDeadline());
  }
  return {};
}

std::string Device::Leave(Time now, const LeaveCommand& cmd) {
  now_ = now;
  if (!mcast_) {
    return {};
  }
  std::optional<std::size_t> n;
  if (cmd.interface) {
    n = FindInterface(*cmd.interface);
  } else {
    for (const auto& [key, s] : mcast_->app_sockets) {
      if (key.second == cmd.group) {
        n = key.first;
        break;
      }
    }
  }
  const auto it = n ? mcast_->app_sockets.find({*n, cmd.group}) : mcast_->app_sockets.end();
  if (it == mcast_->app_sockets.end()) {
    return fmt::format("% not a member of {}\n", cmd.group);
  }
  Mcast::Socket& s = it->second;
  std::vector<Effect> out;
  if (cmd.sources.empty()) {
    mcast_->host.Listen(now, s.id, ToIfIndex(*n), cmd.group, engine::FilterMode::kInclude, {}, out);
    mcast_->app_sockets.erase(it);
  } else {
    // IP_DROP_SOURCE_MEMBERSHIP in include mode, IP_UNBLOCK_SOURCE in exclude mode.
    for (const Ipv4 src : cmd.sources) {
      s.sources.erase(src);
    }
    const bool gone = s.mode == engine::FilterMode::kInclude && s.sources.empty();
    mcast_->host.Listen(now, s.id, ToIfIndex(*n), cmd.group,
                        gone ? engine::FilterMode::kInclude : s.mode,
                        std::vector<Ipv4>(s.sources.begin(), s.sources.end()), out);
    if (gone) {
      mcast_->app_sockets.erase(it);
    }
  }
  Drain(now, std::move(out));
  if (net_ != nullptr) {
    net_->WakeAt(id_, NextDeadline());
  }
  return {};
}

std::string Device::Send(Time now, const SendCommand& cmd) {
  now_ = now;
  const std::optional<std::size_t> n = AppInterface(cmd.source_interface, cmd.group);
  if (!mcast_ || !n || !ifaces_[*n].address) {
    return "% no interface with an address to send from\n";
  }
  const std::size_t id = mcast_->next_sender++;
  Mcast::Sender& s = mcast_->senders[id];
  s.cmd = cmd;
  s.iface = *n;
  s.source_port = static_cast<std::uint16_t>(kSendSourcePortBase + id % 16384);
  SendDatagram(now, id);
  Drain(now, {});
  if (net_ != nullptr) {
    net_->WakeAt(id_, NextDeadline());
  }
  return {};
}

// Sends the sender's next datagram and arms its next one.
void Device::SendDatagram(Time now, std::size_t id) {
  const auto it = mcast_ ? mcast_->senders.find(id) : decltype(mcast_->senders)::iterator{};
  if (!mcast_ || it == mcast_->senders.end()) {
    return;
  }
  Mcast::Sender& s = it->second;
  const Iface& i = ifaces_[s.iface];
  if (i.address && i.OperUp()) {
    wire::UdpDatagram d;
    d.src_port = s.source_port;
    d.dst_port = s.cmd.port;
    wire::Bytes payload(s.cmd.size, 0);
    // A sequence number in the first bytes, as traffic generators do.
    for (std::size_t k = 0; k < 8 && k < payload.size(); ++k) {
      payload[k] = static_cast<std::uint8_t>(s.sent >> (56 - 8 * k));
    }
    d.payload = payload;
    wire::Ipv4Header h;
    h.ttl = s.cmd.ttl;
    h.protocol = wire::kProtoUdp;
    h.identification = next_ip_id_++;
    h.src = i.address->address;
    h.dst = s.cmd.group;
    auto udp = wire::BuildUdp(d, h.src, h.dst);
    if (udp) {
      if (auto pkt = wire::BuildIpv4(h, *udp)) {
        L3Frame(s.iface, Mac::ForGroup(s.cmd.group), wire::kEtherTypeIpv4, *pkt);
      }
    }
  }
  s.sent++;
  if (s.cmd.count && s.sent >= *s.cmd.count) {
    mcast_->senders.erase(it);
    return;
  }
  timers_.Arm(TimerKey{TimerKind::kSend, id, {}}, now + s.cmd.interval);
}

std::string Device::ClearIgmpGroup(Time now, const ClearIgmpGroupCommand& cmd) {
  now_ = now;
  if (!mcast_) {
    return {};
  }
  std::vector<Effect> out;
  mcast_->router.ClearGroups(now, std::nullopt, cmd.group, out);
  Drain(now, std::move(out));
  if (net_ != nullptr) {
    net_->WakeAt(id_, NextDeadline());
  }
  return {};
}

// The interfaces a multicast ping goes out of: the one named by `source`, else every interface
// running IGMP (a router), else the application interface toward the group (a host).
std::vector<std::size_t> Device::GroupPingInterfaces(const PingCommand& cmd) const {
  std::vector<std::size_t> out;
  if (cmd.source) {
    if (auto n = FindInterface(*cmd.source)) {
      out.push_back(*n);
      return out;
    }
    if (auto a = Ipv4::Parse(*cmd.source)) {
      if (auto n = OwnerOf(*a)) {
        out.push_back(*n);
      }
      return out;
    }
  }
  if (mcast_) {
    for (const auto& [n, rif] : mcast_->router_ifs) {
      if (rif.up) {
        out.push_back(n);
      }
    }
  }
  if (out.empty()) {
    if (auto n = AppInterface(std::nullopt, cmd.target)) {
      out.push_back(*n);
    }
  }
  return out;
}

const igmp::RouterEngine* Device::IgmpRouter() const { return mcast_ ? &mcast_->router : nullptr; }
const igmp::HostEngine* Device::IgmpHost() const { return mcast_ ? &mcast_->host : nullptr; }
bool Device::IgmpRouterOn(std::size_t iface) const {
  return mcast_ && mcast_->router_ifs.contains(iface);
}

}  // namespace mc::sim

namespace mc::sim {

bool Device::IsIgmpShow(const std::vector<std::string>& w) {
  return w.size() >= 3 && WordIs(w[0], "ip") && WordIs(w[1], "igmp") &&
         (WordIs(w[2], "groups") || WordIs(w[2], "interface") ||
          (WordIs(w[2], "membership") && w.size() == 3));
}

std::optional<std::string> Device::ShowIgmp(const std::vector<std::string>& w, bool json) const {
  const igmp::RouterSnapshot snap = mcast_ ? mcast_->router.Snap() : igmp::RouterSnapshot{};
  std::vector<show::IgmpIfView> views;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const Iface& i = ifaces_[n];
    if (i.bridged) {
      continue;
    }
    show::IgmpIfView v;
    v.ifindex = ToIfIndex(n);
    v.name = i.name;
    v.admin_up = i.admin_up;
    v.line_up = i.OperUp();
    if (i.address) {
      v.address = i.address->address;
      v.prefix_len = i.address->prefix_len;
    }
    v.multicast_routing = config_.multicast_routing && IgmpRouterOn(n);
    v.dr = MfcDrAddress(n);
    if (const config::InterfaceConfig* c = config_.FindInterface(i.name)) {
      for (const config::IgmpGroupSpec& g : c->igmp.join_groups) {
        v.joined.push_back(g.group);
      }
    }
    views.push_back(std::move(v));
  }
  if (WordIs(w[2], "membership")) {
    return json ? show::IgmpMembershipJson(snap, views, now_).dump(2) + "\n"
                : show::RenderIgmpMembership(snap, views, now_);
  }
  if (WordIs(w[2], "groups")) {
    std::optional<Ipv4> group;
    bool detail = false;
    for (std::size_t k = 3; k < w.size(); ++k) {
      if (auto g = Ipv4::Parse(w[k])) {
        group = *g;
      } else if (WordIs(w[k], "detail")) {
        detail = true;
      } else if (auto n = FindInterface(w[k])) {
        std::erase_if(views, [&](const show::IgmpIfView& v) { return v.ifindex != ToIfIndex(*n); });
      } else {
        return fmt::format("% Invalid input: {}\n", w[k]);
      }
    }
    return json ? show::IgmpGroupsJson(snap, views, now_, group).dump(2) + "\n"
                : show::RenderIgmpGroups(snap, views, now_, group, detail);
  }
  if (w.size() > 3) {
    std::string name;
    for (std::size_t k = 3; k < w.size(); ++k) {
      name += w[k];
    }
    const std::optional<std::size_t> n = FindInterface(name);
    if (!n) {
      return fmt::format("% Invalid interface: {}\n", name);
    }
    std::erase_if(views, [&](const show::IgmpIfView& v) { return v.ifindex != ToIfIndex(*n); });
  } else {
    // Without an argument IOS lists the interfaces that have an address.
    std::erase_if(views, [](const show::IgmpIfView& v) { return !v.address; });
  }
  return json ? show::IgmpInterfacesJson(snap, views, now_).dump(2) + "\n"
              : show::RenderIgmpInterfaces(snap, views, now_);
}

}  // namespace mc::sim
