// `show ip pim traffic` (IOS layout) and its JSON, shared by the emulator's routers and mcastd:
// the message table (received / sent per PIM message type, RFC 7761 §4.9), then every other
// PIM engine counter by its name (drops and protocol events, e.g. drop-malformed,
// drop-register-not-rp), as the IOS "Errors:" section lists its own drop reasons.
// Input is the engine's counter snapshot (engine::Counters::Snapshot(): names in enum order),
// so this header needs no PIM engine type. Left out: the IOS "Elapsed time since counters
// cleared" line and per-interface breakdowns (the engine counts per router).
#pragma once

#include <string>
#include <vector>

#include "engine/counters.h"

namespace mc::show {

// JSON: one object, counter name -> value, every counter (zeros included).
std::string RenderPimTraffic(const std::vector<engine::CounterValue>& counters, bool json);

}  // namespace mc::show
