// IGMP snooping show commands (snoop_show.h). Layouts follow the Catalyst 2960-X/3750 command
// references; `show igmp mode` follows the CatOS output of seed 004.
#include "show/snoop_show.h"

#include <fmt/format.h>

#include <chrono>

namespace mc::show {
namespace {

using snoop::SnoopSnapshot;
using snoop::VlanSnapshot;

bool Selected(const VlanSnapshot& v, std::optional<std::uint16_t> vlan) {
  return !vlan || v.vlan == *vlan;
}

std::string_view EnabledText(bool on) { return on ? "Enabled" : "Disabled"; }

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    out += (out.empty() ? "" : std::string(sep)) + p;
  }
  return out;
}

std::int64_t Seconds(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

std::int64_t Millis(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

nlohmann::json ExpiresJson(const std::optional<Time>& at, Time now) {
  return at ? nlohmann::json(Seconds(*at - now)) : nlohmann::json(nullptr);
}

std::string GroupType(const snoop::GroupSnapshot& g) {
  for (const snoop::MemberSnapshot& m : g.members) {
    if (!m.is_static) {
      return "igmp";
    }
  }
  return "user";
}

std::uint8_t GroupVersion(const snoop::GroupSnapshot& g) {
  std::uint8_t v = 3;
  for (const snoop::MemberSnapshot& m : g.members) {
    v = std::min(v, m.version);
  }
  return v;
}

}  // namespace

std::string RenderSnooping(const SnoopSnapshot& s, std::optional<std::uint16_t> vlan) {
  std::string out =
      "Global IGMP Snooping configuration:\n-------------------------------------------\n";
  out += fmt::format("{:<29}: {}\n", "IGMP snooping", EnabledText(s.enabled));
  out += fmt::format("{:<29}: {}\n", "IGMPv3 snooping (minimal)", EnabledText(s.enabled));
  out += fmt::format("{:<29}: {}\n", "Report suppression", EnabledText(s.report_suppression));
  out += fmt::format("{:<29}: {}\n", "TCN solicit query", "Disabled");
  const std::uint32_t tcn = s.vlans.empty() ? 2 : s.vlans.front().tcn_query_count;
  out += fmt::format("{:<29}: {}\n", "TCN flood query count", tcn);
  out += fmt::format("{:<29}: {}\n", "Table entries", s.table_entries);
  out += fmt::format("{:<29}: {}\n", "Table limit", s.table_max);
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    out += fmt::format("\nVlan {}:\n--------\n", v.vlan);
    out += fmt::format("{:<36}: {}\n", "IGMP snooping", EnabledText(v.enabled));
    out += fmt::format("{:<36}: {}\n", "IGMPv2 immediate leave", EnabledText(v.immediate_leave));
    out += fmt::format("{:<36}: {}\n", "Multicast router learning mode", "pim-dvmrp");
    out += fmt::format("{:<36}: {}\n", "Leave timer",
                       v.random_leave_timer ? "CatOS 1-3 s timer" : "last-member-query");
    out += fmt::format("{:<36}: {}\n", "Last member query count", 2);
    out += fmt::format("{:<36}: {}\n", "Last member query interval",
                       Millis(v.last_member_query_interval));
    out += fmt::format("{:<36}: {}\n", "Topology change flooding",
                       v.tcn_queries_left > 0
                           ? fmt::format("active, {} queries left", v.tcn_queries_left)
                           : std::string("inactive"));
    out += fmt::format("{:<36}: {}\n", "Groups", v.groups.size());
  }
  return out;
}

nlohmann::json SnoopingJson(const SnoopSnapshot& s, std::optional<std::uint16_t> vlan) {
  nlohmann::json vlans = nlohmann::json::array();
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    nlohmann::json counters = nlohmann::json::object();
    for (const engine::CounterValue& c : v.counters) {
      counters[c.name] = c.value;
    }
    vlans.push_back({{"vlan", v.vlan},
                     {"enabled", v.enabled},
                     {"immediate_leave", v.immediate_leave},
                     {"random_leave_timer", v.random_leave_timer},
                     {"last_member_query_interval_ms", Millis(v.last_member_query_interval)},
                     {"tcn_query_count", v.tcn_query_count},
                     {"tcn_queries_left", v.tcn_queries_left},
                     {"groups", v.groups.size()},
                     {"counters", counters}});
  }
  nlohmann::json counters = nlohmann::json::object();
  for (const engine::CounterValue& c : s.counters) {
    counters[c.name] = c.value;
  }
  return {{"enabled", s.enabled},
          {"report_suppression", s.report_suppression},
          {"table_entries", s.table_entries},
          {"table_max", s.table_max},
          {"vlans", vlans},
          {"counters", counters}};
}

std::string RenderSnoopingGroups(const SnoopSnapshot& s, std::optional<std::uint16_t> vlan) {
  std::string out =
      fmt::format("{:<10}{:<25}{:<12}{:<12}{}\n", "Vlan", "Group", "Type", "Version", "Port List");
  out += std::string(71, '-') + "\n";
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    for (const snoop::GroupSnapshot& g : v.groups) {
      std::vector<std::string> ports;
      for (const snoop::MemberSnapshot& m : g.members) {
        ports.push_back(m.port_name);
      }
      out += fmt::format("{:<10}{:<25}{:<12}{:<12}{}\n", v.vlan, g.group.ToString(), GroupType(g),
                         fmt::format("v{}", GroupVersion(g)), Join(ports, ", "));
    }
  }
  return out;
}

nlohmann::json SnoopingGroupsJson(const SnoopSnapshot& s, std::optional<std::uint16_t> vlan,
                                  Time now) {
  nlohmann::json rows = nlohmann::json::array();
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    for (const snoop::GroupSnapshot& g : v.groups) {
      nlohmann::json members = nlohmann::json::array();
      for (const snoop::MemberSnapshot& m : g.members) {
        members.push_back({{"port", m.port_name},
                           {"static", m.is_static},
                           {"version", m.version},
                           {"uptime_s", Seconds(now - m.since)},
                           {"expires_s", ExpiresJson(m.expires, now)},
                           {"leave_pending", m.leave_pending},
                           {"last_reporter", m.last_reporter.ToString()}});
      }
      rows.push_back({{"vlan", v.vlan},
                      {"group", g.group.ToString()},
                      {"mac", g.mac.ToCiscoString()},
                      {"type", GroupType(g)},
                      {"version", GroupVersion(g)},
                      {"members", members}});
    }
  }
  return rows;
}

std::string RenderSnoopingMrouter(const SnoopSnapshot& s, std::optional<std::uint16_t> vlan) {
  std::string out = "Vlan    ports\n-------+------------------------------\n";
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    std::vector<std::string> ports;
    for (const snoop::MrouterSnapshot& m : v.mrouters) {
      ports.push_back(fmt::format("{}({})", m.port_name, m.is_static ? "static" : "dynamic"));
    }
    if (v.querier_active) {
      ports.push_back("Switch");  // the switch's own querier makes it a router for the VLAN
    }
    if (!ports.empty()) {
      out += fmt::format("{:>4}    {}\n", v.vlan, Join(ports, ", "));
    }
  }
  return out;
}

nlohmann::json SnoopingMrouterJson(const SnoopSnapshot& s, std::optional<std::uint16_t> vlan,
                                   Time now) {
  nlohmann::json rows = nlohmann::json::array();
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    for (const snoop::MrouterSnapshot& m : v.mrouters) {
      rows.push_back({{"vlan", v.vlan},
                      {"port", m.port_name},
                      {"static", m.is_static},
                      {"learned_from", m.learned_from},
                      {"expires_s", ExpiresJson(m.expires, now)}});
    }
  }
  return rows;
}

std::string RenderSnoopingQuerier(const SnoopSnapshot& s) {
  std::string out =
      fmt::format("{:<10}{:<17}{:<15}{}\n", "Vlan", "IP Address", "IGMP Version", "Port");
  out += std::string(61, '-') + "\n";
  for (const VlanSnapshot& v : s.vlans) {
    if (v.querier_active) {
      out += fmt::format("{:<10}{:<17}{:<15}{}\n", v.vlan, v.querier_address.ToString(), "v2",
                         "Switch");
    } else if (!v.other_querier_port.empty()) {
      out += fmt::format("{:<10}{:<17}{:<15}{}\n", v.vlan, v.other_querier.ToString(),
                         fmt::format("v{}", v.other_querier_version), v.other_querier_port);
    }
  }
  return out;
}

nlohmann::json SnoopingQuerierJson(const SnoopSnapshot& s) {
  nlohmann::json rows = nlohmann::json::array();
  for (const VlanSnapshot& v : s.vlans) {
    if (v.querier_active) {
      rows.push_back({{"vlan", v.vlan},
                      {"address", v.querier_address.ToString()},
                      {"version", 2},
                      {"port", "Switch"}});
    } else if (!v.other_querier_port.empty()) {
      rows.push_back({{"vlan", v.vlan},
                      {"address", v.other_querier.ToString()},
                      {"version", v.other_querier_version},
                      {"port", v.other_querier_port}});
    }
  }
  return rows;
}

std::string RenderMacAddressTableMulticast(const SnoopSnapshot& s,
                                           std::optional<std::uint16_t> vlan) {
  std::string out =
      "Vlan    Mac Address       Type       Ports\n----    -----------       ----       -----\n";
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    for (const snoop::MacEntrySnapshot& e : v.mac_entries) {
      out += fmt::format("{:>4}    {:<18}{:<11}{}\n", v.vlan, e.mac.ToCiscoString(),
                         e.is_static ? "USER" : "IGMP", Join(e.port_names, ","));
    }
  }
  return out;
}

nlohmann::json MacAddressTableMulticastJson(const SnoopSnapshot& s,
                                            std::optional<std::uint16_t> vlan) {
  nlohmann::json rows = nlohmann::json::array();
  for (const VlanSnapshot& v : s.vlans) {
    if (!Selected(v, vlan)) {
      continue;
    }
    for (const snoop::MacEntrySnapshot& e : v.mac_entries) {
      nlohmann::json groups = nlohmann::json::array();
      for (const Ipv4 g : e.groups) {
        groups.push_back(g.ToString());
      }
      rows.push_back({{"vlan", v.vlan},
                      {"mac", e.mac.ToCiscoString()},
                      {"type", e.is_static ? "USER" : "IGMP"},
                      {"groups", groups},
                      {"ports", e.port_names}});
    }
  }
  return rows;
}

std::string RenderIgmpMode(const SnoopSnapshot& s, Time now) {
  const snoop::AliasingSnapshot& a = s.aliasing;
  std::string out = fmt::format("{:<28}{}\n", "IGMP Mode:", "auto");
  out += fmt::format("{:<28}{}\n", "IGMP Operational Mode:", s.enabled ? "igmp-only" : "disabled");
  out +=
      fmt::format("{:<28}{}\n", "IGMP Address Aliasing Mode:", a.fallback ? "fallback" : "normal");
  out += fmt::format("{:<28}{}\n", "Address aliasing frames:", a.aliased_frames);
  out += fmt::format("{:<28}{}{}\n", "Fallbacks:", a.fallbacks,
                     a.permanent ? " (permanent until snooping is re-enabled)" : "");
  if (a.hold_expires) {
    out += fmt::format("{:<28}{}s\n", "Fallback ends in:", Seconds(*a.hold_expires - now));
  }
  if (a.aliased_frames > 0) {
    out +=
        fmt::format("Last aliasing: From {} ({}) on {} to {} ({})\n", a.last_source_mac.ToString(),
                    a.last_source, a.last_port, a.last_mac.ToString(), a.last_group);
  }
  return out;
}

nlohmann::json IgmpModeJson(const SnoopSnapshot& s, Time now) {
  const snoop::AliasingSnapshot& a = s.aliasing;
  return {{"mode", "auto"},
          {"operational_mode", s.enabled ? "igmp-only" : "disabled"},
          {"aliasing_mode", a.fallback ? "fallback" : "normal"},
          {"aliased_frames", a.aliased_frames},
          {"fallbacks", a.fallbacks},
          {"permanent", a.permanent},
          {"fallback_ends_s", ExpiresJson(a.hold_expires, now)},
          {"last_group", a.last_group.ToString()},
          {"last_mac", a.last_mac.ToString()},
          {"last_source", a.last_source.ToString()},
          {"last_port", a.last_port}};
}

}  // namespace mc::show
