// ECMAScript regexes for `expect ... matches`; see output_regex.h.
//
// g++ 12 reports -Wmaybe-uninitialized inside libstdc++'s std::function as instantiated by
// std::regex's compiler at -O1 with sanitizers (a false positive in the system header); the
// pragma is confined to this file so the rest of the lab code keeps the full warning set.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "sim/lab/output_regex.h"

#include <fmt/format.h>

#include <regex>

namespace mc::sim {
namespace {

std::string RegexProblem(std::regex_constants::error_type code) {
  namespace rc = std::regex_constants;
  switch (code) {
    case rc::error_paren:  // libstdc++ also reports a leading quantifier ("*x") this way
      return "unbalanced parentheses, or *, + or ? with nothing to repeat";
    case rc::error_brack:
      return "unbalanced brackets";
    case rc::error_brace:
      return "unbalanced braces";
    case rc::error_badbrace:
      return "bad {} repeat count";
    case rc::error_badrepeat:
      return "nothing to repeat before *, +, ? or {";
    case rc::error_escape:
      return "bad escape";
    case rc::error_range:
      return "bad character range";
    case rc::error_backref:
      return "bad back reference";
    case rc::error_ctype:
    case rc::error_collate:
      return "bad character class";
    default:
      return "too complex";
  }
}

}  // namespace

Status<std::string> CheckOutputRegex(const std::string& pattern) {
  try {
    const std::regex re{pattern, std::regex::ECMAScript};
  } catch (const std::regex_error& e) {
    return fmt::format("bad regex \"{}\": {}", pattern, RegexProblem(e.code()));
  }
  return {};
}

bool OutputMatches(const std::string& pattern, std::string_view output) {
  try {
    const std::regex re{pattern, std::regex::ECMAScript};
    return std::regex_search(output.begin(), output.end(), re);
  } catch (const std::regex_error&) {
    return false;  // CheckOutputRegex rejected it at parse time
  }
}

}  // namespace mc::sim
