// VRRP v2/v3 advertisement codec.
#include "wire/vrrp.h"

#include <algorithm>

#include "base/check.h"
#include "wire/checksum.h"
#include "wire/ip.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

constexpr std::size_t kChecksumOffset = 6;

constexpr std::size_t SizeFor(std::uint8_t version, std::size_t address_count) {
  return kVrrpHeaderSize + 4 * address_count + (version == 2 ? kVrrpV2AuthDataSize : 0);
}

// RFC 3768 §5.3.8: v2 sums the VRRP message alone. RFC 5798 §5.2.8: v3 adds the pseudo-header.
std::uint16_t VrrpChecksum(std::uint8_t version, std::span<const std::uint8_t> message, Ipv4 src,
                           Ipv4 dst) {
  ChecksumAccumulator acc;
  if (version == 3) {
    AddPseudoHeader(acc, src, dst, kProtoVrrp, static_cast<std::uint16_t>(message.size()));
  }
  acc.Add(message);
  return acc.Finish();
}

}  // namespace

Result<VrrpAdvertisement, DecodeError> DecodeVrrp(std::span<const std::uint8_t> bytes, Ipv4 src,
                                                  Ipv4 dst) {
  ByteReader r{bytes};
  const std::uint8_t version_type = r.U8();
  VrrpAdvertisement a;
  a.vrid = r.U8();
  a.priority = r.U8();
  const std::uint8_t count = r.U8();
  const std::uint16_t word = r.U16();  // v2: Auth Type, Adver Int; v3: rsvd, Max Adver Int
  r.Skip(2);                           // Checksum, verified over the whole message below
  if (!r.ok()) return DecodeError::kTruncated;
  a.version = version_type >> 4;
  if (a.version != 2 && a.version != 3) return DecodeError::kBadVersion;
  if (count > kVrrpAddressesMax) return DecodeError::kTooMany;
  const std::size_t size = SizeFor(a.version, count);
  if (bytes.size() < size) return DecodeError::kTruncated;
  if (bytes.size() > size) return DecodeError::kBadLength;
  if (VrrpChecksum(a.version, bytes, src, dst) != 0) return DecodeError::kBadChecksum;
  if ((version_type & 0x0F) != kVrrpTypeAdvertisement) return DecodeError::kBadType;

  if (a.version == 2) {
    a.auth_type = static_cast<std::uint8_t>(word >> 8);
    a.advert_interval_s = static_cast<std::uint8_t>(word);
  } else {
    a.max_advert_interval_cs = word & kVrrpMaxAdvertIntervalMax;  // the top 4 bits are rsvd
  }
  a.addresses.reserve(count);  // bounded by the limit and by the size check
  for (std::uint8_t i = 0; i < count; ++i) a.addresses.push_back(r.Addr());
  if (a.version == 2) {
    const std::span<const std::uint8_t> auth = r.Bytes(kVrrpV2AuthDataSize);
    std::copy(auth.begin(), auth.end(), a.auth_data.begin());
  }
  MC_ASSERT(r.ok() && r.remaining() == 0);
  return a;
}

std::size_t EncodedSize(const VrrpAdvertisement& a) {
  return SizeFor(a.version, a.addresses.size());
}

Result<std::size_t, EncodeError> Encode(const VrrpAdvertisement& a, Ipv4 src, Ipv4 dst,
                                        std::span<std::uint8_t> out) {
  if (a.version != 2 && a.version != 3) return EncodeError::kBadField;
  if (a.addresses.size() > kVrrpAddressesMax) return EncodeError::kTooMany;
  if (a.version == 3 && a.max_advert_interval_cs > kVrrpMaxAdvertIntervalMax) {
    return EncodeError::kBadField;
  }
  const std::size_t size = EncodedSize(a);
  if (out.size() < size) return EncodeError::kBufferTooSmall;
  ByteWriter w{out.first(size)};
  w.U8(static_cast<std::uint8_t>(a.version << 4 | kVrrpTypeAdvertisement));
  w.U8(a.vrid);
  w.U8(a.priority);
  w.U8(static_cast<std::uint8_t>(a.addresses.size()));
  if (a.version == 2) {
    w.U8(a.auth_type);
    w.U8(a.advert_interval_s);
  } else {
    w.U16(a.max_advert_interval_cs);
  }
  w.U16(0);  // checksum, patched below
  for (const Ipv4 addr : a.addresses) w.Addr(addr);
  if (a.version == 2) w.Raw(a.auth_data);
  MC_ASSERT(w.size() == size);
  w.PatchU16(kChecksumOffset, VrrpChecksum(a.version, w.written(), src, dst));
  return w.size();
}

std::size_t EncodedSize(const VrrpPacket& p) { return EncodedSize(p.advert); }

Result<std::size_t, EncodeError> Encode(const VrrpPacket& p, std::span<std::uint8_t> out) {
  return Encode(p.advert, p.src, p.dst, out);
}

}  // namespace mc::wire
