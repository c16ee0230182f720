// LAB-FORMAT times and durations; see duration_parse.h for the grammar.
#include "sim/lab/duration_parse.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <numeric>
#include <optional>

namespace mc::sim {
namespace {

struct Unit {
  std::string_view name;
  std::uint64_t ns;
  int rank;  // larger units first; each part's rank must exceed the previous part's
};

constexpr std::array<Unit, 7> kUnits = {{
    {"h", 3'600'000'000'000, 0},
    {"m", 60'000'000'000, 1},
    {"s", 1'000'000'000, 2},
    {"ms", 1'000'000, 3},
    {"us", 1'000, 4},
    {"\xC2\xB5s", 1'000, 4},  // µs, the same unit as us
    {"ns", 1, 5},
}};

constexpr std::uint64_t kMaxNs = static_cast<std::uint64_t>(kMaxLabDuration.count());

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<Unit> FindUnit(std::string_view name) {
  for (const Unit& u : kUnits) {
    if (u.name == name) {
      return u;
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> ParseDigits(std::string_view digits) {
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || ptr != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return v;
}

// The nanoseconds of `0.<frac>` units: exact or an error, never rounded (a lab that writes
// 0.0000000001s asked for something the virtual clock cannot represent).
Result<std::uint64_t, std::string> FractionNs(std::string_view frac, const Unit& unit) {
  while (!frac.empty() && frac.back() == '0') {
    frac.remove_suffix(1);
  }
  if (frac.empty()) {
    return std::uint64_t{0};
  }
  if (frac.size() > 18) {
    return std::string{"finer than 1ns"};
  }
  const std::optional<std::uint64_t> digits = ParseDigits(frac);
  if (!digits) {
    return std::string{"bad fraction"};
  }
  std::uint64_t pow10 = 1;
  for (std::size_t i = 0; i < frac.size(); ++i) {
    pow10 *= 10;
  }
  const std::uint64_t g = std::gcd(unit.ns, pow10);
  const std::uint64_t q = pow10 / g;
  if (*digits % q != 0) {
    return std::string{"finer than 1ns"};
  }
  // digits < pow10, so the product is below unit.ns: no overflow.
  return (*digits / q) * (unit.ns / g);
}

std::string ExpectedNumber(std::string_view rest) {
  if (!rest.empty() && rest.front() == '-') {
    return "negative times are not allowed";
  }
  return fmt::format("expected a number at \"{}\"", rest);
}

}  // namespace

Result<Duration, std::string> ParseDuration(std::string_view text) {
  if (text.empty()) {
    return std::string{"empty time"};
  }
  std::uint64_t total = 0;
  int last_rank = -1;
  bool had_fraction = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (had_fraction) {
      return std::string{"only the last part may have a fraction (as in 1m30.5s)"};
    }
    const std::size_t int_start = i;
    while (i < text.size() && IsDigit(text[i])) {
      ++i;
    }
    if (i == int_start) {
      return ExpectedNumber(text.substr(i));
    }
    const std::string_view int_digits = text.substr(int_start, i - int_start);
    std::string_view frac;
    if (i < text.size() && text[i] == '.') {
      const std::size_t frac_start = ++i;
      while (i < text.size() && IsDigit(text[i])) {
        ++i;
      }
      frac = text.substr(frac_start, i - frac_start);
      if (frac.empty()) {
        return std::string{"missing digits after \".\""};
      }
      had_fraction = true;
    }
    const std::size_t unit_start = i;
    while (i < text.size() && !IsDigit(text[i]) && text[i] != '.') {
      ++i;
    }
    const std::string_view unit_name = text.substr(unit_start, i - unit_start);
    const std::optional<std::uint64_t> whole = ParseDigits(int_digits);
    if (unit_name.empty()) {
      // A bare zero needs no unit; any other bare number would make us guess one.
      const bool zero = whole == 0u && frac.find_first_not_of('0') == std::string_view::npos;
      if (zero && int_start == 0 && i == text.size()) {
        return Duration{0};
      }
      const std::string_view number = text.substr(int_start, i - int_start);
      return fmt::format("missing unit after \"{0}\" (e.g. {0}s or {0}ms)", number);
    }
    const std::optional<Unit> unit = FindUnit(unit_name);
    if (!unit) {
      return fmt::format("unknown unit \"{}\" (use h, m, s, ms, us or ns)", unit_name);
    }
    if (unit->rank <= last_rank) {
      return std::string{"parts must go from larger to smaller units, each once (as in 1m30s)"};
    }
    last_rank = unit->rank;
    if (!whole || *whole > kMaxNs / unit->ns) {
      return std::string{"out of range (at most 1000000h)"};
    }
    Result<std::uint64_t, std::string> frac_ns = FractionNs(frac, *unit);
    if (!frac_ns) {
      return frac_ns.error();
    }
    const std::uint64_t part = *whole * unit->ns + *frac_ns;
    if (part > kMaxNs - total) {
      return std::string{"out of range (at most 1000000h)"};
    }
    total += part;
  }
  return Duration{static_cast<Duration::rep>(total)};
}

std::string FormatDuration(Duration d) {
  if (d.count() == 0) {
    return "0";
  }
  if (d.count() < 0) {
    return "-" + FormatDuration(-d);
  }
  std::uint64_t ns = static_cast<std::uint64_t>(d.count());
  std::string out;
  for (const Unit& u : kUnits) {
    if (u.name == "\xC2\xB5s") {
      continue;
    }
    if (ns >= u.ns) {
      out += fmt::format("{}{}", ns / u.ns, u.name);
      ns %= u.ns;
    }
  }
  return out;
}

}  // namespace mc::sim
