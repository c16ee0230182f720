// Typed DeviceConfig (config/pim_config.h and the ACLs, static mroutes and interfaces it names)
// -> the PIM engine's settings, so a host only maps interface names to its indexes:
//   engine.Configure(now, GlobalSettingsFrom(cfg, ifindex_of), out);
//   engine.SetInterface(now, ifx, address, up, InterfaceSettingsFrom(cfg.interfaces[k]), out);
// ACL names are resolved here (an undefined ACL denies everything, as on IOS); a static mroute
// given by RPF neighbor takes the interface whose subnet holds that neighbor.
// Leaves out: `ip mroute` distances (a static mroute always wins, see rpf.h).
#pragma once

#include <functional>
#include <string_view>

#include "config/device_config.h"
#include "pim/pim_engine.h"

namespace mc::pim {

// The host's interface index for a configured interface name; IfIndex{} when unknown.
using IfIndexOf = std::function<IfIndex(std::string_view name)>;

PimGlobalSettings GlobalSettingsFrom(const config::DeviceConfig& cfg, const IfIndexOf& ifindex_of);
PimInterfaceSettings InterfaceSettingsFrom(const config::InterfaceConfig& i);

}  // namespace mc::pim
