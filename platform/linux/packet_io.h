// Packet I/O of mcastd (DESIGN.md "The daemon"): how engine packets reach and leave the wire.
//
// Receive: one AF_PACKET tap (packet(7), SOCK_DGRAM, ETH_P_IP) over all interfaces, with a
// classic BPF filter that passes IPv4 multicast only (224.0.0.0/4; with link_local_only, just
// 224.0.0.0/24, when the kernel MFC forwards data itself), PACKET_MR_ALLMULTI on each multicast
// interface and outgoing frames skipped. The tap gives the arrival ifindex (what IP_PKTINFO
// gives a raw socket) and sees every IGMP report: a raw IGMP socket would not, because without
// ipmr the kernel drops IGMPv2 reports to groups the box has not joined before any raw socket
// sees them (ip_check_mc_rcu). PIM (proto 103) unicast - Register, Register-Stop - arrives on a
// raw socket with IP_PKTINFO; its multicast copies are ignored there (the tap has them).
//
// Send: multicast goes out of exactly one interface as an Ethernet frame on an AF_PACKET
// socket (destination 01:00:5e + low 23 bits of the group, RFC 1112 §6.4; source the
// interface MAC or a VRRP virtual MAC, RFC 5798 §7.3), with the IPv4 header built by
// src/wire (TTL and Router Alert as the effect asks, RFC 2113); this is the per-send
// IP_MULTICAST_IF without a kernel route lookup. Unicast (Register to the RP, unicast J/P) goes
// through a raw IPPROTO_RAW socket (IP_HDRINCL) so the kernel routes and resolves ARP.
// Group joins (SocketJoin) use IP_ADD_MEMBERSHIP / IP_ADD_SOURCE_MEMBERSHIP on a UDP socket, so
// the kernel's IGMP host side reports them and the NIC filters accept them.
//
// Left out: 802.1Q tags, IPv6, UDP 496 (Auto-RP) and TCP 639 (MSDP) sockets (their engines do
// not exist yet).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/result.h"
#include "base/types.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "wire/writer.h"

namespace mc::platform {

// One IPv4 packet read from the tap or the PIM socket.
struct RxPacket {
  IfIndex ifindex;
  wire::Bytes packet;  // the whole IPv4 packet
};

// The classic BPF program for the tap (testable without a socket: see packet_io_test.cc).
struct BpfInsn {
  std::uint16_t code;
  std::uint8_t jt;
  std::uint8_t jf;
  std::uint32_t k;
};
std::vector<BpfInsn> MulticastFilter(bool link_local_only);
// Runs a filter over an IPv4 packet the way the kernel does for SOCK_DGRAM taps (offsets are
// from the network header); returns the accepted length (0: dropped). For tests.
std::uint32_t RunFilter(const std::vector<BpfInsn>& prog, std::span<const std::uint8_t> packet);

// A received IPv4 packet as an engine's L3 PacketIn (the header parsed by src/wire).
std::optional<engine::PacketIn> ToPacketIn(IfIndex ifx, std::span<const std::uint8_t> packet);

class PacketIo {
 public:
  static Result<PacketIo, std::string> Open(bool link_local_only);
  PacketIo(PacketIo&& o) noexcept;
  PacketIo& operator=(PacketIo&&) = delete;
  PacketIo(const PacketIo&) = delete;
  ~PacketIo();

  int tap_fd() const { return tap_; }
  int pim_fd() const { return pim_; }
  // PACKET_MR_ALLMULTI on or off for an interface the tap must hear.
  void Listen(IfIndex ifx, bool on);
  std::vector<RxPacket> ReadTap();
  std::vector<RxPacket> ReadPim();  // unicast PIM only

  // Errors come back as an errno (0: sent).
  int SendMulticast(IfIndex oif, const Mac& src_mac, std::span<const std::uint8_t> ip_packet);
  int SendFrame(IfIndex oif, std::span<const std::uint8_t> frame);
  int SendUnicast(Ipv4 dst, std::span<const std::uint8_t> ip_packet);
  // SocketJoin / SocketLeave (RFC 3678 semantics; exclude mode joins any-source).
  int Join(const engine::SocketJoin& j);
  int Leave(const engine::SocketLeave& l);

 private:
  PacketIo() = default;
  int tap_ = -1;   // AF_PACKET SOCK_DGRAM, receive
  int tx_ = -1;    // AF_PACKET SOCK_RAW, send frames
  int raw_ = -1;   // AF_INET SOCK_RAW IPPROTO_RAW, unicast send
  int pim_ = -1;   // AF_INET SOCK_RAW IPPROTO_PIM, unicast receive
  int join_ = -1;  // AF_INET SOCK_DGRAM, group memberships
};

}  // namespace mc::platform
