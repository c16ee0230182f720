// Limit checks: drop, count, trace (DESIGN.md rule 5).
#include "engine/limits.h"

#include <fmt/format.h>

#include <string>

namespace mc::engine {

bool LimitGuard::Admit(Limit which, std::size_t current, Time now, std::string_view what,
                       Tracer& tracer, std::vector<Effect>& out) {
  const std::size_t max = Maximum(limits_, which);
  if (current < max) {
    return true;
  }
  hits_.Inc(which);
  const std::string_view name = Counters<Limit>::Name(which);
  tracer.Emit(now, fmt::format("limit {}", name), out, "limit {} ({}) reached, dropped {}", name,
              max, what);
  return false;
}

}  // namespace mc::engine
