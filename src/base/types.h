// Small value types shared by every layer: interface indexes and (S,G) channels.
#pragma once

#include <fmt/format.h>

#include <compare>
#include <cstdint>
#include <string>

#include "base/ipv4.h"

namespace mc {

// An interface of one device (emulator) or of the host (Linux ifindex). 0 means none.
class IfIndex {
 public:
  constexpr IfIndex() = default;
  constexpr explicit IfIndex(std::uint32_t v) : v_(v) {}
  constexpr std::uint32_t value() const { return v_; }
  constexpr bool valid() const { return v_ != 0; }
  constexpr auto operator<=>(const IfIndex&) const = default;

 private:
  std::uint32_t v_ = 0;
};

inline constexpr Ipv4 kAnySource{};

// A multicast channel. source == 0.0.0.0 is the (*,G) wildcard.
struct Sg {
  Ipv4 source;
  Ipv4 group;
  constexpr bool IsStarG() const { return source.IsUnspecified(); }
  std::string ToString() const {
    return IsStarG() ? fmt::format("(*, {})", group) : fmt::format("({}, {})", source, group);
  }
  constexpr auto operator<=>(const Sg&) const = default;
};

}  // namespace mc
