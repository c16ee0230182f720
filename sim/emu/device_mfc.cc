// Device, kernel multicast forwarding part (device.h): every multicast data packet a router with
// `ip multicast-routing` receives goes through its MfcModel (mfc_model.h), the emulator's model
// of the Linux kernel cache, exactly as on a Linux box running mcastd:
// - VIFs are the interfaces running the IGMP router side (`ip pim <mode>`, as IOS turns
//   multicast on with PIM); `ip multicast-routing` off, or `ip routing` off, empties the cache.
// - The model's verdict is carried out here: one copy per oif with the TTL decremented
//   (RFC 1812 §5.3.1 style), sent to the group's MAC; upcalls go to whoever owns the cache.
// - Interim owner (no PIM engine on the router, issue "IGMP" item 3): a resolver answers NOCACHE
//   for sources on the arrival interface's subnet with the interfaces whose IGMP state wants the
//   channel (RFC 3376 §6.3: (*,G) members unless they exclude S, plus (S,G) include members), and
//   re-installs its entries when membership, links or config change. Sources further away are
//   never resolved: routing between routers is PIM's job.
// Left out: locally originated multicast entering the cache (a router's own `send`).
#include "sim/emu/device_mfc.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <utility>

#include "engine/engine.h"
#include "router/engine_settings.h"
#include "show/mroute_show.h"
#include "show/pim_show.h"
#include "show/pim_traffic_show.h"
#include "sim/emu/device.h"
#include "sim/emu/device_mcast.h"
#include "sim/emu/network.h"
#include "sim/emu/show_words.h"
#include "wire/ethernet.h"
#include "wire/ip.h"

namespace mc::sim {

void Device::MfcDeleter::operator()(Mfc* m) const { delete m; }

// The daemon asks for whole wrong-interface packets (MRT_PIM = IGMPMSG_WRVIFWHOLE) so the PIM
// engine can forward the first packet that arrives on the SPT before the entry moves to it.
void Device::MfcBoot() {
  MfcOptions options;
  options.do_wrvifwhole = true;
  mfc_.reset(new Mfc());
  mfc_->model = MfcModel(options);
}

// VIFs follow the IGMP router interfaces; the interim entries follow links and config.
void Device::MfcSync(Time now) {
  if (!mfc_ || !mcast_) {
    return;
  }
  Mfc& f = *mfc_;
  const bool on = config_.multicast_routing && config_.ip_routing;
  std::set<std::size_t> want;
  if (on) {
    for (const auto& [n, rif] : mcast_->router_ifs) {
      want.insert(n);
    }
  }
  for (const std::size_t n : f.vifs) {
    if (!want.contains(n)) {
      f.model.DelVif(ToIfIndex(n));
    }
  }
  for (const std::size_t n : want) {
    if (!f.vifs.contains(n)) {
      f.model.AddVif(ToIfIndex(n));
    }
  }
  f.vifs = std::move(want);
  if (!on) {
    f.model.Clear();
    f.interim.clear();
  }
  MfcPimSync(now);
  if (on && !f.pim) {
    MfcInterimRefresh(now, std::nullopt);
  }
}

// A multicast data packet (not 224.0.0.x, not IGMP) arrived on `iif`.
void Device::McastForward(Time now, std::size_t iif, const wire::Ipv4Packet& p) {
  if (!mfc_ || !config_.multicast_routing || !config_.ip_routing) {
    return;
  }
  const wire::Ipv4Header& h = p.header;
  auto whole = wire::BuildIpv4(h, p.payload);
  if (!whole) {
    return;
  }
  MfcVerdict v = mfc_->model.Forward(now, ToIfIndex(iif), Sg{h.src, h.dst}, *whole);
  MfcTransmit(h, p.payload, v.oifs);
  MfcUpcalls(now, std::move(v.upcalls));
}

// One copy per oif, TTL decremented (the model only lists oifs whose threshold the TTL exceeds).
void Device::MfcTransmit(const wire::Ipv4Header& h, std::span<const std::uint8_t> payload,
                         const std::vector<IfIndex>& oifs) {
  if (oifs.empty() || h.ttl == 0) {
    return;
  }
  wire::Ipv4Header out = h;
  out.ttl = static_cast<std::uint8_t>(h.ttl - 1);
  auto pkt = wire::BuildIpv4(out, payload);
  if (!pkt) {
    return;
  }
  for (const IfIndex oif : oifs) {
    if (oif.valid() && oif.value() <= ifaces_.size()) {
      L3Frame(oif.value() - 1, Mac::ForGroup(h.dst), wire::kEtherTypeIpv4, *pkt);
    }
  }
}

// Packets an add released from the unresolved queue, sent as the new entry says.
void Device::MfcRelease(Time now, MfcApplyResult& r) {
  for (MfcReleased& rel : r.released) {
    if (auto p = wire::DecodeIpv4(rel.packet)) {
      MfcTransmit(p->header, p->payload, rel.verdict.oifs);
    }
    MfcUpcalls(now, std::move(rel.verdict.upcalls));
  }
}

// Upcalls go to the cache's owner: the interim resolver (NOCACHE only; nobody listens for the
// others, as with a kernel whose daemon did not ask for asserts).
void Device::MfcUpcalls(Time now, std::vector<engine::DataplaneEvent> upcalls) {
  if (mfc_->pim) {
    for (engine::DataplaneEvent& u : upcalls) {
      mfc_->pim_in.push_back(std::move(u));
    }
    return;
  }
  for (const engine::DataplaneEvent& u : upcalls) {
    if (u.kind == engine::DataplaneKind::kNoCache) {
      MfcInterimResolve(now, u.iif, u.sg);
    }
  }
}

// MfcAdd / MfcDel effects of an engine.
void Device::MfcEffect(const engine::Effect& e) {
  if (!mfc_) {
    return;
  }
  if (const auto* add = std::get_if<engine::MfcAdd>(&e)) {
    MfcApplyResult r = mfc_->model.Apply(now_, *add);
    if (r.error && mfc_->pim) {
      // As MRT_ADD_MFC failing on Linux: the failure goes back to the engine as input.
      mfc_->pim_in.push_back(engine::EffectFailed{e, *r.error, r.error_number});
    }
    MfcRelease(now_, r);
  } else if (const auto* del = std::get_if<engine::MfcDel>(&e)) {
    mfc_->model.Apply(now_, *del);
  }
}

void Device::MfcMembership(Time now, const engine::GroupMembership& gm) {
  if (!mfc_) {
    return;
  }
  if (mfc_->pim) {
    mfc_->pim_in.push_back(engine::Notify{gm});
    return;
  }
  MfcInterimRefresh(now, gm.sg.group);
}

// ---- the interim resolver -------------------------------------------------------------------

// The interfaces whose IGMP state wants `sg`, other than the arrival one, ascending.
std::vector<IfIndex> Device::MfcInterimOifs(std::size_t iif, const Sg& sg) const {
  std::vector<IfIndex> oifs;
  const Sg star{kAnySource, sg.group};
  for (const auto& [n, rif] : mcast_->router_ifs) {
    if (n == iif || !rif.up) {
      continue;
    }
    const auto star_it = mcast_->members.find({n, star});
    const auto sg_it = mcast_->members.find({n, sg});
    const bool star_member = star_it != mcast_->members.end();
    const bool has_sg = sg_it != mcast_->members.end();
    const bool excluded = has_sg && sg_it->second == engine::FilterMode::kExclude;
    const bool included = has_sg && sg_it->second == engine::FilterMode::kInclude;
    if ((star_member && !excluded) || included) {
      oifs.push_back(ToIfIndex(n));
    }
  }
  return oifs;
}

// Whether the interim resolver serves `sg` arriving on `iif`: a source on its subnet.
bool Device::MfcInterimServes(IfIndex iif, const Sg& sg) const {
  if (!iif.valid() || iif.value() > ifaces_.size()) {
    return false;
  }
  const std::size_t n = iif.value() - 1;
  const Iface& i = ifaces_[n];
  return mfc_->vifs.contains(n) && i.address && i.address->Subnet().Contains(sg.source);
}

void Device::MfcInterimResolve(Time now, IfIndex iif, const Sg& sg) {
  if (!MfcInterimServes(iif, sg)) {
    return;  // left unresolved: the kernel drops its queue after 10 s
  }
  engine::MfcAdd add{sg, iif, MfcInterimOifs(iif.value() - 1, sg)};
  mfc_->interim[sg] = add;
  MfcApplyResult r = mfc_->model.Apply(now, add);
  MfcRelease(now, r);
}

// Re-installs the interim entries (of `group`, or all) whose oifs changed; removes the ones
// whose source is no longer on the subnet of a VIF.
void Device::MfcInterimRefresh(Time now, std::optional<Ipv4> group) {
  for (auto it = mfc_->interim.begin(); it != mfc_->interim.end();) {
    engine::MfcAdd& add = it->second;
    if (group && add.sg.group != *group) {
      ++it;
      continue;
    }
    if (!MfcInterimServes(add.iif, add.sg)) {
      mfc_->model.Apply(now, engine::MfcDel{add.sg});
      it = mfc_->interim.erase(it);
      continue;
    }
    std::vector<IfIndex> oifs = MfcInterimOifs(add.iif.value() - 1, add.sg);
    if (oifs != add.oifs) {
      add.oifs = std::move(oifs);
      MfcApplyResult r = mfc_->model.Apply(now, add);
      MfcRelease(now, r);
    }
    ++it;
  }
}

// ---- the PIM engine ------------------------------------------------------------------------

namespace {

constexpr Duration kActivityPoll = std::chrono::seconds{1};

}  // namespace

bool Device::MfcPimWanted() const { return router::PimWanted(config_); }

// The typed PIM settings from the config, ACL names and interfaces resolved.
pim::PimGlobalSettings Device::MfcPimSettings() const {
  router::InterfaceLookup lookup;
  lookup.find = [this](std::string_view name) -> std::optional<IfIndex> {
    const std::optional<std::size_t> n = FindInterface(name);
    return n ? std::optional<IfIndex>{ToIfIndex(*n)} : std::nullopt;
  };
  lookup.address = [this](IfIndex ifx) -> std::optional<Ipv4> {
    const engine::IfAddress* a =
        ifx.valid() && ifx.value() <= ifaces_.size() && ifaces_[ifx.value() - 1].address
            ? &*ifaces_[ifx.value() - 1].address
            : nullptr;
    return a != nullptr ? std::optional<Ipv4>{a->address} : std::nullopt;
  };
  lookup.route_iif = [this](Ipv4 a) -> std::optional<IfIndex> {
    const std::optional<Route> r = Lookup(a);
    return r && r->iface ? std::optional<IfIndex>{ToIfIndex(*r->iface)} : std::nullopt;
  };
  return router::PimGlobalSettingsOf(config_, lookup);
}

// Creates or removes the engine, then brings its settings, interfaces, links and MRIB in line.
void Device::MfcPimSync(Time now) {
  Mfc& f = *mfc_;
  const bool want = MfcPimWanted();
  if (!want) {
    if (f.pim) {
      f.pim.reset();
      f.pim_in.clear();
      f.model.Clear();
      f.model.DelVif(pim::kRegisterVif);
    }
    return;
  }
  std::vector<engine::Effect> out;
  if (!f.pim) {
    const std::uint64_t seed =
        ((net_ != nullptr ? net_->seed() : 1) * 0x100000001B3ull + mac_seed_) ^ 0x50494D00ull;
    f.pim = std::make_unique<pim::PimEngine>(pim::PimEngineOptions{}, Rng(seed));
    f.model.AddVif(pim::kRegisterVif, VifOptions{1, true});
    for (const auto& [sg, add] : f.interim) {
      f.model.Apply(now, engine::MfcDel{sg});
    }
    f.interim.clear();
    f.pim_ifs.clear();
    f.links.clear();
    f.routes.clear();
    f.settings.reset();
    f.dr.clear();
    f.next_poll = now + kActivityPoll;
    for (const auto& [key, mode] : mcast_->members) {
      f.pim_in.push_back(
          engine::Notify{engine::GroupMembership{ToIfIndex(key.first), key.second, true, mode}});
    }
  }
  const pim::PimGlobalSettings settings = MfcPimSettings();
  if (!f.settings || !(*f.settings == settings)) {
    f.pim->Configure(now, settings, out);
    f.settings = settings;
  }
  MfcPimInterfaces(now, out);
  MfcPimRoutes();
  for (const engine::Effect& e : out) {
    ApplyEffect(e);
  }
}

// SetInterface for interfaces with PIM; a LinkEvent for every addressed routed interface.
void Device::MfcPimInterfaces(Time now, std::vector<engine::Effect>& out) {
  Mfc& f = *mfc_;
  std::map<std::size_t, Mfc::PimIf> want;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const Iface& i = ifaces_[n];
    if (i.bridged) {
      continue;
    }
    engine::LinkEvent le{ToIfIndex(n), i.OperUp() && i.address.has_value(), i.address, i.mac};
    const auto old = f.links.find(n);
    if ((old == f.links.end() && i.address) || (old != f.links.end() && !(old->second == le))) {
      f.pim_in.push_back(le);
      f.links[n] = le;
    }
    const config::InterfaceConfig* c = IfConfig(n);
    if (c != nullptr && router::PimSparseOn(*c) && i.address) {
      want[n] = Mfc::PimIf{*i.address, i.OperUp(), router::PimInterfaceSettingsOf(*c)};
    }
  }
  for (auto it = f.pim_ifs.begin(); it != f.pim_ifs.end();) {
    if (!want.contains(it->first)) {
      f.pim->RemoveInterface(now, ToIfIndex(it->first), out);
      it = f.pim_ifs.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [n, w] : want) {
    const auto it = f.pim_ifs.find(n);
    if (it == f.pim_ifs.end() || !(it->second.address == w.address) || it->second.up != w.up ||
        !(it->second.settings == w.settings)) {
      f.pim->SetInterface(now, ToIfIndex(n), w.address, w.up, w.settings, out);
      f.pim_ifs[n] = w;
    }
  }
}

// The MRIB: the best route per prefix of the routing table, as RouteEvent changes.
void Device::MfcPimRoutes() {
  Mfc& f = *mfc_;
  std::map<Prefix, engine::RouteEvent> best;
  for (const Route& r : RoutingTable()) {
    if (r.code == 'L') {
      continue;
    }
    const std::optional<Route> res = Resolve(r, 0);
    if (!res || !res->iface) {
      continue;
    }
    engine::RouteEvent e{
        r.prefix, res->next_hop.value_or(Ipv4{}), ToIfIndex(*res->iface), r.distance, r.metric,
        false};
    const auto it = best.find(r.prefix);
    if (it == best.end() || router::BetterRoute(e, it->second)) {
      best[r.prefix] = e;
    }
  }
  for (const auto& [prefix, old] : f.routes) {
    if (!best.contains(prefix)) {
      engine::RouteEvent gone = old;
      gone.removed = true;
      f.pim_in.push_back(gone);
    }
  }
  for (const auto& [prefix, e] : best) {
    const auto it = f.routes.find(prefix);
    if (it == f.routes.end() || !(it->second == e)) {
      f.pim_in.push_back(e);
    }
  }
  f.routes = std::move(best);
}

// The IGP oracle installed new routes.
void Device::MfcRoutesChanged(Time now) {
  if (mfc_ && mfc_->pim) {
    MfcPimSync(now);
    Drain(now, {});
  }
}

bool Device::MfcPending() const { return mfc_ && mfc_->pim && !mfc_->pim_in.empty(); }

std::optional<Time> Device::MfcDeadline() const {
  if (!mfc_ || !mfc_->pim) {
    return std::nullopt;
  }
  std::optional<Time> t = mfc_->pim->NextDeadline();
  if (mfc_->model.EntryCount() > 0 && (!t || mfc_->next_poll < *t)) {
    t = mfc_->next_poll;
  }
  return t;
}

// Runs the PIM engine on its queued inputs; polls the cache's counters once a second.
void Device::MfcPump(Time now) {
  if (!mfc_ || !mfc_->pim) {
    return;
  }
  Mfc& f = *mfc_;
  if (now >= f.next_poll) {
    for (engine::DataplaneEvent& a : f.model.PollActivity()) {
      f.pim_in.push_back(std::move(a));
    }
    f.next_poll = now + kActivityPoll;
  }
  struct Host {
    Device* d;
    Time t;
    Time Now() const { return t; }
    std::optional<engine::Input> NextInput() {
      auto& q = d->mfc_->pim_in;
      if (q.empty()) {
        return std::nullopt;
      }
      engine::Input i = std::move(q.front());
      q.pop_front();
      return i;
    }
    void Apply(const engine::Effect& e) { d->ApplyEffect(e); }
    void WakeAt(std::optional<Time>) {}  // the Network asks NextDeadline() after every step
  };
  Host h{this, now};
  engine::Pump(*f.pim, h);
}

// A PIM message (IP protocol 103) for this router: multicast on `iface`, or unicast to one of
// its addresses.
void Device::MfcPimPacket(std::size_t iface, const wire::Ipv4Packet& p) {
  if (!mfc_ || !mfc_->pim) {
    return;
  }
  mfc_->pim_in.push_back(L3PacketIn(iface, p));
}

// `clear ip mroute *|G [S]`: the PIM engine forgets the entries and deletes their cache entries
// (pim_clear.cc); without PIM the interim resolver's entries go, and NOCACHE re-creates them.
std::string Device::ClearMroute(Time now, const ClearMrouteCommand& cmd) {
  now_ = now;
  if (!mfc_) {
    return {};
  }
  const auto matches = [&](const Sg& sg) {
    return (!cmd.group || sg.group == *cmd.group) && (!cmd.source || sg.source == *cmd.source);
  };
  std::vector<engine::Effect> out;
  if (mfc_->pim) {
    mfc_->pim->ClearMroute(now, cmd.group, cmd.source, out);
  } else {
    for (auto it = mfc_->interim.begin(); it != mfc_->interim.end();) {
      if (matches(it->first)) {
        out.push_back(engine::MfcDel{it->first});
        it = mfc_->interim.erase(it);
      } else {
        ++it;
      }
    }
  }
  Drain(now, std::move(out));
  if (net_ != nullptr) {
    net_->WakeAt(id_, NextDeadline());
  }
  return {};
}

// The engine's DR election result: the IGMP router side of that interface follows it
// (IGMPv1 has no querier election: the DR queries).
void Device::MfcDrChange(Time now, const engine::DrChange& dc) {
  if (!mfc_ || !dc.ifindex.valid()) {
    return;
  }
  mfc_->dr[dc.ifindex.value() - 1] = dc;
  std::vector<engine::Effect> out;
  McastSync(now, out);
  for (const engine::Effect& e : out) {
    ApplyEffect(e);
  }
}

bool Device::MfcIgmpIsDr(std::size_t iface) const {
  if (!mfc_ || !mfc_->pim) {
    return true;
  }
  const auto it = mfc_->dr.find(iface);
  return it == mfc_->dr.end() || it->second.is_dr;
}

std::optional<Ipv4> Device::MfcDrAddress(std::size_t iface) const {
  if (!mfc_ || !mfc_->pim) {
    return std::nullopt;
  }
  const auto it = mfc_->dr.find(iface);
  return it == mfc_->dr.end() ? std::nullopt : std::optional<Ipv4>{it->second.dr};
}

// ---- show ip mroute / pim / rpf -------------------------------------------------------------

bool Device::IsPimShow(const std::vector<std::string>& w) {
  if (w.size() < 2 || !WordIs(w[0], "ip")) {
    return false;
  }
  if (WordIs(w[1], "mroute", 2)) {
    return true;
  }
  if (WordIs(w[1], "rpf", 2)) {
    return w.size() == 3;
  }
  return WordIs(w[1], "pim", 2) && w.size() >= 3 &&
         (WordIs(w[2], "neighbor") || WordIs(w[2], "interface") ||
          (WordIs(w[2], "traffic") && w.size() == 3) ||
          (WordIs(w[2], "rp") && w.size() == 4 && WordIs(w[3], "mapping")));
}

std::optional<std::string> Device::ShowPim(const std::vector<std::string>& w, bool json) const {
  const pim::PimSnapshot snap =
      mfc_ && mfc_->pim ? mfc_->pim->Snap(now_) : pim::PimSnapshot{now_, {}, {}, {}, false, {}, {}};
  show::IfNames names;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    names[ToIfIndex(n)] = ifaces_[n].name;
  }
  names[pim::kRegisterVif] = "Tunnel0";  // IOS shows the register encapsulation as a tunnel
  const auto dump = [](const nlohmann::json& j) { return j.dump(2) + "\n"; };
  if (WordIs(w[1], "mroute", 2)) {
    return show::ShowMrouteWords(snap, names, now_, std::span(w).subspan(2), json);
  }
  if (WordIs(w[1], "rpf", 2)) {
    const std::optional<Ipv4> target = Ipv4::Parse(w[2]);
    if (!target) {
      return fmt::format("% Invalid address: {}\n", w[2]);
    }
    show::RpfView v;
    v.target = *target;
    if (mfc_ && mfc_->pim) {
      if (const std::optional<pim::RpfInfo> r = mfc_->pim->Rpf(*target)) {
        v.found = true;
        v.iif = r->iif;
        v.neighbor = r->next_hop;
        v.route = r->prefix;
        v.static_mroute = r->from_static_mroute;
      }
    }
    return json ? dump(show::RpfJson(v, names)) : show::RenderRpf(v, names);
  }
  if (WordIs(w[2], "neighbor")) {
    return json ? dump(show::PimNeighborsJson(snap, names, now_))
                : show::RenderPimNeighbors(snap, names, now_);
  }
  if (WordIs(w[2], "interface")) {
    return json ? dump(show::PimInterfacesJson(snap, names))
                : show::RenderPimInterfaces(snap, names);
  }
  if (WordIs(w[2], "traffic")) {
    return show::RenderPimTraffic(mfc_ && mfc_->pim
                                      ? mfc_->pim->counters().Snapshot()
                                      : engine::Counters<pim::PimCounter>{}.Snapshot(),
                                  json);
  }
  return json ? dump(show::PimRpMappingJson(snap)) : show::RenderPimRpMapping(snap);
}

const MfcModel* Device::Mfib() const { return mfc_ ? &mfc_->model : nullptr; }

}  // namespace mc::sim
