// IOS-format device show output and its JSON (device_show.h).
#include "show/device_show.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>

namespace mc::show {

namespace {

std::int64_t Secs(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
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

std::string LineStatus(const InterfaceRow& r) {
  return !r.admin_up ? "administratively down" : (r.oper_up ? "up" : "down");
}

const RouteRow* DefaultRoute(const std::vector<RouteRow>& routes) {
  const RouteRow* dflt = nullptr;
  for (const RouteRow& r : routes) {
    if (r.prefix.length() == 0 && r.next_hop) {
      dflt = &r;
    }
  }
  return dflt;
}

// One classful network's block: the "is subnetted" header, then its routes.
void RenderNetwork(const Prefix& net, std::vector<const RouteRow*> members, std::string& out) {
  std::stable_sort(members.begin(), members.end(),
                   [](const RouteRow* a, const RouteRow* b) { return a->prefix < b->prefix; });
  std::set<Prefix> subnets;
  std::set<std::uint8_t> masks;
  for (const RouteRow* r : members) {
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
  const RouteRow* previous = nullptr;
  for (const RouteRow* r : members) {
    const std::string lead = fmt::format("{:<9}", r->code);
    const std::string dest =
        subnetted && masks.size() == 1 ? r->prefix.address().ToString() : r->prefix.ToString();
    const bool ospf = r->code == "O" || r->code == "O IA";
    const bool continuation =
        previous != nullptr && previous->code == r->code && previous->prefix == r->prefix && ospf;
    previous = r;
    const bool connected = r->code == "C" || r->code == "L";
    if (ospf && r->next_hop && !r->interface.empty()) {
      // Equal-cost paths: IOS lists each further next hop on its own indented line.
      out += continuation ? std::string(lead.size() + dest.size() + 1, ' ')
                          : fmt::format("{}{} ", lead, dest);
      out +=
          fmt::format("[{}/{}] via {}, {}\n", r->distance, r->metric, *r->next_hop, r->interface);
    } else if (connected || !r->next_hop) {
      out += fmt::format("{}{} is directly connected, {}\n", lead, dest, r->interface);
    } else if (!r->interface.empty()) {
      out += fmt::format("{}{} [{}/0] via {}, {}\n", lead, dest, r->distance, *r->next_hop,
                         r->interface);
    } else {
      out += fmt::format("{}{} [{}/0] via {}\n", lead, dest, r->distance, *r->next_hop);
    }
  }
}

}  // namespace

std::string RenderIpRoute(const RouteTableView& v) {
  if (!v.ip_routing) {
    // IOS with routing off shows only the default gateway.
    const std::string gw = v.default_gateway
                               ? fmt::format("Default gateway is {}", *v.default_gateway)
                               : std::string("Default gateway is not set");
    return gw +
           "\n\nHost               Gateway           Last Use    Total Uses  Interface\n"
           "ICMP redirect cache is empty\n";
  }
  std::string out =
      "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
      "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area\n"
      "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
      "       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
      "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
      "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
      "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"
      "       + - replicated route, % - next hop override\n\n";
  const RouteRow* dflt = DefaultRoute(v.routes);
  out += dflt != nullptr
             ? fmt::format("Gateway of last resort is {} to network 0.0.0.0\n\n", *dflt->next_hop)
             : "Gateway of last resort is not set\n\n";
  // Grouped by classful network as IOS does, networks and routes in address order.
  std::map<Prefix, std::vector<const RouteRow*>> groups;
  for (const RouteRow& r : v.routes) {
    // A supernet (shorter than its classful network) stands alone, as IOS prints it.
    const Prefix classful = Classful(r.prefix.address());
    groups[r.prefix.length() < classful.length() ? r.prefix : classful].push_back(&r);
  }
  for (auto& [net, members] : groups) {
    RenderNetwork(net, std::move(members), out);
  }
  return out;
}

nlohmann::json IpRouteJson(const RouteTableView& v) {
  nlohmann::json routes = nlohmann::json::array();
  std::vector<const RouteRow*> sorted;
  for (const RouteRow& r : v.routes) {
    sorted.push_back(&r);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const RouteRow* a, const RouteRow* b) { return a->prefix < b->prefix; });
  for (const RouteRow* r : sorted) {
    routes.push_back({{"code", r->code},
                      {"prefix", r->prefix.ToString()},
                      {"distance", r->distance},
                      {"metric", r->metric},
                      {"next_hop", r->next_hop ? nlohmann::json(r->next_hop->ToString()) : nullptr},
                      {"interface", r->interface.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(r->interface)}});
  }
  const RouteRow* dflt = v.ip_routing ? DefaultRoute(v.routes) : nullptr;
  nlohmann::json j = {{"ip_routing", v.ip_routing},
                      {"gateway_of_last_resort",
                       dflt != nullptr ? nlohmann::json(dflt->next_hop->ToString()) : nullptr},
                      {"routes", v.ip_routing ? std::move(routes) : nlohmann::json::array()}};
  if (!v.ip_routing) {
    j["default_gateway"] =
        v.default_gateway ? nlohmann::json(v.default_gateway->ToString()) : nullptr;
  }
  return j;
}

std::string RenderIpInterfaceBrief(const std::vector<InterfaceRow>& rows) {
  std::string out = fmt::format("{:<27}{:<16}{:<4}{:<7}{:<22}{}\n", "Interface", "IP-Address",
                                "OK?", "Method", "Status", "Protocol");
  for (const InterfaceRow& r : rows) {
    const std::string addr = r.address ? r.address->ToString() : "unassigned";
    out += fmt::format("{:<27}{:<16}{:<4}{:<7}{:<22}{}\n", r.name, addr, "YES",
                       r.address ? "manual" : "unset", LineStatus(r), r.oper_up ? "up" : "down");
  }
  return out;
}

std::string RenderInterfaces(const std::vector<InterfaceRow>& rows) {
  std::string out;
  for (const InterfaceRow& r : rows) {
    out += fmt::format("{} is {}, line protocol is {}\n", r.name, LineStatus(r),
                       r.oper_up ? "up" : "down");
    out += fmt::format("  Hardware is {}, address is {} (bia {})\n", r.hardware,
                       r.mac.ToCiscoString(), r.mac.ToCiscoString());
    if (r.address) {
      out += fmt::format("  Internet address is {}/{}\n", *r.address, r.prefix_len);
    }
    out += "  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,\n";
    out += fmt::format("     {} packets input, {} bytes\n", r.packets_in, r.bytes_in);
    out += fmt::format("     {} packets output, {} bytes\n", r.packets_out, r.bytes_out);
  }
  return out;
}

nlohmann::json InterfacesJson(const std::vector<InterfaceRow>& rows, bool brief) {
  nlohmann::json list = nlohmann::json::array();
  for (const InterfaceRow& r : rows) {
    nlohmann::json j = {
        {"name", r.name},
        {"status", LineStatus(r)},
        {"protocol", r.oper_up ? "up" : "down"},
        {"address", r.address ? nlohmann::json(r.address->ToString()) : nullptr},
    };
    if (!brief) {
      j["prefix_length"] = r.address ? nlohmann::json(r.prefix_len) : nullptr;
      j["hardware"] = r.hardware;
      j["mac"] = r.mac.ToString();
      j["packets_in"] = r.packets_in;
      j["bytes_in"] = r.bytes_in;
      j["packets_out"] = r.packets_out;
      j["bytes_out"] = r.bytes_out;
    }
    list.push_back(std::move(j));
  }
  return {{"interfaces", std::move(list)}};
}

std::string RenderMacAddressTable(const std::vector<MacRow>& rows) {
  std::string out =
      "          Mac Address Table\n"
      "-------------------------------------------\n\n"
      "Vlan    Mac Address       Type        Ports\n"
      "----    -----------       --------    -----\n";
  for (const MacRow& r : rows) {
    std::string ports;
    for (const std::string& p : r.ports) {
      ports += (ports.empty() ? "" : ",") + p;
    }
    out += fmt::format("{:>4}    {}    {:<12}{}\n", r.vlan, r.mac.ToCiscoString(),
                       r.is_static ? "STATIC" : "DYNAMIC", r.cpu ? "CPU" : ports);
  }
  out += fmt::format("Total Mac Addresses for this criterion: {}\n", rows.size());
  return out;
}

nlohmann::json MacAddressTableJson(const std::vector<MacRow>& rows) {
  nlohmann::json list = nlohmann::json::array();
  for (const MacRow& r : rows) {
    list.push_back({{"vlan", r.vlan},
                    {"mac", r.mac.ToString()},
                    {"type", r.is_static ? "static" : "dynamic"},
                    {"cpu", r.cpu},
                    {"ports", r.ports}});
  }
  return {{"entries", std::move(list)}};
}

std::string RenderSpanningTree(bool enabled, const std::vector<StpVlanView>& vlans) {
  if (!enabled) {
    return "No spanning tree instance exists.\n";
  }
  std::string out;
  for (const StpVlanView& v : vlans) {
    const std::string times =
        fmt::format("Hello Time   {} sec  Max Age {} sec  Forward Delay {} sec", Secs(v.hello_time),
                    Secs(v.max_age), Secs(v.forward_delay));
    out += fmt::format("VLAN{:04}\n  Spanning tree enabled protocol rstp\n", v.vlan);
    out += fmt::format("  Root ID    Priority    {}\n             Address     {}\n",
                       v.root_priority, v.root_address.ToCiscoString());
    if (v.is_root) {
      out += "             This bridge is the root\n";
    } else {
      out += fmt::format("             Cost        {}\n             Port        {} ({})\n",
                         v.root_path_cost, v.root_port_number, v.root_port_name);
    }
    out += "             " + times + "\n\n";
    out += fmt::format(
        "  Bridge ID  Priority    {}  (priority {} sys-id-ext {})\n             Address     {}\n",
        v.bridge_priority, v.bridge_priority - v.vlan, v.vlan, v.bridge_address.ToCiscoString());
    out += "             " + times + "\n";
    out += fmt::format("             Aging Time  {} sec\n\n", Secs(v.aging_time));
    out +=
        "Interface           Role Sts Cost      Prio.Nbr Type\n"
        "------------------- ---- --- --------- -------- --------------------------------\n";
    for (const StpPortRow& p : v.ports) {
      std::string type = p.point_to_point ? "P2p" : "Shr";
      if (p.edge) {
        type += " Edge";
      }
      out += fmt::format("{:<19} {:<4} {:<3} {:<9} {:<8} {}\n", p.name, p.role, p.state, p.cost,
                         fmt::format("{}.{}", p.port_id >> 8, p.port_id & 0xff), type);
    }
    out += "\n";
  }
  return out;
}

nlohmann::json SpanningTreeJson(bool enabled, const std::vector<StpVlanView>& vlans) {
  nlohmann::json list = nlohmann::json::array();
  for (const StpVlanView& v : vlans) {
    nlohmann::json ports = nlohmann::json::array();
    for (const StpPortRow& p : v.ports) {
      ports.push_back({{"interface", p.name},
                       {"role", p.role},
                       {"state", p.state},
                       {"cost", p.cost},
                       {"priority", p.port_id >> 8},
                       {"number", p.port_id & 0xff},
                       {"point_to_point", p.point_to_point},
                       {"edge", p.edge}});
    }
    list.push_back(
        {{"vlan", v.vlan},
         {"protocol", "rstp"},
         {"root",
          {{"priority", v.root_priority},
           {"address", v.root_address.ToString()},
           {"this_bridge", v.is_root},
           {"cost", v.root_path_cost},
           {"port", v.is_root ? nlohmann::json(nullptr) : nlohmann::json(v.root_port_name)}}},
         {"bridge", {{"priority", v.bridge_priority}, {"address", v.bridge_address.ToString()}}},
         {"hello_time_s", Secs(v.hello_time)},
         {"max_age_s", Secs(v.max_age)},
         {"forward_delay_s", Secs(v.forward_delay)},
         {"aging_time_s", Secs(v.aging_time)},
         {"ports", std::move(ports)}});
  }
  return {{"enabled", enabled}, {"vlans", std::move(list)}};
}

nlohmann::json RunningConfigJson(const std::string& text) {
  nlohmann::json lines = nlohmann::json::array();
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return {{"lines", std::move(lines)}};
}

}  // namespace mc::show
