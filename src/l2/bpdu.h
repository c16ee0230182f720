// Spanning-tree BPDUs (IEEE 802.1D-2004 §9): the Configuration BPDU (§9.3.1), the Topology Change
// Notification BPDU (§9.3.2) and the Rapid Spanning Tree BPDU (§9.3.3), with the validation rules
// of §9.3.4, plus their 802.3/LLC framing: destination the Bridge Group Address 01-80-C2-00-00-00
// (§7.12.3), an 802.3 length field, LLC DSAP = SSAP = 0x42 (the spanning-tree SAP) and a UI
// control octet. Times are carried in the wire's unit of 1/256 second.
// Cisco PVST+ framing for the per-VLAN instances: an SSTP BPDU goes to 01-00-0C-CC-CC-CD in an
// 802.3 frame with LLC AA-AA-03 and SNAP OUI 00-00-0C protocol 0x010B, 802.1Q-tagged with its
// VLAN on a trunk (untagged on the native VLAN), and carries after the BPDU the Originating
// VLAN TLV (type 0, length 2, the VLAN ID) by which the receiver checks the VLAN.
// Leaves out: MSTP's MST configuration and MSTI records (802.1Q §14), which a version 3 BPDU
// appends; such a BPDU decodes as its CIST part (an RST BPDU with version 3), as 802.1Q §14.4
// allows an RSTP bridge to do.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/mac.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::l2 {

// 802.1D-2004 §9.3.4: the BPDU Type octet.
enum class BpduType : std::uint8_t { kConfig = 0x00, kRst = 0x02, kTcn = 0x80 };

// §9.3.3 flags bits 3-4: the transmitting port's role.
enum class BpduRole : std::uint8_t {
  kUnknown = 0,
  kAlternateBackup = 1,
  kRoot = 2,
  kDesignated = 3,
};

// §9.2.5: a Bridge Identifier is a 16-bit priority (4-bit priority in steps of 4096 plus the
// 12-bit system ID extension of 802.1Q §13.26.2) followed by the bridge's MAC address. Member
// order makes the defaulted comparison the numeric one the protocol uses (lower is better).
struct BridgeId {
  std::uint16_t priority = 0x8000;
  Mac address;
  auto operator<=>(const BridgeId&) const = default;
  std::string ToString() const;  // IOS style "32769.0011.2233.4455"
};

// One decoded BPDU. Fields a type does not carry stay at their defaults: a TCN carries only
// `type` and `version`; a Configuration BPDU has no role, proposal, agreement, learning or
// forwarding flags and no Version 1 Length.
struct Bpdu {
  BpduType type = BpduType::kRst;
  std::uint8_t version = 2;  // Protocol Version Identifier: 0 for STP, 2 for RSTP, 3 for MSTP
  bool topology_change = false;
  bool proposal = false;
  BpduRole role = BpduRole::kUnknown;
  bool learning = false;
  bool forwarding = false;
  bool agreement = false;
  bool topology_change_ack = false;  // STP only; RSTP transmits it as zero (§9.3.3)
  BridgeId root;
  std::uint32_t root_path_cost = 0;
  BridgeId bridge;
  std::uint16_t port_id = 0;
  std::uint16_t message_age = 0;  // all four times in 1/256 s
  std::uint16_t max_age = 0;
  std::uint16_t hello_time = 0;
  std::uint16_t forward_delay = 0;
  std::uint8_t version1_length = 0;  // RST only; always 0 for RSTP (§9.3.3)
  bool operator==(const Bpdu&) const = default;
};

// §9.3: 35 octets for a Configuration BPDU, 4 for a TCN, 36 for an RST BPDU.
inline constexpr std::size_t kConfigBpduSize = 35;
inline constexpr std::size_t kTcnBpduSize = 4;
inline constexpr std::size_t kRstBpduSize = 36;
// 802.1D-2004 Table 7-10: the Bridge Group Address BPDUs are sent to.
inline constexpr Mac kBridgeGroupAddress{{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}};
inline constexpr std::uint8_t kLlcSapStp = 0x42;  // the LLC SAP of the Spanning Tree Protocol
inline constexpr std::uint8_t kLlcUi = 0x03;

// One second in the BPDU time unit.
inline constexpr std::uint16_t kBpduTimeUnitsPerSecond = 256;

// Decodes the BPDU at the start of `bytes` (after the LLC header). Trailing octets (padding,
// MSTP extensions) are ignored, as §9.3.4 accepts a BPDU "of at least" its size.
Result<Bpdu, wire::DecodeError> DecodeBpdu(std::span<const std::uint8_t> bytes);

std::size_t EncodedSize(const Bpdu& b);
// kBadField: a field the BPDU's type does not carry is set, or an RST BPDU with version < 2.
Result<std::size_t, wire::EncodeError> Encode(const Bpdu& b, std::span<std::uint8_t> out);

// A whole untagged 802.3 frame: destination kBridgeGroupAddress, source `src`, the length field,
// LLC 42 42 03, the BPDU, zero padding to the 60-octet minimum.
Result<wire::Bytes, wire::EncodeError> BuildBpduFrame(const Mac& src, const Bpdu& b);

// PVST+ (SSTP) framing, see the header comment.
inline constexpr Mac kPvstAddress{{0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd}};
inline constexpr std::uint16_t kPvstSnapPid = 0x010B;
inline constexpr std::uint16_t kPvstVlanTlvType = 0x0000;
// `vlan` goes into the TLV and, when `tagged`, into an 802.1Q tag (priority 7, as IOS sends).
Result<wire::Bytes, wire::EncodeError> BuildPvstFrame(const Mac& src, const Bpdu& b,
                                                      std::uint16_t vlan, bool tagged);
struct PvstBpdu {
  Bpdu bpdu;
  std::optional<std::uint16_t> tag_vlan;  // the 802.1Q VLAN ID, when the frame was tagged
  std::uint16_t vlan = 0;                 // the Originating VLAN TLV
  bool operator==(const PvstBpdu&) const = default;
};
// kNotForUs for a frame that is not SNAP 00-00-0C/0x010B; kBadField for a missing or malformed
// Originating VLAN TLV (IOS drops those as inconsistent).
Result<PvstBpdu, wire::DecodeError> DecodePvstFrame(std::span<const std::uint8_t> frame);

// The BPDU inside such a frame. kNotForUs when the frame is not an LLC frame for the STP SAP
// (an Ethernet II frame, an 802.1Q-tagged frame, another SAP); kBadLength when the 802.3 length
// exceeds the frame. The destination address is the caller's business.
Result<Bpdu, wire::DecodeError> DecodeBpduFrame(std::span<const std::uint8_t> frame);

}  // namespace mc::l2
