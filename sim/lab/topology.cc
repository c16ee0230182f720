// topology.yml loader (LAB-FORMAT.md §2); see topology.h for what is read, ignored and
// rejected. yaml-cpp reports syntax errors by exception; they are caught here and become
// LabErrors, so no exception leaves this file.
#include "sim/lab/topology.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <utility>

#include "config/interface_name.h"
#include "sim/lab/duration_parse.h"

namespace mc::sim {
namespace {

// containerlab keys with no meaning in the emulator: accepted, ignored (LAB-FORMAT §2).
// Space-separated word lists.
constexpr std::string_view kIgnoredTopLevelKeys = "prefix mgmt settings";
constexpr std::string_view kIgnoredNodeKeys =
    "image image-pull-policy license position startup-delay enforce-startup-config "
    "suppress-startup-config auto-remove restart-policy exec binds ports env "
    "env-files user entrypoint cmd publish labels runtime mgmt-ipv4 mgmt-ipv6 "
    "mgmt_ipv4 mgmt_ipv6 network-mode cpu cpu-set memory shm-size cap-add sysctls "
    "devices sandbox kernel extras config wait-for stages dns certificate healthcheck "
    "aliases components SANs memory-swap ulimits";
constexpr std::string_view kIgnoredLinkKeys = "type mtu vars labels";

// containerlab kinds by what the emulator makes of them. Every `vr-*` kind is a router too.
constexpr std::string_view kHostKinds = "linux generic_vm ext-container keysight_ixia-c-one";
constexpr std::string_view kSwitchKinds = "bridge ovs-bridge";
constexpr std::string_view kRouterKinds =
    "srl nokia_srlinux nokia_sros ceos arista_ceos arista_veos crpd juniper_crpd "
    "juniper_vmx juniper_vsrx juniper_vqfx juniper_vjunosrouter juniper_vjunosswitch "
    "juniper_vjunosevolved juniper_cjunosevolved xrd cisco_xrd cisco_xrv cisco_xrv9k "
    "cisco_csr1000v cisco_n9kv cisco_c8000 cisco_c8000v cisco_cat9kv cisco_iol "
    "cisco_ftdv sonic-vs sonic-vm dell_sonic dell_ftosv mikrotik_ros "
    "vyosnetworks_vyos cumulus_cvx cvx ipinfusion_ocnos huawei_vrp aruba_aoscx "
    "fortinet_fortigate paloalto_panos checkpoint_cloudguard 6wind_vsr fdio_vpp";
// Endpoint node names containerlab reserves for host-side links the emulator does not have.
constexpr std::string_view kSpecialEndpointNodes = "host mgmt-net macvlan";

// Whether `word` is one of the space-separated words of `list`.
bool Contains(std::string_view list, std::string_view word) {
  while (!list.empty()) {
    const std::size_t space = list.find(' ');
    if (list.substr(0, space) == word) {
      return true;
    }
    list.remove_prefix(space == std::string_view::npos ? list.size() : space + 1);
  }
  return false;
}

int LineOf(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.is_null() ? 0 : m.line + 1;
}

std::string_view Trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) {
    return {};
  }
  const std::size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool IsNodeNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
}

// A setting read from a node, group, kind or defaults map, with where it was written.
struct Setting {
  std::string value;
  int line = 0;
};

// The keys of a node-config map that the emulator uses; the rest is checked and ignored.
struct NodeSettings {
  std::optional<Setting> kind;
  std::optional<Setting> startup_config;
  std::optional<Setting> type;
  std::optional<Setting> group;
  int line = 0;
};

class Parser {
 public:
  Parser(const std::filesystem::path& lab_dir, std::string_view file_name)
      : lab_dir_(lab_dir), file_(file_name) {}

  Result<Topology, LabError> Parse(const YAML::Node& root);

 private:
  LabError Error(int line, std::string message) const {
    return LabError{file_, line, std::move(message)};
  }
  LabError Error(const YAML::Node& at, std::string message) const {
    return Error(LineOf(at), std::move(message));
  }

  // Visits each key/value of `map` in document order; rejects non-scalar and repeated keys.
  template <class Fn>
  Status<LabError> ForEachKey(const YAML::Node& map, std::string_view what, Fn fn) const;
  Result<std::string, LabError> Scalar(const YAML::Node& n, std::string_view what) const;

  Status<LabError> ParseTopologySection(const YAML::Node& topo, Topology& out);
  Result<NodeSettings, LabError> ParseSettings(const YAML::Node& map, std::string_view what) const;
  Status<LabError> ParseSettingsMap(const YAML::Node& map, std::string_view what,
                                    std::map<std::string, NodeSettings, std::less<>>& out) const;
  Status<LabError> ParseNodes(const YAML::Node& nodes, Topology& out) const;
  Result<Node, LabError> ResolveNode(std::string name, const NodeSettings& own) const;
  Result<std::filesystem::path, LabError> ResolveConfig(const Setting& s,
                                                        std::string_view node) const;
  Status<LabError> ParseLinks(const YAML::Node& links, Topology& out) const;
  Result<Link, LabError> ParseLink(const YAML::Node& item, const Topology& topo) const;
  Result<Endpoint, LabError> ParseEndpoint(const YAML::Node& item, const Topology& topo) const;
  Status<LabError> CheckInterfacesUnique(const Topology& topo) const;

  std::filesystem::path lab_dir_;
  std::string file_;
  NodeSettings defaults_;
  std::map<std::string, NodeSettings, std::less<>> kinds_;
  std::map<std::string, NodeSettings, std::less<>> groups_;
};

template <class Fn>
Status<LabError> Parser::ForEachKey(const YAML::Node& map, std::string_view what, Fn fn) const {
  if (!map.IsMap()) {
    return Error(map, fmt::format("{} must be a map of keys", what));
  }
  std::map<std::string, int, std::less<>> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      return Error(kv.first, fmt::format("{} has a key that is not a plain name", what));
    }
    const std::string& key = kv.first.Scalar();
    if (const auto it = seen.find(key); it != seen.end()) {
      return Error(kv.first, fmt::format("duplicate key \"{}\" in {} (first at line {})", key, what,
                                         it->second));
    }
    seen.emplace(key, LineOf(kv.first));
    if (Status<LabError> s = fn(key, kv.first, kv.second); !s) {
      return s;
    }
  }
  return {};
}

Result<std::string, LabError> Parser::Scalar(const YAML::Node& n, std::string_view what) const {
  if (!n.IsScalar()) {
    return Error(n, fmt::format("{} must be a single value", what));
  }
  return n.Scalar();
}

Result<Topology, LabError> Parser::Parse(const YAML::Node& root) {
  if (!root.IsDefined() || root.IsNull()) {
    return Error(1, "empty file: expected name and topology");
  }
  Topology topo;
  std::optional<YAML::Node> topology_node;  // optional: a default YAML::Node counts as defined
  bool has_name = false;
  Status<LabError> s = ForEachKey(
      root, "the file", [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) {
        if (key == "name") {
          Result<std::string, LabError> name = Scalar(v, "name");
          if (!name) {
            return Status<LabError>{name.error()};
          }
          topo.name = *name;
          has_name = !topo.name.empty();
        } else if (key == "topology") {
          topology_node.emplace(v);
        } else if (!Contains(kIgnoredTopLevelKeys, key)) {
          return Status<LabError>{Error(k, fmt::format("unknown key \"{}\"", key))};
        }
        return Status<LabError>{};
      });
  if (!s) {
    return s.error();
  }
  if (!has_name) {
    return Error(1, "missing name (the lab's name, as in containerlab)");
  }
  if (!topology_node) {
    return Error(1, "missing topology (with nodes and links)");
  }
  if (Status<LabError> t = ParseTopologySection(*topology_node, topo); !t) {
    return t.error();
  }
  return topo;
}

Status<LabError> Parser::ParseTopologySection(const YAML::Node& topo, Topology& out) {
  std::optional<YAML::Node> nodes;
  std::optional<YAML::Node> links;
  std::optional<YAML::Node> kinds;
  std::optional<YAML::Node> groups;
  std::optional<YAML::Node> defaults;
  Status<LabError> s = ForEachKey(
      topo, "topology", [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) {
        if (key == "nodes") {
          nodes.emplace(v);
        } else if (key == "links") {
          links.emplace(v);
        } else if (key == "kinds") {
          kinds.emplace(v);
        } else if (key == "groups") {
          groups.emplace(v);
        } else if (key == "defaults") {
          defaults.emplace(v);
        } else {
          return Status<LabError>{Error(k, fmt::format("unknown key \"{}\" in topology", key))};
        }
        return Status<LabError>{};
      });
  if (!s) {
    return s;
  }
  // Inheritance sources first: nodes may be written before them.
  if (defaults && !defaults->IsNull()) {
    Result<NodeSettings, LabError> d = ParseSettings(*defaults, "defaults");
    if (!d) {
      return d.error();
    }
    defaults_ = *d;
  }
  if (kinds && !kinds->IsNull()) {
    if (Status<LabError> k = ParseSettingsMap(*kinds, "kind", kinds_); !k) {
      return k;
    }
    for (const auto& [name, settings] : kinds_) {
      if (!NodeKindFromName(name)) {
        return Error(settings.line, fmt::format("unknown kind \"{}\" in kinds", name));
      }
    }
  }
  if (groups && !groups->IsNull()) {
    if (Status<LabError> g = ParseSettingsMap(*groups, "group", groups_); !g) {
      return g;
    }
  }
  if (!nodes || nodes->IsNull()) {
    return Error(topo, "topology has no nodes");
  }
  if (Status<LabError> n = ParseNodes(*nodes, out); !n) {
    return n;
  }
  if (links && !links->IsNull()) {
    return ParseLinks(*links, out);
  }
  return {};
}

Result<NodeSettings, LabError> Parser::ParseSettings(const YAML::Node& map,
                                                     std::string_view what) const {
  NodeSettings out;
  out.line = LineOf(map);
  if (map.IsNull()) {
    return out;  // `R1:` with nothing under it: everything inherited
  }
  Status<LabError> s =
      ForEachKey(map, what, [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) {
        std::optional<Setting>* slot = nullptr;
        if (key == "kind") {
          slot = &out.kind;
        } else if (key == "startup-config") {
          slot = &out.startup_config;
        } else if (key == "type") {
          slot = &out.type;
        } else if (key == "group") {
          slot = &out.group;
        } else if (Contains(kIgnoredNodeKeys, key)) {
          return Status<LabError>{};
        } else {
          return Status<LabError>{Error(k, fmt::format("unknown key \"{}\" in {}", key, what))};
        }
        Result<std::string, LabError> value = Scalar(v, fmt::format("{} of {}", key, what));
        if (!value) {
          return Status<LabError>{value.error()};
        }
        *slot = Setting{*value, LineOf(v)};
        return Status<LabError>{};
      });
  if (!s) {
    return s.error();
  }
  return out;
}

Status<LabError> Parser::ParseSettingsMap(
    const YAML::Node& map, std::string_view what,
    std::map<std::string, NodeSettings, std::less<>>& out) const {
  return ForEachKey(map, fmt::format("{}s", what),
                    [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) {
                      Result<NodeSettings, LabError> settings =
                          ParseSettings(v, fmt::format("{} {}", what, key));
                      if (!settings) {
                        return Status<LabError>{settings.error()};
                      }
                      settings->line = LineOf(k);
                      out.emplace(key, *settings);
                      return Status<LabError>{};
                    });
}

Status<LabError> Parser::ParseNodes(const YAML::Node& nodes, Topology& out) const {
  Status<LabError> s = ForEachKey(
      nodes, "nodes", [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
        if (name.empty() || !std::all_of(name.begin(), name.end(), IsNodeNameChar)) {
          return Status<LabError>{Error(
              k,
              fmt::format("bad node name \"{}\" (use letters, digits, '_', '.' and '-')", name))};
        }
        Result<NodeSettings, LabError> own = ParseSettings(v, fmt::format("node {}", name));
        if (!own) {
          return Status<LabError>{own.error()};
        }
        own->line = LineOf(k);
        Result<Node, LabError> node = ResolveNode(name, *own);
        if (!node) {
          return Status<LabError>{node.error()};
        }
        out.nodes.push_back(std::move(*node));
        return Status<LabError>{};
      });
  if (!s) {
    return s;
  }
  if (out.nodes.empty()) {
    return Error(nodes, "topology has no nodes");
  }
  return {};
}

// containerlab's precedence: the node, then its group, then its kind's section, then defaults.
Result<Node, LabError> Parser::ResolveNode(std::string name, const NodeSettings& own) const {
  const NodeSettings* group = nullptr;
  if (own.group) {
    // An unknown group is containerlab's older free-form graphing label: nothing to inherit.
    const auto it = groups_.find(own.group->value);
    group = it == groups_.end() ? nullptr : &it->second;
  }
  const auto pick = [&](std::optional<Setting> NodeSettings::*field,
                        const NodeSettings* kind_section) -> std::optional<Setting> {
    for (const NodeSettings* s : {&own, group, kind_section, &defaults_}) {
      if (s != nullptr && (s->*field).has_value()) {
        return s->*field;
      }
    }
    return std::nullopt;
  };
  const std::optional<Setting> kind = pick(&NodeSettings::kind, nullptr);
  if (!kind) {
    return Error(own.line, fmt::format("node {} has no kind (use router, switch or host)", name));
  }
  std::optional<NodeKind> node_kind = NodeKindFromName(kind->value);
  if (!node_kind) {
    return Error(kind->line, fmt::format("unknown kind \"{}\" for node {} (use router, switch, "
                                         "host or a containerlab kind such as linux, bridge, "
                                         "cisco_iol, ceos)",
                                         kind->value, name));
  }
  const auto kind_it = kinds_.find(kind->value);
  const NodeSettings* kind_section = kind_it == kinds_.end() ? nullptr : &kind_it->second;
  // IOL's L2 image (containerlab `type: l2`) is a Catalyst-style switch.
  if (const std::optional<Setting> type = pick(&NodeSettings::type, kind_section);
      kind->value == "cisco_iol" && type && type->value == "l2") {
    node_kind = NodeKind::kSwitch;
  }
  Node node{std::move(name), *node_kind, kind->value, std::nullopt, own.line};
  if (const std::optional<Setting> cfg = pick(&NodeSettings::startup_config, kind_section)) {
    Result<std::filesystem::path, LabError> path = ResolveConfig(*cfg, node.name);
    if (!path) {
      return path.error();
    }
    node.startup_config = std::move(*path);
  }
  return node;
}

Result<std::filesystem::path, LabError> Parser::ResolveConfig(const Setting& s,
                                                              std::string_view node) const {
  if (s.value.find('\n') != std::string::npos) {
    return Error(s.line, fmt::format("embedded startup-config of node {} is not supported; put "
                                     "the config in a file and name it here",
                                     node));
  }
  if (s.value.starts_with("http://") || s.value.starts_with("https://")) {
    return Error(s.line, fmt::format("remote startup-config of node {} is not supported", node));
  }
  std::string written = s.value;
  for (std::size_t pos = 0; (pos = written.find("__clabNodeName__", pos)) != std::string::npos;) {
    written.replace(pos, std::string_view{"__clabNodeName__"}.size(), node);
    pos += node.size();
  }
  std::filesystem::path path{written};
  if (path.is_relative()) {
    path = lab_dir_ / path;
  }
  path = path.lexically_normal();
  std::error_code ec;
  if (written.empty() || !std::filesystem::is_regular_file(path, ec)) {
    return Error(s.line, fmt::format("startup-config \"{}\" of node {} not found", written, node));
  }
  return path;
}

Status<LabError> Parser::ParseLinks(const YAML::Node& links, Topology& out) const {
  if (!links.IsSequence()) {
    return Error(links, "links must be a list");
  }
  for (const auto& item : links) {
    Result<Link, LabError> link = ParseLink(item, out);
    if (!link) {
      return link.error();
    }
    out.links.push_back(std::move(*link));
  }
  return CheckInterfacesUnique(out);
}

Result<Link, LabError> Parser::ParseLink(const YAML::Node& item, const Topology& topo) const {
  Link link;
  link.line = LineOf(item);
  std::optional<YAML::Node> endpoints;
  Status<LabError> s = ForEachKey(
      item, "a link", [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) {
        if (key == "endpoints") {
          endpoints.emplace(v);
        } else if (key == "delay") {
          Result<std::string, LabError> text = Scalar(v, "delay");
          if (!text) {
            return Status<LabError>{text.error()};
          }
          Result<Duration, std::string> d = ParseDuration(*text);
          if (!d) {
            return Status<LabError>{
                Error(v, fmt::format("bad delay \"{}\": {}", *text, d.error()))};
          }
          link.delay = *d;
        } else if (key == "loss") {
          Result<std::string, LabError> text = Scalar(v, "loss");
          if (!text) {
            return Status<LabError>{text.error()};
          }
          double p = -1;
          const char* end = text->data() + text->size();
          const auto [ptr, ec] = std::from_chars(text->data(), end, p);
          if (ec != std::errc{} || ptr != end || !std::isfinite(p) || p < 0 || p > 1) {
            return Status<LabError>{
                Error(v, fmt::format("bad loss \"{}\" (a drop probability from 0 to 1)", *text))};
          }
          link.loss = p;
        } else if (key == "type") {
          if (!v.IsScalar() || v.Scalar() != "veth") {
            return Status<LabError>{
                Error(v,
                      "only veth links between lab nodes are supported (no host, mgmt-net, "
                      "macvlan, vxlan or dummy links)")};
          }
        } else if (!Contains(kIgnoredLinkKeys, key)) {
          return Status<LabError>{Error(k, fmt::format("unknown key \"{}\" in a link", key))};
        }
        return Status<LabError>{};
      });
  if (!s) {
    return s.error();
  }
  if (!endpoints) {
    return Error(item, "a link needs endpoints");
  }
  if (!endpoints->IsSequence() || endpoints->size() < 2) {
    return Error(*endpoints, "a link needs a list of at least two endpoints");
  }
  for (const auto& e : *endpoints) {
    Result<Endpoint, LabError> ep = ParseEndpoint(e, topo);
    if (!ep) {
      return ep.error();
    }
    link.endpoints.push_back(std::move(*ep));
  }
  return link;
}

Result<Endpoint, LabError> Parser::ParseEndpoint(const YAML::Node& item,
                                                 const Topology& topo) const {
  Endpoint ep;
  std::string written;
  if (item.IsMap()) {  // containerlab's extended form: {node: R1, interface: Gi0/0}
    Status<LabError> s = ForEachKey(
        item, "an endpoint", [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) {
          if (key != "node" && key != "interface" && key != "mac") {
            return Status<LabError>{
                Error(k, fmt::format("unknown key \"{}\" in an endpoint", key))};
          }
          if (!v.IsScalar()) {
            return Status<LabError>{Error(v, fmt::format("{} must be a single value", key))};
          }
          if (key == "node") {
            ep.node = v.Scalar();
          } else if (key == "interface") {
            ep.interface = v.Scalar();
          }
          return Status<LabError>{};
        });
    if (!s) {
      return s.error();
    }
    written = fmt::format("{}:{}", ep.node, ep.interface);
  } else if (item.IsScalar()) {
    written = item.Scalar();
    const std::size_t colon = written.find(':');
    if (colon != std::string::npos) {
      ep.node = std::string{Trim(std::string_view{written}.substr(0, colon))};
      ep.interface = std::string{Trim(std::string_view{written}.substr(colon + 1))};
    }
  }
  if (ep.node.empty() || ep.interface.empty()) {
    return Error(item, fmt::format("malformed endpoint \"{}\" (expected \"node:interface\", "
                                   "e.g. \"R1:Gi0/0\")",
                                   written));
  }
  if (topo.FindNode(ep.node) == nullptr) {
    if (Contains(kSpecialEndpointNodes, ep.node)) {
      return Error(item, fmt::format("containerlab's special endpoint \"{}\" is not supported: "
                                     "lab links join lab nodes only",
                                     written));
    }
    return Error(item, fmt::format("unknown node \"{}\" in endpoint \"{}\"", ep.node, written));
  }
  return ep;
}

Status<LabError> Parser::CheckInterfacesUnique(const Topology& topo) const {
  struct Used {
    const Endpoint* ep;
    int line;
  };
  std::map<std::string_view, std::vector<Used>> by_node;
  for (const Link& link : topo.links) {
    for (const Endpoint& ep : link.endpoints) {
      std::vector<Used>& used = by_node[ep.node];
      for (const Used& u : used) {
        if (SameInterfaceName(u.ep->interface, ep.interface)) {
          const std::string where = u.line == link.line
                                        ? std::string{"twice in this link"}
                                        : fmt::format("by the link at line {}", u.line);
          return Error(link.line, fmt::format("interface {}:{} is already used {}", ep.node,
                                              ep.interface, where));
        }
      }
      used.push_back(Used{&ep, link.line});
    }
  }
  return {};
}

}  // namespace

std::string_view ToString(NodeKind kind) {
  switch (kind) {
    case NodeKind::kRouter:
      return "router";
    case NodeKind::kSwitch:
      return "switch";
    case NodeKind::kHost:
      return "host";
  }
  return "?";
}

std::optional<NodeKind> NodeKindFromName(std::string_view kind) {
  if (kind == "router") {
    return NodeKind::kRouter;
  }
  if (kind == "switch") {
    return NodeKind::kSwitch;
  }
  if (kind == "host" || Contains(kHostKinds, kind)) {
    return NodeKind::kHost;
  }
  if (Contains(kSwitchKinds, kind)) {
    return NodeKind::kSwitch;
  }
  if (Contains(kRouterKinds, kind) || (kind.starts_with("vr-") && kind.size() > 3)) {
    return NodeKind::kRouter;
  }
  return std::nullopt;
}

const Node* Topology::FindNode(std::string_view node_name) const {
  for (const Node& n : nodes) {
    if (n.name == node_name) {
      return &n;
    }
  }
  return nullptr;
}

std::optional<EndpointRef> Topology::FindEndpoint(std::string_view node,
                                                  std::string_view interface) const {
  for (std::size_t l = 0; l < links.size(); ++l) {
    for (std::size_t e = 0; e < links[l].endpoints.size(); ++e) {
      const Endpoint& ep = links[l].endpoints[e];
      if (ep.node == node && SameInterfaceName(ep.interface, interface)) {
        return EndpointRef{l, e};
      }
    }
  }
  return std::nullopt;
}

// One naming rule for the whole project: the config layer's (LAB-FORMAT §2).
bool SameInterfaceName(std::string_view a, std::string_view b) {
  return config::SameInterface(a, b);
}

Result<Topology, LabError> ParseTopology(std::string_view yaml,
                                         const std::filesystem::path& lab_dir,
                                         std::string_view file_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string{yaml});
  } catch (const YAML::Exception& e) {
    return LabError{std::string{file_name}, e.mark.is_null() ? 0 : e.mark.line + 1,
                    fmt::format("YAML syntax error: {}", e.msg)};
  }
  try {
    return Parser{lab_dir, file_name}.Parse(root);
  } catch (const YAML::Exception& e) {  // defensive: every access above is type-checked first
    return LabError{std::string{file_name}, e.mark.is_null() ? 0 : e.mark.line + 1, e.msg};
  }
}

Result<Topology, LabError> LoadTopology(const std::filesystem::path& lab_dir) {
  Result<std::string, LabError> text = ReadLabFile(lab_dir / "topology.yml", "topology.yml");
  if (!text) {
    return text.error();
  }
  return ParseTopology(*text, lab_dir, "topology.yml");
}

Result<std::string, LabError> ReadLabFile(const std::filesystem::path& path,
                                          std::string_view file_name) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return LabError{std::string{file_name}, 0, fmt::format("cannot read {}", path.string())};
  }
  std::ifstream in{path, std::ios::binary};
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) {
    return LabError{std::string{file_name}, 0, fmt::format("cannot read {}", path.string())};
  }
  return buf.str();
}

}  // namespace mc::sim
