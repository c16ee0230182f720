// TrafficLog: frame classification and the counts behind `expect ... received|sent`.
#include "sim/emu/traffic_log.h"

#include <algorithm>
#include <variant>

#include "wire/ethernet.h"
#include "wire/igmp.h"
#include "wire/ip.h"
#include "wire/pim.h"

namespace mc::sim {

namespace {

constexpr std::uint16_t kAutoRpPort = 496;  // RFC-less Cisco Auto-RP, UDP 496
constexpr std::uint16_t kMsdpPort = 639;    // RFC 3618 §5

FrameClass Control(ControlKind kind, std::vector<Ipv4> groups = {}) {
  return FrameClass{kind, std::move(groups)};
}

std::optional<FrameClass> ClassifyIgmp(std::span<const std::uint8_t> payload) {
  auto m = wire::DecodeIgmp(payload);
  if (!m) {
    return std::nullopt;
  }
  if (const auto* q = std::get_if<wire::IgmpQuery>(&*m)) {
    std::vector<Ipv4> groups;
    if (!q->IsGeneral()) {
      groups.push_back(q->group);
    }
    return Control(ControlKind::kIgmpQuery, std::move(groups));
  }
  if (const auto* r = std::get_if<wire::IgmpV1Report>(&*m)) {
    return Control(ControlKind::kIgmpReport, {r->group});
  }
  if (const auto* r = std::get_if<wire::IgmpV2Report>(&*m)) {
    return Control(ControlKind::kIgmpReport, {r->group});
  }
  if (const auto* l = std::get_if<wire::IgmpLeave>(&*m)) {
    return Control(ControlKind::kIgmpLeave, {l->group});
  }
  if (const auto* r = std::get_if<wire::IgmpV3Report>(&*m)) {
    std::vector<Ipv4> groups;
    for (const wire::IgmpGroupRecord& rec : r->records) {
      groups.push_back(rec.group);
    }
    return Control(ControlKind::kIgmpReport, std::move(groups));
  }
  return std::nullopt;  // DVMRP
}

template <class Body>
std::vector<Ipv4> JoinPruneGroups(const Body& b) {
  std::vector<Ipv4> groups;
  for (const wire::PimJoinPruneGroup& g : b.groups) {
    groups.push_back(g.group.group);
  }
  return groups;
}

std::optional<FrameClass> ClassifyPim(std::span<const std::uint8_t> payload) {
  auto m = wire::DecodePim(payload);
  if (!m) {
    return std::nullopt;
  }
  return std::visit(
      [](const auto& msg) -> std::optional<FrameClass> {
        using T = std::decay_t<decltype(msg)>;
        if constexpr (std::is_same_v<T, wire::PimHello>) {
          return Control(ControlKind::kPimHello);
        } else if constexpr (std::is_same_v<T, wire::PimRegister>) {
          std::vector<Ipv4> groups;
          if (auto inner = wire::DecodeIpv4(msg.packet)) {
            groups.push_back(inner->header.dst);
          } else if (msg.packet.size() >= 20) {
            // A Null-Register's dummy header (no payload) still names G at bytes 16..19.
            groups.push_back(Ipv4{(std::uint32_t{msg.packet[16]} << 24) |
                                  (std::uint32_t{msg.packet[17]} << 16) |
                                  (std::uint32_t{msg.packet[18]} << 8) | msg.packet[19]});
          }
          return Control(ControlKind::kPimRegister, std::move(groups));
        } else if constexpr (std::is_same_v<T, wire::PimRegisterStop>) {
          return Control(ControlKind::kPimRegisterStop, {msg.group.group});
        } else if constexpr (std::is_same_v<T, wire::PimJoinPrune>) {
          return Control(ControlKind::kPimJoinPrune, JoinPruneGroups(msg));
        } else if constexpr (std::is_same_v<T, wire::PimGraft>) {
          return Control(ControlKind::kPimGraft, JoinPruneGroups(msg));
        } else if constexpr (std::is_same_v<T, wire::PimBootstrap>) {
          return Control(ControlKind::kPimBootstrap);
        } else if constexpr (std::is_same_v<T, wire::PimAssert>) {
          return Control(ControlKind::kPimAssert, {msg.group.group});
        } else if constexpr (std::is_same_v<T, wire::PimStateRefresh>) {
          return Control(ControlKind::kPimStateRefresh, {msg.group.group});
        } else if constexpr (std::is_same_v<T, wire::PimDfOffer> ||
                             std::is_same_v<T, wire::PimDfWinner> ||
                             std::is_same_v<T, wire::PimDfBackoff> ||
                             std::is_same_v<T, wire::PimDfPass>) {
          return Control(ControlKind::kPimDfElection);
        } else {
          return std::nullopt;  // Graft-Ack, Candidate-RP-Advertisement: no `<ctl>` kind
        }
      },
      *m);
}

}  // namespace

std::optional<FrameClass> ClassifyFrame(std::span<const std::uint8_t> frame) {
  auto eth = wire::DecodeEthernet(frame);
  if (!eth || eth->header.ethertype != wire::kEtherTypeIpv4) {
    return std::nullopt;
  }
  auto ip = wire::DecodeIpv4(eth->payload);
  if (!ip || ip->header.IsFragment()) {
    return std::nullopt;
  }
  const wire::Ipv4Header& h = ip->header;
  switch (h.protocol) {
    case wire::kProtoIgmp:
      return ClassifyIgmp(ip->payload);
    case wire::kProtoPim:
      return ClassifyPim(ip->payload);
    case wire::kProtoVrrp:
      // Named by its destination: 224.0.0.18, or a ProxySG-style `vrrp N multicast-group G`.
      return Control(ControlKind::kVrrp, {h.dst});
    case wire::kProtoTcp:
      // MSDP runs over TCP port 639, either direction (RFC 3618 §5).
      if (ip->payload.size() >= 4) {
        const std::uint16_t sport =
            static_cast<std::uint16_t>((ip->payload[0] << 8) | ip->payload[1]);
        const std::uint16_t dport =
            static_cast<std::uint16_t>((ip->payload[2] << 8) | ip->payload[3]);
        if (sport == kMsdpPort || dport == kMsdpPort) {
          return Control(ControlKind::kMsdp);
        }
      }
      return std::nullopt;
    case wire::kProtoUdp:
      if (ip->payload.size() >= 4 && ((ip->payload[2] << 8) | ip->payload[3]) == kAutoRpPort) {
        return Control(ControlKind::kAutoRp);
      }
      break;
    default:
      break;
  }
  if (!h.dst.IsMulticast()) {
    return std::nullopt;
  }
  return FrameClass{std::nullopt, {h.dst}};
}

void TrafficLog::NoteSent(Time at, std::size_t device, std::size_t iface,
                          std::span<const std::uint8_t> frame) {
  const std::optional<FrameClass> c = ClassifyFrame(frame);
  if (!c) {
    return;
  }
  if (sent_.size() <= device) {
    sent_.resize(device + 1);
  }
  auto& per_device = sent_[device];
  if (per_device.size() <= iface) {
    per_device.resize(iface + 1);
  }
  auto& log = per_device[iface];
  const std::uint8_t kind =
      c->control ? static_cast<std::uint8_t>(static_cast<std::uint8_t>(*c->control) + 1) : 0;
  if (c->groups.empty()) {
    log.push_back(SentRecord{at, 0, kind, true});
    return;
  }
  // A packet naming one group twice (a v3 report with two records for G) counts once for G.
  std::vector<Ipv4> groups = c->groups;
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  bool first = true;
  for (const Ipv4 g : groups) {
    log.push_back(SentRecord{at, g.value(), kind, first});
    first = false;
  }
}

void TrafficLog::NoteReceived(Time at, std::size_t device, Ipv4 group, Ipv4 source) {
  if (received_.size() <= device) {
    received_.resize(device + 1);
  }
  received_[device].push_back(ReceivedRecord{at, group.value(), source.value()});
}

std::uint64_t TrafficLog::CountReceived(std::size_t device, Ipv4 group, std::optional<Ipv4> from,
                                        Time since) const {
  if (device >= received_.size()) {
    return 0;
  }
  std::uint64_t n = 0;
  for (const ReceivedRecord& r : received_[device]) {
    if (r.at >= since && r.group == group.value() && (!from || r.source == from->value())) {
      ++n;
    }
  }
  return n;
}

std::uint64_t TrafficLog::CountSent(std::size_t device, std::size_t iface,
                                    std::optional<ControlKind> control, std::optional<Ipv4> group,
                                    Time since) const {
  if (device >= sent_.size() || iface >= sent_[device].size()) {
    return 0;
  }
  const std::uint8_t kind =
      control ? static_cast<std::uint8_t>(static_cast<std::uint8_t>(*control) + 1) : 0;
  std::uint64_t n = 0;
  for (const SentRecord& r : sent_[device][iface]) {
    if (r.at < since || r.kind != kind) {
      continue;
    }
    if (group ? r.group == group->value() : r.first) {
      ++n;
    }
  }
  return n;
}

}  // namespace mc::sim
