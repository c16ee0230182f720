// RFC 1071 Internet checksum.
#include "wire/checksum.h"

#include <algorithm>

namespace mc::wire {

void ChecksumAccumulator::Add(std::span<const std::uint8_t> bytes) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    sum_ += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  }
  if (i < bytes.size()) sum_ += static_cast<std::uint32_t>(bytes[i] << 8);
}

std::uint16_t ChecksumAccumulator::Finish() const {
  std::uint64_t s = sum_;
  while ((s >> 16) != 0) s = (s & 0xFFFF) + (s >> 16);
  return static_cast<std::uint16_t>(~s & 0xFFFF);
}

std::uint16_t InternetChecksum(std::span<const std::uint8_t> bytes) {
  ChecksumAccumulator acc;
  acc.Add(bytes);
  return acc.Finish();
}

bool ChecksumVerifies(std::span<const std::uint8_t> bytes) { return InternetChecksum(bytes) == 0; }

void PatchInternetChecksum(std::span<std::uint8_t> bytes, std::size_t at, std::size_t covered) {
  if (bytes.size() < at + 2) return;
  bytes[at] = 0;
  bytes[at + 1] = 0;
  const std::uint16_t c = InternetChecksum(bytes.first(std::min(covered, bytes.size())));
  bytes[at] = static_cast<std::uint8_t>(c >> 8);
  bytes[at + 1] = static_cast<std::uint8_t>(c);
}

void AddPseudoHeader(ChecksumAccumulator& acc, Ipv4 src, Ipv4 dst, std::uint8_t protocol,
                     std::uint16_t length) {
  acc.AddU32(src.value());
  acc.AddU32(dst.value());
  acc.AddU16(protocol);
  acc.AddU16(length);
}

}  // namespace mc::wire
