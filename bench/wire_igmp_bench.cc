// Decode/encode rates of IGMPv3 reports with many group records (issue: >= 5M group records
// decoded per second per core). Counters report records/s; run with the release preset.
#include <benchmark/benchmark.h>

#include "wire/igmp.h"

namespace {

using namespace mc;
using namespace mc::wire;

IgmpV3Report MakeReport(int records, int sources) {
  IgmpV3Report r;
  for (int i = 0; i < records; ++i) {
    IgmpGroupRecord rec{
        IgmpRecordType::kModeIsInclude, Ipv4{0xE8000000u | static_cast<std::uint32_t>(i)}, {}, {}};
    for (int s = 0; s < sources; ++s) {
      rec.sources.push_back(Ipv4{0x0A000000u | static_cast<std::uint32_t>(s)});
    }
    r.records.push_back(std::move(rec));
  }
  return r;
}

void BM_DecodeIgmpV3Report(benchmark::State& state) {
  const int records = static_cast<int>(state.range(0));
  const int sources = static_cast<int>(state.range(1));
  const Bytes wire = *EncodeToBytes(IgmpMessage{MakeReport(records, sources)});
  for (auto _ : state) {
    Result<IgmpMessage, DecodeError> m = DecodeIgmp(wire);
    benchmark::DoNotOptimize(m);
  }
  state.counters["records/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * records, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(wire.size()));
}
BENCHMARK(BM_DecodeIgmpV3Report)->Args({100, 0})->Args({100, 4})->Args({1000, 0})->Args({20, 64});

void BM_EncodeIgmpV3Report(benchmark::State& state) {
  const int records = static_cast<int>(state.range(0));
  const IgmpMessage msg{MakeReport(records, static_cast<int>(state.range(1)))};
  Bytes out(EncodedSize(msg));
  for (auto _ : state) {
    Result<std::size_t, EncodeError> n = Encode(msg, out);
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["records/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * records, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EncodeIgmpV3Report)->Args({100, 0})->Args({100, 4})->Args({1000, 0});

}  // namespace

BENCHMARK_MAIN();
