// IGMP codec tests: golden vectors (built by hand from RFC 2236 §2 / RFC 3376 §4 layouts and
// cross-checked by tests/tshark), round trips, properties and malformed input.
#include "wire/igmp.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/checksum.h"
#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;
using namespace std::chrono_literals;

IgmpMessage MustDecode(const Bytes& b) {
  Result<IgmpMessage, DecodeError> m = DecodeIgmp(b);
  EXPECT_TRUE(m.has_value()) << (m ? "" : ToString(m.error()));
  return m ? *m : IgmpMessage{};
}

Bytes MustEncode(const IgmpMessage& m) {
  Result<Bytes, EncodeError> b = EncodeToBytes(m);
  EXPECT_TRUE(b.has_value());
  return b ? *b : Bytes{};
}

TEST(IgmpGolden, V2GeneralQuery) {
  const Bytes wire = H("11 64 ee 9b 00 00 00 00");
  const IgmpQuery q{.version = IgmpVersion::kV2, .max_resp_code = 100};
  EXPECT_EQ(MustEncode(q), wire);
  EXPECT_EQ(std::get<IgmpQuery>(MustDecode(wire)), q);
  EXPECT_EQ(MaxRespTime(q.max_resp_code), 10s);
}

TEST(IgmpGolden, V1QueryHasZeroMaxResp) {
  const Bytes wire = H("11 00 ee ff 00 00 00 00");
  const IgmpQuery q{.version = IgmpVersion::kV1, .max_resp_code = 0};
  EXPECT_EQ(MustEncode(q), wire);
  EXPECT_EQ(std::get<IgmpQuery>(MustDecode(wire)).version, IgmpVersion::kV1);
}

TEST(IgmpGolden, V2Report) {
  const Bytes wire = H("16 00 f9 fc ef 01 01 01");
  EXPECT_EQ(MustEncode(IgmpV2Report{Ipv4{239, 1, 1, 1}}), wire);
  EXPECT_EQ(std::get<IgmpV2Report>(MustDecode(wire)).group, (Ipv4{239, 1, 1, 1}));
}

TEST(IgmpGolden, V2Leave) {
  const Bytes wire = H("17 00 f8 fc ef 01 01 01");
  EXPECT_EQ(MustEncode(IgmpLeave{Ipv4{239, 1, 1, 1}}), wire);
  EXPECT_EQ(std::get<IgmpLeave>(MustDecode(wire)).group, (Ipv4{239, 1, 1, 1}));
}

TEST(IgmpGolden, V1Report) {
  const Bytes wire = H("12 00 fd fc ef 01 01 01");
  EXPECT_EQ(MustEncode(IgmpV1Report{Ipv4{239, 1, 1, 1}}), wire);
  EXPECT_TRUE(std::holds_alternative<IgmpV1Report>(MustDecode(wire)));
}

TEST(IgmpGolden, V3GeneralQueryWithQrvAndQqic) {
  const Bytes wire = H("11 64 ec 1e 00 00 00 00 02 7d 00 00");
  const IgmpQuery q{.version = IgmpVersion::kV3, .max_resp_code = 100, .qrv = 2, .qqic = 125};
  EXPECT_EQ(MustEncode(q), wire);
  EXPECT_EQ(std::get<IgmpQuery>(MustDecode(wire)), q);
}

TEST(IgmpGolden, V3GroupAndSourceSpecificQueryWithSFlag) {
  // Q(G,S) for 232.1.1.1 source 10.1.1.10, S flag set, QRV 2, QQIC 60, MRC 10 (1 s).
  const IgmpQuery q{.version = IgmpVersion::kV3,
                    .max_resp_code = 10,
                    .group = Ipv4{232, 1, 1, 1},
                    .suppress_router_side = true,
                    .qrv = 2,
                    .qqic = 60,
                    .sources = {Ipv4{10, 1, 1, 10}}};
  const Bytes wire = MustEncode(q);
  EXPECT_EQ(ToHex(wire), "11 0a " + ToHex(std::span{wire}.subspan(2, 2)) +
                             " e8 01 01 01 0a 3c 00 01 0a 01 01 0a");
  EXPECT_EQ(std::get<IgmpQuery>(MustDecode(wire)), q);
}

TEST(IgmpGolden, V3ReportJoinAsToExcludeNone) {
  // Linux's join: one CHANGE_TO_EXCLUDE_MODE record with no sources.
  const Bytes wire = H("22 00 e9 fb 00 00 00 01 04 00 00 00 ef 01 01 01");
  const IgmpV3Report r{{{IgmpRecordType::kChangeToExcludeMode, Ipv4{239, 1, 1, 1}, {}, {}}}};
  EXPECT_EQ(MustEncode(r), wire);
  EXPECT_EQ(std::get<IgmpV3Report>(MustDecode(wire)), r);
}

TEST(IgmpGolden, V3ReportAllSixRecordTypesWithSourcesAndAux) {
  IgmpV3Report r;
  for (std::uint8_t t = 1; t <= 6; ++t) {
    r.records.push_back({static_cast<IgmpRecordType>(t),
                         Ipv4{232, 1, 1, t},
                         {Ipv4{10, 0, 0, t}, Ipv4{10, 0, 1, t}},
                         t == 6 ? H("de ad be ef") : Bytes{}});
  }
  const Bytes wire = MustEncode(r);
  EXPECT_EQ(wire.size(), 8u + 6 * (8 + 8) + 4);
  EXPECT_EQ(wire[8 + 5 * 16], 6);      // the sixth record's type byte
  EXPECT_EQ(wire[8 + 5 * 16 + 1], 1);  // one word of aux data
  EXPECT_EQ(std::get<IgmpV3Report>(MustDecode(wire)), r);
}

TEST(IgmpGolden, DvmrpProbeIsRecognised) {
  const DvmrpMessage d{
      .code = 1, .minor_version = 0xFF, .major_version = 3, .body = H("00 00 00 2a")};
  const Bytes wire = MustEncode(d);
  EXPECT_EQ(wire[0], 0x13);
  EXPECT_EQ(std::get<DvmrpMessage>(MustDecode(wire)), d);
}

TEST(IgmpFloatCode, RfcExamples) {
  EXPECT_EQ(DecodeFloatCode(127), 127u);
  EXPECT_EQ(DecodeFloatCode(0x80), 128u);    // mant 0, exp 0: 16 << 3
  EXPECT_EQ(DecodeFloatCode(0xFF), 31744u);  // the largest: 31 << 10
  EXPECT_EQ(EncodeFloatCode(128), 0x80);
  EXPECT_EQ(EncodeFloatCode(31744), 0xFF);
  EXPECT_EQ(EncodeFloatCode(1'000'000), 0xFF);  // saturates
  EXPECT_EQ(EncodeFloatCode(136), 0x81);        // 17 << 3
  EXPECT_EQ(EncodeFloatCode(137), 0x81);        // rounds down
  EXPECT_EQ(MaxRespCodeFor(25s), 0x8f);         // 250 ds -> (15|16)<<3 = 248
  EXPECT_EQ(QqicFor(125s), 125);
  EXPECT_EQ(QqicInterval(0x90), 256s);
}

RC_GTEST_PROP(IgmpFloatCode, EncodeNeverExceedsAndIsTight, (std::uint16_t v)) {
  const std::uint8_t code = EncodeFloatCode(v);
  RC_ASSERT(DecodeFloatCode(code) <= std::max<std::uint32_t>(v, 0));
  if (code < 0xFF) RC_ASSERT(DecodeFloatCode(static_cast<std::uint8_t>(code + 1)) > v);
}

RC_GTEST_PROP(IgmpFloatCode, DecodeEncodeIsIdentity, (std::uint8_t code)) {
  RC_ASSERT(EncodeFloatCode(DecodeFloatCode(code)) == code);
}

TEST(IgmpMalformed, BadChecksum) {
  EXPECT_EQ(DecodeIgmp(H("16 00 f9 fd ef 01 01 01")).error(), DecodeError::kBadChecksum);
}

TEST(IgmpMalformed, UnknownType) {
  Bytes b = H("33 00 00 00 ef 01 01 01");
  PatchInternetChecksum(b, 2);
  EXPECT_EQ(DecodeIgmp(b).error(), DecodeError::kBadType);
}

TEST(IgmpMalformed, QueryOfNineToElevenBytesIsIgnored) {
  // RFC 3376 §7.1: queries of length 9..11 are not valid in any version.
  IgmpQuery q{.version = IgmpVersion::kV2};
  Bytes b = MustEncode(q);
  b.push_back(0);
  b.push_back(0);
  PatchInternetChecksum(b, 2);
  EXPECT_EQ(DecodeIgmp(b).error(), DecodeError::kBadLength);
}

TEST(IgmpMalformed, TruncatedV3Report) {
  IgmpV3Report r{{{IgmpRecordType::kModeIsInclude,
                   Ipv4{232, 1, 1, 1},
                   {Ipv4{1, 1, 1, 1}, Ipv4{2, 2, 2, 2}},
                   {}}}};
  const Bytes wire = MustEncode(r);
  // Prefixes fail on the checksum or on the framing; either way they never decode.
  ExpectEveryPrefixFails(wire, [](std::span<const std::uint8_t> b) { return DecodeIgmp(b); });
}

TEST(IgmpMalformed, RecordCountOverLimitIsRefusedBeforeAllocating) {
  // Claims 0xFFFF records in a 16-byte message.
  Bytes b = H("22 00 00 00 00 00 ff ff 04 00 00 00 ef 01 01 01");
  PatchInternetChecksum(b, 2);
  EXPECT_EQ(DecodeIgmp(b).error(), DecodeError::kTooMany);
}

TEST(IgmpMalformed, SourceCountBeyondBytesIsTruncated) {
  Bytes b = H("22 00 00 00 00 00 00 01 01 00 00 10 e8 01 01 01 0a 00 00 01");
  PatchInternetChecksum(b, 2);
  EXPECT_EQ(DecodeIgmp(b).error(), DecodeError::kTruncated);
}

TEST(IgmpMalformed, BadRecordType) {
  Bytes b = H("22 00 00 00 00 00 00 01 07 00 00 00 ef 01 01 01");
  PatchInternetChecksum(b, 2);
  EXPECT_EQ(DecodeIgmp(b).error(), DecodeError::kBadRecordType);
}

// --- properties -------------------------------------------------------------------------

rc::Gen<Ipv4> GenAddr() {
  return rc::gen::map(rc::gen::arbitrary<std::uint32_t>(), [](std::uint32_t v) { return Ipv4{v}; });
}

rc::Gen<IgmpMessage> GenIgmp() {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::tuple(rc::gen::inRange(1, 4), rc::gen::arbitrary<std::uint8_t>(),
                                  GenAddr(), rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 8),
                                  rc::gen::arbitrary<std::uint8_t>(),
                                  rc::gen::container<std::vector<Ipv4>>(GenAddr())),
                   [](const auto& t) {
                     const auto& [v, mrc, g, s, qrv, qqic, srcs] = t;
                     IgmpQuery q{.version = static_cast<IgmpVersion>(v), .group = g};
                     if (q.version == IgmpVersion::kV2) q.max_resp_code = mrc == 0 ? 1 : mrc;
                     if (q.version == IgmpVersion::kV1) q.max_resp_code = 0;
                     if (q.version == IgmpVersion::kV3) {
                       q.max_resp_code = mrc;
                       q.suppress_router_side = s;
                       q.qrv = static_cast<std::uint8_t>(qrv);
                       q.qqic = qqic;
                       q.sources = srcs;
                     }
                     return IgmpMessage{q};
                   }),
      rc::gen::map(GenAddr(), [](Ipv4 g) { return IgmpMessage{IgmpV1Report{g}}; }),
      rc::gen::map(GenAddr(), [](Ipv4 g) { return IgmpMessage{IgmpV2Report{g}}; }),
      rc::gen::map(GenAddr(), [](Ipv4 g) { return IgmpMessage{IgmpLeave{g}}; }),
      rc::gen::map(rc::gen::container<std::vector<IgmpGroupRecord>>(rc::gen::map(
                       rc::gen::tuple(rc::gen::inRange(1, 7), GenAddr(),
                                      rc::gen::container<std::vector<Ipv4>>(GenAddr()),
                                      rc::gen::inRange(0, 3)),
                       [](const auto& t) {
                         const auto& [type, g, srcs, aux] = t;
                         return IgmpGroupRecord{static_cast<IgmpRecordType>(type), g, srcs,
                                                Bytes(static_cast<std::size_t>(aux) * 4, 0xAB)};
                       })),
                   [](std::vector<IgmpGroupRecord> recs) {
                     return IgmpMessage{IgmpV3Report{std::move(recs)}};
                   }));
}

RC_GTEST_PROP(IgmpProperty, DecodeOfEncodeIsIdentity, ()) {
  const IgmpMessage m = *GenIgmp();
  const Result<Bytes, EncodeError> b = EncodeToBytes(m);
  RC_ASSERT(b.has_value());
  const Result<IgmpMessage, DecodeError> back = DecodeIgmp(*b);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == m);
}

RC_GTEST_PROP(IgmpProperty, RandomBytesNeverCrash, (std::vector<std::uint8_t> bytes)) {
  (void)DecodeIgmp(bytes);  // ASan/UBSan catch any out-of-bounds read
}

}  // namespace
}  // namespace mc::wire
