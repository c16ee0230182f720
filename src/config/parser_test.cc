// Parser tests: blocks from indentation (spaces and tabs), comments, `end`, file:line, the
// error rendering, and `conf` line splitting.
#include "config/parser.h"

#include <gtest/gtest.h>

namespace mc::config {
namespace {

std::vector<ConfigLine> MustParse(std::string_view text) {
  Result<std::vector<ConfigLine>, ConfigError> r = ParseConfig(text, "R1.cfg");
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : std::vector<ConfigLine>{};
}

TEST(ConfigError, RendersFileLineMessageAndText) {
  const ConfigError e{"R1.cfg", 12, "ip pimm sparse-mode", "unknown command"};
  EXPECT_EQ(e.ToString(), "R1.cfg:12: unknown command: 'ip pimm sparse-mode'");
}

TEST(Parser, IndentedLinesBelongToTheBlockAbove) {
  const std::vector<ConfigLine> lines = MustParse(
      "hostname R1\n"
      "interface Gi0/0\n"
      " ip address 10.0.0.1 255.255.255.0\n"
      " no shutdown\n"
      "router ospf 1\n"
      " network 10.0.0.0 0.0.0.255 area 0\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "hostname R1");
  EXPECT_EQ(lines[0].line, 1);
  EXPECT_TRUE(lines[0].children.empty());
  EXPECT_EQ(lines[1].text, "interface Gi0/0");
  ASSERT_EQ(lines[1].children.size(), 2u);
  EXPECT_EQ(lines[1].children[0].text, "ip address 10.0.0.1 255.255.255.0");
  EXPECT_EQ(lines[1].children[0].line, 3);
  EXPECT_EQ(lines[1].children[1].text, "no shutdown");
  EXPECT_EQ(lines[1].children[1].line, 4);
  EXPECT_EQ(lines[2].children.at(0).line, 6);
  EXPECT_EQ(lines[2].children.at(0).file, "R1.cfg");
}

TEST(Parser, CommentsBlankLinesAndEndAreDroppedButCountLines) {
  const std::vector<ConfigLine> lines = MustParse(
      "!\n"
      "! comment\n"
      "\n"
      "interface Vlan1\n"
      " ! a comment inside the block\n"
      "\n"
      " ip address 198.18.1.10 255.255.255.0\n"
      "!\n"
      "end\n");
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].children.size(), 1u);
  EXPECT_EQ(lines[0].line, 4);
  EXPECT_EQ(lines[0].children[0].line, 7);
}

TEST(Parser, TabsIndentAndNestedBlocksNest) {
  const std::vector<ConfigLine> lines = MustParse(
      "interface Gi0/0\n"
      "\tvrrp 1 address-family ipv4\n"
      "\t  address 10.0.0.254 primary\n"
      "\tip address 10.0.0.1 255.255.255.0\n"
      "hostname X\n");
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_EQ(lines[0].children.size(), 2u);
  ASSERT_EQ(lines[0].children[0].children.size(), 1u);
  EXPECT_EQ(lines[0].children[0].children[0].text, "address 10.0.0.254 primary");
  EXPECT_EQ(lines[0].children[1].text, "ip address 10.0.0.1 255.255.255.0");
}

TEST(Parser, UnevenDedentAttachesToTheNearestShallowerLine) {
  const std::vector<ConfigLine> lines = MustParse(
      "a\n"
      "    b\n"
      "  c\n"
      "d\n");
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_EQ(lines[0].children.size(), 2u);
  EXPECT_EQ(lines[0].children[1].text, "c");
}

TEST(Parser, CrLfAndTrailingBlanksAreTrimmed) {
  const std::vector<ConfigLine> lines = MustParse("hostname R1  \r\ninterface Gi0/0\r\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "hostname R1");
  EXPECT_EQ(lines[1].text, "interface Gi0/0");
}

TEST(Parser, ShowRunningConfigHeaderLinesAreDropped) {
  const std::vector<ConfigLine> lines = MustParse(
      "Building configuration...\n\nCurrent configuration : 42 bytes\n!\nhostname R1\n!\nend\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].line, 5);
}

TEST(Parser, ControlCharacterIsAnErrorWithFileAndLine) {
  Result<std::vector<ConfigLine>, ConfigError> r =
      ParseConfig("hostname R1\nip rou\x01ting\n", "SW1.cfg");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().file, "SW1.cfg");
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().message, "invalid character");
}

TEST(Parser, EmptyTextHasNoLines) { EXPECT_TRUE(MustParse("").empty()); }

TEST(SplitConfCommand, SplitsOnSemicolonsAndTrims) {
  const std::vector<ConfigLine> lines =
      SplitConfCommand("interface Gi0/1; ip address 10.0.0.1 255.255.255.0 ;; ", "scenario.txt", 7);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "interface Gi0/1");
  EXPECT_EQ(lines[1].text, "ip address 10.0.0.1 255.255.255.0");
  EXPECT_EQ(lines[1].file, "scenario.txt");
  EXPECT_EQ(lines[1].line, 7);
}

}  // namespace
}  // namespace mc::config
