// Fuzz target: IGMP decoder (wire/igmp.h). Anything that decodes must round-trip.
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/igmp.h"

using namespace mc;
using namespace mc::wire;

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  std::vector<IgmpMessage> msgs = {
      IgmpQuery{.version = IgmpVersion::kV2, .max_resp_code = 100},
      IgmpQuery{.version = IgmpVersion::kV3,
                .max_resp_code = 100,
                .group = Ipv4{232, 1, 1, 1},
                .qrv = 2,
                .qqic = 125,
                .sources = {Ipv4{10, 0, 0, 1}, Ipv4{10, 0, 0, 2}}},
      IgmpV2Report{Ipv4{239, 1, 1, 1}},
      IgmpLeave{Ipv4{239, 1, 1, 1}},
      IgmpV3Report{{{IgmpRecordType::kModeIsExclude, Ipv4{239, 1, 1, 1}, {Ipv4{1, 2, 3, 4}}, {}},
                    {IgmpRecordType::kAllowNewSources,
                     Ipv4{232, 1, 1, 1},
                     {Ipv4{9, 9, 9, 1}},
                     {0, 0, 0, 0}}}},
      DvmrpMessage{.body = {0, 0, 0, 1}},
  };
  std::vector<std::vector<std::uint8_t>> out;
  for (const IgmpMessage& m : msgs) out.push_back(*EncodeToBytes(m));
  return out;
}

namespace {
void RoundTrip(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeIgmp(std::span{d, n});
      },
      [](const IgmpMessage& m) { return EncodeToBytes(m); });
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  RoundTrip(data, size);
  const std::vector<std::uint8_t> fixed = WithFixedChecksum(data, size, 2);
  RoundTrip(fixed.data(), fixed.size());
  return 0;
}
