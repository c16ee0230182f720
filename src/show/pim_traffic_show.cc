// `show ip pim traffic` (pim_traffic_show.h).
#include "show/pim_traffic_show.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string_view>

namespace mc::show {

std::string RenderPimTraffic(const std::vector<engine::CounterValue>& all, bool json) {
  if (json) {
    nlohmann::json j = nlohmann::json::object();
    for (const engine::CounterValue& c : all) {
      j[c.name] = c.value;
    }
    return j.dump(2) + "\n";
  }
  const auto get = [&](std::string_view name) {
    for (const engine::CounterValue& c : all) {
      if (c.name == name) {
        return c.value;
      }
    }
    return std::uint64_t{0};
  };
  std::string out = "PIM Traffic Counters\n\n";
  out += fmt::format("{:<30}{:<13}{}\n", "", "Received", "Sent");
  const auto row = [&](std::string_view name, std::uint64_t rx, std::uint64_t tx) {
    out += fmt::format("{:<30}{:<13}{}\n", name, rx, tx);
  };
  // The message table's counters; every other one is listed by name below it.
  static constexpr std::string_view kInTable[] = {
      "hellos-sent",          "hellos-received",     "join-prunes-sent",
      "join-prunes-received", "registers-sent",      "null-registers-sent",
      "registers-received",   "register-stops-sent", "register-stops-received"};
  row("Hello", get("hellos-received"), get("hellos-sent"));
  row("Join-Prune", get("join-prunes-received"), get("join-prunes-sent"));
  row("Register", get("registers-received"), get("registers-sent") + get("null-registers-sent"));
  row("Register Stop", get("register-stops-received"), get("register-stops-sent"));
  out += "Errors and events:\n";
  for (const engine::CounterValue& c : all) {
    bool in_table = false;
    for (const std::string_view t : kInTable) {
      in_table = in_table || c.name == t;
    }
    if (!in_table) {
      out += fmt::format("{:<43}{}\n", c.name, c.value);
    }
  }
  return out;
}

}  // namespace mc::show
