// `mcast replay FILE [--show "ip mroute"]... [--quiet]`: rebuilds the router core mcastd ran
// (router::RouterCore, the same construction from the recorded config text and seed), makes the
// recorded calls at their recorded times - interface, address and route changes, syncs, engine
// inputs with every packet byte, pumps (where timers fire), reloads, clears - and compares each
// effect the engines produce with the record's next `fx` line. A nested call (one mcastd made
// while applying an effect) is made right after the effect it followed, as mcastd did.
// Output: a summary and exit 0; or the first divergence (record line, expected, got) and exit 1;
// exit 2 for a record that cannot be read or parsed (`FILE:LINE: message: 'text'`).
// --show renders a show command of the final state with the renderers mcastd answers with.
#include "apps/mcast/replay.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "apps/mcastd/core_show.h"
#include "router/record.h"
#include "router/replay.h"

namespace mc::app {
namespace {

constexpr const char* kUsage =
    "usage: mcast replay FILE [--show COMMAND]... [--quiet]\n"
    "  Replays an `mcastd --record FILE` session through the engines and checks every effect.\n"
    "  --show COMMAND  print a show command of the final state, e.g. --show \"ip mroute\"\n"
    "  --quiet         print only a divergence\n";

}  // namespace

int RunReplay(const std::vector<std::string>& args) {
  std::string path;
  std::vector<std::string> shows;
  bool quiet = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--show" && i + 1 < args.size()) {
      shows.push_back(args[++i]);
    } else if (args[i] == "--quiet" || args[i] == "-q") {
      quiet = true;
    } else if (args[i] == "-h" || args[i] == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (path.empty() && !args[i].starts_with("-")) {
      path = args[i];
    } else {
      std::fprintf(stderr, "mcast replay: unexpected argument '%s'\n%s", args[i].c_str(), kUsage);
      return 2;
    }
  }
  if (path.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "mcast replay: cannot read %s\n", path.c_str());
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto record = router::ParseRecord(text.str());
  if (!record) {
    std::fprintf(stderr, "%s\n", record.error().ToString(path).c_str());
    return 2;
  }
  const router::RecordHeader& h = record->header;
  std::string shown;  // printed after the summary
  const router::ReplayOutcome o =
      router::ReplayRecord(*record, [&](const router::RouterCore& core, Time last) {
        for (const std::string& s : shows) {
          shown += mcastd::ShowCore(core, last, s);
        }
      });
  if (!o.config_error.empty()) {
    std::fprintf(stderr, "%s: the recorded config does not load: %s\n", path.c_str(),
                 o.config_error.c_str());
    return 2;
  }
  if (!o.matched_all) {
    std::printf("%s: replay diverged after %zu calls, %zu effects matched\n%s", path.c_str(),
                o.calls, o.matched, o.divergence.c_str());
    return 1;
  }
  if (!quiet) {
    std::printf("%s: %zu calls replayed (%zu inputs), %zu effects matched (config %s, seed %llu)\n",
                path.c_str(), o.calls, o.inputs, o.matched, h.config_path.c_str(),
                static_cast<unsigned long long>(h.seed));
  }
  std::fputs(shown.c_str(), stdout);
  return 0;
}

}  // namespace mc::app
