// mcastd's router (DESIGN.md "The daemon"): the same engines an emulated router runs - the IGMP
// router side (RFC 2236 / RFC 3376) on every interface with `ip pim <mode>`, PIM-SM (RFC 7761)
// when `ip multicast-routing` and PIM-SM are configured, VRRP (RFC 3768 / RFC 5798) on interfaces
// with `vrrp` groups - composed from the same typed config through router/engine_settings.h and
// driven by engine::Pump with the host's clock (platform/linux/host_loop.h).
//
// Wiring, the same as the emulator's device hooks (sim/emu/device_mcast.cc, device_mfc.cc,
// device_vrrp.cc):
// - interfaces, addresses and routes come from netlink; an interface is the config block with
//   the Linux name (`interface r1-eth0`); routes of the main table are the MRIB (RouteEvent);
// - IGMP GroupMembership notifications go to PIM (local_receiver_include, RFC 7761 §4.1.6);
//   PIM's DrChange makes the IGMP side of that LAN follow the DR;
// - every IGMP router interface is a VIF when multicast routing is on, plus the register VIF
//   when PIM runs; MfcAdd/MfcDel go to the dataplane (platform/linux/dataplane.h), upcalls and
//   SIOCGETSGCNT activity (polled every second) come back to PIM;
// - packets: the tap feeds IGMP, PIM and VRRP to their engines, data to the user dataplane.
// HandleControl() answers the control socket with the emulator's renderers (src/show).
// --record FILE appends every input given to an engine, one Describe() line with its time, after
// a header with the RNG seeds.
//
// Left out (issue 7, later): SIGHUP reload by diff, `mcast replay` of a record, the IGMP host
// side (`ip igmp join-group` on the router itself), the interim resolver the emulator runs
// without PIM, Auto-RP (UDP 496) and MSDP (TCP 639) sockets, VRRP virtual MAC (macvlan): the
// VIP is added as a /32 on the interface and announced by gratuitous ARP from the virtual MAC.
#pragma once

#include <cstdint>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
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
#include "vrrp/vrrp_engine.h"

namespace mc::mcastd {

struct Options {
  std::string config_path;
  std::string control_path;
  std::string record_path;
  bool user_dataplane = false;  // --user-dataplane: skip the kernel MFC
  std::uint64_t seed = 0;       // 0: derived from the config path
};

class Daemon {
 public:
  Daemon(config::DeviceConfig config, Options options);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Opens netlink, sockets, the dataplane and the control socket; dumps the interfaces.
  Result<bool, std::string> Start();
  // Runs until `stop` (a signal handler flag) or a fatal error; returns the exit status. When
  // `reload` is set (SIGHUP) the config file is read again and applied by Reload().
  int Run(const volatile bool& stop, volatile bool& reload);
  // Reads the config file again. An invalid file is reported (`FILE:LINE: ...`) and changes
  // nothing; a valid one replaces the running config, and Sync() applies the difference: only
  // engines and interfaces whose derived settings changed see new settings, so neighbors,
  // memberships and routes survive a reload that does not touch them.
  bool Reload();

  // One control command ("show ip mroute | json", "clear ip mroute", "debug all"): the text to
  // print. Unknown commands answer "% Invalid input ...".
  std::string HandleControl(std::string_view command);

 private:
  struct Iface {
    std::string name;
    bool admin_up = false;
    bool lower_up = false;
    bool loopback = false;
    Mac mac;
    std::vector<platform::NlAddr> addrs;
    std::optional<engine::IfAddress> Primary(const std::set<Ipv4>& skip) const;
    bool OperUp() const { return admin_up && (lower_up || loopback); }
  };
  struct IgmpIf {
    engine::IfAddress address;
    bool up = false;
    igmp::RouterIfConfig config;
  };
  struct PimIf {
    engine::IfAddress address;
    bool up = false;
    pim::PimInterfaceSettings settings;
  };
  struct VrrpIf {
    engine::IfAddress address;
    bool up = false;
    std::vector<vrrp::GroupParams> groups;
    bool operator==(const VrrpIf&) const = default;
  };
  enum class Engine : std::uint8_t { kIgmp, kPim, kVrrp };

  // I/O.
  void OnNetlink();
  void Absorb(const std::vector<platform::NlMessage>& msgs);
  void OnTap();
  void OnPimSocket();
  void OnUpcalls();
  void PollActivity();
  void Deliver(IfIndex ifx, wire::Bytes packet);
  void Shutdown();
  // Engines.
  void Queue(Engine e, engine::Input in);
  void PumpAll();
  void Apply(Engine from, const engine::Effect& e);
  void ApplySend(const engine::SendPacket& s);
  void ApplyDataplane(const engine::Effect& e);
  void ApplyVrrpAddress(const engine::Effect& e);
  void Output(platform::DataplaneOutput& out);
  std::optional<Time> NextDeadline() const;
  // Bringing the engines in line with interfaces, routes and config (daemon_sync.cc).
  void Sync();
  void SyncIgmp(std::vector<engine::Effect>& out);
  void SyncVifs();
  void SyncPim(std::vector<engine::Effect>& out);
  void SyncPimInterfaces(std::vector<engine::Effect>& out);
  void SyncRoutes();
  void SyncVrrp(std::vector<engine::Effect>& out);
  void SyncJoins();
  std::optional<IfIndex> FindInterface(std::string_view name) const;
  std::optional<IfIndex> RouteIif(Ipv4 a) const;
  bool IgmpIsDr(IfIndex ifx) const;
  // Control (daemon_show.cc).
  std::string ShowIgmp(const std::vector<std::string>& w, bool json) const;
  std::string ShowPim(const std::vector<std::string>& w, bool json) const;
  std::string ShowVrrp(const std::vector<std::string>& w, bool json) const;
  std::string ShowDaemon(bool json) const;
  std::string Clear(const std::vector<std::string>& w);
  void Log(std::string_view text) const;
  void Count(const std::string& name, std::uint64_t n = 1) { counters_[name] += n; }

  config::DeviceConfig config_;
  Options options_;
  Time now_ = kTimeZero;
  std::uint64_t seed_ = 0;

  igmp::RouterEngine igmp_;
  std::unique_ptr<pim::PimEngine> pim_;
  vrrp::VrrpEngine vrrp_;
  std::deque<engine::Input> igmp_in_;
  std::deque<engine::Input> pim_in_;
  std::deque<engine::Input> vrrp_in_;

  std::map<IfIndex, Iface> ifaces_;
  std::map<std::tuple<Prefix, std::uint32_t, Ipv4, std::uint32_t>, engine::RouteEvent> routes_;
  std::map<IfIndex, IgmpIf> igmp_ifs_;
  std::map<IfIndex, PimIf> pim_ifs_;
  std::map<IfIndex, engine::LinkEvent> pim_links_;
  std::map<Prefix, engine::RouteEvent> mrib_;
  std::optional<pim::PimGlobalSettings> pim_settings_;
  std::map<IfIndex, engine::DrChange> dr_;
  std::map<std::pair<IfIndex, Sg>, engine::FilterMode> members_;
  std::map<IfIndex, VrrpIf> vrrp_ifs_;
  std::map<IfIndex, bool> vrrp_links_;
  std::map<std::pair<IfIndex, Ipv4>, Mac> vrrp_owned_;
  std::set<std::pair<IfIndex, Ipv4>> joined_;
  std::set<IfIndex> listening_;
  std::set<std::string> vif_errors_;
  Time next_poll_ = kTimeZero;
  std::uint16_t next_ip_id_ = 1;
  bool debug_ = false;
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
