// Event rate of the emulator's scheduler in steady state (the "hold" model): with N events
// pending, each iteration pops the earliest and schedules one new event a random delay after
// it, so the queue stays at N. Targets: >= 10M events/s at 10k pending, >= 3M/s at 1M pending,
// one core, release preset. The event is a 16-byte (node, kind, frame handle) struct.
// Counters report events/s (one pop plus one schedule per event).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "base/rng.h"
#include "sim/scheduler.h"

namespace {

using namespace mc;
using namespace mc::sim;

struct BenchEvent {
  std::uint32_t node;
  std::uint32_t kind;
  std::uint64_t handle;
};

// Precomputed delays, so the loop measures the scheduler rather than the generator.
std::vector<Duration> Delays(Duration max, std::size_t n, std::uint64_t seed) {
  Rng rng{seed};
  std::vector<Duration> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(Duration{1} + rng.UpTo(max));
  }
  return out;
}

// The hold model: `pending` events in flight; each iteration pops the next and schedules it
// again one delay later.
void RunHold(benchmark::State& state, const std::vector<Duration>& delays) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  Scheduler<BenchEvent> s;
  s.Reserve(pending);
  for (std::size_t i = 0; i < pending; ++i) {
    s.Schedule(kTimeZero + delays[i % delays.size()],
               BenchEvent{static_cast<std::uint32_t>(i), 0, i});
  }
  std::size_t k = 0;
  for (auto _ : state) {
    std::optional<FiredEvent<BenchEvent>> f = s.PopNext();
    benchmark::DoNotOptimize(f);
    s.Schedule(f->time + delays[k++ & 0xFFFF], f->event);
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Uniform delays up to 1 s: new events land anywhere in the pending range.
void BM_HoldUniform(benchmark::State& state) {
  RunHold(state, Delays(std::chrono::seconds{1}, 1 << 16, 1));
}
BENCHMARK(BM_HoldUniform)->Arg(10'000)->Arg(1'000'000);

// The emulator's mix: 90 % frame deliveries 0.1 ms ahead (link delay), 10 % protocol timers
// 1..60 s ahead.
void BM_HoldLabMix(benchmark::State& state) {
  Rng rng{2};
  std::vector<Duration> delays;
  for (std::size_t i = 0; i < (1 << 16); ++i) {
    delays.push_back(rng.Below(10) == 0
                         ? std::chrono::seconds{1} + rng.UpTo(std::chrono::seconds{59})
                         : std::chrono::microseconds{100});
  }
  RunHold(state, delays);
}
BENCHMARK(BM_HoldLabMix)->Arg(10'000)->Arg(1'000'000);

// Timer re-arming: each iteration schedules two events and cancels the older of them before
// popping one, so half of everything scheduled is cancelled (lazy deletion + compaction).
void BM_HoldWithCancel(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<Duration> delays = Delays(std::chrono::seconds{1}, 1 << 16, 3);
  Scheduler<BenchEvent> s;
  for (std::size_t i = 0; i < pending; ++i) {
    s.Schedule(kTimeZero + delays[i % delays.size()], BenchEvent{0, 0, i});
  }
  std::size_t k = 0;
  for (auto _ : state) {
    std::optional<FiredEvent<BenchEvent>> f = s.PopNext();
    benchmark::DoNotOptimize(f);
    const EventId doomed = s.Schedule(f->time + delays[k++ & 0xFFFF], f->event);
    s.Schedule(f->time + delays[k++ & 0xFFFF], f->event);
    s.Cancel(doomed);
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HoldWithCancel)->Arg(10'000)->Arg(1'000'000);

}  // namespace

BENCHMARK_MAIN();
