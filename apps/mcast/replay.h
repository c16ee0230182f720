// `mcast replay FILE`: runs an `mcastd --record` session again through the same router core and
// checks that the engines produce the recorded effects (docs/record-replay.md).
#pragma once
#include <string>
#include <vector>

namespace mc::app {

// args: everything after `replay`. Returns 0 when every effect matched, 1 at the first
// divergence, 2 for usage errors and unreadable or malformed records.
int RunReplay(const std::vector<std::string>& args);

}  // namespace mc::app
