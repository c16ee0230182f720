// Cisco Auto-RP messages (no RFC; the layout is Cisco's "Auto-RP version 1+" specification,
// pim-autorp-spec01, as Wireshark's auto_rp dissector and FRR pimd also read it): UDP port 496,
// RP-Announce to 224.0.1.39 from candidate RPs, RP-Discovery ("mapping") to 224.0.1.40 from
// mapping agents. Both types share one layout:
//   header: Version (4 bits, 1) | Type (4 bits), RP Count, Holdtime (s, 0 = never expires),
//           Reserved (32 bits)
//   per RP: RP Address, Reserved (6 bits) | PIM Version (2 bits), Group Count
//   per group: Reserved (7 bits) | Negative (1 bit, "deny" this range), Mask Length, Prefix
// Leaves out: nothing of the format. Reserved bits are written as zero and ignored on receipt;
// octets after the last RP are ignored; group prefixes are masked to their length (Prefix).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/limits.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint16_t kAutoRpPort = 496;
inline constexpr std::uint8_t kAutoRpVersion = 1;
inline constexpr std::size_t kAutoRpHeaderSize = 8;
inline constexpr std::size_t kAutoRpRpSize = 6;     // RP Address, PIM Version, Group Count
inline constexpr std::size_t kAutoRpGroupSize = 6;  // Negative bit, Mask Length, Prefix
// The largest UDP payload an IPv4 datagram can carry (65535 - 20 - 8).
inline constexpr std::size_t kAutoRpMessageMax = 65507;

enum class AutoRpType : std::uint8_t {
  kAnnounce = 1,   // RP-Announce, candidate RP -> 224.0.1.39
  kDiscovery = 2,  // RP-Discovery (mapping), mapping agent -> 224.0.1.40
};

enum class AutoRpPimVersion : std::uint8_t { kUnknown = 0, kV1 = 1, kV2 = 2, kV1AndV2 = 3 };

struct AutoRpGroup {
  bool negative = false;  // a "deny" range: these groups do not map to this RP
  Prefix prefix;
  auto operator<=>(const AutoRpGroup&) const = default;
};

struct AutoRpEntry {
  Ipv4 rp;
  AutoRpPimVersion pim_version = AutoRpPimVersion::kV2;
  std::vector<AutoRpGroup> groups;
  auto operator<=>(const AutoRpEntry&) const = default;
};

struct AutoRpMessage {
  AutoRpType type = AutoRpType::kAnnounce;
  std::uint16_t holdtime_s = 0;
  std::vector<AutoRpEntry> rps;
  auto operator<=>(const AutoRpMessage&) const = default;
};

// Decodes a UDP payload. Errors: kTruncated, kBadVersion (not 1), kBadType (not 1 or 2),
// kTooMany (a count over kAutoRpRpsMax / kAutoRpGroupsPerRpMax), kBadField (mask length > 32).
Result<AutoRpMessage, DecodeError> DecodeAutoRp(std::span<const std::uint8_t> bytes);
std::size_t EncodedSize(const AutoRpMessage& m);
Result<std::size_t, EncodeError> Encode(const AutoRpMessage& m, std::span<std::uint8_t> out);

// "announce", "discovery" or "unknown", for the wire Type nibble.
std::string_view AutoRpTypeName(std::uint8_t type);

}  // namespace mc::wire
