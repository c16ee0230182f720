// IGMP snooping show commands in the Catalyst IOS layouts, rendered from the snooping engine's
// snapshot (snoop/snapshot.h, plain data), each with JSON for `| json`:
//   show ip igmp snooping [vlan N]          global settings, then one block per VLAN
//   show ip igmp snooping groups [vlan N]   IP groups with type, version and port list
//   show ip igmp snooping mrouter [vlan N]  router ports, "(static)" / "(dynamic)"
//   show ip igmp snooping querier           the querier of each VLAN ("Switch" when it is us)
//   show mac address-table multicast [vlan N]  the MAC-keyed entries, type IGMP or USER
//   show igmp mode                          the CatOS address-aliasing state of seed 004
// Left out: `show ip igmp snooping groups count`, `detail` forms, MVR.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "snoop/snapshot.h"

namespace mc::show {

std::string RenderSnooping(const snoop::SnoopSnapshot& s, std::optional<std::uint16_t> vlan);
nlohmann::json SnoopingJson(const snoop::SnoopSnapshot& s, std::optional<std::uint16_t> vlan);

std::string RenderSnoopingGroups(const snoop::SnoopSnapshot& s, std::optional<std::uint16_t> vlan);
nlohmann::json SnoopingGroupsJson(const snoop::SnoopSnapshot& s, std::optional<std::uint16_t> vlan,
                                  Time now);

std::string RenderSnoopingMrouter(const snoop::SnoopSnapshot& s, std::optional<std::uint16_t> vlan);
nlohmann::json SnoopingMrouterJson(const snoop::SnoopSnapshot& s, std::optional<std::uint16_t> vlan,
                                   Time now);

std::string RenderSnoopingQuerier(const snoop::SnoopSnapshot& s);
nlohmann::json SnoopingQuerierJson(const snoop::SnoopSnapshot& s);

std::string RenderMacAddressTableMulticast(const snoop::SnoopSnapshot& s,
                                           std::optional<std::uint16_t> vlan);
nlohmann::json MacAddressTableMulticastJson(const snoop::SnoopSnapshot& s,
                                            std::optional<std::uint16_t> vlan);

std::string RenderIgmpMode(const snoop::SnoopSnapshot& s, Time now);
nlohmann::json IgmpModeJson(const snoop::SnoopSnapshot& s, Time now);

}  // namespace mc::show
