// The lab runner behind `mcast lab run|check` (LAB-FORMAT.md §5): loads a lab folder
// (topology.yml, the startup configs, scenario.txt), validates all of it before anything runs,
// builds the Network, executes the scenario at its virtual times and judges the expectations.
//
// Output: every exec command under `[t=12.000s] R1# show ip route`, one `PASS|FAIL FILE:LINE
// <action>` line per expectation (a failed output check is followed by the output it judged,
// each line prefixed with `  | `), then `N passed, M failed`. Exit status 0/1/2.
//
// Supported: every show the devices have (with `| json`), unicast and multicast ping, conf,
// join/leave/send applications, `clear ip igmp group`, link and node down/up, and every expect
// form: output checks and the `received`/`sent` counts from the network's TrafficLog. Still
// rejected by validation as "not supported yet" (exit 2), never ignored: `mtrace` and
// `clear ip mroute`, which need PIM.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
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
  // LAB-FORMAT §2: the IGP reconverges this long after a link or node change.
  Duration igp_delay = std::chrono::seconds{1};
  // Called after every second of virtual time with the virtual time reached and the number of
  // events run so far (the CLI's progress display on a terminal); may be empty.
  std::function<void(Time, std::uint64_t)> progress;
};

// LAB-FORMAT §1: a lab without scenario.txt runs this long and prints nothing.
inline constexpr Duration kDefaultLabDuration = std::chrono::seconds{60};

// Loads and validates everything; the error is `file:line: message`.
Result<Lab, std::string> LoadLab(const std::filesystem::path& dir);

struct LabResult {
  std::string output;
  // The same results for `--json`: {"commands": [{file, line, at, node, command, output}],
  // "expectations": [{file, line, at, expect, verdict, actual?, output?}], passed, failed}.
  nlohmann::json json;
  int passed = 0;
  int failed = 0;
  int exit_status = 0;  // 0 all held, 1 some failed, 2 the run could not start (pcap dir)
};

LabResult RunLab(const Lab& lab, const LabOptions& options);

}  // namespace mc::sim
