// Replaying a record (record.h) through a RouterCore built from the recorded config and seed:
// the recorded calls are made at their recorded times, and every effect the engines produce is
// compared with the record's next `fx` line. A nested call (one the host made while applying an
// effect) is made right after the effect it followed, as the host did. `mcast replay` is the
// command line for this.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "base/time.h"
#include "router/record.h"
#include "router/router_core.h"

namespace mc::router {

struct ReplayOutcome {
  std::string config_error;  // the recorded config does not load (nothing was replayed)
  bool matched_all = false;  // every recorded effect, in order, and no other
  std::size_t calls = 0;
  std::size_t inputs = 0;
  std::size_t matched = 0;
  std::string divergence;  // "line N: ...\n  expected: ...\n  got: ...\n"
  Time last = kTimeZero;   // the time of the last recorded call
};

// `at_end` sees the core after the last call (for shows), when the replay matched.
ReplayOutcome ReplayRecord(const Record& r,
                           const std::function<void(const RouterCore&, Time)>& at_end = {});

}  // namespace mc::router
