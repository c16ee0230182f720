// IGMP v1/v2/v3 and DVMRP-header codec.
#include "wire/igmp.h"

#include <algorithm>

#include "base/check.h"
#include "wire/checksum.h"
#include "wire/limits.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

using std::chrono::duration_cast;
using Deciseconds = std::chrono::duration<std::int64_t, std::deci>;

Result<std::vector<Ipv4>, DecodeError> ReadSources(ByteReader& r, std::size_t n,
                                                   std::size_t limit) {
  if (n > limit) return DecodeError::kTooMany;
  if (r.remaining() < n * 4) return DecodeError::kTruncated;
  std::vector<Ipv4> out;
  out.reserve(n);  // bounded by the limit and by remaining()
  for (std::size_t i = 0; i < n; ++i) out.push_back(r.Addr());
  return out;
}

// RFC 3376 §7.1: 8 octets -> v1 (code 0) or v2; >= 12 octets -> v3; anything else is ignored.
Result<IgmpMessage, DecodeError> DecodeQuery(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  r.Skip(1);
  IgmpQuery q;
  q.max_resp_code = r.U8();
  r.Skip(2);
  q.group = r.Addr();
  if (!r.ok()) return DecodeError::kTruncated;
  if (bytes.size() == 8) {
    q.version = q.max_resp_code == 0 ? IgmpVersion::kV1 : IgmpVersion::kV2;
    return IgmpMessage{q};
  }
  if (bytes.size() < 12) return DecodeError::kBadLength;
  q.version = IgmpVersion::kV3;
  const std::uint8_t flags = r.U8();
  q.suppress_router_side = (flags & 0x08) != 0;
  q.qrv = flags & 0x07;
  q.qqic = r.U8();
  const std::uint16_t n = r.U16();
  Result<std::vector<Ipv4>, DecodeError> sources = ReadSources(r, n, kIgmpSourcesPerQueryMax);
  if (!sources) return sources.error();
  q.sources = std::move(*sources);
  return IgmpMessage{q};
}

Result<IgmpGroupRecord, DecodeError> DecodeGroupRecord(ByteReader& r) {
  const std::uint8_t type = r.U8();
  const std::uint8_t aux_words = r.U8();
  const std::uint16_t n = r.U16();
  IgmpGroupRecord rec;
  rec.group = r.Addr();
  if (!r.ok()) return DecodeError::kTruncated;
  if (type < 1 || type > 6) return DecodeError::kBadRecordType;
  rec.type = static_cast<IgmpRecordType>(type);
  Result<std::vector<Ipv4>, DecodeError> sources = ReadSources(r, n, kIgmpSourcesPerRecordMax);
  if (!sources) return sources.error();
  rec.sources = std::move(*sources);
  const std::span<const std::uint8_t> aux = r.Bytes(std::size_t{aux_words} * 4);
  if (!r.ok()) return DecodeError::kTruncated;
  rec.aux_data.assign(aux.begin(), aux.end());
  return rec;
}

Result<IgmpMessage, DecodeError> DecodeV3Report(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  r.Skip(6);  // type, reserved, checksum, reserved
  const std::uint16_t n = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if (n > kIgmpRecordsPerReportMax) return DecodeError::kTooMany;
  if (r.remaining() < std::size_t{n} * 8) return DecodeError::kTruncated;
  IgmpV3Report rep;
  rep.records.reserve(n);
  for (std::uint16_t i = 0; i < n; ++i) {
    Result<IgmpGroupRecord, DecodeError> rec = DecodeGroupRecord(r);
    if (!rec) return rec.error();
    rep.records.push_back(std::move(*rec));
  }
  return IgmpMessage{std::move(rep)};
}

Result<IgmpMessage, DecodeError> DecodeDvmrp(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  r.Skip(1);
  DvmrpMessage d;
  d.code = r.U8();
  r.Skip(4);  // checksum, reserved
  d.minor_version = r.U8();
  d.major_version = r.U8();
  if (!r.ok()) return DecodeError::kTruncated;
  const std::span<const std::uint8_t> body = r.Rest();
  d.body.assign(body.begin(), body.end());
  return IgmpMessage{std::move(d)};
}

Ipv4 GroupOfShortMessage(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  r.Skip(4);
  return r.Addr();
}

// The byte count of each alternative, used by EncodedSize and Encode.
struct SizeOf {
  std::size_t operator()(const IgmpQuery& q) const {
    return q.version == IgmpVersion::kV3 ? 12 + 4 * q.sources.size() : 8;
  }
  std::size_t operator()(const IgmpV1Report&) const { return 8; }
  std::size_t operator()(const IgmpV2Report&) const { return 8; }
  std::size_t operator()(const IgmpLeave&) const { return 8; }
  std::size_t operator()(const IgmpV3Report& r) const {
    std::size_t n = 8;
    for (const IgmpGroupRecord& rec : r.records)
      n += 8 + 4 * rec.sources.size() + rec.aux_data.size();
    return n;
  }
  std::size_t operator()(const DvmrpMessage& d) const { return 8 + d.body.size(); }
};

void WriteShort(ByteWriter& w, std::uint8_t type, std::uint8_t code, Ipv4 group) {
  w.U8(type);
  w.U8(code);
  w.U16(0);
  w.Addr(group);
}

struct Writer {
  ByteWriter& w;
  Status<EncodeError> operator()(const IgmpQuery& q) const {
    if (q.version != IgmpVersion::kV3) {
      if (!q.sources.empty()) return EncodeError::kBadField;
      WriteShort(w, kIgmpTypeQuery, q.version == IgmpVersion::kV1 ? 0 : q.max_resp_code, q.group);
      return {};
    }
    if (q.sources.size() > kIgmpSourcesPerQueryMax || q.qrv > 7) return EncodeError::kTooMany;
    WriteShort(w, kIgmpTypeQuery, q.max_resp_code, q.group);
    w.U8(static_cast<std::uint8_t>((q.suppress_router_side ? 0x08 : 0) | q.qrv));
    w.U8(q.qqic);
    w.U16(static_cast<std::uint16_t>(q.sources.size()));
    for (const Ipv4 s : q.sources) w.Addr(s);
    return {};
  }
  Status<EncodeError> operator()(const IgmpV1Report& m) const {
    WriteShort(w, kIgmpTypeV1Report, 0, m.group);
    return {};
  }
  Status<EncodeError> operator()(const IgmpV2Report& m) const {
    WriteShort(w, kIgmpTypeV2Report, 0, m.group);
    return {};
  }
  Status<EncodeError> operator()(const IgmpLeave& m) const {
    WriteShort(w, kIgmpTypeLeave, 0, m.group);
    return {};
  }
  Status<EncodeError> operator()(const IgmpV3Report& r) const {
    if (r.records.size() > kIgmpRecordsPerReportMax) return EncodeError::kTooMany;
    w.U8(kIgmpTypeV3Report);
    w.U8(0);
    w.U16(0);
    w.U16(0);
    w.U16(static_cast<std::uint16_t>(r.records.size()));
    for (const IgmpGroupRecord& rec : r.records) {
      if (rec.sources.size() > kIgmpSourcesPerRecordMax || rec.aux_data.size() % 4 != 0 ||
          rec.aux_data.size() > 255 * 4) {
        return EncodeError::kBadField;
      }
      w.U8(static_cast<std::uint8_t>(rec.type));
      w.U8(static_cast<std::uint8_t>(rec.aux_data.size() / 4));
      w.U16(static_cast<std::uint16_t>(rec.sources.size()));
      w.Addr(rec.group);
      for (const Ipv4 s : rec.sources) w.Addr(s);
      w.Raw(rec.aux_data);
    }
    return {};
  }
  Status<EncodeError> operator()(const DvmrpMessage& d) const {
    w.U8(kIgmpTypeDvmrp);
    w.U8(d.code);
    w.U16(0);
    w.U16(0);
    w.U8(d.minor_version);
    w.U8(d.major_version);
    w.Raw(d.body);
    return {};
  }
};

}  // namespace

std::uint32_t DecodeFloatCode(std::uint8_t code) {
  if (code < 128) return code;
  const std::uint32_t mant = code & 0x0Fu;
  const std::uint32_t exp = (code >> 4) & 0x07u;
  return (mant | 0x10u) << (exp + 3);
}

std::uint8_t EncodeFloatCode(std::uint32_t value) {
  if (value < 128) return static_cast<std::uint8_t>(value);
  for (std::uint32_t exp = 0; exp < 8; ++exp) {
    const std::uint32_t m = value >> (exp + 3);
    if (m < 32) return static_cast<std::uint8_t>(0x80 | exp << 4 | (m - 16));
  }
  return 0xFF;
}

Duration MaxRespTime(std::uint8_t code) { return Deciseconds{DecodeFloatCode(code)}; }

std::uint8_t MaxRespCodeFor(Duration d) {
  const std::int64_t ds = duration_cast<Deciseconds>(d).count();
  return EncodeFloatCode(static_cast<std::uint32_t>(std::clamp<std::int64_t>(ds, 0, 0xFFFFFF)));
}

Duration QqicInterval(std::uint8_t qqic) { return std::chrono::seconds{DecodeFloatCode(qqic)}; }

std::uint8_t QqicFor(Duration d) {
  const std::int64_t s = duration_cast<std::chrono::seconds>(d).count();
  return EncodeFloatCode(static_cast<std::uint32_t>(std::clamp<std::int64_t>(s, 0, 0xFFFFFF)));
}

std::string_view ToString(IgmpRecordType t) {
  switch (t) {
    case IgmpRecordType::kModeIsInclude:
      return "IS_IN";
    case IgmpRecordType::kModeIsExclude:
      return "IS_EX";
    case IgmpRecordType::kChangeToIncludeMode:
      return "TO_IN";
    case IgmpRecordType::kChangeToExcludeMode:
      return "TO_EX";
    case IgmpRecordType::kAllowNewSources:
      return "ALLOW";
    case IgmpRecordType::kBlockOldSources:
      return "BLOCK";
  }
  return "?";
}

Result<IgmpMessage, DecodeError> DecodeIgmp(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 8) return DecodeError::kTruncated;
  if (!ChecksumVerifies(bytes)) return DecodeError::kBadChecksum;
  switch (bytes[0]) {
    case kIgmpTypeQuery:
      return DecodeQuery(bytes);
    case kIgmpTypeV1Report:
      return IgmpMessage{IgmpV1Report{GroupOfShortMessage(bytes)}};
    case kIgmpTypeV2Report:
      return IgmpMessage{IgmpV2Report{GroupOfShortMessage(bytes)}};
    case kIgmpTypeLeave:
      return IgmpMessage{IgmpLeave{GroupOfShortMessage(bytes)}};
    case kIgmpTypeV3Report:
      return DecodeV3Report(bytes);
    case kIgmpTypeDvmrp:
      return DecodeDvmrp(bytes);
    default:
      return DecodeError::kBadType;
  }
}

std::size_t EncodedSize(const IgmpMessage& m) { return std::visit(SizeOf{}, m); }

Result<std::size_t, EncodeError> Encode(const IgmpMessage& m, std::span<std::uint8_t> out) {
  if (out.size() < EncodedSize(m)) return EncodeError::kBufferTooSmall;
  ByteWriter w{out.first(EncodedSize(m))};
  if (Status<EncodeError> s = std::visit(Writer{w}, m); !s) return s.error();
  MC_ASSERT(w.size() == EncodedSize(m));
  w.PatchU16(2, InternetChecksum(w.written()));
  return w.size();
}

}  // namespace mc::wire
