// Ethernet II / 802.1Q framing and ARP.
#include "wire/ethernet.h"

#include <algorithm>

#include "wire/reader.h"

namespace mc::wire {

Result<EthernetFrame, DecodeError> DecodeEthernet(std::span<const std::uint8_t> frame) {
  ByteReader r{frame};
  EthernetFrame f;
  f.header.dst = r.MacAddr();
  f.header.src = r.MacAddr();
  std::uint16_t type = r.U16();
  if (type == kEtherTypeVlan) {
    const std::uint16_t tci = r.U16();
    f.header.vlan = VlanTag{static_cast<std::uint8_t>(tci >> 13), (tci & 0x1000) != 0,
                            static_cast<std::uint16_t>(tci & 0x0FFF)};
    type = r.U16();
  }
  if (!r.ok()) return DecodeError::kTruncated;
  if (type < 0x0600) return DecodeError::kNotForUs;  // 802.3 length field: LLC frame
  f.header.ethertype = type;
  f.payload = r.Rest();
  return f;
}

Result<Bytes, EncodeError> BuildEthernet(const EthernetHeader& h,
                                         std::span<const std::uint8_t> payload) {
  if (h.vlan && h.vlan->vid > 0x0FFF) return EncodeError::kBadField;
  const std::size_t len = std::max(HeaderSize(h) + payload.size(), kEthernetMinFrame);
  Bytes out(len, 0);
  ByteWriter w{out};
  w.MacAddr(h.dst);
  w.MacAddr(h.src);
  if (h.vlan) {
    w.U16(kEtherTypeVlan);
    w.U16(static_cast<std::uint16_t>((h.vlan->pcp & 0x7) << 13 | (h.vlan->dei ? 0x1000 : 0) |
                                     h.vlan->vid));
  }
  w.U16(h.ethertype);
  w.Raw(payload);
  return out;
}

Result<Arp, DecodeError> DecodeArp(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint16_t htype = r.U16();
  const std::uint16_t ptype = r.U16();
  const std::uint8_t hlen = r.U8();
  const std::uint8_t plen = r.U8();
  const std::uint16_t op = r.U16();
  Arp a;
  a.sender_mac = r.MacAddr();
  a.sender_ip = r.Addr();
  a.target_mac = r.MacAddr();
  a.target_ip = r.Addr();
  if (!r.ok()) return DecodeError::kTruncated;
  if (htype != 1 || ptype != kEtherTypeIpv4 || hlen != 6 || plen != 4) {
    return DecodeError::kBadAddressFamily;
  }
  if (op != 1 && op != 2) return DecodeError::kBadType;
  a.op = static_cast<ArpOp>(op);
  return a;
}

Result<std::size_t, EncodeError> Encode(const Arp& a, std::span<std::uint8_t> out) {
  if (out.size() < EncodedSize(a)) return EncodeError::kBufferTooSmall;
  ByteWriter w{out};
  w.U16(1);
  w.U16(kEtherTypeIpv4);
  w.U8(6);
  w.U8(4);
  w.U16(static_cast<std::uint16_t>(a.op));
  w.MacAddr(a.sender_mac);
  w.Addr(a.sender_ip);
  w.MacAddr(a.target_mac);
  w.Addr(a.target_ip);
  return w.size();
}

}  // namespace mc::wire
