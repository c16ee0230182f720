// VXLAN codec tests: golden headers built by hand from RFC 7348 §5, round trips, properties,
// truncation and every decode error.
#include "wire/vxlan.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

// An inner Ethernet header: broadcast from 00:00:5e:00:53:01, EtherType ARP.
const Bytes kInner = H("ff ff ff ff ff ff 00 00 5e 00 53 01 08 06");

Bytes WithInner(const char* header_hex) {
  Bytes b = H(header_hex);
  b.insert(b.end(), kInner.begin(), kInner.end());
  return b;
}

TEST(VxlanGolden, Vni5000) {
  // Flags 0x08 (I), Reserved 000000, VNI 0x001388 (5000), Reserved 00.
  const Bytes wire = WithInner("08 00 00 00 00 13 88 00");
  const Result<Bytes, EncodeError> enc = EncodeToBytes(VxlanPacket{5000, kInner});
  ASSERT_TRUE(enc.has_value());
  EXPECT_EQ(*enc, wire);
  const Result<VxlanPacket, DecodeError> dec = DecodeVxlan(wire);
  ASSERT_TRUE(dec.has_value());
  EXPECT_EQ(dec->vni, 5000u);
  EXPECT_EQ(Bytes(dec->inner_frame.begin(), dec->inner_frame.end()), kInner);
  EXPECT_EQ(dec->inner_frame.data(), wire.data() + 8);  // a view, not a copy
}

TEST(VxlanGolden, LargestVni) {
  const Bytes wire = WithInner("08 00 00 00 ff ff ff 00");
  EXPECT_EQ(*EncodeToBytes(VxlanPacket{kVxlanVniMax, kInner}), wire);
  EXPECT_EQ(DecodeVxlan(wire)->vni, kVxlanVniMax);
}

TEST(VxlanLenient, ReservedBitsAndOtherFlagsAreIgnored) {
  const Result<VxlanPacket, DecodeError> dec = DecodeVxlan(WithInner("ff ff ff ff 00 13 88 ff"));
  ASSERT_TRUE(dec.has_value());
  EXPECT_EQ(dec->vni, 5000u);
}

TEST(VxlanMalformed, IBitClearIsBadField) {
  EXPECT_EQ(DecodeVxlan(WithInner("00 00 00 00 00 13 88 00")).error(), DecodeError::kBadField);
  EXPECT_EQ(DecodeVxlan(WithInner("f7 00 00 00 00 13 88 00")).error(), DecodeError::kBadField);
}

TEST(VxlanMalformed, Truncated) {
  EXPECT_EQ(DecodeVxlan(H("08 00 00 00 00 13 88")).error(), DecodeError::kTruncated);
  // A header with less than an inner Ethernet header behind it.
  Bytes short_inner = WithInner("08 00 00 00 00 13 88 00");
  short_inner.pop_back();
  EXPECT_EQ(DecodeVxlan(short_inner).error(), DecodeError::kTruncated);
  ExpectEveryPrefixFails(WithInner("08 00 00 00 00 13 88 00"),
                         [](std::span<const std::uint8_t> b) { return DecodeVxlan(b); });
}

TEST(VxlanEncode, Errors) {
  std::array<std::uint8_t, 21> small{};
  EXPECT_EQ(Encode(VxlanPacket{1, kInner}, small).error(), EncodeError::kBufferTooSmall);
  EXPECT_EQ(EncodeToBytes(VxlanPacket{kVxlanVniMax + 1, kInner}).error(), EncodeError::kBadField);
  EXPECT_EQ(EncodeToBytes(VxlanPacket{1, std::span{kInner}.first(13)}).error(),
            EncodeError::kBadField);
}

RC_GTEST_PROP(VxlanProperty, DecodeOfEncodeIsIdentity, (Bytes payload)) {
  const std::uint32_t vni = *rc::gen::inRange<std::uint32_t>(0, kVxlanVniMax + 1);
  Bytes inner = kInner;
  inner.insert(inner.end(), payload.begin(), payload.end());
  const VxlanPacket p{vni, inner};
  const Result<Bytes, EncodeError> b = EncodeToBytes(p);
  RC_ASSERT(b.has_value());
  const Result<VxlanPacket, DecodeError> back = DecodeVxlan(*b);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == p);
}

RC_GTEST_PROP(VxlanProperty, RandomBytesNeverCrash, (Bytes bytes)) {
  (void)DecodeVxlan(bytes);  // ASan/UBSan catch any out-of-bounds read
}

}  // namespace
}  // namespace mc::wire
