// IPv4 / UDP / ICMP echo codec tests.
#include "wire/ip.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/checksum.h"
#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

TEST(ChecksumGolden, Rfc1071Example) {
  // RFC 1071 §3 example bytes 00 01 f2 03 f4 f5 f6 f7: sum ddf2 -> checksum 220d.
  EXPECT_EQ(InternetChecksum(H("00 01 f2 03 f4 f5 f6 f7")), 0x220d);
  EXPECT_EQ(InternetChecksum(H("01")), 0xfeff);  // odd length pads with zero
}

TEST(Ipv4Golden, IgmpReportHeaderWithRouterAlert) {
  // An IGMPv2 report from 10.1.3.2 to 239.1.1.1: TTL 1, Router Alert, TOS 0xc0 as Linux sends.
  const Ipv4Header h{.tos = 0xc0,
                     .ttl = 1,
                     .protocol = kProtoIgmp,
                     .src = Ipv4{10, 1, 3, 2},
                     .dst = Ipv4{239, 1, 1, 1},
                     .router_alert = true};
  const Bytes payload = H("16 00 f9 fc ef 01 01 01");
  const Bytes pkt = *BuildIpv4(h, payload);
  ASSERT_EQ(pkt.size(), 32u);
  EXPECT_EQ(ToHex(std::span{pkt}.first(24)), "46 c0 00 20 00 00 00 00 01 02 " +
                                                 ToHex(std::span{pkt}.subspan(10, 2)) +
                                                 " 0a 01 03 02 ef 01 01 01 94 04 00 00");
  EXPECT_TRUE(ChecksumVerifies(std::span{pkt}.first(24)));
  const Ipv4Packet p = *DecodeIpv4(pkt);
  EXPECT_EQ(p.header, h);
  EXPECT_EQ(Bytes(p.payload.begin(), p.payload.end()), payload);
}

TEST(Ipv4Golden, KnownHeaderChecksum) {
  // Hand-checked: 45 00 00 1c 00 00 40 00 01 11 <c> 0a 00 00 01 e0 00 00 01 -> c = 0x8fcf.
  const Ipv4Header h{.dont_fragment = true,
                     .ttl = 1,
                     .protocol = kProtoUdp,
                     .src = Ipv4{10, 0, 0, 1},
                     .dst = Ipv4{224, 0, 0, 1}};
  const Bytes pkt = *BuildIpv4(h, Bytes(8, 0));
  EXPECT_EQ(ToHex(std::span{pkt}.first(20)),
            "45 00 00 1c 00 00 40 00 01 11 8f cf 0a 00 00 01 e0 00 00 01");
}

TEST(Ipv4Malformed, Errors) {
  const Bytes good = *BuildIpv4({.ttl = 1, .protocol = 2}, Bytes(8, 0));
  ExpectEveryPrefixFails(good, [](std::span<const std::uint8_t> b) { return DecodeIpv4(b); });
  Bytes bad = good;
  bad[0] = 0x65;
  EXPECT_EQ(DecodeIpv4(bad).error(), DecodeError::kBadVersion);
  bad = good;
  bad[0] = 0x44;
  EXPECT_EQ(DecodeIpv4(bad).error(), DecodeError::kBadLength);
  bad = good;
  bad[11] ^= 1;
  EXPECT_EQ(DecodeIpv4(bad).error(), DecodeError::kBadChecksum);
}

TEST(Ipv4Malformed, OptionOverrunsHeader) {
  Ipv4Header h{.ttl = 1, .protocol = 2};
  h.other_options = H("07 27");  // record route claiming 39 bytes
  const Bytes pkt = *BuildIpv4(h, {});
  EXPECT_EQ(DecodeIpv4(pkt).error(), DecodeError::kBadOption);
}

TEST(Ipv4, TrailingPaddingIgnored) {
  Bytes pkt = *BuildIpv4({.ttl = 1, .protocol = 17}, Bytes(4, 7));
  pkt.resize(46, 0);  // Ethernet padding
  EXPECT_EQ(DecodeIpv4(pkt)->payload.size(), 4u);
}

TEST(UdpGolden, ChecksumOverPseudoHeader) {
  const Bytes payload = H("68 65 6c 6c 6f");
  const UdpDatagram d{.src_port = 5000, .dst_port = 5001, .payload = payload};
  const Ipv4 src{10, 1, 3, 5};
  const Ipv4 dst{239, 1, 1, 1};
  const Bytes wire = *BuildUdp(d, src, dst);
  EXPECT_EQ(ToHex(std::span{wire}.first(6)), "13 88 13 89 00 0d");
  const UdpDatagram back = *DecodeUdp(wire, src, dst);
  EXPECT_EQ(back.dst_port, 5001);
  EXPECT_EQ(Bytes(back.payload.begin(), back.payload.end()), payload);
  Bytes bad = wire;
  bad.back() ^= 1;
  EXPECT_EQ(DecodeUdp(bad, src, dst).error(), DecodeError::kBadChecksum);
  EXPECT_EQ(DecodeUdp(wire, src, Ipv4{239, 1, 1, 2}).error(), DecodeError::kBadChecksum);
  ExpectEveryPrefixFails(wire,
                         [&](std::span<const std::uint8_t> b) { return DecodeUdp(b, src, dst); });
}

TEST(IcmpGolden, EchoRequest) {
  const IcmpEcho e{.reply = false, .identifier = 1, .sequence = 2, .data = H("61 62")};
  const Bytes wire = *EncodeToBytes(e);
  EXPECT_EQ(ToHex(wire), "08 00 " + ToHex(std::span{wire}.subspan(2, 2)) + " 00 01 00 02 61 62");
  EXPECT_EQ(InternetChecksum(wire), 0);
  EXPECT_EQ(*DecodeIcmpEcho(wire), e);
  ExpectEveryPrefixFails(Bytes(wire.begin(), wire.begin() + 8),
                         [](std::span<const std::uint8_t> b) { return DecodeIcmpEcho(b); });
}

RC_GTEST_PROP(Ipv4Property, RoundTrip,
              (std::uint8_t tos, std::uint16_t id, std::uint8_t ttl, std::uint8_t proto,
               std::uint32_t s, std::uint32_t d, bool ra, std::vector<std::uint8_t> payload)) {
  const Ipv4Header h{.tos = tos,
                     .identification = id,
                     .ttl = ttl,
                     .protocol = proto,
                     .src = Ipv4{s},
                     .dst = Ipv4{d},
                     .router_alert = ra};
  const Bytes pkt = *BuildIpv4(h, payload);
  const Ipv4Packet p = *DecodeIpv4(pkt);
  RC_ASSERT(p.header == h);
  RC_ASSERT(Bytes(p.payload.begin(), p.payload.end()) == payload);
}

RC_GTEST_PROP(IcmpProperty, RoundTrip,
              (bool reply, std::uint16_t id, std::uint16_t seq, std::vector<std::uint8_t> data)) {
  const IcmpEcho e{reply, id, seq, data};
  RC_ASSERT(*DecodeIcmpEcho(*EncodeToBytes(e)) == e);
}

RC_GTEST_PROP(IpProperty, RandomBytesNeverCrash, (std::vector<std::uint8_t> bytes)) {
  (void)DecodeIpv4(bytes);
  (void)DecodeUdp(bytes, Ipv4{1}, Ipv4{2});
  (void)DecodeIcmpEcho(bytes);
}

}  // namespace
}  // namespace mc::wire
