// Fuzz target: the Ethernet -> IPv4 -> UDP/ICMP path and ARP (wire/ethernet.h, wire/ip.h).
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/ethernet.h"
#include "wire/igmp.h"
#include "wire/ip.h"

using namespace mc;
using namespace mc::wire;

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const Bytes igmp = *EncodeToBytes(IgmpMessage{IgmpV2Report{Ipv4{239, 1, 1, 1}}});
  const Bytes ip = *BuildIpv4({.ttl = 1,
                               .protocol = kProtoIgmp,
                               .src = Ipv4{10, 1, 3, 2},
                               .dst = Ipv4{239, 1, 1, 1},
                               .router_alert = true},
                              igmp);
  const Bytes payload{1, 2, 3, 4};
  const Bytes udp = *BuildUdp({.src_port = 1, .dst_port = 2, .payload = payload}, Ipv4{10, 0, 0, 1},
                              Ipv4{239, 1, 1, 1});
  const Bytes ip_udp = *BuildIpv4(
      {.ttl = 8, .protocol = kProtoUdp, .src = Ipv4{10, 0, 0, 1}, .dst = Ipv4{239, 1, 1, 1}}, udp);
  const Bytes echo = *EncodeToBytes(IcmpEcho{.identifier = 7, .sequence = 1, .data = {9}});
  const Bytes arp =
      *EncodeToBytes(Arp{.sender_ip = Ipv4{1, 1, 1, 1}, .target_ip = Ipv4{1, 1, 1, 1}});
  return {*BuildEthernet({.dst = Mac::ForGroup(Ipv4{239, 1, 1, 1})}, ip),
          *BuildEthernet({.vlan = VlanTag{.vid = 30}}, ip_udp),
          *BuildEthernet({}, *BuildIpv4({.ttl = 64, .protocol = kProtoIcmp}, echo)),
          *BuildEthernet({.ethertype = kEtherTypeArp}, arp)};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes{data, size};
  const Result<EthernetFrame, DecodeError> f = DecodeEthernet(bytes);
  if (!f) return 0;
  if (f->header.ethertype == kEtherTypeArp) {
    FuzzRoundTrip(
        f->payload.data(), f->payload.size(),
        [](const std::uint8_t* d, std::size_t n) {
          return DecodeArp(std::span{d, n});
        },
        [](const Arp& a) { return EncodeToBytes(a); });
    return 0;
  }
  const Result<Ipv4Packet, DecodeError> p = DecodeIpv4(f->payload);
  if (!p) return 0;
  // Re-encoding the header must reproduce a packet that decodes to the same header.
  const Result<Bytes, EncodeError> again = BuildIpv4(p->header, p->payload);
  if (again) {
    const Result<Ipv4Packet, DecodeError> p2 = DecodeIpv4(*again);
    MC_FUZZ_REQUIRE(p2.has_value() && p2->header == p->header);
  }
  if (p->header.protocol == kProtoUdp) (void)DecodeUdp(p->payload, p->header.src, p->header.dst);
  if (p->header.protocol == kProtoIcmp) {
    FuzzRoundTrip(
        p->payload.data(), p->payload.size(),
        [](const std::uint8_t* d, std::size_t n) {
          return DecodeIcmpEcho(std::span{d, n});
        },
        [](const IcmpEcho& e) { return EncodeToBytes(e); });
  }
  return 0;
}
