// Device::Mtrace (device.h): IOS `mtrace source [group]` for the emulator. The trace follows
// draft-ietf-idmr-traceroute-ipm-07 §4 hop by hop: starting at the last-hop router (the device
// itself, or a host's gateway toward the source), each router appends its §3.2 response block
// — incoming and outgoing interface addresses, previous-hop router (its RPF neighbor toward S,
// from the PIM engine's MRIB with static mroutes), routing protocol, the (S,G) packet count of
// its forwarding cache, the source mask of its RPF route and a §3.2.9 forwarding code — and the
// request moves to the previous hop, until the first-hop router (S directly connected), a
// fatal code (No route, Multicast disabled, Reached RP/Core) or a previous hop no emulated
// device owns. The first-hop router's Response is real bytes (wire/mtrace.h): it is encoded and
// decoded again, and the output is printed from the decoded blocks.
// Deliberately left out: the request is not carried in IGMP packets between the routers (no
// frames on the links; the walk reads each router's state directly, in one instant, so the
// per-hop times are 0 ms), no expanding-hop search, no packet-rate statistics (`mstat`).
#include <fmt/format.h>

#include <algorithm>

#include "sim/emu/device.h"
#include "sim/emu/device_mcast.h"
#include "sim/emu/device_mfc.h"
#include "sim/emu/mfc_model.h"
#include "sim/emu/network.h"
#include "wire/mtrace.h"

namespace mc::sim {

namespace {

using wire::MtraceBlock;
using wire::MtraceForwardingCode;
using wire::MtraceProtocol;

constexpr std::uint8_t kMaxHops = 32;

std::uint8_t Code(MtraceForwardingCode c) { return static_cast<std::uint8_t>(c); }

// §3.2.1: the middle 32 bits of an NTP timestamp, 16.16 seconds.
std::uint32_t NtpShort(Time now) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - kTimeZero).count();
  const auto secs = static_cast<std::uint64_t>(us / 1'000'000);
  const auto frac = static_cast<std::uint64_t>(us % 1'000'000) * 65536 / 1'000'000;
  return static_cast<std::uint32_t>((secs << 16) | frac);
}

// §3.2.9: codes after which the router sends the Response instead of forwarding the request.
bool Fatal(std::uint8_t code) {
  return code == Code(MtraceForwardingCode::kNoRoute) ||
         code == Code(MtraceForwardingCode::kNoMulticast) ||
         code == Code(MtraceForwardingCode::kReachedRp) || (code & 0x80) != 0;
}

// The IOS output. A trace that ended at the first-hop router closes with the source; one that
// ended on a fatal code shows it on the last hop; one whose previous hop never answered ends
// with stars (as IOS after its timeout).
std::string RenderTrace(const wire::MtracePacket& r, bool completed) {
  std::string out = "Type escape sequence to abort.\n";
  out += r.group.IsUnspecified()
             ? fmt::format("Mtrace from {} to {} via RPF\n", r.source, r.destination)
             : fmt::format("Mtrace from {} to {} via group {}\n", r.source, r.destination, r.group);
  out += "From source (?) to destination (?)\n";
  out += "Querying full reverse path...\n";
  out += fmt::format(" 0  {}\n", r.destination);
  int hop = 0;
  for (const MtraceBlock& b : r.blocks) {
    --hop;
    const auto code = static_cast<MtraceForwardingCode>(b.forwarding_code);
    const std::string text{wire::ToString(code)};
    const std::string net = b.src_mask_len == wire::kMtraceSrcMaskGroupOnly
                                ? std::string{"using shared tree"}
                                : Prefix::Make(r.source, b.src_mask_len).ToString();
    // A router without a route toward S has no source network to show.
    const std::string where = b.incoming_interface.IsUnspecified() ? "" : "  [" + net + "]";
    out += fmt::format("{}  {} {}{}{}\n", hop, b.outgoing_interface,
                       wire::ToString(static_cast<MtraceProtocol>(b.protocol)),
                       text.empty() ? "" : " " + text, where);
  }
  const bool at_source = !r.blocks.empty() && r.blocks.back().previous_hop == r.source &&
                         r.blocks.back().forwarding_code == 0;
  if (completed && at_source) {
    out += fmt::format("{}  {}\n", hop - 1, r.source);
  } else if (!completed) {
    out += fmt::format("{}  * * *\n", hop - 1);
  }
  return out;
}

}  // namespace

std::string Device::Mtrace(Network& net, std::size_t d, Time now, const MtraceCommand& cmd) {
  Device& start = net.device(d);
  // Which powered device owns an address: where the request goes next.
  const auto owning = [&](Ipv4 a) -> std::optional<std::size_t> {
    for (std::size_t k = 0; k < net.device_count(); ++k) {
      if (net.Powered(k) && net.device(k).IsOwnAddress(a)) {
        return k;
      }
    }
    return std::nullopt;
  };
  wire::MtracePacket req{.max_hops = kMaxHops,
                         .group = cmd.group.value_or(Ipv4{}),
                         .source = cmd.source,
                         .query_id = static_cast<std::uint32_t>(start.mac_seed_ & 0xFFFFFF)};
  // The destination: a host's own address (its gateway is the last hop); a router's RPF
  // interface toward S.
  const std::optional<Route> first = start.Lookup(cmd.source);
  if (!first || !first->iface || !start.ifaces_[*first->iface].address) {
    return fmt::format("% No route to source {}\n", cmd.source);
  }
  req.destination = start.ifaces_[*first->iface].address->address;
  req.response_address = req.destination;
  std::optional<std::size_t> cur = d;
  Ipv4 out_address = req.destination;
  if (start.config_.kind == config::DeviceKind::kHost) {
    cur = first->next_hop ? owning(*first->next_hop) : std::nullopt;
    out_address = first->next_hop.value_or(Ipv4{});
  }
  bool completed = false;
  while (cur && req.blocks.size() < req.max_hops && req.blocks.size() < wire::kMtraceBlocksMax) {
    const MtraceBlock b = net.device(*cur).MtraceHop(now, req, out_address, completed);
    req.blocks.push_back(b);
    if (completed || Fatal(b.forwarding_code)) {
      completed = true;  // the Response goes back from here
      break;
    }
    cur = owning(b.previous_hop);
    out_address = b.previous_hop;
  }
  // The Response travels as bytes: what is printed is what a querier would decode.
  req.response = true;
  const auto bytes = wire::EncodeToBytes(req);
  const auto resp =
      bytes ? wire::DecodeMtrace(*bytes)
            : Result<wire::MtracePacket, wire::DecodeError>(wire::DecodeError::kBadField);
  if (!resp) {
    return "% mtrace: malformed response\n";
  }
  return RenderTrace(*resp, completed);
}

// One hop of the trace on this device.
MtraceBlock Device::MtraceHop(Time now, const wire::MtracePacket& req, Ipv4 out_address,
                              bool& first_hop) const {
  MtraceBlock b;
  b.query_arrival_time = NtpShort(now);
  b.outgoing_interface = out_address;
  if (config_.kind == config::DeviceKind::kHost || !mfc_ || !config_.multicast_routing ||
      !config_.ip_routing) {
    b.forwarding_code = Code(MtraceForwardingCode::kNoMulticast);
    return b;
  }
  // RPF toward S: the PIM engine's MRIB (static mroutes win), else the unicast table.
  std::optional<IfIndex> iif;
  std::optional<Ipv4> nbr;
  std::uint8_t mask_len = 0;
  if (mfc_->pim) {
    if (const std::optional<pim::RpfInfo> r = mfc_->pim->Rpf(req.source); r && r->iif.valid()) {
      iif = r->iif;
      nbr = r->next_hop;
      mask_len = r->prefix.length();
      b.protocol = static_cast<std::uint8_t>(r->from_static_mroute ? MtraceProtocol::kPimStatic
                                                                   : MtraceProtocol::kPim);
    }
  } else if (const std::optional<Route> r = Lookup(req.source); r && r->iface) {
    iif = ToIfIndex(*r->iface);
    nbr = r->next_hop;
    mask_len = r->prefix.length();
  }
  if (!iif || iif->value() == 0 || iif->value() > ifaces_.size()) {
    b.forwarding_code = Code(MtraceForwardingCode::kNoRoute);
    return b;
  }
  const Iface& in = ifaces_[iif->value() - 1];
  b.incoming_interface = in.address ? in.address->address : Ipv4{};
  b.src_mask_len = mask_len;
  first_hop = in.address && in.address->Subnet().Contains(req.source);
  b.previous_hop = first_hop ? req.source : nbr.value_or(Ipv4{});
  b.input_packets = static_cast<std::uint32_t>(in.counters.frames_in);
  if (const std::optional<std::size_t> o = OwnerOf(out_address)) {
    b.output_packets = static_cast<std::uint32_t>(ifaces_[*o].counters.frames_out);
  }
  if (req.group.IsUnspecified()) {
    return b;  // "via RPF": no group state to report
  }
  const Sg sg{req.source, req.group};
  for (const MfcEntryView& v : mfc_->model.Entries()) {
    if (v.sg == sg) {
      b.sg_packets = static_cast<std::uint32_t>(v.count.packets);
    }
  }
  if (mfc_->pim && !mfc_->pim->installed().contains(sg) &&
      mfc_->pim->UpstreamState(Sg{{}, req.group}).has_value() && mfc_->pim->IAmRp(req.group)) {
    // §3.2.9 REACHED_RP: only shared-tree state here, and this router is the RP.
    b.forwarding_code = Code(MtraceForwardingCode::kReachedRp);
    b.src_mask_len = wire::kMtraceSrcMaskGroupOnly;
    first_hop = false;
    return b;
  }
  if (mfc_->pim) {
    const auto it = mfc_->pim->installed().find(sg);
    const std::optional<std::size_t> o = OwnerOf(out_address);
    if (it != mfc_->pim->installed().end() && o &&
        std::find(it->second.oifs.begin(), it->second.oifs.end(), ToIfIndex(*o)) ==
            it->second.oifs.end() &&
        out_address != req.destination) {
      b.forwarding_code = Code(MtraceForwardingCode::kNotForwarding);
    }
  }
  return b;
}

}  // namespace mc::sim
