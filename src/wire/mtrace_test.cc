// mtrace codec tests: golden Query and Response built by hand from the field layout of
// draft-ietf-idmr-traceroute-ipm-07 §3.1-3.2 (checksums summed separately), round trips,
// properties, truncation, and every decode and encode error.
#include "wire/mtrace.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/checksum.h"
#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

// Query: 32 hops, group 239.1.1.1, source 10.1.0.10, destination and response address
// 10.3.0.1, response TTL 64, query id 0x123456; checksum 0x5e61.
constexpr const char* kQueryHex =
    "1f 20 5e 61 ef 01 01 01 0a 01 00 0a 0a 03 00 01 0a 03 00 01 40 12 34 56";
const MtracePacket kQuery{.response = false,
                          .max_hops = 32,
                          .group = Ipv4{239, 1, 1, 1},
                          .source = Ipv4{10, 1, 0, 10},
                          .destination = Ipv4{10, 3, 0, 1},
                          .response_address = Ipv4{10, 3, 0, 1},
                          .response_ttl = 64,
                          .query_id = 0x123456};

// The same as a Response with one block: arrival 1.0 s (NTP 16.16), in 10.0.23.3, out 10.3.0.1,
// previous hop 10.0.23.2, counts 100 / 99 / 98, PIM, TTL threshold 0, S clear, mask /24,
// Reached RP/Core; checksum 0xf725.
constexpr const char* kResponseHex =
    "1e 20 f7 25 ef 01 01 01 0a 01 00 0a 0a 03 00 01 0a 03 00 01 40 12 34 56"
    "00 01 00 00 0a 00 17 03 0a 03 00 01 0a 00 17 02 00 00 00 64 00 00 00 63 00 00 00 62"
    "03 00 18 08";
MtracePacket Response() {
  MtracePacket m = kQuery;
  m.response = true;
  m.blocks.push_back(
      {.query_arrival_time = 0x00010000,
       .incoming_interface = Ipv4{10, 0, 23, 3},
       .outgoing_interface = Ipv4{10, 3, 0, 1},
       .previous_hop = Ipv4{10, 0, 23, 2},
       .input_packets = 100,
       .output_packets = 99,
       .sg_packets = 98,
       .protocol = static_cast<std::uint8_t>(MtraceProtocol::kPim),
       .fwd_ttl = 0,
       .s_bit = false,
       .src_mask_len = 24,
       .forwarding_code = static_cast<std::uint8_t>(MtraceForwardingCode::kReachedRp)});
  return m;
}

DecodeError DecodeErrorOf(const Bytes& b) {
  auto m = DecodeMtrace(b);
  EXPECT_FALSE(m.has_value());
  return m ? DecodeError::kNotForUs : m.error();
}

Bytes Patched(Bytes b) {
  PatchInternetChecksum(b, 2);
  return b;
}

TEST(MtraceCodec, GoldenQueryDecodesAndEncodes) {
  auto m = DecodeMtrace(H(kQueryHex));
  ASSERT_TRUE(m.has_value()) << ToString(m.error());
  EXPECT_EQ(*m, kQuery);
  EXPECT_EQ(EncodeToBytes(kQuery).value(), H(kQueryHex));
}

TEST(MtraceCodec, GoldenResponseDecodesAndEncodes) {
  auto m = DecodeMtrace(H(kResponseHex));
  ASSERT_TRUE(m.has_value()) << ToString(m.error());
  EXPECT_EQ(*m, Response());
  EXPECT_EQ(EncodeToBytes(Response()).value(), H(kResponseHex));
  EXPECT_EQ(ToString(static_cast<MtraceForwardingCode>(m->blocks[0].forwarding_code)),
            "Reached RP/Core");
}

TEST(MtraceCodec, SBitAndMaskShareOneByteAndMbzIsIgnoredOnReceipt) {
  Bytes b = H(kResponseHex);
  b[kMtraceHeaderSize + 30] = 0xC0 | 63;  // MBZ set, S set, mask 63 (group state only)
  auto m = DecodeMtrace(Patched(b));
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->blocks[0].s_bit);
  EXPECT_EQ(m->blocks[0].src_mask_len, kMtraceSrcMaskGroupOnly);
  // Sent again, MBZ is zero.
  EXPECT_EQ(EncodeToBytes(*m).value()[kMtraceHeaderSize + 30], 0x40 | 63);
}

TEST(MtraceCodec, EveryTruncationFails) {
  ExpectEveryPrefixFails(H(kResponseHex), [](auto s) { return DecodeMtrace(s); });
}

TEST(MtraceCodec, DecodeErrors) {
  EXPECT_EQ(DecodeErrorOf(H("1f 20 5e")), DecodeError::kTruncated);
  Bytes bad_type = H(kQueryHex);
  bad_type[0] = 0x11;
  EXPECT_EQ(DecodeErrorOf(Patched(bad_type)), DecodeError::kBadType);
  Bytes partial = H(kQueryHex);
  partial.insert(partial.end(), {0, 0, 0, 0});  // 4 bytes are not a block
  EXPECT_EQ(DecodeErrorOf(Patched(partial)), DecodeError::kBadLength);
  Bytes bad_sum = H(kQueryHex);
  bad_sum[4] ^= 0x01;
  EXPECT_EQ(DecodeErrorOf(bad_sum), DecodeError::kBadChecksum);
  MtracePacket full = kQuery;
  full.blocks.resize(kMtraceBlocksMax);
  Bytes too_many = EncodeToBytes(full).value();
  too_many.resize(too_many.size() + kMtraceBlockSize);
  EXPECT_EQ(DecodeErrorOf(Patched(too_many)), DecodeError::kTooMany);
}

TEST(MtraceCodec, EncodeErrors) {
  MtracePacket m = kQuery;
  m.query_id = kMtraceQueryIdMax + 1;
  EXPECT_EQ(EncodeToBytes(m).error(), EncodeError::kBadField);
  m = Response();
  m.blocks[0].src_mask_len = 64;
  EXPECT_EQ(EncodeToBytes(m).error(), EncodeError::kBadField);
  m = kQuery;
  m.blocks.resize(kMtraceBlocksMax + 1);
  EXPECT_EQ(EncodeToBytes(m).error(), EncodeError::kTooMany);
  Bytes small(kMtraceHeaderSize - 1);
  EXPECT_EQ(Encode(kQuery, small).error(), EncodeError::kBufferTooSmall);
}

RC_GTEST_PROP(MtraceCodecProp, RoundTrips, ()) {
  MtracePacket m;
  m.response = *rc::gen::arbitrary<bool>();
  m.max_hops = *rc::gen::arbitrary<std::uint8_t>();
  m.group = Ipv4{*rc::gen::arbitrary<std::uint32_t>()};
  m.source = Ipv4{*rc::gen::arbitrary<std::uint32_t>()};
  m.query_id = *rc::gen::inRange<std::uint32_t>(0, kMtraceQueryIdMax + 1);
  const auto n = *rc::gen::inRange<std::size_t>(0, kMtraceBlocksMax + 1);
  for (std::size_t i = 0; i < n; ++i) {
    MtraceBlock b;
    b.previous_hop = Ipv4{*rc::gen::arbitrary<std::uint32_t>()};
    b.sg_packets = *rc::gen::arbitrary<std::uint32_t>();
    b.s_bit = *rc::gen::arbitrary<bool>();
    b.src_mask_len = *rc::gen::inRange<std::uint8_t>(0, 64);
    b.forwarding_code = *rc::gen::arbitrary<std::uint8_t>();
    m.blocks.push_back(b);
  }
  const auto bytes = EncodeToBytes(m);
  RC_ASSERT(bytes.has_value());
  RC_ASSERT(bytes->size() == EncodedSize(m));
  const auto back = DecodeMtrace(*bytes);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == m);
}

}  // namespace
}  // namespace mc::wire
