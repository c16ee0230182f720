// Apply: IOS configuration modes over the parsed line tree, dispatching each line through the
// command table.
#include "config/apply.h"

#include <vector>

#include "config/command_table.h"
#include "config/commands.h"
#include "config/pattern.h"

namespace mc::config {
namespace {

ConfigError ErrorAt(const ConfigLine& line, std::string message) {
  return ConfigError{line.file, line.line, line.text, std::move(message)};
}

// Runs `line` in the innermost mode of `stack` that accepts it, never going below index
// `floor` - 1 (a block's children stay in the block). As IOS does, a line a mode rejects is
// tried in the enclosing modes (`router ospf 2` typed in router mode is not a bad `router-id`);
// when none accepts it, the error that got furthest into the line is reported, the innermost
// on a tie. Pops the stack to the accepting mode and returns the mode the line opened, if any.
Result<std::optional<ModeContext>, ConfigError> Dispatch(DeviceConfig& cfg,
                                                         std::vector<ModeContext>& stack,
                                                         std::size_t floor,
                                                         const ConfigLine& line) {
  const auto tables = CommandTables();
  std::optional<MatchError> reported;
  for (std::size_t depth = stack.size(); depth-- > floor - 1;) {
    Result<Matched, MatchError> m = MatchCommand(tables, stack[depth].mode, line.text);
    if (!m) {
      const MatchError& e = m.error();
      if (e.kind != MatchFailure::kUnknown && (!reported || e.progress > reported->progress)) {
        reported = e;
      }
      continue;
    }
    stack.resize(depth + 1);
    if (m->row->handler == nullptr) {
      return ErrorAt(line, "not supported yet");
    }
    Call call{cfg, stack.back(), m->args, std::nullopt};
    const Status<std::string> s = m->row->handler(call);
    if (!s) {
      return ErrorAt(line, s.error());
    }
    return std::move(call.opened);
  }
  return ErrorAt(line, reported ? reported->message : std::string("unknown command"));
}

// `floor`: how many modes of `stack` the lines may not leave (1 at top level: global).
Status<ConfigError> ApplyLines(DeviceConfig& cfg, std::span<const ConfigLine> lines,
                               std::vector<ModeContext> stack, std::size_t floor) {
  for (const ConfigLine& line : lines) {
    if (internal::EqualsNoCase(line.text, "exit")) {
      if (stack.size() > floor) {
        stack.pop_back();
      }
      continue;
    }
    if (internal::EqualsNoCase(line.text, "end")) {  // typed in `conf`: back to the top
      stack.resize(floor);
      continue;
    }
    Result<std::optional<ModeContext>, ConfigError> opened = Dispatch(cfg, stack, floor, line);
    if (!opened) {
      return opened.error();
    }
    if (opened->has_value() && line.children.empty()) {
      stack.push_back(std::move(**opened));  // IOS: the following lines are in the new mode
      continue;
    }
    if (line.children.empty()) {
      continue;
    }
    // A header's children run in its mode; children of a plain command are read as the lines
    // that follow it, as IOS (which ignores indentation) would.
    std::vector<ModeContext> inner = stack;
    std::size_t inner_floor = floor;
    if (opened->has_value()) {
      inner.push_back(std::move(**opened));
      inner_floor = inner.size();
    }
    if (Status<ConfigError> s = ApplyLines(cfg, line.children, std::move(inner), inner_floor); !s) {
      return s;
    }
  }
  return {};
}

}  // namespace

Status<ConfigError> Apply(DeviceConfig& cfg, std::span<const ConfigLine> lines) {
  return ApplyLines(cfg, lines, {ModeContext{}}, 1);
}

Result<DeviceConfig, ConfigError> LoadConfig(DeviceKind kind, std::string_view text,
                                             std::string_view file) {
  Result<std::vector<ConfigLine>, ConfigError> lines = ParseConfig(text, file);
  if (!lines) {
    return lines.error();
  }
  DeviceConfig cfg(kind);
  if (Status<ConfigError> s = Apply(cfg, *lines); !s) {
    return s.error();
  }
  return cfg;
}

}  // namespace mc::config
