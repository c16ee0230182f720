// Per-key fixed-window rate limiting of Trace effects.
#include "engine/trace.h"

namespace mc::engine {

Tracer::BucketMap::iterator Tracer::BucketFor(std::string_view key) {
  if (const auto it = buckets_.find(key); it != buckets_.end()) {
    return it;
  }
  // Keys are meant to be a small fixed set; a caller that builds them from input must not be
  // able to grow this map without bound.
  const std::string_view k = buckets_.size() < kMaxTraceKeys ? key : kOverflowKey;
  return buckets_.try_emplace(std::string{k}).first;
}

bool Tracer::Admit(Time now, std::string_view key, std::vector<Effect>& out) {
  const auto it = BucketFor(key);
  Bucket& b = it->second;
  if (!b.started || now >= b.window_start + budget_.window) {
    if (b.suppressed_in_window > 0) {
      out.push_back(Trace{now, engine_,
                          fmt::format("{} '{}' traces suppressed since {}", b.suppressed_in_window,
                                      it->first, FormatSeconds(b.window_start))});
    }
    b.started = true;
    b.window_start = now;
    b.emitted = 0;
    b.suppressed_in_window = 0;
  }
  if (b.emitted < budget_.per_window) {
    ++b.emitted;
    return true;
  }
  ++b.suppressed_in_window;
  ++b.suppressed_total;
  ++suppressed_total_;
  return false;
}

std::uint64_t Tracer::suppressed(std::string_view key) const {
  const auto it = buckets_.find(key);
  return it == buckets_.end() ? 0 : it->second.suppressed_total;
}

}  // namespace mc::engine
