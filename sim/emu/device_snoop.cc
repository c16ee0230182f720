// Device, IGMP snooping part (device.h): the snooping engine (src/snoop) on every switch, on by
// default as on Catalyst. The bridge asks the engine's table per multicast frame
// (l2::MulticastTable): which frames to punt (IGMP, router hellos, aliased data) and where
// multicast data goes. Punted frames and the bridge's topology changes become the engine's
// inputs; the frames it sends (relayed reports and leaves, group-specific and querier queries)
// leave through the bridge's egress (SendInVlan), which tags them for the port and honours the
// spanning tree. Switchports and SVIs are the engine's ports, so an SVI that runs PIM or IGMP is
// learned as an mrouter port like any router.
// The engine's syslog messages (traces that start with `%`, e.g. seed 004's
// %MCAST-2-IGMP_ADDRAL) are kept, newest last and bounded, for `show logging`.
// Left out: the engine's MdbAdd/MdbDel effects (the bridge queries the table itself), its other
// traces, and other engines' messages in `show logging`.
#include <cstdlib>
#include <deque>
#include <set>

#include "l2/frame.h"
#include "show/snoop_show.h"
#include "sim/emu/device.h"
#include "sim/emu/show_words.h"
#include "snoop/snoop_engine.h"

namespace mc::sim {

struct Device::Snoop {
  Snoop(std::uint64_t seed, const Mac& mac) : engine(Options(mac), Rng(seed ^ 0x736e6f6fULL)) {}
  static snoop::SnoopOptions Options(const Mac& mac) {
    snoop::SnoopOptions o;
    o.switch_mac = mac;
    return o;
  }
  snoop::SnoopEngine engine;
  std::set<IfIndex> ports;                     // ports given to the engine
  std::deque<engine::Trace> log;               // syslog messages, newest last
  static constexpr std::size_t kLogMax = 256;  // the oldest go first, as in a logging buffer
};

void Device::SnoopDeleter::operator()(Snoop* s) const { delete s; }

// Settings and ports from config_ and the interfaces (at boot, after `conf`, on carrier change).
void Device::SnoopSync(Time now) {
  if (!bridge_) {
    return;
  }
  if (!snoop_) {
    const Mac mac{{0x52, 0x54, 0x00, static_cast<std::uint8_t>(mac_seed_ >> 8),
                   static_cast<std::uint8_t>(mac_seed_), 0}};
    snoop_.reset(new Snoop(mac_seed_, mac));
    bridge_->SetMulticastTable(&snoop_->engine);
  }
  const auto resolve = [&](std::string_view name) -> std::optional<IfIndex> {
    const std::optional<std::size_t> n = FindInterface(name);
    return n ? std::optional<IfIndex>(IfIndex{static_cast<std::uint32_t>(*n + 1)}) : std::nullopt;
  };
  const auto svi_address = [&](std::uint16_t vlan) -> std::optional<Ipv4> {
    for (const Iface& i : ifaces_) {
      if (i.svi_vlan == vlan && !i.bridged && i.address) {
        return i.address->address;
      }
    }
    return std::nullopt;
  };
  std::vector<engine::Effect> out;
  snoop_->engine.SetSettings(now, snoop::SettingsFrom(config_.snooping, resolve, svi_address), out);
  // The VLANs that exist on the switch (VLAN 1, `vlan N`, access VLANs, SVIs), as in the
  // Catalyst VLAN database: a trunk carries only those, so an all-VLANs trunk does not give the
  // engine 4094 VLANs to flood on a topology change or to run the querier in.
  config::VlanSet existing = config::VlanSet::Of(1);
  for (const auto& [id, vc] : config_.vlans) {
    existing.Add(config::VlanSet::Of(id));
  }
  for (const Iface& i : ifaces_) {
    const config::InterfaceConfig* found = config_.FindInterface(i.name);
    if (i.svi_vlan) {
      existing.Add(config::VlanSet::Of(*i.svi_vlan));
    } else if (found != nullptr && i.bridged &&
               found->switchport_mode != config::SwitchportMode::kTrunk) {
      existing.Add(config::VlanSet::Of(found->access_vlan));
    }
  }
  config::VlanSet missing = config::VlanSet::All();
  missing.Remove(existing);
  std::set<IfIndex> now_ports;
  for (std::size_t n = 0; n < ifaces_.size(); ++n) {
    const Iface& i = ifaces_[n];
    const bool svi = i.svi_vlan && !i.bridged;
    if (!i.bridged && !svi) {
      continue;
    }
    const config::InterfaceConfig* found = config_.FindInterface(i.name);
    const config::InterfaceConfig c = found ? *found : config_.DefaultInterface(i.name);
    snoop::PortSettings p;
    p.name = i.name;
    if (svi) {
      p.vlans = config::VlanSet::Of(*i.svi_vlan);
    } else if (c.switchport_mode == config::SwitchportMode::kTrunk) {
      p.vlans = c.trunk_allowed_vlans;
      p.vlans.Remove(missing);
    } else {
      p.vlans = config::VlanSet::Of(c.access_vlan);
    }
    p.up = i.OperUp();
    p.tcn_flood = c.snoop.tcn_flood;
    if (!c.igmp.filter_profile.empty()) {
      const auto it = config_.snooping.profiles.find(
          static_cast<std::uint32_t>(std::strtoul(c.igmp.filter_profile.c_str(), nullptr, 10)));
      if (it != config_.snooping.profiles.end()) {
        p.filter = it->second;
      }
    }
    if (!svi) {
      p.max_groups = c.igmp.limit;
      p.max_groups_action = c.igmp.limit_action;
    }
    const IfIndex ifx{static_cast<std::uint32_t>(n + 1)};
    snoop_->engine.SetPort(now, ifx, p, out);
    now_ports.insert(ifx);
  }
  for (const IfIndex gone : snoop_->ports) {
    if (!now_ports.contains(gone)) {
      snoop_->engine.RemovePort(now, gone, out);
    }
  }
  snoop_->ports = std::move(now_ports);
  SnoopApply(out);
}

bool Device::SnoopPending() const { return bridge_ && snoop_ && bridge_->HasPunted(); }

std::optional<Time> Device::SnoopDeadline() const {
  return snoop_ ? snoop_->engine.NextDeadline() : std::nullopt;
}

// Punted frames and topology changes in, due timers, effects out through the bridge.
void Device::SnoopPump(Time now) {
  if (!bridge_ || !snoop_) {
    return;
  }
  std::vector<engine::Effect> out;
  for (l2::PuntedFrame& f : bridge_->TakePunted()) {
    engine::PacketIn p;
    p.layer = engine::Layer::kL2;
    p.ifindex = f.port;
    p.vlan = f.vlan;
    p.bytes = std::move(f.frame);
    snoop_->engine.Handle(now, engine::Input{std::move(p)}, out);
  }
  for (const l2::TopologyChange& tc : bridge_->TakeTopologyChanges()) {
    snoop_->engine.Handle(
        now,
        engine::Input{engine::Notify{engine::TopologyChangeNotice{tc.port, tc.received, tc.vlan}}},
        out);
  }
  snoop_->engine.AdvanceTo(now, out);
  SnoopApply(out);
}

void Device::SnoopApply(const std::vector<engine::Effect>& effects) {
  std::vector<engine::Effect> sent;
  for (const engine::Effect& e : effects) {
    if (const auto* t = std::get_if<engine::Trace>(&e); t && t->text.starts_with('%')) {
      snoop_->log.push_back(*t);
      if (snoop_->log.size() > Snoop::kLogMax) {
        snoop_->log.pop_front();
      }
    }
    const auto* f = std::get_if<engine::SendFrame>(&e);
    if (f == nullptr) {
      continue;
    }
    const std::optional<l2::FrameHeader> h = l2::ParseHeader(f->frame);
    if (!h || !h->tag) {
      continue;  // the engine tags every frame with its VLAN
    }
    const IfIndex port[] = {f->port};
    bridge_->SendInVlan(h->tag->vid, f->frame, port, IfIndex{}, sent);
  }
  for (const engine::Effect& e : sent) {
    ApplyEffect(e);
  }
}

}  // namespace mc::sim

namespace mc::sim {

namespace {

// `vlan N` at words[at], or nullopt when absent; false when the words are malformed.
bool VlanArg(const std::vector<std::string>& w, std::size_t at,
             std::optional<std::uint16_t>& vlan) {
  if (w.size() == at) {
    return true;
  }
  if (w.size() != at + 2 || !WordIs(w[at], "vlan")) {
    return false;
  }
  const int v = std::atoi(w[at + 1].c_str());
  if (v < 1 || v > 4094 || std::to_string(v) != w[at + 1]) {
    return false;
  }
  vlan = static_cast<std::uint16_t>(v);
  return true;
}

enum class SnoopShow { kSummary, kGroups, kMrouter, kQuerier, kMacMulticast, kIgmpMode, kLogging };

// `show logging`: the buffered syslog messages with uptime stamps (`service timestamps log
// uptime msec` style), oldest first.
std::string RenderLog(const std::deque<engine::Trace>* log, bool json) {
  static const std::deque<engine::Trace> kNone;
  const std::deque<engine::Trace>& entries = log ? *log : kNone;
  nlohmann::json rows = nlohmann::json::array();
  std::string out = fmt::format("Log Buffer ({} messages):\n\n", entries.size());
  for (const engine::Trace& t : entries) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.at - Time{}).count();
    out += fmt::format("{:02}:{:02}:{:02}.{:03}: {}\n", ms / 3600000, ms / 60000 % 60,
                       ms / 1000 % 60, ms % 1000, t.text);
    rows.push_back({{"uptime_ms", ms}, {"text", t.text}});
  }
  return json ? rows.dump(2) + "\n" : out;
}

// Which snooping show `words` name (the words after `show`), with its VLAN argument.
std::optional<SnoopShow> ClassifySnoopShow(const std::vector<std::string>& w,
                                           std::optional<std::uint16_t>& vlan) {
  if (w.size() == 2 && WordIs(w[0], "igmp") && WordIs(w[1], "mode")) {
    return SnoopShow::kIgmpMode;
  }
  if (w.size() == 1 && WordIs(w[0], "logging")) {
    return SnoopShow::kLogging;
  }
  if (w.size() >= 3 && WordIs(w[0], "mac") && WordIs(w[1], "address-table") &&
      WordIs(w[2], "multicast")) {
    return VlanArg(w, 3, vlan) ? std::optional(SnoopShow::kMacMulticast) : std::nullopt;
  }
  if (w.size() >= 2 && WordIs(w[0], "mac-address-table") && WordIs(w[1], "multicast")) {
    // The older spelling, as seed 000 types it (`show mac-address-table multicast vlan 1`).
    return VlanArg(w, 2, vlan) ? std::optional(SnoopShow::kMacMulticast) : std::nullopt;
  }
  if (w.size() < 3 || !WordIs(w[0], "ip") || !WordIs(w[1], "igmp") || !WordIs(w[2], "snooping")) {
    return std::nullopt;
  }
  if (w.size() >= 4 && WordIs(w[3], "groups")) {
    return VlanArg(w, 4, vlan) ? std::optional(SnoopShow::kGroups) : std::nullopt;
  }
  if (w.size() >= 4 && WordIs(w[3], "mrouter")) {
    return VlanArg(w, 4, vlan) ? std::optional(SnoopShow::kMrouter) : std::nullopt;
  }
  if (w.size() == 4 && WordIs(w[3], "querier")) {
    return SnoopShow::kQuerier;
  }
  return VlanArg(w, 3, vlan) ? std::optional(SnoopShow::kSummary) : std::nullopt;
}

}  // namespace

bool Device::IsSnoopShow(const std::vector<std::string>& words) {
  std::optional<std::uint16_t> vlan;
  return ClassifySnoopShow(words, vlan).has_value();
}

std::optional<std::string> Device::ShowSnoop(const std::vector<std::string>& words,
                                             bool json) const {
  std::optional<std::uint16_t> vlan;
  const std::optional<SnoopShow> kind = ClassifySnoopShow(words, vlan);
  if (!kind) {
    return std::nullopt;
  }
  if (*kind == SnoopShow::kLogging) {
    return RenderLog(snoop_ ? &snoop_->log : nullptr, json);  // empty on routers and hosts
  }
  if (!snoop_) {
    return "% Invalid input detected: not a switch\n";
  }
  const snoop::SnoopSnapshot s = snoop_->engine.Snap();
  if (json) {
    nlohmann::json j;
    switch (*kind) {
      case SnoopShow::kSummary:
        j = show::SnoopingJson(s, vlan);
        break;
      case SnoopShow::kGroups:
        j = show::SnoopingGroupsJson(s, vlan, now_);
        break;
      case SnoopShow::kMrouter:
        j = show::SnoopingMrouterJson(s, vlan, now_);
        break;
      case SnoopShow::kQuerier:
        j = show::SnoopingQuerierJson(s);
        break;
      case SnoopShow::kMacMulticast:
        j = show::MacAddressTableMulticastJson(s, vlan);
        break;
      case SnoopShow::kIgmpMode:
        j = show::IgmpModeJson(s, now_);
        break;
      case SnoopShow::kLogging:
        break;  // answered above
    }
    return j.dump(2) + "\n";
  }
  switch (*kind) {
    case SnoopShow::kSummary:
      return show::RenderSnooping(s, vlan);
    case SnoopShow::kGroups:
      return show::RenderSnoopingGroups(s, vlan);
    case SnoopShow::kMrouter:
      return show::RenderSnoopingMrouter(s, vlan);
    case SnoopShow::kQuerier:
      return show::RenderSnoopingQuerier(s);
    case SnoopShow::kMacMulticast:
      return show::RenderMacAddressTableMulticast(s, vlan);
    case SnoopShow::kIgmpMode:
      return show::RenderIgmpMode(s, now_);
    case SnoopShow::kLogging:
      break;  // answered above
  }
  return std::nullopt;
}

}  // namespace mc::sim
