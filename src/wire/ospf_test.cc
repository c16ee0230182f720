// OSPF header tests: golden Hellos built by hand from RFC 2328 §A.3.1/§A.3.2 (checksums summed
// by hand, skipping the Authentication field), the §D.4.3 cryptographic case, round trips,
// properties, truncation and every decode error.
#include "wire/ospf.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/checksum.h"
#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

OspfPacket MustDecode(const Bytes& b) {
  Result<OspfPacket, DecodeError> p = DecodeOspf(b);
  EXPECT_TRUE(p.has_value()) << (p ? "" : ToString(p.error()));
  return p ? *p : OspfPacket{};
}

Bytes MustEncode(const OspfPacket& p) {
  Result<Bytes, EncodeError> b = EncodeToBytes(p);
  EXPECT_TRUE(b.has_value()) << (b ? "" : ToString(b.error()));
  return b ? *b : Bytes{};
}

DecodeError DecodeErrorOf(const Bytes& b) {
  Result<OspfPacket, DecodeError> p = DecodeOspf(b);
  EXPECT_FALSE(p.has_value());
  return p ? DecodeError::kNotForUs : p.error();
}

// Hello body: mask 255.255.255.0, HelloInterval 10, Options E, Rtr Pri 1, RouterDeadInterval
// 40, DR 10.0.0.1, BDR 0.0.0.0, no neighbors.
constexpr const char* kHelloBodyHex = "ff ff ff 00 00 0a 02 01 00 00 00 28 0a 00 00 01 00 00 00 00";

// Router 1.1.1.1, area 0, AuType 0, length 44. Checksum over every word but the
// Authentication field: header 0201+002c+0101+0101 = 042f, body ffff+ff00+000a+0201+0028
// +0a00+0001 = 20b33; 20f62 -> 0f64 -> ~ = f09b.
constexpr const char* kHelloHex =
    "02 01 00 2c 01 01 01 01 00 00 00 00 f0 9b 00 00 00 00 00 00 00 00 00 00"
    " ff ff ff 00 00 0a 02 01 00 00 00 28 0a 00 00 01 00 00 00 00";

OspfPacket Hello() {
  return OspfPacket{.type = OspfType::kHello,
                    .router_id = Ipv4{1, 1, 1, 1},
                    .area_id = Ipv4{0, 0, 0, 0},
                    .body = H(kHelloBodyHex)};
}

TEST(OspfGolden, Hello) {
  EXPECT_EQ(MustEncode(Hello()), H(kHelloHex));
  EXPECT_EQ(MustDecode(H(kHelloHex)), Hello());
  EXPECT_FALSE(IsMospfHello(Hello()));
}

TEST(OspfGolden, SimplePasswordIsOutsideTheChecksum) {
  // AuType 1 adds 1 to the sum (0f65 -> f09a); the password itself is not summed, so any
  // password leaves the checksum unchanged (RFC 2328 §D.4.2).
  OspfPacket p = Hello();
  p.au_type = kOspfAuTypeSimplePassword;
  p.authentication = {'s', 'e', 'c', 'r', 'e', 't', 0, 0};
  const Bytes wire =
      H("02 01 00 2c 01 01 01 01 00 00 00 00 f0 9a 00 01 73 65 63 72 65 74 00 00"
        " ff ff ff 00 00 0a 02 01 00 00 00 28 0a 00 00 01 00 00 00 00");
  EXPECT_EQ(MustEncode(p), wire);
  EXPECT_EQ(MustDecode(wire), p);
  Bytes other = wire;
  other[16] = 'S';
  EXPECT_EQ(MustDecode(other).authentication[0], 'S');
}

TEST(OspfGolden, MospfHelloSetsMcBit) {
  // Options E|MC = 0x06: the body word 0201 becomes 0601, sum 1364 -> ~ = ec9b.
  const Bytes wire =
      H("02 01 00 2c 01 01 01 01 00 00 00 00 ec 9b 00 00 00 00 00 00 00 00 00 00"
        " ff ff ff 00 00 0a 06 01 00 00 00 28 0a 00 00 01 00 00 00 00");
  const OspfPacket p = MustDecode(wire);
  EXPECT_TRUE(IsMospfHello(p));
  EXPECT_EQ(MustEncode(p), wire);
}

TEST(OspfGolden, OddLengthIsPaddedForTheChecksum) {
  // One more body octet (0xab): length 45 (002d, +1) and the padded word ab00:
  // 0f64 + 1 + ab00 = ba65 -> ~ = 459a.
  OspfPacket p = Hello();
  p.body.push_back(0xab);
  const Bytes wire =
      H("02 01 00 2d 01 01 01 01 00 00 00 00 45 9a 00 00 00 00 00 00 00 00 00 00"
        " ff ff ff 00 00 0a 02 01 00 00 00 28 0a 00 00 01 00 00 00 00 ab");
  EXPECT_EQ(MustEncode(p), wire);
  EXPECT_EQ(MustDecode(wire), p);
}

TEST(OspfGolden, CryptographicAuthenticationSkipsTheChecksum) {
  // RFC 2328 §D.4.3: checksum 0; Authentication = 0000, Key ID 1, Auth Data Len 16,
  // sequence 1; the 16-octet digest follows the packet and is not in Packet length.
  OspfPacket p = Hello();
  p.au_type = kOspfAuTypeCryptographic;
  p.authentication = {0, 0, 1, 16, 0, 0, 0, 1};
  p.trailer = Bytes(16, 0xdd);
  Bytes wire =
      H("02 01 00 2c 01 01 01 01 00 00 00 00 00 00 00 02 00 00 01 10 00 00 00 01"
        " ff ff ff 00 00 0a 02 01 00 00 00 28 0a 00 00 01 00 00 00 00");
  wire.insert(wire.end(), 16, 0xdd);
  EXPECT_EQ(MustEncode(p), wire);
  EXPECT_EQ(MustDecode(wire), p);
  Bytes nonzero = wire;
  nonzero[12] = 0x12;  // never verified with AuType 2
  EXPECT_TRUE(DecodeOspf(nonzero).has_value());
}

TEST(OspfGolden, TrailingOctetsAreKeptAsTrailer) {
  Bytes wire = H(kHelloHex);
  wire.insert(wire.end(), {0xff, 0xf6, 0x00, 0x03});  // an RFC 5613 LLS block header
  EXPECT_EQ(MustDecode(wire).trailer, H("ff f6 00 03"));
}

TEST(OspfNames, TypeNamesAndGroups) {
  EXPECT_EQ(ToString(OspfType::kHello), "hello");
  EXPECT_EQ(ToString(OspfType::kLinkStateAck), "link-state-ack");
  EXPECT_TRUE(IsMospfRouterGroup(Ipv4{224, 0, 0, 5}));
  EXPECT_TRUE(IsMospfRouterGroup(Ipv4{224, 0, 0, 6}));
  EXPECT_FALSE(IsMospfRouterGroup(Ipv4{224, 0, 0, 13}));
  EXPECT_FALSE(IsMospfRouterGroup(Ipv4{10, 0, 0, 5}));
}

TEST(OspfMalformed, Truncated) {
  EXPECT_EQ(
      DecodeErrorOf(H("02 01 00 18 01 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")),
      DecodeError::kTruncated);
  Bytes wire = H(kHelloHex);
  wire.pop_back();  // Packet length 44, 43 octets present
  EXPECT_EQ(DecodeErrorOf(wire), DecodeError::kTruncated);
  ExpectEveryPrefixFails(H(kHelloHex),
                         [](std::span<const std::uint8_t> b) { return DecodeOspf(b); });
}

TEST(OspfMalformed, BadVersion) {
  Bytes wire = H(kHelloHex);
  wire[0] = 3;
  EXPECT_EQ(DecodeErrorOf(wire), DecodeError::kBadVersion);
}

TEST(OspfMalformed, PacketLengthBelowHeaderIsBadLength) {
  Bytes wire = H(kHelloHex);
  wire[3] = 20;
  EXPECT_EQ(DecodeErrorOf(wire), DecodeError::kBadLength);
}

TEST(OspfMalformed, BadChecksum) {
  Bytes wire = H(kHelloHex);
  wire[13] ^= 1;
  EXPECT_EQ(DecodeErrorOf(wire), DecodeError::kBadChecksum);
  Bytes body_changed = H(kHelloHex);
  body_changed[30] = 0x06;  // the MC bit flipped in transit
  EXPECT_EQ(DecodeErrorOf(body_changed), DecodeError::kBadChecksum);
}

TEST(OspfMalformed, BadType) {
  for (const int type : {0, 6, 0xff}) {
    Bytes wire = H(kHelloHex);
    wire[1] = static_cast<std::uint8_t>(type);
    wire[12] = 0;
    wire[13] = 0;
    ChecksumAccumulator acc;
    acc.Add(std::span{wire}.first(16));
    acc.Add(std::span{wire}.subspan(24));
    const std::uint16_t c = acc.Finish();
    wire[12] = static_cast<std::uint8_t>(c >> 8);
    wire[13] = static_cast<std::uint8_t>(c);
    EXPECT_EQ(DecodeErrorOf(wire), DecodeError::kBadType) << type;
  }
}

TEST(OspfEncode, Errors) {
  std::array<std::uint8_t, 43> small{};
  EXPECT_EQ(Encode(Hello(), small).error(), EncodeError::kBufferTooSmall);
  OspfPacket bad = Hello();
  bad.type = static_cast<OspfType>(6);
  EXPECT_EQ(EncodeToBytes(bad).error(), EncodeError::kBadField);
  OspfPacket big = Hello();
  big.body.resize(0xFFFF - kOspfHeaderSize + 1);
  EXPECT_EQ(EncodeToBytes(big).error(), EncodeError::kTooMany);
  big.body.resize(0xFFFF - kOspfHeaderSize);
  EXPECT_TRUE(EncodeToBytes(big).has_value());
}

rc::Gen<OspfPacket> GenOspf() {
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange(1, 6), rc::gen::arbitrary<std::uint32_t>(),
                                     rc::gen::arbitrary<std::uint32_t>(), rc::gen::inRange(0, 4),
                                     rc::gen::arbitrary<std::array<std::uint8_t, 8>>(),
                                     rc::gen::arbitrary<Bytes>(), rc::gen::arbitrary<Bytes>()),
                      [](const auto& t) {
                        const auto& [type, rid, area, au, auth, body, trailer] = t;
                        return OspfPacket{static_cast<OspfType>(type),
                                          Ipv4{rid},
                                          Ipv4{area},
                                          static_cast<std::uint16_t>(au),
                                          auth,
                                          body,
                                          trailer};
                      });
}

RC_GTEST_PROP(OspfProperty, DecodeOfEncodeIsIdentity, ()) {
  const OspfPacket p = *GenOspf();
  const Result<Bytes, EncodeError> b = EncodeToBytes(p);
  RC_ASSERT(b.has_value());
  const Result<OspfPacket, DecodeError> back = DecodeOspf(*b);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == p);
}

RC_GTEST_PROP(OspfProperty, RandomBytesNeverCrash, (Bytes bytes)) {
  (void)DecodeOspf(bytes);  // ASan/UBSan catch any out-of-bounds read
}

}  // namespace
}  // namespace mc::wire
