// Helpers for the config tests: load a config text, or get the error it produces.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "config/apply.h"

namespace mc::config::testing {

inline DeviceConfig Load(std::string_view text, DeviceKind kind = DeviceKind::kRouter) {
  Result<DeviceConfig, ConfigError> r = LoadConfig(kind, text, "R1.cfg");
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : DeviceConfig(kind);
}

// The rendered error (`R1.cfg:LINE: MESSAGE: 'TEXT'`), or "" when the config loads.
inline std::string ErrorOf(std::string_view text, DeviceKind kind = DeviceKind::kRouter) {
  Result<DeviceConfig, ConfigError> r = LoadConfig(kind, text, "R1.cfg");
  return r ? std::string() : r.error().ToString();
}

// Just the message of the error the config produces.
inline std::string MessageOf(std::string_view text, DeviceKind kind = DeviceKind::kRouter) {
  Result<DeviceConfig, ConfigError> r = LoadConfig(kind, text, "R1.cfg");
  return r ? std::string() : r.error().message;
}

}  // namespace mc::config::testing
