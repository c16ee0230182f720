// OSPFv2 packet header (RFC 2328 §A.3.1), only as far as a snooping switch needs it to find
// multicast routers: OSPF to AllSPFRouters/AllDRouters marks a router port, and a Hello with the
// MC bit (RFC 2328 §A.2, RFC 1584) marks a MOSPF router. The 24-octet header is decoded and
// checked (version 2, type 1-5, Packet length against the bytes, checksum); the body is raw.
// Checksum (RFC 2328 §A.3.1, §D.4): the Internet checksum over the packet up to Packet length,
// skipping the 64-bit Authentication field, for AuType 0 (§D.4.1) and 1 (§D.4.2); with
// cryptographic authentication (AuType 2, §D.4.3) it "is not calculated, but is instead set to
// 0", and the message digest follows the packet outside Packet length.
// Leaves out: the bodies of all five packet types, running OSPF (the emulator's IGP is an
// oracle), verifying passwords or digests, the RFC 5613 LLS block (kept, with any digest, as
// the raw octets after Packet length).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/ipv4.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint8_t kOspfVersion = 2;
inline constexpr std::size_t kOspfHeaderSize = 24;
inline constexpr std::uint16_t kOspfAuTypeNull = 0;
inline constexpr std::uint16_t kOspfAuTypeSimplePassword = 1;
inline constexpr std::uint16_t kOspfAuTypeCryptographic = 2;
inline constexpr std::uint8_t kOspfOptionE = 0x02;
inline constexpr std::uint8_t kOspfOptionMc = 0x04;        // RFC 2328 §A.2: MOSPF capable
inline constexpr std::size_t kOspfHelloOptionsOffset = 6;  // in the Hello body (§A.3.2)

enum class OspfType : std::uint8_t {
  kHello = 1,
  kDatabaseDescription = 2,
  kLinkStateRequest = 3,
  kLinkStateUpdate = 4,
  kLinkStateAck = 5,
};
std::string_view ToString(OspfType t);  // "hello", "database-description", ...

struct OspfPacket {
  OspfType type = OspfType::kHello;
  Ipv4 router_id;
  Ipv4 area_id;
  std::uint16_t au_type = kOspfAuTypeNull;
  std::array<std::uint8_t, 8> authentication{};
  Bytes body;     // Packet length - 24 octets
  Bytes trailer;  // octets after Packet length: §D.4.3 digest, RFC 5613 LLS data
  auto operator<=>(const OspfPacket&) const = default;
};

// Decodes the IP payload of a protocol-89 packet. Errors: kTruncated, kBadVersion (not 2),
// kBadLength (Packet length below 24), kBadChecksum (AuType other than 2), kBadType (not 1-5).
Result<OspfPacket, DecodeError> DecodeOspf(std::span<const std::uint8_t> bytes);
std::size_t EncodedSize(const OspfPacket& p);
// Computes the checksum (0 for AuType 2). Errors: kBadField (type), kTooMany (over 65535
// octets up to Packet length), kBufferTooSmall.
Result<std::size_t, EncodeError> Encode(const OspfPacket& p, std::span<std::uint8_t> out);

// AllSPFRouters (224.0.0.5) and AllDRouters (224.0.0.6), RFC 2328 §A.1.
constexpr bool IsMospfRouterGroup(Ipv4 dst) { return dst == kAllOspfRouters || dst == kAllOspfDrs; }

// True for a Hello whose Options carry the MC bit: the sender forwards multicast (MOSPF).
bool IsMospfHello(const OspfPacket& p);

}  // namespace mc::wire
