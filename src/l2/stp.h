// Stp: one spanning-tree instance of a bridge's Rapid Spanning Tree (IEEE 802.1D-2004 clause 17,
// "802.1w"). The bridge (bridge.h) runs one per VLAN as Cisco rapid-pvst does; an instance knows
// nothing of VLANs (its ports are the ones carrying its VLAN, its bridge ID has the VLAN in the
// system ID extension). Implements root election and port role selection from priority vectors
// (§17.6, §17.21.25 updtRolesTree), BPDU reception with the rcvInfo classification (§17.21.8:
// superior / repeated / inferior designated, inferior root-alternate), information ageing after
// three missed hellos (§17.21.23 updtRcvdInfoWhile), the proposal/agreement handshake with sync
// (§17.29: a designated port proposes, the root port syncs the bridge's other designated ports
// and agrees, an alternate port agrees at once), edge ports (§17.25), and topology change
// detection and propagation with flushing (§17.31: a non-edge root or designated port that starts
// forwarding, or a TC flag received on one, flushes the other non-edge ports and sends TC for
// HelloTime + 1 s).
//
// Deliberate simplifications (LAB-FORMAT.md §2 asks for rapid timing, not protocol fidelity):
//  - Edge detection: a port that has never received a BPDU since it was configured is an edge
//    port and forwards at once (hosts and routers never send BPDUs); the first BPDU makes it a
//    normal port. 802.1D's Bridge Detection machine would wait MigrateTime (3 s) first, so a
//    redundant link can loop for one BPDU round trip when it is first brought up; once a port
//    has heard a BPDU it always uses the handshake, so later link flaps never loop.
//  - A designated port whose proposal gets no agreement (a shared segment, a peer that does not
//    speak RSTP) goes discarding -> learning -> forwarding after `fallback_delay` each (0.5 s by
//    default) instead of ForwardDelay (15 s, still advertised in BPDUs).
//  - No protocol migration (§17.24): Configuration BPDUs and TCNs are understood (as designated
//    information without the handshake, and as a topology change), but only RST BPDUs are sent.
//  - No transmit hold count (§17.13.12), no rrWhile/rbWhile (re-root and backup timers): role
//    changes are applied atomically in one step, so an old root port is already discarding when
//    the new one forwards. Every link is point-to-point unless configured otherwise.
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "base/mac.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/timer_queue.h"
#include "l2/bpdu.h"

namespace mc::l2 {

enum class PortRole : std::uint8_t { kDisabled, kRoot, kDesignated, kAlternate, kBackup };
enum class PortState : std::uint8_t { kDiscarding, kLearning, kForwarding };
std::string_view ToString(PortRole r);   // "Root", "Desg", "Altn", "Back", "Disabled" as IOS
std::string_view ToString(PortState s);  // "BLK", "LRN", "FWD" as IOS prints RSTP states

struct StpBridgeConfig {
  Mac address;                     // the bridge's MAC: the address part of its bridge ID
  std::uint16_t priority = 32768;  // `spanning-tree vlan N priority P`: a multiple of 4096
  std::uint16_t sys_id_ext = 0;    // 802.1Q §13.26.2 system ID extension, added to priority
  Duration hello_time = std::chrono::seconds{2};
  Duration max_age = std::chrono::seconds{20};
  Duration forward_delay = std::chrono::seconds{15};  // advertised; see fallback_delay
  Duration fallback_delay = std::chrono::milliseconds{500};
  bool operator==(const StpBridgeConfig&) const = default;
};

// IOS's short path-cost method gives a GigabitEthernet port cost 4.
inline constexpr std::uint32_t kDefaultPortPathCost = 4;

struct StpPortConfig {
  std::uint32_t path_cost = kDefaultPortPathCost;  // `spanning-tree cost C`
  std::uint8_t priority = 128;                     // `spanning-tree port-priority P`
  bool admin_edge = false;                         // `spanning-tree portfast`
  bool point_to_point = true;  // false for a shared segment: no proposal/agreement
  Mac mac;                     // BPDU source address; all zero: the bridge address
  bool operator==(const StpPortConfig&) const = default;
};

// A topology change this bridge detected or received (§17.31). The device hands it to IGMP
// snooping, which floods multicast and sends queries as RFC 4541 §2.1.1 (4) suggests.
struct TopologyChange {
  IfIndex port;            // where it was detected (a port started forwarding) or received
  bool received = false;   // true: a TC flag or TCN arrived on `port`
  std::uint16_t vlan = 0;  // the instance's VLAN (per-VLAN spanning tree); set by the bridge
  bool operator==(const TopologyChange&) const = default;
};

// What one Stp call asks of its owner besides sending frames.
struct StpOut {
  std::vector<engine::Effect>& effects;  // SendFrame{port, BPDU frame}
  std::vector<IfIndex> flush;            // drop the dynamic MACs learned on these ports
  std::vector<TopologyChange> changes;
};

enum class StpCounter : std::uint8_t {
  kBpduIn,
  kBpduOut,
  kBpduAged,  // information whose message age had reached max age (§17.21.23)
  kTcDetected,
  kTcReceived,
  kCount,
};
constexpr std::array<std::string_view, 5> CounterNames(StpCounter) {
  return {"bpdu-in", "bpdu-out", "bpdu-aged", "tc-detected", "tc-received"};
}

struct StpPortStatus {
  IfIndex port;
  PortRole role = PortRole::kDisabled;
  PortState state = PortState::kDiscarding;
  std::uint32_t cost = 0;
  std::uint16_t port_id = 0;  // priority << 8 | port number: IOS "128.5"
  bool edge = false;          // operational edge
  bool point_to_point = true;
  BridgeId designated_bridge;
  std::uint16_t designated_port = 0;
  bool operator==(const StpPortStatus&) const = default;
};

struct StpStatus {
  BridgeId bridge_id;
  BridgeId root_id;
  std::uint32_t root_path_cost = 0;
  IfIndex root_port;  // 0 on the root bridge
  Duration hello_time{};
  Duration max_age{};
  Duration forward_delay{};
  std::uint64_t topology_changes = 0;
  std::optional<Time> last_topology_change;
  std::vector<StpPortStatus> ports;  // by IfIndex
  bool IsRoot() const { return root_id == bridge_id; }
  bool operator==(const StpStatus&) const = default;
};

class Stp {
 public:
  explicit Stp(const StpBridgeConfig& config);

  void SetBridgeConfig(Time now, const StpBridgeConfig& config, StpOut& out);
  // Adds or reconfigures a port; a new port starts disabled.
  void SetPort(Time now, IfIndex port, const StpPortConfig& config, StpOut& out);
  void RemovePort(Time now, IfIndex port, StpOut& out);
  // The port is operational (admin up and link up) or not (§17.21.3 portEnabled).
  void SetEnabled(Time now, IfIndex port, bool enabled, StpOut& out);
  void ReceiveBpdu(Time now, IfIndex port, const Bpdu& bpdu, StpOut& out);
  void AdvanceTo(Time now, StpOut& out);
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }

  // kDiscarding for a port that is unknown or disabled.
  PortState State(IfIndex port) const;
  PortRole Role(IfIndex port) const;
  StpStatus Status() const;
  const engine::Counters<StpCounter>& counters() const { return counters_; }

 private:
  // §17.6: lower is better, compared component by component.
  struct PriorityVector {
    BridgeId root;
    std::uint32_t root_path_cost = 0;
    BridgeId designated_bridge;
    std::uint16_t designated_port = 0;
    auto operator<=>(const PriorityVector&) const = default;
  };
  // §17.19.22 portTimes, in BPDU units of 1/256 s.
  struct Times {
    std::uint16_t message_age = 0;
    std::uint16_t max_age = 0;
    std::uint16_t hello_time = 0;
    std::uint16_t forward_delay = 0;
    bool operator==(const Times&) const = default;
  };
  enum class InfoIs : std::uint8_t { kDisabled, kMine, kAged, kReceived };  // §17.19.10
  struct Port {
    StpPortConfig config;
    std::uint16_t port_id = 0;
    bool enabled = false;
    InfoIs info_is = InfoIs::kDisabled;
    PriorityVector port_priority;
    Times port_times;
    PortRole role = PortRole::kDisabled;
    PortState state = PortState::kDiscarding;
    bool oper_edge = false;
    bool bpdu_seen = false;  // heard a BPDU since configured: never auto-edge again
    bool proposing = false;  // §17.19 variables of the handshake
    bool proposed = false;
    bool agree = false;
    bool agreed = false;
    bool tc_active = false;  // §17.31 ACTIVE: non-edge root/designated port forwarding
    bool new_info = false;   // §17.19.24 newInfo: transmit a BPDU
  };
  enum class TimerKind : std::uint8_t { kHello, kRcvdInfoWhile, kFdWhile, kTcWhile };
  struct TimerKey {
    TimerKind kind = TimerKind::kHello;
    IfIndex port;
    auto operator<=>(const TimerKey&) const = default;
  };
  enum class RcvdInfo : std::uint8_t {  // §17.21.8 rcvInfo
    kSuperiorDesignated,
    kRepeatedDesignated,
    kInferiorDesignated,
    kInferiorRootAlternate,
    kOther,
  };

  void Recompute(Time now, StpOut& out);
  void SelectRoot();
  PortRole SelectRole(IfIndex id, Port& p);
  void UpdateInfo(IfIndex id, Port& p, const PriorityVector& designated);
  void ApplyRole(Time now, IfIndex id, Port& p, PortRole role, StpOut& out);
  void StartProposing(Time now, IfIndex id, Port& p);
  void HandleHandshake(Time now, StpOut& out);
  void Sync(Time now, IfIndex except, StpOut& out);
  void DetectTopologyChanges(Time now, StpOut& out);
  void NoteTopologyChange(Time now);
  void PropagateTopologyChange(Time now, IfIndex from, StpOut& out);
  void TransmitPending(StpOut& out);
  void Transmit(IfIndex id, Port& p, StpOut& out);
  void SetState(IfIndex id, Port& p, PortState state, StpOut& out);
  void Enable(Time now, IfIndex id, Port& p);
  void Disable(IfIndex id, Port& p, StpOut& out);

  RcvdInfo Classify(const Port& p, const PriorityVector& msg, const Times& times,
                    BpduRole role) const;
  void RecordInfo(Time now, IfIndex id, Port& p, const Bpdu& bpdu);
  void ReceiveTopologyChange(Time now, IfIndex id, const Port& p, StpOut& out);
  void RecordSuperior(Time now, IfIndex id, Port& p, const PriorityVector& msg, const Times& t,
                      const Bpdu& bpdu);
  void RecordAgreement(Port& p, const PriorityVector& msg, const Bpdu& bpdu);
  void OnTimer(Time now, const TimerKey& key, StpOut& out);
  void OnFdWhile(Time now, IfIndex id, Port& p, StpOut& out);

  PriorityVector DesignatedVector(const Port& p) const;
  Times BridgeTimes() const;
  bool TcWhile(IfIndex id) const { return timers_.Armed({TimerKind::kTcWhile, id}); }
  void ArmTcWhile(Time now, IfIndex id, Port& p);
  void EnsureHello(Time now);
  Bpdu MakeBpdu(IfIndex id, const Port& p) const;

  StpBridgeConfig config_;
  BridgeId bridge_id_;
  PriorityVector root_priority_;  // §17.18.6 rootPriority
  IfIndex root_port_;
  Times root_times_;  // §17.18.7 rootTimes
  std::map<IfIndex, Port> ports_;
  engine::TimerQueue<TimerKey> timers_;
  engine::Counters<StpCounter> counters_;
  std::uint64_t topology_changes_ = 0;
  std::optional<Time> last_topology_change_;
};

}  // namespace mc::l2
