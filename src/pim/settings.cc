// Config -> engine settings (settings.h).
#include "pim/settings.h"

namespace mc::pim {

namespace {

std::optional<config::AccessList> AclOf(const config::DeviceConfig& cfg, const std::string& name) {
  if (name.empty()) {
    return std::nullopt;
  }
  const config::AccessList* acl = cfg.FindAccessList(name);
  return acl ? *acl : config::AccessList{};  // undefined: the implicit deny only
}

}  // namespace

PimGlobalSettings GlobalSettingsFrom(const config::DeviceConfig& cfg, const IfIndexOf& ifindex_of) {
  PimGlobalSettings s;
  for (const config::PimStaticRp& r : cfg.pim.static_rps) {
    s.static_rps.push_back({r.rp, AclOf(cfg, r.acl), r.acl, r.override_dynamic});
  }
  if (cfg.pim.ssm) {
    s.ssm.enabled = true;
    if (!cfg.pim.ssm->default_range) {
      s.ssm.acl = AclOf(cfg, cfg.pim.ssm->acl).value_or(config::AccessList{});
    }
  }
  for (const config::PimSptThreshold& t : cfg.pim.spt_thresholds) {
    s.spt_thresholds.push_back({t.kbps, AclOf(cfg, t.group_acl)});
  }
  if (!cfg.pim.register_source.empty()) {
    if (const config::InterfaceConfig* i = cfg.FindInterface(cfg.pim.register_source);
        i != nullptr && i->address) {
      s.register_source = i->address->address;
    }
  }
  for (const config::StaticMroute& m : cfg.static_mroutes) {
    StaticMroute sm{.source = m.source};
    if (!m.interface.empty()) {
      sm.iif = ifindex_of(m.interface);
    } else if (m.rpf_neighbor) {
      sm.rpf_neighbor = *m.rpf_neighbor;
      for (const config::InterfaceConfig& i : cfg.interfaces) {
        if (i.address && i.address->Subnet().Contains(*m.rpf_neighbor)) {
          sm.iif = ifindex_of(i.name);
          break;
        }
      }
    }
    if (sm.iif.valid()) {
      s.static_mroutes.push_back(sm);
    }
  }
  return s;
}

PimInterfaceSettings InterfaceSettingsFrom(const config::InterfaceConfig& i) {
  PimInterfaceSettings s;
  s.dr_priority = i.pim.dr_priority;
  s.hello_period = std::chrono::milliseconds{i.pim.query_interval_ms};
  return s;
}

}  // namespace mc::pim
