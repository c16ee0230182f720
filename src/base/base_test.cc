// Tests for the base value types.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "base/check.h"
#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"
#include "base/rng.h"
#include "base/time.h"
#include "base/types.h"

namespace mc {
namespace {

using namespace std::chrono_literals;

TEST(Ipv4, ParsesDottedQuad) {
  EXPECT_EQ(Ipv4::Parse("239.1.1.1"), (Ipv4{239, 1, 1, 1}));
  EXPECT_EQ(Ipv4::Parse("0.0.0.0"), Ipv4{});
  EXPECT_EQ(Ipv4::Parse("255.255.255.255")->value(), 0xFFFFFFFFu);
}

TEST(Ipv4, RejectsMalformed) {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "a.b.c.d", "1..2.3",
                          "-1.2.3.4", "1.2.3.0004"}) {
    EXPECT_FALSE(Ipv4::Parse(bad).has_value()) << bad;
  }
}

TEST(Ipv4, ClassifiesMulticastRanges) {
  EXPECT_TRUE((Ipv4{224, 0, 0, 13}).IsLinkLocalMulticast());
  EXPECT_FALSE((Ipv4{224, 0, 1, 39}).IsLinkLocalMulticast());
  EXPECT_TRUE((Ipv4{239, 255, 0, 1}).IsMulticast());
  EXPECT_FALSE((Ipv4{240, 0, 0, 1}).IsMulticast());
  EXPECT_TRUE((Ipv4{232, 1, 1, 1}).IsDefaultSsm());
}

TEST(Ipv4, FormatsWithFmt) { EXPECT_EQ(fmt::format("{}", Ipv4{10, 1, 3, 2}), "10.1.3.2"); }

RC_GTEST_PROP(Ipv4, PrintParseRoundTrip, (std::uint32_t v)) {
  RC_ASSERT(Ipv4::Parse(Ipv4{v}.ToString()) == Ipv4{v});
}

TEST(Prefix, ParsesAndContains) {
  const Prefix p = *Prefix::Parse("232.0.0.0/8");
  EXPECT_TRUE(p.Contains(Ipv4{232, 1, 1, 1}));
  EXPECT_FALSE(p.Contains(Ipv4{239, 1, 1, 1}));
  EXPECT_EQ(p.ToString(), "232.0.0.0/8");
  EXPECT_EQ(Prefix::Parse("10.1.2.3/24")->address(), (Ipv4{10, 1, 2, 0}));
  EXPECT_FALSE(Prefix::Parse("10.0.0.0/33").has_value());
  EXPECT_FALSE(Prefix::Parse("10.0.0.0").has_value());
}

TEST(Prefix, FromIosMask) {
  EXPECT_EQ(Prefix::FromMask(Ipv4{10, 1, 3, 10}, Ipv4{255, 255, 255, 0})->ToString(),
            "10.1.3.0/24");
  EXPECT_EQ(Prefix::FromMask(Ipv4{1, 1, 1, 1}, Ipv4{255, 255, 255, 255})->length(), 32);
  EXPECT_EQ(Prefix::FromMask(Ipv4{0, 0, 0, 0}, Ipv4{0, 0, 0, 0})->length(), 0);
  EXPECT_FALSE(Prefix::FromMask(Ipv4{10, 0, 0, 0}, Ipv4{255, 0, 255, 0}).has_value());
}

TEST(Mac, GroupMappingKeepsLow23Bits) {
  EXPECT_EQ(Mac::ForGroup(Ipv4{239, 1, 1, 1}).ToString(), "01:00:5e:01:01:01");
  // Seed 004: 239.0.0.4 aliases onto the DVMRP system entry 01-00-5e-00-00-04.
  EXPECT_EQ(Mac::ForGroup(Ipv4{239, 0, 0, 4}), Mac::ForGroup(Ipv4{224, 0, 0, 4}));
  // Seed 000: the VIP group 239.24.1.10 is 0100.5e18.010a.
  EXPECT_EQ(Mac::ForGroup(Ipv4{239, 24, 1, 10}).ToCiscoString(), "0100.5e18.010a");
  // The 25th bit is dropped: 224.129.1.1 and 224.1.1.1 share a MAC.
  EXPECT_EQ(Mac::ForGroup(Ipv4{224, 129, 1, 1}), Mac::ForGroup(Ipv4{224, 1, 1, 1}));
}

RC_GTEST_PROP(Mac, ThirtyTwoGroupsShareEachMac, (std::uint32_t low23, std::uint8_t hi5)) {
  const std::uint32_t base = 0xE0000000u | (low23 & 0x7FFFFFu);
  const Ipv4 other{base | (std::uint32_t{hi5 & 0x1Fu} << 23)};
  RC_ASSERT(Mac::ForGroup(Ipv4{base}) == Mac::ForGroup(other));
  RC_ASSERT(Mac::ForGroup(other).IsIpv4Multicast());
}

TEST(Mac, ParsesThreeSpellings) {
  const Mac want = Mac::ForGroup(Ipv4{239, 111, 239, 239});
  EXPECT_EQ(Mac::Parse("0100.5e6f.efef"), want);
  EXPECT_EQ(Mac::Parse("01:00:5e:6f:ef:ef"), want);
  EXPECT_EQ(Mac::Parse("01-00-5E-6F-EF-EF"), want);
  EXPECT_FALSE(Mac::Parse("0100.5e6f.efe").has_value());
  EXPECT_FALSE(Mac::Parse("01:00-5e:6f:ef:ef").has_value());
  EXPECT_FALSE(Mac::Parse("zz00.5e6f.efef").has_value());
}

TEST(Mac, VrrpVirtualMac) { EXPECT_EQ(Mac::VrrpVirtual(7).ToString(), "00:00:5e:00:01:07"); }

TEST(Sg, StarGPrintsAsIos) {
  EXPECT_EQ((Sg{kAnySource, Ipv4{239, 1, 1, 1}}).ToString(), "(*, 239.1.1.1)");
  EXPECT_EQ((Sg{Ipv4{10, 1, 3, 5}, Ipv4{239, 1, 1, 1}}).ToString(), "(10.1.3.5, 239.1.1.1)");
}

TEST(Rng, SameSeedSameSequence) {
  Rng a{42};
  Rng b{42};
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.Next(), b.Next());
  Rng c{43};
  EXPECT_NE(Rng{42}.Next(), c.Next());
}

TEST(Rng, KnownFirstValueIsStable) {
  // Pins the generator: lab outputs are byte-identical across builds only if this holds.
  Rng r{0};
  EXPECT_EQ(r.Next(), 0x99ec5f36cb75f2b4ULL);
}

RC_GTEST_PROP(Rng, BetweenStaysInRange, (std::uint64_t seed, std::int32_t lo, std::uint16_t w)) {
  Rng r{seed};
  const std::int64_t hi = std::int64_t{lo} + w;
  for (int i = 0; i < 20; ++i) {
    const std::int64_t v = r.Between(lo, hi);
    RC_ASSERT(v >= lo);
    RC_ASSERT(v <= hi);
  }
}

TEST(Rng, UpToCoversTheRange) {
  Rng r{7};
  bool low = false;
  bool high = false;
  for (int i = 0; i < 10000; ++i) {
    const Duration d = r.UpTo(10s);
    ASSERT_GE(d, 0s);
    ASSERT_LE(d, 10s);
    low = low || d < 1s;
    high = high || d > 9s;
  }
  EXPECT_TRUE(low && high);
}

enum class TestError { kBad };

TEST(Result, HoldsValueOrError) {
  Result<int, TestError> ok = 5;
  Result<int, TestError> bad = TestError::kBad;
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 5);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error(), TestError::kBad);
  Status<TestError> s;
  EXPECT_TRUE(s);
  Status<TestError> f = TestError::kBad;
  EXPECT_FALSE(f);
}

TEST(Time, Formats) {
  EXPECT_EQ(FormatSeconds(kTimeZero + 12s + 250ms), "12.250s");
  EXPECT_EQ(FormatHms(6min + 25s), "00:06:25");
  EXPECT_EQ(FormatHms(26h), "1d02h");
}

}  // namespace
}  // namespace mc
