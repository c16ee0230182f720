// Inputs: everything that happens to an engine (DESIGN.md "Engine contract"). A host turns
// received packets, kernel upcalls, link and route changes, configuration, stream events and
// other engines' notifications into Input values and calls Engine::Handle(now, input, out).
// Inputs are plain values (operator==) so the daemon can record them and replay them bit for bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/ipv4.h"
#include "base/mac.h"
#include "base/types.h"
#include "engine/effect.h"
#include "engine/notify.h"
#include "wire/writer.h"

namespace mc::engine {

// What PacketIn::bytes holds.
enum class Layer : std::uint8_t {
  kL3,  // the IP payload (an IGMP, PIM, VRRP, UDP, ... message); the IP header is in the fields
  kL2,  // the whole Ethernet frame as received, 802.1Q tag included; the engine decodes it
};
std::string_view ToString(Layer l);

// A received packet. For kL3 the host has parsed and validated the IPv4 header (RFC 791);
// src_mac and vlan are informational. For kL2 (switch engines) ifindex is the ingress port,
// vlan the VLAN the port classified the frame into, src_mac the frame's source; the IP fields
// are left unset because the frame may not carry IPv4 at all.
struct PacketIn {
  Layer layer = Layer::kL3;
  IfIndex ifindex;
  Ipv4 src;
  Ipv4 dst;
  std::uint8_t ttl = 0;
  std::uint8_t protocol = 0;
  bool router_alert = false;  // RFC 2113 option present (IGMPv2/v3 reports must carry it)
  Mac src_mac;
  std::optional<std::uint16_t> vlan;
  wire::Bytes bytes;
  bool operator==(const PacketIn&) const = default;
};

// Kernel multicast forwarding upcalls and counters (the emulator's kernel-MFC model produces the
// same): Linux IGMPMSG_NOCACHE / IGMPMSG_WRONGVIF / IGMPMSG_WHOLEPKT and SIOCGETSGCNT.
enum class DataplaneKind : std::uint8_t {
  kNoCache,      // first packet of a flow with no forwarding entry, arrived on iif
  kWrongIif,     // a packet of sg arrived on iif, which is not the entry's incoming interface
  kWholePacket,  // a packet on the register VIF: `packet` is the whole IP packet to encapsulate
  kActivity,     // cumulative counters of the installed entry for sg
};
std::string_view ToString(DataplaneKind k);

struct DataplaneEvent {
  DataplaneKind kind = DataplaneKind::kNoCache;
  IfIndex iif;
  Sg sg;
  std::uint64_t packet_count = 0;  // kActivity: cumulative since the entry was installed
  std::uint64_t byte_count = 0;
  wire::Bytes packet;  // kWholePacket only
  // kActivity: packets that arrived on another interface than iif, cumulative (SIOCGETSGCNT's
  // wrong_if); they raise at most one WRONGVIF upcall per MFC_ASSERT_THRESH, so this count is how
  // an engine learns that data it waits for may have been muted by the rate limit.
  std::uint64_t wrong_if_count = 0;
  bool operator==(const DataplaneEvent&) const = default;
};

// An interface address and the length of its subnet ("10.0.1.1/24").
struct IfAddress {
  Ipv4 address;
  std::uint8_t prefix_len = 0;
  Prefix Subnet() const { return Prefix::Make(address, prefix_len); }
  bool operator==(const IfAddress&) const = default;
};

// An interface came up or went down, or its primary address changed.
struct LinkEvent {
  IfIndex ifindex;
  bool up = false;
  std::optional<IfAddress> address;
  Mac mac;  // the interface's own MAC, for engines that build frames
  bool operator==(const LinkEvent&) const = default;
};

// A unicast route for RPF (the MRIB, RFC 7761 §4.5.7 / §4.6.1): the best route toward `prefix`.
// metric_preference and metric are what PIM Assert messages carry (RFC 7761 §4.6.3).
struct RouteEvent {
  Prefix prefix;
  Ipv4 next_hop;  // 0.0.0.0 for a connected route
  IfIndex ifindex;
  std::uint32_t metric_preference = 0;
  std::uint32_t metric = 0;
  bool removed = false;
  bool operator==(const RouteEvent&) const = default;
};

// Configuration changed for the part of the device named `key` ("interface eth0",
// "ip pim rp-address"); the engine re-reads its typed config. `version` increases with each
// change so an engine can tell a stale notice from a new one.
struct ConfigChange {
  std::string key;
  std::uint64_t version = 0;
  bool operator==(const ConfigChange&) const = default;
};

enum class StreamEventKind : std::uint8_t { kConnected, kData, kClosed, kFailed };
std::string_view ToString(StreamEventKind k);

// Something happened on a stream the engine opened with StreamCmd (same id).
struct StreamEvent {
  StreamId id;
  StreamEventKind kind = StreamEventKind::kConnected;
  wire::Bytes bytes;  // kData only: the next bytes of the stream, in order
  bool operator==(const StreamEvent&) const = default;
};

// The host could not apply an effect (see STYLE-EXAMPLES E7): failures come back as input, never
// as return values, so the engine can count, trace and retry.
enum class FailReason : std::uint8_t {
  kNoVif,          // the interface has no multicast VIF (e.g. the kernel's 32-VIF limit)
  kResourceLimit,  // the host refused for lack of space (table full, buffer full)
  kUnreachable,    // no route or link for the destination
  kSystemError,    // any other OS error; see error_number
};
std::string_view ToString(FailReason r);

struct EffectFailed {
  Effect effect;
  FailReason reason = FailReason::kSystemError;
  int error_number = 0;  // the OS error code for kSystemError, else 0
  bool operator==(const EffectFailed&) const = default;
};

using Input = std::variant<PacketIn, DataplaneEvent, LinkEvent, RouteEvent, ConfigChange,
                           StreamEvent, Notify, EffectFailed>;

// One line, e.g. "PacketIn L3 if=2 10.0.0.1->224.0.0.13 ttl=1 proto=103 len=26 [20 00 ...]".
std::string Describe(const Input& in);

}  // namespace mc::engine
