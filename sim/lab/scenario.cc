// scenario.txt parser (LAB-FORMAT.md §4); see scenario.h for the grammar and the decisions
// taken where LAB-FORMAT is silent. Lab syntax words (at, link, node, expect, received, sent,
// from, since, contains, lacks, matches, down, up, control kinds) are lower case as written in
// LAB-FORMAT; exec commands are case-insensitive like the IOS CLI they imitate.
#include "sim/lab/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <span>
#include <type_traits>
#include <utility>

#include "base/check.h"
#include "sim/lab/duration_parse.h"
#include "sim/lab/output_regex.h"

namespace mc::sim {
namespace {

using Words = std::vector<std::string_view>;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && IsSpace(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

Words SplitWords(std::string_view s) {
  Words out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) {
      ++i;
    }
    const std::size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) {
      ++i;
    }
    if (i > start) {
      out.push_back(s.substr(start, i - start));
    }
  }
  return out;
}

// The first word and the trimmed rest.
std::pair<std::string_view, std::string_view> SplitFirstWord(std::string_view s) {
  s = Trim(s);
  std::size_t end = 0;
  while (end < s.size() && !IsSpace(s[end])) {
    ++end;
  }
  return {s.substr(0, end), Trim(s.substr(end))};
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

Result<Ipv4, std::string> ParseAddress(std::string_view text) {
  if (const std::optional<Ipv4> a = Ipv4::Parse(text)) {
    return *a;
  }
  return fmt::format("bad address \"{}\"", text);
}

Result<Ipv4, std::string> ParseGroup(std::string_view text) {
  Result<Ipv4, std::string> a = ParseAddress(text);
  if (a && !a->IsMulticast()) {
    return fmt::format("{} is not a multicast group address", text);
  }
  return a;
}

Result<Ipv4, std::string> ParseSource(std::string_view text) {
  Result<Ipv4, std::string> a = ParseAddress(text);
  if (a && (a->IsMulticast() || a->IsUnspecified() || a->IsBroadcast())) {
    return fmt::format("{} is not a unicast source address", text);
  }
  return a;
}

Result<std::uint64_t, std::string> ParseNumber(std::string_view text) {
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
    return fmt::format("bad number \"{}\"", text);
  }
  return v;
}

Result<std::uint64_t, std::string> ParseRanged(std::string_view text, std::string_view what,
                                               std::uint64_t lo, std::uint64_t hi) {
  Result<std::uint64_t, std::string> v = ParseNumber(text);
  if (v && (*v < lo || *v > hi)) {
    return fmt::format("{} must be {}..{}, got {}", what, lo, hi, *v);
  }
  return v;
}

Result<Duration, std::string> ParseTime(std::string_view text) {
  Result<Duration, std::string> d = ParseDuration(text);
  if (!d) {
    return fmt::format("bad time \"{}\": {}", text, d.error());
  }
  return d;
}

// A comma list of unicast sources ("10.0.0.1,10.0.0.2"), each listed once.
Result<std::vector<Ipv4>, std::string> ParseSourceList(std::string_view list) {
  std::vector<Ipv4> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = list.find(',', start);
    const std::string_view item = Trim(list.substr(start, comma - start));
    Result<Ipv4, std::string> s = ParseSource(item);
    if (!s) {
      return s.error();
    }
    if (std::find(out.begin(), out.end(), *s) != out.end()) {
      return fmt::format("source {} listed twice", item);
    }
    out.push_back(*s);
    if (comma == std::string_view::npos) {
      return out;
    }
    start = comma + 1;
  }
}

// Walks the `<keyword> [<value>]` options that follow a command's positional arguments.
class OptionWalker {
 public:
  explicit OptionWalker(std::span<const std::string_view> words) : words_(words) {}

  bool Done() const { return i_ >= words_.size(); }
  // The next keyword, or an error if it was seen before.
  Result<std::string_view, std::string> Keyword() {
    const std::string_view kw = words_[i_++];
    for (const std::string_view s : seen_) {
      if (IEquals(s, kw)) {
        return fmt::format("{} given twice", kw);
      }
    }
    seen_.push_back(kw);
    return kw;
  }
  Result<std::string_view, std::string> Value(std::string_view keyword) {
    if (Done()) {
      return fmt::format("{} needs a value", keyword);
    }
    return words_[i_++];
  }
  // A comma list that may continue over words that end or start with ',' ("10.0.0.1, 10.0.0.2").
  Result<std::string_view, std::string> ListValue(std::string_view keyword, std::string& buf) {
    Result<std::string_view, std::string> first = Value(keyword);
    if (!first) {
      return first;
    }
    buf = std::string{*first};
    while (!Done() && (buf.back() == ',' || words_[i_].front() == ',')) {
      buf += words_[i_++];
    }
    return std::string_view{buf};
  }

 private:
  std::span<const std::string_view> words_;
  std::size_t i_ = 0;
  std::vector<std::string_view> seen_;
};

std::string Prefixed(std::string_view verb, const std::string& message) {
  return fmt::format("{}: {}", verb, message);
}

Result<ExecCommand, std::string> ParseShow(std::string_view args) {
  ShowCommand cmd;
  const std::size_t bar = args.rfind('|');
  if (bar != std::string_view::npos && IEquals(Trim(args.substr(bar + 1)), "json")) {
    cmd.json = true;
    args = Trim(args.substr(0, bar));
  }
  if (args.empty()) {
    return std::string{"show: missing what to show (e.g. show ip mroute)"};
  }
  cmd.args = std::string{args};
  return ExecCommand{std::move(cmd)};
}

Result<ExecCommand, std::string> ParseClear(const Words& w) {
  const std::string usage =
      "clear: expected clear ip mroute *|<group> [<source>] or clear ip igmp group [<group>]";
  if (w.size() >= 4 && IEquals(w[1], "ip") && IEquals(w[2], "mroute") && w.size() <= 5) {
    ClearMrouteCommand cmd;
    if (w[3] == "*") {
      if (w.size() != 4) {
        return usage;
      }
      return ExecCommand{cmd};
    }
    Result<Ipv4, std::string> g = ParseGroup(w[3]);
    if (!g) {
      return Prefixed("clear", g.error());
    }
    cmd.group = *g;
    if (w.size() == 5) {
      Result<Ipv4, std::string> s = ParseSource(w[4]);
      if (!s) {
        return Prefixed("clear", s.error());
      }
      cmd.source = *s;
    }
    return ExecCommand{cmd};
  }
  if (w.size() >= 4 && IEquals(w[1], "ip") && IEquals(w[2], "igmp") && IEquals(w[3], "group") &&
      w.size() <= 5) {
    ClearIgmpGroupCommand cmd;
    if (w.size() == 5) {
      Result<Ipv4, std::string> g = ParseGroup(w[4]);
      if (!g) {
        return Prefixed("clear", g.error());
      }
      cmd.group = *g;
    }
    return ExecCommand{cmd};
  }
  return usage;
}

// IOS takes whole seconds (`timeout 2`); a lab duration (`timeout 500ms`) is accepted too.
Result<Duration, std::string> ParsePingTimeout(std::string_view text) {
  const bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (digits_only) {
    Result<std::uint64_t, std::string> s = ParseRanged(text, "timeout", 0, 3600);
    if (!s) {
      return s.error();
    }
    return Duration{std::chrono::seconds{*s}};
  }
  Result<Duration, std::string> d = ParseTime(text);
  if (d && *d > kPingMaxTimeout) {
    return fmt::format("timeout must be at most 3600s, got {}", text);
  }
  return d;
}

Result<ExecCommand, std::string> ParsePing(const Words& w) {
  if (w.size() < 2) {
    return std::string{
        "ping: missing address (ping <group>|<address> [repeat N] [timeout S] "
        "[source IF])"};
  }
  Result<Ipv4, std::string> target = ParseAddress(w[1]);
  if (!target) {
    return Prefixed("ping", target.error());
  }
  PingCommand cmd;
  cmd.target = *target;
  cmd.repeat = target->IsMulticast() ? kPingDefaultRepeatMulticast : kPingDefaultRepeatUnicast;
  OptionWalker opts{std::span{w}.subspan(2)};
  while (!opts.Done()) {
    Result<std::string_view, std::string> kw = opts.Keyword();
    if (!kw) {
      return Prefixed("ping", kw.error());
    }
    const bool known = IEquals(*kw, "repeat") || IEquals(*kw, "timeout") || IEquals(*kw, "source");
    if (!known) {
      return fmt::format("ping: unknown option \"{}\" (expected repeat, timeout or source)", *kw);
    }
    Result<std::string_view, std::string> v = opts.Value(*kw);
    if (!v) {
      return Prefixed("ping", v.error());
    }
    if (IEquals(*kw, "repeat")) {
      Result<std::uint64_t, std::string> n = ParseRanged(*v, "repeat", 1, 2147483647);
      if (!n) {
        return Prefixed("ping", n.error());
      }
      cmd.repeat = static_cast<std::uint32_t>(*n);
    } else if (IEquals(*kw, "timeout")) {
      Result<Duration, std::string> t = ParsePingTimeout(*v);
      if (!t) {
        return Prefixed("ping", t.error());
      }
      cmd.timeout = *t;
    } else {
      cmd.source = std::string{*v};
    }
  }
  return ExecCommand{std::move(cmd)};
}

Result<ExecCommand, std::string> ParseConf(std::string_view rest) {
  ConfCommand cmd;
  std::size_t start = 0;
  for (;;) {
    const std::size_t semi = rest.find(';', start);
    const std::string_view line = Trim(rest.substr(start, semi - start));
    if (!line.empty()) {
      cmd.lines.emplace_back(line);
    }
    if (semi == std::string_view::npos) {
      break;
    }
    start = semi + 1;
  }
  if (cmd.lines.empty()) {
    return std::string{"conf: missing config lines (conf <line>[; <line>...])"};
  }
  return ExecCommand{std::move(cmd)};
}

Result<ExecCommand, std::string> ParseMtrace(const Words& w) {
  if (w.size() < 2 || w.size() > 3) {
    return std::string{"mtrace: expected mtrace <source> [<group>]"};
  }
  MtraceCommand cmd;
  Result<Ipv4, std::string> s = ParseSource(w[1]);
  if (!s) {
    return Prefixed("mtrace", s.error());
  }
  cmd.source = *s;
  if (w.size() == 3) {
    Result<Ipv4, std::string> g = ParseGroup(w[2]);
    if (!g) {
      return Prefixed("mtrace", g.error());
    }
    cmd.group = *g;
  }
  return ExecCommand{cmd};
}

// join and leave share their options: source <S>[,<S>...], interface <IF>, and for join
// exclude.
template <class Cmd>
Result<ExecCommand, std::string> ParseMembership(const Words& w, std::string_view verb) {
  constexpr bool kIsJoin = std::is_same_v<Cmd, JoinCommand>;
  if (w.size() < 2) {
    return fmt::format("{}: missing group address", verb);
  }
  Cmd cmd;
  Result<Ipv4, std::string> g = ParseGroup(w[1]);
  if (!g) {
    return Prefixed(verb, g.error());
  }
  cmd.group = *g;
  OptionWalker opts{std::span{w}.subspan(2)};
  std::string buf;
  while (!opts.Done()) {
    Result<std::string_view, std::string> kw = opts.Keyword();
    if (!kw) {
      return Prefixed(verb, kw.error());
    }
    if (IEquals(*kw, "source")) {
      Result<std::string_view, std::string> v = opts.ListValue(*kw, buf);
      Result<std::vector<Ipv4>, std::string> list =
          v ? ParseSourceList(*v) : Result<std::vector<Ipv4>, std::string>{v.error()};
      if (!list) {
        return Prefixed(verb, list.error());
      }
      cmd.sources = std::move(*list);
    } else if (IEquals(*kw, "interface")) {
      Result<std::string_view, std::string> v = opts.Value(*kw);
      if (!v) {
        return Prefixed(verb, v.error());
      }
      cmd.interface = std::string{*v};
    } else if (kIsJoin && IEquals(*kw, "exclude")) {
      if constexpr (kIsJoin) {
        cmd.exclude = true;
      }
    } else {
      return fmt::format("{}: unknown option \"{}\" (expected {})", verb, *kw,
                         kIsJoin ? "source, exclude or interface" : "source or interface");
    }
  }
  return ExecCommand{std::move(cmd)};
}

bool IsSendOption(std::string_view kw) {
  for (const std::string_view o :
       {"count", "interval", "ttl", "size", "port", "source-interface"}) {
    if (IEquals(kw, o)) {
      return true;
    }
  }
  return false;
}

Status<std::string> ApplySendOption(SendCommand& cmd, std::string_view kw, std::string_view v) {
  if (IEquals(kw, "interval")) {
    Result<Duration, std::string> d = ParseTime(v);
    if (!d) {
      return d.error();
    }
    cmd.interval = *d;
    return {};
  }
  if (IEquals(kw, "source-interface")) {
    cmd.source_interface = std::string{v};
    return {};
  }
  struct Range {
    std::string_view name;
    std::uint64_t lo, hi;
  };
  constexpr std::array<Range, 4> kRanges = {{{"count", 1, kSendMaxCount},
                                             {"ttl", 1, 255},
                                             {"size", 0, kSendMaxSize},
                                             {"port", 1, 65535}}};
  for (const Range& r : kRanges) {
    if (IEquals(kw, r.name)) {
      Result<std::uint64_t, std::string> n = ParseRanged(v, r.name, r.lo, r.hi);
      if (!n) {
        return n.error();
      }
      if (r.name == "count") {
        cmd.count = *n;
      } else if (r.name == "ttl") {
        cmd.ttl = static_cast<std::uint8_t>(*n);
      } else if (r.name == "size") {
        cmd.size = static_cast<std::uint16_t>(*n);
      } else {
        cmd.port = static_cast<std::uint16_t>(*n);
      }
      return {};
    }
  }
  MC_BUG("send option {} passed IsSendOption but has no parser", kw);
  return std::string{"internal error"};
}

Result<ExecCommand, std::string> ParseSend(const Words& w) {
  if (w.size() < 2) {
    return std::string{"send: missing group address"};
  }
  SendCommand cmd;
  Result<Ipv4, std::string> g = ParseGroup(w[1]);
  if (!g) {
    return Prefixed("send", g.error());
  }
  cmd.group = *g;
  OptionWalker opts{std::span{w}.subspan(2)};
  while (!opts.Done()) {
    Result<std::string_view, std::string> kw = opts.Keyword();
    if (!kw) {
      return Prefixed("send", kw.error());
    }
    if (!IsSendOption(*kw)) {
      return fmt::format(
          "send: unknown option \"{}\" (expected count, interval, ttl, size, "
          "port or source-interface)",
          *kw);
    }
    Result<std::string_view, std::string> v = opts.Value(*kw);
    if (!v) {
      return Prefixed("send", v.error());
    }
    if (Status<std::string> s = ApplySendOption(cmd, *kw, *v); !s) {
      return Prefixed("send", s.error());
    }
  }
  if (cmd.interval == Duration{0} && !cmd.count) {
    return std::string{"send: interval 0 needs a count"};
  }
  return ExecCommand{std::move(cmd)};
}

// ---- scenario lines ------------------------------------------------------------------------

struct Token {
  std::string_view text;
  bool quoted = false;
};

Result<std::vector<Token>, std::string> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (IsSpace(s[i])) {
      ++i;
      continue;
    }
    if (s[i] == '"') {
      const std::size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) {
        return std::string{"unterminated quote"};
      }
      out.push_back(Token{s.substr(i + 1, close - i - 1), true});
      i = close + 1;
      if (i < s.size() && !IsSpace(s[i])) {
        return std::string{"expected a space after the closing quote"};
      }
      continue;
    }
    const std::size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) {
      ++i;
    }
    const std::string_view word = s.substr(start, i - start);
    if (word.find('"') != std::string_view::npos) {
      return fmt::format("unexpected quote in \"{}\"", word);
    }
    out.push_back(Token{word, false});
  }
  return out;
}

// `#` outside quotes starts a comment; a quote left open is an error.
Result<std::string_view, std::string> StripComment(std::string_view line) {
  bool in_quote = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') {
      in_quote = !in_quote;
    } else if (line[i] == '#' && !in_quote) {
      return line.substr(0, i);
    }
  }
  if (in_quote) {
    return std::string{"unterminated quote"};
  }
  return line;
}

// The comparison and optional `from`/`since` that end every counting expectation.
struct CountTail {
  std::optional<Ipv4> from;
  std::optional<Duration> since;
  CompareOp op = CompareOp::kEq;
  std::uint64_t count = 0;
};

class LineParser {
 public:
  explicit LineParser(const Topology& topo) : topo_(topo) {}

  Result<Action, std::string> ParseAction(Duration at, std::string_view text) const;

 private:
  Status<std::string> CheckNode(std::string_view node) const {
    if (topo_.FindNode(node) == nullptr) {
      return fmt::format("unknown node \"{}\"", node);
    }
    return {};
  }
  Result<Action, std::string> ParseExec(std::string_view node, std::string_view command) const;
  Result<Action, std::string> ParseLink(std::string_view rest) const;
  Result<Action, std::string> ParseNode(std::string_view rest) const;
  Result<Action, std::string> ParseExpect(Duration at, std::string_view rest) const;
  Result<Action, std::string> ParseExpectOutput(std::span<const Token> t) const;
  Result<Action, std::string> ParseExpectReceived(Duration at, std::span<const Token> t) const;
  Result<Action, std::string> ParseExpectSent(Duration at, std::span<const Token> t) const;
  static Result<CountTail, std::string> ParseCountTail(Duration at, std::span<const Token> t,
                                                       bool allow_from);

  const Topology& topo_;
};

Result<Action, std::string> LineParser::ParseAction(Duration at, std::string_view text) const {
  const auto [word, rest] = SplitFirstWord(text);
  if (word.size() > 1 && word.back() == ':') {
    return ParseExec(word.substr(0, word.size() - 1), rest);
  }
  if (word == "link") {
    return ParseLink(rest);
  }
  if (word == "node") {
    return ParseNode(rest);
  }
  if (word == "expect") {
    return ParseExpect(at, rest);
  }
  if (topo_.FindNode(word) != nullptr) {
    return fmt::format("missing \":\" after node {} (write \"{}: <command>\")", word, word);
  }
  return fmt::format("unknown action \"{}\" (expected \"<node>: <command>\", link, node or expect)",
                     word);
}

Result<Action, std::string> LineParser::ParseExec(std::string_view node,
                                                  std::string_view command) const {
  if (Status<std::string> s = CheckNode(node); !s) {
    return s.error();
  }
  if (command.empty()) {
    return fmt::format("missing command after \"{}:\"", node);
  }
  Result<ExecCommand, std::string> parsed = ParseExecCommand(command);
  if (!parsed) {
    return parsed.error();
  }
  return Action{ExecAction{std::string{node}, std::string{command}, std::move(*parsed)}};
}

Result<Action, std::string> LineParser::ParseLink(std::string_view rest) const {
  const Words w = SplitWords(rest);
  if (w.size() != 2) {
    return std::string{"expected link <node>:<interface> down|up"};
  }
  const std::size_t colon = w[0].find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == w[0].size()) {
    return fmt::format("malformed interface \"{}\" (expected <node>:<interface>)", w[0]);
  }
  const std::string_view node = w[0].substr(0, colon);
  const std::string_view ifname = w[0].substr(colon + 1);
  if (Status<std::string> s = CheckNode(node); !s) {
    return s.error();
  }
  const std::optional<EndpointRef> ep = topo_.FindEndpoint(node, ifname);
  if (!ep) {
    return fmt::format("no link in the topology has endpoint {}", w[0]);
  }
  if (w[1] != "down" && w[1] != "up") {
    return fmt::format("expected down or up after link {}, got \"{}\"", w[0], w[1]);
  }
  return Action{LinkAction{std::string{node}, std::string{ifname}, *ep, w[1] == "up"}};
}

Result<Action, std::string> LineParser::ParseNode(std::string_view rest) const {
  const Words w = SplitWords(rest);
  if (w.size() != 2) {
    return std::string{"expected node <node> down|up"};
  }
  if (Status<std::string> s = CheckNode(w[0]); !s) {
    return s.error();
  }
  if (w[1] != "down" && w[1] != "up") {
    return fmt::format("expected down or up after node {}, got \"{}\"", w[0], w[1]);
  }
  return Action{NodeAction{std::string{w[0]}, w[1] == "up"}};
}

Result<Action, std::string> LineParser::ParseExpect(Duration at, std::string_view rest) const {
  Result<std::vector<Token>, std::string> tokens = Tokenize(rest);
  if (!tokens) {
    return tokens.error();
  }
  const std::vector<Token>& t = *tokens;
  if (t.size() < 2 || t[0].quoted) {
    return std::string{
        "expected expect <node> received|\"<command>\" ... or "
        "expect <node>:<interface> sent ..."};
  }
  if (t[1].quoted) {
    return ParseExpectOutput(t);
  }
  if (t[1].text == "received") {
    return ParseExpectReceived(at, t);
  }
  if (t[1].text == "sent") {
    return ParseExpectSent(at, t);
  }
  return fmt::format("expected received, sent or a quoted command after expect {}, got \"{}\"",
                     t[0].text, t[1].text);
}

Result<Action, std::string> LineParser::ParseExpectOutput(std::span<const Token> t) const {
  ExpectOutput out;
  if (t[0].text.find(':') != std::string_view::npos) {
    return fmt::format("a command runs on a node, not on an interface (\"{}\")", t[0].text);
  }
  if (Status<std::string> s = CheckNode(t[0].text); !s) {
    return s.error();
  }
  out.node = std::string{t[0].text};
  out.command = std::string{Trim(t[1].text)};
  Result<ExecCommand, std::string> parsed = ParseExecCommand(out.command);
  if (!parsed) {
    return parsed.error();
  }
  out.parsed = std::move(*parsed);
  if (t.size() < 3 || t[2].quoted ||
      (t[2].text != "contains" && t[2].text != "lacks" && t[2].text != "matches")) {
    return std::string{"expected contains, lacks or matches after the command"};
  }
  out.check = t[2].text == "contains" ? OutputCheck::kContains
              : t[2].text == "lacks"  ? OutputCheck::kLacks
                                      : OutputCheck::kMatches;
  if (t.size() < 4 || !t[3].quoted) {
    return fmt::format("expected a quoted text after {}", t[2].text);
  }
  if (t[3].text.empty()) {
    return fmt::format("empty text after {}", t[2].text);
  }
  if (t.size() > 4) {
    return fmt::format("unexpected \"{}\" after the text", t[4].text);
  }
  out.text = std::string{t[3].text};
  if (out.check == OutputCheck::kMatches) {
    if (Status<std::string> s = CheckOutputRegex(out.text); !s) {
      return s.error();
    }
  }
  return Action{std::move(out)};
}

Result<Action, std::string> LineParser::ParseExpectReceived(Duration at,
                                                            std::span<const Token> t) const {
  if (t[0].text.find(':') != std::string_view::npos) {
    return fmt::format(
        "received counts what a node's applications got: name the node, not an "
        "interface (\"{}\")",
        t[0].text);
  }
  if (Status<std::string> s = CheckNode(t[0].text); !s) {
    return s.error();
  }
  if (t.size() < 3 || t[2].quoted) {
    return std::string{"missing group after received"};
  }
  Result<Ipv4, std::string> g = ParseGroup(t[2].text);
  if (!g) {
    return g.error();
  }
  Result<CountTail, std::string> tail = ParseCountTail(at, t.subspan(3), /*allow_from=*/true);
  if (!tail) {
    return tail.error();
  }
  return Action{
      ExpectReceived{std::string{t[0].text}, *g, tail->from, tail->since, tail->op, tail->count}};
}

Result<Action, std::string> LineParser::ParseExpectSent(Duration at,
                                                        std::span<const Token> t) const {
  const std::size_t colon = t[0].text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == t[0].text.size()) {
    return fmt::format(
        "sent counts frames out of an interface: write <node>:<interface>, got "
        "\"{}\"",
        t[0].text);
  }
  ExpectSent out;
  out.node = std::string{t[0].text.substr(0, colon)};
  out.interface = std::string{t[0].text.substr(colon + 1)};
  if (Status<std::string> s = CheckNode(out.node); !s) {
    return s.error();
  }
  if (t.size() < 3 || t[2].quoted) {
    return std::string{"missing group or control packet kind after sent"};
  }
  std::size_t next = 3;
  out.control = ControlKindFromName(t[2].text);
  if (!out.control) {
    if (!Ipv4::Parse(t[2].text)) {
      return fmt::format(
          "expected a group address or a control packet kind (igmp-query, "
          "igmp-report, igmp-leave, pim-*, vrrp, autorp, msdp), got \"{}\"",
          t[2].text);
    }
    Result<Ipv4, std::string> g = ParseGroup(t[2].text);
    if (!g) {
      return g.error();
    }
    out.group = *g;
  } else if (next < t.size() && !t[next].quoted && Ipv4::Parse(t[next].text)) {
    if (!ControlKindTakesGroup(*out.control)) {
      return fmt::format("{} takes no group", t[2].text);
    }
    Result<Ipv4, std::string> g = ParseGroup(t[next].text);
    if (!g) {
      return g.error();
    }
    out.group = *g;
    ++next;
  }
  Result<CountTail, std::string> tail = ParseCountTail(at, t.subspan(next), /*allow_from=*/false);
  if (!tail) {
    return tail.error();
  }
  out.since = tail->since;
  out.op = tail->op;
  out.count = tail->count;
  return Action{std::move(out)};
}

Result<CountTail, std::string> LineParser::ParseCountTail(Duration at, std::span<const Token> t,
                                                          bool allow_from) {
  CountTail out;
  std::size_t i = 0;
  for (; i < t.size() && !t[i].quoted && (t[i].text == "from" || t[i].text == "since"); i += 2) {
    const std::string_view kw = t[i].text;
    if (kw == "from" && !allow_from) {
      return std::string{"from applies to received only"};
    }
    if ((kw == "from" && out.from) || (kw == "since" && out.since)) {
      return fmt::format("{} given twice", kw);
    }
    if (i + 1 >= t.size() || t[i + 1].quoted) {
      return fmt::format("{} needs a value", kw);
    }
    if (kw == "from") {
      Result<Ipv4, std::string> s = ParseSource(t[i + 1].text);
      if (!s) {
        return s.error();
      }
      out.from = *s;
      continue;
    }
    Result<Duration, std::string> since = ParseTime(t[i + 1].text);
    if (!since) {
      return since.error();
    }
    if (*since > at) {
      return fmt::format("since {} is later than the line's own time", t[i + 1].text);
    }
    out.since = *since;
  }
  if (i >= t.size()) {
    return std::string{"missing comparison at the end (e.g. >= 1)"};
  }
  const std::optional<CompareOp> op = t[i].quoted ? std::nullopt : CompareOpFromString(t[i].text);
  if (!op) {
    return fmt::format("bad operator \"{}\" (expected ==, !=, >=, <=, > or <)", t[i].text);
  }
  out.op = *op;
  if (i + 1 >= t.size()) {
    return fmt::format("missing count after {}", t[i].text);
  }
  Result<std::uint64_t, std::string> n = ParseNumber(t[i + 1].text);
  if (!n) {
    return n.error();
  }
  out.count = *n;
  if (i + 2 < t.size()) {
    return fmt::format("unexpected \"{}\" after the count", t[i + 2].text);
  }
  return out;
}

// Indexed by ControlKind and CompareOp.
constexpr auto kControlNames = std::to_array<std::string_view>(
    {"igmp-query", "igmp-report", "igmp-leave", "pim-hello", "pim-join-prune", "pim-register",
     "pim-register-stop", "pim-assert", "pim-bootstrap", "pim-graft", "pim-state-refresh",
     "pim-df-election", "vrrp", "autorp", "msdp"});
static_assert(kControlNames.size() == static_cast<std::size_t>(ControlKind::kMsdp) + 1);

constexpr auto kOpNames = std::to_array<std::string_view>({"==", "!=", ">=", "<=", ">", "<"});
static_assert(kOpNames.size() == static_cast<std::size_t>(CompareOp::kLt) + 1);

}  // namespace

std::string_view ToString(CompareOp op) { return kOpNames[static_cast<std::size_t>(op)]; }

std::optional<CompareOp> CompareOpFromString(std::string_view text) {
  for (std::size_t i = 0; i < kOpNames.size(); ++i) {
    if (kOpNames[i] == text) {
      return static_cast<CompareOp>(i);
    }
  }
  return std::nullopt;
}

bool Holds(CompareOp op, std::uint64_t actual, std::uint64_t expected) {
  switch (op) {
    case CompareOp::kEq:
      return actual == expected;
    case CompareOp::kNe:
      return actual != expected;
    case CompareOp::kGe:
      return actual >= expected;
    case CompareOp::kLe:
      return actual <= expected;
    case CompareOp::kGt:
      return actual > expected;
    case CompareOp::kLt:
      return actual < expected;
  }
  return false;
}

std::string_view ToString(ControlKind kind) {
  return kControlNames[static_cast<std::size_t>(kind)];
}

std::optional<ControlKind> ControlKindFromName(std::string_view name) {
  for (std::size_t i = 0; i < kControlNames.size(); ++i) {
    if (kControlNames[i] == name) {
      return static_cast<ControlKind>(i);
    }
  }
  return std::nullopt;
}

bool ControlKindTakesGroup(ControlKind kind) {
  return kind != ControlKind::kPimHello && kind != ControlKind::kPimBootstrap &&
         kind != ControlKind::kPimDfElection;
}

std::string_view ToString(OutputCheck check) {
  switch (check) {
    case OutputCheck::kContains:
      return "contains";
    case OutputCheck::kLacks:
      return "lacks";
    case OutputCheck::kMatches:
      return "matches";
  }
  return "?";
}

Result<ExecCommand, std::string> ParseExecCommand(std::string_view command) {
  const Words w = SplitWords(command);
  if (w.empty()) {
    return std::string{"empty command"};
  }
  const std::string_view verb = w[0];
  if (IEquals(verb, "show") || IEquals(verb, "sho") || IEquals(verb, "sh")) {
    return ParseShow(SplitFirstWord(command).second);
  }
  if (IEquals(verb, "clear")) {
    return ParseClear(w);
  }
  if (IEquals(verb, "ping")) {
    return ParsePing(w);
  }
  if (IEquals(verb, "conf")) {
    return ParseConf(SplitFirstWord(command).second);
  }
  if (IEquals(verb, "mtrace")) {
    return ParseMtrace(w);
  }
  if (IEquals(verb, "join")) {
    return ParseMembership<JoinCommand>(w, "join");
  }
  if (IEquals(verb, "leave")) {
    return ParseMembership<LeaveCommand>(w, "leave");
  }
  if (IEquals(verb, "send")) {
    return ParseSend(w);
  }
  return fmt::format(
      "unknown command \"{}\" (expected show, clear, ping, conf, mtrace, join, leave or send)",
      verb);
}

Result<Scenario, LabError> ParseScenario(std::string_view text, const Topology& topology,
                                         std::string_view file_name) {
  Scenario scenario{std::string{file_name}, {}};
  const LineParser parser{topology};
  const auto error = [&](int line, std::string message) {
    return LabError{std::string{file_name}, line, std::move(message)};
  };
  int line_no = 0;
  std::string_view prev_time;  // as written, for the ordering error
  int prev_line = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    Result<std::string_view, std::string> body = StripComment(raw);
    if (!body) {
      return error(line_no, body.error());
    }
    const auto [at_word, after_at] = SplitFirstWord(*body);
    if (at_word.empty()) {
      continue;
    }
    if (at_word != "at") {
      return error(line_no, fmt::format("expected \"at <time>\" at the start of the line, got "
                                        "\"{}\"",
                                        at_word));
    }
    const auto [time_word, action_text] = SplitFirstWord(after_at);
    if (time_word.empty()) {
      return error(line_no, "missing time after at");
    }
    Result<Duration, std::string> at = ParseTime(time_word);
    if (!at) {
      return error(line_no, at.error());
    }
    if (!scenario.lines.empty() && *at < scenario.lines.back().at) {
      return error(line_no, fmt::format("time {} is earlier than {} on line {} (times must not "
                                        "decrease)",
                                        time_word, prev_time, prev_line));
    }
    if (action_text.empty()) {
      return error(line_no, fmt::format("missing action after at {}", time_word));
    }
    Result<Action, std::string> action = parser.ParseAction(*at, action_text);
    if (!action) {
      return error(line_no, action.error());
    }
    scenario.lines.push_back(
        ScenarioLine{line_no, *at, std::string{action_text}, std::move(*action)});
    prev_time = time_word;
    prev_line = line_no;
  }
  return scenario;
}

Result<Scenario, LabError> LoadScenario(const std::filesystem::path& lab_dir,
                                        const Topology& topology) {
  Result<std::string, LabError> text = ReadLabFile(lab_dir / "scenario.txt", "scenario.txt");
  if (!text) {
    return text.error();
  }
  return ParseScenario(*text, topology, "scenario.txt");
}

Duration ScenarioEnd(const Scenario& scenario) {
  return scenario.lines.empty() ? Duration{0} : scenario.lines.back().at;
}

}  // namespace mc::sim
