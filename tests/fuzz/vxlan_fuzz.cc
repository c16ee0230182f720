// Fuzz target: VXLAN header decoder (wire/vxlan.h). Anything that decodes must round-trip.
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/vxlan.h"

using namespace mc;
using namespace mc::wire;

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const std::vector<std::uint8_t> inner = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00,
                                           0x5e, 0x00, 0x53, 0x01, 0x08, 0x06, 0x00, 0x01};
  return {*EncodeToBytes(VxlanPacket{5000, inner}), *EncodeToBytes(VxlanPacket{0xFFFFFF, inner})};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeVxlan(std::span{d, n});
      },
      [](const VxlanPacket& p) { return EncodeToBytes(p); });
  return 0;
}
