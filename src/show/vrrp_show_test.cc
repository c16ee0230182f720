// `show vrrp [brief]` text in the IOS layouts and its JSON, from hand-built snapshots of a
// master (with a secondary address, a tracked interface down and preempt delay) and a backup.
#include "show/vrrp_show.h"

#include <gtest/gtest.h>

namespace mc::show {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

const IfIndex kIf{1};
const Time kNow = kTimeZero + seconds{100};

vrrp::GroupSnapshot Master() {
  vrrp::GroupSnapshot g;
  g.ifindex = kIf;
  g.vrid = 1;
  g.version = 2;
  g.state = vrrp::VrrpState::kMaster;
  g.since = kTimeZero + seconds{4};
  g.addresses = {Ipv4{10, 0, 0, 254}};
  g.virtual_mac = Mac::VrrpVirtual(1);
  g.destination = Ipv4{224, 0, 0, 18};
  g.configured_priority = 110;
  g.priority = 110;
  g.advertisement_interval = seconds{1};
  g.master_adver_interval = seconds{1};
  g.skew_time = nanoseconds{570312500};
  g.master_down_interval = nanoseconds{3570312500};
  g.master_address = Ipv4{10, 0, 0, 2};
  g.master_priority = 110;
  g.next_advert = kNow + milliseconds{250};
  return g;
}

vrrp::GroupSnapshot Backup() {
  vrrp::GroupSnapshot g = Master();
  g.vrid = 2;
  g.version = 3;
  g.state = vrrp::VrrpState::kBackup;
  g.description = "proxy VIP";
  g.addresses = {Ipv4{10, 0, 0, 253}, Ipv4{10, 0, 0, 252}};
  g.virtual_mac = Mac::VrrpVirtual(2);
  g.destination = Ipv4{239, 24, 1, 10};
  g.configured_priority = 100;
  g.priority = 80;
  g.preempt_delay = seconds{30};
  g.skew_time = nanoseconds{687500000};
  g.master_down_interval = nanoseconds{3687500000};
  g.master_address = Ipv4{10, 0, 0, 3};
  g.master_priority = 120;
  g.master_down_expires = kNow + nanoseconds{2937500000};
  g.next_advert.reset();
  g.tracks = {vrrp::TrackSnapshot{IfIndex{2}, "1", 20, false}};
  g.counters = {{"adverts-received", 7}};
  return g;
}

vrrp::VrrpSnapshot Snap() {
  vrrp::VrrpSnapshot s;
  s.interfaces.push_back({kIf, Ipv4{10, 0, 0, 2}, true, {Master(), Backup()}, {}});
  return s;
}

const std::vector<VrrpIfName> kNames{{kIf, "GigabitEthernet0/0"}};

TEST(VrrpShow, DetailInIosLayout) {
  EXPECT_EQ(RenderVrrp(Snap(), kNames, kNow, false),
            "GigabitEthernet0/0 - Group 1\n"
            "  State is Master\n"
            "  Virtual IP address is 10.0.0.254\n"
            "  Virtual MAC address is 0000.5e00.0101\n"
            "  Advertisement interval is 1.000 sec\n"
            "  Preemption enabled\n"
            "  Priority is 110\n"
            "  Master Router is 10.0.0.2 (local), priority is 110\n"
            "  Master Advertisement interval is 1.000 sec\n"
            "  Master Down interval is 3.570 sec\n"
            "\n"
            "GigabitEthernet0/0 - Group 2\n"
            "  proxy VIP\n"
            "  State is Backup\n"
            "  Virtual IP address is 10.0.0.253\n"
            "  Virtual secondary IP addresses:\n"
            "    10.0.0.252\n"
            "  Virtual MAC address is 0000.5e00.0102\n"
            "  Advertisements sent to multicast group 239.24.1.10\n"
            "  Advertisement interval is 1.000 sec\n"
            "  Preemption enabled, delay min 30 secs\n"
            "  Priority is 80 (cfgd 100)\n"
            "    Track object 1 state Down decrement 20\n"
            "  Master Router is 10.0.0.3, priority is 120\n"
            "  Master Advertisement interval is 1.000 sec\n"
            "  Master Down interval is 3.688 sec (expires in 2.938 sec)\n");
}

TEST(VrrpShow, BriefTable) {
  EXPECT_EQ(RenderVrrp(Snap(), kNames, kNow, true),
            "Interface          Grp Pri Time  Own Pre State   Master addr     Group addr\n"
            "GigabitEthernet0/0 1   110 3570      Y   Master  10.0.0.2        10.0.0.254\n"
            "GigabitEthernet0/0 2   80  3687      Y   Backup  10.0.0.3        10.0.0.253\n");
}

TEST(VrrpShow, InitGroupHasNoMasterYet) {
  vrrp::GroupSnapshot g = Master();
  g.state = vrrp::VrrpState::kInitialize;
  g.master_address = Ipv4{};
  g.owner = true;
  g.priority = 255;
  vrrp::VrrpSnapshot s;
  s.interfaces.push_back({kIf, Ipv4{10, 0, 0, 2}, false, {g}, {}});
  const std::string text = RenderVrrp(s, kNames, kNow, false);
  EXPECT_NE(text.find("  State is Init\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  Priority is 255\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  Master Router is unknown, priority is unknown\n"), std::string::npos);
  EXPECT_EQ(RenderVrrp(s, kNames, kNow, true).substr(76),
            "GigabitEthernet0/0 1   255 3570  Y   Y   Init                    10.0.0.254\n");
}

TEST(VrrpShow, InterfacesWithoutVrrpPrintNothing) {
  EXPECT_EQ(RenderVrrp(Snap(), {{IfIndex{9}, "Gi0/9"}}, kNow, false), "");
}

TEST(VrrpShow, JsonCarriesTheSameData) {
  const nlohmann::json j = VrrpJson(Snap(), kNames, kNow);
  ASSERT_EQ(j["groups"].size(), 2u);
  const nlohmann::json& m = j["groups"][0];
  EXPECT_EQ(m["interface"], "GigabitEthernet0/0");
  EXPECT_EQ(m["state"], "Master");
  EXPECT_EQ(m["version"], 2);
  EXPECT_EQ(m["master_local"], true);
  EXPECT_EQ(m["master_down_interval_us"], 3570312);
  EXPECT_EQ(m["next_advertisement_ms"], 250);
  EXPECT_EQ(m["state_duration_ms"], 96000);
  const nlohmann::json& b = j["groups"][1];
  EXPECT_EQ(b["addresses"], nlohmann::json::parse(R"(["10.0.0.253","10.0.0.252"])"));
  EXPECT_EQ(b["destination"], "239.24.1.10");
  EXPECT_EQ(b["priority"], 80);
  EXPECT_EQ(b["configured_priority"], 100);
  EXPECT_EQ(b["master_address"], "10.0.0.3");
  EXPECT_EQ(b["master_down_expires_ms"], 2937);
  EXPECT_EQ(b["tracks"][0]["up"], false);
  EXPECT_EQ(b["counters"]["adverts-received"], 7);
}

TEST(VrrpShow, InterfaceDropsBeforeAGroupAreShown) {
  vrrp::VrrpSnapshot s = Snap();
  s.interfaces[0].counters = {{"drop-bad-ttl", 2}, {"drop-malformed", 0}, {"drop-unknown-vrid", 1}};
  const std::string text = RenderVrrp(s, kNames, kNow, false);
  EXPECT_NE(
      text.find("GigabitEthernet0/0 VRRP packet drops: drop-bad-ttl 2, drop-unknown-vrid 1\n"),
      std::string::npos)
      << text;
  EXPECT_EQ(RenderVrrp(s, kNames, kNow, true).find("drops"), std::string::npos);
  EXPECT_EQ(RenderVrrp(Snap(), kNames, kNow, false).find("drops"), std::string::npos);
  const nlohmann::json j = VrrpJson(s, kNames, kNow);
  ASSERT_EQ(j["interfaces"].size(), 1u);
  EXPECT_EQ(j["interfaces"][0]["interface"], "GigabitEthernet0/0");
  EXPECT_EQ(j["interfaces"][0]["counters"]["drop-bad-ttl"], 2);
  EXPECT_EQ(j["interfaces"][0]["counters"]["drop-malformed"], 0);
}

}  // namespace
}  // namespace mc::show
