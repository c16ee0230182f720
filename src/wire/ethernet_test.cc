// Ethernet II / 802.1Q and ARP codec tests.
#include "wire/ethernet.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

TEST(EthernetGolden, UntaggedFrameIsPaddedToMinimum) {
  const EthernetHeader h{.dst = Mac::ForGroup(Ipv4{239, 1, 1, 1}),
                         .src = *Mac::Parse("00:05:74:18:04:bc"),
                         .ethertype = kEtherTypeIpv4};
  const Bytes payload = H("45 00");
  const Bytes frame = *BuildEthernet(h, payload);
  ASSERT_EQ(frame.size(), kEthernetMinFrame);
  EXPECT_EQ(ToHex(std::span{frame}.first(16)), "01 00 5e 01 01 01 00 05 74 18 04 bc 08 00 45 00");
  const EthernetFrame f = *DecodeEthernet(frame);
  EXPECT_EQ(f.header, h);
  EXPECT_EQ(f.payload.size(), kEthernetMinFrame - 14);
}

TEST(EthernetGolden, Dot1qTag) {
  const EthernetHeader h{.dst = Mac::Broadcast(),
                         .src = *Mac::Parse("0200.0000.0001"),
                         .vlan = VlanTag{.pcp = 5, .dei = false, .vid = 30},
                         .ethertype = kEtherTypeArp};
  const Bytes frame = *BuildEthernet(h, Bytes(46, 0));
  EXPECT_EQ(ToHex(std::span{frame}.subspan(12, 6)), "81 00 a0 1e 08 06");
  EXPECT_EQ(DecodeEthernet(frame)->header, h);
}

TEST(EthernetMalformed, ShortFramesAreTruncated) {
  const Bytes frame = *BuildEthernet({.vlan = VlanTag{.vid = 3}}, {});
  ExpectEveryPrefixFails(Bytes(frame.begin(), frame.begin() + 18),
                         [](std::span<const std::uint8_t> b) { return DecodeEthernet(b); });
}

TEST(EthernetMalformed, LlcFrameIsNotForUs) {
  Bytes frame(60, 0);
  frame[12] = 0x00;
  frame[13] = 0x2e;  // 802.3 length 46
  EXPECT_EQ(DecodeEthernet(frame).error(), DecodeError::kNotForUs);
}

TEST(ArpGolden, GratuitousArpForVrrpVip) {
  const Arp a{.op = ArpOp::kRequest,
              .sender_mac = Mac::VrrpVirtual(1),
              .sender_ip = Ipv4{198, 18, 1, 1},
              .target_mac = Mac::Broadcast(),
              .target_ip = Ipv4{198, 18, 1, 1}};
  const Bytes wire = *EncodeToBytes(a);
  EXPECT_EQ(ToHex(wire),
            "00 01 08 00 06 04 00 01 00 00 5e 00 01 01 c6 12 01 01 ff ff ff ff ff ff c6 12 01 01");
  EXPECT_EQ(*DecodeArp(wire), a);
  EXPECT_TRUE(a.IsGratuitous());
  ExpectEveryPrefixFails(wire, [](std::span<const std::uint8_t> b) { return DecodeArp(b); });
}

TEST(ArpMalformed, NonEthernetIpv4) {
  Bytes wire = *EncodeToBytes(Arp{});
  wire[1] = 6;  // IEEE 802 hardware type
  EXPECT_EQ(DecodeArp(wire).error(), DecodeError::kBadAddressFamily);
  wire[1] = 1;
  wire[7] = 9;
  EXPECT_EQ(DecodeArp(wire).error(), DecodeError::kBadType);
}

RC_GTEST_PROP(EthernetProperty, RoundTrip,
              (std::array<std::uint8_t, 6> d, std::array<std::uint8_t, 6> s, bool tagged,
               std::uint16_t vid, std::uint16_t type, std::vector<std::uint8_t> payload)) {
  EthernetHeader h{
      .dst = Mac{d}, .src = Mac{s}, .ethertype = static_cast<std::uint16_t>(type | 0x0600)};
  if (type == kEtherTypeVlan) h.ethertype = kEtherTypeIpv4;
  if (tagged) h.vlan = VlanTag{.pcp = 1, .vid = static_cast<std::uint16_t>(vid & 0xFFF)};
  const Bytes frame = *BuildEthernet(h, payload);
  const EthernetFrame f = *DecodeEthernet(frame);
  RC_ASSERT(f.header == h);
  RC_ASSERT(f.payload.size() >= payload.size());
  RC_ASSERT(std::equal(payload.begin(), payload.end(), f.payload.begin()));
}

RC_GTEST_PROP(ArpProperty, RandomBytesNeverCrash, (std::vector<std::uint8_t> bytes)) {
  (void)DecodeArp(bytes);
  (void)DecodeEthernet(bytes);
}

}  // namespace
}  // namespace mc::wire
