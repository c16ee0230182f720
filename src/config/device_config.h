// DeviceConfig: the typed form of one device's IOS-style configuration (LAB-FORMAT.md §3), with
// IOS defaults, as the engines, the emulator and `show running-config` consume it.
//
// Holds what the addressing, L2, unicast-routing and ACL commands set: hostname, `ip routing`,
// `ip default-gateway`, interfaces (addresses, switchport, OSPF, spanning tree, VRF), VLANs,
// spanning-tree mode and priorities, static routes and mroutes, OSPF processes, VRFs, standard
// ACLs and `ip multicast-routing`. Only explicitly configured things are stored; defaults that
// depend on the device kind (ip routing; physical switch ports are switchports) are applied
// when an object is created, so a default-constructed field always means the IOS default.
// Left out: IGMP, snooping, PIM, MSDP, VRRP and data-center settings (later issues add fields
// here and rows to the command table); extended ACLs.
#pragma once

#include <bitset>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/ipv4.h"
#include "config/pim_config.h"
#include "config/snoop_config.h"
#include "config/vrrp_config.h"

namespace mc::config {

// LAB-FORMAT.md §2 node kinds.
enum class DeviceKind : std::uint8_t { kRouter, kSwitch, kHost };

// IOS: routers route by default; Catalyst switches and end stations do not.
constexpr bool IpRoutingDefault(DeviceKind kind) { return kind == DeviceKind::kRouter; }

// A set of 802.1Q VLAN IDs 1..4094, as `switchport trunk allowed vlan` and `vlan` take them.
class VlanSet {
 public:
  static constexpr std::uint16_t kMin = 1;
  static constexpr std::uint16_t kMax = 4094;

  static VlanSet All();
  static VlanSet Of(std::uint16_t vlan);
  // "10", "1,3-5,100": IDs in 1..4094, ranges low-high with low <= high, no spaces.
  static std::optional<VlanSet> Parse(std::string_view text);

  bool Contains(std::uint16_t vlan) const { return vlan <= kMax && bits_.test(vlan); }
  bool empty() const { return bits_.none(); }
  bool IsAll() const { return bits_.count() == kMax; }
  std::size_t size() const { return bits_.count(); }
  void Add(const VlanSet& other) { bits_ |= other.bits_; }
  void Remove(const VlanSet& other) { bits_ &= ~other.bits_; }
  VlanSet Complement() const;
  std::vector<std::uint16_t> Ids() const;
  // IOS list form, "1,3-5,100"; "none" when empty.
  std::string ToString() const;

  bool operator==(const VlanSet&) const = default;

 private:
  std::bitset<kMax + 1> bits_;  // bit 0 is never set
};

enum class SwitchportMode : std::uint8_t { kAccess, kTrunk };
enum class StpMode : std::uint8_t { kPvst, kRapidPvst, kMst };

std::string_view ToString(SwitchportMode mode);
std::string_view ToString(StpMode mode);

// `ip address A M`: the address and its subnet mask (contiguous, checked by the parser).
struct InterfaceAddress {
  Ipv4 address;
  Ipv4 mask;
  Prefix Subnet() const;
  bool operator==(const InterfaceAddress&) const = default;
};

// `ip ospf PROCESS area AREA` on an interface.
struct OspfInterfaceArea {
  std::uint32_t process = 0;
  std::uint32_t area = 0;
  bool operator==(const OspfInterfaceArea&) const = default;
};

// `ip pim <mode>` on an interface; as on IOS it also turns IGMP on there.
enum class PimMode : std::uint8_t { kSparse, kDense, kSparseDense };
std::string_view ToString(PimMode mode);  // "sparse-mode", "dense-mode", "sparse-dense-mode"

// A group, optionally source-specific: `ip igmp join-group G [source S]`,
// `ip igmp static-group G [source S]`.
struct IgmpGroupSpec {
  Ipv4 group;
  std::optional<Ipv4> source;
  bool operator==(const IgmpGroupSpec&) const = default;
};

// What happens when `ip igmp limit` / `ip igmp max-groups` is reached: refuse the new group
// (IOS routers, Catalyst default) or evict a randomly chosen existing one (Catalyst `replace`).
enum class IgmpLimitAction : std::uint8_t { kDeny, kReplace };

// `ip igmp ...` on an interface, with IOS defaults (seed 003's `show ip igmp interface`).
struct IgmpInterfaceConfig {
  std::optional<std::uint8_t> version;               // nullopt: 2 on routers, 3 on hosts
  std::uint32_t query_interval_s = 60;               // `ip igmp query-interval`
  std::uint32_t query_max_response_time_s = 10;      // `ip igmp query-max-response-time`
  std::optional<std::uint32_t> querier_timeout_s;    // `ip igmp query-timeout`; default 2 x QI
  std::uint8_t robustness = 2;                       // `ip igmp robustness`
  std::uint8_t last_member_query_count = 2;          // `ip igmp last-member-query-count`
  std::uint32_t last_member_query_interval_ms = 1000;  // `ip igmp last-member-query-interval`
  bool immediate_leave = false;                      // `ip igmp immediate-leave`
  std::string immediate_leave_acl;                   // `... group-list ACL`; empty: all groups
  std::vector<IgmpGroupSpec> join_groups;            // `ip igmp join-group`
  std::vector<IgmpGroupSpec> static_groups;          // `ip igmp static-group`
  std::string access_group;                          // `ip igmp access-group ACL`; empty: none
  std::optional<std::uint32_t> limit;                // `ip igmp limit N` / `ip igmp max-groups N`
  IgmpLimitAction limit_action = IgmpLimitAction::kDeny;  // `ip igmp max-groups action`
  std::string filter_profile;                        // `ip igmp filter N` (snooping profiles)
  bool operator==(const IgmpInterfaceConfig&) const = default;
};

struct InterfaceConfig {
  std::string name;  // as first written in the config, spaces removed
  std::string description;
  bool shutdown = false;  // lab interfaces come up unless `shutdown` says otherwise
  bool switchport = false;
  std::optional<SwitchportMode> switchport_mode;  // nullopt: IOS's dynamic default (access)
  std::uint16_t access_vlan = 1;
  VlanSet trunk_allowed_vlans = VlanSet::All();
  std::uint16_t trunk_native_vlan = 1;
  bool trunk_encapsulation_dot1q = false;
  std::string vrf;  // `ip vrf forwarding NAME`; empty is the global table
  std::optional<InterfaceAddress> address;
  std::vector<InterfaceAddress> secondary_addresses;
  std::optional<OspfInterfaceArea> ospf;
  std::optional<std::uint32_t> ospf_cost;
  bool stp_portfast = false;
  std::optional<std::uint32_t> stp_cost;
  std::optional<PimMode> pim_mode;  // `ip pim sparse-mode|dense-mode|sparse-dense-mode`
  IgmpInterfaceConfig igmp;
  PimInterfaceConfig pim;  // `ip pim dr-priority|query-interval` (pim_config.h)
  std::vector<VrrpGroupConfig> vrrp;  // `vrrp N ...`, ascending by group (vrrp_config.h)
  SnoopInterfaceConfig snoop;  // `[no] ip igmp snooping tcn flood` (snoop_config.h)

  bool operator==(const InterfaceConfig&) const = default;
};

// `ip route P M {NH | IF [NH]} [distance]`.
struct StaticRoute {
  Prefix prefix;
  std::string interface;  // empty when only a next hop is given
  std::optional<Ipv4> next_hop;
  std::uint8_t distance = 1;
  bool operator==(const StaticRoute&) const = default;
};

// `ip mroute S M {RPF-NH | IF} [distance]`: overrides the unicast RPF lookup for sources in S/M.
struct StaticMroute {
  Prefix source;
  std::string interface;  // empty when an RPF neighbor is given
  std::optional<Ipv4> rpf_neighbor;
  std::uint8_t distance = 0;
  bool operator==(const StaticMroute&) const = default;
};

// `network A W area X` inside `router ospf N`.
struct OspfNetwork {
  Ipv4 address;
  Ipv4 wildcard;
  std::uint32_t area = 0;
  // An interface address is covered when it equals `address` in every bit the wildcard keeps.
  bool Matches(Ipv4 a) const;
  bool operator==(const OspfNetwork&) const = default;
};

struct OspfProcess {
  std::optional<Ipv4> router_id;
  std::vector<OspfNetwork> networks;
  bool passive_default = false;                     // `passive-interface default`
  std::vector<std::string> passive_interfaces;      // when !passive_default
  std::vector<std::string> non_passive_interfaces;  // `no passive-interface X` under default
  bool IsPassive(std::string_view interface) const;
  bool operator==(const OspfProcess&) const = default;
};

struct VrfConfig {
  std::string rd;  // "100:104" or "10.0.0.1:5"; empty when not set
  bool operator==(const VrfConfig&) const = default;
};

struct VlanConfig {
  std::string name;  // empty: IOS's default name VLANnnnn
  bool operator==(const VlanConfig&) const = default;
};

// A standard ACL source: addresses equal to `address` in every bit the wildcard does not set.
// `any` is 0.0.0.0 255.255.255.255, `host A` is A 0.0.0.0.
struct AclMatch {
  Ipv4 address;
  Ipv4 wildcard;
  bool Matches(Ipv4 a) const { return ((a.value() ^ address.value()) & ~wildcard.value()) == 0; }
  bool operator==(const AclMatch&) const = default;
};

enum class AclAction : std::uint8_t { kPermit, kDeny, kRemark };

struct AclEntry {
  AclAction action = AclAction::kPermit;
  AclMatch match;      // unused for remarks
  std::string remark;  // only for kRemark
  bool operator==(const AclEntry&) const = default;
};

// A standard ACL, numbered (`access-list 1 ...`) or named (`ip access-list standard NAME`).
struct AccessList {
  std::vector<AclEntry> entries;
  // First matching permit/deny entry decides; no match is the implicit deny.
  bool Permits(Ipv4 a) const;
  bool operator==(const AccessList&) const = default;
};

struct DeviceConfig {
  explicit DeviceConfig(DeviceKind k) : kind(k), ip_routing(IpRoutingDefault(k)) {}

  DeviceKind kind;
  std::string hostname;  // empty: not configured (the lab uses the node name)
  bool ip_routing;
  std::optional<Ipv4> default_gateway;
  bool multicast_routing = false;                // `ip multicast-routing` (global table)
  std::set<std::string> multicast_routing_vrfs;  // `ip multicast-routing vrf NAME`
  StpMode stp_mode = StpMode::kPvst;
  std::map<std::uint16_t, std::uint32_t> stp_vlan_priority;  // absent: 32768
  std::map<std::uint16_t, VlanConfig> vlans;                 // created by `vlan N`
  std::map<std::string, VrfConfig> vrfs;
  std::vector<InterfaceConfig> interfaces;  // in config order
  std::map<std::uint32_t, OspfProcess> ospf;
  std::vector<StaticRoute> static_routes;          // in config order
  std::vector<StaticMroute> static_mroutes;        // in config order
  std::map<std::string, AccessList> access_lists;  // numbered ones under their number
  VrrpGlobalConfig vrrp;  // `fhrp version vrrp v3`, `track N ...` (vrrp_config.h)
  PimGlobalConfig pim;  // `ip pim rp-address|ssm|spt-threshold|register-source` (pim_config.h)
  SnoopConfig snooping;  // `ip igmp snooping ...`, profiles, static MACs (snoop_config.h)

  // By any spelling of the name (SameInterface).
  const InterfaceConfig* FindInterface(std::string_view name) const;
  InterfaceConfig* FindInterface(std::string_view name);
  // Finds or appends the interface with this device kind's defaults.
  InterfaceConfig& GetOrAddInterface(std::string_view name);
  // What an interface the config never mentions (a name only used by a link) looks like.
  InterfaceConfig DefaultInterface(std::string_view name) const;
  const AccessList* FindAccessList(std::string_view name) const;

  bool operator==(const DeviceConfig&) const = default;
};

}  // namespace mc::config
