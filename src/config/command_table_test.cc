// The command table itself: every row's pattern is well formed, the pattern grammar, and the
// matcher's rules (keyword beats argument, abbreviations, `no` forms, row choice).
#include "config/command_table.h"

#include <gtest/gtest.h>

#include "config/commands.h"

namespace mc::config {
namespace {

TEST(CommandTable, EveryRowPatternIsValid) {
  for (const std::span<const CommandRow> table : CommandTables()) {
    for (const CommandRow& row : table) {
      EXPECT_TRUE(IsValidPattern(row.pattern)) << row.pattern;
    }
  }
}

TEST(CommandTable, EveryImplementedBlockModeHasCommands) {
  for (const Mode mode : {Mode::kGlobal, Mode::kInterface, Mode::kRouterOspf, Mode::kVrf,
                          Mode::kVlan, Mode::kAclStandard}) {
    bool found = false;
    for (const std::span<const CommandRow> table : CommandTables()) {
      for (const CommandRow& row : table) {
        found = found || (row.mode == mode && row.handler != nullptr);
      }
    }
    EXPECT_TRUE(found) << ToString(mode);
  }
}

TEST(Pattern, Grammar) {
  EXPECT_TRUE(IsValidPattern("ip address <a:ipv4> <m:mask> [secondary]"));
  EXPECT_TRUE(IsValidPattern("x [vrf <n:word>] [<d:1-255>] ..."));
  EXPECT_TRUE(IsValidPattern("x <c:a|b>"));
  EXPECT_FALSE(IsValidPattern("x <a:nosuchtype>"));
  EXPECT_FALSE(IsValidPattern("x <a>"));
  EXPECT_FALSE(IsValidPattern("x [a [b]]"));
  EXPECT_FALSE(IsValidPattern("x [a"));
  EXPECT_FALSE(IsValidPattern("x a]"));
  EXPECT_FALSE(IsValidPattern("x ... y"));
  EXPECT_FALSE(IsValidPattern("x [...]"));
  EXPECT_FALSE(IsValidPattern("x  y"));
  EXPECT_FALSE(IsValidPattern("x y!"));
  EXPECT_FALSE(IsValidPattern("<a:word> x"));  // must start with a keyword
  EXPECT_FALSE(IsValidPattern("[x] y"));
  EXPECT_FALSE(IsValidPattern(""));
}

Status<std::string> Noop(Call&) { return {}; }

constexpr CommandRow kRows[] = {
    {Mode::kGlobal, "show <what:word>", Noop},
    {Mode::kGlobal, "show all", Noop},
    {Mode::kGlobal, "set <n:1-10> [<m:1-10>] [verbose]", Noop, "n"},
    {Mode::kGlobal, "set name <t:text>", Noop},
    {Mode::kGlobal, "sequence <v:vlans>", Noop},
};
const std::array<std::span<const CommandRow>, 1> kTables = {kRows};

TEST(Matcher, KeywordBeatsArgumentAtTheSamePosition) {
  Result<Matched, MatchError> m = MatchCommand(kTables, Mode::kGlobal, "show all");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->row, &kRows[1]);
  m = MatchCommand(kTables, Mode::kGlobal, "show alle");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->row, &kRows[0]);
  EXPECT_EQ(m->args.Text("what"), "alle");
}

TEST(Matcher, OptionalArgumentsAndFlags) {
  Result<Matched, MatchError> m = MatchCommand(kTables, Mode::kGlobal, "SET 3 verb");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->args.Number("n"), 3u);
  EXPECT_FALSE(m->args.Has("m"));
  EXPECT_TRUE(m->args.Has("verbose"));
  m = MatchCommand(kTables, Mode::kGlobal, "set 3 4");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->args.Number("m"), 4u);
  m = MatchCommand(kTables, Mode::kGlobal, "set name  two  words ");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->args.Text("t"), "two  words ");
}

TEST(Matcher, NoFormsMayDropTrailingArgumentsButNotNeededOnes) {
  Result<Matched, MatchError> m = MatchCommand(kTables, Mode::kGlobal, "no set 2");
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->args.negated());
  m = MatchCommand(kTables, Mode::kGlobal, "no set");
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().kind, MatchFailure::kInvalid);
  EXPECT_EQ(m.error().message, "incomplete command: expected name, a number (1-10)");
  m = MatchCommand(kTables, Mode::kGlobal, "set");
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().message, "incomplete command: expected name, a number (1-10)");
}

TEST(Matcher, FailureKinds) {
  Result<Matched, MatchError> m = MatchCommand(kTables, Mode::kGlobal, "se 1");
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().kind, MatchFailure::kAmbiguous);
  EXPECT_EQ(m.error().message, "ambiguous command: \"se\" could be sequence, set");
  m = MatchCommand(kTables, Mode::kGlobal, "bogus");
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().kind, MatchFailure::kUnknown);
  m = MatchCommand(kTables, Mode::kInterface, "show all");
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().kind, MatchFailure::kUnknown);
  m = MatchCommand(kTables, Mode::kGlobal, "set 11");
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().kind, MatchFailure::kInvalid);
  EXPECT_EQ(m.error().message, "invalid argument \"11\": expected a number (1-10)");
}

TEST(Args, GettersReturnEmptyValuesForAbsentOrOtherTypes) {
  Args a(false);
  a.Set("x", std::uint32_t{5});
  EXPECT_EQ(a.Number("x"), 5u);
  EXPECT_FALSE(a.Ip("x"));
  EXPECT_EQ(a.Text("x"), "");
  EXPECT_EQ(a.Number("missing"), 0u);
  EXPECT_TRUE(a.Vlans("missing").empty());
  EXPECT_EQ(a.Acl("missing"), AclMatch{});
}

}  // namespace
}  // namespace mc::config
