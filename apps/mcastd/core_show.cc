// The shows of a router core (core_show.h): the emulator's renderers (src/show) over the core's
// engine snapshots and host interface names.
#include "apps/mcastd/core_show.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "show/igmp_show.h"
#include "show/mroute_show.h"
#include "show/pim_show.h"
#include "show/pim_traffic_show.h"
#include "show/show_words.h"
#include "show/vrrp_show.h"

namespace mc::mcastd {

using show::WordIs;

namespace {

std::string Dump(const nlohmann::json& j) { return j.dump(2) + "\n"; }

std::string ShowIgmp(const router::RouterCore& core, Time now, const std::vector<std::string>& w,
                     bool json) {
  const igmp::RouterSnapshot snap = core.igmp().Snap();
  std::vector<show::IgmpIfView> views;
  for (const auto& [ifx, i] : core.ifaces()) {
    show::IgmpIfView v;
    v.ifindex = ifx;
    v.name = i.name;
    v.admin_up = i.admin_up;
    v.line_up = i.OperUp();
    if (const auto a = i.Primary({})) {
      v.address = a->address;
      v.prefix_len = a->prefix_len;
    }
    v.multicast_routing = core.config().multicast_routing && core.igmp_ifs().contains(ifx);
    if (core.pim() != nullptr) {
      if (const auto it = core.dr().find(ifx); it != core.dr().end()) {
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
      } else if (auto n = core.FindInterface(w[k])) {
        std::erase_if(views, [&](const show::IgmpIfView& v) { return v.ifindex != *n; });
      } else {
        return fmt::format("% Invalid input: {}\n", w[k]);
      }
    }
    return json ? Dump(show::IgmpGroupsJson(snap, views, now, group))
                : show::RenderIgmpGroups(snap, views, now, group, detail);
  }
  if (w.size() >= 3 && WordIs(w[2], "membership")) {
    return json ? Dump(show::IgmpMembershipJson(snap, views, now))
                : show::RenderIgmpMembership(snap, views, now);
  }
  if (w.size() >= 3 && WordIs(w[2], "interface")) {
    if (w.size() > 3) {
      const std::optional<IfIndex> n = core.FindInterface(w[3]);
      if (!n) {
        return fmt::format("% Invalid interface: {}\n", w[3]);
      }
      std::erase_if(views, [&](const show::IgmpIfView& v) { return v.ifindex != *n; });
    } else {
      std::erase_if(views, [](const show::IgmpIfView& v) { return !v.address; });
    }
    return json ? Dump(show::IgmpInterfacesJson(snap, views, now))
                : show::RenderIgmpInterfaces(snap, views, now);
  }
  return "% Invalid input: show ip igmp groups|interface|membership\n";
}

std::string ShowPim(const router::RouterCore& core, Time now, const std::vector<std::string>& w,
                    bool json) {
  const pim::PimSnapshot snap = core.pim() != nullptr
                                    ? core.pim()->Snap(now)
                                    : pim::PimSnapshot{now, {}, {}, {}, false, {}, {}};
  show::IfNames names;
  for (const auto& [ifx, i] : core.ifaces()) {
    names[ifx] = i.name;
  }
  names[pim::kRegisterVif] = "Tunnel0";  // IOS shows the register encapsulation as a tunnel
  if (WordIs(w[1], "mroute", 2)) {
    return show::ShowMrouteWords(snap, names, now, std::span(w).subspan(2), json);
  }
  if (WordIs(w[1], "rpf", 2)) {
    const std::optional<Ipv4> target = w.size() == 3 ? Ipv4::Parse(w[2]) : std::nullopt;
    if (!target) {
      return "% Invalid input: show ip rpf ADDRESS\n";
    }
    show::RpfView v;
    v.target = *target;
    if (core.pim() != nullptr) {
      if (const std::optional<pim::RpfInfo> r = core.pim()->Rpf(*target)) {
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
    return json ? Dump(show::PimNeighborsJson(snap, names, now))
                : show::RenderPimNeighbors(snap, names, now);
  }
  if (w.size() >= 3 && WordIs(w[2], "interface")) {
    return json ? Dump(show::PimInterfacesJson(snap, names))
                : show::RenderPimInterfaces(snap, names);
  }
  if (w.size() == 4 && WordIs(w[2], "rp") && WordIs(w[3], "mapping")) {
    return json ? Dump(show::PimRpMappingJson(snap)) : show::RenderPimRpMapping(snap);
  }
  if (w.size() == 3 && WordIs(w[2], "traffic")) {
    return show::RenderPimTraffic(core.pim() != nullptr
                                      ? core.pim()->counters().Snapshot()
                                      : engine::Counters<pim::PimCounter>{}.Snapshot(),
                                  json);
  }
  return "% Invalid input: show ip pim neighbor|interface|traffic|rp mapping\n";
}

std::string ShowVrrp(const router::RouterCore& core, Time now, const std::vector<std::string>& w,
                     bool json) {
  if (w.size() > 2 || (w.size() == 2 && !(w[1].size() >= 2 && WordIs(w[1], "brief")))) {
    return "% Invalid input: show vrrp [brief]\n";
  }
  std::vector<show::VrrpIfName> names;
  for (const auto& [ifx, i] : core.ifaces()) {
    names.push_back(show::VrrpIfName{ifx, i.name});
  }
  const vrrp::VrrpSnapshot snap = core.vrrp().Snap();
  return json ? Dump(show::VrrpJson(snap, names, now))
              : show::RenderVrrp(snap, names, now, w.size() == 2);
}

}  // namespace

std::vector<std::string> ControlWords(std::string_view s) {
  std::vector<std::string> w;
  std::istringstream in{std::string(s)};
  for (std::string x; in >> x;) {
    w.push_back(x);
  }
  return w;
}

std::string ShowCore(const router::RouterCore& core, Time now, const std::vector<std::string>& w,
                     bool json) {
  if (!w.empty() && WordIs(w[0], "vrrp")) {
    return ShowVrrp(core, now, w, json);
  }
  if (w.size() >= 2 && WordIs(w[0], "ip") && WordIs(w[1], "igmp")) {
    return ShowIgmp(core, now, w, json);
  }
  if (w.size() >= 2 && WordIs(w[0], "ip") &&
      (WordIs(w[1], "mroute", 2) || WordIs(w[1], "pim", 2) || WordIs(w[1], "rpf", 2))) {
    return ShowPim(core, now, w, json);
  }
  return "% Invalid input: show vrrp | ip igmp ... | ip pim ... | ip mroute ... | ip rpf A\n";
}

std::string ShowCore(const router::RouterCore& core, Time now, std::string_view command) {
  bool json = false;
  if (const std::size_t bar = command.find('|'); bar != std::string_view::npos) {
    const std::vector<std::string> filter = ControlWords(command.substr(bar + 1));
    if (filter.size() != 1 || !WordIs(filter[0], "json")) {
      return "% Invalid input: only `| json` is supported\n";
    }
    json = true;
    command = command.substr(0, bar);
  }
  std::vector<std::string> w = ControlWords(command);
  if (!w.empty() && WordIs(w[0], "show", 2)) {
    w.erase(w.begin());
  }
  return ShowCore(core, now, w, json);
}

}  // namespace mc::mcastd
