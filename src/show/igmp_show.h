// `show ip igmp groups [G] [detail]`, `show ip igmp interface [IF]` and `show ip igmp
// membership` in the Cisco IOS
// layouts the seeds show (seed 003's interface block, seed 004's group table), plus the same
// data as JSON for `| json`. Rendered from the IGMP router engine's snapshot (igmp/snapshot.h)
// and a view of the device's interfaces (names as the lab wrote them, line state).
// Left out: `show ip igmp groups summary`, per-VRF forms.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/time.h"
#include "base/types.h"
#include "igmp/snapshot.h"

namespace mc::show {

struct IgmpIfView {
  IfIndex ifindex;
  std::string name;  // as the lab wrote it
  bool admin_up = true;
  bool line_up = true;
  std::optional<Ipv4> address;
  std::uint8_t prefix_len = 0;
  bool multicast_routing = false;  // `ip multicast-routing` and IGMP on the interface
  std::vector<Ipv4> joined;        // `ip igmp join-group` groups of this interface
  // The PIM DR of the LAN when PIM runs on the interface; without PIM the IGMP router itself
  // forwards for its LANs and is shown as the DR.
  std::optional<Ipv4> dr;
};

// IOS timer text: hh:mm:ss under a day, then 1d02h, then 1w2d.
std::string FormatUptime(Duration d);

std::string RenderIgmpGroups(const igmp::RouterSnapshot& snap, const std::vector<IgmpIfView>& views,
                             Time now, std::optional<Ipv4> group, bool detail);
nlohmann::json IgmpGroupsJson(const igmp::RouterSnapshot& snap,
                              const std::vector<IgmpIfView>& views, Time now,
                              std::optional<Ipv4> group);

// `show ip igmp membership`: one line per (*,G) and (S,G) channel with its reporter, uptime,
// expiry, IOS flags (A aggregate, L local, S static, R reported through v3, Ex excluded, and
// the version reported) and interface.
std::string RenderIgmpMembership(const igmp::RouterSnapshot& snap,
                                 const std::vector<IgmpIfView>& views, Time now);
nlohmann::json IgmpMembershipJson(const igmp::RouterSnapshot& snap,
                                  const std::vector<IgmpIfView>& views, Time now);

// One block per view, in view order; a view without IGMP says "IGMP is disabled on interface".
std::string RenderIgmpInterfaces(const igmp::RouterSnapshot& snap,
                                 const std::vector<IgmpIfView>& views, Time now);
nlohmann::json IgmpInterfacesJson(const igmp::RouterSnapshot& snap,
                                  const std::vector<IgmpIfView>& views, Time now);

}  // namespace mc::show
