// Tests for the packet renderers behind `mcast decode`.
#include "show/packet_describe.h"

#include <gtest/gtest.h>

#include "tests/tshark/frames.h"
#include "wire/igmp.h"

namespace mc::show {
namespace {

using namespace mc::wire;
using namespace std::chrono_literals;

std::vector<PacketLine> DescribeIgmpFrame(const IgmpMessage& m, Ipv4 src, Ipv4 dst) {
  const Bytes payload = *EncodeToBytes(m);
  const Bytes frame = testing::IpFrame(
      {.ttl = 1, .protocol = kProtoIgmp, .src = src, .dst = dst, .router_alert = true}, payload);
  PacketDescriber d;
  return d.Frame(frame, "Vlan3", kTimeZero + 2s);
}

TEST(DescribeIgmp, V2ReportAsIosDebug) {
  const auto lines =
      DescribeIgmpFrame(IgmpV2Report{Ipv4{239, 1, 1, 1}}, Ipv4{10, 1, 3, 2}, Ipv4{239, 1, 1, 1});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "IGMP: Received v2 Report on Vlan3 from 10.1.3.2 for 239.1.1.1");
  EXPECT_EQ(lines[0].json["protocol"], "igmp");
  EXPECT_EQ(lines[0].json["message"]["group"], "239.1.1.1");
  EXPECT_EQ(lines[0].json["ttl"], 1);
  EXPECT_EQ(lines[0].json["router_alert"], true);
  EXPECT_EQ(lines[0].json["time"], "2.000s");
}

TEST(DescribeIgmp, LeaveUsesIosLayout) {
  const auto lines =
      DescribeIgmpFrame(IgmpLeave{Ipv4{239, 1, 1, 1}}, Ipv4{10, 1, 4, 1}, kAllRouters);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "IGMP: Received Leave from 10.1.4.1 (Vlan3) for 239.1.1.1");
}

TEST(DescribeIgmp, GroupSpecificQueryNamesTheGroup) {
  const auto lines = DescribeIgmpFrame(
      IgmpQuery{.version = IgmpVersion::kV2, .max_resp_code = 10, .group = Ipv4{239, 1, 1, 1}},
      Ipv4{10, 1, 3, 10}, Ipv4{239, 1, 1, 1});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "IGMP: Received v2 Query on Vlan3 from 10.1.3.10 for 239.1.1.1");
  EXPECT_EQ(lines[0].json["message"]["max_resp_time_ms"], 1000);
}

TEST(DescribeIgmp, V3ReportListsRecords) {
  const IgmpV3Report r{
      {{IgmpRecordType::kChangeToExcludeMode, Ipv4{239, 1, 1, 1}, {}, {}},
       {IgmpRecordType::kAllowNewSources, Ipv4{232, 1, 1, 1}, {Ipv4{10, 99, 1, 10}}, {}}}};
  const auto lines = DescribeIgmpFrame(r, Ipv4{10, 1, 3, 2}, kIgmpV3Routers);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text,
            "IGMP: Received v3 Report for 2 groups on Vlan3 from 10.1.3.2: TO_EX 239.1.1.1 {}; "
            "ALLOW 232.1.1.1 {10.99.1.10}");
  EXPECT_EQ(lines[0].json["message"]["records"][1]["sources"][0], "10.99.1.10");
}

TEST(DescribeIgmp, MalformedIsPrintedWithItsError) {
  Bytes payload = *EncodeToBytes(IgmpMessage{IgmpV2Report{Ipv4{239, 1, 1, 1}}});
  payload[3] ^= 0xFF;  // break the checksum
  const Bytes frame = testing::IpFrame(
      {.ttl = 1, .protocol = kProtoIgmp, .src = Ipv4{10, 0, 0, 9}, .dst = Ipv4{239, 1, 1, 1}},
      payload);
  PacketDescriber d;
  const auto lines = d.Frame(frame, "eth0", kTimeZero);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text,
            "IGMP: Malformed packet on eth0 from 10.0.0.9 to 239.1.1.1: bad-checksum");
  EXPECT_EQ(lines[0].json["error"], "bad-checksum");
}

TEST(DescribeIgmp, NonControlTrafficIsSilent) {
  const Bytes udp =
      *BuildUdp({.src_port = 1, .dst_port = 5000}, Ipv4{10, 0, 0, 1}, Ipv4{239, 1, 1, 1});
  const Bytes frame = testing::IpFrame(
      {.ttl = 8, .protocol = kProtoUdp, .src = Ipv4{10, 0, 0, 1}, .dst = Ipv4{239, 1, 1, 1}}, udp);
  PacketDescriber d;
  EXPECT_TRUE(d.Frame(frame, "eth0", kTimeZero).empty());
}

}  // namespace
}  // namespace mc::show
