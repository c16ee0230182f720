// The record codec (record.h): every Input, Effect and router-core call as one line of
// space-separated tokens, and back. Decoding reads tokens through Fields, which checks every
// key, number range and hex digit and keeps the first error; nothing indexes past a token.
#include "router/record.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <type_traits>

#include "wire/hex.h"

namespace mc::router {

std::string_view ToString(EngineId e) {
  switch (e) {
    case EngineId::kIgmp:
      return "igmp";
    case EngineId::kPim:
      return "pim";
    case EngineId::kVrrp:
      return "vrrp";
  }
  return "?";
}

std::string RecordError::ToString(std::string_view file) const {
  return fmt::format("{}:{}: {}: '{}'", file, line, message, text);
}

namespace {

// ---- encoding helpers ----------------------------------------------------------------------

std::string Hex(const wire::Bytes& b) {
  if (b.empty()) {
    return "-";
  }
  std::string s;
  s.reserve(b.size() * 2);
  static constexpr char kDigits[] = "0123456789abcdef";
  for (const std::uint8_t x : b) {
    s.push_back(kDigits[x >> 4]);
    s.push_back(kDigits[x & 0x0F]);
  }
  return s;
}

std::string B(bool b) { return b ? "1" : "0"; }
std::string Opt(const std::optional<Ipv4>& a) { return a ? a->ToString() : "-"; }

std::string IfList(const std::vector<IfIndex>& v) {
  if (v.empty()) {
    return "-";
  }
  std::string s;
  for (const IfIndex i : v) {
    s += (s.empty() ? "" : ",") + std::to_string(i.value());
  }
  return s;
}

std::string AddrList(const std::vector<Ipv4>& v) {
  if (v.empty()) {
    return "-";
  }
  std::string s;
  for (const Ipv4 a : v) {
    s += (s.empty() ? "" : ",") + a.ToString();
  }
  return s;
}

std::string IfAddr(const engine::IfAddress& a) {
  return fmt::format("{}/{}", a.address, a.prefix_len);
}

// Every value of an enum whose names ToString() gives, for decoding by name.
template <class E, std::size_t N>
std::optional<E> ByName(std::string_view name, const E (&all)[N]) {
  for (const E e : all) {
    if (engine::ToString(e) == name) {
      return e;
    }
  }
  return std::nullopt;
}

constexpr engine::Layer kLayers[] = {engine::Layer::kL3, engine::Layer::kL2};
constexpr engine::DataplaneKind kDpKinds[] = {
    engine::DataplaneKind::kNoCache, engine::DataplaneKind::kWrongIif,
    engine::DataplaneKind::kWholePacket, engine::DataplaneKind::kActivity};
constexpr engine::FailReason kReasons[] = {
    engine::FailReason::kNoVif, engine::FailReason::kResourceLimit,
    engine::FailReason::kUnreachable, engine::FailReason::kSystemError};
constexpr engine::StreamEventKind kStreamEvents[] = {
    engine::StreamEventKind::kConnected, engine::StreamEventKind::kData,
    engine::StreamEventKind::kClosed, engine::StreamEventKind::kFailed};
constexpr engine::StreamCmdKind kStreamCmds[] = {
    engine::StreamCmdKind::kConnect, engine::StreamCmdKind::kListen, engine::StreamCmdKind::kSend,
    engine::StreamCmdKind::kClose};
constexpr engine::FilterMode kModes[] = {engine::FilterMode::kInclude,
                                         engine::FilterMode::kExclude};

// ---- notifications, inputs and effects to text ---------------------------------------------

std::string Enc(const engine::Notification& n) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, engine::GroupMembership>) {
          return fmt::format("membership if={} source={} group={} joined={} mode={}",
                             x.ifindex.value(), x.sg.source, x.sg.group, B(x.joined),
                             engine::ToString(x.mode));
        } else if constexpr (std::is_same_v<T, engine::NeighborChange>) {
          return fmt::format("neighbor if={} addr={} up={}", x.ifindex.value(), x.neighbor,
                             B(x.up));
        } else if constexpr (std::is_same_v<T, engine::DrChange>) {
          return fmt::format("dr if={} is_dr={} dr={}", x.ifindex.value(), B(x.is_dr), x.dr);
        } else if constexpr (std::is_same_v<T, engine::RpfChange>) {
          return fmt::format("rpf target={} iif={} nbr={}", x.target, x.iif.value(),
                             x.rpf_neighbor);
        } else {
          return fmt::format("topology port={} received={} vlan={}", x.port.value(), B(x.received),
                             x.vlan);
        }
      },
      n);
}

std::string EncRoute(const engine::RouteEvent& r) {
  return fmt::format("prefix={} nh={} if={} pref={} metric={} removed={}", r.prefix, r.next_hop,
                     r.ifindex.value(), r.metric_preference, r.metric, B(r.removed));
}

std::string EncEffect(const engine::Effect& e) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, engine::SendPacket>) {
          return fmt::format("send oif={} src={} dst={} ttl={} proto={} ra={} tos={} payload={}",
                             x.oif.value(), x.src, x.dst, x.ttl, x.protocol, B(x.router_alert),
                             x.tos, Hex(x.payload));
        } else if constexpr (std::is_same_v<T, engine::SendFrame>) {
          return fmt::format("frame port={} bytes={}", x.port.value(), Hex(x.frame));
        } else if constexpr (std::is_same_v<T, engine::MfcAdd>) {
          return fmt::format("mfc-add source={} group={} iif={} oifs={}", x.sg.source, x.sg.group,
                             x.iif.value(), IfList(x.oifs));
        } else if constexpr (std::is_same_v<T, engine::MfcDel>) {
          return fmt::format("mfc-del source={} group={}", x.sg.source, x.sg.group);
        } else if constexpr (std::is_same_v<T, engine::MdbAdd> ||
                             std::is_same_v<T, engine::MdbDel>) {
          return fmt::format("{} vlan={} mac={} group={} port={}",
                             std::is_same_v<T, engine::MdbAdd> ? "mdb-add" : "mdb-del", x.vlan,
                             x.group_mac.ToString(), x.group, x.port.value());
        } else if constexpr (std::is_same_v<T, engine::SocketJoin> ||
                             std::is_same_v<T, engine::SocketLeave>) {
          return fmt::format("{} if={} group={} sources={} mode={}",
                             std::is_same_v<T, engine::SocketJoin> ? "join" : "leave",
                             x.ifindex.value(), x.group, AddrList(x.sources),
                             engine::ToString(x.mode));
        } else if constexpr (std::is_same_v<T, engine::AddressAdd> ||
                             std::is_same_v<T, engine::AddressDel>) {
          return fmt::format("{} if={} addr={} mac={}",
                             std::is_same_v<T, engine::AddressAdd> ? "addr-add" : "addr-del",
                             x.ifindex.value(), x.address, x.virtual_mac.ToString());
        } else if constexpr (std::is_same_v<T, engine::GratuitousArp>) {
          return fmt::format("garp if={} addr={} mac={}", x.ifindex.value(), x.address,
                             x.mac.ToString());
        } else if constexpr (std::is_same_v<T, engine::StreamCmd>) {
          return fmt::format("stream-cmd id={} kind={} local={} remote={} port={} bytes={}",
                             x.id.value, engine::ToString(x.kind), x.local, x.remote, x.port,
                             Hex(x.bytes));
        } else if constexpr (std::is_same_v<T, engine::Notify>) {
          return "notify " + Enc(x.payload);
        } else {
          return fmt::format("trace at={} engine={} text={}", ToNanos(x.at), QuoteString(x.engine),
                             QuoteString(x.text));
        }
      },
      e);
}

std::string EncInput(const engine::Input& in) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, engine::PacketIn>) {
          return fmt::format(
              "packet layer={} if={} src={} dst={} ttl={} proto={} ra={} mac={} vlan={} bytes={}",
              x.layer == engine::Layer::kL3 ? "l3" : "l2", x.ifindex.value(), x.src, x.dst, x.ttl,
              x.protocol, B(x.router_alert), x.src_mac.ToString(),
              x.vlan ? std::to_string(*x.vlan) : "-", Hex(x.bytes));
        } else if constexpr (std::is_same_v<T, engine::DataplaneEvent>) {
          return fmt::format(
              "dataplane kind={} iif={} source={} group={} packets={} bytes={} wrong_if={} "
              "packet={}",
              engine::ToString(x.kind), x.iif.value(), x.sg.source, x.sg.group, x.packet_count,
              x.byte_count, x.wrong_if_count, Hex(x.packet));
        } else if constexpr (std::is_same_v<T, engine::LinkEvent>) {
          return fmt::format("link if={} up={} addr={} mac={}", x.ifindex.value(), B(x.up),
                             x.address ? IfAddr(*x.address) : "-", x.mac.ToString());
        } else if constexpr (std::is_same_v<T, engine::RouteEvent>) {
          return "route " + EncRoute(x);
        } else if constexpr (std::is_same_v<T, engine::ConfigChange>) {
          return fmt::format("config-change key={} version={}", QuoteString(x.key), x.version);
        } else if constexpr (std::is_same_v<T, engine::StreamEvent>) {
          return fmt::format("stream id={} kind={} bytes={}", x.id.value, engine::ToString(x.kind),
                             Hex(x.bytes));
        } else if constexpr (std::is_same_v<T, engine::Notify>) {
          return "notify " + Enc(x.payload);
        } else {
          return fmt::format("failed reason={} errno={} {}", engine::ToString(x.reason),
                             x.error_number, EncEffect(x.effect));
        }
      },
      in);
}

// ---- decoding ------------------------------------------------------------------------------

// The tokens of one line, read front to back. The first error sticks; later reads return
// defaults, so a decoder reads every field and checks ok() once.
class Fields {
 public:
  explicit Fields(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t sp = text.find(' ', start);
      const std::size_t end = sp == std::string_view::npos ? text.size() : sp;
      tokens_.push_back(text.substr(start, end - start));
      if (sp == std::string_view::npos) {
        break;
      }
      start = sp + 1;
    }
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void Fail(std::string why) {
    if (error_.empty()) {
      error_ = std::move(why);
    }
  }
  bool AtEnd() const { return next_ >= tokens_.size(); }
  std::string_view Peek() const { return AtEnd() ? std::string_view{} : tokens_[next_]; }

  std::string_view Word(std::string_view what) {
    if (AtEnd()) {
      Fail(fmt::format("missing {}", what));
      return {};
    }
    if (tokens_[next_].empty()) {
      Fail("empty token (two spaces?)");
    }
    return tokens_[next_++];
  }

  // The value of the next token, which must be `key=value`.
  std::string_view Key(std::string_view key) {
    const std::string_view t = Word(key);
    if (!ok()) {
      return {};
    }
    if (t.size() <= key.size() || !t.starts_with(key) || t[key.size()] != '=') {
      Fail(fmt::format("expected {}=..., got '{}'", key, t));
      return {};
    }
    return t.substr(key.size() + 1);
  }

  template <class U>
  U Unsigned(std::string_view key) {
    const std::string_view v = Key(key);
    std::uint64_t n = 0;
    if (!ok()) {
      return U{};
    }
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || p != v.data() + v.size() || n > std::numeric_limits<U>::max()) {
      Fail(fmt::format("{}: not a number in range: '{}'", key, v));
      return U{};
    }
    return static_cast<U>(n);
  }

  std::int64_t Signed(std::string_view key) {
    const std::string_view v = Key(key);
    std::int64_t n = 0;
    if (!ok()) {
      return 0;
    }
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || p != v.data() + v.size()) {
      Fail(fmt::format("{}: not a number: '{}'", key, v));
    }
    return n;
  }

  IfIndex If(std::string_view key) { return IfIndex{Unsigned<std::uint32_t>(key)}; }

  bool Bool(std::string_view key) {
    const std::string_view v = Key(key);
    if (ok() && v != "0" && v != "1") {
      Fail(fmt::format("{}: expected 0 or 1, got '{}'", key, v));
    }
    return v == "1";
  }

  Ipv4 Ip(std::string_view key) {
    const std::string_view v = Key(key);
    const std::optional<Ipv4> a = ok() ? Ipv4::Parse(v) : std::nullopt;
    if (ok() && !a) {
      Fail(fmt::format("{}: not an IPv4 address: '{}'", key, v));
    }
    return a.value_or(Ipv4{});
  }

  std::optional<Ipv4> OptIp(std::string_view key) {
    if (Peek() == fmt::format("{}=-", key)) {
      ++next_;
      return std::nullopt;
    }
    return Ip(key);
  }

  Mac MacAddr(std::string_view key) {
    const std::string_view v = Key(key);
    const std::optional<Mac> m = ok() ? Mac::Parse(v) : std::nullopt;
    if (ok() && !m) {
      Fail(fmt::format("{}: not a MAC address: '{}'", key, v));
    }
    return m.value_or(Mac{});
  }

  wire::Bytes HexBytes(std::string_view key) {
    const std::string_view v = Key(key);
    if (!ok() || v == "-") {
      return {};
    }
    std::optional<wire::Bytes> b = wire::ParseHex(v);
    if (!b || b->empty()) {
      Fail(fmt::format("{}: bad hex", key));
      return {};
    }
    return std::move(*b);
  }

  std::string Str(std::string_view key) {
    const std::string_view v = Key(key);
    std::optional<std::string> s = ok() ? UnquoteString(v) : std::nullopt;
    if (ok() && !s) {
      Fail(fmt::format("{}: bad quoted string", key));
    }
    return s.value_or(std::string{});
  }

  std::optional<engine::IfAddress> OptIfAddr(std::string_view key) {
    const std::string_view v = Key(key);
    if (!ok() || v == "-") {
      return std::nullopt;
    }
    const std::size_t slash = v.find('/');
    const std::optional<Ipv4> a =
        slash == std::string_view::npos ? std::nullopt : Ipv4::Parse(v.substr(0, slash));
    std::uint32_t len = 99;
    if (a) {
      const std::string_view l = v.substr(slash + 1);
      const auto [p, ec] = std::from_chars(l.data(), l.data() + l.size(), len);
      if (ec != std::errc{} || p != l.data() + l.size()) {
        len = 99;
      }
    }
    if (!a || len > 32) {
      Fail(fmt::format("{}: expected ADDRESS/LEN, got '{}'", key, v));
      return std::nullopt;
    }
    return engine::IfAddress{*a, static_cast<std::uint8_t>(len)};
  }

  Prefix PrefixOf(std::string_view key) {
    const std::string_view v = Key(key);
    const std::optional<Prefix> p = ok() ? Prefix::Parse(v) : std::nullopt;
    if (ok() && !p) {
      Fail(fmt::format("{}: not a prefix: '{}'", key, v));
    }
    return p.value_or(Prefix{});
  }

  template <class E, std::size_t N>
  E Enum(std::string_view key, const E (&all)[N]) {
    const std::string_view v = Key(key);
    const std::optional<E> e = ok() ? ByName(v, all) : std::nullopt;
    if (ok() && !e) {
      Fail(fmt::format("{}: unknown value '{}'", key, v));
    }
    return e.value_or(all[0]);
  }

  std::vector<IfIndex> IfListOf(std::string_view key) {
    std::vector<IfIndex> out;
    const std::string_view v = Key(key);
    if (!ok() || v == "-") {
      return out;
    }
    for (std::string_view rest = v; ok();) {
      const std::size_t comma = rest.find(',');
      const std::string_view one = rest.substr(0, comma);
      std::uint32_t n = 0;
      const auto [p, ec] = std::from_chars(one.data(), one.data() + one.size(), n);
      if (one.empty() || ec != std::errc{} || p != one.data() + one.size()) {
        Fail(fmt::format("{}: bad interface list '{}'", key, v));
      }
      out.push_back(IfIndex{n});
      if (comma == std::string_view::npos) {
        break;
      }
      rest = rest.substr(comma + 1);
    }
    return out;
  }

  std::vector<Ipv4> AddrListOf(std::string_view key) {
    std::vector<Ipv4> out;
    const std::string_view v = Key(key);
    if (!ok() || v == "-") {
      return out;
    }
    for (std::string_view rest = v; ok();) {
      const std::size_t comma = rest.find(',');
      const std::optional<Ipv4> a = Ipv4::Parse(rest.substr(0, comma));
      if (!a) {
        Fail(fmt::format("{}: bad address list '{}'", key, v));
      }
      out.push_back(a.value_or(Ipv4{}));
      if (comma == std::string_view::npos) {
        break;
      }
      rest = rest.substr(comma + 1);
    }
    return out;
  }

  void ExpectEnd() {
    if (ok() && !AtEnd()) {
      Fail(fmt::format("unexpected '{}'", Peek()));
    }
  }

 private:
  std::vector<std::string_view> tokens_;
  std::size_t next_ = 0;
  std::string error_;
};

Sg SgOf(Fields& f) {
  const Ipv4 s = f.Ip("source");
  return Sg{s, f.Ip("group")};
}

engine::Notification DecNotification(Fields& f) {
  const std::string_view kind = f.Word("notification kind");
  if (kind == "membership") {
    engine::GroupMembership m;
    m.ifindex = f.If("if");
    m.sg = SgOf(f);
    m.joined = f.Bool("joined");
    m.mode = f.Enum("mode", kModes);
    return m;
  }
  if (kind == "neighbor") {
    engine::NeighborChange n;
    n.ifindex = f.If("if");
    n.neighbor = f.Ip("addr");
    n.up = f.Bool("up");
    return n;
  }
  if (kind == "dr") {
    engine::DrChange d;
    d.ifindex = f.If("if");
    d.is_dr = f.Bool("is_dr");
    d.dr = f.Ip("dr");
    return d;
  }
  if (kind == "rpf") {
    engine::RpfChange r;
    r.target = f.Ip("target");
    r.iif = f.If("iif");
    r.rpf_neighbor = f.Ip("nbr");
    return r;
  }
  if (kind == "topology") {
    engine::TopologyChangeNotice t;
    t.port = f.If("port");
    t.received = f.Bool("received");
    t.vlan = f.Unsigned<std::uint16_t>("vlan");
    return t;
  }
  f.Fail(fmt::format("unknown notification '{}'", kind));
  return engine::GroupMembership{};
}

engine::RouteEvent DecRoute(Fields& f) {
  engine::RouteEvent r;
  r.prefix = f.PrefixOf("prefix");
  r.next_hop = f.Ip("nh");
  r.ifindex = f.If("if");
  r.metric_preference = f.Unsigned<std::uint32_t>("pref");
  r.metric = f.Unsigned<std::uint32_t>("metric");
  r.removed = f.Bool("removed");
  return r;
}

template <class T>
T DecIfAddrMac(Fields& f, std::string_view mac_key) {
  T x;
  x.ifindex = f.If("if");
  x.address = f.Ip("addr");
  if constexpr (std::is_same_v<T, engine::GratuitousArp>) {
    x.mac = f.MacAddr(mac_key);
  } else {
    x.virtual_mac = f.MacAddr(mac_key);
  }
  return x;
}

template <class T>
T DecSocket(Fields& f) {
  T x;
  x.ifindex = f.If("if");
  x.group = f.Ip("group");
  x.sources = f.AddrListOf("sources");
  x.mode = f.Enum("mode", kModes);
  return x;
}

template <class T>
T DecMdb(Fields& f) {
  T x;
  x.vlan = f.Unsigned<std::uint16_t>("vlan");
  x.group_mac = f.MacAddr("mac");
  x.group = f.Ip("group");
  x.port = f.If("port");
  return x;
}

engine::Effect DecEffect(Fields& f) {
  const std::string_view kind = f.Word("effect kind");
  if (kind == "send") {
    engine::SendPacket s;
    s.oif = f.If("oif");
    s.src = f.Ip("src");
    s.dst = f.Ip("dst");
    s.ttl = f.Unsigned<std::uint8_t>("ttl");
    s.protocol = f.Unsigned<std::uint8_t>("proto");
    s.router_alert = f.Bool("ra");
    s.tos = f.Unsigned<std::uint8_t>("tos");
    s.payload = f.HexBytes("payload");
    return s;
  }
  if (kind == "frame") {
    engine::SendFrame s;
    s.port = f.If("port");
    s.frame = f.HexBytes("bytes");
    return s;
  }
  if (kind == "mfc-add") {
    engine::MfcAdd m;
    m.sg = SgOf(f);
    m.iif = f.If("iif");
    m.oifs = f.IfListOf("oifs");
    return m;
  }
  if (kind == "mfc-del") {
    return engine::MfcDel{SgOf(f)};
  }
  if (kind == "mdb-add") {
    return DecMdb<engine::MdbAdd>(f);
  }
  if (kind == "mdb-del") {
    return DecMdb<engine::MdbDel>(f);
  }
  if (kind == "join") {
    return DecSocket<engine::SocketJoin>(f);
  }
  if (kind == "leave") {
    return DecSocket<engine::SocketLeave>(f);
  }
  if (kind == "addr-add") {
    return DecIfAddrMac<engine::AddressAdd>(f, "mac");
  }
  if (kind == "addr-del") {
    return DecIfAddrMac<engine::AddressDel>(f, "mac");
  }
  if (kind == "garp") {
    return DecIfAddrMac<engine::GratuitousArp>(f, "mac");
  }
  if (kind == "stream-cmd") {
    engine::StreamCmd s;
    s.id.value = f.Unsigned<std::uint32_t>("id");
    s.kind = f.Enum("kind", kStreamCmds);
    s.local = f.Ip("local");
    s.remote = f.Ip("remote");
    s.port = f.Unsigned<std::uint16_t>("port");
    s.bytes = f.HexBytes("bytes");
    return s;
  }
  if (kind == "notify") {
    return engine::Notify{DecNotification(f)};
  }
  if (kind == "trace") {
    engine::Trace t;
    t.at = TimeFromNanos(f.Signed("at"));
    t.engine = f.Str("engine");
    t.text = f.Str("text");
    return t;
  }
  f.Fail(fmt::format("unknown effect '{}'", kind));
  return engine::MfcDel{};
}

engine::PacketIn DecPacket(Fields& f) {
  engine::PacketIn p;
  const std::string_view layer = f.Key("layer");
  if (f.ok() && layer != "l3" && layer != "l2") {
    f.Fail(fmt::format("layer: expected l3 or l2, got '{}'", layer));
  }
  p.layer = layer == "l2" ? engine::Layer::kL2 : engine::Layer::kL3;
  p.ifindex = f.If("if");
  p.src = f.Ip("src");
  p.dst = f.Ip("dst");
  p.ttl = f.Unsigned<std::uint8_t>("ttl");
  p.protocol = f.Unsigned<std::uint8_t>("proto");
  p.router_alert = f.Bool("ra");
  p.src_mac = f.MacAddr("mac");
  if (f.Peek() == "vlan=-") {
    (void)f.Key("vlan");
  } else {
    p.vlan = f.Unsigned<std::uint16_t>("vlan");
  }
  p.bytes = f.HexBytes("bytes");
  return p;
}

engine::Input DecInput(Fields& f) {
  const std::string_view kind = f.Word("input kind");
  if (kind == "packet") {
    return DecPacket(f);
  }
  if (kind == "dataplane") {
    engine::DataplaneEvent d;
    d.kind = f.Enum("kind", kDpKinds);
    d.iif = f.If("iif");
    d.sg = SgOf(f);
    d.packet_count = f.Unsigned<std::uint64_t>("packets");
    d.byte_count = f.Unsigned<std::uint64_t>("bytes");
    d.wrong_if_count = f.Unsigned<std::uint64_t>("wrong_if");
    d.packet = f.HexBytes("packet");
    return d;
  }
  if (kind == "link") {
    engine::LinkEvent l;
    l.ifindex = f.If("if");
    l.up = f.Bool("up");
    l.address = f.OptIfAddr("addr");
    l.mac = f.MacAddr("mac");
    return l;
  }
  if (kind == "route") {
    return DecRoute(f);
  }
  if (kind == "config-change") {
    engine::ConfigChange c;
    c.key = f.Str("key");
    c.version = f.Unsigned<std::uint64_t>("version");
    return c;
  }
  if (kind == "stream") {
    engine::StreamEvent s;
    s.id.value = f.Unsigned<std::uint32_t>("id");
    s.kind = f.Enum("kind", kStreamEvents);
    s.bytes = f.HexBytes("bytes");
    return s;
  }
  if (kind == "notify") {
    return engine::Notify{DecNotification(f)};
  }
  if (kind == "failed") {
    engine::EffectFailed x;
    x.reason = f.Enum("reason", kReasons);
    x.error_number = static_cast<int>(f.Signed("errno"));
    x.effect = DecEffect(f);
    return x;
  }
  f.Fail(fmt::format("unknown input '{}'", kind));
  return engine::ConfigChange{};
}

std::optional<EngineId> EngineOf(std::string_view name) {
  for (const EngineId e : {EngineId::kIgmp, EngineId::kPim, EngineId::kVrrp}) {
    if (ToString(e) == name) {
      return e;
    }
  }
  return std::nullopt;
}

EngineId DecEngine(Fields& f) {
  const std::string_view name = f.Word("engine");
  const std::optional<EngineId> e = EngineOf(name);
  if (f.ok() && !e) {
    f.Fail(fmt::format("unknown engine '{}'", name));
  }
  return e.value_or(EngineId::kIgmp);
}

std::string EncCallBody(const Call& c) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, rec::Link>) {
          const HostLink& l = x.link;
          return fmt::format("if={} name={} admin={} lower={} loopback={} mac={} removed={}",
                             l.ifindex.value(), QuoteString(l.name), B(l.admin_up), B(l.lower_up),
                             B(l.loopback), l.mac.ToString(), B(l.removed));
        } else if constexpr (std::is_same_v<T, rec::Addr>) {
          const HostAddr& a = x.addr;
          return fmt::format("if={} addr={} secondary={} removed={}", a.ifindex.value(),
                             IfAddr(a.address), B(a.secondary), B(a.removed));
        } else if constexpr (std::is_same_v<T, rec::Route>) {
          return EncRoute(x.route);
        } else if constexpr (std::is_same_v<T, rec::In>) {
          return fmt::format("{} {}", ToString(x.engine), EncInput(x.input));
        } else if constexpr (std::is_same_v<T, rec::Reload>) {
          return "config=" + QuoteString(x.config_text);
        } else if constexpr (std::is_same_v<T, rec::ClearMroute>) {
          return fmt::format("group={} source={}", Opt(x.group), Opt(x.source));
        } else if constexpr (std::is_same_v<T, rec::ClearIgmp>) {
          return fmt::format("group={}", Opt(x.group));
        } else {
          return {};
        }
      },
      c);
}

std::string_view CallName(const Call& c) {
  static constexpr std::string_view kNames[] = {"link",       "addr",    "route",  "sync",
                                                "in",         "pump",    "reload", "clear-mroute",
                                                "clear-igmp", "shutdown"};
  return kNames[c.index()];
}

Call DecCallBody(std::string_view name, Fields& f) {
  if (name == "link") {
    HostLink l;
    l.ifindex = f.If("if");
    l.name = f.Str("name");
    l.admin_up = f.Bool("admin");
    l.lower_up = f.Bool("lower");
    l.loopback = f.Bool("loopback");
    l.mac = f.MacAddr("mac");
    l.removed = f.Bool("removed");
    return rec::Link{l};
  }
  if (name == "addr") {
    HostAddr a;
    a.ifindex = f.If("if");
    a.address = f.OptIfAddr("addr").value_or(engine::IfAddress{});
    a.secondary = f.Bool("secondary");
    a.removed = f.Bool("removed");
    return rec::Addr{a};
  }
  if (name == "route") {
    return rec::Route{DecRoute(f)};
  }
  if (name == "in") {
    const EngineId e = DecEngine(f);
    return rec::In{e, DecInput(f)};
  }
  if (name == "reload") {
    return rec::Reload{f.Str("config")};
  }
  if (name == "clear-mroute") {
    const std::optional<Ipv4> g = f.OptIp("group");
    return rec::ClearMroute{g, f.OptIp("source")};
  }
  if (name == "clear-igmp") {
    return rec::ClearIgmp{f.OptIp("group")};
  }
  if (name == "sync") {
    return rec::Sync{};
  }
  if (name == "pump") {
    return rec::Pump{};
  }
  if (name == "shutdown") {
    return rec::Shutdown{};
  }
  f.Fail(fmt::format("unknown record line '{}'", name));
  return rec::Sync{};
}

int Nibble(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::string QuoteString(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (u > 0x20 && u < 0x7F) {
      out += c;
    } else {
      out += fmt::format("\\x{:02x}", u);
    }
  }
  return out + "\"";
}

std::optional<std::string> UnquoteString(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
    return std::nullopt;
  }
  s = s.substr(1, s.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') {
      return std::nullopt;  // an unescaped quote inside
    }
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (i + 1 >= s.size()) {
      return std::nullopt;
    }
    const char e = s[++i];
    if (e == '\\' || e == '"') {
      out += e;
    } else if (e == 'n') {
      out += '\n';
    } else if (e == 'x') {
      if (i + 2 >= s.size() || Nibble(s[i + 1]) < 0 || Nibble(s[i + 2]) < 0) {
        return std::nullopt;
      }
      out += static_cast<char>(Nibble(s[i + 1]) * 16 + Nibble(s[i + 2]));
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string EncodeInput(const engine::Input& in) { return EncInput(in); }
std::string EncodeEffect(const engine::Effect& e) { return EncEffect(e); }

Result<engine::Input, std::string> DecodeInput(std::string_view text) {
  Fields f(text);
  engine::Input in = DecInput(f);
  f.ExpectEnd();
  if (!f.ok()) {
    return Unexpected{f.error()};
  }
  return in;
}

Result<engine::Effect, std::string> DecodeEffect(std::string_view text) {
  Fields f(text);
  engine::Effect e = DecEffect(f);
  f.ExpectEnd();
  if (!f.ok()) {
    return Unexpected{f.error()};
  }
  return e;
}

std::vector<std::string> EncodeHeader(const RecordHeader& h) {
  return {fmt::format("mcast-record {} seed={}", kRecordVersion, h.seed),
          "config-path " + QuoteString(h.config_path), "config " + QuoteString(h.config_text)};
}

std::string EncodeCall(const CallLine& c) {
  const std::string body = EncCallBody(c.call);
  return fmt::format("{}{} {}{}{}", c.nested ? "> " : "", CallName(c.call), ToNanos(c.at),
                     body.empty() ? "" : " ", body);
}

std::string EncodeEffectLine(const EffectLine& e) {
  return fmt::format("fx {} {}", ToString(e.engine), EncEffect(e.effect));
}

Result<CallLine, std::string> DecodeCall(std::string_view line) {
  CallLine c;
  if (line.starts_with("> ")) {
    c.nested = true;
    line.remove_prefix(2);
  }
  Fields f(line);
  const std::string_view name = f.Word("record kind");
  const std::string_view t = f.Word("time");
  std::int64_t ns = 0;
  if (f.ok()) {
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), ns);
    if (ec != std::errc{} || p != t.data() + t.size() || ns < 0) {
      f.Fail(fmt::format("bad time '{}'", t));
    }
  }
  c.at = TimeFromNanos(ns);
  c.call = DecCallBody(name, f);
  f.ExpectEnd();
  if (!f.ok()) {
    return Unexpected{f.error()};
  }
  return c;
}

Result<EffectLine, std::string> DecodeEffectLine(std::string_view line) {
  Fields f(line);
  if (f.Word("fx") != "fx" && f.ok()) {
    f.Fail("expected fx");
  }
  EffectLine e;
  e.engine = DecEngine(f);
  e.effect = DecEffect(f);
  f.ExpectEnd();
  if (!f.ok()) {
    return Unexpected{f.error()};
  }
  return e;
}

namespace {

// The three header lines; false with `err` set when one is missing or malformed.
bool ParseHeaderLine(std::size_t n, std::string_view line, RecordHeader& h, RecordError& err) {
  Fields f(line);
  const std::string_view word = f.Word("header");
  if (n == 0) {
    if (word != "mcast-record") {
      f.Fail("not an mcast record (expected 'mcast-record 1 seed=N')");
    }
    const std::string_view v = f.Word("version");
    if (f.ok() && v != std::to_string(kRecordVersion)) {
      f.Fail(fmt::format("unsupported record version '{}'", v));
    }
    h.seed = f.Unsigned<std::uint64_t>("seed");
  } else if (n == 1) {
    if (f.ok() && word != "config-path") {
      f.Fail("expected config-path");
    }
    const std::optional<std::string> p = UnquoteString(f.Word("path"));
    if (f.ok() && !p) {
      f.Fail("config-path: bad quoted string");
    }
    h.config_path = p.value_or("");
  } else {
    if (f.ok() && word != "config") {
      f.Fail("expected config");
    }
    const std::optional<std::string> t = UnquoteString(f.Word("config text"));
    if (f.ok() && !t) {
      f.Fail("config: bad quoted string");
    }
    h.config_text = t.value_or("");
  }
  f.ExpectEnd();
  if (!f.ok()) {
    err.message = f.error();
    return false;
  }
  return true;
}

}  // namespace

Result<Record, RecordError> ParseRecord(std::string_view text) {
  Record r;
  std::size_t header_lines = 0;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    RecordError err{number, {}, std::string(line.substr(0, 200))};
    if (header_lines < 3) {
      if (!ParseHeaderLine(header_lines++, line, r.header, err)) {
        return err;
      }
      continue;
    }
    if (line.starts_with("fx ")) {
      auto e = DecodeEffectLine(line);
      if (!e) {
        err.message = e.error();
        return err;
      }
      r.entries.push_back(RecordEntry{number, std::move(*e)});
    } else {
      auto c = DecodeCall(line);
      if (!c) {
        err.message = c.error();
        return err;
      }
      r.entries.push_back(RecordEntry{number, std::move(*c)});
    }
  }
  if (header_lines < 3) {
    return RecordError{number, "record ends inside its header", ""};
  }
  return r;
}

}  // namespace mc::router
