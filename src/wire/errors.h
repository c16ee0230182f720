// Named decode and encode errors shared by every codec (DESIGN.md rule 4). Each malformed input
// maps to exactly one of these, so hosts can count drops by reason.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string_view>

namespace mc::wire {

enum class DecodeError : std::uint8_t {
  kTruncated,         // fewer bytes than the header or a count claims
  kBadChecksum,       // Internet checksum does not verify
  kBadVersion,        // version field is not one we speak
  kBadType,           // unknown message type
  kBadLength,         // a length field disagrees with the bytes present
  kTooMany,           // a count exceeds our limit (see limits.h)
  kBadAddressFamily,  // PIM encoded address with a family other than IPv4
  kBadEncoding,       // PIM encoding type or reserved structure we do not know
  kBadRecordType,     // IGMPv3 group record type outside 1..6
  kBadOption,         // malformed option (IPv4 options, PIM Hello options)
  kBadField,          // a field holds a value the RFC forbids
  kFragmented,        // an IPv4 fragment: we never reassemble control packets
  kNotForUs,          // well-formed but not a protocol this decoder handles
};

std::string_view ToString(DecodeError e);

enum class EncodeError : std::uint8_t {
  kBufferTooSmall,
  kTooMany,   // more items than the wire format or our limits allow
  kBadField,  // a field that cannot be represented
};

std::string_view ToString(EncodeError e);

}  // namespace mc::wire

template <>
struct fmt::formatter<mc::wire::DecodeError> : fmt::formatter<std::string_view> {
  auto format(mc::wire::DecodeError e, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(mc::wire::ToString(e), ctx);
  }
};
