// Cisco Auto-RP codec.
#include "wire/autorp.h"

#include "base/check.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

constexpr std::uint8_t kNegativeBit = 0x01;
constexpr std::uint8_t kPimVersionMask = 0x03;

Result<AutoRpEntry, DecodeError> DecodeEntry(ByteReader& r) {
  AutoRpEntry e;
  e.rp = r.Addr();
  e.pim_version = static_cast<AutoRpPimVersion>(r.U8() & kPimVersionMask);
  const std::uint8_t group_count = r.U8();
  if (!r.ok()) return DecodeError::kTruncated;
  if (group_count > kAutoRpGroupsPerRpMax) return DecodeError::kTooMany;
  if (r.remaining() < std::size_t{group_count} * kAutoRpGroupSize) return DecodeError::kTruncated;
  e.groups.reserve(group_count);  // bounded by the limit and by remaining()
  for (std::uint8_t i = 0; i < group_count; ++i) {
    const std::uint8_t flags = r.U8();
    const std::uint8_t mask_len = r.U8();
    const Ipv4 prefix = r.Addr();
    if (mask_len > 32) return DecodeError::kBadField;
    e.groups.push_back({(flags & kNegativeBit) != 0, Prefix::Make(prefix, mask_len)});
  }
  MC_ASSERT(r.ok());  // guaranteed by the remaining() check
  return e;
}

}  // namespace

Result<AutoRpMessage, DecodeError> DecodeAutoRp(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t version_type = r.U8();
  const std::uint8_t rp_count = r.U8();
  AutoRpMessage m;
  m.holdtime_s = r.U16();
  r.Skip(4);  // Reserved
  if (!r.ok()) return DecodeError::kTruncated;
  if ((version_type >> 4) != kAutoRpVersion) return DecodeError::kBadVersion;
  const std::uint8_t type = version_type & 0x0F;
  if (type != static_cast<std::uint8_t>(AutoRpType::kAnnounce) &&
      type != static_cast<std::uint8_t>(AutoRpType::kDiscovery)) {
    return DecodeError::kBadType;
  }
  m.type = static_cast<AutoRpType>(type);
  if (rp_count > kAutoRpRpsMax) return DecodeError::kTooMany;
  // Each RP takes at least its 6-octet header: refuse a count the bytes cannot hold.
  if (r.remaining() < std::size_t{rp_count} * kAutoRpRpSize) return DecodeError::kTruncated;
  m.rps.reserve(rp_count);
  for (std::uint8_t i = 0; i < rp_count; ++i) {
    Result<AutoRpEntry, DecodeError> e = DecodeEntry(r);
    if (!e) return e.error();
    m.rps.push_back(std::move(*e));
  }
  return m;
}

std::size_t EncodedSize(const AutoRpMessage& m) {
  std::size_t n = kAutoRpHeaderSize;
  for (const AutoRpEntry& e : m.rps) n += kAutoRpRpSize + kAutoRpGroupSize * e.groups.size();
  return n;
}

Result<std::size_t, EncodeError> Encode(const AutoRpMessage& m, std::span<std::uint8_t> out) {
  if (m.type != AutoRpType::kAnnounce && m.type != AutoRpType::kDiscovery) {
    return EncodeError::kBadField;
  }
  if (m.rps.size() > kAutoRpRpsMax) return EncodeError::kTooMany;
  for (const AutoRpEntry& e : m.rps) {
    if (e.groups.size() > kAutoRpGroupsPerRpMax) return EncodeError::kTooMany;
    if (static_cast<std::uint8_t>(e.pim_version) > kPimVersionMask) return EncodeError::kBadField;
  }
  const std::size_t size = EncodedSize(m);
  if (size > kAutoRpMessageMax) return EncodeError::kTooMany;
  if (out.size() < size) return EncodeError::kBufferTooSmall;
  ByteWriter w{out.first(size)};
  w.U8(static_cast<std::uint8_t>(kAutoRpVersion << 4 | static_cast<std::uint8_t>(m.type)));
  w.U8(static_cast<std::uint8_t>(m.rps.size()));
  w.U16(m.holdtime_s);
  w.U32(0);
  for (const AutoRpEntry& e : m.rps) {
    w.Addr(e.rp);
    w.U8(static_cast<std::uint8_t>(e.pim_version));
    w.U8(static_cast<std::uint8_t>(e.groups.size()));
    for (const AutoRpGroup& g : e.groups) {
      w.U8(g.negative ? kNegativeBit : 0);
      w.U8(g.prefix.length());
      w.Addr(g.prefix.address());
    }
  }
  MC_ASSERT(w.size() == size);
  return w.size();
}

std::string_view AutoRpTypeName(std::uint8_t type) {
  switch (type) {
    case static_cast<std::uint8_t>(AutoRpType::kAnnounce):
      return "announce";
    case static_cast<std::uint8_t>(AutoRpType::kDiscovery):
      return "discovery";
    default:
      return "unknown";
  }
}

}  // namespace mc::wire
