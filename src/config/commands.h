// The rows of the IOS command table (command_table.h), one span per area, and small helpers the
// handlers share. Every command LAB-FORMAT.md §3 lists is a row: implemented here, or a row
// without a handler ("not supported yet") until the issue that builds its engine.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "config/command_table.h"

namespace mc::config {

std::span<const CommandRow> SystemCommands();     // hostname, ip routing, interface, VRFs, ...
std::span<const CommandRow> SwitchingCommands();  // vlan, switchport, spanning-tree
std::span<const CommandRow> RoutingCommands();    // ip route, ip mroute, OSPF
std::span<const CommandRow> AclCommands();        // standard numbered and named ACLs
std::span<const CommandRow> IgmpCommands();       // ip igmp ... and ip pim <mode> on interfaces
std::span<const CommandRow> PimCommands();        // ip pim options, RPs, SSM, SPT threshold
std::span<const CommandRow> VrrpCommands();       // vrrp N ..., fhrp, track (commands_vrrp.cc)
std::span<const CommandRow> SnoopCommands();      // ip igmp snooping, profiles, static MACs
std::span<const CommandRow> NotYetCommands();     // recognised, engines not built yet

inline std::array<std::span<const CommandRow>, 9> CommandTables() {
  return {SystemCommands(), SwitchingCommands(), RoutingCommands(), AclCommands(),   IgmpCommands(),
          PimCommands(),    VrrpCommands(),      SnoopCommands(),   NotYetCommands()};
}

namespace internal {

// The interface an interface-mode command applies to (created by its `interface` header).
InterfaceConfig& CurrentInterface(Call& c);

// `invalid argument "TOKEN": WHY`, the message shape of every argument error.
std::string InvalidArgument(std::string_view token, std::string_view why);

}  // namespace internal
}  // namespace mc::config
