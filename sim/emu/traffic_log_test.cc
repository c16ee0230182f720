// TrafficLog: frame classification into data and `<ctl>` kinds, and the expect counts.
#include "sim/emu/traffic_log.h"

#include <gtest/gtest.h>

#include "wire/ethernet.h"
#include "wire/igmp.h"
#include "wire/ip.h"
#include "wire/pim.h"

namespace mc::sim {
namespace {

Ipv4 A(const char* text) { return *Ipv4::Parse(text); }

wire::Bytes Frame(std::uint8_t protocol, Ipv4 src, Ipv4 dst, const wire::Bytes& payload,
                  bool tagged = false) {
  wire::Ipv4Header h;
  h.protocol = protocol;
  h.src = src;
  h.dst = dst;
  h.ttl = 1;
  wire::Bytes ip = *wire::BuildIpv4(h, payload);
  wire::EthernetHeader e;
  e.dst = dst.IsMulticast() ? Mac::ForGroup(dst) : Mac::Broadcast();
  e.src = Mac{{0x52, 0x54, 0, 0, 0, 1}};
  if (tagged) {
    e.vlan = wire::VlanTag{0, false, 30};
  }
  return *wire::BuildEthernet(e, ip);
}

wire::Bytes Igmp(const wire::IgmpMessage& m, Ipv4 dst) {
  return Frame(wire::kProtoIgmp, A("10.0.0.1"), dst, *wire::EncodeToBytes(m));
}

wire::Bytes Udp(Ipv4 src, Ipv4 dst, std::uint16_t port, bool tagged = false) {
  wire::UdpDatagram d;
  d.src_port = 40000;
  d.dst_port = port;
  const wire::Bytes payload(10, 0);
  d.payload = payload;
  return Frame(wire::kProtoUdp, src, dst, *wire::BuildUdp(d, src, dst), tagged);
}

TEST(ClassifyFrameTest, MulticastUdpIsDataForItsGroup) {
  const auto c = ClassifyFrame(Udp(A("10.0.0.5"), A("239.1.1.1"), 5001));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->control);
  EXPECT_EQ(c->groups, std::vector<Ipv4>{A("239.1.1.1")});
}

TEST(ClassifyFrameTest, TaggedFramesAreClassifiedToo) {
  const auto c = ClassifyFrame(Udp(A("10.0.0.5"), A("239.1.1.1"), 5001, true));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->groups, std::vector<Ipv4>{A("239.1.1.1")});
}

TEST(ClassifyFrameTest, UnicastUdpAndArpAreNotCounted) {
  EXPECT_FALSE(ClassifyFrame(Udp(A("10.0.0.5"), A("10.0.0.6"), 5001)));
  wire::EthernetHeader e;
  e.dst = Mac::Broadcast();
  e.ethertype = wire::kEtherTypeArp;
  wire::Arp arp;
  EXPECT_FALSE(ClassifyFrame(*wire::BuildEthernet(e, *wire::EncodeToBytes(arp))));
  EXPECT_FALSE(ClassifyFrame(wire::Bytes{1, 2, 3}));
}

TEST(ClassifyFrameTest, IgmpKindsAndGroups) {
  wire::IgmpQuery general;
  auto c = ClassifyFrame(Igmp(general, A("224.0.0.1")));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kIgmpQuery);
  EXPECT_TRUE(c->groups.empty());

  wire::IgmpQuery specific;
  specific.group = A("239.1.1.1");
  c = ClassifyFrame(Igmp(specific, A("239.1.1.1")));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kIgmpQuery);
  EXPECT_EQ(c->groups, std::vector<Ipv4>{A("239.1.1.1")});

  c = ClassifyFrame(Igmp(wire::IgmpV2Report{A("239.1.1.1")}, A("239.1.1.1")));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kIgmpReport);  // not data, though sent to the group

  c = ClassifyFrame(Igmp(wire::IgmpLeave{A("239.1.1.1")}, A("224.0.0.2")));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kIgmpLeave);
  EXPECT_EQ(c->groups, std::vector<Ipv4>{A("239.1.1.1")});

  wire::IgmpV3Report v3;
  v3.records.push_back({wire::IgmpRecordType::kModeIsExclude, A("239.1.1.1"), {}, {}});
  v3.records.push_back({wire::IgmpRecordType::kModeIsInclude, A("239.2.2.2"), {A("10.0.0.9")}, {}});
  c = ClassifyFrame(Igmp(v3, A("224.0.0.22")));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kIgmpReport);
  EXPECT_EQ(c->groups, (std::vector<Ipv4>{A("239.1.1.1"), A("239.2.2.2")}));
}

TEST(ClassifyFrameTest, PimVrrpAndAutoRp) {
  wire::PimHello hello;
  auto c = ClassifyFrame(Frame(wire::kProtoPim, A("10.0.0.1"), A("224.0.0.13"),
                               *wire::EncodeToBytes(wire::PimMessage{hello})));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kPimHello);

  wire::PimJoinPrune jp;
  jp.upstream_neighbor = A("10.0.0.2");
  jp.holdtime_s = 210;
  wire::PimJoinPruneGroup g;
  g.group.group = A("239.1.1.1");
  g.joins.push_back(wire::PimEncodedSource{A("1.1.1.1"), 32, true, true, true});
  jp.groups.push_back(g);
  c = ClassifyFrame(Frame(wire::kProtoPim, A("10.0.0.1"), A("224.0.0.13"),
                          *wire::EncodeToBytes(wire::PimMessage{jp})));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kPimJoinPrune);
  EXPECT_EQ(c->groups, std::vector<Ipv4>{A("239.1.1.1")});

  c = ClassifyFrame(Frame(wire::kProtoVrrp, A("10.0.0.1"), A("224.0.0.18"), wire::Bytes(20, 0)));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kVrrp);
  EXPECT_EQ(c->groups, std::vector<Ipv4>{A("224.0.0.18")});

  c = ClassifyFrame(Udp(A("10.0.0.1"), A("224.0.1.40"), 496));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->control, ControlKind::kAutoRp);
}

TEST(TrafficLogTest, CountsSentBySinceKindAndGroup) {
  TrafficLog log;
  const Time t0 = kTimeZero;
  const Time t5 = kTimeZero + std::chrono::seconds{5};
  log.NoteSent(t0, 0, 1, Udp(A("10.0.0.5"), A("239.1.1.1"), 5001));
  log.NoteSent(t5, 0, 1, Udp(A("10.0.0.5"), A("239.1.1.1"), 5001));
  log.NoteSent(t5, 0, 1, Udp(A("10.0.0.5"), A("239.2.2.2"), 5001));
  wire::IgmpV3Report v3;
  v3.records.push_back({wire::IgmpRecordType::kModeIsExclude, A("239.1.1.1"), {}, {}});
  v3.records.push_back(
      {wire::IgmpRecordType::kAllowNewSources, A("239.1.1.1"), {A("1.1.1.1")}, {}});
  v3.records.push_back({wire::IgmpRecordType::kModeIsExclude, A("239.3.3.3"), {}, {}});
  log.NoteSent(t5, 0, 1, Igmp(v3, A("224.0.0.22")));

  EXPECT_EQ(log.CountSent(0, 1, std::nullopt, A("239.1.1.1"), t0), 2u);
  EXPECT_EQ(log.CountSent(0, 1, std::nullopt, A("239.1.1.1"), t5), 1u);
  EXPECT_EQ(log.CountSent(0, 1, std::nullopt, A("239.2.2.2"), t0), 1u);
  // One report naming two groups (239.1.1.1 twice) counts once, and once per group.
  EXPECT_EQ(log.CountSent(0, 1, ControlKind::kIgmpReport, std::nullopt, t0), 1u);
  EXPECT_EQ(log.CountSent(0, 1, ControlKind::kIgmpReport, A("239.1.1.1"), t0), 1u);
  EXPECT_EQ(log.CountSent(0, 1, ControlKind::kIgmpReport, A("239.3.3.3"), t0), 1u);
  EXPECT_EQ(log.CountSent(0, 1, ControlKind::kIgmpReport, A("239.2.2.2"), t0), 0u);
  // Other interfaces and devices saw nothing.
  EXPECT_EQ(log.CountSent(0, 0, std::nullopt, A("239.1.1.1"), t0), 0u);
  EXPECT_EQ(log.CountSent(3, 1, std::nullopt, A("239.1.1.1"), t0), 0u);
}

TEST(TrafficLogTest, CountsReceivedBySourceAndSince) {
  TrafficLog log;
  const Time t1 = kTimeZero + std::chrono::seconds{1};
  const Time t2 = kTimeZero + std::chrono::seconds{2};
  log.NoteReceived(t1, 2, A("239.1.1.1"), A("10.0.0.1"));
  log.NoteReceived(t2, 2, A("239.1.1.1"), A("10.0.0.2"));
  log.NoteReceived(t2, 2, A("239.9.9.9"), A("10.0.0.2"));
  EXPECT_EQ(log.CountReceived(2, A("239.1.1.1"), std::nullopt, kTimeZero), 2u);
  EXPECT_EQ(log.CountReceived(2, A("239.1.1.1"), A("10.0.0.2"), kTimeZero), 1u);
  EXPECT_EQ(log.CountReceived(2, A("239.1.1.1"), std::nullopt, t2), 1u);
  EXPECT_EQ(log.CountReceived(1, A("239.1.1.1"), std::nullopt, kTimeZero), 0u);
}

}  // namespace
}  // namespace mc::sim
