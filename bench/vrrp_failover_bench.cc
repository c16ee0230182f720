// VRRP failover time in virtual time (issue 5: "VRRP failover time in virtual time for 1 s and
// 10 ms adverts (matches 3 x adv + skew exactly)"), plus the wall-clock cost of simulating it.
// Two VRRPv3 engines share one LAN: R1 (priority 110) is master, R2 (priority 100) backup. The
// loop delivers each advert to the other engine at the instant it is sent and advances both
// engines from deadline to deadline. After 100 intervals R1 dies silently (power off: no
// priority-0 advert); R2 must become master exactly Master_Down_Interval = 3 x interval +
// (256 - 100) x interval / 256 after R1's last advert. The counters report that time, the
// expected value and their difference (0 means exact). A second case shuts R1 down gracefully
// (priority-0 advert), where R2 takes over after Skew_Time alone.
// Run with the release preset (docs/performance.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <optional>

#include "vrrp/vrrp_engine.h"

namespace {

using namespace mc;

const IfIndex kIf{1};
const Ipv4 kR1{10, 0, 0, 1};
const Ipv4 kR2{10, 0, 0, 2};
const Ipv4 kVip{10, 0, 0, 254};

vrrp::GroupParams Params(std::uint8_t priority, Duration interval) {
  vrrp::GroupParams p;
  p.vrid = 1;
  p.version = 3;
  p.addresses = {kVip};
  p.priority = priority;
  p.advertisement_interval = interval;
  return p;
}

struct Node {
  vrrp::VrrpEngine engine{vrrp::VrrpEngineOptions{}, Rng(1)};
  Ipv4 address;
  bool alive = true;
};

struct Outcome {
  Time last_advert_from_r1;  // the last advert R2 received from R1
  Time r1_gone;              // when R1 died or shut down
  Time r2_master;            // when R2 became master
};

// Delivers `out`'s adverts to `to`; remembers when R2 last heard R1.
void Deliver(Time now, const std::vector<engine::Effect>& out, Node& to, bool to_is_r2,
             Outcome& o) {
  std::vector<engine::Effect> ignored;
  for (const engine::Effect& e : out) {
    const auto* s = std::get_if<engine::SendPacket>(&e);
    if (s == nullptr || !to.alive) {
      continue;
    }
    engine::PacketIn p;
    p.ifindex = kIf;
    p.src = s->src;
    p.dst = s->dst;
    p.ttl = s->ttl;
    p.protocol = s->protocol;
    p.bytes = s->payload;
    if (to_is_r2) {
      o.last_advert_from_r1 = now;
    }
    to.engine.Handle(now, p, ignored);
  }
}

bool IsMaster(const Node& n) {
  return n.engine.Snap().interfaces.at(0).groups.at(0).state == vrrp::VrrpState::kMaster;
}

// One failover: returns the times that matter.
Outcome RunFailover(Duration interval, bool graceful) {
  Node r1;
  Node r2;
  r1.address = kR1;
  r2.address = kR2;
  Outcome o{};
  std::vector<engine::Effect> out;
  r1.engine.SetInterface(kTimeZero, kIf, {kR1, 24}, true, {Params(110, interval)}, out);
  r2.engine.SetInterface(kTimeZero, kIf, {kR2, 24}, true, {Params(100, interval)}, out);
  out.clear();
  const Time kill_at = kTimeZero + 100 * interval;
  Time now = kTimeZero;
  while (true) {
    std::optional<Time> next = r2.engine.NextDeadline();
    if (r1.alive) {
      const std::optional<Time> n1 = r1.engine.NextDeadline();
      next = next && n1 ? std::min(*next, *n1) : (next ? next : n1);
      if (next && *next > kill_at) {
        next = kill_at;
      }
    }
    now = *next;
    if (r1.alive && now == kill_at) {
      o.r1_gone = now;
      if (graceful) {  // `vrrp 1 shutdown`: the priority-0 advert goes out
        vrrp::GroupParams p = Params(110, interval);
        p.shutdown = true;
        r1.engine.SetInterface(now, kIf, {kR1, 24}, true, {p}, out);
        Deliver(now, out, r2, true, o);
        out.clear();
      }
      r1.alive = false;
    }
    if (r1.alive) {
      r1.engine.AdvanceTo(now, out);
      Deliver(now, out, r2, true, o);
      out.clear();
    }
    r2.engine.AdvanceTo(now, out);
    Deliver(now, out, r1, false, o);
    out.clear();
    if (!r1.alive && IsMaster(r2)) {
      o.r2_master = now;
      return o;
    }
  }
}

double Ms(Duration d) { return static_cast<double>(d.count()) / 1e6; }

void BM_VrrpFailover(benchmark::State& state) {
  const Duration interval = std::chrono::milliseconds{state.range(0)};
  const bool graceful = state.range(1) != 0;
  Outcome o{};
  for (auto _ : state) {
    o = RunFailover(interval, graceful);
    benchmark::DoNotOptimize(o);
  }
  // Power-off: Master_Down_Interval after the last advert. Graceful: Skew_Time after the
  // priority-0 advert (RFC 5798 §6.4.2).
  const Duration expected =
      graceful ? vrrp::SkewTime(3, 100, interval) : vrrp::MasterDownInterval(3, 100, interval);
  const Duration measured = o.r2_master - o.last_advert_from_r1;
  state.counters["failover_ms"] = Ms(measured);
  state.counters["expected_ms"] = Ms(expected);
  state.counters["error_ns"] = static_cast<double>((measured - expected).count());
  state.counters["outage_ms"] = Ms(o.r2_master - o.r1_gone);
}
BENCHMARK(BM_VrrpFailover)
    ->ArgNames({"adv_ms", "graceful"})
    ->Args({1000, 0})
    ->Args({10, 0})
    ->Args({1000, 1})
    ->Args({10, 1});

}  // namespace

BENCHMARK_MAIN();
