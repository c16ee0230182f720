// The lab runner behind `mcast lab run|check` (LAB-FORMAT.md §5): loads a lab folder
// (topology.yml, the startup configs, scenario.txt), validates all of it before anything runs,
// builds the Network, executes the scenario at its virtual times and judges the expectations.
//
// Output: every exec command under `[t=12.000s] R1# show ip route`, one `PASS|FAIL FILE:LINE
// <action>` line per expectation (a failed output check is followed by the output it judged,
// each line prefixed with `  | `), then `N passed, M failed`. Exit status 0/1/2.
//
// Supported in this slice: show ip route / ip interface brief / interfaces / mac address-table /
// spanning-tree / running-config, unicast ping, conf, link and node down/up, and the
// `expect <node> "<cmd>" contains|lacks|matches` checks. The multicast forms (join, leave,
// send, multicast ping, mtrace, clear, `expect ... received|sent`) and `--json`/`--igp-delay`
// are rejected by validation as "not supported yet" (exit 2), never ignored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/time.h"
#include "config/device_config.h"
#include "sim/lab/scenario.h"
#include "sim/lab/topology.h"

namespace mc::sim {

// A validated lab folder.
struct Lab {
  Topology topology;
  std::vector<config::DeviceConfig> configs;  // by topology node order
  std::optional<Scenario> scenario;
};

struct LabOptions {
  std::uint64_t seed = 1;
  std::optional<Duration> until;
  std::optional<std::filesystem::path> pcap_dir;
  bool quiet = false;
};

// LAB-FORMAT §1: a lab without scenario.txt runs this long and prints nothing.
inline constexpr Duration kDefaultLabDuration = std::chrono::seconds{60};

// Loads and validates everything; the error is `file:line: message`.
Result<Lab, std::string> LoadLab(const std::filesystem::path& dir);

struct LabResult {
  std::string output;
  int passed = 0;
  int failed = 0;
  int exit_status = 0;  // 0 all held, 1 some failed, 2 the run could not start (pcap dir)
};

LabResult RunLab(const Lab& lab, const LabOptions& options);

}  // namespace mc::sim
