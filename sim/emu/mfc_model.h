// MfcModel: the emulator's model of the Linux IPv4 multicast forwarding cache (net/ipv4/ipmr.c),
// so an emulated router's PIM engine sees exactly the inputs mcastd gets from a Linux kernel
// (DESIGN.md "The emulator": reactive (S,G) entries, NOCACHE upcalls, rate-limited WRONGVIF
// upcalls, a register VIF).
//
// What it models, with the kernel behaviour it follows:
// - VIFs (MRT_ADD_VIF/MRT_DEL_VIF): only packets arriving on a VIF reach the cache (the kernel
//   sets mc_forwarding on a VIF's device; other devices never call ip_mr_input). One VIF may be
//   the register VIF (VIFF_REGISTER). Each VIF has a TTL threshold, 1 by default.
// - MRT_ADD_MFC / MRT_DEL_MFC (engine::MfcAdd / MfcDel): an add replaces the incoming interface
//   and the outgoing thresholds of an existing entry and keeps its counters; a delete of a
//   missing entry fails (ENOENT). Each oif gets its VIF's threshold, as the daemon fills
//   mfcc_ttls (STYLE-EXAMPLES E7); oifs that are not VIFs are ignored (ipmr_update_thresholds
//   skips them). For a wildcard-source entry the incoming VIF is also put in the threshold list,
//   because the kernel only matches (*,G) on VIFs of that list (FRR's pimd does the same).
// - Lookup (ip_mr_input): exact (S,G); else, on the arrival VIF, (*,G) if that VIF is in its
//   list; else (*,*) if that VIF is in its list; else the unresolved queue.
// - Unresolved queue (ipmr_cache_unresolved): the first packet of an unknown (S,G) creates an
//   unresolved entry and one IGMPMSG_NOCACHE upcall; at most 4 packets are queued per entry (the
//   kernel appends while qlen <= 3), the rest are dropped; an entry expires 10 s after creation
//   (ipmr_expire_process) with its packets. Linux < 5.4 refused more than 10 unresolved entries;
//   newer kernels have no fixed limit, here Limits::pending_upcalls bounds them. MRT_ADD_MFC of
//   the same (origin, group) resolves the entry: its queued packets are forwarded by the new
//   entry in arrival order (ipmr_cache_resolve). A (*,G) add resolves nothing.
// - Forwarding (ip_mr_forward): every packet matched to an entry counts in its packet and byte
//   counters (SIOCGETSGCNT), wrong-interface ones too. A packet not on the entry's incoming VIF
//   counts in wrong_if and raises IGMPMSG_WRONGVIF at most once per MFC_ASSERT_THRESH (3 s) per
//   entry (time_after: strictly more than 3 s after the previous one; the first one at once),
//   unless a (*,*) proxy entry covers both VIFs. Otherwise a copy goes to every oif whose
//   threshold the packet's TTL exceeds (so TTL 1 is never forwarded); a wildcard-source entry
//   never sends back out of the arrival VIF; a (*,*) entry only sends toward its incoming VIF.
//   A copy for the register VIF becomes an IGMPMSG_WHOLEPKT upcall carrying the whole packet.
// - Activity: PollActivity() reports cumulative counters as kActivity events, as a daemon
//   polling SIOCGETSGCNT would.
//
// Deterministic: no clock reads (time is an argument), ordered containers only; expiry of the
// unresolved queue is evaluated when the model is next used, which is all the kernel's timer can
// be observed by (a later packet, an add).
//
// - IGMPMSG_WRVIFWHOLE (MfcOptions::do_wrvifwhole): the rate-limited WRONGVIF upcall carries the
//   whole packet in DataplaneEvent::packet (the kernel queues a second upcall; one is enough).
// Left out: MRT_ADD_MFC_PROXY parent matching, multiple tables
// (MRT_TABLE), the 32-VIF limit (the daemon reports it; the emulator has no such limit), MTU and
// DF checks, locally originated packets looped back (rt_is_output_route), netlink notifications.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "base/types.h"
#include "engine/counters.h"
#include "engine/input.h"
#include "engine/limits.h"
#include "wire/writer.h"

namespace mc::sim {

enum class MfcCounter : std::uint8_t {
  kNotVif,               // packet on an interface that is not a VIF: not for the cache
  kLinkLocal,            // 224.0.0.x: never multicast-routed (ip_route_input_mc)
  kMalformed,            // shorter than an IPv4 header
  kNoCacheUpcalls,       // unresolved entries created, one IGMPMSG_NOCACHE each
  kUnresolvedQueueFull,  // packets dropped: 4 already queued (ENOBUFS)
  kUnresolvedLimit,      // packets dropped: no room for another unresolved entry
  kUnresolvedExpired,    // unresolved entries that timed out after 10 s
  kUnresolvedResolved,   // unresolved entries resolved by an add
  kWrongIf,              // packets on the wrong incoming VIF (sum of the entries' wrong_if)
  kWrongVifUpcalls,      // IGMPMSG_WRONGVIF sent
  kWrongVifRateLimited,  // wrong-interface packets within MFC_ASSERT_THRESH of the last upcall
  kWholePacketUpcalls,   // IGMPMSG_WHOLEPKT sent (copies to the register VIF)
  kTtlThreshold,         // copies not sent because the TTL did not exceed the oif's threshold
  kAddNoVif,             // MRT_ADD_MFC refused: the incoming interface is not a VIF
  kAddBadGroup,          // MRT_ADD_MFC refused: group neither multicast nor 0.0.0.0 (EINVAL)
  kAddLimit,             // MRT_ADD_MFC refused: Limits::sg_entries reached
  kOifNotVif,            // oifs of an add that are not VIFs, ignored
  kDelNotFound,          // MRT_DEL_MFC of an entry that does not exist (ENOENT)
  kCount,
};
constexpr std::array<std::string_view, 18> CounterNames(MfcCounter) {
  return {"not-vif",          "link-local",       "malformed",        "nocache-upcalls",
          "unres-queue-full", "unres-limit",      "unres-expired",    "unres-resolved",
          "wrong-if",         "wrongvif-upcalls", "wrongvif-limited", "wholepkt-upcalls",
          "ttl-threshold",    "add-no-vif",       "add-bad-group",    "add-limit",
          "oif-not-vif",      "del-not-found"};
}

struct MfcOptions {
  engine::Limits limits;                 // sg_entries: resolved; pending_upcalls: unresolved
  std::size_t unresolved_queue_max = 4;  // ipmr: appended while qlen <= 3
  Duration unresolved_expiry = std::chrono::seconds{10};  // ipmr_cache_alloc_unres
  Duration assert_thresh = std::chrono::seconds{3};       // MFC_ASSERT_THRESH
  bool do_assert = true;                                  // MRT_ASSERT, as PIM daemons set it
  bool do_pim = true;  // MRT_PIM: WRONGVIF on any VIF, not only on oifs
  // MRT_PIM = IGMPMSG_WRVIFWHOLE (Linux >= 4.18): a WRONGVIF upcall also carries the whole
  // packet, so the daemon can forward the first SPT packet the cache dropped (RFC 7761 §4.2).
  bool do_wrvifwhole = false;
};

struct VifOptions {
  std::uint8_t threshold = 1;  // vifc_threshold: forward when TTL > threshold
  bool is_register = false;    // VIFF_REGISTER
};

// SIOCGETSGCNT.
struct SgCount {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t wrong_if = 0;
  bool operator==(const SgCount&) const = default;
};

// What the cache did with one packet.
struct MfcVerdict {
  std::vector<IfIndex> oifs;                    // send a copy, TTL decremented, out of each
  std::vector<engine::DataplaneEvent> upcalls;  // in the order the kernel queues them
  bool queued = false;                          // held on the unresolved queue
};

// A packet of the unresolved queue released by an add, with what the new entry did with it.
struct MfcReleased {
  IfIndex iif;
  wire::Bytes packet;
  MfcVerdict verdict;
};

struct MfcApplyResult {
  std::optional<engine::FailReason> error;  // the add failed (the daemon gets EffectFailed)
  int error_number = 0;                     // kSystemError: the errno the kernel returns
  std::vector<MfcReleased> released;
};

// One installed entry, for show output and tests.
struct MfcEntryView {
  Sg sg;
  IfIndex iif;
  std::vector<std::pair<IfIndex, std::uint8_t>> thresholds;  // ascending
  SgCount count;
  Time installed;
};

class MfcModel {
 public:
  explicit MfcModel(MfcOptions options = {}) : options_(options) {}

  // MRT_ADD_VIF / MRT_DEL_VIF. Adding an existing VIF updates its options. At most one VIF is
  // the register VIF: false when another one already is (EADDRINUSE).
  bool AddVif(IfIndex ifindex, VifOptions options = {});
  void DelVif(IfIndex ifindex);
  bool IsVif(IfIndex ifindex) const { return vifs_.contains(ifindex); }
  std::optional<IfIndex> RegisterVif() const;

  MfcApplyResult Apply(Time now, const engine::MfcAdd& add);
  bool Apply(Time now, const engine::MfcDel& del);  // false: no such entry (ENOENT)

  // A multicast packet (`packet` is the whole IPv4 packet, header included) of channel `sg`
  // arrived on `iif`.
  MfcVerdict Forward(Time now, IfIndex iif, const Sg& sg, std::span<const std::uint8_t> packet);

  std::optional<SgCount> Counters(const Sg& sg) const;
  // kActivity events with the cumulative counters of installed entries, in (S,G) order; with
  // only_changed, just the entries whose packet count moved since the previous poll.
  std::vector<engine::DataplaneEvent> PollActivity(bool only_changed = true);

  // MRT_DONE / mroute_clean_tables: every entry, resolved or not (VIFs stay).
  void Clear();

  std::vector<MfcEntryView> Entries() const;
  std::size_t EntryCount() const { return entries_.size(); }
  std::size_t UnresolvedCount() const { return unresolved_.size(); }
  std::size_t UnresolvedQueued(const Sg& sg) const;
  const engine::Counters<MfcCounter>& counters() const { return counters_; }

 private:
  struct Entry {
    IfIndex parent;
    std::map<IfIndex, std::uint8_t> ttls;  // oif -> threshold (absent: 255, not forwarded)
    SgCount count;
    std::uint64_t polled_packets = 0;
    bool in_moved = false;  // listed in moved_ since the last poll
    std::optional<Time> last_assert;
    Time installed;
  };
  struct Queued {
    IfIndex iif;
    wire::Bytes packet;
  };
  struct Unresolved {
    Time expires;
    std::deque<Queued> queue;
  };

  void ExpireUnresolved(Time now);
  const Entry* FindWildcard(Ipv4 group, IfIndex iif) const;
  Entry* Lookup(const Sg& sg, IfIndex iif);
  void Enqueue(Time now, IfIndex iif, const Sg& sg, std::span<const std::uint8_t> packet,
               MfcVerdict& v);
  void ForwardEntry(Time now, const Sg& entry_key, Entry& e, IfIndex iif, const Sg& sg,
                    std::span<const std::uint8_t> packet, MfcVerdict& v);
  bool ProxyCovers(const Entry& e, IfIndex iif) const;
  void WrongIif(Time now, Entry& e, IfIndex iif, const Sg& sg, std::span<const std::uint8_t> packet,
                MfcVerdict& v);

  MfcOptions options_;
  std::map<IfIndex, VifOptions> vifs_;
  std::map<Sg, Entry> entries_;
  std::map<Sg, Unresolved> unresolved_;
  // Entries whose packet count moved since the last poll (maybe erased or re-added since), so
  // that a poll costs the traffic it reports rather than the size of the cache.
  std::vector<Sg> moved_;
  engine::Counters<MfcCounter> counters_;
};

}  // namespace mc::sim
