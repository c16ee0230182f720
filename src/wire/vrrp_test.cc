// VRRP codec tests: golden v2 and v3 advertisements built by hand from RFC 3768 §5.1 and
// RFC 5798 §5.1 (checksums summed by hand, the v3 one over the IPv4 pseudo-header of
// RFC 5798 §5.2.8), round trips, properties, truncation and every decode error.
#include "wire/vrrp.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/checksum.h"
#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

const Ipv4 kSrc{192, 168, 1, 2};

VrrpAdvertisement MustDecode(const Bytes& b, Ipv4 src = kSrc, Ipv4 dst = kVrrpGroup) {
  Result<VrrpAdvertisement, DecodeError> m = DecodeVrrp(b, src, dst);
  EXPECT_TRUE(m.has_value()) << (m ? "" : ToString(m.error()));
  return m ? *m : VrrpAdvertisement{};
}

Bytes MustEncode(const VrrpAdvertisement& a, Ipv4 src = kSrc, Ipv4 dst = kVrrpGroup) {
  Result<Bytes, EncodeError> b = EncodeToBytes(VrrpPacket{src, dst, a});
  EXPECT_TRUE(b.has_value()) << (b ? "" : ToString(b.error()));
  return b ? *b : Bytes{};
}

DecodeError DecodeErrorOf(const Bytes& b, Ipv4 src = kSrc, Ipv4 dst = kVrrpGroup) {
  Result<VrrpAdvertisement, DecodeError> m = DecodeVrrp(b, src, dst);
  EXPECT_FALSE(m.has_value());
  return m ? DecodeError::kNotForUs : m.error();
}

// Rewrites the checksum at offset 6 so a deliberately odd message gets past verification.
Bytes WithV2Checksum(Bytes b) {
  PatchInternetChecksum(b, 6);
  return b;
}

// v2: VRID 1, priority 100, 1 address, no authentication, advertisement interval 1 s,
// 192.168.1.1. Checksum: 2101+6401+0001+c0a8+0101 = 146ac -> 46ad -> ~ = b952.
constexpr const char* kV2Hex = "21 01 64 01 00 01 b9 52 c0 a8 01 01 00 00 00 00 00 00 00 00";
const VrrpAdvertisement kV2{.version = 2,
                            .vrid = 1,
                            .priority = 100,
                            .addresses = {Ipv4{192, 168, 1, 1}},
                            .advert_interval_s = 1};

// v3: VRID 1, priority 100, 1 address, Max Adver Int 100 cs, 192.168.1.1, sent from
// 192.168.1.2 to 224.0.0.18. Message 3101+6401+0064+c0a8+0101 = 1570f; pseudo-header
// c0a8+0102+e000+0012+0070+000c = 1a238; total 2f947 -> f949 -> ~ = 06b6.
constexpr const char* kV3Hex = "31 01 64 01 00 64 06 b6 c0 a8 01 01";
const VrrpAdvertisement kV3{.version = 3,
                            .vrid = 1,
                            .priority = 100,
                            .addresses = {Ipv4{192, 168, 1, 1}},
                            .max_advert_interval_cs = 100};

TEST(VrrpGolden, V2Advertisement) {
  EXPECT_EQ(MustEncode(kV2), H(kV2Hex));
  EXPECT_EQ(MustDecode(H(kV2Hex)), kV2);
}

TEST(VrrpGolden, V2ChecksumIgnoresTheIpAddresses) {
  // RFC 3768 §5.3.8: the v2 checksum is over the VRRP message only.
  EXPECT_EQ(MustDecode(H(kV2Hex), Ipv4{10, 9, 9, 9}, Ipv4{1, 2, 3, 4}), kV2);
  EXPECT_EQ(MustEncode(kV2, Ipv4{10, 9, 9, 9}, Ipv4{1, 2, 3, 4}), H(kV2Hex));
}

TEST(VrrpGolden, V2OwnerWithTwoAddressesAndLegacyAuthData) {
  // VRID 51, priority 255, 2 addresses, Auth Type 1 (RFC 2338 simple text), interval 1 s,
  // 10.0.0.1 and 10.0.0.2, Authentication Data "pass". Checksum: 2133+ff02+0101+0a00+0001
  // +0a00+0002+7061+7373 = 2190d -> 190f -> ~ = e6f0.
  const Bytes wire = H("21 33 ff 02 01 01 e6 f0 0a 00 00 01 0a 00 00 02 70 61 73 73 00 00 00 00");
  const VrrpAdvertisement a{.version = 2,
                            .vrid = 51,
                            .priority = 255,
                            .addresses = {Ipv4{10, 0, 0, 1}, Ipv4{10, 0, 0, 2}},
                            .advert_interval_s = 1,
                            .auth_type = 1,
                            .auth_data = {'p', 'a', 's', 's', 0, 0, 0, 0}};
  EXPECT_EQ(MustEncode(a), wire);
  EXPECT_EQ(MustDecode(wire), a);
}

TEST(VrrpGolden, V3AdvertisementWithPseudoHeader) {
  EXPECT_EQ(MustEncode(kV3), H(kV3Hex));
  EXPECT_EQ(MustDecode(H(kV3Hex)), kV3);
}

TEST(VrrpGolden, V3ChecksumCoversSourceAndDestination) {
  EXPECT_EQ(DecodeErrorOf(H(kV3Hex), Ipv4{192, 168, 1, 3}, kVrrpGroup), DecodeError::kBadChecksum);
  EXPECT_EQ(DecodeErrorOf(H(kV3Hex), kSrc, Ipv4{224, 0, 0, 19}), DecodeError::kBadChecksum);
  // The same message checksummed without the pseudo-header (a v2-style sum) is refused.
  EXPECT_EQ(DecodeErrorOf(WithV2Checksum(H(kV3Hex))), DecodeError::kBadChecksum);
}

TEST(VrrpLenient, V3ReservedBitsAreIgnored) {
  // rsvd nibble set: 0xf064. Sum f949 + f000 = 1e949 -> e94a -> ~ = 16b5.
  const VrrpAdvertisement a = MustDecode(H("31 01 64 01 f0 64 16 b5 c0 a8 01 01"));
  EXPECT_EQ(a.max_advert_interval_cs, 100);
}

TEST(VrrpLenient, V2WithNoAddresses) {
  const Bytes wire = WithV2Checksum(H("21 07 64 00 00 01 00 00 00 00 00 00 00 00 00 00"));
  const VrrpAdvertisement a = MustDecode(wire);
  EXPECT_TRUE(a.addresses.empty());
  EXPECT_EQ(a.vrid, 7);
}

TEST(VrrpMalformed, Truncated) {
  EXPECT_EQ(DecodeErrorOf(H("31 01 64 01 00 64 06")), DecodeError::kTruncated);
  // Count 2 with one address present.
  EXPECT_EQ(DecodeErrorOf(H("31 01 64 02 00 64 00 00 c0 a8 01 01")), DecodeError::kTruncated);
  // v2 without its 8 octets of Authentication Data.
  EXPECT_EQ(DecodeErrorOf(H("21 01 64 01 00 01 b9 52 c0 a8 01 01")), DecodeError::kTruncated);
  for (const char* hex : {kV2Hex, kV3Hex}) {
    ExpectEveryPrefixFails(
        H(hex), [](std::span<const std::uint8_t> b) { return DecodeVrrp(b, kSrc, kVrrpGroup); });
  }
}

TEST(VrrpMalformed, BadLength) {
  Bytes v3 = H(kV3Hex);
  v3.insert(v3.end(), {0, 0, 0, 0});  // octets past the last address
  EXPECT_EQ(DecodeErrorOf(v3), DecodeError::kBadLength);
  Bytes v2 = H(kV2Hex);
  v2.push_back(0);
  EXPECT_EQ(DecodeErrorOf(v2), DecodeError::kBadLength);
}

TEST(VrrpMalformed, BadVersion) {
  for (const char* hex :
       {"11 01 64 01 00 64 00 00 c0 a8 01 01", "41 01 64 01 00 64 00 00 c0 a8 01 01",
        "01 01 64 01 00 64 00 00 c0 a8 01 01"}) {
    EXPECT_EQ(DecodeErrorOf(H(hex)), DecodeError::kBadVersion) << hex;
  }
}

TEST(VrrpMalformed, BadChecksum) {
  EXPECT_EQ(DecodeErrorOf(H("21 01 64 01 00 01 b9 53 c0 a8 01 01 00 00 00 00 00 00 00 00")),
            DecodeError::kBadChecksum);
  EXPECT_EQ(DecodeErrorOf(H("31 01 64 01 00 64 06 b7 c0 a8 01 01")), DecodeError::kBadChecksum);
}

TEST(VrrpMalformed, BadType) {
  // Type 2 with a v2 checksum that verifies.
  EXPECT_EQ(DecodeErrorOf(
                WithV2Checksum(H("22 01 64 01 00 01 00 00 c0 a8 01 01 00 00 00 00 00 00 00 00"))),
            DecodeError::kBadType);
  // Type 0 in v3: the first word drops by 0x0100, so sum f849 -> ~ = 07b6.
  EXPECT_EQ(DecodeErrorOf(H("30 01 64 01 00 64 07 b6 c0 a8 01 01")), DecodeError::kBadType);
}

// kTooMany cannot be reached from the wire: Count is 8 bits wide and the limit is 255.
static_assert(kVrrpAddressesMax >= 255);

TEST(VrrpEncode, Errors) {
  std::array<std::uint8_t, 11> small{};
  EXPECT_EQ(Encode(kV3, kSrc, kVrrpGroup, small).error(), EncodeError::kBufferTooSmall);
  VrrpAdvertisement bad = kV3;
  bad.version = 4;
  EXPECT_EQ(EncodeToBytes(VrrpPacket{kSrc, kVrrpGroup, bad}).error(), EncodeError::kBadField);
  bad = kV3;
  bad.max_advert_interval_cs = 0x1000;
  EXPECT_EQ(EncodeToBytes(VrrpPacket{kSrc, kVrrpGroup, bad}).error(), EncodeError::kBadField);
  bad = kV2;
  bad.max_advert_interval_cs = 0x1000;  // a v3 field: not written in v2, so not checked
  EXPECT_TRUE(EncodeToBytes(VrrpPacket{kSrc, kVrrpGroup, bad}).has_value());
  bad = kV3;
  bad.addresses.resize(kVrrpAddressesMax + 1);
  EXPECT_EQ(EncodeToBytes(VrrpPacket{kSrc, kVrrpGroup, bad}).error(), EncodeError::kTooMany);
}

// --- properties ---------------------------------------------------------------------------

rc::Gen<Ipv4> GenAddr() {
  return rc::gen::map(rc::gen::arbitrary<std::uint32_t>(), [](std::uint32_t v) { return Ipv4{v}; });
}

rc::Gen<VrrpAdvertisement> GenVrrp() {
  return rc::gen::map(
      rc::gen::tuple(rc::gen::inRange(2, 4), rc::gen::arbitrary<std::uint8_t>(),
                     rc::gen::arbitrary<std::uint8_t>(),
                     rc::gen::container<std::vector<Ipv4>>(GenAddr()), rc::gen::inRange(0, 0x1000),
                     rc::gen::arbitrary<std::uint8_t>(), rc::gen::arbitrary<std::uint8_t>(),
                     rc::gen::arbitrary<std::array<std::uint8_t, kVrrpV2AuthDataSize>>()),
      [](const auto& t) {
        const auto& [version, vrid, priority, addrs, max_adv, adv, auth_type, auth] = t;
        VrrpAdvertisement a{.version = static_cast<std::uint8_t>(version),
                            .vrid = vrid,
                            .priority = priority,
                            .addresses = addrs};
        if (a.version == 3) {
          a.max_advert_interval_cs = static_cast<std::uint16_t>(max_adv);
        } else {
          a.advert_interval_s = adv;
          a.auth_type = auth_type;
          a.auth_data = auth;
        }
        return a;
      });
}

RC_GTEST_PROP(VrrpProperty, DecodeOfEncodeIsIdentity, (std::uint32_t src, std::uint32_t dst)) {
  const VrrpAdvertisement a = *GenVrrp();
  const Result<Bytes, EncodeError> b = EncodeToBytes(VrrpPacket{Ipv4{src}, Ipv4{dst}, a});
  RC_ASSERT(b.has_value());
  RC_ASSERT(b->size() == EncodedSize(a));
  const Result<VrrpAdvertisement, DecodeError> back = DecodeVrrp(*b, Ipv4{src}, Ipv4{dst});
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == a);
}

RC_GTEST_PROP(VrrpProperty, RandomBytesNeverCrash, (Bytes bytes, std::uint32_t src)) {
  (void)DecodeVrrp(bytes, Ipv4{src}, kVrrpGroup);  // ASan/UBSan catch any out-of-bounds read
}

}  // namespace
}  // namespace mc::wire
