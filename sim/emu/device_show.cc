// Device show commands in Cisco IOS layouts (LAB-FORMAT.md §6): `show ip route`,
// `show ip interface brief`, `show interfaces`, `show mac address-table`, `show spanning-tree`,
// `show running-config`. Words may be abbreviated as at an IOS prompt (`sh ip int br`).
// Left out: `| json`, filters (`| include`), per-interface and per-VLAN arguments.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "config/render.h"
#include "sim/emu/device.h"

namespace mc::sim {

namespace {

enum class ShowKind { kIpRoute, kIpIntBrief, kInterfaces, kMacTable, kStp, kRunning };

struct ShowPattern {
  std::vector<std::string_view> words;
  ShowKind kind;
};

const std::vector<ShowPattern>& Patterns() {
  static const std::vector<ShowPattern> kPatterns = {
      {{"ip", "route"}, ShowKind::kIpRoute},
      {{"ip", "interface", "brief"}, ShowKind::kIpIntBrief},
      {{"interfaces"}, ShowKind::kInterfaces},
      {{"mac", "address-table"}, ShowKind::kMacTable},
      {{"mac-address-table"}, ShowKind::kMacTable},
      {{"spanning-tree"}, ShowKind::kStp},
      {{"running-config"}, ShowKind::kRunning},
  };
  return kPatterns;
}

bool IsPrefixOf(std::string_view typed, std::string_view word) {
  if (typed.empty() || typed.size() > word.size()) {
    return false;
  }
  for (std::size_t i = 0; i < typed.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(typed[i])) != word[i]) {
      return false;
    }
  }
  return true;
}

std::optional<ShowKind> Classify(std::string_view args) {
  std::vector<std::string> words;
  std::istringstream in{std::string(args)};
  for (std::string w; in >> w;) {
    words.push_back(w);
  }
  for (const ShowPattern& p : Patterns()) {
    if (p.words.size() != words.size()) {
      continue;
    }
    bool ok = true;
    for (std::size_t i = 0; i < words.size() && ok; ++i) {
      ok = IsPrefixOf(words[i], p.words[i]);
    }
    if (ok) {
      return p.kind;
    }
  }
  return std::nullopt;
}

// IOS classful network of an address, for the "is subnetted" headers.
Prefix Classful(Ipv4 a) {
  const std::uint32_t v = a.value();
  if ((v >> 31) == 0) {
    return Prefix::Make(a, 8);
  }
  if ((v >> 30) == 2) {
    return Prefix::Make(a, 16);
  }
  return Prefix::Make(a, 24);
}

std::string Status(bool admin_up, bool oper_up) {
  return !admin_up ? "administratively down" : (oper_up ? "up" : "down");
}

// Splits the words of a show command and a trailing `| json` (spaces around `|` optional).
std::vector<std::string> ShowWords(std::string_view args, bool& json) {
  std::string text(args);
  json = false;
  const std::size_t bar = text.rfind('|');
  if (bar != std::string::npos) {
    std::string tail = text.substr(bar + 1);
    std::erase(tail, ' ');
    if (tail == "json") {
      json = true;
      text.resize(bar);
    }
  }
  std::vector<std::string> words;
  std::istringstream in{text};
  for (std::string w; in >> w;) {
    words.push_back(w);
  }
  return words;
}

}  // namespace

bool Device::ShowSupported(std::string_view args) {
  bool json = false;
  const std::vector<std::string> words = ShowWords(args, json);
  if (IsIgmpShow(words)) {
    return true;
  }
  return !json && Classify(args).has_value();
}

std::optional<std::string> Device::Show(std::string_view args) const {
  bool json = false;
  const std::vector<std::string> words = ShowWords(args, json);
  if (IsIgmpShow(words)) {
    return ShowIgmp(words, json);
  }
  if (json) {
    return std::nullopt;
  }
  const std::optional<ShowKind> kind = Classify(args);
  if (!kind) {
    return std::nullopt;
  }
  switch (*kind) {
    case ShowKind::kIpRoute:
      return ShowIpRoute();
    case ShowKind::kIpIntBrief:
      return ShowIpInterfaceBrief();
    case ShowKind::kInterfaces:
      return ShowInterfaces();
    case ShowKind::kMacTable:
      return ShowMacAddressTable();
    case ShowKind::kStp:
      return ShowSpanningTree();
    case ShowKind::kRunning: {
      config::DeviceConfig c = config_;
      if (c.hostname.empty()) {
        c.hostname = name_;
      }
      return config::RenderRunningConfig(c);
    }
  }
  return std::nullopt;
}

std::string Device::ShowIpRoute() const {
  std::string out =
      "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
      "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area\n"
      "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
      "       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
      "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
      "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
      "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"
      "       + - replicated route, % - next hop override\n\n";
  std::vector<Route> routes = RoutingTable();
  const Route* dflt = nullptr;
  for (const Route& r : routes) {
    if (r.prefix.length() == 0 && r.next_hop) {
      dflt = &r;
    }
  }
  if (!config_.ip_routing) {
    // IOS with routing off shows only the default gateway.
    if (config_.default_gateway) {
      return fmt::format(
          "Default gateway is {}\n\nHost               Gateway           Last "
          "Use    Total Uses  Interface\nICMP redirect cache is empty\n",
          *config_.default_gateway);
    }
    return "Default gateway is not set\n\nHost               Gateway           Last Use    Total "
           "Uses  Interface\nICMP redirect cache is empty\n";
  }
  out += dflt != nullptr
             ? fmt::format("Gateway of last resort is {} to network 0.0.0.0\n\n", *dflt->next_hop)
             : "Gateway of last resort is not set\n\n";
  // Group by classful network as IOS does, networks and routes in address order.
  std::map<Prefix, std::vector<const Route*>> groups;
  for (const Route& r : routes) {
    groups[r.prefix.length() == 0 ? Prefix{} : Classful(r.prefix.address())].push_back(&r);
  }
  for (auto& [net, members] : groups) {
    std::stable_sort(members.begin(), members.end(),
                     [](const Route* a, const Route* b) { return a->prefix < b->prefix; });
    std::set<Prefix> subnets;
    std::set<std::uint8_t> masks;
    for (const Route* r : members) {
      subnets.insert(r->prefix);
      masks.insert(r->prefix.length());
    }
    const bool subnetted = net.length() != 0 && !(subnets.size() == 1 && *subnets.begin() == net);
    if (subnetted) {
      if (masks.size() == 1) {
        out += fmt::format("      {} is subnetted, {} subnet{}\n",
                           Prefix::Make(net.address(), *masks.begin()), subnets.size(),
                           subnets.size() == 1 ? "" : "s");
      } else {
        out += fmt::format("      {} is variably subnetted, {} subnets, {} masks\n", net,
                           subnets.size(), masks.size());
      }
    }
    const Route* previous = nullptr;
    for (const Route* r : members) {
      const std::string code = r->code == 'S' && r->prefix.length() == 0 ? "S*"
                               : r->code == 'O' && r->inter_area         ? "O IA"
                                                                         : std::string(1, r->code);
      const std::string lead = fmt::format("{:<9}", code);
      const std::string dest =
          subnetted && masks.size() == 1 ? r->prefix.address().ToString() : r->prefix.ToString();
      const bool continuation = previous != nullptr && previous->code == r->code &&
                                previous->prefix == r->prefix && r->code == 'O';
      previous = r;
      if (r->code == 'O' && r->next_hop && r->iface) {
        // Equal-cost paths: IOS lists each further next hop on its own indented line.
        out += continuation ? std::string(lead.size() + dest.size() + 1, ' ')
                            : fmt::format("{}{} ", lead, dest);
        out += fmt::format("[{}/{}] via {}, {}\n", r->distance, r->metric, *r->next_hop,
                           ifaces_[*r->iface].name);
      } else if (r->code == 'C' || r->code == 'L') {
        out += fmt::format("{}{} is directly connected, {}\n", lead, dest, ifaces_[*r->iface].name);
      } else if (r->next_hop && r->iface) {
        out += fmt::format("{}{} [{}/0] via {}, {}\n", lead, dest, r->distance, *r->next_hop,
                           ifaces_[*r->iface].name);
      } else if (r->next_hop) {
        out += fmt::format("{}{} [{}/0] via {}\n", lead, dest, r->distance, *r->next_hop);
      } else {
        out += fmt::format("{}{} is directly connected, {}\n", lead, dest, ifaces_[*r->iface].name);
      }
    }
  }
  return out;
}

std::string Device::ShowIpInterfaceBrief() const {
  std::string out = fmt::format("{:<27}{:<16}{:<4}{:<7}{:<22}{}\n", "Interface", "IP-Address",
                                "OK?", "Method", "Status", "Protocol");
  for (const Iface& i : ifaces_) {
    const std::string addr = i.address ? i.address->address.ToString() : "unassigned";
    out += fmt::format("{:<27}{:<16}{:<4}{:<7}{:<22}{}\n", i.name, addr, "YES",
                       i.address ? "manual" : "unset", Status(i.admin_up, i.OperUp()),
                       i.OperUp() ? "up" : "down");
  }
  return out;
}

std::string Device::ShowInterfaces() const {
  std::string out;
  for (const Iface& i : ifaces_) {
    out += fmt::format("{} is {}, line protocol is {}\n", i.name, Status(i.admin_up, i.OperUp()),
                       i.OperUp() ? "up" : "down");
    out += fmt::format("  Hardware is {}, address is {} (bia {})\n",
                       i.svi_vlan ? "EtherSVI" : (i.virtual_if ? "Loopback" : "Ethernet"),
                       i.mac.ToCiscoString(), i.mac.ToCiscoString());
    if (i.address) {
      out +=
          fmt::format("  Internet address is {}/{}\n", i.address->address, i.address->prefix_len);
    }
    out += "  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,\n";
    out +=
        fmt::format("     {} packets input, {} bytes\n", i.counters.frames_in, i.counters.bytes_in);
    out += fmt::format("     {} packets output, {} bytes\n", i.counters.frames_out,
                       i.counters.bytes_out);
  }
  return out;
}

std::string Device::PortName(IfIndex port) const {
  if (!port.valid() || port.value() > ifaces_.size()) {
    return "?";
  }
  return ifaces_[port.value() - 1].name;
}

std::string Device::ShowMacAddressTable() const {
  if (!bridge_) {
    return "% Invalid input detected: not a switch\n";
  }
  const l2::BridgeSnapshot snap = bridge_->Snap();
  std::string out =
      "          Mac Address Table\n"
      "-------------------------------------------\n\n"
      "Vlan    Mac Address       Type        Ports\n"
      "----    -----------       --------    -----\n";
  std::size_t n = 0;
  for (const l2::MacEntry& e : snap.mac_table) {
    std::string ports;
    for (const IfIndex p : e.ports) {
      ports += (ports.empty() ? "" : ",") + PortName(p);
    }
    // The SVIs' own MACs are the switch's: IOS lists them as STATIC CPU.
    bool cpu = false;
    for (const IfIndex p : e.ports) {
      cpu = cpu || (p.value() >= 1 && p.value() <= ifaces_.size() &&
                    ifaces_[p.value() - 1].svi_vlan && !ifaces_[p.value() - 1].bridged);
    }
    out += fmt::format("{:>4}    {}    {:<12}{}\n", e.vlan, e.mac.ToCiscoString(),
                       e.type == l2::MacType::kStatic ? "STATIC" : "DYNAMIC", cpu ? "CPU" : ports);
    ++n;
  }
  out += fmt::format("Total Mac Addresses for this criterion: {}\n", n);
  return out;
}

std::string Device::ShowSpanningTree() const {
  if (!bridge_) {
    return "% Invalid input detected: not a switch\n";
  }
  const l2::BridgeSnapshot snap = bridge_->Snap();
  if (!snap.stp_enabled) {
    return "No spanning tree instance exists.\n";
  }
  const l2::StpStatus& st = snap.stp;
  // VLANs in use: access VLANs of access ports, native and allowed (configured) VLANs of trunks.
  std::set<std::uint16_t> vlans;
  std::map<std::uint16_t, std::vector<const l2::StpPortStatus*>> members;
  for (const l2::StpPortStatus& ps : st.ports) {
    const Iface& i = ifaces_[ps.port.value() - 1];
    const config::InterfaceConfig* c = config_.FindInterface(i.name);
    const config::InterfaceConfig cfg = c ? *c : config_.DefaultInterface(i.name);
    if (!i.OperUp()) {
      continue;
    }
    if (cfg.switchport_mode == config::SwitchportMode::kTrunk) {
      std::set<std::uint16_t> carried{cfg.trunk_native_vlan};
      for (const auto& [v, unused] : config_.vlans) {
        carried.insert(v);
      }
      for (const Iface& other : ifaces_) {
        if (other.svi_vlan) {
          carried.insert(*other.svi_vlan);
        }
      }
      for (const auto& other : config_.interfaces) {
        if (other.switchport && other.switchport_mode != config::SwitchportMode::kTrunk) {
          carried.insert(other.access_vlan);
        }
      }
      for (const std::uint16_t v : carried) {
        if (cfg.trunk_allowed_vlans.Contains(v)) {
          members[v].push_back(&ps);
        }
      }
    } else {
      members[cfg.access_vlan].push_back(&ps);
    }
  }
  std::string out;
  auto times = [](const l2::StpStatus& s) {
    return fmt::format("Hello Time   {} sec  Max Age {} sec  Forward Delay {} sec",
                       std::chrono::duration_cast<std::chrono::seconds>(s.hello_time).count(),
                       std::chrono::duration_cast<std::chrono::seconds>(s.max_age).count(),
                       std::chrono::duration_cast<std::chrono::seconds>(s.forward_delay).count());
  };
  for (const auto& [vlan, ports] : members) {
    const std::uint16_t prio = static_cast<std::uint16_t>(st.bridge_id.priority - 1 + vlan);
    const std::uint16_t root_prio = static_cast<std::uint16_t>(st.root_id.priority - 1 + vlan);
    out += fmt::format("VLAN{:04}\n  Spanning tree enabled protocol rstp\n", vlan);
    out += fmt::format("  Root ID    Priority    {}\n             Address     {}\n", root_prio,
                       st.root_id.address.ToCiscoString());
    if (st.IsRoot()) {
      out += "             This bridge is the root\n";
    } else {
      out += fmt::format("             Cost        {}\n             Port        {} ({})\n",
                         st.root_path_cost, st.root_port.value(), PortName(st.root_port));
    }
    out += "             " + times(st) + "\n\n";
    out += fmt::format(
        "  Bridge ID  Priority    {}  (priority {} sys-id-ext {})\n             Address     {}\n",
        prio, prio - vlan, vlan, st.bridge_id.address.ToCiscoString());
    out += "             " + times(st) + "\n";
    out += fmt::format("             Aging Time  {} sec\n\n",
                       std::chrono::duration_cast<std::chrono::seconds>(snap.mac_aging).count());
    out +=
        "Interface           Role Sts Cost      Prio.Nbr Type\n"
        "------------------- ---- --- --------- -------- --------------------------------\n";
    for (const l2::StpPortStatus* ps : ports) {
      std::string type = ps->point_to_point ? "P2p" : "Shr";
      if (ps->edge) {
        type += " Edge";
      }
      out += fmt::format("{:<19} {:<4} {:<3} {:<9} {:<8} {}\n", PortName(ps->port),
                         l2::ToString(ps->role), l2::ToString(ps->state), ps->cost,
                         fmt::format("{}.{}", ps->port_id >> 8, ps->port_id & 0xff), type);
    }
    out += "\n";
  }
  return out;
}

}  // namespace mc::sim
