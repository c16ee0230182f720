// The device-level show commands in Cisco IOS layouts (LAB-FORMAT.md §6) and their `| json`
// form: `show ip route`, `show ip interface brief`, `show interfaces`, `show mac address-table`,
// `show spanning-tree` and `show running-config`. The host (emulator device, later mcastd)
// fills plain views from its state; this file only renders them, so text and JSON always carry
// the same data.
// Left out: IOS filters (`| include`, `| section`), per-interface and per-VLAN arguments, the
// error and queue counters of `show interfaces` (the emulator has no queues).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/time.h"

namespace mc::show {

// ---- show ip route ----

struct RouteRow {
  std::string code;  // "C", "L", "S", "S*", "O", "O IA"
  Prefix prefix;
  std::uint8_t distance = 0;
  std::uint32_t metric = 0;
  std::optional<Ipv4> next_hop;
  std::string interface;  // empty when the route has only a next hop
};

struct RouteTableView {
  bool ip_routing = true;
  std::optional<Ipv4> default_gateway;  // `ip default-gateway`, shown when routing is off
  std::vector<RouteRow> routes;         // any order; rendered grouped and sorted as IOS does
};

std::string RenderIpRoute(const RouteTableView& v);
nlohmann::json IpRouteJson(const RouteTableView& v);

// ---- show ip interface brief, show interfaces ----

struct InterfaceRow {
  std::string name;
  bool admin_up = true;
  bool oper_up = false;
  std::string hardware;  // "Ethernet", "EtherSVI", "Loopback"
  Mac mac;
  std::optional<Ipv4> address;
  std::uint8_t prefix_len = 0;
  std::uint64_t packets_in = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t packets_out = 0;
  std::uint64_t bytes_out = 0;
};

std::string RenderIpInterfaceBrief(const std::vector<InterfaceRow>& rows);
std::string RenderInterfaces(const std::vector<InterfaceRow>& rows);
nlohmann::json InterfacesJson(const std::vector<InterfaceRow>& rows, bool brief);

// ---- show mac address-table ----

struct MacRow {
  std::uint16_t vlan = 0;
  Mac mac;
  bool is_static = false;
  bool cpu = false;  // the switch's own address (an SVI's MAC): IOS prints "CPU" as the port
  std::vector<std::string> ports;
};

std::string RenderMacAddressTable(const std::vector<MacRow>& rows);
nlohmann::json MacAddressTableJson(const std::vector<MacRow>& rows);

// ---- show spanning-tree ----

struct StpPortRow {
  std::string name;
  std::string role;   // "Root", "Desg", "Altn", "Back", "Disb"
  std::string state;  // "FWD", "BLK", "LRN", "DIS"
  std::uint32_t cost = 0;
  std::uint16_t port_id = 0;  // priority << 8 | number
  bool point_to_point = true;
  bool edge = false;
};

struct StpVlanView {
  std::uint16_t vlan = 0;
  std::uint16_t root_priority = 0;  // with the VLAN's sys-id-ext added, as IOS prints it
  Mac root_address;
  bool is_root = false;
  std::uint32_t root_path_cost = 0;
  std::uint16_t root_port_number = 0;
  std::string root_port_name;
  std::uint16_t bridge_priority = 0;  // with sys-id-ext
  Mac bridge_address;
  Duration hello_time;
  Duration max_age;
  Duration forward_delay;
  Duration aging_time;
  std::vector<StpPortRow> ports;
};

// `enabled` false: "No spanning tree instance exists."
std::string RenderSpanningTree(bool enabled, const std::vector<StpVlanView>& vlans);
nlohmann::json SpanningTreeJson(bool enabled, const std::vector<StpVlanView>& vlans);

// ---- show running-config ----

// `| json` of the running config: its lines in order, as `show running-config` prints them.
nlohmann::json RunningConfigJson(const std::string& text);

}  // namespace mc::show
