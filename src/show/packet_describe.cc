// Dispatch from frames to the per-protocol renderers, and MSDP framing per TCP flow.
#include "show/packet_describe.h"

#include <fmt/format.h>

#include "wire/ethernet.h"
#include "wire/ip.h"
#include "wire/reader.h"

namespace mc::show {

using nlohmann::json;

namespace {

constexpr std::uint16_t kAutoRpPort = 496;
constexpr std::uint16_t kMsdpPort = 639;
constexpr std::size_t kMsdpFlowsMax = 4096;  // bounds memory on hostile captures

struct TcpSegment {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  bool syn = false;
  std::span<const std::uint8_t> payload;
};

// Just enough of RFC 9293 §3.1 to follow an MSDP byte stream; checksums are tshark's business.
std::optional<TcpSegment> ParseTcp(std::span<const std::uint8_t> bytes) {
  wire::ByteReader r{bytes};
  TcpSegment t;
  t.src_port = r.U16();
  t.dst_port = r.U16();
  t.seq = r.U32();
  r.Skip(4);
  const std::uint8_t offset = r.U8();
  const std::uint8_t flags = r.U8();
  if (!r.ok()) return std::nullopt;
  const std::size_t header = static_cast<std::size_t>(offset >> 4) * 4;
  if (header < 20 || header > bytes.size()) return std::nullopt;
  t.syn = (flags & 0x02) != 0;
  t.payload = bytes.subspan(header);
  return t;
}

}  // namespace

// One framer per TCP direction, following sequence numbers: retransmitted bytes are skipped,
// a gap restarts the framer at the new position.
struct PacketDescriber::MsdpFlows {
  struct Flow {
    std::optional<std::uint32_t> next_seq;
    wire::MsdpFramer framer;
  };
  std::map<std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>, Flow> flows;
};

PacketDescriber::PacketDescriber() : msdp_(std::make_unique<MsdpFlows>()) {}
PacketDescriber::~PacketDescriber() = default;

json Envelope(const IpMeta& meta, std::string_view protocol) {
  return json{
      {"time", FormatSeconds(meta.time)}, {"interface", meta.ifname},   {"protocol", protocol},
      {"src", meta.src.ToString()},       {"dst", meta.dst.ToString()}, {"ttl", meta.ttl},
      {"router_alert", meta.router_alert}};
}

std::vector<PacketLine> PacketDescriber::Frame(std::span<const std::uint8_t> frame,
                                               const std::string& ifname, Time time) {
  const Result<wire::EthernetFrame, wire::DecodeError> f = wire::DecodeEthernet(frame);
  if (!f || f->header.ethertype != wire::kEtherTypeIpv4) return {};
  return Ip(f->payload, ifname, time);
}

std::vector<PacketLine> PacketDescriber::Ip(std::span<const std::uint8_t> packet,
                                            const std::string& ifname, Time time) {
  const Result<wire::Ipv4Packet, wire::DecodeError> p = wire::DecodeIpv4(packet);
  if (!p) return {};  // not IPv4 we can read: not a control packet we can attribute
  const wire::Ipv4Header& h = p->header;
  const IpMeta meta{ifname, time, h.src, h.dst, h.ttl, h.router_alert};
  if (h.IsFragment()) return {};
  switch (h.protocol) {
    case wire::kProtoIgmp:
      return {DescribeIgmp(meta, p->payload)};
    case wire::kProtoPim:
      return {DescribePim(meta, p->payload)};
    case wire::kProtoVrrp:
      return {DescribeVrrp(meta, p->payload)};
    case wire::kProtoTcp:
      return Tcp(meta, p->payload);
    case wire::kProtoUdp: {
      const Result<wire::UdpDatagram, wire::DecodeError> udp =
          wire::DecodeUdp(p->payload, h.src, h.dst);
      if (!udp || udp->dst_port != kAutoRpPort) return {};
      return {DescribeAutoRp(meta, udp->payload)};
    }
    default:
      return {};
  }
}

std::vector<PacketLine> PacketDescriber::Tcp(const IpMeta& meta,
                                             std::span<const std::uint8_t> segment) {
  const std::optional<TcpSegment> t = ParseTcp(segment);
  if (!t || (t->src_port != kMsdpPort && t->dst_port != kMsdpPort)) return {};
  if (msdp_->flows.size() >= kMsdpFlowsMax) msdp_->flows.clear();
  MsdpFlows::Flow& flow =
      msdp_->flows[{meta.src.value(), t->src_port, meta.dst.value(), t->dst_port}];
  if (t->syn) {
    flow = MsdpFlows::Flow{.next_seq = t->seq + 1};
    return {};
  }
  std::span<const std::uint8_t> data = t->payload;
  if (!flow.next_seq) flow.next_seq = t->seq;
  const auto ahead = static_cast<std::int32_t>(t->seq - *flow.next_seq);
  if (ahead > 0) {  // bytes were lost: resynchronise at this segment
    flow = MsdpFlows::Flow{.next_seq = t->seq};
  } else if (ahead < 0) {  // retransmission: drop what we already fed
    const auto seen = static_cast<std::size_t>(-static_cast<std::int64_t>(ahead));
    if (seen >= data.size()) return {};
    data = data.subspan(seen);
  }
  *flow.next_seq += static_cast<std::uint32_t>(data.size());
  std::vector<PacketLine> out;
  while (!data.empty()) {
    data = data.subspan(flow.framer.Feed(data));
    while (std::optional<Result<wire::MsdpMessage, wire::DecodeError>> m = flow.framer.Next()) {
      out.push_back(DescribeMsdp(meta, *m));
      if (!*m && flow.framer.poisoned()) {
        flow.framer = wire::MsdpFramer{};
        return out;
      }
    }
  }
  return out;
}

}  // namespace mc::show
