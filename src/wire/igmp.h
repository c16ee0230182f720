// IGMP messages: v1 (RFC 1112 App. I), v2 (RFC 2236 §2), v3 (RFC 3376 §4), and the DVMRP
// message header (IGMP type 0x13, draft-ietf-idmr-dvmrp-v3 §3) that snooping switches use to
// find multicast routers. Query version follows RFC 3376 §7.1 (length and Max Resp Code).
// Leaves out: DVMRP message bodies (kept as raw bytes; we never run DVMRP), IGMP traceroute.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "base/time.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint8_t kIgmpTypeQuery = 0x11;
inline constexpr std::uint8_t kIgmpTypeV1Report = 0x12;
inline constexpr std::uint8_t kIgmpTypeDvmrp = 0x13;
inline constexpr std::uint8_t kIgmpTypeV2Report = 0x16;
inline constexpr std::uint8_t kIgmpTypeLeave = 0x17;
inline constexpr std::uint8_t kIgmpTypeV3Report = 0x22;

enum class IgmpVersion : std::uint8_t { kV1 = 1, kV2 = 2, kV3 = 3 };

// RFC 3376 §4.1.1 / §4.1.7: 8-bit "floating point" codes for Max Resp Code and QQIC.
// Codes < 128 are the value itself; above, (mant | 0x10) << (exp + 3).
std::uint32_t DecodeFloatCode(std::uint8_t code);
// The largest code whose value does not exceed `value` (rounds down; saturates at 0xFF).
std::uint8_t EncodeFloatCode(std::uint32_t value);
// Max Resp Code is in units of 1/10 second; QQIC in seconds.
Duration MaxRespTime(std::uint8_t max_resp_code);
std::uint8_t MaxRespCodeFor(Duration d);
Duration QqicInterval(std::uint8_t qqic);
std::uint8_t QqicFor(Duration d);

// Membership Query. v1/v2 queries leave the v3-only fields at their defaults.
struct IgmpQuery {
  IgmpVersion version = IgmpVersion::kV2;
  std::uint8_t max_resp_code = 100;   // v1: always 0 on the wire
  Ipv4 group;                         // 0.0.0.0: general query
  bool suppress_router_side = false;  // v3 S flag
  std::uint8_t qrv = 0;               // v3 Querier's Robustness Variable (0..7)
  std::uint8_t qqic = 0;              // v3 Querier's Query Interval Code
  std::vector<Ipv4> sources;          // v3 group-and-source-specific query
  bool IsGeneral() const { return group.IsUnspecified(); }
  auto operator<=>(const IgmpQuery&) const = default;
};

struct IgmpV1Report {
  Ipv4 group;
  auto operator<=>(const IgmpV1Report&) const = default;
};
struct IgmpV2Report {
  Ipv4 group;
  auto operator<=>(const IgmpV2Report&) const = default;
};
struct IgmpLeave {
  Ipv4 group;
  auto operator<=>(const IgmpLeave&) const = default;
};

// RFC 3376 §4.2.12 record types.
enum class IgmpRecordType : std::uint8_t {
  kModeIsInclude = 1,
  kModeIsExclude = 2,
  kChangeToIncludeMode = 3,
  kChangeToExcludeMode = 4,
  kAllowNewSources = 5,
  kBlockOldSources = 6,
};
std::string_view ToString(IgmpRecordType t);  // "IS_IN", "TO_EX", "ALLOW", ...

struct IgmpGroupRecord {
  IgmpRecordType type = IgmpRecordType::kModeIsInclude;
  Ipv4 group;
  std::vector<Ipv4> sources;
  Bytes aux_data;  // multiple of 4 bytes; carried, never interpreted (RFC 3376 §4.2.10)
  auto operator<=>(const IgmpGroupRecord&) const = default;
};

struct IgmpV3Report {
  std::vector<IgmpGroupRecord> records;
  auto operator<=>(const IgmpV3Report&) const = default;
};

// DVMRP (IGMP type 0x13): recognised, not run. Code 1 is a Probe.
struct DvmrpMessage {
  std::uint8_t code = 1;
  std::uint8_t minor_version = 0xFF;
  std::uint8_t major_version = 3;
  Bytes body;
  auto operator<=>(const DvmrpMessage&) const = default;
};

using IgmpMessage =
    std::variant<IgmpQuery, IgmpV1Report, IgmpV2Report, IgmpLeave, IgmpV3Report, DvmrpMessage>;

// Decodes the IGMP payload of an IPv4 packet (checksum over all of it, as RFC 3376 §4.1.2).
Result<IgmpMessage, DecodeError> DecodeIgmp(std::span<const std::uint8_t> bytes);
std::size_t EncodedSize(const IgmpMessage& m);
Result<std::size_t, EncodeError> Encode(const IgmpMessage& m, std::span<std::uint8_t> out);

}  // namespace mc::wire
