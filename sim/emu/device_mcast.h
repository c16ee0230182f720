// Device::Mcast: the multicast state of one emulated device (device_mcast.cc), in a header so
// device.cc, which owns it through a unique_ptr, sees the complete type.
#pragma once

#include <deque>
#include <map>
#include <set>

#include "igmp/igmp_host.h"
#include "igmp/igmp_router.h"
#include "router/engine_settings.h"
#include "sim/emu/device.h"

namespace mc::sim {

struct Device::Mcast {
  struct RouterIf {
    engine::IfAddress address;
    bool up = false;
    igmp::RouterIfConfig config;
  };
  struct HostIf {
    engine::IfAddress address;
    bool up = false;
    igmp::HostIfConfig config;
  };
  // One application socket per (interface, group), as the lab's join/leave drive it.
  struct Socket {
    igmp::SocketId id = 0;
    engine::FilterMode mode = engine::FilterMode::kExclude;
    std::set<Ipv4> sources;
  };
  struct Sender {
    SendCommand cmd;
    std::size_t iface = 0;
    std::uint64_t sent = 0;
    std::uint16_t source_port = 0;
  };

  Mcast(std::uint64_t seed, const engine::Limits& limits)
      : router(igmp::RouterEngineOptions{limits, {}}, Rng(seed)),
        host(limits, Rng(seed ^ 0x9E3779B97F4A7C15ull)) {}

  igmp::RouterEngine router;
  igmp::HostEngine host;
  std::deque<engine::Input> router_in;
  std::deque<engine::Input> host_in;
  std::map<std::size_t, RouterIf> router_ifs;
  std::map<std::size_t, HostIf> host_ifs;
  std::map<std::pair<std::size_t, Ipv4>, Socket> app_sockets;     // join/leave
  std::map<std::pair<std::size_t, Ipv4>, Socket> config_sockets;  // ip igmp join-group
  igmp::SocketId next_socket = 1;
  std::map<std::pair<std::size_t, Sg>, engine::FilterMode> members;  // from GroupMembership
  std::map<std::size_t, Sender> senders;
  std::size_t next_sender = 1;
};

// Helpers every engine hook of the device shares (device_mcast.cc, device_mfc.cc,
// device_vrrp.cc).
inline IfIndex ToIfIndex(std::size_t n) { return IfIndex{static_cast<std::uint32_t>(n + 1)}; }
// The ACL `name` names (router/engine_settings.h, shared with mcastd).
using router::FindAcl;
// A received IPv4 packet on `iface` as an engine's L3 PacketIn.
engine::PacketIn L3PacketIn(std::size_t iface, const wire::Ipv4Packet& p);

}  // namespace mc::sim
