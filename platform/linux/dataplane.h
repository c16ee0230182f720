// mcastd's multicast forwarding dataplane: where the engines' MfcAdd / MfcDel go and where
// DataplaneEvents come from (engine/input.h). Two implementations of one behaviour:
//
// - kKernel: the Linux ipmr cache through the MRT socket (mroute.h). Upcalls are read from the
//   MRT socket; activity comes from SIOCGETSGCNT on every installed entry, polled by the host.
// - kUser: for kernels built without CONFIG_IP_MROUTE (MRT_INIT fails with ENOPROTOOPT), a
//   user-space cache: data packets read from the packet tap (packet_io.h) go through the very
//   MfcModel the emulator uses (sim/emu/mfc_model.h, the model of net/ipv4/ipmr.c), so the
//   engines see the same NOCACHE / WRONGVIF / WHOLEPKT semantics either way; copies leave as
//   frames with the TTL decremented (RFC 1812 §5.3.1 style) and the UDP checksum completed
//   (NETNS-INTEROP-NOTES pitfall 1: a host's datagram may carry a partial checksum).
//
// In both, WHOLEPKT packets carry a completed UDP checksum before they are encapsulated in
// Registers. Left out: MRT_TABLE (one table, 32 VIFs in kernel mode), user-space fragments
// reassembly (fragments are forwarded like other packets), MTU checks.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/effect.h"
#include "engine/input.h"
#include "platform/linux/mroute.h"
#include "sim/emu/mfc_model.h"
#include "wire/writer.h"

namespace mc::platform {

using sim::MfcApplyResult;
using sim::MfcModel;
using sim::MfcOptions;

enum class DataplaneMode : std::uint8_t { kKernel, kUser };
std::string_view ToString(DataplaneMode m);

// One copy to transmit (user mode): the whole IPv4 packet, TTL already decremented.
struct Transmit {
  IfIndex oif;
  wire::Bytes packet;
};

struct DataplaneOutput {
  std::vector<Transmit> transmits;
  std::vector<engine::DataplaneEvent> upcalls;
  std::vector<engine::EffectFailed> failures;
};

// One installed entry, for `show` and tests (either mode).
struct DataplaneEntry {
  Sg sg;
  IfIndex iif;
  std::vector<IfIndex> oifs;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
};

class Dataplane {
 public:
  // Kernel mode when MRT_INIT works, else user mode (`why` says why); force_user skips the
  // kernel.
  static std::unique_ptr<Dataplane> Open(bool force_user, std::string& why);
  // For tests: user mode without any socket.
  static std::unique_ptr<Dataplane> UserOnly(MfcOptions options = {});

  DataplaneMode mode() const { return kernel_ ? DataplaneMode::kKernel : DataplaneMode::kUser; }
  int upcall_fd() const { return kernel_ ? kernel_->fd() : -1; }

  // A VIF for an interface (register: the PIM engine's register VIF). Kernel mode fails past
  // MAXVIFS with the interface named.
  Result<bool, std::string> AddVif(IfIndex ifx, std::string_view name, bool is_register);
  void DelVif(IfIndex ifx);
  bool IsVif(IfIndex ifx) const { return vifs_.contains(ifx); }

  // MfcAdd / MfcDel effects.
  void Apply(Time now, const engine::Effect& e, DataplaneOutput& out);
  // User mode: a multicast data packet (whole IPv4 packet) that arrived on `iif`.
  void Forward(Time now, IfIndex iif, wire::Bytes packet, DataplaneOutput& out);
  // Kernel mode: drain the MRT socket. `bad` counts undecodable messages.
  void ReadUpcalls(DataplaneOutput& out, std::size_t& bad);
  // kActivity for entries whose packet count moved since the last poll.
  std::vector<engine::DataplaneEvent> PollActivity();
  std::vector<DataplaneEntry> Entries() const;

 private:
  Dataplane() = default;
  void Release(Time now, MfcApplyResult& r, DataplaneOutput& out);
  void Copies(std::span<const std::uint8_t> packet, const std::vector<IfIndex>& oifs,
              DataplaneOutput& out);

  std::optional<KernelMfc> kernel_;
  MfcModel model_;
  std::map<IfIndex, std::string> vifs_;
  // Kernel mode: what was installed, with the packet count of the previous poll.
  std::map<Sg, std::pair<engine::MfcAdd, std::uint64_t>> installed_;
};

}  // namespace mc::platform
