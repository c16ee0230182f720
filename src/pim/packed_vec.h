// PackedVec<T>: a vector of trivially copyable values in one pointer, for the per-interface lists
// of a TIB entry (RFC 7761 §4.1.6 / §4.5 downstream, (S,G,rpt) and §4.6 assert states, local
// receivers). Most entries keep one downstream interface and nothing else, so an empty list
// costs 8 bytes instead of std::vector's 24 and a non-empty one is a single allocation holding
// its size, capacity and elements. The interface is the subset of std::vector the engine uses
// (contiguous iterators, so std::lower_bound / binary_search keep working), plus conversions
// to and from std::vector for the macros that build sets. Leaves out: non-trivial element types.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace mc::pim {

// The element requirements are checked where elements are made (Reserve), not on the class:
// the TIB's element types are nested in PimEngine, incomplete where the Entry declares them.
template <class T>
class PackedVec {
 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  PackedVec() = default;
  PackedVec(const PackedVec& o) { Assign(o.begin(), o.size()); }
  PackedVec(PackedVec&& o) noexcept : rep_(std::exchange(o.rep_, nullptr)) {}
  PackedVec(const std::vector<T>& v) { Assign(v.data(), v.size()); }  // NOLINT: implicit
  PackedVec& operator=(const PackedVec& o) {
    if (this != &o) {
      Free();
      Assign(o.begin(), o.size());
    }
    return *this;
  }
  PackedVec& operator=(PackedVec&& o) noexcept {
    if (this != &o) {
      Free();
      rep_ = std::exchange(o.rep_, nullptr);
    }
    return *this;
  }
  PackedVec& operator=(const std::vector<T>& v) {
    Free();
    Assign(v.data(), v.size());
    return *this;
  }
  ~PackedVec() { Free(); }

  operator std::vector<T>() const { return std::vector<T>(begin(), end()); }  // NOLINT

  bool empty() const { return size() == 0; }
  std::size_t size() const { return rep_ == nullptr ? 0 : rep_->size; }
  T* begin() { return Data(); }
  T* end() { return Data() + size(); }
  const T* begin() const { return Data(); }
  const T* end() const { return Data() + size(); }
  T& operator[](std::size_t i) { return Data()[i]; }
  const T& operator[](std::size_t i) const { return Data()[i]; }

  T* insert(const T* pos, const T& value) {
    const std::size_t at = static_cast<std::size_t>(pos - begin());
    const std::size_t n = size();
    const T copy = value;  // `value` may live in this vector
    Reserve(n + 1);
    T* d = Data();
    std::memmove(static_cast<void*>(d + at + 1), d + at, (n - at) * sizeof(T));
    d[at] = copy;
    rep_->size = static_cast<std::uint32_t>(n + 1);
    return d + at;
  }
  void push_back(const T& value) { insert(end(), value); }

  T* erase(const T* pos) {
    const std::size_t at = static_cast<std::size_t>(pos - begin());
    T* d = Data();
    std::memmove(static_cast<void*>(d + at), d + at + 1, (size() - at - 1) * sizeof(T));
    if (--rep_->size == 0) {
      Free();  // an empty list holds no memory
      return nullptr;
    }
    return d + at;
  }

  // std::erase_if for this container; returns how many elements were removed.
  template <class Pred>
  std::size_t EraseIf(Pred pred) {
    const std::size_t n = size();
    T* d = Data();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!pred(std::as_const(d[i]))) {
        d[kept++] = d[i];
      }
    }
    if (kept == 0) {
      Free();
    } else if (rep_ != nullptr) {
      rep_->size = static_cast<std::uint32_t>(kept);
    }
    return n - kept;
  }

  void clear() { Free(); }

 private:
  struct alignas(8) Rep {
    std::uint32_t size;
    std::uint32_t cap;
  };
  static_assert(sizeof(Rep) == 8);

  T* Data() const {
    return rep_ == nullptr ? nullptr
                           : std::launder(reinterpret_cast<T*>(reinterpret_cast<char*>(rep_) + 8));
  }

  void Reserve(std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= 8);
    const std::size_t cap = rep_ == nullptr ? 0 : rep_->cap;
    if (n <= cap) {
      return;
    }
    const std::size_t new_cap = std::max(n, cap * 2);
    void* mem = ::operator new(sizeof(Rep) + new_cap * sizeof(T));
    Rep* r = new (mem) Rep{static_cast<std::uint32_t>(size()), static_cast<std::uint32_t>(new_cap)};
    T* d = reinterpret_cast<T*>(static_cast<char*>(mem) + 8);
    for (std::size_t i = 0; i < new_cap; ++i) {
      new (d + i) T();
    }
    if (rep_ != nullptr) {
      std::memcpy(static_cast<void*>(d), Data(), rep_->size * sizeof(T));
      ::operator delete(rep_);
    }
    rep_ = r;
  }

  void Assign(const T* src, std::size_t n) {
    if (n == 0) {
      return;
    }
    Reserve(n);
    std::memcpy(static_cast<void*>(Data()), src, n * sizeof(T));
    rep_->size = static_cast<std::uint32_t>(n);
  }

  void Free() {
    if (rep_ != nullptr) {
      ::operator delete(rep_);
      rep_ = nullptr;
    }
  }

  Rep* rep_ = nullptr;
};

}  // namespace mc::pim
