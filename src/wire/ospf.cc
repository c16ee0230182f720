// OSPFv2 header codec.
#include "wire/ospf.h"

#include <algorithm>

#include "base/check.h"
#include "wire/checksum.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

constexpr std::size_t kChecksumOffset = 12;
constexpr std::size_t kAuthenticationOffset = 16;
constexpr std::size_t kPacketLengthMax = 0xFFFF;

// RFC 2328 §A.3.1: over the whole packet "excepting the authentication field"; an odd length
// is padded with a zero octet (ChecksumAccumulator does that for the last span).
std::uint16_t OspfChecksum(std::span<const std::uint8_t> packet) {
  ChecksumAccumulator acc;
  acc.Add(packet.first(kAuthenticationOffset));
  acc.Add(packet.subspan(kOspfHeaderSize));
  return acc.Finish();
}

}  // namespace

std::string_view ToString(OspfType t) {
  switch (t) {
    case OspfType::kHello:
      return "hello";
    case OspfType::kDatabaseDescription:
      return "database-description";
    case OspfType::kLinkStateRequest:
      return "link-state-request";
    case OspfType::kLinkStateUpdate:
      return "link-state-update";
    case OspfType::kLinkStateAck:
      return "link-state-ack";
  }
  return "unknown";
}

Result<OspfPacket, DecodeError> DecodeOspf(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t version = r.U8();
  const std::uint8_t type = r.U8();
  const std::uint16_t length = r.U16();
  OspfPacket p;
  p.router_id = r.Addr();
  p.area_id = r.Addr();
  r.Skip(2);  // Checksum
  p.au_type = r.U16();
  const std::span<const std::uint8_t> auth = r.Bytes(p.authentication.size());
  if (!r.ok()) return DecodeError::kTruncated;
  if (version != kOspfVersion) return DecodeError::kBadVersion;
  if (length < kOspfHeaderSize) return DecodeError::kBadLength;
  if (bytes.size() < length) return DecodeError::kTruncated;
  const std::span<const std::uint8_t> packet = bytes.first(length);
  if (p.au_type != kOspfAuTypeCryptographic && OspfChecksum(packet) != 0) {
    return DecodeError::kBadChecksum;
  }
  if (type < 1 || type > 5) return DecodeError::kBadType;
  p.type = static_cast<OspfType>(type);
  std::copy(auth.begin(), auth.end(), p.authentication.begin());
  p.body.assign(packet.begin() + kOspfHeaderSize, packet.end());
  p.trailer.assign(bytes.begin() + length, bytes.end());
  return p;
}

std::size_t EncodedSize(const OspfPacket& p) {
  return kOspfHeaderSize + p.body.size() + p.trailer.size();
}

Result<std::size_t, EncodeError> Encode(const OspfPacket& p, std::span<std::uint8_t> out) {
  const std::uint8_t type = static_cast<std::uint8_t>(p.type);
  if (type < 1 || type > 5) return EncodeError::kBadField;
  const std::size_t length = kOspfHeaderSize + p.body.size();
  if (length > kPacketLengthMax) return EncodeError::kTooMany;
  const std::size_t size = EncodedSize(p);
  if (out.size() < size) return EncodeError::kBufferTooSmall;
  ByteWriter w{out.first(size)};
  w.U8(kOspfVersion);
  w.U8(type);
  w.U16(static_cast<std::uint16_t>(length));
  w.Addr(p.router_id);
  w.Addr(p.area_id);
  w.U16(0);  // checksum, patched below (and left 0 for cryptographic authentication)
  w.U16(p.au_type);
  w.Raw(p.authentication);
  w.Raw(p.body);
  if (p.au_type != kOspfAuTypeCryptographic) {
    w.PatchU16(kChecksumOffset, OspfChecksum(w.written()));
  }
  w.Raw(p.trailer);
  MC_ASSERT(w.size() == size);
  return w.size();
}

bool IsMospfHello(const OspfPacket& p) {
  return p.type == OspfType::kHello && p.body.size() > kOspfHelloOptionsOffset &&
         (p.body[kOspfHelloOptionsOffset] & kOspfOptionMc) != 0;
}

}  // namespace mc::wire
