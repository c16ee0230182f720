// Internal to the command table: compiled pattern elements, command-line tokens and the typed
// argument parsers (see command_table.h for the pattern syntax).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/command_table.h"

namespace mc::config::internal {

enum class ElementKind : std::uint8_t { kKeyword, kArg, kRest };

enum class ArgType : std::uint8_t {
  kIpv4,
  kMask,
  kWildcard,
  kVlan,
  kVlans,
  kInterface,
  kWord,
  kText,
  kArea,
  kRd,
  kAclSource,
  kNextHop,
  kRange,
  kChoice,
};

struct Element {
  ElementKind kind = ElementKind::kKeyword;
  ArgType type = ArgType::kWord;
  std::string_view name;  // the keyword, or the argument's name
  std::string_view spec;  // kRange: "1-99,1300-1999"; kChoice: "access|trunk"
  int group = 0;          // optional group number; 0 is required
  bool group_first = false;
};

struct Token {
  std::string_view text;
  std::size_t offset = 0;  // into the command line, for `text` arguments
};

std::optional<std::vector<Element>> CompilePattern(std::string_view pattern);
std::vector<Token> Tokenize(std::string_view line);

bool EqualsNoCase(std::string_view a, std::string_view b);
bool IsPrefixNoCase(std::string_view prefix, std::string_view word);

struct ParsedArg {
  ArgValue value;
  std::size_t consumed = 1;
};

// Parses element `e` (keyword or argument) at tokens[t]; nullopt when it does not fit.
std::optional<ParsedArg> ParseElement(const Element& e, std::span<const Token> tokens,
                                      std::size_t t, std::string_view line);

// "an IPv4 address", "a VLAN ID (1-4094)", "\"area\"": what an error says was expected.
std::string Describe(const Element& e);

}  // namespace mc::config::internal
