// VRRP advertisements for IPv4: version 2 (RFC 3768 §5.1, fields §5.3) and version 3
// (RFC 5798 §5.1, fields §5.2). Both are IP protocol 112 to 224.0.0.18 with TTL 255; the IP
// layer and the engine check TTL, destination and VRID (RFC 3768 §7.1, RFC 5798 §7.1).
// Checksums differ: v2 covers the VRRP message only (RFC 3768 §5.3.8); v3 also covers the IPv4
// pseudo-header of source, destination, zero, protocol 112 and VRRP length (RFC 5798 §5.2.8),
// so decoding and encoding take the IPv4 source and destination.
// Leaves out: VRRPv3 for IPv6 (this stack is IPv4 only); the meaning of v2 authentication
// (types 1 and 2 are "Reserved" in RFC 3768 §5.3.6; type and data are carried verbatim for
// RFC 2338 peers, never checked). Reserved bits are written as zero and ignored on receipt.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/limits.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint8_t kVrrpTypeAdvertisement = 1;
inline constexpr std::uint8_t kVrrpTtl = 255;  // RFC 5798 §5.1.1.3: sent and required
inline constexpr std::size_t kVrrpHeaderSize = 8;
inline constexpr std::size_t kVrrpV2AuthDataSize = 8;
inline constexpr std::uint16_t kVrrpMaxAdvertIntervalMax = 0x0FFF;  // 12 bits of centiseconds

struct VrrpAdvertisement {
  std::uint8_t version = 3;  // 2 (RFC 3768) or 3 (RFC 5798)
  std::uint8_t vrid = 1;
  std::uint8_t priority = 100;  // 255: the address owner; 0: the master is leaving
  std::vector<Ipv4> addresses;
  // Version 3 only: Max Advertise Interval in centiseconds (12 bits).
  std::uint16_t max_advert_interval_cs = 100;
  // Version 2 only: Advertisement Interval in seconds, Auth Type and Authentication Data.
  std::uint8_t advert_interval_s = 1;
  std::uint8_t auth_type = 0;
  std::array<std::uint8_t, kVrrpV2AuthDataSize> auth_data{};
  auto operator<=>(const VrrpAdvertisement&) const = default;
};

// Decodes the IP payload of a protocol-112 packet from `src` to `dst` (the addresses feed the
// v3 checksum only). Errors: kTruncated, kBadLength (octets past the addresses and, for v2,
// the authentication data), kBadVersion (not 2 or 3), kBadChecksum, kBadType (not 1).
Result<VrrpAdvertisement, DecodeError> DecodeVrrp(std::span<const std::uint8_t> bytes, Ipv4 src,
                                                  Ipv4 dst);

// Fields that belong to the other version are not written (and come back as their defaults).
std::size_t EncodedSize(const VrrpAdvertisement& a);
Result<std::size_t, EncodeError> Encode(const VrrpAdvertisement& a, Ipv4 src, Ipv4 dst,
                                        std::span<std::uint8_t> out);

// An advertisement with the IPv4 addresses its v3 checksum covers, so that
// EncodeToBytes(VrrpPacket{...}) works like every other codec.
struct VrrpPacket {
  Ipv4 src;
  Ipv4 dst = kVrrpGroup;
  VrrpAdvertisement advert;
};
std::size_t EncodedSize(const VrrpPacket& p);
Result<std::size_t, EncodeError> Encode(const VrrpPacket& p, std::span<std::uint8_t> out);

}  // namespace mc::wire
