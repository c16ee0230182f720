// Fuzz target: MSDP TLV decoder and stream framer (wire/msdp.h). Whatever decodes must
// round-trip; the framer must stay bounded and agree with DecodeMsdp on every TLV it cuts.
#include <span>

#include "tests/fuzz/fuzz_target.h"
#include "wire/msdp.h"

using namespace mc;
using namespace mc::wire;

std::vector<std::vector<std::uint8_t>> FuzzSeeds() {
  const std::vector<MsdpMessage> msgs = {
      MsdpKeepAlive{},
      MsdpSourceActive{Ipv4{10, 0, 0, 1},
                       {{Ipv4{239, 1, 1, 1}, Ipv4{192, 168, 1, 10}},
                        {Ipv4{232, 0, 0, 7}, Ipv4{192, 168, 1, 11}}},
                       {0x45, 0x00, 0x00, 0x14}},
      MsdpSaRequest{Ipv4{239, 1, 1, 1}},
      MsdpSaResponse{Ipv4{10, 0, 0, 1}, {{Ipv4{239, 1, 1, 1}, Ipv4{192, 168, 1, 10}}}},
      MsdpNotification{.open_bit = true, .error_code = kMsdpErrorCease},
      MsdpUnknownTlv{kMsdpTypeTracerouteReply, {1, 2, 3}},
  };
  std::vector<std::vector<std::uint8_t>> out;
  std::vector<std::uint8_t> stream;
  for (const MsdpMessage& m : msgs) {
    out.push_back(*EncodeToBytes(m));
    stream.insert(stream.end(), out.back().begin(), out.back().end());
  }
  out.push_back(stream);  // several TLVs back to back, for the framer
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzRoundTrip(
      data, size,
      [](const std::uint8_t* d, std::size_t n) {
        return DecodeMsdp(std::span{d, n});
      },
      [](const MsdpMessage& m) { return EncodeToBytes(m); });

  // The framer, fed in chunks whose sizes come from the input itself.
  MsdpFramer framer;
  std::span<const std::uint8_t> rest{data, size};
  std::size_t chunk = 1 + (size > 0 ? data[0] % 17 : 0);
  while (!rest.empty()) {
    std::span<const std::uint8_t> piece = rest.first(std::min(chunk, rest.size()));
    rest = rest.subspan(piece.size());
    while (!piece.empty()) {
      piece = piece.subspan(framer.Feed(piece));
      MC_FUZZ_REQUIRE(framer.buffered() <= kMsdpFramerBufferMax);
      while (std::optional<Result<MsdpMessage, DecodeError>> m = framer.Next()) {
        if (!m->has_value() && framer.poisoned()) {
          MC_FUZZ_REQUIRE(m->error() == DecodeError::kBadLength);
          return 0;
        }
        if (m->has_value()) MC_FUZZ_REQUIRE(EncodeToBytes(**m).has_value());
      }
    }
    chunk = chunk * 3 % 61 + 1;
  }
  return 0;
}
