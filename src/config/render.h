// `show running-config` for a DeviceConfig, in IOS layout: "Building configuration...", the
// byte count, `!`-separated sections (hostname, routing, VRFs, multicast routing, spanning tree,
// VLANs, interfaces in config order, OSPF, default gateway and static routes, ACLs) and `end`.
// Only settings that differ from the device kind's defaults are printed, and the output parses
// back (ParseConfig + Apply onto the same kind) to an equal DeviceConfig.
// Left out: the `version`, `service`, `boot` and line-configuration boilerplate real IOS prints.
#pragma once

#include <string>

#include "config/device_config.h"

namespace mc::config {

std::string RenderRunningConfig(const DeviceConfig& cfg);

}  // namespace mc::config
