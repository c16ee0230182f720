// Packet I/O (packet_io.h): packet(7), raw(7), ip(7) IP_PKTINFO / IP_HDRINCL /
// IP_ADD_MEMBERSHIP, filter(7) classic BPF.
#include "platform/linux/packet_io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fmt/format.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "wire/ethernet.h"
#include "wire/ip.h"

namespace mc::platform {
namespace {

constexpr std::uint32_t kSnap = 65535;

void CloseFd(int& fd) {
  if (fd >= 0) {
    close(fd);
    fd = -1;
  }
}

std::string Errno(std::string_view what) {
  return fmt::format("{}: {}", what, std::strerror(errno));
}

}  // namespace

std::vector<BpfInsn> MulticastFilter(bool link_local_only) {
  if (link_local_only) {
    // A = dst; A &= 0xFFFFFF00; accept when A == 224.0.0.0.
    return {
        {BPF_LD | BPF_W | BPF_ABS, 0, 0, 16},
        {BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xFFFFFF00u},
        {BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0xE0000000u},
        {BPF_RET | BPF_K, 0, 0, kSnap},
        {BPF_RET | BPF_K, 0, 0, 0},
    };
  }
  // A = first octet of dst; accept 224 <= A < 240.
  return {
      {BPF_LD | BPF_B | BPF_ABS, 0, 0, 16},
      {BPF_JMP | BPF_JGE | BPF_K, 0, 2, 224},
      {BPF_JMP | BPF_JGE | BPF_K, 1, 0, 240},
      {BPF_RET | BPF_K, 0, 0, kSnap},
      {BPF_RET | BPF_K, 0, 0, 0},
  };
}

// The subset of the classic BPF machine MulticastFilter uses; anything else drops.
std::uint32_t RunFilter(const std::vector<BpfInsn>& prog, std::span<const std::uint8_t> p) {
  std::uint32_t a = 0;
  for (std::size_t pc = 0; pc < prog.size(); ++pc) {
    const BpfInsn& i = prog[pc];
    switch (i.code) {
      case BPF_LD | BPF_W | BPF_ABS:
        if (i.k + 4 > p.size()) {
          return 0;
        }
        a = static_cast<std::uint32_t>(p[i.k]) << 24 |
            static_cast<std::uint32_t>(p[i.k + 1]) << 16 |
            static_cast<std::uint32_t>(p[i.k + 2]) << 8 | p[i.k + 3];
        break;
      case BPF_LD | BPF_B | BPF_ABS:
        if (i.k + 1 > p.size()) {
          return 0;
        }
        a = p[i.k];
        break;
      case BPF_ALU | BPF_AND | BPF_K:
        a &= i.k;
        break;
      case BPF_JMP | BPF_JEQ | BPF_K:
        pc += a == i.k ? i.jt : i.jf;
        break;
      case BPF_JMP | BPF_JGE | BPF_K:
        pc += a >= i.k ? i.jt : i.jf;
        break;
      case BPF_RET | BPF_K:
        return i.k;
      default:
        return 0;
    }
  }
  return 0;
}

std::optional<engine::PacketIn> ToPacketIn(IfIndex ifx, std::span<const std::uint8_t> packet) {
  auto p = wire::DecodeIpv4(packet);
  if (!p) {
    return std::nullopt;
  }
  engine::PacketIn in;
  in.layer = engine::Layer::kL3;
  in.ifindex = ifx;
  in.src = p->header.src;
  in.dst = p->header.dst;
  in.ttl = p->header.ttl;
  in.protocol = p->header.protocol;
  in.router_alert = p->header.router_alert;
  in.bytes.assign(p->payload.begin(), p->payload.end());
  return in;
}

PacketIo::PacketIo(PacketIo&& o) noexcept
    : tap_(o.tap_), tx_(o.tx_), raw_(o.raw_), pim_(o.pim_), join_(o.join_) {
  o.tap_ = o.tx_ = o.raw_ = o.pim_ = o.join_ = -1;
}

PacketIo::~PacketIo() {
  CloseFd(tap_);
  CloseFd(tx_);
  CloseFd(raw_);
  CloseFd(pim_);
  CloseFd(join_);
}

Result<PacketIo, std::string> PacketIo::Open(bool link_local_only) {
  PacketIo io;
  io.tap_ = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_IP));
  if (io.tap_ < 0) {
    return Errno("AF_PACKET tap");
  }
  const std::vector<BpfInsn> prog = MulticastFilter(link_local_only);
  std::vector<sock_filter> code;
  for (const BpfInsn& i : prog) {
    code.push_back(sock_filter{i.code, i.jt, i.jf, i.k});
  }
  sock_fprog fprog{static_cast<unsigned short>(code.size()), code.data()};
  if (setsockopt(io.tap_, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof(fprog)) != 0) {
    return Errno("SO_ATTACH_FILTER");
  }
  const int one = 1;
  (void)setsockopt(io.tap_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
  const int rcvbuf = 4 << 20;
  (void)setsockopt(io.tap_, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
  io.tx_ = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (io.tx_ < 0) {
    return Errno("AF_PACKET send socket");
  }
  io.raw_ = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  if (io.raw_ < 0) {
    return Errno("raw IPv4 send socket");
  }
  io.pim_ = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_PIM);
  if (io.pim_ < 0) {
    return Errno("raw PIM socket");
  }
  (void)setsockopt(io.pim_, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
  io.join_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (io.join_ < 0) {
    return Errno("membership socket");
  }
  // Memberships of a router: many groups on many interfaces (pitfall 3); not a receiver itself.
  const int zero = 0;
  (void)setsockopt(io.join_, IPPROTO_IP, IP_MULTICAST_ALL, &zero, sizeof(zero));
  return io;
}

void PacketIo::Listen(IfIndex ifx, bool on) {
  packet_mreq mr{};
  mr.mr_ifindex = static_cast<int>(ifx.value());
  mr.mr_type = PACKET_MR_ALLMULTI;
  (void)setsockopt(tap_, SOL_PACKET, on ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP, &mr,
                   sizeof(mr));
}

std::vector<RxPacket> PacketIo::ReadTap() {
  std::vector<RxPacket> out;
  wire::Bytes buf(kSnap);
  for (int k = 0; k < 256; ++k) {  // bounded so one busy socket cannot starve the loop
    sockaddr_ll from{};
    socklen_t len = sizeof(from);
    const ssize_t n = recvfrom(tap_, buf.data(), buf.size(), MSG_DONTWAIT,
                               reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) {
      break;
    }
    if (from.sll_pkttype == PACKET_OUTGOING) {
      continue;
    }
    out.push_back(RxPacket{IfIndex{static_cast<std::uint32_t>(from.sll_ifindex)},
                           wire::Bytes(buf.begin(), buf.begin() + n)});
  }
  return out;
}

std::vector<RxPacket> PacketIo::ReadPim() {
  std::vector<RxPacket> out;
  wire::Bytes buf(kSnap);
  for (int k = 0; k < 256; ++k) {
    iovec iov{buf.data(), buf.size()};
    alignas(cmsghdr) char control[256];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    const ssize_t n = recvmsg(pim_, &msg, MSG_DONTWAIT);
    if (n < 0) {
      break;
    }
    std::uint32_t ifindex = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
        in_pktinfo info{};
        std::memcpy(&info, CMSG_DATA(c), sizeof(info));
        ifindex = static_cast<std::uint32_t>(info.ipi_ifindex);
      }
    }
    if (n < 20 || (buf[16] & 0xF0) == 0xE0) {
      continue;  // multicast PIM comes from the tap
    }
    out.push_back(RxPacket{IfIndex{ifindex}, wire::Bytes(buf.begin(), buf.begin() + n)});
  }
  return out;
}

int PacketIo::SendMulticast(IfIndex oif, const Mac& src_mac,
                            std::span<const std::uint8_t> ip_packet) {
  if (ip_packet.size() < 20) {
    return EINVAL;
  }
  const Ipv4 dst{static_cast<std::uint32_t>(ip_packet[16]) << 24 |
                 static_cast<std::uint32_t>(ip_packet[17]) << 16 |
                 static_cast<std::uint32_t>(ip_packet[18]) << 8 | ip_packet[19]};
  wire::EthernetHeader h;
  h.dst = Mac::ForGroup(dst);
  h.src = src_mac;
  h.ethertype = wire::kEtherTypeIpv4;
  auto frame = wire::BuildEthernet(h, ip_packet);
  if (!frame) {
    return EINVAL;
  }
  return SendFrame(oif, *frame);
}

int PacketIo::SendFrame(IfIndex oif, std::span<const std::uint8_t> frame) {
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_ifindex = static_cast<int>(oif.value());
  to.sll_halen = 6;
  std::memcpy(to.sll_addr, frame.data(), 6);
  if (sendto(tx_, frame.data(), frame.size(), 0, reinterpret_cast<const sockaddr*>(&to),
             sizeof(to)) < 0) {
    return errno;
  }
  return 0;
}

int PacketIo::SendUnicast(Ipv4 dst, std::span<const std::uint8_t> ip_packet) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(dst.value());
  if (sendto(raw_, ip_packet.data(), ip_packet.size(), 0, reinterpret_cast<const sockaddr*>(&to),
             sizeof(to)) < 0) {
    return errno;
  }
  return 0;
}

namespace {

int Membership(int fd, bool join, IfIndex ifx, Ipv4 group, const std::vector<Ipv4>& sources,
               engine::FilterMode mode) {
  if (mode == engine::FilterMode::kInclude && !sources.empty()) {
    for (const Ipv4 s : sources) {
      ip_mreq_source m{};
      m.imr_multiaddr.s_addr = htonl(group.value());
      m.imr_sourceaddr.s_addr = htonl(s.value());
      // ip_mreq_source names the interface by address; INADDR_ANY lets the kernel pick it, so
      // the group-level join below carries the ifindex for the common any-source case.
      if (setsockopt(fd, IPPROTO_IP, join ? IP_ADD_SOURCE_MEMBERSHIP : IP_DROP_SOURCE_MEMBERSHIP,
                     &m, sizeof(m)) != 0) {
        return errno;
      }
    }
    return 0;
  }
  ip_mreqn m{};
  m.imr_multiaddr.s_addr = htonl(group.value());
  m.imr_ifindex = static_cast<int>(ifx.value());
  if (setsockopt(fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &m, sizeof(m)) !=
          0 &&
      errno != EADDRINUSE) {
    return errno;
  }
  return 0;
}

}  // namespace

int PacketIo::Join(const engine::SocketJoin& j) {
  return Membership(join_, true, j.ifindex, j.group, j.sources, j.mode);
}

int PacketIo::Leave(const engine::SocketLeave& l) {
  return Membership(join_, false, l.ifindex, l.group, l.sources, l.mode);
}

}  // namespace mc::platform
