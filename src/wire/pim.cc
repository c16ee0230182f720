// PIMv2 codec: RFC 7761 §4.9, RFC 5059 §4, RFC 3973 §4.7, RFC 5015 §3.7 (scope in pim.h).
#include "wire/pim.h"

#include <algorithm>

#include "base/check.h"
#include "wire/checksum.h"
#include "wire/limits.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

constexpr std::uint8_t kLastPimType = static_cast<std::uint8_t>(PimType::kDfElection);
constexpr std::uint8_t kMaxMaskLen = 32;

// RFC 7761 §4.9.1: Encoded-Group "B|Reserved|Z" and Encoded-Source "Rsrvd|S|W|R" bits.
constexpr std::uint8_t kGroupBitB = 0x80;
constexpr std::uint8_t kGroupBitZ = 0x01;
constexpr std::uint8_t kSourceBitS = 0x04;
constexpr std::uint8_t kSourceBitW = 0x02;
constexpr std::uint8_t kSourceBitR = 0x01;
// RFC 7761 §4.9.6: the RPT bit tops the 32-bit word whose low 31 bits are the preference.
constexpr std::uint32_t kRptBit = 0x80000000;
constexpr std::uint32_t kMetricPreferenceMax = 0x7FFFFFFF;
// RFC 7761 §4.9.3: "|B|N| Reserved2 |".
constexpr std::uint32_t kRegisterBitB = 0x80000000;
constexpr std::uint32_t kRegisterBitN = 0x40000000;
// RFC 7761 §4.9.2: "|T| LAN Prune Delay |" — 1 bit and 15 bits of milliseconds.
constexpr std::uint16_t kLanPruneDelayBitT = 0x8000;
constexpr std::uint16_t kPropagationDelayMax = 0x7FFF;
// RFC 3973 §4.7.10: "|P|N|O|Reserved|".
constexpr std::uint8_t kStateRefreshBitP = 0x80;
constexpr std::uint8_t kStateRefreshBitN = 0x40;
constexpr std::uint8_t kStateRefreshBitO = 0x20;
constexpr std::uint8_t kDfLowFlagsMask = 0x0F;

constexpr std::size_t kOptionHeaderSize = 4;
constexpr std::size_t kJoinPruneGroupMinSize = kPimEncodedGroupSize + 4;  // + the two counts
constexpr std::size_t kBsrGroupMinSize = kPimEncodedGroupSize + 4;        // + counts, reserved
constexpr std::size_t kBsrRpSize = kPimEncodedUnicastSize + 4;  // + holdtime, priority, rsvd
constexpr std::size_t kJoinPruneCountMax = std::min<std::size_t>(kPimGroupsPerJoinPruneMax, 255);

// Counts are widened before the comparison: a uint8_t field against a larger limit would trip
// -Wtype-limits, yet the check stays meaningful if a limit is lowered below the field width.
constexpr bool OverLimit(std::size_t n, std::size_t limit) { return n > limit; }

// --- encoded addresses (RFC 7761 §4.9.1) ------------------------------------------------

// Family and encoding are checked before the address is read, so an IPv6 address reports a bad
// family rather than a truncation.
Status<DecodeError> ReadFamilyAndEncoding(ByteReader& r) {
  const std::uint8_t family = r.U8();
  const std::uint8_t encoding = r.U8();
  if (!r.ok()) return DecodeError::kTruncated;
  if (family != kPimAddrFamilyIpv4) return DecodeError::kBadAddressFamily;
  if (encoding != kPimEncodingNative) return DecodeError::kBadEncoding;
  return {};
}

Result<Ipv4, DecodeError> ReadEncodedUnicast(ByteReader& r) {
  if (Status<DecodeError> s = ReadFamilyAndEncoding(r); !s) return s.error();
  const Ipv4 a = r.Addr();
  if (!r.ok()) return DecodeError::kTruncated;
  return a;
}

Result<PimEncodedGroup, DecodeError> ReadEncodedGroup(ByteReader& r) {
  if (Status<DecodeError> s = ReadFamilyAndEncoding(r); !s) return s.error();
  const std::uint8_t bits = r.U8();
  const std::uint8_t mask_len = r.U8();
  const Ipv4 group = r.Addr();
  if (!r.ok()) return DecodeError::kTruncated;
  if (mask_len > kMaxMaskLen) return DecodeError::kBadField;
  return PimEncodedGroup{group, mask_len, (bits & kGroupBitB) != 0, (bits & kGroupBitZ) != 0};
}

Result<PimEncodedSource, DecodeError> ReadEncodedSource(ByteReader& r) {
  if (Status<DecodeError> s = ReadFamilyAndEncoding(r); !s) return s.error();
  const std::uint8_t bits = r.U8();
  const std::uint8_t mask_len = r.U8();
  const Ipv4 source = r.Addr();
  if (!r.ok()) return DecodeError::kTruncated;
  if (mask_len > kMaxMaskLen) return DecodeError::kBadField;
  return PimEncodedSource{source, mask_len, (bits & kSourceBitS) != 0, (bits & kSourceBitW) != 0,
                          (bits & kSourceBitR) != 0};
}

void WriteEncodedUnicast(ByteWriter& w, Ipv4 a) {
  w.U8(kPimAddrFamilyIpv4);
  w.U8(kPimEncodingNative);
  w.Addr(a);
}

void WriteEncodedGroup(ByteWriter& w, const PimEncodedGroup& g) {
  w.U8(kPimAddrFamilyIpv4);
  w.U8(kPimEncodingNative);
  w.U8(static_cast<std::uint8_t>((g.bidir ? kGroupBitB : 0) | (g.admin_scope ? kGroupBitZ : 0)));
  w.U8(g.mask_len);
  w.Addr(g.group);
}

void WriteEncodedSource(ByteWriter& w, const PimEncodedSource& s) {
  w.U8(kPimAddrFamilyIpv4);
  w.U8(kPimEncodingNative);
  w.U8(static_cast<std::uint8_t>((s.sparse ? kSourceBitS : 0) | (s.wildcard ? kSourceBitW : 0) |
                                 (s.rpt ? kSourceBitR : 0)));
  w.U8(s.mask_len);
  w.Addr(s.source);
}

void WriteHeader(ByteWriter& w, PimType type, std::uint8_t flags) {
  w.U8(static_cast<std::uint8_t>(kPimVersion << 4 | static_cast<std::uint8_t>(type)));
  w.U8(flags);
  w.U16(0);  // checksum, patched by Encode()
}

// --- Hello (RFC 7761 §4.9.2, RFC 3973 §4.7.5, RFC 5015 §3.7) -----------------------------

bool IsInterpretedOption(std::uint16_t type) {
  switch (type) {
    case kPimOptHoldtime:
    case kPimOptLanPruneDelay:
    case kPimOptDrPriority:
    case kPimOptGenerationId:
    case kPimOptStateRefreshCapable:
    case kPimOptBidirCapable:
    case kPimOptAddressList:
      return true;
    default:
      return false;
  }
}

// Secondary addresses are Encoded-Unicast entries. IPv6 entries (18 bytes) are skipped and
// counted: FRR puts its IPv6 link-local address in the list of its IPv4 Hellos, and rejecting
// the whole Hello for it would lose the neighbor. Any other family has no known length, so it
// is a bad family; a partial entry is an option framing error.
Status<DecodeError> AppendAddressList(PimHello& h, std::span<const std::uint8_t> value) {
  ByteReader v{value};
  while (v.remaining() > 0) {
    if (OverLimit(h.secondary_addresses.size() + h.ignored_ipv6_addresses + 1,
                  kPimHelloAddressesMax)) {
      return DecodeError::kTooMany;
    }
    if (v.remaining() >= 2 && value[value.size() - v.remaining()] == kPimAddrFamilyIpv6) {
      constexpr std::size_t kIpv6Entry = 2 + 16;
      if (v.remaining() < kIpv6Entry) return DecodeError::kBadOption;
      v.Skip(kIpv6Entry);
      ++h.ignored_ipv6_addresses;
      continue;
    }
    Result<Ipv4, DecodeError> a = ReadEncodedUnicast(v);
    if (!a) return a.error() == DecodeError::kTruncated ? DecodeError::kBadOption : a.error();
    h.secondary_addresses.push_back(*a);
  }
  return {};
}

// A known option with a length other than its own is malformed, not unknown.
Status<DecodeError> ApplyHelloOption(PimHello& h, std::uint16_t type,
                                     std::span<const std::uint8_t> value) {
  ByteReader v{value};
  const auto expect = [&](std::size_t n) { return value.size() == n; };
  switch (type) {
    case kPimOptHoldtime:
      if (!expect(2)) return DecodeError::kBadOption;
      h.holdtime_s = v.U16();
      return {};
    case kPimOptLanPruneDelay: {
      if (!expect(4)) return DecodeError::kBadOption;
      const std::uint16_t delay = v.U16();
      const std::uint16_t override_ms = v.U16();
      h.lan_prune_delay =
          PimLanPruneDelay{(delay & kLanPruneDelayBitT) != 0,
                           static_cast<std::uint16_t>(delay & kPropagationDelayMax), override_ms};
      return {};
    }
    case kPimOptDrPriority:
      if (!expect(4)) return DecodeError::kBadOption;
      h.dr_priority = v.U32();
      return {};
    case kPimOptGenerationId:
      if (!expect(4)) return DecodeError::kBadOption;
      h.generation_id = v.U32();
      return {};
    case kPimOptStateRefreshCapable: {
      if (!expect(4)) return DecodeError::kBadOption;
      const std::uint8_t version = v.U8();
      const std::uint8_t interval_s = v.U8();
      h.state_refresh = PimStateRefreshCapable{version, interval_s};  // 16 reserved bits dropped
      return {};
    }
    case kPimOptBidirCapable:
      if (!expect(0)) return DecodeError::kBadOption;
      h.bidir_capable = true;
      return {};
    case kPimOptAddressList:
      return AppendAddressList(h, value);
    default:
      h.other_options.push_back(PimHelloOption{type, Bytes(value.begin(), value.end())});
      return {};
  }
}

Result<PimMessage, DecodeError> DecodeHello(ByteReader& r, std::uint8_t flags) {
  PimHello h;
  h.flags = flags;
  std::size_t count = 0;
  while (r.remaining() > 0) {
    if (r.remaining() < kOptionHeaderSize) return DecodeError::kTruncated;
    const std::uint16_t type = r.U16();
    const std::uint16_t length = r.U16();
    if (length > r.remaining()) return DecodeError::kBadOption;
    if (OverLimit(++count, kPimHelloOptionsMax)) return DecodeError::kTooMany;
    if (Status<DecodeError> s = ApplyHelloOption(h, type, r.Bytes(length)); !s) return s.error();
  }
  return PimMessage{std::move(h)};
}

// --- Register, Register-Stop (RFC 7761 §4.9.3, §4.9.4) ------------------------------------

Result<PimMessage, DecodeError> DecodeRegister(ByteReader& r, std::uint8_t flags) {
  const std::uint32_t word = r.U32();
  if (!r.ok()) return DecodeError::kTruncated;
  const std::span<const std::uint8_t> packet = r.Rest();
  return PimMessage{PimRegister{(word & kRegisterBitB) != 0, (word & kRegisterBitN) != 0,
                                Bytes(packet.begin(), packet.end()), flags}};
}

Result<PimMessage, DecodeError> DecodeRegisterStop(ByteReader& r, std::uint8_t flags) {
  Result<PimEncodedGroup, DecodeError> group = ReadEncodedGroup(r);
  if (!group) return group.error();
  Result<Ipv4, DecodeError> source = ReadEncodedUnicast(r);
  if (!source) return source.error();
  return PimMessage{PimRegisterStop{*group, *source, flags}};
}

// --- Join/Prune, Graft, Graft-Ack (RFC 7761 §4.9.5, RFC 3973 §4.7.8-9) --------------------

// The caller has checked n against the limit and the remaining bytes, so reserve() is bounded.
Status<DecodeError> ReadSources(ByteReader& r, std::size_t n, std::vector<PimEncodedSource>& out) {
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Result<PimEncodedSource, DecodeError> s = ReadEncodedSource(r);
    if (!s) return s.error();
    out.push_back(*s);
  }
  return {};
}

Status<DecodeError> ReadJoinPruneGroup(ByteReader& r, PimJoinPruneGroup& out) {
  Result<PimEncodedGroup, DecodeError> group = ReadEncodedGroup(r);
  if (!group) return group.error();
  const std::size_t joined = r.U16();
  const std::size_t pruned = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if (OverLimit(joined + pruned, kPimSourcesPerGroupMax)) return DecodeError::kTooMany;
  if (r.remaining() < (joined + pruned) * kPimEncodedSourceSize) return DecodeError::kTruncated;
  out.group = *group;
  if (Status<DecodeError> s = ReadSources(r, joined, out.joins); !s) return s;
  return ReadSources(r, pruned, out.prunes);
}

template <PimType kType>
Result<PimMessage, DecodeError> DecodeJoinPrune(ByteReader& r, std::uint8_t flags) {
  PimJoinPruneBody<kType> jp;
  jp.flags = flags;
  Result<Ipv4, DecodeError> upstream = ReadEncodedUnicast(r);
  if (!upstream) return upstream.error();
  jp.upstream_neighbor = *upstream;
  r.Skip(1);  // reserved
  const std::size_t num_groups = r.U8();
  jp.holdtime_s = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if (OverLimit(num_groups, kPimGroupsPerJoinPruneMax)) return DecodeError::kTooMany;
  if (r.remaining() < num_groups * kJoinPruneGroupMinSize) return DecodeError::kTruncated;
  jp.groups.resize(num_groups);
  for (PimJoinPruneGroup& g : jp.groups) {
    if (Status<DecodeError> s = ReadJoinPruneGroup(r, g); !s) return s.error();
  }
  return PimMessage{std::move(jp)};
}

// --- Bootstrap, Candidate-RP-Advertisement (RFC 5059 §4.1, §4.2) --------------------------

Status<DecodeError> ReadBsrGroup(ByteReader& r, PimBsrGroup& out) {
  Result<PimEncodedGroup, DecodeError> group = ReadEncodedGroup(r);
  if (!group) return group.error();
  out.group = *group;
  out.rp_count = r.U8();
  const std::size_t frag_rp_count = r.U8();
  r.Skip(2);  // reserved
  if (!r.ok()) return DecodeError::kTruncated;
  if (OverLimit(frag_rp_count, kPimBsrRpsPerGroupMax)) return DecodeError::kTooMany;
  if (r.remaining() < frag_rp_count * kBsrRpSize) return DecodeError::kTruncated;
  out.rps.reserve(frag_rp_count);
  for (std::size_t i = 0; i < frag_rp_count; ++i) {
    Result<Ipv4, DecodeError> address = ReadEncodedUnicast(r);
    if (!address) return address.error();
    const std::uint16_t holdtime_s = r.U16();
    const std::uint8_t priority = r.U8();
    r.Skip(1);  // reserved
    out.rps.push_back(PimBsrRp{*address, holdtime_s, priority});
  }
  return r.ok() ? Status<DecodeError>{} : DecodeError::kTruncated;
}

Result<PimMessage, DecodeError> DecodeBootstrap(ByteReader& r, std::uint8_t flags) {
  PimBootstrap b;
  b.flags = flags;
  b.fragment_tag = r.U16();
  b.hash_mask_len = r.U8();
  b.bsr_priority = r.U8();
  if (!r.ok()) return DecodeError::kTruncated;
  if (b.hash_mask_len > kMaxMaskLen) return DecodeError::kBadField;
  Result<Ipv4, DecodeError> bsr = ReadEncodedUnicast(r);
  if (!bsr) return bsr.error();
  b.bsr_address = *bsr;
  // No group count on the wire: records run to the end, each at least kBsrGroupMinSize bytes.
  while (r.remaining() > 0) {
    if (OverLimit(b.groups.size() + 1, kPimBsrGroupsMax)) return DecodeError::kTooMany;
    if (r.remaining() < kBsrGroupMinSize) return DecodeError::kTruncated;
    if (Status<DecodeError> s = ReadBsrGroup(r, b.groups.emplace_back()); !s) return s.error();
  }
  return PimMessage{std::move(b)};
}

Result<PimMessage, DecodeError> DecodeCandidateRpAdvertisement(ByteReader& r, std::uint8_t flags) {
  PimCandidateRpAdvertisement c;
  c.flags = flags;
  const std::size_t prefix_count = r.U8();
  c.priority = r.U8();
  c.holdtime_s = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  Result<Ipv4, DecodeError> rp = ReadEncodedUnicast(r);
  if (!rp) return rp.error();
  c.rp_address = *rp;
  if (OverLimit(prefix_count, kPimCrpGroupsMax)) return DecodeError::kTooMany;
  if (r.remaining() < prefix_count * kPimEncodedGroupSize) return DecodeError::kTruncated;
  c.groups.reserve(prefix_count);
  for (std::size_t i = 0; i < prefix_count; ++i) {
    Result<PimEncodedGroup, DecodeError> g = ReadEncodedGroup(r);
    if (!g) return g.error();
    c.groups.push_back(*g);
  }
  return PimMessage{std::move(c)};
}

// --- Assert, State Refresh (RFC 7761 §4.9.6, RFC 3973 §4.7.10) ----------------------------

Result<PimMessage, DecodeError> DecodeAssert(ByteReader& r, std::uint8_t flags) {
  Result<PimEncodedGroup, DecodeError> group = ReadEncodedGroup(r);
  if (!group) return group.error();
  Result<Ipv4, DecodeError> source = ReadEncodedUnicast(r);
  if (!source) return source.error();
  const std::uint32_t preference = r.U32();
  const std::uint32_t metric = r.U32();
  if (!r.ok()) return DecodeError::kTruncated;
  return PimMessage{PimAssert{*group, *source, (preference & kRptBit) != 0,
                              preference & kMetricPreferenceMax, metric, flags}};
}

Result<PimMessage, DecodeError> DecodeStateRefresh(ByteReader& r, std::uint8_t flags) {
  PimStateRefresh s;
  s.flags = flags;
  Result<PimEncodedGroup, DecodeError> group = ReadEncodedGroup(r);
  if (!group) return group.error();
  s.group = *group;
  Result<Ipv4, DecodeError> source = ReadEncodedUnicast(r);
  if (!source) return source.error();
  s.source = *source;
  Result<Ipv4, DecodeError> originator = ReadEncodedUnicast(r);
  if (!originator) return originator.error();
  s.originator = *originator;
  const std::uint32_t preference = r.U32();
  s.rpt = (preference & kRptBit) != 0;
  s.metric_preference = preference & kMetricPreferenceMax;
  s.metric = r.U32();
  s.mask_len = r.U8();
  s.ttl = r.U8();
  const std::uint8_t bits = r.U8();
  s.prune_indicator = (bits & kStateRefreshBitP) != 0;
  s.prune_now = (bits & kStateRefreshBitN) != 0;
  s.assert_override = (bits & kStateRefreshBitO) != 0;
  s.interval_s = r.U8();
  if (!r.ok()) return DecodeError::kTruncated;
  if (s.mask_len > kMaxMaskLen) return DecodeError::kBadField;
  return PimMessage{std::move(s)};
}

// --- DF Election (RFC 5015 §3.7) -----------------------------------------------------------

struct DfCandidate {
  Ipv4 address;
  std::uint32_t metric_preference = 0;
  std::uint32_t metric = 0;
};

Result<DfCandidate, DecodeError> ReadDfCandidate(ByteReader& r) {
  Result<Ipv4, DecodeError> address = ReadEncodedUnicast(r);
  if (!address) return address.error();
  const std::uint32_t preference = r.U32();
  const std::uint32_t metric = r.U32();
  if (!r.ok()) return DecodeError::kTruncated;
  return DfCandidate{*address, preference, metric};
}

// The subtype selects the body; an unknown subtype is an unknown message.
Result<PimMessage, DecodeError> DecodeDfElection(ByteReader& r, std::uint8_t flags) {
  const auto subtype = static_cast<std::uint8_t>(flags >> 4);
  const auto low = static_cast<std::uint8_t>(flags & kDfLowFlagsMask);
  if (subtype < static_cast<std::uint8_t>(PimDfSubtype::kOffer) ||
      subtype > static_cast<std::uint8_t>(PimDfSubtype::kPass)) {
    return DecodeError::kBadType;
  }
  Result<DfCandidate, DecodeError> sender = ReadDfCandidate(r);
  if (!sender) return sender.error();
  const DfCandidate& s = *sender;
  switch (static_cast<PimDfSubtype>(subtype)) {
    case PimDfSubtype::kOffer:
      return PimMessage{PimDfOffer{s.address, s.metric_preference, s.metric, low}};
    case PimDfSubtype::kWinner:
      return PimMessage{PimDfWinner{s.address, s.metric_preference, s.metric, low}};
    case PimDfSubtype::kBackoff: {
      Result<DfCandidate, DecodeError> offer = ReadDfCandidate(r);
      if (!offer) return offer.error();
      const std::uint16_t interval_ms = r.U16();
      if (!r.ok()) return DecodeError::kTruncated;
      return PimMessage{PimDfBackoff{s.address, s.metric_preference, s.metric, offer->address,
                                     offer->metric_preference, offer->metric, interval_ms, low}};
    }
    case PimDfSubtype::kPass: {
      Result<DfCandidate, DecodeError> winner = ReadDfCandidate(r);
      if (!winner) return winner.error();
      return PimMessage{PimDfPass{s.address, s.metric_preference, s.metric, winner->address,
                                  winner->metric_preference, winner->metric, low}};
    }
  }
  return DecodeError::kBadType;
}

// --- sizes -----------------------------------------------------------------------------------

std::size_t HelloOptionsSize(const PimHello& h) {
  std::size_t n = 0;
  if (h.holdtime_s) n += kOptionHeaderSize + 2;
  if (h.lan_prune_delay) n += kOptionHeaderSize + 4;
  if (h.dr_priority) n += kOptionHeaderSize + 4;
  if (h.generation_id) n += kOptionHeaderSize + 4;
  if (h.state_refresh) n += kOptionHeaderSize + 4;
  if (h.bidir_capable) n += kOptionHeaderSize;
  if (!h.secondary_addresses.empty()) {
    n += kOptionHeaderSize + kPimEncodedUnicastSize * h.secondary_addresses.size();
  }
  for (const PimHelloOption& o : h.other_options) n += kOptionHeaderSize + o.value.size();
  return n;
}

std::size_t HelloOptionCount(const PimHello& h) {
  std::size_t n = h.other_options.size();
  for (const bool present :
       {h.holdtime_s.has_value(), h.lan_prune_delay.has_value(), h.dr_priority.has_value(),
        h.generation_id.has_value(), h.state_refresh.has_value(), h.bidir_capable,
        !h.secondary_addresses.empty()}) {
    if (present) ++n;
  }
  return n;
}

struct SizeOf {
  std::size_t operator()(const PimHello& h) const { return kPimHeaderSize + HelloOptionsSize(h); }
  std::size_t operator()(const PimRegister& r) const {
    return kPimRegisterHeaderSize + r.packet.size();
  }
  std::size_t operator()(const PimRegisterStop&) const {
    return kPimHeaderSize + kPimEncodedGroupSize + kPimEncodedUnicastSize;
  }
  template <PimType kType>
  std::size_t operator()(const PimJoinPruneBody<kType>& jp) const {
    std::size_t n = kPimHeaderSize + kPimEncodedUnicastSize + 4;
    for (const PimJoinPruneGroup& g : jp.groups) {
      n += kJoinPruneGroupMinSize + kPimEncodedSourceSize * (g.joins.size() + g.prunes.size());
    }
    return n;
  }
  std::size_t operator()(const PimBootstrap& b) const {
    std::size_t n = kPimHeaderSize + 4 + kPimEncodedUnicastSize;
    for (const PimBsrGroup& g : b.groups) n += kBsrGroupMinSize + kBsrRpSize * g.rps.size();
    return n;
  }
  std::size_t operator()(const PimAssert&) const {
    return kPimHeaderSize + kPimEncodedGroupSize + kPimEncodedUnicastSize + 8;
  }
  std::size_t operator()(const PimCandidateRpAdvertisement& c) const {
    return kPimHeaderSize + 4 + kPimEncodedUnicastSize + kPimEncodedGroupSize * c.groups.size();
  }
  std::size_t operator()(const PimStateRefresh&) const {
    return kPimHeaderSize + kPimEncodedGroupSize + 2 * kPimEncodedUnicastSize + 12;
  }
  template <PimDfSubtype kSubtype>
  std::size_t operator()(const PimDfBasic<kSubtype>&) const {
    return kPimHeaderSize + kPimEncodedUnicastSize + 8;
  }
  std::size_t operator()(const PimDfBackoff&) const {
    return kPimHeaderSize + 2 * (kPimEncodedUnicastSize + 8) + 2;
  }
  std::size_t operator()(const PimDfPass&) const {
    return kPimHeaderSize + 2 * (kPimEncodedUnicastSize + 8);
  }
};

// --- encoding --------------------------------------------------------------------------------

bool FitsMask(std::uint8_t mask_len) { return mask_len <= kMaxMaskLen; }

Status<EncodeError> CheckHello(const PimHello& h) {
  if (OverLimit(HelloOptionCount(h), kPimHelloOptionsMax) ||
      OverLimit(h.secondary_addresses.size(), kPimHelloAddressesMax)) {
    return EncodeError::kTooMany;
  }
  if (h.lan_prune_delay && h.lan_prune_delay->propagation_delay_ms > kPropagationDelayMax) {
    return EncodeError::kBadField;
  }
  for (const PimHelloOption& o : h.other_options) {
    // An interpreted type stored here would decode into the typed field: no round trip.
    if (IsInterpretedOption(o.type) || o.value.size() > 0xFFFF) return EncodeError::kBadField;
  }
  return {};
}

void WriteOptionHeader(ByteWriter& w, std::uint16_t type, std::size_t length) {
  w.U16(type);
  w.U16(static_cast<std::uint16_t>(length));
}

void WriteHelloOptions(ByteWriter& w, const PimHello& h) {
  if (h.holdtime_s) {
    WriteOptionHeader(w, kPimOptHoldtime, 2);
    w.U16(*h.holdtime_s);
  }
  if (h.lan_prune_delay) {
    const PimLanPruneDelay& d = *h.lan_prune_delay;
    WriteOptionHeader(w, kPimOptLanPruneDelay, 4);
    w.U16(static_cast<std::uint16_t>((d.t_bit ? kLanPruneDelayBitT : 0) | d.propagation_delay_ms));
    w.U16(d.override_interval_ms);
  }
  if (h.dr_priority) {
    WriteOptionHeader(w, kPimOptDrPriority, 4);
    w.U32(*h.dr_priority);
  }
  if (h.generation_id) {
    WriteOptionHeader(w, kPimOptGenerationId, 4);
    w.U32(*h.generation_id);
  }
  if (h.state_refresh) {
    WriteOptionHeader(w, kPimOptStateRefreshCapable, 4);
    w.U8(h.state_refresh->version);
    w.U8(h.state_refresh->interval_s);
    w.U16(0);
  }
  if (h.bidir_capable) WriteOptionHeader(w, kPimOptBidirCapable, 0);
  if (!h.secondary_addresses.empty()) {
    WriteOptionHeader(w, kPimOptAddressList, kPimEncodedUnicastSize * h.secondary_addresses.size());
    for (const Ipv4 a : h.secondary_addresses) WriteEncodedUnicast(w, a);
  }
  for (const PimHelloOption& o : h.other_options) {
    WriteOptionHeader(w, o.type, o.value.size());
    w.Raw(o.value);
  }
}

template <PimType kType>
Status<EncodeError> CheckJoinPrune(const PimJoinPruneBody<kType>& jp) {
  if (OverLimit(jp.groups.size(), kJoinPruneCountMax)) return EncodeError::kTooMany;
  for (const PimJoinPruneGroup& g : jp.groups) {
    if (OverLimit(g.joins.size() + g.prunes.size(), kPimSourcesPerGroupMax)) {
      return EncodeError::kTooMany;
    }
    if (!FitsMask(g.group.mask_len)) return EncodeError::kBadField;
    for (const auto* list : {&g.joins, &g.prunes}) {
      for (const PimEncodedSource& s : *list) {
        if (!FitsMask(s.mask_len)) return EncodeError::kBadField;
      }
    }
  }
  return {};
}

Status<EncodeError> CheckBootstrap(const PimBootstrap& b) {
  if (OverLimit(b.groups.size(), kPimBsrGroupsMax)) return EncodeError::kTooMany;
  if (!FitsMask(b.hash_mask_len)) return EncodeError::kBadField;
  for (const PimBsrGroup& g : b.groups) {
    if (OverLimit(g.rps.size(), std::min<std::size_t>(kPimBsrRpsPerGroupMax, 255))) {
      return EncodeError::kTooMany;
    }
    if (!FitsMask(g.group.mask_len)) return EncodeError::kBadField;
  }
  return {};
}

struct Writer {
  ByteWriter& w;

  Status<EncodeError> operator()(const PimHello& h) const {
    if (Status<EncodeError> s = CheckHello(h); !s) return s;
    WriteHeader(w, PimType::kHello, h.flags);
    WriteHelloOptions(w, h);
    return {};
  }
  Status<EncodeError> operator()(const PimRegister& r) const {
    WriteHeader(w, PimType::kRegister, r.flags);
    w.U32((r.border ? kRegisterBitB : 0) | (r.null_register ? kRegisterBitN : 0));
    w.Raw(r.packet);
    return {};
  }
  Status<EncodeError> operator()(const PimRegisterStop& m) const {
    if (!FitsMask(m.group.mask_len)) return EncodeError::kBadField;
    WriteHeader(w, PimType::kRegisterStop, m.flags);
    WriteEncodedGroup(w, m.group);
    WriteEncodedUnicast(w, m.source);
    return {};
  }
  template <PimType kType>
  Status<EncodeError> operator()(const PimJoinPruneBody<kType>& jp) const {
    if (Status<EncodeError> s = CheckJoinPrune(jp); !s) return s;
    WriteHeader(w, kType, jp.flags);
    WriteEncodedUnicast(w, jp.upstream_neighbor);
    w.U8(0);
    w.U8(static_cast<std::uint8_t>(jp.groups.size()));
    w.U16(jp.holdtime_s);
    for (const PimJoinPruneGroup& g : jp.groups) {
      WriteEncodedGroup(w, g.group);
      w.U16(static_cast<std::uint16_t>(g.joins.size()));
      w.U16(static_cast<std::uint16_t>(g.prunes.size()));
      for (const PimEncodedSource& s : g.joins) WriteEncodedSource(w, s);
      for (const PimEncodedSource& s : g.prunes) WriteEncodedSource(w, s);
    }
    return {};
  }
  Status<EncodeError> operator()(const PimBootstrap& b) const {
    if (Status<EncodeError> s = CheckBootstrap(b); !s) return s;
    WriteHeader(w, PimType::kBootstrap, b.flags);
    w.U16(b.fragment_tag);
    w.U8(b.hash_mask_len);
    w.U8(b.bsr_priority);
    WriteEncodedUnicast(w, b.bsr_address);
    for (const PimBsrGroup& g : b.groups) {
      WriteEncodedGroup(w, g.group);
      w.U8(g.rp_count);
      w.U8(static_cast<std::uint8_t>(g.rps.size()));
      w.U16(0);
      for (const PimBsrRp& rp : g.rps) {
        WriteEncodedUnicast(w, rp.address);
        w.U16(rp.holdtime_s);
        w.U8(rp.priority);
        w.U8(0);
      }
    }
    return {};
  }
  Status<EncodeError> operator()(const PimAssert& a) const {
    if (!FitsMask(a.group.mask_len) || a.metric_preference > kMetricPreferenceMax) {
      return EncodeError::kBadField;
    }
    WriteHeader(w, PimType::kAssert, a.flags);
    WriteEncodedGroup(w, a.group);
    WriteEncodedUnicast(w, a.source);
    w.U32((a.rpt ? kRptBit : 0) | a.metric_preference);
    w.U32(a.metric);
    return {};
  }
  Status<EncodeError> operator()(const PimCandidateRpAdvertisement& c) const {
    if (OverLimit(c.groups.size(), std::min<std::size_t>(kPimCrpGroupsMax, 255))) {
      return EncodeError::kTooMany;
    }
    for (const PimEncodedGroup& g : c.groups) {
      if (!FitsMask(g.mask_len)) return EncodeError::kBadField;
    }
    WriteHeader(w, PimType::kCandidateRpAdvertisement, c.flags);
    w.U8(static_cast<std::uint8_t>(c.groups.size()));
    w.U8(c.priority);
    w.U16(c.holdtime_s);
    WriteEncodedUnicast(w, c.rp_address);
    for (const PimEncodedGroup& g : c.groups) WriteEncodedGroup(w, g);
    return {};
  }
  Status<EncodeError> operator()(const PimStateRefresh& s) const {
    if (!FitsMask(s.group.mask_len) || !FitsMask(s.mask_len) ||
        s.metric_preference > kMetricPreferenceMax) {
      return EncodeError::kBadField;
    }
    WriteHeader(w, PimType::kStateRefresh, s.flags);
    WriteEncodedGroup(w, s.group);
    WriteEncodedUnicast(w, s.source);
    WriteEncodedUnicast(w, s.originator);
    w.U32((s.rpt ? kRptBit : 0) | s.metric_preference);
    w.U32(s.metric);
    w.U8(s.mask_len);
    w.U8(s.ttl);
    w.U8(static_cast<std::uint8_t>((s.prune_indicator ? kStateRefreshBitP : 0) |
                                   (s.prune_now ? kStateRefreshBitN : 0) |
                                   (s.assert_override ? kStateRefreshBitO : 0)));
    w.U8(s.interval_s);
    return {};
  }
  template <PimDfSubtype kSubtype>
  Status<EncodeError> operator()(const PimDfBasic<kSubtype>& d) const {
    if (!WriteDfSender(kSubtype, d.flags, d.rp_address, d.metric_preference, d.metric)) {
      return EncodeError::kBadField;
    }
    return {};
  }
  Status<EncodeError> operator()(const PimDfBackoff& d) const {
    if (!WriteDfSender(PimDfSubtype::kBackoff, d.flags, d.rp_address, d.metric_preference,
                       d.metric)) {
      return EncodeError::kBadField;
    }
    WriteEncodedUnicast(w, d.offering_address);
    w.U32(d.offering_metric_preference);
    w.U32(d.offering_metric);
    w.U16(d.interval_ms);
    return {};
  }
  Status<EncodeError> operator()(const PimDfPass& d) const {
    if (!WriteDfSender(PimDfSubtype::kPass, d.flags, d.rp_address, d.metric_preference, d.metric)) {
      return EncodeError::kBadField;
    }
    WriteEncodedUnicast(w, d.new_winner_address);
    w.U32(d.new_winner_metric_preference);
    w.U32(d.new_winner_metric);
    return {};
  }

  // Header with the subtype in the high flag bits, then the RP and the sender's metrics.
  bool WriteDfSender(PimDfSubtype subtype, std::uint8_t low_flags, Ipv4 rp,
                     std::uint32_t preference, std::uint32_t metric) const {
    if ((low_flags & ~kDfLowFlagsMask) != 0) return false;
    WriteHeader(w, PimType::kDfElection,
                static_cast<std::uint8_t>(static_cast<std::uint8_t>(subtype) << 4 | low_flags));
    WriteEncodedUnicast(w, rp);
    w.U32(preference);
    w.U32(metric);
    return true;
  }
};

struct TypeOf {
  PimType operator()(const PimHello&) const { return PimType::kHello; }
  PimType operator()(const PimRegister&) const { return PimType::kRegister; }
  PimType operator()(const PimRegisterStop&) const { return PimType::kRegisterStop; }
  template <PimType kType>
  PimType operator()(const PimJoinPruneBody<kType>&) const {
    return kType;
  }
  PimType operator()(const PimBootstrap&) const { return PimType::kBootstrap; }
  PimType operator()(const PimAssert&) const { return PimType::kAssert; }
  PimType operator()(const PimCandidateRpAdvertisement&) const {
    return PimType::kCandidateRpAdvertisement;
  }
  PimType operator()(const PimStateRefresh&) const { return PimType::kStateRefresh; }
  PimType operator()(const PimDfOffer&) const { return PimType::kDfElection; }
  PimType operator()(const PimDfWinner&) const { return PimType::kDfElection; }
  PimType operator()(const PimDfBackoff&) const { return PimType::kDfElection; }
  PimType operator()(const PimDfPass&) const { return PimType::kDfElection; }
};

bool ChecksumOk(PimType type, std::span<const std::uint8_t> bytes) {
  if (type != PimType::kRegister) return ChecksumVerifies(bytes);
  // RFC 7761 §4.9.3: header only; older implementations summed the whole packet.
  return ChecksumVerifies(bytes.first(kPimRegisterHeaderSize)) || ChecksumVerifies(bytes);
}

}  // namespace

Result<PimHeader, DecodeError> DecodePimHeader(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t version_type = r.U8();
  const std::uint8_t flags = r.U8();
  const std::uint16_t checksum = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if ((version_type >> 4) != kPimVersion) return DecodeError::kBadVersion;
  const auto type = static_cast<std::uint8_t>(version_type & 0x0F);
  if (type > kLastPimType) return DecodeError::kBadType;
  return PimHeader{static_cast<PimType>(type), flags, checksum};
}

Result<PimMessage, DecodeError> DecodePim(std::span<const std::uint8_t> bytes) {
  Result<PimHeader, DecodeError> header = DecodePimHeader(bytes);
  if (!header) return header.error();
  const PimType type = header->type;
  const std::uint8_t flags = header->flags;
  if (type == PimType::kRegister && bytes.size() < kPimRegisterHeaderSize) {
    return DecodeError::kTruncated;
  }
  if (!ChecksumOk(type, bytes)) return DecodeError::kBadChecksum;
  ByteReader r{bytes};
  r.Skip(kPimHeaderSize);
  switch (type) {
    case PimType::kHello:
      return DecodeHello(r, flags);
    case PimType::kRegister:
      return DecodeRegister(r, flags);
    case PimType::kRegisterStop:
      return DecodeRegisterStop(r, flags);
    case PimType::kJoinPrune:
      return DecodeJoinPrune<PimType::kJoinPrune>(r, flags);
    case PimType::kBootstrap:
      return DecodeBootstrap(r, flags);
    case PimType::kAssert:
      return DecodeAssert(r, flags);
    case PimType::kGraft:
      return DecodeJoinPrune<PimType::kGraft>(r, flags);
    case PimType::kGraftAck:
      return DecodeJoinPrune<PimType::kGraftAck>(r, flags);
    case PimType::kCandidateRpAdvertisement:
      return DecodeCandidateRpAdvertisement(r, flags);
    case PimType::kStateRefresh:
      return DecodeStateRefresh(r, flags);
    case PimType::kDfElection:
      return DecodeDfElection(r, flags);
  }
  return DecodeError::kBadType;
}

std::size_t EncodedSize(const PimMessage& m) { return std::visit(SizeOf{}, m); }

Result<std::size_t, EncodeError> Encode(const PimMessage& m, std::span<std::uint8_t> out) {
  const std::size_t size = EncodedSize(m);
  if (out.size() < size) return EncodeError::kBufferTooSmall;
  ByteWriter w{out.first(size)};
  if (Status<EncodeError> s = std::visit(Writer{w}, m); !s) return s.error();
  MC_ASSERT(w.size() == size);
  PatchPimChecksum(out.first(size));
  return w.size();
}

void PatchPimChecksum(std::span<std::uint8_t> message) {
  const bool is_register =
      !message.empty() && (message[0] & 0x0F) == static_cast<std::uint8_t>(PimType::kRegister);
  PatchInternetChecksum(message, 2, is_register ? kPimRegisterHeaderSize : message.size());
}

PimType PimTypeOf(const PimMessage& m) { return std::visit(TypeOf{}, m); }

std::string_view PimTypeName(PimType t) {
  switch (t) {
    case PimType::kHello:
      return "Hello";
    case PimType::kRegister:
      return "Register";
    case PimType::kRegisterStop:
      return "Register-Stop";
    case PimType::kJoinPrune:
      return "Join/Prune";
    case PimType::kBootstrap:
      return "Bootstrap";
    case PimType::kAssert:
      return "Assert";
    case PimType::kGraft:
      return "Graft";
    case PimType::kGraftAck:
      return "Graft-Ack";
    case PimType::kCandidateRpAdvertisement:
      return "Candidate-RP-Advertisement";
    case PimType::kStateRefresh:
      return "State Refresh";
    case PimType::kDfElection:
      return "DF Election";
  }
  return "?";
}

std::string_view PimTypeName(const PimMessage& m) {
  if (std::holds_alternative<PimDfOffer>(m)) return "DF Offer";
  if (std::holds_alternative<PimDfWinner>(m)) return "DF Winner";
  if (std::holds_alternative<PimDfBackoff>(m)) return "DF Backoff";
  if (std::holds_alternative<PimDfPass>(m)) return "DF Pass";
  return PimTypeName(PimTypeOf(m));
}

}  // namespace mc::wire
