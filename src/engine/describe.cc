// One-line renderings of inputs, effects and notifications, for test failure messages, traces
// and `mcast replay` listings. The formats are for people, not parsers.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/time.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/notify.h"
#include "wire/hex.h"

namespace mc::engine {
namespace {

// Long payloads are cut: the length and the first bytes are what a failure message needs.
constexpr std::size_t kHexBytesShown = 32;

std::string Payload(const wire::Bytes& b) {
  if (b.empty()) {
    return "len=0";
  }
  const std::size_t shown = b.size() < kHexBytesShown ? b.size() : kHexBytesShown;
  return fmt::format("len={} [{}{}]", b.size(), wire::ToHex(std::span{b}.first(shown)),
                     shown < b.size() ? " ..." : "");
}

std::string IfList(const std::vector<IfIndex>& ifs) {
  std::vector<std::uint32_t> v;
  v.reserve(ifs.size());
  for (const IfIndex i : ifs) {
    v.push_back(i.value());
  }
  return fmt::format("[{}]", fmt::join(v, ","));
}

std::string AddrList(const std::vector<Ipv4>& addrs) {
  return fmt::format("[{}]", fmt::join(addrs, ","));
}

std::string Vlan(const std::optional<std::uint16_t>& vlan) {
  return vlan ? fmt::format(" vlan={}", *vlan) : "";
}

std::string One(const GroupMembership& m) {
  return fmt::format("GroupMembership if={} {} {} {}", m.ifindex.value(), m.sg.ToString(),
                     ToString(m.mode), m.joined ? "joined" : "left");
}
std::string One(const NeighborChange& n) {
  return fmt::format("NeighborChange if={} {} {}", n.ifindex.value(), n.neighbor,
                     n.up ? "up" : "down");
}
std::string One(const DrChange& d) {
  return fmt::format("DrChange if={} dr={}{}", d.ifindex.value(), d.dr, d.is_dr ? " (self)" : "");
}
std::string One(const RpfChange& r) {
  return fmt::format("RpfChange {} iif={} nbr={}", r.target, r.iif.value(), r.rpf_neighbor);
}
std::string One(const TopologyChangeNotice& t) {
  return fmt::format("TopologyChange port={}{}", t.port.value(), t.received ? " received" : "");
}

std::string One(const SendPacket& p) {
  return fmt::format("SendPacket oif={} {}->{} ttl={} proto={}{} tos={:#04x} {}", p.oif.value(),
                     p.src, p.dst, p.ttl, p.protocol, p.router_alert ? " ra" : "", p.tos,
                     Payload(p.payload));
}
std::string One(const SendFrame& f) {
  return fmt::format("SendFrame port={} {}", f.port.value(), Payload(f.frame));
}
std::string One(const MfcAdd& m) {
  return fmt::format("MfcAdd {} iif={} oifs={}", m.sg.ToString(), m.iif.value(), IfList(m.oifs));
}
std::string One(const MfcDel& m) { return fmt::format("MfcDel {}", m.sg.ToString()); }
std::string One(const MdbAdd& m) {
  return fmt::format("MdbAdd vlan={} {} ({}) port={}", m.vlan, m.group, m.group_mac.ToString(),
                     m.port.value());
}
std::string One(const MdbDel& m) {
  return fmt::format("MdbDel vlan={} {} ({}) port={}", m.vlan, m.group, m.group_mac.ToString(),
                     m.port.value());
}
std::string One(const SocketJoin& j) {
  return fmt::format("SocketJoin if={} {} {} {}", j.ifindex.value(), j.group, ToString(j.mode),
                     AddrList(j.sources));
}
std::string One(const SocketLeave& j) {
  return fmt::format("SocketLeave if={} {} {} {}", j.ifindex.value(), j.group, ToString(j.mode),
                     AddrList(j.sources));
}
std::string One(const AddressAdd& a) {
  return fmt::format("AddressAdd if={} {} mac={}", a.ifindex.value(), a.address,
                     a.virtual_mac.ToString());
}
std::string One(const AddressDel& a) {
  return fmt::format("AddressDel if={} {} mac={}", a.ifindex.value(), a.address,
                     a.virtual_mac.ToString());
}
std::string One(const GratuitousArp& g) {
  return fmt::format("GratuitousArp if={} {} is-at {}", g.ifindex.value(), g.address,
                     g.mac.ToString());
}
std::string One(const StreamCmd& s) {
  std::string text = fmt::format("StreamCmd id={} {} {}->{}:{}", s.id.value, ToString(s.kind),
                                 s.local, s.remote, s.port);
  if (s.kind == StreamCmdKind::kSend || !s.bytes.empty()) {
    text += " " + Payload(s.bytes);
  }
  return text;
}
std::string One(const Notify& n) { return Describe(n); }
std::string One(const Trace& t) {
  return fmt::format("Trace {} {}: {}", FormatSeconds(t.at), t.engine, t.text);
}

std::string One(const PacketIn& p) {
  if (p.layer == Layer::kL2) {
    return fmt::format("PacketIn L2 port={}{} from {} {}", p.ifindex.value(), Vlan(p.vlan),
                       p.src_mac.ToString(), Payload(p.bytes));
  }
  return fmt::format("PacketIn L3 if={} {}->{} ttl={} proto={}{}{} {}", p.ifindex.value(), p.src,
                     p.dst, p.ttl, p.protocol, p.router_alert ? " ra" : "", Vlan(p.vlan),
                     Payload(p.bytes));
}
std::string One(const DataplaneEvent& d) {
  std::string text =
      fmt::format("Dataplane {} iif={} {}", ToString(d.kind), d.iif.value(), d.sg.ToString());
  if (d.kind == DataplaneKind::kActivity) {
    text += fmt::format(" packets={} bytes={}", d.packet_count, d.byte_count);
  }
  if (d.kind == DataplaneKind::kWholePacket) {
    text += " " + Payload(d.packet);
  }
  return text;
}
std::string One(const LinkEvent& l) {
  std::string text = fmt::format("LinkEvent if={} {}", l.ifindex.value(), l.up ? "up" : "down");
  if (l.address) {
    text += fmt::format(" {}/{}", l.address->address, l.address->prefix_len);
  }
  return text + " mac=" + l.mac.ToString();
}
std::string One(const RouteEvent& r) {
  return fmt::format("RouteEvent {} {} via {} if={} pref={} metric={}", r.removed ? "del" : "add",
                     r.prefix, r.next_hop, r.ifindex.value(), r.metric_preference, r.metric);
}
std::string One(const ConfigChange& c) {
  return fmt::format("ConfigChange \"{}\" v{}", c.key, c.version);
}
std::string One(const StreamEvent& s) {
  std::string text = fmt::format("StreamEvent id={} {}", s.id.value, ToString(s.kind));
  if (s.kind == StreamEventKind::kData || !s.bytes.empty()) {
    text += " " + Payload(s.bytes);
  }
  return text;
}
std::string One(const EffectFailed& f) {
  return fmt::format("EffectFailed {} errno={}: {}", ToString(f.reason), f.error_number,
                     Describe(f.effect));
}

}  // namespace

std::string_view ToString(FilterMode m) {
  switch (m) {
    case FilterMode::kInclude:
      return "include";
    case FilterMode::kExclude:
      return "exclude";
  }
  return "?";
}

std::string_view ToString(StreamCmdKind k) {
  switch (k) {
    case StreamCmdKind::kConnect:
      return "connect";
    case StreamCmdKind::kListen:
      return "listen";
    case StreamCmdKind::kSend:
      return "send";
    case StreamCmdKind::kClose:
      return "close";
  }
  return "?";
}

std::string_view ToString(Layer l) {
  switch (l) {
    case Layer::kL3:
      return "L3";
    case Layer::kL2:
      return "L2";
  }
  return "?";
}

std::string_view ToString(DataplaneKind k) {
  switch (k) {
    case DataplaneKind::kNoCache:
      return "nocache";
    case DataplaneKind::kWrongIif:
      return "wrongiif";
    case DataplaneKind::kWholePacket:
      return "wholepkt";
    case DataplaneKind::kActivity:
      return "activity";
  }
  return "?";
}

std::string_view ToString(StreamEventKind k) {
  switch (k) {
    case StreamEventKind::kConnected:
      return "connected";
    case StreamEventKind::kData:
      return "data";
    case StreamEventKind::kClosed:
      return "closed";
    case StreamEventKind::kFailed:
      return "failed";
  }
  return "?";
}

std::string_view ToString(FailReason r) {
  switch (r) {
    case FailReason::kNoVif:
      return "no-vif";
    case FailReason::kResourceLimit:
      return "resource-limit";
    case FailReason::kUnreachable:
      return "unreachable";
    case FailReason::kSystemError:
      return "system-error";
  }
  return "?";
}

std::string Describe(const Notification& n) {
  return std::visit([](const auto& x) { return One(x); }, n);
}

std::string Describe(const Notify& n) { return "Notify " + Describe(n.payload); }

std::string Describe(const Effect& e) {
  return std::visit([](const auto& x) { return One(x); }, e);
}

std::string Describe(const Input& in) {
  return std::visit([](const auto& x) { return One(x); }, in);
}

}  // namespace mc::engine
