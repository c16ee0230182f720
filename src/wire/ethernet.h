// Ethernet II frames with an optional IEEE 802.1Q tag, and ARP (RFC 826) for IPv4 over
// Ethernet, including the gratuitous ARP VRRP sends on takeover (RFC 5798 §6.4.2).
// Leaves out: QinQ (802.1ad), LLC/SNAP frames, the FCS (pcaps carry frames without it).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"
#include "wire/errors.h"
#include "wire/writer.h"

namespace mc::wire {

inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeArp = 0x0806;
inline constexpr std::uint16_t kEtherTypeVlan = 0x8100;
inline constexpr std::size_t kEthernetMinFrame = 60;  // without FCS; shorter frames are padded

struct VlanTag {
  std::uint8_t pcp = 0;  // 802.1p priority, 3 bits
  bool dei = false;
  std::uint16_t vid = 0;  // 12 bits
  auto operator<=>(const VlanTag&) const = default;
};

struct EthernetHeader {
  Mac dst;
  Mac src;
  std::optional<VlanTag> vlan;
  std::uint16_t ethertype = kEtherTypeIpv4;
  auto operator<=>(const EthernetHeader&) const = default;
};

struct EthernetFrame {
  EthernetHeader header;
  std::span<const std::uint8_t> payload;  // includes any padding; upper layers trim
};

Result<EthernetFrame, DecodeError> DecodeEthernet(std::span<const std::uint8_t> frame);
constexpr std::size_t HeaderSize(const EthernetHeader& h) { return h.vlan ? 18 : 14; }
// Header + payload, zero-padded to the 60-byte Ethernet minimum.
Result<Bytes, EncodeError> BuildEthernet(const EthernetHeader& h,
                                         std::span<const std::uint8_t> payload);

enum class ArpOp : std::uint16_t { kRequest = 1, kReply = 2 };

struct Arp {
  ArpOp op = ArpOp::kRequest;
  Mac sender_mac;
  Ipv4 sender_ip;
  Mac target_mac;
  Ipv4 target_ip;
  // Gratuitous: sender and target protocol address are the same (RFC 5227 §3 terminology).
  bool IsGratuitous() const { return sender_ip == target_ip; }
  auto operator<=>(const Arp&) const = default;
};

// The gratuitous ARP request a new owner of `ip` broadcasts (RFC 5798 §6.4.2 for VRRP): sender
// and target protocol address both `ip`, sender hardware address `mac`.
inline Arp GratuitousArpRequest(Mac mac, Ipv4 ip) {
  return Arp{.op = ArpOp::kRequest, .sender_mac = mac, .sender_ip = ip, .target_ip = ip};
}

Result<Arp, DecodeError> DecodeArp(std::span<const std::uint8_t> bytes);
constexpr std::size_t EncodedSize(const Arp&) { return 28; }
Result<std::size_t, EncodeError> Encode(const Arp& a, std::span<std::uint8_t> out);

}  // namespace mc::wire
