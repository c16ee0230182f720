// Config -> engine settings (engine_settings.h). Moved here from the emulator's device hooks so
// the emulator and mcastd share one reading of the config.
#include "router/engine_settings.h"

namespace mc::router {

std::optional<config::AccessList> FindAcl(const config::DeviceConfig& c, const std::string& name) {
  if (name.empty()) {
    return std::nullopt;
  }
  if (const config::AccessList* acl = c.FindAccessList(name)) {
    return *acl;
  }
  // IOS: a reference to an ACL that does not exist permits everything.
  config::AccessList any;
  any.entries.push_back(
      config::AclEntry{config::AclAction::kPermit, {Ipv4{}, Ipv4{0xFFFFFFFFu}}, {}});
  return any;
}

igmp::RouterIfConfig IgmpRouterIfConfig(const config::DeviceConfig& dc,
                                        const config::InterfaceConfig& c) {
  const config::IgmpInterfaceConfig& g = c.igmp;
  igmp::RouterIfConfig r;
  r.version = g.version.value_or(2);
  r.query_interval = std::chrono::seconds{g.query_interval_s};
  r.query_response_interval = std::chrono::seconds{g.query_max_response_time_s};
  if (g.querier_timeout_s) {
    r.other_querier_present_interval = std::chrono::seconds{*g.querier_timeout_s};
  }
  r.robustness = g.robustness;
  r.last_member_query_count = g.last_member_query_count;
  r.last_member_query_interval = std::chrono::milliseconds{g.last_member_query_interval_ms};
  r.immediate_leave = g.immediate_leave;
  r.immediate_leave_groups = FindAcl(dc, g.immediate_leave_acl);
  r.static_groups = g.static_groups;
  r.join_groups = g.join_groups;
  r.access_group = FindAcl(dc, g.access_group);
  r.access_group_name = g.access_group;
  r.limit = g.limit;
  r.limit_action = g.limit_action;
  r.is_dr = true;
  return r;
}

bool PimSparseOn(const config::InterfaceConfig& c) {
  return c.pim_mode && *c.pim_mode != config::PimMode::kDense;
}

bool PimWanted(const config::DeviceConfig& dc) {
  if (dc.kind == config::DeviceKind::kHost || !dc.multicast_routing || !dc.ip_routing) {
    return false;
  }
  for (const config::InterfaceConfig& c : dc.interfaces) {
    if (PimSparseOn(c)) {
      return true;
    }
  }
  return false;
}

pim::PimInterfaceSettings PimInterfaceSettingsOf(const config::InterfaceConfig& c) {
  pim::PimInterfaceSettings ps;
  ps.dr_priority = c.pim.dr_priority;
  ps.hello_period = std::chrono::milliseconds{c.pim.query_interval_ms};
  return ps;
}

pim::PimGlobalSettings PimGlobalSettingsOf(const config::DeviceConfig& dc,
                                           const InterfaceLookup& lookup) {
  pim::PimGlobalSettings g;
  for (const config::PimStaticRp& rp : dc.pim.static_rps) {
    g.static_rps.push_back(pim::RpMapping{rp.rp, FindAcl(dc, rp.acl), rp.acl, rp.override_dynamic});
  }
  if (dc.pim.ssm) {
    g.ssm.enabled = true;
    if (!dc.pim.ssm->default_range) {
      g.ssm.acl = FindAcl(dc, dc.pim.ssm->acl);
    }
  }
  for (const config::PimSptThreshold& t : dc.pim.spt_thresholds) {
    g.spt_thresholds.push_back(pim::SptThreshold{t.kbps, FindAcl(dc, t.group_acl)});
  }
  if (!dc.pim.register_source.empty()) {
    if (const std::optional<IfIndex> n = lookup.find(dc.pim.register_source)) {
      g.register_source = lookup.address(*n);
    }
  }
  for (const config::StaticMroute& m : dc.static_mroutes) {
    pim::StaticMroute sm{m.source, {}, Ipv4{}};
    if (!m.interface.empty()) {
      sm.iif = lookup.find(m.interface).value_or(IfIndex{});
    } else if (m.rpf_neighbor) {
      sm.rpf_neighbor = *m.rpf_neighbor;
      sm.iif = lookup.route_iif(*m.rpf_neighbor).value_or(IfIndex{});
    }
    if (sm.iif.valid()) {
      g.static_mroutes.push_back(sm);
    }
  }
  return g;
}

vrrp::GroupParams VrrpGroupParams(
    const config::DeviceConfig& dc, const config::VrrpGroupConfig& g,
    const std::function<std::optional<IfIndex>(std::string_view)>& find) {
  vrrp::GroupParams p;
  p.vrid = g.group;
  p.version = g.EffectiveVersion();
  if (g.address) {
    p.addresses.push_back(*g.address);
  }
  p.addresses.insert(p.addresses.end(), g.secondary_addresses.begin(), g.secondary_addresses.end());
  p.priority = g.priority;
  p.preempt = g.preempt;
  p.preempt_delay = std::chrono::seconds{g.preempt_delay_s};
  p.advertisement_interval = std::chrono::milliseconds{g.advertise_ms};
  p.learn = g.timers_learn;
  p.multicast_group = g.multicast_group;
  p.shutdown = g.shutdown;
  p.description = g.description;
  for (const config::VrrpTrack& t : g.tracks) {
    std::string ifname = t.interface;
    if (ifname.empty()) {
      const auto obj = dc.vrrp.tracks.find(t.object);
      if (obj == dc.vrrp.tracks.end()) {
        continue;
      }
      ifname = obj->second.interface;
    }
    if (const std::optional<IfIndex> n = find(ifname)) {
      p.tracks.push_back(vrrp::TrackParams{
          *n, t.interface.empty() ? std::to_string(t.object) : t.interface, t.decrement});
    }
  }
  return p;
}

bool BetterRoute(const engine::RouteEvent& a, const engine::RouteEvent& b) {
  if (a.metric_preference != b.metric_preference) {
    return a.metric_preference < b.metric_preference;
  }
  if (a.metric != b.metric) {
    return a.metric < b.metric;
  }
  return b.next_hop < a.next_hop;
}

}  // namespace mc::router
