// Router composition, the engine-agnostic part (DESIGN.md "Engine contract": a device's engines
// built from its typed config): how a DeviceConfig becomes the settings of the IGMP router, PIM
// and VRRP engines. The emulator (sim/emu/device_*.cc) and mcastd (apps/mcastd) both call these,
// so a lab router and a Linux router read the same config the same way; each host supplies only
// what it knows (interface lookups by name, the route toward an address).
// IOS semantics kept here: a missing ACL permits everything, IGMP runs where PIM is configured,
// dense-mode interfaces are not PIM-SM interfaces, equal RPF routes tie toward the highest next
// hop.
// Left out: anything that needs host state beyond the lookups below (DR state, links).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/ipv4.h"
#include "base/types.h"
#include "config/device_config.h"
#include "engine/input.h"
#include "igmp/igmp_router.h"
#include "pim/pim_engine.h"
#include "vrrp/vrrp_engine.h"

namespace mc::router {

// The ACL `name` names; IOS: a reference to an ACL that does not exist permits everything, and
// no name is no ACL.
std::optional<config::AccessList> FindAcl(const config::DeviceConfig& c, const std::string& name);

// The IGMP router side of an interface (IOS turns IGMP on with `ip pim <mode>`). is_dr is left
// true; the host sets it from the PIM DR.
igmp::RouterIfConfig IgmpRouterIfConfig(const config::DeviceConfig& dc,
                                        const config::InterfaceConfig& c);

// A router with `ip multicast-routing`, `ip routing` and PIM-SM/SSM on an interface runs PIM.
bool PimWanted(const config::DeviceConfig& dc);
// PIM-SM on this interface (sparse or sparse-dense mode; dense mode is not PIM-SM).
bool PimSparseOn(const config::InterfaceConfig& c);
pim::PimInterfaceSettings PimInterfaceSettingsOf(const config::InterfaceConfig& c);

// What the host resolves for the PIM settings.
struct InterfaceLookup {
  // An interface by config name (any IOS spelling).
  std::function<std::optional<IfIndex>(std::string_view)> find;
  // Its primary address, if any.
  std::function<std::optional<Ipv4>(IfIndex)> address;
  // The interface of the route toward an address (static mroutes by RPF neighbor).
  std::function<std::optional<IfIndex>(Ipv4)> route_iif;
};
pim::PimGlobalSettings PimGlobalSettingsOf(const config::DeviceConfig& dc,
                                           const InterfaceLookup& lookup);

// A VRRP group's parameters with its tracked objects resolved through `find`.
vrrp::GroupParams VrrpGroupParams(
    const config::DeviceConfig& dc, const config::VrrpGroupConfig& g,
    const std::function<std::optional<IfIndex>(std::string_view)>& find);

// RPF preference among routes to one prefix: administrative distance, metric, then the highest
// next hop (IOS breaks equal-cost RPF ties toward the highest neighbor address).
bool BetterRoute(const engine::RouteEvent& a, const engine::RouteEvent& b);

}  // namespace mc::router
