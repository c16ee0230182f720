// BPDU codec tests: golden RST, Configuration and TCN BPDUs and a whole LLC frame, laid out by
// hand from IEEE 802.1D-2004 §9.3 (octet offsets in the comments), round trips, properties,
// truncation sweeps and every decode and encode error.
#include "l2/bpdu.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wire/test_util.h"

namespace mc::l2 {
namespace {

using wire::DecodeError;
using wire::EncodeError;
using wire::testing::ExpectEveryPrefixFails;
using wire::testing::H;

constexpr Mac kRootMac{{0x00, 0x11, 0x22, 0x33, 0x44, 0x55}};
constexpr Mac kBridgeMac{{0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}};

// RST BPDU (§9.3.3): protocol 0000, version 02, type 02, flags 0f = TC (bit 1) + proposal
// (bit 2) + role designated (bits 3-4 = 11); root 8001.001122334455 (priority 32768, sys-id-ext
// 1); root path cost 4; bridge 8001.00aabbccddee; port 8002 (priority 128, port 2); message age
// 1 s = 0100, max age 20 s = 1400, hello 2 s = 0200, forward delay 15 s = 0f00 (1/256 s);
// version 1 length 00.
constexpr const char* kRstHex =
    "00 00 02 02 0f 80 01 00 11 22 33 44 55 00 00 00 04 80 01 00 aa bb cc dd ee 80 02"
    "01 00 14 00 02 00 0f 00 00";
const Bpdu kRst{.type = BpduType::kRst,
                .version = 2,
                .topology_change = true,
                .proposal = true,
                .role = BpduRole::kDesignated,
                .root = {0x8001, kRootMac},
                .root_path_cost = 4,
                .bridge = {0x8001, kBridgeMac},
                .port_id = 0x8002,
                .message_age = 0x0100,
                .max_age = 0x1400,
                .hello_time = 0x0200,
                .forward_delay = 0x0f00};

// An agreement from a root port: flags 78 = role root (10 -> 08) + learning (10) + forwarding
// (20) + agreement (40); root cost 8 = 00000008, bridge 7000.00aabbccddee, port 9003.
constexpr const char* kAgreementHex =
    "00 00 02 02 78 80 01 00 11 22 33 44 55 00 00 00 08 70 00 00 aa bb cc dd ee 90 03"
    "02 00 14 00 02 00 0f 00 00";
const Bpdu kAgreement{.type = BpduType::kRst,
                      .version = 2,
                      .role = BpduRole::kRoot,
                      .learning = true,
                      .forwarding = true,
                      .agreement = true,
                      .root = {0x8001, kRootMac},
                      .root_path_cost = 8,
                      .bridge = {0x7000, kBridgeMac},
                      .port_id = 0x9003,
                      .message_age = 0x0200,
                      .max_age = 0x1400,
                      .hello_time = 0x0200,
                      .forward_delay = 0x0f00};

// Configuration BPDU (§9.3.1): version 00, type 00, flags 81 = TC + TC acknowledgment, root =
// bridge = 8000.001122334455, cost 0, port 8001, times as above with message age 0. 35 octets.
constexpr const char* kConfigHex =
    "00 00 00 00 81 80 00 00 11 22 33 44 55 00 00 00 00 80 00 00 11 22 33 44 55 80 01"
    "00 00 14 00 02 00 0f 00";
const Bpdu kConfig{.type = BpduType::kConfig,
                   .version = 0,
                   .topology_change = true,
                   .topology_change_ack = true,
                   .root = {0x8000, kRootMac},
                   .bridge = {0x8000, kRootMac},
                   .port_id = 0x8001,
                   .max_age = 0x1400,
                   .hello_time = 0x0200,
                   .forward_delay = 0x0f00};

// TCN BPDU (§9.3.2): protocol 0000, version 00, type 80.
constexpr const char* kTcnHex = "00 00 00 80";
const Bpdu kTcn{.type = BpduType::kTcn, .version = 0};

// The RST BPDU above in its frame (§7.12.3): 01-80-C2-00-00-00, source 00aabbccddef, 802.3
// length 0027 (LLC 3 + BPDU 36 = 39), LLC 42 42 03, the BPDU, 7 octets of padding to 60.
constexpr Mac kPortMac{{0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xef}};
constexpr const char* kFrameHeaderHex = "01 80 c2 00 00 00 00 aa bb cc dd ef 00 27 42 42 03";
constexpr const char* kPaddingHex = "00 00 00 00 00 00 00";

wire::Bytes Concat(std::initializer_list<wire::Bytes> parts) {
  wire::Bytes out;
  for (const wire::Bytes& p : parts) {
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

Bpdu MustDecode(const wire::Bytes& b) {
  Result<Bpdu, DecodeError> m = DecodeBpdu(b);
  EXPECT_TRUE(m.has_value()) << (m ? "" : ToString(m.error()));
  return m ? *m : Bpdu{};
}

wire::Bytes MustEncode(const Bpdu& b) {
  Result<wire::Bytes, EncodeError> bytes = wire::EncodeToBytes(b);
  EXPECT_TRUE(bytes.has_value()) << (bytes ? "" : ToString(bytes.error()));
  return bytes ? *bytes : wire::Bytes{};
}

DecodeError DecodeErrorOf(const wire::Bytes& b) {
  Result<Bpdu, DecodeError> m = DecodeBpdu(b);
  EXPECT_FALSE(m.has_value());
  return m ? DecodeError::kBadField : m.error();
}

TEST(BpduGolden, RstProposalWithTopologyChange) {
  EXPECT_EQ(MustEncode(kRst), H(kRstHex));
  EXPECT_EQ(MustDecode(H(kRstHex)), kRst);
}

TEST(BpduGolden, RstAgreementFromRootPort) {
  EXPECT_EQ(MustEncode(kAgreement), H(kAgreementHex));
  EXPECT_EQ(MustDecode(H(kAgreementHex)), kAgreement);
}

TEST(BpduGolden, ConfigurationBpdu) {
  EXPECT_EQ(MustEncode(kConfig), H(kConfigHex));
  EXPECT_EQ(MustDecode(H(kConfigHex)), kConfig);
}

TEST(BpduGolden, TopologyChangeNotification) {
  EXPECT_EQ(MustEncode(kTcn), H(kTcnHex));
  EXPECT_EQ(MustDecode(H(kTcnHex)), kTcn);
}

TEST(BpduGolden, WholeFrame) {
  const wire::Bytes frame = Concat({H(kFrameHeaderHex), H(kRstHex), H(kPaddingHex)});
  ASSERT_EQ(frame.size(), 60u);
  const Result<wire::Bytes, EncodeError> built = BuildBpduFrame(kPortMac, kRst);
  ASSERT_TRUE(built.has_value());
  EXPECT_EQ(*built, frame);
  const Result<Bpdu, DecodeError> decoded = DecodeBpduFrame(frame);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, kRst);
}

TEST(BpduGolden, BridgeIdPrintsAsIos) { EXPECT_EQ(kRst.root.ToString(), "32769.0011.2233.4455"); }

// A PVST+ (SSTP) frame for VLAN 10 on a trunk: 01000ccccccd, source, 8100 e00a (priority 7,
// VID 10), 802.3 length 0032 (8 SNAP + 36 BPDU + 6 TLV = 50), aaaa03 00000c 010b, the RST BPDU
// of kRstHex, the Originating VLAN TLV 0000 0002 000a; 68 octets, above the tagged minimum.
constexpr const char* kPvstTaggedHex =
    "01 00 0c cc cc cd 00 aa bb cc dd ee 81 00 e0 0a 00 32 aa aa 03 00 00 0c 01 0b";
constexpr const char* kPvstTlvHex = "00 00 00 02 00 0a";

TEST(PvstFrame, GoldenTaggedFrameForVlan10) {
  wire::Bytes want = H(kPvstTaggedHex);
  const wire::Bytes rst = H(kRstHex);
  want.insert(want.end(), rst.begin(), rst.end());
  const wire::Bytes tlv = H(kPvstTlvHex);
  want.insert(want.end(), tlv.begin(), tlv.end());
  const auto frame = BuildPvstFrame(kBridgeMac, kRst, 10, /*tagged=*/true);
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(*frame, want);
  const auto back = DecodePvstFrame(*frame);
  ASSERT_TRUE(back.has_value()) << wire::ToString(back.error());
  EXPECT_EQ(back->bpdu, kRst);
  EXPECT_EQ(back->tag_vlan, std::optional<std::uint16_t>{10});
  EXPECT_EQ(back->vlan, 10);
}

TEST(PvstFrame, UntaggedOnTheNativeVlanIsPaddedToTheMinimum) {
  const auto frame = BuildPvstFrame(kBridgeMac, kRst, 1, /*tagged=*/false);
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->size(), 14u + 50u);
  const auto back = DecodePvstFrame(*frame);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->tag_vlan, std::nullopt);
  EXPECT_EQ(back->vlan, 1);
  // An IEEE BPDU frame is not a PVST+ frame, and the other way round.
  EXPECT_EQ(DecodePvstFrame(*BuildBpduFrame(kBridgeMac, kRst)).error(), DecodeError::kNotForUs);
  EXPECT_EQ(DecodeBpduFrame(*frame).error(), DecodeError::kNotForUs);
}

TEST(PvstFrame, Errors) {
  const wire::Bytes good = *BuildPvstFrame(kBridgeMac, kRst, 10, true);
  ExpectEveryPrefixFails(good, [](auto s) { return DecodePvstFrame(s); });
  wire::Bytes bad_tlv = good;
  bad_tlv[bad_tlv.size() - 6 + 1] = 0x01;  // TLV type 1
  EXPECT_EQ(DecodePvstFrame(bad_tlv).error(), DecodeError::kBadField);
  wire::Bytes bad_pid = good;
  bad_pid[25] = 0x0c;  // PID 0x010c
  EXPECT_EQ(DecodePvstFrame(bad_pid).error(), DecodeError::kNotForUs);
  EXPECT_EQ(BuildPvstFrame(kBridgeMac, kRst, 0, true).error(), EncodeError::kBadField);
  EXPECT_EQ(BuildPvstFrame(kBridgeMac, kRst, 4095, true).error(), EncodeError::kBadField);
}

TEST(BpduDecode, ConfigurationBpduIgnoresRstOnlyFlags) {
  // §9.3.1 defines only bits 1 and 8 of a Configuration BPDU's flags.
  wire::Bytes b = H(kConfigHex);
  b[4] = 0x7e;
  Bpdu expected = kConfig;
  expected.topology_change = false;
  expected.topology_change_ack = false;
  EXPECT_EQ(MustDecode(b), expected);
}

TEST(BpduDecode, MstpBpduDecodesAsItsCistPart) {
  // Version 3 with MST extension octets after the 36 RST octets (802.1Q §14.4).
  wire::Bytes b = H(kRstHex);
  b[2] = 3;
  b.insert(b.end(), 64, 0xab);
  Bpdu expected = kRst;
  expected.version = 3;
  EXPECT_EQ(MustDecode(b), expected);
}

TEST(BpduDecode, TrailingPaddingIsIgnored) {
  wire::Bytes b = H(kTcnHex);
  b.resize(40, 0);
  EXPECT_EQ(MustDecode(b), kTcn);
}

TEST(BpduDecode, Errors) {
  wire::Bytes not_stp = H(kRstHex);
  not_stp[1] = 1;  // Protocol Identifier 0001
  EXPECT_EQ(DecodeErrorOf(not_stp), DecodeError::kNotForUs);
  wire::Bytes bad_type = H(kRstHex);
  bad_type[3] = 0x03;
  EXPECT_EQ(DecodeErrorOf(bad_type), DecodeError::kBadType);
  wire::Bytes old_rst = H(kRstHex);
  old_rst[2] = 1;  // §9.3.4 (c): an RST BPDU needs version 2 or later
  EXPECT_EQ(DecodeErrorOf(old_rst), DecodeError::kBadVersion);
  EXPECT_EQ(DecodeErrorOf(H("00 00 02")), DecodeError::kTruncated);
  // 35 octets are a whole Configuration BPDU but a truncated RST BPDU.
  wire::Bytes short_rst = H(kRstHex);
  short_rst.pop_back();
  EXPECT_EQ(DecodeErrorOf(short_rst), DecodeError::kTruncated);
}

TEST(BpduDecode, EveryPrefixFails) {
  const auto decode = [](std::span<const std::uint8_t> b) { return DecodeBpdu(b); };
  ExpectEveryPrefixFails(H(kRstHex), decode);
  ExpectEveryPrefixFails(H(kConfigHex), decode);
  ExpectEveryPrefixFails(H(kTcnHex), decode);
  // The frame without its padding: every shorter prefix lacks part of what the length claims.
  ExpectEveryPrefixFails(Concat({H(kFrameHeaderHex), H(kRstHex)}),
                         [](std::span<const std::uint8_t> b) { return DecodeBpduFrame(b); });
}

TEST(BpduFrame, Errors) {
  const wire::Bytes good = Concat({H(kFrameHeaderHex), H(kRstHex), H(kPaddingHex)});
  wire::Bytes ethernet_ii = good;
  ethernet_ii[12] = 0x08;  // EtherType 0800
  ethernet_ii[13] = 0x00;
  EXPECT_EQ(DecodeBpduFrame(ethernet_ii).error(), DecodeError::kNotForUs);
  wire::Bytes snap = good;
  snap[14] = 0xaa;  // another SAP
  EXPECT_EQ(DecodeBpduFrame(snap).error(), DecodeError::kNotForUs);
  wire::Bytes too_long = good;
  too_long[13] = 0x40;  // 64 octets claimed, 46 present
  EXPECT_EQ(DecodeBpduFrame(too_long).error(), DecodeError::kBadLength);
  wire::Bytes no_llc = good;
  no_llc[13] = 0x02;  // length 2: not even an LLC header
  EXPECT_EQ(DecodeBpduFrame(no_llc).error(), DecodeError::kTruncated);
  EXPECT_EQ(DecodeBpduFrame(H("01 80 c2 00 00 00")).error(), DecodeError::kTruncated);
}

TEST(BpduEncode, Errors) {
  Bpdu config_with_proposal = kConfig;
  config_with_proposal.proposal = true;  // a Configuration BPDU has no such flag
  EXPECT_EQ(wire::EncodeToBytes(config_with_proposal).error(), EncodeError::kBadField);
  Bpdu tcn_with_root = kTcn;
  tcn_with_root.root_path_cost = 1;
  EXPECT_EQ(wire::EncodeToBytes(tcn_with_root).error(), EncodeError::kBadField);
  Bpdu rst_v1 = kRst;
  rst_v1.version = 1;
  EXPECT_EQ(wire::EncodeToBytes(rst_v1).error(), EncodeError::kBadField);
  std::array<std::uint8_t, kRstBpduSize - 1> small{};
  EXPECT_EQ(Encode(kRst, small).error(), EncodeError::kBufferTooSmall);
}

rc::Gen<BridgeId> GenBridgeId() {
  return rc::gen::map(rc::gen::tuple(rc::gen::arbitrary<std::uint16_t>(),
                                     rc::gen::arbitrary<std::array<std::uint8_t, 6>>()),
                      [](const std::tuple<std::uint16_t, std::array<std::uint8_t, 6>>& t) {
                        return BridgeId{std::get<0>(t), Mac{std::get<1>(t)}};
                      });
}

// A valid BPDU of any type: only the fields its type carries are set.
rc::Gen<Bpdu> GenBpdu() {
  return rc::gen::exec([] {
    Bpdu b;
    b.type = *rc::gen::element(BpduType::kConfig, BpduType::kRst, BpduType::kTcn);
    b.version = b.type == BpduType::kRst ? *rc::gen::inRange<std::uint8_t>(2, 255)
                                         : *rc::gen::arbitrary<std::uint8_t>();
    if (b.type == BpduType::kTcn) {
      return b;
    }
    b.topology_change = *rc::gen::arbitrary<bool>();
    b.topology_change_ack = *rc::gen::arbitrary<bool>();
    b.root = *GenBridgeId();
    b.root_path_cost = *rc::gen::arbitrary<std::uint32_t>();
    b.bridge = *GenBridgeId();
    b.port_id = *rc::gen::arbitrary<std::uint16_t>();
    b.message_age = *rc::gen::arbitrary<std::uint16_t>();
    b.max_age = *rc::gen::arbitrary<std::uint16_t>();
    b.hello_time = *rc::gen::arbitrary<std::uint16_t>();
    b.forward_delay = *rc::gen::arbitrary<std::uint16_t>();
    if (b.type == BpduType::kRst) {
      b.proposal = *rc::gen::arbitrary<bool>();
      b.role = static_cast<BpduRole>(*rc::gen::inRange(0, 4));
      b.learning = *rc::gen::arbitrary<bool>();
      b.forwarding = *rc::gen::arbitrary<bool>();
      b.agreement = *rc::gen::arbitrary<bool>();
      b.version1_length = *rc::gen::arbitrary<std::uint8_t>();
    }
    return b;
  });
}

RC_GTEST_PROP(BpduProperty, RoundTrip, ()) {
  const Bpdu b = *GenBpdu();
  const Result<wire::Bytes, EncodeError> bytes = wire::EncodeToBytes(b);
  RC_ASSERT(bytes.has_value());
  const Result<Bpdu, DecodeError> back = DecodeBpdu(*bytes);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == b);
  const Result<wire::Bytes, EncodeError> frame = BuildBpduFrame(kPortMac, b);
  RC_ASSERT(frame.has_value());
  const Result<Bpdu, DecodeError> from_frame = DecodeBpduFrame(*frame);
  RC_ASSERT(from_frame.has_value());
  RC_ASSERT(*from_frame == b);
}

RC_GTEST_PROP(BpduProperty, RandomBytesNeverCrash, (const std::vector<std::uint8_t>& bytes)) {
  (void)DecodeBpdu(bytes);
  (void)DecodeBpduFrame(bytes);
}

}  // namespace
}  // namespace mc::l2
