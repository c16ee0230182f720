// MSDP TLV codec and stream framer.
#include "wire/msdp.h"

#include <algorithm>

#include "base/check.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

using Framed = std::optional<Result<MsdpMessage, DecodeError>>;

constexpr std::size_t kSaFixedSize = 5;         // Entry Count (8 bits) + RP Address
constexpr std::size_t kSaEntrySize = 12;        // Reserved (24) + Sprefix Len (8) + Group + Source
constexpr std::uint8_t kSprefixLen = 32;        // RFC 3618 §12.2.1: "MUST be 32"
constexpr std::size_t kSaRequestValueSize = 5;  // Reserved (8 bits) + Group Address
constexpr std::size_t kNotificationFixedSize = 2;  // O bit + Error Code, Error Subcode

struct SaBody {
  Ipv4 rp;
  std::vector<MsdpSaEntry> entries;
  std::span<const std::uint8_t> rest;  // octets after the last entry
};

// The part SA and SA Response share (RFC 3618 §12.2.1). `r` reads the TLV's value only.
Result<SaBody, DecodeError> DecodeSaBody(ByteReader& r) {
  const std::uint8_t count = r.U8();
  SaBody sa;
  sa.rp = r.Addr();
  if (!r.ok()) return DecodeError::kBadLength;  // Length too small for the fixed fields
  if (count > kMsdpSaEntriesMax) return DecodeError::kTooMany;
  if (r.remaining() < std::size_t{count} * kSaEntrySize) return DecodeError::kTruncated;
  sa.entries.reserve(count);  // bounded by the limit and by remaining()
  for (std::uint8_t i = 0; i < count; ++i) {
    r.Skip(3);  // Reserved: "ignored on receipt" (RFC 3618 §12)
    const std::uint8_t sprefix_len = r.U8();
    MsdpSaEntry e;
    e.group = r.Addr();
    e.source = r.Addr();
    if (sprefix_len != kSprefixLen) return DecodeError::kBadField;
    sa.entries.push_back(e);
  }
  sa.rest = r.Rest();
  MC_ASSERT(r.ok());  // guaranteed by the remaining() check
  return sa;
}

Result<MsdpMessage, DecodeError> DecodeValue(std::uint8_t type,
                                             std::span<const std::uint8_t> value) {
  ByteReader r{value};
  switch (type) {
    case kMsdpTypeSourceActive:
    case kMsdpTypeSaResponse: {
      Result<SaBody, DecodeError> sa = DecodeSaBody(r);
      if (!sa) return sa.error();
      if (type == kMsdpTypeSaResponse) {
        return MsdpMessage{MsdpSaResponse{sa->rp, std::move(sa->entries)}};
      }
      return MsdpMessage{MsdpSourceActive{sa->rp, std::move(sa->entries),
                                          Bytes(sa->rest.begin(), sa->rest.end())}};
    }
    case kMsdpTypeSaRequest: {
      if (value.size() < kSaRequestValueSize) return DecodeError::kBadLength;
      r.Skip(1);  // Reserved
      return MsdpMessage{MsdpSaRequest{r.Addr()}};
    }
    case kMsdpTypeKeepAlive:
      return MsdpMessage{MsdpKeepAlive{}};
    case kMsdpTypeNotification: {
      if (value.size() < kNotificationFixedSize) return DecodeError::kBadLength;
      const std::uint8_t o_and_code = r.U8();
      MsdpNotification n;
      n.open_bit = (o_and_code & 0x80) != 0;
      n.error_code = o_and_code & 0x7F;
      n.subcode = r.U8();
      const std::span<const std::uint8_t> data = r.Rest();
      n.data.assign(data.begin(), data.end());
      return MsdpMessage{std::move(n)};
    }
    default:
      return MsdpMessage{MsdpUnknownTlv{type, Bytes(value.begin(), value.end())}};
  }
}

struct SizeOf {
  std::size_t operator()(const MsdpSourceActive& m) const {
    return kMsdpTlvHeaderSize + kSaFixedSize + kSaEntrySize * m.entries.size() + m.data.size();
  }
  std::size_t operator()(const MsdpSaRequest&) const {
    return kMsdpTlvHeaderSize + kSaRequestValueSize;
  }
  std::size_t operator()(const MsdpSaResponse& m) const {
    return kMsdpTlvHeaderSize + kSaFixedSize + kSaEntrySize * m.entries.size();
  }
  std::size_t operator()(const MsdpKeepAlive&) const { return kMsdpTlvHeaderSize; }
  std::size_t operator()(const MsdpNotification& m) const {
    return kMsdpTlvHeaderSize + kNotificationFixedSize + m.data.size();
  }
  std::size_t operator()(const MsdpUnknownTlv& m) const {
    return kMsdpTlvHeaderSize + m.value.size();
  }
};

struct TypeOf {
  std::uint8_t operator()(const MsdpSourceActive&) const { return kMsdpTypeSourceActive; }
  std::uint8_t operator()(const MsdpSaRequest&) const { return kMsdpTypeSaRequest; }
  std::uint8_t operator()(const MsdpSaResponse&) const { return kMsdpTypeSaResponse; }
  std::uint8_t operator()(const MsdpKeepAlive&) const { return kMsdpTypeKeepAlive; }
  std::uint8_t operator()(const MsdpNotification&) const { return kMsdpTypeNotification; }
  std::uint8_t operator()(const MsdpUnknownTlv& m) const { return m.type; }
};

Status<EncodeError> WriteSaBody(ByteWriter& w, Ipv4 rp, const std::vector<MsdpSaEntry>& entries) {
  if (entries.size() > kMsdpSaEntriesMax) return EncodeError::kTooMany;
  w.U8(static_cast<std::uint8_t>(entries.size()));
  w.Addr(rp);
  for (const MsdpSaEntry& e : entries) {
    w.Zeros(3);
    w.U8(kSprefixLen);
    w.Addr(e.group);
    w.Addr(e.source);
  }
  return {};
}

// Writes the value; the caller has written the TLV header.
struct ValueWriter {
  ByteWriter& w;
  Status<EncodeError> operator()(const MsdpSourceActive& m) const {
    if (Status<EncodeError> s = WriteSaBody(w, m.rp, m.entries); !s) return s;
    w.Raw(m.data);
    return {};
  }
  Status<EncodeError> operator()(const MsdpSaRequest& m) const {
    w.U8(0);
    w.Addr(m.group);
    return {};
  }
  Status<EncodeError> operator()(const MsdpSaResponse& m) const {
    return WriteSaBody(w, m.rp, m.entries);
  }
  Status<EncodeError> operator()(const MsdpKeepAlive&) const { return {}; }
  Status<EncodeError> operator()(const MsdpNotification& m) const {
    if (m.error_code > 0x7F) return EncodeError::kBadField;
    w.U8(static_cast<std::uint8_t>((m.open_bit ? 0x80 : 0x00) | m.error_code));
    w.U8(m.subcode);
    w.Raw(m.data);
    return {};
  }
  Status<EncodeError> operator()(const MsdpUnknownTlv& m) const {
    if (m.type >= kMsdpTypeSourceActive && m.type <= kMsdpTypeNotification) {
      return EncodeError::kBadField;
    }
    w.Raw(m.value);
    return {};
  }
};

}  // namespace

Result<MsdpMessage, DecodeError> DecodeMsdp(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t type = r.U8();
  const std::uint16_t length = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  // RFC 3618 §12.1: Length counts the Type and Length fields too.
  if (length < kMsdpTlvHeaderSize || length > kMsdpMessageMax) return DecodeError::kBadLength;
  if (bytes.size() < length) return DecodeError::kTruncated;
  if (bytes.size() > length) return DecodeError::kBadLength;
  return DecodeValue(type, bytes.subspan(kMsdpTlvHeaderSize));
}

std::size_t EncodedSize(const MsdpMessage& m) { return std::visit(SizeOf{}, m); }

Result<std::size_t, EncodeError> Encode(const MsdpMessage& m, std::span<std::uint8_t> out) {
  const std::size_t size = EncodedSize(m);
  if (size > kMsdpMessageMax) return EncodeError::kTooMany;
  if (out.size() < size) return EncodeError::kBufferTooSmall;
  ByteWriter w{out.first(size)};
  w.U8(MsdpTlvType(m));
  w.U16(static_cast<std::uint16_t>(size));
  if (Status<EncodeError> s = std::visit(ValueWriter{w}, m); !s) return s.error();
  MC_ASSERT(w.size() == size);
  return w.size();
}

std::uint8_t MsdpTlvType(const MsdpMessage& m) { return std::visit(TypeOf{}, m); }

std::string_view MsdpTlvTypeName(std::uint8_t type) {
  switch (type) {
    case kMsdpTypeSourceActive:
      return "source-active";
    case kMsdpTypeSaRequest:
      return "sa-request";
    case kMsdpTypeSaResponse:
      return "sa-response";
    case kMsdpTypeKeepAlive:
      return "keepalive";
    case kMsdpTypeNotification:
      return "notification";
    case kMsdpTypeTracerouteInProgress:
      return "traceroute-in-progress";
    case kMsdpTypeTracerouteReply:
      return "traceroute-reply";
    default:
      return "unknown";
  }
}

std::size_t MsdpFramer::Feed(std::span<const std::uint8_t> bytes) {
  if (poisoned_) return bytes.size();  // the stream can never be framed again: drop it
  if (read_pos_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(read_pos_));
    read_pos_ = 0;
  }
  const std::size_t n = std::min(bytes.size(), kMsdpFramerBufferMax - buffer_.size());
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
  return n;
}

// The errors are built in place: moving a Result<MsdpMessage, ...> into the optional trips a
// g++ 12 -Wmaybe-uninitialized false positive on the variant's inactive alternatives.
std::optional<Result<MsdpMessage, DecodeError>> MsdpFramer::Next() {
  if (poisoned_) return Framed{std::in_place, DecodeError::kBadLength};
  const std::span<const std::uint8_t> avail =
      std::span<const std::uint8_t>{buffer_}.subspan(read_pos_);
  if (avail.size() < kMsdpTlvHeaderSize) return std::nullopt;
  const std::size_t length = static_cast<std::size_t>(avail[1] << 8 | avail[2]);
  if (length < kMsdpTlvHeaderSize || length > kMsdpMessageMax) {
    // Where the next TLV starts is unknowable: RFC 3618 §13 resets the session.
    poisoned_ = true;
    buffer_.clear();
    read_pos_ = 0;
    return Framed{std::in_place, DecodeError::kBadLength};
  }
  if (avail.size() < length) return std::nullopt;
  read_pos_ += length;
  return DecodeMsdp(avail.first(length));  // copies what it keeps; the buffer may move later
}

}  // namespace mc::wire
