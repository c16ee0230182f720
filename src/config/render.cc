// RenderRunningConfig: DeviceConfig -> IOS running-config text.
#include "config/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <vector>

namespace mc::config {
namespace {

using Section = std::vector<std::string>;

std::string AddressLine(const InterfaceAddress& a, bool secondary) {
  return fmt::format(" ip address {} {}{}", a.address, a.mask, secondary ? " secondary" : "");
}

// `ip pim <mode>` and the `ip igmp` lines that differ from the IOS defaults, in IOS's order.
void AddMulticastLines(const InterfaceConfig& i, Section& s) {
  if (i.pim_mode) {
    s.push_back(fmt::format(" ip pim {}", ToString(*i.pim_mode)));
  }
  for (std::string& line : RenderPimInterfaceLines(i.pim)) {
    s.push_back(std::move(line));
  }
  const IgmpInterfaceConfig& g = i.igmp;
  const IgmpInterfaceConfig d;
  if (!g.access_group.empty()) {
    s.push_back(fmt::format(" ip igmp access-group {}", g.access_group));
  }
  for (const IgmpGroupSpec& j : g.join_groups) {
    s.push_back(j.source ? fmt::format(" ip igmp join-group {} source {}", j.group, *j.source)
                         : fmt::format(" ip igmp join-group {}", j.group));
  }
  for (const IgmpGroupSpec& j : g.static_groups) {
    s.push_back(j.source ? fmt::format(" ip igmp static-group {} source {}", j.group, *j.source)
                         : fmt::format(" ip igmp static-group {}", j.group));
  }
  if (g.version) {
    s.push_back(fmt::format(" ip igmp version {}", *g.version));
  }
  if (g.query_interval_s != d.query_interval_s) {
    s.push_back(fmt::format(" ip igmp query-interval {}", g.query_interval_s));
  }
  if (g.query_max_response_time_s != d.query_max_response_time_s) {
    s.push_back(fmt::format(" ip igmp query-max-response-time {}", g.query_max_response_time_s));
  }
  if (g.querier_timeout_s) {
    s.push_back(fmt::format(" ip igmp query-timeout {}", *g.querier_timeout_s));
  }
  if (g.robustness != d.robustness) {
    s.push_back(fmt::format(" ip igmp robustness {}", g.robustness));
  }
  if (g.last_member_query_count != d.last_member_query_count) {
    s.push_back(fmt::format(" ip igmp last-member-query-count {}", g.last_member_query_count));
  }
  if (g.last_member_query_interval_ms != d.last_member_query_interval_ms) {
    s.push_back(
        fmt::format(" ip igmp last-member-query-interval {}", g.last_member_query_interval_ms));
  }
  if (g.limit) {
    // Catalyst switchports spell it `ip igmp max-groups` (the same field, commands_igmp.cc).
    s.push_back(fmt::format(" ip igmp {} {}", i.switchport ? "max-groups" : "limit", *g.limit));
  }
  if (g.limit_action == IgmpLimitAction::kReplace) {
    s.push_back(" ip igmp max-groups action replace");
  }
  if (g.immediate_leave) {
    s.push_back(g.immediate_leave_acl.empty()
                    ? std::string(" ip igmp immediate-leave")
                    : fmt::format(" ip igmp immediate-leave group-list {}", g.immediate_leave_acl));
  }
  if (!g.filter_profile.empty()) {
    s.push_back(fmt::format(" ip igmp filter {}", g.filter_profile));
  }
}

// L3 settings first: `no switchport` must precede `ip address` when the config is read back.
void AddL3Lines(const InterfaceConfig& i, bool default_switchport, Section& s) {
  if (i.switchport != default_switchport) {
    s.push_back(i.switchport ? " switchport" : " no switchport");
  }
  if (!i.vrf.empty()) {
    s.push_back(fmt::format(" ip vrf forwarding {}", i.vrf));
  }
  if (i.address) {
    s.push_back(AddressLine(*i.address, false));
  }
  for (const InterfaceAddress& a : i.secondary_addresses) {
    s.push_back(AddressLine(a, true));
  }
  if (i.ospf) {
    s.push_back(fmt::format(" ip ospf {} area {}", i.ospf->process, i.ospf->area));
  }
  if (i.ospf_cost) {
    s.push_back(fmt::format(" ip ospf cost {}", *i.ospf_cost));
  }
  AddMulticastLines(i, s);
  AppendVrrpInterfaceLines(i.vrrp, s);  // vrrp_config.h
  if (i.shutdown) {
    s.push_back(" shutdown");
  }
}

void AddL2Lines(const InterfaceConfig& i, Section& s) {
  if (i.access_vlan != 1) {
    s.push_back(fmt::format(" switchport access vlan {}", i.access_vlan));
  }
  if (i.trunk_encapsulation_dot1q) {
    s.push_back(" switchport trunk encapsulation dot1q");
  }
  if (i.trunk_native_vlan != 1) {
    s.push_back(fmt::format(" switchport trunk native vlan {}", i.trunk_native_vlan));
  }
  if (!i.trunk_allowed_vlans.IsAll()) {
    s.push_back(fmt::format(" switchport trunk allowed vlan {}", i.trunk_allowed_vlans.ToString()));
  }
  if (i.switchport_mode) {
    s.push_back(fmt::format(" switchport mode {}", ToString(*i.switchport_mode)));
  }
  if (i.stp_portfast) {
    s.push_back(" spanning-tree portfast");
  }
  if (i.stp_cost) {
    s.push_back(fmt::format(" spanning-tree cost {}", *i.stp_cost));
  }
  AddSnoopInterfaceLines(i.snoop, s);  // snoop_config.h
}

Section InterfaceSection(const DeviceConfig& cfg, const InterfaceConfig& i) {
  Section s{fmt::format("interface {}", i.name)};
  if (!i.description.empty()) {
    s.push_back(fmt::format(" description {}", i.description));
  }
  AddL3Lines(i, cfg.DefaultInterface(i.name).switchport, s);
  AddL2Lines(i, s);
  return s;
}

Section OspfSection(std::uint32_t pid, const OspfProcess& p) {
  Section s{fmt::format("router ospf {}", pid)};
  if (p.router_id) {
    s.push_back(fmt::format(" router-id {}", *p.router_id));
  }
  if (p.passive_default) {
    s.push_back(" passive-interface default");
  }
  for (const std::string& name : p.non_passive_interfaces) {
    s.push_back(fmt::format(" no passive-interface {}", name));
  }
  for (const std::string& name : p.passive_interfaces) {
    s.push_back(fmt::format(" passive-interface {}", name));
  }
  for (const OspfNetwork& n : p.networks) {
    s.push_back(fmt::format(" network {} {} area {}", n.address, n.wildcard, n.area));
  }
  return s;
}

std::string AclEntryText(const AclEntry& e) {
  if (e.action == AclAction::kRemark) {
    return fmt::format("remark {}", e.remark);
  }
  const std::string_view action = e.action == AclAction::kPermit ? "permit" : "deny";
  if (e.match.wildcard == Ipv4{0xFFFFFFFF}) {
    return fmt::format("{} any", action);
  }
  if (e.match.wildcard.IsUnspecified()) {
    return fmt::format("{} {}", action, e.match.address);
  }
  return fmt::format("{} {} {}", action, e.match.address, e.match.wildcard);
}

bool IsNumbered(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint32_t NumberOf(const std::string& name) {
  std::uint32_t n = 0;
  std::from_chars(name.data(), name.data() + name.size(), n);
  return n;
}

void AddAclSections(const DeviceConfig& cfg, std::vector<Section>& out) {
  std::vector<const std::string*> numbered;
  for (const auto& [name, acl] : cfg.access_lists) {
    if (IsNumbered(name) && !acl.entries.empty()) {  // an empty list has no access-list line
      numbered.push_back(&name);
      continue;
    }
    Section s{fmt::format("ip access-list standard {}", name)};
    for (const AclEntry& e : acl.entries) {
      s.push_back(" " + AclEntryText(e));
    }
    out.push_back(std::move(s));
  }
  std::sort(numbered.begin(), numbered.end(),
            [](const std::string* a, const std::string* b) { return NumberOf(*a) < NumberOf(*b); });
  Section lines;
  for (const std::string* name : numbered) {
    const AccessList& acl = cfg.access_lists.at(*name);
    for (const AclEntry& e : acl.entries) {
      lines.push_back(fmt::format("access-list {} {}", *name, AclEntryText(e)));
    }
  }
  out.push_back(std::move(lines));
}

Section SystemSection(const DeviceConfig& cfg) {
  Section s;
  if (!cfg.hostname.empty()) {
    s.push_back(fmt::format("hostname {}", cfg.hostname));
  }
  if (cfg.ip_routing != IpRoutingDefault(cfg.kind)) {
    s.push_back(cfg.ip_routing ? "ip routing" : "no ip routing");
  }
  return s;
}

void AddVrfAndMulticastSections(const DeviceConfig& cfg, std::vector<Section>& out) {
  for (const auto& [name, vrf] : cfg.vrfs) {
    Section s{fmt::format("ip vrf {}", name)};
    if (!vrf.rd.empty()) {
      s.push_back(fmt::format(" rd {}", vrf.rd));
    }
    out.push_back(std::move(s));
  }
  Section mcast;
  if (cfg.multicast_routing) {
    mcast.push_back("ip multicast-routing");
  }
  for (const std::string& vrf : cfg.multicast_routing_vrfs) {
    mcast.push_back(fmt::format("ip multicast-routing vrf {}", vrf));
  }
  for (std::string& line : RenderPimGlobalLines(cfg.pim)) {
    mcast.push_back(std::move(line));
  }
  out.push_back(std::move(mcast));
}

// VLANs sharing a bridge priority print as one list, as IOS does ("vlan 1-10 priority 4096").
Section SpanningTreeSection(const DeviceConfig& cfg) {
  Section s;
  if (cfg.stp_mode != StpMode::kPvst) {
    s.push_back(fmt::format("spanning-tree mode {}", ToString(cfg.stp_mode)));
  }
  std::map<std::uint32_t, VlanSet> by_priority;
  for (const auto& [vlan, priority] : cfg.stp_vlan_priority) {
    by_priority[priority].Add(VlanSet::Of(vlan));
  }
  for (const auto& [priority, vlans] : by_priority) {
    s.push_back(fmt::format("spanning-tree vlan {} priority {}", vlans.ToString(), priority));
  }
  return s;
}

// Runs of unnamed VLANs print as one list ("vlan 20,30-31"); a named VLAN gets its own block.
void AddVlanSections(const DeviceConfig& cfg, std::vector<Section>& out) {
  VlanSet unnamed;
  const auto flush = [&] {
    if (!unnamed.empty()) {
      out.push_back(Section{fmt::format("vlan {}", unnamed.ToString())});
      unnamed = VlanSet{};
    }
  };
  for (const auto& [id, vlan] : cfg.vlans) {
    if (vlan.name.empty()) {
      unnamed.Add(VlanSet::Of(id));
      continue;
    }
    flush();
    out.push_back(Section{fmt::format("vlan {}", id), fmt::format(" name {}", vlan.name)});
  }
  flush();
}

Section StaticRouteSection(const DeviceConfig& cfg) {
  Section s;
  if (cfg.default_gateway) {
    s.push_back(fmt::format("ip default-gateway {}", *cfg.default_gateway));
  }
  for (const StaticRoute& r : cfg.static_routes) {
    std::string line = fmt::format("ip route {} {}", r.prefix.address(), r.prefix.mask());
    line += r.interface.empty() ? "" : " " + r.interface;
    line += r.next_hop ? " " + r.next_hop->ToString() : "";
    line += r.distance != 1 ? fmt::format(" {}", r.distance) : "";
    s.push_back(std::move(line));
  }
  for (const StaticMroute& m : cfg.static_mroutes) {
    std::string line = fmt::format("ip mroute {} {} ", m.source.address(), m.source.mask());
    line += m.rpf_neighbor ? m.rpf_neighbor->ToString() : m.interface;
    line += m.distance != 0 ? fmt::format(" {}", m.distance) : "";
    s.push_back(std::move(line));
  }
  return s;
}

}  // namespace

std::string RenderRunningConfig(const DeviceConfig& cfg) {
  std::vector<Section> sections{SystemSection(cfg), VrrpGlobalLines(cfg.vrrp)};
  AddVrfAndMulticastSections(cfg, sections);
  sections.push_back(SpanningTreeSection(cfg));
  sections.push_back(SnoopGlobalLines(cfg.snooping));  // snoop_config.h
  for (Section& s : IgmpProfileSections(cfg.snooping)) {
    sections.push_back(std::move(s));
  }
  AddVlanSections(cfg, sections);
  for (const InterfaceConfig& i : cfg.interfaces) {
    sections.push_back(InterfaceSection(cfg, i));
  }
  for (const auto& [pid, process] : cfg.ospf) {
    sections.push_back(OspfSection(pid, process));
  }
  sections.push_back(StaticRouteSection(cfg));
  AddAclSections(cfg, sections);
  std::string body = "!\n";
  for (const Section& s : sections) {
    if (s.empty()) {
      continue;
    }
    for (const std::string& line : s) {
      body += line + "\n";
    }
    body += "!\n";
  }
  body += "end\n";
  return fmt::format("Building configuration...\n\nCurrent configuration : {} bytes\n{}",
                     body.size(), body);
}

}  // namespace mc::config
