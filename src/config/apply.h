// Applying config lines to a DeviceConfig, for the startup config and for lines typed with
// `conf` during a scenario (LAB-FORMAT.md §3-4).
//
// Mode rules, as in IOS `configure terminal`: a block header (`interface X`, `router ospf N`,
// `ip vrf NAME`, `vlan N`, `ip access-list standard NAME`) enters its mode. Its indented
// children must be commands of that mode. When the header has no indented children, the lines
// after it are tried in that mode first and, when that mode rejects them, in the enclosing
// modes (so unindented configs and `conf interface Gi0/1; ip pim sparse-mode` work); `exit`
// leaves the mode and `end` returns to global configuration. Lines are applied in order and the
// first error stops: lines before it stay applied, as on a router.
// Errors: "unknown command", "ambiguous command: ...", "not supported yet", "incomplete
// command: expected ...", "invalid argument \"X\": ..." (see command_table.h).
#pragma once

#include <span>
#include <string_view>

#include "base/result.h"
#include "config/device_config.h"
#include "config/parser.h"

namespace mc::config {

Status<ConfigError> Apply(DeviceConfig& cfg, std::span<const ConfigLine> lines);

// Parses and applies a whole startup config onto the defaults of `kind`.
Result<DeviceConfig, ConfigError> LoadConfig(DeviceKind kind, std::string_view text,
                                             std::string_view file);

}  // namespace mc::config
