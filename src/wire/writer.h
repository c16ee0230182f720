// Big-endian writer into a caller-sized buffer. Encoders compute EncodedSize() first and check
// the buffer, so a write past the end is a programming error (MC_CHECK), not an input error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/check.h"
#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"
#include "wire/errors.h"

namespace mc::wire {

using Bytes = std::vector<std::uint8_t>;

class ByteWriter {
 public:
  explicit ByteWriter(std::span<std::uint8_t> out) : out_(out) {}

  void U8(std::uint8_t v) { Put(v); }
  void U16(std::uint16_t v) {
    Put(static_cast<std::uint8_t>(v >> 8));
    Put(static_cast<std::uint8_t>(v));
  }
  void U32(std::uint32_t v) {
    U16(static_cast<std::uint16_t>(v >> 16));
    U16(static_cast<std::uint16_t>(v));
  }
  void U64(std::uint64_t v) {
    U32(static_cast<std::uint32_t>(v >> 32));
    U32(static_cast<std::uint32_t>(v));
  }
  void Addr(Ipv4 a) { U32(a.value()); }
  void MacAddr(const Mac& m) {
    for (const std::uint8_t b : m.bytes()) Put(b);
  }
  void Raw(std::span<const std::uint8_t> bytes) {
    for (const std::uint8_t b : bytes) Put(b);
  }
  void Zeros(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) Put(0);
  }
  void PatchU16(std::size_t at, std::uint16_t v) {
    MC_CHECK(at + 2 <= pos_);
    out_[at] = static_cast<std::uint8_t>(v >> 8);
    out_[at + 1] = static_cast<std::uint8_t>(v);
  }
  void PatchU8(std::size_t at, std::uint8_t v) {
    MC_CHECK(at < pos_);
    out_[at] = v;
  }

  std::size_t size() const { return pos_; }
  std::span<const std::uint8_t> written() const { return out_.first(pos_); }
  std::span<const std::uint8_t> written_from(std::size_t at) const {
    return out_.subspan(at, pos_ - at);
  }

 private:
  void Put(std::uint8_t v) {
    MC_CHECK(pos_ < out_.size());
    out_[pos_++] = v;
  }
  std::span<std::uint8_t> out_;
  std::size_t pos_ = 0;
};

// Encodes any message M that has EncodedSize(const M&) and
// Encode(const M&, std::span<std::uint8_t>) -> Result<std::size_t, EncodeError> into a vector.
template <class M>
Result<Bytes, EncodeError> EncodeToBytes(const M& m) {
  Bytes out(EncodedSize(m));
  Result<std::size_t, EncodeError> n = Encode(m, std::span<std::uint8_t>{out});
  if (!n) return n.error();
  out.resize(*n);
  return out;
}

}  // namespace mc::wire
