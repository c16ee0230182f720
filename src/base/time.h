// Virtual and real time for engines: a clock type with no now().
// Engines receive `Time now` as an argument (DESIGN.md rule 1); only hosts read a real clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace mc {

using Duration = std::chrono::nanoseconds;

// A clock with no now(): code that only sees EngineClock cannot read the time.
struct EngineClock {
  using duration = Duration;
  using rep = Duration::rep;
  using period = Duration::period;
  using time_point = std::chrono::time_point<EngineClock, Duration>;
  static constexpr bool is_steady = true;
};
using Time = EngineClock::time_point;

inline constexpr Time kTimeZero{};

constexpr Time TimeFromNanos(std::int64_t ns) { return Time{Duration{ns}}; }
constexpr std::int64_t ToNanos(Time t) { return t.time_since_epoch().count(); }
constexpr double ToSeconds(Duration d) { return static_cast<double>(d.count()) / 1e9; }

// "12.000s" style, as the lab runner prints timestamps.
std::string FormatSeconds(Time t);
// IOS uptime/expiry style "00:02:59" (hh:mm:ss; days as "1d02h" past 24 h).
std::string FormatHms(Duration d);

}  // namespace mc
