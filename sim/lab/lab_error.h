// LabError: why a lab folder is invalid (LAB-FORMAT.md §2-§4: "a clear error naming the file
// and line, exit status 2, nothing run"). Rendered `topology.yml:12: message`.
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>

namespace mc::sim {

struct LabError {
  std::string file;  // as the user knows it, relative to the lab folder: "topology.yml"
  int line = 0;      // 1-based; 0 when the error concerns the whole file (e.g. cannot read it)
  std::string message;

  std::string ToString() const {
    return line > 0 ? fmt::format("{}:{}: {}", file, line, message)
                    : fmt::format("{}: {}", file, message);
  }
  bool operator==(const LabError&) const = default;
};

}  // namespace mc::sim

template <>
struct fmt::formatter<mc::sim::LabError> : fmt::formatter<std::string_view> {
  auto format(const mc::sim::LabError& e, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(e.ToString(), ctx);
  }
};
