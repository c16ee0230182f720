// pcap files through libpcap: a writer for the emulator's --pcap and the tshark conformance
// test, and a reader that normalises the link types real captures use (Ethernet, Linux cooked
// v1/v2, raw IPv4) for `mcast decode`. I/O lives here, never in src/.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/time.h"

namespace mc::sim {

class PcapWriter {
 public:
  // Ethernet link type (DLT_EN10MB), microsecond timestamps from virtual time.
  static Result<PcapWriter, std::string> Open(const std::string& path);
  PcapWriter(PcapWriter&&) noexcept;
  PcapWriter& operator=(PcapWriter&&) noexcept;
  ~PcapWriter();

  void Write(Time t, std::span<const std::uint8_t> frame);
  void Flush();

 private:
  struct Impl;
  explicit PcapWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

enum class LinkKind : std::uint8_t { kEthernet, kIpv4 };

struct CapturedPacket {
  Time time;  // capture timestamp since the epoch
  LinkKind kind = LinkKind::kEthernet;
  std::vector<std::uint8_t> bytes;  // an Ethernet frame, or an IPv4 packet for kIpv4
  std::uint32_t original_length = 0;
};

class PcapReader {
 public:
  static Result<PcapReader, std::string> Open(const std::string& path);
  PcapReader(PcapReader&&) noexcept;
  PcapReader& operator=(PcapReader&&) noexcept;
  ~PcapReader();

  // The next packet, normalised; nullopt at the end of the file. Packets of a protocol family
  // other than IPv4 in cooked/raw captures are returned with kind kIpv4 only when they are IPv4;
  // others are skipped and counted in skipped().
  std::optional<CapturedPacket> Next();
  std::uint64_t skipped() const;
  std::string link_type_name() const;

 private:
  struct Impl;
  explicit PcapReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mc::sim
