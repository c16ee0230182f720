// Ethernet header parsing and 802.1Q tag rewriting for the bridge.
#include "l2/frame.h"

#include <algorithm>

#include "wire/reader.h"

namespace mc::l2 {

namespace {
constexpr std::size_t kAddressesSize = 12;
constexpr std::size_t kTagSize = 4;
}  // namespace

std::optional<FrameHeader> ParseHeader(std::span<const std::uint8_t> frame) {
  wire::ByteReader r{frame};
  FrameHeader h;
  h.dst = r.MacAddr();
  h.src = r.MacAddr();
  const std::uint16_t type = r.U16();
  if (type == wire::kEtherTypeVlan) {
    const std::uint16_t tci = r.U16();
    h.tag = wire::VlanTag{static_cast<std::uint8_t>(tci >> 13), (tci & 0x1000) != 0,
                          static_cast<std::uint16_t>(tci & 0x0FFF)};
    r.U16();  // the EtherType behind the tag must be there too
  }
  if (!r.ok()) {
    return std::nullopt;
  }
  return h;
}

wire::Bytes Retag(std::span<const std::uint8_t> frame, const FrameHeader& h,
                  const std::optional<wire::VlanTag>& tag) {
  const std::size_t rest_at = kAddressesSize + (h.tag ? kTagSize : 0);
  const std::span<const std::uint8_t> rest = frame.subspan(std::min(rest_at, frame.size()));
  const std::size_t size = kAddressesSize + (tag ? kTagSize : 0) + rest.size();
  wire::Bytes out(std::max(size, wire::kEthernetMinFrame), 0);
  wire::ByteWriter w{out};
  w.Raw(frame.first(kAddressesSize));
  if (tag) {
    w.U16(wire::kEtherTypeVlan);
    w.U16(static_cast<std::uint16_t>((tag->pcp & 0x7) << 13 | (tag->dei ? 0x1000 : 0) |
                                     (tag->vid & 0x0FFF)));
  }
  w.Raw(rest);
  return out;
}

}  // namespace mc::l2
