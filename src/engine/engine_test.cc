// The Engine concept and the Pump loop, with a tiny echo engine and a fake host: inputs are
// handled in order, due timers fire before new inputs, timers armed for `now` fire in the same
// pump, the host is told the next deadline, and the same inputs give the same effects.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>

#include "engine/test_util.h"
#include "engine/timer_queue.h"
#include "engine/trace.h"

namespace mc::engine {
namespace {

using namespace std::chrono_literals;

constexpr Time T(std::int64_t ms) { return kTimeZero + std::chrono::milliseconds{ms}; }
constexpr Ipv4 kSelf{10, 0, 0, 1};

// Echoes each received packet back to its sender at once, then sends a hello on that interface
// every second while the link is up. An empty packet asks for an acknowledgement "as soon as
// possible", i.e. a timer armed for now.
class EchoEngine {
 public:
  static constexpr Duration kHelloPeriod = 1s;

  void Handle(Time now, const Input& in, std::vector<Effect>& out) {
    if (const auto* p = std::get_if<PacketIn>(&in)) {
      out.push_back(SendPacket{.oif = p->ifindex,
                               .src = kSelf,
                               .dst = p->src,
                               .ttl = 64,
                               .protocol = p->protocol,
                               .payload = p->bytes});
      timers_.ArmAtLeast({Kind::kHello, p->ifindex}, now + kHelloPeriod);
      if (p->bytes.empty()) {
        timers_.Arm({Kind::kAck, p->ifindex}, now);
      }
    } else if (const auto* l = std::get_if<LinkEvent>(&in); l != nullptr && !l->up) {
      timers_.CancelIf([&](const Key& k) { return k.ifindex == l->ifindex; });
    }
  }

  void AdvanceTo(Time now, std::vector<Effect>& out) {
    while (const std::optional<Key> key = timers_.PopDue(now)) {
      switch (key->kind) {
        case Kind::kHello:
          out.push_back(SendPacket{.oif = key->ifindex, .src = kSelf, .dst = kAllSystems});
          timers_.Arm(*key, now + kHelloPeriod);
          break;
        case Kind::kAck:
          tracer_.Emit(now, "ack", out, "ack on {}", key->ifindex.value());
          break;
      }
    }
  }

  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }

 private:
  enum class Kind : std::uint8_t { kHello, kAck };
  struct Key {
    Kind kind;
    IfIndex ifindex;
    auto operator<=>(const Key&) const = default;
  };
  TimerQueue<Key> timers_;
  Tracer tracer_{"echo"};
};

static_assert(Engine<EchoEngine>);
static_assert(!Engine<int>);
struct NoDeadline {
  void Handle(Time, const Input&, std::vector<Effect>&) {}
  void AdvanceTo(Time, std::vector<Effect>&) {}
};
static_assert(!Engine<NoDeadline>);
struct MutatingDeadline {  // NextDeadline must be callable on a const engine
  void Handle(Time, const Input&, std::vector<Effect>&) {}
  void AdvanceTo(Time, std::vector<Effect>&) {}
  std::optional<Time> NextDeadline() { return std::nullopt; }
};
static_assert(!Engine<MutatingDeadline>);

class FakeHost {
 public:
  Time Now() const { return now_; }
  std::optional<Input> NextInput() {
    if (inbox_.empty()) {
      return std::nullopt;
    }
    Input in = std::move(inbox_.front());
    inbox_.pop_front();
    return in;
  }
  void Apply(const Effect& e) { applied_.push_back(e); }
  void WakeAt(std::optional<Time> t) { wake_ = t; }

  void set_now(Time t) { now_ = t; }
  void Deliver(Input in) { inbox_.push_back(std::move(in)); }
  std::vector<Effect> TakeApplied() { return std::exchange(applied_, {}); }
  std::optional<Time> wake() const { return wake_; }

 private:
  Time now_;
  std::deque<Input> inbox_;
  std::vector<Effect> applied_;
  std::optional<Time> wake_;
};
static_assert(PumpHost<FakeHost>);

PacketIn Packet(std::uint32_t ifindex, wire::Bytes bytes) {
  return PacketIn{.ifindex = IfIndex{ifindex},
                  .src = Ipv4{10, 0, 0, 9},
                  .dst = kSelf,
                  .ttl = 64,
                  .protocol = 17,
                  .bytes = std::move(bytes)};
}

SendPacket Echo(std::uint32_t ifindex, wire::Bytes bytes) {
  return SendPacket{.oif = IfIndex{ifindex},
                    .src = kSelf,
                    .dst = Ipv4{10, 0, 0, 9},
                    .ttl = 64,
                    .protocol = 17,
                    .payload = std::move(bytes)};
}

SendPacket Hello(std::uint32_t ifindex) {
  return SendPacket{.oif = IfIndex{ifindex}, .src = kSelf, .dst = kAllSystems};
}

TEST(Pump, HandlesInputsInOrderAndSchedulesNextWake) {
  EchoEngine engine;
  FakeHost host;
  host.set_now(T(100));
  host.Deliver(Packet(1, {1}));
  host.Deliver(Packet(2, {2}));
  Pump(engine, host);
  EXPECT_EQ(host.TakeApplied(), (Effects{Echo(1, {1}), Echo(2, {2})}));
  EXPECT_EQ(host.wake(), T(1100));
}

TEST(Pump, IdleEngineHasNoWake) {
  EchoEngine engine;
  FakeHost host;
  Pump(engine, host);
  EXPECT_TRUE(host.TakeApplied().empty());
  EXPECT_EQ(host.wake(), std::nullopt);
}

TEST(Pump, TimersFireAtTheirDeadlineInArmOrder) {
  EchoEngine engine;
  FakeHost host;
  host.Deliver(Packet(2, {1}));
  host.Deliver(Packet(1, {1}));
  Pump(engine, host);
  host.TakeApplied();
  host.set_now(*host.wake());
  Pump(engine, host);
  EXPECT_EQ(host.TakeApplied(), (Effects{Hello(2), Hello(1)}));  // tie: arm order, not ifindex
  EXPECT_EQ(host.wake(), T(2000));
}

TEST(Pump, DueTimersFireBeforeNewInputs) {
  EchoEngine engine;
  FakeHost host;
  host.Deliver(Packet(1, {1}));
  Pump(engine, host);
  host.TakeApplied();
  // The host wakes late: the hello was due at 1 s, a packet arrived at 1.5 s.
  host.set_now(T(1500));
  host.Deliver(Packet(1, {7}));
  Pump(engine, host);
  EXPECT_EQ(host.TakeApplied(), (Effects{Hello(1), Echo(1, {7})}));
  EXPECT_EQ(host.wake(), T(2500));
}

TEST(Pump, TimerArmedForNowFiresInTheSamePump) {
  EchoEngine engine;
  FakeHost host;
  host.set_now(T(3000));
  host.Deliver(Packet(4, {}));
  Pump(engine, host);
  EXPECT_EQ(host.TakeApplied(), (Effects{Echo(4, {}), Trace{T(3000), "echo", "ack on 4"}}));
}

TEST(Pump, LinkDownCancelsThatInterfacesTimers) {
  EchoEngine engine;
  FakeHost host;
  host.Deliver(Packet(1, {1}));
  host.Deliver(Packet(2, {1}));
  host.Deliver(LinkEvent{.ifindex = IfIndex{1}, .up = false});
  Pump(engine, host);
  host.TakeApplied();
  host.set_now(T(1000));
  Pump(engine, host);
  EXPECT_EQ(host.TakeApplied(), (Effects{Hello(2)}));
}

// DESIGN.md rule 3: the same inputs at the same times give the same effects.
TEST(Pump, SameInputsGiveSameEffects) {
  const auto run = [] {
    EchoEngine engine;
    FakeHost host;
    Effects all;
    for (std::int64_t ms = 0; ms < 5000; ms += 250) {
      host.set_now(T(ms));
      if (ms % 750 == 0) {
        host.Deliver(Packet(static_cast<std::uint32_t>(1 + ms % 3), {}));
      }
      Pump(engine, host);
      for (Effect& e : host.TakeApplied()) {
        all.push_back(std::move(e));
      }
    }
    return all;
  };
  const Effects first = run();
  EXPECT_GT(first.size(), 10u);
  EXPECT_EQ(first, run());
}

}  // namespace
}  // namespace mc::engine
