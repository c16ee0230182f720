// Parsing and printing of MAC addresses.
#include "base/mac.h"

#include <fmt/format.h>

namespace mc {
namespace {

std::optional<std::uint8_t> HexDigit(char c) {
  if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
  return std::nullopt;
}

}  // namespace

std::optional<Mac> Mac::Parse(std::string_view text) {
  // Collect 12 hex digits; separators must be consistent with one of the three forms.
  const bool cisco = text.size() == 14 && text[4] == '.' && text[9] == '.';
  const bool colon = text.size() == 17 && (text[2] == ':' || text[2] == '-');
  if (!cisco && !colon) return std::nullopt;
  std::array<std::uint8_t, 6> b{};
  std::size_t nibble = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool sep_pos = cisco ? (i == 4 || i == 9) : (i % 3 == 2);
    if (sep_pos) {
      if (text[i] != (cisco ? '.' : text[2])) return std::nullopt;
      continue;
    }
    const std::optional<std::uint8_t> d = HexDigit(text[i]);
    if (!d) return std::nullopt;
    b[nibble / 2] = static_cast<std::uint8_t>(b[nibble / 2] << 4 | *d);
    ++nibble;
  }
  if (nibble != 12) return std::nullopt;
  return Mac{b};
}

std::string Mac::ToString() const {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", b_[0], b_[1], b_[2], b_[3], b_[4],
                     b_[5]);
}

std::string Mac::ToCiscoString() const {
  return fmt::format("{:02x}{:02x}.{:02x}{:02x}.{:02x}{:02x}", b_[0], b_[1], b_[2], b_[3], b_[4],
                     b_[5]);
}

}  // namespace mc
