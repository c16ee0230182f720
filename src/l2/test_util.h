// Helpers for the L2 tests: build Ethernet frames, tell BPDUs from data in a step's effects.
// Test-only.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "base/mac.h"
#include "engine/effect.h"
#include "engine/test_util.h"
#include "l2/bpdu.h"
#include "wire/ethernet.h"

namespace mc::l2::testing {

constexpr Mac MacOf(std::uint8_t last) { return Mac{{0x02, 0x00, 0x00, 0x00, 0x00, last}}; }

// An IPv4-typed frame with a recognizable 46-octet payload, padded to the minimum size.
inline wire::Bytes Frame(const Mac& dst, const Mac& src, std::optional<std::uint16_t> vid = {},
                         std::uint8_t pcp = 0, std::uint8_t fill = 0x5a) {
  wire::EthernetHeader h{.dst = dst, .src = src, .ethertype = wire::kEtherTypeIpv4};
  if (vid) {
    h.vlan = wire::VlanTag{.pcp = pcp, .vid = *vid};
  }
  const std::vector<std::uint8_t> payload(46, fill);
  Result<wire::Bytes, wire::EncodeError> f = wire::BuildEthernet(h, payload);
  EXPECT_TRUE(f.has_value());
  return f ? *f : wire::Bytes{};
}

// IEEE BPDUs and PVST+ (SSTP) BPDUs alike.
inline bool IsBpduFrame(const wire::Bytes& frame) {
  if (frame.size() < 6) {
    return false;
  }
  const Mac dst{{frame[0], frame[1], frame[2], frame[3], frame[4], frame[5]}};
  return dst == kBridgeGroupAddress || dst == kPvstAddress;
}

// The SendFrame effects that carry data (not BPDUs), in order.
inline std::vector<engine::SendFrame> DataFrames(const std::vector<engine::Effect>& out) {
  std::vector<engine::SendFrame> r;
  for (const engine::SendFrame& f : engine::EffectsOf<engine::SendFrame>(out)) {
    if (!IsBpduFrame(f.frame)) {
      r.push_back(f);
    }
  }
  return r;
}

inline std::vector<Bpdu> BpdusSentOn(const std::vector<engine::Effect>& out, IfIndex port) {
  std::vector<Bpdu> r;
  for (const engine::SendFrame& f : engine::EffectsOf<engine::SendFrame>(out)) {
    if (f.port == port && IsBpduFrame(f.frame) && f.frame[0] == 0x01 && f.frame[1] == 0x80) {
      Result<Bpdu, wire::DecodeError> b = DecodeBpduFrame(f.frame);
      EXPECT_TRUE(b.has_value());
      if (b) {
        r.push_back(*b);
      }
    }
  }
  return r;
}

inline std::vector<IfIndex> PortsOf(const std::vector<engine::SendFrame>& frames) {
  std::vector<IfIndex> r;
  for (const engine::SendFrame& f : frames) {
    r.push_back(f.port);
  }
  return r;
}

}  // namespace mc::l2::testing
