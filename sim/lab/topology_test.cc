// topology.yml loader: the lab folders under testdata/ (a valid lab, a lab full of
// containerlab extras, one folder per invalid case) and inline cases for the smaller rules.
#include "sim/lab/topology.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <filesystem>

namespace mc::sim {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kTestData{MC_LAB_TESTDATA_DIR};

// Parses inline YAML against the valid lab's folder (which holds R1.cfg and friends).
Result<Topology, LabError> Parse(std::string_view yaml) {
  return ParseTopology(yaml, kTestData / "valid");
}

std::string ErrorOf(const Result<Topology, LabError>& r) {
  return r.has_value() ? std::string{"(parsed fine)"} : r.error().ToString();
}

TEST(LoadTopology, ValidLab) {
  Result<Topology, LabError> r = LoadTopology(kTestData / "valid");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  const Topology& t = *r;
  EXPECT_EQ(t.name, "basic");

  ASSERT_EQ(t.nodes.size(), 5u);
  EXPECT_EQ(t.nodes[0].name, "R1");  // in the order written
  EXPECT_EQ(t.nodes[0].kind, NodeKind::kRouter);
  EXPECT_EQ(t.nodes[0].kind_name, "router");
  EXPECT_EQ(t.nodes[0].line, 5);
  EXPECT_EQ(t.nodes[0].startup_config, kTestData / "valid" / "R1.cfg");
  EXPECT_EQ(t.nodes[1].name, "SW1");
  EXPECT_EQ(t.nodes[1].kind, NodeKind::kSwitch);
  EXPECT_EQ(t.nodes[2].name, "H1");
  EXPECT_EQ(t.nodes[2].kind, NodeKind::kHost);
  EXPECT_EQ(t.nodes[3].name, "H2");
  EXPECT_EQ(t.nodes[3].line, 8);
  EXPECT_EQ(t.nodes[3].startup_config, kTestData / "valid" / "H2.cfg");  // "./H2.cfg" normalised
  EXPECT_EQ(t.nodes[4].name, "R2");
  EXPECT_FALSE(t.nodes[4].startup_config.has_value());

  ASSERT_EQ(t.links.size(), 3u);
  EXPECT_EQ(t.links[0].endpoints, (std::vector<Endpoint>{{"R1", "Gi0/0"}, {"SW1", "Gi1/0/1"}}));
  EXPECT_EQ(t.links[0].delay, kDefaultLinkDelay);
  EXPECT_EQ(t.links[0].delay, 100us);
  EXPECT_EQ(t.links[0].loss, 0.0);
  EXPECT_EQ(t.links[0].line, 14);
  EXPECT_FALSE(t.links[0].IsSegment());
  EXPECT_EQ(t.links[1].delay, 2ms);
  EXPECT_EQ(t.links[1].loss, 0.25);
  EXPECT_EQ(t.links[1].line, 15);
  EXPECT_EQ(t.links[2].endpoints,
            (std::vector<Endpoint>{{"R1", "Gi0/1"}, {"H2", "eth0"}, {"R2", "Ethernet0/0"}}));
  EXPECT_TRUE(t.links[2].IsSegment());
  EXPECT_EQ(t.links[2].delay, 0ns);
}

TEST(LoadTopology, FindNodeAndEndpoint) {
  Result<Topology, LabError> r = LoadTopology(kTestData / "valid");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_NE(r->FindNode("SW1"), nullptr);
  EXPECT_EQ(r->FindNode("SW1")->kind, NodeKind::kSwitch);
  EXPECT_EQ(r->FindNode("sw1"), nullptr) << "node names are case-sensitive";
  EXPECT_EQ(r->FindEndpoint("R2", "Ethernet0/0"), (EndpointRef{2, 2}));
  EXPECT_EQ(r->FindEndpoint("R2", "e0/0"), (EndpointRef{2, 2}));  // IOS abbreviation
  EXPECT_EQ(r->FindEndpoint("R1", "GigabitEthernet 0/0"), (EndpointRef{0, 0}));
  EXPECT_FALSE(r->FindEndpoint("R1", "Gi0/9").has_value());
  EXPECT_FALSE(r->FindEndpoint("H1", "Gi0/0").has_value());
}

TEST(LoadTopology, ContainerlabExtrasAreIgnoredOrInherited) {
  Result<Topology, LabError> r = LoadTopology(kTestData / "clab_extras");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  const Topology& t = *r;
  EXPECT_EQ(t.name, "clab-extras");
  const std::filesystem::path dir = kTestData / "clab_extras";

  const Node* core1 = t.FindNode("core1");
  ASSERT_NE(core1, nullptr);
  EXPECT_EQ(core1->kind, NodeKind::kRouter);
  EXPECT_EQ(core1->kind_name, "ceos");
  EXPECT_EQ(core1->startup_config, dir / "configs" / "core1.cfg");  // kinds + __clabNodeName__

  const Node* spine1 = t.FindNode("spine1");
  ASSERT_NE(spine1, nullptr);
  EXPECT_EQ(spine1->kind, NodeKind::kRouter);  // vr-csr from the group
  EXPECT_EQ(spine1->kind_name, "vr-csr");
  EXPECT_EQ(spine1->startup_config, dir / "configs" / "spine.cfg");

  const Node* acc1 = t.FindNode("acc1");
  ASSERT_NE(acc1, nullptr);
  EXPECT_EQ(acc1->kind, NodeKind::kSwitch);  // cisco_iol type l2
  EXPECT_EQ(acc1->startup_config, dir / "configs" / "acc1.cfg");

  const Node* srv1 = t.FindNode("srv1");
  ASSERT_NE(srv1, nullptr);
  EXPECT_EQ(srv1->kind, NodeKind::kHost);  // linux from defaults
  EXPECT_EQ(srv1->kind_name, "linux");
  EXPECT_FALSE(srv1->startup_config.has_value());

  EXPECT_EQ(t.FindNode("br1")->kind, NodeKind::kSwitch);
  EXPECT_EQ(t.FindNode("r9")->kind, NodeKind::kRouter);

  ASSERT_EQ(t.links.size(), 4u);
  EXPECT_EQ(t.links[1].endpoints,
            (std::vector<Endpoint>{{"acc1", "Ethernet0/1"}, {"srv1", "eth1"}}));
  EXPECT_EQ(t.links[3].endpoints, (std::vector<Endpoint>{{"br1", "p2"}, {"r9", "e1-1"}}));
}

struct BadLab {
  const char* dir;
  const char* error;
};

TEST(LoadTopology, InvalidLabsNameFileAndLine) {
  const BadLab cases[] = {
      {"bad_unknown_key", "topology.yml:6: unknown key \"colour\" in node R1"},
      {"bad_unknown_kind",
       "topology.yml:5: unknown kind \"junos\" for node R2 (use router, switch, host or a "
       "containerlab kind such as linux, bridge, cisco_iol, ceos)"},
      {"bad_unknown_node", "topology.yml:10: unknown node \"R9\" in endpoint \"R9:Gi0/0\""},
      {"bad_malformed_endpoint",
       "topology.yml:7: malformed endpoint \"R2-Gi0/0\" (expected \"node:interface\", e.g. "
       "\"R1:Gi0/0\")"},
      {"bad_interface_twice",
       "topology.yml:9: interface R1:GigabitEthernet0/0 is already used by the link at line 8"},
      {"bad_missing_config", "topology.yml:6: startup-config \"R1.cfg\" of node R1 not found"},
      {"bad_yaml_syntax", "topology.yml:5: YAML syntax error: end of map flow not found"},
  };
  for (const BadLab& c : cases) {
    EXPECT_EQ(ErrorOf(LoadTopology(kTestData / c.dir)), c.error) << c.dir;
  }
}

TEST(LoadTopology, MissingFile) {
  const Result<Topology, LabError> r = LoadTopology(kTestData / "no_such_lab");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().file, "topology.yml");
  EXPECT_EQ(r.error().line, 0);
  EXPECT_EQ(r.error().message, "cannot read " + (kTestData / "no_such_lab/topology.yml").string());
}

TEST(ParseTopology, InlineErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "topology.yml:1: empty file: expected name and topology"},
      {"topology: {nodes: {R1: {kind: router}}}",
       "topology.yml:1: missing name (the lab's name, as in containerlab)"},
      {"name: x", "topology.yml:1: missing topology (with nodes and links)"},
      {"name: x\nversion: 2\n", "topology.yml:2: unknown key \"version\""},
      {"name: x\ntopology:\n  nodes: {}\n", "topology.yml:3: topology has no nodes"},
      {"name: x\ntopology:\n  routers: {}\n",
       "topology.yml:3: unknown key \"routers\" in topology"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n    R1: {kind: host}\n",
       "topology.yml:5: duplicate key \"R1\" in nodes (first at line 4)"},
      {"name: x\ntopology:\n  nodes:\n    R1: {}\n",
       "topology.yml:4: node R1 has no kind (use router, switch or host)"},
      {"name: x\ntopology:\n  nodes:\n    R1: router\n",
       "topology.yml:4: node R1 must be a map of keys"},
      {"name: x\ntopology:\n  nodes:\n    \"R 1\": {kind: router}\n",
       "topology.yml:4: bad node name \"R 1\" (use letters, digits, '_', '.' and '-')"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n  links:\n"
       "    - endpoints: [\"R1:e0\"]\n",
       "topology.yml:6: a link needs a list of at least two endpoints"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n  links:\n    - delay: 1ms\n",
       "topology.yml:6: a link needs endpoints"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n    R2: {kind: router}\n  links:\n"
       "    - endpoints: [R1:e0, R2:e0]\n      delay: 2x\n",
       "topology.yml:8: bad delay \"2x\": unknown unit \"x\" (use h, m, s, ms, us or ns)"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n    R2: {kind: router}\n  links:\n"
       "    - endpoints: [R1:e0, R2:e0]\n      loss: 1.5\n",
       "topology.yml:8: bad loss \"1.5\" (a drop probability from 0 to 1)"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n    R2: {kind: router}\n  links:\n"
       "    - endpoints: [R1:e0, R2:e0]\n      bandwidth: 1g\n",
       "topology.yml:8: unknown key \"bandwidth\" in a link"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n  links:\n"
       "    - endpoints: [R1:e0, \"host:veth9\"]\n",
       "topology.yml:6: containerlab's special endpoint \"host:veth9\" is not supported: lab "
       "links join lab nodes only"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n  links:\n"
       "    - type: host\n      endpoint: {node: R1, interface: e0}\n",
       "topology.yml:6: only veth links between lab nodes are supported (no host, mgmt-net, "
       "macvlan, vxlan or dummy links)"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n  links:\n"
       "    - endpoints: [R1:e0, R1:e0]\n",
       "topology.yml:6: interface R1:e0 is already used twice in this link"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n    R2: {kind: router}\n  links:\n"
       "    - endpoints: [R1:e0, {node: R2, interface: e0, speed: 10}]\n",
       "topology.yml:7: unknown key \"speed\" in an endpoint"},
      {"name: x\ntopology:\n  nodes:\n    R1: {kind: router}\n    R2: {kind: router}\n  links:\n"
       "    - endpoints: [\"R1:\", R2:e0]\n",
       "topology.yml:7: malformed endpoint \"R1:\" (expected \"node:interface\", e.g. "
       "\"R1:Gi0/0\")"},
      {"name: x\ntopology:\n  nodes:\n    R1:\n      kind: router\n      startup-config: |\n"
       "        hostname R1\n",
       "topology.yml:6: embedded startup-config of node R1 is not supported; put the config in a "
       "file and name it here"},
      {"name: x\ntopology:\n  kinds:\n    junos: {image: x}\n  nodes:\n    R1: {kind: router}\n",
       "topology.yml:4: unknown kind \"junos\" in kinds"},
  };
  for (const auto& [yaml, error] : cases) {
    EXPECT_EQ(ErrorOf(Parse(yaml)), error) << yaml;
  }
}

TEST(ParseTopology, DefaultsKindAppliesToNodesWithout) {
  Result<Topology, LabError> r = Parse(
      "name: x\ntopology:\n  defaults: {kind: switch}\n  nodes:\n    S1:\n    S2: {}\n"
      "    R1: {kind: cisco_iol}\n");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->nodes[0].kind, NodeKind::kSwitch);
  EXPECT_EQ(r->nodes[1].kind, NodeKind::kSwitch);
  EXPECT_EQ(r->nodes[2].kind, NodeKind::kRouter);
}

TEST(NodeKindFromName, MapsContainerlabKinds) {
  EXPECT_EQ(NodeKindFromName("router"), NodeKind::kRouter);
  EXPECT_EQ(NodeKindFromName("switch"), NodeKind::kSwitch);
  EXPECT_EQ(NodeKindFromName("host"), NodeKind::kHost);
  EXPECT_EQ(NodeKindFromName("linux"), NodeKind::kHost);
  EXPECT_EQ(NodeKindFromName("bridge"), NodeKind::kSwitch);
  EXPECT_EQ(NodeKindFromName("ovs-bridge"), NodeKind::kSwitch);
  for (const char* k : {"cisco_iol", "ceos", "srl", "crpd", "xrd", "vr-sros", "vr-csr",
                        "nokia_srlinux", "juniper_vjunosrouter", "sonic-vs"}) {
    EXPECT_EQ(NodeKindFromName(k), NodeKind::kRouter) << k;
  }
  for (const char* k : {"", "vr-", "Router", "junos", "cisco"}) {
    EXPECT_FALSE(NodeKindFromName(k).has_value()) << k;
  }
  EXPECT_EQ(ToString(NodeKind::kSwitch), "switch");
}

TEST(SameInterfaceName, IosAbbreviationsAndCase) {
  EXPECT_TRUE(SameInterfaceName("Gi0/0", "GigabitEthernet0/0"));
  EXPECT_TRUE(SameInterfaceName("gigabitethernet 2/46", "Gi2/46"));
  EXPECT_TRUE(SameInterfaceName("GigabitEthernet2/46", "gi 2/46"));
  EXPECT_TRUE(SameInterfaceName("Vlan3", "vlan3"));
  EXPECT_TRUE(SameInterfaceName("eth0", "eth0"));
  EXPECT_TRUE(SameInterfaceName("15/1", "15/1"));
  EXPECT_FALSE(SameInterfaceName("Gi0/0", "Gi0/1"));
  EXPECT_FALSE(SameInterfaceName("Gi0/0", "Te0/0"));
  EXPECT_FALSE(SameInterfaceName("Gi0/0", "0/0"));
  EXPECT_FALSE(SameInterfaceName("Gi1/0/1", "Gi1/0/10"));
  EXPECT_FALSE(SameInterfaceName("eth0", "eth1"));
}

TEST(ParseTopology, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "name: x\ntopology: " + std::string(5000, '[') + std::string(5000, ']');
  const Result<Topology, LabError> r = Parse(deep);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().file, "topology.yml");
}

RC_GTEST_PROP(ParseTopology, RandomTextNeverCrashes, (const std::string& text)) {
  const Result<Topology, LabError> r = Parse(text);
  if (!r) {
    RC_ASSERT(!r.error().message.empty());
  }
}

// Random documents built from topology.yml fragments reach the deeper checks.
RC_GTEST_PROP(ParseTopology, RandomFragmentsNeverCrash, ()) {
  const std::vector<std::string> pieces = {"name: x\n",
                                           "topology:\n",
                                           "  nodes:\n",
                                           "    R1: {kind: router}\n",
                                           "    R2: {kind: host, startup-config: R1.cfg}\n",
                                           "    R3:\n",
                                           "      kind: linux\n",
                                           "  links:\n",
                                           "    - endpoints: [R1:e0, R2:e0]\n",
                                           "    - endpoints: [\"R1:e0\", R3:x]\n",
                                           "      delay: 1ms\n",
                                           "      loss: 0.5\n",
                                           "  defaults: {kind: bridge}\n",
                                           "  kinds: {ceos: {image: y}}\n",
                                           "  groups: {g: {kind: srl}}\n",
                                           "      group: g\n",
                                           "- \n",
                                           ": \n",
                                           "[",
                                           "]",
                                           "{",
                                           "}",
                                           "&a ",
                                           "*a\n",
                                           "'",
                                           "\""};
  const std::vector<std::size_t> picks = *rc::gen::container<std::vector<std::size_t>>(
      rc::gen::inRange<std::size_t>(0, pieces.size()));
  std::string text;
  for (const std::size_t i : picks) {
    text += pieces[i];
  }
  const Result<Topology, LabError> r = Parse(text);
  if (r) {
    RC_ASSERT(!r->name.empty());
    RC_ASSERT(!r->nodes.empty());
    for (const Link& l : r->links) {
      RC_ASSERT(l.endpoints.size() >= 2);
    }
  } else {
    RC_ASSERT(r.error().line >= 0);
  }
}

TEST(LabError, Renders) {
  EXPECT_EQ((LabError{"topology.yml", 12, "boom"}).ToString(), "topology.yml:12: boom");
  EXPECT_EQ((LabError{"scenario.txt", 0, "cannot read"}).ToString(), "scenario.txt: cannot read");
  EXPECT_EQ(fmt::format("{}", LabError{"a", 1, "b"}), "a:1: b");
}

}  // namespace
}  // namespace mc::sim
