// Ethernet MAC addresses, including the IPv4 multicast mapping of RFC 1112 §6.4:
// 01:00:5e followed by the low 23 bits of the group, so 32 groups share one MAC.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ipv4.h"

namespace mc {

class Mac {
 public:
  constexpr Mac() = default;
  constexpr explicit Mac(std::array<std::uint8_t, 6> b) : b_(b) {}

  static constexpr Mac ForGroup(Ipv4 group) {
    const std::uint32_t g = group.value();
    return Mac{{0x01, 0x00, 0x5e, static_cast<std::uint8_t>((g >> 16) & 0x7F),
                static_cast<std::uint8_t>((g >> 8) & 0xFF), static_cast<std::uint8_t>(g & 0xFF)}};
  }
  static constexpr Mac Broadcast() { return Mac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
  // RFC 5798 §7.3: 00-00-5E-00-01-{VRID}.
  static constexpr Mac VrrpVirtual(std::uint8_t vrid) {
    return Mac{{0x00, 0x00, 0x5e, 0x00, 0x01, vrid}};
  }
  // Accepts "01:00:5e:01:01:01", "01-00-5e-01-01-01" and Cisco "0100.5e01.0101".
  static std::optional<Mac> Parse(std::string_view text);

  constexpr const std::array<std::uint8_t, 6>& bytes() const { return b_; }
  constexpr bool IsMulticast() const { return (b_[0] & 0x01) != 0; }
  constexpr bool IsBroadcast() const { return *this == Broadcast(); }
  // The 01:00:5e:00:00:00/25 block that carries IPv4 multicast.
  constexpr bool IsIpv4Multicast() const {
    return b_[0] == 0x01 && b_[1] == 0x00 && b_[2] == 0x5e && (b_[3] & 0x80) == 0;
  }
  std::string ToString() const;       // 01:00:5e:01:01:01
  std::string ToCiscoString() const;  // 0100.5e01.0101

  constexpr auto operator<=>(const Mac&) const = default;

 private:
  std::array<std::uint8_t, 6> b_{};
};

}  // namespace mc
