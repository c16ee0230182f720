// IGMP mtrace codec (draft-ietf-idmr-traceroute-ipm-07 §3), see mtrace.h.
#include "wire/mtrace.h"

#include "base/check.h"
#include "wire/checksum.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

constexpr std::size_t kChecksumOffset = 2;

MtraceBlock DecodeBlock(ByteReader& r) {
  MtraceBlock b;
  b.query_arrival_time = r.U32();
  b.incoming_interface = r.Addr();
  b.outgoing_interface = r.Addr();
  b.previous_hop = r.Addr();
  b.input_packets = r.U32();
  b.output_packets = r.U32();
  b.sg_packets = r.U32();
  b.protocol = r.U8();
  b.fwd_ttl = r.U8();
  const std::uint8_t mask = r.U8();  // MBZ(1) S(1) Src Mask(6); MBZ ignored on receipt
  b.s_bit = (mask & 0x40) != 0;
  b.src_mask_len = mask & 0x3F;
  b.forwarding_code = r.U8();
  return b;
}

}  // namespace

std::string_view ToString(MtraceForwardingCode c) {
  switch (c) {
    case MtraceForwardingCode::kNoError:
      return "";
    case MtraceForwardingCode::kWrongIf:
      return "Wrong interface";
    case MtraceForwardingCode::kPruneSent:
      return "Prune sent upstream";
    case MtraceForwardingCode::kPruneReceived:
      return "Output pruned";
    case MtraceForwardingCode::kScoped:
      return "Hit scope boundary";
    case MtraceForwardingCode::kNoRoute:
      return "No route";
    case MtraceForwardingCode::kWrongLastHop:
      return "Wrong last hop";
    case MtraceForwardingCode::kNotForwarding:
      return "Not forwarding";
    case MtraceForwardingCode::kReachedRp:
      return "Reached RP/Core";
    case MtraceForwardingCode::kRpfIf:
      return "RPF Interface";
    case MtraceForwardingCode::kNoMulticast:
      return "Multicast disabled";
    case MtraceForwardingCode::kInfoHidden:
      return "Info hidden";
    case MtraceForwardingCode::kNoSpace:
      return "No space in packet";
    case MtraceForwardingCode::kOldRouter:
      return "Next router no mtrace";
    case MtraceForwardingCode::kAdminProhibited:
      return "Admin. Prohibited";
  }
  return "Unknown error";
}

std::string_view ToString(MtraceProtocol p) {
  switch (p) {
    case MtraceProtocol::kDvmrp:
      return "DVMRP";
    case MtraceProtocol::kMospf:
      return "MOSPF";
    case MtraceProtocol::kPim:
      return "PIM";
    case MtraceProtocol::kCbt:
      return "CBT";
    case MtraceProtocol::kPimSpecialTable:
      return "PIM/Special";
    case MtraceProtocol::kPimStatic:
      return "PIM/Static";
    case MtraceProtocol::kDvmrpStatic:
      return "DVMRP/Static";
    case MtraceProtocol::kPimMbgp:
      return "PIM/MBGP";
    case MtraceProtocol::kCbtSpecialTable:
      return "CBT/Special";
    case MtraceProtocol::kCbtStatic:
      return "CBT/Static";
    case MtraceProtocol::kPimAssert:
      return "PIM/Assert";
  }
  return "?";
}

Result<MtracePacket, DecodeError> DecodeMtrace(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t type = r.U8();
  MtracePacket m;
  m.max_hops = r.U8();
  r.Skip(2);  // checksum, verified over the whole message below
  m.group = r.Addr();
  m.source = r.Addr();
  m.destination = r.Addr();
  m.response_address = r.Addr();
  m.response_ttl = r.U8();
  const std::uint32_t id_hi = r.U8();
  const std::uint32_t id_lo = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if (type != kIgmpTypeMtraceRequest && type != kIgmpTypeMtraceResponse) {
    return DecodeError::kBadType;
  }
  if (r.remaining() % kMtraceBlockSize != 0) return DecodeError::kBadLength;
  const std::size_t count = r.remaining() / kMtraceBlockSize;
  if (count > kMtraceBlocksMax) return DecodeError::kTooMany;
  if (!ChecksumVerifies(bytes)) return DecodeError::kBadChecksum;
  m.response = type == kIgmpTypeMtraceResponse;
  m.query_id = id_hi << 16 | id_lo;
  m.blocks.reserve(count);  // bounded by the limit and by remaining()
  for (std::size_t i = 0; i < count; ++i) m.blocks.push_back(DecodeBlock(r));
  MC_ASSERT(r.ok() && r.remaining() == 0);
  return m;
}

std::size_t EncodedSize(const MtracePacket& m) {
  return kMtraceHeaderSize + kMtraceBlockSize * m.blocks.size();
}

Result<std::size_t, EncodeError> Encode(const MtracePacket& m, std::span<std::uint8_t> out) {
  if (m.blocks.size() > kMtraceBlocksMax) return EncodeError::kTooMany;
  if (m.query_id > kMtraceQueryIdMax) return EncodeError::kBadField;
  for (const MtraceBlock& b : m.blocks) {
    if (b.src_mask_len > 63) return EncodeError::kBadField;
  }
  if (out.size() < EncodedSize(m)) return EncodeError::kBufferTooSmall;
  ByteWriter w{out};
  w.U8(m.response ? kIgmpTypeMtraceResponse : kIgmpTypeMtraceRequest);
  w.U8(m.max_hops);
  w.U16(0);  // checksum, patched below
  w.Addr(m.group);
  w.Addr(m.source);
  w.Addr(m.destination);
  w.Addr(m.response_address);
  w.U8(m.response_ttl);
  w.U8(static_cast<std::uint8_t>(m.query_id >> 16));
  w.U16(static_cast<std::uint16_t>(m.query_id));
  for (const MtraceBlock& b : m.blocks) {
    w.U32(b.query_arrival_time);
    w.Addr(b.incoming_interface);
    w.Addr(b.outgoing_interface);
    w.Addr(b.previous_hop);
    w.U32(b.input_packets);
    w.U32(b.output_packets);
    w.U32(b.sg_packets);
    w.U8(b.protocol);
    w.U8(b.fwd_ttl);
    w.U8(static_cast<std::uint8_t>((b.s_bit ? 0x40 : 0) | b.src_mask_len));
    w.U8(b.forwarding_code);
  }
  w.PatchU16(kChecksumOffset, InternetChecksum(w.written()));
  return w.size();
}

}  // namespace mc::wire
