// Three PIM engines wired together by hand (each one's SendPackets become the neighbor's
// PacketIns): R1 is the source's DR, R2 the RP (2.2.2.2 on a loopback), R3 the receiver's DR.
//   source 10.0.1.10 -- [if1] R1 [if2] -- 10.0.12.0/24 -- [if1] R2 [if2] -- 10.0.23.0/24 --
//   [if1] R3 [if2] -- receivers 10.0.3.0/24
// Shows the engine contract end to end: Hellos make neighbors, a (*,G) join reaches the RP, a
// Register is decapsulated and answered by an (S,G) join, then by a Register-Stop once native
// data arrives on the SPT.
#include <gtest/gtest.h>

#include <memory>

#include "pim/pim_engine.h"
#include "pim/test_util.h"

namespace mc::pim {
namespace {

using engine::Effect;
using engine::EffectsOf;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::At;
using testing::SentOf;

const Ipv4 kRp2{2, 2, 2, 2};
const Ipv4 kGrp{239, 1, 1, 1};
const Ipv4 kSrc{10, 0, 1, 10};
const Sg kFlow{kSrc, kGrp};
const IfIndex kA{1};
const IfIndex kB{2};

struct Node {
  explicit Node(std::uint64_t seed) : e(PimEngineOptions{}, Rng(seed)) {}
  PimEngine e;
  std::vector<Effect> log;  // every effect, for assertions
  std::vector<Effect> pending;
  std::map<IfIndex, std::pair<Node*, IfIndex>> links;
};

class Net {
 public:
  Net() {
    for (int i = 0; i < 3; ++i) {
      nodes_.push_back(std::make_unique<Node>(static_cast<std::uint64_t>(i + 10)));
    }
    Connect(R(1), kB, R(2), kA);
    Connect(R(2), kB, R(3), kA);
    PimGlobalSettings g;
    g.static_rps.push_back({kRp2, std::nullopt, "", false});
    for (auto& n : nodes_) {
      n->e.Configure(now_, g, n->pending);
    }
    SetIf(R(1), kA, {10, 0, 1, 1});
    SetIf(R(1), kB, {10, 0, 12, 1});
    SetIf(R(2), kA, {10, 0, 12, 2});
    SetIf(R(2), kB, {10, 0, 23, 2});
    R(2).e.Handle(now_, engine::LinkEvent{IfIndex{9}, true, engine::IfAddress{kRp2, 32}, {}},
                  R(2).pending);
    SetIf(R(3), kA, {10, 0, 23, 3});
    SetIf(R(3), kB, {10, 0, 3, 1});
    Route(R(1), "2.2.2.2/32", {10, 0, 12, 2}, kB);
    Route(R(1), "10.0.23.0/24", {10, 0, 12, 2}, kB);
    Route(R(1), "10.0.3.0/24", {10, 0, 12, 2}, kB);
    Route(R(2), "10.0.1.0/24", {10, 0, 12, 1}, kA);
    Route(R(2), "10.0.3.0/24", {10, 0, 23, 3}, kB);
    Route(R(3), "2.2.2.2/32", {10, 0, 23, 2}, kA);
    Route(R(3), "10.0.1.0/24", {10, 0, 23, 2}, kA);
    Route(R(3), "10.0.12.0/24", {10, 0, 23, 2}, kA);
    Deliver();
  }
  Node& R(int i) { return *nodes_[static_cast<std::size_t>(i - 1)]; }
  Time now() const { return now_; }

  void Input(Node& n, const engine::Input& in) {
    n.e.Handle(now_, in, n.pending);
    Deliver();
  }
  void RunFor(Duration d) {
    const Time end = now_ + d;
    while (now_ < end) {
      now_ += milliseconds{100};
      for (auto& n : nodes_) {
        n->e.AdvanceTo(now_, n->pending);
      }
      Deliver();
    }
  }

 private:
  static void Connect(Node& a, IfIndex ai, Node& b, IfIndex bi) {
    a.links[ai] = {&b, bi};
    b.links[bi] = {&a, ai};
  }
  void SetIf(Node& n, IfIndex ifx, Ipv4 addr) {
    n.e.SetInterface(now_, ifx, {addr, 24}, true, {}, n.pending);
    Route(n, Prefix::Make(addr, 24).ToString().c_str(), {}, ifx);
  }
  void Route(Node& n, const char* p, Ipv4 nh, IfIndex ifx) {
    n.e.Handle(now_, engine::RouteEvent{*Prefix::Parse(p), nh, ifx, 110, 10, false}, n.pending);
  }
  // PIM packets cross the link to the peer; data packets are only logged (the kernel-MFC model
  // is not part of this test: the test feeds the dataplane events itself).
  void Deliver() {
    bool more = true;
    while (more) {
      more = false;
      for (auto& n : nodes_) {
        std::vector<Effect> batch;
        batch.swap(n->pending);
        for (const Effect& e : batch) {
          n->log.push_back(e);
          const auto* s = std::get_if<engine::SendPacket>(&e);
          if (s == nullptr || s->protocol != wire::kProtoPim || !n->links.contains(s->oif)) {
            continue;
          }
          auto [peer, pif] = n->links.at(s->oif);
          engine::PacketIn p;
          p.ifindex = pif;
          p.src = s->src;
          p.dst = s->dst;
          p.ttl = s->ttl;
          p.protocol = s->protocol;
          p.bytes = s->payload;
          peer->e.Handle(now_, p, peer->pending);
          more = true;
        }
      }
    }
  }

  std::vector<std::unique_ptr<Node>> nodes_;
  Time now_ = kTimeZero;
};

wire::Bytes Data() {
  const std::uint8_t payload[] = {9, 9};
  return *wire::BuildIpv4(wire::Ipv4Header{.ttl = 64, .protocol = 17, .src = kSrc, .dst = kGrp},
                          payload);
}

TEST(PimNetwork, JoinReachesTheRpAndRegisterStopsOnceTheSptIsUp) {
  Net net;
  net.RunFor(seconds{6});  // first Hellos (random 0..5 s) and triggered replies
  EXPECT_EQ(net.R(2).e.Snap(net.now()).neighbors.size(), 2u);
  EXPECT_EQ(net.R(3).e.DrOf(kB), (Ipv4{10, 0, 3, 1}));

  // A receiver on R3's LAN: (*,G) join hop by hop to the RP.
  net.Input(net.R(3), engine::Notify{engine::GroupMembership{kB, Sg{{}, kGrp}, true,
                                                             engine::FilterMode::kExclude}});
  EXPECT_EQ(net.R(2).e.Joins(Sg{{}, kGrp}), (PimEngine::IfSet{kB}));
  EXPECT_EQ(net.R(3).e.UpstreamState(Sg{{}, kGrp}), UsState::kJoined);

  // The source starts: R1 (DR) registers the first packet.
  net.Input(net.R(1), engine::DataplaneEvent{engine::DataplaneKind::kNoCache, kA, kFlow, 0, 0, {}});
  EXPECT_EQ(net.R(1).e.installed().at(kFlow), (engine::MfcAdd{kFlow, kA, {kRegisterVif}}));
  net.Input(net.R(1), engine::DataplaneEvent{engine::DataplaneKind::kWholePacket, kRegisterVif,
                                             kFlow, 0, 0, Data()});
  EXPECT_EQ(net.R(2).e.counters()[PimCounter::kRegistersReceived], 1u);
  // The RP forwarded the first packet down the shared tree toward R3 ...
  const auto decap = EffectsOf<engine::SendPacket>(net.R(2).log);
  EXPECT_TRUE(std::any_of(decap.begin(), decap.end(), [](const engine::SendPacket& s) {
    return s.protocol == 17 && s.oif == kB && s.src == kSrc && s.dst == kGrp;
  }));
  // ... and joined toward the source: R1 now forwards natively to R2 and still registers.
  EXPECT_EQ(net.R(1).e.DownstreamState(kFlow, kB), DsState::kJoin);
  EXPECT_EQ(net.R(1).e.installed().at(kFlow), (engine::MfcAdd{kFlow, kA, {kB, kRegisterVif}}));
  EXPECT_EQ(net.R(2).e.counters()[PimCounter::kRegisterStopsSent], 0u);

  // Native data reaches the RP on the SPT; the next Register is answered by a Register-Stop.
  net.Input(net.R(2), engine::DataplaneEvent{engine::DataplaneKind::kNoCache, kA, kFlow, 0, 0, {}});
  EXPECT_TRUE(net.R(2).e.SptBit(kFlow));
  net.Input(net.R(1), engine::DataplaneEvent{engine::DataplaneKind::kWholePacket, kRegisterVif,
                                             kFlow, 0, 0, Data()});
  EXPECT_EQ(net.R(2).e.counters()[PimCounter::kRegisterStopsSent], 1u);
  EXPECT_EQ(net.R(1).e.RegisterState(kFlow), RegState::kPrune);
  EXPECT_EQ(net.R(1).e.installed().at(kFlow), (engine::MfcAdd{kFlow, kA, {kB}}));
  EXPECT_EQ(net.R(2).e.installed().at(kFlow), (engine::MfcAdd{kFlow, kA, {kB}}));

  // R3 switches to the SPT on the first packet (its RPT and SPT share the interface).
  net.Input(net.R(3), engine::DataplaneEvent{engine::DataplaneKind::kNoCache, kA, kFlow, 0, 0, {}});
  EXPECT_EQ(net.R(3).e.installed().at(kFlow), (engine::MfcAdd{kFlow, kA, {kB}}));
  EXPECT_EQ(net.R(2).e.DownstreamState(kFlow, kB), DsState::kJoin);

  // Steady state: periodic joins keep everything for several minutes.
  net.RunFor(seconds{200});
  EXPECT_EQ(net.R(2).e.Joins(Sg{{}, kGrp}), (PimEngine::IfSet{kB}));
  EXPECT_EQ(net.R(1).e.DownstreamState(kFlow, kB), DsState::kJoin);
}

}  // namespace
}  // namespace mc::pim
