// Netlink (NETLINK_ROUTE, rtnetlink(7)): interfaces, IPv4 addresses and IPv4 unicast routes of
// the namespace mcastd runs in. The daemon dumps links, addresses and routes once at start, then
// follows RTM_NEWLINK / RTM_DELLINK / RTM_NEWADDR / RTM_DELADDR / RTM_NEWROUTE / RTM_DELROUTE on
// a monitor socket opened before the dumps (so nothing falls between dump and monitor). Routes of
// the main table count whoever installed them (kernel connected routes, `ip route`, FRR's zebra,
// bird): that is the MRIB for RPF (DESIGN.md "The daemon").
//
// ParseNetlink() is pure (bytes in, typed messages out) so it is unit-tested without a socket;
// every length is checked against the remaining bytes, a malformed message is counted and skipped.
// AddAddress()/DelAddress() build RTM_NEWADDR/RTM_DELADDR requests (VRRP virtual addresses).
// Left out: IPv6, multipath routes (RTA_MULTIPATH: the first hop only), VRF tables (the main
// table only), link-layer details beyond name, flags and MAC.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"

namespace mc::platform {

struct NlLink {
  std::uint32_t ifindex = 0;
  std::string name;
  bool admin_up = false;  // IFF_UP
  bool lower_up = false;  // IFF_LOWER_UP (carrier)
  bool loopback = false;
  Mac mac;
  bool removed = false;  // RTM_DELLINK
  bool operator==(const NlLink&) const = default;
};

struct NlAddr {
  std::uint32_t ifindex = 0;
  Ipv4 address;
  std::uint8_t prefix_len = 0;
  bool secondary = false;  // IFA_F_SECONDARY
  bool removed = false;    // RTM_DELADDR
  bool operator==(const NlAddr&) const = default;
};

struct NlRoute {
  Prefix prefix;
  Ipv4 gateway;  // 0.0.0.0: directly connected
  std::uint32_t oif = 0;
  std::uint32_t priority = 0;  // RTA_PRIORITY (the route metric)
  std::uint8_t protocol = 0;   // RTPROT_*: who installed it
  bool removed = false;        // RTM_DELROUTE
  bool operator==(const NlRoute&) const = default;
};

using NlMessage = std::variant<NlLink, NlAddr, NlRoute>;

struct NlBatch {
  std::vector<NlMessage> messages;
  bool done = false;  // NLMSG_DONE seen (end of a dump)
  int error = 0;      // a negative NLMSG_ERROR code (0: none or an ACK)
  std::size_t malformed = 0;
  std::size_t ignored = 0;  // other tables, families, route types
};

// Parses one datagram of netlink messages.
NlBatch ParseNetlink(std::span<const std::uint8_t> bytes);

// The administrative distance IOS would give a route of this origin, for RouteEvent's
// metric_preference (connected 0, static 1, OSPF 110, ...).
std::uint32_t DistanceOfProtocol(std::uint8_t rtprot);

// A NETLINK_ROUTE socket. Open(true) subscribes to link, IPv4 address and IPv4 route events.
class NetlinkSocket {
 public:
  static Result<NetlinkSocket, std::string> Open(bool monitor);
  NetlinkSocket(NetlinkSocket&& o) noexcept : fd_(o.fd_), seq_(o.seq_) { o.fd_ = -1; }
  NetlinkSocket& operator=(NetlinkSocket&& o) noexcept;
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;
  ~NetlinkSocket();

  int fd() const { return fd_; }
  // Dumps links, then addresses, then routes (blocking, one after the other).
  Result<std::vector<NlMessage>, std::string> DumpAll();
  // Reads what is queued (non-blocking). An error string on ENOBUFS: events were lost and the
  // caller should dump again.
  Result<std::vector<NlMessage>, std::string> ReadEvents();
  // RTM_NEWADDR / RTM_DELADDR for a /32 on `ifindex`; waits for the kernel's ACK.
  Result<bool, std::string> ChangeAddress(bool add, std::uint32_t ifindex, Ipv4 address,
                                          std::uint8_t prefix_len);

 private:
  explicit NetlinkSocket(int fd) : fd_(fd) {}
  Result<std::vector<NlMessage>, std::string> Dump(std::uint16_t type);
  int fd_ = -1;
  std::uint32_t seq_ = 1;
};

}  // namespace mc::platform
