// The lab generator of the randomized simulations (generator.h).
#include "tests/sim_random/generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <utility>

#include "base/rng.h"

namespace mc::simrand {

namespace {

constexpr Duration kWarmLength = std::chrono::seconds{2};  // 20 packets at 100 ms
constexpr std::uint32_t kWarmCount = 20;
// From the end of the warm traffic to the first measured slot. Trees converge in steps that RFC
// 7761 times: a Prune on a LAN with more than one neighbor waits J/P_Override_Interval (3 s by
// default, §4.5.3) before the interface leaves the olist, and prunes chain: a downstream
// router's Prune(S,G,rpt) on a LAN empties the RP's inherited_olist(S,G) only after its 3 s,
// and the RP's Prune(S,G) then waits another 3 s on the next LAN toward the source. Until then
// data flows toward the RP by design; the invariants hold for converged trees, so the slots
// wait for two such chained LAN prunes plus the 1 s activity poll that sets the SPT bit.
constexpr Duration kSettle = std::chrono::seconds{8};

std::string Ms(Duration d) {
  return fmt::format("{}ms", std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

// Union-find over routers, for "the routers stay connected without these links".
struct Components {
  std::vector<std::size_t> parent;
  explicit Components(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t Find(std::size_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  void Join(std::size_t a, std::size_t b) { parent[Find(a)] = Find(b); }
};

class Builder {
 public:
  Builder(std::uint64_t seed, const GenOptions& o) : rng_(seed) {
    g_.seed = seed;
    g_.routers = static_cast<std::size_t>(rng_.Between(o.min_routers, o.max_routers));
    next_if_.assign(g_.routers, 0);
    cost_.assign(g_.routers, {});
  }

  GeneratedLab Build() {
    const std::size_t rp = R(g_.routers);
    g_.rp = Ipv4(192, 168, 0, static_cast<std::uint8_t>(rp + 1));
    Routers();
    Traffic();
    Timeline();
    Files();
    return std::move(g_);
  }

 private:
  std::size_t R(std::size_t n) { return static_cast<std::size_t>(rng_.Below(n)); }

  Prefix NextSubnet() const {
    const std::size_t k = g_.links.size();
    return Prefix::Make(
        Ipv4(10, static_cast<std::uint8_t>(1 + k / 200), static_cast<std::uint8_t>(k % 200), 0),
        24);
  }

  GenEnd RouterEnd(std::size_t r, const Prefix& subnet, bool transit) {
    GenEnd e;
    e.node = fmt::format("R{}", r + 1);
    e.iface = fmt::format("Gi0/{}", next_if_[r]++);
    e.router = true;
    e.address = Ipv4(subnet.address().value() + static_cast<std::uint32_t>(r + 1));
    // Small costs make equal-cost paths (and the RPF tie-break) common.
    cost_[r].push_back(transit ? static_cast<int>(rng_.Between(1, 3)) : 1);
    return e;
  }

  std::size_t AddHost(std::size_t link, bool can_source) {
    GenLink& l = g_.links[link];
    GenHost h;
    h.name = fmt::format("H{}", g_.hosts.size() + 1);
    h.link = link;
    h.address = Ipv4(l.subnet.address().value() + 101 + static_cast<std::uint32_t>(l.ends.size()));
    h.igmp_version = rng_.Chance(0.3) ? 3 : 2;
    h.source = can_source;  // a candidate for now; Traffic() picks the real sources
    l.ends.push_back(GenEnd{h.name, "eth0", false, h.address, 1});
    g_.hosts.push_back(h);
    return g_.hosts.size() - 1;
  }

  void AddP2p(std::size_t a, std::size_t b) {
    GenLink l;
    l.kind = LinkKind::kP2p;
    l.subnet = NextSubnet();
    l.ends.push_back(RouterEnd(a, l.subnet, true));
    l.ends.push_back(RouterEnd(b, l.subnet, true));
    g_.links.push_back(std::move(l));
    adjacent_.insert({std::min(a, b), std::max(a, b)});
  }

  void Routers() {
    const std::size_t n = g_.routers;
    for (std::size_t i = 1; i < n; ++i) {
      AddP2p(i, R(i));
    }
    const auto extra =
        rng_.Between(static_cast<std::int64_t>(n / 4), static_cast<std::int64_t>(n / 2));
    for (std::int64_t k = 0; k < extra; ++k) {
      const std::size_t a = R(n);
      const std::size_t b = R(n);
      if (a != b && !adjacent_.contains({std::min(a, b), std::max(a, b)})) {
        AddP2p(a, b);
      }
    }
    const auto lans = rng_.Between(1, std::max<std::int64_t>(1, static_cast<std::int64_t>(n / 8)));
    for (std::int64_t k = 0; k < lans; ++k) {
      GenLink l;
      l.kind = LinkKind::kLan;
      l.subnet = NextSubnet();
      std::set<std::size_t> members;
      const auto size = static_cast<std::size_t>(rng_.Between(3, 4));
      while (members.size() < size) {
        members.insert(R(n));
      }
      for (const std::size_t r : members) {
        GenEnd e = RouterEnd(r, l.subnet, true);
        if (rng_.Chance(0.4)) {
          e.dr_priority = static_cast<std::uint32_t>(rng_.Between(0, 3));
        }
        l.ends.push_back(e);
      }
      g_.links.push_back(std::move(l));
      if (rng_.Chance(0.3)) {
        AddHost(g_.links.size() - 1, false);
      }
    }
    const auto stubs = rng_.Between(std::max<std::int64_t>(3, static_cast<std::int64_t>(n / 5)),
                                    std::max<std::int64_t>(4, static_cast<std::int64_t>(n / 2)));
    for (std::int64_t k = 0; k < stubs; ++k) {
      GenLink l;
      l.kind = LinkKind::kStub;
      l.subnet = NextSubnet();
      l.ends.push_back(RouterEnd(R(n), l.subnet, false));
      g_.links.push_back(std::move(l));
      const auto hosts = rng_.Between(1, 3);
      for (std::int64_t h = 0; h < hosts; ++h) {
        AddHost(g_.links.size() - 1, true);
      }
    }
  }

  // Groups, sources (on stub LANs) and each other host's groups.
  void Traffic() {
    std::set<Ipv4> groups;
    const auto ng = rng_.Between(1, 4);
    while (static_cast<std::int64_t>(groups.size()) < ng) {
      groups.insert(
          Ipv4(239, 1, static_cast<std::uint8_t>(R(4)), static_cast<std::uint8_t>(1 + R(250))));
    }
    groups_.assign(groups.begin(), groups.end());
    std::vector<std::size_t> candidates;
    for (std::size_t h = 0; h < g_.hosts.size(); ++h) {
      if (g_.hosts[h].source) {
        candidates.push_back(h);
      }
      g_.hosts[h].source = false;
    }
    const auto ns =
        rng_.Between(1, std::min<std::int64_t>(4, static_cast<std::int64_t>(candidates.size())));
    for (std::int64_t k = 0; k < ns; ++k) {
      const std::size_t pick = R(candidates.size());
      GenHost& h = g_.hosts[candidates[pick]];
      h.source = true;
      h.source_group = groups_[R(groups_.size())];
      sources_.push_back(candidates[pick]);
      candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    for (std::size_t h = 0; h < g_.hosts.size(); ++h) {
      if (g_.hosts[h].source) {
        continue;
      }
      const auto joins = rng_.Below(3);
      for (std::uint64_t k = 0; k < joins; ++k) {
        joined_[h].insert(groups_[R(groups_.size())]);
      }
    }
  }

  // Router links that may go down together without splitting the routers.
  std::vector<std::size_t> PickFlaps() {
    std::vector<std::size_t> candidates;
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      const GenLink& link = g_.links[l];
      const bool routers_only =
          std::all_of(link.ends.begin(), link.ends.end(), [](const GenEnd& e) { return e.router; });
      if (link.kind != LinkKind::kStub && routers_only) {
        candidates.push_back(l);
      }
    }
    const auto want = static_cast<std::size_t>(rng_.Between(1, 3));
    std::vector<std::size_t> down;
    while (!candidates.empty() && down.size() < want) {
      const std::size_t pick = R(candidates.size());
      const std::size_t l = candidates[pick];
      candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
      down.push_back(l);
      if (!Connected(down)) {
        down.pop_back();
      }
    }
    std::sort(down.begin(), down.end());
    return down;
  }

  bool Connected(const std::vector<std::size_t>& without) {
    Components c(g_.routers);
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      if (std::find(without.begin(), without.end(), l) != without.end()) {
        continue;
      }
      const GenLink& link = g_.links[l];
      for (std::size_t e = 1; e < link.ends.size(); ++e) {
        if (link.ends[0].router && link.ends[e].router) {
          c.Join(RouterIndex(link.ends[0]), RouterIndex(link.ends[e]));
        }
      }
    }
    for (std::size_t r = 1; r < g_.routers; ++r) {
      if (c.Find(r) != c.Find(0)) {
        return false;
      }
    }
    return true;
  }

  static std::size_t RouterIndex(const GenEnd& e) {
    return static_cast<std::size_t>(std::stoul(e.node.substr(1))) - 1;
  }

  void Line(Duration at, const std::string& text) { lines_.emplace_back(at, text); }

  // Warm traffic from every source, then one measured slot per source.
  Phase Measure(const std::string& name, Duration warm_at, Duration slots_at) {
    for (const std::size_t s : sources_) {
      Line(warm_at, fmt::format("{}: send {} count {} interval 100ms", g_.hosts[s].name,
                                g_.hosts[s].source_group, kWarmCount));
    }
    Phase p;
    p.name = name;
    Duration t = std::max(slots_at, warm_at + kWarmLength + kSettle);
    for (const std::size_t s : sources_) {
      Slot slot{s, g_.hosts[s].source_group, t, t + kSlot};
      Line(t, fmt::format("{}: send {} count {} interval {}", g_.hosts[s].name, slot.group, kBurst,
                          Ms(kBurstInterval)));
      p.slots.push_back(slot);
      t += kSlot;
    }
    p.check_at = t;
    for (const auto& [h, gs] : joined_) {
      if (!gs.empty()) {
        p.members[h] = gs;
      }
    }
    return p;
  }

  void Expectations(const Phase& p) {
    for (const Slot& s : p.slots) {
      for (const auto& [h, gs] : p.members) {
        if (gs.contains(s.group)) {
          Line(p.check_at,
               fmt::format("expect {} received {} from {} since {} == {}", g_.hosts[h].name,
                           s.group, g_.hosts[s.host].address, Ms(s.start), kBurst));
        }
      }
    }
  }

  void Timeline() {
    for (const auto& [h, gs] : joined_) {
      for (const Ipv4 grp : gs) {
        Line(std::chrono::milliseconds{1000 + static_cast<std::int64_t>(rng_.Below(2000))},
             fmt::format("{}: join {}", g_.hosts[h].name, grp));
      }
    }
    Phase steady = Measure("steady", std::chrono::seconds{8}, std::chrono::seconds{12});
    Expectations(steady);
    Duration t = steady.check_at + std::chrono::seconds{1};
    g_.phases.push_back(std::move(steady));

    const std::vector<std::size_t> flaps = PickFlaps();
    for (const std::size_t l : flaps) {
      const GenEnd& e = g_.links[l].ends[0];
      Line(t, fmt::format("link {}:{} down", e.node, e.iface));
    }
    Phase down = Measure("links-down", t + std::chrono::seconds{5}, t + std::chrono::seconds{8});
    down.links_down.insert(flaps.begin(), flaps.end());
    Expectations(down);
    t = down.check_at + std::chrono::seconds{1};
    g_.phases.push_back(std::move(down));

    for (const std::size_t l : flaps) {
      const GenEnd& e = g_.links[l].ends[0];
      Line(t, fmt::format("link {}:{} up", e.node, e.iface));
    }
    Phase up = Measure("links-up", t + std::chrono::seconds{12}, t + std::chrono::seconds{15});
    Expectations(up);
    t = up.check_at + std::chrono::seconds{1};
    g_.phases.push_back(std::move(up));

    for (auto& [h, gs] : joined_) {
      for (auto it = gs.begin(); it != gs.end();) {
        if (rng_.Chance(0.4)) {
          Line(t + std::chrono::milliseconds{static_cast<std::int64_t>(rng_.Below(1000))},
               fmt::format("{}: leave {}", g_.hosts[h].name, *it));
          it = gs.erase(it);
        } else {
          ++it;
        }
      }
    }
    Phase leaves = Measure("leaves", t + std::chrono::seconds{8}, t + std::chrono::seconds{11});
    Expectations(leaves);
    g_.phases.push_back(std::move(leaves));
  }

  std::string RouterConfig(std::size_t r) const {
    std::string s = fmt::format("hostname R{}\nip multicast-routing\n", r + 1);
    s += fmt::format("interface Loopback0\n ip address 192.168.0.{} 255.255.255.255\n", r + 1);
    std::size_t k = 0;
    for (const GenLink& l : g_.links) {
      for (const GenEnd& e : l.ends) {
        if (e.node != fmt::format("R{}", r + 1)) {
          continue;
        }
        s += fmt::format("interface {}\n ip address {} 255.255.255.0\n ip pim sparse-mode\n",
                         e.iface, e.address);
        if (cost_[r][k] != 1) {
          s += fmt::format(" ip ospf cost {}\n", cost_[r][k]);
        }
        if (e.dr_priority != 1) {
          s += fmt::format(" ip pim dr-priority {}\n", e.dr_priority);
        }
        ++k;
      }
    }
    s += fmt::format("ip pim rp-address {}\n", g_.rp);
    s += "router ospf 1\n network 0.0.0.0 255.255.255.255 area 0\n";
    return s;
  }

  std::string HostConfig(const GenHost& h) const {
    const GenLink& l = g_.links[h.link];
    std::string s = fmt::format("hostname {}\ninterface eth0\n ip address {} 255.255.255.0\n",
                                h.name, h.address);
    if (h.igmp_version != 3) {
      s += fmt::format(" ip igmp version {}\n", h.igmp_version);
    }
    s += fmt::format("ip default-gateway {}\n", l.ends[0].address);
    return s;
  }

  void Files() {
    std::string y = fmt::format(
        "# Generated by tests/sim_random (seed {}); reproduce with\n"
        "#   mcast lab run <this folder> --seed {}\n"
        "name: sim-random-{}\ntopology:\n  nodes:\n",
        g_.seed, g_.seed, g_.seed);
    for (std::size_t r = 0; r < g_.routers; ++r) {
      y += fmt::format("    R{0}: {{ kind: router, startup-config: R{0}.cfg }}\n", r + 1);
      g_.files[fmt::format("R{}.cfg", r + 1)] = RouterConfig(r);
    }
    for (const GenHost& h : g_.hosts) {
      y += fmt::format("    {0}: {{ kind: host, startup-config: {0}.cfg }}\n", h.name);
      g_.files[h.name + ".cfg"] = HostConfig(h);
    }
    y += "  links:\n";
    for (const GenLink& l : g_.links) {
      std::string ends;
      for (const GenEnd& e : l.ends) {
        ends += fmt::format("{}\"{}:{}\"", ends.empty() ? "" : ", ", e.node, e.iface);
      }
      y += fmt::format("    - endpoints: [{}]\n", ends);
    }
    g_.files["topology.yml"] = y;
    std::stable_sort(lines_.begin(), lines_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string sc = fmt::format(
        "# sim_random seed {}: {} routers, {} links, {} hosts, RP {}.\n"
        "# Phases: steady, links-down, links-up, leaves; each ends with measured bursts.\n",
        g_.seed, g_.routers, g_.links.size(), g_.hosts.size(), g_.rp);
    for (const auto& [at, text] : lines_) {
      sc += fmt::format("at {} {}\n", Ms(at), text);
    }
    g_.files["scenario.txt"] = sc;
  }

  Rng rng_;
  GeneratedLab g_;
  std::vector<int> next_if_;
  std::vector<std::vector<int>> cost_;  // [router][its k-th interface, in link order]
  std::set<std::pair<std::size_t, std::size_t>> adjacent_;
  std::vector<Ipv4> groups_;
  std::vector<std::size_t> sources_;
  std::map<std::size_t, std::set<Ipv4>> joined_;
  std::vector<std::pair<Duration, std::string>> lines_;
};

}  // namespace

GeneratedLab Generate(std::uint64_t seed, const GenOptions& options) {
  return Builder(seed, options).Build();
}

}  // namespace mc::simrand
