// topology.yml: the containerlab subset of LAB-FORMAT.md §2, loaded with yaml-cpp into a typed
// Topology.
//
// Read: `name`; `topology.nodes` (kind, startup-config); `topology.links` (endpoints as
// "node:if" strings or containerlab's extended `{node, interface}` maps, plus the lab extras
// `delay` and `loss`); containerlab's inheritance of `kind` and `startup-config` from
// `topology.groups` (via a node's `group`), `topology.kinds` and `topology.defaults`, in that
// order; `__clabNodeName__` in a startup-config path. cisco_iol with `type: l2` is a switch.
// Accepted and ignored: every other key containerlab defines for the lab, nodes and links
// (image, mgmt, labels, exec, binds, env, type, mtu, ...).
// Rejected, as LabError `topology.yml:LINE: message`: YAML syntax errors, unknown keys, unknown
// kinds, nodes without a kind, duplicate node names, endpoints that are malformed or name an
// unknown node, an interface used by two links (IOS abbreviations count: Gi0/0 is
// GigabitEthernet0/0), links with fewer than two endpoints, link types other than veth,
// bad delay/loss, a startup-config that is embedded or whose file does not exist.
// Left out: containerlab's environment-variable expansion, embedded (multi-line) startup
// configs, remote (URL) startup configs, and the special endpoints host:, mgmt-net:, macvlan:.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/time.h"
#include "sim/lab/lab_error.h"

namespace mc::sim {

enum class NodeKind : std::uint8_t { kRouter, kSwitch, kHost };

std::string_view ToString(NodeKind kind);
// `router`, `switch`, `host` and the containerlab kinds that map onto them (linux -> host,
// bridge/ovs-bridge -> switch, vendor router kinds such as cisco_iol, ceos, srl, crpd, xrd and
// every vr-* -> router); nullopt for anything else.
std::optional<NodeKind> NodeKindFromName(std::string_view kind);

// LAB-FORMAT §2: one-way propagation delay of a link when `delay` is absent.
inline constexpr Duration kDefaultLinkDelay = std::chrono::microseconds{100};

struct Node {
  std::string name;
  NodeKind kind = NodeKind::kRouter;
  std::string kind_name;  // as written (or inherited), e.g. "cisco_iol"
  // Resolved against the lab folder; nullopt when the node has none (it boots unconfigured).
  std::optional<std::filesystem::path> startup_config;
  int line = 0;  // where the node is defined in topology.yml
};

struct Endpoint {
  std::string node;
  std::string interface;  // exactly as written
  bool operator==(const Endpoint&) const = default;
};

struct Link {
  std::vector<Endpoint> endpoints;  // two for a cable; more for a shared segment (a hub)
  Duration delay = kDefaultLinkDelay;
  double loss = 0;  // drop probability, 0..1
  int line = 0;

  bool IsSegment() const { return endpoints.size() > 2; }
};

// Where a node's interface sits in Topology::links.
struct EndpointRef {
  std::size_t link = 0;
  std::size_t endpoint = 0;
  bool operator==(const EndpointRef&) const = default;
};

struct Topology {
  std::string name;
  std::vector<Node> nodes;  // in the order written
  std::vector<Link> links;  // in the order written

  const Node* FindNode(std::string_view name) const;
  // The link endpoint of `node` whose interface is `interface` by SameInterfaceName.
  std::optional<EndpointRef> FindEndpoint(std::string_view node, std::string_view interface) const;
};

// True when `a` and `b` name the same interface the way IOS matches names: spaces ignored, the
// leading alphabetic type matched case-insensitively with either one an abbreviation (prefix)
// of the other, and the rest (slot/port numbers) identical. "Gi0/0", "gigabitethernet 0/0" and
// "GigabitEthernet0/0" are the same; "Gi0/0" and "Te0/0" are not; "15/1" only matches "15/1".
bool SameInterfaceName(std::string_view a, std::string_view b);

// Parses topology.yml text. Relative startup-config paths resolve against `lab_dir`, whose
// files must exist. `file_name` is how errors name the file.
Result<Topology, LabError> ParseTopology(std::string_view yaml,
                                         const std::filesystem::path& lab_dir,
                                         std::string_view file_name = "topology.yml");

// Reads and parses `<lab_dir>/topology.yml`.
Result<Topology, LabError> LoadTopology(const std::filesystem::path& lab_dir);

// Reads a whole text file of the lab (topology.yml, scenario.txt); the error names `file_name`.
Result<std::string, LabError> ReadLabFile(const std::filesystem::path& path,
                                          std::string_view file_name);

}  // namespace mc::sim
