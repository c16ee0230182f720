// The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit
// words. Used by IPv4, IGMP, PIM, ICMP, VRRP and (with a pseudo-header) UDP.
#pragma once

#include <cstdint>
#include <span>

#include "base/ipv4.h"

namespace mc::wire {

// Running 32-bit sum; fold with Finish(). Odd-length spans are padded with a zero byte.
class ChecksumAccumulator {
 public:
  void Add(std::span<const std::uint8_t> bytes);
  void AddU16(std::uint16_t v) { sum_ += v; }
  void AddU32(std::uint32_t v) {
    sum_ += v >> 16;
    sum_ += v & 0xFFFF;
  }
  std::uint16_t Finish() const;

 private:
  std::uint64_t sum_ = 0;
};

std::uint16_t InternetChecksum(std::span<const std::uint8_t> bytes);
// True when bytes (with their checksum field in place) sum to 0xFFFF.
bool ChecksumVerifies(std::span<const std::uint8_t> bytes);

// Zeroes the 16-bit checksum field at `at`, then writes the checksum of the first `covered`
// bytes there (every byte when `covered` exceeds the span). Spans too short for the field are
// left alone.
void PatchInternetChecksum(std::span<std::uint8_t> bytes, std::size_t at,
                           std::size_t covered = static_cast<std::size_t>(-1));

// RFC 768 / RFC 5798 §5.2.8 pseudo-header sum: src, dst, zero+protocol, length.
void AddPseudoHeader(ChecksumAccumulator& acc, Ipv4 src, Ipv4 dst, std::uint8_t protocol,
                     std::uint16_t length);

}  // namespace mc::wire
