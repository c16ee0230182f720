// Renders multicast control packets as one IOS-debug-style line each (and as JSON with every
// decoded field), for `mcast decode` and the emulator's debug traces. Malformed packets are
// rendered with their DecodeError, never dropped silently.
// Covers IGMP (incl. DVMRP header), PIM, VRRP, Auto-RP (UDP 496) and MSDP (TCP 639, framed per
// TCP flow). Leaves out: TCP reassembly beyond in-order segments (retransmissions are skipped,
// gaps reset the flow's framer).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "base/ipv4.h"
#include "base/time.h"
#include "wire/msdp.h"

namespace mc::show {

struct PacketLine {
  std::string text;
  nlohmann::json json;
};

// What the IP layer said about a control packet.
struct IpMeta {
  std::string ifname;
  Time time;
  Ipv4 src;
  Ipv4 dst;
  std::uint8_t ttl = 0;
  bool router_alert = false;
};

class PacketDescriber {
 public:
  PacketDescriber();
  ~PacketDescriber();
  PacketDescriber(const PacketDescriber&) = delete;
  PacketDescriber& operator=(const PacketDescriber&) = delete;

  // An Ethernet frame (802.1Q tags allowed). Non-IPv4 and non-control packets yield nothing.
  std::vector<PacketLine> Frame(std::span<const std::uint8_t> frame, const std::string& ifname,
                                Time time);
  // An IPv4 packet.
  std::vector<PacketLine> Ip(std::span<const std::uint8_t> packet, const std::string& ifname,
                             Time time);

 private:
  struct MsdpFlows;
  std::vector<PacketLine> Tcp(const IpMeta& meta, std::span<const std::uint8_t> segment);
  std::unique_ptr<MsdpFlows> msdp_;
};

// Per-protocol renderers over the IP payload (exposed for tests).
PacketLine DescribeIgmp(const IpMeta& meta, std::span<const std::uint8_t> payload);
PacketLine DescribePim(const IpMeta& meta, std::span<const std::uint8_t> payload);
PacketLine DescribeVrrp(const IpMeta& meta, std::span<const std::uint8_t> payload);
PacketLine DescribeAutoRp(const IpMeta& meta, std::span<const std::uint8_t> udp_payload);
PacketLine DescribeMsdp(const IpMeta& meta,
                        const Result<wire::MsdpMessage, wire::DecodeError>& message);

// The JSON envelope shared by every renderer: time, interface, addresses, TTL, RA.
nlohmann::json Envelope(const IpMeta& meta, std::string_view protocol);

}  // namespace mc::show
