// The VRRP engine on effects and snapshots: one test per RFC 5798 §6.4 table row (named after
// the row), exact failover at 3 x interval + skew, v2 specifics (RFC 3768), every receive drop
// counter of §7.1, tracking, multicast-group adverts, independent VRIDs and the group limit.
#include "vrrp/vrrp_engine.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "engine/test_util.h"

namespace mc::vrrp {
namespace {

using engine::Effect;
using engine::EffectsOf;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

const IfIndex kIf{1};
const IfIndex kUplink{2};
const Ipv4 kMe{10, 0, 0, 2};
const Ipv4 kHigherIp{10, 0, 0, 3};
const Ipv4 kLowerIp{10, 0, 0, 1};
const Ipv4 kVip{10, 0, 0, 254};
const Ipv4 kGroup{239, 24, 1, 10};
const Mac kVmac = Mac::VrrpVirtual(1);

// 1 s v3 adverts, priority 100: Master_Down_Interval 3.609375 s.
const Duration kMdi100 = nanoseconds{3609375000};
const Duration kSkew100 = nanoseconds{609375000};

Time At(Duration d) { return kTimeZero + d; }

GroupParams Params(std::uint8_t vrid = 1, std::uint8_t version = 3) {
  GroupParams p;
  p.vrid = vrid;
  p.version = version;
  p.addresses = {kVip};
  return p;
}

struct Fixture {
  VrrpEngine e;
  std::vector<Effect> out;
  explicit Fixture(std::vector<GroupParams> groups = {Params()}, VrrpEngineOptions o = {})
      : e(o, Rng(1)) {
    e.SetInterface(kTimeZero, kIf, engine::IfAddress{kMe, 24}, true, groups, out);
  }
  void Run(Duration until) { e.AdvanceTo(At(until), out); }
  void Packet(Duration at, const wire::VrrpAdvertisement& a, Ipv4 src, Ipv4 dst = kVrrpMulticast,
              std::uint8_t ttl = 255) {
    Run(at);
    engine::PacketIn p;
    p.ifindex = kIf;
    p.src = src;
    p.dst = dst;
    p.ttl = ttl;
    p.protocol = 112;
    p.bytes = *wire::EncodeToBytes(wire::VrrpPacket{src, dst, a});
    e.Handle(At(at), p, out);
  }
  // An advert from a peer for VRID `vrid`, with this group's address list and a 1 s interval.
  void Advert(Duration at, std::uint8_t priority, Ipv4 src = kHigherIp, std::uint8_t vrid = 1,
              std::uint16_t interval_cs = 100) {
    wire::VrrpAdvertisement a;
    a.version = 3;
    a.vrid = vrid;
    a.priority = priority;
    a.addresses = {kVip};
    a.max_advert_interval_cs = interval_cs;
    Packet(at, a, src);
  }
  const GroupSnapshot& G(std::size_t n = 0) {
    snap = e.Snap();
    return snap.interfaces.at(0).groups.at(n);
  }
  VrrpState State(std::size_t n = 0) { return G(n).state; }
  std::uint64_t Counter(std::string_view name, std::size_t n = 0) {
    for (const engine::CounterValue& c : G(n).counters) {
      if (c.name == name) {
        return c.value;
      }
    }
    ADD_FAILURE() << "no counter " << name;
    return 0;
  }
  std::uint64_t IfCounter(std::string_view name) {
    snap = e.Snap();
    for (const engine::CounterValue& c : snap.interfaces.at(0).counters) {
      if (c.name == name) {
        return c.value;
      }
    }
    ADD_FAILURE() << "no counter " << name;
    return 0;
  }
  // The adverts sent so far, decoded.
  std::vector<wire::VrrpAdvertisement> Sent() const {
    std::vector<wire::VrrpAdvertisement> r;
    for (const engine::SendPacket& s : EffectsOf<engine::SendPacket>(out)) {
      auto a = wire::DecodeVrrp(s.payload, s.src, s.dst);
      EXPECT_TRUE(a.has_value());
      if (a) {
        r.push_back(*a);
      }
    }
    return r;
  }
  VrrpSnapshot snap;
};

// --- §6.4.1 Initialize ---

TEST(VrrpRowInitialize, StartupAsOwnerBecomesMasterWithPriority255) {
  GroupParams p = Params();
  p.addresses = {kMe};  // the VIP is the interface address: this router owns it
  Fixture f({p});
  EXPECT_EQ(f.State(), VrrpState::kMaster);
  EXPECT_EQ(f.G().priority, 255);
  EXPECT_TRUE(f.G().owner);
  const std::vector<wire::VrrpAdvertisement> sent = f.Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].priority, 255);
  EXPECT_EQ(EffectsOf<engine::AddressAdd>(f.out),
            (std::vector<engine::AddressAdd>{{kIf, kMe, kVmac}}));
  EXPECT_EQ(EffectsOf<engine::GratuitousArp>(f.out),
            (std::vector<engine::GratuitousArp>{{kIf, kMe, kVmac}}));
}

TEST(VrrpRowInitialize, StartupBecomesBackupAndArmsMasterDownInterval) {
  Fixture f;
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  EXPECT_EQ(f.G().master_down_expires, At(kMdi100));
  EXPECT_TRUE(f.Sent().empty());
  EXPECT_TRUE(EffectsOf<engine::AddressAdd>(f.out).empty());
}

// --- §6.4.2 Backup ---

TEST(VrrpRowBackup, ShutdownCancelsTheMasterDownTimer) {
  Fixture f;
  GroupParams p = Params();
  p.shutdown = true;
  f.e.SetInterface(At(seconds{1}), kIf, engine::IfAddress{kMe, 24}, true, {p}, f.out);
  EXPECT_EQ(f.State(), VrrpState::kInitialize);
  EXPECT_EQ(f.e.NextDeadline(), std::nullopt);
  f.Run(seconds{10});
  EXPECT_TRUE(f.Sent().empty());  // a backup leaving says nothing
}

TEST(VrrpRowBackup, MasterDownTimerBecomesMasterAdvertisesThenArps) {
  Fixture f;
  f.Run(kMdi100 - nanoseconds{1});
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  f.Run(kMdi100);
  EXPECT_EQ(f.State(), VrrpState::kMaster);
  EXPECT_EQ(f.G().since, At(kMdi100));
  EXPECT_EQ(f.G().master_address, kMe);
  // §6.4.2: own the address, send the advert, then the gratuitous ARP, in that order.
  std::vector<std::size_t> order;
  for (std::size_t n = 0; n < f.out.size(); ++n) {
    if (std::holds_alternative<engine::AddressAdd>(f.out[n])) {
      order.push_back(1);
    }
    if (std::holds_alternative<engine::SendPacket>(f.out[n])) {
      order.push_back(2);
    }
    if (std::holds_alternative<engine::GratuitousArp>(f.out[n])) {
      order.push_back(3);
    }
  }
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 2, 3}));
  const engine::SendPacket s = EffectsOf<engine::SendPacket>(f.out).at(0);
  EXPECT_EQ(s.dst, kVrrpMulticast);
  EXPECT_EQ(s.src, kMe);
  EXPECT_EQ(s.ttl, 255);
  EXPECT_EQ(s.protocol, 112);
  EXPECT_EQ(f.Counter("became-master"), 1u);
}

TEST(VrrpRowBackup, PriorityZeroAdvertArmsSkewTime) {
  Fixture f;
  f.Advert(seconds{1}, 200);
  f.Advert(seconds{2}, 0);  // the master is leaving
  EXPECT_EQ(f.G().master_down_expires, At(seconds{2} + kSkew100));
  f.Run(seconds{2} + kSkew100);
  EXPECT_EQ(f.State(), VrrpState::kMaster);
  EXPECT_EQ(f.Counter("priority-zero-received"), 1u);
}

TEST(VrrpRowBackup, PreferredAdvertResetsTimerAndLearnsMasterAdverInterval) {
  Fixture f;
  f.Advert(seconds{2}, 150, kHigherIp, 1, /*interval_cs=*/50);
  // Master_Adver_Interval 0.5 s: MDI = 1.5 s + 156 * 0.5 s / 256.
  EXPECT_EQ(f.G().master_adver_interval, milliseconds{500});
  EXPECT_EQ(f.G().master_down_expires,
            At(seconds{2} + milliseconds{1500} + nanoseconds{304687500}));
  EXPECT_EQ(f.G().master_address, kHigherIp);
  EXPECT_EQ(f.G().master_priority, 150);
  // An equal priority is preferred too (§6.4.2 uses >=), whatever the address.
  f.Advert(seconds{3}, 100, kLowerIp, 1, 100);
  EXPECT_EQ(f.G().master_down_expires, At(seconds{3} + kMdi100));
  EXPECT_EQ(f.State(), VrrpState::kBackup);
}

TEST(VrrpRowBackup, LowerAdvertIsDiscardedSoTheBackupPreempts) {
  Fixture f;
  f.Advert(seconds{1}, 50, kLowerIp);
  f.Advert(seconds{2}, 50, kLowerIp);
  f.Advert(seconds{3}, 50, kLowerIp);
  EXPECT_EQ(f.G().master_down_expires, At(kMdi100));  // never reset
  f.Run(kMdi100);
  EXPECT_EQ(f.State(), VrrpState::kMaster);
}

TEST(VrrpRowBackup, PreemptDisabledFollowsALowerMaster) {
  GroupParams p = Params();
  p.preempt = false;
  Fixture f({p});
  for (int s = 1; s <= 10; ++s) {
    f.Advert(seconds{s}, 50, kLowerIp);
  }
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  EXPECT_EQ(f.G().master_down_expires, At(seconds{10} + kMdi100));
}

TEST(VrrpRowBackup, LowerAdvertWithPreemptDelayKeepsFollowingUntilTheDelay) {
  GroupParams p = Params();
  p.preempt_delay = seconds{10};
  Fixture f({p});
  f.Advert(seconds{1}, 50, kLowerIp);
  EXPECT_EQ(f.G().preempt_delay_expires, At(seconds{11}));
  EXPECT_EQ(f.G().master_down_expires, At(seconds{1} + kMdi100));
  f.Advert(seconds{2}, 50, kLowerIp);
  EXPECT_EQ(f.G().preempt_delay_expires, At(seconds{11}));  // started once, not pushed back
  EXPECT_EQ(f.State(), VrrpState::kBackup);
}

TEST(VrrpRowBackup, PreemptDelayExpiryBecomesMaster) {
  GroupParams p = Params();
  p.preempt_delay = seconds{10};
  Fixture f({p});
  for (int s = 1; s <= 10; ++s) {
    f.Advert(seconds{s}, 50, kLowerIp);
  }
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  f.Run(seconds{11});
  EXPECT_EQ(f.State(), VrrpState::kMaster);
  EXPECT_EQ(f.G().since, At(seconds{11}));
  EXPECT_EQ(f.G().master_down_expires, std::nullopt);
}

// --- §6.4.3 Master ---

Fixture MasterAt(Duration& t) {
  Fixture f;
  t = kMdi100;
  f.Run(t);
  EXPECT_EQ(f.State(), VrrpState::kMaster);
  f.out.clear();
  return f;
}

TEST(VrrpRowMaster, ShutdownSendsPriorityZeroAndReleasesTheAddress) {
  Duration t{};
  Fixture f = MasterAt(t);
  GroupParams p = Params();
  p.shutdown = true;
  f.e.SetInterface(At(t + seconds{1}), kIf, engine::IfAddress{kMe, 24}, true, {p}, f.out);
  EXPECT_EQ(f.State(), VrrpState::kInitialize);
  const std::vector<wire::VrrpAdvertisement> sent = f.Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].priority, 0);
  EXPECT_EQ(EffectsOf<engine::AddressDel>(f.out),
            (std::vector<engine::AddressDel>{{kIf, kVip, kVmac}}));
  EXPECT_EQ(f.Counter("priority-zero-sent"), 1u);
  EXPECT_EQ(f.e.NextDeadline(), std::nullopt);
}

TEST(VrrpRowMaster, AdverTimerSendsAnAdvertEveryInterval) {
  Duration t{};
  Fixture f = MasterAt(t);
  f.Run(t + seconds{5});
  EXPECT_EQ(f.Sent().size(), 5u);
  EXPECT_EQ(f.G().next_advert, At(t + seconds{6}));
  EXPECT_EQ(f.Sent().at(0).max_advert_interval_cs, 100);
}

TEST(VrrpRowMaster, PriorityZeroAdvertIsAnsweredAtOnce) {
  Duration t{};
  Fixture f = MasterAt(t);
  f.Advert(t + milliseconds{300}, 0, kHigherIp);
  EXPECT_EQ(f.Sent().size(), 1u);
  EXPECT_EQ(f.G().next_advert, At(t + milliseconds{1300}));
  EXPECT_EQ(f.State(), VrrpState::kMaster);
}

TEST(VrrpRowMaster, HigherPriorityAdvertMakesItBackup) {
  Duration t{};
  Fixture f = MasterAt(t);
  f.Advert(t + milliseconds{500}, 200, kLowerIp, 1, 200);
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  EXPECT_EQ(EffectsOf<engine::AddressDel>(f.out),
            (std::vector<engine::AddressDel>{{kIf, kVip, kVmac}}));
  EXPECT_EQ(f.G().master_adver_interval, seconds{2});
  EXPECT_EQ(f.G().master_down_expires,
            At(t + milliseconds{500} + MasterDownInterval(3, 100, seconds{2})));
  EXPECT_EQ(f.G().next_advert, std::nullopt);
}

TEST(VrrpRowMaster, EqualPriorityFromAHigherAddressWins) {
  Duration t{};
  Fixture f = MasterAt(t);
  f.Advert(t + milliseconds{500}, 100, kHigherIp);
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  EXPECT_EQ(f.G().master_address, kHigherIp);
}

TEST(VrrpRowMaster, LowerAdvertIsDiscarded) {
  Duration t{};
  Fixture f = MasterAt(t);
  f.Advert(t + milliseconds{500}, 100, kLowerIp);  // equal priority, lower address
  f.Advert(t + milliseconds{600}, 90, kHigherIp);
  EXPECT_EQ(f.State(), VrrpState::kMaster);
  EXPECT_TRUE(f.Sent().empty());
  EXPECT_TRUE(EffectsOf<engine::AddressDel>(f.out).empty());
}

// --- Failover timing (issue 5: "matches 3 x adv + skew exactly") ---

TEST(VrrpFailover, HappensExactlyAtThreeIntervalsPlusSkewAfterTheLastAdvert) {
  for (const Duration interval : {Duration{seconds{1}}, Duration{milliseconds{10}}}) {
    GroupParams p = Params();
    p.advertisement_interval = interval;
    Fixture f({p});
    const auto cs = static_cast<std::uint16_t>(interval / milliseconds{10});
    Duration last{};
    for (Duration t = interval; t <= seconds{2}; t += interval) {
      f.Advert(t, 200, kHigherIp, 1, cs);
      last = t;
    }
    const Duration mdi = 3 * interval + (156 * interval) / 256;
    EXPECT_EQ(f.G().master_down_expires, At(last + mdi));
    f.Run(last + mdi - nanoseconds{1});
    EXPECT_EQ(f.State(), VrrpState::kBackup);
    f.Run(last + mdi);
    EXPECT_EQ(f.State(), VrrpState::kMaster);
    EXPECT_EQ(f.G().since, At(last + mdi));
  }
}

// --- VRRPv2 (RFC 3768) ---

wire::VrrpAdvertisement V2(std::uint8_t priority, std::uint8_t interval_s = 1,
                           std::vector<Ipv4> addresses = {kVip}) {
  wire::VrrpAdvertisement a;
  a.version = 2;
  a.vrid = 1;
  a.priority = priority;
  a.addresses = std::move(addresses);
  a.advert_interval_s = interval_s;
  return a;
}

TEST(VrrpV2, SkewIsFractionOfASecondAndAdvertsCarrySeconds) {
  GroupParams p = Params(1, 2);
  p.advertisement_interval = seconds{3};
  Fixture f({p});
  // RFC 3768 §6.1: 3 x 3 s + (256 - 100) / 256 s.
  EXPECT_EQ(f.G().master_down_expires, At(seconds{9} + kSkew100));
  f.Run(seconds{9} + kSkew100);
  ASSERT_EQ(f.Sent().size(), 1u);
  EXPECT_EQ(f.Sent()[0].version, 2);
  EXPECT_EQ(f.Sent()[0].advert_interval_s, 3);
}

TEST(VrrpV2, IntervalMismatchIsDroppedUnlessLearning) {
  Fixture f({Params(1, 2)});
  f.Packet(seconds{1}, V2(200, 2), kHigherIp);
  EXPECT_EQ(f.Counter("drop-interval-mismatch"), 1u);
  EXPECT_EQ(f.G().master_down_expires, At(kMdi100));
  GroupParams p = Params(1, 2);
  p.learn = true;
  Fixture g({p});
  g.Packet(seconds{1}, V2(200, 2), kHigherIp);
  EXPECT_EQ(g.Counter("drop-interval-mismatch"), 0u);
  EXPECT_EQ(g.G().master_adver_interval, seconds{2});
  EXPECT_EQ(g.G().master_down_expires, At(seconds{1} + seconds{6} + kSkew100));
}

TEST(VrrpV2, AddressListMismatchIsDroppedUnlessFromTheOwner) {
  Fixture f({Params(1, 2)});
  f.Packet(seconds{1}, V2(200, 1, {Ipv4{10, 0, 0, 99}}), kHigherIp);
  EXPECT_EQ(f.Counter("address-list-mismatch"), 1u);
  EXPECT_EQ(f.Counter("drop-address-list"), 1u);
  EXPECT_EQ(f.G().master_down_expires, At(kMdi100));
  f.Packet(seconds{2}, V2(255, 1, {Ipv4{10, 0, 0, 99}}), kHigherIp);
  EXPECT_EQ(f.Counter("address-list-mismatch"), 2u);
  EXPECT_EQ(f.Counter("drop-address-list"), 1u);
  EXPECT_EQ(f.G().master_down_expires, At(seconds{2} + kMdi100));
}

TEST(VrrpV3, AddressListMismatchIsCountedAndProcessed) {
  Fixture f;
  wire::VrrpAdvertisement a;
  a.vrid = 1;
  a.priority = 200;
  a.addresses = {kVip, Ipv4{10, 0, 0, 99}};
  f.Packet(seconds{1}, a, kHigherIp);
  EXPECT_EQ(f.Counter("address-list-mismatch"), 1u);
  EXPECT_EQ(f.Counter("adverts-received"), 1u);
  EXPECT_EQ(f.G().master_down_expires, At(seconds{1} + kMdi100));
}

// --- §7.1 receive checks ---

TEST(VrrpReceive, EveryCheckHasItsDropCounter) {
  Fixture f({Params(1, 3)});
  wire::VrrpAdvertisement a;
  a.vrid = 1;
  a.priority = 200;
  a.addresses = {kVip};
  f.Packet(seconds{1}, a, kHigherIp, kVrrpMulticast, /*ttl=*/254);
  EXPECT_EQ(f.IfCounter("drop-bad-ttl"), 1u);
  {
    engine::PacketIn p;
    p.ifindex = kIf;
    p.src = kHigherIp;
    p.dst = kVrrpMulticast;
    p.ttl = 255;
    p.protocol = 112;
    p.bytes = *wire::EncodeToBytes(wire::VrrpPacket{kHigherIp, kVrrpMulticast, a});
    p.bytes[2] ^= 0x01;  // flips a priority bit under the checksum
    f.e.Handle(At(seconds{1}), p, f.out);
    EXPECT_EQ(f.IfCounter("drop-bad-checksum"), 1u);
    p.bytes.resize(5);
    f.e.Handle(At(seconds{1}), p, f.out);
    EXPECT_EQ(f.IfCounter("drop-malformed"), 1u);
  }
  a.vrid = 7;
  f.Packet(seconds{1}, a, kHigherIp);
  EXPECT_EQ(f.IfCounter("drop-unknown-vrid"), 1u);
  a.vrid = 1;
  f.Packet(seconds{1}, a, kMe);
  EXPECT_EQ(f.Counter("drop-from-self"), 1u);
  f.Packet(seconds{1}, V2(200), kHigherIp);
  EXPECT_EQ(f.Counter("drop-version-mismatch"), 1u);
  f.Packet(seconds{1}, a, kHigherIp, kGroup);
  EXPECT_EQ(f.Counter("drop-wrong-destination"), 1u);
  // None of them touched the state machine.
  EXPECT_EQ(f.Counter("adverts-received"), 0u);
  EXPECT_EQ(f.G().master_down_expires, At(kMdi100));
}

// --- Several VRIDs, tracking, multicast group, limits, link state ---

TEST(VrrpEngine, SeveralVridsOnOneLanAreIndependent) {
  Fixture f({Params(1), Params(2)});
  for (int s = 1; s <= 5; ++s) {
    f.Advert(seconds{s}, 200, kHigherIp, /*vrid=*/1);
  }
  EXPECT_EQ(f.State(0), VrrpState::kBackup);
  EXPECT_EQ(f.State(1), VrrpState::kMaster);  // nobody spoke for VRID 2
  const std::vector<engine::AddressAdd> adds = EffectsOf<engine::AddressAdd>(f.out);
  ASSERT_EQ(adds.size(), 1u);
  EXPECT_EQ(adds[0].virtual_mac, Mac::VrrpVirtual(2));
}

TEST(VrrpEngine, TrackedInterfaceDownLowersThePriorityAndUpRestoresIt) {
  GroupParams p = Params();
  p.priority = 110;
  p.tracks = {TrackParams{kUplink, "1", 20}};
  Fixture f({p});
  f.Run(seconds{4});
  ASSERT_EQ(f.State(), VrrpState::kMaster);
  f.e.Handle(At(seconds{4}), engine::LinkEvent{kUplink, false, {}, {}}, f.out);
  EXPECT_EQ(f.G().priority, 90);
  EXPECT_FALSE(f.G().tracks.at(0).up);
  f.out.clear();
  f.Run(seconds{5});
  ASSERT_EQ(f.Sent().size(), 1u);
  EXPECT_EQ(f.Sent()[0].priority, 90);
  // A backup with priority 100 now preempts: this master yields to its advert.
  f.Advert(seconds{5} + milliseconds{10}, 100, kLowerIp);
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  f.e.Handle(At(seconds{6}), engine::LinkEvent{kUplink, true, {}, {}}, f.out);
  EXPECT_EQ(f.G().priority, 110);
}

TEST(VrrpEngine, TrackingNeverTakesThePriorityBelowOne) {
  GroupParams p = Params();
  p.tracks = {TrackParams{kUplink, "1", 200}};
  Fixture f({p});
  f.e.Handle(At(seconds{1}), engine::LinkEvent{kUplink, false, {}, {}}, f.out);
  EXPECT_EQ(f.G().priority, 1);
}

TEST(VrrpEngine, MulticastGroupIsJoinedAndCarriesTheAdverts) {
  GroupParams p = Params();
  p.multicast_group = kGroup;
  Fixture f({p});
  EXPECT_EQ(EffectsOf<engine::SocketJoin>(f.out),
            (std::vector<engine::SocketJoin>{{kIf, kGroup, {}, {}}}));
  EXPECT_EQ(f.G().destination, kGroup);
  // Adverts to 224.0.0.18 belong to someone else's cluster.
  f.Advert(seconds{1}, 200);
  EXPECT_EQ(f.Counter("drop-wrong-destination"), 1u);
  wire::VrrpAdvertisement a;
  a.vrid = 1;
  a.priority = 200;
  a.addresses = {kVip};
  f.Packet(seconds{2}, a, kHigherIp, kGroup);
  EXPECT_EQ(f.G().master_down_expires, At(seconds{2} + kMdi100));
  f.Run(seconds{2} + kMdi100);
  EXPECT_EQ(EffectsOf<engine::SendPacket>(f.out).at(0).dst, kGroup);
  p.shutdown = true;
  f.e.SetInterface(At(seconds{10}), kIf, engine::IfAddress{kMe, 24}, true, {p}, f.out);
  EXPECT_EQ(EffectsOf<engine::SocketLeave>(f.out),
            (std::vector<engine::SocketLeave>{{kIf, kGroup, {}, {}}}));
}

TEST(VrrpEngine, GroupsPerInterfaceAreLimited) {
  Fixture f({Params(1), Params(2), Params(3)}, VrrpEngineOptions{.groups_per_interface = 2});
  EXPECT_EQ(f.e.Snap().interfaces.at(0).groups.size(), 2u);
  EXPECT_EQ(f.IfCounter("drop-group-limit"), 1u);
  EXPECT_FALSE(EffectsOf<engine::Trace>(f.out).empty());
}

TEST(VrrpEngine, LinkDownStopsTheMasterWithoutAdvertisingAndLinkUpRestarts) {
  Duration t{};
  Fixture f = MasterAt(t);
  f.e.Handle(At(t + seconds{1}), engine::LinkEvent{kIf, false, {}, {}}, f.out);
  EXPECT_EQ(f.State(), VrrpState::kInitialize);
  EXPECT_TRUE(f.Sent().empty());  // the link is gone: no priority-0 advert
  EXPECT_EQ(EffectsOf<engine::AddressDel>(f.out).size(), 1u);
  f.e.Handle(At(t + seconds{2}), engine::LinkEvent{kIf, true, {}, {}}, f.out);
  EXPECT_EQ(f.State(), VrrpState::kBackup);
  EXPECT_EQ(f.G().master_down_expires, At(t + seconds{2} + kMdi100));
}

TEST(VrrpEngine, GroupWithoutAddressDoesNotStart) {
  GroupParams p = Params();
  p.addresses.clear();
  Fixture f({p});
  EXPECT_EQ(f.State(), VrrpState::kInitialize);
  EXPECT_EQ(f.e.NextDeadline(), std::nullopt);
}

TEST(VrrpEngine, ReconfiguredPriorityKeepsTheStateAndAdvertisesTheNewValue) {
  Duration t{};
  Fixture f = MasterAt(t);
  GroupParams p = Params();
  p.priority = 150;
  f.e.SetInterface(At(t + milliseconds{100}), kIf, engine::IfAddress{kMe, 24}, true, {p}, f.out);
  EXPECT_EQ(f.State(), VrrpState::kMaster);
  f.Run(t + seconds{1});
  ASSERT_EQ(f.Sent().size(), 1u);
  EXPECT_EQ(f.Sent()[0].priority, 150);
}

TEST(VrrpEngine, SnapshotDescribesTheGroup) {
  GroupParams p = Params();
  p.description = "web";
  p.addresses = {kVip, Ipv4{10, 0, 0, 253}};
  Fixture f({p});
  const GroupSnapshot& g = f.G();
  EXPECT_EQ(g.vrid, 1);
  EXPECT_EQ(g.version, 3);
  EXPECT_EQ(g.description, "web");
  EXPECT_EQ(g.addresses.size(), 2u);
  EXPECT_EQ(g.virtual_mac, kVmac);
  EXPECT_EQ(g.destination, kVrrpMulticast);
  EXPECT_EQ(g.priority, 100);
  EXPECT_EQ(g.skew_time, kSkew100);
  EXPECT_EQ(g.master_down_interval, kMdi100);
  EXPECT_EQ(g.advertisement_interval, seconds{1});
}

}  // namespace
}  // namespace mc::vrrp

namespace mc::vrrp {
namespace {

// Whatever adverts arrive, in any order and from any peer, the engine owns a group's virtual
// address exactly while that group is Master, never leaves a timer in the past, and a master
// always has its Adver_Timer armed while a backup has its Master_Down_Timer.
RC_GTEST_PROP(VrrpProperty, AddressOwnershipFollowsTheState, ()) {
  Fixture f({Params(1), Params(2)});
  const auto steps = *rc::gen::inRange(1, 60);
  Duration t{};
  for (int n = 0; n < steps; ++n) {
    t += milliseconds{*rc::gen::inRange(0, 1500)};
    wire::VrrpAdvertisement a;
    a.version = static_cast<std::uint8_t>(*rc::gen::inRange(2, 4));
    a.vrid = static_cast<std::uint8_t>(*rc::gen::inRange(1, 4));
    a.priority = *rc::gen::element<std::uint8_t>(0, 50, 100, 101, 200, 255);
    a.addresses = {kVip};
    a.max_advert_interval_cs = static_cast<std::uint16_t>(*rc::gen::inRange(1, 300));
    a.advert_interval_s = 1;
    const Ipv4 src = *rc::gen::element(kLowerIp, kHigherIp, kMe);
    f.Packet(t, a, src);
    f.Run(t);
    const VrrpSnapshot snap = f.e.Snap();
    for (const GroupSnapshot& g : snap.interfaces.at(0).groups) {
      int owned = 0;
      for (const Effect& e : f.out) {
        if (const auto* add = std::get_if<engine::AddressAdd>(&e)) {
          owned += add->virtual_mac == g.virtual_mac ? 1 : 0;
        } else if (const auto* del = std::get_if<engine::AddressDel>(&e)) {
          owned -= del->virtual_mac == g.virtual_mac ? 1 : 0;
        }
      }
      RC_ASSERT(owned == (g.state == VrrpState::kMaster ? 1 : 0));
      RC_ASSERT(g.state != VrrpState::kInitialize);
      if (g.state == VrrpState::kMaster) {
        RC_ASSERT(g.next_advert.has_value() && !g.master_down_expires.has_value());
      } else {
        RC_ASSERT(g.master_down_expires.has_value() && !g.next_advert.has_value());
      }
    }
    const std::optional<Time> next = f.e.NextDeadline();
    RC_ASSERT(next.has_value() && *next > At(t));
  }
}

}  // namespace
}  // namespace mc::vrrp
