// Test-side helpers that wrap a control message into a complete Ethernet frame, the way a
// device would send it (multicast destination MAC from the group, TTL, Router Alert).
#pragma once

#include "wire/ethernet.h"
#include "wire/ip.h"

namespace mc::testing {

inline wire::Bytes IpFrame(const wire::Ipv4Header& h, std::span<const std::uint8_t> payload,
                           std::optional<wire::VlanTag> vlan = std::nullopt) {
  const wire::Bytes ip = *wire::BuildIpv4(h, payload);
  const Mac dst =
      h.dst.IsMulticast() ? Mac::ForGroup(h.dst) : Mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}};
  return *wire::BuildEthernet(
      {.dst = dst, .src = Mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}}, .vlan = vlan}, ip);
}

}  // namespace mc::testing
