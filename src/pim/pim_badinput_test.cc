// Bad PIM input reaching the engine: every class is dropped under its own counter and creates no
// state (issue 7 "Done when": malformed packets from a netns peer are dropped and counted; the
// same classes are sent at a running mcastd by tests/netns/mcastd_badinput_test.sh).
#include <gtest/gtest.h>

#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace mc::pim::testing;

engine::PacketIn Raw(wire::Bytes bytes) {
  engine::PacketIn p;
  p.ifindex = kIf1;
  p.src = kDown1;
  p.dst = kAllPimRouters;
  p.ttl = 1;
  p.protocol = wire::kProtoPim;
  p.bytes = std::move(bytes);
  return p;
}

TEST(PimBadInputCounters, UnknownMessageTypeIsUnsupportedNotMalformed) {
  Fixture f;
  // Version 2, type 11 (past the RFC 7761 §4.9 types), correct checksum over 8 bytes.
  wire::Bytes b = {0x2B, 0, 0, 0, 0, 0, 0, 0};
  const std::uint16_t c = static_cast<std::uint16_t>(~(0x2B00u) & 0xFFFFu);
  b[2] = static_cast<std::uint8_t>(c >> 8);
  b[3] = static_cast<std::uint8_t>(c & 0xFF);
  f.Input(Raw(b));
  EXPECT_EQ(f.Count(PimCounter::kDropUnsupportedType), 1u);
  EXPECT_EQ(f.Count(PimCounter::kDropMalformed), 0u);
}

TEST(PimBadInputCounters, TruncatedAndBadChecksumAreMalformed) {
  Fixture f;
  wire::Bytes hello = *wire::EncodeToBytes(wire::PimMessage{Hello()});
  wire::Bytes truncated(hello.begin(), hello.begin() + 9);
  f.Input(Raw(truncated));
  hello[3] ^= 0x01;  // checksum
  f.Input(Raw(hello));
  f.Input(Raw({0x20}));  // shorter than the PIM header
  EXPECT_EQ(f.Count(PimCounter::kDropMalformed), 3u);
  EXPECT_EQ(f.Count(PimCounter::kDropUnsupportedType), 0u);
  for (const auto& n : f.r.Snap(f.now).neighbors) {
    EXPECT_NE(n.address, kDown1);  // no bad Hello made a neighbor
  }
}

}  // namespace
}  // namespace mc::pim
