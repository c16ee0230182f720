// mcastd's control commands (daemon.h HandleControl): every `show` the emulator's routers answer
// for the engines mcastd runs, rendered by the same src/show renderers from the same snapshots,
// with `| json`; plus `show mcastd` (dataplane mode, VIFs, forwarding entries, counters),
// `clear ip mroute [G [S]]`, `clear ip igmp group [G]`, `debug all` / `no debug all` (engine
// traces to stderr).
// Left out: `show ip route` / `show interfaces` (the kernel's `ip` tool shows them), snooping.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/mcastd/daemon.h"
#include "show/igmp_show.h"
#include "show/mroute_show.h"
#include "show/pim_show.h"
#include "show/vrrp_show.h"
#include "sim/emu/show_words.h"

namespace mc::mcastd {

using sim::WordIs;

namespace {

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> w;
  std::istringstream in{std::string(s)};
  for (std::string x; in >> x;) {
    w.push_back(x);
  }
  return w;
}

std::string Dump(const nlohmann::json& j) { return j.dump(2) + "\n"; }

}  // namespace

std::string Daemon::HandleControl(std::string_view command) {
  bool json = false;
  std::string_view cmd = command;
  if (const std::size_t bar = cmd.find('|'); bar != std::string_view::npos) {
    const std::vector<std::string> filter = Words(cmd.substr(bar + 1));
    if (filter.size() != 1 || !WordIs(filter[0], "json")) {
      return "% Invalid input: only `| json` is supported\n";
    }
    json = true;
    cmd = cmd.substr(0, bar);
  }
  std::vector<std::string> w = Words(cmd);
  if (w.empty()) {
    return {};
  }
  // Shows render as of the moment of the command, not of the last event.
  now_ = std::max(now_, platform::MonotonicNow());
  if (WordIs(w[0], "show", 2) && w.size() >= 2) {
    w.erase(w.begin());
    if (WordIs(w[0], "vrrp")) {
      return ShowVrrp(w, json);
    }
    if (WordIs(w[0], "mcastd")) {
      return ShowDaemon(json);
    }
    if (w.size() >= 2 && WordIs(w[0], "ip") && WordIs(w[1], "igmp")) {
      return ShowIgmp(w, json);
    }
    if (w.size() >= 2 && WordIs(w[0], "ip") &&
        (WordIs(w[1], "mroute", 2) || WordIs(w[1], "pim", 2) || WordIs(w[1], "rpf", 2))) {
      return ShowPim(w, json);
    }
  } else if (WordIs(w[0], "clear", 2)) {
    return Clear(w);
  } else if (WordIs(w[0], "debug") && w.size() == 2 && WordIs(w[1], "all")) {
    debug_ = true;
    return "All possible debugging has been turned on\n";
  } else if ((WordIs(w[0], "undebug") && w.size() == 2) ||
             (WordIs(w[0], "no") && w.size() == 3 && WordIs(w[1], "debug"))) {
    debug_ = false;
    return "All possible debugging has been turned off\n";
  }
  return fmt::format("% Invalid input: {}\n", command);
}

std::string Daemon::ShowIgmp(const std::vector<std::string>& w, bool json) const {
  const igmp::RouterSnapshot snap = igmp_.Snap();
  std::vector<show::IgmpIfView> views;
  for (const auto& [ifx, i] : ifaces_) {
    show::IgmpIfView v;
    v.ifindex = ifx;
    v.name = i.name;
    v.admin_up = i.admin_up;
    v.line_up = i.OperUp();
    if (const auto a = i.Primary({})) {
      v.address = a->address;
      v.prefix_len = a->prefix_len;
    }
    v.multicast_routing = config_.multicast_routing && igmp_ifs_.contains(ifx);
    if (pim_) {
      if (const auto it = dr_.find(ifx); it != dr_.end()) {
        v.dr = it->second.dr;
      }
    }
    views.push_back(std::move(v));
  }
  if (w.size() >= 3 && WordIs(w[2], "groups")) {
    std::optional<Ipv4> group;
    bool detail = false;
    for (std::size_t k = 3; k < w.size(); ++k) {
      if (auto g = Ipv4::Parse(w[k])) {
        group = *g;
      } else if (WordIs(w[k], "detail")) {
        detail = true;
      } else if (auto n = FindInterface(w[k])) {
        std::erase_if(views, [&](const show::IgmpIfView& v) { return v.ifindex != *n; });
      } else {
        return fmt::format("% Invalid input: {}\n", w[k]);
      }
    }
    return json ? Dump(show::IgmpGroupsJson(snap, views, now_, group))
                : show::RenderIgmpGroups(snap, views, now_, group, detail);
  }
  if (w.size() >= 3 && WordIs(w[2], "membership")) {
    return json ? Dump(show::IgmpMembershipJson(snap, views, now_))
                : show::RenderIgmpMembership(snap, views, now_);
  }
  if (w.size() >= 3 && WordIs(w[2], "interface")) {
    if (w.size() > 3) {
      const std::optional<IfIndex> n = FindInterface(w[3]);
      if (!n) {
        return fmt::format("% Invalid interface: {}\n", w[3]);
      }
      std::erase_if(views, [&](const show::IgmpIfView& v) { return v.ifindex != *n; });
    } else {
      std::erase_if(views, [](const show::IgmpIfView& v) { return !v.address; });
    }
    return json ? Dump(show::IgmpInterfacesJson(snap, views, now_))
                : show::RenderIgmpInterfaces(snap, views, now_);
  }
  return "% Invalid input: show ip igmp groups|interface|membership\n";
}

std::string Daemon::ShowPim(const std::vector<std::string>& w, bool json) const {
  const pim::PimSnapshot snap =
      pim_ ? pim_->Snap(now_) : pim::PimSnapshot{now_, {}, {}, {}, false, {}, {}};
  show::IfNames names;
  for (const auto& [ifx, i] : ifaces_) {
    names[ifx] = i.name;
  }
  names[pim::kRegisterVif] = "Tunnel0";  // IOS shows the register encapsulation as a tunnel
  if (WordIs(w[1], "mroute", 2)) {
    return show::ShowMrouteWords(snap, names, now_, std::span(w).subspan(2), json);
  }
  if (WordIs(w[1], "rpf", 2)) {
    const std::optional<Ipv4> target = w.size() == 3 ? Ipv4::Parse(w[2]) : std::nullopt;
    if (!target) {
      return "% Invalid input: show ip rpf ADDRESS\n";
    }
    show::RpfView v;
    v.target = *target;
    if (pim_) {
      if (const std::optional<pim::RpfInfo> r = pim_->Rpf(*target)) {
        v.found = true;
        v.iif = r->iif;
        v.neighbor = r->next_hop;
        v.route = r->prefix;
        v.static_mroute = r->from_static_mroute;
      }
    }
    return json ? Dump(show::RpfJson(v, names)) : show::RenderRpf(v, names);
  }
  if (w.size() >= 3 && WordIs(w[2], "neighbor")) {
    return json ? Dump(show::PimNeighborsJson(snap, names, now_))
                : show::RenderPimNeighbors(snap, names, now_);
  }
  if (w.size() >= 3 && WordIs(w[2], "interface")) {
    return json ? Dump(show::PimInterfacesJson(snap, names))
                : show::RenderPimInterfaces(snap, names);
  }
  if (w.size() == 4 && WordIs(w[2], "rp") && WordIs(w[3], "mapping")) {
    return json ? Dump(show::PimRpMappingJson(snap)) : show::RenderPimRpMapping(snap);
  }
  return "% Invalid input: show ip pim neighbor|interface|rp mapping\n";
}

std::string Daemon::ShowVrrp(const std::vector<std::string>& w, bool json) const {
  if (w.size() > 2 || (w.size() == 2 && !(w[1].size() >= 2 && WordIs(w[1], "brief")))) {
    return "% Invalid input: show vrrp [brief]\n";
  }
  std::vector<show::VrrpIfName> names;
  for (const auto& [ifx, i] : ifaces_) {
    names.push_back(show::VrrpIfName{ifx, i.name});
  }
  const vrrp::VrrpSnapshot snap = vrrp_.Snap();
  return json ? Dump(show::VrrpJson(snap, names, now_))
              : show::RenderVrrp(snap, names, now_, w.size() == 2);
}

// What only the daemon has: the dataplane, its VIFs and entries, and the host counters.
std::string Daemon::ShowDaemon(bool json) const {
  nlohmann::json j;
  j["dataplane"] = std::string(platform::ToString(dataplane_->mode()));
  j["dataplane_note"] = dataplane_note_;
  j["pim"] = pim_ != nullptr;
  nlohmann::json vifs = nlohmann::json::array();
  for (const auto& [ifx, i] : ifaces_) {
    if (dataplane_->IsVif(ifx)) {
      vifs.push_back(i.name);
    }
  }
  j["vifs"] = vifs;
  nlohmann::json entries = nlohmann::json::array();
  for (const platform::DataplaneEntry& e : dataplane_->Entries()) {
    std::vector<std::uint32_t> oifs;
    for (const IfIndex o : e.oifs) {
      oifs.push_back(o.value());
    }
    entries.push_back({{"sg", e.sg.ToString()},
                       {"iif", e.iif.value()},
                       {"oifs", oifs},
                       {"packets", e.packets},
                       {"bytes", e.bytes}});
  }
  j["mfc"] = entries;
  j["counters"] = counters_;
  if (json) {
    return Dump(j);
  }
  std::string out =
      fmt::format("Dataplane: {} ({})\nPIM: {}\nVIFs:", j["dataplane"].get<std::string>(),
                  dataplane_note_, pim_ ? "on" : "off");
  for (const auto& v : vifs) {
    out += " " + v.get<std::string>();
  }
  out += "\nForwarding entries:\n";
  for (const auto& e : entries) {
    out += fmt::format("  {} iif {} oifs {} packets {}\n", e["sg"].get<std::string>(),
                       e["iif"].get<std::uint32_t>(), e["oifs"].dump(),
                       e["packets"].get<std::uint64_t>());
  }
  out += "Counters:\n";
  for (const auto& [name, n] : counters_) {
    out += fmt::format("  {:<24} {}\n", name, n);
  }
  return out;
}

std::string Daemon::Clear(const std::vector<std::string>& w) {
  std::vector<engine::Effect> out;
  if (w.size() >= 3 && WordIs(w[1], "ip") && WordIs(w[2], "mroute", 2)) {
    std::optional<Ipv4> group;
    std::optional<Ipv4> source;
    for (std::size_t k = 3; k < w.size(); ++k) {
      if (w[k] == "*") {
        continue;
      }
      const std::optional<Ipv4> a = Ipv4::Parse(w[k]);
      if (!a) {
        return fmt::format("% Invalid input: {}\n", w[k]);
      }
      (group ? source : group) = a;
    }
    if (pim_) {
      pim_->ClearMroute(now_, group, source, out);
    }
  } else if (w.size() >= 4 && WordIs(w[1], "ip") && WordIs(w[2], "igmp") && WordIs(w[3], "group")) {
    const std::optional<Ipv4> group = w.size() > 4 ? Ipv4::Parse(w[4]) : std::nullopt;
    igmp_.ClearGroups(now_, std::nullopt, group, out);
  } else {
    return "% Invalid input: clear ip mroute [G [S]] | clear ip igmp group [G]\n";
  }
  for (const engine::Effect& e : out) {
    Apply(Engine::kPim, e);
  }
  PumpAll();
  return {};
}

}  // namespace mc::mcastd
