// Bridge engine tests on effects: learning and forwarding, flooding, no echo to the ingress
// port, VLAN isolation, trunk tagging and the native VLAN, VLAN and tag drops, ageing, the table
// limit, moves, link-down flushes, static entries, SVIs, the multicast hook, BPDU handling,
// blocked ports and topology-change flushing (single bridge, BPDUs injected by hand).
#include "l2/bridge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "l2/test_util.h"

namespace mc::l2 {
namespace {

using namespace std::chrono_literals;
using engine::Effect;
using engine::LinkEvent;
using engine::PacketIn;
using engine::SendFrame;
using testing::DataFrames;
using ::testing::ElementsAre;
using testing::Frame;
using ::testing::IsEmpty;
using testing::MacOf;
using testing::PortsOf;

static_assert(engine::Engine<Bridge>);

constexpr Time T(std::chrono::milliseconds ms) { return kTimeZero + ms; }
constexpr IfIndex P(std::uint32_t v) { return IfIndex{v}; }
constexpr Mac kSwitchMac{{0x02, 0x00, 0x00, 0x00, 0x01, 0x00}};
const Mac kA = MacOf(0x0a);
const Mac kB = MacOf(0x0b);
const Mac kC = MacOf(0x0c);

PortConfig Access(std::uint16_t vlan) {
  PortConfig c;
  c.access_vlan = vlan;
  return c;
}

PortConfig Trunk(std::uint16_t native, VlanMask allowed = VlanMask::All()) {
  PortConfig c;
  c.mode = PortMode::kTrunk;
  c.native_vlan = native;
  c.allowed_vlans = allowed;
  return c;
}

std::uint64_t Counter(const Bridge& b, BridgeCounter c) { return b.counters().Get(c); }

class BridgeTest : public ::testing::Test {
 protected:
  explicit BridgeTest(BridgeConfig config = Config()) : bridge_(config) {}

  static BridgeConfig Config() {
    BridgeConfig c;
    c.stp.address = kSwitchMac;
    return c;
  }

  void AddPort(std::uint32_t port, const PortConfig& c) {
    std::vector<Effect> out;
    bridge_.SetPort(now_, P(port), c, out);
  }

  // Delivers one frame and returns the data frames the bridge sends.
  std::vector<SendFrame> Send(std::uint32_t port, const wire::Bytes& frame) {
    out_.clear();
    bridge_.Handle(now_, PacketIn{.layer = engine::Layer::kL2, .ifindex = P(port), .bytes = frame},
                   out_);
    return DataFrames(out_);
  }

  void Link(std::uint32_t port, bool up) {
    out_.clear();
    bridge_.Handle(now_, LinkEvent{.ifindex = P(port), .up = up}, out_);
  }

  void Advance(Time t) {
    now_ = t;
    out_.clear();
    bridge_.AdvanceTo(now_, out_);
  }

  Bridge bridge_;
  Time now_ = kTimeZero;
  std::vector<Effect> out_;
};

class AccessBridgeTest : public BridgeTest {
 protected:
  AccessBridgeTest() {
    for (std::uint32_t p = 1; p <= 3; ++p) {
      AddPort(p, Access(1));
    }
  }
};

TEST_F(AccessBridgeTest, LearnsAndForwardsToTheKnownPort) {
  const wire::Bytes a_to_b = Frame(kB, kA);
  EXPECT_THAT(PortsOf(Send(1, a_to_b)), ElementsAre(P(2), P(3)));  // B unknown: flooded
  const std::vector<SendFrame> reply = Send(2, Frame(kA, kB));
  ASSERT_EQ(reply.size(), 1u);
  EXPECT_EQ(reply[0], (SendFrame{P(1), Frame(kA, kB)}));  // A was learned on port 1
  EXPECT_THAT(Send(1, a_to_b), ElementsAre(SendFrame{P(2), a_to_b}));
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kMacLearned), 2u);
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kFlooded), 1u);
}

TEST_F(AccessBridgeTest, FloodsBroadcastToEveryPortButTheIngress) {
  const wire::Bytes bcast = Frame(Mac::Broadcast(), kB);
  EXPECT_THAT(Send(2, bcast), ElementsAre(SendFrame{P(1), bcast}, SendFrame{P(3), bcast}));
  // Broadcast stays flooded even after the bridge knows every station.
  Send(1, Frame(kB, kA));
  Send(3, Frame(kB, kC));
  EXPECT_THAT(PortsOf(Send(2, bcast)), ElementsAre(P(1), P(3)));
}

TEST_F(AccessBridgeTest, NeverSendsAFrameBackOutItsIngressPort) {
  Send(1, Frame(Mac::Broadcast(), kA));
  Send(1, Frame(Mac::Broadcast(), kB));  // A and B both behind port 1 (a hub)
  EXPECT_THAT(Send(1, Frame(kB, kA)), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropSamePort), 1u);
}

TEST_F(BridgeTest, IsolatesVlans) {
  AddPort(1, Access(10));
  AddPort(2, Access(10));
  AddPort(3, Access(20));
  EXPECT_THAT(PortsOf(Send(1, Frame(Mac::Broadcast(), kA))), ElementsAre(P(2)));
  Send(3, Frame(Mac::Broadcast(), kC));  // C learned in VLAN 20 on port 3
  // VLAN 10 does not know C (independent learning): flooded in VLAN 10 only.
  EXPECT_THAT(PortsOf(Send(1, Frame(kC, kA))), ElementsAre(P(2)));
  EXPECT_THAT(Send(3, Frame(kA, kC)), IsEmpty());  // A is in VLAN 10, port 3 alone in VLAN 20
}

TEST_F(BridgeTest, TagsUntagsAndHonoursTheNativeVlan) {
  AddPort(1, Access(10));
  AddPort(2, Trunk(1));   // carries VLAN 10 tagged
  AddPort(3, Trunk(10));  // carries VLAN 10 untagged (native), VLAN 1 tagged
  const std::vector<SendFrame> from_access = Send(1, Frame(Mac::Broadcast(), kA));
  EXPECT_THAT(from_access, ElementsAre(SendFrame{P(2), Frame(Mac::Broadcast(), kA, 10)},
                                       SendFrame{P(3), Frame(Mac::Broadcast(), kA)}));
  // A tagged VLAN 10 frame from the trunk: untagged to the access port and the native trunk;
  // the 802.1p priority is kept when the frame stays tagged (none of these do).
  EXPECT_THAT(Send(2, Frame(Mac::Broadcast(), kB, 10, 5)),
              ElementsAre(SendFrame{P(1), Frame(Mac::Broadcast(), kB)},
                          SendFrame{P(3), Frame(Mac::Broadcast(), kB)}));
  // Untagged on port 2 is native VLAN 1: not to the VLAN 10 access port; tagged 1 on port 3.
  EXPECT_THAT(Send(2, Frame(Mac::Broadcast(), kC)),
              ElementsAre(SendFrame{P(3), Frame(Mac::Broadcast(), kC, 1)}));
}

TEST_F(BridgeTest, KeepsThePriorityWhenRetagging) {
  AddPort(1, Trunk(1));
  AddPort(2, Trunk(99));
  EXPECT_THAT(Send(1, Frame(Mac::Broadcast(), kA, 10, 5)),
              ElementsAre(SendFrame{P(2), Frame(Mac::Broadcast(), kA, 10, 5)}));
}

TEST_F(BridgeTest, DropsVlansTheIngressPortDoesNotAllow) {
  AddPort(1, Trunk(1, VlanMask::Of({1, 10, 20})));
  AddPort(2, Trunk(1, VlanMask::Of({1, 10})));
  AddPort(3, Access(30));
  EXPECT_THAT(Send(1, Frame(Mac::Broadcast(), kA, 30)), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropVlanNotAllowed), 1u);
  // VLAN 20 is allowed in on port 1 but port 2 does not carry it out.
  EXPECT_THAT(Send(1, Frame(Mac::Broadcast(), kA, 20)), IsEmpty());
  // VLAN 30 from the access port does not leave on trunks that do not allow it.
  EXPECT_THAT(Send(3, Frame(Mac::Broadcast(), kC)), IsEmpty());
  EXPECT_THAT(PortsOf(Send(1, Frame(Mac::Broadcast(), kA, 10))), ElementsAre(P(2)));
}

TEST_F(BridgeTest, AccessPortsDropTaggedFramesButAcceptPriorityTags) {
  AddPort(1, Access(10));
  AddPort(2, Access(10));
  EXPECT_THAT(Send(1, Frame(Mac::Broadcast(), kA, 10)), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropTaggedOnAccess), 1u);
  // VID 0 is a priority tag: the frame belongs to the access VLAN and leaves untagged.
  EXPECT_THAT(Send(1, Frame(Mac::Broadcast(), kA, 0, 3)),
              ElementsAre(SendFrame{P(2), Frame(Mac::Broadcast(), kA)}));
}

TEST_F(AccessBridgeTest, AgesAnAddressOutAfterThreeHundredSeconds) {
  now_ = T(1000ms);
  Send(1, Frame(Mac::Broadcast(), kA));
  Advance(T(1000ms) + 299s);
  EXPECT_THAT(PortsOf(Send(2, Frame(kA, kB))), ElementsAre(P(1)));  // still known; B learned
  Advance(T(1000ms) + 300s);
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kMacAged), 1u);
  EXPECT_THAT(PortsOf(Send(3, Frame(kA, kC))), ElementsAre(P(1), P(2)));  // flooded again
  const std::vector<MacEntry> table = bridge_.Snap().mac_table;
  ASSERT_EQ(table.size(), 2u);  // B (learned at 299 s) and C; A is gone
  EXPECT_EQ(table[0].mac, kB);
  EXPECT_EQ(table[1].mac, kC);
}

TEST_F(BridgeTest, HonoursAConfiguredAgingTime) {
  BridgeConfig c = Config();
  c.mac_aging = 10s;
  std::vector<Effect> out;
  bridge_.SetConfig(now_, c, out);
  AddPort(1, Access(1));
  AddPort(2, Access(1));
  Send(1, Frame(Mac::Broadcast(), kA));
  Advance(T(10000ms));
  EXPECT_THAT(bridge_.Snap().mac_table, IsEmpty());
}

TEST_F(BridgeTest, CountsAndTracesTheTableLimit) {
  BridgeConfig c = Config();
  c.mac_table_max = 2;
  std::vector<Effect> out;
  bridge_.SetConfig(now_, c, out);
  for (std::uint32_t p = 1; p <= 3; ++p) {
    AddPort(p, Access(1));
  }
  Send(1, Frame(Mac::Broadcast(), kA));
  Send(2, Frame(Mac::Broadcast(), kB));
  // C does not fit: its frame is still forwarded, but C is not learned.
  EXPECT_THAT(PortsOf(Send(3, Frame(Mac::Broadcast(), kC))), ElementsAre(P(1), P(2)));
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kMacLimit), 1u);
  ASSERT_EQ(engine::EffectsOf<engine::Trace>(out_).size(), 1u);
  EXPECT_THAT(engine::EffectsOf<engine::Trace>(out_)[0].text, ::testing::HasSubstr("mac-table"));
  EXPECT_EQ(bridge_.Snap().mac_table.size(), 2u);
  EXPECT_THAT(PortsOf(Send(1, Frame(kC, kA))), ElementsAre(P(2), P(3)));
}

TEST_F(AccessBridgeTest, MovesAnAddressSeenOnAnotherPort) {
  Send(1, Frame(Mac::Broadcast(), kA));
  Send(2, Frame(Mac::Broadcast(), kA));  // A moved behind port 2
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kMacMoves), 1u);
  EXPECT_THAT(PortsOf(Send(3, Frame(kA, kC))), ElementsAre(P(2)));
  const std::vector<MacEntry> table = bridge_.Snap().mac_table;
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[0], (MacEntry{1, kA, MacType::kDynamic, {P(2)}}));
}

TEST_F(AccessBridgeTest, LinkDownFlushesThePortAndStopsIt) {
  Send(1, Frame(Mac::Broadcast(), kA));
  Send(2, Frame(Mac::Broadcast(), kB));
  Link(1, false);
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kMacFlushed), 1u);
  ASSERT_EQ(bridge_.Snap().mac_table.size(), 1u);
  EXPECT_THAT(PortsOf(Send(2, Frame(kA, kB))), ElementsAre(P(3)));  // flooded, not to port 1
  EXPECT_THAT(Send(1, Frame(kB, kA)), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropPortDown), 1u);
  Link(1, true);
  EXPECT_THAT(PortsOf(Send(1, Frame(kB, kA))), ElementsAre(P(2)));
}

TEST_F(AccessBridgeTest, AdminDownPortsCarryNothing) {
  PortConfig down = Access(1);
  down.admin_up = false;
  AddPort(3, down);
  EXPECT_THAT(PortsOf(Send(1, Frame(Mac::Broadcast(), kA))), ElementsAre(P(2)));
  EXPECT_FALSE(bridge_.Snap().ports[2].forwarding);
}

TEST_F(AccessBridgeTest, StaticEntriesForwardNeverMoveAndShowAsStatic) {
  bridge_.AddStaticMac(1, kC, {P(3)});
  EXPECT_THAT(PortsOf(Send(1, Frame(kC, kA))), ElementsAre(P(3)));
  EXPECT_THAT(PortsOf(Send(2, Frame(Mac::Broadcast(), kC))), ElementsAre(P(1), P(3)));
  EXPECT_THAT(PortsOf(Send(1, Frame(kC, kA))), ElementsAre(P(3)));  // not moved to port 2
  // A static multicast entry names several ports.
  const Mac group = Mac::ForGroup(Ipv4{239, 1, 1, 1});
  bridge_.AddStaticMac(1, group, {P(2), P(3)});
  EXPECT_THAT(PortsOf(Send(1, Frame(group, kA))), ElementsAre(P(2), P(3)));
  EXPECT_THAT(PortsOf(Send(2, Frame(group, kB))), ElementsAre(P(3)));
  const std::vector<MacEntry> table = bridge_.Snap().mac_table;
  ASSERT_EQ(table.size(), 4u);
  EXPECT_EQ(table[0], (MacEntry{1, group, MacType::kStatic, {P(2), P(3)}}));
  EXPECT_EQ(table[3], (MacEntry{1, kC, MacType::kStatic, {P(3)}}));
  EXPECT_TRUE(bridge_.RemoveStaticMac(1, kC));
  // Learning was refused while the entry was static, so C is unknown now.
  EXPECT_THAT(PortsOf(Send(1, Frame(kC, kA))), ElementsAre(P(2), P(3)));
}

class SviTest : public BridgeTest {
 protected:
  static constexpr Mac kRouterMac{{0x02, 0x00, 0x00, 0x00, 0x01, 0x0a}};
  SviTest() {
    AddPort(1, Access(10));
    AddPort(2, Trunk(1));
    AddPort(3, Access(20));
    std::vector<Effect> out;
    bridge_.SetSvi(now_, 10, P(100), kRouterMac, true, out);
  }
};

TEST_F(SviTest, FramesToTheRouterMacGoOnlyToTheSvi) {
  EXPECT_THAT(Send(1, Frame(kRouterMac, kA)),
              ElementsAre(SendFrame{P(100), Frame(kRouterMac, kA)}));
  // From the trunk, tagged: delivered to the SVI untagged.
  EXPECT_THAT(Send(2, Frame(kRouterMac, kB, 10)),
              ElementsAre(SendFrame{P(100), Frame(kRouterMac, kB)}));
  const std::vector<MacEntry> table = bridge_.Snap().mac_table;
  EXPECT_THAT(table, ::testing::Contains(MacEntry{10, kRouterMac, MacType::kStatic, {P(100)}}));
}

TEST_F(SviTest, TheSviIsAMemberOfItsVlanOnly) {
  EXPECT_THAT(PortsOf(Send(1, Frame(Mac::Broadcast(), kA))), ElementsAre(P(2), P(100)));
  // VLAN 20: only the trunk carries it (tagged), never the VLAN 10 SVI.
  EXPECT_THAT(PortsOf(Send(3, Frame(Mac::Broadcast(), kC))), ElementsAre(P(2)));
  // The L3 stack sends on `interface Vlan10`: untagged in, tagged out of the trunk.
  Send(2, Frame(Mac::Broadcast(), kB, 10));
  EXPECT_THAT(Send(100, Frame(kB, kRouterMac)),
              ElementsAre(SendFrame{P(2), Frame(kB, kRouterMac, 10)}));
  EXPECT_TRUE(bridge_.Snap().ports.back().svi);
  EXPECT_TRUE(bridge_.Forwarding(P(100)));
}

TEST_F(SviTest, RemovingTheSviRemovesItsAddress) {
  std::vector<Effect> out;
  bridge_.RemovePort(now_, P(100), out);
  EXPECT_THAT(PortsOf(Send(1, Frame(kRouterMac, kA))), ElementsAre(P(2)));
  EXPECT_THAT(bridge_.Snap().mac_table,
              ::testing::Not(::testing::Contains(::testing::Field(&MacEntry::mac, kRouterMac))));
}

class MulticastTest : public BridgeTest {
 protected:
  MulticastTest() {
    for (std::uint32_t p = 1; p <= 4; ++p) {
      AddPort(p, Access(1));
    }
  }
  const Ipv4 g1_{239, 1, 1, 1};
  const Ipv4 g2_{239, 129, 1, 1};  // same MAC as 239.1.1.1 (RFC 1112 §6.4)
  const Mac gmac_ = Mac::ForGroup(g1_);
};

TEST_F(MulticastTest, FloodsByDefault) {
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(2), P(3), P(4)));
}

TEST_F(MulticastTest, SnoopingEntriesNarrowEgressPerGroupMac) {
  bridge_.ApplyMdb(engine::MdbAdd{.vlan = 1, .group_mac = gmac_, .group = g1_, .port = P(3)});
  bridge_.ApplyMdb(engine::MdbAdd{.vlan = 1, .group_mac = gmac_, .group = g2_, .port = P(4)});
  // The MAC carries both groups, so both member ports get it; never the ingress port.
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(3), P(4)));
  EXPECT_THAT(PortsOf(Send(3, Frame(gmac_, kC))), ElementsAre(P(4)));
  bridge_.ApplyMdb(engine::MdbDel{.vlan = 1, .group_mac = gmac_, .group = g2_, .port = P(4)});
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(3)));
  bridge_.ApplyMdb(engine::MdbDel{.vlan = 1, .group_mac = gmac_, .group = g1_, .port = P(3)});
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(2), P(3), P(4)));  // flood again
}

// The snooping engine's query replaces ApplyMdb: the bridge asks it per frame, with the
// frame's IPv4 destination and ingress port, and honours "flood" or the port list.
class FakeTable : public MulticastTable {
 public:
  MulticastEgress Lookup(std::uint16_t vlan, const Mac& dst, std::optional<Ipv4> group,
                         IfIndex ingress) const override {
    asked.push_back({vlan, dst, group, ingress});
    return answer;
  }
  struct Ask {
    std::uint16_t vlan;
    Mac dst;
    std::optional<Ipv4> group;
    IfIndex ingress;
  };
  mutable std::vector<Ask> asked;
  MulticastEgress answer;
};

TEST_F(MulticastTest, AsksTheSnoopingTableAfterStaticEntries) {
  FakeTable table;
  bridge_.SetMulticastTable(&table);
  table.answer = MulticastEgress{false, {P(4)}};
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(4)));
  ASSERT_EQ(table.asked.size(), 1u);
  EXPECT_EQ(table.asked[0].vlan, 1);
  EXPECT_EQ(table.asked[0].dst, gmac_);
  EXPECT_EQ(table.asked[0].ingress, P(1));
  table.answer = MulticastEgress{false, {}};  // registered, nobody wants it
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), IsEmpty());
  table.answer = MulticastEgress{};
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(2), P(3), P(4)));
  bridge_.AddStaticMac(1, gmac_, {P(2)});  // static MAC entries win
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(2)));
  EXPECT_EQ(table.asked.size(), 3u);
  bridge_.SetMulticastTable(nullptr);
}

TEST_F(MulticastTest, UnregisteredPortsApplyExceptToLinkLocalGroups) {
  bridge_.SetUnregisteredMulticastPorts(1, std::vector<IfIndex>{P(4)});
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(4)));
  const Mac all_pim_routers = Mac::ForGroup(Ipv4{224, 0, 0, 13});
  EXPECT_THAT(PortsOf(Send(1, Frame(all_pim_routers, kA))), ElementsAre(P(2), P(3), P(4)));
  EXPECT_THAT(PortsOf(Send(1, Frame(Mac::Broadcast(), kA))), ElementsAre(P(2), P(3), P(4)));
  bridge_.SetUnregisteredMulticastPorts(1, std::nullopt);
  EXPECT_THAT(PortsOf(Send(1, Frame(gmac_, kA))), ElementsAre(P(2), P(3), P(4)));
}

TEST_F(AccessBridgeTest, AdmitAndSendInVlanSplitTheDataPath) {
  std::vector<Effect> out;
  EXPECT_EQ(bridge_.Admit(now_, P(1), Frame(Mac::Broadcast(), kA), out), std::uint16_t{1});
  EXPECT_EQ(bridge_.Snap().mac_table.size(), 1u);  // learned, not forwarded
  EXPECT_THAT(DataFrames(out), IsEmpty());
  const wire::Bytes query = Frame(Mac::ForGroup(Ipv4{224, 0, 0, 1}), kSwitchMac);
  const std::vector<IfIndex> to = {P(1), P(3)};
  bridge_.SendInVlan(1, query, to, IfIndex{}, out);
  EXPECT_THAT(PortsOf(DataFrames(out)), ElementsAre(P(1), P(3)));
  out.clear();
  bridge_.FloodInVlan(1, query, P(2), out);
  EXPECT_THAT(PortsOf(DataFrames(out)), ElementsAre(P(1), P(3)));
  EXPECT_FALSE(bridge_.Admit(now_, P(9), Frame(Mac::Broadcast(), kA), out).has_value());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropUnknownPort), 1u);
}

TEST_F(AccessBridgeTest, DropsMalformedAndReservedFrames) {
  EXPECT_THAT(Send(1, wire::Bytes(10, 0xff)), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropMalformed), 1u);
  // 01-80-C2-00-00-02 (slow protocols) is never forwarded.
  EXPECT_THAT(Send(1, Frame(Mac{{0x01, 0x80, 0xc2, 0, 0, 0x02}}, kA)), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropReserved), 1u);
  EXPECT_THAT(Send(1, Frame(kB, Mac::Broadcast())), IsEmpty());  // a group source address
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropBadSource), 1u);
  out_.clear();
  bridge_.Handle(now_, PacketIn{.layer = engine::Layer::kL3, .ifindex = P(1)}, out_);
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropMalformed), 2u);
}

TEST_F(AccessBridgeTest, BadBpdusAreCountedNotForwarded) {
  wire::Bytes bpdu = *BuildBpduFrame(kA, Bpdu{});
  bpdu[17] = 0x09;  // protocol identifier 0900
  EXPECT_THAT(Send(1, bpdu), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kBpduBad), 1u);
  EXPECT_EQ(engine::EffectsOf<engine::Trace>(out_).size(), 1u);
}

TEST_F(BridgeTest, WithoutSpanningTreeBpdusAreFloodedLikeData) {
  BridgeConfig c = Config();
  c.stp_enabled = false;
  std::vector<Effect> out;
  bridge_.SetConfig(now_, c, out);
  AddPort(1, Access(1));
  AddPort(2, Access(1));
  const wire::Bytes bpdu = *BuildBpduFrame(kA, Bpdu{});
  out_.clear();
  bridge_.Handle(now_, PacketIn{.layer = engine::Layer::kL2, .ifindex = P(1), .bytes = bpdu}, out_);
  EXPECT_THAT(engine::EffectsOf<SendFrame>(out_), ElementsAre(SendFrame{P(2), bpdu}));
  EXPECT_THAT(bridge_.Snap().stp.ports, IsEmpty());
}

TEST_F(BridgeTest, SnapshotsAreDeterministicAndSorted) {
  AddPort(5, Access(1));
  AddPort(2, Trunk(1));
  AddPort(9, Access(1));
  Send(9, Frame(Mac::Broadcast(), kC));
  Send(2, Frame(Mac::Broadcast(), kA, 7));
  Send(5, Frame(Mac::Broadcast(), kB));
  const BridgeSnapshot s = bridge_.Snap();
  EXPECT_EQ(s, bridge_.Snap());
  ASSERT_EQ(s.ports.size(), 3u);
  EXPECT_EQ(s.ports[0].port, P(2));
  EXPECT_EQ(s.ports[2].port, P(9));
  ASSERT_EQ(s.mac_table.size(), 3u);
  EXPECT_EQ(s.mac_table[0].vlan, 1);
  EXPECT_EQ(s.mac_table[0].mac, kB);
  EXPECT_EQ(s.mac_table[1].mac, kC);
  EXPECT_EQ(s.mac_table[2].vlan, 7);
  EXPECT_EQ(s.counters.front().name, "frames-in");
  EXPECT_EQ(s.counters.front().value, 3u);
  EXPECT_EQ(s.counters.back().name, "tc-received");
  EXPECT_EQ(s.mac_aging, 300s);
}

// A bridge whose spanning-tree neighbours are played by hand-made BPDUs: root R (priority 4096)
// on port 1, bridge X on port 2, a host on port 3.
class StpBridgeTest : public BridgeTest {
 protected:
  static constexpr Mac kRootMac{{0x02, 0x00, 0x00, 0x00, 0x0f, 0x01}};
  static constexpr Mac kXMac{{0x02, 0x00, 0x00, 0x00, 0x0f, 0x02}};

  StpBridgeTest() {
    for (std::uint32_t p = 1; p <= 3; ++p) {
      AddPort(p, Access(1));
    }
  }

  static Bpdu FromRoot() {
    return Bpdu{.role = BpduRole::kDesignated,
                .learning = true,
                .forwarding = true,
                .root = {4096, kRootMac},
                .bridge = {4096, kRootMac},
                .port_id = 0x8001,
                .max_age = 20 * 256,
                .hello_time = 2 * 256,
                .forward_delay = 15 * 256};
  }

  // X reaches the root at `cost`; its designated port is 0x8007.
  static Bpdu FromX(std::uint32_t cost) {
    Bpdu b = FromRoot();
    b.root_path_cost = cost;
    b.bridge = {32768, kXMac};
    b.port_id = 0x8007;
    b.message_age = 256;
    return b;
  }

  void Receive(std::uint32_t port, const Bpdu& b, const Mac& src) {
    Send(port, *BuildBpduFrame(src, b));
  }
};

TEST_F(StpBridgeTest, ABlockedPortDropsDataBothWays) {
  Receive(1, FromRoot(), kRootMac);
  Receive(2, FromX(2), kXMac);  // X is closer to the root than we would be (cost 4)
  EXPECT_EQ(bridge_.stp().Role(P(2)), PortRole::kAlternate);
  EXPECT_FALSE(bridge_.Forwarding(P(2)));
  EXPECT_THAT(Send(2, Frame(Mac::Broadcast(), kA)), IsEmpty());
  EXPECT_EQ(Counter(bridge_, BridgeCounter::kDropStpBlocked), 1u);
  EXPECT_THAT(PortsOf(Send(3, Frame(Mac::Broadcast(), kC))), ElementsAre(P(1)));
  EXPECT_FALSE(bridge_.Snap().ports[1].forwarding);
}

TEST_F(StpBridgeTest, AReceivedTopologyChangeFlushesTheOtherNonEdgePorts) {
  Receive(1, FromRoot(), kRootMac);
  Receive(2, FromX(8), kXMac);  // we are designated towards X
  EXPECT_EQ(bridge_.stp().Role(P(1)), PortRole::kRoot);
  EXPECT_EQ(bridge_.stp().Role(P(2)), PortRole::kDesignated);
  EXPECT_TRUE(bridge_.Forwarding(P(2)));
  // Past the start-up: the ports' first BPDUs made changes of their own (tcWhile 3 s).
  Advance(T(5000ms));
  bridge_.TakeTopologyChanges();
  Send(1, Frame(Mac::Broadcast(), kA));
  Send(2, Frame(Mac::Broadcast(), kB));
  Send(3, Frame(Mac::Broadcast(), kC));
  ASSERT_EQ(bridge_.Snap().mac_table.size(), 3u);

  Bpdu tc = FromRoot();
  tc.topology_change = true;
  Receive(1, tc, kRootMac);
  // §17.31: flush every port but the receiving one and edge ports (port 3 never heard a BPDU).
  const std::vector<MacEntry> table = bridge_.Snap().mac_table;
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[0].mac, kA);
  EXPECT_EQ(table[1].mac, kC);
  EXPECT_THAT(bridge_.TakeTopologyChanges(), ElementsAre(TopologyChange{P(1), true, kDefaultVlan}));
  EXPECT_THAT(bridge_.TakeTopologyChanges(), IsEmpty());
  // ... and the change is propagated on the designated port with the TC flag.
  const std::vector<Bpdu> sent = testing::BpdusSentOn(out_, P(2));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].topology_change);
  EXPECT_TRUE(testing::BpdusSentOn(out_, P(3)).empty());
  EXPECT_EQ(bridge_.stp().counters().Get(StpCounter::kTcReceived), 1u);
}

TEST_F(StpBridgeTest, EdgePortsSendBpdusEveryHelloAndForwardAtOnce) {
  EXPECT_TRUE(bridge_.Forwarding(P(3)));
  Advance(T(2000ms));
  for (std::uint32_t p = 1; p <= 3; ++p) {
    const std::vector<Bpdu> sent = testing::BpdusSentOn(out_, P(p));
    ASSERT_EQ(sent.size(), 1u) << "port " << p;
    EXPECT_EQ(sent[0].role, BpduRole::kDesignated);
    EXPECT_EQ(sent[0].root, (BridgeId{32768 + 1, kSwitchMac}));  // VLAN 1 instance
    EXPECT_TRUE(sent[0].forwarding);
  }
  EXPECT_EQ(bridge_.NextDeadline(), T(4000ms));
}

}  // namespace
}  // namespace mc::l2
