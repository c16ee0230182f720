// IGMP interface commands (IOS) and `ip pim sparse-mode|dense-mode|sparse-dense-mode`, which on
// IOS also turn IGMP on for the interface (LAB-FORMAT.md §3):
//   ip igmp version 1|2|3, query-interval 1-18000, query-max-response-time 1-25,
//   query-timeout 60-300, robustness 1-7, last-member-query-count 1-7,
//   last-member-query-interval 100-25500 (ms), join-group G [source S], static-group G
//   [source S], access-group ACL, limit N, max-groups N, max-groups action deny|replace,
//   immediate-leave [group-list ACL], filter N.
// Ranges are those of the Cisco IOS IP Multicast Command Reference. Every command's `no` form
// restores the IOS default; `no ip igmp join-group G` removes that one group.
// Left out: `ip igmp limit N except ACL`, `ip igmp query-max-response-time` in tenths, SSM
// mapping, `ip igmp helper-address`, `ip igmp mroute-proxy` (not in the seeds).
#include <fmt/format.h>

#include <algorithm>

#include "config/commands.h"

namespace mc::config {
namespace {

using internal::CurrentInterface;
using internal::InvalidArgument;
using Outcome = Status<std::string>;

// Three keyword rows rather than one argument so `ip pim sparse` is ambiguous, as on IOS.
Outcome SetPimMode(Call& c, PimMode mode) {
  InterfaceConfig& i = CurrentInterface(c);
  if (c.args.negated()) {
    // `no ip pim sparse-mode` on a dense-mode interface changes nothing, as on IOS.
    if (i.pim_mode == mode) {
      i.pim_mode.reset();
    }
    return {};
  }
  i.pim_mode = mode;
  return {};
}
Outcome PimSparse(Call& c) { return SetPimMode(c, PimMode::kSparse); }
Outcome PimDense(Call& c) { return SetPimMode(c, PimMode::kDense); }
Outcome PimSparseDense(Call& c) { return SetPimMode(c, PimMode::kSparseDense); }

Outcome Version(Call& c) {
  IgmpInterfaceConfig& g = CurrentInterface(c).igmp;
  g.version =
      c.args.negated()
          ? std::nullopt
          : std::optional<std::uint8_t>(static_cast<std::uint8_t>(c.args.Number("version")));
  return {};
}

Outcome QueryInterval(Call& c) {
  CurrentInterface(c).igmp.query_interval_s =
      c.args.negated() ? IgmpInterfaceConfig{}.query_interval_s : c.args.Number("seconds");
  return {};
}

Outcome QueryMaxResponseTime(Call& c) {
  CurrentInterface(c).igmp.query_max_response_time_s =
      c.args.negated() ? IgmpInterfaceConfig{}.query_max_response_time_s : c.args.Number("seconds");
  return {};
}

Outcome QueryTimeout(Call& c) {
  CurrentInterface(c).igmp.querier_timeout_s =
      c.args.negated() ? std::nullopt : std::optional<std::uint32_t>(c.args.Number("seconds"));
  return {};
}

Outcome Robustness(Call& c) {
  CurrentInterface(c).igmp.robustness = c.args.negated()
                                            ? IgmpInterfaceConfig{}.robustness
                                            : static_cast<std::uint8_t>(c.args.Number("count"));
  return {};
}

Outcome LastMemberQueryCount(Call& c) {
  CurrentInterface(c).igmp.last_member_query_count =
      c.args.negated() ? IgmpInterfaceConfig{}.last_member_query_count
                       : static_cast<std::uint8_t>(c.args.Number("count"));
  return {};
}

Outcome LastMemberQueryInterval(Call& c) {
  CurrentInterface(c).igmp.last_member_query_interval_ms =
      c.args.negated() ? IgmpInterfaceConfig{}.last_member_query_interval_ms : c.args.Number("ms");
  return {};
}

// join-group and static-group share the shape: G must be a multicast address.
Outcome EditGroupList(Call& c, std::vector<IgmpGroupSpec>& list) {
  const std::optional<Ipv4> group = c.args.Ip("group");
  if (!group) {
    if (c.args.negated()) {
      list.clear();  // `no ip igmp join-group` alone removes every group
      return {};
    }
    return InvalidArgument(c.args.Text("group"), "expected a group address");
  }
  if (!group->IsMulticast()) {
    return InvalidArgument(group->ToString(), "not a multicast group address (224.0.0.0/4)");
  }
  IgmpGroupSpec spec{*group, c.args.Ip("src")};
  std::erase(list, spec);
  if (!c.args.negated()) {
    list.push_back(spec);
  }
  return {};
}

Outcome JoinGroup(Call& c) { return EditGroupList(c, CurrentInterface(c).igmp.join_groups); }
Outcome StaticGroup(Call& c) { return EditGroupList(c, CurrentInterface(c).igmp.static_groups); }

Outcome AccessGroup(Call& c) {
  CurrentInterface(c).igmp.access_group = c.args.negated() ? "" : c.args.Text("acl");
  return {};
}

Outcome Limit(Call& c) {
  CurrentInterface(c).igmp.limit =
      c.args.negated() ? std::nullopt : std::optional<std::uint32_t>(c.args.Number("count"));
  return {};
}

Outcome LimitAction(Call& c) {
  CurrentInterface(c).igmp.limit_action = !c.args.negated() && c.args.Text("action") == "replace"
                                              ? IgmpLimitAction::kReplace
                                              : IgmpLimitAction::kDeny;
  return {};
}

Outcome ImmediateLeave(Call& c) {
  IgmpInterfaceConfig& g = CurrentInterface(c).igmp;
  g.immediate_leave = !c.args.negated();
  g.immediate_leave_acl = c.args.negated() ? "" : c.args.Text("acl");
  return {};
}

Outcome Filter(Call& c) {
  CurrentInterface(c).igmp.filter_profile =
      c.args.negated() ? "" : std::to_string(c.args.Number("profile"));
  return {};
}

constexpr CommandRow kRows[] = {
    {Mode::kInterface, "ip pim sparse-mode", PimSparse},
    {Mode::kInterface, "ip pim dense-mode", PimDense},
    {Mode::kInterface, "ip pim sparse-dense-mode", PimSparseDense},
    {Mode::kInterface, "ip igmp version <version:1-3>", Version},
    {Mode::kInterface, "ip igmp query-interval <seconds:1-18000>", QueryInterval},
    {Mode::kInterface, "ip igmp query-max-response-time <seconds:1-25>", QueryMaxResponseTime},
    {Mode::kInterface, "ip igmp query-timeout <seconds:60-300>", QueryTimeout},
    {Mode::kInterface, "ip igmp robustness <count:1-7>", Robustness},
    {Mode::kInterface, "ip igmp last-member-query-count <count:1-7>", LastMemberQueryCount},
    {Mode::kInterface, "ip igmp last-member-query-interval <ms:100-25500>",
     LastMemberQueryInterval},
    {Mode::kInterface, "ip igmp join-group <group:ipv4> [source <src:ipv4>]", JoinGroup},
    {Mode::kInterface, "ip igmp static-group <group:ipv4> [source <src:ipv4>]", StaticGroup},
    {Mode::kInterface, "ip igmp access-group <acl:word>", AccessGroup},
    {Mode::kInterface, "ip igmp limit <count:1-64000>", Limit},
    {Mode::kInterface, "ip igmp max-groups action <action:deny|replace>", LimitAction},
    {Mode::kInterface, "ip igmp max-groups <count:1-4294967294>", Limit},
    {Mode::kInterface, "ip igmp immediate-leave [group-list <acl:word>]", ImmediateLeave},
    {Mode::kInterface, "ip igmp filter <profile:1-4294967295>", Filter},
};

}  // namespace

std::span<const CommandRow> IgmpCommands() { return kRows; }

}  // namespace mc::config
