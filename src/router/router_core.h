// The engine half of mcastd (DESIGN.md "The daemon"), with no sockets: the IGMP router side
// (RFC 2236 / RFC 3376), PIM-SM (RFC 7761) and VRRP (RFC 5798) engines composed from a typed
// config through engine_settings.h, kept in line with the host's interfaces, addresses and
// routes, and pumped through engine::Pump. mcastd wraps it with netlink, raw sockets and the
// kernel MFC; `mcast replay` drives it from a record (record.h) and checks that it produces the
// recorded effects, which it can only do because both run this one class.
//
// Wiring (the same as the emulator's device hooks):
// - an interface is the config block with the host's name; the best route per prefix is the
//   MRIB (RouteEvent, RFC 7761 §4.5.7);
// - IGMP GroupMembership notifications go to PIM (local_receiver_include, RFC 7761 §4.1.6);
//   PIM's DrChange makes the IGMP side of that LAN follow the DR;
// - VRRP virtual addresses (AddressAdd) are never taken as an interface's primary address.
// Every effect goes to the host's CoreHooks after the core has taken what it needs from it.
//
// Recording: with SetRecorder() every call into the core is written as a record line before it
// runs, and every effect after it is produced. Calls the host makes while it applies an effect
// (a dataplane failure reported at once) are marked nested, so a replay makes them at the same
// point.
// Left out: the IGMP host side, the interim resolver the emulator runs without PIM.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/ipv4.h"
#include "base/result.h"
#include "base/time.h"
#include "config/device_config.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "igmp/igmp_router.h"
#include "pim/pim_engine.h"
#include "router/record.h"
#include "vrrp/vrrp_engine.h"

namespace mc::router {

// What the host does around the core. Apply() performs one effect (send, MFC, socket join,
// address, trace); the core has already handled Notify and VRRP address bookkeeping.
class CoreHooks {
 public:
  virtual ~CoreHooks() = default;
  virtual void Apply(EngineId from, const engine::Effect& e) = 0;
  // PIM was created / destroyed (the register VIF comes and goes with it).
  virtual void PimStarted() {}
  virtual void PimStopped() {}
  // A sync has set the engines' interfaces, before their effects are applied (an MfcAdd needs
  // its VIFs, so the host adds them here).
  virtual void Synced() {}
  virtual void Count(std::string_view name) { (void)name; }
};

// The RNG seeds of one router's engines, from one seed.
std::uint64_t PimSeed(std::uint64_t seed);
std::uint64_t VrrpSeed(std::uint64_t seed);

class RouterCore {
 public:
  struct Iface {
    std::string name;
    bool admin_up = false;
    bool lower_up = false;
    bool loopback = false;
    Mac mac;
    std::vector<HostAddr> addrs;
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

  RouterCore(config::DeviceConfig config, std::uint64_t seed, CoreHooks& hooks);
  RouterCore(const RouterCore&) = delete;
  RouterCore& operator=(const RouterCore&) = delete;

  // Every call and effect from now on goes to `write` as one record line (no newline).
  void SetRecorder(std::function<void(const std::string&)> write) { record_ = std::move(write); }

  // Host state (netlink). These change what the next Sync() sees; they call no engine.
  void Link(Time now, const HostLink& l);
  void Addr(Time now, const HostAddr& a);
  void Route(Time now, const engine::RouteEvent& r);
  // Brings the engines in line with interfaces, routes and config, then pumps.
  void Sync(Time now);
  // An input for one engine (a packet, an upcall, a failed effect); handled at the next Pump.
  void Queue(Time now, EngineId e, engine::Input in);
  // Fires due timers and handles queued inputs, for every engine, until no input is left.
  void Pump(Time now);
  // A new config (SIGHUP): parsed like the startup config; an invalid one changes nothing.
  Result<bool, std::string> Reload(Time now, std::string_view text, std::string_view path);
  void ClearMroute(Time now, std::optional<Ipv4> group, std::optional<Ipv4> source);
  void ClearIgmp(Time now, std::optional<Ipv4> group);
  // RFC 5798 §6.4.3: VRRP groups stop (a Master sends priority 0).
  void Shutdown(Time now);
  // Replays one recorded call.
  void Replay(const CallLine& c);

  std::optional<Time> NextDeadline() const;
  std::optional<IfIndex> FindInterface(std::string_view name) const;
  std::optional<IfIndex> RouteIif(Ipv4 a) const;
  // The interface's primary address, never a VRRP virtual address.
  std::optional<engine::IfAddress> PrimaryOf(IfIndex ifx) const;

  const config::DeviceConfig& config() const { return config_; }
  std::uint64_t seed() const { return seed_; }
  const std::map<IfIndex, Iface>& ifaces() const { return ifaces_; }
  const igmp::RouterEngine& igmp() const { return igmp_; }
  const pim::PimEngine* pim() const { return pim_.get(); }
  const vrrp::VrrpEngine& vrrp() const { return vrrp_; }
  const std::map<IfIndex, IgmpIf>& igmp_ifs() const { return igmp_ifs_; }
  const std::map<IfIndex, PimIf>& pim_ifs() const { return pim_ifs_; }
  const std::map<IfIndex, VrrpIf>& vrrp_ifs() const { return vrrp_ifs_; }
  const std::map<IfIndex, engine::DrChange>& dr() const { return dr_; }

 private:
  void Record(Time now, Call c);
  void Enqueue(EngineId e, engine::Input in);
  void PumpAll();
  void Apply(EngineId from, const engine::Effect& e);
  void ApplyAll(EngineId from, const std::vector<engine::Effect>& out);
  void SyncAll();
  void SyncIgmp(std::vector<engine::Effect>& out);
  void SyncPim(std::vector<engine::Effect>& out);
  void SyncPimInterfaces(std::vector<engine::Effect>& out);
  void SyncRoutes();
  void SyncVrrp(std::vector<engine::Effect>& out);
  bool IgmpIsDr(IfIndex ifx) const;
  std::set<Ipv4> OwnedAddresses() const;

  config::DeviceConfig config_;
  std::uint64_t seed_ = 0;
  CoreHooks& hooks_;
  std::function<void(const std::string&)> record_;
  int applying_ = 0;  // > 0 while the hooks apply an effect: calls made then are nested
  Time now_ = kTimeZero;

  igmp::RouterEngine igmp_;
  std::unique_ptr<pim::PimEngine> pim_;
  vrrp::VrrpEngine vrrp_;
  std::deque<engine::Input> igmp_in_;
  std::deque<engine::Input> pim_in_;
  std::deque<engine::Input> vrrp_in_;

  std::map<IfIndex, Iface> ifaces_;
  std::map<std::tuple<Prefix, IfIndex, Ipv4, std::uint32_t>, engine::RouteEvent> routes_;
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
};

}  // namespace mc::router
