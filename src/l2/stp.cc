// Rapid Spanning Tree for one bridge (IEEE 802.1D-2004 clause 17); see stp.h for the scope.
#include "l2/stp.h"

#include <algorithm>
#include <limits>

namespace mc::l2 {
namespace {

using namespace std::chrono_literals;
using engine::SendFrame;

constexpr std::uint16_t kPortNumberMask = 0x0FFF;
constexpr std::int64_t kNanosPerUnit = 1'000'000'000 / kBpduTimeUnitsPerSecond;  // exact

std::uint16_t ToUnits(Duration d) {
  const std::int64_t units = d.count() / kNanosPerUnit;
  return static_cast<std::uint16_t>(std::clamp<std::int64_t>(units, 0, 0xFFFF));
}

Duration FromUnits(std::uint16_t units) { return Duration{std::int64_t{units} * kNanosPerUnit}; }

std::uint16_t AddSaturating(std::uint16_t a, std::uint16_t b) {
  return static_cast<std::uint16_t>(std::min<std::uint32_t>(std::uint32_t{a} + b, 0xFFFF));
}

std::uint32_t AddSaturating(std::uint32_t a, std::uint32_t b) {
  const std::uint64_t sum = std::uint64_t{a} + b;
  return static_cast<std::uint32_t>(
      std::min<std::uint64_t>(sum, std::numeric_limits<std::uint32_t>::max()));
}

BpduRole ToBpduRole(PortRole r) {
  switch (r) {
    case PortRole::kRoot:
      return BpduRole::kRoot;
    case PortRole::kDesignated:
      return BpduRole::kDesignated;
    case PortRole::kAlternate:
    case PortRole::kBackup:
      return BpduRole::kAlternateBackup;
    case PortRole::kDisabled:
      break;
  }
  return BpduRole::kUnknown;
}

bool SamePortNumber(std::uint16_t a, std::uint16_t b) {
  return (a & kPortNumberMask) == (b & kPortNumberMask);
}

// §17.14 ranges, so a timer can never re-arm itself for the instant it fires.
StpBridgeConfig Sanitized(StpBridgeConfig c) {
  c.hello_time = std::clamp<Duration>(c.hello_time, 1s, 10s);
  c.max_age = std::clamp<Duration>(c.max_age, 6s, 40s);
  c.forward_delay = std::clamp<Duration>(c.forward_delay, 4s, 30s);
  c.fallback_delay = std::max<Duration>(c.fallback_delay, Duration::zero());
  return c;
}

}  // namespace

std::string_view ToString(PortRole r) {
  switch (r) {
    case PortRole::kDisabled:
      return "Disabled";
    case PortRole::kRoot:
      return "Root";
    case PortRole::kDesignated:
      return "Desg";
    case PortRole::kAlternate:
      return "Altn";
    case PortRole::kBackup:
      return "Back";
  }
  return "?";
}

std::string_view ToString(PortState s) {
  switch (s) {
    case PortState::kDiscarding:
      return "BLK";
    case PortState::kLearning:
      return "LRN";
    case PortState::kForwarding:
      return "FWD";
  }
  return "?";
}

Stp::Stp(const StpBridgeConfig& config)
    : config_(Sanitized(config)),
      bridge_id_{static_cast<std::uint16_t>(config_.priority + config_.sys_id_ext),
                 config_.address},
      root_priority_{bridge_id_, 0, bridge_id_, 0},
      root_times_(BridgeTimes()) {}

void Stp::SetBridgeConfig(Time now, const StpBridgeConfig& config, StpOut& out) {
  config_ = Sanitized(config);
  bridge_id_ = {static_cast<std::uint16_t>(config_.priority + config_.sys_id_ext), config_.address};
  Recompute(now, out);
}

void Stp::SetPort(Time now, IfIndex port, const StpPortConfig& config, StpOut& out) {
  auto [it, inserted] = ports_.try_emplace(port);
  Port& p = it->second;
  const bool edge_changed = p.config.admin_edge != config.admin_edge;
  p.config = config;
  // §9.2.7: a 4-bit priority (in steps of 16) over a 12-bit port number; ports are numbered by
  // their ifindex, truncated to 12 bits.
  const std::uint32_t priority = config.priority & 0xF0u;
  p.port_id = static_cast<std::uint16_t>(priority << 8 | (port.value() & kPortNumberMask));
  if (!inserted && p.enabled && edge_changed) {
    p.oper_edge = config.admin_edge || !p.bpdu_seen;
  }
  Recompute(now, out);
}

void Stp::RemovePort(Time now, IfIndex port, StpOut& out) {
  const auto it = ports_.find(port);
  if (it == ports_.end()) {
    return;
  }
  Disable(port, it->second, out);
  ports_.erase(it);
  Recompute(now, out);
}

void Stp::SetEnabled(Time now, IfIndex port, bool enabled, StpOut& out) {
  const auto it = ports_.find(port);
  if (it == ports_.end() || it->second.enabled == enabled) {
    return;
  }
  if (enabled) {
    Enable(now, port, it->second);
  } else {
    Disable(port, it->second, out);
  }
  Recompute(now, out);
}

// §17.21.3 portEnabled: the port starts with aged information, so role selection makes it a
// designated port that transmits at once. It is an edge port if configured so (§17.25 adminEdge)
// or if it has never heard a BPDU (see stp.h, "Edge detection").
void Stp::Enable(Time now, IfIndex id, Port& p) {
  p.enabled = true;
  p.info_is = InfoIs::kAged;
  p.oper_edge = p.config.admin_edge || !p.bpdu_seen;
  p.proposing = p.proposed = p.agree = p.agreed = false;
  p.tc_active = false;
  p.new_info = true;
  timers_.Cancel({TimerKind::kRcvdInfoWhile, id});
  EnsureHello(now);
}

void Stp::Disable(IfIndex id, Port& p, StpOut& out) {
  SetState(id, p, PortState::kDiscarding, out);
  out.flush.push_back(id);
  p.enabled = false;
  p.info_is = InfoIs::kDisabled;
  p.role = PortRole::kDisabled;
  p.proposing = p.proposed = p.agree = p.agreed = false;
  p.tc_active = false;
  p.new_info = false;
  timers_.CancelIf([&](const TimerKey& k) { return k.port == id && k.kind != TimerKind::kHello; });
}

void Stp::ReceiveBpdu(Time now, IfIndex port, const Bpdu& bpdu, StpOut& out) {
  const auto it = ports_.find(port);
  if (it == ports_.end() || !it->second.enabled) {
    return;
  }
  Port& p = it->second;
  counters_.Inc(StpCounter::kBpduIn);
  // §17.25: a BPDU on an edge port means a bridge is attached after all.
  p.bpdu_seen = true;
  p.oper_edge = false;
  if (bpdu.type != BpduType::kTcn) {
    RecordInfo(now, port, p, bpdu);
  }
  Recompute(now, out);
  if (bpdu.topology_change || bpdu.type == BpduType::kTcn) {
    ReceiveTopologyChange(now, port, p, out);
  }
}

// §17.31 ACTIVE -> NOTIFIED_TC / NOTIFIED_TCN: "rcvdTc ... && (role == RootPort || role ==
// DesignatedPort)" -> setTcPropTree(): every other port flushes and propagates. A TC that
// arrives on an alternate or backup port is ignored.
void Stp::ReceiveTopologyChange(Time now, IfIndex id, const Port& p, StpOut& out) {
  if (p.role != PortRole::kRoot && p.role != PortRole::kDesignated) {
    return;
  }
  counters_.Inc(StpCounter::kTcReceived);
  NoteTopologyChange(now);
  PropagateTopologyChange(now, id, out);
  out.changes.push_back({id, true});
  TransmitPending(out);
}

void Stp::RecordInfo(Time now, IfIndex id, Port& p, const Bpdu& bpdu) {
  const PriorityVector msg{bpdu.root, bpdu.root_path_cost, bpdu.bridge, bpdu.port_id};
  const Times t{bpdu.message_age, bpdu.max_age, bpdu.hello_time, bpdu.forward_delay};
  // §17.21.23: information whose Message Age plus one second exceeds Max Age is already aged.
  if (std::uint32_t{t.message_age} + kBpduTimeUnitsPerSecond > t.max_age) {
    counters_.Inc(StpCounter::kBpduAged);
    return;
  }
  // §17.21.8: a Configuration BPDU is always designated information.
  const BpduRole role = bpdu.type == BpduType::kConfig ? BpduRole::kDesignated : bpdu.role;
  switch (Classify(p, msg, t, role)) {
    case RcvdInfo::kSuperiorDesignated:
      RecordSuperior(now, id, p, msg, t, bpdu);
      break;
    case RcvdInfo::kRepeatedDesignated:
      // §17.27 REPEATED_DESIGNATED: recordProposal(); updtRcvdInfoWhile().
      RecordSuperior(now, id, p, msg, t, bpdu);
      break;
    case RcvdInfo::kInferiorDesignated:
      // A neighbour advertises worse information than ours: answer with ours at once. Our own
      // BPDU looped back to us (a hub) is not answered, or the loop would never end.
      if (p.role == PortRole::kDesignated && msg.designated_bridge.address != bridge_id_.address) {
        p.new_info = true;
      }
      break;
    case RcvdInfo::kInferiorRootAlternate:
      RecordAgreement(p, msg, bpdu);
      break;
    case RcvdInfo::kOther:
      break;
  }
}

// §17.21.8 rcvInfo. "Superior" includes information from the same designated bridge and port
// as the stored one even when it is worse (§17.6): a neighbour's own news replaces its old news.
Stp::RcvdInfo Stp::Classify(const Port& p, const PriorityVector& msg, const Times& t,
                            BpduRole role) const {
  const PriorityVector& stored = p.port_priority;
  if (role == BpduRole::kDesignated) {
    const bool received = p.info_is == InfoIs::kReceived;
    const bool same_transmitter =
        received && msg.designated_bridge.address == stored.designated_bridge.address &&
        SamePortNumber(msg.designated_port, stored.designated_port);
    if (received && msg == stored && t == p.port_times) {
      return RcvdInfo::kRepeatedDesignated;
    }
    if (msg < stored || same_transmitter) {
      return RcvdInfo::kSuperiorDesignated;
    }
    return RcvdInfo::kInferiorDesignated;
  }
  if ((role == BpduRole::kRoot || role == BpduRole::kAlternateBackup) && !(msg < stored)) {
    return RcvdInfo::kInferiorRootAlternate;
  }
  return RcvdInfo::kOther;
}

// §17.27 SUPERIOR_DESIGNATED: record the priority vector and times, drop agreements made for the
// old information, record a proposal, and restart rcvdInfoWhile at three hello times.
void Stp::RecordSuperior(Time now, IfIndex id, Port& p, const PriorityVector& msg, const Times& t,
                         const Bpdu& bpdu) {
  const bool better_or_same = p.info_is == InfoIs::kReceived && msg <= p.port_priority;
  p.agree = p.agree && better_or_same;
  p.agreed = p.agreed && better_or_same;
  if (!better_or_same) {
    p.proposing = false;
  }
  p.proposed = (better_or_same && p.proposed) || bpdu.proposal;
  p.port_priority = msg;
  p.port_times = t;
  p.info_is = InfoIs::kReceived;
  // §17.14: HelloTime is 1..10 s; clamp what a neighbour claims.
  const Duration hello = std::clamp<Duration>(FromUnits(t.hello_time), 1s, 10s);
  timers_.Arm({TimerKind::kRcvdInfoWhile, id}, now + 3 * hello);
}

// §17.21.9 recordAgreement: on a point-to-point link an RST BPDU with the Agreement flag for our
// root lets our designated port forward; any other message from the root/alternate side
// withdraws an earlier agreement.
void Stp::RecordAgreement(Port& p, const PriorityVector& msg, const Bpdu& bpdu) {
  if (bpdu.type == BpduType::kRst && bpdu.agreement && p.config.point_to_point &&
      msg.root == p.port_priority.root) {
    p.agreed = true;
    p.proposing = false;
  } else {
    p.agreed = false;
  }
}

// Timers fire at their own deadlines, in order, even when the host pumps late.
void Stp::AdvanceTo(Time now, StpOut& out) {
  while (true) {
    const std::optional<Time> at = timers_.NextDeadline();
    if (!at || *at > now) {
      return;
    }
    const std::optional<TimerKey> key = timers_.PopDue(*at);
    MC_ASSERT(key.has_value());
    OnTimer(*at, *key, out);
  }
}

void Stp::OnTimer(Time now, const TimerKey& key, StpOut& out) {
  switch (key.kind) {
    case TimerKind::kHello:
      // §17.22 Port Transmit TRANSMIT_PERIODIC: designated ports, and a root port while tcWhile.
      for (auto& [id, p] : ports_) {
        if (p.enabled &&
            (p.role == PortRole::kDesignated || (p.role == PortRole::kRoot && TcWhile(id)))) {
          p.new_info = true;
        }
      }
      if (std::any_of(ports_.begin(), ports_.end(),
                      [](const auto& kv) { return kv.second.enabled; })) {
        timers_.Arm({TimerKind::kHello, IfIndex{}}, now + config_.hello_time);
      }  // else Enable() restarts it
      TransmitPending(out);
      return;
    case TimerKind::kRcvdInfoWhile:
      if (auto it = ports_.find(key.port); it != ports_.end()) {
        // §17.27 AGED: rcvdInfoWhile reached zero, the neighbour's information is gone.
        it->second.info_is = InfoIs::kAged;
        it->second.proposed = false;
        Recompute(now, out);
      }
      return;
    case TimerKind::kFdWhile:
      if (auto it = ports_.find(key.port); it != ports_.end()) {
        OnFdWhile(now, key.port, it->second, out);
      }
      return;
    case TimerKind::kTcWhile:
      return;  // TC flags stop with the timer; nothing else to do
  }
}

// The fallback path of a designated port that got no agreement (see stp.h): one step per expiry.
void Stp::OnFdWhile(Time now, IfIndex id, Port& p, StpOut& out) {
  if (!p.enabled || p.role != PortRole::kDesignated || p.state == PortState::kForwarding) {
    return;
  }
  if (p.state == PortState::kDiscarding) {
    SetState(id, p, PortState::kLearning, out);
    timers_.Arm({TimerKind::kFdWhile, id}, now + config_.fallback_delay);
  } else {
    SetState(id, p, PortState::kForwarding, out);
    p.proposing = false;
  }
  DetectTopologyChanges(now, out);
  TransmitPending(out);
}

// One reselection (§17.28 Port Role Selection, then §17.29 Port Role Transitions): new root and
// roles, state changes, the handshake, TC detection, and the BPDUs all of that calls for.
void Stp::Recompute(Time now, StpOut& out) {
  SelectRoot();
  for (auto& [id, p] : ports_) {
    ApplyRole(now, id, p, SelectRole(id, p), out);
  }
  HandleHandshake(now, out);
  DetectTopologyChanges(now, out);
  TransmitPending(out);
}

// §17.21.25 updtRolesTree, first half: the root priority vector is the best of the bridge's own
// vector and each port's root path priority vector (the received vector plus the port's path
// cost, ties broken by the receiving port's ID), ignoring information this bridge sent itself.
void Stp::SelectRoot() {
  PriorityVector best{bridge_id_, 0, bridge_id_, 0};
  IfIndex best_port;
  std::uint16_t best_port_id = 0;
  Times times = BridgeTimes();
  for (const auto& [id, p] : ports_) {
    if (!p.enabled || p.info_is != InfoIs::kReceived ||
        p.port_priority.designated_bridge.address == bridge_id_.address) {
      continue;
    }
    PriorityVector v = p.port_priority;
    v.root_path_cost = AddSaturating(v.root_path_cost, p.config.path_cost);
    if (v < best || (v == best && best_port.valid() && p.port_id < best_port_id)) {
      best = v;
      best_port = id;
      best_port_id = p.port_id;
      times = p.port_times;
    }
  }
  root_priority_ = best;
  root_port_ = best_port;
  if (best_port.valid()) {
    times.message_age = AddSaturating(times.message_age, kBpduTimeUnitsPerSecond);
  }
  root_times_ = times;
}

// §17.21.25 updtRolesTree, second half: a port's role from its stored information.
PortRole Stp::SelectRole(IfIndex id, Port& p) {
  if (!p.enabled) {
    return PortRole::kDisabled;
  }
  const PriorityVector designated = DesignatedVector(p);
  if (p.info_is == InfoIs::kReceived) {
    if (id == root_port_) {
      return PortRole::kRoot;
    }
    if (!(designated < p.port_priority)) {
      // Better information than ours arrived here: from another bridge this is an alternate
      // path to the root, from this bridge's own port (a shared segment) a backup.
      return p.port_priority.designated_bridge.address == bridge_id_.address ? PortRole::kBackup
                                                                             : PortRole::kAlternate;
    }
  }
  UpdateInfo(id, p, designated);
  return PortRole::kDesignated;
}

// §17.21.24 updtInfo / §17.27 UPDATE: the port now carries this bridge's designated vector.
// "agreed = agreed && betterorsameInfo(Mine)": an agreement survives only better news.
void Stp::UpdateInfo(IfIndex id, Port& p, const PriorityVector& designated) {
  if (p.info_is == InfoIs::kMine && p.port_priority == designated && p.port_times == root_times_) {
    return;
  }
  const bool better_or_same = p.info_is == InfoIs::kMine && designated <= p.port_priority;
  p.agreed = p.agreed && better_or_same;
  p.agree = p.agree && better_or_same;
  p.port_priority = designated;
  p.port_times = root_times_;
  p.info_is = InfoIs::kMine;
  p.new_info = true;
  timers_.Cancel({TimerKind::kRcvdInfoWhile, id});
}

// §17.29 Port Role Transitions, collapsed into one step per role.
void Stp::ApplyRole(Time now, IfIndex id, Port& p, PortRole role, StpOut& out) {
  const PortRole old = p.role;
  p.role = role;
  if (role != old) {
    p.agree = false;  // an agreement belongs to the role it was given in
  }
  if (role != PortRole::kDesignated) {
    // Alternate, backup, disabled: discard at once. A new root port forwards at once
    // (§17.29.2 ROOT_FORWARD with reRooted: the old root port already left forwarding).
    p.proposing = false;
    timers_.Cancel({TimerKind::kFdWhile, id});
    SetState(id, p, role == PortRole::kRoot ? PortState::kForwarding : PortState::kDiscarding, out);
    return;
  }
  p.proposed = false;
  if (p.oper_edge || (p.agreed && p.config.point_to_point)) {
    // §17.29.3 DESIGNATED_FORWARD: "(fdWhile == 0) || agreed || operEdge".
    p.proposing = false;
    timers_.Cancel({TimerKind::kFdWhile, id});
    SetState(id, p, PortState::kForwarding, out);
    return;
  }
  if (old == PortRole::kDesignated && p.state != PortState::kDiscarding) {
    return;  // already forwarding (or on the fallback path to it) with the same role
  }
  SetState(id, p, PortState::kDiscarding, out);
  StartProposing(now, id, p);
}

// §17.29.3 DESIGNATED_PROPOSE: "proposing = TRUE; ... newInfo = TRUE" (only on point-to-point
// links, where an agreement can come back), plus the fallback timer in place of fdWhile.
void Stp::StartProposing(Time now, IfIndex id, Port& p) {
  if (p.config.point_to_point && !p.proposing) {
    p.proposing = true;
    p.new_info = true;
  }
  if (!timers_.Armed({TimerKind::kFdWhile, id})) {
    timers_.Arm({TimerKind::kFdWhile, id}, now + config_.fallback_delay);
  }
}

// The other side of the handshake. §17.29.2 ROOT_PROPOSED: "setSyncTree(); proposed = FALSE",
// then ROOT_AGREED: "proposed = sync = FALSE; agree = TRUE; newInfo = TRUE". §17.29.4
// ALTERNATE_AGREED: an alternate or backup port discards anyway, so it agrees at once.
void Stp::HandleHandshake(Time now, StpOut& out) {
  for (auto& [id, p] : ports_) {
    if (!p.enabled || !p.proposed) {
      continue;
    }
    if (p.role == PortRole::kRoot) {
      Sync(now, id, out);
    }
    if (p.role == PortRole::kRoot || p.role == PortRole::kAlternate ||
        p.role == PortRole::kBackup) {
      p.proposed = false;
      p.agree = true;
      p.new_info = true;
    }
  }
}

// §17.29.3 DESIGNATED_SYNCED / DESIGNATED_DISCARD under sync: every other designated port that
// is neither edge nor agreed discards and proposes, so the new root information cannot close a
// loop before the bridges below have agreed to it.
void Stp::Sync(Time now, IfIndex except, StpOut& out) {
  for (auto& [id, p] : ports_) {
    if (id == except || !p.enabled || p.role != PortRole::kDesignated || p.oper_edge ||
        (p.agreed && p.config.point_to_point)) {
      continue;
    }
    SetState(id, p, PortState::kDiscarding, out);
    StartProposing(now, id, p);
  }
}

// §17.31 Topology Change state machine: LEARNING -> DETECTED when a non-edge root or designated
// port forwards: "newTcWhile(); setTcPropTree(); newInfo = TRUE"; INACTIVE when it stops.
void Stp::DetectTopologyChanges(Time now, StpOut& out) {
  for (auto& [id, p] : ports_) {
    const bool active = p.enabled && !p.oper_edge && p.state == PortState::kForwarding &&
                        (p.role == PortRole::kRoot || p.role == PortRole::kDesignated);
    if (active && !p.tc_active) {
      p.tc_active = true;
      counters_.Inc(StpCounter::kTcDetected);
      NoteTopologyChange(now);
      ArmTcWhile(now, id, p);
      PropagateTopologyChange(now, id, out);
      out.changes.push_back({id, false});
    } else if (!active) {
      p.tc_active = false;
    }
  }
}

void Stp::NoteTopologyChange(Time now) {
  ++topology_changes_;
  last_topology_change_ = now;
}

// §17.31 PROPAGATING on every port but `from`: "newTcWhile(); fdbFlush = TRUE" (not for edge
// ports, whose stations cannot have moved).
void Stp::PropagateTopologyChange(Time now, IfIndex from, StpOut& out) {
  for (auto& [id, p] : ports_) {
    if (id == from || !p.enabled || p.oper_edge) {
      continue;
    }
    out.flush.push_back(id);
    if (p.role == PortRole::kRoot || p.role == PortRole::kDesignated) {
      ArmTcWhile(now, id, p);
    }
  }
}

// §17.21.7 newTcWhile: "If the value of tcWhile is zero and sendRstp is TRUE, sets tcWhile to
// HelloTime plus one second and sets newInfo TRUE".
void Stp::ArmTcWhile(Time now, IfIndex id, Port& p) {
  if (TcWhile(id)) {
    return;
  }
  timers_.Arm({TimerKind::kTcWhile, id}, now + config_.hello_time + 1s);
  p.new_info = true;
}

void Stp::TransmitPending(StpOut& out) {
  for (auto& [id, p] : ports_) {
    if (p.new_info && p.enabled) {
      Transmit(id, p, out);
    }
    p.new_info = false;
  }
}

void Stp::Transmit(IfIndex id, Port& p, StpOut& out) {
  const Mac src = p.config.mac == Mac{} ? config_.address : p.config.mac;
  Result<wire::Bytes, wire::EncodeError> frame = BuildBpduFrame(src, MakeBpdu(id, p));
  if (!frame) {
    MC_BUG("RST BPDU failed to encode: {}", wire::ToString(frame.error()));
    return;
  }
  out.effects.push_back(SendFrame{id, std::move(*frame)});
  counters_.Inc(StpCounter::kBpduOut);
}

// §17.21.19 txRstp: the port's designated priority vector and times, its role and state, and
// the handshake and TC flags.
Bpdu Stp::MakeBpdu(IfIndex id, const Port& p) const {
  const PriorityVector v = DesignatedVector(p);
  Bpdu b;
  b.type = BpduType::kRst;
  b.version = 2;
  b.topology_change = TcWhile(id);
  b.proposal = p.proposing && p.role == PortRole::kDesignated;
  b.role = ToBpduRole(p.role);
  b.learning = p.state != PortState::kDiscarding;
  b.forwarding = p.state == PortState::kForwarding;
  b.agreement = p.agree && p.role != PortRole::kDesignated;
  b.root = v.root;
  b.root_path_cost = v.root_path_cost;
  b.bridge = v.designated_bridge;
  b.port_id = v.designated_port;
  b.message_age = root_times_.message_age;
  b.max_age = root_times_.max_age;
  b.hello_time = root_times_.hello_time;
  b.forward_delay = root_times_.forward_delay;
  return b;
}

void Stp::SetState(IfIndex id, Port& p, PortState state, StpOut& out) {
  if (p.state == state) {
    return;
  }
  if (state == PortState::kDiscarding) {
    out.flush.push_back(id);  // §17.31 INACTIVE: "fdbFlush = TRUE"
  }
  p.state = state;
}

// §17.6: the designated priority vector of a port is the root priority vector with this
// bridge's ID and the port's ID as its last two components.
Stp::PriorityVector Stp::DesignatedVector(const Port& p) const {
  return {root_priority_.root, root_priority_.root_path_cost, bridge_id_, p.port_id};
}

Stp::Times Stp::BridgeTimes() const {
  return {0, ToUnits(config_.max_age), ToUnits(config_.hello_time), ToUnits(config_.forward_delay)};
}

void Stp::EnsureHello(Time now) {
  if (!timers_.Armed({TimerKind::kHello, IfIndex{}})) {
    timers_.Arm({TimerKind::kHello, IfIndex{}}, now + config_.hello_time);
  }
}

PortState Stp::State(IfIndex port) const {
  const auto it = ports_.find(port);
  return it == ports_.end() ? PortState::kDiscarding : it->second.state;
}

PortRole Stp::Role(IfIndex port) const {
  const auto it = ports_.find(port);
  return it == ports_.end() ? PortRole::kDisabled : it->second.role;
}

StpStatus Stp::Status() const {
  StpStatus s;
  s.bridge_id = bridge_id_;
  s.root_id = root_priority_.root;
  s.root_path_cost = root_priority_.root_path_cost;
  s.root_port = root_port_;
  s.hello_time = FromUnits(root_times_.hello_time);
  s.max_age = FromUnits(root_times_.max_age);
  s.forward_delay = FromUnits(root_times_.forward_delay);
  s.topology_changes = topology_changes_;
  s.last_topology_change = last_topology_change_;
  for (const auto& [id, p] : ports_) {
    s.ports.push_back({.port = id,
                       .role = p.role,
                       .state = p.state,
                       .cost = p.config.path_cost,
                       .port_id = p.port_id,
                       .edge = p.oper_edge,
                       .point_to_point = p.config.point_to_point,
                       .designated_bridge = p.port_priority.designated_bridge,
                       .designated_port = p.port_priority.designated_port});
  }
  return s;
}

}  // namespace mc::l2
