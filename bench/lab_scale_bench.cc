// Scale of the emulator as a whole (issue 3, "a 1,000-switch/router lab's wall time and peak
// memory per simulated second"): generates lab folders (LAB-FORMAT.md §1-§4) in a fresh
// temporary directory and runs them through LoadLab + RunLab (quiet), as `mcast lab run` does.
//
// Labs, each in a 100-node and a 1,000-node size:
//  - BM_RouterMesh/N: N routers on a ring with two sets of chords (i -> i+k1, i -> i+k2), every
//    link a routed /30, a Loopback0 on each router, and static routes that forward greedily over
//    the longest chord that does not overshoot (each router owns a /28 block of addresses, so a
//    circular range of routers is a handful of prefixes). Unicast only. The scenario pings
//    loopbacks across the network at 5, 20, 35 and 50 s and ends at 60 s of virtual time.
//  - BM_PimMesh/N/G (issue 6: "a 1,000-router emulated topology with 10,000 groups converging"):
//    the same mesh running PIM-SM with a static RP, a source behind R0000 sending three packets
//    to each of G groups, and a receiver host behind every other router; every member must get
//    all three packets of its groups.
//  - BM_PimConverge/N/G: the same lab stopped as soon as every member has its first packet
//    (5 ms of virtual time after the source starts): the time to converge.
//  - BM_SwitchTrees/N: 10 VLAN trees of N/10 access switches (N + 2 switches in all) under two core
//    switches; every tree switch below the top pair has two trunk uplinks, so rapid spanning
//    tree blocks one of each; one host per access switch; the first core switch routes between
//    the VLANs through its SVIs. Pings inside and between VLANs at the same times, end at 60 s.
// Every ping is an `expect ... contains "Success rate is 100 percent"`, so a broken lab is
// reported as an error rather than timed.
//
// Each case runs once and reports, as counters: simulated seconds; the wall time of LoadLab, of
// the full RunLab (run_s, also the reported time) and of RunLab stopped at virtual time 0
// (build_boot_s: build, boot and teardown of the network); wall and CPU seconds per simulated
// second of the simulation alone (the full run less build_boot); the size of the lab (nodes,
// links, lines of startup config, expectations passed); and peak RSS (getrusage ru_maxrss)
// with its growth across the case. Peak RSS is per process: run one case per process
// (--benchmark_filter) to see each lab's own peak. Frames delivered are not reported:
// RunLab's LabResult does not expose the network's counters.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/ipv4.h"
#include "sim/emu/lab_runner.h"

namespace {

using namespace mc;
using namespace mc::sim;

// The scenario's last line: a show command, which completes at once, so the run covers exactly
// this much virtual time.
constexpr int kSimSeconds = 60;
// BM_PimConverge's end: the first packets leave the source at 5 s and need up to ~40 hops of
// 100 us (the default link delay) plus the RP's decapsulation; every member has its first
// packet at 5.005 s (at 1,000 routers; measured, and a member without data fails the case).
constexpr double kConvergedAt = 5.005;
constexpr int kPingTimes[] = {5, 20, 35, 50};

// A lab as file name -> contents, plus what the benchmark needs to know about it.
struct GeneratedLab {
  std::map<std::string, std::string> files;
  int nodes = 0;
  int links = 0;
  // Virtual time the scenario covers (its last line's time).
  double sim_seconds = kSimSeconds;
  // Lines of all startup configs together (what LoadLab parses besides topology.yml).
  int ConfigLines() const {
    int lines = 0;
    for (const auto& [name, text] : files) {
      if (name.ends_with(".cfg")) {
        lines += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
      }
    }
    return lines;
  }
};

// ---- the router mesh ------------------------------------------------------------------------

// Router i owns the /28 at 10.0.0.0 + 16 i: .1 is Loopback0, and the /30s at +4, +8 and +12 are
// its outgoing ring, short-chord and long-chord links (it takes the first host address, the
// next router the second).
Ipv4 Block(int i) { return Ipv4{(10U << 24) + static_cast<std::uint32_t>(i) * 16U}; }
Ipv4 Plus(Ipv4 a, std::uint32_t n) { return Ipv4{a.value() + n}; }

std::string Mask(int len) {
  const std::uint32_t m = len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
  return fmt::format("{}", Ipv4{m});
}

// `ip route` lines sending the routers [lo, hi] (not wrapping) to `next_hop`, as the fewest
// aligned prefixes over their blocks.
void RoutesFor(int lo, int hi, Ipv4 next_hop, std::string& out) {
  while (lo <= hi) {
    int size = 1;
    while (lo % (size * 2) == 0 && lo + size * 2 - 1 <= hi) {
      size *= 2;
    }
    const int len = 28 - std::countr_zero(static_cast<unsigned>(size));
    out += fmt::format("ip route {} {} {}\n", Block(lo), Mask(len), next_hop);
    lo += size;
  }
}

// Routers at clockwise distances [d_lo, d_hi] from router i, split where the ring wraps.
void RoutesForDistances(int n, int i, int d_lo, int d_hi, Ipv4 next_hop, std::string& out) {
  const int lo = (i + d_lo) % n;
  const int hi = (i + d_hi) % n;
  if (lo <= hi) {
    RoutesFor(lo, hi, next_hop, out);
  } else {
    RoutesFor(lo, n - 1, next_hop, out);
    RoutesFor(0, hi, next_hop, out);
  }
}

GeneratedLab RouterMesh(int n) {
  // Short chords of about sqrt(n), long chords of a quarter of the ring: at most
  // 3 + k2/k1 + k1 hops between any two routers.
  const int k1 = n >= 1000 ? 32 : 10;
  const int k2 = n / 4;
  const auto name = [](int i) { return fmt::format("R{:04}", i); };
  const auto wrap = [n](int i) { return ((i % n) + n) % n; };
  GeneratedLab lab;
  lab.nodes = n;
  std::string topo = fmt::format("name: router-mesh-{}\ntopology:\n  nodes:\n", n);
  for (int i = 0; i < n; ++i) {
    topo += fmt::format("    {0}: {{ kind: router, startup-config: {0}.cfg }}\n", name(i));
  }
  topo += "  links:\n";
  // Outgoing ports Gi0/0, Gi0/2, Gi0/4; the matching incoming ports Gi0/1, Gi0/3, Gi0/5.
  const int steps[] = {1, k1, k2};
  for (int i = 0; i < n; ++i) {
    for (int s = 0; s < 3; ++s) {
      topo += fmt::format("    - endpoints: [\"{}:Gi0/{}\", \"{}:Gi0/{}\"]\n", name(i), 2 * s,
                          name(wrap(i + steps[s])), 2 * s + 1);
      ++lab.links;
    }
  }
  lab.files["topology.yml"] = topo;
  const std::string mask30 = Mask(30);
  for (int i = 0; i < n; ++i) {
    std::string cfg = fmt::format("hostname {}\ninterface Loopback0\n ip address {} {}\n", name(i),
                                  Plus(Block(i), 1), Mask(32));
    for (int s = 0; s < 3; ++s) {
      const auto off = static_cast<std::uint32_t>(4 * (s + 1));
      cfg += fmt::format("interface GigabitEthernet0/{}\n ip address {} {}\n", 2 * s,
                         Plus(Block(i), off + 1), mask30);
      cfg += fmt::format("interface GigabitEthernet0/{}\n ip address {} {}\n", 2 * s + 1,
                         Plus(Block(wrap(i - steps[s])), off + 2), mask30);
    }
    // Distances [1, k1) over the ring, [k1, k2) over the short chord, [k2, n) over the long.
    RoutesForDistances(n, i, 1, k1 - 1, Plus(Block(i), 6), cfg);
    RoutesForDistances(n, i, k1, k2 - 1, Plus(Block(i), 10), cfg);
    RoutesForDistances(n, i, k2, n - 1, Plus(Block(i), 14), cfg);
    lab.files[name(i) + ".cfg"] = cfg;
  }
  // Pings over distances that exercise each kind of hop, the farthest included.
  const int distances[] = {1, k1 - 1, k1, k2 - 1, k2, n / 2, n / 2 + k1 + 3, n - 1};
  std::string sc = "# Generated by bench/lab_scale_bench.cc: loopback pings across the mesh.\n";
  for (std::size_t t = 0; t < std::size(kPingTimes); ++t) {
    for (std::size_t m = 0; m < std::size(distances); ++m) {
      const int src = wrap(static_cast<int>(t * 97 + m * 131));
      const int dst = wrap(src + distances[m]);
      sc += fmt::format("at {}s expect {} \"ping {}\" contains \"Success rate is 100 percent\"\n",
                        kPingTimes[t], name(src), Plus(Block(dst), 1));
    }
  }
  sc += fmt::format("at {}s {}: show ip interface brief\n", kSimSeconds, name(0));
  lab.files["scenario.txt"] = sc;
  return lab;
}

// ---- PIM-SM over the router mesh ----------------------------------------------------------

// The mesh's next hop from router i toward router `dst` (the same greedy choice as its routes).
Ipv4 NextHopToward(int n, int k1, int k2, int i, int dst) {
  const int d = ((dst - i) % n + n) % n;
  const std::uint32_t off = d < k1 ? 6 : d < k2 ? 10 : 14;
  return Plus(Block(i), off);
}

// The router mesh with multicast: PIM sparse mode on every interface, R0000's Loopback0 the
// static RP, a source host on R0000 (192.168.0.10) sending to `groups` groups 239.1.0.0 + g,
// and one receiver host behind every other router, each joining its share of the groups
// (group g has one member, on router 1 + g mod (n-1)). The scenario joins at 1 s, sends three
// packets per group at 5, 6 and 7 s, and expects every member to have received every group by
// 30 s: converged means the first packet went down the RPT (registers, RP (S,G) joins) and the
// others followed the shortest-path trees the last-hop routers switched to.
// With `converge`, the same lab stops at kConvergedAt, 5 ms of virtual time after the first
// packets left the source, with `received G >= 1` for every member there: the time until every
// receiver has data (issue 6, "converging"), without the idle minute after it.
GeneratedLab PimMesh(int n, int groups, bool converge) {
  GeneratedLab lab = RouterMesh(n);
  const int k1 = n >= 1000 ? 32 : 10;
  const int k2 = n / 4;
  const auto name = [](int i) { return fmt::format("R{:04}", i); };
  const auto host = [](int i) { return fmt::format("H{:04}", i); };
  const Ipv4 rp = Plus(Block(0), 1);
  std::string& topo = lab.files["topology.yml"];
  const std::size_t links_at = topo.find("  links:\n");
  std::string hosts = "    HS: { kind: host, startup-config: HS.cfg }\n";
  std::string links = "    - endpoints: [\"HS:eth0\", \"R0000:Gi0/6\"]\n";
  for (int i = 1; i < n; ++i) {
    hosts += fmt::format("    {0}: {{ kind: host, startup-config: {0}.cfg }}\n", host(i));
    links += fmt::format("    - endpoints: [\"{}:eth0\", \"{}:Gi0/7\"]\n", host(i), name(i));
  }
  topo.insert(links_at, hosts);
  topo += links;
  lab.nodes += n;
  lab.links += n;
  lab.files["HS.cfg"] =
      "hostname HS\ninterface eth0\n ip address 192.168.0.10 255.255.255.0\n"
      "ip default-gateway 192.168.0.1\n";
  for (int i = 0; i < n; ++i) {
    std::string& cfg = lab.files[name(i) + ".cfg"];
    std::string pim = "ip multicast-routing\n";
    for (int p = 0; p < 6; ++p) {
      pim += fmt::format("interface GigabitEthernet0/{}\n ip pim sparse-mode\n", p);
    }
    pim += "interface Loopback0\n ip pim sparse-mode\n";
    if (i == 0) {
      pim +=
          "interface GigabitEthernet0/6\n ip address 192.168.0.1 255.255.255.0\n"
          " ip pim sparse-mode\n";
    } else {
      const Ipv4 lan{(172U << 24) + (16U << 16) + 4U * static_cast<std::uint32_t>(i)};
      pim += fmt::format("interface GigabitEthernet0/7\n ip address {} {}\n ip pim sparse-mode\n",
                         Plus(lan, 1), Mask(30));
      pim += fmt::format("ip route 192.168.0.0 255.255.255.0 {}\n", NextHopToward(n, k1, k2, i, 0));
      lab.files[host(i) + ".cfg"] =
          fmt::format("hostname {}\ninterface eth0\n ip address {} {}\nip default-gateway {}\n",
                      host(i), Plus(lan, 2), Mask(30), Plus(lan, 1));
    }
    pim += fmt::format("ip pim rp-address {}\n", rp);
    cfg += pim;
  }
  const auto group = [](int g) {
    return Ipv4{(239U << 24) + (1U << 16) + static_cast<std::uint32_t>(g)};
  };
  const auto member = [n](int g) { return 1 + g % (n - 1); };
  std::string sc = fmt::format(
      "# Generated by bench/lab_scale_bench.cc: {} groups over {} PIM-SM routers.\n", groups, n);
  for (int g = 0; g < groups; ++g) {
    sc += fmt::format("at 1s {}: join {}\n", host(member(g)), group(g));
  }
  for (int g = 0; g < groups; ++g) {
    sc += fmt::format("at 5s HS: send {} count 3 interval 1s\n", group(g));
  }
  if (converge) {
    for (int g = 0; g < groups; ++g) {
      sc += fmt::format("at {}s expect {} received {} >= 1\n", kConvergedAt, host(member(g)),
                        group(g));
    }
    lab.sim_seconds = kConvergedAt;
    lab.files["scenario.txt"] = sc;
    return lab;
  }
  for (int g = 0; g < groups; ++g) {
    sc += fmt::format("at {}s expect {} received {} == 3\n", kSimSeconds / 2, host(member(g)),
                      group(g));
  }
  sc += fmt::format("at {}s {}: show ip mroute count\n", kSimSeconds, name(0));
  lab.files["scenario.txt"] = sc;
  return lab;
}

// ---- the switched VLAN trees ----------------------------------------------------------------

constexpr int kTrees = 10;

// Tree switch j > 1 hangs off p1 = (j - 2) / 2 and p1's sibling p1 ^ 1 at the level above
// (levels start at even indices: 0, 2, 6, 14, 30, 62, ...); 0 and 1 are the tree's top pair,
// cabled to each other and to core switches C1 and C2.
GeneratedLab SwitchTrees(int switches) {
  const int per_tree = switches / kTrees;
  const auto sw = [](int t, int j) { return fmt::format("A{}{:02}", t, j); };
  const auto host = [](int t, int j) { return fmt::format("H{}{:02}", t, j); };
  const auto vlan = [](int t) { return 101 + t; };
  const auto host_ip = [](int t, int j) { return fmt::format("10.{}.0.{}", t + 1, 10 + j); };
  GeneratedLab lab;
  lab.nodes = 2 + 2 * kTrees * per_tree;
  std::string topo = fmt::format("name: switch-trees-{}\ntopology:\n  nodes:\n", switches);
  topo += "    C1: { kind: switch, startup-config: C1.cfg }\n";
  topo += "    C2: { kind: switch, startup-config: C2.cfg }\n";
  for (int t = 0; t < kTrees; ++t) {
    for (int j = 0; j < per_tree; ++j) {
      topo += fmt::format("    {0}: {{ kind: switch, startup-config: {0}.cfg }}\n", sw(t, j));
      topo += fmt::format("    {0}: {{ kind: host, startup-config: {0}.cfg }}\n", host(t, j));
    }
  }
  topo += "  links:\n";
  const auto link = [&](const std::string& a, const std::string& b) {
    topo += fmt::format("    - endpoints: [\"{}\", \"{}\"]\n", a, b);
    ++lab.links;
  };
  // Core: C1 Gi1/0/(t+1) to tree t's switch 0, C2 Gi1/0/(t+1) to its switch 1, and two
  // trunks between C1 and C2 (one blocked).
  link("C1:Gi1/0/11", "C2:Gi1/0/11");
  link("C1:Gi1/0/12", "C2:Gi1/0/12");
  std::string c1 =
      "hostname C1\nip routing\nspanning-tree mode rapid-pvst\n"
      "spanning-tree vlan 1 priority 4096\n";
  std::string c2 =
      "hostname C2\nspanning-tree mode rapid-pvst\n"
      "spanning-tree vlan 1 priority 8192\n";
  for (int t = 0; t < kTrees; ++t) {
    c1 += fmt::format("vlan {}\n", vlan(t));
    c2 += fmt::format("vlan {}\n", vlan(t));
  }
  for (std::string* c : {&c1, &c2}) {
    for (int p = 11; p <= 12; ++p) {
      *c += fmt::format("interface GigabitEthernet1/0/{}\n switchport mode trunk\n", p);
    }
  }
  for (int t = 0; t < kTrees; ++t) {
    // Each tree's VLAN only goes down its own uplinks (pruned trunks), so a host's broadcast
    // stays in its tree.
    const std::string port = fmt::format(
        "interface GigabitEthernet1/0/{}\n switchport mode trunk\n"
        " switchport trunk allowed vlan {}\n",
        t + 1, vlan(t));
    c1 += port;
    c2 += port;
    c1 += fmt::format("interface Vlan{}\n ip address 10.{}.0.1 255.255.255.0\n", vlan(t), t + 1);
  }
  lab.files["C1.cfg"] = c1;
  lab.files["C2.cfg"] = c2;
  for (int t = 0; t < kTrees; ++t) {
    // Gi0/1 and Gi0/2 are the uplinks, Gi0/3.. the downlinks in the order cabled, Gi0/10 the
    // host port.
    std::vector<int> next_down(static_cast<std::size_t>(per_tree), 3);
    std::vector<std::string> ports(static_cast<std::size_t>(per_tree));
    const auto trunk = [&](int j, const std::string& ifname) {
      ports[static_cast<std::size_t>(j)] +=
          fmt::format("interface {}\n switchport mode trunk\n", ifname);
    };
    link(fmt::format("C1:Gi1/0/{}", t + 1), sw(t, 0) + ":Gi0/1");
    link(fmt::format("C2:Gi1/0/{}", t + 1), sw(t, 1) + ":Gi0/1");
    link(sw(t, 0) + ":Gi0/2", sw(t, 1) + ":Gi0/2");
    for (int j = 0; j < 2 && j < per_tree; ++j) {
      trunk(j, "GigabitEthernet0/1");
      trunk(j, "GigabitEthernet0/2");
    }
    for (int j = 2; j < per_tree; ++j) {
      const int p1 = (j - 2) / 2;
      const int parents[] = {p1, p1 ^ 1};
      for (int u = 0; u < 2; ++u) {
        const int p = parents[u];
        const std::string down =
            fmt::format("GigabitEthernet0/{}", next_down[static_cast<std::size_t>(p)]++);
        const std::string up = fmt::format("GigabitEthernet0/{}", u + 1);
        link(sw(t, j) + ":" + up, sw(t, p) + ":" + down);
        trunk(j, up);
        trunk(p, down);
      }
    }
    for (int j = 0; j < per_tree; ++j) {
      link(sw(t, j) + ":Gi0/10", host(t, j) + ":eth0");
      lab.files[sw(t, j) + ".cfg"] = fmt::format(
          "hostname {}\nspanning-tree mode rapid-pvst\nvlan {}\n{}"
          "interface GigabitEthernet0/10\n switchport mode access\n switchport access vlan {}\n",
          sw(t, j), vlan(t), ports[static_cast<std::size_t>(j)], vlan(t));
      lab.files[host(t, j) + ".cfg"] = fmt::format(
          "hostname {}\ninterface eth0\n ip address {} 255.255.255.0\nip default-gateway "
          "10.{}.0.1\n",
          host(t, j), host_ip(t, j), t + 1);
    }
  }
  lab.files["topology.yml"] = topo;
  const int last = per_tree - 1;
  std::string sc = "# Generated by bench/lab_scale_bench.cc: pings inside and between VLANs.\n";
  // The deepest switch has two uplinks; rapid spanning tree must have blocked one.
  sc += fmt::format("at 3s expect {} \"show spanning-tree\" matches \"Altn BLK\"\n", sw(0, last));
  for (std::size_t k = 0; k < std::size(kPingTimes); ++k) {
    for (int m = 0; m < 4; ++m) {
      const int t = static_cast<int>((k * 3 + static_cast<std::size_t>(m)) % kTrees);
      const std::string ok = "contains \"Success rate is 100 percent\"";
      // Leaf to the middle of its own tree, then to a host in another VLAN through C1.
      sc += fmt::format("at {}s expect {} \"ping {}\" {}\n", kPingTimes[k], host(t, last),
                        host_ip(t, per_tree / 2), ok);
      sc += fmt::format("at {}s expect {} \"ping {}\" {}\n", kPingTimes[k], host(t, per_tree / 2),
                        host_ip((t + 5) % kTrees, last - m), ok);
    }
  }
  sc += fmt::format("at {}s C1: show ip interface brief\n", kSimSeconds);
  lab.files["scenario.txt"] = sc;
  return lab;
}

// ---- measurement ----------------------------------------------------------------------------

// A fresh directory under the system's temporary directory, removed with everything in it when
// the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("mc_lab_scale_{}_{}_{}", getpid(), tag, stamp);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

bool WriteLab(const GeneratedLab& lab, const std::filesystem::path& dir) {
  for (const auto& [name, text] : lab.files) {
    std::ofstream f(dir / name, std::ios::binary);
    f << text;
    if (!f) {
      return false;
    }
  }
  return true;
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto tv = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return tv(u.ru_utime) + tv(u.ru_stime);
}

// Peak resident set of the process so far, in MiB (Linux reports ru_maxrss in KiB).
double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Wall and CPU seconds of one call.
struct Timed {
  double wall = 0;
  double cpu = 0;
};
template <typename F>
Timed Measure(F&& f) {
  using Clock = std::chrono::steady_clock;
  const double cpu0 = CpuSeconds();
  const Clock::time_point t0 = Clock::now();
  f();
  const Clock::time_point t1 = Clock::now();
  return Timed{Seconds(t1 - t0), CpuSeconds() - cpu0};
}

void RunGenerated(benchmark::State& state, const GeneratedLab& lab, const std::string& tag) {
  // LAB_SCALE_DUMP=DIR writes the generated lab to DIR/<tag> for `mcast lab run` and skips it.
  if (const char* dump = std::getenv("LAB_SCALE_DUMP")) {
    const std::filesystem::path dir = std::filesystem::path(dump) / tag;
    std::filesystem::create_directories(dir);
    state.SkipWithError(WriteLab(lab, dir) ? ("written to " + dir.string()).c_str()
                                           : "could not write the lab folder");
    return;
  }
  for (auto _ : state) {
    TempDir dir(tag);
    if (!WriteLab(lab, dir.path())) {
      state.SkipWithError("could not write the lab folder");
      return;
    }
    const double rss_before = PeakRssMiB();
    std::optional<Result<Lab, std::string>> loaded;
    const Timed load = Measure([&] { loaded.emplace(LoadLab(dir.path())); });
    if (!*loaded) {
      state.SkipWithError(("LoadLab: " + loaded->error()).c_str());
      return;
    }
    const Lab& parsed = **loaded;
    // RunLab builds and boots the network before it simulates anything; the same run stopped at
    // virtual time 0 measures that part (and the teardown). The first such run is not counted:
    // it also pays for the process's first touch of the memory the network needs.
    LabOptions build_only;
    build_only.quiet = true;
    build_only.until = Duration{0};
    (void)RunLab(parsed, build_only);
    const Timed build = Measure([&] { (void)RunLab(parsed, build_only); });

    LabOptions options;
    options.quiet = true;
    LabResult result;
    const Timed run = Measure([&] { result = RunLab(parsed, options); });
    const double rss_after = PeakRssMiB();
    if (result.exit_status != 0 || result.failed > 0) {
      state.SkipWithError(("the lab failed:\n" + result.output.substr(0, 4000)).c_str());
      return;
    }
    state.SetIterationTime(run.wall);
    state.counters["nodes"] = lab.nodes;
    state.counters["links"] = lab.links;
    state.counters["config_lines"] = lab.ConfigLines();
    state.counters["passed"] = result.passed;
    state.counters["sim_s"] = lab.sim_seconds;
    state.counters["load_s"] = load.wall;
    state.counters["build_boot_s"] = build.wall;
    state.counters["run_s"] = run.wall;
    // The simulation alone: the full run less building, booting and teardown.
    state.counters["wall_per_sim_s"] = (run.wall - build.wall) / lab.sim_seconds;
    state.counters["cpu_per_sim_s"] = (run.cpu - build.cpu) / lab.sim_seconds;
    state.counters["peak_rss_MiB"] = rss_after;
    state.counters["peak_rss_growth_MiB"] = rss_after - rss_before;
  }
}

void BM_RouterMesh(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  RunGenerated(state, RouterMesh(n), fmt::format("routers{}", n));
}

void BM_PimMesh(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int groups = static_cast<int>(state.range(1));
  RunGenerated(state, PimMesh(n, groups, false), fmt::format("pim{}x{}", n, groups));
}

// The same lab until every receiver has data (kConvergedAt): the issue 6 convergence figure.
void BM_PimConverge(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int groups = static_cast<int>(state.range(1));
  RunGenerated(state, PimMesh(n, groups, true), fmt::format("pimconv{}x{}", n, groups));
}

void BM_SwitchTrees(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  RunGenerated(state, SwitchTrees(n), fmt::format("switches{}", n));
}

// The small labs first, so that a process running every case reports their peaks unmasked.
BENCHMARK(BM_RouterMesh)->Arg(100)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_SwitchTrees)->Arg(100)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_RouterMesh)->Arg(1000)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_PimMesh)
    ->Args({100, 1000})
    ->Args({1000, 10000})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_PimConverge)
    ->Args({100, 1000})
    ->Args({1000, 10000})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_SwitchTrees)->Arg(1000)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
