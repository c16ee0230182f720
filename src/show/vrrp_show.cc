// IOS-format VRRP show output and its JSON (vrrp_show.h).
#include "show/vrrp_show.h"

#include <fmt/format.h>

#include <chrono>

namespace mc::show {

namespace {

const vrrp::InterfaceSnapshot* Find(const vrrp::VrrpSnapshot& snap, IfIndex ifx) {
  for (const vrrp::InterfaceSnapshot& s : snap.interfaces) {
    if (s.ifindex == ifx) {
      return &s;
    }
  }
  return nullptr;
}

// IOS prints VRRP times in seconds with three decimals ("3.609 sec").
std::string Sec(Duration d) { return fmt::format("{:.3f} sec", ToSeconds(d)); }

std::int64_t Millis(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

bool MasterIsLocal(const vrrp::GroupSnapshot& g) { return g.state == vrrp::VrrpState::kMaster; }

std::string MasterLine(const vrrp::GroupSnapshot& g) {
  if (g.master_address.IsUnspecified()) {
    return "  Master Router is unknown, priority is unknown\n";
  }
  return fmt::format("  Master Router is {}{}, priority is {}\n", g.master_address,
                     MasterIsLocal(g) ? " (local)" : "", g.master_priority);
}

void RenderGroup(const vrrp::GroupSnapshot& g, const std::string& ifname, Time now,
                 std::string& out) {
  out += fmt::format("{} - Group {}\n", ifname, g.vrid);
  if (!g.description.empty()) {
    out += fmt::format("  {}\n", g.description);
  }
  out += fmt::format("  State is {}\n", vrrp::ToString(g.state));
  if (!g.addresses.empty()) {
    out += fmt::format("  Virtual IP address is {}\n", g.addresses.front());
  }
  if (g.addresses.size() > 1) {
    out += "  Virtual secondary IP addresses:\n";
    for (std::size_t n = 1; n < g.addresses.size(); ++n) {
      out += fmt::format("    {}\n", g.addresses[n]);
    }
  }
  out += fmt::format("  Virtual MAC address is {}\n", g.virtual_mac.ToCiscoString());
  if (g.destination != Ipv4{224, 0, 0, 18}) {
    out += fmt::format("  Advertisements sent to multicast group {}\n", g.destination);
  }
  out += fmt::format("  Advertisement interval is {}\n", Sec(g.advertisement_interval));
  if (!g.preempt) {
    out += "  Preemption disabled\n";
  } else if (g.preempt_delay > Duration::zero()) {
    out += fmt::format("  Preemption enabled, delay min {} secs\n",
                       std::chrono::duration_cast<std::chrono::seconds>(g.preempt_delay).count());
  } else {
    out += "  Preemption enabled\n";
  }
  out += g.priority != g.configured_priority && !g.owner
             ? fmt::format("  Priority is {} (cfgd {})\n", g.priority, g.configured_priority)
             : fmt::format("  Priority is {}\n", g.priority);
  for (const vrrp::TrackSnapshot& t : g.tracks) {
    out += fmt::format("    Track object {} state {} decrement {}\n", t.name, t.up ? "Up" : "Down",
                       t.decrement);
  }
  out += MasterLine(g);
  out += fmt::format("  Master Advertisement interval is {}\n", Sec(g.master_adver_interval));
  out += fmt::format("  Master Down interval is {}", Sec(g.master_down_interval));
  if (g.state == vrrp::VrrpState::kBackup && g.master_down_expires) {
    out += fmt::format(" (expires in {})", Sec(*g.master_down_expires - now));
  }
  out += "\n";
}

std::string BriefLine(const vrrp::GroupSnapshot& g, const std::string& ifname) {
  const std::string master = g.master_address.IsUnspecified() ? "" : g.master_address.ToString();
  const std::string vip = g.addresses.empty() ? "" : g.addresses.front().ToString();
  return fmt::format("{:<18} {:<3} {:<3} {:<5} {:<3} {:<3} {:<7} {:<15} {}\n", ifname, g.vrid,
                     g.priority, Millis(g.master_down_interval), g.owner ? "Y" : "",
                     g.preempt ? "Y" : "", vrrp::ToString(g.state), master, vip);
}

nlohmann::json OptionalMs(std::optional<Time> at, Time now) {
  return at ? nlohmann::json(Millis(*at - now)) : nlohmann::json(nullptr);
}

nlohmann::json GroupJson(const vrrp::GroupSnapshot& g, const std::string& ifname, Time now) {
  nlohmann::json addresses = nlohmann::json::array();
  for (const Ipv4 a : g.addresses) {
    addresses.push_back(a.ToString());
  }
  nlohmann::json tracks = nlohmann::json::array();
  for (const vrrp::TrackSnapshot& t : g.tracks) {
    tracks.push_back({{"object", t.name}, {"up", t.up}, {"decrement", t.decrement}});
  }
  nlohmann::json counters = nlohmann::json::object();
  for (const engine::CounterValue& c : g.counters) {
    counters[c.name] = c.value;
  }
  return {
      {"interface", ifname},
      {"group", g.vrid},
      {"version", g.version},
      {"state", std::string(vrrp::ToString(g.state))},
      {"state_duration_ms", Millis(now - g.since)},
      {"description", g.description},
      {"addresses", std::move(addresses)},
      {"virtual_mac", g.virtual_mac.ToCiscoString()},
      {"destination", g.destination.ToString()},
      {"owner", g.owner},
      {"priority", g.priority},
      {"configured_priority", g.configured_priority},
      {"preempt", g.preempt},
      {"preempt_delay_s",
       std::chrono::duration_cast<std::chrono::seconds>(g.preempt_delay).count()},
      {"advertisement_interval_ms", Millis(g.advertisement_interval)},
      {"master_address", g.master_address.IsUnspecified()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(g.master_address.ToString())},
      {"master_local", MasterIsLocal(g)},
      {"master_priority", g.master_priority},
      {"master_advertisement_interval_ms", Millis(g.master_adver_interval)},
      {"skew_time_us", std::chrono::duration_cast<std::chrono::microseconds>(g.skew_time).count()},
      {"master_down_interval_us",
       std::chrono::duration_cast<std::chrono::microseconds>(g.master_down_interval).count()},
      {"master_down_expires_ms", OptionalMs(g.master_down_expires, now)},
      {"next_advertisement_ms", OptionalMs(g.next_advert, now)},
      {"tracks", std::move(tracks)},
      {"counters", std::move(counters)}};
}

}  // namespace

std::string RenderVrrp(const vrrp::VrrpSnapshot& snap, const std::vector<VrrpIfName>& names,
                       Time now, bool brief) {
  std::string out;
  if (brief) {
    out += fmt::format("{:<18} {:<3} {:<3} {:<5} {:<3} {:<3} {:<7} {:<15} {}\n", "Interface", "Grp",
                       "Pri", "Time", "Own", "Pre", "State", "Master addr", "Group addr");
  }
  bool first = true;
  for (const VrrpIfName& n : names) {
    const vrrp::InterfaceSnapshot* s = Find(snap, n.ifindex);
    if (s == nullptr) {
      continue;
    }
    for (const vrrp::GroupSnapshot& g : s->groups) {
      if (brief) {
        out += BriefLine(g, n.name);
        continue;
      }
      if (!first) {
        out += "\n";
      }
      first = false;
      RenderGroup(g, n.name, now, out);
    }
    // Adverts dropped before a group was identified (bad TTL, checksum, unknown VRID), by
    // reason, so bad input on the interface is visible (issue 7 "Done when").
    std::string drops;
    for (const engine::CounterValue& c : s->counters) {
      if (c.value != 0) {
        drops += fmt::format(" {} {},", c.name, c.value);
      }
    }
    if (!brief && !drops.empty()) {
      drops.pop_back();
      out += fmt::format("{} VRRP packet drops:{}\n", n.name, drops);
    }
  }
  return out;
}

nlohmann::json VrrpJson(const vrrp::VrrpSnapshot& snap, const std::vector<VrrpIfName>& names,
                        Time now) {
  nlohmann::json groups = nlohmann::json::array();
  nlohmann::json interfaces = nlohmann::json::array();
  for (const VrrpIfName& n : names) {
    const vrrp::InterfaceSnapshot* s = Find(snap, n.ifindex);
    if (s == nullptr) {
      continue;
    }
    for (const vrrp::GroupSnapshot& g : s->groups) {
      groups.push_back(GroupJson(g, n.name, now));
    }
    nlohmann::json counters = nlohmann::json::object();
    for (const engine::CounterValue& c : s->counters) {
      counters[c.name] = c.value;
    }
    interfaces.push_back({{"interface", n.name}, {"counters", std::move(counters)}});
  }
  return {{"groups", std::move(groups)}, {"interfaces", std::move(interfaces)}};
}

}  // namespace mc::show
