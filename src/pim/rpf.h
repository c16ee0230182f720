// The MRIB (RFC 7761 §4.5.7 / §4.6.1 "MRIB.next_hop()"), the static group-to-RP mapping
// (§4.7 with IOS `ip pim rp-address A [ACL] [override]`) and the SSM ranges (RFC 4607 §1,
// IOS `ip pim ssm default|range ACL`).
//
// Decision: unicast routes arrive as RouteEvent inputs (one per best route, `removed` withdraws
// it); static mroutes (`ip mroute`) arrive through the engine's configuration (PimGlobalSettings)
// already resolved to an interface and RPF neighbor, and win over the unicast table for the
// sources they cover (IOS: distance 0 by default), longest match among them first.
// RP choice (IOS semantics for static RPs): among the mappings whose ACL permits G, the most
// specific permitting ACL entry wins (its wildcard's zero bits are the "prefix length"; no ACL
// counts as 224.0.0.0/4), then `override` mappings, then the highest RP address.
// Leaves out: dynamic (BSR, Auto-RP) mappings — `override` is stored for when they exist —,
// ECMP (the host sends the one best route), BIDIR RPs.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "base/types.h"
#include "config/device_config.h"
#include "engine/input.h"

namespace mc::pim {

// RPF information toward a target (source or RP).
struct RpfInfo {
  IfIndex iif;
  Ipv4 next_hop;  // 0.0.0.0: directly connected
  std::uint32_t metric_preference = 0;
  std::uint32_t metric = 0;
  Prefix prefix;  // the route used
  bool from_static_mroute = false;
  bool operator==(const RpfInfo&) const = default;
};

// `ip mroute S M {RPF-NH | IF}` resolved by the host.
struct StaticMroute {
  Prefix source;
  IfIndex iif;
  Ipv4 rpf_neighbor;
  bool operator==(const StaticMroute&) const = default;
};

class Mrib {
 public:
  // Returns whether the table changed.
  bool Apply(const engine::RouteEvent& e);
  void SetStaticMroutes(std::vector<StaticMroute> mroutes) { statics_ = std::move(mroutes); }
  std::optional<RpfInfo> Lookup(Ipv4 target) const;
  std::size_t size() const { return routes_.size(); }

 private:
  std::map<Prefix, RpfInfo> routes_;
  std::array<std::uint32_t, 33> routes_by_length_{};  // lookups skip lengths with no route
  std::vector<StaticMroute> statics_;
};

struct RpMapping {
  Ipv4 rp;
  std::optional<config::AccessList> acl;  // nullopt: 224.0.0.0/4
  std::string acl_name;
  bool override_dynamic = false;
  bool operator==(const RpMapping&) const = default;
};

struct SptThreshold {
  std::optional<std::uint32_t> kbps;  // nullopt: infinity
  std::optional<config::AccessList> groups;
  bool operator==(const SptThreshold&) const = default;
};

// RP(G) over the static mappings; nullopt when none covers G.
std::optional<Ipv4> RpFor(const std::vector<RpMapping>& mappings, Ipv4 group);
// The "prefix length" of the first ACL entry deciding for `a`; nullopt when the ACL denies.
std::optional<std::uint8_t> PermitSpecificity(const config::AccessList& acl, Ipv4 a);

struct SsmRanges {
  bool enabled = false;
  std::optional<config::AccessList> acl;  // nullopt with enabled: 232.0.0.0/8
  bool Contains(Ipv4 group) const;
  bool operator==(const SsmRanges&) const = default;
};

}  // namespace mc::pim
