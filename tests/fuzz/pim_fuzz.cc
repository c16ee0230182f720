// Fuzz target: PIMv2 decoder (wire/pim.h). Anything that decodes must round-trip. Each input is
// tried as-is and again with its checksum repaired (over 8 bytes for a Register, RFC 7761
// §4.9.3), so mutations reach the body decoders instead of stopping at the checksum.
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/checksum.h"
#include "wire/pim.h"

using namespace mc;
using namespace mc::wire;

namespace {

std::vector<std::uint8_t> WithChecksum(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> b(data, data + size);
  PatchPimChecksum(b);
  return b;
}

void RoundTrip(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodePim(std::span{d, n});
      },
      [](const PimMessage& m) {
        Result<Bytes, EncodeError> b = EncodeToBytes(m);
        MC_FUZZ_REQUIRE(!b.has_value() || b->size() == EncodedSize(m));
        return b;
      });
}

}  // namespace

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const Ipv4 g{239, 1, 1, 1};
  const Ipv4 s{10, 0, 1, 10};
  const Ipv4 rp{10, 0, 0, 100};
  const PimEncodedGroup group{.group = g, .mask_len = 32};
  const PimJoinPruneGroup jp_group{
      group,
      {{.source = rp, .mask_len = 32, .sparse = true, .wildcard = true, .rpt = true}},
      {{.source = s, .mask_len = 32, .sparse = true, .rpt = true}}};
  std::vector<PimMessage> msgs = {
      PimHello{.holdtime_s = 105,
               .lan_prune_delay = PimLanPruneDelay{true, 500, 2500},
               .dr_priority = 1,
               .generation_id = 0x12345678,
               .state_refresh = PimStateRefreshCapable{1, 60},
               .bidir_capable = true,
               .secondary_addresses = {Ipv4{10, 0, 2, 1}},
               .other_options = {{65001, {1, 0, 10, 0, 3, 1}}}},
      PimRegister{.packet = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 1, 10, 239, 1, 1, 1}},
      PimRegister{.border = true, .null_register = true, .packet = {0x45, 0, 0, 20}},
      PimRegisterStop{group, s},
      PimJoinPrune{.upstream_neighbor = Ipv4{10, 0, 0, 1}, .holdtime_s = 210, .groups = {jp_group}},
      PimBootstrap{.fragment_tag = 7,
                   .bsr_priority = 64,
                   .bsr_address = Ipv4{10, 0, 0, 1},
                   .groups = {{{.group = Ipv4{224, 0, 0, 0}, .mask_len = 4},
                               2,
                               {{Ipv4{10, 0, 0, 2}, 150, 192}, {Ipv4{10, 0, 0, 3}, 150, 0}}}},
                   .flags = kPimFlagNoForward},
      PimAssert{.group = group, .source = s, .metric_preference = 110, .metric = 20},
      PimGraft{.upstream_neighbor = Ipv4{10, 0, 0, 1}, .groups = {jp_group}},
      PimGraftAck{.upstream_neighbor = Ipv4{10, 0, 0, 1}, .groups = {jp_group}},
      PimCandidateRpAdvertisement{.priority = 192,
                                  .holdtime_s = 150,
                                  .rp_address = rp,
                                  .groups = {group, {.group = Ipv4{232, 0, 0, 0}, .mask_len = 8}}},
      PimStateRefresh{.group = group,
                      .source = s,
                      .originator = Ipv4{10, 0, 1, 1},
                      .metric_preference = 110,
                      .metric = 20,
                      .mask_len = 24,
                      .ttl = 16,
                      .prune_indicator = true,
                      .interval_s = 60},
      PimDfOffer{rp, 110, 20},
      PimDfWinner{rp, 110, 20},
      PimDfBackoff{rp, 110, 20, Ipv4{10, 0, 2, 2}, 110, 10, 1000},
      PimDfPass{rp, 110, 20, Ipv4{10, 0, 2, 2}, 110, 10},
  };
  std::vector<std::vector<std::uint8_t>> out;
  for (const PimMessage& m : msgs) out.push_back(*EncodeToBytes(m));
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  RoundTrip(data, size);
  const std::vector<std::uint8_t> repaired = WithChecksum(data, size);
  RoundTrip(repaired.data(), repaired.size());
  return 0;
}
