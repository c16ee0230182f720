// IOS-format IGMP show output and its JSON (igmp_show.h).
#include "show/igmp_show.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace mc::show {

namespace {

const igmp::InterfaceSnapshot* Find(const igmp::RouterSnapshot& snap, IfIndex ifx) {
  for (const igmp::InterfaceSnapshot& s : snap.interfaces) {
    if (s.ifindex == ifx) {
      return &s;
    }
  }
  return nullptr;
}

std::string Expires(std::optional<Time> at, Time now, bool is_static) {
  if (is_static) {
    return "never";
  }
  return at ? FormatUptime(*at - now) : "stopped";
}

std::int64_t Seconds(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

std::string Status(bool admin_up, bool line_up) {
  if (!admin_up) {
    return "administratively down, line protocol is down";
  }
  return line_up ? "up, line protocol is up" : "down, line protocol is down";
}

}  // namespace

std::string FormatUptime(Duration d) {
  if (d < Duration::zero()) {
    d = Duration::zero();
  }
  const std::int64_t s = Seconds(d);
  const std::int64_t day = 86400;
  if (s < day) {
    return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  }
  if (s < 7 * day) {
    return fmt::format("{}d{:02}h", s / day, s / 3600 % 24);
  }
  return fmt::format("{}w{}d", s / (7 * day), s / day % 7);
}

std::string RenderIgmpGroups(const igmp::RouterSnapshot& snap, const std::vector<IgmpIfView>& views,
                             Time now, std::optional<Ipv4> group, bool detail) {
  std::string out;
  if (detail) {
    out +=
        "\nFlags: L - Local, U - User, SG - Static Group, VG - Virtual Group,\n"
        "       SS - Static Source, VS - Virtual Source,\n"
        "       Ac - Group accounted towards access control limit\n";
  } else {
    out +=
        "IGMP Connected Group Membership\n"
        "Group Address    Interface                Uptime    Expires   Last Reporter   "
        "Group Accounted\n";
  }
  for (const IgmpIfView& v : views) {
    const igmp::InterfaceSnapshot* s = Find(snap, v.ifindex);
    if (s == nullptr) {
      continue;
    }
    for (const igmp::GroupSnapshot& g : s->groups) {
      if (group && g.group != *group) {
        continue;
      }
      const bool is_static = g.origin != igmp::GroupOrigin::kReport;
      if (!detail) {
        out += fmt::format("{:<16} {:<24} {:<9} {:<9} {}\n", g.group.ToString(), v.name,
                           FormatUptime(now - g.since), Expires(g.expires, now, is_static),
                           g.last_reporter.ToString());
        continue;
      }
      const std::string flags = g.origin == igmp::GroupOrigin::kLocal    ? "L U"
                                : g.origin == igmp::GroupOrigin::kStatic ? "SG"
                                                                         : "";
      out += fmt::format("\nInterface:\t{}\nGroup:\t\t{}\nFlags:\t\t{}\nUptime:\t\t{}\n", v.name,
                         g.group, flags, FormatUptime(now - g.since));
      if (g.mode == engine::FilterMode::kExclude) {
        out +=
            fmt::format("Group mode:\tEXCLUDE (Expires: {})\n", Expires(g.expires, now, is_static));
      } else {
        out += "Group mode:\tINCLUDE\n";
      }
      out += fmt::format("Last reporter:\t{}\n", g.last_reporter);
      if (g.sources.empty()) {
        out += "Source list is empty\n";
        continue;
      }
      out += "Source list:\n  Source Address   Uptime    v3 Exp    CSR Exp   Fwd  Flags\n";
      for (const igmp::SourceSnapshot& src : g.sources) {
        out += fmt::format("  {:<16} {:<9} {:<9} {:<9} {:<4} {}\n", src.source.ToString(),
                           FormatUptime(now - src.since), Expires(src.expires, now, is_static),
                           "stopped", src.forwarding ? "Yes" : "No", is_static ? "S" : "R");
      }
    }
  }
  return out;
}

nlohmann::json IgmpGroupsJson(const igmp::RouterSnapshot& snap,
                              const std::vector<IgmpIfView>& views, Time now,
                              std::optional<Ipv4> group) {
  nlohmann::json groups = nlohmann::json::array();
  for (const IgmpIfView& v : views) {
    const igmp::InterfaceSnapshot* s = Find(snap, v.ifindex);
    if (s == nullptr) {
      continue;
    }
    for (const igmp::GroupSnapshot& g : s->groups) {
      if (group && g.group != *group) {
        continue;
      }
      nlohmann::json sources = nlohmann::json::array();
      for (const igmp::SourceSnapshot& src : g.sources) {
        sources.push_back({{"source", src.source.ToString()},
                           {"uptime_s", Seconds(now - src.since)},
                           {"expires_s", src.expires ? nlohmann::json(Seconds(*src.expires - now))
                                                     : nlohmann::json(nullptr)},
                           {"forwarding", src.forwarding}});
      }
      groups.push_back({{"group", g.group.ToString()},
                        {"interface", v.name},
                        {"uptime_s", Seconds(now - g.since)},
                        {"expires_s", g.expires ? nlohmann::json(Seconds(*g.expires - now))
                                                : nlohmann::json(nullptr)},
                        {"last_reporter", g.last_reporter.ToString()},
                        {"mode", std::string(engine::ToString(g.mode))},
                        {"compatibility_version", g.compatibility_version},
                        {"origin", std::string(igmp::ToString(g.origin))},
                        {"sources", std::move(sources)}});
    }
  }
  return {{"groups", std::move(groups)}};
}

namespace {

// One line of `show ip igmp membership`: a (*,G) or (S,G) channel on an interface.
struct MembershipRow {
  std::optional<Ipv4> source;  // nullopt: the (*,G) line of an EXCLUDE-mode group
  Ipv4 group;
  Ipv4 reporter;
  Duration uptime;
  std::optional<Duration> expires;  // nullopt: not running ("stop")
  std::string flags;
  std::string interface;
};

// IOS flags: the version reported (v1/v2/v3 hosts, for (*,G)), R for channels reported through
// IGMPv3, L local (join-group), S static, then A (aggregate: forwarded) or Ex (excluded).
std::vector<MembershipRow> MembershipRows(const igmp::RouterSnapshot& snap,
                                          const std::vector<IgmpIfView>& views, Time now) {
  std::vector<MembershipRow> rows;
  for (const IgmpIfView& v : views) {
    const igmp::InterfaceSnapshot* s = Find(snap, v.ifindex);
    if (s == nullptr) {
      continue;
    }
    for (const igmp::GroupSnapshot& g : s->groups) {
      const std::string origin = g.origin == igmp::GroupOrigin::kLocal    ? "L"
                                 : g.origin == igmp::GroupOrigin::kStatic ? "S"
                                                                          : "";
      const auto left = [now](std::optional<Time> at) -> std::optional<Duration> {
        if (!at) {
          return std::nullopt;
        }
        return *at - now;
      };
      if (g.mode == engine::FilterMode::kExclude) {
        const std::string version =
            g.origin == igmp::GroupOrigin::kReport ? std::to_string(g.compatibility_version) : "";
        rows.push_back({std::nullopt, g.group, g.last_reporter, now - g.since, left(g.expires),
                        version + origin + "A", v.name});
      }
      for (const igmp::SourceSnapshot& src : g.sources) {
        const std::string v3 = g.compatibility_version == 3 ? "R" : "";
        rows.push_back({src.source, g.group, g.last_reporter, now - src.since, left(src.expires),
                        v3 + origin + (src.forwarding ? "A" : "Ex"), v.name});
      }
    }
  }
  return rows;
}

std::string Channel(const MembershipRow& r) {
  return r.source ? fmt::format("{},{}", *r.source, r.group) : fmt::format("*,{}", r.group);
}

}  // namespace

std::string RenderIgmpMembership(const igmp::RouterSnapshot& snap,
                                 const std::vector<IgmpIfView>& views, Time now) {
  std::string out =
      "Flags: A  - aggregate, T - tracked\n"
      "       L  - Local, S - static, V - virtual, R - Reported through v3\n"
      "       I - v3lite, U - Urd, M - SSM (S,G) channel\n"
      "       1,2,3 - The version reported\n"
      "       Ex - Excluded\n\n"
      " Channel/Group                  Reporter        Uptime   Exp.  Flags  Interface\n";
  for (const MembershipRow& r : MembershipRows(snap, views, now)) {
    std::string exp = "stop";
    if (r.expires) {
      const std::int64_t sec = std::max<std::int64_t>(Seconds(*r.expires), 0);
      exp = fmt::format("{:02}:{:02}", sec / 60, sec % 60);
    }
    out += fmt::format(" {:<30} {:<15} {:<8} {:<5} {:<6} {}\n", Channel(r), r.reporter,
                       FormatUptime(r.uptime), exp, r.flags, r.interface);
  }
  return out;
}

nlohmann::json IgmpMembershipJson(const igmp::RouterSnapshot& snap,
                                  const std::vector<IgmpIfView>& views, Time now) {
  nlohmann::json rows = nlohmann::json::array();
  for (const MembershipRow& r : MembershipRows(snap, views, now)) {
    rows.push_back({{"channel", Channel(r)},
                    {"source", r.source ? nlohmann::json(r.source->ToString()) : nullptr},
                    {"group", r.group.ToString()},
                    {"reporter", r.reporter.ToString()},
                    {"uptime_s", Seconds(r.uptime)},
                    {"expires_s", r.expires ? nlohmann::json(Seconds(*r.expires)) : nullptr},
                    {"flags", r.flags},
                    {"interface", r.interface}});
  }
  return {{"memberships", std::move(rows)}};
}

std::string RenderIgmpInterfaces(const igmp::RouterSnapshot& snap,
                                 const std::vector<IgmpIfView>& views, Time now) {
  (void)now;
  std::string out;
  for (const IgmpIfView& v : views) {
    out += fmt::format("{} is {}\n", v.name, Status(v.admin_up, v.line_up));
    if (v.address) {
      out += fmt::format("  Internet address is {}/{}\n", *v.address, v.prefix_len);
    } else {
      out += "  Internet protocol processing disabled\n";
      continue;
    }
    const igmp::InterfaceSnapshot* s = Find(snap, v.ifindex);
    if (s == nullptr) {
      out += "  IGMP is disabled on interface\n";
      continue;
    }
    const std::int64_t qi = Seconds(s->query_interval);
    out += "  IGMP is enabled on interface\n";
    out += fmt::format("  Current IGMP host version is {}\n", s->version);
    out += fmt::format("  Current IGMP router version is {}\n", s->version);
    out += fmt::format("  IGMP query interval is {} seconds\n", qi);
    out += fmt::format("  IGMP configured query interval is {} seconds\n",
                       Seconds(s->configured_query_interval));
    out += fmt::format("  IGMP robustness-variable is {}\n", s->robustness);
    out += fmt::format("  IGMP querier timeout is {} seconds\n", Seconds(s->querier_timeout));
    out += fmt::format("  IGMP configured querier timeout is {} seconds\n",
                       Seconds(s->configured_querier_timeout));
    out += fmt::format("  IGMP max query response time is {} seconds\n",
                       Seconds(s->query_response_interval));
    out += fmt::format("  Last member query count is {}\n", s->last_member_query_count);
    out += fmt::format(
        "  Last member query response interval is {} ms\n",
        std::chrono::duration_cast<std::chrono::milliseconds>(s->last_member_query_interval)
            .count());
    out += s->access_group.empty()
               ? std::string("  Inbound IGMP access group is not set\n")
               : fmt::format("  Inbound IGMP access group is {}\n", s->access_group);
    out += fmt::format("  IGMP activity: {} joins, {} leaves\n", s->joins, s->leaves);
    out += fmt::format("  Multicast routing is {} on interface\n",
                       v.multicast_routing ? "enabled" : "disabled");
    out += "  Multicast TTL threshold is 0\n";
    const Ipv4 dr = v.dr.value_or(s->address);
    out += fmt::format("  Multicast designated router (DR) is {}{}\n", dr,
                       dr == s->address ? " (this system)" : "");
    out += s->is_querier ? fmt::format("  IGMP querying router is {} (this system)\n", s->address)
                         : fmt::format("  IGMP querying router is {}\n", s->querier);
    if (v.joined.empty()) {
      out += "  No multicast groups joined by this system\n";
    } else {
      out += "  Multicast groups joined by this system (number of users):\n     ";
      for (const Ipv4 g : v.joined) {
        out += fmt::format(" {}(1)", g);
      }
      out += "\n";
    }
    // Drops by reason, so bad input is visible (the IGMP issue's "Done when").
    std::string drops;
    for (const engine::CounterValue& c : s->counters) {
      if (c.value != 0) {
        drops += fmt::format(" {} {},", c.name, c.value);
      }
    }
    if (!drops.empty()) {
      drops.pop_back();
      out += "  IGMP packet counters:" + drops + "\n";
    }
  }
  return out;
}

nlohmann::json IgmpInterfacesJson(const igmp::RouterSnapshot& snap,
                                  const std::vector<IgmpIfView>& views, Time now) {
  nlohmann::json list = nlohmann::json::array();
  for (const IgmpIfView& v : views) {
    nlohmann::json j = {
        {"interface", v.name},
        {"admin_up", v.admin_up},
        {"line_up", v.line_up},
        {"address", v.address ? nlohmann::json(v.address->ToString()) : nlohmann::json(nullptr)}};
    const igmp::InterfaceSnapshot* s = Find(snap, v.ifindex);
    j["igmp_enabled"] = s != nullptr;
    if (s != nullptr) {
      nlohmann::json counters = nlohmann::json::object();
      for (const engine::CounterValue& c : s->counters) {
        counters[c.name] = c.value;
      }
      j.update(
          {{"version", s->version},
           {"query_interval_s", Seconds(s->query_interval)},
           {"querier_timeout_s", Seconds(s->querier_timeout)},
           {"max_response_time_s", Seconds(s->query_response_interval)},
           {"robustness", s->robustness},
           {"last_member_query_count", s->last_member_query_count},
           {"last_member_query_interval_ms",
            std::chrono::duration_cast<std::chrono::milliseconds>(s->last_member_query_interval)
                .count()},
           {"access_group", s->access_group},
           {"dr", v.dr.value_or(s->address).ToString()},
           {"joins", s->joins},
           {"leaves", s->leaves},
           {"querier", s->querier.ToString()},
           {"is_querier", s->is_querier},
           {"other_querier_expires_s",
            s->other_querier_expires ? nlohmann::json(Seconds(*s->other_querier_expires - now))
                                     : nlohmann::json(nullptr)},
           {"multicast_routing", v.multicast_routing},
           {"counters", std::move(counters)}});
    }
    list.push_back(std::move(j));
  }
  return {{"interfaces", std::move(list)}};
}

}  // namespace mc::show
