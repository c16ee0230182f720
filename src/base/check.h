// Assertion macros (DESIGN.md conventions):
//   MC_ASSERT(cond)  debug-only invariant; compiled out under NDEBUG.
//   MC_CHECK(cond)   always checked; fatal. For invariants whose violation would corrupt state.
//   MC_BUG(fmt,...)  "cannot happen" paths reached at run time: counted and logged; fatal in
//                    debug builds so tests notice, survivable in release.
// None of these may be used to reject input: bad input is a Result error and a counter.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace mc {

[[noreturn]] void CheckFailed(const char* file, int line, const char* expr);
void ReportBug(const char* file, int line, const std::string& message);
// How many MC_BUG paths were reached in this process (diagnostics only).
std::uint64_t BugCount();

}  // namespace mc

#define MC_CHECK(cond)                                         \
  do {                                                         \
    if (!(cond)) ::mc::CheckFailed(__FILE__, __LINE__, #cond); \
  } while (false)

#ifdef NDEBUG
#define MC_ASSERT(cond) \
  do {                  \
  } while (false && (cond))
#else
#define MC_ASSERT(cond) MC_CHECK(cond)
#endif

#define MC_BUG(...) ::mc::ReportBug(__FILE__, __LINE__, fmt::format(__VA_ARGS__))
