// IGMP multicast traceroute (mtrace v1) messages: draft-ietf-idmr-traceroute-ipm-07 §3 (the
// format IOS `mtrace` speaks; IGMP type 0x1F Query / Request, 0x1E Response): the 24-byte
// header and the 32-byte response data blocks, one per hop, appended by each router.
// Leaves out: mtrace2 (RFC 8487, a UDP/TLV protocol IOS does not use for `mtrace`), the
// optional multicast-response semantics (the codec carries the Response Address, nothing more).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint8_t kIgmpTypeMtraceRequest = 0x1F;   // Query or Request (§3.1)
inline constexpr std::uint8_t kIgmpTypeMtraceResponse = 0x1E;  // §3.2
inline constexpr std::size_t kMtraceHeaderSize = 24;
inline constexpr std::size_t kMtraceBlockSize = 32;
// §3.3: a router adds a block only if the packet stays within the MTU; 1500 - 20 (IPv4) - 24.
inline constexpr std::size_t kMtraceBlocksMax = 45;
inline constexpr std::uint32_t kMtraceQueryIdMax = 0xFFFFFF;      // 24 bits
inline constexpr std::uint8_t kMtraceSrcMaskGroupOnly = 63;       // §3.2.7: forwarding on (*,G)
inline constexpr std::uint32_t kMtraceCountUnknown = 0xFFFFFFFF;  // §3.2.4-3.2.6

// §3.2.8 Rtg Protocol.
enum class MtraceProtocol : std::uint8_t {
  kDvmrp = 1,
  kMospf = 2,
  kPim = 3,
  kCbt = 4,
  kPimSpecialTable = 5,
  kPimStatic = 6,  // PIM using a static route (IOS `ip mroute`)
  kDvmrpStatic = 7,
  kPimMbgp = 8,
  kCbtSpecialTable = 9,
  kCbtStatic = 10,
  kPimAssert = 11,
};

// §3.2.9 Forwarding Code.
enum class MtraceForwardingCode : std::uint8_t {
  kNoError = 0x00,
  kWrongIf = 0x01,
  kPruneSent = 0x02,
  kPruneReceived = 0x03,
  kScoped = 0x04,
  kNoRoute = 0x05,
  kWrongLastHop = 0x06,
  kNotForwarding = 0x07,
  kReachedRp = 0x08,
  kRpfIf = 0x09,
  kNoMulticast = 0x0A,
  kInfoHidden = 0x0B,
  kNoSpace = 0x81,
  kOldRouter = 0x82,
  kAdminProhibited = 0x83,
};
// The IOS / mrouted text of a code ("Reached RP/Core", "No route", ...); "" for kNoError.
std::string_view ToString(MtraceForwardingCode c);
std::string_view ToString(MtraceProtocol p);  // "PIM", "PIM/static", "DVMRP", ...

// §3.2 one router's response data block.
struct MtraceBlock {
  std::uint32_t query_arrival_time = 0;  // NTP 16.16 seconds (middle 32 bits of a timestamp)
  Ipv4 incoming_interface;
  Ipv4 outgoing_interface;
  Ipv4 previous_hop;
  std::uint32_t input_packets = kMtraceCountUnknown;
  std::uint32_t output_packets = kMtraceCountUnknown;
  std::uint32_t sg_packets = kMtraceCountUnknown;
  std::uint8_t protocol = static_cast<std::uint8_t>(MtraceProtocol::kPim);  // raw: unknown kept
  std::uint8_t fwd_ttl = 0;
  bool s_bit = false;                // counts are for the source network of src_mask_len
  std::uint8_t src_mask_len = 0;     // 0..63
  std::uint8_t forwarding_code = 0;  // MtraceForwardingCode, raw: unknown codes are kept
  auto operator<=>(const MtraceBlock&) const = default;
};

// §3.1 header plus the blocks gathered so far (none in a Query).
struct MtracePacket {
  bool response = false;  // type 0x1E; else 0x1F
  std::uint8_t max_hops = 32;
  Ipv4 group;  // 0.0.0.0: trace the RPF path only (IOS "via RPF")
  Ipv4 source;
  Ipv4 destination;
  Ipv4 response_address;
  std::uint8_t response_ttl = 64;
  std::uint32_t query_id = 0;  // 24 bits
  std::vector<MtraceBlock> blocks;
  auto operator<=>(const MtracePacket&) const = default;
};

// Decodes the IGMP payload of an mtrace packet (checksum over all of it).
Result<MtracePacket, DecodeError> DecodeMtrace(std::span<const std::uint8_t> bytes);
std::size_t EncodedSize(const MtracePacket& m);
Result<std::size_t, EncodeError> Encode(const MtracePacket& m, std::span<std::uint8_t> out);

}  // namespace mc::wire
