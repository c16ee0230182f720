// IPv4, UDP and ICMP echo codecs.
#include "wire/ip.h"

#include "wire/checksum.h"
#include "wire/reader.h"

namespace mc::wire {
namespace {

constexpr std::uint8_t kOptEol = 0;
constexpr std::uint8_t kOptNop = 1;
constexpr std::uint8_t kOptRouterAlert = 148;

// Walks the options area; Router Alert is lifted out, everything else kept verbatim.
Status<DecodeError> ParseOptions(std::span<const std::uint8_t> opts, Ipv4Header& h) {
  std::size_t i = 0;
  while (i < opts.size()) {
    const std::uint8_t type = opts[i];
    if (type == kOptEol) break;
    if (type == kOptNop) {
      h.other_options.push_back(type);
      ++i;
      continue;
    }
    if (i + 1 >= opts.size()) return DecodeError::kBadOption;
    const std::uint8_t len = opts[i + 1];
    if (len < 2 || i + len > opts.size()) return DecodeError::kBadOption;
    if (type == kOptRouterAlert) {
      if (len != 4) return DecodeError::kBadOption;
      h.router_alert = true;
    } else {
      h.other_options.insert(h.other_options.end(), opts.begin() + static_cast<std::ptrdiff_t>(i),
                             opts.begin() + static_cast<std::ptrdiff_t>(i + len));
    }
    i += len;
  }
  return {};
}

}  // namespace

Result<Ipv4Packet, DecodeError> DecodeIpv4(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t ver_ihl = r.U8();
  Ipv4Packet p;
  p.header.tos = r.U8();
  const std::uint16_t total_len = r.U16();
  p.header.identification = r.U16();
  const std::uint16_t frag = r.U16();
  p.header.ttl = r.U8();
  p.header.protocol = r.U8();
  r.Skip(2);  // checksum, verified over the whole header below
  p.header.src = r.Addr();
  p.header.dst = r.Addr();
  if (!r.ok()) return DecodeError::kTruncated;
  if ((ver_ihl >> 4) != 4) return DecodeError::kBadVersion;
  const std::size_t ihl = std::size_t{ver_ihl & 0x0Fu} * 4;
  if (ihl < 20 || total_len < ihl) return DecodeError::kBadLength;
  if (total_len > bytes.size()) return DecodeError::kTruncated;
  if (!ChecksumVerifies(bytes.first(ihl))) return DecodeError::kBadChecksum;
  p.header.dont_fragment = (frag & 0x4000) != 0;
  p.header.more_fragments = (frag & 0x2000) != 0;
  p.header.fragment_offset_8b = frag & 0x1FFF;
  if (Status<DecodeError> s = ParseOptions(bytes.subspan(20, ihl - 20), p.header); !s) {
    return s.error();
  }
  p.payload = bytes.subspan(ihl, total_len - ihl);
  return p;
}

std::size_t HeaderSize(const Ipv4Header& h) {
  const std::size_t opts = (h.router_alert ? 4 : 0) + h.other_options.size();
  return 20 + (opts + 3) / 4 * 4;
}

Result<Bytes, EncodeError> BuildIpv4(const Ipv4Header& h, std::span<const std::uint8_t> payload) {
  const std::size_t hlen = HeaderSize(h);
  if (hlen > 60 || hlen + payload.size() > 0xFFFF || h.fragment_offset_8b > 0x1FFF) {
    return EncodeError::kBadField;
  }
  Bytes out(hlen + payload.size(), 0);
  ByteWriter w{out};
  w.U8(static_cast<std::uint8_t>(0x40 | hlen / 4));
  w.U8(h.tos);
  w.U16(static_cast<std::uint16_t>(out.size()));
  w.U16(h.identification);
  w.U16(static_cast<std::uint16_t>((h.dont_fragment ? 0x4000 : 0) |
                                   (h.more_fragments ? 0x2000 : 0) | h.fragment_offset_8b));
  w.U8(h.ttl);
  w.U8(h.protocol);
  w.U16(0);
  w.Addr(h.src);
  w.Addr(h.dst);
  if (h.router_alert) w.U32(0x94040000);
  w.Raw(h.other_options);
  w.Zeros(hlen - w.size());  // EOL padding to a 4-byte boundary
  w.PatchU16(10, InternetChecksum(w.written()));
  w.Raw(payload);
  return out;
}

Result<UdpDatagram, DecodeError> DecodeUdp(std::span<const std::uint8_t> bytes, Ipv4 src,
                                           Ipv4 dst) {
  ByteReader r{bytes};
  UdpDatagram d;
  d.src_port = r.U16();
  d.dst_port = r.U16();
  const std::uint16_t len = r.U16();
  const std::uint16_t checksum = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if (len < 8) return DecodeError::kBadLength;
  if (len > bytes.size()) return DecodeError::kTruncated;
  d.checksum_present = checksum != 0;
  if (d.checksum_present) {
    ChecksumAccumulator acc;
    AddPseudoHeader(acc, src, dst, kProtoUdp, len);
    acc.Add(bytes.first(len));
    if (acc.Finish() != 0) return DecodeError::kBadChecksum;
  }
  d.payload = bytes.subspan(8, len - 8u);
  return d;
}

Result<Bytes, EncodeError> BuildUdp(const UdpDatagram& d, Ipv4 src, Ipv4 dst) {
  if (d.payload.size() + 8 > 0xFFFF) return EncodeError::kBadField;
  Bytes out(8 + d.payload.size());
  ByteWriter w{out};
  w.U16(d.src_port);
  w.U16(d.dst_port);
  w.U16(static_cast<std::uint16_t>(out.size()));
  w.U16(0);
  w.Raw(d.payload);
  if (d.checksum_present) {
    ChecksumAccumulator acc;
    AddPseudoHeader(acc, src, dst, kProtoUdp, static_cast<std::uint16_t>(out.size()));
    acc.Add(w.written());
    std::uint16_t c = acc.Finish();
    if (c == 0) c = 0xFFFF;  // RFC 768: a computed zero is sent as all ones
    w.PatchU16(6, c);
  }
  return out;
}

Result<IcmpEcho, DecodeError> DecodeIcmpEcho(std::span<const std::uint8_t> bytes) {
  ByteReader r{bytes};
  const std::uint8_t type = r.U8();
  const std::uint8_t code = r.U8();
  r.Skip(2);
  IcmpEcho e;
  e.identifier = r.U16();
  e.sequence = r.U16();
  if (!r.ok()) return DecodeError::kTruncated;
  if (!ChecksumVerifies(bytes)) return DecodeError::kBadChecksum;
  if ((type != 0 && type != 8) || code != 0) return DecodeError::kBadType;
  e.reply = type == 0;
  const std::span<const std::uint8_t> data = r.Rest();
  e.data.assign(data.begin(), data.end());
  return e;
}

Result<std::size_t, EncodeError> Encode(const IcmpEcho& e, std::span<std::uint8_t> out) {
  if (out.size() < EncodedSize(e)) return EncodeError::kBufferTooSmall;
  ByteWriter w{out};
  w.U8(e.reply ? 0 : 8);
  w.U8(0);
  w.U16(0);
  w.U16(e.identifier);
  w.U16(e.sequence);
  w.Raw(e.data);
  w.PatchU16(2, InternetChecksum(w.written()));
  return w.size();
}

}  // namespace mc::wire
