// Fuzz target: Cisco Auto-RP decoder (wire/autorp.h). Anything that decodes must round-trip.
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/autorp.h"

using namespace mc;
using namespace mc::wire;

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const std::vector<AutoRpMessage> msgs = {
      {.type = AutoRpType::kAnnounce,
       .holdtime_s = 181,
       .rps = {{Ipv4{10, 1, 1, 1},
                AutoRpPimVersion::kV2,
                {{false, Prefix::Make(Ipv4{224, 0, 0, 0}, 4)}}}}},
      {.type = AutoRpType::kDiscovery,
       .holdtime_s = 181,
       .rps = {{Ipv4{10, 1, 1, 1},
                AutoRpPimVersion::kV1AndV2,
                {{false, Prefix::Make(Ipv4{239, 0, 0, 0}, 8)},
                 {true, Prefix::Make(Ipv4{239, 255, 0, 0}, 16)}}},
               {Ipv4{10, 2, 2, 2}, AutoRpPimVersion::kV2, {}}}},
  };
  std::vector<std::vector<std::uint8_t>> out;
  for (const AutoRpMessage& m : msgs) out.push_back(*EncodeToBytes(m));
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeAutoRp(std::span{d, n});
      },
      [](const AutoRpMessage& m) { return EncodeToBytes(m); });
  return 0;
}
