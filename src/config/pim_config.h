// Typed PIM configuration (IOS syntax, LAB-FORMAT.md §3), as `commands_pim.cc` parses it and the
// PIM engine (src/pim/) consumes it after resolving ACL names:
//   interface: `ip pim dr-priority N` (default 1), `ip pim query-interval S [msec]` (default 30 s)
//   global:    `ip pim rp-address A [ACL] [override]`, `ip pim ssm default|range ACL`,
//              `ip pim spt-threshold infinity|KBPS [group-list ACL]`, `ip pim register-source IF`
// `ip pim sparse-mode` itself stays in InterfaceConfig::pim_mode (commands_igmp.cc).
// Plain structs with no dependency on device_config.h, so device_config.h includes this file.
// Left out: `ip pim rp-address A bidir` (recognised, "not supported yet"), VRF forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"

namespace mc::config {

// Interface-mode PIM settings (Cisco IOS IP Multicast Command Reference defaults).
struct PimInterfaceConfig {
  std::uint32_t dr_priority = 1;            // `ip pim dr-priority 0-4294967295`
  std::uint32_t query_interval_ms = 30000;  // `ip pim query-interval S [msec]`: Hello period
  bool operator==(const PimInterfaceConfig&) const = default;
};

// `ip pim rp-address A [ACL] [override]`: a static group-to-RP mapping. An empty ACL covers
// 224.0.0.0/4. `override` lets the static mapping win over dynamically learned ones (IOS).
struct PimStaticRp {
  Ipv4 rp;
  std::string acl;
  bool override_dynamic = false;
  bool operator==(const PimStaticRp&) const = default;
};

// `ip pim ssm default` (232.0.0.0/8) or `ip pim ssm range ACL`.
struct PimSsmConfig {
  bool default_range = true;
  std::string acl;  // when !default_range
  bool operator==(const PimSsmConfig&) const = default;
};

// `ip pim spt-threshold infinity|KBPS [group-list ACL]`. IOS default (no line): switch to the
// SPT on the first packet (threshold 0).
struct PimSptThreshold {
  std::optional<std::uint32_t> kbps;  // nullopt: infinity (never switch)
  std::string group_acl;              // empty: every group
  bool operator==(const PimSptThreshold&) const = default;
};

struct PimGlobalConfig {
  std::vector<PimStaticRp> static_rps;  // in config order; at most one without an ACL
  std::optional<PimSsmConfig> ssm;      // nullopt: no SSM range configured (IOS)
  std::vector<PimSptThreshold> spt_thresholds;
  std::string register_source;  // interface name; empty: the RPF interface toward the RP
  bool operator==(const PimGlobalConfig&) const = default;
};

// Running-config lines (interface lines indented by one space), only where they differ from the
// defaults; render.cc calls these so the PIM lines live next to their parser.
std::vector<std::string> RenderPimInterfaceLines(const PimInterfaceConfig& p);
std::vector<std::string> RenderPimGlobalLines(const PimGlobalConfig& p);

}  // namespace mc::config
