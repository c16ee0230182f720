// The few Ethernet header operations a bridge needs (IEEE 802.1Q-2018 §6.9, §9): read the
// addresses and the optional C-VLAN tag of any frame (Ethernet II or 802.3/LLC alike), and
// rewrite the tag for an egress port (add, remove, replace) without touching the rest.
// Leaves out: S-tags (802.1ad QinQ), which pass through as an ordinary EtherType; the FCS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/mac.h"
#include "wire/ethernet.h"
#include "wire/writer.h"

namespace mc::l2 {

struct FrameHeader {
  Mac dst;
  Mac src;
  std::optional<wire::VlanTag> tag;  // present when the TPID after the addresses is 0x8100
  bool operator==(const FrameHeader&) const = default;
};

// nullopt when the frame is shorter than its header (14 octets, 18 with a tag).
std::optional<FrameHeader> ParseHeader(std::span<const std::uint8_t> frame);

// `frame` (whose header is `h`) with its tag replaced by `tag` (nullopt: untagged), zero-padded
// to the 60-octet minimum when removing the tag shortens it.
wire::Bytes Retag(std::span<const std::uint8_t> frame, const FrameHeader& h,
                  const std::optional<wire::VlanTag>& tag);

// 802.1Q-2018 Table 8-1: 01-80-C2-00-00-00 .. 0F are never forwarded by a bridge.
constexpr bool IsReservedAddress(const Mac& m) {
  const auto& b = m.bytes();
  return b[0] == 0x01 && b[1] == 0x80 && b[2] == 0xc2 && b[3] == 0 && b[4] == 0 && b[5] <= 0x0f;
}

// 01-00-5E-00-00-xx: the MACs of 224.0.0.0/24 (and of the 31 other groups mapping onto them,
// RFC 1112 §6.4). RFC 4541 §2.1.2 (2): link-local groups are forwarded on all ports.
constexpr bool IsLinkLocalMulticastMac(const Mac& m) {
  const auto& b = m.bytes();
  return b[0] == 0x01 && b[1] == 0x00 && b[2] == 0x5e && b[3] == 0 && b[4] == 0;
}

}  // namespace mc::l2
