// The `show` commands a router core answers (mcastd's control socket, `mcast replay --show`):
// show ip igmp groups|interface|membership, show ip pim neighbor|interface|traffic|rp mapping,
// show ip mroute [...] , show ip rpf A, show vrrp [brief], each with `| json`, rendered by the
// emulator's renderers (src/show) from the engines' snapshots as of `now`.
// Left out: `show mcastd` and `show debugging` (the daemon's own state, daemon_show.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "router/router_core.h"

namespace mc::mcastd {

// The words of a control command.
std::vector<std::string> ControlWords(std::string_view s);
// `w` is the command after `show`; json renders `| json`.
std::string ShowCore(const router::RouterCore& core, Time now, const std::vector<std::string>& w,
                     bool json);
// A whole command, "show ip mroute | json" or "ip mroute".
std::string ShowCore(const router::RouterCore& core, Time now, std::string_view command);

}  // namespace mc::mcastd
