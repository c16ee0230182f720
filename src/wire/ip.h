// IPv4 header (RFC 791) with options, notably Router Alert (RFC 2113) which IGMPv2/v3 carry;
// UDP (RFC 768) and ICMP echo (RFC 792) for data traffic and multicast ping.
// Leaves out: reassembly (control protocols never fragment; fragments decode but are marked),
// source-route and timestamp option semantics (kept as raw bytes, re-encoded verbatim).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint8_t kProtoIcmp = 1;
inline constexpr std::uint8_t kProtoIgmp = 2;
inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoOspf = 89;
inline constexpr std::uint8_t kProtoPim = 103;
inline constexpr std::uint8_t kProtoVrrp = 112;

struct Ipv4Header {
  std::uint8_t tos = 0;
  std::uint16_t identification = 0;
  bool dont_fragment = false;
  bool more_fragments = false;
  std::uint16_t fragment_offset_8b = 0;  // in 8-byte units
  std::uint8_t ttl = 64;
  std::uint8_t protocol = 0;
  Ipv4 src;
  Ipv4 dst;
  bool router_alert = false;  // RFC 2113 option 148, value 0, emitted first
  Bytes other_options;        // every other option, verbatim (without padding)
  bool IsFragment() const { return more_fragments || fragment_offset_8b != 0; }
  auto operator<=>(const Ipv4Header&) const = default;
};

struct Ipv4Packet {
  Ipv4Header header;
  std::span<const std::uint8_t> payload;  // exactly total_length - header length bytes
};

// Verifies version, IHL, total length, header checksum and option framing. Trailing bytes past
// total_length (Ethernet padding) are ignored.
Result<Ipv4Packet, DecodeError> DecodeIpv4(std::span<const std::uint8_t> bytes);
std::size_t HeaderSize(const Ipv4Header& h);
// Header (checksum computed) + payload.
Result<Bytes, EncodeError> BuildIpv4(const Ipv4Header& h, std::span<const std::uint8_t> payload);

struct UdpDatagram {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  bool checksum_present = true;  // decode: the sender filled it; encode: compute one
  std::span<const std::uint8_t> payload;
};

// Checks the length field and, when non-zero, the checksum over the pseudo-header.
Result<UdpDatagram, DecodeError> DecodeUdp(std::span<const std::uint8_t> bytes, Ipv4 src, Ipv4 dst);
Result<Bytes, EncodeError> BuildUdp(const UdpDatagram& d, Ipv4 src, Ipv4 dst);

struct IcmpEcho {
  bool reply = false;  // type 0 echo reply, type 8 echo request
  std::uint16_t identifier = 0;
  std::uint16_t sequence = 0;
  Bytes data;
  auto operator<=>(const IcmpEcho&) const = default;
};

Result<IcmpEcho, DecodeError> DecodeIcmpEcho(std::span<const std::uint8_t> bytes);
inline std::size_t EncodedSize(const IcmpEcho& e) { return 8 + e.data.size(); }
Result<std::size_t, EncodeError> Encode(const IcmpEcho& e, std::span<std::uint8_t> out);

}  // namespace mc::wire
