// The kernel MFC through the MRT socket (mroute.h). Structures: <linux/mroute.h> (vifctl, mfcctl,
// sioc_sg_req, igmpmsg); semantics: net/ipv4/ipmr.c (ipmr_cache_report builds the upcalls).
#include "platform/linux/mroute.h"

#include <errno.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
// After <netinet/in.h>: glibc's headers tell the kernel's which in.h definitions it provides.
#include <linux/mroute.h>

#include <cstring>

#include "wire/checksum.h"
#include "wire/ip.h"

namespace mc::platform {
namespace {

// struct igmpmsg offsets (it overlays the 20-byte IP header of the upcall).
constexpr std::size_t kImMsgType = 8;  // the IP TTL byte
constexpr std::size_t kImMbz = 9;      // the IP protocol byte: 0 for upcalls, 2 for IGMP
constexpr std::size_t kImVif = 10;
constexpr std::size_t kImVifHi = 11;
constexpr std::size_t kImSrc = 12;
constexpr std::size_t kImDst = 16;
constexpr std::size_t kIgmpMsgSize = 20;

Ipv4 Addr(std::span<const std::uint8_t> b, std::size_t at) {
  return Ipv4{static_cast<std::uint32_t>(b[at]) << 24 |
              static_cast<std::uint32_t>(b[at + 1]) << 16 |
              static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3]};
}

in_addr InAddr(Ipv4 a) {
  in_addr r{};
  r.s_addr = htonl(a.value());
  return r;
}

}  // namespace

Result<std::uint16_t, std::string> VifTable::Add(IfIndex ifx, std::string_view name) {
  if (const auto it = by_if_.find(ifx); it != by_if_.end()) {
    return it->second;
  }
  for (std::uint16_t v = 0; v < max_; ++v) {
    if (!by_vif_.contains(v)) {
      by_if_[ifx] = v;
      by_vif_[v] = ifx;
      return v;
    }
  }
  return fmt::format(
      "no VIF for {}: the kernel allows {} VIFs per multicast routing table (MAXVIFS); "
      "multicast routing is off on this interface",
      name, max_);
}

std::optional<std::uint16_t> VifTable::Remove(IfIndex ifx) {
  const auto it = by_if_.find(ifx);
  if (it == by_if_.end()) {
    return std::nullopt;
  }
  const std::uint16_t v = it->second;
  by_vif_.erase(v);
  by_if_.erase(it);
  return v;
}

std::optional<std::uint16_t> VifTable::VifOf(IfIndex ifx) const {
  const auto it = by_if_.find(ifx);
  return it == by_if_.end() ? std::nullopt : std::optional<std::uint16_t>{it->second};
}

std::optional<IfIndex> VifTable::IfIndexOf(std::uint16_t vif) const {
  const auto it = by_vif_.find(vif);
  return it == by_vif_.end() ? std::nullopt : std::optional<IfIndex>{it->second};
}

std::string_view ToString(UpcallError e) {
  switch (e) {
    case UpcallError::kTruncated:
      return "truncated";
    case UpcallError::kNotUpcall:
      return "not-upcall";
    case UpcallError::kUnknownType:
      return "unknown-type";
    case UpcallError::kUnknownVif:
      return "unknown-vif";
    case UpcallError::kBadWholePacket:
      return "bad-wholepkt";
  }
  return "?";
}

void CompleteUdpChecksum(std::span<std::uint8_t> packet) {
  if (packet.empty()) {
    return;
  }
  auto p = wire::DecodeIpv4(packet);
  if (!p || p->header.protocol != wire::kProtoUdp || p->header.IsFragment() ||
      p->payload.size() < 8) {
    return;
  }
  const std::size_t off = static_cast<std::size_t>(p->payload.data() - packet.data());
  std::span<std::uint8_t> udp = packet.subspan(off, p->payload.size());
  const std::uint16_t len = static_cast<std::uint16_t>(udp[4] << 8 | udp[5]);
  if ((udp[6] == 0 && udp[7] == 0) || len < 8 || len > udp.size()) {
    return;  // no checksum (RFC 768 allows 0) or a length that does not fit: leave it
  }
  udp[6] = 0;
  udp[7] = 0;
  wire::ChecksumAccumulator acc;
  wire::AddPseudoHeader(acc, p->header.src, p->header.dst, wire::kProtoUdp, len);
  acc.Add(udp.first(len));
  std::uint16_t sum = acc.Finish();
  if (sum == 0) {
    sum = 0xFFFF;  // RFC 768: a computed 0 is sent as all ones
  }
  udp[6] = static_cast<std::uint8_t>(sum >> 8);
  udp[7] = static_cast<std::uint8_t>(sum & 0xFF);
}

Result<engine::DataplaneEvent, UpcallError> DecodeUpcall(std::span<const std::uint8_t> msg,
                                                         const VifTable& vifs) {
  if (msg.size() < kIgmpMsgSize) {
    return UpcallError::kTruncated;
  }
  if (msg[kImMbz] != 0) {
    return UpcallError::kNotUpcall;
  }
  const auto vif = static_cast<std::uint16_t>(msg[kImVif] | msg[kImVifHi] << 8);
  const std::optional<IfIndex> ifx = vifs.IfIndexOf(vif);
  if (!ifx) {
    return UpcallError::kUnknownVif;
  }
  engine::DataplaneEvent ev;
  ev.iif = *ifx;
  ev.sg = Sg{Addr(msg, kImSrc), Addr(msg, kImDst)};
  switch (msg[kImMsgType]) {
    case IGMPMSG_NOCACHE:
      ev.kind = engine::DataplaneKind::kNoCache;
      return ev;
    case IGMPMSG_WRONGVIF:
      ev.kind = engine::DataplaneKind::kWrongIif;
      return ev;
    case IGMPMSG_WRVIFWHOLE:
    case IGMPMSG_WHOLEPKT: {
      // WRVIFWHOLE: a wrong-interface packet, whole (MRT_PIM = IGMPMSG_WRVIFWHOLE); WHOLEPKT: a
      // packet sent to the register VIF. Both carry the packet after the 20-byte igmpmsg.
      ev.kind = msg[kImMsgType] == IGMPMSG_WHOLEPKT ? engine::DataplaneKind::kWholePacket
                                                    : engine::DataplaneKind::kWrongIif;
      ev.packet.assign(msg.begin() + kIgmpMsgSize, msg.end());
      auto inner = wire::DecodeIpv4(ev.packet);
      if (!inner) {
        return UpcallError::kBadWholePacket;
      }
      ev.sg = Sg{inner->header.src, inner->header.dst};
      CompleteUdpChecksum(ev.packet);
      return ev;
    }
    default:
      return UpcallError::kUnknownType;
  }
}

Result<MfcCtl, engine::FailReason> BuildMfcctl(const engine::MfcAdd& add, const VifTable& vifs) {
  const std::optional<std::uint16_t> parent = vifs.VifOf(add.iif);
  if (!parent) {
    return engine::FailReason::kNoVif;
  }
  MfcCtl c;
  c.sg = add.sg;
  c.parent = *parent;
  for (const IfIndex oif : add.oifs) {
    if (const std::optional<std::uint16_t> v = vifs.VifOf(oif)) {
      c.ttls[*v] = 1;
    } else {
      c.missing_oifs.push_back(oif);
    }
  }
  if (add.sg.IsStarG()) {
    c.ttls[*parent] = 1;
  }
  return c;
}

// ---- KernelMfc -----------------------------------------------------------------------------

Result<KernelMfc, std::string> KernelMfc::Open() {
  const int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_IGMP);
  if (fd < 0) {
    return fmt::format("MRT socket: {}", std::strerror(errno));
  }
  KernelMfc k(fd);
  const int one = 1;
  if (setsockopt(fd, IPPROTO_IP, MRT_INIT, &one, sizeof(one)) != 0) {
    if (errno == ENOPROTOOPT) {
      return std::string("MRT_INIT: the kernel has no multicast routing (CONFIG_IP_MROUTE)");
    }
    return fmt::format("MRT_INIT: {}", std::strerror(errno));
  }
  // MRT_ASSERT: WRONGVIF upcalls at all. MRT_PIM: on every VIF and the register VIF; with the
  // value IGMPMSG_WRVIFWHOLE (Linux >= 4.18) each one is followed by the whole packet, which the
  // PIM engine forwards when it is the first packet on the SPT (the emulator's MfcModel
  // do_wrvifwhole). Older kernels take MRT_PIM = 1.
  (void)setsockopt(fd, IPPROTO_IP, MRT_ASSERT, &one, sizeof(one));
  const int wrvifwhole = IGMPMSG_WRVIFWHOLE;
  if (setsockopt(fd, IPPROTO_IP, MRT_PIM, &wrvifwhole, sizeof(wrvifwhole)) == 0) {
    k.wrvifwhole_ = true;
  } else {
    (void)setsockopt(fd, IPPROTO_IP, MRT_PIM, &one, sizeof(one));
  }
  return k;
}

KernelMfc::~KernelMfc() {
  if (fd_ >= 0) {
    (void)setsockopt(fd_, IPPROTO_IP, MRT_DONE, nullptr, 0);
    close(fd_);
  }
}

Result<std::uint16_t, std::string> KernelMfc::AddVif(IfIndex ifx, std::string_view name) {
  if (const auto v = vifs_.VifOf(ifx)) {
    return *v;
  }
  auto v = vifs_.Add(ifx, name);
  if (!v) {
    return v.error();
  }
  vifctl c{};
  c.vifc_vifi = *v;
  c.vifc_flags = VIFF_USE_IFINDEX;
  c.vifc_threshold = 1;
  c.vifc_lcl_ifindex = static_cast<int>(ifx.value());
  if (setsockopt(fd_, IPPROTO_IP, MRT_ADD_VIF, &c, sizeof(c)) != 0) {
    vifs_.Remove(ifx);
    return fmt::format("MRT_ADD_VIF {}: {}", name, std::strerror(errno));
  }
  return *v;
}

Result<std::uint16_t, std::string> KernelMfc::AddRegisterVif(IfIndex register_ifx) {
  if (const auto v = vifs_.VifOf(register_ifx)) {
    return *v;
  }
  auto v = vifs_.Add(register_ifx, "pimreg");
  if (!v) {
    return v.error();
  }
  vifctl c{};
  c.vifc_vifi = *v;
  c.vifc_flags = VIFF_REGISTER;
  c.vifc_threshold = 1;
  if (setsockopt(fd_, IPPROTO_IP, MRT_ADD_VIF, &c, sizeof(c)) != 0) {
    vifs_.Remove(register_ifx);
    return fmt::format("MRT_ADD_VIF pimreg: {}", std::strerror(errno));
  }
  return *v;
}

void KernelMfc::DelVif(IfIndex ifx) {
  if (const std::optional<std::uint16_t> v = vifs_.Remove(ifx)) {
    vifctl c{};
    c.vifc_vifi = *v;
    (void)setsockopt(fd_, IPPROTO_IP, MRT_DEL_VIF, &c, sizeof(c));
  }
}

std::optional<engine::EffectFailed> KernelMfc::Add(const engine::MfcAdd& add) {
  auto ctl = BuildMfcctl(add, vifs_);
  if (!ctl) {
    return engine::EffectFailed{add, ctl.error(), 0};
  }
  mfcctl m{};
  m.mfcc_origin = InAddr(add.sg.source);
  m.mfcc_mcastgrp = InAddr(add.sg.group);
  m.mfcc_parent = ctl->parent;
  for (std::size_t v = 0; v < kMaxVifs; ++v) {
    m.mfcc_ttls[v] = ctl->ttls[v];
  }
  if (setsockopt(fd_, IPPROTO_IP, MRT_ADD_MFC, &m, sizeof(m)) != 0) {
    const int err = errno;
    return engine::EffectFailed{add,
                                err == ENOMEM || err == ENOBUFS ? engine::FailReason::kResourceLimit
                                                                : engine::FailReason::kSystemError,
                                err};
  }
  return std::nullopt;
}

std::optional<engine::EffectFailed> KernelMfc::Del(const engine::MfcDel& del) {
  mfcctl m{};
  m.mfcc_origin = InAddr(del.sg.source);
  m.mfcc_mcastgrp = InAddr(del.sg.group);
  if (setsockopt(fd_, IPPROTO_IP, MRT_DEL_MFC, &m, sizeof(m)) != 0 && errno != ENOENT) {
    return engine::EffectFailed{del, engine::FailReason::kSystemError, errno};
  }
  return std::nullopt;
}

std::optional<KernelSgCount> KernelMfc::Count(const Sg& sg) const {
  sioc_sg_req r{};
  r.src = InAddr(sg.source);
  r.grp = InAddr(sg.group);
  if (ioctl(fd_, SIOCGETSGCNT, &r) != 0) {
    return std::nullopt;
  }
  return KernelSgCount{r.pktcnt, r.bytecnt, r.wrong_if};
}

std::optional<wire::Bytes> KernelMfc::Read() {
  wire::Bytes buf(65536);
  const ssize_t n = recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
  if (n < 0) {
    return std::nullopt;
  }
  buf.resize(static_cast<std::size_t>(n));
  return buf;
}

}  // namespace mc::platform
