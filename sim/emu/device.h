// Device: one emulated node of a lab (LAB-FORMAT.md §2-§3): a host, a router or a switch built
// from its kind and typed DeviceConfig, exchanging real Ethernet frames with the Network.
//
// Every kind has the same IPv4 stack on its routed interfaces (router ports, host NICs, switch
// SVIs `interface VlanN` and `no switchport` ports): ARP (RFC 826) with a cache and a queue of
// packets waiting for resolution, connected routes (C and L), static routes `ip route` resolved
// recursively to a connected next hop, `ip default-gateway` when IP routing is off,
// longest-prefix-match forwarding with TTL decrement when `ip routing` is on (RFC 1812 §5.2-5.3),
// and ICMP echo (RFC 792) for its own addresses, with IOS-style `ping`.
// A switch also runs the l2::Bridge engine on its switchports (ports numbered in config order,
// then the link-only ones): VLANs, learning, flooding, rapid spanning tree. Ports whose peers
// are all hosts or routers are edge ports (LAB-FORMAT §2 timing model). The bridge is driven
// through engine::Pump; its SendFrame effects go to the wire or, for an SVI, to the IP stack.
//
// Multicast (IGMP engines, host applications, group delivery, multicast ping and the interim
// forwarding of directly connected sources) is in device_mcast.cc.
// VRRP (the engine, virtual addresses and MACs, gratuitous ARP, `show vrrp`) is in
// device_vrrp.cc.
//
// Left out (later slices): snooping, PIM, ..., ICMP errors (unreachable, time
// exceeded), ARP ageing (entries live until the node reboots or the interface goes down), OSPF
// VRFs, secondary addresses, per-VLAN spanning tree (one RSTP instance serves
// every VLAN; `show spanning-tree` prints it under each VLAN in use).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"
#include "base/time.h"
#include "config/device_config.h"
#include "config/parser.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "engine/timer_queue.h"
#include "l2/bridge.h"
#include "show/device_show.h"
#include "sim/emu/igp.h"
#include "sim/lab/scenario.h"
#include "wire/ethernet.h"
#include "wire/ip.h"
#include "wire/writer.h"

namespace mc::igmp {
class RouterEngine;
class HostEngine;
}  // namespace mc::igmp

namespace mc::pim {
struct PimGlobalSettings;
}  // namespace mc::pim

namespace mc::wire {
struct MtraceBlock;
struct MtracePacket;
}  // namespace mc::wire

namespace mc::sim {

class Network;
class MfcModel;
struct MfcApplyResult;

// A cabled interface as the topology names it.
struct PortSpec {
  std::string name;     // exactly as the lab writes it
  bool edge = false;    // every peer is a host or a router: spanning-tree edge port
  bool shared = false;  // a hub segment: not point-to-point for the spanning tree
};

struct InterfaceCounters {
  std::uint64_t frames_in = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t bytes_out = 0;
};

// A finished exec command whose output took time (a ping).
struct CommandDone {
  std::uint64_t token = 0;
  std::string output;
};

class Device {
 public:
  // `mac_seed` (the node's position in the lab) makes MAC addresses unique and deterministic.
  Device(std::string name, config::DeviceConfig config, std::vector<PortSpec> ports,
         std::uint32_t mac_seed);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const std::string& name() const { return name_; }
  config::DeviceKind kind() const { return config_.kind; }
  const config::DeviceConfig& running_config() const { return config_; }

  // The interface index of a name (any IOS spelling), or nullopt.
  std::optional<std::size_t> FindInterface(std::string_view name) const;
  const std::string& InterfaceName(std::size_t i) const { return ifaces_[i].name; }
  const InterfaceCounters& Counters(std::size_t i) const { return ifaces_[i].counters; }
  Mac InterfaceMac(std::size_t i) const { return ifaces_[i].mac; }

  // Called by Network.
  void Attach(Network* net, std::size_t id) {
    net_ = net;
    id_ = id;
  }
  void Boot(Time now);
  void Receive(Time now, std::size_t iface, std::span<const std::uint8_t> frame);
  void Wake(Time now);
  void SetCarrier(Time now, std::size_t iface, bool up);
  std::optional<Time> NextDeadline() const;

  // `conf` lines typed at the prompt.
  Status<config::ConfigError> Configure(Time now, std::span<const config::ConfigLine> lines);
  // The prompt's clock: exec commands at `now` show ages and timers as of `now`, not as of the
  // device's last event (a device that was idle since 3 s must not show a 10 s prompt stale data).
  void AdvanceClock(Time now) { now_ = std::max(now_, now); }
  // Exec commands. Show returns the output; nullopt: the command is not supported yet.
  std::optional<std::string> Show(std::string_view args) const;
  // Starts a unicast ping; its output arrives as a CommandDone with `token` when it finishes.
  void StartPing(Time now, const PingCommand& ping, std::uint64_t token);
  bool PingRunning() const { return !pings_.empty(); }
  std::vector<CommandDone> TakeDone();

  // Host and router applications (LAB-FORMAT.md §4, device_mcast.cc). Each returns what the
  // prompt prints: nothing, or a `% ...` error line.
  std::string Join(Time now, const JoinCommand& cmd);
  std::string Leave(Time now, const LeaveCommand& cmd);
  std::string Send(Time now, const SendCommand& cmd);
  std::string ClearIgmpGroup(Time now, const ClearIgmpGroupCommand& cmd);
  std::string ClearMroute(Time now, const ClearMrouteCommand& cmd);  // device_mfc.cc
  // `mtrace S [G]` typed on device `d` (device_mtrace.cc): the trace walks the routers' RPF
  // state hop by hop and prints the IOS output. Static: it reads every device on the path.
  static std::string Mtrace(Network& net, std::size_t d, Time now, const MtraceCommand& cmd);
  // One hop of it: this router's response block for a request that arrived on the interface
  // owning `out_address`; `first_hop` is set when the source is directly connected.
  wire::MtraceBlock MtraceHop(Time now, const wire::MtracePacket& req, Ipv4 out_address,
                              bool& first_hop) const;
  // The IGMP engines, for show commands and tests (null before boot).
  const igmp::RouterEngine* IgmpRouter() const;
  const igmp::HostEngine* IgmpHost() const;
  bool IgmpRouterOn(std::size_t iface) const;
  // The kernel forwarding cache model of a router (null before boot), for show and tests.
  const MfcModel* Mfib() const;

  // The IGP oracle's view of this device (`index` is its place in the network) and the routes
  // it computed for it, installed as "O" / "O IA" routes (administrative distance 110).
  IgpDevice IgpView(std::size_t index) const;
  void SetIgpRoutes(Time now, std::vector<IgpRoute> routes);

  // Whether `show <args>` is a command Show understands (for `mcast lab check`).
  static bool ShowSupported(std::string_view args);

 private:
  struct Iface {
    std::string name;
    Mac mac;
    bool cabled = false;
    bool carrier = false;  // cabled: link up; virtual: always
    bool admin_up = true;
    bool virtual_if = false;
    std::optional<std::uint16_t> svi_vlan;
    bool bridged = false;  // a switchport handled by the bridge
    bool edge = false;
    bool shared = false;
    std::optional<engine::IfAddress> address;
    InterfaceCounters counters;
    bool OperUp() const { return admin_up && carrier; }
  };
  struct Route {
    char code = 'C';  // C, L, S, O
    Prefix prefix;
    std::uint8_t distance = 0;
    std::optional<Ipv4> next_hop;
    std::optional<std::size_t> iface;
    std::uint32_t metric = 0;
    bool inter_area = false;  // "O IA"
  };
  struct Pending {
    std::vector<wire::Bytes> packets;  // IPv4 packets waiting for the next hop's MAC
    int tries = 0;
  };
  struct Ping {
    std::uint64_t token = 0;
    PingCommand cmd;
    Ipv4 source;
    std::uint16_t id = 0;
    std::uint16_t seq = 0;  // of the outstanding request
    std::uint32_t sent = 0;
    std::uint32_t ok = 0;
    Time sent_at;
    std::string marks;
    std::vector<Duration> rtts;
    // Multicast ping (IOS): every member replies; the output lists each reply.
    bool multicast = false;
    std::vector<std::size_t> ifaces;
    std::uint32_t replies_this_request = 0;
    std::string replies;
  };
  enum class TimerKind : std::uint8_t { kArpRetry, kPingTimeout, kSend };
  struct TimerKey {
    TimerKind kind = TimerKind::kArpRetry;
    std::size_t a = 0;  // interface or ping id
    Ipv4 b;
    auto operator<=>(const TimerKey&) const = default;
  };

  void Rebuild(Time now, std::vector<engine::Effect>& out);
  // config_.FindInterface(ifaces_[n].name), remembered until the next Rebuild (config_ only
  // changes in Configure, which rebuilds): the syncs after every carrier change ask it for each
  // interface, and each uncached lookup canonicalizes every configured interface name.
  const config::InterfaceConfig* IfConfig(std::size_t n) const;
  void UpdateSviAutostate();
  l2::PortConfig BridgePort(const Iface& i, const config::InterfaceConfig& c) const;
  void Drain(Time now, std::vector<engine::Effect> effects);
  void PumpBridge(Time now);
  void ApplyEffect(const engine::Effect& e);
  void TransmitRaw(std::size_t iface, wire::Bytes frame);
  // The IP stack.
  void L3Receive(Time now, std::size_t iface, std::span<const std::uint8_t> frame);
  // `src` overrides the interface MAC (VRRP sends from the virtual MAC, RFC 5798 §7.3).
  void L3Frame(std::size_t iface, const Mac& dst, std::uint16_t ethertype,
               std::span<const std::uint8_t> payload, std::optional<Mac> src = std::nullopt);
  void OnArp(Time now, std::size_t iface, std::span<const std::uint8_t> payload);
  void OnIpv4(Time now, std::size_t iface, std::span<const std::uint8_t> bytes);
  void OnLocal(Time now, const wire::Ipv4Packet& p);
  // Routes `packet` (a whole IPv4 packet) toward its destination; false: no route.
  bool RouteOut(Time now, const wire::Bytes& packet, Ipv4 dst);
  void SendVia(Time now, std::size_t iface, Ipv4 next_hop, wire::Bytes packet);
  void SendArpRequest(std::size_t iface, Ipv4 target);
  // IOS sends ICMP with TTL 255; Linux end stations use 64.
  std::uint8_t DefaultTtl() const { return config_.kind == config::DeviceKind::kHost ? 64 : 255; }
  bool IsOwnAddress(Ipv4 a) const;
  std::optional<std::size_t> OwnerOf(Ipv4 a) const;
  // The routing table, rebuilt only after something it depends on changed (interfaces, config,
  // IGP routes): a lookup per forwarded packet must not rebuild it.
  const std::vector<Route>& RoutingTable() const;
  std::vector<Route> BuildRoutingTable() const;
  void InvalidateRoutes() { route_cache_.reset(); }
  std::optional<Route> Lookup(Ipv4 dst, int depth = 0) const;
  std::optional<Route> Resolve(const Route& r, int depth) const;
  void SendEcho(Time now, Ping& p);
  void SendEchoReply(Time now, const wire::IcmpEcho& request, Ipv4 src, Ipv4 dst);
  void FinishPing(std::map<std::uint16_t, Ping>::iterator it);
  void FireTimer(Time now, const TimerKey& key);
  // Multicast (device_mcast.cc).
  struct Mcast;
  void McastBoot();
  void McastSync(Time now, std::vector<engine::Effect>& out);
  void McastPump(Time now);
  bool McastPending() const;
  std::optional<Time> McastDeadline() const;
  void McastEffect(const engine::Effect& e);
  void OnMulticast(Time now, std::size_t iface, const wire::Ipv4Packet& p);
  void AnswerGroupEcho(Time now, std::size_t iface, const wire::Ipv4Packet& p);
  void McastForward(Time now, std::size_t iif, const wire::Ipv4Packet& p);
  std::optional<std::size_t> AppInterface(const std::optional<std::string>& name, Ipv4 group) const;
  void SendDatagram(Time now, std::size_t id);
  std::vector<std::size_t> GroupPingInterfaces(const PingCommand& cmd) const;
  // `show ip igmp groups|interface ...` (words after `show`, `| json` removed); nullopt when the
  // words are not an IGMP show command.
  std::optional<std::string> ShowIgmp(const std::vector<std::string>& words, bool json) const;
  static bool IsIgmpShow(const std::vector<std::string>& words);
  // The kernel multicast forwarding cache of a router (device_mfc.cc, mfc_model.h).
  struct Mfc;
  struct MfcDeleter {
    void operator()(Mfc* m) const;
  };
  void MfcBoot();
  void MfcSync(Time now);
  void MfcEffect(const engine::Effect& e);
  void MfcMembership(Time now, const engine::GroupMembership& gm);
  void MfcTransmit(const wire::Ipv4Header& h, std::span<const std::uint8_t> payload,
                   const std::vector<IfIndex>& oifs);
  void MfcRelease(Time now, MfcApplyResult& r);
  void MfcUpcalls(Time now, std::vector<engine::DataplaneEvent> upcalls);
  std::vector<IfIndex> MfcInterimOifs(std::size_t iif, const Sg& sg) const;
  bool MfcInterimServes(IfIndex iif, const Sg& sg) const;
  void MfcInterimResolve(Time now, IfIndex iif, const Sg& sg);
  void MfcInterimRefresh(Time now, std::optional<Ipv4> group);
  bool MfcPimWanted() const;
  pim::PimGlobalSettings MfcPimSettings() const;
  void MfcPimSync(Time now);
  void MfcPimInterfaces(Time now, std::vector<engine::Effect>& out);
  void MfcPimRoutes();
  void MfcRoutesChanged(Time now);
  bool MfcPending() const;
  std::optional<Time> MfcDeadline() const;
  void MfcPump(Time now);
  void MfcPimPacket(std::size_t iface, const wire::Ipv4Packet& p);
  void MfcDrChange(Time now, const engine::DrChange& dc);
  bool MfcIgmpIsDr(std::size_t iface) const;
  std::optional<Ipv4> MfcDrAddress(std::size_t iface) const;
  // `show ip mroute|pim ...|rpf A` (words after `show`), rendered by show/mroute_show.h and
  // show/pim_show.h from the PIM engine's snapshot.
  static bool IsPimShow(const std::vector<std::string>& words);
  std::optional<std::string> ShowPim(const std::vector<std::string>& words, bool json) const;
  // VRRP on every kind (device_vrrp.cc): the engine, the virtual addresses and MACs it owns.
  struct Vrrp;
  struct VrrpDeleter {
    void operator()(Vrrp* v) const;
  };
  void VrrpSync(Time now);
  void VrrpPump(Time now);
  bool VrrpPending() const;
  std::optional<Time> VrrpDeadline() const;
  void VrrpReceive(Time now, std::size_t iface, const wire::Ipv4Packet& p);
  void VrrpApply(const engine::Effect& e);
  void VrrpSocket(std::size_t iface, Ipv4 group, bool join);
  bool VrrpAnswerArp(std::size_t iface, const wire::Arp& request);  // true: a VIP was asked
  bool VrrpOwnsAddress(Ipv4 a) const;
  bool VrrpOwnsMac(std::size_t iface, const Mac& mac) const;
  std::optional<std::string> ShowVrrp(const std::vector<std::string>& words, bool json) const;
  static bool IsVrrpShow(const std::vector<std::string>& words);
  // IGMP snooping on switches (device_snoop.cc): the engine, its table asked by the bridge.
  struct Snoop;
  struct SnoopDeleter {
    void operator()(Snoop* s) const;
  };
  void SnoopSync(Time now);
  void SnoopPump(Time now);
  bool SnoopPending() const;
  std::optional<Time> SnoopDeadline() const;
  void SnoopApply(const std::vector<engine::Effect>& effects);
  // `show ip igmp snooping ...`, `show mac address-table multicast`, `show igmp mode`.
  static bool IsSnoopShow(const std::vector<std::string>& words);
  std::optional<std::string> ShowSnoop(const std::vector<std::string>& words, bool json) const;
  // Views of the device's state for the show renderers (show/device_show.h).
  show::RouteTableView RouteView() const;
  std::vector<show::InterfaceRow> InterfaceRows() const;
  std::vector<show::MacRow> MacRows() const;
  bool StpEnabled() const;
  std::vector<show::StpVlanView> StpViews() const;
  std::string PortName(IfIndex port) const;

  std::string name_;
  config::DeviceConfig config_;
  config::DeviceConfig startup_;
  std::uint32_t mac_seed_;
  std::vector<Iface> ifaces_;
  mutable std::vector<const config::InterfaceConfig*> if_config_;  // IfConfig's memory
  std::unique_ptr<l2::Bridge> bridge_;
  std::deque<engine::Input> bridge_in_;
  std::deque<std::pair<std::size_t, wire::Bytes>> l3_in_;
  std::map<std::pair<std::size_t, Ipv4>, Mac> arp_;
  std::map<std::pair<std::size_t, Ipv4>, Pending> arp_pending_;
  engine::TimerQueue<TimerKey> timers_;
  std::map<std::uint16_t, Ping> pings_;
  std::uint16_t next_ping_id_ = 1;
  std::uint16_t next_ip_id_ = 1;
  std::vector<CommandDone> done_;
  std::vector<IgpRoute> igp_routes_;
  mutable std::optional<std::vector<Route>> route_cache_;
  std::unique_ptr<Mcast> mcast_;
  std::unique_ptr<Vrrp, VrrpDeleter> vrrp_;
  std::unique_ptr<Mfc, MfcDeleter> mfc_;
  std::unique_ptr<Snoop, SnoopDeleter> snoop_;
  Network* net_ = nullptr;
  std::size_t id_ = 0;
  Time now_ = kTimeZero;
};

}  // namespace mc::sim
