// Fuzz target: VRRP v2/v3 decoder (wire/vrrp.h). Anything that decodes must round-trip with
// the same IPv4 source and destination (the v3 checksum covers them).
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/vrrp.h"

using namespace mc;
using namespace mc::wire;

namespace {
const Ipv4 kSrc{192, 168, 1, 2};
}  // namespace

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const std::vector<VrrpAdvertisement> msgs = {
      {.version = 2, .vrid = 1, .priority = 100, .addresses = {Ipv4{192, 168, 1, 1}}},
      {.version = 2,
       .vrid = 51,
       .priority = 255,
       .addresses = {Ipv4{10, 0, 0, 1}, Ipv4{10, 0, 0, 2}},
       .auth_type = 1,
       .auth_data = {'p', 'a', 's', 's', 0, 0, 0, 0}},
      {.version = 3, .vrid = 1, .priority = 100, .addresses = {Ipv4{192, 168, 1, 1}}},
      {.version = 3,
       .vrid = 200,
       .priority = 0,
       .addresses = {Ipv4{10, 0, 0, 1}, Ipv4{10, 0, 0, 2}, Ipv4{10, 0, 0, 3}},
       .max_advert_interval_cs = 0xFFF},
  };
  std::vector<std::vector<std::uint8_t>> out;
  for (const VrrpAdvertisement& a : msgs) {
    out.push_back(*EncodeToBytes(VrrpPacket{kSrc, kVrrpGroup, a}));
  }
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeVrrp(std::span{d, n}, kSrc, kVrrpGroup);
      },
      [](const VrrpAdvertisement& a) {
        return EncodeToBytes(VrrpPacket{kSrc, kVrrpGroup, a});
      });
  return 0;
}
