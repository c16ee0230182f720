// Helpers for the snooping tests: build the frames a switch port receives (IGMP, PIM, OSPF,
// data) and a seed 004 switch (ports 10/1, 10/2 and 15/1 in VLAN 3; 1/2 in VLAN 30; 15/1, the
// MSFC, also in VLAN 30). Test-only.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "engine/test_util.h"
#include "snoop/snoop_engine.h"
#include "wire/ethernet.h"
#include "wire/igmp.h"
#include "wire/ip.h"

namespace mc::snoop::testing {

using namespace std::chrono_literals;

inline const IfIndex k10_1{1}, k10_2{2}, k15_1{3}, k1_2{4};
inline constexpr std::uint16_t kVlan3 = 3, kVlan30 = 30;

inline Time At(Duration d) { return Time{} + d; }

inline wire::Bytes IpFrame(Ipv4 src, Ipv4 dst, std::uint8_t proto,
                           std::span<const std::uint8_t> payload, bool router_alert = false,
                           std::optional<Mac> dst_mac = std::nullopt) {
  wire::Ipv4Header ih;
  ih.ttl = 1;
  ih.protocol = proto;
  ih.src = src;
  ih.dst = dst;
  ih.router_alert = router_alert;
  const auto ip = wire::BuildIpv4(ih, payload);
  EXPECT_TRUE(ip.has_value());
  const Mac smac{{0x00, 0x05, 0x74, 0x18, 0x04, static_cast<std::uint8_t>(src.value() & 0xFF)}};
  const auto f = wire::BuildEthernet(
      wire::EthernetHeader{dst_mac.value_or(Mac::ForGroup(dst)), smac, {}, wire::kEtherTypeIpv4},
      *ip);
  EXPECT_TRUE(f.has_value());
  return *f;
}

inline wire::Bytes Igmp(Ipv4 src, Ipv4 dst, const wire::IgmpMessage& m) {
  const auto b = wire::EncodeToBytes(m);
  EXPECT_TRUE(b.has_value());
  return IpFrame(src, dst, wire::kProtoIgmp, *b, true);
}

inline wire::Bytes Report(Ipv4 host, Ipv4 group) {
  return Igmp(host, group, wire::IgmpV2Report{group});
}
inline wire::Bytes Leave(Ipv4 host, Ipv4 group) {
  return Igmp(host, Ipv4{224, 0, 0, 2}, wire::IgmpLeave{group});
}
inline wire::Bytes GeneralQuery(Ipv4 router) {
  wire::IgmpQuery q;
  q.version = wire::IgmpVersion::kV2;
  return Igmp(router, Ipv4{224, 0, 0, 1}, q);
}

inline engine::PacketIn In(IfIndex port, std::uint16_t vlan, wire::Bytes frame) {
  engine::PacketIn p;
  p.layer = engine::Layer::kL2;
  p.ifindex = port;
  p.vlan = vlan;
  p.bytes = std::move(frame);
  return p;
}

// The IGMP message inside a frame the engine sent, with the frame's VLAN tag.
struct Sent {
  IfIndex port;
  std::uint16_t vlan = 0;
  Ipv4 src;
  Ipv4 dst;
  wire::IgmpMessage igmp;
};

inline std::vector<Sent> SentIgmp(const std::vector<engine::Effect>& out) {
  std::vector<Sent> r;
  for (const engine::SendFrame& f : engine::EffectsOf<engine::SendFrame>(out)) {
    const auto eth = wire::DecodeEthernet(f.frame);
    EXPECT_TRUE(eth.has_value());
    const auto ip = wire::DecodeIpv4(eth->payload);
    EXPECT_TRUE(ip.has_value());
    const auto m = wire::DecodeIgmp(ip->payload);
    EXPECT_TRUE(m.has_value());
    r.push_back(Sent{f.port, eth->header.vlan ? eth->header.vlan->vid : std::uint16_t{0},
                     ip->header.src, ip->header.dst, *m});
  }
  return r;
}

inline std::vector<IfIndex> PortsOf(const std::vector<Sent>& s) {
  std::vector<IfIndex> r;
  for (const Sent& x : s) {
    r.push_back(x.port);
  }
  return r;
}

inline PortSettings Port(std::string name, std::initializer_list<std::uint16_t> vlans) {
  PortSettings p;
  p.name = std::move(name);
  for (const std::uint16_t v : vlans) {
    p.vlans.Add(config::VlanSet::Of(v));
  }
  return p;
}

// The seed 004 switch with the MSFC's general query already heard on 15/1 in both VLANs.
class SnoopTest : public ::testing::Test {
 protected:
  SnoopTest() : engine_(SnoopOptions{}, Rng{42}) {
    engine_.SetSettings(now_, SnoopSettings{}, out_);
    engine_.SetPort(now_, k10_1, Port("10/1", {kVlan3}), out_);
    engine_.SetPort(now_, k10_2, Port("10/2", {kVlan3}), out_);
    engine_.SetPort(now_, k15_1, Port("15/1", {kVlan3, kVlan30}), out_);
    engine_.SetPort(now_, k1_2, Port("1/2", {kVlan30}), out_);
  }
  void Step(Duration d) {
    now_ += d;
    engine_.AdvanceTo(now_, out_);
  }
  void Receive(IfIndex port, std::uint16_t vlan, wire::Bytes frame) {
    engine_.Handle(now_, engine::Input{In(port, vlan, std::move(frame))}, out_);
  }
  void RouterQueries() {
    Receive(k15_1, kVlan3, GeneralQuery(kMsfc));
    Receive(k15_1, kVlan30, GeneralQuery(kMsfc30));
  }
  std::vector<IfIndex> Egress(std::uint16_t vlan, Ipv4 group, IfIndex in = IfIndex{99}) {
    const l2::MulticastEgress e = engine_.Lookup(vlan, Mac::ForGroup(group), group, in);
    EXPECT_FALSE(e.flood) << "expected a pruned entry for " << group.ToString();
    return e.ports;
  }
  bool Floods(std::uint16_t vlan, Ipv4 group) {
    return engine_.Lookup(vlan, Mac::ForGroup(group), group, IfIndex{99}).flood;
  }
  std::uint64_t Counter(std::string_view name) const {
    for (const engine::CounterValue& c : engine_.Snap().counters) {
      if (c.name == name) {
        return c.value;
      }
    }
    ADD_FAILURE() << "no counter " << name;
    return 0;
  }

  static constexpr Ipv4 kMsfc{10, 1, 3, 10}, kMsfc30{10, 1, 4, 10};
  static constexpr Ipv4 kHost2{10, 1, 3, 2}, kHost3{10, 1, 3, 3}, kHost4{10, 1, 4, 1};
  static constexpr Ipv4 kG{239, 1, 1, 1};
  Time now_{};
  SnoopEngine engine_;
  std::vector<engine::Effect> out_;
};

}  // namespace mc::snoop::testing
