// LAB-FORMAT times: every accepted spelling, every rejection message, and the print/parse
// round trip.
#include "sim/lab/duration_parse.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace mc::sim {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, AcceptsLabFormatExamples) {
  EXPECT_EQ(*ParseDuration("0"), 0ns);
  EXPECT_EQ(*ParseDuration("250ms"), 250ms);
  EXPECT_EQ(*ParseDuration("10s"), 10s);
  EXPECT_EQ(*ParseDuration("2m"), 2min);
  EXPECT_EQ(*ParseDuration("1m30s"), 90s);
}

TEST(ParseDuration, AcceptsEveryUnitAndCombinations) {
  EXPECT_EQ(*ParseDuration("1h"), 1h);
  EXPECT_EQ(*ParseDuration("1h2m3s"), 1h + 2min + 3s);
  EXPECT_EQ(*ParseDuration("100us"), 100us);
  EXPECT_EQ(*ParseDuration("100\xC2\xB5s"), 100us);
  EXPECT_EQ(*ParseDuration("7ns"), 7ns);
  EXPECT_EQ(*ParseDuration("1s500ms"), 1500ms);
  EXPECT_EQ(*ParseDuration("2m0s"), 2min);
  EXPECT_EQ(*ParseDuration("0s"), 0ns);
  EXPECT_EQ(*ParseDuration("90s"), 90s);  // parts need not be normalised
  EXPECT_EQ(*ParseDuration("1500ms"), 1500ms);
}

TEST(ParseDuration, AcceptsFractionsThatAreWholeNanoseconds) {
  EXPECT_EQ(*ParseDuration("1.5s"), 1500ms);
  EXPECT_EQ(*ParseDuration("0.1ms"), 100us);  // the default link delay
  EXPECT_EQ(*ParseDuration("0.5m"), 30s);
  EXPECT_EQ(*ParseDuration("1m30.25s"), 90250ms);
  EXPECT_EQ(*ParseDuration("0.000000001s"), 1ns);
  EXPECT_EQ(*ParseDuration("2.50000000000000000000s"), 2500ms);  // trailing zeros are free
  EXPECT_EQ(*ParseDuration("0.0"), 0ns);
}

TEST(ParseDuration, RejectsWithAClearReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty time"},
      {"5", "missing unit after \"5\" (e.g. 5s or 5ms)"},
      {"1.5", "missing unit after \"1.5\" (e.g. 1.5s or 1.5ms)"},
      {"10x", "unknown unit \"x\" (use h, m, s, ms, us or ns)"},
      {"10S", "unknown unit \"S\" (use h, m, s, ms, us or ns)"},
      {"10 s", "unknown unit \" s\" (use h, m, s, ms, us or ns)"},
      {"30s1m", "parts must go from larger to smaller units, each once (as in 1m30s)"},
      {"1s1s", "parts must go from larger to smaller units, each once (as in 1m30s)"},
      {"1.5m30s", "only the last part may have a fraction (as in 1m30.5s)"},
      {"-1s", "negative times are not allowed"},
      {"+1s", "expected a number at \"+1s\""},
      {"s", "expected a number at \"s\""},
      {"1m30", "missing unit after \"30\" (e.g. 30s or 30ms)"},
      {"1.s", "missing digits after \".\""},
      {"0.5ns", "finer than 1ns"},
      {"0.0000000001s", "finer than 1ns"},
      {"1000001h", "out of range (at most 1000000h)"},
      {"99999999999999999999s", "out of range (at most 1000000h)"},
      {"1000000h1s", "out of range (at most 1000000h)"},
  };
  for (const auto& [text, reason] : cases) {
    Result<Duration, std::string> r = ParseDuration(text);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error(), reason) << text;
  }
}

TEST(ParseDuration, MaximumIsAccepted) { EXPECT_EQ(*ParseDuration("1000000h"), kMaxLabDuration); }

TEST(FormatDuration, Canonical) {
  EXPECT_EQ(FormatDuration(0ns), "0");
  EXPECT_EQ(FormatDuration(250ms), "250ms");
  EXPECT_EQ(FormatDuration(90s), "1m30s");
  EXPECT_EQ(FormatDuration(1h + 1ns), "1h1ns");
  EXPECT_EQ(FormatDuration(100us), "100us");
  EXPECT_EQ(FormatDuration(-2s), "-2s");
}

RC_GTEST_PROP(FormatDuration, ParsesBackExactly, (std::uint64_t raw)) {
  const Duration d{
      static_cast<Duration::rep>(raw % static_cast<std::uint64_t>(kMaxLabDuration.count() + 1))};
  const Result<Duration, std::string> back = ParseDuration(FormatDuration(d));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == d);
}

RC_GTEST_PROP(ParseDuration, RandomTextNeverCrashes, (const std::string& text)) {
  const Result<Duration, std::string> r = ParseDuration(text);
  if (r) {
    RC_ASSERT(r->count() >= 0);
    RC_ASSERT(*r <= kMaxLabDuration);
  } else {
    RC_ASSERT(!r.error().empty());
  }
}

}  // namespace
}  // namespace mc::sim
