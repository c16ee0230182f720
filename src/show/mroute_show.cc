// `show ip mroute` renderers (mroute_show.h).
#include "show/mroute_show.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "show/igmp_show.h"
#include "show/show_words.h"

namespace mc::show {

namespace {

constexpr std::string_view kLegend =
    "IP Multicast Routing Table\n"
    "Flags: D - Dense, S - Sparse, B - Bidir Group, s - SSM Group, C - Connected,\n"
    "       L - Local, P - Pruned, R - RP-bit set, F - Register flag,\n"
    "       T - SPT-bit set, J - Join SPT, M - MSDP created entry,\n"
    "       X - Proxy Join Timer Running, A - Candidate for MSDP Advertisement,\n"
    "       U - URD, I - Received Source Specific Host Report,\n"
    "       Z - Multicast Tunnel, z - MDT-data group sender,\n"
    "       Y - Joined MDT-data group, y - Sending to MDT-data group\n"
    "Outgoing interface flags: H - Hardware switched, A - Assert winner\n"
    " Timers: Uptime/Expires\n"
    " Interface state: Interface, Next-Hop or VCD, State/Mode\n";

std::string Expiry(std::optional<Time> at, Time now) {
  return at ? FormatUptime(*at > now ? *at - now : Duration{0}) : "stopped";
}

bool Selected(const pim::MrouteSnapshot& m, std::optional<Ipv4> group, std::optional<Ipv4> source) {
  if (group && m.group != *group) {
    return false;
  }
  // `show ip mroute G S` shows the (S,G) only; IOS keeps the (*,G) out of it.
  return !source || m.source == *source;
}

std::string EntryText(const pim::MrouteSnapshot& m, const IfNames& names, Time now) {
  std::string s;
  const std::string timers =
      fmt::format("{}/{}", FormatUptime(now - m.since), Expiry(m.expires, now));
  if (m.source.IsUnspecified()) {
    s += fmt::format("(*, {}), {}", m.group, timers);
    s += m.rp.IsUnspecified() ? "" : fmt::format(", RP {}", m.rp);
  } else {
    s += fmt::format("({}, {}), {}", m.source, m.group, timers);
  }
  s += fmt::format(", flags: {}\n", m.flags);
  s += fmt::format("  Incoming interface: {}, RPF nbr {}\n",
                   m.iif.valid() ? IfName(names, m.iif) : "Null", m.rpf_neighbor);
  if (m.oifs.empty()) {
    s += "  Outgoing interface list: Null\n";
    return s;
  }
  s += "  Outgoing interface list:\n";
  for (const pim::OifSnapshot& o : m.oifs) {
    // IOS appends the outgoing interface flags: ", A" on the interface this router won the
    // assert on (legend "A - Assert winner").
    s += fmt::format("    {}, Forward/Sparse, {}/{}{}\n", IfName(names, o.ifindex),
                     FormatUptime(now - o.since), Expiry(o.expires, now),
                     o.assert_winner ? ", A" : "");
  }
  return s;
}

double Seconds(Duration d) { return ToSeconds(d); }

}  // namespace

std::string IfName(const IfNames& names, IfIndex ifx) {
  const auto it = names.find(ifx);
  return it != names.end() ? it->second : fmt::format("if{}", ifx.value());
}

std::string RenderMroute(const pim::PimSnapshot& snap, const IfNames& names, Time now,
                         std::optional<Ipv4> group, std::optional<Ipv4> source) {
  std::string s{kLegend};
  bool any = false;
  for (const pim::MrouteSnapshot& m : snap.mroutes) {
    if (Selected(m, group, source)) {
      s += "\n" + EntryText(m, names, now);
      any = true;
    }
  }
  if (!any && group) {
    s += "\n";  // IOS prints the legend alone when nothing matches
  }
  return s;
}

nlohmann::json MrouteJson(const pim::PimSnapshot& snap, const IfNames& names, Time now,
                          std::optional<Ipv4> group, std::optional<Ipv4> source) {
  nlohmann::json list = nlohmann::json::array();
  for (const pim::MrouteSnapshot& m : snap.mroutes) {
    if (!Selected(m, group, source)) {
      continue;
    }
    nlohmann::json oifs = nlohmann::json::array();
    for (const pim::OifSnapshot& o : m.oifs) {
      oifs.push_back({{"interface", IfName(names, o.ifindex)},
                      {"state", "Forward/Sparse"},
                      {"uptime_s", Seconds(now - o.since)},
                      {"expires_s", o.expires ? nlohmann::json(Seconds(*o.expires - now))
                                              : nlohmann::json(nullptr)},
                      {"local", o.local},
                      {"assert_winner", o.assert_winner}});
    }
    nlohmann::json asserts = nlohmann::json::array();
    for (const pim::AssertSnapshot& a : m.asserts) {
      asserts.push_back({{"interface", IfName(names, a.ifindex)},
                         {"state", a.state},
                         {"winner", a.winner.ToString()},
                         {"winner_rpt_bit", a.rpt_bit},
                         {"winner_metric_preference", a.metric_preference},
                         {"winner_metric", a.metric},
                         {"uptime_s", Seconds(now - a.since)},
                         {"expires_s", a.expires ? nlohmann::json(Seconds(*a.expires - now))
                                                 : nlohmann::json(nullptr)}});
    }
    list.push_back(
        {{"source", m.source.IsUnspecified() ? "*" : m.source.ToString()},
         {"group", m.group.ToString()},
         {"rp", m.rp.IsUnspecified() ? nlohmann::json(nullptr) : nlohmann::json(m.rp.ToString())},
         {"flags", m.flags},
         {"uptime_s", Seconds(now - m.since)},
         {"expires_s",
          m.expires ? nlohmann::json(Seconds(*m.expires - now)) : nlohmann::json(nullptr)},
         {"incoming_interface", m.iif.valid() ? IfName(names, m.iif) : "Null"},
         {"rpf_neighbor", m.rpf_neighbor.ToString()},
         {"outgoing_interfaces", oifs},
         {"asserts", asserts}});
  }
  return list;
}

std::string RenderMrouteCount(const pim::PimSnapshot& snap, std::optional<Ipv4> group) {
  std::set<Ipv4> groups;
  std::size_t routes = 0;
  std::size_t sources = 0;
  for (const pim::MrouteSnapshot& m : snap.mroutes) {
    if (group && m.group != *group) {
      continue;
    }
    ++routes;
    groups.insert(m.group);
    sources += m.source.IsUnspecified() ? 0u : 1u;
  }
  std::string s = "IP Multicast Statistics\n";
  s += fmt::format("{} routes\n", routes);
  s += fmt::format(
      "{} groups, {:.2f} average sources per group\n", groups.size(),
      groups.empty() ? 0.0 : static_cast<double>(sources) / static_cast<double>(groups.size()));
  s += "Forwarding Counts: Pkt Count/Pkts per second/Avg Pkt Size/Kilobits per second\n";
  s += "Other counts: Total/RPF failed/Other drops(OIF-null, rate-limit etc)\n";
  for (const Ipv4 g : groups) {
    // The kernel counts every packet that matched the entry (pkt_cnt) and, among them, those
    // that came in off its iif (wrong_if): IOS's RPF failures. Forwarded = the difference.
    const auto forwarded = [](const pim::MrouteSnapshot& m) {
      return m.packets - std::min(m.wrong_if, m.packets);
    };
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
    std::size_t count = 0;
    for (const pim::MrouteSnapshot& m : snap.mroutes) {
      if (m.group == g && !m.source.IsUnspecified()) {
        received += m.packets;
        sent += forwarded(m);
        ++count;
      }
    }
    s += fmt::format("\nGroup: {}, Source count: {}, Packets forwarded: {}, Packets received: {}\n",
                     g, count, sent, received);
    // Every packet of a flow, on the shared tree or not, is counted by its (S,G) cache entry (as
    // in the Linux kernel, which keeps no (*,G) counters), so the RP-tree line has none.
    s += "  RP-tree: Forwarding: 0/0/0/0, Other: 0/0/0\n";
    for (const pim::MrouteSnapshot& m : snap.mroutes) {
      if (m.group != g || m.source.IsUnspecified()) {
        continue;
      }
      const std::uint64_t avg = m.packets == 0 ? 0 : m.bytes / m.packets;
      s += fmt::format("  Source: {}/32, Forwarding: {}/0/{}/0, Other: {}/{}/0\n", m.source,
                       forwarded(m), avg, m.packets, std::min(m.wrong_if, m.packets));
    }
  }
  return s;
}

nlohmann::json MrouteCountJson(const pim::PimSnapshot& snap, std::optional<Ipv4> group) {
  nlohmann::json list = nlohmann::json::array();
  for (const pim::MrouteSnapshot& m : snap.mroutes) {
    if ((group && m.group != *group) || m.source.IsUnspecified()) {
      continue;
    }
    list.push_back({{"source", m.source.ToString()},
                    {"group", m.group.ToString()},
                    {"packets", m.packets},
                    {"bytes", m.bytes},
                    {"rpf_failed", m.wrong_if}});
  }
  return list;
}

std::string ShowMrouteWords(const pim::PimSnapshot& snap, const IfNames& names, Time now,
                            std::span<const std::string> words, bool json) {
  bool count = false;
  std::optional<Ipv4> group;
  std::optional<Ipv4> source;
  for (const std::string& word : words) {
    const std::optional<Ipv4> a = Ipv4::Parse(word);
    if (WordIs(word, "count")) {
      count = true;
    } else if (a && !group && a->IsMulticast()) {
      group = a;
    } else if (a && !source) {
      source = a;
    } else {
      return fmt::format("% Invalid input: {}\n", word);
    }
  }
  if (count) {
    return json ? MrouteCountJson(snap, group).dump(2) + "\n" : RenderMrouteCount(snap, group);
  }
  return json ? MrouteJson(snap, names, now, group, source).dump(2) + "\n"
              : RenderMroute(snap, names, now, group, source);
}

}  // namespace mc::show
