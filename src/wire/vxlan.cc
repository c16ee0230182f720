// VXLAN header codec.
#include "wire/vxlan.h"

#include "wire/reader.h"

namespace mc::wire {

Result<VxlanPacket, DecodeError> DecodeVxlan(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t flags = r.U8();
  r.Skip(3);  // Reserved
  const std::uint32_t vni_and_reserved = r.U32();
  if (!r.ok()) return DecodeError::kTruncated;
  // RFC 7348 §5: "The I flag MUST be set to 1 for a valid VXLAN Network ID (VNI)."
  if ((flags & kVxlanFlagI) == 0) return DecodeError::kBadField;
  if (r.remaining() < kVxlanInnerFrameMin) return DecodeError::kTruncated;
  return VxlanPacket{vni_and_reserved >> 8, r.Rest()};
}

Result<std::size_t, EncodeError> Encode(const VxlanPacket& p, std::span<std::uint8_t> out) {
  if (p.vni > kVxlanVniMax || p.inner_frame.size() < kVxlanInnerFrameMin) {
    return EncodeError::kBadField;
  }
  const std::size_t size = EncodedSize(p);
  if (out.size() < size) return EncodeError::kBufferTooSmall;
  ByteWriter w{out.first(size)};
  w.U8(kVxlanFlagI);
  w.Zeros(3);
  w.U32(p.vni << 8);
  w.Raw(p.inner_frame);
  return w.size();
}

}  // namespace mc::wire
