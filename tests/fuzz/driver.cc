// Standalone fuzz driver for builds without libFuzzer (gcc, the dev preset): runs a target's
// LLVMFuzzerTestOneInput for a time budget on random buffers and on mutations of FuzzSeeds()
// (bit flips, byte overwrites, truncation, extension, splices), under ASan/UBSan. It has no
// coverage feedback; the fuzz preset builds the same targets with clang's libFuzzer for that.
// Usage: target [--seconds N] [--seed S] [FILE...]   (files are replayed once, then exit)
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "base/rng.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Buffer = std::vector<std::uint8_t>;

Buffer Mutate(const Buffer& seed, const std::vector<Buffer>& seeds, mc::Rng& rng) {
  Buffer b = seed;
  const std::uint64_t rounds = 1 + rng.Below(4);
  for (std::uint64_t i = 0; i < rounds; ++i) {
    switch (rng.Below(6)) {
      case 0:
        if (!b.empty()) b[rng.Below(b.size())] ^= static_cast<std::uint8_t>(1u << rng.Below(8));
        break;
      case 1:
        if (!b.empty()) b[rng.Below(b.size())] = static_cast<std::uint8_t>(rng.Next());
        break;
      case 2:
        b.resize(rng.Below(b.size() + 1));
        break;
      case 3:
        for (std::uint64_t n = rng.Below(16); n > 0; --n)
          b.push_back(static_cast<std::uint8_t>(rng.Next()));
        break;
      case 4: {  // interesting values at a random offset: counts and lengths
        static constexpr std::uint8_t kInteresting[] = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10};
        if (!b.empty()) b[rng.Below(b.size())] = kInteresting[rng.Below(sizeof kInteresting)];
        break;
      }
      default: {  // splice the tail of another seed
        const Buffer& other = seeds[rng.Below(seeds.size())];
        const std::size_t cut = rng.Below(b.size() + 1);
        const std::size_t from = rng.Below(other.size() + 1);
        b.resize(cut);
        b.insert(b.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
        break;
      }
    }
  }
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1;
  std::uint64_t seed = 1;
  std::vector<const char*> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      files.push_back(argv[i]);
    }
  }
  if (!files.empty()) {
    for (const char* f : files) {
      std::ifstream in(f, std::ios::binary);
      const Buffer b{std::istreambuf_iterator<char>(in), {}};
      LLVMFuzzerTestOneInput(b.data(), b.size());
    }
    return 0;
  }
  std::vector<Buffer> seeds = FuzzSeeds();
  if (seeds.empty()) seeds.push_back({});
  for (const Buffer& s : seeds) LLVMFuzzerTestOneInput(s.data(), s.size());
  mc::Rng rng{seed};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::uint64_t runs = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    for (int batch = 0; batch < 256; ++batch, ++runs) {
      Buffer b;
      if (rng.Below(8) == 0) {
        b.resize(rng.Below(256));
        for (std::uint8_t& x : b) x = static_cast<std::uint8_t>(rng.Next());
      } else {
        b = Mutate(seeds[rng.Below(seeds.size())], seeds, rng);
      }
      LLVMFuzzerTestOneInput(b.data(), b.size());
    }
  }
  std::printf("fuzz driver: %llu inputs in %.1f s, no failure\n",
              static_cast<unsigned long long>(runs), seconds);
  return 0;
}
