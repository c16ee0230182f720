// Fuzz target: the BPDU decoder (l2/bpdu.h), raw and inside its LLC frame. Anything that
// decodes must re-encode and decode to the same value.
#include <span>

#include "l2/bpdu.h"
#include "tests/fuzz/fuzz_target.h"

using namespace mc;
using namespace mc::l2;

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const Mac src{{0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}};
  const std::vector<Bpdu> bpdus = {
      Bpdu{.type = BpduType::kRst,
           .proposal = true,
           .role = BpduRole::kDesignated,
           .root = {0x8001, src},
           .root_path_cost = 4,
           .bridge = {0x8001, src},
           .port_id = 0x8002,
           .max_age = 0x1400,
           .hello_time = 0x0200,
           .forward_delay = 0x0f00},
      Bpdu{.type = BpduType::kConfig, .version = 0, .topology_change = true, .max_age = 0x1400},
      Bpdu{.type = BpduType::kTcn, .version = 0},
  };
  std::vector<std::vector<std::uint8_t>> out;
  for (const Bpdu& b : bpdus) {
    out.push_back(*wire::EncodeToBytes(b));
    out.push_back(*BuildBpduFrame(src, b));
  }
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeBpdu(std::span{d, n});
      },
      [](const Bpdu& b) { return wire::EncodeToBytes(b); });
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeBpduFrame(std::span{d, n});
      },
      [](const Bpdu& b) { return BuildBpduFrame(Mac{}, b); });
  return 0;
}
