// PIMv2 messages over IPv4: the common header and every message type of RFC 7761 §4.9 (PIM-SM:
// Hello, Register, Register-Stop, Join/Prune, Assert), RFC 5059 §4 (Bootstrap, Candidate-RP-
// Advertisement), RFC 3973 §4.7 (PIM-DM: Graft, Graft-Ack, State Refresh and the State Refresh
// Capable Hello option) and RFC 5015 §3.7 (BIDIR-PIM: DF Election and the Bidir Capable option).
// The 8 bits after Type in the common header ("Reserved" in RFC 7761, "Flag Bits" since RFC 8736)
// are kept on every message as `flags`: Bootstrap uses bit 7 as No-Forward (RFC 5059 §4.1) and DF
// Election uses the high nibble as its subtype (RFC 5015 §3.7).
// Leaves out: IPv6 and every address family but IPv4 (1), encoding types other than native (0)
// — so RFC 5384 Join Attributes are rejected as kBadEncoding —, RFC 8736 extended types 11..15
// (PFM, packed Null-Register, ...), and the meaning of the Register's inner packet (kept as raw
// bytes; wire/ip.h decodes it).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint8_t kPimVersion = 2;
inline constexpr std::size_t kPimHeaderSize = 4;
// RFC 7761 §4.9.3: the Register checksum covers the PIM header and the B/N word only.
inline constexpr std::size_t kPimRegisterHeaderSize = 8;

// RFC 7761 §4.9 message types (plus RFC 3973 and RFC 5015 additions).
enum class PimType : std::uint8_t {
  kHello = 0,
  kRegister = 1,
  kRegisterStop = 2,
  kJoinPrune = 3,
  kBootstrap = 4,
  kAssert = 5,
  kGraft = 6,
  kGraftAck = 7,
  kCandidateRpAdvertisement = 8,
  kStateRefresh = 9,
  kDfElection = 10,
};

// RFC 5015 §3.7: the high four flag bits of a DF Election message.
enum class PimDfSubtype : std::uint8_t { kOffer = 1, kWinner = 2, kBackoff = 3, kPass = 4 };

// RFC 5059 §4.1 N bit, "flag bit 7" (the most significant) in RFC 8736 terms: a Bootstrap that
// must not be forwarded (RFC 5059 §3.2).
inline constexpr std::uint8_t kPimFlagNoForward = 0x80;

// RFC 7761 §4.9.1 "Addr Family" (IANA address family numbers) and native encoding.
inline constexpr std::uint8_t kPimAddrFamilyIpv4 = 1;
inline constexpr std::uint8_t kPimAddrFamilyIpv6 = 2;
inline constexpr std::uint8_t kPimEncodingNative = 0;
inline constexpr std::size_t kPimEncodedUnicastSize = 6;
inline constexpr std::size_t kPimEncodedGroupSize = 8;
inline constexpr std::size_t kPimEncodedSourceSize = 8;

// Hello option types: RFC 7761 §4.9.2, RFC 3973 §4.7.5, RFC 5015 §3.7.
inline constexpr std::uint16_t kPimOptHoldtime = 1;
inline constexpr std::uint16_t kPimOptLanPruneDelay = 2;
inline constexpr std::uint16_t kPimOptDrPriority = 19;
inline constexpr std::uint16_t kPimOptGenerationId = 20;
inline constexpr std::uint16_t kPimOptStateRefreshCapable = 21;
inline constexpr std::uint16_t kPimOptBidirCapable = 22;
inline constexpr std::uint16_t kPimOptAddressList = 24;

// RFC 7761 §4.9.1 Encoded-Group address.
struct PimEncodedGroup {
  Ipv4 group;
  std::uint8_t mask_len = 32;  // 0..32
  bool bidir = false;          // B: the range is BIDIR-PIM (RFC 5015)
  bool admin_scope = false;    // Z: an administratively scoped zone (used by RFC 5059 BSR)
  auto operator<=>(const PimEncodedGroup&) const = default;
};

// RFC 7761 §4.9.1 Encoded-Source address. For a (*,G) Join/Prune the address is the RP with
// S, W and R set; (S,G,rpt) entries set S and R.
struct PimEncodedSource {
  Ipv4 source;
  std::uint8_t mask_len = 32;  // 0..32
  bool sparse = false;         // S
  bool wildcard = false;       // W
  bool rpt = false;            // R
  auto operator<=>(const PimEncodedSource&) const = default;
};

// RFC 7761 §4.9.2 LAN Prune Delay option (type 2).
struct PimLanPruneDelay {
  bool t_bit = false;                        // join suppression may be disabled (tracking)
  std::uint16_t propagation_delay_ms = 500;  // 15 bits
  std::uint16_t override_interval_ms = 2500;
  auto operator<=>(const PimLanPruneDelay&) const = default;
};

// RFC 3973 §4.7.5.4 State Refresh Capable option (type 21); the 16 reserved bits are dropped.
struct PimStateRefreshCapable {
  std::uint8_t version = 1;
  std::uint8_t interval_s = 60;
  auto operator<=>(const PimStateRefreshCapable&) const = default;
};

// A Hello option this codec does not interpret, kept verbatim so it round-trips.
struct PimHelloOption {
  std::uint16_t type = 0;
  Bytes value;
  auto operator<=>(const PimHelloOption&) const = default;
};

// Hello (type 0). Options are decoded in any order; Encode writes the known ones in type order
// and then `other_options` in their stored order. A repeated single-valued option keeps the last
// value; repeated Address List options accumulate.
struct PimHello {
  std::optional<std::uint16_t> holdtime_s;  // 0xFFFF: never time out; 0: goodbye
  std::optional<PimLanPruneDelay> lan_prune_delay;
  std::optional<std::uint32_t> dr_priority;
  std::optional<std::uint32_t> generation_id;
  std::optional<PimStateRefreshCapable> state_refresh;
  bool bidir_capable = false;             // option 22, length 0
  std::vector<Ipv4> secondary_addresses;  // option 24; omitted on the wire when empty
  // IPv6 entries of an Address List, skipped on decode (FRR lists its IPv6 link-local address
  // in IPv4 Hellos); never encoded.
  std::uint16_t ignored_ipv6_addresses = 0;
  std::vector<PimHelloOption> other_options;
  std::uint8_t flags = 0;
  auto operator<=>(const PimHello&) const = default;
};

// Register (type 1): the multicast data packet, or for a Null-Register (RFC 7761 §4.4.1) just
// a dummy IPv4 header carrying S and G, as raw bytes.
struct PimRegister {
  bool border = false;         // B
  bool null_register = false;  // N
  Bytes packet;
  std::uint8_t flags = 0;
  auto operator<=>(const PimRegister&) const = default;
};

// Register-Stop (type 2, RFC 7761 §4.9.4).
struct PimRegisterStop {
  PimEncodedGroup group;
  Ipv4 source;  // 0.0.0.0: every source of the group (RFC 7761 §4.4.2)
  std::uint8_t flags = 0;
  auto operator<=>(const PimRegisterStop&) const = default;
};

struct PimJoinPruneGroup {
  PimEncodedGroup group;
  std::vector<PimEncodedSource> joins;
  std::vector<PimEncodedSource> prunes;
  auto operator<=>(const PimJoinPruneGroup&) const = default;
};

// Join/Prune (type 3, RFC 7761 §4.9.5); Graft (6) and Graft-Ack (7) share the body (RFC 3973
// §4.7.8, §4.7.9). One template so the three stay distinct alternatives of PimMessage.
template <PimType kType>
struct PimJoinPruneBody {
  Ipv4 upstream_neighbor;
  std::uint16_t holdtime_s = 0;  // 0xFFFF: infinite; unused (zero) in Graft and Graft-Ack
  std::vector<PimJoinPruneGroup> groups;
  std::uint8_t flags = 0;
  auto operator<=>(const PimJoinPruneBody&) const = default;
};
using PimJoinPrune = PimJoinPruneBody<PimType::kJoinPrune>;
using PimGraft = PimJoinPruneBody<PimType::kGraft>;
using PimGraftAck = PimJoinPruneBody<PimType::kGraftAck>;

// RFC 5059 §4.1 RP entry of a Bootstrap group record.
struct PimBsrRp {
  Ipv4 address;
  std::uint16_t holdtime_s = 0;
  std::uint8_t priority = 0;
  auto operator<=>(const PimBsrRp&) const = default;
};

struct PimBsrGroup {
  PimEncodedGroup group;
  std::uint8_t rp_count = 0;  // RPs for the range across all fragments
  std::vector<PimBsrRp> rps;  // the "Frag RP Cnt" RPs carried in this fragment
  auto operator<=>(const PimBsrGroup&) const = default;
};

// Bootstrap (type 4, RFC 5059 §4.1). Group records run to the end of the message.
struct PimBootstrap {
  std::uint16_t fragment_tag = 0;
  std::uint8_t hash_mask_len = 30;  // 0..32
  std::uint8_t bsr_priority = 0;
  Ipv4 bsr_address;
  std::vector<PimBsrGroup> groups;
  std::uint8_t flags = 0;  // kPimFlagNoForward
  bool no_forward() const { return (flags & kPimFlagNoForward) != 0; }
  auto operator<=>(const PimBootstrap&) const = default;
};

// Assert (type 5, RFC 7761 §4.9.6).
struct PimAssert {
  PimEncodedGroup group;
  Ipv4 source;                          // 0.0.0.0 in an (*,G) assert
  bool rpt = false;                     // R
  std::uint32_t metric_preference = 0;  // 31 bits
  std::uint32_t metric = 0;
  std::uint8_t flags = 0;
  auto operator<=>(const PimAssert&) const = default;
};

// Candidate-RP-Advertisement (type 8, RFC 5059 §4.2). No groups: all of 224.0.0.0/4.
struct PimCandidateRpAdvertisement {
  std::uint8_t priority = 0;
  std::uint16_t holdtime_s = 0;
  Ipv4 rp_address;
  std::vector<PimEncodedGroup> groups;
  std::uint8_t flags = 0;
  auto operator<=>(const PimCandidateRpAdvertisement&) const = default;
};

// State Refresh (type 9, RFC 3973 §4.7.10).
struct PimStateRefresh {
  PimEncodedGroup group;
  Ipv4 source;
  Ipv4 originator;
  bool rpt = false;                     // R: zero in PIM-DM, ignored on receipt
  std::uint32_t metric_preference = 0;  // 31 bits
  std::uint32_t metric = 0;
  std::uint8_t mask_len = 0;  // of the route to the source, 0..32
  std::uint8_t ttl = 0;
  bool prune_indicator = false;  // P
  bool prune_now = false;        // N
  bool assert_override = false;  // O
  std::uint8_t interval_s = 0;
  std::uint8_t flags = 0;
  auto operator<=>(const PimStateRefresh&) const = default;
};

// DF Election (type 10, RFC 5015 §3.7). `flags` holds only the low four flag bits; the subtype
// is the message's type. Offer and Winner share a body.
template <PimDfSubtype kSubtype>
struct PimDfBasic {
  Ipv4 rp_address;
  std::uint32_t metric_preference = 0;  // all 32 bits, no R bit
  std::uint32_t metric = 0;
  std::uint8_t flags = 0;  // 0..15
  auto operator<=>(const PimDfBasic&) const = default;
};
using PimDfOffer = PimDfBasic<PimDfSubtype::kOffer>;
using PimDfWinner = PimDfBasic<PimDfSubtype::kWinner>;

struct PimDfBackoff {
  Ipv4 rp_address;
  std::uint32_t metric_preference = 0;
  std::uint32_t metric = 0;
  Ipv4 offering_address;
  std::uint32_t offering_metric_preference = 0;
  std::uint32_t offering_metric = 0;
  std::uint16_t interval_ms = 0;
  std::uint8_t flags = 0;  // 0..15
  auto operator<=>(const PimDfBackoff&) const = default;
};

struct PimDfPass {
  Ipv4 rp_address;
  std::uint32_t metric_preference = 0;
  std::uint32_t metric = 0;
  Ipv4 new_winner_address;
  std::uint32_t new_winner_metric_preference = 0;
  std::uint32_t new_winner_metric = 0;
  std::uint8_t flags = 0;  // 0..15
  auto operator<=>(const PimDfPass&) const = default;
};

using PimMessage = std::variant<PimHello, PimRegister, PimRegisterStop, PimJoinPrune, PimBootstrap,
                                PimAssert, PimGraft, PimGraftAck, PimCandidateRpAdvertisement,
                                PimStateRefresh, PimDfOffer, PimDfWinner, PimDfBackoff, PimDfPass>;

// The common header alone, for callers that dispatch before a full decode. Checks the length,
// version and type, not the checksum.
struct PimHeader {
  PimType type = PimType::kHello;
  std::uint8_t flags = 0;
  std::uint16_t checksum = 0;
  auto operator<=>(const PimHeader&) const = default;
};
Result<PimHeader, DecodeError> DecodePimHeader(std::span<const std::uint8_t> bytes);

// Decodes the PIM payload of an IPv4 packet. The checksum covers the whole message, except that
// a Register's covers its first 8 bytes (RFC 7761 §4.9.3); a Register whose checksum covers the
// whole packet, as some old implementations send, is accepted too. Trailing bytes after a message
// with a fixed or counted body are ignored.
Result<PimMessage, DecodeError> DecodePim(std::span<const std::uint8_t> bytes);
std::size_t EncodedSize(const PimMessage& m);
// Writes the message with its checksum; rejects fields the wire cannot carry (kBadField) and
// counts over the limits in limits.h (kTooMany).
Result<std::size_t, EncodeError> Encode(const PimMessage& m, std::span<std::uint8_t> out);

// Writes the checksum of an encoded PIM message in place over the bytes RFC 7761 §4.9.3 says it
// covers: the whole message, or a Register's first 8 bytes. Used by Encode and by tests and fuzz
// targets that alter encoded messages.
void PatchPimChecksum(std::span<std::uint8_t> message);

PimType PimTypeOf(const PimMessage& m);
// "Hello", "Register", "Register-Stop", "Join/Prune", ..., "DF Election".
std::string_view PimTypeName(PimType t);
// As above, with DF Election messages named by subtype: "DF Offer", "DF Winner", ...
std::string_view PimTypeName(const PimMessage& m);

}  // namespace mc::wire
