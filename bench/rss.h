// The resident set size of the benchmark process, for "memory per entry" figures: the growth
// of the resident set while entries are created, divided by their number.
#pragma once

#include <fstream>

namespace mc::bench {

// Current resident set size in bytes (Linux /proc/self/statm, second field in pages).
inline double RssBytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * 4096.0;
}

}  // namespace mc::bench
