// The PIM-SM/SSM router engine: RFC 7761 §4.3 (Hello, neighbors, DR election, LAN Prune Delay),
// §4.1-4.2 (TIB macros and the data-packet rules), §4.4 (Register / Register-Stop, both ends),
// §4.5 (the Join/Prune state machines of tib_fsm.h, message building with packing and receive
// processing, join suppression and prune override), the Keepalive Timer and SPT switchover
// (§4.2.1 SwitchToSptDesired with IOS `ip pim spt-threshold`), RFC 4607 / RFC 4604 SSM ranges,
// and the one reconcile step per input that turns protocol state into MfcAdd / MfcDel.
//
// INPUT / OUTPUT CONTRACT (what a host wires up):
//   Configure(now, PimGlobalSettings)          RPs, SSM, SPT thresholds, static mroutes, limits
//   SetInterface(now, ifx, address, up, PimInterfaceSettings)   PIM on for an interface
//   RemoveInterface(now, ifx)
//   Handle(now, Input):
//     PacketIn        proto 103, Layer::kL3: Hello / Join-Prune / Assert (to 224.0.0.13) and
//                     unicast Register / Register-Stop (to one of the engine's addresses)
//     DataplaneEvent  from the kernel-MFC model: kNoCache (first packet of an unknown flow on iif),
//                     kWrongIif (a packet of an installed flow on another interface: on an
//                     outgoing interface it is §4.6 "data arrives on I"), kWholePacket
//                     (a packet sent to the register VIF; `packet` is the whole IPv4 packet),
//                     kActivity (cumulative counters of an installed entry)
//     LinkEvent       interface up/down and addresses, for every interface (loopbacks included:
//                     their addresses make I_am_RP true for an RP address on a loopback)
//     RouteEvent      the MRIB: best unicast route per prefix (RPF)
//     Notify          GroupMembership from the IGMP router engine (local_receiver_include/
//                     exclude, RFC 7761 §4.1.6)
//     ConfigChange    ignored: the host calls Configure / SetInterface with the typed settings
//   Effects: SendPacket (proto 103; Hellos, J/P and Asserts to 224.0.0.13 TTL 1; Register and
//            Register-Stop unicast TTL 64; decapsulated register data to the RPT oifs, with the
//            inner packet's source, group, TTL - 1 and protocol), MfcAdd / MfcDel (one entry per
//            (S,G) flow, oifs sorted), Notify(NeighborChange / DrChange), Trace.
//
// REGISTER VIF CONVENTION: the register VIF is the distinguished interface
// `PimEngineOptions::register_vif` (default kRegisterVif = IfIndex 0x7FFFFFFF, outside any real
// or emulated ifindex). A DR that must register lists it among an MfcAdd's oifs; the dataplane
// then hands each such packet back as DataplaneEvent{kWholePacket, iif=register_vif or the
// arrival interface, sg, packet} and the engine encapsulates it in a Register to RP(G).
//
// ASSERT (§4.6, pim_assert.cc): kWrongIif upcalls are the "data arrives on I" input (the
// dataplane rate-limits them, as Linux does with MFC_ASSERT_THRESH); received Asserts from PIM
// neighbors run the (S,G) / (*,G) machines; lost_assert() takes the loser's interface out of the
// olists and RPF' (RPF'(*,G), RPF'(S,G), RPF'(S,G,rpt)) follows the upstream assert winner.
//
// Leaves out: BSR / Auto-RP / Anycast-RP mappings, PIM-DM and BIDIR, (*,*,RP) state, PMBR
// border bits, Hello authentication, IPv6. Register "from a non-DR" cannot be told apart at
// the RP (RFC 7761 has no such check); the DR side registers only when I_am_DR.
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
#include "engine/counters.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/limits.h"
#include "engine/timer_queue.h"
#include "engine/trace.h"
#include "pim/hashed_timer_queue.h"
#include "pim/installed_mfc.h"
#include "pim/neighbor.h"
#include "pim/packed_vec.h"
#include "pim/pim_assert.h"
#include "pim/rpf.h"
#include "pim/snapshot.h"
#include "pim/tib_fsm.h"
#include "wire/pim.h"

namespace mc::pim {

inline constexpr IfIndex kRegisterVif{0x7FFFFFFF};

// TIB and MFC tables are ordered by (group, source) so one group's (*,G) entry comes first and
// its (S,G) entries follow: the reconcile step walks one group at a time.
struct GroupMajor {
  bool operator()(const Sg& a, const Sg& b) const {
    return a.group != b.group ? a.group < b.group : a.source < b.source;
  }
};
template <class T>
using SgMap = std::map<Sg, T, GroupMajor>;

// RFC 7761 §4.11 defaults.
inline constexpr Duration kTPeriodic = std::chrono::seconds{60};
inline constexpr Duration kJpHoldtime = std::chrono::milliseconds{210000};  // 3.5 x t_periodic
inline constexpr Duration kKeepalivePeriod = std::chrono::seconds{210};
inline constexpr Duration kRegisterSuppressionTime = std::chrono::seconds{60};
inline constexpr Duration kRegisterProbeTime = std::chrono::seconds{5};
// RP_Keepalive_Period = 3 x Register_Suppression_Time + Register_Probe_Time.
inline constexpr Duration kRpKeepalivePeriod = 3 * kRegisterSuppressionTime + kRegisterProbeTime;

struct PimInterfaceSettings {
  std::uint32_t dr_priority = 1;
  Duration hello_period = std::chrono::seconds{30};
  wire::PimLanPruneDelay lan_prune_delay;  // 500 ms / 2500 ms, T bit clear
  bool operator==(const PimInterfaceSettings&) const = default;
};

struct PimGlobalSettings {
  std::vector<RpMapping> static_rps;
  SsmRanges ssm;
  std::vector<SptThreshold> spt_thresholds;  // none: switch on the first packet (IOS)
  std::optional<Ipv4> register_source;       // nullopt: the address of the interface toward RP
  std::vector<StaticMroute> static_mroutes;
  bool operator==(const PimGlobalSettings&) const = default;
};

struct PimEngineOptions {
  engine::Limits limits;
  IfIndex register_vif = kRegisterVif;
  std::size_t jp_payload_max = 1480;  // MTU 1500 minus the IPv4 header
};

enum class PimCounter : std::uint8_t {
  kHellosSent,
  kHellosReceived,
  kJoinPrunesSent,
  kJoinPrunesReceived,
  kJoinPruneEntriesReceived,
  kRegistersSent,
  kNullRegistersSent,
  kRegistersReceived,
  kRegisterStopsSent,
  kRegisterStopsReceived,
  kRegisterDecapsulated,
  kNeighborGoodbye,
  kNeighborTimeout,
  kDropMalformed,
  kDropUnsupportedType,
  kDropNotPimInterface,
  kDropNonNeighbor,
  kDropOwnPacket,
  kDropBadGroup,
  kDropBadSource,
  kDropWrongRp,
  kDropSsmStarG,
  kDropRegisterNotRp,
  kDropRegisterBadInner,
  kDropRegisterSsm,
  kDropNoRp,
  kDropNoRoute,
  kDropLimit,
  kSsmStarGMembershipIgnored,
  kRpfFailures,
  kSptSwitchovers,
  kAssertsSent,
  kAssertsReceived,
  kAssertCancelsSent,
  kCount,
};
constexpr std::array<std::string_view, 34> CounterNames(PimCounter) {
  return {"hellos-sent",
          "hellos-received",
          "join-prunes-sent",
          "join-prunes-received",
          "join-prune-entries-received",
          "registers-sent",
          "null-registers-sent",
          "registers-received",
          "register-stops-sent",
          "register-stops-received",
          "registers-decapsulated",
          "neighbor-goodbye",
          "neighbor-timeout",
          "drop-malformed",
          "drop-unsupported-type",
          "drop-not-pim-interface",
          "drop-non-neighbor",
          "drop-own-packet",
          "drop-bad-group",
          "drop-bad-source",
          "drop-wrong-rp",
          "drop-ssm-star-g",
          "drop-register-not-rp",
          "drop-register-bad-inner",
          "drop-register-ssm",
          "drop-no-rp",
          "drop-no-route",
          "drop-limit",
          "ssm-star-g-membership-ignored",
          "rpf-failures",
          "spt-switchovers",
          "asserts-sent",
          "asserts-received",
          "assert-cancels-sent"};
}

// RFC 7761 §4.4.1 per-(S,G) register state at the DR.
enum class RegState : std::uint8_t { kNoInfo, kJoin, kJoinPending, kPrune };
std::string_view ToString(RegState s);

class PimEngine {
 public:
  PimEngine(PimEngineOptions options, Rng rng);

  void Configure(Time now, const PimGlobalSettings& settings, std::vector<engine::Effect>& out);
  void SetInterface(Time now, IfIndex ifx, engine::IfAddress address, bool up,
                    const PimInterfaceSettings& settings, std::vector<engine::Effect>& out);
  void RemoveInterface(Time now, IfIndex ifx, std::vector<engine::Effect>& out);

  void Handle(Time now, const engine::Input& in, std::vector<engine::Effect>& out);
  void AdvanceTo(Time now, std::vector<engine::Effect>& out);
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }
  PimSnapshot Snap(Time now) const;
  // IOS `clear ip mroute *|G [S]` (nullopt = every group / source): pim_clear.cc.
  void ClearMroute(Time now, std::optional<Ipv4> group, std::optional<Ipv4> source,
                   std::vector<engine::Effect>& out);

  // Introspection for tests, show and the benchmark.
  const engine::Counters<PimCounter>& counters() const { return counters_; }
  std::size_t entry_count() const { return tib_.size(); }
  std::optional<Ipv4> DrOf(IfIndex ifx) const;
  std::optional<DsState> DownstreamState(const Sg& sg, IfIndex ifx) const;
  std::optional<RptDsState> RptDownstreamState(const Sg& sg, IfIndex ifx) const;
  std::optional<UsState> UpstreamState(const Sg& sg) const;
  std::optional<RptUsState> RptUpstreamState(const Sg& sg) const;
  std::optional<RegState> RegisterState(const Sg& sg) const;
  bool SptBit(const Sg& sg) const;
  std::optional<Ipv4> RpOf(Ipv4 group) const;
  std::optional<RpfInfo> Rpf(Ipv4 target) const { return mrib_.Lookup(target); }
  const SgMap<InstalledMfc>& installed() const { return installed_; }

  // The §4.1-4.2 macros, as named functions over the current state (sets as sorted vectors).
  using IfSet = std::vector<IfIndex>;
  IfSet Joins(const Sg& sg) const;                   // joins(*,G) / joins(S,G)
  IfSet PrunesSgRpt(const Sg& sg) const;             // prunes(S,G,rpt)
  IfSet PimInclude(const Sg& sg) const;              // pim_include(*,G) / pim_include(S,G)
  IfSet PimExclude(const Sg& sg) const;              // pim_exclude(S,G)
  IfSet ImmediateOlist(const Sg& sg) const;          // immediate_olist(*,G) / (S,G)
  IfSet InheritedOlistSgRpt(const Sg& sg) const;     // inherited_olist(S,G,rpt)
  IfSet InheritedOlist(const Sg& sg) const;          // inherited_olist(S,G)
  bool JoinDesired(const Sg& sg) const;              // JoinDesired(*,G) / JoinDesired(S,G)
  bool RptJoinDesired(Ipv4 group) const;             // RPTJoinDesired(G)
  bool PruneDesired(const Sg& sg) const;             // PruneDesired(S,G,rpt)
  bool LostAssert(const Sg& sg, IfIndex ifx) const;  // lost_assert(*,G,I) / (S,G,I)

  // §4.6 Assert (pim_assert.cc); a (*,G) sg names the (*,G) machine.
  IfSet LostAssertSet(const Sg& sg) const;                // lost_assert(*,G) / lost_assert(S,G)
  bool LostAssertSgRpt(const Sg& sg, IfIndex ifx) const;  // lost_assert(S,G,rpt,I)
  bool CouldAssert(const Sg& sg, IfIndex ifx) const;      // CouldAssert(S,G,I) / (*,G,I)
  bool AssertTrackingDesired(const Sg& sg, IfIndex ifx) const;   // AssertTrackingDesired(...)
  bool AssertWinnerIsMe(const Sg& sg, IfIndex ifx) const;        // AssertWinner(X,I) == me
  AssertMetric SptAssertMetric(Ipv4 source, IfIndex ifx) const;  // spt_assert_metric(S,I)
  AssertMetric RptAssertMetric(Ipv4 group, IfIndex ifx) const;   // rpt_assert_metric(G,I)
  AssertMetric MyAssertMetric(const Sg& sg, IfIndex ifx) const;  // my_assert_metric(S,G,I)
  AssertState AssertStateOf(const Sg& sg, IfIndex ifx) const;
  std::optional<Ipv4> AssertWinner(const Sg& sg, IfIndex ifx) const;  // nullopt: NoInfo
  std::optional<AssertMetric> AssertWinnerMetric(const Sg& sg, IfIndex ifx) const;
  bool LocalReceiverInclude(const Sg& sg, IfIndex ifx) const;
  bool IAmDr(IfIndex ifx) const;
  bool IAmRp(Ipv4 group) const;
  bool DirectlyConnected(Ipv4 source) const;
  bool CouldRegister(const Sg& sg) const;
  bool SwitchToSptDesired(const Sg& sg) const;

 private:
  enum class TimerKind : std::uint8_t {
    kHello,
    kNeighborLiveness,
    kExpiry,        // downstream ET (*,G)/(S,G)
    kPrunePending,  // downstream PPT
    kRptExpiry,     // (S,G,rpt) ET
    kRptPrunePending,
    kJoin,          // upstream JT (*,G)/(S,G)
    kOverride,      // (S,G,rpt) upstream OT
    kKeepalive,     // KAT(S,G)
    kRegisterStop,  // RST(S,G)
    kFlow,          // a dataplane flow with no activity is forgotten
    kAssert,        // Assert Timer AT(S,G,I) / AT(*,G,I)
  };
  struct TimerKey {
    TimerKind kind = TimerKind::kHello;
    IfIndex ifx;
    Sg sg;
    Ipv4 neighbor;
    auto operator<=>(const TimerKey&) const = default;
  };
  struct TimerKeyHash {
    std::size_t operator()(const TimerKey& k) const {
      const std::uint64_t a =
          (std::uint64_t{static_cast<std::uint8_t>(k.kind)} << 32) | k.ifx.value();
      const std::uint64_t b = (std::uint64_t{k.sg.source.value()} << 32) | k.sg.group.value();
      std::uint64_t h = a * 0x9E3779B97F4A7C15ull ^ b * 0xC2B2AE3D27D4EB4Full ^
                        k.neighbor.value() * 0x165667B19E3779F9ull;
      h ^= h >> 29;
      h *= 0xBF58476D1CE4E5B9ull;
      return static_cast<std::size_t>(h ^ (h >> 32));
    }
  };
  // One §4.6.1 / §4.6.2 per-interface assert machine in Winner or Loser state.
  struct AssertIf {
    IfIndex ifx;
    AssertState state = AssertState::kNoInfo;
    Ipv4 winner;                 // AssertWinner(X,I)
    AssertMetric winner_metric;  // AssertWinnerMetric(X,I)
    Time since;
    Ipv4 named_source;       // (*,G): the source its Asserts name (the data that started it)
    bool on_rpf_if = false;  // I was RPF_interface(S) / RPF_interface(RP(G)) when it was lost
  };
  struct DsIf {
    IfIndex ifx;
    DsState state = DsState::kNoInfo;
    Time since;
  };
  struct RptIf {
    IfIndex ifx;
    RptDsState state = RptDsState::kNoInfo;
    Time since;
  };
  // One TIB entry: (*,G) when sg.source is 0, else (S,G) together with its (S,G,rpt) state.
  struct Entry {
    Time since;
    // The per-interface lists are PackedVecs (packed_vec.h): one pointer each, so an entry with
    // one joined interface and no other state stays small.
    PackedVec<DsIf> ds;                // interfaces not in NoInfo, ascending
    PackedVec<RptIf> rpt;              // (S,G,rpt) interfaces not in NoInfo, ascending
    PackedVec<IfIndex> local_include;  // local_receiver_include(*,G,I) or (S,G,I)
    PackedVec<IfIndex> local_exclude;  // local_receiver_exclude(S,G,I)
    UsState us = UsState::kNotJoined;
    RptUsState rpt_us = RptUsState::kRptNotJoined;
    RegState reg = RegState::kNoInfo;
    bool spt_bit = false;
    IfIndex rpf_if;  // RPF_interface(S) or RPF_interface(RP(G)) at the last reconcile
    Ipv4 rpf_nbr;    // RPF'(S,G) or RPF'(*,G) at the last reconcile (the J/P target)

    bool rpf_by_assert = false;   // rpf_nbr is an assert winner (§4.1.6 RPF'), not the MRIB hop
    PackedVec<AssertIf> asserts;  // (S,G,I) / (*,G,I) assert machines not in NoInfo, ascending
  };
  // The TIB: the ordered map (the reconcile step walks one group at a time) plus a memo of the
  // last lookup. Processing one Join(S,G) looks the same entry up several times (create, the
  // §4.5.2 row, the §4.6 Assert check), and a J/P lists a group's sources in ascending order
  // (ours are packed from sorted sets), so the next lookup is usually the memo's successor in
  // the map: both are answered without a tree walk. Every erase forgets the memo; inserts never
  // invalidate map iterators.
  class TibMap : public SgMap<Entry> {
   public:
    TibMap() = default;
    TibMap(const TibMap& o) : SgMap<Entry>(o) {}
    TibMap& operator=(const TibMap& o) {
      SgMap<Entry>::operator=(o);
      memo_valid_ = false;
      return *this;
    }
    Entry* Lookup(const Sg& sg) const {
      auto* self = const_cast<TibMap*>(this);  // the memo is a cache: lookups stay logically const
      if (memo_valid_) {
        if (memo_->first == sg) {
          return &memo_->second;
        }
        if (const auto next = std::next(memo_); next != self->end() && next->first == sg) {
          memo_ = next;
          return &next->second;
        }
      }
      const auto it = self->find(sg);
      if (it == self->end()) {
        return nullptr;
      }
      memo_ = it;
      memo_valid_ = true;
      return &it->second;
    }
    // Inserts a new entry for `sg` (not present), hinted next to the memo: sources created from
    // one J/P arrive in ascending order, so the hint is usually right and the insert is O(1).
    Entry& Create(const Sg& sg) {
      memo_ = try_emplace(memo_valid_ ? std::next(memo_) : end(), sg);
      memo_valid_ = true;
      return memo_->second;
    }
    iterator erase(const_iterator it) {
      memo_valid_ = false;
      return SgMap<Entry>::erase(it);
    }
    iterator erase(iterator it) {
      memo_valid_ = false;
      return SgMap<Entry>::erase(it);
    }
    size_type erase(const Sg& sg) {
      memo_valid_ = false;
      return SgMap<Entry>::erase(sg);
    }
    void clear() {
      memo_valid_ = false;
      SgMap<Entry>::clear();
    }

   private:
    mutable iterator memo_;
    mutable bool memo_valid_ = false;
  };
  struct Iface {
    engine::IfAddress address;
    bool up = false;
    bool pim = false;  // SetInterface was called; LinkEvent-only interfaces just own addresses
    PimInterfaceSettings settings;
    std::uint32_t generation_id = 0;
    NeighborMap neighbors;
    Ipv4 dr;
    LanDelay lan;
    // §4.3.1: whether a Hello with the current address went out since PIM started here; a J/P
    // or Assert must never reach a neighbor that cannot know us yet.
    bool hello_sent = false;
  };
  struct Flow {
    IfIndex iif;
    Time since;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t wrong_if = 0;  // the dataplane's wrong-interface count at the last poll
    // Counts of the entries RecreateMfc replaced (the dataplane restarts from zero), so that
    // `show ip mroute count` stays cumulative for the flow.
    std::uint64_t earlier_packets = 0;
    std::uint64_t earlier_bytes = 0;
    std::uint64_t earlier_wrong_if = 0;
    Time last_activity;
  };
  // Join/Prune entries queued during one step, per (interface, upstream neighbor), by group.
  struct GroupJp {
    std::set<wire::PimEncodedSource> joins;
    std::set<wire::PimEncodedSource> prunes;
  };
  using JpKey = std::pair<IfIndex, Ipv4>;

  using Out = std::vector<engine::Effect>;

  // pim_engine.cc: inputs, interfaces, Hellos, neighbors, timers.
  void OnPacket(Time now, const engine::PacketIn& p, Out& out);
  void OnHello(Time now, IfIndex ifx, Iface& i, Ipv4 src, const wire::PimHello& h, Out& out);
  void OnLink(Time now, const engine::LinkEvent& e, Out& out);
  void OnMembership(Time now, const engine::GroupMembership& m, Out& out);
  void SendHello(IfIndex ifx, Iface& i, bool goodbye, Out& out);
  // §4.3.1: "If a router needs to send a Join/Prune or Assert message on an interface on which
  // it has not yet sent a Hello message with the currently configured IP address, then it MUST
  // immediately send the relevant Hello message": called before every J/P and Assert.
  void HelloBeforeJoinOrAssert(IfIndex ifx, Out& out);
  // A J/P or Assert to ALL-PIM-ROUTERS on `ifx` (TTL 1), counted, after that Hello.
  void SendJoinPruneOrAssert(IfIndex ifx, wire::Bytes payload, PimCounter counter, Out& out);
  void NeighborsChanged(Time now, IfIndex ifx, Iface& i, Out& out);
  void RemoveNeighbor(Time now, IfIndex ifx, Iface& i, Ipv4 addr, Out& out);
  void StopInterface(Time now, IfIndex ifx, Iface& i, Out& out);
  void Fire(Time now, const TimerKey& key, Out& out);
  bool IsMyAddress(Ipv4 a) const;
  const Iface* PimIface(IfIndex ifx) const;
  Ipv4 AddressOn(IfIndex ifx) const;
  Duration Random(Duration max) { return rng_.UpTo(max); }
  void MarkDirty(Ipv4 group) { dirty_.insert(group); }
  void MarkAllDirty();
  void EndStep(Time now, Out& out);

  // pim_tib.cc: Join/Prune receive processing and the downstream machines.
  void OnJoinPrune(Time now, IfIndex ifx, Iface& i, Ipv4 src, const wire::PimJoinPrune& jp,
                   Out& out);
  void OnJoinPruneGroup(Time now, IfIndex ifx, const Iface& i, Duration holdtime,
                        const wire::PimJoinPruneGroup& g, Out& out);
  void SeeJoinPruneGroup(Time now, IfIndex ifx, const Iface& i, Ipv4 target,
                         const wire::PimJoinPruneGroup& g);
  void DsEventOn(Time now, const Sg& sg, IfIndex ifx, DsEvent ev, Duration holdtime);
  void RptEventOn(Time now, const Sg& sg, IfIndex ifx, RptDsEvent ev, Duration holdtime);
  Entry* GetOrCreate(Time now, const Sg& sg, Out& out);
  Entry* Find(const Sg& sg);
  const Entry* Find(const Sg& sg) const;
  bool ValidGroup(const wire::PimEncodedGroup& g);

  // pim_upstream.cc: upstream machines, J/P building and packing, reconcile, MFC.
  void Reconcile(Time now, Ipv4 group, Out& out);
  void ReconcileUpstream(Time now, const Sg& sg, Entry& e);
  void ReconcileRptUpstream(Time now, const Sg& sg, Entry& e);
  void UsEventOn(Time now, const Sg& sg, Entry& e, UsEvent ev, Ipv4 old_nbr, IfIndex old_if);
  void RptUsEventOn(Time now, const Sg& sg, Entry& e, RptUsEvent ev);
  void QueueJp(IfIndex ifx, Ipv4 nbr, const Sg& sg, bool join, bool rpt);
  void QueueStarGJoinWithRptPrunes(const Sg& sg, const Entry& e);
  void FlushJoinPrunes(Time now, Out& out);
  std::optional<engine::MfcAdd> DesiredMfc(const Sg& sg) const;
  void ReconcileMfc(Ipv4 group, Out& out);
  void RecreateMfc(const Sg& sg, Out& out);
  bool AwaitingSptData(const Sg& sg, IfIndex installed_iif) const;
  bool Removable(const Sg& sg, const Entry& e) const;
  Duration TOverride(IfIndex ifx);
  std::pair<IfIndex, Ipv4> RpfPrime(const Sg& sg) const;

  // pim_assert.cc: §4.6 Assert receive, send, timers and the per-step evaluation.
  struct AssertRx {
    Ipv4 sender;
    AssertMetric metric;
    Ipv4 named_source;
  };
  void OnAssert(Time now, IfIndex ifx, const Iface& i, Ipv4 src, const wire::PimAssert& a,
                Out& out);
  void SgAssertReceived(Time now, const Sg& sg, IfIndex ifx, const AssertRx& rx, Out& out);
  void StarGAssertReceived(Time now, Ipv4 group, IfIndex ifx, const AssertRx& rx, Out& out);
  std::optional<AssertEvent> ClassifyAssert(const Sg& sg, IfIndex ifx, const AssertRx& rx) const;
  void AssertDataArrives(Time now, const Sg& sg, IfIndex ifx, Out& out);
  void AssertEventOn(Time now, const Sg& sg, IfIndex ifx, AssertEvent ev, const AssertRx* rx,
                     Out* out);
  void ReconcileAsserts(Time now, const Sg& sg, Entry& e, Out& out);
  void AssertJoinReceived(Time now, const Sg& sg, IfIndex ifx);
  void AssertNeighborGone(Time now, IfIndex ifx, Ipv4 neighbor, Out& out);
  void SendAssert(IfIndex ifx, Ipv4 group, Ipv4 source, const AssertMetric& m, Out& out);
  const AssertIf* FindAssert(const Sg& sg, IfIndex ifx) const;
  IfIndex RpfInterfaceOf(const Sg& sg) const;  // RPF_interface(S) / RPF_interface(RP(G))
  std::optional<Ipv4> AssertRpfWinner(const Sg& sg, IfIndex rpf_if) const;
  std::pair<IfIndex, Ipv4> RpfPrimeSgRpt(const Sg& sg) const;  // RPF'(S,G,rpt)
  UsEvent RpfPrimeChangeEvent(const Sg& sg, Entry& e, IfIndex old_if) const;
  std::vector<AssertSnapshot> AssertsOf(const Sg& sg, const Entry& e) const;  // pim_snapshot.cc

  // pim_register.cc: data events, Register / Register-Stop, SPT switchover.
  void OnDataplane(Time now, const engine::DataplaneEvent& d, Out& out);
  void OnData(Time now, const Sg& sg, IfIndex iif, Out& out);
  void UpdateSptBit(Time now, const Sg& sg, IfIndex iif);
  void OnWholePacket(Time now, const engine::DataplaneEvent& d, Out& out);
  void OnRegister(Time now, const engine::PacketIn& p, const wire::PimRegister& r, Out& out);
  void OnRegisterStop(Time now, const wire::PimRegisterStop& rs);
  void SendRegisterStop(Time now, Ipv4 rp_addr, Ipv4 to, const Sg& sg, Out& out);
  void SendUnicast(Ipv4 dst, std::optional<Ipv4> src, const wire::PimMessage& m, Out& out);
  void SendNullRegister(Time now, const Sg& sg, Out& out);
  void RegisterStopReceived(Time now, const Sg& sg, Entry& e);
  void ReconcileRegister(Time now, const Sg& sg, Entry& e);

  PimEngineOptions options_;
  Rng rng_;
  engine::Tracer tracer_{"pim"};
  engine::LimitGuard limits_;
  engine::Counters<PimCounter> counters_;
  PimGlobalSettings settings_;
  Mrib mrib_;
  std::map<IfIndex, Iface> ifaces_;
  TibMap tib_;
  SgMap<Flow> flows_;
  SgMap<InstalledMfc> installed_;  // the MfcAdds last emitted, compact (installed_mfc.h)
  std::map<JpKey, std::map<Ipv4, GroupJp>> pending_jp_;
  std::set<Ipv4> dirty_;
  std::set<Sg> rearm_assert_;  // SPT bit newly set: RecreateMfc re-arms the WRONGVIF upcall
  HashedTimerQueue<TimerKey, TimerKeyHash> timers_;  // hashed_timer_queue.h: why not TimerQueue
};

}  // namespace mc::pim
