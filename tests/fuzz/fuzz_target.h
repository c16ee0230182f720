// Shared shape of the decoder fuzz targets. Each target defines LLVMFuzzerTestOneInput (the
// libFuzzer entry point, used as-is by the fuzz preset) and FuzzSeeds(): well-formed messages
// that the standalone driver (driver.cc, used by gcc builds) mutates, since without coverage
// feedback random bytes rarely get past a checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "wire/checksum.h"

std::vector<std::vector<std::uint8_t>> FuzzSeeds();

// Round-trip oracle: whatever decodes must re-encode, and the re-encoding must decode to the
// same value. A failure aborts so both libFuzzer and the driver report it with the input.
#define MC_FUZZ_REQUIRE(cond)                                                            \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      __builtin_printf("fuzz property failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_abort();                                                                 \
    }                                                                                    \
  } while (false)

template <class Decode, class EncodeFn>
void FuzzRoundTrip(const std::uint8_t* data, std::size_t size, Decode decode, EncodeFn encode) {
  auto first = decode(data, size);
  if (!first.has_value()) return;
  auto bytes = encode(*first);
  MC_FUZZ_REQUIRE(bytes.has_value());
  auto second = decode(bytes->data(), bytes->size());
  MC_FUZZ_REQUIRE(second.has_value());
  MC_FUZZ_REQUIRE(*second == *first);
}

// Checksums stop blind mutation at the first check. Targets also decode a copy whose 16-bit
// Internet checksum at `offset` (covering the whole buffer) has been recomputed, so mutations
// reach the parser behind the check.
inline std::vector<std::uint8_t> WithFixedChecksum(const std::uint8_t* data, std::size_t size,
                                                   std::size_t offset) {
  std::vector<std::uint8_t> b(data, data + size);
  mc::wire::PatchInternetChecksum(b, offset);
  return b;
}
