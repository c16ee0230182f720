// IGMP snooping commands (Catalyst IOS, RFC 4541 switches), IGMP profiles and static MAC
// entries; the command list and defaults are in snoop_config.h. Ranges follow the Catalyst
// 2960-X/3750 command references. Every command has its `no` form:
//   no ip igmp snooping [vlan N]             snooping off (globally / in VLAN N)
//   no ip igmp snooping vlan N static G interface IF, ... mrouter interface IF: that one entry
//   no ip igmp snooping [vlan N] querier     querier off; `... querier address` clears the address
//   no ip igmp snooping tcn flood query count, ... last-member-query-interval, querier timers:
//                                            the default again
//   no ip igmp profile N, no mac address-table static MAC vlan N [interface ...]: the whole entry
// `ip igmp snooping leave-timer random` is a project command (CatOS behaviour, seed 004).
// Errors: a static group must be multicast and not 224.0.0.x; a profile range must be
// multicast with low <= high; a static MAC must parse; interface lists must name interfaces.
#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "config/commands.h"
#include "config/interface_name.h"

namespace mc::config {

bool IgmpProfile::Allows(Ipv4 group) const {
  const bool listed = std::any_of(ranges.begin(), ranges.end(), [&](const IgmpProfileRange& r) {
    return group >= r.low && group <= r.high;
  });
  return permit ? listed : !listed;
}

bool SnoopConfig::VlanEnabled(std::uint16_t vlan) const {
  if (!enabled) {
    return false;  // Catalyst: the global `no ip igmp snooping` disables every VLAN
  }
  const auto it = vlans.find(vlan);
  return it == vlans.end() || it->second.enabled.value_or(true);
}

namespace {

using internal::InvalidArgument;
using Outcome = Status<std::string>;

SnoopVlanConfig& Vlan(Call& c) {
  return c.cfg.snooping.vlans[static_cast<std::uint16_t>(c.args.Number("vlan"))];
}

// Drops the per-VLAN record again when `no` forms brought it back to all defaults, so the
// typed config of `no X` after `X` equals the config that never had `X`.
void Tidy(Call& c) {
  const auto vlan = static_cast<std::uint16_t>(c.args.Number("vlan"));
  const auto it = c.cfg.snooping.vlans.find(vlan);
  if (it != c.cfg.snooping.vlans.end() && it->second == SnoopVlanConfig{}) {
    c.cfg.snooping.vlans.erase(it);
  }
}

Outcome Snooping(Call& c) {
  c.cfg.snooping.enabled = !c.args.negated();
  return {};
}

Outcome VlanSnooping(Call& c) {
  // `ip igmp snooping vlan N` is the default, stored as "unset" so it renders as nothing.
  Vlan(c).enabled = c.args.negated() ? std::optional<bool>(false) : std::nullopt;
  Tidy(c);
  return {};
}

// Interface names in a snooping command: a multicast group's port, an mrouter port.
Outcome EditInterfaceList(Call& c, std::vector<std::string>& list) {
  const std::string name = c.args.Text("name");
  if (name.empty()) {
    if (c.args.negated()) {
      list.clear();
      return {};
    }
    return InvalidArgument("", "expected an interface");
  }
  std::erase_if(list, [&](const std::string& n) { return SameInterface(n, name); });
  if (!c.args.negated()) {
    list.push_back(name);
  }
  return {};
}

Outcome Mrouter(Call& c) {
  const Outcome r = EditInterfaceList(c, Vlan(c).mrouter_interfaces);
  Tidy(c);
  return r;
}

// 224.0.0.x is always flooded (RFC 4541 §2.1.2 (2)), so a static entry for it means nothing.
Outcome CheckSnoopGroup(Ipv4 group) {
  if (!group.IsMulticast()) {
    return InvalidArgument(group.ToString(), "not a multicast group address (224.0.0.0/4)");
  }
  if ((group.value() & 0xFFFFFF00u) == 0xE0000000u) {
    return InvalidArgument(group.ToString(), "224.0.0.x is always flooded, not snooped");
  }
  return {};
}

Outcome StaticGroup(Call& c) {
  const std::optional<Ipv4> group = c.args.Ip("group");
  SnoopVlanConfig& v = Vlan(c);
  if (!group) {  // only `no` forms can leave the group out
    v.static_groups.clear();
    Tidy(c);
    return {};
  }
  if (Outcome ok = CheckSnoopGroup(*group); !ok) {
    Tidy(c);
    return ok;
  }
  const std::string name = c.args.Text("name");
  std::erase_if(v.static_groups, [&](const SnoopStaticGroup& s) {
    return s.group == *group && (name.empty() || SameInterface(s.interface, name));
  });
  if (!c.args.negated()) {
    if (name.empty()) {
      return InvalidArgument("", "expected an interface");
    }
    v.static_groups.push_back(SnoopStaticGroup{*group, name});
  }
  Tidy(c);
  return {};
}

Outcome ImmediateLeave(Call& c) {
  Vlan(c).immediate_leave = !c.args.negated();
  Tidy(c);
  return {};
}

Outcome VlanQuerier(Call& c) {
  SnoopVlanConfig& v = Vlan(c);
  if (c.args.negated()) {
    // `no ... querier address` clears the address only, `no ... querier` turns it off.
    v.querier_address.reset();
    v.querier = v.querier && c.args.Has("address");
  } else {
    v.querier = true;
    if (const std::optional<Ipv4> a = c.args.Ip("addr")) {
      v.querier_address = a;
    }
  }
  Tidy(c);
  return {};
}

Outcome VlanLastMemberQueryInterval(Call& c) {
  Vlan(c).last_member_query_interval_ms =
      c.args.negated() ? std::nullopt : std::optional<std::uint32_t>(c.args.Number("ms"));
  Tidy(c);
  return {};
}

Outcome Querier(Call& c) {
  SnoopConfig& s = c.cfg.snooping;
  if (c.args.negated()) {
    s.querier_address.reset();
    s.querier = s.querier && c.args.Has("address");
    return {};
  }
  s.querier = true;
  if (const std::optional<Ipv4> a = c.args.Ip("addr")) {
    s.querier_address = a;
  }
  return {};
}

Outcome QuerierQueryInterval(Call& c) {
  c.cfg.snooping.querier_query_interval_s =
      c.args.negated() ? SnoopConfig{}.querier_query_interval_s : c.args.Number("seconds");
  return {};
}

Outcome QuerierMaxResponseTime(Call& c) {
  c.cfg.snooping.querier_max_response_time_s =
      c.args.negated() ? SnoopConfig{}.querier_max_response_time_s : c.args.Number("seconds");
  return {};
}

Outcome QuerierTimerExpiry(Call& c) {
  c.cfg.snooping.querier_timer_expiry_s =
      c.args.negated() ? SnoopConfig{}.querier_timer_expiry_s : c.args.Number("seconds");
  return {};
}

Outcome TcnQueryCount(Call& c) {
  c.cfg.snooping.tcn_query_count =
      c.args.negated() ? SnoopConfig{}.tcn_query_count : c.args.Number("count");
  return {};
}

Outcome LastMemberQueryInterval(Call& c) {
  c.cfg.snooping.last_member_query_interval_ms =
      c.args.negated() ? SnoopConfig{}.last_member_query_interval_ms : c.args.Number("ms");
  return {};
}

Outcome LeaveTimerRandom(Call& c) {
  c.cfg.snooping.leave_timer =
      c.args.negated() ? SnoopLeaveTimer::kLastMemberQuery : SnoopLeaveTimer::kRandom;
  return {};
}

Outcome InterfaceTcnFlood(Call& c) {
  internal::CurrentInterface(c).snoop.tcn_flood = !c.args.negated();
  return {};
}

Outcome ProfileHeader(Call& c) {
  const std::uint32_t n = c.args.Number("number");
  if (c.args.negated()) {
    c.cfg.snooping.profiles.erase(n);
    return {};
  }
  c.cfg.snooping.profiles.try_emplace(n);
  c.opened = ModeContext{.mode = Mode::kIgmpProfile, .number = n};
  return {};
}

IgmpProfile& CurrentProfile(Call& c) { return c.cfg.snooping.profiles[c.ctx.number]; }

// `permit` / `deny`; `no permit` and `no deny` return to the default (deny).
Outcome ProfilePermit(Call& c) {
  CurrentProfile(c).permit = !c.args.negated();
  return {};
}

Outcome ProfileDeny(Call& c) {
  CurrentProfile(c).permit = false;
  return {};
}

Outcome ProfileRange(Call& c) {
  const std::optional<Ipv4> low = c.args.Ip("low");
  IgmpProfile& p = CurrentProfile(c);
  if (!low) {
    p.ranges.clear();  // `no range`
    return {};
  }
  const Ipv4 high = c.args.Ip("high").value_or(*low);
  for (const Ipv4 a : {*low, high}) {
    if (!a.IsMulticast()) {
      return InvalidArgument(a.ToString(), "not a multicast group address (224.0.0.0/4)");
    }
  }
  if (high < *low) {
    return InvalidArgument(high.ToString(), "the range ends below its start");
  }
  const IgmpProfileRange r{*low, high};
  std::erase(p.ranges, r);
  if (!c.args.negated()) {
    p.ranges.push_back(r);
  }
  return {};
}

// "gigabitethernet 2/46 gigabitethernet 2/48", "Gi2/46 Gi2/48": interface names, where an
// interface type typed as its own word joins the numbering that follows it.
Result<std::vector<std::string>, std::string> SplitInterfaces(std::string_view text) {
  std::vector<std::string> words;
  while (!text.empty()) {
    const std::size_t start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) {
      break;
    }
    text.remove_prefix(start);
    const std::size_t end = text.find(' ');
    words.emplace_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string name = words[i];
    if (IsInterfaceTypeWord(name)) {
      if (i + 1 == words.size() || words[i + 1].empty() || words[i + 1][0] < '0' ||
          words[i + 1][0] > '9') {
        return InvalidArgument(name, "expected the interface number after the type");
      }
      name += words[++i];
    }
    out.push_back(CompactInterfaceName(name));
  }
  return out;
}

Outcome StaticMac(Call& c) {
  const std::string text = c.args.Text("mac");
  const std::optional<Mac> mac = Mac::Parse(text);
  if (!mac) {
    return InvalidArgument(text, "expected a MAC address (HHHH.HHHH.HHHH)");
  }
  const auto vlan = static_cast<std::uint16_t>(c.args.Number("vlan"));
  std::vector<StaticMacEntry>& list = c.cfg.snooping.static_macs;
  const auto same = [&](const StaticMacEntry& e) { return e.mac == *mac && e.vlan == vlan; };
  if (c.args.negated()) {
    std::erase_if(list, same);
    return {};
  }
  Result<std::vector<std::string>, std::string> ports = SplitInterfaces(c.args.Text("ports"));
  if (!ports) {
    return ports.error();
  }
  if (ports->empty()) {
    return std::string("incomplete command: expected interface");
  }
  const auto it = std::find_if(list.begin(), list.end(), same);
  if (it != list.end()) {
    it->interfaces = std::move(*ports);  // IOS replaces the entry's port list
  } else {
    list.push_back(StaticMacEntry{*mac, vlan, std::move(*ports)});
  }
  return {};
}

constexpr CommandRow kRows[] = {
    {Mode::kGlobal, "ip igmp snooping", Snooping},
    {Mode::kGlobal, "ip igmp snooping vlan <vlan:vlan>", VlanSnooping, "vlan"},
    {Mode::kGlobal, "ip igmp snooping vlan <vlan:vlan> static <group:ipv4> interface <name:if>",
     StaticGroup, "vlan"},
    {Mode::kGlobal, "ip igmp snooping vlan <vlan:vlan> mrouter interface <name:if>", Mrouter,
     "vlan"},
    {Mode::kGlobal, "ip igmp snooping vlan <vlan:vlan> immediate-leave", ImmediateLeave, "vlan"},
    {Mode::kGlobal, "ip igmp snooping vlan <vlan:vlan> fast-leave", ImmediateLeave, "vlan"},
    {Mode::kGlobal, "ip igmp snooping vlan <vlan:vlan> querier [address <addr:ipv4>]", VlanQuerier,
     "vlan"},
    {Mode::kGlobal, "ip igmp snooping vlan <vlan:vlan> last-member-query-interval <ms:100-32767>",
     VlanLastMemberQueryInterval, "vlan"},
    {Mode::kGlobal, "ip igmp snooping querier query-interval <seconds:1-18000>",
     QuerierQueryInterval},
    {Mode::kGlobal, "ip igmp snooping querier max-response-time <seconds:1-25>",
     QuerierMaxResponseTime},
    {Mode::kGlobal, "ip igmp snooping querier timer expiry <seconds:60-300>", QuerierTimerExpiry},
    {Mode::kGlobal, "ip igmp snooping querier [address <addr:ipv4>]", Querier},
    {Mode::kGlobal, "ip igmp snooping tcn flood query count <count:1-10>", TcnQueryCount},
    {Mode::kGlobal, "ip igmp snooping last-member-query-interval <ms:100-32767>",
     LastMemberQueryInterval},
    {Mode::kGlobal, "ip igmp snooping leave-timer random", LeaveTimerRandom},
    {Mode::kInterface, "ip igmp snooping tcn flood", InterfaceTcnFlood},
    {Mode::kGlobal, "ip igmp profile <number:1-4294967295>", ProfileHeader, "number"},
    {Mode::kIgmpProfile, "permit", ProfilePermit},
    {Mode::kIgmpProfile, "deny", ProfileDeny},
    {Mode::kIgmpProfile, "range <low:ipv4> [<high:ipv4>]", ProfileRange},
    {Mode::kGlobal, "mac address-table static <mac:word> vlan <vlan:vlan> interface <ports:text>",
     StaticMac, "vlan"},
    {Mode::kGlobal, "mac-address-table static <mac:word> vlan <vlan:vlan> interface <ports:text>",
     StaticMac, "vlan"},
};

// `ip igmp snooping vlan N ...` lines of one VLAN, in the order Catalyst prints them.
void AddVlanLines(std::uint16_t id, const SnoopVlanConfig& v, std::uint32_t global_lmqi,
                  std::vector<std::string>& out) {
  const std::string head = fmt::format("ip igmp snooping vlan {}", id);
  if (v.enabled == false) {
    out.push_back("no " + head);
  }
  if (v.immediate_leave) {
    out.push_back(head + " immediate-leave");
  }
  if (v.last_member_query_interval_ms && *v.last_member_query_interval_ms != global_lmqi) {
    out.push_back(
        fmt::format("{} last-member-query-interval {}", head, *v.last_member_query_interval_ms));
  }
  for (const std::string& m : v.mrouter_interfaces) {
    out.push_back(fmt::format("{} mrouter interface {}", head, m));
  }
  for (const SnoopStaticGroup& g : v.static_groups) {
    out.push_back(fmt::format("{} static {} interface {}", head, g.group, g.interface));
  }
  if (v.querier) {
    out.push_back(head + " querier");
  }
  if (v.querier_address) {
    out.push_back(fmt::format("{} querier address {}", head, *v.querier_address));
  }
}

void AddQuerierLines(const SnoopConfig& s, std::vector<std::string>& out) {
  const SnoopConfig d;
  if (s.querier) {
    out.push_back("ip igmp snooping querier");
  }
  if (s.querier_address) {
    out.push_back(fmt::format("ip igmp snooping querier address {}", *s.querier_address));
  }
  if (s.querier_query_interval_s != d.querier_query_interval_s) {
    out.push_back(
        fmt::format("ip igmp snooping querier query-interval {}", s.querier_query_interval_s));
  }
  if (s.querier_max_response_time_s != d.querier_max_response_time_s) {
    out.push_back(fmt::format("ip igmp snooping querier max-response-time {}",
                              s.querier_max_response_time_s));
  }
  if (s.querier_timer_expiry_s != d.querier_timer_expiry_s) {
    out.push_back(
        fmt::format("ip igmp snooping querier timer expiry {}", s.querier_timer_expiry_s));
  }
}

}  // namespace

std::span<const CommandRow> SnoopCommands() { return kRows; }

std::vector<std::string> SnoopGlobalLines(const SnoopConfig& s) {
  const SnoopConfig d;
  std::vector<std::string> out;
  if (!s.enabled) {
    out.push_back("no ip igmp snooping");
  }
  if (s.tcn_query_count != d.tcn_query_count) {
    out.push_back(fmt::format("ip igmp snooping tcn flood query count {}", s.tcn_query_count));
  }
  if (s.last_member_query_interval_ms != d.last_member_query_interval_ms) {
    out.push_back(fmt::format("ip igmp snooping last-member-query-interval {}",
                              s.last_member_query_interval_ms));
  }
  if (s.leave_timer == SnoopLeaveTimer::kRandom) {
    out.push_back("ip igmp snooping leave-timer random");
  }
  AddQuerierLines(s, out);
  for (const auto& [id, v] : s.vlans) {
    AddVlanLines(id, v, s.last_member_query_interval_ms, out);
  }
  for (const StaticMacEntry& e : s.static_macs) {
    std::string line =
        fmt::format("mac address-table static {} vlan {} interface", e.mac.ToCiscoString(), e.vlan);
    for (const std::string& i : e.interfaces) {
      line += " " + i;
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::vector<std::vector<std::string>> IgmpProfileSections(const SnoopConfig& s) {
  std::vector<std::vector<std::string>> out;
  for (const auto& [n, p] : s.profiles) {
    std::vector<std::string> sec{fmt::format("ip igmp profile {}", n)};
    if (p.permit) {
      sec.push_back(" permit");
    }
    for (const IgmpProfileRange& r : p.ranges) {
      sec.push_back(r.low == r.high ? fmt::format(" range {}", r.low)
                                    : fmt::format(" range {} {}", r.low, r.high));
    }
    out.push_back(std::move(sec));
  }
  return out;
}

void AddSnoopInterfaceLines(const SnoopInterfaceConfig& i, std::vector<std::string>& lines) {
  if (!i.tcn_flood) {
    lines.push_back(" no ip igmp snooping tcn flood");
  }
}

}  // namespace mc::config
