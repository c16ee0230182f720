// VXLAN header (RFC 7348 §5): 8 octets in front of an inner Ethernet frame, carried in UDP to
// port 4789. Flags octet with the I bit (0x08) that marks a valid VNI, 24 reserved bits, the
// 24-bit VXLAN Network Identifier, 8 reserved bits.
// Leaves out: the outer Ethernet/IPv4/UDP headers (ip.h builds them; RFC 7348 §5 asks for a
// source port hashed from the inner frame, which the VTEP chooses), VXLAN-GPE and Group Policy
// extensions (their flag bits are reserved here: written as zero, ignored on receipt).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint16_t kVxlanPort = 4789;  // IANA-assigned, RFC 7348 §5
inline constexpr std::size_t kVxlanHeaderSize = 8;
inline constexpr std::uint8_t kVxlanFlagI = 0x08;
inline constexpr std::uint32_t kVxlanVniMax = 0xFFFFFF;
// The inner frame must hold at least an Ethernet header (destination, source, EtherType).
inline constexpr std::size_t kVxlanInnerFrameMin = 14;

struct VxlanPacket {
  std::uint32_t vni = 0;                      // 24 bits
  std::span<const std::uint8_t> inner_frame;  // decode: a view into the decoded bytes
  friend bool operator==(const VxlanPacket& a, const VxlanPacket& b) {
    return a.vni == b.vni && std::ranges::equal(a.inner_frame, b.inner_frame);
  }
};

// Decodes a UDP payload. Errors: kTruncated (fewer than 8 + 14 octets), kBadField (I bit clear).
// Reserved bits and the other flag bits are ignored.
Result<VxlanPacket, DecodeError> DecodeVxlan(std::span<const std::uint8_t> bytes);
inline std::size_t EncodedSize(const VxlanPacket& p) {
  return kVxlanHeaderSize + p.inner_frame.size();
}
// Header + inner frame. Errors: kBadField (VNI over 24 bits, inner frame shorter than an
// Ethernet header), kBufferTooSmall.
Result<std::size_t, EncodeError> Encode(const VxlanPacket& p, std::span<std::uint8_t> out);

}  // namespace mc::wire
