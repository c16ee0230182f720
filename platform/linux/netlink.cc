// rtnetlink parsing and the NETLINK_ROUTE socket (netlink.h). Message layouts: rtnetlink(7),
// <linux/rtnetlink.h>, <linux/if_link.h>, <linux/if_addr.h>.
#include "platform/linux/netlink.h"

#include <errno.h>
#include <fmt/format.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>

namespace mc::platform {
namespace {

// NLMSG_ALIGN / RTA_ALIGN without the macros' implicit int conversions.
constexpr std::size_t Align4(std::size_t n) { return (n + 3u) & ~std::size_t{3}; }

template <class T>
T Load(std::span<const std::uint8_t> b) {
  T v{};
  std::memcpy(&v, b.data(), sizeof(T));
  return v;
}

// Walks the rtattr list in `b`, calling f(type, payload) for each well-formed attribute.
template <class F>
bool ForEachAttr(std::span<const std::uint8_t> b, F&& f) {
  while (b.size() >= sizeof(rtattr)) {
    const auto a = Load<rtattr>(b);
    if (a.rta_len < sizeof(rtattr) || a.rta_len > b.size()) {
      return false;
    }
    f(static_cast<std::uint16_t>(a.rta_type & NLA_TYPE_MASK),
      b.subspan(sizeof(rtattr), a.rta_len - sizeof(rtattr)));
    b = b.subspan(std::min(Align4(a.rta_len), b.size()));
  }
  return true;
}

Ipv4 AddrOf(std::span<const std::uint8_t> p) {
  return Ipv4{static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
              static_cast<std::uint32_t>(p[2]) << 8 | p[3]};
}

std::optional<NlMessage> ParseLink(const nlmsghdr& h, std::span<const std::uint8_t> body,
                                   bool& ok) {
  if (body.size() < sizeof(ifinfomsg)) {
    ok = false;
    return std::nullopt;
  }
  const auto ifi = Load<ifinfomsg>(body);
  NlLink l;
  l.ifindex = static_cast<std::uint32_t>(ifi.ifi_index);
  l.admin_up = (ifi.ifi_flags & IFF_UP) != 0;
  l.lower_up = (ifi.ifi_flags & IFF_LOWER_UP) != 0;
  l.loopback = (ifi.ifi_flags & IFF_LOOPBACK) != 0;
  l.removed = h.nlmsg_type == RTM_DELLINK;
  ok = ForEachAttr(body.subspan(Align4(sizeof(ifinfomsg))), [&](std::uint16_t t, auto p) {
    if (t == IFLA_IFNAME && !p.empty()) {
      l.name.assign(reinterpret_cast<const char*>(p.data()),
                    strnlen(reinterpret_cast<const char*>(p.data()), p.size()));
    } else if (t == IFLA_ADDRESS && p.size() == 6) {
      l.mac = Mac{{p[0], p[1], p[2], p[3], p[4], p[5]}};
    }
  });
  return ok ? std::optional<NlMessage>{l} : std::nullopt;
}

std::optional<NlMessage> ParseAddr(const nlmsghdr& h, std::span<const std::uint8_t> body, bool& ok,
                                   bool& ignored) {
  if (body.size() < sizeof(ifaddrmsg)) {
    ok = false;
    return std::nullopt;
  }
  const auto ifa = Load<ifaddrmsg>(body);
  if (ifa.ifa_family != AF_INET || ifa.ifa_prefixlen > 32) {
    ignored = true;
    return std::nullopt;
  }
  NlAddr a;
  a.ifindex = ifa.ifa_index;
  a.prefix_len = ifa.ifa_prefixlen;
  a.secondary = (ifa.ifa_flags & IFA_F_SECONDARY) != 0;
  a.removed = h.nlmsg_type == RTM_DELADDR;
  bool have_local = false;
  bool have_address = false;
  Ipv4 address;
  ok = ForEachAttr(body.subspan(Align4(sizeof(ifaddrmsg))), [&](std::uint16_t t, auto p) {
    if (p.size() != 4) {
      return;
    }
    // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
    if (t == IFA_LOCAL) {
      a.address = AddrOf(p);
      have_local = true;
    } else if (t == IFA_ADDRESS) {
      address = AddrOf(p);
      have_address = true;
    }
  });
  if (ok && !have_local) {
    a.address = address;
  }
  if (ok && !have_local && !have_address) {
    ignored = true;
    return std::nullopt;
  }
  return ok ? std::optional<NlMessage>{a} : std::nullopt;
}

std::optional<NlMessage> ParseRoute(const nlmsghdr& h, std::span<const std::uint8_t> body, bool& ok,
                                    bool& ignored) {
  if (body.size() < sizeof(rtmsg)) {
    ok = false;
    return std::nullopt;
  }
  const auto rtm = Load<rtmsg>(body);
  std::uint32_t table = rtm.rtm_table;
  Ipv4 dst;
  NlRoute r;
  ok = ForEachAttr(body.subspan(Align4(sizeof(rtmsg))), [&](std::uint16_t t, auto p) {
    if (t == RTA_DST && p.size() == 4) {
      dst = AddrOf(p);
    } else if (t == RTA_GATEWAY && p.size() == 4) {
      r.gateway = AddrOf(p);
    } else if (t == RTA_OIF && p.size() == 4) {
      r.oif = Load<std::uint32_t>(p);
    } else if (t == RTA_PRIORITY && p.size() == 4) {
      r.priority = Load<std::uint32_t>(p);
    } else if (t == RTA_TABLE && p.size() == 4) {
      table = Load<std::uint32_t>(p);
    }
  });
  if (!ok) {
    return std::nullopt;
  }
  // Unicast routes of the main table only: local/broadcast routes and other tables are not RPF.
  if (rtm.rtm_family != AF_INET || rtm.rtm_dst_len > 32 || rtm.rtm_type != RTN_UNICAST ||
      table != RT_TABLE_MAIN || r.oif == 0) {
    ignored = true;
    return std::nullopt;
  }
  r.prefix = Prefix::Make(dst, rtm.rtm_dst_len);
  r.protocol = rtm.rtm_protocol;
  r.removed = h.nlmsg_type == RTM_DELROUTE;
  return NlMessage{r};
}

}  // namespace

NlBatch ParseNetlink(std::span<const std::uint8_t> bytes) {
  NlBatch out;
  while (bytes.size() >= sizeof(nlmsghdr)) {
    const auto h = Load<nlmsghdr>(bytes);
    if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > bytes.size()) {
      out.malformed++;
      break;  // the rest of the datagram cannot be framed
    }
    const std::span<const std::uint8_t> body =
        bytes.subspan(Align4(sizeof(nlmsghdr)), h.nlmsg_len - Align4(sizeof(nlmsghdr)));
    bool ok = true;
    bool ignored = false;
    std::optional<NlMessage> m;
    switch (h.nlmsg_type) {
      case NLMSG_DONE:
        out.done = true;
        break;
      case NLMSG_ERROR:
        if (body.size() >= sizeof(int)) {
          out.error = Load<int>(body);
        } else {
          ok = false;
        }
        break;
      case RTM_NEWLINK:
      case RTM_DELLINK:
        m = ParseLink(h, body, ok);
        break;
      case RTM_NEWADDR:
      case RTM_DELADDR:
        m = ParseAddr(h, body, ok, ignored);
        break;
      case RTM_NEWROUTE:
      case RTM_DELROUTE:
        m = ParseRoute(h, body, ok, ignored);
        break;
      default:
        ignored = true;
    }
    if (!ok) {
      out.malformed++;
    } else if (ignored) {
      out.ignored++;
    } else if (m) {
      out.messages.push_back(std::move(*m));
    }
    bytes = bytes.subspan(std::min(Align4(h.nlmsg_len), bytes.size()));
  }
  return out;
}

std::uint32_t DistanceOfProtocol(std::uint8_t rtprot) {
  switch (rtprot) {
    case RTPROT_KERNEL:
      return 0;  // connected
    case RTPROT_BOOT:
    case RTPROT_STATIC:
      return 1;
    case 188:  // RTPROT_OSPF
      return 110;
    case 187:  // RTPROT_ISIS
      return 115;
    case 189:  // RTPROT_RIP
      return 120;
    case 186:  // RTPROT_BGP (eBGP as IOS)
      return 20;
    default:
      return 200;
  }
}

// ---- the socket ----------------------------------------------------------------------------

Result<NetlinkSocket, std::string> NetlinkSocket::Open(bool monitor) {
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) {
    return fmt::format("netlink socket: {}", std::strerror(errno));
  }
  NetlinkSocket s(fd);
  // Pitfall 4 (NETNS-INTEROP-NOTES): bursts of route changes overflow the default buffer.
  const int rcvbuf = 8 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) != 0) {
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
  }
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  if (monitor) {
    addr.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE;
  }
  if (bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    return fmt::format("netlink bind: {}", std::strerror(errno));
  }
  return s;
}

NetlinkSocket& NetlinkSocket::operator=(NetlinkSocket&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) {
      close(fd_);
    }
    fd_ = o.fd_;
    seq_ = o.seq_;
    o.fd_ = -1;
  }
  return *this;
}

NetlinkSocket::~NetlinkSocket() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

Result<std::vector<NlMessage>, std::string> NetlinkSocket::Dump(std::uint16_t type) {
  struct {
    nlmsghdr h;
    rtgenmsg g;
  } req{};
  req.h.nlmsg_len = sizeof(req);
  req.h.nlmsg_type = type;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.h.nlmsg_seq = seq_++;
  req.g.rtgen_family = AF_INET;
  if (send(fd_, &req, sizeof(req), 0) < 0) {
    return fmt::format("netlink dump request: {}", std::strerror(errno));
  }
  std::vector<NlMessage> all;
  std::vector<std::uint8_t> buf(1 << 16);
  for (;;) {
    const ssize_t n = recv(fd_, buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fmt::format("netlink dump: {}", std::strerror(errno));
    }
    NlBatch b = ParseNetlink(std::span(buf.data(), static_cast<std::size_t>(n)));
    for (NlMessage& m : b.messages) {
      all.push_back(std::move(m));
    }
    if (b.error < 0) {
      return fmt::format("netlink dump: {}", std::strerror(-b.error));
    }
    if (b.done || n == 0) {
      return all;
    }
  }
}

Result<std::vector<NlMessage>, std::string> NetlinkSocket::DumpAll() {
  std::vector<NlMessage> all;
  for (const std::uint16_t type : {RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE}) {
    auto part = Dump(type);
    if (!part) {
      return part.error();
    }
    all.insert(all.end(), part->begin(), part->end());
  }
  return all;
}

Result<std::vector<NlMessage>, std::string> NetlinkSocket::ReadEvents() {
  std::vector<NlMessage> all;
  std::vector<std::uint8_t> buf(1 << 16);
  for (;;) {
    const ssize_t n = recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return all;
      }
      if (errno == EINTR) {
        continue;
      }
      return fmt::format("netlink monitor: {}", std::strerror(errno));
    }
    NlBatch b = ParseNetlink(std::span(buf.data(), static_cast<std::size_t>(n)));
    for (NlMessage& m : b.messages) {
      all.push_back(std::move(m));
    }
  }
}

Result<bool, std::string> NetlinkSocket::ChangeAddress(bool add, std::uint32_t ifindex,
                                                       Ipv4 address, std::uint8_t prefix_len) {
  struct {
    nlmsghdr h;
    ifaddrmsg a;
    rtattr local_attr;
    std::array<std::uint8_t, 4> local;
    rtattr addr_attr;
    std::array<std::uint8_t, 4> addr;
  } req{};
  const std::uint32_t v = address.value();
  const std::array<std::uint8_t, 4> bytes{
      static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
      static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  req.h.nlmsg_len = sizeof(req);
  req.h.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
  req.h.nlmsg_seq = seq_++;
  req.a.ifa_family = AF_INET;
  req.a.ifa_prefixlen = prefix_len;
  req.a.ifa_index = ifindex;
  req.local_attr.rta_len = sizeof(rtattr) + 4;
  req.local_attr.rta_type = IFA_LOCAL;
  req.local = bytes;
  req.addr_attr.rta_len = sizeof(rtattr) + 4;
  req.addr_attr.rta_type = IFA_ADDRESS;
  req.addr = bytes;
  if (send(fd_, &req, sizeof(req), 0) < 0) {
    return fmt::format("netlink address request: {}", std::strerror(errno));
  }
  std::array<std::uint8_t, 4096> buf{};
  const ssize_t n = recv(fd_, buf.data(), buf.size(), 0);
  if (n < 0) {
    return fmt::format("netlink address ack: {}", std::strerror(errno));
  }
  const NlBatch b = ParseNetlink(std::span(buf.data(), static_cast<std::size_t>(n)));
  if (b.error < 0) {
    return fmt::format("netlink address: {}", std::strerror(-b.error));
  }
  return true;
}

}  // namespace mc::platform
