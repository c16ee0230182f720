// mcast: the command-line front end. Subcommands: decode (pcap -> IOS debug lines / JSON),
// lab (run|check), replay (an mcastd --record session through the engines), --version.
#include <cstdio>
#include <string>
#include <vector>

#include "apps/mcast/decode.h"
#include "apps/mcast/lab.h"
#include "apps/mcast/replay.h"

namespace {

constexpr const char* kUsage =
    "usage: mcast <command> [args]\n"
    "  decode FILE.pcap [--json]   print multicast control packets in a capture\n"
    "  lab run DIR [--seed N] [--until T] [--pcap DIR] [--quiet]\n"
    "                              run a lab folder (LAB-FORMAT.md)\n"
    "  lab check DIR               validate a lab folder, run nothing\n"
    "  replay FILE [--show CMD]    replay an `mcastd --record FILE` session and check its\n"
    "                              effects (exit 1 at the first divergence)\n"
    "  --version                   print the version\n";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string& cmd = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "--version" || cmd == "version") {
    std::printf("mcast %s\n", MC_VERSION);
    return 0;
  }
  if (cmd == "decode") return mc::app::RunDecode(rest);
  if (cmd == "lab") return mc::app::RunLabCommand(rest);
  if (cmd == "replay") return mc::app::RunReplay(rest);
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::fprintf(stderr, "mcast: unknown command '%s'\n%s", cmd.c_str(), kUsage);
  return 2;
}
