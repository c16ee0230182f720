// The switch's bridge engine: ingress classification, learning, forwarding, egress tagging and
// the glue to the spanning tree (IEEE 802.1Q-2018 §8.6-8.8; see bridge.h for the design).
#include "l2/bridge.h"

#include <algorithm>
#include <utility>

#include "wire/ethernet.h"

namespace mc::l2 {

namespace {

// The IPv4 destination of an Ethernet II / 802.1Q frame carrying IPv4, for the snooping query.
std::optional<Ipv4> Ipv4Destination(std::span<const std::uint8_t> frame) {
  const Result<wire::EthernetFrame, wire::DecodeError> eth = wire::DecodeEthernet(frame);
  if (!eth || eth->header.ethertype != wire::kEtherTypeIpv4 || eth->payload.size() < 20) {
    return std::nullopt;
  }
  const std::span<const std::uint8_t> p = eth->payload;
  return Ipv4{static_cast<std::uint32_t>(p[16]) << 24 | static_cast<std::uint32_t>(p[17]) << 16 |
              static_cast<std::uint32_t>(p[18]) << 8 | static_cast<std::uint32_t>(p[19])};
}

}  // namespace

using engine::Effect;
using engine::SendFrame;

VlanMask VlanMask::All() {
  VlanMask m;
  m.bits_.set();
  m.bits_.reset(0);
  return m;
}

VlanMask VlanMask::Of(std::initializer_list<std::uint16_t> vlans) {
  VlanMask m;
  for (const std::uint16_t v : vlans) {
    m.Add(v);
  }
  return m;
}

void VlanMask::Add(std::uint16_t vlan) {
  if (vlan >= 1 && vlan <= kVlanIdMax) {
    bits_.set(vlan);
  }
}

void VlanMask::Remove(std::uint16_t vlan) {
  if (vlan <= kVlanIdMax) {
    bits_.reset(vlan);
  }
}

std::string_view ToString(PortMode m) { return m == PortMode::kTrunk ? "trunk" : "access"; }

bool Bridge::Port::IsMember(std::uint16_t vlan) const {
  if (svi || config.mode == PortMode::kAccess) {
    return config.access_vlan == vlan;
  }
  return config.allowed_vlans.Contains(vlan);
}

Bridge::Bridge(const BridgeConfig& config)
    : config_(config), mac_(config.mac_aging, config.mac_table_max) {
  // VLAN 1's instance always exists: VLANs without their own follow it (see bridge.h).
  stps_.try_emplace(kDefaultVlan, InstanceConfig(kDefaultVlan));
}

void Bridge::Handle(Time now, const engine::Input& in, std::vector<Effect>& out) {
  if (const auto* p = std::get_if<engine::PacketIn>(&in)) {
    OnFrame(now, *p, out);
  } else if (const auto* l = std::get_if<engine::LinkEvent>(&in)) {
    OnLink(now, *l, out);
  }
  // Other inputs (routes, dataplane upcalls, streams, notifications) are not for a bridge.
}

// MAC ageing and spanning-tree timers, interleaved in deadline order.
void Bridge::AdvanceTo(Time now, std::vector<Effect>& out) {
  while (const std::optional<Time> at = NextDeadline()) {
    if (*at > now) {
      return;
    }
    if (mac_.NextDeadline() == at) {
      counters_.Inc(BridgeCounter::kMacAged, mac_.AdvanceTo(*at));
    }
    for (auto& [vlan, stp] : stps_) {
      if (stp.NextDeadline() == at) {
        RunStp(vlan, stp, out, [&](Stp& s, StpOut& o) { s.AdvanceTo(*at, o); });
      }
    }
  }
}

std::optional<Time> Bridge::NextDeadline() const {
  std::optional<Time> next = mac_.NextDeadline();
  for (const auto& [vlan, stp] : stps_) {
    const std::optional<Time> t = stp.NextDeadline();
    if (t && (!next || *t < *next)) {
      next = t;
    }
  }
  return next;
}

void Bridge::OnFrame(Time now, const engine::PacketIn& p, std::vector<Effect>& out) {
  if (p.layer != engine::Layer::kL2) {
    counters_.Inc(BridgeCounter::kFramesIn);
    counters_.Inc(BridgeCounter::kDropMalformed);
    return;
  }
  const std::optional<std::uint16_t> vlan = Admit(now, p.ifindex, p.bytes, out);
  if (!vlan) {
    return;
  }
  const std::optional<FrameHeader> h = ParseHeader(p.bytes);
  MC_ASSERT(h.has_value());  // Admit parsed it already
  if (multicast_table_ != nullptr && h->dst.IsMulticast()) {
    const MulticastPunt punt = multicast_table_->Classify(*vlan, p.bytes);
    if (punt != MulticastPunt::kNone) {
      if (punted_.size() < kMaxPendingPunts) {
        punted_.push_back(PuntedFrame{p.ifindex, *vlan, p.bytes});
      } else {
        counters_.Inc(BridgeCounter::kPuntsDropped);
      }
      if (punt == MulticastPunt::kConsume) {
        return;  // snooping relays reports itself (RFC 4541 §2.1.1 (1))
      }
    }
  }
  Forward(p.ifindex, *vlan, *h, p.bytes, out);
}

// 802.1Q-2018 §8.6.1 ingress: the port must be up, the frame well formed and classified into a
// VLAN the port carries, the port learning (§8.4 port states); BPDUs go to the spanning tree.
std::optional<std::uint16_t> Bridge::Admit(Time now, IfIndex port,
                                           std::span<const std::uint8_t> frame,
                                           std::vector<Effect>& out) {
  counters_.Inc(BridgeCounter::kFramesIn);
  const auto it = ports_.find(port);
  if (it == ports_.end()) {
    counters_.Inc(BridgeCounter::kDropUnknownPort);
    return std::nullopt;
  }
  const Port& p = it->second;
  if (!p.Operational()) {
    counters_.Inc(BridgeCounter::kDropPortDown);
    return std::nullopt;
  }
  const std::optional<FrameHeader> h = ParseHeader(frame);
  if (!h) {
    counters_.Inc(BridgeCounter::kDropMalformed);
    return std::nullopt;
  }
  // Without a spanning tree, BPDUs are ordinary multicast: the switch is transparent to them.
  if (IsReservedAddress(h->dst) && (h->dst != kBridgeGroupAddress || UsesStp(p))) {
    if (h->dst == kBridgeGroupAddress) {
      OnBpdu(now, port, p, frame, out);
    } else {
      counters_.Inc(BridgeCounter::kDropReserved);
    }
    return std::nullopt;
  }
  if (h->dst == kPvstAddress && UsesStp(p)) {
    OnPvstBpdu(now, port, p, frame, out);
    return std::nullopt;
  }
  const std::optional<std::uint16_t> vlan = IngressVlan(p, *h);
  if (!vlan) {
    return std::nullopt;
  }
  if (UsesStp(p) && StpState(port, *vlan) == PortState::kDiscarding) {
    counters_.Inc(BridgeCounter::kDropStpBlocked);
    return std::nullopt;
  }
  if (h->src.IsMulticast() || h->src == Mac{}) {
    counters_.Inc(BridgeCounter::kDropBadSource);
    return std::nullopt;
  }
  Learn(now, {*vlan, h->src}, port, out);
  if (!Forwarding(port, *vlan)) {
    counters_.Inc(BridgeCounter::kDropStpBlocked);  // learning state: learn, do not forward
    return std::nullopt;
  }
  return vlan;
}

// 802.1Q-2018 §6.9 / §8.6.1: untagged and priority-tagged frames belong to the port's access
// or native VLAN; a trunk accepts tagged frames of its allowed VLANs; an access port or SVI
// accepts no VLAN-tagged frames.
std::optional<std::uint16_t> Bridge::IngressVlan(const Port& p, const FrameHeader& h) {
  const bool tagged = h.tag.has_value() && h.tag->vid != 0;
  if (p.svi || p.config.mode == PortMode::kAccess) {
    if (tagged) {
      counters_.Inc(BridgeCounter::kDropTaggedOnAccess);
      return std::nullopt;
    }
    return p.config.access_vlan;
  }
  const std::uint16_t vlan = tagged ? h.tag->vid : p.config.native_vlan;
  if (!p.config.allowed_vlans.Contains(vlan)) {
    counters_.Inc(BridgeCounter::kDropVlanNotAllowed);
    return std::nullopt;
  }
  return vlan;
}

void Bridge::Learn(Time now, const MacKey& key, IfIndex port, std::vector<Effect>& out) {
  switch (mac_.Learn(now, key, port)) {
    case LearnResult::kLearned:
      counters_.Inc(BridgeCounter::kMacLearned);
      return;
    case LearnResult::kMoved:
      counters_.Inc(BridgeCounter::kMacMoves);
      return;
    case LearnResult::kTableFull:
      counters_.Inc(BridgeCounter::kMacLimit);
      tracer_.Emit(now, "limit mac-table", out, "limit mac-table ({}) reached, not learning {}",
                   config_.mac_table_max, key.mac.ToString());
      return;
    case LearnResult::kRefreshed:
    case LearnResult::kStatic:
      return;
  }
}

// An IEEE BPDU belongs to the access VLAN of an access port, to the native VLAN of a trunk.
void Bridge::OnBpdu(Time now, IfIndex port, const Port& p, std::span<const std::uint8_t> frame,
                    std::vector<Effect>& out) {
  const Result<Bpdu, wire::DecodeError> bpdu = DecodeBpduFrame(frame);
  if (!bpdu) {
    counters_.Inc(BridgeCounter::kBpduBad);
    tracer_.Emit(now, "bad-bpdu", out, "bad BPDU on port {}: {}", port.value(), bpdu.error());
    return;
  }
  const std::uint16_t vlan =
      p.config.mode == PortMode::kTrunk ? p.config.native_vlan : p.config.access_vlan;
  const auto it = stps_.find(vlan);
  if (it == stps_.end()) {
    return;
  }
  RunStp(vlan, it->second, out, [&](Stp& s, StpOut& o) { s.ReceiveBpdu(now, port, *bpdu, o); });
}

// An SSTP BPDU belongs to its Originating VLAN TLV, which must match the tag (or, untagged, the
// native VLAN): IOS blocks a port whose BPDUs disagree (PVID inconsistency); here they drop.
void Bridge::OnPvstBpdu(Time now, IfIndex port, const Port& p, std::span<const std::uint8_t> frame,
                        std::vector<Effect>& out) {
  const Result<PvstBpdu, wire::DecodeError> b = DecodePvstFrame(frame);
  if (!b) {
    counters_.Inc(BridgeCounter::kBpduBad);
    tracer_.Emit(now, "bad-bpdu", out, "bad PVST+ BPDU on port {}: {}", port.value(), b.error());
    return;
  }
  const std::uint16_t carried = b->tag_vlan.value_or(
      p.config.mode == PortMode::kTrunk ? p.config.native_vlan : p.config.access_vlan);
  if (carried != b->vlan || !p.IsMember(b->vlan)) {
    counters_.Inc(BridgeCounter::kBpduBad);
    tracer_.Emit(now, "bad-bpdu", out, "PVST+ BPDU for VLAN {} arrived in VLAN {} on port {}",
                 b->vlan, carried, port.value());
    return;
  }
  const auto it = stps_.find(b->vlan);
  if (it == stps_.end()) {
    return;  // the VLAN runs no instance here
  }
  RunStp(b->vlan, it->second, out,
         [&](Stp& s, StpOut& o) { s.ReceiveBpdu(now, port, b->bpdu, o); });
}

// The BPDU frames an instance sends: IEEE on access ports and a trunk's native VLAN, SSTP tagged
// with the VLAN on a trunk's other VLANs.
void Bridge::FrameBpdu(std::uint16_t vlan, const engine::SendFrame& f, std::vector<Effect>& out) {
  const auto it = ports_.find(f.port);
  if (it == ports_.end() || it->second.config.mode != PortMode::kTrunk ||
      it->second.config.native_vlan == vlan) {
    out.push_back(f);
    return;
  }
  const Result<Bpdu, wire::DecodeError> bpdu = DecodeBpduFrame(f.frame);
  const std::optional<FrameHeader> h = ParseHeader(f.frame);
  if (!bpdu || !h) {
    MC_BUG("FrameBpdu: the spanning tree sent a frame that is not a BPDU");
    return;
  }
  Result<wire::Bytes, wire::EncodeError> frame = BuildPvstFrame(h->src, *bpdu, vlan, true);
  if (frame) {
    out.push_back(SendFrame{f.port, std::move(*frame)});
  }
}

// 802.1Q-2018 §8.6.3 frame filtering: a known unicast address goes to its port(s); broadcast,
// unknown unicast and multicast without a narrower port set are flooded in the VLAN.
void Bridge::Forward(IfIndex in, std::uint16_t vlan, const FrameHeader& h,
                     std::span<const std::uint8_t> frame, std::vector<Effect>& out) {
  const MacKey key{vlan, h.dst};
  std::optional<std::vector<IfIndex>> ports;
  if (!h.dst.IsBroadcast()) {
    ports = h.dst.IsMulticast() ? MulticastPorts(key, in, frame) : mac_.Lookup(key);
  }
  if (!ports) {
    counters_.Inc(BridgeCounter::kFlooded);
    Flood(in, vlan, h, frame, out);
    return;
  }
  if (!h.dst.IsMulticast() && ports->size() == 1 && ports->front() == in) {
    counters_.Inc(BridgeCounter::kDropSamePort);  // the destination is behind the ingress port
    return;
  }
  Deliver(in, vlan, h, frame, *ports, out);
}

// Static entry, then the snooping table (or the ApplyMdb groups and the unregistered-multicast
// ports); nullopt: flood.
std::optional<std::vector<IfIndex>> Bridge::MulticastPorts(
    const MacKey& key, IfIndex in, std::span<const std::uint8_t> frame) const {
  if (std::optional<std::vector<IfIndex>> s = mac_.Lookup(key)) {
    return s;
  }
  if (multicast_table_ != nullptr) {
    MulticastEgress e = multicast_table_->Lookup(key.vlan, key.mac, Ipv4Destination(frame), in);
    if (e.flood) {
      return std::nullopt;
    }
    return std::move(e.ports);
  }
  if (const auto it = mdb_.find(key); it != mdb_.end()) {
    std::set<IfIndex> all;
    for (const auto& [group, ports] : it->second) {
      all.insert(ports.begin(), ports.end());
    }
    return std::vector<IfIndex>(all.begin(), all.end());
  }
  if (IsLinkLocalMulticastMac(key.mac)) {
    return std::nullopt;
  }
  if (const auto it = unregistered_.find(key.vlan); it != unregistered_.end()) {
    return it->second;
  }
  return std::nullopt;
}

void Bridge::Deliver(IfIndex in, std::uint16_t vlan, const FrameHeader& h,
                     std::span<const std::uint8_t> frame, std::span<const IfIndex> ports,
                     std::vector<Effect>& out) {
  for (const IfIndex id : ports) {
    const auto it = ports_.find(id);
    if (id != in && it != ports_.end() && Eligible(id, it->second, vlan)) {
      Egress(id, it->second, vlan, h, frame, out);
    }
  }
}

void Bridge::Flood(IfIndex in, std::uint16_t vlan, const FrameHeader& h,
                   std::span<const std::uint8_t> frame, std::vector<Effect>& out) {
  for (const auto& [id, p] : ports_) {
    if (id != in && Eligible(id, p, vlan)) {
      Egress(id, p, vlan, h, frame, out);
    }
  }
}

bool Bridge::Eligible(IfIndex id, const Port& p, std::uint16_t vlan) const {
  return p.Operational() && p.IsMember(vlan) &&
         (!UsesStp(p) || StpState(id, vlan) == PortState::kForwarding);
}

// The port's state in `vlan`'s instance; a VLAN without one follows VLAN 1's.
PortState Bridge::StpState(IfIndex id, std::uint16_t vlan) const {
  const auto it = stps_.find(vlan);
  return (it != stps_.end() ? it->second : stp()).State(id);
}

// 802.1Q-2018 §8.6.6 / §6.9: a trunk tags every VLAN but its native one; the tag keeps the
// priority the frame arrived with.
void Bridge::Egress(IfIndex id, const Port& p, std::uint16_t vlan, const FrameHeader& h,
                    std::span<const std::uint8_t> frame, std::vector<Effect>& out) {
  std::optional<wire::VlanTag> tag;
  if (!p.svi && p.config.mode == PortMode::kTrunk && vlan != p.config.native_vlan) {
    tag = wire::VlanTag{h.tag ? h.tag->pcp : std::uint8_t{0}, h.tag && h.tag->dei, vlan};
  }
  out.push_back(SendFrame{id, Retag(frame, h, tag)});
  counters_.Inc(BridgeCounter::kFramesOut);
}

void Bridge::SendInVlan(std::uint16_t vlan, std::span<const std::uint8_t> frame,
                        std::span<const IfIndex> ports, IfIndex except, std::vector<Effect>& out) {
  const std::optional<FrameHeader> h = ParseHeader(frame);
  if (!h) {
    MC_BUG("SendInVlan: frame of {} bytes has no Ethernet header", frame.size());
    return;
  }
  Deliver(except, vlan, *h, frame, ports, out);
}

void Bridge::FloodInVlan(std::uint16_t vlan, std::span<const std::uint8_t> frame, IfIndex except,
                         std::vector<Effect>& out) {
  const std::optional<FrameHeader> h = ParseHeader(frame);
  if (!h) {
    MC_BUG("FloodInVlan: frame of {} bytes has no Ethernet header", frame.size());
    return;
  }
  Flood(except, vlan, *h, frame, out);
}

bool Bridge::Forwarding(IfIndex port, std::optional<std::uint16_t> vlan) const {
  const auto it = ports_.find(port);
  if (it == ports_.end() || !it->second.Operational()) {
    return false;
  }
  if (!UsesStp(it->second)) {
    return true;
  }
  if (vlan) {
    return StpState(port, *vlan) == PortState::kForwarding;
  }
  return std::any_of(stps_.begin(), stps_.end(), [&](const auto& kv) {
    return it->second.IsMember(kv.first) && kv.second.State(port) == PortState::kForwarding;
  });
}

const Stp& Bridge::stp() const {
  const auto it = stps_.find(kDefaultVlan);
  return it != stps_.end() ? it->second : stps_.begin()->second;
}

const Stp* Bridge::stp(std::uint16_t vlan) const {
  const auto it = stps_.find(vlan);
  return it == stps_.end() ? nullptr : &it->second;
}

}  // namespace mc::l2
