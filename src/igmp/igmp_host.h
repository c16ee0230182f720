// The IGMP host side as a pure engine: RFC 1112 App. I (IGMPv1 host), RFC 2236 §3 and §6
// (IGMPv2 host: unsolicited reports, delayed responses, report suppression, Leave), RFC 3376
// §3 (socket filters merged into interface state), §5 (state-change and current-state
// reports), §7.2 (host compatibility with older queriers) and RFC 4604 §2.1.
//
// Applications call Listen() per socket and group (RFC 3376 §2's IPMulticastListen); the
// engine merges the sockets into one interface state per group and sends what the version in
// force requires. Accepts() is the IP layer's delivery filter.
//
// Linux-like choices where the RFCs leave room: an IGMPv2 host always sends a Leave (RFC 2236
// lets it stay silent when it was not the last reporter; Linux and LAB-FORMAT.md do send);
// unsolicited reports are repeated robustness - 1 times at random delays within the unsolicited
// report interval. The Older Version Querier Present timeout is robustness x 125 s + 10 s.
// Leaves out: per-source retransmission counters of merged state-change reports (a pending
// change is resent as the difference between the state before the first pending change and the
// current one), and IGMPv3 "Suppress Router-Side Processing" (a router flag, hosts ignore it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "base/ipv4.h"
#include "base/rng.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/limits.h"
#include "engine/timer_queue.h"
#include "igmp/filter_table.h"

namespace mc::igmp {

struct HostIfConfig {
  std::uint8_t version = 3;
  std::uint8_t robustness = 2;
  Duration unsolicited_report_interval_v3 = std::chrono::seconds{1};   // RFC 3376 §8.11
  Duration unsolicited_report_interval_v2 = std::chrono::seconds{10};  // RFC 2236 §8.10
  bool operator==(const HostIfConfig&) const = default;
};

using SocketId = std::uint32_t;

enum class HostCounter : std::uint8_t {
  kReportsSent,
  kLeavesSent,
  kQueriesReceived,
  kReportsSuppressed,
  kDropMalformed,
  kDropBadTtl,
  kDropNoRouterAlert,
  kDropLimit,
  kCount,
};
constexpr std::array<std::string_view, 8> CounterNames(HostCounter) {
  return {"reports-sent",   "leaves-sent",  "queries-received",     "reports-suppressed",
          "drop-malformed", "drop-bad-ttl", "drop-no-router-alert", "drop-limit"};
}

// One group's interface state (RFC 3376 §3.2), as the hosts show it.
struct HostGroupSnapshot {
  IfIndex ifindex;
  Ipv4 group;
  FilterState state;  // `requested` holds the INCLUDE list or the EXCLUDE list
  bool operator==(const HostGroupSnapshot&) const = default;
};

class HostEngine {
 public:
  HostEngine(engine::Limits limits, Rng rng);

  void SetInterface(Time now, IfIndex ifindex, engine::IfAddress address, bool up,
                    const HostIfConfig& config, std::vector<engine::Effect>& out);
  void RemoveInterface(Time now, IfIndex ifindex, std::vector<engine::Effect>& out);
  // RFC 3376 §2 IPMulticastListen(socket, interface, group, mode, sources); INCLUDE with no
  // sources means the socket leaves the group.
  void Listen(Time now, SocketId socket, IfIndex ifindex, Ipv4 group, engine::FilterMode mode,
              std::vector<Ipv4> sources, std::vector<engine::Effect>& out);
  // RFC 3376 §3.2: whether the interface state lets a datagram from `source` to `group` in.
  bool Accepts(IfIndex ifindex, Ipv4 group, Ipv4 source) const;
  std::vector<HostGroupSnapshot> Snap() const;
  // The version the host speaks on the interface now (configured, lowered by older queriers).
  std::uint8_t CompatibilityVersion(IfIndex ifindex) const;
  const engine::Counters<HostCounter>* Counters(IfIndex ifindex) const;

  void Handle(Time now, const engine::Input& in, std::vector<engine::Effect>& out);
  void AdvanceTo(Time now, std::vector<engine::Effect>& out);
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }

 private:
  enum class TimerKind : std::uint8_t {
    kV1Querier,  // Older Version Querier Present timers (§7.2.1)
    kV2Querier,
    kGeneralResponse,  // §5.2: pending response to a general query (v3)
    kGroupResponse,    // pending response for one group (v1/v2 report, v3 group/source query)
    kStateChange,      // the next retransmission of a state-change report (v3) or join (v1/v2)
  };
  struct TimerKey {
    TimerKind kind = TimerKind::kV1Querier;
    IfIndex ifindex;
    Ipv4 group;
    auto operator<=>(const TimerKey&) const = default;
  };
  struct Group {
    std::map<SocketId, FilterState> sockets;
    FilterState state;                // merged interface state
    std::optional<FilterState> base;  // state before the first pending change (v3)
    int retransmits_left = 0;
    std::set<Ipv4> query_sources;    // accumulated group-and-source-specific query sources
    bool source_query_only = false;  // the pending response answers source queries only
  };
  struct Iface {
    engine::IfAddress address;
    bool up = false;
    HostIfConfig config;
    std::map<Ipv4, Group> groups;
    engine::Counters<HostCounter> counters;
  };

  static FilterState Merge(const std::map<SocketId, FilterState>& sockets);
  void StateChanged(Time now, IfIndex ifx, Iface& i, Ipv4 group, const FilterState& before,
                    std::vector<engine::Effect>& out);
  void SendChange(Time now, IfIndex ifx, Iface& i, Ipv4 group, std::vector<engine::Effect>& out);
  void SendV1V2Report(IfIndex ifx, Iface& i, Ipv4 group, std::vector<engine::Effect>& out);
  void SendV3(IfIndex ifx, Iface& i, std::vector<wire::IgmpGroupRecord> records,
              std::vector<engine::Effect>& out);
  void OnQuery(Time now, IfIndex ifx, Iface& i, const wire::IgmpQuery& q,
               std::vector<engine::Effect>& out);
  void Fire(Time now, const TimerKey& key, std::vector<engine::Effect>& out);
  Duration Random(Duration max);

  engine::Limits limits_;
  Rng rng_;
  std::map<IfIndex, Iface> ifaces_;
  engine::TimerQueue<TimerKey> timers_;
};

}  // namespace mc::igmp
