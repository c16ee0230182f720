// Result<T, E>: a value or an error, for decoders and parsers (DESIGN.md rule 4).
// DESIGN.md names tl::expected, but Debian 12 does not package it and libstdc++ 12's
// std::expected needs C++23 concepts that clang 14 (the fuzz preset) lacks; this is the
// small subset we use, with tl::expected's spelling (see docs/dependencies.md).
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "base/check.h"

namespace mc {

template <class E>
struct Unexpected {
  E error;
};
template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, E>, "Result<T, E> needs distinct types");

 public:
  Result(const T& v) : v_(std::in_place_index<0>, v) {}        // NOLINT: implicit by design
  Result(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT
  Result(E e) : v_(std::in_place_index<1>, std::move(e)) {}    // NOLINT
  Result(Unexpected<E> u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  template <class U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, E> && !std::is_same_v<std::decay_t<U>, Unexpected<E>>)
      Result(U&& v)
      : v_(std::in_place_index<0>, T(std::forward<U>(v))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    MC_CHECK(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    MC_CHECK(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    MC_CHECK(has_value());
    return std::get<0>(std::move(v_));
  }
  const E& error() const {
    MC_CHECK(!has_value());
    return std::get<1>(v_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> v_;
};

// Result for operations that produce nothing but may fail.
template <class E>
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(E e) : error_(std::move(e)), ok_(false) {}                    // NOLINT
  Status(Unexpected<E> u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const {
    MC_CHECK(!ok_);
    return error_;
  }

 private:
  E error_{};
  bool ok_ = true;
};

}  // namespace mc
