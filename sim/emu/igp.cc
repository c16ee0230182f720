// The IGP oracle: RFC 2328 §16 route calculation over the configured OSPF areas (igp.h).
#include "sim/emu/igp.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "base/check.h"
#include "config/interface_name.h"

namespace mc::sim {
namespace {

constexpr std::uint32_t kUnreached = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kBackbone = 0;

// An up interface that runs OSPF: an interface of a router-LSA (RFC 2328 §12.4.1).
struct OspfLink {
  std::size_t router = 0;  // device index
  std::size_t iface = 0;
  Ipv4 address;
  Prefix subnet;
  std::uint32_t area = 0;
  std::uint32_t cost = 1;
  bool passive = false;
  bool loopback = false;

  // §12.4.1: an interface in state Loopback (§9.1) is a stub link to its own address with
  // mask 0xffffffff, whatever mask it is configured with (IOS does the same).
  Prefix Advertised() const { return loopback ? Prefix::Make(address, 32) : subnet; }
  bool CanAdjoin() const { return !passive && !loopback; }
};

// Next hops carry the unspecified address while the path's first hop is a network the
// calculating router is attached to; §16.1.1 fills in the neighbor's address one step later.
using NextHops = std::set<IgpNextHop>;

// A routing table entry (§11): one destination, its best cost and all equal-cost next hops.
struct Entry {
  std::uint32_t cost = kUnreached;
  std::uint32_t area = 0;
  bool inter_area = false;
  NextHops next_hops;
};
using Table = std::map<Prefix, Entry>;

// A summary-LSA (§12.4.3): `abr` advertises `prefix` at `cost` into one area.
struct Summary {
  std::size_t abr = 0;
  Prefix prefix;
  std::uint32_t cost = 0;
};

// One router's shortest-path tree in one area: distance and next hops per vertex.
struct Spf {
  std::vector<std::uint32_t> dist;
  std::vector<NextHops> next_hops;
};

// One area's shortest-path-tree graph (§16.1): transit networks are vertices [0, networks),
// routers the vertices after them. Networks first makes a network pop before a router at the same
// distance, so its zero-cost links to routers always carry all of its next hops.
struct AreaGraph {
  struct Edge {
    std::size_t to = 0;
    std::uint32_t cost = 0;
    std::size_t link = 0;  // router->network: the router's link; network->router: the target's
  };
  std::vector<std::size_t> links;  // indices into the link list, ascending
  std::size_t networks = 0;
  std::map<std::size_t, std::size_t> vertex_of;  // device -> vertex
  std::vector<std::vector<Edge>> edges;
  std::map<std::size_t, Spf> spf;  // per router (device index)
};

std::uint32_t AddCost(std::uint32_t a, std::uint32_t b) {
  return a > kUnreached - b ? kUnreached : a + b;
}

// Within one area and path type: a lower cost replaces, an equal cost adds next hops (§16.1
// step 2(d), §16.2 step 6).
void Offer(Entry& e, std::uint32_t cost, const NextHops& next_hops) {
  if (cost < e.cost) {
    e.cost = cost;
    e.next_hops = next_hops;
  } else if (cost == e.cost) {
    e.next_hops.insert(next_hops.begin(), next_hops.end());
  }
}

// Up, addressed, OSPF-enabled interfaces of every router, ordered by (device, interface) so
// nothing depends on the order the caller listed them in.
std::vector<OspfLink> CollectLinks(const std::vector<IgpDevice>& devices) {
  std::vector<OspfLink> links;
  for (std::size_t d = 0; d < devices.size(); ++d) {
    if (devices[d].config == nullptr) {
      continue;
    }
    for (const IgpInterface& i : devices[d].interfaces) {
      MC_ASSERT(i.device == d);
      if (!i.up || i.address.IsUnspecified()) {
        continue;
      }
      const std::optional<OspfAttachment> a =
          OspfAttachmentOf(*devices[d].config, i.name, i.address);
      if (!a) {
        continue;
      }
      links.push_back(OspfLink{.router = d,
                               .iface = i.iface,
                               .address = i.address,
                               .subnet = i.subnet,
                               .area = a->area,
                               .cost = std::max<std::uint32_t>(a->cost, 1),
                               .passive = a->passive,
                               .loopback = i.loopback});
    }
  }
  std::sort(links.begin(), links.end(), [](const OspfLink& a, const OspfLink& b) {
    return std::tie(a.router, a.iface, a.address) < std::tie(b.router, b.iface, b.address);
  });
  return links;
}

// §12.4.1.2/§12.4.2: a subnet where non-passive interfaces of two or more routers meet is a
// transit network (the adjacency assumption of igp.h); everything else is a stub.
AreaGraph BuildArea(const std::vector<OspfLink>& links, const std::vector<std::size_t>& in_area) {
  AreaGraph g;
  g.links = in_area;
  std::map<Prefix, std::vector<std::size_t>> by_subnet;
  std::set<std::size_t> routers;
  for (const std::size_t l : in_area) {
    routers.insert(links[l].router);
    if (links[l].CanAdjoin()) {
      by_subnet[links[l].subnet].push_back(l);
    }
  }
  std::vector<std::vector<std::size_t>> transit;
  for (auto& [subnet, members] : by_subnet) {
    std::set<std::size_t> on;
    for (const std::size_t l : members) {
      on.insert(links[l].router);
    }
    if (on.size() >= 2) {
      transit.push_back(std::move(members));
    }
  }
  g.networks = transit.size();
  for (const std::size_t r : routers) {
    g.vertex_of.emplace(r, g.networks + g.vertex_of.size());
  }
  g.edges.resize(g.networks + routers.size());
  for (std::size_t n = 0; n < transit.size(); ++n) {
    for (const std::size_t l : transit[n]) {
      const std::size_t rv = g.vertex_of.at(links[l].router);
      g.edges[rv].push_back({.to = n, .cost = links[l].cost, .link = l});
      g.edges[n].push_back({.to = rv, .cost = 0, .link = l});  // §12.4.2: network links cost 0
    }
  }
  return g;
}

// §16.1.1: the next hops a path to edge.to inherits from vertex v.
NextHops HopsVia(const AreaGraph& g, const std::vector<OspfLink>& links, const Spf& s,
                 std::size_t root, std::size_t v, const AreaGraph::Edge& edge) {
  if (v == root) {  // a network the root is attached to: the outgoing interface, no address yet
    return {IgpNextHop{.iface = links[edge.link].iface, .address = Ipv4{}}};
  }
  if (v >= g.networks) {  // a router further out: its next hops are the path's
    return s.next_hops[v];
  }
  NextHops out;  // a network: a router on a network the root is attached to is the next hop
  for (const IgpNextHop& h : s.next_hops[v]) {
    out.insert(h.address.IsUnspecified()
                   ? IgpNextHop{.iface = h.iface, .address = links[edge.link].address}
                   : h);
  }
  return out;
}

// §16.1 Dijkstra from `root`, keeping every equal-cost next hop. Interface costs are at least 1,
// so only network->router links cost 0, and networks pop before routers at equal distance: a
// vertex never receives an equal-cost path after it was popped.
Spf RunSpf(const AreaGraph& g, const std::vector<OspfLink>& links, std::size_t root) {
  const std::size_t n = g.edges.size();
  Spf s{std::vector<std::uint32_t>(n, kUnreached), std::vector<NextHops>(n)};
  std::vector<bool> done(n, false);
  std::set<std::pair<std::uint32_t, std::size_t>> candidates;  // §16.1 candidate list
  s.dist[root] = 0;
  candidates.insert({0, root});
  while (!candidates.empty()) {
    const auto [d, v] = *candidates.begin();
    candidates.erase(candidates.begin());
    done[v] = true;
    for (const AreaGraph::Edge& e : g.edges[v]) {
      if (done[e.to]) {
        continue;
      }
      const std::uint32_t nd = AddCost(d, e.cost);
      if (nd > s.dist[e.to] || nd == kUnreached) {
        continue;
      }
      NextHops via = HopsVia(g, links, s, root, v, e);
      if (nd < s.dist[e.to]) {
        candidates.erase({s.dist[e.to], e.to});
        s.dist[e.to] = nd;
        s.next_hops[e.to] = std::move(via);
        candidates.insert({nd, e.to});
      } else {
        s.next_hops[e.to].insert(via.begin(), via.end());
      }
    }
  }
  return s;
}

// §16.1 step 2 for one router: every reachable router's links are stubs at their own cost (a
// transit network's cost is the same: the attached router's distance plus its interface cost).
// The root's own links stay in, with no next hops: an ABR summarizes them too.
Table IntraArea(const AreaGraph& g, std::uint32_t area, const std::vector<OspfLink>& links,
                std::size_t router) {
  const std::size_t root = g.vertex_of.at(router);
  const Spf& s = g.spf.at(router);
  Table t;
  for (const std::size_t l : g.links) {
    const std::size_t v = g.vertex_of.at(links[l].router);
    if (s.dist[v] == kUnreached) {
      continue;
    }
    Entry& e = t[links[l].Advertised()];
    e.area = area;
    Offer(e, AddCost(s.dist[v], links[l].cost), v == root ? NextHops{} : s.next_hops[v]);
  }
  return t;
}

// §11: across areas the lower cost wins; at equal cost, the larger area ID (as §16.4 chooses
// among ASBR entries).
void MergeIntra(Table& into, const Table& area_table) {
  for (const auto& [prefix, e] : area_table) {
    const auto [it, fresh] = into.try_emplace(prefix, e);
    Entry& have = it->second;
    if (!fresh && (e.cost < have.cost || (e.cost == have.cost && e.area > have.area))) {
      have = e;
    }
  }
}

// §16.2 for one router: the summaries of `areas`, except its own and those of prefixes it
// reaches inside an area (intra-area routes win whatever the cost).
Table InterArea(std::size_t router, const std::set<std::uint32_t>& areas,
                const std::map<std::uint32_t, AreaGraph>& graphs,
                const std::map<std::uint32_t, std::vector<Summary>>& summaries,
                const Table& intra) {
  Table t;
  for (const std::uint32_t area : areas) {
    const auto sums = summaries.find(area);
    if (sums == summaries.end()) {
      continue;
    }
    const AreaGraph& g = graphs.at(area);
    const Spf& s = g.spf.at(router);
    for (const Summary& sum : sums->second) {
      const std::uint32_t to_abr = s.dist[g.vertex_of.at(sum.abr)];
      if (sum.abr == router || to_abr == kUnreached || intra.contains(sum.prefix)) {
        continue;
      }
      Entry& e = t[sum.prefix];
      e.area = area;
      e.inter_area = true;
      Offer(e, AddCost(to_abr, sum.cost), s.next_hops[g.vertex_of.at(sum.abr)]);
    }
  }
  return t;
}

// §12.4.3: what ABR `abr` advertises into `area`: every best route not of that area, at its
// cost; inter-area routes only into non-backbone areas. No aggregation (no `area range`).
void Originate(std::size_t abr, std::uint32_t area, const Table& table,
               std::map<std::uint32_t, std::vector<Summary>>& summaries) {
  for (const auto& [prefix, e] : table) {
    if (e.cost >= kLsInfinity || (!e.inter_area && e.area == area) ||
        (e.inter_area && area == kBackbone)) {
      continue;
    }
    summaries[area].push_back({.abr = abr, .prefix = prefix, .cost = e.cost});
  }
}

// The links, each area's graph with every member router's shortest-path tree, and the areas
// each router is attached to.
struct Topology {
  std::vector<OspfLink> links;
  std::map<std::uint32_t, AreaGraph> graphs;
  std::map<std::size_t, std::set<std::uint32_t>> areas_of;

  // RFC 3509 §1.1: attached to the backbone and to another area.
  bool IsAbr(std::size_t router) const {
    const std::set<std::uint32_t>& a = areas_of.at(router);
    return a.size() >= 2 && a.contains(kBackbone);
  }
};

Topology BuildTopology(const std::vector<IgpDevice>& devices) {
  Topology topo;
  topo.links = CollectLinks(devices);
  std::map<std::uint32_t, std::vector<std::size_t>> by_area;
  for (std::size_t l = 0; l < topo.links.size(); ++l) {
    by_area[topo.links[l].area].push_back(l);
    topo.areas_of[topo.links[l].router].insert(topo.links[l].area);
  }
  for (const auto& [area, in_area] : by_area) {
    AreaGraph g = BuildArea(topo.links, in_area);
    for (const auto& [router, vertex] : g.vertex_of) {
      g.spf.emplace(router, RunSpf(g, topo.links, vertex));
    }
    topo.graphs.emplace(area, std::move(g));
  }
  return topo;
}

// Summary-LSAs settle in two rounds: ABRs summarize their intra-area routes into the backbone
// and compute their inter-area routes from it (§16.2: an ABR reads only backbone summaries);
// then they summarize both into their other areas, whose routers read them.
std::map<std::size_t, Table> InterAreaRoutes(const Topology& topo,
                                             const std::map<std::size_t, Table>& intra) {
  std::map<std::uint32_t, std::vector<Summary>> summaries;
  std::map<std::size_t, Table> inter;
  for (const auto& [router, areas] : topo.areas_of) {
    if (topo.IsAbr(router)) {
      Originate(router, kBackbone, intra.at(router), summaries);
    }
  }
  for (const auto& [router, areas] : topo.areas_of) {
    if (topo.IsAbr(router)) {
      inter[router] = InterArea(router, {kBackbone}, topo.graphs, summaries, intra.at(router));
    }
  }
  for (const auto& [router, areas] : topo.areas_of) {
    for (const std::uint32_t area : areas) {
      if (topo.IsAbr(router) && area != kBackbone) {
        Originate(router, area, intra.at(router), summaries);
        Originate(router, area, inter.at(router), summaries);
      }
    }
  }
  for (const auto& [router, areas] : topo.areas_of) {
    if (!topo.IsAbr(router)) {
      inter[router] = InterArea(router, areas, topo.graphs, summaries, intra.at(router));
    }
  }
  return inter;
}

std::vector<IgpNextHop> SortedNextHops(const NextHops& hops) {
  std::vector<IgpNextHop> out(hops.begin(), hops.end());
  std::sort(out.begin(), out.end(), [](const IgpNextHop& a, const IgpNextHop& b) {
    return std::tie(a.address, a.iface) < std::tie(b.address, b.iface);
  });
  if (out.size() > kIgpMaximumPaths) {
    out.resize(kIgpMaximumPaths);
  }
  return out;
}

// The routes a device installs: its best entries minus its own connected prefixes.
std::vector<IgpRoute> Install(const IgpDevice& device, const Table& intra, const Table& inter) {
  std::set<Prefix> connected;
  for (const IgpInterface& i : device.interfaces) {
    if (i.up) {
      connected.insert(i.subnet);
      connected.insert(Prefix::Make(i.address, 32));
    }
  }
  std::map<Prefix, const Entry*> best;
  for (const Table* t : {&intra, &inter}) {
    for (const auto& [prefix, e] : *t) {
      best.try_emplace(prefix, &e);  // intra first: it wins over inter
    }
  }
  std::vector<IgpRoute> routes;
  for (const auto& [prefix, e] : best) {
    if (connected.contains(prefix) || e->next_hops.empty()) {
      continue;
    }
    // Router vertices only inherit resolved next hops (§16.1.1); unresolved ones end at networks.
    MC_ASSERT(std::none_of(e->next_hops.begin(), e->next_hops.end(),
                           [](const IgpNextHop& h) { return h.address.IsUnspecified(); }));
    routes.push_back(IgpRoute{.prefix = prefix,
                              .cost = e->cost,
                              .inter_area = e->inter_area,
                              .next_hops = SortedNextHops(e->next_hops)});
  }
  return routes;
}

// The most specific `network` statement covering `address` (IOS 12.0+ orders them by
// specificity); ties go to the lower process ID, then the earlier statement.
std::optional<std::pair<std::uint32_t, std::uint32_t>> NetworkArea(
    const config::DeviceConfig& config, Ipv4 address) {
  std::optional<std::pair<std::uint32_t, std::uint32_t>> found;
  int best_bits = 33;
  for (const auto& [pid, process] : config.ospf) {
    for (const config::OspfNetwork& n : process.networks) {
      const int bits = std::popcount(n.wildcard.value());
      if (n.Matches(address) && bits < best_bits) {
        best_bits = bits;
        found = std::pair{pid, n.area};
      }
    }
  }
  return found;
}

}  // namespace

std::uint32_t OspfDefaultCost(std::string_view name) {
  const std::optional<config::InterfaceType> type = config::InterfaceTypeOf(name);
  if (!type) {
    return 1;  // free-form names (eth0, 15/1): assume at least 100 Mb/s
  }
  if (type->name == "Ethernet") {
    return 10;  // 10 Mb/s
  }
  if (type->name == "Serial") {
    return 64;  // 1544 kb/s (T1): 100000 / 1544
  }
  return 1;
}

std::optional<OspfAttachment> OspfAttachmentOf(const config::DeviceConfig& config,
                                               std::string_view name, Ipv4 address) {
  if (!config.ip_routing) {
    return std::nullopt;
  }
  const config::InterfaceConfig* ic = config.FindInterface(name);
  if (ic != nullptr && !ic->vrf.empty()) {
    return std::nullopt;
  }
  // IOS: `ip ospf N area X` on the interface overrides any `network` statement.
  std::optional<std::pair<std::uint32_t, std::uint32_t>> where;
  if (ic != nullptr && ic->ospf) {
    where = std::pair{ic->ospf->process, ic->ospf->area};
  } else {
    where = NetworkArea(config, address);
  }
  if (!where) {
    return std::nullopt;
  }
  const auto process = config.ospf.find(where->first);
  return OspfAttachment{
      .process = where->first,
      .area = where->second,
      .cost = ic != nullptr && ic->ospf_cost ? *ic->ospf_cost : OspfDefaultCost(name),
      .passive = process != config.ospf.end() && process->second.IsPassive(name)};
}

std::vector<std::vector<IgpRoute>> ComputeIgp(const std::vector<IgpDevice>& devices) {
  const Topology topo = BuildTopology(devices);
  std::map<std::size_t, Table> intra;
  for (const auto& [router, areas] : topo.areas_of) {
    for (const std::uint32_t area : areas) {
      MergeIntra(intra[router], IntraArea(topo.graphs.at(area), area, topo.links, router));
    }
  }
  const std::map<std::size_t, Table> inter = InterAreaRoutes(topo, intra);
  std::vector<std::vector<IgpRoute>> routes(devices.size());
  for (const auto& [router, areas] : topo.areas_of) {
    routes[router] = Install(devices[router], intra.at(router), inter.at(router));
  }
  return routes;
}

Ipv4 RpfTieBreak(const IgpRoute& route) {
  Ipv4 best;
  for (const IgpNextHop& h : route.next_hops) {
    best = std::max(best, h.address);
  }
  return best;
}

}  // namespace mc::sim
