// Helpers for codec tests: golden hex vectors and the truncation sweep.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "wire/errors.h"
#include "wire/hex.h"

namespace mc::wire::testing {

inline Bytes H(std::string_view hex) {
  std::optional<Bytes> b = ParseHex(hex);
  EXPECT_TRUE(b.has_value()) << "bad hex in test: " << hex;
  return b.value_or(Bytes{});
}

// Every strict prefix of a valid message must fail to decode with an error (never crash, never
// succeed with garbage). `decode` takes a span and returns a Result.
template <class DecodeFn>
void ExpectEveryPrefixFails(const Bytes& whole, DecodeFn decode) {
  for (std::size_t n = 0; n < whole.size(); ++n) {
    const Bytes prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode(std::span<const std::uint8_t>{prefix}).has_value())
        << "prefix of " << n << " bytes decoded";
  }
}

}  // namespace mc::wire::testing
