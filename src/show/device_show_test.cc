// Golden text and JSON for the device show renderers (show/device_show.h).
#include "show/device_show.h"

#include <gtest/gtest.h>

namespace mc::show {
namespace {

Ipv4 A(const char* text) { return *Ipv4::Parse(text); }
Prefix P(const char* text) { return *Prefix::Parse(text); }

RouteTableView SampleRoutes() {
  RouteTableView v;
  v.routes = {
      {"C", P("10.1.1.0/24"), 0, 0, std::nullopt, "Gi0/0"},
      {"L", P("10.1.1.1/32"), 0, 0, std::nullopt, "Gi0/0"},
      {"O", P("10.9.9.0/24"), 110, 3, A("10.1.1.2"), "Gi0/0"},
      {"O", P("10.9.9.0/24"), 110, 3, A("10.1.1.3"), "Gi0/0"},
      {"S", P("192.168.0.0/16"), 1, 0, A("10.1.1.2"), ""},
      {"S*", P("0.0.0.0/0"), 1, 0, A("10.1.1.254"), ""},
  };
  return v;
}

TEST(ShowIpRoute, GroupsByClassfulNetworkWithEcmpContinuationAndSupernets) {
  const std::string out = RenderIpRoute(SampleRoutes());
  EXPECT_NE(out.find("Gateway of last resort is 10.1.1.254 to network 0.0.0.0\n"),
            std::string::npos);
  EXPECT_NE(out.find("      10.0.0.0/8 is variably subnetted, 3 subnets, 2 masks\n"),
            std::string::npos);
  EXPECT_NE(out.find("C        10.1.1.0/24 is directly connected, Gi0/0\n"), std::string::npos);
  EXPECT_NE(out.find("O        10.9.9.0/24 [110/3] via 10.1.1.2, Gi0/0\n"
                     "                     [110/3] via 10.1.1.3, Gi0/0\n"),
            std::string::npos);
  // A supernet is not "subnetted" under its classful network.
  EXPECT_NE(out.find("S        192.168.0.0/16 [1/0] via 10.1.1.2\n"), std::string::npos);
  EXPECT_EQ(out.find("192.168.0.0/24 is subnetted"), std::string::npos);
  EXPECT_NE(out.find("S*       0.0.0.0/0 [1/0] via 10.1.1.254\n"), std::string::npos);
}

TEST(ShowIpRoute, RoutingOffShowsTheDefaultGateway) {
  RouteTableView v;
  v.ip_routing = false;
  v.default_gateway = A("10.0.0.1");
  EXPECT_EQ(RenderIpRoute(v).substr(0, 29), "Default gateway is 10.0.0.1\n\n");
  const nlohmann::json j = IpRouteJson(v);
  EXPECT_EQ(j["default_gateway"], "10.0.0.1");
  EXPECT_FALSE(j["ip_routing"].get<bool>());
}

TEST(ShowIpRoute, JsonCarriesEveryRouteInPrefixOrder) {
  const nlohmann::json j = IpRouteJson(SampleRoutes());
  ASSERT_EQ(j["routes"].size(), 6u);
  EXPECT_EQ(j["routes"][0]["prefix"], "0.0.0.0/0");
  EXPECT_EQ(j["routes"][0]["code"], "S*");
  EXPECT_EQ(j["gateway_of_last_resort"], "10.1.1.254");
  EXPECT_EQ(j["routes"][1]["interface"], "Gi0/0");
  EXPECT_TRUE(j["routes"][1]["next_hop"].is_null());
  EXPECT_EQ(j["routes"][5]["prefix"], "192.168.0.0/16");
  EXPECT_TRUE(j["routes"][5]["interface"].is_null());
}

TEST(ShowInterfaces, BriefAndFullTextAndJson) {
  InterfaceRow up{"Gi0/0", true, true, "Ethernet", Mac{{0x52, 0x54, 0, 0, 1, 1}}, A("10.1.1.1"), 24,
                  5,       320,  7,    448};
  InterfaceRow shut{
      "Gi0/1", false, false, "Ethernet", Mac{{0x52, 0x54, 0, 0, 1, 2}}, std::nullopt, 0,
      0,       0,     0,     0};
  const std::vector<InterfaceRow> rows{up, shut};
  const std::string brief = RenderIpInterfaceBrief(rows);
  EXPECT_NE(
      brief.find("Gi0/0                      10.1.1.1        YES manual up                    up"),
      std::string::npos);
  EXPECT_NE(brief.find(
                "Gi0/1                      unassigned      YES unset  administratively down down"),
            std::string::npos);
  const std::string full = RenderInterfaces(rows);
  EXPECT_NE(full.find("Gi0/0 is up, line protocol is up\n"
                      "  Hardware is Ethernet, address is 5254.0000.0101 (bia 5254.0000.0101)\n"
                      "  Internet address is 10.1.1.1/24\n"),
            std::string::npos);
  EXPECT_NE(full.find("     5 packets input, 320 bytes\n     7 packets output, 448 bytes\n"),
            std::string::npos);
  const nlohmann::json b = InterfacesJson(rows, true);
  EXPECT_EQ(b["interfaces"][1]["status"], "administratively down");
  EXPECT_FALSE(b["interfaces"][0].contains("packets_in"));
  const nlohmann::json f = InterfacesJson(rows, false);
  EXPECT_EQ(f["interfaces"][0]["packets_out"], 7);
  EXPECT_EQ(f["interfaces"][0]["prefix_length"], 24);
}

TEST(ShowMacAddressTable, TextAndJson) {
  const std::vector<MacRow> rows{
      {10, Mac{{0x52, 0x54, 0, 0, 2, 1}}, false, false, {"Gi0/3"}},
      {10, Mac{{0x52, 0x54, 0, 0, 1, 5}}, true, true, {"Vlan10"}},
  };
  const std::string out = RenderMacAddressTable(rows);
  EXPECT_NE(out.find("  10    5254.0000.0201    DYNAMIC     Gi0/3\n"), std::string::npos);
  EXPECT_NE(out.find("  10    5254.0000.0105    STATIC      CPU\n"), std::string::npos);
  EXPECT_NE(out.find("Total Mac Addresses for this criterion: 2\n"), std::string::npos);
  const nlohmann::json j = MacAddressTableJson(rows);
  EXPECT_EQ(j["entries"][0]["ports"][0], "Gi0/3");
  EXPECT_EQ(j["entries"][1]["type"], "static");
}

TEST(ShowSpanningTree, RootBridgeAndDisabled) {
  StpVlanView v;
  v.vlan = 10;
  v.root_priority = 32778;
  v.bridge_priority = 32778;
  v.is_root = true;
  v.hello_time = std::chrono::seconds{2};
  v.max_age = std::chrono::seconds{20};
  v.forward_delay = std::chrono::seconds{15};
  v.aging_time = std::chrono::seconds{300};
  v.ports = {{"Gi0/1", "Desg", "FWD", 4, 0x8001, true, true}};
  const std::string out = RenderSpanningTree(true, {v});
  EXPECT_NE(out.find("VLAN0010\n  Spanning tree enabled protocol rstp\n"), std::string::npos);
  EXPECT_NE(out.find("This bridge is the root"), std::string::npos);
  EXPECT_NE(out.find("(priority 32768 sys-id-ext 10)"), std::string::npos);
  EXPECT_NE(out.find("Gi0/1               Desg FWD 4         128.1    P2p Edge\n"),
            std::string::npos);
  EXPECT_EQ(RenderSpanningTree(false, {}), "No spanning tree instance exists.\n");
  const nlohmann::json j = SpanningTreeJson(true, {v});
  EXPECT_EQ(j["vlans"][0]["ports"][0]["priority"], 128);
  EXPECT_EQ(j["vlans"][0]["ports"][0]["number"], 1);
  EXPECT_TRUE(j["vlans"][0]["root"]["port"].is_null());
}

TEST(ShowRunningConfig, JsonIsTheLinesInOrder) {
  const nlohmann::json j = RunningConfigJson("hostname R1\n!\ninterface Gi0/0\n");
  ASSERT_EQ(j["lines"].size(), 3u);
  EXPECT_EQ(j["lines"][2], "interface Gi0/0");
}

}  // namespace
}  // namespace mc::show
