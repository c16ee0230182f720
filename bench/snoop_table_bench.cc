// The snooping engine's table (issue 5: updates/s and memory per entry at 100k entries).
// An update is one IGMPv2 report frame handled by the engine: a join creates a (VLAN, group)
// record and its MAC-keyed forwarding entry, a refresh re-arms an existing member's timer.
// Lookups are the bridge's per-data-frame query. Memory is the growth of the resident set while
// the entries are created, divided by their number. Groups are spread over 100 VLANs (1,000 per
// VLAN) so the per-VLAN limit is not what is measured. Run with the release preset
// (docs/performance.md).
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/rss.h"
#include "snoop/snoop_engine.h"
#include "wire/ethernet.h"
#include "wire/ip.h"

namespace {

using namespace mc;
using mc::bench::RssBytes;

constexpr std::uint16_t kVlans = 100;
const IfIndex kPort{1};
const IfIndex kRouterPort{2};

Ipv4 GroupOf(std::uint32_t i) { return Ipv4{0xE8000000u | (i * 37u % 0x07FFFFFFu)}; }

std::uint16_t VlanOf(std::uint32_t i) { return static_cast<std::uint16_t>(1 + i % kVlans); }

engine::PacketIn ReportFrame(std::uint32_t i) {
  const Ipv4 g = GroupOf(i);
  const wire::Bytes igmp = *wire::EncodeToBytes(wire::IgmpMessage{wire::IgmpV2Report{g}});
  wire::Ipv4Header ih;
  ih.ttl = 1;
  ih.protocol = wire::kProtoIgmp;
  ih.src = Ipv4{10, 0, 0, 9};
  ih.dst = g;
  ih.router_alert = true;
  const wire::Bytes ip = *wire::BuildIpv4(ih, igmp);
  engine::PacketIn p;
  p.layer = engine::Layer::kL2;
  p.ifindex = kPort;
  p.vlan = VlanOf(i);
  p.bytes = *wire::BuildEthernet(
      wire::EthernetHeader{Mac::ForGroup(g), Mac{{2, 0, 0, 0, 0, 9}}, {}, wire::kEtherTypeIpv4},
      ip);
  return p;
}

snoop::SnoopEngine MakeEngine(std::size_t entries) {
  snoop::SnoopOptions o;
  o.table_max = entries + 1;
  o.groups_per_vlan = entries + 1;
  snoop::SnoopEngine e(o, Rng(1));
  std::vector<engine::Effect> out;
  e.SetSettings(kTimeZero, snoop::SnoopSettings{}, out);
  snoop::PortSettings p;
  p.name = "Gi1/0/1";
  p.vlans = config::VlanSet::All();
  e.SetPort(kTimeZero, kPort, p, out);
  p.name = "Gi1/0/24";
  e.SetPort(kTimeZero, kRouterPort, p, out);
  return e;
}

std::vector<engine::PacketIn> Frames(std::uint32_t n) {
  std::vector<engine::PacketIn> v;
  v.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    v.push_back(ReportFrame(i));
  }
  return v;
}

// Joins: updates/s creating `entries` records, and resident bytes per record.
void BM_SnoopJoin(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const std::vector<engine::PacketIn> frames = Frames(n);
  double bytes_per_entry = 0;
  for (auto _ : state) {
    const double before = RssBytes();
    snoop::SnoopEngine e = MakeEngine(n);
    std::vector<engine::Effect> out;
    const Time now = kTimeZero + std::chrono::seconds{1};
    for (const engine::PacketIn& p : frames) {
      e.Handle(now, engine::Input{p}, out);
      out.clear();
    }
    bytes_per_entry = (RssBytes() - before) / n;
    benchmark::DoNotOptimize(e);
  }
  state.counters["updates/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
  state.counters["bytes/entry"] = bytes_per_entry;
}

// Refreshes of existing members (a query's worth of reports), at `entries` records.
void BM_SnoopRefresh(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const std::vector<engine::PacketIn> frames = Frames(n);
  snoop::SnoopEngine e = MakeEngine(n);
  std::vector<engine::Effect> out;
  Time now = kTimeZero + std::chrono::seconds{1};
  for (const engine::PacketIn& p : frames) {
    e.Handle(now, engine::Input{p}, out);
    out.clear();
  }
  std::size_t k = 0;
  for (auto _ : state) {
    now += std::chrono::microseconds{1};
    e.Handle(now, engine::Input{frames[k]}, out);
    out.clear();
    k = (k + 1) % frames.size();
  }
  state.counters["updates/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// The bridge's per-frame query against a table of `entries` records.
void BM_SnoopLookup(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  snoop::SnoopEngine e = MakeEngine(n);
  std::vector<engine::Effect> out;
  for (const engine::PacketIn& p : Frames(n)) {
    e.Handle(kTimeZero, engine::Input{p}, out);
    out.clear();
  }
  std::uint32_t k = 0;
  for (auto _ : state) {
    const Ipv4 g = GroupOf(k);
    benchmark::DoNotOptimize(e.Lookup(VlanOf(k), Mac::ForGroup(g), g, kRouterPort));
    k = (k + 1) % n;
  }
  state.counters["lookups/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_SnoopJoin)->Arg(10'000)->Arg(100'000)->Iterations(1);
BENCHMARK(BM_SnoopRefresh)->Arg(100'000);
BENCHMARK(BM_SnoopLookup)->Arg(100'000);

}  // namespace

BENCHMARK_MAIN();
