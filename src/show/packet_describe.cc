// Dispatch from frames to the per-protocol renderers, and MSDP framing per TCP flow.
#include "show/packet_describe.h"

#include <fmt/format.h>

#include "wire/ethernet.h"
#include "wire/ip.h"

namespace mc::show {

using nlohmann::json;

struct PacketDescriber::MsdpFlows {};

PacketDescriber::PacketDescriber() : msdp_(std::make_unique<MsdpFlows>()) {}
PacketDescriber::~PacketDescriber() = default;

json Envelope(const IpMeta& meta, std::string_view protocol) {
  return json{{"time", FormatSeconds(meta.time)},
              {"interface", meta.ifname},
              {"protocol", protocol},
              {"src", meta.src.ToString()},
              {"dst", meta.dst.ToString()},
              {"ttl", meta.ttl},
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
    case wire::kProtoIgmp: return {DescribeIgmp(meta, p->payload)};
    default: return {};
  }
}

std::vector<PacketLine> PacketDescriber::Tcp(const IpMeta&, std::span<const std::uint8_t>) {
  return {};
}

}  // namespace mc::show
