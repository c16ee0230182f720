// Effects: everything an engine asks its host to do (DESIGN.md rule 2, "Engine contract").
// Engines append Effect values to a std::vector<Effect>&; the host applies them in order after
// the step (emulator: deliver frames, update the kernel-MFC model; daemon: sendmsg, MRT_ADD_MFC,
// setsockopt, netlink). Every effect is a plain value with operator== so engine tests compare
// them directly; Describe() renders one line for failure messages and traces.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/time.h"
#include "base/types.h"
#include "engine/notify.h"
#include "wire/writer.h"

namespace mc::engine {

// Send an IPv4 packet out of `oif`; the host builds the IP header (RFC 791) around `payload`,
// adding the Router Alert option (RFC 2113) when asked. dst may be unicast (PIM Register,
// unicast Join/Prune to an RPF neighbor) or multicast (sent with this TTL on `oif` only).
struct SendPacket {
  IfIndex oif;
  Ipv4 src;
  Ipv4 dst;
  std::uint8_t ttl = 1;
  std::uint8_t protocol = 0;
  bool router_alert = false;
  std::uint8_t tos = 0;
  wire::Bytes payload;
  bool operator==(const SendPacket&) const = default;
};

// Send a complete Ethernet frame (with its 802.1Q tag, if the port is tagged) out of a switch
// port. Used by L2 engines (snooping querier, bridge), which build frames themselves.
struct SendFrame {
  IfIndex port;
  wire::Bytes frame;
  bool operator==(const SendFrame&) const = default;
};

// Install or replace the forwarding entry for `sg`. `oifs` is sorted ascending without
// duplicates (engines fill it from an ordered set), so equal entries compare equal.
struct MfcAdd {
  Sg sg;
  IfIndex iif;
  std::vector<IfIndex> oifs;
  bool operator==(const MfcAdd&) const = default;
};

struct MfcDel {
  Sg sg;
  bool operator==(const MfcDel&) const = default;
};

// Snooping: forward frames for `group` in `vlan` to `port` (RFC 4541 §2.1.2). group_mac is
// carried alongside because hardware and the bridge key on MACs (32 groups share one MAC).
struct MdbAdd {
  std::uint16_t vlan = 0;
  Mac group_mac;
  Ipv4 group;
  IfIndex port;
  bool operator==(const MdbAdd&) const = default;
};

struct MdbDel {
  std::uint16_t vlan = 0;
  Mac group_mac;
  Ipv4 group;
  IfIndex port;
  bool operator==(const MdbDel&) const = default;
};

// Join a group on the host's socket so the NIC and the kernel deliver it (RFC 3678 semantics:
// include mode with sources = source-specific join; exclude mode with no sources = any-source).
struct SocketJoin {
  IfIndex ifindex;
  Ipv4 group;
  std::vector<Ipv4> sources;
  FilterMode mode = FilterMode::kExclude;
  bool operator==(const SocketJoin&) const = default;
};

struct SocketLeave {
  IfIndex ifindex;
  Ipv4 group;
  std::vector<Ipv4> sources;
  FilterMode mode = FilterMode::kExclude;
  bool operator==(const SocketLeave&) const = default;
};

// VRRP master: own a virtual address and answer for the virtual MAC (RFC 5798 §6.4.1, §7.3).
struct AddressAdd {
  IfIndex ifindex;
  Ipv4 address;
  Mac virtual_mac;
  bool operator==(const AddressAdd&) const = default;
};

struct AddressDel {
  IfIndex ifindex;
  Ipv4 address;
  Mac virtual_mac;
  bool operator==(const AddressDel&) const = default;
};

// RFC 5798 §6.4.1: a new master broadcasts a gratuitous ARP for each virtual address.
struct GratuitousArp {
  IfIndex ifindex;
  Ipv4 address;
  Mac mac;
  bool operator==(const GratuitousArp&) const = default;
};

// A reliable byte stream (MSDP over TCP, RFC 3618 §5). The engine names its streams; the host
// maps ids to connections and reports back with StreamEvent inputs carrying the same id.
struct StreamId {
  std::uint32_t value = 0;
  auto operator<=>(const StreamId&) const = default;
};

enum class StreamCmdKind : std::uint8_t {
  kConnect,  // active open from local to remote:port
  kListen,   // accept one connection from remote to local:port (the passive side of a peering)
  kSend,     // append bytes to the stream
  kClose,    // close (or stop listening); no further events for this id
};
std::string_view ToString(StreamCmdKind k);

struct StreamCmd {
  StreamId id;
  StreamCmdKind kind = StreamCmdKind::kConnect;
  Ipv4 local;
  Ipv4 remote;
  std::uint16_t port = 0;
  wire::Bytes bytes;  // kSend only
  bool operator==(const StreamCmd&) const = default;
};

// A debug line. Engines emit these through Tracer (engine/trace.h), which rate-limits them.
struct Trace {
  Time at;
  std::string engine;
  std::string text;
  bool operator==(const Trace&) const = default;
};

using Effect =
    std::variant<SendPacket, SendFrame, MfcAdd, MfcDel, MdbAdd, MdbDel, SocketJoin, SocketLeave,
                 AddressAdd, AddressDel, GratuitousArp, StreamCmd, Notify, Trace>;
using Effects = std::vector<Effect>;

// One line, e.g. "MfcAdd (10.0.0.1, 239.1.1.1) iif=1 oifs=[2,3]".
std::string Describe(const Effect& e);

}  // namespace mc::engine
