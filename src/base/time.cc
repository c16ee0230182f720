// Formatting of times for show output and lab headers.
#include "base/time.h"

#include <fmt/format.h>

namespace mc {

std::string FormatSeconds(Time t) {
  const std::int64_t ns = ToNanos(t);
  return fmt::format("{}.{:03}s", ns / 1'000'000'000, (ns / 1'000'000) % 1000);
}

std::string FormatHms(Duration d) {
  const std::int64_t total = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  const std::int64_t s = total < 0 ? 0 : total;
  const std::int64_t days = s / 86400;
  if (days > 0) return fmt::format("{}d{:02}h", days, (s % 86400) / 3600);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60);
}

}  // namespace mc
