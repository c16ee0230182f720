// VRRP commands (LAB-FORMAT.md §3 "VRRP / VIP") with Cisco IOS syntax, ranges and defaults, and
// their running-config lines (vrrp_config.h):
//   interface: vrrp N ip A [secondary], vrrp N priority 1-254 (100), vrrp N preempt [delay
//   minimum 0-3600] (on), vrrp N timers advertise [msec] T (1-255 s or 50-999 ms; 1 s),
//   vrrp N timers learn, vrrp N track OBJ [decrement 1-255] (10), vrrp N track interface IF
//   [decrement D], vrrp N version 2|3, vrrp N description TEXT, vrrp N shutdown,
//   vrrp N multicast-group G (mcast's ProxySG-style extension), vrrp N address-family ipv4;
//   address-family block (IOS-XE, after `fhrp version vrrp v3`): address A [primary|secondary],
//   priority, preempt [delay minimum S], timers advertise 10-40950 (ms), vrrpv2, track OBJ
//   [decrement D], description, shutdown, multicast-group G;
//   global: fhrp version vrrp v3, track N interface IF line-protocol.
// `no vrrp N` removes the group; every other `no` form restores the IOS default.
// Deviations: IOS-XE's `timers advertise` starts at 100 ms; RFC 5798's centisecond field allows
// 10 ms, which the failover benchmark uses, so the block accepts 10-40950. `vrrpv2` makes the
// group speak version 2 (IOS-XE sends and accepts both).
// Left out: authentication (recognised, "not supported yet"), `vrrs`, IPv6 address families, other
// track object types.
#include <fmt/format.h>

#include <algorithm>

#include "config/commands.h"
#include "config/interface_name.h"

namespace mc::config {
namespace {

using internal::CurrentInterface;
using internal::InvalidArgument;
using Outcome = Status<std::string>;

std::uint8_t GroupNumber(const Call& c) {
  return static_cast<std::uint8_t>(c.ctx.mode == Mode::kVrrpAddressFamily ? c.ctx.number
                                                                          : c.args.Number("group"));
}

// The group the command edits, created in VRID order on first use.
VrrpGroupConfig& Group(Call& c) {
  std::vector<VrrpGroupConfig>& groups = CurrentInterface(c).vrrp;
  const std::uint8_t n = GroupNumber(c);
  auto it = std::lower_bound(groups.begin(), groups.end(), n,
                             [](const VrrpGroupConfig& g, std::uint8_t v) { return g.group < v; });
  if (it == groups.end() || it->group != n) {
    it = groups.insert(it, VrrpGroupConfig{.group = n});
  }
  return *it;
}

Outcome CheckUnicast(Ipv4 a) {
  if (a.IsUnspecified() || a.IsMulticast() || a == Ipv4{0xFFFFFFFFu}) {
    return InvalidArgument(a.ToString(), "not a unicast host address");
  }
  return {};
}

Outcome RemoveGroup(Call& c) {
  if (!c.args.negated()) {
    return std::string("incomplete command: expected a VRRP group option");
  }
  std::erase_if(CurrentInterface(c).vrrp,
                [&](const VrrpGroupConfig& g) { return g.group == GroupNumber(c); });
  return {};
}

// `vrrp N ip A [secondary]` and `address A [primary|secondary]`.
Outcome EditAddress(Call& c, bool secondary) {
  VrrpGroupConfig& g = Group(c);
  const std::optional<Ipv4> a = c.args.Ip("address");
  if (c.args.negated()) {
    if (!a) {
      g.address.reset();
      g.secondary_addresses.clear();
    } else if (g.address == a) {
      g.address.reset();
    } else {
      std::erase(g.secondary_addresses, *a);
    }
    return {};
  }
  if (Outcome ok = CheckUnicast(*a); !ok) {
    return ok;
  }
  if (!secondary) {
    std::erase(g.secondary_addresses, *a);
    g.address = a;
  } else if (g.address != a && std::find(g.secondary_addresses.begin(), g.secondary_addresses.end(),
                                         *a) == g.secondary_addresses.end()) {
    g.secondary_addresses.push_back(*a);
  }
  return {};
}
Outcome Ip(Call& c) { return EditAddress(c, c.args.Has("secondary")); }
Outcome Address(Call& c) { return EditAddress(c, c.args.Text("kind") == "secondary"); }

Outcome Priority(Call& c) {
  Group(c).priority = c.args.negated() ? kVrrpPriorityDefault
                                       : static_cast<std::uint8_t>(c.args.Number("priority"));
  return {};
}

Outcome Preempt(Call& c) {
  VrrpGroupConfig& g = Group(c);
  g.preempt = !c.args.negated();
  g.preempt_delay_s = c.args.negated() ? 0 : c.args.Number("seconds");
  return {};
}

Outcome AdvertiseSeconds(Call& c) {
  VrrpGroupConfig& g = Group(c);
  g.advertise_ms = c.args.negated() ? kVrrpAdvertiseMsDefault : c.args.Number("seconds") * 1000;
  g.advertise_msec = false;
  return {};
}

Outcome AdvertiseMsec(Call& c) {
  VrrpGroupConfig& g = Group(c);
  g.advertise_ms = c.args.negated() ? kVrrpAdvertiseMsDefault : c.args.Number("ms");
  g.advertise_msec = !c.args.negated();
  return {};
}

Outcome TimersLearn(Call& c) {
  Group(c).timers_learn = !c.args.negated();
  return {};
}

Outcome EditTrack(Call& c, VrrpTrack t) {
  std::vector<VrrpTrack>& tracks = Group(c).tracks;
  const auto same = [&](const VrrpTrack& o) {
    return o.object == t.object &&
           (t.interface.empty() ? o.interface.empty() : SameInterface(o.interface, t.interface));
  };
  const auto it = std::find_if(tracks.begin(), tracks.end(), same);
  if (c.args.negated()) {
    if (it != tracks.end()) {
      tracks.erase(it);
    }
    return {};
  }
  t.decrement = static_cast<std::uint8_t>(c.args.Has("amount") ? c.args.Number("amount") : 10);
  if (it != tracks.end()) {
    *it = t;
  } else {
    tracks.push_back(t);
  }
  return {};
}
Outcome TrackObjectRef(Call& c) {
  return EditTrack(c, VrrpTrack{.object = c.args.Number("object")});
}
Outcome TrackInterface(Call& c) {
  if (c.args.negated() && !c.args.Has("interface")) {
    Group(c).tracks.clear();  // `no vrrp N track`: every tracked object
    return {};
  }
  return EditTrack(c, VrrpTrack{.interface = c.args.Text("interface")});
}

Outcome Version(Call& c) {
  Group(c).version =
      c.args.negated()
          ? std::nullopt
          : std::optional<std::uint8_t>(static_cast<std::uint8_t>(c.args.Number("version")));
  return {};
}

Outcome Description(Call& c) {
  Group(c).description = c.args.negated() ? "" : c.args.Text("text");
  return {};
}

Outcome Shutdown(Call& c) {
  Group(c).shutdown = !c.args.negated();
  return {};
}

Outcome MulticastGroup(Call& c) {
  VrrpGroupConfig& g = Group(c);
  if (c.args.negated()) {
    g.multicast_group.reset();
    return {};
  }
  const Ipv4 a = c.args.Ip("address").value_or(Ipv4{});
  // 224.0.0.x is never constrained by snooping, so it would defeat the purpose; IOS-style
  // limited scope is the point of the option.
  if (!a.IsMulticast() || (a.value() & 0xFFFFFF00u) == 0xE0000000u) {
    return InvalidArgument(a.ToString(), "not a multicast group outside 224.0.0.0/24");
  }
  g.multicast_group = a;
  return {};
}

Outcome AddressFamily(Call& c) {
  if (c.args.negated()) {
    return RemoveGroup(c);
  }
  if (!c.cfg.vrrp.fhrp_v3) {
    return InvalidArgument("address-family", "configure fhrp version vrrp v3 first");
  }
  VrrpGroupConfig& g = Group(c);
  g.address_family = true;
  c.opened = ModeContext{
      .mode = Mode::kVrrpAddressFamily, .name = CurrentInterface(c).name, .number = g.group};
  return {};
}

Outcome AfAdvertise(Call& c) {
  VrrpGroupConfig& g = Group(c);
  g.advertise_ms = c.args.negated() ? kVrrpAdvertiseMsDefault : c.args.Number("ms");
  g.advertise_msec = false;
  return {};
}

Outcome AfVrrpv2(Call& c) {
  Group(c).vrrpv2 = !c.args.negated();
  return {};
}

Outcome FhrpVersion(Call& c) {
  c.cfg.vrrp.fhrp_v3 = !c.args.negated();
  return {};
}

Outcome TrackHeader(Call& c) {
  const std::uint32_t n = c.args.Number("object");
  if (c.args.negated()) {
    c.cfg.vrrp.tracks.erase(n);
    return {};
  }
  c.cfg.vrrp.tracks[n] = TrackObject{c.args.Text("interface")};
  return {};
}

constexpr CommandRow kRows[] = {
    {Mode::kGlobal, "fhrp version vrrp v3", FhrpVersion},
    {Mode::kGlobal, "track <object:1-1000> interface <interface:if> line-protocol", TrackHeader},
    // First, so that `no vrrp N` is not read as a shortened `no vrrp N ip`.
    {Mode::kInterface, "vrrp <group:1-255>", RemoveGroup},
    {Mode::kInterface, "vrrp <group:1-255> ip <address:ipv4> [secondary]", Ip},
    {Mode::kInterface, "vrrp <group:1-255> priority <priority:1-254>", Priority},
    {Mode::kInterface, "vrrp <group:1-255> preempt [delay minimum <seconds:0-3600>]", Preempt},
    {Mode::kInterface, "vrrp <group:1-255> timers advertise msec <ms:50-999>", AdvertiseMsec},
    {Mode::kInterface, "vrrp <group:1-255> timers advertise <seconds:1-255>", AdvertiseSeconds},
    {Mode::kInterface, "vrrp <group:1-255> timers learn", TimersLearn},
    {Mode::kInterface,
     "vrrp <group:1-255> track interface <interface:if> [decrement <amount:1-255>]",
     TrackInterface},
    {Mode::kInterface, "vrrp <group:1-255> track <object:1-1000> [decrement <amount:1-255>]",
     TrackObjectRef},
    {Mode::kInterface, "vrrp <group:1-255> version <version:2-3>", Version},
    {Mode::kInterface, "vrrp <group:1-255> description <text:text>", Description},
    {Mode::kInterface, "vrrp <group:1-255> shutdown", Shutdown},
    {Mode::kInterface, "vrrp <group:1-255> multicast-group <address:ipv4>", MulticastGroup},
    {Mode::kInterface, "vrrp <group:1-255> address-family ipv4", AddressFamily},
    // RFC 3768 removed authentication; IOS still takes it. Recognised, refused clearly.
    {Mode::kInterface, "vrrp <group:1-255> authentication ...", nullptr},
    {Mode::kVrrpAddressFamily, "address <address:ipv4> [<kind:primary|secondary>]", Address},
    {Mode::kVrrpAddressFamily, "priority <priority:1-254>", Priority},
    {Mode::kVrrpAddressFamily, "preempt [delay minimum <seconds:0-3600>]", Preempt},
    {Mode::kVrrpAddressFamily, "timers advertise <ms:10-40950>", AfAdvertise},
    {Mode::kVrrpAddressFamily, "vrrpv2", AfVrrpv2},
    {Mode::kVrrpAddressFamily, "track <object:1-1000> [decrement <amount:1-255>]", TrackObjectRef},
    {Mode::kVrrpAddressFamily, "description <text:text>", Description},
    {Mode::kVrrpAddressFamily, "shutdown", Shutdown},
    {Mode::kVrrpAddressFamily, "multicast-group <address:ipv4>", MulticastGroup},
};

// The option lines of one group, without the `vrrp N ` prefix of the classic form.
std::vector<std::string> OptionLines(const VrrpGroupConfig& g) {
  std::vector<std::string> out;
  const auto add = [&](std::string line) { out.push_back(std::move(line)); };
  if (!g.description.empty()) {
    add(fmt::format("description {}", g.description));
  }
  if (g.address_family) {
    if (g.address) {
      add(fmt::format("address {} primary", *g.address));
    }
    for (const Ipv4 a : g.secondary_addresses) {
      add(fmt::format("address {} secondary", a));
    }
  } else {
    if (g.address) {
      add(fmt::format("ip {}", *g.address));
    }
    for (const Ipv4 a : g.secondary_addresses) {
      add(fmt::format("ip {} secondary", a));
    }
  }
  if (g.advertise_ms != kVrrpAdvertiseMsDefault) {
    add(g.address_family   ? fmt::format("timers advertise {}", g.advertise_ms)
        : g.advertise_msec ? fmt::format("timers advertise msec {}", g.advertise_ms)
                           : fmt::format("timers advertise {}", g.advertise_ms / 1000));
  }
  if (g.timers_learn) {
    add("timers learn");
  }
  if (g.priority != kVrrpPriorityDefault) {
    add(fmt::format("priority {}", g.priority));
  }
  if (!g.preempt) {
    add("no preempt");
  } else if (g.preempt_delay_s != 0) {
    add(fmt::format("preempt delay minimum {}", g.preempt_delay_s));
  }
  for (const VrrpTrack& t : g.tracks) {
    add(t.interface.empty()
            ? fmt::format("track {} decrement {}", t.object, t.decrement)
            : fmt::format("track interface {} decrement {}", t.interface, t.decrement));
  }
  if (g.vrrpv2) {
    add("vrrpv2");
  }
  if (g.version) {
    add(fmt::format("version {}", *g.version));
  }
  if (g.multicast_group) {
    add(fmt::format("multicast-group {}", *g.multicast_group));
  }
  if (g.shutdown) {
    add("shutdown");
  }
  return out;
}

}  // namespace

std::span<const CommandRow> VrrpCommands() { return kRows; }

void AppendVrrpInterfaceLines(const std::vector<VrrpGroupConfig>& groups,
                              std::vector<std::string>& lines) {
  for (const VrrpGroupConfig& g : groups) {
    std::vector<std::string> options = OptionLines(g);
    if (g.address_family) {
      lines.push_back(fmt::format(" vrrp {} address-family ipv4", g.group));
      for (const std::string& o : options) {
        lines.push_back("  " + o);
      }
      continue;
    }
    if (options.empty()) {
      options.push_back(fmt::format("priority {}", g.priority));  // keeps a bare group alive
    }
    for (const std::string& o : options) {
      // The classic `no` form puts `no` first: `no vrrp 1 preempt`.
      lines.push_back(o.starts_with("no ") ? fmt::format(" no vrrp {} {}", g.group, o.substr(3))
                                           : fmt::format(" vrrp {} {}", g.group, o));
    }
  }
}

std::vector<std::string> VrrpGlobalLines(const VrrpGlobalConfig& global) {
  std::vector<std::string> out;
  if (global.fhrp_v3) {
    out.push_back("fhrp version vrrp v3");
  }
  for (const auto& [n, t] : global.tracks) {
    out.push_back(fmt::format("track {} interface {} line-protocol", n, t.interface));
  }
  return out;
}

}  // namespace mc::config
