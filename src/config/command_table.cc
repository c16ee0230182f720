// Command matching: IOS keyword abbreviation, the `no` prefix, typed arguments, and the choice
// between rows (see command_table.h).
#include "config/command_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "config/pattern.h"

namespace mc::config {
namespace {

using internal::Element;
using internal::ElementKind;
using internal::Token;

struct Candidate {
  const CommandRow* row;
  std::vector<Element> elements;
};

struct Attempt {
  bool ok = false;
  std::size_t progress = 0;  // tokens matched before the failure
  std::string message;
  Args args{false};
  std::string missing;  // for "incomplete command": what the next token should have been
};

bool IsPathKeyword(const Candidate& c, std::size_t i) {
  return i < c.elements.size() && c.elements[i].kind == ElementKind::kKeyword &&
         c.elements[i].group == 0;
}

// The rows of `mode` whose first keyword `first_word` can abbreviate, compiled. Every pattern
// starts with a keyword, so the others cannot match; skipping them keeps matching cheap.
std::vector<Candidate> RowsOf(std::span<const std::span<const CommandRow>> tables, Mode mode,
                              std::string_view first_word) {
  std::vector<Candidate> out;
  for (const std::span<const CommandRow> table : tables) {
    for (const CommandRow& row : table) {
      const std::string_view keyword = row.pattern.substr(0, row.pattern.find(' '));
      if (row.mode != mode || !internal::IsPrefixNoCase(first_word, keyword)) {
        continue;
      }
      if (std::optional<std::vector<Element>> e = internal::CompilePattern(row.pattern)) {
        out.push_back(Candidate{&row, std::move(*e)});
      }
    }
  }
  return out;
}

// One step of the keyword walk: the keyword at position `i` that `token` selects among the
// candidates, preferring an exact match over an abbreviation. nullopt: no keyword fits.
Result<std::optional<std::string_view>, MatchError> SelectKeyword(
    const std::vector<Candidate>& cands, std::size_t i, std::string_view token) {
  std::set<std::string_view> prefixed;
  for (const Candidate& c : cands) {
    if (!IsPathKeyword(c, i)) {
      continue;
    }
    const std::string_view kw = c.elements[i].name;
    if (internal::EqualsNoCase(token, kw)) {
      return std::optional<std::string_view>(kw);
    }
    if (internal::IsPrefixNoCase(token, kw)) {
      prefixed.insert(kw);
    }
  }
  if (prefixed.size() > 1) {
    return MatchError{
        MatchFailure::kAmbiguous,
        fmt::format("ambiguous command: \"{}\" could be {}", token, fmt::join(prefixed, ", ")), i};
  }
  if (prefixed.empty()) {
    return std::optional<std::string_view>();
  }
  return std::optional<std::string_view>(*prefixed.begin());
}

Attempt Fail(std::size_t progress, std::string message) {
  return Attempt{.ok = false, .progress = progress, .message = std::move(message)};
}

// Matches the elements after the keyword path, from element and token index `start`.
Attempt MatchArguments(const Candidate& c, std::size_t start, std::span<const Token> tokens,
                       std::string_view line, bool negated) {
  Attempt a{.ok = true, .args = Args(negated)};
  std::size_t t = start;
  int skipping = 0;
  const Element* skipped_here = nullptr;  // last optional passed over at token t
  for (std::size_t i = start; i < c.elements.size(); ++i) {
    const Element& e = c.elements[i];
    if (e.kind == ElementKind::kRest) {
      t = tokens.size();
      break;
    }
    if (e.group != 0 && e.group == skipping) {
      continue;
    }
    const bool skippable = e.group != 0 && e.group_first;
    if (t == tokens.size()) {
      if (skippable) {
        skipping = e.group;
        continue;
      }
      if (negated && (c.row->no_needs.empty() || a.args.Has(c.row->no_needs))) {
        break;  // `no` forms may leave out trailing arguments
      }
      Attempt incomplete = Fail(t, "incomplete command: expected " + internal::Describe(e));
      incomplete.missing = internal::Describe(e);
      return incomplete;
    }
    std::optional<internal::ParsedArg> p = internal::ParseElement(e, tokens, t, line);
    if (!p) {
      if (skippable) {
        skipping = e.group;
        skipped_here = &e;
        continue;
      }
      return Fail(t, fmt::format("invalid argument \"{}\": expected {}", tokens[t].text,
                                 internal::Describe(e)));
    }
    if (e.kind == ElementKind::kArg || e.group != 0) {
      a.args.Set(e.name, std::move(p->value));
    }
    t += p->consumed;
    skipped_here = nullptr;
  }
  if (t < tokens.size()) {
    return Fail(t, fmt::format("invalid argument \"{}\": expected {}", tokens[t].text,
                               skipped_here ? internal::Describe(*skipped_here)
                                            : std::string("end of command")));
  }
  a.progress = t;
  return a;
}

// The rows whose keyword path ends where the walk stopped; the error when none does. When the
// line ends right after the keywords, the error lists every way it could go on.
Result<Matched, MatchError> MatchCandidates(const std::vector<Candidate>& cands, std::size_t t,
                                            std::span<const Token> tokens, std::string_view line,
                                            bool negated) {
  std::optional<Attempt> best;
  std::set<std::string_view> keywords;
  std::vector<std::string> arguments;
  for (const Candidate& c : cands) {
    if (IsPathKeyword(c, t)) {
      keywords.insert(c.elements[t].name);
      continue;
    }
    Attempt a = MatchArguments(c, t, tokens, line, negated);
    if (a.ok) {
      return Matched{c.row, std::move(a.args)};
    }
    if (!a.missing.empty() && a.progress == t &&
        std::find(arguments.begin(), arguments.end(), a.missing) == arguments.end()) {
      arguments.push_back(a.missing);
    }
    if (!best || a.progress > best->progress) {
      best = std::move(a);
    }
  }
  if (t == tokens.size() && (!keywords.empty() || !arguments.empty())) {
    std::vector<std::string> all(keywords.begin(), keywords.end());
    all.insert(all.end(), arguments.begin(), arguments.end());
    return MatchError{MatchFailure::kInvalid,
                      fmt::format("incomplete command: expected {}", fmt::join(all, ", ")), t};
  }
  if (best) {
    return MatchError{MatchFailure::kInvalid, best->message, best->progress};
  }
  if (t < tokens.size() && keywords.size() == 1) {  // one way on: a wrong keyword, not a typo
    return MatchError{
        MatchFailure::kInvalid,
        fmt::format("invalid argument \"{}\": expected \"{}\"", tokens[t].text, *keywords.begin()),
        t};
  }
  return MatchError{MatchFailure::kUnknown, "unknown command"};
}

}  // namespace

std::string_view ToString(Mode mode) {
  switch (mode) {
    case Mode::kGlobal:
      return "global";
    case Mode::kInterface:
      return "interface";
    case Mode::kRouterOspf:
      return "router ospf";
    case Mode::kVrf:
      return "ip vrf";
    case Mode::kVlan:
      return "vlan";
    case Mode::kAclStandard:
      return "standard access-list";
    case Mode::kVrrpAddressFamily:
      return "vrrp address-family";
    case Mode::kIgmpProfile:
      return "igmp profile";
  }
  return "unknown";
}

void Args::Set(std::string_view name, ArgValue value) {
  values_.emplace_back(name, std::move(value));
}

const ArgValue* Args::Find(std::string_view name) const {
  for (const auto& [n, v] : values_) {
    if (n == name) {
      return &v;
    }
  }
  return nullptr;
}

bool Args::Has(std::string_view name) const { return Find(name) != nullptr; }

std::optional<Ipv4> Args::Ip(std::string_view name) const {
  const ArgValue* v = Find(name);
  return v && std::holds_alternative<Ipv4>(*v) ? std::optional<Ipv4>(std::get<Ipv4>(*v))
                                               : std::nullopt;
}

std::uint32_t Args::Number(std::string_view name) const {
  const ArgValue* v = Find(name);
  return v && std::holds_alternative<std::uint32_t>(*v) ? std::get<std::uint32_t>(*v) : 0;
}

std::string Args::Text(std::string_view name) const {
  const ArgValue* v = Find(name);
  return v && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : "";
}

VlanSet Args::Vlans(std::string_view name) const {
  const ArgValue* v = Find(name);
  return v && std::holds_alternative<VlanSet>(*v) ? std::get<VlanSet>(*v) : VlanSet{};
}

AclMatch Args::Acl(std::string_view name) const {
  const ArgValue* v = Find(name);
  return v && std::holds_alternative<AclMatch>(*v) ? std::get<AclMatch>(*v) : AclMatch{};
}

Result<Matched, MatchError> MatchCommand(std::span<const std::span<const CommandRow>> tables,
                                         Mode mode, std::string_view text) {
  const std::vector<Token> all = internal::Tokenize(text);
  const bool negated = !all.empty() && internal::EqualsNoCase(all.front().text, "no");
  const std::span<const Token> tokens = std::span(all).subspan(negated ? 1 : 0);
  if (tokens.empty()) {
    return MatchError{MatchFailure::kUnknown, "unknown command"};
  }
  std::vector<Candidate> cands = RowsOf(tables, mode, tokens.front().text);
  std::size_t t = 0;
  for (; t < tokens.size(); ++t) {
    Result<std::optional<std::string_view>, MatchError> kw =
        SelectKeyword(cands, t, tokens[t].text);
    if (!kw) {
      return kw.error();
    }
    if (!kw->has_value()) {
      break;
    }
    std::erase_if(cands, [&](const Candidate& c) {
      return !IsPathKeyword(c, t) || c.elements[t].name != **kw;
    });
  }
  if (t == 0) {
    return MatchError{MatchFailure::kUnknown, "unknown command"};
  }
  return MatchCandidates(cands, t, tokens, text, negated);
}

bool IsValidPattern(std::string_view pattern) {
  return internal::CompilePattern(pattern).has_value();
}

}  // namespace mc::config
