// Hex text <-> bytes, for golden vectors in tests and `mcast decode --json` payload dumps.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wire/writer.h"

namespace mc::wire {

// Whitespace between digits is ignored; nullopt on an odd digit count or a non-hex character.
std::optional<Bytes> ParseHex(std::string_view text);
// "11 64 ee 9b": lower case, one space between bytes.
std::string ToHex(std::span<const std::uint8_t> bytes);

}  // namespace mc::wire
