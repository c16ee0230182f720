// IOS-style configuration text -> a tree of lines, each with its file and line number.
//
// A line indented deeper than the line above it belongs to that line's block (`interface`,
// `router ospf`, `ip vrf`, `vlan N`, `ip access-list standard NAME`, ...); spaces and tabs both
// indent (a tab advances to the next multiple of 8 columns). `!` comment lines, blank lines and
// `end` are dropped, and so are the two header lines `show running-config` prints ("Building
// configuration..." and "Current configuration : N bytes") so its output can be pasted back.
// The parser knows no commands: which lines open blocks, and the IOS habit of typing block
// contents unindented, are Apply's business (apply.h).
// Left out: banners and other multi-line literal commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace mc::config {

// An error in a config line. ToString() is `FILE:LINE: MESSAGE: 'TEXT'`, e.g.
// `R1.cfg:12: unknown command: 'ip pimm sparse-mode'`.
struct ConfigError {
  std::string file;
  int line = 0;
  std::string text;  // the line as written, without indentation
  std::string message;

  std::string ToString() const;
  bool operator==(const ConfigError&) const = default;
};

struct ConfigLine {
  std::string file;
  int line = 0;      // 1-based
  std::string text;  // without indentation and trailing blanks
  std::vector<ConfigLine> children;

  bool operator==(const ConfigLine&) const = default;
};

// Fails only on control characters (other than tab and CR) in a line: "invalid character".
Result<std::vector<ConfigLine>, ConfigError> ParseConfig(std::string_view text,
                                                         std::string_view file);

// A `conf` command's argument as typed in a scenario: lines separated by ';', flat (the block
// structure comes from IOS mode rules in Apply). All lines carry `file` and `line`.
std::vector<ConfigLine> SplitConfCommand(std::string_view text, std::string_view file, int line);

}  // namespace mc::config
