// mcastd: bringing the engines in line with the interfaces, addresses, routes and config
// (daemon.h), the same steps as the emulator's McastSync / MfcSync / MfcPimSync / VrrpSync with
// the config read through router/engine_settings.h. Runs after every netlink change.
#include <fmt/format.h>

#include "apps/mcastd/daemon.h"
#include "config/interface_name.h"
#include "router/engine_settings.h"

namespace mc::mcastd {

using engine::Effect;

namespace {

// VRRP virtual addresses the daemon added: never an interface's primary address.
std::set<Ipv4> OwnedAddresses(const std::map<std::pair<IfIndex, Ipv4>, Mac>& owned) {
  std::set<Ipv4> s;
  for (const auto& [key, mac] : owned) {
    s.insert(key.second);
  }
  return s;
}

}  // namespace

std::optional<engine::IfAddress> Daemon::Iface::Primary(const std::set<Ipv4>& skip) const {
  for (const platform::NlAddr& a : addrs) {
    if (!a.secondary && !skip.contains(a.address)) {
      return engine::IfAddress{a.address, a.prefix_len};
    }
  }
  return std::nullopt;
}

std::optional<IfIndex> Daemon::FindInterface(std::string_view name) const {
  for (const auto& [ifx, i] : ifaces_) {
    if (config::SameInterface(i.name, name)) {
      return ifx;
    }
  }
  return std::nullopt;
}

std::optional<IfIndex> Daemon::RouteIif(Ipv4 a) const {
  std::optional<engine::RouteEvent> best;
  for (const auto& [key, r] : mrib_) {
    if (r.prefix.Contains(a) && (!best || r.prefix.length() > best->prefix.length())) {
      best = r;
    }
  }
  return best ? std::optional<IfIndex>{best->ifindex} : std::nullopt;
}

bool Daemon::IgmpIsDr(IfIndex ifx) const {
  if (!pim_) {
    return true;
  }
  const auto it = dr_.find(ifx);
  return it == dr_.end() || it->second.is_dr;
}

void Daemon::Sync() {
  std::vector<Effect> out;
  SyncIgmp(out);
  SyncPim(out);
  SyncVrrp(out);
  SyncVifs();  // before the effects: an MfcAdd needs its VIFs
  SyncJoins();
  for (const Effect& e : out) {
    Apply(Engine::kIgmp, e);
  }
  PumpAll();
}

// The IGMP router side on every addressed interface with `ip pim <mode>` (IOS).
void Daemon::SyncIgmp(std::vector<Effect>& out) {
  const std::set<Ipv4> vips = OwnedAddresses(vrrp_owned_);
  std::map<IfIndex, IgmpIf> want;
  if (config_.kind != config::DeviceKind::kHost) {
    for (const auto& [ifx, i] : ifaces_) {
      const config::InterfaceConfig* c = config_.FindInterface(i.name);
      const std::optional<engine::IfAddress> a = i.Primary(vips);
      if (c == nullptr || !c->pim_mode || !a) {
        continue;
      }
      IgmpIf w{*a, i.OperUp(), router::IgmpRouterIfConfig(config_, *c)};
      w.config.is_dr = IgmpIsDr(ifx);
      want[ifx] = std::move(w);
    }
  }
  for (auto it = igmp_ifs_.begin(); it != igmp_ifs_.end();) {
    if (!want.contains(it->first)) {
      igmp_.RemoveInterface(now_, it->first, out);
      it = igmp_ifs_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [ifx, w] : want) {
    const auto it = igmp_ifs_.find(ifx);
    if (it == igmp_ifs_.end() || it->second.address != w.address || it->second.up != w.up ||
        !(it->second.config == w.config)) {
      igmp_.SetInterface(now_, ifx, w.address, w.up, w.config, out);
      igmp_ifs_[ifx] = w;
    }
  }
}

// VIFs follow the IGMP router interfaces while multicast routing is on; the tap listens on them.
void Daemon::SyncVifs() {
  const bool on = config_.multicast_routing && config_.ip_routing;
  std::set<IfIndex> want;
  if (on) {
    for (const auto& [ifx, w] : igmp_ifs_) {
      want.insert(ifx);
    }
  }
  for (const auto& [ifx, i] : ifaces_) {
    if (!want.contains(ifx) && dataplane_->IsVif(ifx)) {
      dataplane_->DelVif(ifx);
    }
  }
  for (const IfIndex ifx : want) {
    auto r = dataplane_->AddVif(ifx, ifaces_[ifx].name, false);
    if (!r && vif_errors_.insert(r.error()).second) {
      Log(r.error());  // once per interface: the 32-VIF limit names the interface
      Count("vif-failed");
    }
  }
  std::set<IfIndex> listen = want;
  for (const auto& [ifx, p] : pim_ifs_) {
    listen.insert(ifx);
  }
  for (const auto& [ifx, v] : vrrp_ifs_) {
    listen.insert(ifx);
  }
  for (const IfIndex ifx : listening_) {
    if (!listen.contains(ifx)) {
      io_->Listen(ifx, false);
    }
  }
  for (const IfIndex ifx : listen) {
    if (!listening_.contains(ifx)) {
      io_->Listen(ifx, true);
    }
  }
  listening_ = std::move(listen);
}

void Daemon::SyncPim(std::vector<Effect>& out) {
  if (!router::PimWanted(config_)) {
    if (pim_) {
      pim_.reset();
      pim_in_.clear();
      dataplane_->DelVif(pim::kRegisterVif);
    }
    return;
  }
  if (!pim_) {
    pim_ = std::make_unique<pim::PimEngine>(pim::PimEngineOptions{}, Rng(seed_ ^ 0x50494D00ull));
    if (auto r = dataplane_->AddVif(pim::kRegisterVif, "pimreg", true); !r) {
      Log(r.error());
    }
    pim_ifs_.clear();
    pim_links_.clear();
    mrib_.clear();
    pim_settings_.reset();
    dr_.clear();
    for (const auto& [key, mode] : members_) {
      pim_in_.push_back(engine::Notify{engine::GroupMembership{key.first, key.second, true, mode}});
    }
  }
  router::InterfaceLookup lookup;
  lookup.find = [this](std::string_view n) { return FindInterface(n); };
  lookup.address = [this](IfIndex ifx) -> std::optional<Ipv4> {
    const auto it = ifaces_.find(ifx);
    if (it == ifaces_.end()) {
      return std::nullopt;
    }
    const auto a = it->second.Primary(OwnedAddresses(vrrp_owned_));
    return a ? std::optional<Ipv4>{a->address} : std::nullopt;
  };
  lookup.route_iif = [this](Ipv4 a) { return RouteIif(a); };
  SyncRoutes();  // static mroutes by RPF neighbor resolve through the MRIB
  const pim::PimGlobalSettings settings = router::PimGlobalSettingsOf(config_, lookup);
  if (!pim_settings_ || !(*pim_settings_ == settings)) {
    pim_->Configure(now_, settings, out);
    pim_settings_ = settings;
  }
  SyncPimInterfaces(out);
}

// SetInterface for PIM-SM interfaces; a LinkEvent for every interface (loopbacks included: an
// RP address on a loopback makes I_am_RP true).
void Daemon::SyncPimInterfaces(std::vector<Effect>& out) {
  const std::set<Ipv4> vips = OwnedAddresses(vrrp_owned_);
  std::map<IfIndex, PimIf> want;
  for (const auto& [ifx, i] : ifaces_) {
    const std::optional<engine::IfAddress> a = i.Primary(vips);
    engine::LinkEvent le{ifx, i.OperUp() && a.has_value(), a, i.mac};
    const auto old = pim_links_.find(ifx);
    if ((old == pim_links_.end() && a) || (old != pim_links_.end() && !(old->second == le))) {
      pim_in_.push_back(le);
      pim_links_[ifx] = le;
    }
    const config::InterfaceConfig* c = config_.FindInterface(i.name);
    if (c != nullptr && router::PimSparseOn(*c) && a) {
      want[ifx] = PimIf{*a, i.OperUp(), router::PimInterfaceSettingsOf(*c)};
    }
  }
  for (auto it = pim_ifs_.begin(); it != pim_ifs_.end();) {
    if (!want.contains(it->first)) {
      pim_->RemoveInterface(now_, it->first, out);
      it = pim_ifs_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [ifx, w] : want) {
    const auto it = pim_ifs_.find(ifx);
    if (it == pim_ifs_.end() || !(it->second.address == w.address) || it->second.up != w.up ||
        !(it->second.settings == w.settings)) {
      pim_->SetInterface(now_, ifx, w.address, w.up, w.settings, out);
      pim_ifs_[ifx] = w;
    }
  }
}

// The MRIB: the best kernel route per prefix, as RouteEvent changes.
void Daemon::SyncRoutes() {
  std::map<Prefix, engine::RouteEvent> best;
  for (const auto& [key, r] : routes_) {
    if (!ifaces_.contains(r.ifindex)) {
      continue;
    }
    const auto it = best.find(r.prefix);
    if (it == best.end() || router::BetterRoute(r, it->second)) {
      best[r.prefix] = r;
    }
  }
  for (const auto& [prefix, old] : mrib_) {
    if (!best.contains(prefix)) {
      engine::RouteEvent gone = old;
      gone.removed = true;
      pim_in_.push_back(gone);
    }
  }
  for (const auto& [prefix, e] : best) {
    const auto it = mrib_.find(prefix);
    if (it == mrib_.end() || !(it->second == e)) {
      pim_in_.push_back(e);
    }
  }
  mrib_ = std::move(best);
}

void Daemon::SyncVrrp(std::vector<Effect>& out) {
  for (const auto& [ifx, i] : ifaces_) {
    const bool up = i.OperUp();
    const auto it = vrrp_links_.find(ifx);
    if (it == vrrp_links_.end() || it->second != up) {
      vrrp_links_[ifx] = up;
      vrrp_in_.push_back(engine::LinkEvent{ifx, up, std::nullopt, i.mac});
    }
  }
  const auto find = [this](std::string_view n) { return FindInterface(n); };
  const std::set<Ipv4> vips = OwnedAddresses(vrrp_owned_);
  std::map<IfIndex, VrrpIf> want;
  for (const auto& [ifx, i] : ifaces_) {
    const config::InterfaceConfig* c = config_.FindInterface(i.name);
    const std::optional<engine::IfAddress> a = i.Primary(vips);
    if (c == nullptr || c->vrrp.empty() || !a) {
      continue;
    }
    VrrpIf& s = want[ifx];
    s.address = *a;
    s.up = i.OperUp();
    for (const config::VrrpGroupConfig& g : c->vrrp) {
      s.groups.push_back(router::VrrpGroupParams(config_, g, find));
    }
  }
  for (auto it = vrrp_ifs_.begin(); it != vrrp_ifs_.end();) {
    if (!want.contains(it->first)) {
      vrrp_.RemoveInterface(now_, it->first, out);
      it = vrrp_ifs_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [ifx, s] : want) {
    const auto it = vrrp_ifs_.find(ifx);
    if (it == vrrp_ifs_.end() || !(it->second == s)) {
      vrrp_.SetInterface(now_, ifx, s.address, s.up, s.groups, out);
      vrrp_ifs_[ifx] = s;
    }
  }
}

// The protocol groups of a router's interfaces, joined on a socket so the kernel reports them
// and the NIC accepts them: ALL-PIM-ROUTERS (RFC 7761 §4.9), the IGMPv3 report group and
// ALL-ROUTERS for IGMPv2 leaves (RFC 3376 §4.2.14, RFC 2236 §3), VRRP (RFC 5798 §5.1.1.2).
void Daemon::SyncJoins() {
  std::set<std::pair<IfIndex, Ipv4>> want;
  for (const auto& [ifx, w] : igmp_ifs_) {
    want.insert({ifx, Ipv4{224, 0, 0, 22}});
    want.insert({ifx, Ipv4{224, 0, 0, 2}});
  }
  for (const auto& [ifx, w] : pim_ifs_) {
    want.insert({ifx, Ipv4{224, 0, 0, 13}});
  }
  for (const auto& [ifx, w] : vrrp_ifs_) {
    want.insert({ifx, Ipv4{224, 0, 0, 18}});
  }
  for (const auto& key : joined_) {
    if (!want.contains(key)) {
      (void)io_->Leave(
          engine::SocketLeave{key.first, key.second, {}, engine::FilterMode::kExclude});
    }
  }
  for (const auto& key : want) {
    if (!joined_.contains(key) &&
        io_->Join(engine::SocketJoin{key.first, key.second, {}, engine::FilterMode::kExclude}) !=
            0) {
      Count("join-failed");
    }
  }
  joined_ = std::move(want);
}

}  // namespace mc::mcastd
