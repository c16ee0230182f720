// Fatal checks and bug reports. The bug counter is process-wide diagnostics, not engine state.
#include "base/check.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace mc {
namespace {
std::atomic<std::uint64_t> g_bug_count{0};
}  // namespace

void CheckFailed(const char* file, int line, const char* expr) {
  std::fprintf(stderr, "%s:%d: MC_CHECK failed: %s\n", file, line, expr);
  std::abort();
}

void ReportBug(const char* file, int line, const std::string& message) {
  g_bug_count.fetch_add(1, std::memory_order_relaxed);
  std::fprintf(stderr, "%s:%d: MC_BUG: %s\n", file, line, message.c_str());
#ifndef NDEBUG
  std::abort();
#endif
}

std::uint64_t BugCount() { return g_bug_count.load(std::memory_order_relaxed); }

}  // namespace mc
