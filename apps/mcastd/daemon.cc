// mcastd's loop, I/O and effects (daemon.h). The loop: wait (epoll + timerfd), read the clock
// once, turn what arrived into router-core calls (netlink changes, engine inputs), pump the core
// with that time, apply the engines' effects, arm the timer at the earliest deadline. Inputs an
// effect creates for another engine (Notify, upcalls, EffectFailed) are pumped in the same step,
// FIFO. With --record every core call and effect goes to the record file (router/record.h).
#include "apps/mcastd/daemon.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

#include "config/apply.h"
#include "engine/engine.h"
#include "platform/linux/control_socket.h"
#include "router/record.h"
#include "show/packet_describe.h"
#include "wire/ethernet.h"
#include "wire/ip.h"

namespace mc::mcastd {

using engine::Effect;
using engine::Input;

struct Daemon::Control {
  platform::ControlServer server;
};

namespace {

constexpr Duration kActivityPoll = std::chrono::seconds{1};

bool LinkLocal(Ipv4 g) { return (g.value() & 0xFFFFFF00u) == 0xE0000000u; }

std::uint64_t SeedOf(const Options& o) {
  if (o.seed != 0) {
    return o.seed;
  }
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a of the config path: stable across restarts
  for (const char c : o.config_path) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  }
  return h;
}

}  // namespace

Daemon::Daemon(config::DeviceConfig config, Options options)
    : options_(std::move(options)), core_(std::move(config), SeedOf(options_), *this) {}

Daemon::~Daemon() = default;

void Daemon::Log(std::string_view text) const {
  std::fprintf(stderr, "mcastd: %.*s\n", static_cast<int>(text.size()), text.data());
}

Result<bool, std::string> Daemon::Start() {
  auto loop = platform::HostLoop::Create();
  if (!loop) {
    return loop.error();
  }
  loop_.emplace(std::move(*loop));
  now_ = platform::MonotonicNow();
  if (!options_.record_path.empty()) {
    // One session per file: a replay starts from the header's config and seed.
    record_ = std::make_unique<std::ofstream>(options_.record_path, std::ios::trunc);
    if (!*record_) {
      return fmt::format("cannot open record file {}", options_.record_path);
    }
    std::string text = options_.config_text;
    if (text.empty()) {
      std::ifstream in(options_.config_path);
      std::stringstream buf;
      buf << in.rdbuf();
      text = buf.str();
    }
    for (const std::string& line :
         router::EncodeHeader({core_.seed(), options_.config_path, std::move(text)})) {
      *record_ << line << '\n';
    }
    core_.SetRecorder([this](const std::string& line) { *record_ << line << '\n'; });
  }
  // Monitor before dumping, so no change falls between the dump and the events.
  auto mon = platform::NetlinkSocket::Open(true);
  auto req = platform::NetlinkSocket::Open(false);
  if (!mon || !req) {
    return mon ? req.error() : mon.error();
  }
  nl_monitor_.emplace(std::move(*mon));
  nl_request_.emplace(std::move(*req));
  dataplane_ = platform::Dataplane::Open(options_.user_dataplane, dataplane_note_);
  Log(fmt::format("dataplane: {}", dataplane_note_));
  auto io = platform::PacketIo::Open(dataplane_->mode() == platform::DataplaneMode::kKernel);
  if (!io) {
    return io.error();
  }
  io_.emplace(std::move(*io));
  auto dump = nl_request_->DumpAll();
  if (!dump) {
    return dump.error();
  }
  Absorb(*dump);
  for (const config::InterfaceConfig& c : core_.config().interfaces) {
    if (!core_.FindInterface(c.name)) {
      Log(fmt::format("interface {} of the config does not exist (yet)", c.name));
    }
  }
  if (!options_.control_path.empty()) {
    auto server = platform::ControlServer::Listen(options_.control_path);
    if (!server) {
      return server.error().message;
    }
    control_ = std::make_unique<Control>(Control{std::move(*server)});
  }
  const auto watch = [this](int fd, std::function<void()> f) -> Result<bool, std::string> {
    return fd < 0 ? Result<bool, std::string>{true} : loop_->Watch(fd, std::move(f));
  };
  for (const auto& r :
       {watch(nl_monitor_->fd(), [this] { OnNetlink(); }),
        watch(io_->tap_fd(), [this] { OnTap(); }), watch(io_->pim_fd(), [this] { OnPimSocket(); }),
        watch(dataplane_->upcall_fd(), [this] { OnUpcalls(); }),
        watch(control_ ? control_->server.fd() : -1, [this] {
          control_->server.OnReadable([this](std::string_view cmd) {
            // "% ..." answers are rejections: mcastctl exits 1 for them.
            std::string text = HandleControl(cmd);
            return text.starts_with("% ") ? platform::ControlResponse::Error(std::move(text))
                                          : platform::ControlResponse(std::move(text));
          });
        })}) {
    if (!r) {
      return r.error();
    }
  }
  next_poll_ = now_ + kActivityPoll;
  core_.Sync(now_);
  return true;
}

bool Daemon::Reload() {
  std::ifstream in(options_.config_path);
  if (!in) {
    Log(fmt::format("reload: cannot read {}; the running config stays", options_.config_path));
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  if (auto r = core_.Reload(now_, text.str(), options_.config_path); !r) {
    Log(fmt::format("reload: {}; the running config stays", r.error()));
    return false;
  }
  Log(fmt::format("reload: applied {}", options_.config_path));
  return true;
}

int Daemon::Run(const volatile bool& stop, volatile bool& reload) {
  while (!stop) {
    if (reload) {
      reload = false;
      now_ = platform::MonotonicNow();
      (void)Reload();
    }
    loop_->WakeAt(NextDeadline());
    bool timed_out = false;
    now_ = loop_->RunOnce(timed_out);
    if (now_ >= next_poll_) {
      PollActivity();
      next_poll_ = now_ + kActivityPoll;
    }
    core_.Pump(now_);
    if (record_) {
      record_->flush();  // a record must survive a crash of the daemon
    }
  }
  // RFC 5798 §6.4.3 "Shutdown": a Master sends an advert with priority 0 and gives its virtual
  // addresses back, so a Backup takes over at once instead of after Master_Down_Interval.
  now_ = platform::MonotonicNow();
  core_.Shutdown(now_);
  if (record_) {
    record_->flush();
  }
  return 0;
}

std::optional<Time> Daemon::NextDeadline() const {
  const std::optional<Time> d = core_.NextDeadline();
  return d && *d < next_poll_ ? d : std::optional<Time>{next_poll_};
}

// ---- inputs --------------------------------------------------------------------------------

void Daemon::OnNetlink() {
  auto events = nl_monitor_->ReadEvents();
  if (!events) {
    // ENOBUFS: events were lost; a fresh dump gives the whole state again.
    Count("netlink-resync");
    if (auto dump = nl_request_->DumpAll()) {
      Absorb(*dump);
    }
  } else {
    Absorb(*events);
  }
  core_.Sync(now_);
}

void Daemon::Absorb(const std::vector<platform::NlMessage>& msgs) {
  for (const platform::NlMessage& m : msgs) {
    if (const auto* l = std::get_if<platform::NlLink>(&m)) {
      core_.Link(now_, router::HostLink{IfIndex{l->ifindex}, l->name, l->admin_up, l->lower_up,
                                        l->loopback, l->mac, l->removed});
    } else if (const auto* a = std::get_if<platform::NlAddr>(&m)) {
      core_.Addr(now_,
                 router::HostAddr{IfIndex{a->ifindex}, engine::IfAddress{a->address, a->prefix_len},
                                  a->secondary, a->removed});
    } else if (const auto* r = std::get_if<platform::NlRoute>(&m)) {
      core_.Route(now_, engine::RouteEvent{r->prefix, r->gateway, IfIndex{r->oif},
                                           platform::DistanceOfProtocol(r->protocol), r->priority,
                                           r->removed});
    }
  }
}

void Daemon::OnTap() {
  for (platform::RxPacket& p : io_->ReadTap()) {
    Deliver(p.ifindex, std::move(p.packet));
  }
}

// A multicast packet heard on an interface: control to its engine, data to the dataplane.
void Daemon::Deliver(IfIndex ifx, wire::Bytes packet) {
  if (!core_.ifaces().contains(ifx)) {
    return;
  }
  std::optional<engine::PacketIn> in = platform::ToPacketIn(ifx, packet);
  if (!in) {
    Count("rx-malformed-ip");
    return;
  }
  if (in->protocol == wire::kProtoIgmp) {
    if (core_.igmp_ifs().contains(ifx)) {
      Count("rx-igmp");
      DebugPacket(false, *in);
      core_.Queue(now_, router::EngineId::kIgmp, std::move(*in));
    }
    return;
  }
  if (in->protocol == wire::kProtoPim && in->dst == Ipv4{224, 0, 0, 13}) {
    if (core_.pim() != nullptr && core_.pim_ifs().contains(ifx)) {
      Count("rx-pim");
      DebugPacket(false, *in);
      core_.Queue(now_, router::EngineId::kPim, std::move(*in));
    }
    return;
  }
  if (in->protocol == wire::kProtoVrrp) {
    if (core_.vrrp_ifs().contains(ifx)) {
      Count("rx-vrrp");
      DebugPacket(false, *in);
      core_.Queue(now_, router::EngineId::kVrrp, std::move(*in));
    }
    return;
  }
  if (LinkLocal(in->dst) || !dataplane_->IsVif(ifx)) {
    return;
  }
  Count("rx-data");
  platform::DataplaneOutput out;
  dataplane_->Forward(now_, ifx, std::move(packet), out);
  Output(out);
}

void Daemon::OnPimSocket() {
  for (platform::RxPacket& p : io_->ReadPim()) {
    std::optional<engine::PacketIn> in = platform::ToPacketIn(p.ifindex, p.packet);
    if (!in) {
      Count("rx-malformed-ip");
    } else if (core_.pim() != nullptr) {
      Count("rx-pim-unicast");
      DebugPacket(false, *in);
      core_.Queue(now_, router::EngineId::kPim, std::move(*in));
    }
  }
}

void Daemon::OnUpcalls() {
  platform::DataplaneOutput out;
  std::size_t bad = 0;
  dataplane_->ReadUpcalls(out, bad);
  Count("upcall-malformed", bad);
  Output(out);
}

void Daemon::PollActivity() {
  if (core_.pim() == nullptr) {
    return;
  }
  for (engine::DataplaneEvent& a : dataplane_->PollActivity()) {
    core_.Queue(now_, router::EngineId::kPim, std::move(a));
  }
}

// ---- engines -------------------------------------------------------------------------------

void Daemon::PimStarted() {
  if (auto r = dataplane_->AddVif(pim::kRegisterVif, "pimreg", true); !r) {
    Log(r.error());
  }
}

void Daemon::PimStopped() { dataplane_->DelVif(pim::kRegisterVif); }

void Daemon::Synced() {
  SyncVifs();  // before the effects: an MfcAdd needs its VIFs
  SyncJoins();
}

// Notify and the VRRP address bookkeeping are the core's; the rest is Linux's.
void Daemon::Apply(router::EngineId from, const Effect& e) {
  if (const auto* s = std::get_if<engine::SendPacket>(&e)) {
    ApplySend(*s);
  } else if (std::holds_alternative<engine::MfcAdd>(e) ||
             std::holds_alternative<engine::MfcDel>(e)) {
    if (DebugOn(DebugFlag::kMrouting)) {
      Log(fmt::format("{} MRT: {}", FormatSeconds(now_), engine::Describe(e)));
    }
    ApplyDataplane(e);
  } else if (const auto* j = std::get_if<engine::SocketJoin>(&e)) {
    if (io_->Join(*j) != 0) {
      Count("join-failed");
    }
  } else if (const auto* l = std::get_if<engine::SocketLeave>(&e)) {
    (void)io_->Leave(*l);
  } else if (std::holds_alternative<engine::AddressAdd>(e) ||
             std::holds_alternative<engine::AddressDel>(e) ||
             std::holds_alternative<engine::GratuitousArp>(e)) {
    ApplyVrrpAddress(e);
  } else if (const auto* t = std::get_if<engine::Trace>(&e)) {
    Trace(from, *t);
  }
}

void Daemon::ApplySend(const engine::SendPacket& s) {
  wire::Ipv4Header h;
  h.tos = s.tos;
  h.ttl = s.ttl;
  h.protocol = s.protocol;
  h.router_alert = s.router_alert;
  h.identification = next_ip_id_++;
  h.src = s.src;
  h.dst = s.dst;
  auto pkt = wire::BuildIpv4(h, s.payload);
  if (!pkt) {
    Count("tx-build-failed");
    return;
  }
  DebugPacket(true, engine::PacketIn{engine::Layer::kL3, s.oif, s.src, s.dst, s.ttl, s.protocol,
                                     s.router_alert, Mac{}, std::nullopt, s.payload});
  int err = 0;
  if (s.dst.IsMulticast()) {
    const auto it = core_.ifaces().find(s.oif);
    if (it == core_.ifaces().end()) {
      Count("tx-no-interface");
      return;
    }
    // RFC 5798 §7.3: VRRP adverts leave from the virtual MAC (the VRID is the second octet).
    const Mac src = s.protocol == wire::kProtoVrrp && s.payload.size() >= 2
                        ? Mac::VrrpVirtual(s.payload[1])
                        : it->second.mac;
    err = io_->SendMulticast(s.oif, src, *pkt);
  } else {
    err = io_->SendUnicast(s.dst, *pkt);
  }
  // tx-unicast-proto-103 counts Registers and Register-Stops (J/P and Hellos are multicast).
  Count(err != 0              ? std::string("tx-failed")
        : s.dst.IsMulticast() ? fmt::format("tx-proto-{}", s.protocol)
                              : fmt::format("tx-unicast-proto-{}", s.protocol));
}

void Daemon::ApplyDataplane(const Effect& e) {
  platform::DataplaneOutput out;
  dataplane_->Apply(now_, e, out);
  Output(out);
}

void Daemon::Output(platform::DataplaneOutput& out) {
  for (const platform::Transmit& t : out.transmits) {
    const auto it = core_.ifaces().find(t.oif);
    if (it == core_.ifaces().end()) {
      continue;
    }
    Count(io_->SendMulticast(t.oif, it->second.mac, t.packet) == 0 ? "tx-data" : "tx-data-failed");
  }
  for (engine::DataplaneEvent& u : out.upcalls) {
    Count(fmt::format("upcall-{}", engine::ToString(u.kind)), 1);
    if (DebugOn(DebugFlag::kMrouting)) {
      Log(fmt::format("{} MRT: upcall {}", FormatSeconds(now_), engine::Describe(u)));
    }
    core_.Queue(now_, router::EngineId::kPim, std::move(u));
  }
  for (engine::EffectFailed& f : out.failures) {
    Count("mfc-failed", 1);
    if (DebugOn(DebugFlag::kMrouting)) {
      Log(fmt::format("{} MRT: {}", FormatSeconds(now_), engine::Describe(f)));
    }
    core_.Queue(now_, router::EngineId::kPim, std::move(f));
  }
}

void Daemon::ApplyVrrpAddress(const Effect& e) {
  if (const auto* a = std::get_if<engine::AddressAdd>(&e)) {
    if (auto r = nl_request_->ChangeAddress(true, a->ifindex.value(), a->address, 32); !r) {
      Log(r.error());
    }
  } else if (const auto* d = std::get_if<engine::AddressDel>(&e)) {
    if (auto r = nl_request_->ChangeAddress(false, d->ifindex.value(), d->address, 32); !r) {
      Log(r.error());
    }
  } else if (const auto* g = std::get_if<engine::GratuitousArp>(&e)) {
    auto body = wire::EncodeToBytes(wire::GratuitousArpRequest(g->mac, g->address));
    wire::EthernetHeader h{Mac::Broadcast(), g->mac, std::nullopt, wire::kEtherTypeArp};
    if (body) {
      if (auto frame = wire::BuildEthernet(h, *body)) {
        (void)io_->SendFrame(g->ifindex, *frame);
      }
    }
  }
}

// ---- debugging -----------------------------------------------------------------------------

bool TraceWanted(const DebugFlags& flags, std::string_view engine, std::string_view text) {
  const auto on = [&](DebugFlag f) { return flags[static_cast<std::size_t>(f)]; };
  if (engine == "igmp") {
    return on(DebugFlag::kIgmp);
  }
  if (engine == "pim") {
    return on(DebugFlag::kPim) || (text.starts_with("assert") && on(DebugFlag::kPimAssert));
  }
  if (engine == "vrrp") {
    return on(DebugFlag::kVrrp);
  }
  return on(DebugFlag::kMrouting);
}

bool PacketWanted(const DebugFlags& flags, std::uint8_t protocol,
                  std::span<const std::uint8_t> payload) {
  const auto on = [&](DebugFlag f) { return flags[static_cast<std::size_t>(f)]; };
  if (protocol == wire::kProtoIgmp) {
    return on(DebugFlag::kIgmp);
  }
  if (protocol == wire::kProtoPim) {
    // RFC 7761 §4.9: the message type is the low nibble of the first byte.
    const int type = payload.empty() ? -1 : payload[0] & 0x0F;
    return on(DebugFlag::kPim) || (type == 0 && on(DebugFlag::kPimHello)) ||
           ((type == 1 || type == 2) && on(DebugFlag::kPimRegister)) ||
           (type == 3 && on(DebugFlag::kPimJoinPrune)) || (type == 5 && on(DebugFlag::kPimAssert));
  }
  return protocol == wire::kProtoVrrp && on(DebugFlag::kVrrp);
}

void Daemon::Trace(router::EngineId from, const engine::Trace& t) const {
  // The tracer's name says which engine spoke (sync effects all arrive as IGMP's).
  if (TraceWanted(debug_, t.engine.empty() ? router::ToString(from) : t.engine, t.text)) {
    Log(fmt::format("{} {}: {}", FormatSeconds(t.at), t.engine, t.text));
  }
}

void Daemon::DebugPacket(bool tx, const engine::PacketIn& p) const {
  const std::span<const std::uint8_t> b = p.bytes;
  if (!PacketWanted(debug_, p.protocol, b)) {
    return;
  }
  const auto it = core_.ifaces().find(p.ifindex);
  const show::IpMeta meta{
      it != core_.ifaces().end() ? it->second.name : std::to_string(p.ifindex.value()),
      now_,
      p.src,
      p.dst,
      p.ttl,
      p.router_alert};
  std::string text = p.protocol == wire::kProtoIgmp  ? show::DescribeIgmp(meta, b).text
                     : p.protocol == wire::kProtoPim ? show::DescribePim(meta, b).text
                                                     : show::DescribeVrrp(meta, b).text;
  // The renderers speak of received packets; IOS says "Send" for its own.
  if (const std::size_t k = text.find("Received"); tx && k != std::string::npos) {
    text.replace(k, 8, "Send");
  }
  Log(fmt::format("{} {}", FormatSeconds(now_), text));
}

}  // namespace mc::mcastd
