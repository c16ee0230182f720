// Helpers for engine tests: readable GoogleTest failure messages for inputs, effects and
// notifications (via Describe), and picking the effects of one type out of a step's output.
// Test-only; production code never streams these types.
#pragma once

#include <ostream>
#include <type_traits>
#include <variant>
#include <vector>

#include "engine/effect.h"
#include "engine/input.h"
#include "engine/notify.h"

namespace mc::engine {

namespace internal {
template <class T, class V>
struct IsAlternative : std::false_type {};
template <class T, class... A>
struct IsAlternative<T, std::variant<A...>> : std::bool_constant<(std::is_same_v<T, A> || ...)> {};
template <class T, class V>
inline constexpr bool kIsAlternative = IsAlternative<T, V>::value;
}  // namespace internal

// GoogleTest prints a std::variant by printing the active alternative; these make that (and
// EXPECT_EQ on single alternatives) print the Describe() line instead of raw bytes.
template <class T>
requires internal::kIsAlternative<T, Effect> || internal::kIsAlternative<T, Input> ||
    internal::kIsAlternative<T, Notification>
        std::ostream& operator<<(std::ostream& os, const T& v) {
  if constexpr (internal::kIsAlternative<T, Effect>) {
    return os << Describe(Effect{v});
  } else if constexpr (internal::kIsAlternative<T, Input>) {
    return os << Describe(Input{v});
  } else {
    return os << Describe(Notification{v});
  }
}

// The effects of type T in `out`, in order.
template <class T>
requires internal::kIsAlternative<T, Effect> std::vector<T> EffectsOf(
    const std::vector<Effect>& out) {
  std::vector<T> r;
  for (const Effect& e : out) {
    if (const T* t = std::get_if<T>(&e)) {
      r.push_back(*t);
    }
  }
  return r;
}

}  // namespace mc::engine
