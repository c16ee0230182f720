// Bounds-checked big-endian reader with sticky failure: after the first short read every read
// returns 0 and ok() stays false, so decoders check once after a group of reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/ipv4.h"
#include "base/mac.h"

namespace mc::wire {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::uint8_t U8() { return Take(1) ? bytes_[pos_ - 1] : 0; }
  std::uint16_t U16() {
    if (!Take(2)) return 0;
    return static_cast<std::uint16_t>(bytes_[pos_ - 2] << 8 | bytes_[pos_ - 1]);
  }
  std::uint32_t U32() {
    const std::uint32_t hi = U16();  // two statements: operands of | are unsequenced
    const std::uint32_t lo = U16();
    return hi << 16 | lo;
  }
  std::uint64_t U64() {
    const std::uint64_t hi = U32();
    const std::uint64_t lo = U32();
    return hi << 32 | lo;
  }
  Ipv4 Addr() { return Ipv4{U32()}; }
  Mac MacAddr() {
    std::array<std::uint8_t, 6> b{};
    if (Take(6)) {
      for (std::size_t i = 0; i < 6; ++i) b[i] = bytes_[pos_ - 6 + i];
    }
    return Mac{b};
  }
  // A view of the next n bytes (empty and failed if fewer remain).
  std::span<const std::uint8_t> Bytes(std::size_t n) {
    if (!Take(n)) return {};
    return bytes_.subspan(pos_ - n, n);
  }
  std::span<const std::uint8_t> Rest() { return Bytes(remaining()); }
  void Skip(std::size_t n) { (void)Take(n); }

  bool ok() const { return ok_; }
  std::size_t remaining() const { return ok_ ? bytes_.size() - pos_ : 0; }
  std::size_t position() const { return pos_; }

 private:
  bool Take(std::size_t n) {
    if (!ok_ || n > bytes_.size() - pos_) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }

  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace mc::wire
