// Spanning tree across real Bridge instances: a tiny in-test lab wires three bridges in a
// triangle (plus a host per bridge), carries every SendFrame to the peer's Handle 1 ms later and
// drives each bridge through engine::Pump. Checks root election (lowest bridge ID, priority
// first), exactly one blocked port, a broadcast delivered once per host with a finite number of
// frames, failover to the alternate path within 3 s for either kind of failed link, MAC flushing
// on topology change, loop freedom while a link comes back under traffic, and determinism.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>

#include "engine/engine.h"
#include "l2/bridge.h"
#include "l2/test_util.h"

namespace mc::l2 {
namespace {

using namespace std::chrono_literals;
using engine::Effect;
using engine::Input;
using testing::Frame;
using testing::IsBpduFrame;
using testing::MacOf;

constexpr IfIndex P(std::uint32_t v) { return IfIndex{v}; }
constexpr Duration kLinkDelay = 1ms;

struct Endpoint {
  int node = 0;
  IfIndex port;
  auto operator<=>(const Endpoint&) const = default;
};

// Nodes 0..n-1 are bridges, pumped like a host would; host nodes only record what they get.
class Lab {
 public:
  int AddBridge(std::uint8_t mac_last, std::uint16_t priority = 32768) {
    BridgeConfig c;
    c.stp.address = Mac{{0x02, 0x00, 0x00, 0x00, 0x00, mac_last}};
    c.stp.priority = priority;
    bridges_.push_back(std::make_unique<Node>(c, *this, static_cast<int>(nodes_.size())));
    nodes_.push_back(Kind::kBridge);
    return static_cast<int>(nodes_.size()) - 1;
  }

  int AddBridge(const BridgeConfig& c) {
    bridges_.push_back(std::make_unique<Node>(c, *this, static_cast<int>(nodes_.size())));
    nodes_.push_back(Kind::kBridge);
    return static_cast<int>(nodes_.size()) - 1;
  }

  int AddHost() {
    nodes_.push_back(Kind::kHost);
    received_.emplace_back();
    return static_cast<int>(nodes_.size()) - 1;
  }

  void Connect(Endpoint a, Endpoint b, const PortConfig& config = PortConfig{}) {
    peer_[a] = b;
    peer_[b] = a;
    for (const Endpoint e : {a, b}) {
      if (IsBridge(e.node)) {
        std::vector<Effect> out;
        BridgeOf(e.node).SetPort(now_, e.port, config, out);
        Route(e.node, out);
      }
    }
  }

  // Cable pulled or restored: both ends see it, as in LAB-FORMAT.md's `link X:if down|up`.
  void SetLink(Endpoint a, bool up) {
    const Endpoint b = peer_.at(a);
    for (const Endpoint e : {a, b}) {
      if (up) {
        down_.erase(e);
      } else {
        down_.insert(e);
      }
      if (IsBridge(e.node)) {
        bridges_[static_cast<std::size_t>(e.node)]->inbox.push_back(
            engine::LinkEvent{.ifindex = e.port, .up = up});
      }
    }
    Pump();
  }

  // Frames between a and its peer are lost from now on, with no link event (a silent failure).
  void Cut(Endpoint a) {
    down_.insert(a);
    down_.insert(peer_.at(a));
  }

  // A frame arriving at `to` as if its peer had sent it.
  void Inject(Endpoint to, const wire::Bytes& frame) { Schedule(to, frame); }
  // The port of the last data frame `node` sent.
  IfIndex LastDataFrom(int node) const {
    const auto it = last_data_.find(node);
    return it == last_data_.end() ? IfIndex{} : it->second;
  }

  void HostSend(int host, const wire::Bytes& frame) {
    const Endpoint from{host, P(1)};
    Schedule(peer_.at(from), frame);
  }

  void RunFor(Duration d) {
    const Time end = now_ + d;
    while (true) {
      std::optional<Time> t;
      if (!queue_.empty()) {
        t = queue_.begin()->first.first;
      }
      for (const auto& b : bridges_) {
        if (const std::optional<Time> w = b->bridge.NextDeadline(); w && (!t || *w < *t)) {
          t = w;
        }
      }
      if (!t || *t > end) {
        break;
      }
      now_ = *t;
      Deliver();
      Pump();
    }
    now_ = end;
  }

  Bridge& BridgeOf(int node) { return bridges_[static_cast<std::size_t>(node)]->bridge; }
  const std::vector<wire::Bytes>& Received(int host) const {
    return received_[static_cast<std::size_t>(host - static_cast<int>(bridges_.size()))];
  }
  void ClearReceived() {
    for (auto& r : received_) {
      r.clear();
    }
  }
  std::uint64_t data_frames() const { return data_frames_; }
  std::uint64_t bpdu_frames() const { return bpdu_frames_; }
  Time now() const { return now_; }

 private:
  enum class Kind : std::uint8_t { kBridge, kHost };

  // engine::PumpHost for one bridge.
  struct Node {
    Node(const BridgeConfig& c, Lab& l, int i) : bridge(c), lab(l), index(i) {}
    Time Now() const { return lab.now_; }
    std::optional<Input> NextInput() {
      if (inbox.empty()) {
        return std::nullopt;
      }
      Input in = std::move(inbox.front());
      inbox.pop_front();
      return in;
    }
    void Apply(const Effect& e) { lab.Route(index, std::vector<Effect>{e}); }
    void WakeAt(std::optional<Time> t) { (void)t; }  // RunFor asks NextDeadline() itself

    Bridge bridge;
    Lab& lab;
    int index;
    std::deque<Input> inbox;
  };

  bool IsBridge(int node) const { return nodes_[static_cast<std::size_t>(node)] == Kind::kBridge; }

  void Schedule(Endpoint to, const wire::Bytes& frame) {
    queue_.emplace(std::make_pair(now_ + kLinkDelay, seq_++), std::make_pair(to, frame));
  }

  void Route(int node, const std::vector<Effect>& out) {
    for (const engine::SendFrame& f : engine::EffectsOf<engine::SendFrame>(out)) {
      const Endpoint from{node, f.port};
      if (down_.contains(from)) {
        continue;
      }
      ++(IsBpduFrame(f.frame) ? bpdu_frames_ : data_frames_);
      if (!IsBpduFrame(f.frame)) {
        last_data_[node] = f.port;
      }
      Schedule(peer_.at(from), f.frame);
    }
  }

  void Deliver() {
    while (!queue_.empty() && queue_.begin()->first.first == now_) {
      const auto [to, frame] = queue_.begin()->second;
      queue_.erase(queue_.begin());
      if (down_.contains(to)) {
        continue;
      }
      if (IsBridge(to.node)) {
        bridges_[static_cast<std::size_t>(to.node)]->inbox.push_back(
            engine::PacketIn{.layer = engine::Layer::kL2, .ifindex = to.port, .bytes = frame});
      } else if (!IsBpduFrame(frame)) {  // hosts ignore BPDUs
        received_[static_cast<std::size_t>(to.node - static_cast<int>(bridges_.size()))].push_back(
            frame);
      }
    }
  }

  void Pump() {
    for (const auto& b : bridges_) {
      engine::Pump(b->bridge, *b);
    }
  }

  std::vector<Kind> nodes_;
  std::vector<std::unique_ptr<Node>> bridges_;
  std::vector<std::vector<wire::Bytes>> received_;
  std::map<Endpoint, Endpoint> peer_;
  std::set<Endpoint> down_;
  std::map<int, IfIndex> last_data_;
  std::multimap<std::pair<Time, std::uint64_t>, std::pair<Endpoint, wire::Bytes>> queue_;
  std::uint64_t seq_ = 0;
  std::uint64_t data_frames_ = 0;
  std::uint64_t bpdu_frames_ = 0;
  Time now_ = kTimeZero;
};

// S1, S2, S3 in a triangle (port 1 and 2 face the other bridges), host Hn on Sn port 3:
//   S1:1 - S2:1,  S2:2 - S3:1,  S3:2 - S1:2.
class Triangle : public ::testing::Test {
 protected:
  explicit Triangle(std::array<std::uint16_t, 3> priorities = {32768, 32768, 32768}) {
    for (std::uint8_t i = 0; i < 3; ++i) {
      s_[i] = lab_.AddBridge(static_cast<std::uint8_t>(i + 1), priorities[i]);
    }
    for (std::uint8_t i = 0; i < 3; ++i) {
      h_[i] = lab_.AddHost();
    }
    lab_.Connect({s_[0], P(1)}, {s_[1], P(1)});
    lab_.Connect({s_[1], P(2)}, {s_[2], P(1)});
    lab_.Connect({s_[2], P(2)}, {s_[0], P(2)});
    for (int i = 0; i < 3; ++i) {
      lab_.Connect({s_[static_cast<std::size_t>(i)], P(3)},
                   {h_[static_cast<std::size_t>(i)], P(1)});
    }
    lab_.RunFor(1s);
  }

  // Ports between bridges that do not forward, as (bridge, port).
  std::vector<Endpoint> BlockedPorts() {
    std::vector<Endpoint> r;
    for (const int s : s_) {
      for (const StpPortStatus& p : lab_.BridgeOf(s).Snap().stp.ports) {
        if (p.state != PortState::kForwarding && p.role != PortRole::kDisabled) {
          r.push_back({s, p.port});
        }
      }
    }
    return r;
  }

  Mac HostMac(int i) const { return MacOf(static_cast<std::uint8_t>(0xa0 + i)); }

  void Broadcast(int from) {
    lab_.HostSend(h_[static_cast<std::size_t>(from)], Frame(Mac::Broadcast(), HostMac(from)));
  }

  // Every host sends one broadcast so every bridge learns every host.
  void LearnAll() {
    for (int i = 0; i < 3; ++i) {
      Broadcast(i);
      lab_.RunFor(100ms);
    }
    lab_.ClearReceived();
  }

  std::size_t ReceivedBy(int host) {
    return lab_.Received(h_[static_cast<std::size_t>(host)]).size();
  }

  Lab lab_;
  std::array<int, 3> s_{};
  std::array<int, 3> h_{};
};

TEST_F(Triangle, ElectsTheLowestBridgeIdAsRootEverywhere) {
  for (const int s : s_) {
    const StpStatus st = lab_.BridgeOf(s).Snap().stp;
    EXPECT_EQ(st.root_id, (BridgeId{32768 + 1, Mac{{0x02, 0, 0, 0, 0, 0x01}}}));  // + VLAN 1
  }
  EXPECT_TRUE(lab_.BridgeOf(s_[0]).Snap().stp.IsRoot());
  const StpStatus s2 = lab_.BridgeOf(s_[1]).Snap().stp;
  EXPECT_EQ(s2.root_port, P(1));
  EXPECT_EQ(s2.root_path_cost, kDefaultPortPathCost);
}

TEST_F(Triangle, BlocksExactlyOnePortTheHighestBridgesLink) {
  // S2 and S3 tie on cost to the root (4); S2's lower ID makes it designated on their link.
  EXPECT_THAT(BlockedPorts(), ::testing::ElementsAre(Endpoint{s_[2], P(1)}));
  EXPECT_EQ(lab_.BridgeOf(s_[2]).stp().Role(P(1)), PortRole::kAlternate);
  for (const int s : s_) {
    EXPECT_TRUE(lab_.BridgeOf(s).Forwarding(P(3))) << "host ports are edge ports";
  }
}

TEST_F(Triangle, InSteadyStateOnlyDesignatedPortsSendBpdusOncePerHello) {
  // Designated: S1:1, S1:2, S1:3, S2:2, S2:3, S3:3. Root and alternate ports stay quiet once
  // the start-up topology change is over (root ports repeat it while tcWhile runs, 3 s).
  lab_.RunFor(3s);
  const std::uint64_t before = lab_.bpdu_frames();
  lab_.RunFor(10s);
  EXPECT_EQ(lab_.bpdu_frames() - before, 6u * 5u);
}

TEST_F(Triangle, ABroadcastReachesEachHostOnceAndDies) {
  const std::uint64_t before = lab_.data_frames();
  Broadcast(0);
  lab_.RunFor(1s);
  EXPECT_EQ(ReceivedBy(0), 0u);
  EXPECT_EQ(ReceivedBy(1), 1u);
  EXPECT_EQ(ReceivedBy(2), 1u);
  // S1 -> S2, S1 -> S3, S2 -> H2, S2 -> S3 (dropped by S3's blocked port), S3 -> H3.
  EXPECT_EQ(lab_.data_frames() - before, 5u);
  lab_.RunFor(10s);
  EXPECT_EQ(lab_.data_frames() - before, 5u);
  EXPECT_EQ(ReceivedBy(1), 1u);
}

class TriangleWithPriorities : public Triangle {
 protected:
  TriangleWithPriorities() : Triangle({32768, 32768, 4096}) {}
};

TEST_F(TriangleWithPriorities, PriorityBeatsTheAddress) {
  for (const int s : s_) {
    EXPECT_EQ(lab_.BridgeOf(s).Snap().stp.root_id,
              (BridgeId{4096 + 1, Mac{{0x02, 0, 0, 0, 0, 3}}}));
  }
  // S1 and S2 both reach S3 at cost 4; S1 wins their link, so S2's port 1 blocks.
  EXPECT_THAT(BlockedPorts(), ::testing::ElementsAre(Endpoint{s_[1], P(1)}));
}

TEST_F(Triangle, TheAlternatePortTakesOverWhenTheRootPortFails) {
  LearnAll();
  const Time failed_at = lab_.now();
  lab_.SetLink({s_[2], P(2)}, false);  // S3's root port
  lab_.RunFor(10ms);
  EXPECT_EQ(lab_.BridgeOf(s_[2]).stp().Role(P(1)), PortRole::kRoot);
  EXPECT_TRUE(lab_.BridgeOf(s_[2]).Forwarding(P(1)));
  EXPECT_LT(lab_.now() - failed_at, 3s);
  EXPECT_THAT(BlockedPorts(), ::testing::IsEmpty());
  Broadcast(0);
  lab_.RunFor(1s);
  EXPECT_EQ(ReceivedBy(1), 1u);
  EXPECT_EQ(ReceivedBy(2), 1u);
  for (const int s : s_) {
    EXPECT_FALSE(lab_.BridgeOf(s).TakeTopologyChanges().empty());
  }
}

TEST_F(Triangle, TheBlockedLinkTakesOverWhenTheDesignatedSideLosesItsRoot) {
  LearnAll();
  lab_.SetLink({s_[0], P(1)}, false);  // S1-S2: S2 must now reach the root through S3
  lab_.RunFor(50ms);  // a few link delays: S2's news, S3's proposal, S2's agreement
  EXPECT_EQ(lab_.BridgeOf(s_[1]).stp().Role(P(2)), PortRole::kRoot);
  EXPECT_EQ(lab_.BridgeOf(s_[2]).stp().Role(P(1)), PortRole::kDesignated);
  EXPECT_TRUE(lab_.BridgeOf(s_[2]).Forwarding(P(1)));
  EXPECT_EQ(lab_.BridgeOf(s_[1]).Snap().stp.root_path_cost, 2 * kDefaultPortPathCost);
  // S3 had learned H2 behind its root port (via S1); the topology change flushed that, so a
  // unicast from H3 to H2 is flooded and arrives over the new path.
  lab_.HostSend(h_[2], Frame(HostMac(1), HostMac(2)));
  lab_.RunFor(100ms);
  EXPECT_EQ(ReceivedBy(1), 1u);
  Broadcast(0);
  lab_.RunFor(1s);
  EXPECT_EQ(ReceivedBy(1), 2u);
  EXPECT_EQ(ReceivedBy(2), 1u);
}

TEST_F(Triangle, ALinkComingBackUnderTrafficNeverLoops) {
  lab_.SetLink({s_[0], P(1)}, false);
  lab_.RunFor(1s);
  lab_.ClearReceived();
  constexpr int kFrames = 200;
  for (int i = 0; i < kFrames; ++i) {
    if (i == kFrames / 2) {
      lab_.SetLink({s_[0], P(1)}, true);
    }
    Broadcast(i % 3);
    lab_.RunFor(10ms);
  }
  lab_.RunFor(1s);
  const std::uint64_t settled = lab_.data_frames();
  lab_.RunFor(10s);
  EXPECT_EQ(lab_.data_frames(), settled) << "frames still circulating: a loop";
  // Each host hears every broadcast of the other two exactly once: the handshake moved the
  // blocked port back without a loop (no duplicates) and without a gap (no losses).
  for (int h = 0; h < 3; ++h) {
    const int own = (kFrames - h + 2) / 3;  // i in [0, kFrames) with i % 3 == h
    EXPECT_EQ(ReceivedBy(h), static_cast<std::size_t>(kFrames - own)) << "host " << h;
  }
  EXPECT_THAT(BlockedPorts(), ::testing::ElementsAre(Endpoint{s_[2], P(1)}));
}

TEST_F(Triangle, InformationAgesOutAfterThreeMissedHellos) {
  // S1 -> S3 goes silent without a link-down (a failure the carrier does not show): S3's root
  // port keeps its information for three hello times (6 s) after the last BPDU, then the
  // alternate port takes over.
  const int s3 = s_[2];
  EXPECT_EQ(lab_.BridgeOf(s3).stp().Role(P(2)), PortRole::kRoot);
  lab_.Cut({s_[0], P(2)});
  lab_.RunFor(3900ms);  // the last BPDU arrived within the last 2 s before the cut
  EXPECT_EQ(lab_.BridgeOf(s3).stp().Role(P(2)), PortRole::kRoot);
  lab_.RunFor(2200ms);
  EXPECT_EQ(lab_.BridgeOf(s3).stp().Role(P(1)), PortRole::kRoot);
  EXPECT_TRUE(lab_.BridgeOf(s3).Forwarding(P(1)));
}

// Four bridges, every pair linked (6 links, so 3 must block), a host on each. Links fail and
// come back one at a time; after each change every broadcast reaches every other host exactly
// once and nothing keeps circulating.
class FullMesh : public ::testing::Test {
 protected:
  static constexpr int kBridges = 4;
  static constexpr std::uint32_t kHostPort = 10;

  FullMesh() {
    for (int i = 0; i < kBridges; ++i) {
      s_[static_cast<std::size_t>(i)] = lab_.AddBridge(static_cast<std::uint8_t>(0x10 + i));
    }
    for (int i = 0; i < kBridges; ++i) {
      h_[static_cast<std::size_t>(i)] = lab_.AddHost();
    }
    for (int i = 0; i < kBridges; ++i) {
      for (int j = i + 1; j < kBridges; ++j) {
        lab_.Connect(Link(i, j), Link(j, i));
      }
      lab_.Connect({S(i), P(kHostPort)}, {h_[static_cast<std::size_t>(i)], P(1)});
    }
    lab_.RunFor(1s);
  }

  int S(int i) const { return s_[static_cast<std::size_t>(i)]; }
  // Bridge i's port towards bridge j is port j + 1.
  Endpoint Link(int i, int j) const { return {S(i), P(static_cast<std::uint32_t>(j + 1))}; }

  int Blocked() {
    int n = 0;
    for (int i = 0; i < kBridges; ++i) {
      for (const StpPortStatus& p : lab_.BridgeOf(S(i)).Snap().stp.ports) {
        n += p.role == PortRole::kAlternate || p.role == PortRole::kBackup ? 1 : 0;
      }
    }
    return n;
  }

  // Each host broadcasts once; each must hear the other three exactly once, and the network
  // must then go quiet.
  void ExpectLoopFreeAndConnected(const std::string& when) {
    lab_.ClearReceived();
    for (int i = 0; i < kBridges; ++i) {
      lab_.HostSend(h_[static_cast<std::size_t>(i)],
                    Frame(Mac::Broadcast(), MacOf(static_cast<std::uint8_t>(0xb0 + i))));
    }
    lab_.RunFor(500ms);
    const std::uint64_t settled = lab_.data_frames();
    lab_.RunFor(2s);
    EXPECT_EQ(lab_.data_frames(), settled) << when << ": a loop";
    for (int i = 0; i < kBridges; ++i) {
      EXPECT_EQ(lab_.Received(h_[static_cast<std::size_t>(i)]).size(), 3u)
          << when << ": host " << i;
    }
  }

  Lab lab_;
  std::array<int, kBridges> s_{};
  std::array<int, kBridges> h_{};
};

TEST_F(FullMesh, BlocksThreeLinksAndSurvivesEverySingleFailure) {
  EXPECT_EQ(Blocked(), 3);
  ExpectLoopFreeAndConnected("converged");
  for (int i = 0; i < kBridges; ++i) {
    for (int j = i + 1; j < kBridges; ++j) {
      const std::string link = "link " + std::to_string(i) + "-" + std::to_string(j);
      lab_.SetLink(Link(i, j), false);
      lab_.RunFor(1s);
      EXPECT_EQ(Blocked(), 2) << link << " down";
      ExpectLoopFreeAndConnected(link + " down");
      lab_.SetLink(Link(i, j), true);
      lab_.RunFor(1s);
      EXPECT_EQ(Blocked(), 3) << link << " up";
      ExpectLoopFreeAndConnected(link + " up");
    }
  }
}

TEST_F(FullMesh, SurvivesTwoFailuresAtOnce) {
  lab_.SetLink(Link(0, 1), false);
  lab_.SetLink(Link(2, 3), false);
  lab_.RunFor(1s);
  EXPECT_EQ(Blocked(), 1);
  ExpectLoopFreeAndConnected("0-1 and 2-3 down");
  lab_.SetLink(Link(0, 2), false);  // the root (bridge 0) now hangs off 0-3 alone
  lab_.RunFor(1s);
  EXPECT_EQ(Blocked(), 0);
  ExpectLoopFreeAndConnected("0-1, 2-3, 0-2 down");
}

TEST_F(FullMesh, ReElectsARootWhenTheRootBridgeDies) {
  // Bridge 0 loses power: all its links go down. The others first hold stale information about
  // it on their alternate ports; its message age grows by a second per hop until it reaches
  // max age (§17.21.23), after which bridge 1 (the next lowest ID) is root.
  for (int j = 1; j < kBridges; ++j) {
    lab_.SetLink(Link(0, j), false);
  }
  lab_.RunFor(1s);
  for (int i = 1; i < kBridges; ++i) {
    EXPECT_EQ(lab_.BridgeOf(S(i)).Snap().stp.root_id.address, (Mac{{0x02, 0, 0, 0, 0, 0x11}}))
        << "bridge " << i;
  }
  EXPECT_EQ(Blocked(), 1);
  lab_.ClearReceived();
  for (int i = 1; i < kBridges; ++i) {
    lab_.HostSend(h_[static_cast<std::size_t>(i)],
                  Frame(Mac::Broadcast(), MacOf(static_cast<std::uint8_t>(0xb0 + i))));
  }
  lab_.RunFor(500ms);
  const std::uint64_t settled = lab_.data_frames();
  lab_.RunFor(2s);
  EXPECT_EQ(lab_.data_frames(), settled);
  for (int i = 1; i < kBridges; ++i) {
    EXPECT_EQ(lab_.Received(h_[static_cast<std::size_t>(i)]).size(), 2u) << "host " << i;
  }
}

// Runs the same script on a fresh lab and returns every bridge's snapshot.
class Scripted : public Triangle {
 public:
  std::vector<BridgeSnapshot> Run() {
    LearnAll();
    lab_.SetLink({s_[0], P(1)}, false);
    lab_.RunFor(2s);
    Broadcast(1);
    lab_.SetLink({s_[0], P(1)}, true);
    lab_.RunFor(5s);
    std::vector<BridgeSnapshot> r;
    for (const int s : s_) {
      r.push_back(lab_.BridgeOf(s).Snap());
    }
    return r;
  }

 private:
  void TestBody() override {}
};

TEST(TriangleDeterminism, TheSameInputsGiveTheSameSnapshots) {
  Scripted a;
  Scripted b;
  const std::vector<BridgeSnapshot> first = a.Run();
  EXPECT_EQ(first, b.Run());
  EXPECT_GT(first[0].stp.topology_changes, 0u);
}

// ---- Per-VLAN spanning tree (Cisco rapid-pvst) ----

// S1 and S2 joined by two trunks cabled crosswise (S1:1 - S2:2, S1:2 - S2:1), VLANs 10 and 20;
// `spanning-tree vlan 10 priority 4096` on S1 and `vlan 20 priority 4096` on S2. Each VLAN's
// non-root bridge picks the link on the root's lower port, so VLAN 10 blocks the S1:2 - S2:1
// trunk and VLAN 20 the S1:1 - S2:2 one.
class PvstPair : public ::testing::Test {
 protected:
  PvstPair() {
    for (std::uint8_t i = 0; i < 2; ++i) {
      BridgeConfig c;
      c.stp.address = Mac{{0x02, 0x00, 0x00, 0x00, 0x00, static_cast<std::uint8_t>(i + 1)}};
      c.stp_vlans = {10, 20};
      c.stp_vlan_priority[i == 0 ? 10 : 20] = 4096;
      s_[i] = lab_.AddBridge(c);
    }
    PortConfig trunk;
    trunk.mode = PortMode::kTrunk;
    lab_.Connect({s_[0], P(1)}, {s_[1], P(2)}, trunk);
    lab_.Connect({s_[0], P(2)}, {s_[1], P(1)}, trunk);
    lab_.RunFor(2s);
  }
  const Stp& Instance(int s, std::uint16_t vlan) {
    const Stp* i = lab_.BridgeOf(s_[static_cast<std::size_t>(s)]).stp(vlan);
    EXPECT_NE(i, nullptr) << "no instance for VLAN " << vlan;
    return *i;
  }
  Lab lab_;
  std::array<int, 2> s_{};
};

TEST_F(PvstPair, EachVlanElectsItsOwnRootWithTheVlanInTheBridgeId) {
  EXPECT_EQ(Instance(0, 10).Status().root_id, (BridgeId{4096 + 10, Mac{{0x02, 0, 0, 0, 0, 1}}}));
  EXPECT_EQ(Instance(1, 10).Status().root_id, (BridgeId{4096 + 10, Mac{{0x02, 0, 0, 0, 0, 1}}}));
  EXPECT_EQ(Instance(0, 20).Status().root_id, (BridgeId{4096 + 20, Mac{{0x02, 0, 0, 0, 0, 2}}}));
  EXPECT_EQ(Instance(1, 20).Status().bridge_id, (BridgeId{4096 + 20, Mac{{0x02, 0, 0, 0, 0, 2}}}));
  EXPECT_EQ(Instance(1, 10).Status().bridge_id, (BridgeId{32768 + 10, Mac{{0x02, 0, 0, 0, 0, 2}}}));
  // VLAN 1 keeps the default priority: the lower MAC (S1) is its root.
  EXPECT_EQ(Instance(1, 1).Status().root_id, (BridgeId{32768 + 1, Mac{{0x02, 0, 0, 0, 0, 1}}}));
}

TEST_F(PvstPair, EachVlanBlocksADifferentTrunk) {
  const Bridge& s2 = lab_.BridgeOf(s_[1]);
  const Bridge& s1 = lab_.BridgeOf(s_[0]);
  // VLAN 10 (root S1): S2's root port faces S1:1, its other trunk is the alternate.
  EXPECT_EQ(Instance(1, 10).Role(P(2)), PortRole::kRoot);
  EXPECT_EQ(Instance(1, 10).Role(P(1)), PortRole::kAlternate);
  EXPECT_TRUE(s2.Forwarding(P(2), 10));
  EXPECT_FALSE(s2.Forwarding(P(1), 10));
  // VLAN 20 (root S2): S1's root port faces S2:1 (S1:2), S1:1 is the alternate.
  EXPECT_EQ(Instance(0, 20).Role(P(2)), PortRole::kRoot);
  EXPECT_EQ(Instance(0, 20).Role(P(1)), PortRole::kAlternate);
  EXPECT_TRUE(s1.Forwarding(P(2), 20));
  EXPECT_FALSE(s1.Forwarding(P(1), 20));
  // One trunk port forwards VLAN 10 and blocks VLAN 20 at once.
  EXPECT_TRUE(s1.Forwarding(P(1), 10));
  EXPECT_FALSE(s1.Forwarding(P(1), 20));
}

TEST_F(PvstPair, TaggedFramesTakeTheirVlansPath) {
  // A VLAN 20 broadcast entering S2 on S2:2 crosses on S2:1 - S1:2 (VLAN 20's trunk) and stops:
  // S1:1 blocks VLAN 20. One frame on the wire.
  std::uint64_t before = lab_.data_frames();
  lab_.Inject({s_[1], P(2)}, Frame(Mac::Broadcast(), MacOf(0xb0), 20));
  lab_.RunFor(100ms);
  EXPECT_EQ(lab_.data_frames() - before, 1u);
  EXPECT_EQ(lab_.LastDataFrom(s_[1]), P(1));
  // A VLAN 10 broadcast entering S1 on S1:2 crosses on S1:1 - S2:2 (VLAN 10's trunk) and stops:
  // S2:1 blocks VLAN 10.
  before = lab_.data_frames();
  lab_.Inject({s_[0], P(2)}, Frame(Mac::Broadcast(), MacOf(0xb1), 10));
  lab_.RunFor(100ms);
  EXPECT_EQ(lab_.data_frames() - before, 1u);
  EXPECT_EQ(lab_.LastDataFrom(s_[0]), P(1));
}

// In steady state only designated ports send, once per hello, each in its VLAN's framing.
TEST_F(PvstPair, TrunkBpdusAreIeeeForTheNativeVlanAndTaggedSstpForTheOthers) {
  lab_.RunFor(3s);  // past the start-up topology changes
  const auto sent_on = [&](int s, IfIndex port) {
    std::vector<Effect> out;
    lab_.BridgeOf(s_[static_cast<std::size_t>(s)]).AdvanceTo(lab_.now() + 2s, out);
    std::pair<int, std::set<std::uint16_t>> r;  // IEEE BPDUs, SSTP VLANs
    for (const engine::SendFrame& f : engine::EffectsOf<engine::SendFrame>(out)) {
      if (f.port != port) {
        continue;
      }
      if (DecodeBpduFrame(f.frame)) {
        ++r.first;
      } else if (const auto b = DecodePvstFrame(f.frame)) {
        EXPECT_EQ(b->tag_vlan, std::optional<std::uint16_t>{b->vlan});
        r.second.insert(b->vlan);
      }
    }
    return r;
  };
  // S1:1 is designated in VLAN 1 (IEEE, native) and VLAN 10 (SSTP), alternate in VLAN 20.
  EXPECT_EQ(sent_on(0, P(1)), (std::pair<int, std::set<std::uint16_t>>{1, {10}}));
  // S2:1 is designated in VLAN 20 only.
  EXPECT_EQ(sent_on(1, P(1)), (std::pair<int, std::set<std::uint16_t>>{0, {20}}));
}

TEST_F(PvstPair, TopologyChangesCarryTheirVlan) {
  lab_.BridgeOf(s_[0]).TakeTopologyChanges();
  lab_.BridgeOf(s_[1]).TakeTopologyChanges();
  lab_.SetLink({s_[0], P(1)}, false);  // VLAN 10's path
  lab_.RunFor(1s);
  std::set<std::uint16_t> detected;  // §17.31: a port of S2 started forwarding in the VLAN
  for (const TopologyChange& c : lab_.BridgeOf(s_[1]).TakeTopologyChanges()) {
    if (!c.received) {
      detected.insert(c.vlan);
      EXPECT_EQ(c.port, P(1));
    }
  }
  // VLAN 10 and VLAN 1 moved to S2:1; VLAN 20 already forwarded there.
  EXPECT_EQ(detected, (std::set<std::uint16_t>{1, 10}));
  EXPECT_TRUE(lab_.BridgeOf(s_[1]).Forwarding(P(1), 10));
}

TEST_F(PvstPair, AVlanWithoutAnInstanceFollowsVlanOne) {
  EXPECT_EQ(lab_.BridgeOf(s_[1]).stp(30), nullptr);
  EXPECT_EQ(lab_.BridgeOf(s_[1]).Forwarding(P(1), 30), lab_.BridgeOf(s_[1]).Forwarding(P(1), 1));
  EXPECT_EQ(lab_.BridgeOf(s_[1]).Forwarding(P(2), 30), lab_.BridgeOf(s_[1]).Forwarding(P(2), 1));
}

TEST_F(PvstPair, ASstpBpduWhoseTagDisagreesWithItsVlanIsDropped) {
  Bpdu b;
  b.role = BpduRole::kDesignated;
  b.root = {0, Mac{{0x02, 0, 0, 0, 0, 9}}};  // superior to everything: would take over
  b.bridge = b.root;
  b.max_age = 20 * 256;
  wire::Bytes frame = *BuildPvstFrame(Mac{{0x02, 0, 0, 0, 0, 9}}, b, 10, true);
  frame[15] = 20;  // tag VLAN 20, TLV VLAN 10
  std::vector<Effect> out;
  Bridge& s2 = lab_.BridgeOf(s_[1]);
  const std::uint64_t bad = s2.counters().Get(BridgeCounter::kBpduBad);
  s2.Handle(lab_.now(),
            engine::PacketIn{.layer = engine::Layer::kL2, .ifindex = P(1), .bytes = frame}, out);
  EXPECT_EQ(s2.counters().Get(BridgeCounter::kBpduBad), bad + 1);
  EXPECT_EQ(Instance(1, 10).Status().root_id.address, (Mac{{0x02, 0, 0, 0, 0, 1}}));
  EXPECT_EQ(Instance(1, 20).Status().root_id.address, (Mac{{0x02, 0, 0, 0, 0, 2}}));
}

}  // namespace
}  // namespace mc::l2
