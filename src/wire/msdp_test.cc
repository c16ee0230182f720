// MSDP codec and framer tests: golden TLVs built by hand from the RFC 3618 §12 layouts (and the
// draft-ietf-msdp-spec §17 Notification layout), round trips, properties, every decode error,
// and the stream framer fed byte by byte, in random chunks and with impossible lengths.
#include "wire/msdp.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

MsdpMessage MustDecode(const Bytes& b) {
  Result<MsdpMessage, DecodeError> m = DecodeMsdp(b);
  EXPECT_TRUE(m.has_value()) << (m ? "" : ToString(m.error()));
  return m ? *m : MsdpMessage{};
}

Bytes MustEncode(const MsdpMessage& m) {
  Result<Bytes, EncodeError> b = EncodeToBytes(m);
  EXPECT_TRUE(b.has_value()) << (b ? "" : ToString(b.error()));
  return b ? *b : Bytes{};
}

DecodeError DecodeErrorOf(const Bytes& b) {
  Result<MsdpMessage, DecodeError> m = DecodeMsdp(b);
  EXPECT_FALSE(m.has_value());
  return m ? DecodeError::kNotForUs : m.error();
}

// --- golden vectors -----------------------------------------------------------------------

TEST(MsdpGolden, KeepAlive) {
  const Bytes wire = H("04 00 03");
  EXPECT_EQ(MustEncode(MsdpKeepAlive{}), wire);
  EXPECT_TRUE(std::holds_alternative<MsdpKeepAlive>(MustDecode(wire)));
}

TEST(MsdpGolden, SourceActiveOneEntry) {
  // Type 1, Length 3+5+12 = 20, Entry Count 1, RP 10.0.0.1,
  // Reserved 000000, Sprefix Len 32, Group 239.1.1.1, Source 192.168.1.10.
  const Bytes wire = H("01 00 14 01 0a 00 00 01 00 00 00 20 ef 01 01 01 c0 a8 01 0a");
  const MsdpSourceActive sa{Ipv4{10, 0, 0, 1}, {{Ipv4{239, 1, 1, 1}, Ipv4{192, 168, 1, 10}}}, {}};
  EXPECT_EQ(MustEncode(sa), wire);
  EXPECT_EQ(std::get<MsdpSourceActive>(MustDecode(wire)), sa);
}

TEST(MsdpGolden, SourceActiveTwoEntriesWithEncapsulatedData) {
  // Length 3+5+2*12+4 = 36 = 0x24; the 4 octets after the last entry are the data packet.
  const Bytes wire =
      H("01 00 24 02 0a 00 00 01"
        " 00 00 00 20 ef 01 01 01 c0 a8 01 0a"
        " 00 00 00 20 e8 00 00 07 c0 a8 01 0b"
        " de ad be ef");
  const MsdpSourceActive sa{
      Ipv4{10, 0, 0, 1},
      {{Ipv4{239, 1, 1, 1}, Ipv4{192, 168, 1, 10}}, {Ipv4{232, 0, 0, 7}, Ipv4{192, 168, 1, 11}}},
      H("de ad be ef")};
  EXPECT_EQ(MustEncode(sa), wire);
  EXPECT_EQ(std::get<MsdpSourceActive>(MustDecode(wire)), sa);
}

TEST(MsdpGolden, SaRequest) {
  const Bytes wire = H("02 00 08 00 ef 01 01 01");
  EXPECT_EQ(MustEncode(MsdpSaRequest{Ipv4{239, 1, 1, 1}}), wire);
  EXPECT_EQ(std::get<MsdpSaRequest>(MustDecode(wire)).group, (Ipv4{239, 1, 1, 1}));
}

TEST(MsdpGolden, SaResponse) {
  const Bytes wire = H("03 00 14 01 0a 00 00 01 00 00 00 20 ef 01 01 01 c0 a8 01 0a");
  const MsdpSaResponse r{Ipv4{10, 0, 0, 1}, {{Ipv4{239, 1, 1, 1}, Ipv4{192, 168, 1, 10}}}};
  EXPECT_EQ(MustEncode(r), wire);
  EXPECT_EQ(std::get<MsdpSaResponse>(MustDecode(wire)), r);
}

TEST(MsdpGolden, NotificationCeaseWithOpenBit) {
  // O bit (0x80) | Cease (7), subcode 0, no data: Length 5.
  const Bytes wire = H("05 00 05 87 00");
  const MsdpNotification n{.open_bit = true, .error_code = kMsdpErrorCease, .subcode = 0};
  EXPECT_EQ(MustEncode(n), wire);
  EXPECT_EQ(std::get<MsdpNotification>(MustDecode(wire)), n);
}

TEST(MsdpGolden, NotificationBadMessageLengthCarriesTheHeader) {
  // Message Header Error / Bad Message Length, data = the offending TLV header "01 00 02".
  const Bytes wire = H("05 00 08 01 02 01 00 02");
  const MsdpNotification n{.error_code = kMsdpErrorMessageHeader,
                           .subcode = kMsdpSubcodeBadMessageLength,
                           .data = H("01 00 02")};
  EXPECT_EQ(MustEncode(n), wire);
  EXPECT_EQ(std::get<MsdpNotification>(MustDecode(wire)), n);
}

TEST(MsdpGolden, TracerouteIsCarriedAsUnknown) {
  const Bytes wire = H("06 00 05 01 02");
  const MsdpUnknownTlv u{kMsdpTypeTracerouteInProgress, H("01 02")};
  EXPECT_EQ(MustEncode(u), wire);
  EXPECT_EQ(std::get<MsdpUnknownTlv>(MustDecode(wire)), u);
  EXPECT_EQ(std::get<MsdpUnknownTlv>(MustDecode(H("ff 00 03"))).type, 0xff);
}

TEST(MsdpNames, TypeNames) {
  EXPECT_EQ(MsdpTlvTypeName(1), "source-active");
  EXPECT_EQ(MsdpTlvTypeName(2), "sa-request");
  EXPECT_EQ(MsdpTlvTypeName(3), "sa-response");
  EXPECT_EQ(MsdpTlvTypeName(4), "keepalive");
  EXPECT_EQ(MsdpTlvTypeName(5), "notification");
  EXPECT_EQ(MsdpTlvTypeName(6), "traceroute-in-progress");
  EXPECT_EQ(MsdpTlvTypeName(7), "traceroute-reply");
  EXPECT_EQ(MsdpTlvTypeName(0), "unknown");
  EXPECT_EQ(MsdpTlvTypeName(200), "unknown");
  EXPECT_EQ(MsdpTlvType(MsdpMessage{MsdpSaResponse{}}), 3);
  EXPECT_EQ(MsdpTlvType(MsdpMessage{MsdpUnknownTlv{42, {}}}), 42);
}

// --- tolerated input ----------------------------------------------------------------------

TEST(MsdpLenient, LongerKeepAliveAndSaRequestIgnoreExtraOctets) {
  // RFC 3618 §12: a TLV longer than expected SHOULD be accepted, the extra data ignored.
  EXPECT_TRUE(std::holds_alternative<MsdpKeepAlive>(MustDecode(H("04 00 05 aa bb"))));
  EXPECT_EQ(std::get<MsdpSaRequest>(MustDecode(H("02 00 0a 00 ef 01 01 01 99 99"))).group,
            (Ipv4{239, 1, 1, 1}));
  const MsdpSaResponse r = std::get<MsdpSaResponse>(
      MustDecode(H("03 00 16 01 0a 00 00 01 00 00 00 20 ef 01 01 01 c0 a8 01 0a 77 77")));
  EXPECT_EQ(r.entries.size(), 1u);
}

TEST(MsdpLenient, ReservedFieldsAreIgnored) {
  const MsdpSourceActive sa = std::get<MsdpSourceActive>(
      MustDecode(H("01 00 14 01 0a 00 00 01 ff ff ff 20 ef 01 01 01 c0 a8 01 0a")));
  EXPECT_EQ(sa.entries[0].group, (Ipv4{239, 1, 1, 1}));
  EXPECT_EQ(std::get<MsdpSaRequest>(MustDecode(H("02 00 08 ff ef 01 01 01"))).group,
            (Ipv4{239, 1, 1, 1}));
}

TEST(MsdpLenient, SourceActiveWithNoEntries) {
  const MsdpSourceActive sa = std::get<MsdpSourceActive>(MustDecode(H("01 00 08 00 0a 00 00 01")));
  EXPECT_TRUE(sa.entries.empty());
  EXPECT_TRUE(sa.data.empty());
}

// --- malformed input ----------------------------------------------------------------------

TEST(MsdpMalformed, Truncated) {
  EXPECT_EQ(DecodeErrorOf(H("")), DecodeError::kTruncated);
  EXPECT_EQ(DecodeErrorOf(H("04 00")), DecodeError::kTruncated);
  EXPECT_EQ(DecodeErrorOf(H("01 00 14 01 0a 00 00 01")), DecodeError::kTruncated);
  // Entry Count 2 in a TLV whose Length leaves room for none.
  EXPECT_EQ(DecodeErrorOf(H("01 00 08 02 0a 00 00 01")), DecodeError::kTruncated);
  EXPECT_EQ(DecodeErrorOf(H("03 00 14 02 0a 00 00 01 00 00 00 20 ef 01 01 01 c0 a8 01 0a")),
            DecodeError::kTruncated);
}

TEST(MsdpMalformed, EveryPrefixOfEachGoldenFails) {
  for (const char* hex : {"04 00 03", "02 00 08 00 ef 01 01 01", "05 00 08 01 02 01 00 02",
                          "01 00 24 02 0a 00 00 01 00 00 00 20 ef 01 01 01 c0 a8 01 0a 00 00 00"
                          " 20 e8 00 00 07 c0 a8 01 0b de ad be ef"}) {
    ExpectEveryPrefixFails(H(hex), [](std::span<const std::uint8_t> b) { return DecodeMsdp(b); });
  }
}

TEST(MsdpMalformed, BadLength) {
  EXPECT_EQ(DecodeErrorOf(H("04 00 00")), DecodeError::kBadLength);
  EXPECT_EQ(DecodeErrorOf(H("04 00 02")), DecodeError::kBadLength);
  EXPECT_EQ(DecodeErrorOf(H("01 23 e9")), DecodeError::kBadLength);  // 9193 > 9192
  EXPECT_EQ(DecodeErrorOf(H("01 ff ff")), DecodeError::kBadLength);
  EXPECT_EQ(DecodeErrorOf(H("04 00 03 00")), DecodeError::kBadLength);  // bytes past Length
  // Length too small for each type's fixed fields.
  EXPECT_EQ(DecodeErrorOf(H("01 00 05 01 0a")), DecodeError::kBadLength);
  EXPECT_EQ(DecodeErrorOf(H("03 00 07 00 0a 00 00")), DecodeError::kBadLength);
  EXPECT_EQ(DecodeErrorOf(H("02 00 07 00 ef 01 01")), DecodeError::kBadLength);
  EXPECT_EQ(DecodeErrorOf(H("05 00 04 87")), DecodeError::kBadLength);
}

TEST(MsdpMalformed, SprefixLenOtherThan32IsBadField) {
  EXPECT_EQ(DecodeErrorOf(H("01 00 14 01 0a 00 00 01 00 00 00 18 ef 01 01 01 c0 a8 01 0a")),
            DecodeError::kBadField);
}

TEST(MsdpMalformed, MaximumSizeTlvDecodes) {
  Bytes wire(kMsdpMessageMax, 0x5a);
  wire[0] = 0x40;
  wire[1] = static_cast<std::uint8_t>(kMsdpMessageMax >> 8);
  wire[2] = static_cast<std::uint8_t>(kMsdpMessageMax);
  EXPECT_EQ(std::get<MsdpUnknownTlv>(MustDecode(wire)).value.size(), kMsdpMessageMax - 3);
}

TEST(MsdpEncode, Errors) {
  std::array<std::uint8_t, 4> small{};
  EXPECT_EQ(Encode(MsdpMessage{MsdpSaRequest{}}, small).error(), EncodeError::kBufferTooSmall);
  EXPECT_EQ(EncodeToBytes(MsdpMessage{MsdpNotification{.error_code = 0x80}}).error(),
            EncodeError::kBadField);
  for (std::uint8_t t = 1; t <= 5; ++t) {
    EXPECT_EQ(EncodeToBytes(MsdpMessage{MsdpUnknownTlv{t, {}}}).error(), EncodeError::kBadField);
  }
  MsdpSourceActive many{Ipv4{10, 0, 0, 1}, {}, {}};
  many.entries.resize(kMsdpSaEntriesMax + 1);
  EXPECT_EQ(EncodeToBytes(MsdpMessage{many}).error(), EncodeError::kTooMany);
  EXPECT_EQ(EncodeToBytes(MsdpMessage{MsdpSaResponse{Ipv4{}, many.entries}}).error(),
            EncodeError::kTooMany);
  const MsdpSourceActive big{Ipv4{10, 0, 0, 1}, {}, Bytes(kMsdpMessageMax, 0)};
  EXPECT_EQ(EncodeToBytes(MsdpMessage{big}).error(), EncodeError::kTooMany);
  const MsdpSourceActive fits{Ipv4{10, 0, 0, 1}, {}, Bytes(kMsdpMessageMax - 8, 0)};
  EXPECT_EQ(MustEncode(fits).size(), kMsdpMessageMax);
}

// --- properties ---------------------------------------------------------------------------

rc::Gen<Ipv4> GenAddr() {
  return rc::gen::map(rc::gen::arbitrary<std::uint32_t>(), [](std::uint32_t v) { return Ipv4{v}; });
}

rc::Gen<std::vector<MsdpSaEntry>> GenEntries() {
  return rc::gen::container<std::vector<MsdpSaEntry>>(
      rc::gen::map(rc::gen::pair(GenAddr(), GenAddr()), [](const std::pair<Ipv4, Ipv4>& p) {
        return MsdpSaEntry{p.first, p.second};
      }));
}

rc::Gen<MsdpMessage> GenMsdp() {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::tuple(GenAddr(), GenEntries(), rc::gen::arbitrary<Bytes>()),
                   [](const auto& t) {
                     const auto& [rp, entries, data] = t;
                     return MsdpMessage{MsdpSourceActive{rp, entries, data}};
                   }),
      rc::gen::map(GenAddr(), [](Ipv4 g) { return MsdpMessage{MsdpSaRequest{g}}; }),
      rc::gen::map(rc::gen::pair(GenAddr(), GenEntries()),
                   [](const auto& p) {
                     return MsdpMessage{MsdpSaResponse{p.first, p.second}};
                   }),
      rc::gen::just(MsdpMessage{MsdpKeepAlive{}}),
      rc::gen::map(
          rc::gen::tuple(rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 128),
                         rc::gen::arbitrary<std::uint8_t>(), rc::gen::arbitrary<Bytes>()),
          [](const auto& t) {
            const auto& [o, code, sub, data] = t;
            return MsdpMessage{MsdpNotification{o, static_cast<std::uint8_t>(code), sub, data}};
          }),
      rc::gen::map(
          rc::gen::pair(rc::gen::inRange(6, 256), rc::gen::arbitrary<Bytes>()), [](const auto& p) {
            return MsdpMessage{MsdpUnknownTlv{static_cast<std::uint8_t>(p.first), p.second}};
          }));
}

RC_GTEST_PROP(MsdpProperty, DecodeOfEncodeIsIdentity, ()) {
  const MsdpMessage m = *GenMsdp();
  const Result<Bytes, EncodeError> b = EncodeToBytes(m);
  RC_ASSERT(b.has_value());
  RC_ASSERT(b->size() == EncodedSize(m));
  const Result<MsdpMessage, DecodeError> back = DecodeMsdp(*b);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == m);
}

RC_GTEST_PROP(MsdpProperty, RandomBytesNeverCrash, (Bytes bytes)) {
  (void)DecodeMsdp(bytes);  // ASan/UBSan catch any out-of-bounds read
}

// --- framer -------------------------------------------------------------------------------

// Feeds `stream` in the given chunk sizes (the last chunk takes what is left), draining after
// every Feed as a connection would. Returns every result Next() produced.
std::vector<Result<MsdpMessage, DecodeError>> FeedInChunks(MsdpFramer& f, const Bytes& stream,
                                                           const std::vector<std::size_t>& cuts) {
  std::vector<Result<MsdpMessage, DecodeError>> out;
  std::span<const std::uint8_t> rest{stream};
  std::size_t i = 0;
  while (!rest.empty()) {
    const std::size_t want = i < cuts.size() ? std::max<std::size_t>(1, cuts[i++]) : rest.size();
    std::span<const std::uint8_t> chunk = rest.first(std::min(want, rest.size()));
    rest = rest.subspan(chunk.size());
    while (!chunk.empty()) {
      chunk = chunk.subspan(f.Feed(chunk));
      EXPECT_LE(f.buffered(), kMsdpFramerBufferMax);
      while (std::optional<Result<MsdpMessage, DecodeError>> m = f.Next()) {
        const bool failed = !m->has_value();
        out.push_back(std::move(*m));
        if (failed && f.poisoned()) return out;
      }
    }
  }
  return out;
}

Bytes Concat(const std::vector<MsdpMessage>& msgs) {
  Bytes stream;
  for (const MsdpMessage& m : msgs) {
    const Bytes b = MustEncode(m);
    stream.insert(stream.end(), b.begin(), b.end());
  }
  return stream;
}

const std::vector<MsdpMessage>& SampleMessages() {
  static const std::vector<MsdpMessage> kMsgs = {
      MsdpKeepAlive{},
      MsdpSourceActive{
          Ipv4{10, 0, 0, 1}, {{Ipv4{239, 1, 1, 1}, Ipv4{192, 168, 1, 10}}}, H("45 00 00 14")},
      MsdpSaRequest{Ipv4{239, 9, 9, 9}},
      MsdpUnknownTlv{7, H("00 01 02 03 04 05")},
      MsdpNotification{.open_bit = true, .error_code = kMsdpErrorCease},
      MsdpKeepAlive{},
  };
  return kMsgs;
}

TEST(MsdpFramer, ByteAtATime) {
  const Bytes stream = Concat(SampleMessages());
  MsdpFramer f;
  const auto out = FeedInChunks(f, stream, std::vector<std::size_t>(stream.size(), 1));
  ASSERT_EQ(out.size(), SampleMessages().size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    ASSERT_TRUE(out[i].has_value());
    EXPECT_EQ(*out[i], SampleMessages()[i]);
  }
  EXPECT_EQ(f.buffered(), 0u);
  EXPECT_FALSE(f.Next().has_value());
}

TEST(MsdpFramer, PartialTlvWaitsForTheRest) {
  MsdpFramer f;
  const Bytes sa = MustEncode(SampleMessages()[1]);
  EXPECT_EQ(f.Feed(std::span{sa}.first(2)), 2u);
  EXPECT_FALSE(f.Next().has_value());  // not even a header yet
  EXPECT_EQ(f.Feed(std::span{sa}.subspan(2, 5)), 5u);
  EXPECT_FALSE(f.Next().has_value());  // header known, value incomplete
  EXPECT_EQ(f.buffered(), 7u);
  EXPECT_EQ(f.Feed(std::span{sa}.subspan(7)), sa.size() - 7);
  const auto m = f.Next();
  ASSERT_TRUE(m.has_value() && m->has_value());
  EXPECT_EQ(**m, SampleMessages()[1]);
}

TEST(MsdpFramer, ImpossibleLengthPoisons) {
  for (const char* bad : {"01 00 00", "04 00 02", "01 23 e9", "ff ff ff"}) {
    MsdpFramer f;
    Bytes stream = H("04 00 03");
    const Bytes b = H(bad);
    stream.insert(stream.end(), b.begin(), b.end());
    stream.insert(stream.end(), {4, 0, 3});  // a good TLV that must never be framed
    EXPECT_EQ(f.Feed(stream), stream.size());
    auto first = f.Next();
    ASSERT_TRUE(first.has_value() && first->has_value()) << bad;
    auto second = f.Next();
    ASSERT_TRUE(second.has_value()) << bad;
    ASSERT_FALSE(second->has_value()) << bad;
    EXPECT_EQ(second->error(), DecodeError::kBadLength);
    EXPECT_TRUE(f.poisoned());
    EXPECT_EQ(f.buffered(), 0u);
    // Sticky: the error repeats and new input is discarded.
    auto third = f.Next();
    ASSERT_TRUE(third.has_value() && !third->has_value());
    EXPECT_EQ(f.Feed(H("04 00 03")), 3u);
    EXPECT_EQ(f.buffered(), 0u);
  }
}

TEST(MsdpFramer, ImpossibleLengthIsSeenWithoutWaitingForTheValue) {
  MsdpFramer f;
  EXPECT_EQ(f.Feed(H("01 ff ff")), 3u);  // 65535 would need 64 KiB to arrive first
  const auto m = f.Next();
  ASSERT_TRUE(m.has_value() && !m->has_value());
  EXPECT_EQ(m->error(), DecodeError::kBadLength);
}

TEST(MsdpFramer, UndecodableTlvIsReportedAndTheStreamGoesOn) {
  MsdpFramer f;
  const Bytes stream =
      H("01 00 14 01 0a 00 00 01 00 00 00 18 ef 01 01 01 c0 a8 01 0a"  // Sprefix Len 24
        " 04 00 03");
  EXPECT_EQ(f.Feed(stream), stream.size());
  const auto bad = f.Next();
  ASSERT_TRUE(bad.has_value() && !bad->has_value());
  EXPECT_EQ(bad->error(), DecodeError::kBadField);
  EXPECT_FALSE(f.poisoned());
  const auto ka = f.Next();
  ASSERT_TRUE(ka.has_value() && ka->has_value());
  EXPECT_TRUE(std::holds_alternative<MsdpKeepAlive>(**ka));
}

TEST(MsdpFramer, BufferIsBounded) {
  // 3 maximum-size TLVs' worth of KeepAlives offered at once, without draining.
  Bytes stream;
  while (stream.size() + 3 <= 3 * kMsdpMessageMax) stream.insert(stream.end(), {4, 0, 3});
  MsdpFramer f;
  const std::size_t taken = f.Feed(stream);
  EXPECT_EQ(taken, kMsdpFramerBufferMax);
  EXPECT_EQ(f.Feed(std::span{stream}.subspan(taken)), 0u);  // full until drained
  std::size_t n = 0;
  while (auto m = f.Next()) {
    ASSERT_TRUE(m->has_value());
    ++n;
  }
  EXPECT_EQ(n, kMsdpFramerBufferMax / 3);
  EXPECT_GT(f.Feed(std::span{stream}.subspan(taken)), 0u);
}

TEST(MsdpFramer, TwoMaximumSizeTlvsFitTogether) {
  Bytes big(kMsdpMessageMax, 0x11);
  big[0] = 0x40;
  big[1] = static_cast<std::uint8_t>(kMsdpMessageMax >> 8);
  big[2] = static_cast<std::uint8_t>(kMsdpMessageMax);
  Bytes stream = big;
  stream.insert(stream.end(), big.begin(), big.end());
  MsdpFramer f;
  EXPECT_EQ(f.Feed(stream), stream.size());
  for (int i = 0; i < 2; ++i) {
    const auto m = f.Next();
    ASSERT_TRUE(m.has_value() && m->has_value());
    EXPECT_EQ(std::get<MsdpUnknownTlv>(**m).value.size(), kMsdpMessageMax - 3);
  }
  EXPECT_FALSE(f.Next().has_value());
}

RC_GTEST_PROP(MsdpFramerProperty, AnyChunkingYieldsTheSameMessages, ()) {
  const std::vector<MsdpMessage> msgs = *rc::gen::container<std::vector<MsdpMessage>>(GenMsdp());
  const Bytes stream = Concat(msgs);
  // Tiny, TLV-sized and buffer-sized chunks; larger than the buffer exercises Feed()'s limit.
  const std::vector<std::size_t> cuts = *rc::gen::container<std::vector<std::size_t>>(
      rc::gen::oneOf(rc::gen::inRange<std::size_t>(1, 8), rc::gen::inRange<std::size_t>(1, 256),
                     rc::gen::inRange<std::size_t>(1, 2 * kMsdpFramerBufferMax)));
  MsdpFramer f;
  const auto out = FeedInChunks(f, stream, cuts);
  RC_ASSERT(out.size() == msgs.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    RC_ASSERT(out[i].has_value());
    RC_ASSERT(*out[i] == msgs[i]);
  }
  RC_ASSERT(f.buffered() == 0u);
  RC_ASSERT(!f.poisoned());
}

RC_GTEST_PROP(MsdpFramerProperty, RandomStreamsNeverCrashAndStayBounded, ()) {
  const Bytes stream = *rc::gen::arbitrary<Bytes>();
  const std::vector<std::size_t> cuts =
      *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 64));
  MsdpFramer f;
  (void)FeedInChunks(f, stream, cuts);
  RC_ASSERT(f.buffered() <= kMsdpFramerBufferMax);
}

}  // namespace
}  // namespace mc::wire
