// The IGMP router engine's throughput and memory (the IGMP issue: >= 1 million group records
// processed per second per core; memory per group with 10k and 100k groups on one interface).
// Records are IGMPv3 IS_EX({}) refreshes of existing groups (the steady state of a busy LAN)
// and joins of new groups; memory is the growth of the process's resident set while the groups
// are created, divided by their number. Run with the release preset (docs/performance.md).
#include <benchmark/benchmark.h>

#include <string>

#include "bench/rss.h"
#include "igmp/igmp_router.h"

namespace {

using namespace mc;
using mc::bench::RssBytes;

const IfIndex kIf{1};

engine::PacketIn Report(std::uint32_t first_group, int records) {
  wire::IgmpV3Report r;
  for (int i = 0; i < records; ++i) {
    r.records.push_back({wire::IgmpRecordType::kModeIsExclude,
                         Ipv4{0xEF000000u | (first_group + static_cast<std::uint32_t>(i))},
                         {},
                         {}});
  }
  engine::PacketIn p;
  p.ifindex = kIf;
  p.src = Ipv4{10, 0, 0, 10};
  p.dst = Ipv4{224, 0, 0, 22};
  p.ttl = 1;
  p.protocol = 2;
  p.router_alert = true;
  p.bytes = *wire::EncodeToBytes(wire::IgmpMessage{r});
  return p;
}

igmp::RouterEngine MakeRouter(std::size_t groups) {
  igmp::RouterEngineOptions opts;
  opts.limits.groups_per_interface = groups + 1;
  igmp::RouterEngine r(opts, Rng(1));
  igmp::RouterIfConfig cfg;
  cfg.version = 3;
  std::vector<engine::Effect> out;
  r.SetInterface(kTimeZero, kIf, engine::IfAddress{Ipv4{10, 0, 0, 1}, 16}, true, cfg, out);
  return r;
}

// Records per second refreshing `groups` existing groups, 100 records per report.
void BM_RouterRefreshRecords(benchmark::State& state) {
  const auto groups = static_cast<std::uint32_t>(state.range(0));
  igmp::RouterEngine r = MakeRouter(groups);
  std::vector<engine::PacketIn> reports;
  for (std::uint32_t g = 0; g < groups; g += 100) {
    reports.push_back(Report(g, 100));
  }
  std::vector<engine::Effect> out;
  Time now = kTimeZero + std::chrono::seconds{1};
  for (const engine::PacketIn& p : reports) {
    r.Handle(now, p, out);
  }
  std::size_t k = 0;
  std::int64_t records = 0;
  for (auto _ : state) {
    out.clear();
    now += std::chrono::microseconds{1};
    r.Handle(now, reports[k], out);
    k = (k + 1) % reports.size();
    records += 100;
  }
  state.counters["records/s"] =
      benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

// Creating groups: records/s for joins, and resident memory per group once they exist.
void BM_RouterJoinGroups(benchmark::State& state) {
  const auto groups = static_cast<std::uint32_t>(state.range(0));
  std::vector<engine::PacketIn> reports;
  for (std::uint32_t g = 0; g < groups; g += 100) {
    reports.push_back(Report(g, 100));
  }
  double bytes_per_group = 0;
  for (auto _ : state) {
    const double before = RssBytes();
    igmp::RouterEngine r = MakeRouter(groups);
    std::vector<engine::Effect> out;
    const Time now = kTimeZero + std::chrono::seconds{1};
    for (const engine::PacketIn& p : reports) {
      r.Handle(now, p, out);
      out.clear();
    }
    bytes_per_group = (RssBytes() - before) / groups;
    benchmark::DoNotOptimize(r);
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * groups,
                                                   benchmark::Counter::kIsRate);
  state.counters["bytes/group"] = bytes_per_group;
}
// Joins first: they measure memory, which pages freed by an earlier benchmark would hide.
BENCHMARK(BM_RouterJoinGroups)->Arg(10'000)->Arg(100'000)->Iterations(1);
BENCHMARK(BM_RouterRefreshRecords)->Arg(10'000)->Arg(100'000);

}  // namespace

BENCHMARK_MAIN();
