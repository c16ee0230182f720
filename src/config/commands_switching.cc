// L2 commands (IOS Catalyst): `vlan LIST` with `name`, `spanning-tree mode`,
// `spanning-tree vlan LIST priority P`, and on interfaces `[no] switchport`, `switchport mode
// access|trunk`, `switchport access vlan`, `switchport trunk allowed vlan [add|remove|except]
// LIST | all | none`, `switchport trunk native vlan`, `switchport trunk encapsulation dot1q`,
// `spanning-tree portfast`, `spanning-tree cost`.
// IOS semantics kept: bridge priorities are multiples of 4096 (802.1t extended system ID);
// `switchport` removes the port's IP addresses and `no switchport` its L2 settings.
// Left out: VLANs are not auto-created by `switchport access vlan` (the L2 engine treats every
// referenced VLAN as existing), `spanning-tree vlan N root`, MST region configuration.
#include <fmt/format.h>

#include "config/commands.h"

namespace mc::config {
namespace {

using internal::CurrentInterface;
using internal::InvalidArgument;
using Outcome = Status<std::string>;

constexpr std::uint32_t kBridgePriorityStep = 4096;

Outcome VlanHeader(Call& c) {
  const VlanSet vlans = c.args.Vlans("vlans");
  for (const std::uint16_t v : vlans.Ids()) {
    if (c.args.negated()) {
      c.cfg.vlans.erase(v);
    } else {
      c.cfg.vlans.try_emplace(v);
    }
  }
  if (!c.args.negated()) {
    c.opened = ModeContext{.mode = Mode::kVlan, .vlans = vlans};
  }
  return {};
}

Outcome VlanName(Call& c) {
  for (const std::uint16_t v : c.ctx.vlans.Ids()) {
    c.cfg.vlans[v].name = c.args.negated() ? "" : c.args.Text("name");
  }
  return {};
}

Outcome SpanningTreeMode(Call& c) {
  const std::string mode = c.args.Text("mode");
  c.cfg.stp_mode = c.args.negated() || mode == "pvst" ? StpMode::kPvst
                   : mode == "rapid-pvst"             ? StpMode::kRapidPvst
                                                      : StpMode::kMst;
  return {};
}

Outcome StpVlanPriority(Call& c) {
  const std::uint32_t priority = c.args.Number("priority");
  if (!c.args.negated() && priority % kBridgePriorityStep != 0) {
    return InvalidArgument(fmt::format("{}", priority), "expected a multiple of 4096 (0-61440)");
  }
  for (const std::uint16_t v : c.args.Vlans("vlans").Ids()) {
    if (c.args.negated()) {
      c.cfg.stp_vlan_priority.erase(v);
    } else {
      c.cfg.stp_vlan_priority[v] = priority;
    }
  }
  return {};
}

Outcome Portfast(Call& c) {
  CurrentInterface(c).stp_portfast = !c.args.negated();
  return {};
}

Outcome StpCost(Call& c) {
  CurrentInterface(c).stp_cost =
      c.args.negated() ? std::nullopt : std::optional<std::uint32_t>(c.args.Number("cost"));
  return {};
}

Outcome Switchport(Call& c) {
  InterfaceConfig& i = CurrentInterface(c);
  if (c.args.negated()) {  // a routed port keeps no L2 settings
    const InterfaceConfig defaults;
    i.switchport = false;
    i.switchport_mode = defaults.switchport_mode;
    i.access_vlan = defaults.access_vlan;
    i.trunk_allowed_vlans = defaults.trunk_allowed_vlans;
    i.trunk_native_vlan = defaults.trunk_native_vlan;
    i.trunk_encapsulation_dot1q = defaults.trunk_encapsulation_dot1q;
    i.stp_portfast = defaults.stp_portfast;
    i.stp_cost = defaults.stp_cost;
    return {};
  }
  i.switchport = true;
  i.address.reset();
  i.secondary_addresses.clear();
  return {};
}

Outcome SetSwitchportMode(Call& c) {
  InterfaceConfig& i = CurrentInterface(c);
  if (c.args.negated()) {
    i.switchport_mode.reset();
  } else {
    i.switchport_mode =
        c.args.Text("mode") == "trunk" ? SwitchportMode::kTrunk : SwitchportMode::kAccess;
  }
  return {};
}

Outcome AccessVlan(Call& c) {
  CurrentInterface(c).access_vlan =
      c.args.negated() ? std::uint16_t{1} : static_cast<std::uint16_t>(c.args.Number("vlan"));
  return {};
}

Outcome NativeVlan(Call& c) {
  CurrentInterface(c).trunk_native_vlan =
      c.args.negated() ? std::uint16_t{1} : static_cast<std::uint16_t>(c.args.Number("vlan"));
  return {};
}

Outcome TrunkEncapsulation(Call& c) {
  CurrentInterface(c).trunk_encapsulation_dot1q = !c.args.negated();
  return {};
}

// Every `no switchport trunk allowed vlan ...` form restores the default: all VLANs.
template <class Edit>
Outcome EditAllowed(Call& c, Edit edit) {
  VlanSet& allowed = CurrentInterface(c).trunk_allowed_vlans;
  if (c.args.negated()) {
    allowed = VlanSet::All();
  } else {
    edit(allowed, c.args.Vlans("vlans"));
  }
  return {};
}

Outcome AllowedSet(Call& c) {
  return EditAllowed(c, [](VlanSet& s, const VlanSet& v) { s = v; });
}
Outcome AllowedAdd(Call& c) {
  return EditAllowed(c, [](VlanSet& s, const VlanSet& v) { s.Add(v); });
}
Outcome AllowedRemove(Call& c) {
  return EditAllowed(c, [](VlanSet& s, const VlanSet& v) { s.Remove(v); });
}
Outcome AllowedExcept(Call& c) {
  return EditAllowed(c, [](VlanSet& s, const VlanSet& v) { s = v.Complement(); });
}
Outcome AllowedAll(Call& c) {
  return EditAllowed(c, [](VlanSet& s, const VlanSet&) { s = VlanSet::All(); });
}
Outcome AllowedNone(Call& c) {
  return EditAllowed(c, [](VlanSet& s, const VlanSet&) { s = VlanSet{}; });
}

constexpr CommandRow kRows[] = {
    {Mode::kGlobal, "vlan <vlans:vlans>", VlanHeader, "vlans"},
    {Mode::kVlan, "name <name:word>", VlanName},
    {Mode::kGlobal, "spanning-tree mode <mode:pvst|rapid-pvst|mst>", SpanningTreeMode},
    {Mode::kGlobal, "spanning-tree vlan <vlans:vlans> priority <priority:0-61440>", StpVlanPriority,
     "vlans"},
    {Mode::kInterface, "spanning-tree portfast", Portfast},
    {Mode::kInterface, "spanning-tree cost <cost:1-200000000>", StpCost},
    {Mode::kInterface, "switchport", Switchport},
    {Mode::kInterface, "switchport mode <mode:access|trunk>", SetSwitchportMode},
    {Mode::kInterface, "switchport access vlan <vlan:vlan>", AccessVlan},
    {Mode::kInterface, "switchport trunk native vlan <vlan:vlan>", NativeVlan},
    {Mode::kInterface, "switchport trunk encapsulation dot1q", TrunkEncapsulation},
    {Mode::kInterface, "switchport trunk allowed vlan add <vlans:vlans>", AllowedAdd},
    {Mode::kInterface, "switchport trunk allowed vlan remove <vlans:vlans>", AllowedRemove},
    {Mode::kInterface, "switchport trunk allowed vlan except <vlans:vlans>", AllowedExcept},
    {Mode::kInterface, "switchport trunk allowed vlan all", AllowedAll},
    {Mode::kInterface, "switchport trunk allowed vlan none", AllowedNone},
    {Mode::kInterface, "switchport trunk allowed vlan <vlans:vlans>", AllowedSet},
};

}  // namespace

std::span<const CommandRow> SwitchingCommands() { return kRows; }

}  // namespace mc::config
