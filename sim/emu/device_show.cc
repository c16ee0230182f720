// Device show commands (LAB-FORMAT.md §6): parses the words typed at the prompt (abbreviated as
// at an IOS prompt, `sh ip int br`, with an optional trailing `| json`), fills the plain views
// of show/device_show.h from the device's state and hands them to the renderers there:
// `show ip route`, `show ip interface brief`, `show interfaces`, `show mac address-table`,
// `show spanning-tree`, `show running-config`; IGMP, snooping, VRRP and PIM shows are dispatched
// to device_mcast.cc, device_snoop.cc, device_vrrp.cc and device_mfc.cc.
// Left out: filters (`| include`), per-interface and per-VLAN arguments.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "config/render.h"
#include "sim/emu/device.h"
#include "sim/emu/show_words.h"

namespace mc::sim {

namespace {

enum class ShowKind { kIpRoute, kIpIntBrief, kInterfaces, kMacTable, kStp, kStpVlan, kRunning };

// `show spanning-tree vlan N`: the VLAN ID, else nullopt.
std::optional<std::uint16_t> StpVlanArg(const std::vector<std::string>& words) {
  if (words.size() != 3 || !WordIs(words[0], "spanning-tree") || !WordIs(words[1], "vlan") ||
      words[2].empty() || words[2].size() > 4 ||
      !std::all_of(words[2].begin(), words[2].end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const int v = std::stoi(words[2]);
  return v >= 1 && v <= 4094 ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(v))
                             : std::nullopt;
}

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
      ok = WordIs(words[i], p.words[i]);
    }
    if (ok) {
      return p.kind;
    }
  }
  if (StpVlanArg(words)) {
    return ShowKind::kStpVlan;
  }
  return std::nullopt;
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
  if (IsIgmpShow(words) || IsVrrpShow(words) || IsPimShow(words) || IsSnoopShow(words)) {
    return true;
  }
  std::string text(args);
  if (json) {
    text.resize(text.rfind('|'));
  }
  return Classify(text).has_value();
}

std::optional<std::string> Device::Show(std::string_view args) const {
  bool json = false;
  const std::vector<std::string> words = ShowWords(args, json);
  if (IsIgmpShow(words)) {
    return ShowIgmp(words, json);
  }
  if (IsSnoopShow(words)) {
    return ShowSnoop(words, json);  // device_snoop.cc
  }
  if (IsVrrpShow(words)) {
    return ShowVrrp(words, json);
  }
  if (IsPimShow(words)) {
    return ShowPim(words, json);  // device_mfc.cc
  }
  std::string text(args);
  if (json) {
    text.resize(text.rfind('|'));
  }
  const std::optional<ShowKind> kind = Classify(text);
  if (!kind) {
    return std::nullopt;
  }
  const auto dump = [](const nlohmann::json& j) { return j.dump(2) + "\n"; };
  switch (*kind) {
    case ShowKind::kIpRoute:
      return json ? dump(show::IpRouteJson(RouteView())) : show::RenderIpRoute(RouteView());
    case ShowKind::kIpIntBrief:
      return json ? dump(show::InterfacesJson(InterfaceRows(), true))
                  : show::RenderIpInterfaceBrief(InterfaceRows());
    case ShowKind::kInterfaces:
      return json ? dump(show::InterfacesJson(InterfaceRows(), false))
                  : show::RenderInterfaces(InterfaceRows());
    case ShowKind::kMacTable:
      if (!bridge_) {
        return "% Invalid input detected: not a switch\n";
      }
      return json ? dump(show::MacAddressTableJson(MacRows()))
                  : show::RenderMacAddressTable(MacRows());
    case ShowKind::kStp:
      if (!bridge_) {
        return "% Invalid input detected: not a switch\n";
      }
      return json ? dump(show::SpanningTreeJson(StpEnabled(), StpViews()))
                  : show::RenderSpanningTree(StpEnabled(), StpViews());
    case ShowKind::kStpVlan: {
      if (!bridge_) {
        return "% Invalid input detected: not a switch\n";
      }
      std::vector<std::string> w;
      std::istringstream in{text};
      for (std::string x; in >> x;) {
        w.push_back(x);
      }
      const std::uint16_t vlan = *StpVlanArg(w);
      std::vector<show::StpVlanView> views = StpViews();
      std::erase_if(views, [&](const show::StpVlanView& v) { return v.vlan != vlan; });
      if (views.empty() && !json) {
        return fmt::format("Spanning tree instance(s) for vlan {} does not exist.\n", vlan);
      }
      return json ? dump(show::SpanningTreeJson(StpEnabled(), views))
                  : show::RenderSpanningTree(StpEnabled(), views);
    }
    case ShowKind::kRunning: {
      config::DeviceConfig c = config_;
      if (c.hostname.empty()) {
        c.hostname = name_;
      }
      const std::string text_config = config::RenderRunningConfig(c);
      return json ? dump(show::RunningConfigJson(text_config)) : text_config;
    }
  }
  return std::nullopt;
}

show::RouteTableView Device::RouteView() const {
  show::RouteTableView v;
  v.ip_routing = config_.ip_routing;
  v.default_gateway = config_.default_gateway;
  for (const Route& r : RoutingTable()) {
    show::RouteRow row;
    row.code = r.code == 'S' && r.prefix.length() == 0 ? "S*"
               : r.code == 'O' && r.inter_area         ? "O IA"
                                                       : std::string(1, r.code);
    row.prefix = r.prefix;
    row.distance = r.distance;
    row.metric = r.metric;
    row.next_hop = r.next_hop;
    if (r.iface) {
      row.interface = ifaces_[*r.iface].name;
    }
    v.routes.push_back(std::move(row));
  }
  return v;
}

std::vector<show::InterfaceRow> Device::InterfaceRows() const {
  std::vector<show::InterfaceRow> rows;
  for (const Iface& i : ifaces_) {
    show::InterfaceRow r;
    r.name = i.name;
    r.admin_up = i.admin_up;
    r.oper_up = i.OperUp();
    r.hardware = i.svi_vlan ? "EtherSVI" : (i.virtual_if ? "Loopback" : "Ethernet");
    r.mac = i.mac;
    if (i.address) {
      r.address = i.address->address;
      r.prefix_len = i.address->prefix_len;
    }
    r.packets_in = i.counters.frames_in;
    r.bytes_in = i.counters.bytes_in;
    r.packets_out = i.counters.frames_out;
    r.bytes_out = i.counters.bytes_out;
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string Device::PortName(IfIndex port) const {
  if (!port.valid() || port.value() > ifaces_.size()) {
    return "?";
  }
  return ifaces_[port.value() - 1].name;
}

std::vector<show::MacRow> Device::MacRows() const {
  std::vector<show::MacRow> rows;
  for (const l2::MacEntry& e : bridge_->Snap().mac_table) {
    show::MacRow r;
    r.vlan = e.vlan;
    r.mac = e.mac;
    r.is_static = e.type == l2::MacType::kStatic;
    for (const IfIndex p : e.ports) {
      r.ports.push_back(PortName(p));
      // The SVIs' own MACs are the switch's: IOS lists them as STATIC CPU.
      r.cpu = r.cpu || (p.value() >= 1 && p.value() <= ifaces_.size() &&
                        ifaces_[p.value() - 1].svi_vlan && !ifaces_[p.value() - 1].bridged);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

bool Device::StpEnabled() const { return bridge_ && bridge_->Snap().stp_enabled; }

std::vector<show::StpVlanView> Device::StpViews() const {
  const l2::BridgeSnapshot snap = bridge_->Snap();
  // VLANs in use: access VLANs of access ports, native and allowed (configured) VLANs of trunks.
  // Each VLAN shows its own instance (per-VLAN spanning tree); a VLAN without one runs VLAN 1's.
  std::set<IfIndex> stp_ports;
  for (const auto& [vlan, st] : snap.stp_vlans) {
    for (const l2::StpPortStatus& ps : st.ports) {
      stp_ports.insert(ps.port);
    }
  }
  std::map<std::uint16_t, std::vector<IfIndex>> members;
  for (const IfIndex port : stp_ports) {
    const Iface& i = ifaces_[port.value() - 1];
    if (!i.OperUp()) {
      continue;
    }
    const config::InterfaceConfig* c = config_.FindInterface(i.name);
    const config::InterfaceConfig cfg = c ? *c : config_.DefaultInterface(i.name);
    if (cfg.switchport_mode != config::SwitchportMode::kTrunk) {
      members[cfg.access_vlan].push_back(port);
      continue;
    }
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
        members[v].push_back(port);
      }
    }
  }
  std::vector<show::StpVlanView> views;
  for (const auto& [vlan, ports] : members) {
    const auto own = snap.stp_vlans.find(vlan);
    const l2::StpStatus& st = own != snap.stp_vlans.end() ? own->second : snap.stp;
    // The bridge IDs carry their instance's VLAN; a borrowed instance shows this VLAN's.
    const auto with_vlan = [&](const l2::BridgeId& id) {
      return static_cast<std::uint16_t>((id.priority & 0xF000) + vlan);
    };
    show::StpVlanView v;
    v.vlan = vlan;
    v.root_priority = with_vlan(st.root_id);
    v.root_address = st.root_id.address;
    v.is_root = st.IsRoot();
    v.root_path_cost = st.root_path_cost;
    v.root_port_number = static_cast<std::uint16_t>(st.root_port.value());
    v.root_port_name = PortName(st.root_port);
    v.bridge_priority = with_vlan(st.bridge_id);
    v.bridge_address = st.bridge_id.address;
    v.hello_time = st.hello_time;
    v.max_age = st.max_age;
    v.forward_delay = st.forward_delay;
    v.aging_time = snap.mac_aging;
    for (const IfIndex port : ports) {
      for (const l2::StpPortStatus& ps : st.ports) {
        if (ps.port == port) {
          v.ports.push_back({PortName(ps.port), std::string(l2::ToString(ps.role)),
                             std::string(l2::ToString(ps.state)), ps.cost, ps.port_id,
                             ps.point_to_point, ps.edge});
        }
      }
    }
    views.push_back(std::move(v));
  }
  return views;
}

}  // namespace mc::sim
