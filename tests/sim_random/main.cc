// sim_random: randomized PIM-SM simulations (issue 6 item 11), one GoogleTest test per seed.
//
//   sim_random                      the default seeds (what ctest runs)
//   sim_random --seeds N [--first-seed S]   N seeds from S (default 1) on
//   sim_random --seed S [--seed T ...]      just these seeds
//   --min-routers A --max-routers B         router count range (default 10-50)
//   --pcap DIR                              one pcap per link in DIR (one seed at a time)
//   --flows                                 print every slot's sending interfaces
//   --show NODE:COMMAND                     print `show COMMAND` on NODE at every phase check
//   --dump DIR                              keep each generated lab in DIR/seed-S, so that
//                                           `mcast lab run DIR/seed-S --seed S` replays it
// GoogleTest flags (--gtest_filter, ...) work as usual. A failing seed prints the seed, the
// phase, the invariant and what broke it, and the command lines that reproduce it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "tests/sim_random/generator.h"
#include "tests/sim_random/runner.h"

namespace mc::simrand {
namespace {

// What ctest runs: seeds 1-60, all of which pass. `sim_random --seeds 200` runs more; of 1-200,
// 193 pass and 84, 115, 123, 126, 127, 131 and 197 still fail (duplicates or a lost packet around
// link flaps and LAN Asserts; see docs/status.md). The failures of 1-60 this list once left out
// were engine bugs, each fixed with a test in src/pim/pim_rearm_test.cc: the WRONGVIF upcall (one
// per entry per 3 s) spent before an SPT switch or before SPTbit(S,G) was set, so the LAN Assert
// came 3 s late; and Prune(S,G,rpt) left for the next periodic Join(*,G).
std::vector<std::uint64_t> DefaultSeeds() {
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t s = 1; s <= 60; ++s) {
    seeds.push_back(s);
  }
  return seeds;
}

struct Options {
  std::vector<std::uint64_t> seeds;
  GenOptions gen;
  std::string dump;
  RunOptions run;
};

class SeedTest : public ::testing::Test {
 public:
  SeedTest(std::uint64_t seed, Options o) : seed_(seed), o_(std::move(o)) {}

  void TestBody() override {
    const GeneratedLab lab = Generate(seed_, o_.gen);
    const bool keep = !o_.dump.empty();
    const std::filesystem::path dir =
        keep ? std::filesystem::path(o_.dump) / ("seed-" + std::to_string(seed_))
             : std::filesystem::temp_directory_path() /
                   ("sim_random-" + std::to_string(::getpid()) + "-" + std::to_string(seed_));
    std::string shown;
    const RunOutcome r = RunAndCheck(lab, dir, o_.run, &shown);
    std::cout << shown;
    if (!keep) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
    std::size_t sources = 0;
    for (const GenHost& h : lab.hosts) {
      sources += h.source ? 1 : 0;
    }
    std::cout << "seed " << seed_ << ": " << lab.routers << " routers, " << lab.links.size()
              << " links, " << lab.hosts.size() << " hosts (" << sources << " sources), "
              << r.slots_checked << " slots and " << r.links_checked << " DR checks, " << r.events
              << " events, " << r.violations.size() << " violations\n";
    for (const Violation& v : r.violations) {
      ADD_FAILURE() << "seed " << seed_ << " phase " << (v.phase.empty() ? "-" : v.phase)
                    << " invariant " << v.invariant << ": " << v.detail;
    }
    if (!r.violations.empty()) {
      const std::string range = " --min-routers " + std::to_string(o_.gen.min_routers) +
                                " --max-routers " + std::to_string(o_.gen.max_routers);
      std::cout << "reproduce: sim_random --seed " << seed_ << range << "\n"
                << "      lab: sim_random --seed " << seed_ << range
                << " --dump DIR && mcast lab run DIR/seed-" << seed_ << " --seed " << seed_ << "\n";
    }
  }

 private:
  std::uint64_t seed_;
  Options o_;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  std::uint64_t first = 1;
  std::optional<std::uint64_t> count;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::optional<std::uint64_t> {
      if (i + 1 >= argc) {
        return std::nullopt;
      }
      char* end = nullptr;
      const unsigned long long v = std::strtoull(argv[++i], &end, 10);
      return end != nullptr && *end == '\0' ? std::optional<std::uint64_t>(v) : std::nullopt;
    };
    std::optional<std::uint64_t> v;
    if (a == "--dump" && i + 1 < argc) {
      o.dump = argv[++i];
      continue;
    }
    if (a == "--pcap" && i + 1 < argc) {
      o.run.pcap_dir = argv[++i];
      continue;
    }
    if (a == "--flows") {
      o.run.flows = true;
      continue;
    }
    if (a == "--show" && i + 1 < argc) {
      // NODE:WORDS, e.g. R3:"ip mroute 239.1.1.1"
      const std::string arg = argv[++i];
      const std::size_t colon = arg.find(':');
      if (colon == std::string::npos) {
        std::cerr << "sim_random: --show needs NODE:COMMAND\n";
        return false;
      }
      o.run.shows.push_back(ShowRequest{arg.substr(0, colon), arg.substr(colon + 1)});
      continue;
    }
    if (a != "--seeds" && a != "--seed" && a != "--first-seed" && a != "--min-routers" &&
        a != "--max-routers") {
      std::cerr << "sim_random: unknown option " << a << "\n";
      return false;
    }
    v = value();
    if (!v) {
      std::cerr << "sim_random: " << a << " needs a number\n";
      return false;
    }
    if (a == "--seeds") {
      count = *v;
    } else if (a == "--seed") {
      o.seeds.push_back(*v);
    } else if (a == "--first-seed") {
      first = *v;
    } else if (a == "--min-routers") {
      o.gen.min_routers = static_cast<int>(*v);
    } else {
      o.gen.max_routers = static_cast<int>(*v);
    }
  }
  if (o.gen.min_routers < 2 || o.gen.max_routers < o.gen.min_routers || o.gen.max_routers > 200) {
    std::cerr << "sim_random: router range must be 2 <= min <= max <= 200\n";
    return false;
  }
  if (count) {
    for (std::uint64_t k = 0; k < *count; ++k) {
      o.seeds.push_back(first + k);
    }
  }
  if (o.seeds.empty()) {
    o.seeds = DefaultSeeds();
  }
  return true;
}

}  // namespace
}  // namespace mc::simrand

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  mc::simrand::Options o;
  if (!mc::simrand::ParseArgs(argc, argv, o)) {
    return 2;
  }
  for (const std::uint64_t seed : o.seeds) {
    ::testing::RegisterTest(
        "SimRandom", ("Seed" + std::to_string(seed)).c_str(), nullptr, nullptr, __FILE__, __LINE__,
        [=]() -> ::testing::Test* { return new mc::simrand::SeedTest(seed, o); });
  }
  return RUN_ALL_TESTS();
}
