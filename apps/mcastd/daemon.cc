// mcastd's loop, I/O and effects (daemon.h). The loop: wait (epoll + timerfd), read the clock
// once, turn what arrived into engine inputs, pump every engine through engine::Pump with that
// time, apply their effects, arm the timer at the earliest deadline. Inputs an effect creates
// for another engine (Notify, upcalls, EffectFailed) are pumped in the same step, FIFO.
#include "apps/mcastd/daemon.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

#include "config/apply.h"
#include "engine/engine.h"
#include "platform/linux/control_socket.h"
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
constexpr int kMaxPumpRounds = 64;  // Notify chains between engines are short; bound them anyway

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
    : config_(std::move(config)),
      options_(std::move(options)),
      seed_(SeedOf(options_)),
      igmp_(igmp::RouterEngineOptions{engine::Limits{}, {}}, Rng(seed_)),
      vrrp_(vrrp::VrrpEngineOptions{}, Rng(seed_ * 0x9E3779B1u + 1)) {}

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
    record_ = std::make_unique<std::ofstream>(options_.record_path, std::ios::app);
    if (!*record_) {
      return fmt::format("cannot open record file {}", options_.record_path);
    }
    *record_ << fmt::format("# mcastd record: config {} seed {}\n", options_.config_path, seed_);
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
  for (const config::InterfaceConfig& c : config_.interfaces) {
    if (!FindInterface(c.name)) {
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
  Sync();
  PumpAll();
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
  auto cfg = config::LoadConfig(config_.kind, text.str(), options_.config_path);
  if (!cfg) {
    Log(fmt::format("reload: {}; the running config stays", cfg.error().ToString()));
    return false;
  }
  config_ = std::move(*cfg);
  Sync();
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
    PumpAll();
    if (record_) {
      record_->flush();  // a record must survive a crash of the daemon
    }
  }
  Shutdown();
  return 0;
}

// RFC 5798 §6.4.3 "Shutdown": a Master sends an advert with priority 0 and gives its virtual
// addresses back, so a Backup takes over at once instead of after Master_Down_Interval.
void Daemon::Shutdown() {
  std::vector<Effect> out;
  for (const auto& [ifx, s] : vrrp_ifs_) {
    vrrp_.RemoveInterface(now_, ifx, out);
  }
  vrrp_ifs_.clear();
  for (const Effect& e : out) {
    Apply(Engine::kVrrp, e);
  }
}

std::optional<Time> Daemon::NextDeadline() const {
  std::optional<Time> t = next_poll_;
  for (const std::optional<Time> d :
       {igmp_.NextDeadline(), vrrp_.NextDeadline(), pim_ ? pim_->NextDeadline() : std::nullopt}) {
    if (d && (!t || *d < *t)) {
      t = d;
    }
  }
  return t;
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
  Sync();
}

void Daemon::Absorb(const std::vector<platform::NlMessage>& msgs) {
  for (const platform::NlMessage& m : msgs) {
    if (const auto* l = std::get_if<platform::NlLink>(&m)) {
      const IfIndex ifx{l->ifindex};
      if (l->removed) {
        ifaces_.erase(ifx);
        continue;
      }
      Iface& i = ifaces_[ifx];
      i.name = l->name;
      i.admin_up = l->admin_up;
      i.lower_up = l->lower_up;
      i.loopback = l->loopback;
      i.mac = l->mac;
    } else if (const auto* a = std::get_if<platform::NlAddr>(&m)) {
      const auto it = ifaces_.find(IfIndex{a->ifindex});
      if (it == ifaces_.end()) {
        continue;
      }
      std::erase_if(it->second.addrs, [&](const platform::NlAddr& x) {
        return x.address == a->address && x.prefix_len == a->prefix_len;
      });
      if (!a->removed) {
        it->second.addrs.push_back(*a);
      }
    } else if (const auto* r = std::get_if<platform::NlRoute>(&m)) {
      const auto key = std::make_tuple(r->prefix, r->oif, r->gateway, r->priority);
      if (r->removed) {
        routes_.erase(key);
      } else {
        routes_[key] = engine::RouteEvent{
            r->prefix,   r->gateway, IfIndex{r->oif}, platform::DistanceOfProtocol(r->protocol),
            r->priority, false};
      }
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
  if (!ifaces_.contains(ifx)) {
    return;
  }
  std::optional<engine::PacketIn> in = platform::ToPacketIn(ifx, packet);
  if (!in) {
    Count("rx-malformed-ip");
    return;
  }
  if (in->protocol == wire::kProtoIgmp) {
    if (igmp_ifs_.contains(ifx)) {
      Count("rx-igmp");
      Queue(Engine::kIgmp, std::move(*in));
    }
    return;
  }
  if (in->protocol == wire::kProtoPim && in->dst == Ipv4{224, 0, 0, 13}) {
    if (pim_ && pim_ifs_.contains(ifx)) {
      Count("rx-pim");
      Queue(Engine::kPim, std::move(*in));
    }
    return;
  }
  if (in->protocol == wire::kProtoVrrp) {
    if (vrrp_ifs_.contains(ifx)) {
      Count("rx-vrrp");
      Queue(Engine::kVrrp, std::move(*in));
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
    } else if (pim_) {
      Count("rx-pim-unicast");
      Queue(Engine::kPim, std::move(*in));
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
  if (!pim_) {
    return;
  }
  for (engine::DataplaneEvent& a : dataplane_->PollActivity()) {
    Queue(Engine::kPim, std::move(a));
  }
}

// ---- engines -------------------------------------------------------------------------------

void Daemon::Queue(Engine e, Input in) {
  if (record_) {
    static constexpr std::string_view kNames[] = {"igmp", "pim", "vrrp"};
    *record_ << ToNanos(now_) << ' ' << kNames[static_cast<int>(e)] << ' ' << engine::Describe(in)
             << '\n';
  }
  switch (e) {
    case Engine::kIgmp:
      igmp_in_.push_back(std::move(in));
      break;
    case Engine::kPim:
      if (pim_) {
        pim_in_.push_back(std::move(in));
      }
      break;
    case Engine::kVrrp:
      vrrp_in_.push_back(std::move(in));
      break;
  }
}

void Daemon::PumpAll() {
  // engine/engine.h PumpHost: the time read once per wake-up; inputs from this engine's queue;
  // effects applied after the step; deadlines collected by NextDeadline() before sleeping.
  struct Host {
    Daemon* d;
    Engine from;
    std::deque<Input>* q;
    Time Now() const { return d->now_; }
    std::optional<Input> NextInput() {
      if (q->empty()) {
        return std::nullopt;
      }
      Input i = std::move(q->front());
      q->pop_front();
      return i;
    }
    void Apply(const Effect& e) { d->Apply(from, e); }
    void WakeAt(std::optional<Time>) {}
  };
  for (int round = 0; round < kMaxPumpRounds; ++round) {
    Host ih{this, Engine::kIgmp, &igmp_in_};
    engine::Pump(igmp_, ih);
    if (pim_) {
      Host ph{this, Engine::kPim, &pim_in_};
      engine::Pump(*pim_, ph);
    }
    Host vh{this, Engine::kVrrp, &vrrp_in_};
    engine::Pump(vrrp_, vh);
    if (igmp_in_.empty() && pim_in_.empty() && vrrp_in_.empty()) {
      return;
    }
  }
  Count("pump-rounds-exceeded");
}

void Daemon::Apply(Engine from, const Effect& e) {
  if (const auto* s = std::get_if<engine::SendPacket>(&e)) {
    ApplySend(*s);
  } else if (std::holds_alternative<engine::MfcAdd>(e) ||
             std::holds_alternative<engine::MfcDel>(e)) {
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
  } else if (const auto* n = std::get_if<engine::Notify>(&e)) {
    if (const auto* gm = std::get_if<engine::GroupMembership>(&n->payload)) {
      const auto key = std::make_pair(gm->ifindex, gm->sg);
      if (gm->joined) {
        members_[key] = gm->mode;
      } else {
        members_.erase(key);
      }
      Queue(Engine::kPim, *n);
    } else if (const auto* dc = std::get_if<engine::DrChange>(&n->payload)) {
      dr_[dc->ifindex] = *dc;
      std::vector<Effect> out;
      SyncIgmp(out);
      for (const Effect& x : out) {
        Apply(Engine::kIgmp, x);
      }
    }
  } else if (const auto* t = std::get_if<engine::Trace>(&e)) {
    if (debug_) {
      Log(fmt::format("{} {}: {}", FormatSeconds(t->at), t->engine, t->text));
    }
  }
  (void)from;
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
  int err = 0;
  if (s.dst.IsMulticast()) {
    const auto it = ifaces_.find(s.oif);
    if (it == ifaces_.end()) {
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
    const auto it = ifaces_.find(t.oif);
    if (it == ifaces_.end()) {
      continue;
    }
    Count(io_->SendMulticast(t.oif, it->second.mac, t.packet) == 0 ? "tx-data" : "tx-data-failed");
  }
  for (engine::DataplaneEvent& u : out.upcalls) {
    Count(fmt::format("upcall-{}", engine::ToString(u.kind)));
    Queue(Engine::kPim, std::move(u));
  }
  for (engine::EffectFailed& f : out.failures) {
    Count("mfc-failed");
    Queue(Engine::kPim, std::move(f));
  }
}

void Daemon::ApplyVrrpAddress(const Effect& e) {
  if (const auto* a = std::get_if<engine::AddressAdd>(&e)) {
    vrrp_owned_[{a->ifindex, a->address}] = a->virtual_mac;
    if (auto r = nl_request_->ChangeAddress(true, a->ifindex.value(), a->address, 32); !r) {
      Log(r.error());
    }
  } else if (const auto* d = std::get_if<engine::AddressDel>(&e)) {
    vrrp_owned_.erase({d->ifindex, d->address});
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

}  // namespace mc::mcastd
