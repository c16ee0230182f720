// The IGMP router side (querier and group state) as a pure engine: RFC 1112 (IGMPv1 reports),
// RFC 2236 §3 (IGMPv2 router: querier election, general and group-specific queries, the leave
// procedure), RFC 3376 §6-§7 (IGMPv3 router: group and source records, §6.4 via
// filter_table.h, §6.5 switching, §6.6 querier election and last-member queries, §7.3
// compatibility modes) and RFC 4604 §2.2 (no any-source membership inside SSM ranges).
//
// One engine serves every IGMP interface of a device. It emits queries as SendPacket effects
// and membership as GroupMembership notifications (engine/notify.h), reconciled per group so a
// statement is made exactly once and withdrawn exactly once.
//
// IOS behaviour where the RFCs leave room: the querier timeout defaults to 2 x query interval
// (seed 003: "IGMP querier timeout is 120 seconds"); IGMPv1 has no election, the PIM DR queries;
// "IGMP activity: N joins, M leaves" counts group records created and removed; `ip igmp limit`
// refuses new groups (or, with Catalyst `max-groups action replace`, evicts a random one).
// Leaves out: IGMPv3 "Suppress Router-Side Processing" on received queries from other routers
// beyond lowering timers, unsolicited query retransmission of GSSQ per-source counters (all
// pending sources share one retransmission count), multicast-router discovery (RFC 4286).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/rng.h"
#include "base/time.h"
#include "base/types.h"
#include "config/device_config.h"
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/limits.h"
#include "engine/timer_queue.h"
#include "igmp/filter_table.h"
#include "igmp/snapshot.h"

namespace mc::igmp {

struct RouterIfConfig {
  std::uint8_t version = 2;
  Duration query_interval = std::chrono::seconds{60};
  Duration query_response_interval = std::chrono::seconds{10};
  std::optional<Duration> other_querier_present_interval;  // nullopt: 2 x query interval (IOS)
  std::uint8_t robustness = 2;
  std::uint8_t last_member_query_count = 2;
  Duration last_member_query_interval = std::chrono::milliseconds{1000};
  bool immediate_leave = false;
  std::optional<config::AccessList> immediate_leave_groups;  // nullopt: every group
  std::vector<config::IgmpGroupSpec> static_groups;
  std::vector<config::IgmpGroupSpec> join_groups;  // this router is itself a member
  std::optional<config::AccessList> access_group;
  std::string access_group_name;
  std::optional<std::uint32_t> limit;
  config::IgmpLimitAction limit_action = config::IgmpLimitAction::kDeny;
  bool is_dr = true;  // IGMPv1 has no election: the PIM DR queries (IOS)

  Duration OtherQuerierPresentInterval() const {
    return other_querier_present_interval.value_or(2 * query_interval);
  }
  bool operator==(const RouterIfConfig&) const = default;
};

struct RouterEngineOptions {
  engine::Limits limits;
  std::vector<Prefix> ssm_ranges;  // RFC 4604: no (*,G) membership in these
};

enum class RouterCounter : std::uint8_t {
  kQueriesSent,
  kQueriesReceived,
  kV1Reports,
  kV2Reports,
  kV3Reports,
  kLeaves,
  kDropMalformed,
  kDropBadChecksum,
  kDropBadTtl,
  kDropNoRouterAlert,
  kDropNonLocalSource,
  kDropWrongDestination,
  kDropVersion,
  kDropAccessGroup,
  kDropLimit,
  kDropSsm,
  kSourcesClipped,
  kCount,
};
constexpr std::array<std::string_view, 17> CounterNames(RouterCounter) {
  return {"queries-sent",
          "queries-received",
          "v1-reports",
          "v2-reports",
          "v3-reports",
          "leaves",
          "drop-malformed",
          "drop-bad-checksum",
          "drop-bad-ttl",
          "drop-no-router-alert",
          "drop-non-local-source",
          "drop-wrong-destination",
          "drop-version-mismatch",
          "drop-access-group",
          "drop-limit",
          "drop-ssm-any-source",
          "sources-clipped"};
}

class RouterEngine {
 public:
  RouterEngine(RouterEngineOptions options, Rng rng);

  // Enables IGMP on an interface or updates it (address, carrier, configuration).
  void SetInterface(Time now, IfIndex ifindex, engine::IfAddress address, bool up,
                    const RouterIfConfig& config, std::vector<engine::Effect>& out);
  // Disables IGMP there: every membership of the interface is withdrawn.
  void RemoveInterface(Time now, IfIndex ifindex, std::vector<engine::Effect>& out);
  // `clear ip igmp group [G]`: learned groups go (static and local ones stay); the querier asks
  // again with a general query.
  void ClearGroups(Time now, std::optional<IfIndex> ifindex, std::optional<Ipv4> group,
                   std::vector<engine::Effect>& out);

  void Handle(Time now, const engine::Input& in, std::vector<engine::Effect>& out);
  void AdvanceTo(Time now, std::vector<engine::Effect>& out);
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }
  RouterSnapshot Snap() const;

 private:
  enum class TimerKind : std::uint8_t {
    kGeneralQuery,  // Query Timer (§6.6.2): the next general query
    kOtherQuerier,  // Other Querier Present timer
    kGroup,         // group timer (§6.2.2)
    kSource,        // source timer (§6.2.3)
    kV1Host,        // Older Version Host Present timers (§7.3.2)
    kV2Host,
    kRetransmit,  // the next last-member query (LMQC queries LMQI apart)
  };
  struct TimerKey {
    TimerKind kind = TimerKind::kGeneralQuery;
    IfIndex ifindex;
    Ipv4 group;
    Ipv4 source;
    auto operator<=>(const TimerKey&) const = default;
  };
  struct Source {
    Time since;
  };
  struct Group {
    Time since;
    Ipv4 last_reporter;
    GroupOrigin origin = GroupOrigin::kReport;
    bool is_static = false;  // static or local: never expires, never removed by leaves
    FilterState filter;
    std::map<Ipv4, Source> sources;  // every source of `filter`, with its creation time
    int retransmits_left = 0;        // last-member queries still to send
    bool query_group = false;        // the pending retransmission includes Q(G)
    std::set<Ipv4> query_sources;    // ... and Q(G,S) for these
  };
  struct Iface {
    engine::IfAddress address;
    bool up = false;
    RouterIfConfig config;
    bool querier = false;
    Ipv4 querier_address;
    int startup_left = 0;
    std::uint8_t robustness = 2;  // learned from the querier's QRV when not querier (§4.1.6)
    Duration query_interval{};    // learned from QQIC (§4.1.7)
    std::map<Ipv4, Group> groups;
    std::size_t static_count = 0;  // groups that are static or local (the rest count for limits)
    // Membership statements made, by group.
    std::map<Ipv4, std::set<std::pair<Sg, engine::FilterMode>>> announced;
    engine::Counters<RouterCounter> counters;
    std::uint64_t joins = 0;
    std::uint64_t leaves = 0;
  };

  Duration Gmi(const Iface& i) const;
  Duration Lmqt(const Iface& i) const;
  std::uint8_t CompatibilityVersion(const Iface& i, IfIndex ifx, Ipv4 group) const;
  bool InSsmRange(Ipv4 group) const;

  void StartInterface(Time now, IfIndex ifx, Iface& i, std::vector<engine::Effect>& out);
  void StopInterface(Time now, IfIndex ifx, Iface& i, std::vector<engine::Effect>& out);
  void SyncStaticGroups(Time now, IfIndex ifx, Iface& i, std::vector<engine::Effect>& out);
  void OnPacket(Time now, const engine::PacketIn& p, std::vector<engine::Effect>& out);
  void OnQuery(Time now, IfIndex ifx, Iface& i, const engine::PacketIn& p, const wire::IgmpQuery& q,
               std::vector<engine::Effect>& out);
  // One group record from any report version, after the input checks.
  void OnRecord(Time now, IfIndex ifx, Iface& i, Ipv4 reporter, wire::IgmpRecordType type,
                Ipv4 group, std::set<Ipv4> sources, std::vector<engine::Effect>& out);
  Group* AdmitGroup(Time now, IfIndex ifx, Iface& i, Ipv4 group, std::vector<engine::Effect>& out);
  void RemoveGroup(Time now, IfIndex ifx, Iface& i, Ipv4 group, std::vector<engine::Effect>& out);
  void StartLastMemberQueries(Time now, IfIndex ifx, Iface& i, Ipv4 group, bool query_group,
                              const std::set<Ipv4>& sources, std::vector<engine::Effect>& out);
  void SendLastMemberQuery(Time now, IfIndex ifx, Iface& i, Ipv4 group,
                           std::vector<engine::Effect>& out);
  void SendGeneralQuery(Time now, IfIndex ifx, Iface& i, std::vector<engine::Effect>& out);
  void SendQuery(IfIndex ifx, Iface& i, Ipv4 group, const std::vector<Ipv4>& sources, bool suppress,
                 std::vector<engine::Effect>& out);
  void Fire(Time now, const TimerKey& key, std::vector<engine::Effect>& out);
  // Recomputes the membership statements of one group and emits the differences.
  void Reconcile(IfIndex ifx, Iface& i, Ipv4 group, std::vector<engine::Effect>& out);

  RouterEngineOptions options_;
  Rng rng_;
  std::map<IfIndex, Iface> ifaces_;
  engine::TimerQueue<TimerKey> timers_;
};

}  // namespace mc::igmp
