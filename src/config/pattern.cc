// Command patterns: compilation, tokenizing and the typed argument parsers.
#include "config/pattern.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>

#include "config/interface_name.h"

namespace mc::config::internal {
namespace {

struct TypeName {
  std::string_view name;
  ArgType type;
};

constexpr std::array kTypeNames = {
    TypeName{"ipv4", ArgType::kIpv4},         TypeName{"mask", ArgType::kMask},
    TypeName{"wildcard", ArgType::kWildcard}, TypeName{"vlan", ArgType::kVlan},
    TypeName{"vlans", ArgType::kVlans},       TypeName{"if", ArgType::kInterface},
    TypeName{"word", ArgType::kWord},         TypeName{"text", ArgType::kText},
    TypeName{"area", ArgType::kArea},         TypeName{"rd", ArgType::kRd},
    TypeName{"acl-src", ArgType::kAclSource}, TypeName{"nh", ArgType::kNextHop},
};

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A decimal number without sign or leading '+', bounded by `max`.
std::optional<std::uint32_t> ParseNumber(std::string_view text, std::uint64_t max) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end || v > max) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(v);
}

// "1-99,1300-1999" -> is `v` inside one of the ranges?
bool InRanges(std::string_view spec, std::uint32_t v) {
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view range = spec.substr(0, comma);
    const std::size_t dash = range.find('-');
    const auto lo = ParseNumber(range.substr(0, dash), UINT32_MAX);
    const auto hi = ParseNumber(range.substr(dash + 1), UINT32_MAX);
    if (lo && hi && v >= *lo && v <= *hi) {
      return true;
    }
    spec.remove_prefix(comma == std::string_view::npos ? spec.size() : comma + 1);
  }
  return false;
}

bool IsValidRangeSpec(std::string_view spec) {
  if (spec.empty()) {
    return false;
  }
  for (const char c : spec) {
    if (!IsDigit(c) && c != '-' && c != ',') {
      return false;
    }
  }
  return true;
}

std::optional<Element> CompileArg(std::string_view body) {  // "name:type"
  const std::size_t colon = body.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return std::nullopt;
  }
  Element e{.kind = ElementKind::kArg, .name = body.substr(0, colon)};
  const std::string_view type = body.substr(colon + 1);
  for (const TypeName& t : kTypeNames) {
    if (t.name == type) {
      e.type = t.type;
      return e;
    }
  }
  e.spec = type;
  if (type.find('|') != std::string_view::npos) {
    e.type = ArgType::kChoice;
    return e;
  }
  if (IsValidRangeSpec(type)) {
    e.type = ArgType::kRange;
    return e;
  }
  return std::nullopt;
}

std::optional<Element> CompileWord(std::string_view word) {
  if (word == "...") {
    return Element{.kind = ElementKind::kRest, .name = "..."};
  }
  if (word.size() >= 2 && word.front() == '<' && word.back() == '>') {
    return CompileArg(word.substr(1, word.size() - 2));
  }
  for (const char c : word) {
    if (!IsAlnum(c) && c != '-') {
      return std::nullopt;
    }
  }
  if (word.empty()) {
    return std::nullopt;
  }
  return Element{.kind = ElementKind::kKeyword, .name = word};
}

std::optional<ArgValue> ParseAclSource(std::span<const Token> tokens, std::size_t t,
                                       std::size_t& consumed) {
  const std::string_view first = tokens[t].text;
  if (EqualsNoCase(first, "any")) {
    return AclMatch{Ipv4{}, Ipv4{0xFFFFFFFF}};
  }
  if (EqualsNoCase(first, "host")) {
    const std::optional<Ipv4> a =
        t + 1 < tokens.size() ? Ipv4::Parse(tokens[t + 1].text) : std::nullopt;
    consumed = 2;
    return a ? std::optional<ArgValue>(AclMatch{*a, Ipv4{}}) : std::nullopt;
  }
  const std::optional<Ipv4> a = Ipv4::Parse(first);
  if (!a) {
    return std::nullopt;
  }
  const std::optional<Ipv4> w =
      t + 1 < tokens.size() ? Ipv4::Parse(tokens[t + 1].text) : std::nullopt;
  consumed = w ? 2 : 1;
  const Ipv4 wildcard = w.value_or(Ipv4{});
  // IOS stores the address with the wildcard bits cleared (`10.1.1.1 0.0.0.255` -> 10.1.1.0).
  return AclMatch{Ipv4{a->value() & ~wildcard.value()}, wildcard};
}

std::optional<ArgValue> ParseInterfaceArg(std::span<const Token> tokens, std::size_t t,
                                          std::size_t& consumed) {
  const std::string_view first = tokens[t].text;
  if (first.empty() || !IsAlnum(first.front())) {
    return std::nullopt;
  }
  if (IsInterfaceTypeWord(first) && t + 1 < tokens.size() && IsDigit(tokens[t + 1].text[0])) {
    consumed = 2;
    return std::string(first) + std::string(tokens[t + 1].text);
  }
  return std::string(first);
}

std::optional<std::uint32_t> ParseArea(std::string_view text) {
  if (const std::optional<Ipv4> dotted = Ipv4::Parse(text)) {
    return dotted->value();
  }
  return ParseNumber(text, UINT32_MAX);
}

// "ASN:nn" or "A.B.C.D:nn" (RFC 4364 §4.2 type 0/1/2 route distinguishers as IOS writes them).
bool IsRouteDistinguisher(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  const std::string_view admin = text.substr(0, colon);
  const std::string_view assigned = text.substr(colon + 1);
  if (Ipv4::Parse(admin)) {
    return ParseNumber(assigned, 0xFFFF).has_value();
  }
  const std::optional<std::uint32_t> asn = ParseNumber(admin, UINT32_MAX);
  return asn && ParseNumber(assigned, *asn > 0xFFFF ? 0xFFFF : UINT32_MAX).has_value();
}

std::optional<ArgValue> ParseChoice(std::string_view spec, std::string_view token) {
  std::optional<std::string_view> found;
  while (!spec.empty()) {
    const std::size_t bar = spec.find('|');
    const std::string_view option = spec.substr(0, bar);
    if (EqualsNoCase(option, token)) {
      return std::string(option);
    }
    if (IsPrefixNoCase(token, option)) {
      if (found) {
        return std::nullopt;  // ambiguous abbreviation
      }
      found = option;
    }
    spec.remove_prefix(bar == std::string_view::npos ? spec.size() : bar + 1);
  }
  return found ? std::optional<ArgValue>(std::string(*found)) : std::nullopt;
}

std::optional<ArgValue> ParseNextHop(std::span<const Token> tokens, std::size_t t,
                                     std::size_t& consumed) {
  if (const std::optional<Ipv4> a = Ipv4::Parse(tokens[t].text)) {
    return *a;
  }
  // A dotted word is a mistyped address, not an interface ("x.x.x.x", "10.0.0.300").
  if (tokens[t].text.find('.') != std::string_view::npos &&
      !InterfaceTypeOf(tokens[t].text).has_value()) {
    return std::nullopt;
  }
  return ParseInterfaceArg(tokens, t, consumed);
}

std::optional<ArgValue> ParseSimple(const Element& e, std::string_view token) {
  switch (e.type) {
    case ArgType::kIpv4:
    case ArgType::kWildcard:
      if (const std::optional<Ipv4> a = Ipv4::Parse(token)) {
        return *a;
      }
      return std::nullopt;
    case ArgType::kMask: {
      const std::optional<Ipv4> m = Ipv4::Parse(token);
      if (m && Prefix::FromMask(Ipv4{}, *m)) {
        return *m;
      }
      return std::nullopt;
    }
    case ArgType::kVlan:
      if (const auto v = ParseNumber(token, VlanSet::kMax); v && *v >= VlanSet::kMin) {
        return *v;
      }
      return std::nullopt;
    case ArgType::kVlans:
      if (std::optional<VlanSet> s = VlanSet::Parse(token)) {
        return *s;
      }
      return std::nullopt;
    case ArgType::kWord:
      return std::string(token);
    case ArgType::kArea:
      if (const std::optional<std::uint32_t> a = ParseArea(token)) {
        return *a;
      }
      return std::nullopt;
    case ArgType::kRd:
      return IsRouteDistinguisher(token) ? std::optional<ArgValue>(std::string(token))
                                         : std::nullopt;
    case ArgType::kRange:
      if (const auto v = ParseNumber(token, UINT32_MAX); v && InRanges(e.spec, *v)) {
        return *v;
      }
      return std::nullopt;
    case ArgType::kChoice:
      return ParseChoice(e.spec, token);
    default:
      return std::nullopt;
  }
}

std::string DescribeArg(const Element& e) {
  switch (e.type) {
    case ArgType::kIpv4:
      return "an IPv4 address";
    case ArgType::kMask:
      return "a subnet mask";
    case ArgType::kWildcard:
      return "a wildcard mask";
    case ArgType::kVlan:
      return "a VLAN ID (1-4094)";
    case ArgType::kVlans:
      return "a VLAN list such as 10,20-30 (IDs 1-4094)";
    case ArgType::kInterface:
      return "an interface name";
    case ArgType::kWord:
      return fmt::format("a {}", e.name);
    case ArgType::kText:
      return "a text";
    case ArgType::kArea:
      return "an OSPF area ID";
    case ArgType::kRd:
      return "a route distinguisher (ASN:nn or A.B.C.D:nn)";
    case ArgType::kAclSource:
      return "any, host A.B.C.D or A.B.C.D [wildcard]";
    case ArgType::kNextHop:
      return "a next-hop address or an interface";
    case ArgType::kRange:
      return fmt::format("a number ({})", e.spec);
    case ArgType::kChoice: {
      std::string options(e.spec);
      for (std::size_t p = options.find('|'); p != std::string::npos; p = options.find('|')) {
        options.replace(p, 1, ", ");
      }
      return fmt::format("one of {}", options);
    }
  }
  return "an argument";
}

}  // namespace

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && IsPrefixNoCase(a, b);
}

bool IsPrefixNoCase(std::string_view prefix, std::string_view word) {
  if (prefix.empty() || prefix.size() > word.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(prefix[i]) != Lower(word[i])) {
      return false;
    }
  }
  return true;
}

std::optional<std::vector<Element>> CompilePattern(std::string_view pattern) {
  std::vector<Element> out;
  int groups = 0;
  int open = 0;
  while (!pattern.empty()) {
    const std::size_t space = pattern.find(' ');
    std::string_view word = pattern.substr(0, space);
    pattern.remove_prefix(space == std::string_view::npos ? pattern.size() : space + 1);
    const bool opens = word.starts_with('[');
    const bool closes = word.ends_with(']');
    word = word.substr(opens ? 1 : 0, word.size() - (opens ? 1 : 0) - (closes ? 1 : 0));
    if ((opens && open != 0) || (closes && open == 0 && !opens)) {
      return std::nullopt;  // nested or unbalanced brackets
    }
    if (opens) {
      open = ++groups;
    }
    std::optional<Element> e = CompileWord(word);
    if (!e || (e->kind == ElementKind::kRest && (!pattern.empty() || open != 0))) {
      return std::nullopt;
    }
    e->group = open;
    e->group_first = opens;
    out.push_back(*e);
    if (closes) {
      open = 0;
    }
  }
  // Matching starts from the first keyword (command_table.cc), so every pattern needs one.
  if (open != 0 || out.empty() || out.front().kind != ElementKind::kKeyword ||
      out.front().group != 0) {
    return std::nullopt;
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view line) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
      ++i;
    }
    out.push_back(Token{line.substr(start, i - start), start});
  }
  return out;
}

std::optional<ParsedArg> ParseElement(const Element& e, std::span<const Token> tokens,
                                      std::size_t t, std::string_view line) {
  ParsedArg out;
  std::optional<ArgValue> v;
  if (e.kind == ElementKind::kKeyword) {
    v = IsPrefixNoCase(tokens[t].text, e.name) ? std::optional<ArgValue>(std::string(e.name))
                                               : std::nullopt;
  } else if (e.type == ArgType::kText) {
    v = std::string(line.substr(tokens[t].offset));
    out.consumed = tokens.size() - t;
  } else if (e.type == ArgType::kInterface) {
    v = ParseInterfaceArg(tokens, t, out.consumed);
  } else if (e.type == ArgType::kAclSource) {
    v = ParseAclSource(tokens, t, out.consumed);
  } else if (e.type == ArgType::kNextHop) {
    v = ParseNextHop(tokens, t, out.consumed);
  } else {
    v = ParseSimple(e, tokens[t].text);
  }
  if (!v) {
    return std::nullopt;
  }
  out.value = std::move(*v);
  return out;
}

std::string Describe(const Element& e) {
  if (e.kind == ElementKind::kKeyword) {
    return fmt::format("\"{}\"", e.name);
  }
  return DescribeArg(e);
}

}  // namespace mc::config::internal
