// The bridge's configuration, link, multicast-hook and snapshot entry points (bridge.h): ports,
// SVIs, static MACs, snooping's MDB, and keeping the spanning tree in step with all of them.
#include <algorithm>
#include <utility>

#include "l2/bridge.h"

namespace mc::l2 {

using engine::Effect;

namespace {

bool SameVlans(const PortConfig& a, const PortConfig& b) {
  return a.mode == b.mode && a.access_vlan == b.access_vlan && a.allowed_vlans == b.allowed_vlans &&
         a.native_vlan == b.native_vlan;
}

}  // namespace

void Bridge::SetConfig(Time now, const BridgeConfig& config, std::vector<Effect>& out) {
  config_ = config;
  mac_.SetAging(config.mac_aging);
  mac_.SetMaxDynamic(config.mac_table_max);
  for (auto& [vlan, stp] : stps_) {
    const StpBridgeConfig c = InstanceConfig(vlan);
    RunStp(vlan, stp, out, [&](Stp& s, StpOut& o) { s.SetBridgeConfig(now, c, o); });
  }
  SyncStp(now, std::nullopt, out);
}

// VLAN 1, the configured VLANs, and every access VLAN and trunk native VLAN in use.
std::set<std::uint16_t> Bridge::StpVlans() const {
  std::set<std::uint16_t> vlans = config_.stp_vlans;
  vlans.insert(kDefaultVlan);
  for (const auto& [id, p] : ports_) {
    if (!p.svi) {
      vlans.insert(p.config.mode == PortMode::kTrunk ? p.config.native_vlan : p.config.access_vlan);
    }
  }
  return vlans;
}

// 802.1Q §13.26.2 / IOS: bridge priority = the VLAN's priority (a multiple of 4096) + VLAN ID.
StpBridgeConfig Bridge::InstanceConfig(std::uint16_t vlan) const {
  StpBridgeConfig c = config_.stp;
  const auto it = config_.stp_vlan_priority.find(vlan);
  if (it != config_.stp_vlan_priority.end()) {
    c.priority = it->second;
  }
  c.sys_id_ext = vlan;
  return c;
}

void Bridge::SyncStp(Time now, std::optional<IfIndex> only, std::vector<Effect>& out) {
  const std::set<std::uint16_t> want =
      config_.stp_enabled ? StpVlans() : std::set<std::uint16_t>{kDefaultVlan};
  for (auto it = stps_.begin(); it != stps_.end();) {
    it = want.contains(it->first) ? std::next(it) : stps_.erase(it);
  }
  for (const std::uint16_t vlan : want) {
    if (!stps_.contains(vlan)) {
      stps_.try_emplace(vlan, InstanceConfig(vlan));
      only.reset();  // a new instance needs every port
    }
  }
  for (auto& [vlan, stp] : stps_) {
    for (const auto& [id, p] : ports_) {
      if (only && id != *only) {
        continue;
      }
      const bool member = UsesStp(p) && p.IsMember(vlan);
      const IfIndex port = id;
      const Port& q = p;
      RunStp(vlan, stp, out, [&](Stp& s, StpOut& o) {
        if (member) {
          s.SetPort(now, port, q.config.stp, o);
          s.SetEnabled(now, port, q.Operational(), o);
        } else {
          s.RemovePort(now, port, o);
        }
      });
    }
    if (only && !ports_.contains(*only)) {
      const IfIndex port = *only;
      RunStp(vlan, stp, out, [&](Stp& s, StpOut& o) { s.RemovePort(now, port, o); });
    }
  }
}

void Bridge::SetPort(Time now, IfIndex port, const PortConfig& config, std::vector<Effect>& out) {
  auto [it, inserted] = ports_.try_emplace(port);
  Port& p = it->second;
  const bool was_operational = !inserted && p.Operational();
  if (p.svi) {
    mac_.RemoveStatic({p.config.access_vlan, p.svi_mac});
    p.svi = false;
    p.svi_mac = Mac{};
    FlushPort(port);
  } else if (!inserted && !SameVlans(p.config, config)) {
    FlushPort(port);  // addresses learned in VLANs the port may no longer carry
  }
  p.config = config;
  SyncStpPort(now, port, p, out);
  OperationalChanged(port, p, was_operational);
}

void Bridge::SetSvi(Time now, std::uint16_t vlan, IfIndex port, const Mac& mac, bool up,
                    std::vector<Effect>& out) {
  auto [it, inserted] = ports_.try_emplace(port);
  Port& p = it->second;
  const bool was_physical = !inserted && !p.svi;
  if (!inserted && (!p.svi || p.config.access_vlan != vlan || !up)) {
    FlushPort(port);
  }
  if (p.svi && p.svi_mac != Mac{}) {
    mac_.RemoveStatic({p.config.access_vlan, p.svi_mac});
  }
  p.svi = true;
  p.svi_mac = mac;
  p.config = PortConfig{};
  p.config.access_vlan = vlan;
  p.config.admin_up = up;
  p.link_up = true;
  if (mac != Mac{}) {
    mac_.AddStatic({vlan, mac}, {port});
  }
  if (was_physical) {
    SyncStp(now, port, out);  // it was a physical port until now: out of every instance
  }
}

void Bridge::RemovePort(Time now, IfIndex port, std::vector<Effect>& out) {
  const auto it = ports_.find(port);
  if (it == ports_.end()) {
    return;
  }
  if (it->second.svi && it->second.svi_mac != Mac{}) {
    mac_.RemoveStatic({it->second.config.access_vlan, it->second.svi_mac});
  }
  const bool used_stp = UsesStp(it->second);
  FlushPort(port);
  ports_.erase(it);
  if (used_stp) {
    SyncStp(now, port, out);
  }
}

void Bridge::OnLink(Time now, const engine::LinkEvent& e, std::vector<Effect>& out) {
  const auto it = ports_.find(e.ifindex);
  if (it == ports_.end() || it->second.link_up == e.up) {
    return;
  }
  Port& p = it->second;
  const bool was_operational = p.Operational();
  p.link_up = e.up;
  SyncStpPort(now, e.ifindex, p, out);
  OperationalChanged(e.ifindex, p, was_operational);
}

void Bridge::SyncStpPort(Time now, IfIndex id, const Port& p, std::vector<Effect>& out) {
  (void)p;
  SyncStp(now, id, out);  // the port's VLANs may have changed: every instance
}

// Stations behind a port that went down are gone (802.1Q-2018 §8.8.3 leaves the timing open;
// every switch flushes at once).
void Bridge::OperationalChanged(IfIndex id, const Port& p, bool was_operational) {
  if (was_operational && !p.Operational()) {
    FlushPort(id);
  }
}

void Bridge::AddStaticMac(std::uint16_t vlan, const Mac& mac, std::vector<IfIndex> ports) {
  mac_.AddStatic({vlan, mac}, std::move(ports));
}

bool Bridge::RemoveStaticMac(std::uint16_t vlan, const Mac& mac) {
  return mac_.RemoveStatic({vlan, mac});
}

void Bridge::ApplyMdb(const engine::MdbAdd& add) {
  mdb_[{add.vlan, add.group_mac}][add.group].insert(add.port);
}

void Bridge::ApplyMdb(const engine::MdbDel& del) {
  const auto it = mdb_.find({del.vlan, del.group_mac});
  if (it == mdb_.end()) {
    return;
  }
  GroupPorts& groups = it->second;
  if (const auto g = groups.find(del.group); g != groups.end()) {
    g->second.erase(del.port);
    if (g->second.empty()) {
      groups.erase(g);
    }
  }
  if (groups.empty()) {
    mdb_.erase(it);
  }
}

void Bridge::SetUnregisteredMulticastPorts(std::uint16_t vlan,
                                           std::optional<std::vector<IfIndex>> ports) {
  if (!ports) {
    unregistered_.erase(vlan);
    return;
  }
  std::sort(ports->begin(), ports->end());
  ports->erase(std::unique(ports->begin(), ports->end()), ports->end());
  unregistered_[vlan] = std::move(*ports);
}

void Bridge::FlushPort(IfIndex port) {
  counters_.Inc(BridgeCounter::kMacFlushed, mac_.FlushPort(port));
}

void Bridge::ApplyStp(std::uint16_t vlan, StpOut& o) {
  for (const IfIndex port : o.flush) {
    FlushPort(port);  // every VLAN's addresses on the port: a superset of the instance's
  }
  for (TopologyChange c : o.changes) {
    if (pending_changes_.size() >= kMaxPendingTopologyChanges) {
      counters_.Inc(BridgeCounter::kTcNoticesDropped);
    } else {
      c.vlan = vlan;
      pending_changes_.push_back(c);
    }
  }
}

std::vector<TopologyChange> Bridge::TakeTopologyChanges() {
  return std::exchange(pending_changes_, {});
}

BridgeSnapshot Bridge::Snap() const {
  BridgeSnapshot s;
  s.mac_table = mac_.Entries();
  s.mac_aging = mac_.aging();
  s.mac_table_max = config_.mac_table_max;
  s.stp_enabled = config_.stp_enabled;
  s.stp = stp().Status();
  std::map<std::string, std::uint64_t> stp_counters;  // summed over the instances
  for (const auto& [vlan, stp] : stps_) {
    s.stp_vlans[vlan] = stp.Status();
    for (const engine::CounterValue& c : stp.counters().Snapshot()) {
      stp_counters[c.name] += c.value;
    }
  }
  for (const auto& [id, p] : ports_) {
    s.ports.push_back({.port = id,
                       .svi = p.svi,
                       .mode = p.config.mode,
                       .access_vlan = p.config.access_vlan,
                       .native_vlan = p.config.native_vlan,
                       .admin_up = p.config.admin_up,
                       .link_up = p.link_up,
                       .forwarding = Forwarding(id)});
  }
  s.counters = counters_.Snapshot();
  // In the instance's counter order (Snapshot order), not by name.
  for (const engine::CounterValue& c : stp().counters().Snapshot()) {
    s.counters.push_back({c.name, stp_counters[c.name]});
  }
  return s;
}

}  // namespace mc::l2
