// Input/Effect values: equality compares every field, Describe() lines are stable and cover
// every alternative, and GoogleTest prints them through test_util.h.
#include <gtest/gtest.h>

#include <chrono>
#include <utility>

#include "engine/effect.h"
#include "engine/input.h"
#include "engine/test_util.h"

namespace mc::engine {
namespace {

const Sg kSg{Ipv4{10, 0, 0, 1}, Ipv4{239, 1, 1, 1}};

template <class V, std::size_t... I>
std::vector<std::string> DescribeDefaults(std::index_sequence<I...>) {
  return {Describe(V{std::in_place_index<I>})...};
}

// Every alternative has its own line, named after its type.
TEST(Describe, EveryAlternativeIsNamed) {
  const auto effects =
      DescribeDefaults<Effect>(std::make_index_sequence<std::variant_size_v<Effect>>{});
  const std::vector<std::string> effect_names = {
      "SendPacket ",    "SendFrame ",  "MfcAdd ",      "MfcDel ",     "MdbAdd ",
      "MdbDel ",        "SocketJoin ", "SocketLeave ", "AddressAdd ", "AddressDel ",
      "GratuitousArp ", "StreamCmd ",  "Notify ",      "Trace "};
  ASSERT_EQ(effects.size(), effect_names.size());
  for (std::size_t i = 0; i < effects.size(); ++i) {
    EXPECT_TRUE(effects[i].starts_with(effect_names[i])) << effects[i];
  }
  const auto inputs =
      DescribeDefaults<Input>(std::make_index_sequence<std::variant_size_v<Input>>{});
  const std::vector<std::string> input_names = {"PacketIn ",   "Dataplane ",    "LinkEvent ",
                                                "RouteEvent ", "ConfigChange ", "StreamEvent ",
                                                "Notify ",     "EffectFailed "};
  ASSERT_EQ(inputs.size(), input_names.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_TRUE(inputs[i].starts_with(input_names[i])) << inputs[i];
  }
}

TEST(Describe, Effects) {
  EXPECT_EQ(Describe(SendPacket{.oif = IfIndex{2},
                                .src = Ipv4{10, 0, 0, 1},
                                .dst = kAllPimRouters,
                                .ttl = 1,
                                .protocol = 103,
                                .router_alert = false,
                                .tos = 0xc0,
                                .payload = {0x20, 0x00, 0xf6, 0x56}}),
            "SendPacket oif=2 10.0.0.1->224.0.0.13 ttl=1 proto=103 tos=0xc0 len=4 [20 00 f6 56]");
  EXPECT_EQ(Describe(MfcAdd{kSg, IfIndex{1}, {IfIndex{2}, IfIndex{3}}}),
            "MfcAdd (10.0.0.1, 239.1.1.1) iif=1 oifs=[2,3]");
  EXPECT_EQ(Describe(MfcDel{Sg{kAnySource, Ipv4{239, 1, 1, 1}}}), "MfcDel (*, 239.1.1.1)");
  EXPECT_EQ(Describe(MdbAdd{10, Mac::ForGroup(kSg.group), kSg.group, IfIndex{4}}),
            "MdbAdd vlan=10 239.1.1.1 (01:00:5e:01:01:01) port=4");
  EXPECT_EQ(Describe(SocketJoin{IfIndex{1}, kSg.group, {kSg.source}, FilterMode::kInclude}),
            "SocketJoin if=1 239.1.1.1 include [10.0.0.1]");
  EXPECT_EQ(Describe(GratuitousArp{IfIndex{1}, Ipv4{10, 0, 0, 254}, Mac::VrrpVirtual(7)}),
            "GratuitousArp if=1 10.0.0.254 is-at 00:00:5e:00:01:07");
  EXPECT_EQ(
      Describe(StreamCmd{
          StreamId{3}, StreamCmdKind::kConnect, Ipv4{10, 0, 0, 1}, Ipv4{10, 0, 0, 2}, 639, {}}),
      "StreamCmd id=3 connect 10.0.0.1->10.0.0.2:639");
  EXPECT_EQ(Describe(Notify{DrChange{IfIndex{2}, true, Ipv4{10, 0, 0, 1}}}),
            "Notify DrChange if=2 dr=10.0.0.1 (self)");
  EXPECT_EQ(Describe(Trace{kTimeZero + std::chrono::milliseconds{12500}, "pim", "hello"}),
            "Trace 12.500s pim: hello");
}

TEST(Describe, LongPayloadsAreCut) {
  const std::string line = Describe(SendFrame{IfIndex{1}, wire::Bytes(100, 0xab)});
  EXPECT_TRUE(line.starts_with("SendFrame port=1 len=100 [ab ab")) << line;
  EXPECT_TRUE(line.ends_with("ab ...]")) << line;
}

TEST(Describe, Inputs) {
  EXPECT_EQ(Describe(PacketIn{.layer = Layer::kL3,
                              .ifindex = IfIndex{2},
                              .src = Ipv4{10, 0, 0, 5},
                              .dst = kAllSystems,
                              .ttl = 1,
                              .protocol = 2,
                              .router_alert = true,
                              .bytes = {0x16, 0x00}}),
            "PacketIn L3 if=2 10.0.0.5->224.0.0.1 ttl=1 proto=2 ra len=2 [16 00]");
  EXPECT_EQ(Describe(PacketIn{.layer = Layer::kL2,
                              .ifindex = IfIndex{7},
                              .src_mac = Mac{{0x02, 0, 0, 0, 0, 1}},
                              .vlan = 10,
                              .bytes = {0x01}}),
            "PacketIn L2 port=7 vlan=10 from 02:00:00:00:00:01 len=1 [01]");
  EXPECT_EQ(Describe(DataplaneEvent{.kind = DataplaneKind::kActivity,
                                    .iif = IfIndex{1},
                                    .sg = kSg,
                                    .packet_count = 5,
                                    .byte_count = 500}),
            "Dataplane activity iif=1 (10.0.0.1, 239.1.1.1) packets=5 bytes=500");
  EXPECT_EQ(Describe(LinkEvent{IfIndex{3}, true, IfAddress{Ipv4{10, 0, 3, 1}, 24}, Mac{}}),
            "LinkEvent if=3 up 10.0.3.1/24 mac=00:00:00:00:00:00");
  EXPECT_EQ(Describe(RouteEvent{*Prefix::Parse("10.0.1.0/24"), Ipv4{10, 0, 0, 2}, IfIndex{1}, 110,
                                20, false}),
            "RouteEvent add 10.0.1.0/24 via 10.0.0.2 if=1 pref=110 metric=20");
  EXPECT_EQ(Describe(EffectFailed{MfcDel{kSg}, FailReason::kNoVif, 0}),
            "EffectFailed no-vif errno=0: MfcDel (10.0.0.1, 239.1.1.1)");
  EXPECT_EQ(Describe(Notify{GroupMembership{IfIndex{1}, kSg, true, FilterMode::kInclude}}),
            "Notify GroupMembership if=1 (10.0.0.1, 239.1.1.1) include joined");
}

TEST(EffectEquality, ComparesEveryField) {
  const MfcAdd a{kSg, IfIndex{1}, {IfIndex{2}}};
  MfcAdd b = a;
  EXPECT_EQ(Effect{a}, Effect{b});
  b.oifs.push_back(IfIndex{3});
  EXPECT_NE(Effect{a}, Effect{b});
  EXPECT_NE(Effect{MdbAdd{}}, Effect{MdbDel{}});  // same fields, different effect
  EXPECT_NE(Effect{(Notify{DrChange{IfIndex{1}, true, {}}})},
            Effect{(Notify{DrChange{IfIndex{1}, false, {}}})});
  const Input x{StreamEvent{StreamId{1}, StreamEventKind::kData, {1, 2}}};
  EXPECT_EQ(x, (Input{StreamEvent{StreamId{1}, StreamEventKind::kData, {1, 2}}}));
  EXPECT_NE(x, (Input{StreamEvent{StreamId{1}, StreamEventKind::kData, {1, 3}}}));
}

TEST(TestUtil, GoogleTestPrintsDescribeLines) {
  EXPECT_EQ(::testing::PrintToString(MfcDel{kSg}), "MfcDel (10.0.0.1, 239.1.1.1)");
  EXPECT_NE(::testing::PrintToString(Effect{MfcDel{kSg}}).find("MfcDel (10.0.0.1, 239.1.1.1)"),
            std::string::npos);
  EXPECT_EQ(::testing::PrintToString(ConfigChange{"ip pim", 4}), "ConfigChange \"ip pim\" v4");
  EXPECT_EQ(::testing::PrintToString(NeighborChange{IfIndex{1}, Ipv4{10, 0, 0, 2}, true}),
            "NeighborChange if=1 10.0.0.2 up");
}

TEST(TestUtil, EffectsOfFiltersByTypeInOrder) {
  const Effects out = {MfcDel{kSg}, Trace{}, MfcDel{Sg{}}, SendFrame{}};
  EXPECT_EQ(EffectsOf<MfcDel>(out), (std::vector<MfcDel>{MfcDel{kSg}, MfcDel{Sg{}}}));
  EXPECT_EQ(EffectsOf<SendFrame>(out).size(), 1u);
  EXPECT_TRUE(EffectsOf<MfcAdd>(out).empty());
}

}  // namespace
}  // namespace mc::engine
