// Decode/encode rates of PIM Join/Prune messages with many groups and sources (issue target:
// >= 5M group records decoded per second per core). Counters: groups/s and entries/s (each
// joined or pruned source is one entry). Run with the release preset.
#include <benchmark/benchmark.h>

#include "wire/pim.h"

namespace {

using namespace mc;
using namespace mc::wire;

PimJoinPrune MakeJoinPrune(int groups, int sources) {
  PimJoinPrune jp{.upstream_neighbor = Ipv4{10, 0, 12, 1}, .holdtime_s = 210};
  for (int g = 0; g < groups; ++g) {
    PimJoinPruneGroup grp{.group = {.group = Ipv4{0xEF000000u | static_cast<std::uint32_t>(g)}}};
    for (int s = 0; s < sources; ++s) {
      grp.joins.push_back(
          {.source = Ipv4{0x0A000000u | static_cast<std::uint32_t>(s)}, .sparse = true});
    }
    if (sources == 0) {
      grp.joins.push_back(
          {.source = Ipv4{1, 1, 1, 1}, .sparse = true, .wildcard = true, .rpt = true});
    }
    jp.groups.push_back(std::move(grp));
  }
  return jp;
}

void SetRates(benchmark::State& state, int groups, int entries) {
  const auto it = static_cast<double>(state.iterations());
  state.counters["groups/s"] = benchmark::Counter(it * groups, benchmark::Counter::kIsRate);
  state.counters["entries/s"] = benchmark::Counter(it * entries, benchmark::Counter::kIsRate);
}

void BM_DecodePimJoinPrune(benchmark::State& state) {
  const int groups = static_cast<int>(state.range(0));
  const int sources = static_cast<int>(state.range(1));
  const Bytes wire = *EncodeToBytes(PimMessage{MakeJoinPrune(groups, sources)});
  for (auto _ : state) {
    Result<PimMessage, DecodeError> m = DecodePim(wire);
    benchmark::DoNotOptimize(m);
  }
  SetRates(state, groups, groups * std::max(sources, 1));
}
// 100 (*,G) joins; 50 groups x 8 sources; 1 group x 1000 sources; 1000 (*,G) (jumbo).
BENCHMARK(BM_DecodePimJoinPrune)->Args({100, 0})->Args({50, 8})->Args({1, 1000})->Args({1000, 0});

void BM_EncodePimJoinPrune(benchmark::State& state) {
  const int groups = static_cast<int>(state.range(0));
  const int sources = static_cast<int>(state.range(1));
  const PimMessage msg{MakeJoinPrune(groups, sources)};
  Bytes out(EncodedSize(msg));
  for (auto _ : state) {
    Result<std::size_t, EncodeError> n = Encode(msg, out);
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(out.data());
  }
  SetRates(state, groups, groups * std::max(sources, 1));
}
BENCHMARK(BM_EncodePimJoinPrune)->Args({100, 0})->Args({50, 8})->Args({1, 1000});

}  // namespace

BENCHMARK_MAIN();
