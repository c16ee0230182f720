// Parsing and printing of IPv4 addresses and prefixes.
#include "base/ipv4.h"

#include <charconv>

namespace mc {
namespace {

// Parses one decimal number in [0, max] from the front of `text`, consuming it.
std::optional<std::uint32_t> TakeNumber(std::string_view& text, std::uint32_t max) {
  std::uint32_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr == text.data() || v > max) return std::nullopt;
  const auto used = static_cast<std::size_t>(ptr - text.data());
  if (used > 3) return std::nullopt;  // "0001" is not an octet
  text.remove_prefix(used);
  return v;
}

}  // namespace

std::optional<Ipv4> Ipv4::Parse(std::string_view text) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (text.empty() || text.front() != '.') return std::nullopt;
      text.remove_prefix(1);
    }
    const std::optional<std::uint32_t> octet = TakeNumber(text, 255);
    if (!octet) return std::nullopt;
    v = v << 8 | *octet;
  }
  if (!text.empty()) return std::nullopt;
  return Ipv4{v};
}

std::string Ipv4::ToString() const {
  return fmt::format("{}.{}.{}.{}", v_ >> 24, (v_ >> 16) & 0xFF, (v_ >> 8) & 0xFF, v_ & 0xFF);
}

std::optional<Prefix> Prefix::Parse(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::optional<Ipv4> addr = Ipv4::Parse(text.substr(0, slash));
  std::string_view len_text = text.substr(slash + 1);
  const std::optional<std::uint32_t> len = TakeNumber(len_text, 32);
  if (!addr || !len || !len_text.empty()) return std::nullopt;
  return Make(*addr, static_cast<std::uint8_t>(*len));
}

std::optional<Prefix> Prefix::FromMask(Ipv4 addr, Ipv4 mask) {
  const std::uint32_t m = mask.value();
  const std::uint32_t inverted = ~m;
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;  // ones must be contiguous
  std::uint8_t len = 0;
  for (std::uint32_t b = m; b != 0; b <<= 1) ++len;
  return Make(addr, len);
}

std::string Prefix::ToString() const { return fmt::format("{}/{}", addr_.ToString(), len_); }

}  // namespace mc
