// Unicast routing for RPF (LAB-FORMAT.md §3; DESIGN.md: the IGP is computed, not spoken):
// `ip route P M {NH | IF [NH]} [distance]`, `ip mroute S M {RPF-NH | IF} [distance]`,
// `router ospf N` with `network A W area X`, `router-id`, `passive-interface [default]`, and on
// interfaces `ip ospf N area X`, `ip ospf cost C`.
// IOS semantics kept: prefixes must have no host bits ("inconsistent address and mask"); the
// same route typed again replaces its distance; `ip ospf N area X` creates process N;
// `no ip route P M` removes every route to P/M.
// Left out: VRF static routes (`ip route vrf`, recognised, not supported yet), route names,
// tags, `permanent`, OSPF timers, areas types and everything the OSPF oracle does not need.
#include <fmt/format.h>

#include <algorithm>

#include "config/commands.h"
#include "config/interface_name.h"

namespace mc::config {
namespace {

using internal::CurrentInterface;
using internal::InvalidArgument;
using Outcome = Status<std::string>;

// The route prefix from `P M`, or the "inconsistent" error when P has host bits set.
Result<Prefix, std::string> RoutePrefix(const Args& a, std::string_view addr_arg) {
  const Ipv4 addr = a.Ip(addr_arg).value_or(Ipv4{});
  const Ipv4 mask = a.Ip("mask").value_or(Ipv4{});
  const Prefix p = Prefix::FromMask(addr, mask).value_or(Prefix{});
  if (p.address() != addr) {
    return InvalidArgument(addr.ToString(), "inconsistent address and mask");
  }
  return p;
}

bool SameTarget(const std::string& if_a, std::optional<Ipv4> nh_a, const std::string& if_b,
                std::optional<Ipv4> nh_b) {
  const bool same_if = if_a.empty() ? if_b.empty() : !if_b.empty() && SameInterface(if_a, if_b);
  return same_if && nh_a == nh_b;
}

Outcome IpRoute(Call& c) {
  const Result<Prefix, std::string> prefix = RoutePrefix(c.args, "prefix");
  if (!prefix) {
    return prefix.error();
  }
  StaticRoute r{.prefix = *prefix};
  r.next_hop = c.args.Ip("target");
  if (!r.next_hop && c.args.Has("target")) {
    r.interface = c.args.Text("target");
    r.next_hop = c.args.Ip("gateway");
  } else if (c.args.Has("gateway")) {
    return InvalidArgument(c.args.Ip("gateway")->ToString(), "expected a number (1-255)");
  }
  r.distance = static_cast<std::uint8_t>(c.args.Has("distance") ? c.args.Number("distance") : 1);
  std::vector<StaticRoute>& routes = c.cfg.static_routes;
  const auto same = [&](const StaticRoute& o) {
    return o.prefix == r.prefix &&
           (c.args.negated() && !c.args.Has("target")
                ? true
                : SameTarget(o.interface, o.next_hop, r.interface, r.next_hop));
  };
  if (c.args.negated()) {
    std::erase_if(routes, same);
    return {};
  }
  const auto it = std::find_if(routes.begin(), routes.end(), same);
  if (it != routes.end()) {
    it->distance = r.distance;
  } else {
    routes.push_back(r);
  }
  return {};
}

Outcome IpMroute(Call& c) {
  const Result<Prefix, std::string> source = RoutePrefix(c.args, "source");
  if (!source) {
    return source.error();
  }
  StaticMroute m{.source = *source};
  m.rpf_neighbor = c.args.Ip("rpf");
  if (!m.rpf_neighbor && c.args.Has("rpf")) {
    m.interface = c.args.Text("rpf");
  }
  m.distance = static_cast<std::uint8_t>(c.args.Number("distance"));
  std::vector<StaticMroute>& mroutes = c.cfg.static_mroutes;
  const auto same = [&](const StaticMroute& o) {
    return o.source == m.source &&
           (c.args.negated() && !c.args.Has("rpf")
                ? true
                : SameTarget(o.interface, o.rpf_neighbor, m.interface, m.rpf_neighbor));
  };
  if (c.args.negated()) {
    std::erase_if(mroutes, same);
    return {};
  }
  const auto it = std::find_if(mroutes.begin(), mroutes.end(), same);
  if (it != mroutes.end()) {
    it->distance = m.distance;
  } else {
    mroutes.push_back(m);
  }
  return {};
}

Outcome RouterOspf(Call& c) {
  const std::uint32_t pid = c.args.Number("process");
  if (c.args.negated()) {
    c.cfg.ospf.erase(pid);
    return {};
  }
  c.cfg.ospf.try_emplace(pid);
  c.opened = ModeContext{.mode = Mode::kRouterOspf, .number = pid};
  return {};
}

OspfProcess& CurrentProcess(Call& c) { return c.cfg.ospf[c.ctx.number]; }

Outcome Network(Call& c) {
  const OspfNetwork n{.address = c.args.Ip("address").value_or(Ipv4{}),
                      .wildcard = c.args.Ip("wildcard").value_or(Ipv4{}),
                      .area = c.args.Number("area")};
  std::vector<OspfNetwork>& nets = CurrentProcess(c).networks;
  const auto it = std::find_if(nets.begin(), nets.end(), [&](const OspfNetwork& o) {
    return o.address == n.address && o.wildcard == n.wildcard;
  });
  if (c.args.negated()) {
    if (it != nets.end()) {
      nets.erase(it);
    }
  } else if (it != nets.end()) {
    it->area = n.area;
  } else {
    nets.push_back(n);
  }
  return {};
}

Outcome RouterId(Call& c) {
  CurrentProcess(c).router_id = c.args.negated() ? std::nullopt : c.args.Ip("id");
  return {};
}

Outcome PassiveDefault(Call& c) {
  OspfProcess& p = CurrentProcess(c);
  p.passive_default = !c.args.negated();
  p.passive_interfaces.clear();
  p.non_passive_interfaces.clear();
  return {};
}

// Adds or removes `name` in `list`, matching any spelling of the name.
void SetListed(std::vector<std::string>& list, const std::string& name, bool listed) {
  std::erase_if(list, [&](const std::string& n) { return SameInterface(n, name); });
  if (listed) {
    list.push_back(name);
  }
}

Outcome PassiveInterface(Call& c) {
  OspfProcess& p = CurrentProcess(c);
  const std::string name = c.args.Text("name");
  if (p.passive_default) {
    SetListed(p.non_passive_interfaces, name, c.args.negated());
  } else {
    SetListed(p.passive_interfaces, name, !c.args.negated());
  }
  return {};
}

Outcome IpOspfArea(Call& c) {
  InterfaceConfig& i = CurrentInterface(c);
  if (c.args.negated()) {
    i.ospf.reset();
    return {};
  }
  i.ospf = OspfInterfaceArea{.process = c.args.Number("process"), .area = c.args.Number("area")};
  c.cfg.ospf.try_emplace(i.ospf->process);
  return {};
}

Outcome IpOspfCost(Call& c) {
  CurrentInterface(c).ospf_cost =
      c.args.negated() ? std::nullopt : std::optional<std::uint32_t>(c.args.Number("cost"));
  return {};
}

constexpr CommandRow kRows[] = {
    {Mode::kGlobal,
     "ip route <prefix:ipv4> <mask:mask> <target:nh> [<gateway:ipv4>] [<distance:1-255>]", IpRoute,
     "mask"},
    {Mode::kGlobal, "ip mroute <source:ipv4> <mask:mask> <rpf:nh> [<distance:0-255>]", IpMroute,
     "mask"},
    {Mode::kGlobal, "router ospf <process:1-65535>", RouterOspf, "process"},
    {Mode::kRouterOspf, "network <address:ipv4> <wildcard:wildcard> area <area:area>", Network,
     "wildcard"},
    {Mode::kRouterOspf, "router-id <id:ipv4>", RouterId},
    {Mode::kRouterOspf, "passive-interface default", PassiveDefault},
    {Mode::kRouterOspf, "passive-interface <name:if>", PassiveInterface, "name"},
    {Mode::kInterface, "ip ospf <process:1-65535> area <area:area>", IpOspfArea},
    {Mode::kInterface, "ip ospf cost <cost:1-65535>", IpOspfCost},
};

}  // namespace

std::span<const CommandRow> RoutingCommands() { return kRows; }

}  // namespace mc::config
