// Helpers for the emulator tests: devices from config text, and running a ping to completion.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "config/apply.h"
#include "sim/emu/network.h"

namespace mc::sim::testing {

inline std::unique_ptr<Device> MakeDevice(const std::string& name, config::DeviceKind kind,
                                          const std::string& cfg,
                                          const std::vector<PortSpec>& ports, std::uint32_t seed) {
  auto c = config::LoadConfig(kind, cfg, name + ".cfg");
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().ToString());
  return std::make_unique<Device>(name, c ? *c : config::DeviceConfig(kind), ports, seed);
}

inline std::unique_ptr<Device> Host(const std::string& name, const std::string& addr,
                                    const std::string& gw, std::uint32_t seed) {
  std::string cfg = "interface eth0\n ip address " + addr + " 255.255.255.0\n";
  if (!gw.empty()) {
    cfg += "ip default-gateway " + gw + "\n";
  }
  return MakeDevice(name, config::DeviceKind::kHost, cfg, {PortSpec{"eth0", false, false}}, seed);
}

inline void StartAll(Network& net, std::size_t links) {
  net.Start();
  for (std::size_t l = 0; l < links; ++l) {
    net.SetLinkUp(l, true);
  }
}

// Runs a ping from device `d` at the current time until it finishes; returns its output.
inline std::string RunPing(Network& net, std::size_t d, const std::string& target,
                           std::uint32_t repeat = 5, Duration timeout = std::chrono::seconds{2}) {
  PingCommand p;
  p.target = *Ipv4::Parse(target);
  p.repeat = repeat;
  p.timeout = timeout;
  net.device(d).StartPing(net.now(), p, 42);
  for (int guard = 0; guard < 100000; ++guard) {
    net.RunUntil(net.now() + std::chrono::hours{1});
    std::vector<CommandDone> done = net.device(d).TakeDone();
    if (!done.empty()) {
      return done.front().output;
    }
  }
  ADD_FAILURE() << "ping never finished";
  return "";
}

}  // namespace mc::sim::testing
