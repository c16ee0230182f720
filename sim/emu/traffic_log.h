// TrafficLog: what the lab observes on the wire and at the applications, for the scenario's
// `expect <node> received ...` and `expect <node>:<if> sent ...` lines (LAB-FORMAT.md §4).
//
// Every frame a device sends out of an interface is classified once, from its bytes (Ethernet,
// optional 802.1Q tag, IPv4, then the protocol header), into multicast data for a group or one
// of the `<ctl>` control kinds with the groups it names. Every UDP datagram an application
// receives is logged with its group and source. The log lives in the Network, not the device,
// so it survives `node X down|up` (it is an observer's record, not device state).
//
// Left out: unicast data (the expect forms count multicast data only), fragments (never sent).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/ipv4.h"
#include "base/time.h"
#include "sim/lab/scenario.h"

namespace mc::sim {

// One classified frame: data for a group, or a control packet naming zero or more groups.
struct FrameClass {
  std::optional<ControlKind> control;  // nullopt: multicast data
  std::vector<Ipv4> groups;            // data: exactly one; control: the groups it names
};

// Classifies an Ethernet frame; nullopt when it is neither multicast data nor a `<ctl>` packet
// (ARP, unicast data, ICMP unicast, BPDUs, anything malformed).
std::optional<FrameClass> ClassifyFrame(std::span<const std::uint8_t> frame);

class TrafficLog {
 public:
  void NoteSent(Time at, std::size_t device, std::size_t iface,
                std::span<const std::uint8_t> frame);
  void NoteReceived(Time at, std::size_t device, Ipv4 group, Ipv4 source);

  // `expect <node> received <G> [from <S>] [since <T>]`: datagrams delivered at or after since.
  std::uint64_t CountReceived(std::size_t device, Ipv4 group, std::optional<Ipv4> from,
                              Time since) const;
  // `expect <node>:<if> sent <G>` (control nullopt) or `sent <ctl> [<G>]`: packets sent at or
  // after since. A control packet naming several groups counts once.
  std::uint64_t CountSent(std::size_t device, std::size_t iface, std::optional<ControlKind> control,
                          std::optional<Ipv4> group, Time since) const;

 private:
  // One record per (packet, group); `first` marks a packet's first record so packets that name
  // several groups (a Join/Prune, a v3 report) count once when no group is asked for.
  struct SentRecord {
    Time at;
    std::uint32_t group = 0;
    std::uint8_t kind = 0;  // 0: data; else ControlKind + 1
    bool first = true;
  };
  struct ReceivedRecord {
    Time at;
    std::uint32_t group = 0;
    std::uint32_t source = 0;
  };
  std::vector<std::vector<std::vector<SentRecord>>> sent_;  // [device][iface], in time order
  std::vector<std::vector<ReceivedRecord>> received_;       // [device], in time order
};

}  // namespace mc::sim
