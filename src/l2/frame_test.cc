// Ethernet header parsing and 802.1Q tag rewriting (frame.h), against frames laid out by hand.
#include "l2/frame.h"

#include <gtest/gtest.h>

#include "wire/test_util.h"

namespace mc::l2 {
namespace {

using wire::testing::H;

wire::Bytes Payload(std::size_t n, std::uint8_t v) { return wire::Bytes(n, v); }

wire::Bytes Join(const wire::Bytes& a, const wire::Bytes& b) {
  wire::Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// dst 01005e010101, src 020000000001, EtherType 0800, 46 octets 5a.
const wire::Bytes kUntagged =
    Join(H("01 00 5e 01 01 01 02 00 00 00 00 01 08 00"), Payload(46, 0x5a));
// The same frame tagged: TPID 8100, TCI a00a = PCP 5, DEI 0, VID 10.
const wire::Bytes kTagged =
    Join(H("01 00 5e 01 01 01 02 00 00 00 00 01 81 00 a0 0a 08 00"), Payload(46, 0x5a));

TEST(FrameHeader, ParsesUntaggedAndTagged) {
  const std::optional<FrameHeader> u = ParseHeader(kUntagged);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->dst, Mac::ForGroup(Ipv4{239, 1, 1, 1}));
  EXPECT_EQ(u->src, (Mac{{0x02, 0, 0, 0, 0, 0x01}}));
  EXPECT_FALSE(u->tag.has_value());
  const std::optional<FrameHeader> t = ParseHeader(kTagged);
  ASSERT_TRUE(t.has_value());
  ASSERT_TRUE(t->tag.has_value());
  EXPECT_EQ(t->tag->vid, 10);
  EXPECT_EQ(t->tag->pcp, 5);
  EXPECT_FALSE(t->tag->dei);
}

TEST(FrameHeader, RejectsShortFrames) {
  EXPECT_FALSE(ParseHeader(H("01 00 5e 01 01 01 02 00 00 00 00 01 08")).has_value());
  // A tag without the EtherType behind it.
  EXPECT_FALSE(ParseHeader(H("01 00 5e 01 01 01 02 00 00 00 00 01 81 00 00 0a")).has_value());
  EXPECT_TRUE(ParseHeader(H("01 00 5e 01 01 01 02 00 00 00 00 01 08 00")).has_value());
}

TEST(FrameRetag, AddsATagAfterTheAddresses) {
  const FrameHeader h = *ParseHeader(kUntagged);
  EXPECT_EQ(Retag(kUntagged, h, wire::VlanTag{.pcp = 5, .vid = 10}), kTagged);
}

TEST(FrameRetag, RemovingATagPadsToTheMinimum) {
  // 64 octets tagged -> 60 untagged: exactly the original frame, no padding needed.
  const FrameHeader h = *ParseHeader(kTagged);
  EXPECT_EQ(Retag(kTagged, h, std::nullopt), kUntagged);
  // A minimum-size tagged frame (60 octets) loses 4 octets and is padded back to 60.
  const wire::Bytes small_tagged =
      Join(H("ff ff ff ff ff ff 02 00 00 00 00 01 81 00 00 14 08 06"), Payload(42, 0x11));
  const wire::Bytes expected =
      Join(Join(H("ff ff ff ff ff ff 02 00 00 00 00 01 08 06"), Payload(42, 0x11)), Payload(4, 0));
  EXPECT_EQ(Retag(small_tagged, *ParseHeader(small_tagged), std::nullopt), expected);
}

TEST(FrameRetag, ReplacesTheVlanId) {
  const FrameHeader h = *ParseHeader(kTagged);
  wire::Bytes expected = kTagged;
  expected[14] = 0xa0;
  expected[15] = 0x14;  // VID 20, PCP 5 kept
  EXPECT_EQ(Retag(kTagged, h, wire::VlanTag{.pcp = 5, .vid = 20}), expected);
}

TEST(FrameAddresses, ReservedAndLinkLocal) {
  EXPECT_TRUE(IsReservedAddress(Mac{{0x01, 0x80, 0xc2, 0, 0, 0}}));
  EXPECT_TRUE(IsReservedAddress(Mac{{0x01, 0x80, 0xc2, 0, 0, 0x0e}}));
  EXPECT_FALSE(IsReservedAddress(Mac{{0x01, 0x80, 0xc2, 0, 0, 0x10}}));
  EXPECT_TRUE(IsLinkLocalMulticastMac(Mac::ForGroup(Ipv4{224, 0, 0, 13})));
  EXPECT_TRUE(IsLinkLocalMulticastMac(Mac::ForGroup(Ipv4{239, 128, 0, 5})));  // shares the MAC
  EXPECT_FALSE(IsLinkLocalMulticastMac(Mac::ForGroup(Ipv4{239, 1, 1, 1})));
}

}  // namespace
}  // namespace mc::l2
