// Fuzz target: IGMP mtrace decoder (wire/mtrace.h). Anything that decodes must round-trip;
// a copy with the checksum recomputed gets mutations past the checksum.
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/mtrace.h"

using namespace mc;
using namespace mc::wire;

namespace {

void RoundTrip(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeMtrace(std::span{d, n});
      },
      [](const MtracePacket& m) { return EncodeToBytes(m); });
}

}  // namespace

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  MtracePacket query{.group = Ipv4{239, 1, 1, 1},
                     .source = Ipv4{10, 1, 0, 10},
                     .destination = Ipv4{10, 3, 0, 1},
                     .response_address = Ipv4{10, 3, 0, 1},
                     .query_id = 0x123456};
  MtracePacket response = query;
  response.response = true;
  response.blocks.push_back({.incoming_interface = Ipv4{10, 0, 23, 3},
                             .outgoing_interface = Ipv4{10, 3, 0, 1},
                             .previous_hop = Ipv4{10, 0, 23, 2},
                             .src_mask_len = 24});
  return {*EncodeToBytes(query), *EncodeToBytes(response)};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  RoundTrip(data, size);
  const std::vector<std::uint8_t> fixed = WithFixedChecksum(data, size, 2);
  RoundTrip(fixed.data(), fixed.size());
  return 0;
}
