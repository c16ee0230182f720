// Matching the words typed at a device's prompt against a command's keywords, as IOS does:
// any unambiguous prefix, case-insensitive (`sh ip int br`). One rule for every show dispatcher:
// the emulator's devices (sim/emu/device_*.cc), mcastd's control commands and the shared
// command parsers of src/show.
#pragma once

#include <cctype>
#include <cstddef>
#include <string_view>

namespace mc::show {

// Whether `typed` abbreviates the lower-case keyword `word`, with at least `min_len` letters.
inline bool WordIs(std::string_view typed, std::string_view word, std::size_t min_len = 1) {
  if (typed.empty() || typed.size() < min_len || typed.size() > word.size()) {
    return false;
  }
  for (std::size_t k = 0; k < typed.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(typed[k])) != word[k]) {
      return false;
    }
  }
  return true;
}

}  // namespace mc::show
