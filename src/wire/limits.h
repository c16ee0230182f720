// Decoder limits: every count on the wire is checked against these before anything is
// allocated (DESIGN.md rules 4 and 5). They sit above anything a conforming sender produces in
// a 64 KiB datagram's worth of realistic use, and bound the memory one packet can claim.
#pragma once

#include <cstddef>

namespace mc::wire {

inline constexpr std::size_t kIgmpSourcesPerQueryMax = 2048;
inline constexpr std::size_t kIgmpSourcesPerRecordMax = 2048;
inline constexpr std::size_t kIgmpRecordsPerReportMax = 1024;
inline constexpr std::size_t kPimGroupsPerJoinPruneMax = 1024;
inline constexpr std::size_t kPimSourcesPerGroupMax = 4096;
inline constexpr std::size_t kPimHelloOptionsMax = 64;
inline constexpr std::size_t kPimHelloAddressesMax = 256;
inline constexpr std::size_t kPimBsrGroupsMax = 512;
inline constexpr std::size_t kPimBsrRpsPerGroupMax = 255;
inline constexpr std::size_t kPimCrpGroupsMax = 255;
inline constexpr std::size_t kAutoRpRpsMax = 255;
inline constexpr std::size_t kAutoRpGroupsPerRpMax = 255;
inline constexpr std::size_t kMsdpSaEntriesMax = 255;
inline constexpr std::size_t kMsdpMessageMax = 9192;  // RFC 3618 §12: largest MSDP message
inline constexpr std::size_t kVrrpAddressesMax = 255;
inline constexpr std::size_t kDvmrpNeighborsMax = 256;

}  // namespace mc::wire
