// Auto-RP codec tests: golden vectors built by hand from the Cisco Auto-RP v1+ layout (see
// autorp.h), round trips, properties, truncation and every decode error.
#include "wire/autorp.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

AutoRpMessage MustDecode(const Bytes& b) {
  Result<AutoRpMessage, DecodeError> m = DecodeAutoRp(b);
  EXPECT_TRUE(m.has_value()) << (m ? "" : ToString(m.error()));
  return m ? *m : AutoRpMessage{};
}

Bytes MustEncode(const AutoRpMessage& m) {
  Result<Bytes, EncodeError> b = EncodeToBytes(m);
  EXPECT_TRUE(b.has_value()) << (b ? "" : ToString(b.error()));
  return b ? *b : Bytes{};
}

DecodeError DecodeErrorOf(const Bytes& b) {
  Result<AutoRpMessage, DecodeError> m = DecodeAutoRp(b);
  EXPECT_FALSE(m.has_value());
  return m ? DecodeError::kNotForUs : m.error();
}

Prefix P(Ipv4 a, std::uint8_t len) { return Prefix::Make(a, len); }

// A candidate RP 10.1.1.1 (PIMv2) announcing 224.0.0.0/4 with holdtime 181 s.
constexpr const char* kAnnounceHex =
    "11 01 00 b5 00 00 00 00"  // version 1 | type 1, 1 RP, holdtime 181, reserved
    " 0a 01 01 01 02 01"       // RP 10.1.1.1, PIM v2, 1 group
    " 00 04 e0 00 00 00";      // positive, /4, 224.0.0.0

const AutoRpMessage kAnnounce{
    .type = AutoRpType::kAnnounce,
    .holdtime_s = 181,
    .rps = {{Ipv4{10, 1, 1, 1}, AutoRpPimVersion::kV2, {{false, P(Ipv4{224, 0, 0, 0}, 4)}}}}};

// A mapping agent's discovery with two RPs, one of which carries a negative (deny) range.
constexpr const char* kDiscoveryHex =
    "12 02 00 b5 00 00 00 00"  // version 1 | type 2, 2 RPs, holdtime 181
    " 0a 01 01 01 03 02"       // RP 10.1.1.1, PIM v1+v2, 2 groups
    " 00 08 ef 00 00 00"       // positive 239.0.0.0/8
    " 01 10 ef ff 00 00"       // negative 239.255.0.0/16
    " 0a 02 02 02 02 01"       // RP 10.2.2.2, PIM v2, 1 group
    " 00 08 e1 00 00 00";      // positive 225.0.0.0/8

const AutoRpMessage kDiscovery{
    .type = AutoRpType::kDiscovery,
    .holdtime_s = 181,
    .rps = {{Ipv4{10, 1, 1, 1},
             AutoRpPimVersion::kV1AndV2,
             {{false, P(Ipv4{239, 0, 0, 0}, 8)}, {true, P(Ipv4{239, 255, 0, 0}, 16)}}},
            {Ipv4{10, 2, 2, 2}, AutoRpPimVersion::kV2, {{false, P(Ipv4{225, 0, 0, 0}, 8)}}}}};

TEST(AutoRpGolden, Announce) {
  EXPECT_EQ(MustEncode(kAnnounce), H(kAnnounceHex));
  EXPECT_EQ(MustDecode(H(kAnnounceHex)), kAnnounce);
}

TEST(AutoRpGolden, DiscoveryWithNegativePrefix) {
  const Bytes wire = H(kDiscoveryHex);
  EXPECT_EQ(wire.size(), 38u);
  EXPECT_EQ(MustEncode(kDiscovery), wire);
  EXPECT_EQ(MustDecode(wire), kDiscovery);
}

TEST(AutoRpGolden, EmptyDiscoveryAndRpWithoutGroups) {
  const AutoRpMessage empty{.type = AutoRpType::kDiscovery, .holdtime_s = 0};
  EXPECT_EQ(MustEncode(empty), H("12 00 00 00 00 00 00 00"));
  EXPECT_EQ(MustDecode(H("12 00 00 00 00 00 00 00")), empty);
  const AutoRpMessage no_groups{.type = AutoRpType::kAnnounce,
                                .holdtime_s = 0xffff,
                                .rps = {{Ipv4{10, 9, 9, 9}, AutoRpPimVersion::kUnknown, {}}}};
  const Bytes wire = H("11 01 ff ff 00 00 00 00 0a 09 09 09 00 00");
  EXPECT_EQ(MustEncode(no_groups), wire);
  EXPECT_EQ(MustDecode(wire), no_groups);
}

TEST(AutoRpNames, TypeNames) {
  EXPECT_EQ(AutoRpTypeName(1), "announce");
  EXPECT_EQ(AutoRpTypeName(2), "discovery");
  EXPECT_EQ(AutoRpTypeName(0), "unknown");
  EXPECT_EQ(AutoRpTypeName(3), "unknown");
}

TEST(AutoRpLenient, ReservedBitsTrailingOctetsAndHostBitsAreIgnored) {
  // Reserved word set, reserved bits above PIM version and the negative bit set, host bits
  // in the prefix, and two octets after the last RP.
  const AutoRpMessage m =
      MustDecode(H("11 01 00 b5 de ad be ef"
                   " 0a 01 01 01 fe 01"
                   " fe 04 e1 02 03 04"
                   " 99 99"));
  ASSERT_EQ(m.rps.size(), 1u);
  EXPECT_EQ(m.rps[0].pim_version, AutoRpPimVersion::kV2);
  EXPECT_FALSE(m.rps[0].groups[0].negative);
  EXPECT_EQ(m.rps[0].groups[0].prefix, P(Ipv4{224, 0, 0, 0}, 4));
}

TEST(AutoRpMalformed, Truncated) {
  EXPECT_EQ(DecodeErrorOf(H("11 01 00 b5 00 00 00")), DecodeError::kTruncated);
  EXPECT_EQ(DecodeErrorOf(H("11 01 00 b5 00 00 00 00")), DecodeError::kTruncated);  // no RP
  // Two RPs claimed, room for one RP header only.
  EXPECT_EQ(DecodeErrorOf(H("11 02 00 b5 00 00 00 00 0a 01 01 01 02 00")), DecodeError::kTruncated);
  // Two groups claimed, one present.
  EXPECT_EQ(DecodeErrorOf(H("11 01 00 b5 00 00 00 00 0a 01 01 01 02 02 00 04 e0 00 00 00")),
            DecodeError::kTruncated);
  ExpectEveryPrefixFails(H(kAnnounceHex),
                         [](std::span<const std::uint8_t> b) { return DecodeAutoRp(b); });
  ExpectEveryPrefixFails(H(kDiscoveryHex),
                         [](std::span<const std::uint8_t> b) { return DecodeAutoRp(b); });
}

TEST(AutoRpMalformed, BadVersion) {
  EXPECT_EQ(DecodeErrorOf(H("21 00 00 b5 00 00 00 00")), DecodeError::kBadVersion);
  EXPECT_EQ(DecodeErrorOf(H("01 00 00 b5 00 00 00 00")), DecodeError::kBadVersion);
}

TEST(AutoRpMalformed, BadType) {
  EXPECT_EQ(DecodeErrorOf(H("10 00 00 b5 00 00 00 00")), DecodeError::kBadType);
  EXPECT_EQ(DecodeErrorOf(H("13 00 00 b5 00 00 00 00")), DecodeError::kBadType);
  EXPECT_EQ(DecodeErrorOf(H("1f 00 00 b5 00 00 00 00")), DecodeError::kBadType);
}

TEST(AutoRpMalformed, MaskLengthOver32IsBadField) {
  EXPECT_EQ(DecodeErrorOf(H("11 01 00 b5 00 00 00 00 0a 01 01 01 02 01 00 21 e0 00 00 00")),
            DecodeError::kBadField);
}

// kTooMany cannot be reached from the wire: both counts are 8 bits wide and the limits are 255.
static_assert(kAutoRpRpsMax >= 255 && kAutoRpGroupsPerRpMax >= 255);

TEST(AutoRpEncode, Errors) {
  std::array<std::uint8_t, 7> small{};
  EXPECT_EQ(Encode(AutoRpMessage{}, small).error(), EncodeError::kBufferTooSmall);
  AutoRpMessage bad_type = kAnnounce;
  bad_type.type = static_cast<AutoRpType>(3);
  EXPECT_EQ(EncodeToBytes(bad_type).error(), EncodeError::kBadField);
  AutoRpMessage bad_pim = kAnnounce;
  bad_pim.rps[0].pim_version = static_cast<AutoRpPimVersion>(4);
  EXPECT_EQ(EncodeToBytes(bad_pim).error(), EncodeError::kBadField);
  AutoRpMessage many_rps{.type = AutoRpType::kDiscovery};
  many_rps.rps.resize(kAutoRpRpsMax + 1);
  EXPECT_EQ(EncodeToBytes(many_rps).error(), EncodeError::kTooMany);
  AutoRpMessage many_groups = kAnnounce;
  many_groups.rps[0].groups.resize(kAutoRpGroupsPerRpMax + 1);
  EXPECT_EQ(EncodeToBytes(many_groups).error(), EncodeError::kTooMany);
  // Within both counts but too big for one UDP datagram: 43 RPs of 255 groups = 66056 octets.
  AutoRpMessage huge{.type = AutoRpType::kDiscovery};
  huge.rps.resize(43);
  for (AutoRpEntry& e : huge.rps) e.groups.resize(255);
  EXPECT_GT(EncodedSize(huge), kAutoRpMessageMax);
  EXPECT_EQ(EncodeToBytes(huge).error(), EncodeError::kTooMany);
}

// --- properties ---------------------------------------------------------------------------

rc::Gen<Ipv4> GenAddr() {
  return rc::gen::map(rc::gen::arbitrary<std::uint32_t>(), [](std::uint32_t v) { return Ipv4{v}; });
}

rc::Gen<AutoRpGroup> GenGroup() {
  return rc::gen::map(
      rc::gen::tuple(rc::gen::arbitrary<bool>(), GenAddr(), rc::gen::inRange(0, 33)),
      [](const auto& t) {
        const auto& [neg, a, len] = t;
        return AutoRpGroup{neg, Prefix::Make(a, static_cast<std::uint8_t>(len))};
      });
}

rc::Gen<AutoRpMessage> GenAutoRp() {
  const auto entry =
      rc::gen::map(rc::gen::tuple(GenAddr(), rc::gen::inRange(0, 4),
                                  rc::gen::container<std::vector<AutoRpGroup>>(GenGroup())),
                   [](const auto& t) {
                     const auto& [rp, v, groups] = t;
                     return AutoRpEntry{rp, static_cast<AutoRpPimVersion>(v), groups};
                   });
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange(1, 3), rc::gen::arbitrary<std::uint16_t>(),
                                     rc::gen::container<std::vector<AutoRpEntry>>(entry)),
                      [](const auto& t) {
                        const auto& [type, hold, rps] = t;
                        return AutoRpMessage{static_cast<AutoRpType>(type), hold, rps};
                      });
}

RC_GTEST_PROP(AutoRpProperty, DecodeOfEncodeIsIdentity, ()) {
  const AutoRpMessage m = *GenAutoRp();
  const Result<Bytes, EncodeError> b = EncodeToBytes(m);
  RC_ASSERT(b.has_value());
  RC_ASSERT(b->size() == EncodedSize(m));
  const Result<AutoRpMessage, DecodeError> back = DecodeAutoRp(*b);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == m);
}

RC_GTEST_PROP(AutoRpProperty, RandomBytesNeverCrash, (Bytes bytes)) {
  (void)DecodeAutoRp(bytes);  // ASan/UBSan catch any out-of-bounds read
}

}  // namespace
}  // namespace mc::wire
