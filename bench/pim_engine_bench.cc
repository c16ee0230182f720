// The PIM engine's Join/Prune throughput and memory (issue 6: >= 2 million J/P entries processed
// per second per core; <= 256 bytes per (S,G) entry). A transit router: a downstream neighbor on
// if1 sends Join(S,G) messages packed as on the wire (10 groups x 17 sources = 170 entries per
// message); each new entry gets downstream state with its Expiry Timer, upstream Joined state
// with its Join Timer toward the source's RPF neighbor on if3, and an installed forwarding
// entry. Refresh measures the steady state (periodic joins for existing entries); creation
// measures new entries and the resident-set growth per entry. Run with the release preset
// (docs/performance.md).
#include <benchmark/benchmark.h>

#include "bench/rss.h"
#include "pim/pim_engine.h"
#include "wire/ip.h"

namespace {

using namespace mc;
using mc::bench::RssBytes;
using std::chrono::seconds;

const IfIndex kDown{1};
const IfIndex kUp{3};
const Ipv4 kMe{10, 0, 1, 1};
const Ipv4 kNbr{10, 0, 1, 2};
constexpr std::uint32_t kGroupsPerMsg = 10;
constexpr std::uint32_t kSourcesPerGroup = 17;
constexpr std::uint32_t kEntriesPerMsg = kGroupsPerMsg * kSourcesPerGroup;

engine::PacketIn Pim(IfIndex ifx, Ipv4 src, const wire::PimMessage& m) {
  engine::PacketIn p;
  p.ifindex = ifx;
  p.src = src;
  p.dst = kAllPimRouters;
  p.ttl = 1;
  p.protocol = wire::kProtoPim;
  p.bytes = *wire::EncodeToBytes(m);
  return p;
}

// Message k joins groups 232.k/..., sources 10.5.x.y: entries k*170 .. k*170+169.
engine::PacketIn JoinMessage(std::uint32_t k) {
  wire::PimJoinPrune jp{.upstream_neighbor = kMe, .holdtime_s = 210};
  for (std::uint32_t g = 0; g < kGroupsPerMsg; ++g) {
    const std::uint32_t gi = k * kGroupsPerMsg + g;
    wire::PimJoinPruneGroup grp{.group = {.group = Ipv4{0xE8000000u | gi}}};
    for (std::uint32_t s = 0; s < kSourcesPerGroup; ++s) {
      grp.joins.push_back({.source = Ipv4{0x0A050000u | (s + 1)}, .mask_len = 32, .sparse = true});
    }
    jp.groups.push_back(std::move(grp));
  }
  return Pim(kDown, kNbr, jp);
}

std::unique_ptr<pim::PimEngine> MakeRouter(std::size_t entries) {
  pim::PimEngineOptions o;
  o.limits.sg_entries = entries + 1;
  auto r = std::make_unique<pim::PimEngine>(o, Rng(1));
  std::vector<engine::Effect> out;
  pim::PimGlobalSettings g;
  g.ssm.enabled = true;  // 232/8: (S,G) state only, as a transit SSM router keeps
  r->Configure(kTimeZero, g, out);
  r->SetInterface(kTimeZero, kDown, {kMe, 24}, true, {}, out);
  r->SetInterface(kTimeZero, kUp, {Ipv4{10, 0, 3, 1}, 24}, true, {}, out);
  r->Handle(kTimeZero,
            engine::RouteEvent{Prefix::Make(Ipv4{10, 5, 0, 0}, 16), Ipv4{10, 0, 3, 2}, kUp, 110, 10,
                               false},
            out);
  wire::PimHello h{.holdtime_s = 0xFFFF, .dr_priority = 1, .generation_id = 1};
  r->Handle(kTimeZero, Pim(kDown, kNbr, h), out);
  r->Handle(kTimeZero, Pim(kUp, Ipv4{10, 0, 3, 2}, h), out);
  return r;
}

void BM_JoinPruneRefresh(benchmark::State& state) {
  const auto entries = static_cast<std::uint32_t>(state.range(0));
  auto r = MakeRouter(entries);
  std::vector<engine::PacketIn> msgs;
  for (std::uint32_t k = 0; k < entries / kEntriesPerMsg; ++k) {
    msgs.push_back(JoinMessage(k));
  }
  std::vector<engine::Effect> out;
  Time now = kTimeZero + seconds{1};
  for (const auto& m : msgs) {
    r->Handle(now, m, out);
    out.clear();
  }
  std::size_t k = 0;
  std::int64_t done = 0;
  for (auto _ : state) {
    now += std::chrono::microseconds{1};
    r->Handle(now, msgs[k], out);
    out.clear();
    k = (k + 1) % msgs.size();
    done += kEntriesPerMsg;
  }
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}

void BM_JoinNewEntries(benchmark::State& state) {
  const auto entries = static_cast<std::uint32_t>(state.range(0));
  std::vector<engine::PacketIn> msgs;
  for (std::uint32_t k = 0; k < entries / kEntriesPerMsg; ++k) {
    msgs.push_back(JoinMessage(k));
  }
  double bytes_per_entry = 0;
  std::size_t created = 0;
  for (auto _ : state) {
    const double before = RssBytes();
    auto r = MakeRouter(entries);
    std::vector<engine::Effect> out;
    const Time now = kTimeZero + seconds{1};
    for (const auto& m : msgs) {
      r->Handle(now, m, out);
      out.clear();
    }
    created = r->entry_count();
    bytes_per_entry = (RssBytes() - before) / static_cast<double>(created);
    benchmark::DoNotOptimize(r);
  }
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(created),
                         benchmark::Counter::kIsRate);
  state.counters["bytes/entry"] = bytes_per_entry;
}
BENCHMARK(BM_JoinNewEntries)->Arg(10'200)->Arg(102'000)->Iterations(1);
BENCHMARK(BM_JoinPruneRefresh)->Arg(10'200)->Arg(102'000);

}  // namespace

BENCHMARK_MAIN();
