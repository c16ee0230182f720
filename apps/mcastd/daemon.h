// mcastd's router (DESIGN.md "The daemon"): router::RouterCore (src/router/router_core.h) - the
// IGMP router side (RFC 2236 / RFC 3376), PIM-SM (RFC 7761) and VRRP (RFC 3768 / RFC 5798)
// engines composed from the typed config - on Linux, driven with the host's clock
// (platform/linux/host_loop.h).
//
// Host wiring, the same as the emulator's device hooks (sim/emu/device_mfc.cc, device_vrrp.cc):
// - interfaces, addresses and routes come from netlink and go to the core, which syncs the
//   engines; an interface is the config block with the Linux name (`interface r1-eth0`);
// - every IGMP router interface is a VIF when multicast routing is on, plus the register VIF
//   when PIM runs; MfcAdd/MfcDel go to the dataplane (platform/linux/dataplane.h), upcalls and
//   SIOCGETSGCNT activity (polled every second) come back to PIM;
// - packets: the tap feeds IGMP, PIM and VRRP to their engines, data to the user dataplane.
// HandleControl() answers the control socket with the emulator's renderers (src/show), and the
// debug toggles (`debug ip pim`, `show debugging`) choose which engines' traces are logged.
// --record FILE writes every call into the core and every effect it produced (record.h), after
// a header with the seed and the config text; `mcast replay FILE` runs them again.
//
// Left out (issue 7, later): the IGMP host side (`ip igmp join-group` on the router itself), the
// interim resolver the emulator runs without PIM, Auto-RP (UDP 496) and MSDP (TCP 639) sockets,
// VRRP virtual MAC (macvlan): the VIP is added as a /32 on the interface and announced by
// gratuitous ARP from the virtual MAC.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"
#include "base/time.h"
#include "config/device_config.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "igmp/igmp_router.h"
#include "pim/pim_engine.h"
#include "platform/linux/dataplane.h"
#include "platform/linux/host_loop.h"
#include "platform/linux/netlink.h"
#include "platform/linux/packet_io.h"
#include "router/router_core.h"
#include "vrrp/vrrp_engine.h"

namespace mc::mcastd {

struct Options {
  std::string config_path;
  std::string control_path;
  std::string record_path;
  std::string config_text;      // the text of config_path as read at startup, for the record
  bool user_dataplane = false;  // --user-dataplane: skip the kernel MFC
  std::uint64_t seed = 0;       // 0: derived from the config path
};

// The debug toggles (`debug ip pim hello`, ...): which packets, engine traces and forwarding
// changes reach the log (stderr). IOS names the same categories; `debug all` sets every one.
// kPim covers every PIM message type; the four after it one type each.
enum class DebugFlag : std::uint8_t {
  kIgmp,
  kPim,
  kPimHello,
  kPimJoinPrune,
  kPimRegister,
  kPimAssert,
  kVrrp,
  kMrouting,  // MFC changes and kernel upcalls (`debug ip mrouting`, alias `debug ip mfc`)
};
inline constexpr std::size_t kDebugFlags = 8;
using DebugFlags = std::array<bool, kDebugFlags>;

// Whether a trace of `engine` ("igmp", "pim", "vrrp") is logged under `flags`.
bool TraceWanted(const DebugFlags& flags, std::string_view engine, std::string_view text);
// Whether a control packet (IP protocol and payload) sent or received is logged.
bool PacketWanted(const DebugFlags& flags, std::uint8_t protocol,
                  std::span<const std::uint8_t> payload);

class Daemon : private router::CoreHooks {
 public:
  Daemon(config::DeviceConfig config, Options options);
  ~Daemon() override;
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Opens netlink, sockets, the dataplane and the control socket; dumps the interfaces.
  Result<bool, std::string> Start();
  // Runs until `stop` (a signal handler flag) or a fatal error; returns the exit status. When
  // `reload` is set (SIGHUP) the config file is read again and applied by Reload().
  int Run(const volatile bool& stop, volatile bool& reload);
  // Reads the config file again. An invalid file is reported (`FILE:LINE: ...`) and changes
  // nothing; a valid one replaces the running config, and the core's sync applies the
  // difference: only engines and interfaces whose derived settings changed see new settings, so
  // neighbors, memberships and routes survive a reload that does not touch them.
  bool Reload();

  // One control command ("show ip mroute | json", "clear ip mroute", "debug ip pim"): the text
  // to print. Unknown commands answer "% Invalid input ...".
  std::string HandleControl(std::string_view command);
  const DebugFlags& debug_flags() const { return debug_; }

 private:
  // I/O.
  void OnNetlink();
  void Absorb(const std::vector<platform::NlMessage>& msgs);
  void OnTap();
  void OnPimSocket();
  void OnUpcalls();
  void PollActivity();
  void Deliver(IfIndex ifx, wire::Bytes packet);
  // router::CoreHooks: the engines' effects on Linux.
  void Apply(router::EngineId from, const engine::Effect& e) override;
  void PimStarted() override;
  void PimStopped() override;
  void Synced() override;
  void Count(std::string_view name) override { counters_[std::string(name)] += 1; }
  void ApplySend(const engine::SendPacket& s);
  void ApplyDataplane(const engine::Effect& e);
  void ApplyVrrpAddress(const engine::Effect& e);
  void Output(platform::DataplaneOutput& out);
  void Trace(router::EngineId from, const engine::Trace& t) const;
  // A control packet received (tx false) or sent, logged IOS-debug style when its flag is on.
  void DebugPacket(bool tx, const engine::PacketIn& p) const;
  bool DebugOn(DebugFlag f) const { return debug_[static_cast<std::size_t>(f)]; }
  std::optional<Time> NextDeadline() const;
  // VIFs and socket joins that follow the core's interfaces (daemon_sync.cc).
  void SyncVifs();
  void SyncJoins();
  // Control (daemon_show.cc).
  std::string ShowIgmp(const std::vector<std::string>& w, bool json) const;
  std::string ShowPim(const std::vector<std::string>& w, bool json) const;
  std::string ShowVrrp(const std::vector<std::string>& w, bool json) const;
  std::string ShowDaemon(bool json) const;
  std::string ShowDebug() const;
  std::string Debug(const std::vector<std::string>& w, bool on);
  std::string Clear(const std::vector<std::string>& w);
  void Log(std::string_view text) const;
  void Count(const std::string& name, std::uint64_t n) { counters_[name] += n; }

  Options options_;
  Time now_ = kTimeZero;
  router::RouterCore core_;

  std::set<std::pair<IfIndex, Ipv4>> joined_;
  std::set<IfIndex> listening_;
  std::set<std::string> vif_errors_;
  Time next_poll_ = kTimeZero;
  std::uint16_t next_ip_id_ = 1;
  DebugFlags debug_{};
  std::map<std::string, std::uint64_t> counters_;

  std::optional<platform::HostLoop> loop_;
  std::optional<platform::NetlinkSocket> nl_monitor_;
  std::optional<platform::NetlinkSocket> nl_request_;
  std::optional<platform::PacketIo> io_;
  std::unique_ptr<platform::Dataplane> dataplane_;
  std::string dataplane_note_;
  struct Control;
  std::unique_ptr<Control> control_;
  std::unique_ptr<std::ofstream> record_;
};

}  // namespace mc::mcastd
