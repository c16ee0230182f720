// Spanning-tree BPDU codec and LLC framing (IEEE 802.1D-2004 §9.3, §7.12.3).
#include "l2/bpdu.h"

#include <fmt/format.h>

#include <algorithm>

#include "wire/ethernet.h"
#include "wire/reader.h"

namespace mc::l2 {
namespace {

using wire::ByteReader;
using wire::ByteWriter;
using wire::DecodeError;
using wire::EncodeError;

// §9.3.3 flag bits, numbered 1 (least significant) to 8.
constexpr std::uint8_t kFlagTopologyChange = 0x01;
constexpr std::uint8_t kFlagProposal = 0x02;
constexpr std::uint8_t kFlagRoleMask = 0x0C;
constexpr int kFlagRoleShift = 2;
constexpr std::uint8_t kFlagLearning = 0x10;
constexpr std::uint8_t kFlagForwarding = 0x20;
constexpr std::uint8_t kFlagAgreement = 0x40;
constexpr std::uint8_t kFlagTopologyChangeAck = 0x80;

constexpr std::size_t kLlcHeaderSize = 3;
constexpr std::size_t kEthernetHeaderSize = 14;
constexpr std::uint16_t kMaxLengthField = 0x05DC;  // 1500: above it the field is an EtherType

BridgeId ReadBridgeId(ByteReader& r) {
  BridgeId id;
  id.priority = r.U16();
  id.address = r.MacAddr();
  return id;
}

void WriteBridgeId(ByteWriter& w, const BridgeId& id) {
  w.U16(id.priority);
  w.MacAddr(id.address);
}

// The priority vector and times shared by Configuration and RST BPDUs (octets 6-35).
void ReadVectorAndTimes(ByteReader& r, Bpdu& b) {
  b.root = ReadBridgeId(r);
  b.root_path_cost = r.U32();
  b.bridge = ReadBridgeId(r);
  b.port_id = r.U16();
  b.message_age = r.U16();
  b.max_age = r.U16();
  b.hello_time = r.U16();
  b.forward_delay = r.U16();
}

void WriteVectorAndTimes(ByteWriter& w, const Bpdu& b) {
  WriteBridgeId(w, b.root);
  w.U32(b.root_path_cost);
  WriteBridgeId(w, b.bridge);
  w.U16(b.port_id);
  w.U16(b.message_age);
  w.U16(b.max_age);
  w.U16(b.hello_time);
  w.U16(b.forward_delay);
}

void SetFlags(std::uint8_t flags, Bpdu& b) {
  b.topology_change = (flags & kFlagTopologyChange) != 0;
  if (b.type == BpduType::kConfig) {
    // §9.3.1: a Configuration BPDU uses only the TC and TC Acknowledgment bits.
    b.topology_change_ack = (flags & kFlagTopologyChangeAck) != 0;
    return;
  }
  b.proposal = (flags & kFlagProposal) != 0;
  b.role = static_cast<BpduRole>((flags & kFlagRoleMask) >> kFlagRoleShift);
  b.learning = (flags & kFlagLearning) != 0;
  b.forwarding = (flags & kFlagForwarding) != 0;
  b.agreement = (flags & kFlagAgreement) != 0;
  b.topology_change_ack = (flags & kFlagTopologyChangeAck) != 0;
}

std::uint8_t Flags(const Bpdu& b) {
  std::uint8_t f = b.topology_change ? kFlagTopologyChange : 0;
  f = static_cast<std::uint8_t>(f | (b.proposal ? kFlagProposal : 0));
  f = static_cast<std::uint8_t>(f | (static_cast<std::uint8_t>(b.role) << kFlagRoleShift));
  f = static_cast<std::uint8_t>(f | (b.learning ? kFlagLearning : 0));
  f = static_cast<std::uint8_t>(f | (b.forwarding ? kFlagForwarding : 0));
  f = static_cast<std::uint8_t>(f | (b.agreement ? kFlagAgreement : 0));
  return static_cast<std::uint8_t>(f | (b.topology_change_ack ? kFlagTopologyChangeAck : 0));
}

// True when `b` only sets fields its type carries, so Decode(Encode(b)) == b.
bool CarriesOnlyItsFields(const Bpdu& b) {
  Bpdu canonical;
  canonical.type = b.type;
  canonical.version = b.version;
  if (b.type == BpduType::kTcn) {
    return b == canonical;
  }
  canonical.topology_change = b.topology_change;
  canonical.topology_change_ack = b.topology_change_ack;
  canonical.root = b.root;
  canonical.root_path_cost = b.root_path_cost;
  canonical.bridge = b.bridge;
  canonical.port_id = b.port_id;
  canonical.message_age = b.message_age;
  canonical.max_age = b.max_age;
  canonical.hello_time = b.hello_time;
  canonical.forward_delay = b.forward_delay;
  if (b.type == BpduType::kConfig) {
    return b == canonical;
  }
  return b.version >= 2 && static_cast<std::uint8_t>(b.role) <= 3;
}

}  // namespace

std::string BridgeId::ToString() const {
  return fmt::format("{}.{}", priority, address.ToCiscoString());
}

// §9.3.4 validation: (a) Configuration BPDU of at least 35 octets, (b) TCN of at least 4,
// (c) version 2 or later, type RST, at least 36 octets. Anything else is not a BPDU we process.
Result<Bpdu, DecodeError> DecodeBpdu(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint16_t protocol = r.U16();
  Bpdu b;
  b.version = r.U8();
  const std::uint8_t type = r.U8();
  if (!r.ok()) return DecodeError::kTruncated;
  if (protocol != 0) return DecodeError::kNotForUs;
  if (type == static_cast<std::uint8_t>(BpduType::kTcn)) {
    b.type = BpduType::kTcn;
    return b;
  }
  if (type != static_cast<std::uint8_t>(BpduType::kConfig) &&
      type != static_cast<std::uint8_t>(BpduType::kRst)) {
    return DecodeError::kBadType;
  }
  b.type = static_cast<BpduType>(type);
  if (b.type == BpduType::kRst && b.version < 2) return DecodeError::kBadVersion;
  const std::uint8_t flags = r.U8();
  ReadVectorAndTimes(r, b);
  if (b.type == BpduType::kRst) b.version1_length = r.U8();
  if (!r.ok()) return DecodeError::kTruncated;
  SetFlags(flags, b);
  return b;
}

std::size_t EncodedSize(const Bpdu& b) {
  switch (b.type) {
    case BpduType::kConfig:
      return kConfigBpduSize;
    case BpduType::kTcn:
      return kTcnBpduSize;
    case BpduType::kRst:
      return kRstBpduSize;
  }
  return kRstBpduSize;
}

Result<std::size_t, EncodeError> Encode(const Bpdu& b, std::span<std::uint8_t> out) {
  if (b.type != BpduType::kConfig && b.type != BpduType::kTcn && b.type != BpduType::kRst) {
    return EncodeError::kBadField;
  }
  if (!CarriesOnlyItsFields(b)) return EncodeError::kBadField;
  if (out.size() < EncodedSize(b)) return EncodeError::kBufferTooSmall;
  ByteWriter w{out};
  w.U16(0);  // Protocol Identifier: Spanning Tree Protocol
  w.U8(b.version);
  w.U8(static_cast<std::uint8_t>(b.type));
  if (b.type == BpduType::kTcn) return w.size();
  w.U8(Flags(b));
  WriteVectorAndTimes(w, b);
  if (b.type == BpduType::kRst) w.U8(b.version1_length);
  return w.size();
}

Result<wire::Bytes, EncodeError> BuildBpduFrame(const Mac& src, const Bpdu& b) {
  const std::size_t bpdu_size = EncodedSize(b);
  const std::size_t used = kEthernetHeaderSize + kLlcHeaderSize + bpdu_size;
  wire::Bytes frame(std::max(used, wire::kEthernetMinFrame), 0);
  ByteWriter w{frame};
  w.MacAddr(kBridgeGroupAddress);
  w.MacAddr(src);
  w.U16(static_cast<std::uint16_t>(kLlcHeaderSize + bpdu_size));  // 802.3 length, no padding
  w.U8(kLlcSapStp);
  w.U8(kLlcSapStp);
  w.U8(kLlcUi);
  const std::span<std::uint8_t> body = std::span<std::uint8_t>{frame}.subspan(w.size());
  const Result<std::size_t, EncodeError> n = Encode(b, body);
  if (!n) return n.error();
  return frame;
}

Result<Bpdu, DecodeError> DecodeBpduFrame(std::span<const std::uint8_t> frame) {
  ByteReader r{frame};
  r.Skip(12);  // destination and source addresses
  const std::uint16_t length = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if (length > kMaxLengthField) return DecodeError::kNotForUs;  // Ethernet II or 802.1Q
  if (length > r.remaining()) return DecodeError::kBadLength;
  ByteReader llc{r.Bytes(length)};
  const std::uint8_t dsap = llc.U8();
  const std::uint8_t ssap = llc.U8();
  const std::uint8_t control = llc.U8();
  if (!llc.ok()) return DecodeError::kTruncated;
  if (dsap != kLlcSapStp || ssap != kLlcSapStp || control != kLlcUi) {
    return DecodeError::kNotForUs;
  }
  return DecodeBpdu(llc.Rest());
}

namespace {

constexpr std::size_t kSnapHeaderSize = 8;  // AA AA 03, OUI 00-00-0C, PID
constexpr std::uint8_t kLlcSapSnap = 0xAA;
constexpr std::size_t kPvstTlvSize = 6;
constexpr std::uint8_t kPvstTagPriority = 7;

}  // namespace

Result<wire::Bytes, EncodeError> BuildPvstFrame(const Mac& src, const Bpdu& b, std::uint16_t vlan,
                                                bool tagged) {
  if (vlan == 0 || vlan > 4094) return EncodeError::kBadField;
  const std::size_t bpdu_size = EncodedSize(b);
  const std::size_t body = kSnapHeaderSize + bpdu_size + kPvstTlvSize;
  const std::size_t header = kEthernetHeaderSize + (tagged ? 4 : 0);
  wire::Bytes frame(std::max(header + body, wire::kEthernetMinFrame + (tagged ? 4 : 0)), 0);
  ByteWriter w{frame};
  w.MacAddr(kPvstAddress);
  w.MacAddr(src);
  if (tagged) {
    w.U16(wire::kEtherTypeVlan);
    w.U16(static_cast<std::uint16_t>(kPvstTagPriority << 13 | vlan));
  }
  w.U16(static_cast<std::uint16_t>(body));  // 802.3 length
  w.U8(kLlcSapSnap);
  w.U8(kLlcSapSnap);
  w.U8(kLlcUi);
  w.U8(0x00);  // OUI 00-00-0C (Cisco)
  w.U8(0x00);
  w.U8(0x0C);
  w.U16(kPvstSnapPid);
  wire::Bytes bpdu(bpdu_size);
  const Result<std::size_t, EncodeError> n = Encode(b, bpdu);
  if (!n) return n.error();
  w.Raw(bpdu);
  w.U16(kPvstVlanTlvType);
  w.U16(2);
  w.U16(vlan);
  return frame;
}

Result<PvstBpdu, DecodeError> DecodePvstFrame(std::span<const std::uint8_t> frame) {
  ByteReader r{frame};
  r.Skip(12);  // destination and source addresses
  std::uint16_t length = r.U16();
  PvstBpdu out;
  if (length == wire::kEtherTypeVlan) {
    out.tag_vlan = static_cast<std::uint16_t>(r.U16() & 0x0FFF);
    length = r.U16();
  }
  if (!r.ok()) return DecodeError::kTruncated;
  if (length > kMaxLengthField) return DecodeError::kNotForUs;
  if (length > r.remaining()) return DecodeError::kBadLength;
  ByteReader snap{r.Bytes(length)};
  const std::uint8_t dsap = snap.U8();
  const std::uint8_t ssap = snap.U8();
  const std::uint8_t control = snap.U8();
  const std::uint32_t oui_hi = snap.U8();
  const std::uint32_t oui_lo = snap.U16();
  const std::uint16_t pid = snap.U16();
  if (!snap.ok()) return DecodeError::kTruncated;
  if (dsap != kLlcSapSnap || ssap != kLlcSapSnap || control != kLlcUi ||
      (oui_hi << 16 | oui_lo) != 0x00000C || pid != kPvstSnapPid) {
    return DecodeError::kNotForUs;
  }
  const std::span<const std::uint8_t> rest = snap.Rest();
  Result<Bpdu, DecodeError> bpdu = DecodeBpdu(rest);
  if (!bpdu) return bpdu.error();
  const std::size_t used = EncodedSize(*bpdu);
  if (bpdu->type == BpduType::kTcn) {
    out.bpdu = *bpdu;
    out.vlan = out.tag_vlan.value_or(0);
    return out;  // a TCN carries no TLV
  }
  ByteReader tlv{rest.subspan(std::min(used, rest.size()))};
  const std::uint16_t type = tlv.U16();
  const std::uint16_t tlv_length = tlv.U16();
  const std::uint16_t vlan = tlv.U16();
  if (!tlv.ok()) return DecodeError::kTruncated;
  if (type != kPvstVlanTlvType || tlv_length != 2 || vlan == 0 || vlan > 4094) {
    return DecodeError::kBadField;
  }
  out.bpdu = *bpdu;
  out.vlan = vlan;
  return out;
}

}  // namespace mc::l2
