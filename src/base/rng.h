// Seeded deterministic random numbers (DESIGN.md rule 3): one Rng per engine, seeded by the
// host. xoshiro256** seeded through splitmix64; the same seed gives the same sequence on every
// platform, which the emulator's byte-identical outputs rely on. No std:: distributions: their
// output differs between standard libraries.
#pragma once

#include <array>
#include <cstdint>

#include "base/time.h"

namespace mc {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t Next();
  // Uniform in [0, bound); bound 0 yields 0. Lemire's unbiased method.
  std::uint64_t Below(std::uint64_t bound);
  // Uniform in [lo, hi] inclusive.
  std::int64_t Between(std::int64_t lo, std::int64_t hi);
  // Uniform duration in [0, max].
  Duration UpTo(Duration max);
  // True with probability p (0..1).
  bool Chance(double p);
  // A derived generator for a sub-component, independent of this one's later draws.
  Rng Fork();

 private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace mc
