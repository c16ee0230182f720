// System and addressing commands: hostname, `[no] ip routing`, `ip default-gateway`,
// `interface X` with `description`, `ip address A M [secondary]`, `shutdown`; `ip vrf NAME` with
// `rd`, interface `ip vrf forwarding NAME`; `ip multicast-routing [vrf NAME]`.
// IOS semantics kept: secondaries need a primary and go before it is removed; an address needs a
// routed port (`no switchport` on a switch); `ip vrf forwarding` needs the VRF defined.
// Deliberate deviation: IOS drops an interface's address when `ip vrf forwarding` follows
// `ip address` (seed 000 writes them in that order); here the address stays, since a lab author
// plainly means it to be in the VRF.
#include <fmt/format.h>

#include <algorithm>

#include "config/commands.h"
#include "config/interface_name.h"

namespace mc::config {
namespace internal {

InterfaceConfig& CurrentInterface(Call& c) { return c.cfg.GetOrAddInterface(c.ctx.name); }

std::string InvalidArgument(std::string_view token, std::string_view why) {
  return fmt::format("invalid argument \"{}\": {}", token, why);
}

}  // namespace internal

namespace {

using internal::CurrentInterface;
using internal::InvalidArgument;
using Outcome = Status<std::string>;

Outcome Hostname(Call& c) {
  c.cfg.hostname = c.args.negated() ? "" : c.args.Text("name");
  return {};
}

Outcome IpRouting(Call& c) {
  c.cfg.ip_routing = !c.args.negated();
  return {};
}

Outcome DefaultGateway(Call& c) {
  c.cfg.default_gateway = c.args.negated() ? std::nullopt : c.args.Ip("gateway");
  return {};
}

Outcome InterfaceHeader(Call& c) {
  const std::string name = c.args.Text("name");
  if (c.args.negated()) {
    std::erase_if(c.cfg.interfaces,
                  [&](const InterfaceConfig& i) { return SameInterface(i.name, name); });
    return {};
  }
  c.opened = ModeContext{.mode = Mode::kInterface, .name = c.cfg.GetOrAddInterface(name).name};
  return {};
}

Outcome Description(Call& c) {
  CurrentInterface(c).description = c.args.negated() ? "" : c.args.Text("text");
  return {};
}

Outcome Shutdown(Call& c) {
  CurrentInterface(c).shutdown = !c.args.negated();
  return {};
}

// `no ip address [A M] [secondary]`: all addresses, or the one named.
Outcome RemoveAddress(InterfaceConfig& i, const Args& a) {
  const std::optional<Ipv4> addr = a.Ip("address");
  if (!addr) {
    i.address.reset();
    i.secondary_addresses.clear();
    return {};
  }
  if (a.Has("secondary")) {
    std::erase_if(i.secondary_addresses,
                  [&](const InterfaceAddress& s) { return s.address == *addr; });
    return {};
  }
  if (i.address && i.address->address == *addr) {
    if (!i.secondary_addresses.empty()) {
      return InvalidArgument(addr->ToString(), "remove the secondary addresses first");
    }
    i.address.reset();
  }
  return {};
}

// IOS rejects the subnet and broadcast addresses of subnets with room for hosts.
bool IsHostAddress(Ipv4 addr, Ipv4 mask) {
  const std::uint32_t host = addr.value() & ~mask.value();
  const std::uint8_t len = Prefix::FromMask(addr, mask).value_or(Prefix{}).length();
  return len >= 31 || (host != 0 && host != ~mask.value());
}

Outcome IpAddress(Call& c) {
  InterfaceConfig& i = CurrentInterface(c);
  if (c.args.negated()) {
    return RemoveAddress(i, c.args);
  }
  const InterfaceAddress a{c.args.Ip("address").value_or(Ipv4{}),
                           c.args.Ip("mask").value_or(Ipv4{})};
  if (i.switchport) {
    return std::string(
        "IP addresses may not be configured on L2 links (configure no switchport first)");
  }
  if (!IsHostAddress(a.address, a.mask)) {
    return InvalidArgument(a.address.ToString(),
                           fmt::format("bad mask /{} for this address", a.Subnet().length()));
  }
  if (!c.args.Has("secondary")) {
    i.address = a;
    return {};
  }
  if (!i.address) {
    return InvalidArgument("secondary", "no primary address configured");
  }
  if (std::find(i.secondary_addresses.begin(), i.secondary_addresses.end(), a) ==
          i.secondary_addresses.end() &&
      a != *i.address) {
    i.secondary_addresses.push_back(a);
  }
  return {};
}

Outcome VrfHeader(Call& c) {
  const std::string name = c.args.Text("name");
  if (c.args.negated()) {
    c.cfg.vrfs.erase(name);
    c.cfg.multicast_routing_vrfs.erase(name);
    for (InterfaceConfig& i : c.cfg.interfaces) {
      if (i.vrf == name) {
        i.vrf.clear();
      }
    }
    return {};
  }
  c.cfg.vrfs.try_emplace(name);
  c.opened = ModeContext{.mode = Mode::kVrf, .name = name};
  return {};
}

Outcome Rd(Call& c) {
  c.cfg.vrfs[c.ctx.name].rd = c.args.negated() ? "" : c.args.Text("rd");
  return {};
}

Outcome VrfForwarding(Call& c) {
  const std::string name = c.args.Text("name");
  if (!c.args.negated() && !c.cfg.vrfs.contains(name)) {
    return InvalidArgument(name, "VRF not configured");
  }
  CurrentInterface(c).vrf = c.args.negated() ? "" : name;
  return {};
}

Outcome MulticastRouting(Call& c) {
  if (!c.args.Has("vrf")) {
    c.cfg.multicast_routing = !c.args.negated();
    return {};
  }
  const std::string vrf = c.args.Text("name");
  if (c.args.negated()) {
    c.cfg.multicast_routing_vrfs.erase(vrf);
    return {};
  }
  if (!c.cfg.vrfs.contains(vrf)) {
    return InvalidArgument(vrf, "VRF not configured");
  }
  c.cfg.multicast_routing_vrfs.insert(vrf);
  return {};
}

constexpr CommandRow kRows[] = {
    {Mode::kGlobal, "hostname <name:word>", Hostname},
    {Mode::kGlobal, "ip routing", IpRouting},
    {Mode::kGlobal, "ip default-gateway <gateway:ipv4>", DefaultGateway},
    {Mode::kGlobal, "interface <name:if>", InterfaceHeader, "name"},
    {Mode::kGlobal, "ip vrf <name:word>", VrfHeader, "name"},
    {Mode::kGlobal, "ip multicast-routing [vrf <name:word>] [distributed]", MulticastRouting},
    {Mode::kInterface, "description <text:text>", Description},
    {Mode::kInterface, "ip address <address:ipv4> <mask:mask> [secondary]", IpAddress},
    {Mode::kInterface, "shutdown", Shutdown},
    {Mode::kInterface, "ip vrf forwarding <name:word>", VrfForwarding},
    {Mode::kVrf, "rd <rd:rd>", Rd},
};

}  // namespace

std::span<const CommandRow> SystemCommands() { return kRows; }

}  // namespace mc::config
