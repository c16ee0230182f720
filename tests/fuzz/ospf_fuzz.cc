// Fuzz target: OSPFv2 header decoder (wire/ospf.h). Anything that decodes must round-trip.
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/ospf.h"

using namespace mc;
using namespace mc::wire;

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const Bytes hello_body = {0xff, 0xff, 0xff, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x00, 0x00,
                            0x00, 0x28, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
  const std::vector<OspfPacket> pkts = {
      {.type = OspfType::kHello, .router_id = Ipv4{1, 1, 1, 1}, .body = hello_body},
      {.type = OspfType::kLinkStateUpdate,
       .router_id = Ipv4{2, 2, 2, 2},
       .area_id = Ipv4{0, 0, 0, 1},
       .au_type = kOspfAuTypeSimplePassword,
       .authentication = {'s', 'e', 'c', 'r', 'e', 't', 0, 0},
       .body = {0, 0, 0, 0, 1}},
      {.type = OspfType::kHello,
       .router_id = Ipv4{3, 3, 3, 3},
       .au_type = kOspfAuTypeCryptographic,
       .authentication = {0, 0, 1, 16, 0, 0, 0, 1},
       .body = hello_body,
       .trailer = Bytes(16, 0xdd)},
  };
  std::vector<std::vector<std::uint8_t>> out;
  for (const OspfPacket& p : pkts) out.push_back(*EncodeToBytes(p));
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeOspf(std::span{d, n});
      },
      [](const OspfPacket& p) { return EncodeToBytes(p); });
  return 0;
}
