// The IGMP snooping switch as a pure engine: RFC 4541 §2.1 (IGMP forwarding rules §2.1.1,
// data forwarding rules §2.1.2) with the Cisco Catalyst behaviours of seeds 000, 002, 003, 004.
// One engine serves every VLAN of a switch.
//
// Inputs: PacketIn{kL2} frames the device punts (Classify() says which: IGMP, PIM hellos,
// DVMRP, MOSPF/OSPF and address-aliased data), LinkEvent for ports, and
// Notify{TopologyChangeNotice} from the spanning tree. Outputs: MdbAdd/MdbDel for the forwarding
// entries, keyed per VLAN by group MAC (01:00:5e + low 23 bits; `group` names the IP group that
// caused the change, 0.0.0.0 for mrouter-port changes), SendFrame for relayed reports and
// leaves, group-specific queries and the L2 querier's queries, and Trace. Frames the engine
// sends carry an 802.1Q tag with their VLAN; the host re-tags them for the egress port
// (l2::Bridge::SendInVlan). The bridge asks Lookup() per multicast data frame
// (l2::MulticastTable).
//
// Behaviour (IOS defaults): reports add the port and are relayed only to mrouter ports, the
// first per group per query (report suppression; IGMPv3 reports are all relayed, as on IOS);
// a leave sends group-specific queries out of that port (last-member-query-count 2, LMQI
// 1000 ms) and removes the port when no report came back, or at once with immediate leave; the
// leave goes to the mrouters only when the VLAN's last port left. Mrouter ports are learned from
// general queries with a non-zero source (§2.1.1 (1) b), PIMv1 (IGMP type 0x14), PIMv2 hellos,
// DVMRP and MOSPF/OSPF, and age out after 300 s without one. Unregistered multicast and
// 224.0.0.x are flooded; `no ip igmp snooping` floods everything; static MAC entries win over
// everything. The L2 querier sends startup then periodic queries and stands down while another
// querier is heard. After a topology change, multicast floods until `tcn flood query count`
// general queries have been seen or as many query intervals have passed without them (ports
// with `no ip igmp snooping tcn flood` excepted); a
// querying switch also queries at once (§2.1.1 (4)). Profiles filter reports, max-groups denies
// or replaces a randomly chosen group. The address-aliasing guard models a Catalyst PFC1.
// Leaves out: IGMPv3 source filtering at L2 (reports are tracked per group only), proxy
// reporting, MRD (RFC 4286), IGMP snooping on ports of a link aggregation.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/rng.h"
#include "base/time.h"
#include "base/types.h"
#include "config/device_config.h"
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/limits.h"
#include "engine/timer_queue.h"
#include "engine/trace.h"
#include "l2/bridge.h"
#include "snoop/snapshot.h"
#include "wire/igmp.h"

namespace mc::snoop {

// One switchport (or SVI) as snooping sees it.
struct PortSettings {
  std::string name;
  config::VlanSet vlans;  // the VLANs the port carries
  bool up = true;
  bool tcn_flood = true;                      // `[no] ip igmp snooping tcn flood`
  std::optional<config::IgmpProfile> filter;  // `ip igmp filter N`, resolved
  std::optional<std::uint32_t> max_groups;    // `ip igmp max-groups N`
  config::IgmpLimitAction max_groups_action = config::IgmpLimitAction::kDeny;
  bool operator==(const PortSettings&) const = default;
};

// The configuration of one VLAN, resolved from the global and per-VLAN commands.
struct VlanSettings {
  bool enabled = true;
  bool immediate_leave = false;
  Duration last_member_query_interval = std::chrono::milliseconds{1000};
  std::uint8_t last_member_query_count = 2;
  config::SnoopLeaveTimer leave_timer = config::SnoopLeaveTimer::kLastMemberQuery;
  bool querier = false;
  Ipv4 querier_address;  // 0.0.0.0 when none is configured (RFC 4541 proxy-query source)
  Duration querier_query_interval = std::chrono::seconds{60};
  Duration querier_max_response_time = std::chrono::seconds{10};
  Duration querier_timeout = std::chrono::seconds{205};
  std::uint32_t tcn_query_count = 2;
  std::set<IfIndex> static_mrouters;
  std::map<Ipv4, std::set<IfIndex>> static_groups;
  bool operator==(const VlanSettings&) const = default;
};

struct SnoopSettings {
  bool enabled = true;
  VlanSettings defaults;  // VLANs not listed below
  std::map<std::uint16_t, VlanSettings> vlans;
  std::map<std::pair<std::uint16_t, Mac>, std::set<IfIndex>> static_macs;
  const VlanSettings& For(std::uint16_t vlan) const;
  bool operator==(const SnoopSettings&) const = default;
};

// Builds the settings from the typed config; `resolve` maps an interface name to its port
// (nullopt: not a port of this switch, ignored). `svi_address` gives a VLAN's SVI address,
// which the querier uses when no querier address is configured (Catalyst).
template <class Resolve, class SviAddress>
SnoopSettings SettingsFrom(const config::SnoopConfig& c, Resolve resolve, SviAddress svi_address);

struct SnoopOptions {
  std::size_t groups_per_vlan = engine::Limits{}.groups_per_interface;
  std::size_t table_max = 16384;  // (VLAN, group) records in the whole engine
  Duration mrouter_aging = std::chrono::seconds{300};
  Duration default_query_interval = std::chrono::seconds{60};  // until a v3 QQIC says otherwise
  Duration default_max_response_time = std::chrono::seconds{10};
  std::uint8_t robustness = 2;
  Mac switch_mac{{0x00, 0x00, 0x0c, 0x5e, 0x00, 0x01}};  // source of the frames we build
  // Address-aliasing guard (seed 004, PFC1): aliased frames within `alias_window` that trigger
  // fallback; fallback hold; fallbacks after which it stays.
  bool alias_guard = true;
  std::uint32_t alias_fallback_threshold = 50;
  Duration alias_window = std::chrono::seconds{1};
  Duration alias_fallback_hold = std::chrono::minutes{5};
  std::uint32_t alias_fallback_max = 3;
};

enum class SnoopCounter : std::uint8_t {
  kQueriesReceived,
  kQueriesSent,
  kGroupQueriesSent,
  kReportsReceived,
  kV3ReportsReceived,
  kLeavesReceived,
  kReportsRelayed,
  kReportsSuppressed,
  kLeavesRelayed,
  kMrouterLearned,
  kMrouterAged,
  kMembersAged,
  kDropMalformed,
  kDropFiltered,
  kDropMaxGroups,
  kMaxGroupsReplaced,
  kDropTableFull,
  kAliasedFrames,
  kTcnFloods,
  kCount,
};
constexpr std::array<std::string_view, 19> CounterNames(SnoopCounter) {
  return {"queries-received", "queries-sent",    "group-queries-sent", "reports-received",
          "v3-reports",       "leaves-received", "reports-relayed",    "reports-suppressed",
          "leaves-relayed",   "mrouter-learned", "mrouter-aged",       "members-aged",
          "drop-malformed",   "drop-filtered",   "drop-max-groups",    "max-groups-replaced",
          "drop-table-full",  "aliased-frames",  "tcn-floods"};
}

using Punt = l2::MulticastPunt;  // what the bridge does with a frame (l2/bridge.h)

class SnoopEngine : public l2::MulticastTable {
 public:
  SnoopEngine(SnoopOptions options, Rng rng);

  void SetSettings(Time now, const SnoopSettings& settings, std::vector<engine::Effect>& out);
  void SetPort(Time now, IfIndex port, const PortSettings& settings,
               std::vector<engine::Effect>& out);
  void RemovePort(Time now, IfIndex port, std::vector<engine::Effect>& out);

  void Handle(Time now, const engine::Input& in, std::vector<engine::Effect>& out);
  void AdvanceTo(Time now, std::vector<engine::Effect>& out);
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }
  SnoopSnapshot Snap() const;

  // Pure queries for the data path.
  Punt Classify(std::uint16_t vlan, std::span<const std::uint8_t> frame) const override;
  l2::MulticastEgress Lookup(std::uint16_t vlan, const Mac& dst, std::optional<Ipv4> group,
                             IfIndex ingress) const override;

 private:
  enum class TimerKind : std::uint8_t {
    kMember,        // membership of (vlan, group, port): no report for GMI
    kLeave,         // a leave's deadline: the port goes unless a report came
    kLeaveQuery,    // the next group-specific query of a pending leave
    kMrouter,       // a learned mrouter port ages out
    kGeneralQuery,  // the L2 querier's next general query
    kOtherQuerier,  // another querier was heard: stand down until this fires
    kFallbackHold,  // the aliasing fallback ends
    kTcnFlood,      // topology-change flooding ends: `tcn flood query count` query intervals
  };
  struct TimerKey {
    TimerKind kind = TimerKind::kMember;
    std::uint16_t vlan = 0;
    Ipv4 group;
    IfIndex port;
    auto operator<=>(const TimerKey&) const = default;
  };
  struct Member {
    Time since;
    Ipv4 last_reporter;
    std::uint8_t version = 2;
    bool is_static = false;
    bool reported = false;  // has dynamic state too (a static member may also report)
    int queries_left = 0;   // group-specific queries still to send for a pending leave
    wire::Bytes leave;      // the pending leave frame, relayed if this was the last port
  };
  struct Group {
    Time since;
    std::map<IfIndex, Member> members;
    bool relayed = false;    // a report was relayed since the last query (suppression)
    Time report_window_end;  // a group-specific query's response window ends
  };
  struct Mrouter {
    bool is_static = false;
    std::string learned_from;  // empty while only static
  };
  struct MacEntry {
    std::set<Ipv4> groups;
    std::set<IfIndex> ports;  // announced with MdbAdd
  };
  struct Vlan {
    std::map<Ipv4, Group> groups;
    std::map<Mac, MacEntry> macs;
    std::map<IfIndex, Mrouter> mrouters;
    bool querier_active = false;
    int startup_left = 0;
    Ipv4 other_querier;
    IfIndex other_querier_port;
    std::uint8_t other_querier_version = 0;
    std::uint32_t tcn_queries_left = 0;
    Duration query_interval{};
    Duration max_response_time{};
    Time report_window_end;  // the last general query's response window ends
    engine::Counters<SnoopCounter> counters;
  };
  struct Aliasing {
    bool fallback = false;
    bool permanent = false;
    std::uint32_t fallbacks = 0;
    std::uint64_t frames = 0;
    Time window_start;
    std::uint32_t in_window = 0;
    Mac last_mac;
    Ipv4 last_group;
    Ipv4 last_source;
    Mac last_source_mac;
    IfIndex last_port;
  };
  struct Frame;  // a decoded punted frame (snoop_engine.cc)

  Vlan& VlanState(std::uint16_t vlan);
  bool Enabled(std::uint16_t vlan) const;
  std::vector<IfIndex> PortsOf(std::uint16_t vlan) const;  // up ports carrying the VLAN
  std::string NameOf(IfIndex port) const;
  Duration Gmi(const Vlan& v) const;

  void OnFrame(Time now, const engine::PacketIn& p, std::vector<engine::Effect>& out);
  void OnIgmp(Time now, const Frame& f, std::vector<engine::Effect>& out);
  void OnQuery(Time now, const Frame& f, const wire::IgmpQuery& q,
               std::vector<engine::Effect>& out);
  bool OnJoin(Time now, const Frame& f, Ipv4 group, std::uint8_t version,
              std::vector<engine::Effect>& out);
  bool OnLeave(Time now, const Frame& f, Ipv4 group, std::vector<engine::Effect>& out);
  void OnV3Report(Time now, const Frame& f, const wire::IgmpV3Report& r,
                  std::vector<engine::Effect>& out);
  void OnAliased(Time now, const Frame& f, std::vector<engine::Effect>& out);
  void OnTopologyChange(Time now, std::vector<engine::Effect>& out);
  void OnLink(Time now, const engine::LinkEvent& e, std::vector<engine::Effect>& out);

  Member* AdmitMember(Time now, std::uint16_t vlan, Ipv4 group, IfIndex port,
                      std::vector<engine::Effect>& out);
  void RemoveMember(Time now, std::uint16_t vlan, Ipv4 group, IfIndex port, bool relay_leave,
                    std::vector<engine::Effect>& out);
  void SetCounted(std::uint16_t vlan, Ipv4 group, IfIndex port, bool counted);
  void IndexPort(IfIndex port);
  void LearnMrouter(Time now, std::uint16_t vlan, IfIndex port, std::string_view from,
                    std::vector<engine::Effect>& out);
  void DropPortState(Time now, IfIndex port, std::vector<engine::Effect>& out);
  void SyncStatic(Time now, std::vector<engine::Effect>& out);
  void SyncQueriers(Time now, std::vector<engine::Effect>& out);
  void Reconcile(std::uint16_t vlan, Ipv4 cause, std::vector<engine::Effect>& out);
  void ReconcileMac(std::uint16_t vlan, Vlan& v, const Mac& mac, Ipv4 cause,
                    std::vector<engine::Effect>& out);
  bool Relay(std::uint16_t vlan, Vlan& v, std::span<const std::uint8_t> frame, IfIndex except,
             std::vector<engine::Effect>& out);
  void SendQuery(Time now, std::uint16_t vlan, Ipv4 group, std::span<const IfIndex> ports,
                 std::vector<engine::Effect>& out);
  void SendGeneralQuery(Time now, std::uint16_t vlan, std::vector<engine::Effect>& out);
  void HeardGeneralQuery(Time now, std::uint16_t vlan, Vlan& v, std::vector<engine::Effect>& out);
  void EnterFallback(Time now, std::vector<engine::Effect>& out);
  void Fire(Time now, const TimerKey& key, std::vector<engine::Effect>& out);
  void FireLeave(Time now, const TimerKey& key, std::vector<engine::Effect>& out);

  SnoopOptions options_;
  Rng rng_;
  SnoopSettings settings_;
  std::map<IfIndex, PortSettings> ports_;
  std::map<std::uint16_t, Vlan> vlans_;
  std::size_t total_groups_ = 0;
  // The dynamic (VLAN, group) memberships `ip igmp max-groups` counts, for ports with a limit.
  std::map<IfIndex, std::set<std::pair<std::uint16_t, Ipv4>>> dynamic_groups_;
  Aliasing alias_;
  engine::TimerQueue<TimerKey> timers_;
  engine::LimitGuard limits_;
  engine::Tracer tracer_{"snoop"};
};

template <class Resolve, class SviAddress>
SnoopSettings SettingsFrom(const config::SnoopConfig& c, Resolve resolve, SviAddress svi_address) {
  SnoopSettings s;
  s.enabled = c.enabled;
  VlanSettings& d = s.defaults;
  d.last_member_query_interval = std::chrono::milliseconds{c.last_member_query_interval_ms};
  d.leave_timer = c.leave_timer;
  d.querier = c.querier;
  d.querier_address = c.querier_address.value_or(Ipv4{});
  d.querier_query_interval = std::chrono::seconds{c.querier_query_interval_s};
  d.querier_max_response_time = std::chrono::seconds{c.querier_max_response_time_s};
  d.querier_timeout = std::chrono::seconds{c.querier_timer_expiry_s};
  d.tcn_query_count = c.tcn_query_count;
  for (std::uint16_t id = config::VlanSet::kMin; id <= config::VlanSet::kMax; ++id) {
    const auto it = c.vlans.find(id);
    const std::optional<Ipv4> svi = svi_address(id);
    if (it == c.vlans.end() && !(d.querier && svi && !c.querier_address)) {
      continue;  // plain defaults: not stored
    }
    VlanSettings v = d;
    v.enabled = c.VlanEnabled(id);
    if (it != c.vlans.end()) {
      const config::SnoopVlanConfig& vc = it->second;
      v.immediate_leave = vc.immediate_leave;
      if (vc.last_member_query_interval_ms) {
        v.last_member_query_interval = std::chrono::milliseconds{*vc.last_member_query_interval_ms};
      }
      v.querier = d.querier || vc.querier;
      v.querier_address = vc.querier_address.value_or(d.querier_address);
      for (const std::string& m : vc.mrouter_interfaces) {
        if (const std::optional<IfIndex> p = resolve(m)) {
          v.static_mrouters.insert(*p);
        }
      }
      for (const config::SnoopStaticGroup& g : vc.static_groups) {
        if (const std::optional<IfIndex> p = resolve(g.interface)) {
          v.static_groups[g.group].insert(*p);
        }
      }
    }
    if (v.querier_address.IsUnspecified() && svi) {
      v.querier_address = *svi;
    }
    s.vlans.emplace(id, std::move(v));
  }
  for (const config::StaticMacEntry& e : c.static_macs) {
    std::set<IfIndex>& ports = s.static_macs[{e.vlan, e.mac}];
    for (const std::string& i : e.interfaces) {
      if (const std::optional<IfIndex> p = resolve(i)) {
        ports.insert(*p);
      }
    }
  }
  return s;
}

}  // namespace mc::snoop
