// `show vrrp` and `show vrrp brief` in the Cisco IOS layouts ("GigabitEthernet0/0 - Group 1",
// "State is Master", "Master Down interval is 3.609 sec", and the brief table "Interface Grp
// Pri Time Own Pre State Master addr Group addr", Time being the Master Down interval in ms),
// plus the same data as JSON for `| json`. Rendered from the VRRP engine's snapshot
// (vrrp/snapshot.h, header-only) and the interface names as the lab wrote them.
// mcast additions: a line naming the advertisement destination when `vrrp N multicast-group`
// moved it off 224.0.0.18. Version-3 groups use the same classic layout (IOS-XE's v3 block
// differs in details; LAB-FORMAT.md §3 asks for "State is Master|Backup|Init"); JSON has the
// version.
// mcast addition: after an interface's groups, one "IF VRRP packet drops: reason N, ..." line
// when adverts were dropped before a group was identified; JSON "interfaces" has those counters.
// Left out: `show vrrp interface IF`, `show vrrp statistics` (the JSON carries every counter).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/time.h"
#include "base/types.h"
#include "vrrp/snapshot.h"

namespace mc::show {

struct VrrpIfName {
  IfIndex ifindex;
  std::string name;  // as the lab wrote it
};

// Groups in the order of `names`, then by VRID. `brief` selects the one-line-per-group table.
std::string RenderVrrp(const vrrp::VrrpSnapshot& snap, const std::vector<VrrpIfName>& names,
                       Time now, bool brief);
nlohmann::json VrrpJson(const vrrp::VrrpSnapshot& snap, const std::vector<VrrpIfName>& names,
                        Time now);

}  // namespace mc::show
