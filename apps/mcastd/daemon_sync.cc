// mcastd: what follows the router core's interfaces on Linux (daemon.h): VIFs for the IGMP
// router interfaces and the protocol groups joined on the tap socket. The engines themselves are
// synced by router::RouterCore (src/router/router_core.cc), which calls Synced() for these.
#include <fmt/format.h>

#include "apps/mcastd/daemon.h"

namespace mc::mcastd {

// VIFs follow the IGMP router interfaces while multicast routing is on; the tap listens on them.
void Daemon::SyncVifs() {
  const bool on = core_.config().multicast_routing && core_.config().ip_routing;
  std::set<IfIndex> want;
  if (on) {
    for (const auto& [ifx, w] : core_.igmp_ifs()) {
      want.insert(ifx);
    }
  }
  for (const auto& [ifx, i] : core_.ifaces()) {
    if (!want.contains(ifx) && dataplane_->IsVif(ifx)) {
      dataplane_->DelVif(ifx);
    }
  }
  for (const IfIndex ifx : want) {
    auto r = dataplane_->AddVif(ifx, core_.ifaces().at(ifx).name, false);
    if (!r && vif_errors_.insert(r.error()).second) {
      Log(r.error());  // once per interface: the 32-VIF limit names the interface
      Count("vif-failed");
    }
  }
  std::set<IfIndex> listen = want;
  for (const auto& [ifx, p] : core_.pim_ifs()) {
    listen.insert(ifx);
  }
  for (const auto& [ifx, v] : core_.vrrp_ifs()) {
    listen.insert(ifx);
  }
  for (const IfIndex ifx : listening_) {
    if (!listen.contains(ifx)) {
      io_->Listen(ifx, false);
    }
  }
  for (const IfIndex ifx : listen) {
    if (!listening_.contains(ifx)) {
      io_->Listen(ifx, true);
    }
  }
  listening_ = std::move(listen);
}

// The protocol groups of a router's interfaces, joined on a socket so the kernel reports them
// and the NIC accepts them: ALL-PIM-ROUTERS (RFC 7761 §4.9), the IGMPv3 report group and
// ALL-ROUTERS for IGMPv2 leaves (RFC 3376 §4.2.14, RFC 2236 §3), VRRP (RFC 5798 §5.1.1.2).
void Daemon::SyncJoins() {
  std::set<std::pair<IfIndex, Ipv4>> want;
  for (const auto& [ifx, w] : core_.igmp_ifs()) {
    want.insert({ifx, Ipv4{224, 0, 0, 22}});
    want.insert({ifx, Ipv4{224, 0, 0, 2}});
  }
  for (const auto& [ifx, w] : core_.pim_ifs()) {
    want.insert({ifx, Ipv4{224, 0, 0, 13}});
  }
  for (const auto& [ifx, w] : core_.vrrp_ifs()) {
    want.insert({ifx, Ipv4{224, 0, 0, 18}});
  }
  for (const auto& key : joined_) {
    if (!want.contains(key)) {
      (void)io_->Leave(
          engine::SocketLeave{key.first, key.second, {}, engine::FilterMode::kExclude});
    }
  }
  for (const auto& key : want) {
    if (!joined_.contains(key) &&
        io_->Join(engine::SocketJoin{key.first, key.second, {}, engine::FilterMode::kExclude}) !=
            0) {
      Count("join-failed");
    }
  }
  joined_ = std::move(want);
}

}  // namespace mc::mcastd
