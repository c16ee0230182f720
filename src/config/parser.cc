// IOS config text parser: comments, indentation blocks, file:line bookkeeping.
#include "config/parser.h"

#include <fmt/format.h>

namespace mc::config {
namespace {

constexpr int kTabStop = 8;

struct RawLine {
  int indent = 0;
  std::string_view text;  // trimmed
};

RawLine Measure(std::string_view line) {
  RawLine r;
  std::size_t i = 0;
  for (; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i) {
    r.indent = line[i] == '\t' ? (r.indent / kTabStop + 1) * kTabStop : r.indent + 1;
  }
  std::size_t end = line.size();
  while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) {
    --end;
  }
  r.text = line.substr(i, end - i);
  return r;
}

bool IsIgnored(std::string_view text) {
  return text.empty() || text.front() == '!' || text == "end" ||
         text == "Building configuration..." || text.starts_with("Current configuration :");
}

bool HasControlCharacter(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\r') || u == 0x7F) {
      return true;
    }
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Open blocks from the outermost in: each is the indentation and the path of child indexes
// from the top-level list down to the line, so later pushes never invalidate it.
struct OpenBlock {
  int indent;
  std::vector<std::size_t> path;
};

std::vector<ConfigLine>& ChildrenAt(std::vector<ConfigLine>& top,
                                    const std::vector<std::size_t>& path) {
  std::vector<ConfigLine>* list = &top;
  for (const std::size_t i : path) {
    list = &(*list)[i].children;
  }
  return *list;
}

}  // namespace

std::string ConfigError::ToString() const {
  return fmt::format("{}:{}: {}: '{}'", file, line, message, text);
}

Result<std::vector<ConfigLine>, ConfigError> ParseConfig(std::string_view text,
                                                         std::string_view file) {
  std::vector<ConfigLine> top;
  std::vector<OpenBlock> open;
  int number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    const RawLine line = Measure(raw);
    if (HasControlCharacter(line.text)) {
      return ConfigError{std::string(file), number, std::string(line.text), "invalid character"};
    }
    if (IsIgnored(line.text)) {
      continue;
    }
    while (!open.empty() && open.back().indent >= line.indent) {
      open.pop_back();
    }
    std::vector<std::size_t> path = open.empty() ? std::vector<std::size_t>{} : open.back().path;
    std::vector<ConfigLine>& siblings = ChildrenAt(top, path);
    siblings.push_back(ConfigLine{std::string(file), number, std::string(line.text), {}});
    path.push_back(siblings.size() - 1);
    open.push_back(OpenBlock{line.indent, std::move(path)});
  }
  return top;
}

std::vector<ConfigLine> SplitConfCommand(std::string_view text, std::string_view file, int line) {
  std::vector<ConfigLine> out;
  while (true) {
    const std::size_t semi = text.find(';');
    const std::string_view part = Trim(text.substr(0, semi));
    if (!part.empty()) {
      out.push_back(ConfigLine{std::string(file), line, std::string(part), {}});
    }
    if (semi == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(semi + 1);
  }
}

}  // namespace mc::config
