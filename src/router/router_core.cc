// The router core (router_core.h): host state in, engine settings and inputs out, the same steps
// as the emulator's McastSync / MfcPimSync / VrrpSync with the config read through
// engine_settings.h. Moved here from mcastd so `mcast replay` runs exactly this code.
#include "router/router_core.h"

#include "config/apply.h"
#include "config/interface_name.h"
#include "engine/engine.h"
#include "router/engine_settings.h"

namespace mc::router {

using engine::Effect;
using engine::Input;

namespace {

constexpr int kMaxPumpRounds = 64;  // Notify chains between engines are short; bound them anyway

}  // namespace

std::uint64_t PimSeed(std::uint64_t seed) { return seed ^ 0x50494D00ull; }
std::uint64_t VrrpSeed(std::uint64_t seed) { return seed * 0x9E3779B1u + 1; }

std::optional<engine::IfAddress> RouterCore::Iface::Primary(const std::set<Ipv4>& skip) const {
  for (const HostAddr& a : addrs) {
    if (!a.secondary && !skip.contains(a.address.address)) {
      return a.address;
    }
  }
  return std::nullopt;
}

RouterCore::RouterCore(config::DeviceConfig config, std::uint64_t seed, CoreHooks& hooks)
    : config_(std::move(config)),
      seed_(seed),
      hooks_(hooks),
      igmp_(igmp::RouterEngineOptions{engine::Limits{}, {}}, Rng(seed)),
      vrrp_(vrrp::VrrpEngineOptions{}, Rng(VrrpSeed(seed))) {}

void RouterCore::Record(Time now, Call c) {
  now_ = now;
  if (record_) {
    record_(EncodeCall(CallLine{now, applying_ > 0, std::move(c)}));
  }
}

// ---- host state ----------------------------------------------------------------------------

void RouterCore::Link(Time now, const HostLink& l) {
  Record(now, rec::Link{l});
  if (l.removed) {
    ifaces_.erase(l.ifindex);
    return;
  }
  Iface& i = ifaces_[l.ifindex];
  i.name = l.name;
  i.admin_up = l.admin_up;
  i.lower_up = l.lower_up;
  i.loopback = l.loopback;
  i.mac = l.mac;
}

void RouterCore::Addr(Time now, const HostAddr& a) {
  Record(now, rec::Addr{a});
  const auto it = ifaces_.find(a.ifindex);
  if (it == ifaces_.end()) {
    return;
  }
  std::erase_if(it->second.addrs, [&](const HostAddr& x) { return x.address == a.address; });
  if (!a.removed) {
    it->second.addrs.push_back(a);
  }
}

void RouterCore::Route(Time now, const engine::RouteEvent& r) {
  Record(now, rec::Route{r});
  const auto key = std::make_tuple(r.prefix, r.ifindex, r.next_hop, r.metric);
  if (r.removed) {
    routes_.erase(key);
  } else {
    routes_[key] = r;
  }
}

std::optional<IfIndex> RouterCore::FindInterface(std::string_view name) const {
  for (const auto& [ifx, i] : ifaces_) {
    if (config::SameInterface(i.name, name)) {
      return ifx;
    }
  }
  return std::nullopt;
}

std::optional<IfIndex> RouterCore::RouteIif(Ipv4 a) const {
  std::optional<engine::RouteEvent> best;
  for (const auto& [key, r] : mrib_) {
    if (r.prefix.Contains(a) && (!best || r.prefix.length() > best->prefix.length())) {
      best = r;
    }
  }
  return best ? std::optional<IfIndex>{best->ifindex} : std::nullopt;
}

std::set<Ipv4> RouterCore::OwnedAddresses() const {
  std::set<Ipv4> s;
  for (const auto& [key, mac] : vrrp_owned_) {
    s.insert(key.second);
  }
  return s;
}

std::optional<engine::IfAddress> RouterCore::PrimaryOf(IfIndex ifx) const {
  const auto it = ifaces_.find(ifx);
  return it == ifaces_.end() ? std::nullopt : it->second.Primary(OwnedAddresses());
}

bool RouterCore::IgmpIsDr(IfIndex ifx) const {
  if (!pim_) {
    return true;
  }
  const auto it = dr_.find(ifx);
  return it == dr_.end() || it->second.is_dr;
}

std::optional<Time> RouterCore::NextDeadline() const {
  std::optional<Time> t;
  for (const std::optional<Time> d :
       {igmp_.NextDeadline(), vrrp_.NextDeadline(), pim_ ? pim_->NextDeadline() : std::nullopt}) {
    if (d && (!t || *d < *t)) {
      t = d;
    }
  }
  return t;
}

// ---- engines -------------------------------------------------------------------------------

void RouterCore::Queue(Time now, EngineId e, Input in) {
  Record(now, rec::In{e, in});
  Enqueue(e, std::move(in));
}

void RouterCore::Enqueue(EngineId e, Input in) {
  switch (e) {
    case EngineId::kIgmp:
      igmp_in_.push_back(std::move(in));
      break;
    case EngineId::kPim:
      if (pim_) {
        pim_in_.push_back(std::move(in));
      }
      break;
    case EngineId::kVrrp:
      vrrp_in_.push_back(std::move(in));
      break;
  }
}

void RouterCore::Pump(Time now) {
  Record(now, rec::Pump{});
  PumpAll();
}

void RouterCore::PumpAll() {
  // engine/engine.h PumpHost: one time per wake-up; inputs from this engine's queue; effects
  // applied after the step.
  struct Host {
    RouterCore* c;
    EngineId from;
    std::deque<Input>* q;
    Time Now() const { return c->now_; }
    std::optional<Input> NextInput() {
      if (q->empty()) {
        return std::nullopt;
      }
      Input i = std::move(q->front());
      q->pop_front();
      return i;
    }
    void Apply(const Effect& e) { c->Apply(from, e); }
    void WakeAt(std::optional<Time>) {}
  };
  for (int round = 0; round < kMaxPumpRounds; ++round) {
    Host ih{this, EngineId::kIgmp, &igmp_in_};
    engine::Pump(igmp_, ih);
    if (pim_) {
      Host ph{this, EngineId::kPim, &pim_in_};
      engine::Pump(*pim_, ph);
    }
    Host vh{this, EngineId::kVrrp, &vrrp_in_};
    engine::Pump(vrrp_, vh);
    if (igmp_in_.empty() && pim_in_.empty() && vrrp_in_.empty()) {
      return;
    }
  }
  hooks_.Count("pump-rounds-exceeded");
}

void RouterCore::ApplyAll(EngineId from, const std::vector<Effect>& out) {
  for (const Effect& e : out) {
    Apply(from, e);
  }
}

void RouterCore::Apply(EngineId from, const Effect& e) {
  // Recorded and handed to the host first, then followed here: a DrChange re-syncs IGMP, whose
  // effects must come after it in the record as in the host.
  if (record_) {
    record_(EncodeEffectLine(EffectLine{from, e}));
  }
  ++applying_;
  hooks_.Apply(from, e);
  --applying_;
  if (const auto* a = std::get_if<engine::AddressAdd>(&e)) {
    vrrp_owned_[{a->ifindex, a->address}] = a->virtual_mac;
  } else if (const auto* d = std::get_if<engine::AddressDel>(&e)) {
    vrrp_owned_.erase({d->ifindex, d->address});
  } else if (const auto* n = std::get_if<engine::Notify>(&e)) {
    if (const auto* gm = std::get_if<engine::GroupMembership>(&n->payload)) {
      const auto key = std::make_pair(gm->ifindex, gm->sg);
      if (gm->joined) {
        members_[key] = gm->mode;
      } else {
        members_.erase(key);
      }
      Enqueue(EngineId::kPim, *n);
    } else if (const auto* dc = std::get_if<engine::DrChange>(&n->payload)) {
      dr_[dc->ifindex] = *dc;
      std::vector<Effect> out;
      SyncIgmp(out);
      ApplyAll(EngineId::kIgmp, out);
    }
  }
}

// ---- control -------------------------------------------------------------------------------

Result<bool, std::string> RouterCore::Reload(Time now, std::string_view text,
                                             std::string_view path) {
  auto cfg = config::LoadConfig(config_.kind, text, path);
  if (!cfg) {
    return cfg.error().ToString();
  }
  Record(now, rec::Reload{std::string(text)});
  config_ = std::move(*cfg);
  SyncAll();
  return true;
}

void RouterCore::ClearMroute(Time now, std::optional<Ipv4> group, std::optional<Ipv4> source) {
  Record(now, rec::ClearMroute{group, source});
  std::vector<Effect> out;
  if (pim_) {
    pim_->ClearMroute(now_, group, source, out);
  }
  ApplyAll(EngineId::kPim, out);
  PumpAll();
}

void RouterCore::ClearIgmp(Time now, std::optional<Ipv4> group) {
  Record(now, rec::ClearIgmp{group});
  std::vector<Effect> out;
  igmp_.ClearGroups(now_, std::nullopt, group, out);
  ApplyAll(EngineId::kIgmp, out);
  PumpAll();
}

void RouterCore::Shutdown(Time now) {
  Record(now, rec::Shutdown{});
  std::vector<Effect> out;
  for (const auto& [ifx, s] : vrrp_ifs_) {
    vrrp_.RemoveInterface(now_, ifx, out);
  }
  vrrp_ifs_.clear();
  ApplyAll(EngineId::kVrrp, out);
}

void RouterCore::Replay(const CallLine& c) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, rec::Link>) {
          Link(c.at, x.link);
        } else if constexpr (std::is_same_v<T, rec::Addr>) {
          Addr(c.at, x.addr);
        } else if constexpr (std::is_same_v<T, rec::Route>) {
          Route(c.at, x.route);
        } else if constexpr (std::is_same_v<T, rec::Sync>) {
          Sync(c.at);
        } else if constexpr (std::is_same_v<T, rec::In>) {
          Queue(c.at, x.engine, x.input);
        } else if constexpr (std::is_same_v<T, rec::Pump>) {
          Pump(c.at);
        } else if constexpr (std::is_same_v<T, rec::Reload>) {
          if (!Reload(c.at, x.config_text, "record")) {
            hooks_.Count("replay-reload-rejected");
          }
        } else if constexpr (std::is_same_v<T, rec::ClearMroute>) {
          ClearMroute(c.at, x.group, x.source);
        } else if constexpr (std::is_same_v<T, rec::ClearIgmp>) {
          ClearIgmp(c.at, x.group);
        } else {
          Shutdown(c.at);
        }
      },
      c.call);
}

// ---- sync ----------------------------------------------------------------------------------

void RouterCore::Sync(Time now) {
  Record(now, rec::Sync{});
  SyncAll();
}

void RouterCore::SyncAll() {
  std::vector<Effect> out;
  SyncIgmp(out);
  SyncPim(out);
  SyncVrrp(out);
  hooks_.Synced();
  ApplyAll(EngineId::kIgmp, out);
  PumpAll();
}

// The IGMP router side on every addressed interface with `ip pim <mode>` (IOS).
void RouterCore::SyncIgmp(std::vector<Effect>& out) {
  const std::set<Ipv4> vips = OwnedAddresses();
  std::map<IfIndex, IgmpIf> want;
  if (config_.kind != config::DeviceKind::kHost) {
    for (const auto& [ifx, i] : ifaces_) {
      const config::InterfaceConfig* c = config_.FindInterface(i.name);
      const std::optional<engine::IfAddress> a = i.Primary(vips);
      if (c == nullptr || !c->pim_mode || !a) {
        continue;
      }
      IgmpIf w{*a, i.OperUp(), IgmpRouterIfConfig(config_, *c)};
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

void RouterCore::SyncPim(std::vector<Effect>& out) {
  if (!PimWanted(config_)) {
    if (pim_) {
      pim_.reset();
      pim_in_.clear();
      hooks_.PimStopped();
    }
    return;
  }
  if (!pim_) {
    pim_ = std::make_unique<pim::PimEngine>(pim::PimEngineOptions{}, Rng(PimSeed(seed_)));
    hooks_.PimStarted();
    pim_ifs_.clear();
    pim_links_.clear();
    mrib_.clear();
    pim_settings_.reset();
    dr_.clear();
    for (const auto& [key, mode] : members_) {
      pim_in_.push_back(engine::Notify{engine::GroupMembership{key.first, key.second, true, mode}});
    }
  }
  InterfaceLookup lookup;
  lookup.find = [this](std::string_view n) { return FindInterface(n); };
  lookup.address = [this](IfIndex ifx) -> std::optional<Ipv4> {
    const auto a = PrimaryOf(ifx);
    return a ? std::optional<Ipv4>{a->address} : std::nullopt;
  };
  lookup.route_iif = [this](Ipv4 a) { return RouteIif(a); };
  SyncRoutes();  // static mroutes by RPF neighbor resolve through the MRIB
  const pim::PimGlobalSettings settings = PimGlobalSettingsOf(config_, lookup);
  if (!pim_settings_ || !(*pim_settings_ == settings)) {
    pim_->Configure(now_, settings, out);
    pim_settings_ = settings;
  }
  SyncPimInterfaces(out);
}

// SetInterface for PIM-SM interfaces; a LinkEvent for every interface (loopbacks included: an
// RP address on a loopback makes I_am_RP true).
void RouterCore::SyncPimInterfaces(std::vector<Effect>& out) {
  const std::set<Ipv4> vips = OwnedAddresses();
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
    if (c != nullptr && PimSparseOn(*c) && a) {
      want[ifx] = PimIf{*a, i.OperUp(), PimInterfaceSettingsOf(*c)};
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
void RouterCore::SyncRoutes() {
  std::map<Prefix, engine::RouteEvent> best;
  for (const auto& [key, r] : routes_) {
    if (!ifaces_.contains(r.ifindex)) {
      continue;
    }
    const auto it = best.find(r.prefix);
    if (it == best.end() || BetterRoute(r, it->second)) {
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

void RouterCore::SyncVrrp(std::vector<Effect>& out) {
  for (const auto& [ifx, i] : ifaces_) {
    const bool up = i.OperUp();
    const auto it = vrrp_links_.find(ifx);
    if (it == vrrp_links_.end() || it->second != up) {
      vrrp_links_[ifx] = up;
      vrrp_in_.push_back(engine::LinkEvent{ifx, up, std::nullopt, i.mac});
    }
  }
  const auto find = [this](std::string_view n) { return FindInterface(n); };
  const std::set<Ipv4> vips = OwnedAddresses();
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
      s.groups.push_back(VrrpGroupParams(config_, g, find));
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

}  // namespace mc::router
