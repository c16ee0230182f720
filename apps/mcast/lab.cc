// `mcast lab run <dir> [--seed N] [--until T] [--igp-delay T] [--pcap DIR] [--json] [--quiet]`
// and `mcast lab check <dir>` (LAB-FORMAT.md §5). Validation errors print `file:line: message`
// and exit 2 before anything runs. A run that takes more than a couple of seconds of wall time
// shows its progress (virtual time reached, events per second) on stderr when stderr is a
// terminal; on a pipe or file it prints nothing extra.
#include "apps/mcast/lab.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "sim/emu/lab_runner.h"
#include "sim/lab/duration_parse.h"

namespace mc::app {

namespace {

constexpr const char* kLabUsage =
    "usage: mcast lab run <dir> [--seed N] [--until T] [--igp-delay T] [--pcap DIR] [--json]\n"
    "                           [--quiet]\n"
    "       mcast lab check <dir>\n";

// A one-line progress display on a terminal: silent for the first two seconds of wall time,
// then refreshed at most five times a second. The wall clock is read here, in the app, never
// in the emulator.
class ProgressDisplay {
 public:
  void Update(Time virtual_now, std::uint64_t events) {
    const auto wall = std::chrono::steady_clock::now();
    if (wall - start_ < std::chrono::seconds{2} || wall - last_ < std::chrono::milliseconds{200}) {
      return;
    }
    const double secs = std::chrono::duration<double>(wall - last_).count();
    const double rate = last_events_ == 0 ? 0.0 : static_cast<double>(events - last_events_) / secs;
    last_ = wall;
    last_events_ = events;
    std::fprintf(stderr, "\r[lab] t=%s virtual, %.0f events/s   ",
                 FormatSeconds(virtual_now).c_str(), rate);
    std::fflush(stderr);
    shown_ = true;
  }
  void Clear() {
    if (shown_) {
      std::fprintf(stderr, "\r%60s\r", "");
    }
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
  std::uint64_t last_events_ = 0;
  bool shown_ = false;
};

int Usage(const char* why) {
  std::fprintf(stderr, "mcast lab: %s\n%s", why, kLabUsage);
  return 2;
}

}  // namespace

int RunLabCommand(const std::vector<std::string>& args) {
  if (args.size() < 2 || (args[0] != "run" && args[0] != "check")) {
    return Usage("expected run or check and a lab folder");
  }
  const bool check = args[0] == "check";
  const std::filesystem::path dir = args[1];
  sim::LabOptions options;
  bool json = false;
  for (std::size_t i = 2; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (check) {
      return Usage("check takes no options");
    }
    if (a == "--quiet") {
      options.quiet = true;
    } else if (a == "--seed" && has_value) {
      const std::string& v = args[++i];
      std::uint64_t seed = 0;
      const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), seed);
      if (ec != std::errc{} || p != v.data() + v.size()) {
        return Usage("--seed takes a non-negative integer");
      }
      options.seed = seed;
    } else if (a == "--until" && has_value) {
      auto d = sim::ParseDuration(args[++i]);
      if (!d) {
        std::fprintf(stderr, "mcast lab: --until: %s\n", d.error().c_str());
        return 2;
      }
      options.until = *d;
    } else if (a == "--pcap" && has_value) {
      options.pcap_dir = std::filesystem::path(args[++i]);
    } else if (a == "--igp-delay" && has_value) {
      auto d = sim::ParseDuration(args[++i]);
      if (!d) {
        std::fprintf(stderr, "mcast lab: --igp-delay: %s\n", d.error().c_str());
        return 2;
      }
      options.igp_delay = *d;
    } else if (a == "--json") {
      json = true;
    } else {
      return Usage(("unknown or incomplete option " + a).c_str());
    }
  }
  auto lab = sim::LoadLab(dir);
  if (!lab) {
    std::fprintf(stderr, "%s\n", lab.error().c_str());
    return 2;
  }
  if (check) {
    std::printf("%s: ok\n", dir.string().c_str());
    return 0;
  }
  ProgressDisplay progress;
  if (isatty(STDERR_FILENO) == 1) {
    options.progress = [&progress](Time t, std::uint64_t events) { progress.Update(t, events); };
  }
  const sim::LabResult r = sim::RunLab(*lab, options);
  progress.Clear();
  if (json && r.exit_status != 2) {
    const std::string doc = r.json.dump(2) + "\n";
    std::fwrite(doc.data(), 1, doc.size(), stdout);
  } else {
    std::fwrite(r.output.data(), 1, r.output.size(), r.exit_status == 2 ? stderr : stdout);
  }
  return r.exit_status;
}

}  // namespace mc::app
