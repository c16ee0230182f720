// Times and durations as a lab writes them (LAB-FORMAT.md §2 link `delay`, §4 `at <T>`,
// `since <T>`, `interval T`).
//
// Grammar: `0`, or one or more `<digits>[.<digits>]<unit>` parts written without spaces, units
// in strictly decreasing size, each at most once: `h`, `m`, `s`, `ms`, `us` (also `µs`), `ns`.
// Examples: `250ms`, `10s`, `2m`, `1m30s`, `1h2m3s`, `1.5s`, `0.1ms`, `100us`.
// Only the last part may carry a fraction (`1.5m30s` is rejected; write `2m`), and the value
// must be a whole number of nanoseconds. Units are lower case (`m` is minutes,
// so `M` is not guessed at). A bare number other than `0` is rejected because its unit would
// be a guess. Negative values, signs, spaces and values above kMaxLabDuration are rejected.
// Left out: ISO 8601 (`PT1M`), days, and IOS-style `hh:mm:ss`.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "base/time.h"

namespace mc::sim {

// A million hours (about 114 years): far beyond any lab, far below the int64 nanosecond limit.
inline constexpr Duration kMaxLabDuration = std::chrono::hours{1'000'000};

// Parses `text`; the error is the reason alone (`unknown unit "x" ...`), for the caller to
// prefix with what was being parsed and where.
Result<Duration, std::string> ParseDuration(std::string_view text);

// The canonical spelling ParseDuration reads back exactly: `0`, `250ms`, `1m30s`,
// `1h0m0s1ns` style parts from hours down to nanoseconds, zero parts omitted. Negative
// durations get a leading `-` (which ParseDuration rejects).
std::string FormatDuration(Duration d);

}  // namespace mc::sim
