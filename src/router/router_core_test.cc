// The router core records a real session (IGMP, PIM-SM and VRRP engines, timers, a dataplane
// failure reported while an effect is applied) and the replay reproduces every effect; a record
// with a changed packet byte, seed or effect line diverges at the line that differs.
#include "router/router_core.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/apply.h"
#include "router/record.h"
#include "router/replay.h"
#include "wire/igmp.h"
#include "wire/ip.h"
#include "wire/pim.h"

namespace mc::router {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::string_view kConfig =
    "hostname R1\n"
    "ip multicast-routing\n"
    "ip pim rp-address 10.0.12.2\n"
    "interface eth0\n"
    " ip address 10.0.1.1 255.255.255.0\n"
    " ip pim sparse-mode\n"
    " ip igmp version 2\n"
    "interface eth1\n"
    " ip address 10.0.12.1 255.255.255.0\n"
    " ip pim sparse-mode\n"
    " vrrp 1 ip 10.0.12.254\n";

const IfIndex kEth0{2};
const IfIndex kEth1{3};
const Ipv4 kGroup{239, 1, 2, 3};
const Ipv4 kSource{10, 0, 1, 7};

Time At(Duration d) { return kTimeZero + seconds{1000} + d; }

// mcastd's side of the hooks, minus Linux: effects are counted, and every MfcAdd is refused at
// once (a full VIF table), as the kernel dataplane reports it - a nested call.
class FakeHost : public CoreHooks {
 public:
  void Apply(EngineId, const engine::Effect& e) override {
    ++effects;
    if (const auto* m = std::get_if<engine::MfcAdd>(&e); m != nullptr && core != nullptr) {
      core->Queue(now, EngineId::kPim, engine::EffectFailed{*m, engine::FailReason::kNoVif, 0});
    }
  }
  RouterCore* core = nullptr;
  Time now = kTimeZero;
  std::size_t effects = 0;
};

struct Session {
  std::vector<std::string> lines;
  std::size_t effects = 0;
  std::map<IfIndex, engine::DrChange> dr;
};

// Drives one core through a short life: interfaces, routes, a PIM neighbor, an IGMP member, a
// first packet from a local source, timers for a minute, clear, reload, shutdown.
Session Record(std::uint64_t seed) {
  auto cfg = config::LoadConfig(config::DeviceKind::kRouter, kConfig, "r1.cfg");
  EXPECT_TRUE(cfg.has_value()) << (cfg ? "" : cfg.error().ToString());
  FakeHost host;
  RouterCore core(std::move(*cfg), seed, host);
  host.core = &core;
  Session s;
  s.lines = EncodeHeader(RecordHeader{seed, "r1.cfg", std::string(kConfig)});
  core.SetRecorder([&](const std::string& l) { s.lines.push_back(l); });
  const auto step = [&](Duration d) {
    host.now = At(d);
    return host.now;
  };

  Time t = step(seconds{0});
  const Mac mac0{{0x02, 0, 0, 0, 0, 2}};
  const Mac mac1{{0x02, 0, 0, 0, 0, 3}};
  core.Link(t, HostLink{IfIndex{1}, "lo", true, false, true, Mac{}, false});
  core.Link(t, HostLink{kEth0, "eth0", true, true, false, mac0, false});
  core.Link(t, HostLink{kEth1, "eth1", true, true, false, mac1, false});
  core.Addr(t, HostAddr{kEth0, {Ipv4{10, 0, 1, 1}, 24}, false, false});
  core.Addr(t, HostAddr{kEth1, {Ipv4{10, 0, 12, 1}, 24}, false, false});
  core.Route(t, engine::RouteEvent{*Prefix::Parse("10.0.1.0/24"), {}, kEth0, 0, 0, false});
  core.Route(t, engine::RouteEvent{*Prefix::Parse("10.0.12.0/24"), {}, kEth1, 0, 0, false});
  core.Sync(t);

  t = step(milliseconds{1500});
  wire::PimHello hello;
  hello.holdtime_s = 105;
  hello.dr_priority = 1;
  hello.generation_id = 99;
  engine::PacketIn h{engine::Layer::kL3,
                     kEth1,
                     Ipv4{10, 0, 12, 2},
                     Ipv4{224, 0, 0, 13},
                     1,
                     wire::kProtoPim,
                     false,
                     Mac{},
                     std::nullopt,
                     *wire::EncodeToBytes(wire::PimMessage{hello})};
  core.Queue(t, EngineId::kPim, h);
  core.Pump(t);

  t = step(seconds{2});
  engine::PacketIn report{engine::Layer::kL3,
                          kEth0,
                          Ipv4{10, 0, 1, 5},
                          kGroup,
                          1,
                          wire::kProtoIgmp,
                          true,
                          Mac{},
                          std::nullopt,
                          *wire::EncodeToBytes(wire::IgmpMessage{wire::IgmpV2Report{kGroup}})};
  core.Queue(t, EngineId::kIgmp, report);
  core.Pump(t);

  t = step(seconds{3});
  core.Queue(t, EngineId::kPim,
             engine::DataplaneEvent{engine::DataplaneKind::kNoCache, kEth0, Sg{kSource, kGroup}});
  core.Pump(t);

  for (const int sec : {5, 10, 31, 45, 61}) {
    t = step(seconds{sec});
    core.Pump(t);
  }
  t = step(seconds{62});
  core.ClearMroute(t, kGroup, std::nullopt);
  t = step(seconds{63});
  std::string changed(kConfig);
  changed += "interface eth0\n ip pim dr-priority 5\n";
  EXPECT_TRUE(core.Reload(t, changed, "r1.cfg").has_value());
  t = step(seconds{70});
  core.Pump(t);
  s.dr = core.dr();
  core.Shutdown(t);
  s.effects = host.effects;
  return s;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) {
    text += l + "\n";
  }
  return text;
}

ReplayOutcome ReplayLines(const std::vector<std::string>& lines) {
  const auto r = ParseRecord(Join(lines));
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString("session"));
  return r ? ReplayRecord(*r) : ReplayOutcome{};
}

std::size_t CountPrefix(const std::vector<std::string>& lines, std::string_view p) {
  std::size_t n = 0;
  for (const std::string& l : lines) {
    n += l.starts_with(p) ? 1u : 0u;
  }
  return n;
}

TEST(RouterCoreReplay, ARecordedSessionReplaysToIdenticalEffects) {
  const Session s = Record(4242);
  // The session did real work: Hellos, a Join toward the RP, a Register, VRRP adverts, and the
  // refused MfcAdd came back as a nested input.
  EXPECT_GT(CountPrefix(s.lines, "fx pim send"), 3u);
  EXPECT_GT(CountPrefix(s.lines, "fx vrrp send"), 0u);
  EXPECT_GT(CountPrefix(s.lines, "fx pim mfc-add"), 0u);
  EXPECT_GT(CountPrefix(s.lines, "> in "), 0u);
  EXPECT_EQ(CountPrefix(s.lines, "fx "), s.effects);

  bool saw_core = false;
  const auto r = ParseRecord(Join(s.lines));
  ASSERT_TRUE(r.has_value()) << r.error().ToString("session");
  const ReplayOutcome o = ReplayRecord(*r, [&](const RouterCore& core, Time last) {
    saw_core = true;
    EXPECT_EQ(last, At(seconds{70}));
    EXPECT_NE(core.pim(), nullptr);
    EXPECT_EQ(core.vrrp_ifs().size(), 0u);  // shut down
  });
  EXPECT_TRUE(o.matched_all) << o.divergence;
  EXPECT_EQ(o.matched, s.effects);
  EXPECT_EQ(o.inputs, CountPrefix(s.lines, "in ") + CountPrefix(s.lines, "> in "));
  EXPECT_TRUE(saw_core);
}

TEST(RouterCoreReplay, TheSameSeedRecordsTheSameSession) {
  EXPECT_EQ(Record(7).lines, Record(7).lines);
}

TEST(RouterCoreReplay, AnotherSeedDiverges) {
  std::vector<std::string> lines = Record(4242).lines;
  lines[0] = "mcast-record 1 seed=4243";  // PIM's Generation ID (RFC 7761 §4.3.1) changes
  const ReplayOutcome o = ReplayLines(lines);
  EXPECT_FALSE(o.matched_all);
  EXPECT_NE(o.divergence.find("a different effect"), std::string::npos) << o.divergence;
}

TEST(RouterCoreReplay, AChangedPacketByteDivergesAfterIt) {
  std::vector<std::string> lines = Record(4242).lines;
  std::size_t k = 0;
  while (k < lines.size() &&
         !(lines[k].starts_with("in ") && lines[k].find(" igmp packet ") != std::string::npos)) {
    ++k;
  }
  ASSERT_LT(k, lines.size());
  // The last byte of the IGMPv2 report is the group's last octet: 239.1.2.3 becomes 239.1.2.4,
  // and the checksum no longer matches.
  std::string& l = lines[k];
  ASSERT_TRUE(l.ends_with("03"));
  l.replace(l.size() - 2, 2, "04");
  const ReplayOutcome o = ReplayLines(lines);
  EXPECT_FALSE(o.matched_all);
  const std::size_t at = std::stoul(o.divergence.substr(5));  // "line N: ..."
  EXPECT_GT(at, k + 1) << o.divergence;
  EXPECT_NE(o.divergence.find("expected: "), std::string::npos);
  EXPECT_NE(o.divergence.find("got: "), std::string::npos);
}

TEST(RouterCoreReplay, AMissingOrExtraEffectDivergesAtItsLine) {
  const std::vector<std::string> good = Record(4242).lines;
  std::vector<std::string> extra = good;
  extra.push_back("fx pim mfc-del source=10.0.1.7 group=239.1.2.3");
  ReplayOutcome o = ReplayLines(extra);
  EXPECT_FALSE(o.matched_all);
  EXPECT_EQ(o.divergence.rfind("line " + std::to_string(extra.size()) +
                                   ": the engines produced "
                                   "no effect",
                               0),
            0u)
      << o.divergence;

  std::vector<std::string> missing = good;
  std::size_t k = missing.size();
  while (k > 0 && !missing[k - 1].starts_with("fx ")) {
    --k;
  }
  ASSERT_GT(k, 0u);
  missing.erase(missing.begin() + static_cast<std::ptrdiff_t>(k - 1));
  o = ReplayLines(missing);
  EXPECT_FALSE(o.matched_all);
  EXPECT_EQ(o.matched, CountPrefix(missing, "fx ")) << o.divergence;
}

}  // namespace
}  // namespace mc::router
