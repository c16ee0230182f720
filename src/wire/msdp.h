// MSDP messages (RFC 3618 §12): the TLV format (§12.1), IPv4 Source-Active (§12.2.1, type 1),
// KeepAlive (§12.2.2, type 4), and the SA Request / SA Response (types 2 and 3) and
// Notification (type 5) TLVs whose layouts RFC 3618 §12.2 lists but no longer describes; those
// follow draft-ietf-msdp-spec §17 (Notification: O bit, error code, subcode, data), which
// deployed implementations still send. MsdpFramer cuts a TCP byte stream into TLVs.
// Leaves out: interpreting the encapsulated data packet (kept as raw bytes; the caller hands it
// to the IPv4 decoder), MSDP traceroute (types 6 and 7, kept as MsdpUnknownTlv like every other
// unknown type, which RFC 3618 §12 says to ignore).
// Deviations, both deliberate: a TLV longer than the RFC 3618 §12 maximum (9192 octets) is a
// framing error, not accepted and truncated, because buffering it would have no bound; and a
// fixed-size TLV (KeepAlive, SA Request) longer than its layout is accepted with the extra
// octets ignored, as §12 asks of "longer than expected" TLVs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/limits.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint16_t kMsdpPort = 639;       // TCP
inline constexpr std::size_t kMsdpTlvHeaderSize = 3;  // Type (8 bits) + Length (16 bits)
// The framer holds at most the current partial TLV plus one more maximum-size TLV.
inline constexpr std::size_t kMsdpFramerBufferMax = 2 * kMsdpMessageMax;

inline constexpr std::uint8_t kMsdpTypeSourceActive = 1;
inline constexpr std::uint8_t kMsdpTypeSaRequest = 2;
inline constexpr std::uint8_t kMsdpTypeSaResponse = 3;
inline constexpr std::uint8_t kMsdpTypeKeepAlive = 4;
inline constexpr std::uint8_t kMsdpTypeNotification = 5;
inline constexpr std::uint8_t kMsdpTypeTracerouteInProgress = 6;
inline constexpr std::uint8_t kMsdpTypeTracerouteReply = 7;

// draft-ietf-msdp-spec §17 Notification error codes (7 bits).
inline constexpr std::uint8_t kMsdpErrorMessageHeader = 1;
inline constexpr std::uint8_t kMsdpErrorSaRequest = 2;
inline constexpr std::uint8_t kMsdpErrorSaMessage = 3;
inline constexpr std::uint8_t kMsdpErrorHoldTimerExpired = 4;
inline constexpr std::uint8_t kMsdpErrorFsm = 5;
inline constexpr std::uint8_t kMsdpErrorNotification = 6;
inline constexpr std::uint8_t kMsdpErrorCease = 7;
// Message Header Error subcodes.
inline constexpr std::uint8_t kMsdpSubcodeBadMessageLength = 2;
inline constexpr std::uint8_t kMsdpSubcodeBadMessageType = 3;

// One (S,G) entry of an SA. On the wire it also carries Reserved (24 bits, zero) and Sprefix
// Len, which RFC 3618 §12.2.1 says MUST be 32; other values are rejected as kBadField.
struct MsdpSaEntry {
  Ipv4 group;
  Ipv4 source;
  auto operator<=>(const MsdpSaEntry&) const = default;
};

// Type 1. `data` is the encapsulated multicast data packet (RFC 3618 §14) that may follow the
// last entry: everything between the last entry and the end of the TLV.
struct MsdpSourceActive {
  Ipv4 rp;
  std::vector<MsdpSaEntry> entries;
  Bytes data;
  auto operator<=>(const MsdpSourceActive&) const = default;
};

// Type 2: ask a peer for the SAs it has cached for a group.
struct MsdpSaRequest {
  Ipv4 group;
  auto operator<=>(const MsdpSaRequest&) const = default;
};

// Type 3: the answer; same layout as an SA but never with encapsulated data (octets after the
// last entry are ignored).
struct MsdpSaResponse {
  Ipv4 rp;
  std::vector<MsdpSaEntry> entries;
  auto operator<=>(const MsdpSaResponse&) const = default;
};

struct MsdpKeepAlive {
  auto operator<=>(const MsdpKeepAlive&) const = default;
};

// Type 5. The O ("open") bit tells the receiver the sender closes the connection.
struct MsdpNotification {
  bool open_bit = false;
  std::uint8_t error_code = 0;  // 7 bits
  std::uint8_t subcode = 0;
  Bytes data;
  auto operator<=>(const MsdpNotification&) const = default;
};

// Any other type, carried so the caller can count and ignore it (RFC 3618 §12).
// Encoding one whose type is 1..5 is refused: it would decode as the known TLV.
struct MsdpUnknownTlv {
  std::uint8_t type = 0;
  Bytes value;
  auto operator<=>(const MsdpUnknownTlv&) const = default;
};

using MsdpMessage = std::variant<MsdpSourceActive, MsdpSaRequest, MsdpSaResponse, MsdpKeepAlive,
                                 MsdpNotification, MsdpUnknownTlv>;

// Decodes exactly one TLV: `bytes` must be the whole TLV, no more and no less.
Result<MsdpMessage, DecodeError> DecodeMsdp(std::span<const std::uint8_t> bytes);
std::size_t EncodedSize(const MsdpMessage& m);
Result<std::size_t, EncodeError> Encode(const MsdpMessage& m, std::span<std::uint8_t> out);

// The wire type of a message, and a short name for a wire type ("source-active", ...,
// "unknown") for counters and `mcast decode`.
std::uint8_t MsdpTlvType(const MsdpMessage& m);
std::string_view MsdpTlvTypeName(std::uint8_t type);

// Cuts the byte stream of one MSDP TCP connection into TLVs.
//
//   while (!bytes.empty()) {
//     bytes = bytes.subspan(framer.Feed(bytes));
//     while (auto m = framer.Next()) { if (!*m) { /* Notification, close */ } ... }
//   }
//
// Feed() takes as many bytes as fit in the bounded buffer (kMsdpFramerBufferMax) and returns
// how many it took; the caller keeps the rest (TCP flow control) until Next() has drained
// complete TLVs. A TLV that frames correctly but fails to decode is returned as its error and
// the stream goes on. A Length field below 3 or above kMsdpMessageMax cannot be framed past:
// the framer is poisoned, Next() returns kBadLength from then on, and Feed() discards input.
class MsdpFramer {
 public:
  [[nodiscard]] std::size_t Feed(std::span<const std::uint8_t> bytes);
  std::optional<Result<MsdpMessage, DecodeError>> Next();

  bool poisoned() const { return poisoned_; }
  std::size_t buffered() const { return buffer_.size() - read_pos_; }

 private:
  Bytes buffer_;
  std::size_t read_pos_ = 0;  // start of the first unconsumed byte in buffer_
  bool poisoned_ = false;
};

}  // namespace mc::wire
