// The Linux kernel multicast forwarding cache (net/ipv4/ipmr.c, <linux/mroute.h>, the
// mroute(7)-style API pimd/FRR use): the MRT socket (a raw IGMP socket after MRT_INIT), VIFs,
// MFC entries and upcalls, for mcastd's kernel dataplane.
//
// - VifTable: engine IfIndex (the Linux ifindex; the PIM engine's kRegisterVif for the register
//   VIF) <-> kernel VIF number. The kernel has MAXVIFS (32) VIFs per table; the 33rd interface
//   fails with an error naming it (never silently). One VifTable is one MRT table, so MRT_TABLE
//   (several tables, one per VRF or per 32 interfaces) can lift the limit later by holding
//   several tables.
// - DecodeUpcall: an IGMPMSG_NOCACHE / WRONGVIF / WRVIFWHOLE / WHOLEPKT message read from the
//   MRT socket (struct igmpmsg overlaid on an IP header: im_mbz, the IP protocol byte, is 0) ->
//   engine::DataplaneEvent, with the VIF turned back into an IfIndex (WRVIFWHOLE is a kWrongIif
//   carrying the packet, as the emulator's MfcModel with do_wrvifwhole). Whole packets get their
//   UDP checksum completed (NETNS-INTEROP-NOTES pitfall 1: veth TX offload leaves it partial).
// - BuildMfcctl: engine::MfcAdd -> struct mfcctl (threshold 1 on every oif, as the emulator's
//   MfcModel assumes; oifs without a VIF are left out and reported; a (*,G) entry lists its
//   incoming VIF too, as FRR does, because the kernel matches (*,G) only on listed VIFs).
// - KernelMfc: MRT_INIT, MRT_PIM, MRT_ASSERT, MRT_ADD_VIF (VIFF_USE_IFINDEX, VIFF_REGISTER),
//   MRT_DEL_VIF, MRT_ADD_MFC, MRT_DEL_MFC, SIOCGETSGCNT.
// Left out: MRT_TABLE (one table), MRT_ADD_MFC_PROXY, IPv6 (ip6mr).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/types.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "wire/writer.h"

namespace mc::platform {

inline constexpr std::size_t kMaxVifs = 32;  // MAXVIFS in <linux/mroute.h>

class VifTable {
 public:
  explicit VifTable(std::size_t max_vifs = kMaxVifs) : max_(max_vifs) {}

  // The lowest free VIF for `ifx` (the same one when it already has a VIF). `name` is only for
  // the error: "no VIF for r1-eth40: the kernel allows 32 VIFs per table (MAXVIFS)".
  Result<std::uint16_t, std::string> Add(IfIndex ifx, std::string_view name);
  std::optional<std::uint16_t> Remove(IfIndex ifx);
  std::optional<std::uint16_t> VifOf(IfIndex ifx) const;
  std::optional<IfIndex> IfIndexOf(std::uint16_t vif) const;
  std::size_t size() const { return by_if_.size(); }
  const std::map<IfIndex, std::uint16_t>& entries() const { return by_if_; }

 private:
  std::size_t max_;
  std::map<IfIndex, std::uint16_t> by_if_;
  std::map<std::uint16_t, IfIndex> by_vif_;
};

enum class UpcallError : std::uint8_t {
  kTruncated,       // shorter than struct igmpmsg
  kNotUpcall,       // im_mbz != 0: an ordinary IGMP packet read from the MRT socket
  kUnknownType,     // an IGMPMSG_* the daemon does not handle
  kUnknownVif,      // im_vif is not in the VifTable
  kBadWholePacket,  // WHOLEPKT without a decodable inner IPv4 packet
};
std::string_view ToString(UpcallError e);

Result<engine::DataplaneEvent, UpcallError> DecodeUpcall(std::span<const std::uint8_t> msg,
                                                         const VifTable& vifs);

// Recomputes the UDP checksum of a whole IPv4 packet in place when it carries one (non-zero) and
// is not a fragment; any other packet is left alone.
void CompleteUdpChecksum(std::span<std::uint8_t> packet);

// struct mfcctl in host terms, so it can be tested without the kernel struct.
struct MfcCtl {
  Sg sg;
  std::uint16_t parent = 0;
  std::array<std::uint8_t, kMaxVifs> ttls{};  // 0: not an oif; else the threshold
  std::vector<IfIndex> missing_oifs;          // oifs that have no VIF (left out)
};
Result<MfcCtl, engine::FailReason> BuildMfcctl(const engine::MfcAdd& add, const VifTable& vifs);

struct KernelSgCount {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t wrong_if = 0;
};

class KernelMfc {
 public:
  // socket(AF_INET, SOCK_RAW, IPPROTO_IGMP) + MRT_INIT + MRT_PIM + MRT_ASSERT. ENOPROTOOPT means
  // the kernel was built without CONFIG_IP_MROUTE (the error says so).
  static Result<KernelMfc, std::string> Open();
  KernelMfc(KernelMfc&& o) noexcept
      : fd_(o.fd_), wrvifwhole_(o.wrvifwhole_), vifs_(std::move(o.vifs_)) {
    o.fd_ = -1;
  }
  KernelMfc& operator=(KernelMfc&&) = delete;
  KernelMfc(const KernelMfc&) = delete;
  ~KernelMfc();

  int fd() const { return fd_; }
  // IGMPMSG_WRVIFWHOLE upcalls follow every IGMPMSG_WRONGVIF (then the plain one is redundant).
  bool wrvifwhole() const { return wrvifwhole_; }
  const VifTable& vifs() const { return vifs_; }
  Result<std::uint16_t, std::string> AddVif(IfIndex ifx, std::string_view name);
  Result<std::uint16_t, std::string> AddRegisterVif(IfIndex register_ifx);
  void DelVif(IfIndex ifx);
  // 0 or an errno; kNoVif when the incoming interface has no VIF.
  std::optional<engine::EffectFailed> Add(const engine::MfcAdd& add);
  std::optional<engine::EffectFailed> Del(const engine::MfcDel& del);
  std::optional<KernelSgCount> Count(const Sg& sg) const;
  // Reads one message from the MRT socket (non-blocking); nullopt when none is queued.
  std::optional<wire::Bytes> Read();

 private:
  explicit KernelMfc(int fd) : fd_(fd) {}
  int fd_ = -1;
  bool wrvifwhole_ = false;
  VifTable vifs_;
};

}  // namespace mc::platform
