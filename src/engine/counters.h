// Counters<E>: an engine's statistics (packets received, bad checksums, limit hits, ...) as an
// array of uint64 indexed by a per-engine enum, so counting is one add. The enum ends with kCount
// and has a CounterNames() function, found by argument-dependent lookup, that lists the display
// name of each enumerator in order; Snapshot() pairs them up in enum order for show and JSON.
//
//   enum class IgmpCounter : std::uint8_t { kQueriesSent, kBadChecksum, kCount };
//   constexpr std::array<std::string_view, 2> CounterNames(IgmpCounter) {
//     return {"queries-sent", "bad-checksum"};
//   }
//   Counters<IgmpCounter> counters_;  ...  counters_.Inc(IgmpCounter::kBadChecksum);
//
// A missing, empty or duplicate name is a compile error.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/check.h"

namespace mc::engine {

namespace internal {

template <std::size_t N>
constexpr bool NamesValid(const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i].empty()) {
      return false;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace internal

template <class E>
concept CounterEnum = std::is_enum_v<E> && requires {
  E::kCount;
  {CounterNames(E{})};
} && CounterNames(E{})
.size() == static_cast<std::size_t>(E::kCount);

struct CounterValue {
  std::string name;
  std::uint64_t value = 0;
  bool operator==(const CounterValue&) const = default;
};

template <CounterEnum E>
class Counters {
 public:
  static constexpr std::size_t kSize = static_cast<std::size_t>(E::kCount);
  static_assert(internal::NamesValid(CounterNames(E{})), "counter names must be unique, non-empty");

  void Inc(E c, std::uint64_t n = 1) { values_[Index(c)] += n; }
  std::uint64_t Get(E c) const { return values_[Index(c)]; }
  std::uint64_t operator[](E c) const { return Get(c); }
  void Reset() { values_.fill(0); }

  static constexpr std::string_view Name(E c) { return CounterNames(E{})[Index(c)]; }

  // Every counter, zeros included, in enum order: the order show output lists them.
  std::vector<CounterValue> Snapshot() const {
    std::vector<CounterValue> out;
    out.reserve(kSize);
    for (std::size_t i = 0; i < kSize; ++i) {
      out.push_back({std::string{CounterNames(E{})[i]}, values_[i]});
    }
    return out;
  }

  bool operator==(const Counters&) const = default;

 private:
  static constexpr std::size_t Index(E c) {
    const auto i = static_cast<std::size_t>(c);
    MC_ASSERT(i < kSize);
    return i;
  }
  std::array<std::uint64_t, kSize> values_{};
};

}  // namespace mc::engine
