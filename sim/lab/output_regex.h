// The ECMAScript regexes of `expect <node> "<command>" matches "<regex>"` (LAB-FORMAT.md §4):
// checked when the scenario is parsed, searched in a command's output when it is judged.
// `.` does not cross lines (ECMAScript's rule); a match anywhere in the output counts
// (std::regex_search). Kept in its own file because <regex> trips a false g++ 12 warning.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace mc::sim {

// Whether `pattern` compiles; the error reads `bad regex "(abc": unbalanced parentheses`.
Status<std::string> CheckOutputRegex(const std::string& pattern);

// Whether `pattern` matches anywhere in `output`; false for a pattern that does not compile.
bool OutputMatches(const std::string& pattern, std::string_view output);

}  // namespace mc::sim
