// Tracer: an engine's debug lines as Trace effects, rate-limited per key (DESIGN.md
// "Conventions": bad input is a Result, a counter and a rate-limited trace). Each key (a fixed
// category such as "bad-packet" or "limit sg-entries", never an address or other input-derived
// text) may emit `per_window` traces per window of engine time; the rest are counted. When the
// key next emits in a later window, a summary line reports how many were suppressed.
// Windows are measured on the `now` the engine is given, so tracing is as deterministic as the
// engine. The number of keys is bounded: past kMaxTraceKeys, new keys share one bucket.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/time.h"
#include "engine/effect.h"

namespace mc::engine {

struct TraceBudget {
  std::uint32_t per_window = 10;
  Duration window = std::chrono::seconds{1};
};

class Tracer {
 public:
  static constexpr std::size_t kMaxTraceKeys = 64;
  static constexpr std::string_view kOverflowKey = "(other)";

  explicit Tracer(std::string engine, TraceBudget budget = {})
      : engine_(std::move(engine)), budget_(budget) {}

  // Appends Trace{now, engine, text} unless `key` has spent its budget in the current window.
  // The text is only formatted when the trace is emitted.
  template <class... Args>
  void Emit(Time now, std::string_view key, std::vector<Effect>& out,
            fmt::format_string<Args...> format, Args&&... args) {
    if (Admit(now, key, out)) {
      out.push_back(Trace{now, engine_, fmt::format(format, std::forward<Args>(args)...)});
    }
  }

  // True when a trace under `key` may be emitted now; the caller then appends it. Counts the
  // trace against the budget (or as suppressed). Appends the suppression summary of the previous
  // window first, if there is one.
  bool Admit(Time now, std::string_view key, std::vector<Effect>& out);

  // Traces suppressed over the tracer's lifetime: in total, and under one key.
  std::uint64_t suppressed() const { return suppressed_total_; }
  std::uint64_t suppressed(std::string_view key) const;

  const std::string& engine() const { return engine_; }
  const TraceBudget& budget() const { return budget_; }

 private:
  struct Bucket {
    bool started = false;
    Time window_start;
    std::uint32_t emitted = 0;               // in the current window
    std::uint64_t suppressed_in_window = 0;  // reported by the next window's first trace
    std::uint64_t suppressed_total = 0;
  };
  using BucketMap = std::map<std::string, Bucket, std::less<>>;
  BucketMap::iterator BucketFor(std::string_view key);

  std::string engine_;
  TraceBudget budget_;
  BucketMap buckets_;
  std::uint64_t suppressed_total_ = 0;
};

}  // namespace mc::engine
