// Bridge: the L2 engine of one switch (DESIGN.md "The emulator", L2): 802.1Q VLANs on access and
// trunk ports, MAC learning with ageing, limits and moves, flooding of broadcast, unknown unicast
// and unregistered multicast inside the VLAN, and per-VLAN Rapid Spanning Tree (IOS rapid-pvst:
// one stp.h instance per VLAN) that decides which ports forward in which VLAN. IEEE 802.1Q-2018
// §8.6 (forwarding process: ingress VLAN classification, egress tagging) and §8.7-8.8 (learning,
// filtering database); the spanning tree is IEEE 802.1D-2004 clause 17 as stp.h describes.
//
// Frames come in as PacketIn{layer kL2, ifindex = port, bytes = the whole frame} and go out as
// SendFrame{port, frame} tagged for the egress port: untagged on access ports and on a trunk's
// native VLAN, 802.1Q-tagged with the VLAN ID (keeping the ingress priority) on other trunk VLANs.
// LinkEvent{ifindex, up} reports the carrier; configuration arrives through the Set* calls.
//
// Design choices, for the device that composes this engine:
//  - SVIs (`interface VlanN`) are virtual ports: SetSvi(vlan, ifindex, mac) makes `ifindex` an
//    untagged member of `vlan` that is always forwarding and takes no part in the spanning tree.
//    The SVI's MAC becomes a static entry, so frames to the router go only there. Frames the
//    bridge delivers to the SVI (to its MAC, or flooded/multicast in the VLAN) are SendFrame
//    effects on the SVI's ifindex, which the device hands to its L3 stack; what the L3 stack
//    sends on `interface VlanN` comes back in as a PacketIn on that ifindex, untagged.
//  - Multicast egress (the hook for IGMP snooping): a multicast frame goes, in this order of
//    precedence, to the ports of a static MAC entry; to the ports IGMP snooping registered for
//    its (VLAN, group MAC) — ApplyMdb() consumes snooping's MdbAdd/MdbDel effects directly and
//    keys them per group, since 32 groups share a MAC; to the VLAN's unregistered-multicast
//    ports if snooping set them (never for 01-00-5E-00-00-xx, the link-local groups, which
//    RFC 4541 §2.1.2 (2) floods); otherwise the frame is flooded, which is the default. The
//    bridge does not bound snooping's entries: the snooping engine enforces its group limits.
//    A switch running the snooping engine (src/snoop/) instead installs it with
//    SetMulticastTable(): the bridge then asks it, per multicast data frame, for the egress
//    ports (MulticastTable::Lookup is a const, pure query on the engine's table), after the
//    static MAC entries; ApplyMdb() and the unregistered ports are not consulted.
//  - Other L2 engines (the snooping querier, which sends its own frames, or a device that takes
//    IGMP frames out of the data path): Admit() runs the ingress half alone (VLAN, spanning-tree
//    state, learning) and returns the frame's VLAN; SendInVlan()/FloodInVlan() run the egress half.
//  - Topology changes (needed by snooping, RFC 4541 §2.1.1 (4)) are queued, each with its VLAN,
//    and the device drains them with TakeTopologyChanges() after each step.
//  - Per-VLAN spanning tree (Cisco PVST+ / rapid-pvst): a VLAN runs its own instance when it is
//    VLAN 1, in BridgeConfig::stp_vlans, or the access VLAN of an access port or the native VLAN
//    of a trunk; the instance's ports are the ports carrying the VLAN, its bridge ID the VLAN's
//    priority plus the VLAN ID (802.1Q §13.26.2 extended system ID). A port forwards a frame
//    only if it forwards in the frame's VLAN, so a trunk can forward one VLAN and block another.
//    BPDUs: an access port and a trunk's native VLAN send IEEE BPDUs untagged; a trunk's other
//    VLANs send SSTP BPDUs (bpdu.h, 01-00-0C-CC-CC-CD) tagged with the VLAN. Received IEEE BPDUs
//    belong to the access / native VLAN, SSTP BPDUs to their Originating VLAN TLV (a tag that
//    disagrees with it drops the BPDU, as IOS blocks such a port as PVID-inconsistent).
//    IOS also repeats VLAN 1's BPDU as an untagged SSTP BPDU on trunks; that copy is not sent.
//
// Left out: VLAN existence (`vlan N`: every VLAN 1..4094 forwards), MST (`spanning-tree mode
// mst` runs per-VLAN instances too), private VLANs, port security, storm control, link
// aggregation, S-tags.
#pragma once

#include <array>
#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/trace.h"
#include "l2/frame.h"
#include "l2/mac_table.h"
#include "l2/stp.h"

namespace mc::l2 {

inline constexpr std::uint16_t kDefaultVlan = 1;
inline constexpr std::uint16_t kVlanIdMax = 4094;  // 802.1Q: 0 and 4095 are reserved

// A set of VLAN IDs 1..4094.
class VlanMask {
 public:
  static VlanMask All();
  static VlanMask Of(std::initializer_list<std::uint16_t> vlans);
  bool Contains(std::uint16_t vlan) const { return vlan <= kVlanIdMax && bits_.test(vlan); }
  void Add(std::uint16_t vlan);
  void Remove(std::uint16_t vlan);
  bool operator==(const VlanMask&) const = default;

 private:
  std::bitset<kVlanIdMax + 1> bits_;
};

enum class PortMode : std::uint8_t { kAccess, kTrunk };
std::string_view ToString(PortMode m);  // "access" / "trunk"

struct PortConfig {
  PortMode mode = PortMode::kAccess;
  std::uint16_t access_vlan = kDefaultVlan;  // `switchport access vlan N`
  VlanMask allowed_vlans = VlanMask::All();  // `switchport trunk allowed vlan ...`
  std::uint16_t native_vlan = kDefaultVlan;  // `switchport trunk native vlan N`
  bool admin_up = true;                      // false: `shutdown`
  StpPortConfig stp;                         // cost, portfast, point-to-point
  bool operator==(const PortConfig&) const = default;
};

struct BridgeConfig {
  // stp.address is the switch's MAC (BPDUs, bridge IDs); stp.priority the default priority of
  // every VLAN's instance; stp.sys_id_ext is replaced by each instance's VLAN ID.
  StpBridgeConfig stp;
  bool stp_enabled = true;
  std::set<std::uint16_t> stp_vlans;                         // `vlan N`, SVIs: run an instance
  std::map<std::uint16_t, std::uint16_t> stp_vlan_priority;  // `spanning-tree vlan N priority P`
  Duration mac_aging = MacTable::kDefaultAging;  // `mac address-table aging-time`; 0: never
  std::size_t mac_table_max = MacTable::kDefaultMaxDynamic;
  bool operator==(const BridgeConfig&) const = default;
};

enum class BridgeCounter : std::uint8_t {
  kFramesIn,
  kFramesOut,
  kFlooded,
  kDropUnknownPort,
  kDropPortDown,
  kDropMalformed,
  kDropTaggedOnAccess,
  kDropVlanNotAllowed,
  kDropStpBlocked,
  kDropBadSource,
  kDropSamePort,
  kDropReserved,
  kBpduBad,
  kMacLearned,
  kMacMoves,
  kMacAged,
  kMacFlushed,
  kMacLimit,
  kTcNoticesDropped,
  kPuntsDropped,
  kCount,
};
constexpr std::array<std::string_view, 20> CounterNames(BridgeCounter) {
  return {"frames-in",
          "frames-out",
          "flooded",
          "drop-unknown-port",
          "drop-port-down",
          "drop-malformed",
          "drop-tagged-on-access",
          "drop-vlan-not-allowed",
          "drop-stp-blocked",
          "drop-bad-source",
          "drop-same-port",
          "drop-reserved",
          "bpdu-bad",
          "mac-learned",
          "mac-moves",
          "mac-aged",
          "mac-flushed",
          "mac-limit",
          "tc-notices-dropped",
          "punts-dropped"};
}

struct PortStatus {
  IfIndex port;
  bool svi = false;
  PortMode mode = PortMode::kAccess;
  std::uint16_t access_vlan = kDefaultVlan;  // the SVI's VLAN for an SVI
  std::uint16_t native_vlan = kDefaultVlan;
  bool admin_up = true;
  bool link_up = true;
  bool forwarding = false;  // operational and forwarding in some VLAN's spanning tree
  bool operator==(const PortStatus&) const = default;
};

// Plain data for `show mac address-table`, `show spanning-tree`, `show interfaces trunk`.
struct BridgeSnapshot {
  std::vector<MacEntry> mac_table;  // by (VLAN, MAC)
  Duration mac_aging{};
  std::size_t mac_table_max = 0;
  bool stp_enabled = true;
  StpStatus stp;                                 // VLAN 1's instance (the lowest VLAN's if none)
  std::map<std::uint16_t, StpStatus> stp_vlans;  // every instance, by VLAN
  std::vector<PortStatus> ports;                 // by ifindex
  std::vector<engine::CounterValue> counters;    // bridge counters, then spanning-tree ones
  bool operator==(const BridgeSnapshot&) const = default;
};

// Where a multicast frame goes: everywhere in the VLAN (flood), or to `ports` only (which may
// be empty: nobody wants it). The ingress port is never sent to.
struct MulticastEgress {
  bool flood = true;
  std::vector<IfIndex> ports;  // ascending, when !flood
  bool operator==(const MulticastEgress&) const = default;
};

// What the bridge does with an admitted frame besides forwarding it (snooping's choice).
enum class MulticastPunt : std::uint8_t {
  kNone,     // forward it as usual
  kCopy,     // forward it and queue a copy for snooping (queries, router hellos, aliased data)
  kConsume,  // queue it for snooping only, which relays it itself (reports, leaves)
};

// A frame queued for the snooping engine, with the VLAN it was classified into.
struct PuntedFrame {
  IfIndex port;
  std::uint16_t vlan = 0;
  wire::Bytes frame;
  bool operator==(const PuntedFrame&) const = default;
};

// The snooping table as the bridge sees it: pure queries per admitted frame.
class MulticastTable {
 public:
  virtual ~MulticastTable() = default;
  virtual MulticastPunt Classify(std::uint16_t vlan, std::span<const std::uint8_t> frame) const {
    (void)vlan;
    (void)frame;
    return MulticastPunt::kNone;
  }
  // `group` is the IPv4 destination when the frame carries IPv4 (nullopt otherwise).
  virtual MulticastEgress Lookup(std::uint16_t vlan, const Mac& dst, std::optional<Ipv4> group,
                                 IfIndex ingress) const = 0;
};

class Bridge {
 public:
  // Pending topology changes kept for TakeTopologyChanges(); more are counted and dropped.
  static constexpr std::size_t kMaxPendingTopologyChanges = 256;

  explicit Bridge(const BridgeConfig& config);

  // The engine contract (engine/engine.h).
  void Handle(Time now, const engine::Input& in, std::vector<engine::Effect>& out);
  void AdvanceTo(Time now, std::vector<engine::Effect>& out);
  std::optional<Time> NextDeadline() const;
  BridgeSnapshot Snap() const;

  // Configuration. A new port starts with its link up; LinkEvent changes that.
  void SetConfig(Time now, const BridgeConfig& config, std::vector<engine::Effect>& out);
  void SetPort(Time now, IfIndex port, const PortConfig& config, std::vector<engine::Effect>& out);
  void SetSvi(Time now, std::uint16_t vlan, IfIndex port, const Mac& mac, bool up,
              std::vector<engine::Effect>& out);
  void RemovePort(Time now, IfIndex port, std::vector<engine::Effect>& out);  // SVIs too
  // `mac address-table static MAC vlan N interface IF...`: replaces any entry for (vlan, mac).
  void AddStaticMac(std::uint16_t vlan, const Mac& mac, std::vector<IfIndex> ports);
  bool RemoveStaticMac(std::uint16_t vlan, const Mac& mac);

  // The multicast hook for IGMP snooping (see the header comment).
  void ApplyMdb(const engine::MdbAdd& add);
  void ApplyMdb(const engine::MdbDel& del);
  // The snooping engine's table (not owned; must outlive the bridge); nullptr: none.
  void SetMulticastTable(const MulticastTable* table) { multicast_table_ = table; }
  // nullopt: flood unregistered multicast in `vlan` (the default).
  void SetUnregisteredMulticastPorts(std::uint16_t vlan, std::optional<std::vector<IfIndex>> ports);

  // The ingress half of Handle: port, VLAN and spanning-tree checks and learning, with the same
  // counters. Returns the frame's VLAN when it may be forwarded. BPDUs are consumed (nullopt).
  std::optional<std::uint16_t> Admit(Time now, IfIndex port, std::span<const std::uint8_t> frame,
                                     std::vector<engine::Effect>& out);
  // The egress half: `frame` (tagged or not) to each listed port that forwards `vlan`, except
  // `except`, tagged for that port. FloodInVlan sends to every such port.
  void SendInVlan(std::uint16_t vlan, std::span<const std::uint8_t> frame,
                  std::span<const IfIndex> ports, IfIndex except, std::vector<engine::Effect>& out);
  void FloodInVlan(std::uint16_t vlan, std::span<const std::uint8_t> frame, IfIndex except,
                   std::vector<engine::Effect>& out);

  // Topology changes since the last call, oldest first.
  std::vector<TopologyChange> TakeTopologyChanges();
  // Frames the multicast table asked for since the last call, oldest first; past
  // kMaxPendingPunts more are counted (punts-dropped) and dropped.
  static constexpr std::size_t kMaxPendingPunts = 1024;
  std::vector<PuntedFrame> TakePunted() { return std::exchange(punted_, {}); }
  bool HasPunted() const { return !punted_.empty(); }

  // Operational and forwarding in `vlan` (in any VLAN without one).
  bool Forwarding(IfIndex port, std::optional<std::uint16_t> vlan = std::nullopt) const;
  const engine::Counters<BridgeCounter>& counters() const { return counters_; }
  // VLAN 1's instance (the lowest VLAN's when VLAN 1 has none); `vlan`'s, or null.
  const Stp& stp() const;
  const Stp* stp(std::uint16_t vlan) const;

 private:
  struct Port {
    PortConfig config;
    bool svi = false;
    Mac svi_mac;
    bool link_up = true;
    bool Operational() const { return config.admin_up && link_up; }
    bool IsMember(std::uint16_t vlan) const;
  };
  using GroupPorts = std::map<Ipv4, std::set<IfIndex>>;

  void OnFrame(Time now, const engine::PacketIn& p, std::vector<engine::Effect>& out);
  void OnLink(Time now, const engine::LinkEvent& e, std::vector<engine::Effect>& out);
  void OnBpdu(Time now, IfIndex port, const Port& p, std::span<const std::uint8_t> frame,
              std::vector<engine::Effect>& out);
  void OnPvstBpdu(Time now, IfIndex port, const Port& p, std::span<const std::uint8_t> frame,
                  std::vector<engine::Effect>& out);
  std::optional<std::uint16_t> IngressVlan(const Port& p, const FrameHeader& h);
  void Learn(Time now, const MacKey& key, IfIndex port, std::vector<engine::Effect>& out);
  void Forward(IfIndex in, std::uint16_t vlan, const FrameHeader& h,
               std::span<const std::uint8_t> frame, std::vector<engine::Effect>& out);
  std::optional<std::vector<IfIndex>> MulticastPorts(const MacKey& key, IfIndex in,
                                                     std::span<const std::uint8_t> frame) const;
  void Deliver(IfIndex in, std::uint16_t vlan, const FrameHeader& h,
               std::span<const std::uint8_t> frame, std::span<const IfIndex> ports,
               std::vector<engine::Effect>& out);
  void Flood(IfIndex in, std::uint16_t vlan, const FrameHeader& h,
             std::span<const std::uint8_t> frame, std::vector<engine::Effect>& out);
  bool Eligible(IfIndex id, const Port& p, std::uint16_t vlan) const;
  void Egress(IfIndex id, const Port& p, std::uint16_t vlan, const FrameHeader& h,
              std::span<const std::uint8_t> frame, std::vector<engine::Effect>& out);

  bool UsesStp(const Port& p) const { return config_.stp_enabled && !p.svi; }
  PortState StpState(IfIndex id, std::uint16_t vlan) const;
  std::set<std::uint16_t> StpVlans() const;
  StpBridgeConfig InstanceConfig(std::uint16_t vlan) const;
  // Brings the instances and their port sets in line with the ports (only `port`'s, if given).
  void SyncStp(Time now, std::optional<IfIndex> port, std::vector<engine::Effect>& out);
  void SyncStpPort(Time now, IfIndex id, const Port& p, std::vector<engine::Effect>& out);
  void OperationalChanged(IfIndex id, const Port& p, bool was_operational);
  void FlushPort(IfIndex port);
  // Runs `fn` on VLAN `vlan`'s instance, frames its BPDUs for each port and applies the rest.
  template <class Fn>
  void RunStp(std::uint16_t vlan, Stp& stp, std::vector<engine::Effect>& out, Fn fn);
  void FrameBpdu(std::uint16_t vlan, const engine::SendFrame& f, std::vector<engine::Effect>& out);
  void ApplyStp(std::uint16_t vlan, StpOut& o);

  BridgeConfig config_;
  std::map<IfIndex, Port> ports_;
  MacTable mac_;
  std::map<std::uint16_t, Stp> stps_;  // one instance per VLAN
  std::map<MacKey, GroupPorts> mdb_;
  std::map<std::uint16_t, std::vector<IfIndex>> unregistered_;
  const MulticastTable* multicast_table_ = nullptr;
  std::vector<PuntedFrame> punted_;
  std::vector<TopologyChange> pending_changes_;
  engine::Counters<BridgeCounter> counters_;
  engine::Tracer tracer_{"l2"};
};

template <class Fn>
void Bridge::RunStp(std::uint16_t vlan, Stp& stp, std::vector<engine::Effect>& out, Fn fn) {
  std::vector<engine::Effect> sent;
  StpOut o{sent, {}, {}};
  fn(stp, o);
  for (engine::Effect& e : sent) {
    if (const auto* f = std::get_if<engine::SendFrame>(&e)) {
      FrameBpdu(vlan, *f, out);
    } else {
      out.push_back(std::move(e));
    }
  }
  ApplyStp(vlan, o);
}

}  // namespace mc::l2
