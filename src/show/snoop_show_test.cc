// Snooping show commands: golden IOS text for seed 004's VLAN 3 and 30 entries and the JSON of
// each command, from a hand-built snapshot (snoop/snapshot.h is plain data).
#include "show/snoop_show.h"

#include <gtest/gtest.h>

namespace mc::show {
namespace {

using namespace std::chrono_literals;
using snoop::GroupSnapshot;
using snoop::MacEntrySnapshot;
using snoop::MemberSnapshot;
using snoop::MrouterSnapshot;
using snoop::SnoopSnapshot;
using snoop::VlanSnapshot;

const Time kNow = Time{} + 100s;
const Ipv4 kG{239, 1, 1, 1};

MemberSnapshot Member(std::uint32_t port, std::string name, bool is_static = false) {
  return MemberSnapshot{IfIndex{port},
                        std::move(name),
                        Time{} + 10s,
                        is_static ? std::nullopt : std::optional<Time>(Time{} + 130s),
                        2,
                        is_static,
                        false,
                        Ipv4{10, 1, 3, 2}};
}

SnoopSnapshot Seed004() {
  SnoopSnapshot s;
  s.table_entries = 2;
  s.table_max = 16384;
  VlanSnapshot v3;
  v3.vlan = 3;
  v3.last_member_query_interval = 1000ms;
  v3.groups.push_back(GroupSnapshot{kG, Mac::ForGroup(kG), {Member(1, "10/1"), Member(2, "10/2")}});
  v3.mac_entries.push_back(MacEntrySnapshot{Mac::ForGroup(kG),
                                            false,
                                            {kG},
                                            {IfIndex{1}, IfIndex{2}, IfIndex{3}},
                                            {"10/1", "10/2", "15/1"}});
  v3.mac_entries.push_back(
      MacEntrySnapshot{*Mac::Parse("0100.5e18.010a"), true, {}, {IfIndex{2}}, {"10/2"}});
  v3.mrouters.push_back(MrouterSnapshot{IfIndex{3}, "15/1", false, "igmp", Time{} + 390s});
  v3.other_querier = Ipv4{10, 1, 3, 10};
  v3.other_querier_port = "15/1";
  v3.other_querier_version = 2;
  VlanSnapshot v30;
  v30.vlan = 30;
  v30.last_member_query_interval = 1000ms;
  v30.groups.push_back(GroupSnapshot{kG, Mac::ForGroup(kG), {Member(4, "1/2", true)}});
  v30.mrouters.push_back(MrouterSnapshot{IfIndex{3}, "15/1", true, "", std::nullopt});
  v30.querier_active = true;
  v30.querier_address = Ipv4{10, 1, 4, 250};
  s.vlans = {v3, v30};
  return s;
}

TEST(SnoopShow, GroupsListIpGroupsPerVlan) {
  EXPECT_EQ(RenderSnoopingGroups(Seed004(), std::nullopt),
            "Vlan      Group                    Type        Version     Port List\n"
            "-----------------------------------------------------------------------\n"
            "3         239.1.1.1                igmp        v2          10/1, 10/2\n"
            "30        239.1.1.1                user        v2          1/2\n");
  const std::string only30 = RenderSnoopingGroups(Seed004(), 30);
  EXPECT_EQ(only30.find("10/1"), std::string::npos);
  const nlohmann::json j = SnoopingGroupsJson(Seed004(), 3, kNow);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["mac"], "0100.5e01.0101");
  EXPECT_EQ(j[0]["members"][0]["expires_s"], 30);
  EXPECT_EQ(j[0]["members"][1]["port"], "10/2");
}

TEST(SnoopShow, MacAddressTableMulticastShowsMacEntriesAndStaticOnes) {
  EXPECT_EQ(RenderMacAddressTableMulticast(Seed004(), 3),
            "Vlan    Mac Address       Type       Ports\n"
            "----    -----------       ----       -----\n"
            "   3    0100.5e01.0101    IGMP       10/1,10/2,15/1\n"
            "   3    0100.5e18.010a    USER       10/2\n");
  const nlohmann::json j = MacAddressTableMulticastJson(Seed004(), std::nullopt);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["groups"][0], "239.1.1.1");
  EXPECT_EQ(j[1]["type"], "USER");
}

TEST(SnoopShow, MrouterMarksStaticDynamicAndTheSwitchItself) {
  EXPECT_EQ(RenderSnoopingMrouter(Seed004(), std::nullopt),
            "Vlan    ports\n"
            "-------+------------------------------\n"
            "   3    15/1(dynamic)\n"
            "  30    15/1(static), Switch\n");
  const nlohmann::json j = SnoopingMrouterJson(Seed004(), 3, kNow);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["learned_from"], "igmp");
  EXPECT_EQ(j[0]["expires_s"], 290);
}

TEST(SnoopShow, QuerierShowsTheRouterOrTheSwitch) {
  EXPECT_EQ(RenderSnoopingQuerier(Seed004()),
            "Vlan      IP Address       IGMP Version   Port\n"
            "-------------------------------------------------------------\n"
            "3         10.1.3.10        v2             15/1\n"
            "30        10.1.4.250       v2             Switch\n");
  EXPECT_EQ(SnoopingQuerierJson(Seed004())[1]["port"], "Switch");
}

TEST(SnoopShow, GlobalAndPerVlanSettings) {
  const std::string text = RenderSnooping(Seed004(), 30);
  EXPECT_NE(text.find("IGMP snooping                : Enabled\n"), std::string::npos);
  EXPECT_NE(text.find("TCN flood query count        : 2\n"), std::string::npos);
  EXPECT_NE(text.find("\nVlan 30:\n--------\n"), std::string::npos);
  EXPECT_EQ(text.find("Vlan 3:"), std::string::npos);
  EXPECT_NE(text.find("Last member query interval          : 1000\n"), std::string::npos);
  const nlohmann::json j = SnoopingJson(Seed004(), std::nullopt);
  EXPECT_EQ(j["vlans"].size(), 2u);
  EXPECT_EQ(j["table_max"], 16384);
}

TEST(SnoopShow, IgmpModeShowsFallback) {
  SnoopSnapshot s = Seed004();
  EXPECT_EQ(RenderIgmpMode(s, kNow),
            "IGMP Mode:                  auto\n"
            "IGMP Operational Mode:      igmp-only\n"
            "IGMP Address Aliasing Mode: normal\n"
            "Address aliasing frames:    0\n"
            "Fallbacks:                  0\n");
  s.aliasing.fallback = true;
  s.aliasing.fallbacks = 1;
  s.aliasing.aliased_frames = 50;
  s.aliasing.hold_expires = kNow + 300s;
  s.aliasing.last_group = Ipv4{239, 0, 0, 4};
  s.aliasing.last_mac = Mac::ForGroup(Ipv4{239, 0, 0, 4});
  s.aliasing.last_source = Ipv4{10, 1, 3, 5};
  s.aliasing.last_source_mac = *Mac::Parse("00-05-74-18-04-bc");
  s.aliasing.last_port = "1/1";
  const std::string text = RenderIgmpMode(s, kNow);
  EXPECT_NE(text.find("IGMP Address Aliasing Mode: fallback\n"), std::string::npos);
  EXPECT_NE(text.find("Fallback ends in:           300s\n"), std::string::npos);
  EXPECT_NE(text.find("From 00:05:74:18:04:bc (10.1.3.5) on 1/1 to 01:00:5e:00:00:04 "
                      "(239.0.0.4)"),
            std::string::npos);
  const nlohmann::json j = IgmpModeJson(s, kNow);
  EXPECT_EQ(j["aliasing_mode"], "fallback");
  EXPECT_EQ(j["fallback_ends_s"], 300);
}

}  // namespace
}  // namespace mc::show
