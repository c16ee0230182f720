// PIMv2 codec tests: golden vectors built by hand from the RFC 7761 §4.9, RFC 5059 §4, RFC 3973
// §4.7 and RFC 5015 §3.7 layouts (checksums computed separately, not by this encoder), round
// trips, rapidcheck properties, truncation sweeps and one test per decode error.
#include "wire/pim.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "wire/checksum.h"
#include "wire/limits.h"
#include "wire/test_util.h"

namespace mc::wire {
namespace {

using testing::ExpectEveryPrefixFails;
using testing::H;

const Ipv4 kGroup{239, 1, 1, 1};
const Ipv4 kSource{10, 0, 1, 10};
const Ipv4 kUpstream{10, 0, 0, 1};
const Ipv4 kRp{10, 0, 0, 100};

PimMessage MustDecode(const Bytes& b) {
  Result<PimMessage, DecodeError> m = DecodePim(b);
  EXPECT_TRUE(m.has_value()) << (m ? "" : ToString(m.error()));
  return m ? *m : PimMessage{};
}

Bytes MustEncode(const PimMessage& m) {
  Result<Bytes, EncodeError> b = EncodeToBytes(m);
  EXPECT_TRUE(b.has_value()) << (b ? "" : ToString(b.error()));
  return b ? *b : Bytes{};
}

DecodeError DecodeErrorOf(const Bytes& b) {
  Result<PimMessage, DecodeError> m = DecodePim(b);
  EXPECT_FALSE(m.has_value()) << "decoded " << PimTypeName(*m);
  return m ? DecodeError::kNotForUs : m.error();
}

EncodeError EncodeErrorOf(const PimMessage& m) {
  Result<Bytes, EncodeError> b = EncodeToBytes(m);
  EXPECT_FALSE(b.has_value());
  return b ? EncodeError::kBufferTooSmall : b.error();
}

// Recomputes the checksum so a test reaches the check it is about. Registers cover 8 bytes.
Bytes WithChecksum(Bytes b) {
  PatchPimChecksum(b);
  return b;
}

Result<PimMessage, DecodeError> DecodeRechecksummed(std::span<const std::uint8_t> b) {
  return DecodePim(WithChecksum(Bytes(b.begin(), b.end())));
}

PimEncodedGroup Group32(Ipv4 g) { return PimEncodedGroup{.group = g, .mask_len = 32}; }

// --- golden vectors ------------------------------------------------------------------------

// RFC 7761 §4.9.2: Holdtime 105 s, LAN Prune Delay (T=0, 500 ms, 2500 ms), DR Priority 1,
// Generation ID 0x12345678.
const char* const kHelloHex =
    "20 00 6a f9  00 01 00 02 00 69  00 02 00 04 01 f4 09 c4  00 13 00 04 00 00 00 01"
    "  00 14 00 04 12 34 56 78";

PimHello GoldenHello() {
  return PimHello{.holdtime_s = 105,
                  .lan_prune_delay = PimLanPruneDelay{false, 500, 2500},
                  .dr_priority = 1,
                  .generation_id = 0x12345678};
}

TEST(PimGolden, Hello) {
  const Bytes wire = H(kHelloHex);
  EXPECT_EQ(MustEncode(GoldenHello()), wire);
  EXPECT_EQ(std::get<PimHello>(MustDecode(wire)), GoldenHello());
}

TEST(PimGolden, HelloOptionsInAnyOrderAndUnknownOptionsKept) {
  // The order a Cisco router uses (GenID before DR Priority), plus State Refresh Capable (v1,
  // 60 s), Bidir Capable, an Address List of two and an option we do not interpret (33).
  const Bytes wire =
      H("20 00 27 d9  00 01 00 02 00 69  00 14 00 04 ab cd ef 01  00 13 00 04 00 00 00 01"
        "  00 15 00 04 01 3c 00 00  00 16 00 00  00 18 00 0c 01 00 0a 00 02 01 01 00 0a 00 03 01"
        "  00 21 00 02 00 07");
  const PimHello h = std::get<PimHello>(MustDecode(wire));
  EXPECT_EQ(h.holdtime_s, 105);
  EXPECT_EQ(h.generation_id, 0xabcdef01u);
  EXPECT_EQ(h.dr_priority, 1u);
  EXPECT_EQ(h.state_refresh, (PimStateRefreshCapable{1, 60}));
  EXPECT_TRUE(h.bidir_capable);
  EXPECT_FALSE(h.lan_prune_delay.has_value());
  EXPECT_EQ(h.secondary_addresses, (std::vector<Ipv4>{Ipv4{10, 0, 2, 1}, Ipv4{10, 0, 3, 1}}));
  ASSERT_EQ(h.other_options.size(), 1u);
  EXPECT_EQ(h.other_options[0], (PimHelloOption{33, {0x00, 0x07}}));
  // Re-encoded in canonical order: same options, same length, same meaning.
  const Bytes again = MustEncode(h);
  EXPECT_EQ(again.size(), wire.size());
  EXPECT_EQ(std::get<PimHello>(MustDecode(again)), h);
}

TEST(PimGolden, HelloLanPruneDelayTBitAndHeaderFlagsRoundTrip) {
  PimHello h = GoldenHello();
  h.lan_prune_delay->t_bit = true;
  h.flags = 0x5a;  // reserved bits are carried, not dropped
  const Bytes wire = MustEncode(h);
  EXPECT_EQ(wire[1], 0x5a);
  EXPECT_EQ(wire[14], 0x81);  // 0x8000 | 500 = 0x81f4
  EXPECT_EQ(std::get<PimHello>(MustDecode(wire)), h);
}

// RFC 7761 §4.9.5: a (*,G) Join (the RP with S, W and R set) and an (S,G,rpt) Prune (S and R).
const char* const kJoinPruneHex =
    "23 00 05 b0  01 00 0a 00 00 01  00 01 00 d2  01 00 00 20 ef 01 01 01  00 01 00 01"
    "  01 00 07 20 0a 00 00 64  01 00 05 20 c0 a8 01 0a";

PimJoinPrune GoldenJoinPrune() {
  return PimJoinPrune{
      .upstream_neighbor = kUpstream,
      .holdtime_s = 210,
      .groups = {
          {Group32(kGroup),
           {{.source = kRp, .mask_len = 32, .sparse = true, .wildcard = true, .rpt = true}},
           {{.source = Ipv4{192, 168, 1, 10}, .mask_len = 32, .sparse = true, .rpt = true}}}}};
}

TEST(PimGolden, JoinPruneStarGJoinAndSgRptPrune) {
  const Bytes wire = H(kJoinPruneHex);
  EXPECT_EQ(MustEncode(GoldenJoinPrune()), wire);
  EXPECT_EQ(std::get<PimJoinPrune>(MustDecode(wire)), GoldenJoinPrune());
}

// RFC 7761 §4.9.3: the checksum covers only "21 00 cs cs 00 00 00 00": ~0x2100 = 0xdeff.
const char* const kInnerPacketHex =
    "45 00 00 20 00 00 00 00 40 11 7f c1 0a 00 01 0a ef 01 01 01  04 00 04 00 00 0c 00 00"
    " de ad be ef";

TEST(PimGolden, Register) {
  const Bytes wire = H(std::string{"21 00 de ff 00 00 00 00 "} + kInnerPacketHex);
  const PimRegister reg{.packet = H(kInnerPacketHex)};
  EXPECT_EQ(MustEncode(reg), wire);
  EXPECT_EQ(std::get<PimRegister>(MustDecode(wire)), reg);
}

TEST(PimGolden, RegisterWhoseChecksumCoversTheWholePacketIsAccepted) {
  const Bytes wire = H(std::string{"21 00 39 56 00 00 00 00 "} + kInnerPacketHex);
  EXPECT_EQ(std::get<PimRegister>(MustDecode(wire)).packet, H(kInnerPacketHex));
}

TEST(PimGolden, NullRegisterWithBorderBit) {
  // RFC 7761 §4.4.1: a Null-Register carries only a dummy IPv4 header for (S,G).
  const Bytes header = H("45 00 00 14 00 00 00 00 ff 67 c0 76 0a 00 01 0a ef 01 01 01");
  Bytes wire = H("21 00 9e ff 40 00 00 00");
  wire.insert(wire.end(), header.begin(), header.end());
  const PimRegister null_reg{.null_register = true, .packet = header};
  EXPECT_EQ(MustEncode(null_reg), wire);
  EXPECT_EQ(std::get<PimRegister>(MustDecode(wire)), null_reg);
  // The B bit is the top bit of the same word: 0x2100 + 0xc000 -> ~0xe100 = 0x1eff.
  const PimRegister border{.border = true, .null_register = true, .packet = header};
  const Bytes b = MustEncode(border);
  EXPECT_EQ(Bytes(b.begin(), b.begin() + 8), H("21 00 1e ff c0 00 00 00"));
}

TEST(PimGolden, RegisterStop) {
  const Bytes wire = H("22 00 e0 d2  01 00 00 20 ef 01 01 01  01 00 0a 00 01 0a");
  const PimRegisterStop m{Group32(kGroup), kSource};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimRegisterStop>(MustDecode(wire)), m);
}

TEST(PimGolden, Assert) {
  // RFC 7761 §4.9.6: preference 110, metric 20, R clear.
  const Bytes wire =
      H("25 00 dd 50  01 00 00 20 ef 01 01 01  01 00 0a 00 01 0a  00 00 00 6e  00 00 00 14");
  const PimAssert m{
      .group = Group32(kGroup), .source = kSource, .metric_preference = 110, .metric = 20};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimAssert>(MustDecode(wire)), m);
}

TEST(PimGolden, AssertStarGSetsRptBit) {
  const Bytes wire =
      H("25 00 68 5a  01 00 00 20 ef 01 01 01  01 00 00 00 00 00  80 00 00 6e  00 00 00 14");
  const PimAssert m{.group = Group32(kGroup), .rpt = true, .metric_preference = 110, .metric = 20};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimAssert>(MustDecode(wire)), m);
}

// RFC 5059 §4.1: tag 0x1234, hash mask 30, BSR priority 64, BSR 10.0.0.1; 224.0.0.0/4 -> RP
// 10.0.0.2 (holdtime 150, priority 192) and 239.0.0.0/8 -> RP 10.0.0.3 (150, priority 0).
const char* const kBootstrapHex =
    "24 00 f6 48  12 34 1e 40  01 00 0a 00 00 01"
    "  01 00 00 04 e0 00 00 00  01 01 00 00  01 00 0a 00 00 02 00 96 c0 00"
    "  01 00 00 08 ef 00 00 00  01 01 00 00  01 00 0a 00 00 03 00 96 00 00";

PimBootstrap GoldenBootstrap() {
  return PimBootstrap{
      .fragment_tag = 0x1234,
      .hash_mask_len = 30,
      .bsr_priority = 64,
      .bsr_address = kUpstream,
      .groups = {{{.group = Ipv4{224, 0, 0, 0}, .mask_len = 4}, 1, {{Ipv4{10, 0, 0, 2}, 150, 192}}},
                 {{.group = Ipv4{239, 0, 0, 0}, .mask_len = 8}, 1, {{Ipv4{10, 0, 0, 3}, 150, 0}}}}};
}

TEST(PimGolden, BootstrapWithTwoGroups) {
  const Bytes wire = H(kBootstrapHex);
  EXPECT_EQ(MustEncode(GoldenBootstrap()), wire);
  const PimBootstrap b = std::get<PimBootstrap>(MustDecode(wire));
  EXPECT_EQ(b, GoldenBootstrap());
  EXPECT_FALSE(b.no_forward());
}

TEST(PimGolden, BootstrapNoForwardBitIsTheTopFlagBit) {
  const Bytes wire =
      H("24 80 f2 6b  12 34 1e 40  01 00 0a 00 00 01"
        "  01 00 00 04 e0 00 00 00  01 01 00 00  01 00 0a 00 00 02 00 96 c0 00");
  PimBootstrap b = GoldenBootstrap();
  b.groups.pop_back();
  b.flags = kPimFlagNoForward;
  EXPECT_EQ(MustEncode(b), wire);
  const PimBootstrap back = std::get<PimBootstrap>(MustDecode(wire));
  EXPECT_TRUE(back.no_forward());
  EXPECT_EQ(back, b);
}

TEST(PimGolden, CandidateRpAdvertisement) {
  // RFC 5059 §4.2: one prefix, priority 192, holdtime 150, RP 10.0.0.2, 224.0.0.0/4.
  const Bytes wire = H("28 00 e9 a2  01 c0 00 96  01 00 0a 00 00 02  01 00 00 04 e0 00 00 00");
  const PimCandidateRpAdvertisement m{.priority = 192,
                                      .holdtime_s = 150,
                                      .rp_address = Ipv4{10, 0, 0, 2},
                                      .groups = {{.group = Ipv4{224, 0, 0, 0}, .mask_len = 4}}};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimCandidateRpAdvertisement>(MustDecode(wire)), m);
}

// RFC 3973 §4.7.8/§4.7.9: the Join/Prune body with holdtime 0 and one joined (S,G).
const char* const kGraftBodyHex =
    "01 00 0a 00 00 01  00 01 00 00  01 00 00 20 ef 01 01 01  00 01 00 00"
    "  01 00 00 20 0a 00 01 0a";

template <class M>
M GraftLike() {
  return M{.upstream_neighbor = kUpstream,
           .groups = {{Group32(kGroup), {{.source = kSource, .mask_len = 32}}, {}}}};
}

TEST(PimGolden, Graft) {
  const Bytes wire = H(std::string{"26 00 d1 af "} + kGraftBodyHex);
  EXPECT_EQ(MustEncode(GraftLike<PimGraft>()), wire);
  EXPECT_EQ(std::get<PimGraft>(MustDecode(wire)), GraftLike<PimGraft>());
}

TEST(PimGolden, GraftAck) {
  const Bytes wire = H(std::string{"27 00 d0 af "} + kGraftBodyHex);
  EXPECT_EQ(MustEncode(GraftLike<PimGraftAck>()), wire);
  EXPECT_EQ(std::get<PimGraftAck>(MustDecode(wire)), GraftLike<PimGraftAck>());
}

TEST(PimGolden, StateRefresh) {
  // RFC 3973 §4.7.10: originator 10.0.1.1, preference 110, metric 20, masklen 24, TTL 16,
  // P set, interval 60 s.
  const Bytes wire =
      H("29 00 35 03  01 00 00 20 ef 01 01 01  01 00 0a 00 01 0a  01 00 0a 00 01 01"
        "  00 00 00 6e  00 00 00 14  18 10 80 3c");
  const PimStateRefresh m{.group = Group32(kGroup),
                          .source = kSource,
                          .originator = Ipv4{10, 0, 1, 1},
                          .metric_preference = 110,
                          .metric = 20,
                          .mask_len = 24,
                          .ttl = 16,
                          .prune_indicator = true,
                          .interval_s = 60};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimStateRefresh>(MustDecode(wire)), m);
}

TEST(PimGolden, StateRefreshPruneNowAndAssertOverrideBits) {
  const PimStateRefresh m{.group = Group32(kGroup), .prune_now = true, .assert_override = true};
  const Bytes wire = MustEncode(m);
  EXPECT_EQ(wire[wire.size() - 2], 0x60);
  EXPECT_EQ(std::get<PimStateRefresh>(MustDecode(wire)), m);
}

// RFC 5015 §3.7: the subtype is the high nibble of the flags byte.
TEST(PimGolden, DfOffer) {
  const Bytes wire = H("2a 10 ca 09  01 00 0a 00 00 64  00 00 00 6e  00 00 00 14");
  const PimDfOffer m{kRp, 110, 20};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimDfOffer>(MustDecode(wire)), m);
}

TEST(PimGolden, DfWinner) {
  const Bytes wire = H("2a 20 c9 f9  01 00 0a 00 00 64  00 00 00 6e  00 00 00 14");
  const PimDfWinner m{kRp, 110, 20};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimDfWinner>(MustDecode(wire)), m);
}

TEST(PimGolden, DfBackoff) {
  const Bytes wire =
      H("2a 30 b8 87  01 00 0a 00 00 64  00 00 00 6e  00 00 00 14"
        "  01 00 0a 00 02 02  00 00 00 6e  00 00 00 0a  03 e8");
  const PimDfBackoff m{kRp, 110, 20, Ipv4{10, 0, 2, 2}, 110, 10, 1000};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimDfBackoff>(MustDecode(wire)), m);
}

TEST(PimGolden, DfPass) {
  const Bytes wire =
      H("2a 40 bc 5f  01 00 0a 00 00 64  00 00 00 6e  00 00 00 14"
        "  01 00 0a 00 02 02  00 00 00 6e  00 00 00 0a");
  const PimDfPass m{kRp, 110, 20, Ipv4{10, 0, 2, 2}, 110, 10};
  EXPECT_EQ(MustEncode(m), wire);
  EXPECT_EQ(std::get<PimDfPass>(MustDecode(wire)), m);
}

TEST(PimGolden, DfLowFlagBitsRoundTrip) {
  const PimDfWinner m{.rp_address = kRp, .flags = 0x0a};
  const Bytes wire = MustEncode(m);
  EXPECT_EQ(wire[1], 0x2a);
  EXPECT_EQ(std::get<PimDfWinner>(MustDecode(wire)), m);
}

// --- names and header ------------------------------------------------------------------------

TEST(PimNames, TypeNames) {
  EXPECT_EQ(PimTypeName(PimType::kHello), "Hello");
  EXPECT_EQ(PimTypeName(PimType::kJoinPrune), "Join/Prune");
  EXPECT_EQ(PimTypeName(PimType::kRegisterStop), "Register-Stop");
  EXPECT_EQ(PimTypeName(PimType::kCandidateRpAdvertisement), "Candidate-RP-Advertisement");
  EXPECT_EQ(PimTypeName(PimMessage{PimGraftAck{}}), "Graft-Ack");
  EXPECT_EQ(PimTypeName(PimMessage{PimDfBackoff{}}), "DF Backoff");
  EXPECT_EQ(PimTypeOf(PimMessage{PimGraft{}}), PimType::kGraft);
  EXPECT_EQ(PimTypeOf(PimMessage{PimDfPass{}}), PimType::kDfElection);
}

TEST(PimHeaderTest, DecodesTypeAndFlagsWithoutTheBody) {
  const Result<PimHeader, DecodeError> h = DecodePimHeader(H("2a 30 b8 87"));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->type, PimType::kDfElection);
  EXPECT_EQ(h->flags, 0x30);
  EXPECT_EQ(h->checksum, 0xb887);
  EXPECT_EQ(DecodePimHeader(H("2a 30 b8")).error(), DecodeError::kTruncated);
}

// --- truncation ------------------------------------------------------------------------------

std::vector<Bytes> FixedLayoutGoldens() {
  return {H(kJoinPruneHex),
          H("22 00 e0 d2  01 00 00 20 ef 01 01 01  01 00 0a 00 01 0a"),
          H("25 00 dd 50  01 00 00 20 ef 01 01 01  01 00 0a 00 01 0a  00 00 00 6e  00 00 00 14"),
          H("28 00 e9 a2  01 c0 00 96  01 00 0a 00 00 02  01 00 00 04 e0 00 00 00"),
          H(std::string{"26 00 d1 af "} + kGraftBodyHex),
          H(std::string{"27 00 d0 af "} + kGraftBodyHex),
          MustEncode(PimStateRefresh{.group = Group32(kGroup)}),
          MustEncode(PimDfOffer{kRp, 110, 20}),
          MustEncode(PimDfWinner{kRp, 110, 20}),
          MustEncode(PimDfBackoff{kRp, 110, 20, kSource, 1, 2, 3}),
          MustEncode(PimDfPass{kRp, 110, 20, kSource, 1, 2})};
}

TEST(PimTruncation, EveryPrefixFails) {
  for (const Bytes& wire : FixedLayoutGoldens()) {
    SCOPED_TRACE(ToHex(wire));
    ExpectEveryPrefixFails(wire, [](std::span<const std::uint8_t> b) { return DecodePim(b); });
    // With the checksum repaired each prefix reaches the body decoder, which must refuse it.
    ExpectEveryPrefixFails(wire, DecodeRechecksummed);
  }
  ExpectEveryPrefixFails(H(kHelloHex),
                         [](std::span<const std::uint8_t> b) { return DecodePim(b); });
  ExpectEveryPrefixFails(H(kBootstrapHex),
                         [](std::span<const std::uint8_t> b) { return DecodePim(b); });
}

TEST(PimTruncation, HelloAndBootstrapPrefixesDecodeOnlyAtRecordBoundaries) {
  // Options and group records run to the end of the message, so a repaired prefix that ends
  // between two of them is a shorter valid message; every other prefix fails.
  const auto sweep = [](const Bytes& wire, std::vector<std::size_t> boundaries) {
    for (std::size_t n = 0; n < wire.size(); ++n) {
      const Bytes prefix(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
      const bool at_boundary =
          std::find(boundaries.begin(), boundaries.end(), n) != boundaries.end();
      EXPECT_EQ(DecodeRechecksummed(prefix).has_value(), at_boundary) << n << " bytes";
    }
  };
  sweep(H(kHelloHex), {4, 10, 18, 26});
  sweep(H(kBootstrapHex), {14, 36});
  EXPECT_EQ(std::get<PimHello>(*DecodeRechecksummed(H(kHelloHex))).generation_id, 0x12345678u);
}

TEST(PimTruncation, RegisterNeedsItsEightByteHeader) {
  const Bytes wire = H(std::string{"21 00 de ff 00 00 00 00 "} + kInnerPacketHex);
  for (std::size_t n = 0; n < kPimRegisterHeaderSize; ++n) {
    const Bytes prefix(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(DecodePim(prefix).has_value()) << n;
  }
  // The inner packet is opaque here: any shorter one is still a Register (wire/ip.h judges it).
  const Bytes header_only(wire.begin(), wire.begin() + 8);
  EXPECT_TRUE(std::get<PimRegister>(MustDecode(header_only)).packet.empty());
}

// --- decode errors ---------------------------------------------------------------------------

TEST(PimMalformed, Truncated) {
  EXPECT_EQ(DecodeErrorOf({}), DecodeError::kTruncated);
  EXPECT_EQ(DecodeErrorOf(H("20 00 df")), DecodeError::kTruncated);
  EXPECT_EQ(DecodeErrorOf(H("21 00 de ff 00 00")), DecodeError::kTruncated);
  // Join/Prune claiming two groups with one present.
  Bytes jp = H(kJoinPruneHex);
  jp[11] = 2;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(jp)), DecodeError::kTruncated);
  // A Hello option header cut after two bytes.
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00 00 01"))), DecodeError::kTruncated);
}

TEST(PimMalformed, BadChecksum) {
  Bytes jp = H(kJoinPruneHex);
  jp[jp.size() - 1] ^= 0x01;
  EXPECT_EQ(DecodeErrorOf(jp), DecodeError::kBadChecksum);
  // A Register that verifies neither over its header nor over the whole packet.
  Bytes reg = H(std::string{"21 00 de fe 00 00 00 00 "} + kInnerPacketHex);
  EXPECT_EQ(DecodeErrorOf(reg), DecodeError::kBadChecksum);
}

TEST(PimMalformed, BadVersion) {
  // PIMv1 ran over IGMP; a version-1 header on protocol 103 is not ours.
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("13 00 00 00 00 00 00 00"))), DecodeError::kBadVersion);
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("30 00 00 00"))), DecodeError::kBadVersion);
}

TEST(PimMalformed, BadType) {
  // Type 11 (ECMP Redirect, RFC 6754) and the RFC 8736 extension types are not decoded.
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("2b 00 00 00 00 00 00 00"))), DecodeError::kBadType);
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("2f 00 00 00"))), DecodeError::kBadType);
  // DF Election subtypes 0 and 5..15 are unknown messages too.
  Bytes df = H("2a 10 00 00  01 00 0a 00 00 64  00 00 00 6e  00 00 00 14");
  df[1] = 0x00;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(df)), DecodeError::kBadType);
  df[1] = 0x50;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(df)), DecodeError::kBadType);
}

TEST(PimMalformed, BadAddressFamily) {
  // Upstream neighbor with family 2 (IPv6) in an IPv4 Join/Prune.
  Bytes jp = H(kJoinPruneHex);
  jp[4] = 2;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(jp)), DecodeError::kBadAddressFamily);
  // A family with no known entry length inside a Hello Address List.
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00  00 18 00 06 03 00 0a 00 02 01"))),
            DecodeError::kBadAddressFamily);
}

TEST(PimHelloAddressList, Ipv6EntriesAreSkippedAndCounted) {
  // FRR 8.4's IPv4 Hello lists its IPv6 link-local address (fe80::1) after an IPv4 secondary.
  const Bytes wire = WithChecksum(
      H("20 00 00 00  00 01 00 02 00 69"
        "  00 18 00 18 01 00 0a 00 02 01  02 00 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01"));
  const PimHello h = std::get<PimHello>(MustDecode(wire));
  EXPECT_EQ(h.holdtime_s, 105);
  EXPECT_EQ(h.secondary_addresses, (std::vector<Ipv4>{Ipv4{10, 0, 2, 1}}));
  EXPECT_EQ(h.ignored_ipv6_addresses, 1u);
}

TEST(PimHelloAddressList, TruncatedIpv6EntryIsABadOption) {
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00  00 18 00 06 02 00 fe 80 00 00"))),
            DecodeError::kBadOption);
}

TEST(PimMalformed, BadEncoding) {
  // Encoding type 1 (RFC 5384 Join Attributes) on the joined source.
  Bytes jp = H(kJoinPruneHex);
  jp[27] = 1;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(jp)), DecodeError::kBadEncoding);
  Bytes stop = H("22 00 00 00  01 00 00 20 ef 01 01 01  01 01 0a 00 01 0a");
  EXPECT_EQ(DecodeErrorOf(WithChecksum(stop)), DecodeError::kBadEncoding);
}

TEST(PimMalformed, BadOption) {
  // Option length past the end of the message.
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00  00 01 00 04 00 69"))),
            DecodeError::kBadOption);
  // Known options with the wrong length.
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00  00 01 00 03 00 69 00"))),
            DecodeError::kBadOption);
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00  00 13 00 02 00 01"))),
            DecodeError::kBadOption);
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00  00 16 00 01 00"))), DecodeError::kBadOption);
  // An Address List whose last entry is cut short.
  EXPECT_EQ(DecodeErrorOf(WithChecksum(H("20 00 00 00  00 18 00 08 01 00 0a 00 02 01 01 00"))),
            DecodeError::kBadOption);
}

Bytes HelloWithOptions(std::size_t n) {
  Bytes b = H("20 00 00 00");
  for (std::size_t i = 0; i < n; ++i) {
    const Bytes opt = H("ff 00 00 00");  // option 65280, empty
    b.insert(b.end(), opt.begin(), opt.end());
  }
  return WithChecksum(b);
}

TEST(PimMalformed, TooManyHelloOptionsAndAddresses) {
  EXPECT_TRUE(DecodePim(HelloWithOptions(kPimHelloOptionsMax)).has_value());
  EXPECT_EQ(DecodeErrorOf(HelloWithOptions(kPimHelloOptionsMax + 1)), DecodeError::kTooMany);
  Bytes b = H("20 00 00 00");
  const std::size_t n = kPimHelloAddressesMax + 1;
  const std::size_t len = n * kPimEncodedUnicastSize;
  b.push_back(0);
  b.push_back(24);
  b.push_back(static_cast<std::uint8_t>(len >> 8));
  b.push_back(static_cast<std::uint8_t>(len));
  for (std::size_t i = 0; i < n; ++i) {
    const Bytes a = H("01 00 0a 00 00 01");
    b.insert(b.end(), a.begin(), a.end());
  }
  EXPECT_EQ(DecodeErrorOf(WithChecksum(b)), DecodeError::kTooMany);
}

TEST(PimMalformed, SourceCountOverLimitIsRefusedBeforeAllocating) {
  // 4000 joined + 97 pruned = 4097 > kPimSourcesPerGroupMax, in a 42-byte message.
  Bytes jp = H(kJoinPruneHex);
  jp[22] = 0x0f;
  jp[23] = 0xa0;
  jp[24] = 0x00;
  jp[25] = 0x61;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(jp)), DecodeError::kTooMany);
  // Within the limit but beyond the bytes present: truncated, before any reserve().
  jp[22] = 0x00;
  jp[23] = 0x10;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(jp)), DecodeError::kTruncated);
}

TEST(PimMalformed, TooManyBootstrapGroups) {
  Bytes b = H("24 00 00 00  12 34 1e 40  01 00 0a 00 00 01");
  for (std::size_t i = 0; i <= kPimBsrGroupsMax; ++i) {
    const Bytes g = H("01 00 00 04 e0 00 00 00  00 00 00 00");
    b.insert(b.end(), g.begin(), g.end());
  }
  EXPECT_EQ(DecodeErrorOf(WithChecksum(b)), DecodeError::kTooMany);
  b.resize(b.size() - 12);
  EXPECT_EQ(std::get<PimBootstrap>(MustDecode(WithChecksum(b))).groups.size(), kPimBsrGroupsMax);
}

TEST(PimMalformed, BadField) {
  // Group mask length 33 in a Register-Stop.
  EXPECT_EQ(
      DecodeErrorOf(WithChecksum(H("22 00 00 00  01 00 00 21 ef 01 01 01  01 00 0a 00 01 0a"))),
      DecodeError::kBadField);
  // Source mask length 40 in a Join/Prune.
  Bytes jp = H(kJoinPruneHex);
  jp[29] = 40;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(jp)), DecodeError::kBadField);
  // Bootstrap hash mask length 33.
  Bytes bsr = H(kBootstrapHex);
  bsr[6] = 33;
  EXPECT_EQ(DecodeErrorOf(WithChecksum(bsr)), DecodeError::kBadField);
}

TEST(PimMalformed, TrailingBytesAfterACountedBodyAreIgnored) {
  Bytes jp = H(kJoinPruneHex);
  jp.push_back(0);
  jp.push_back(0);
  EXPECT_EQ(std::get<PimJoinPrune>(MustDecode(WithChecksum(jp))), GoldenJoinPrune());
}

// --- encode errors ---------------------------------------------------------------------------

TEST(PimEncode, BufferTooSmall) {
  Bytes out(10);
  EXPECT_EQ(Encode(PimMessage{GoldenJoinPrune()}, out).error(), EncodeError::kBufferTooSmall);
}

TEST(PimEncode, FieldsTheWireCannotCarry) {
  EXPECT_EQ(EncodeErrorOf(PimAssert{.metric_preference = 0x80000000}), EncodeError::kBadField);
  EXPECT_EQ(EncodeErrorOf(PimDfOffer{.flags = 0x10}), EncodeError::kBadField);
  EXPECT_EQ(EncodeErrorOf(PimRegisterStop{.group = {.mask_len = 33}}), EncodeError::kBadField);
  EXPECT_EQ(EncodeErrorOf(PimHello{.lan_prune_delay = PimLanPruneDelay{false, 0x8000, 0}}),
            EncodeError::kBadField);
  // An interpreted option type among the raw ones would not decode back to the same struct.
  EXPECT_EQ(EncodeErrorOf(PimHello{.other_options = {{kPimOptHoldtime, {0, 1}}}}),
            EncodeError::kBadField);
}

TEST(PimEncode, CountsOverTheWireOrOurLimits) {
  PimJoinPrune jp;
  jp.groups.resize(256);
  EXPECT_EQ(EncodeErrorOf(jp), EncodeError::kTooMany);
  jp.groups.resize(1);
  jp.groups[0].joins.resize(kPimSourcesPerGroupMax + 1);
  EXPECT_EQ(EncodeErrorOf(jp), EncodeError::kTooMany);
  PimHello h;
  h.other_options.resize(kPimHelloOptionsMax + 1, PimHelloOption{300, {}});
  EXPECT_EQ(EncodeErrorOf(h), EncodeError::kTooMany);
  PimBootstrap b;
  b.groups.resize(kPimBsrGroupsMax + 1);
  EXPECT_EQ(EncodeErrorOf(b), EncodeError::kTooMany);
}

// --- properties ------------------------------------------------------------------------------

Ipv4 DrawAddr() { return Ipv4{*rc::gen::arbitrary<std::uint32_t>()}; }
bool DrawBool() { return *rc::gen::arbitrary<bool>(); }
std::uint8_t DrawMask() { return *rc::gen::inRange<std::uint8_t>(0, 33); }
std::uint32_t DrawPreference() { return *rc::gen::inRange<std::uint32_t>(0, 0x80000000); }
std::size_t DrawCount(std::size_t max) { return *rc::gen::inRange<std::size_t>(0, max + 1); }

template <class T, class F>
std::vector<T> DrawVector(std::size_t max, F draw) {
  std::vector<T> v(DrawCount(max));
  for (T& x : v) x = draw();
  return v;
}

PimEncodedGroup DrawGroup() {
  PimEncodedGroup g;
  g.group = DrawAddr();
  g.mask_len = DrawMask();
  g.bidir = DrawBool();
  g.admin_scope = DrawBool();
  return g;
}

PimEncodedSource DrawSource() {
  PimEncodedSource s;
  s.source = DrawAddr();
  s.mask_len = DrawMask();
  s.sparse = DrawBool();
  s.wildcard = DrawBool();
  s.rpt = DrawBool();
  return s;
}

template <class T>
std::optional<T> DrawOptional(T value) {
  return DrawBool() ? std::optional<T>{value} : std::nullopt;
}

PimHello DrawHello() {
  PimHello h;
  h.holdtime_s = DrawOptional(*rc::gen::arbitrary<std::uint16_t>());
  h.lan_prune_delay =
      DrawOptional(PimLanPruneDelay{DrawBool(), *rc::gen::inRange<std::uint16_t>(0, 0x8000),
                                    *rc::gen::arbitrary<std::uint16_t>()});
  h.dr_priority = DrawOptional(*rc::gen::arbitrary<std::uint32_t>());
  h.generation_id = DrawOptional(*rc::gen::arbitrary<std::uint32_t>());
  h.state_refresh = DrawOptional(PimStateRefreshCapable{*rc::gen::arbitrary<std::uint8_t>(),
                                                        *rc::gen::arbitrary<std::uint8_t>()});
  h.bidir_capable = DrawBool();
  h.secondary_addresses = DrawVector<Ipv4>(8, DrawAddr);
  h.other_options = DrawVector<PimHelloOption>(6, [] {
    const std::uint16_t type = *rc::gen::suchThat<std::uint16_t>([](std::uint16_t t) {
      return t != 1 && t != 2 && t != 19 && t != 20 && t != 21 && t != 22 && t != 24;
    });
    return PimHelloOption{type, *rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>())};
  });
  return h;
}

template <class M>
M DrawJoinPruneLike() {
  M m;
  m.upstream_neighbor = DrawAddr();
  m.holdtime_s = *rc::gen::arbitrary<std::uint16_t>();
  m.groups = DrawVector<PimJoinPruneGroup>(4, [] {
    PimJoinPruneGroup g;
    g.group = DrawGroup();
    g.joins = DrawVector<PimEncodedSource>(5, DrawSource);
    g.prunes = DrawVector<PimEncodedSource>(5, DrawSource);
    return g;
  });
  return m;
}

PimBootstrap DrawBootstrap() {
  PimBootstrap b;
  b.fragment_tag = *rc::gen::arbitrary<std::uint16_t>();
  b.hash_mask_len = DrawMask();
  b.bsr_priority = *rc::gen::arbitrary<std::uint8_t>();
  b.bsr_address = DrawAddr();
  b.groups = DrawVector<PimBsrGroup>(4, [] {
    PimBsrGroup g;
    g.group = DrawGroup();
    g.rp_count = *rc::gen::arbitrary<std::uint8_t>();
    g.rps = DrawVector<PimBsrRp>(3, [] {
      return PimBsrRp{DrawAddr(), *rc::gen::arbitrary<std::uint16_t>(),
                      *rc::gen::arbitrary<std::uint8_t>()};
    });
    return g;
  });
  return b;
}

PimStateRefresh DrawStateRefresh() {
  PimStateRefresh s;
  s.group = DrawGroup();
  s.source = DrawAddr();
  s.originator = DrawAddr();
  s.rpt = DrawBool();
  s.metric_preference = DrawPreference();
  s.metric = *rc::gen::arbitrary<std::uint32_t>();
  s.mask_len = DrawMask();
  s.ttl = *rc::gen::arbitrary<std::uint8_t>();
  s.prune_indicator = DrawBool();
  s.prune_now = DrawBool();
  s.assert_override = DrawBool();
  s.interval_s = *rc::gen::arbitrary<std::uint8_t>();
  return s;
}

// Every alternative of PimMessage, with flags drawn too (DF Election keeps its low nibble).
PimMessage DrawMessage() {
  const std::uint8_t flags = *rc::gen::arbitrary<std::uint8_t>();
  const auto df_flags = static_cast<std::uint8_t>(flags & 0x0F);
  const auto u32 = [] { return *rc::gen::arbitrary<std::uint32_t>(); };
  switch (*rc::gen::inRange(0, 14)) {
    case 0: {
      PimHello h = DrawHello();
      h.flags = flags;
      return h;
    }
    case 1:
      return PimRegister{DrawBool(), DrawBool(),
                         *rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>()), flags};
    case 2:
      return PimRegisterStop{DrawGroup(), DrawAddr(), flags};
    case 3: {
      PimJoinPrune m = DrawJoinPruneLike<PimJoinPrune>();
      m.flags = flags;
      return m;
    }
    case 4: {
      PimBootstrap b = DrawBootstrap();
      b.flags = flags;
      return b;
    }
    case 5:
      return PimAssert{DrawGroup(), DrawAddr(), DrawBool(), DrawPreference(), u32(), flags};
    case 6: {
      PimGraft m = DrawJoinPruneLike<PimGraft>();
      m.flags = flags;
      return m;
    }
    case 7: {
      PimGraftAck m = DrawJoinPruneLike<PimGraftAck>();
      m.flags = flags;
      return m;
    }
    case 8:
      return PimCandidateRpAdvertisement{*rc::gen::arbitrary<std::uint8_t>(),
                                         *rc::gen::arbitrary<std::uint16_t>(), DrawAddr(),
                                         DrawVector<PimEncodedGroup>(6, DrawGroup), flags};
    case 9: {
      PimStateRefresh s = DrawStateRefresh();
      s.flags = flags;
      return s;
    }
    case 10:
      return PimDfOffer{DrawAddr(), u32(), u32(), df_flags};
    case 11:
      return PimDfWinner{DrawAddr(), u32(), u32(), df_flags};
    case 12:
      return PimDfBackoff{
          DrawAddr(), u32(), u32(), DrawAddr(), u32(), u32(), *rc::gen::arbitrary<std::uint16_t>(),
          df_flags};
    default:
      return PimDfPass{DrawAddr(), u32(), u32(), DrawAddr(), u32(), u32(), df_flags};
  }
}

RC_GTEST_PROP(PimProperty, DecodeOfEncodeIsIdentity, ()) {
  const PimMessage m = DrawMessage();
  const Result<Bytes, EncodeError> b = EncodeToBytes(m);
  RC_ASSERT(b.has_value());
  RC_ASSERT(b->size() == EncodedSize(m));
  const Result<PimMessage, DecodeError> back = DecodePim(*b);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == m);
}

RC_GTEST_PROP(PimProperty, RandomBytesNeverCrash, (std::vector<std::uint8_t> bytes)) {
  (void)DecodePim(bytes);  // ASan/UBSan catch any out-of-bounds read
}

// Random bodies behind a valid version, a known type and a good checksum reach every body
// decoder; whatever decodes must re-encode to something that decodes the same.
RC_GTEST_PROP(PimProperty, RandomBodiesNeverCrashAndRoundTrip, (std::vector<std::uint8_t> body)) {
  Bytes b{static_cast<std::uint8_t>(0x20 | *rc::gen::inRange(0, 11)),
          *rc::gen::arbitrary<std::uint8_t>(), 0, 0};
  b.insert(b.end(), body.begin(), body.end());
  const Result<PimMessage, DecodeError> m = DecodePim(WithChecksum(b));
  if (!m) return;
  const Result<Bytes, EncodeError> again = EncodeToBytes(*m);
  RC_ASSERT(again.has_value());
  const Result<PimMessage, DecodeError> back = DecodePim(*again);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == *m);
}

RC_GTEST_PROP(PimProperty, MutatedGoldensNeverCrash, ()) {
  Bytes b = MustEncode(DrawMessage());
  RC_PRE(!b.empty());
  const std::size_t at = *rc::gen::inRange<std::size_t>(0, b.size());
  b[at] = *rc::gen::arbitrary<std::uint8_t>();
  b.resize(*rc::gen::inRange<std::size_t>(0, b.size() + 1));
  (void)DecodePim(WithChecksum(b));
}

}  // namespace
}  // namespace mc::wire
