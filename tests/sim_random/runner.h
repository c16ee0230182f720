// Runs a generated lab (generator.h) in the emulator and checks the invariants after each phase.
//
// The lab goes through the same code path as `mcast lab run`: its files are written to a folder
// and loaded with LoadLab (topology.yml, IOS configs and scenario.txt parsed and validated), the
// Network is built from the Lab as RunLab builds it, and every scenario line gets its marker in
// file order, so `mcast lab run <folder> --seed S` replays exactly the same run.
//
// Invariants, per measured slot (one source S sending kBurst packets to G):
//  - delivery: every member host of G receives each packet of (S,G) exactly once (kBurst
//    datagrams from S), every other host none;
//  - link-once: no link carries more than kBurst frames of (S,G) in total, whoever sent them (a
//    forwarding loop or two forwarders on one LAN breaks it);
//  - router-once: no router receives more than kBurst frames of (S,G) over its point-to-point
//    links together (it may also see, on a LAN, frames meant for another router);
//  - downstream: every frame of G a router sends on a link has a use there: a member host of G
//    on that link, or a router on it that sends G on one of its other interfaces for a use of
//    its own (a least fixpoint from the members, so a cycle of forwarders with no member behind
//    them is no use).
// Per phase, from `show ip pim interface | json` on every router: one DR per link, all routers
// on it agreeing, and it is the one RFC 7761 §4.3.2 elects (highest DR priority, then highest
// address); from `show ip mroute | json`: at most one assert winner (§4.6) per link and entry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/sim_random/generator.h"

namespace mc::simrand {

struct Violation {
  std::string phase;
  std::string invariant;  // delivery, link-once, router-once, downstream, one-dr,
                          // one-assert-winner, lab
  std::string detail;
};

struct RunOutcome {
  std::vector<Violation> violations;
  std::uint64_t events = 0;
  // What each invariant was checked on, for the summary line: slots and DR checks.
  std::size_t slots_checked = 0;
  std::size_t links_checked = 0;
};

// A show command to print at every phase check, for diagnosis: node and the words after `show`.
struct ShowRequest {
  std::string node;
  std::string args;
};

// Diagnosis aids; none changes the run.
struct RunOptions {
  std::vector<ShowRequest> shows;  // printed at every phase check
  bool flows = false;              // every slot's sending interfaces
  std::string pcap_dir;            // non-empty: one pcap per link there
};

// Writes the lab into `dir` (created if needed), runs it and checks it. What `options` asks to
// print goes to `diag`.
RunOutcome RunAndCheck(const GeneratedLab& lab, const std::filesystem::path& dir,
                       const RunOptions& options = {}, std::string* diag = nullptr);

}  // namespace mc::simrand
