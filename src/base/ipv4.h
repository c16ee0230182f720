// IPv4 addresses and prefixes, with the multicast ranges the protocols care about
// (RFC 5771 link-local 224.0.0.0/24, RFC 4607 SSM 232.0.0.0/8).
#pragma once

#include <fmt/format.h>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mc {

class Ipv4 {
 public:
  constexpr Ipv4() = default;
  constexpr explicit Ipv4(std::uint32_t host_order) : v_(host_order) {}
  constexpr Ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
      : v_(std::uint32_t{a} << 24 | std::uint32_t{b} << 16 | std::uint32_t{c} << 8 | d) {}

  // Dotted quad only ("10.1.2.3"); no shorthand forms.
  static std::optional<Ipv4> Parse(std::string_view text);

  constexpr std::uint32_t value() const { return v_; }
  constexpr bool IsUnspecified() const { return v_ == 0; }
  constexpr bool IsMulticast() const { return (v_ >> 28) == 0xE; }
  // 224.0.0.0/24: never forwarded by routers, always flooded by snooping switches.
  constexpr bool IsLinkLocalMulticast() const { return (v_ >> 8) == 0xE00000; }
  constexpr bool IsDefaultSsm() const { return (v_ >> 24) == 232; }
  constexpr bool IsBroadcast() const { return v_ == 0xFFFFFFFF; }
  constexpr bool IsLoopback() const { return (v_ >> 24) == 127; }
  std::string ToString() const;

  constexpr auto operator<=>(const Ipv4&) const = default;

 private:
  std::uint32_t v_ = 0;
};

inline constexpr Ipv4 kAllSystems{224, 0, 0, 1};
inline constexpr Ipv4 kAllRouters{224, 0, 0, 2};
inline constexpr Ipv4 kAllDvmrpRouters{224, 0, 0, 4};
inline constexpr Ipv4 kAllOspfRouters{224, 0, 0, 5};
inline constexpr Ipv4 kAllOspfDrs{224, 0, 0, 6};
inline constexpr Ipv4 kAllPimRouters{224, 0, 0, 13};
inline constexpr Ipv4 kVrrpGroup{224, 0, 0, 18};
inline constexpr Ipv4 kIgmpV3Routers{224, 0, 0, 22};
inline constexpr Ipv4 kCiscoRpAnnounce{224, 0, 1, 39};
inline constexpr Ipv4 kCiscoRpDiscovery{224, 0, 1, 40};

class Prefix {
 public:
  constexpr Prefix() = default;
  // The address is masked to the length; lengths above 32 are clamped by Make().
  static constexpr Prefix Make(Ipv4 addr, std::uint8_t len) {
    const std::uint8_t l = len > 32 ? 32 : len;
    return Prefix{Ipv4{addr.value() & MaskBits(l)}, l};
  }
  // "10.0.0.0/8"
  static std::optional<Prefix> Parse(std::string_view text);
  // From an IOS address + dotted mask ("255.255.255.0"); nullopt for a non-contiguous mask.
  static std::optional<Prefix> FromMask(Ipv4 addr, Ipv4 mask);

  constexpr Ipv4 address() const { return addr_; }
  constexpr std::uint8_t length() const { return len_; }
  constexpr Ipv4 mask() const { return Ipv4{MaskBits(len_)}; }
  constexpr bool Contains(Ipv4 a) const { return (a.value() & MaskBits(len_)) == addr_.value(); }
  constexpr bool Contains(const Prefix& p) const { return p.len_ >= len_ && Contains(p.addr_); }
  std::string ToString() const;

  constexpr auto operator<=>(const Prefix&) const = default;

 private:
  constexpr Prefix(Ipv4 a, std::uint8_t l) : addr_(a), len_(l) {}
  static constexpr std::uint32_t MaskBits(std::uint8_t len) {
    return len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
  }
  Ipv4 addr_;
  std::uint8_t len_ = 0;
};

inline constexpr Prefix kMulticastRange = Prefix::Make(Ipv4{224, 0, 0, 0}, 4);
inline constexpr Prefix kDefaultSsmRange = Prefix::Make(Ipv4{232, 0, 0, 0}, 8);

}  // namespace mc

template <>
struct fmt::formatter<mc::Ipv4> : fmt::formatter<std::string_view> {
  auto format(const mc::Ipv4& a, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(a.ToString(), ctx);
  }
};
template <>
struct fmt::formatter<mc::Prefix> : fmt::formatter<std::string_view> {
  auto format(const mc::Prefix& p, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(p.ToString(), ctx);
  }
};
