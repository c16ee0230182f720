// Runs a generated lab and checks the invariants (runner.h).
#include "tests/sim_random/runner.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <utility>

#include "sim/emu/lab_runner.h"
#include "sim/emu/network.h"

namespace mc::simrand {

namespace {

// At most this many violations of one invariant per phase are spelled out.
constexpr std::size_t kMaxDetails = 6;

// As lab_runner.cc builds a node: its ports in topology link order, hub segments shared, edge
// ports unless a switch is on the link, the node's position (+1) as MAC seed.
std::unique_ptr<sim::Device> MakeDevice(const sim::Lab& lab, std::size_t n) {
  const sim::Topology& topo = lab.topology;
  std::vector<sim::PortSpec> ports;
  for (const sim::Link& link : topo.links) {
    for (const sim::Endpoint& e : link.endpoints) {
      if (e.node != topo.nodes[n].name) {
        continue;
      }
      sim::PortSpec p;
      p.name = e.interface;
      p.shared = link.IsSegment();
      p.edge = true;
      for (const sim::Endpoint& o : link.endpoints) {
        const sim::Node* peer = topo.FindNode(o.node);
        if (o.node != e.node && peer != nullptr && peer->kind == sim::NodeKind::kSwitch) {
          p.edge = false;
        }
      }
      ports.push_back(p);
    }
  }
  return std::make_unique<sim::Device>(topo.nodes[n].name, lab.configs[n], std::move(ports),
                                       static_cast<std::uint32_t>(n + 1));
}

Status<std::string> WriteFiles(const GeneratedLab& g, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fmt::format("{}: {}", dir.string(), ec.message());
  }
  for (const auto& [name, text] : g.files) {
    std::ofstream f(dir / name, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f) {
      return fmt::format("{}: cannot write", (dir / name).string());
    }
  }
  return {};
}

Time At(Duration d) { return kTimeZero + d; }

struct Where {
  std::size_t device = 0;
  std::size_t iface = 0;
};

class Checker {
 public:
  Checker(const GeneratedLab& g, sim::Network& net) : g_(g), net_(net) {
    for (const GenLink& l : g.links) {
      std::vector<Where> ends;
      for (const GenEnd& e : l.ends) {
        const std::size_t d = *net.FindDevice(e.node);
        ends.push_back(Where{d, *net.device(d).FindInterface(e.iface)});
      }
      ends_.push_back(std::move(ends));
    }
    for (const GenHost& h : g.hosts) {
      host_device_.push_back(*net.FindDevice(h.name));
    }
  }

  // Every slot's senders go to `flows` (for --flows).
  void set_flows(std::string* flows) { flows_ = flows; }

  void CheckPhase(const Phase& p, RunOutcome& out) {
    phase_ = &p;
    out_ = &out;
    counts_.clear();
    mroutes_.clear();
    for (const Slot& s : p.slots) {
      CheckSlot(s);
      ++out.slots_checked;
    }
    CheckDr();
    CheckAsserts();
  }

 private:
  void Report(const std::string& invariant, const std::string& detail) {
    std::size_t& n = counts_[invariant];
    if (++n <= kMaxDetails) {
      out_->violations.push_back(Violation{phase_->name, invariant, detail});
    } else if (n == kMaxDetails + 1) {
      out_->violations.push_back(
          Violation{phase_->name, invariant, "... (further violations of it not listed)"});
    }
  }

  std::string LinkName(std::size_t l) const {
    const GenLink& link = g_.links[l];
    std::string ends;
    for (const GenEnd& e : link.ends) {
      ends += fmt::format("{}{}:{}", ends.empty() ? "" : " ", e.node, e.iface);
    }
    return fmt::format("link {} {} [{}]", l, link.subnet, ends);
  }

  std::uint64_t Sent(std::size_t l, std::size_t e, const Slot& s) const {
    const Where w = ends_[l][e];
    const sim::TrafficLog& t = net_.traffic();
    return t.CountSent(w.device, w.iface, std::nullopt, s.group, At(s.start)) -
           t.CountSent(w.device, w.iface, std::nullopt, s.group, At(s.end));
  }

  bool Member(std::size_t host, Ipv4 group) const {
    const auto it = phase_->members.find(host);
    return it != phase_->members.end() && it->second.contains(group);
  }

  std::optional<std::size_t> HostOf(const GenEnd& e) const {
    for (std::size_t h = 0; h < g_.hosts.size(); ++h) {
      if (g_.hosts[h].name == e.node) {
        return h;
      }
    }
    return std::nullopt;
  }

  std::string SgName(const Slot& s) const {
    return fmt::format("({}, {}) slot {}ms-{}ms", g_.hosts[s.host].address, s.group,
                       std::chrono::duration_cast<std::chrono::milliseconds>(s.start).count(),
                       std::chrono::duration_cast<std::chrono::milliseconds>(s.end).count());
  }

  void CheckSlot(const Slot& s) {
    const Ipv4 src = g_.hosts[s.host].address;
    const sim::TrafficLog& t = net_.traffic();
    for (std::size_t h = 0; h < g_.hosts.size(); ++h) {
      if (h == s.host) {
        continue;
      }
      const std::size_t d = host_device_[h];
      const std::uint64_t got = t.CountReceived(d, s.group, src, At(s.start)) -
                                t.CountReceived(d, s.group, src, At(s.end));
      const std::uint64_t want = Member(h, s.group) ? kBurst : 0;
      if (got != want) {
        Report("delivery", fmt::format("{} ({}member, on {}) received {} of the {} packets of {}",
                                       g_.hosts[h].name, want > 0 ? "" : "non-",
                                       LinkName(g_.hosts[h].link), got, kBurst, SgName(s)));
      }
    }
    // sent[l][e]: frames of G the endpoint sent in the slot.
    std::vector<std::vector<std::uint64_t>> sent(g_.links.size());
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      std::uint64_t total = 0;
      std::string who;
      for (std::size_t e = 0; e < ends_[l].size(); ++e) {
        sent[l].push_back(Sent(l, e, s));
        total += sent[l][e];
        if (sent[l][e] > 0) {
          who += fmt::format(" {}:{}={}", g_.links[l].ends[e].node, g_.links[l].ends[e].iface,
                             sent[l][e]);
        }
      }
      if (total > kBurst) {
        Report("link-once", fmt::format("{} carried {} frames of {} (sent by{})", LinkName(l),
                                        total, SgName(s), who));
      }
    }
    CheckRouterOnce(s, sent);
    CheckDownstream(s, sent);
    if (flows_ != nullptr) {
      *flows_ += fmt::format("[phase {}] frames of {}:", phase_->name, SgName(s));
      for (std::size_t l = 0; l < g_.links.size(); ++l) {
        for (std::size_t e = 0; e < ends_[l].size(); ++e) {
          if (sent[l][e] > 0) {
            *flows_ += fmt::format(" {}:{}={}", g_.links[l].ends[e].node, g_.links[l].ends[e].iface,
                                   sent[l][e]);
          }
        }
      }
      *flows_ += "\n";
    }
  }

  void CheckRouterOnce(const Slot& s, const std::vector<std::vector<std::uint64_t>>& sent) {
    std::map<std::size_t, std::pair<std::uint64_t, std::string>> in;  // router device -> frames
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      const GenLink& link = g_.links[l];
      if (link.ends.size() != 2 || !link.ends[0].router || !link.ends[1].router) {
        continue;
      }
      for (std::size_t e = 0; e < 2; ++e) {
        if (sent[l][1 - e] > 0) {
          auto& [n, from] = in[ends_[l][e].device];
          n += sent[l][1 - e];
          from += fmt::format(" {}x{} from {}", sent[l][1 - e], link.ends[e].iface,
                              link.ends[1 - e].node);
        }
      }
    }
    for (const auto& [d, v] : in) {
      if (v.first > kBurst) {
        Report("router-once", fmt::format("{} received {} frames of {} on point-to-point links:{}",
                                          net_.device(d).name(), v.first, SgName(s), v.second));
      }
    }
  }

  // useful[l][e]: the endpoint's frames of G on link l serve a member (least fixpoint).
  void CheckDownstream(const Slot& s, const std::vector<std::vector<std::uint64_t>>& sent) {
    std::vector<std::vector<bool>> useful(g_.links.size());
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      useful[l].assign(ends_[l].size(), false);
    }
    // forwards[device]: (link, end) pairs where the device sent something useful.
    bool changed = true;
    while (changed) {
      changed = false;
      for (std::size_t l = 0; l < g_.links.size(); ++l) {
        for (std::size_t e = 0; e < ends_[l].size(); ++e) {
          if (useful[l][e] || sent[l][e] == 0 || !g_.links[l].ends[e].router) {
            continue;
          }
          if (HasUse(s, l, e, useful)) {
            useful[l][e] = true;
            changed = true;
          }
        }
      }
    }
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      for (std::size_t e = 0; e < ends_[l].size(); ++e) {
        if (sent[l][e] > 0 && g_.links[l].ends[e].router && !useful[l][e]) {
          Report("downstream",
                 fmt::format("{}:{} sent {} frames of {} on {}, where no member host is and no "
                             "router forwards them on toward one",
                             g_.links[l].ends[e].node, g_.links[l].ends[e].iface, sent[l][e],
                             SgName(s), LinkName(l)));
        }
      }
    }
  }

  bool HasUse(const Slot& s, std::size_t l, std::size_t e,
              const std::vector<std::vector<bool>>& useful) const {
    for (std::size_t o = 0; o < ends_[l].size(); ++o) {
      if (o == e) {
        continue;
      }
      const GenEnd& end = g_.links[l].ends[o];
      if (!end.router) {
        if (const std::optional<std::size_t> h = HostOf(end); h && Member(*h, s.group)) {
          return true;
        }
        continue;
      }
      const Where w = ends_[l][o];
      for (std::size_t l2 = 0; l2 < g_.links.size(); ++l2) {
        for (std::size_t e2 = 0; e2 < ends_[l2].size(); ++e2) {
          if (useful[l2][e2] && ends_[l2][e2].device == w.device &&
              ends_[l2][e2].iface != w.iface) {
            return true;
          }
        }
      }
    }
    return false;
  }

  // The DR per interface name, from `show ip pim interface | json`.
  std::map<std::string, Ipv4> DrTable(std::size_t d) {
    std::map<std::string, Ipv4> t;
    sim::Device& dev = net_.device(d);
    dev.AdvanceClock(net_.now());
    const std::optional<std::string> text = dev.Show("ip pim interface | json");
    if (!text) {
      return t;
    }
    const nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_array()) {
      return t;
    }
    for (const nlohmann::json& i : j) {
      if (auto a = Ipv4::Parse(i.value("dr", std::string()))) {
        t[i.value("interface", std::string())] = *a;
      }
    }
    return t;
  }

  // RFC 7761 §4.6: at most one assert winner per LAN and entry, from `show ip mroute | json`.
  void CheckAsserts() {
    // (link, "S or *", G) -> routers whose assert machine there is Winner.
    std::map<std::tuple<std::size_t, std::string, std::string>, std::vector<std::string>> winners;
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      if (phase_->links_down.contains(l)) {
        continue;
      }
      for (std::size_t e = 0; e < ends_[l].size(); ++e) {
        const GenEnd& end = g_.links[l].ends[e];
        if (!end.router) {
          continue;
        }
        for (const auto& [entry, group] : AssertWins(ends_[l][e].device, end.iface)) {
          winners[{l, entry, group}].push_back(end.node);
        }
      }
    }
    for (const auto& [key, who] : winners) {
      if (who.size() > 1) {
        std::string names;
        for (const std::string& w : who) {
          names += " " + w;
        }
        Report("one-assert-winner",
               fmt::format("{}: ({}, {}) has {} assert winners:{}", LinkName(std::get<0>(key)),
                           std::get<1>(key), std::get<2>(key), who.size(), names));
      }
    }
  }

  // The (source or "*", group) entries whose assert machine on `iface` is Winner.
  std::vector<std::pair<std::string, std::string>> AssertWins(std::size_t d,
                                                              const std::string& iface) {
    if (!mroutes_.contains(d)) {
      sim::Device& dev = net_.device(d);
      dev.AdvanceClock(net_.now());
      const std::optional<std::string> text = dev.Show("ip mroute | json");
      mroutes_[d] = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    }
    std::vector<std::pair<std::string, std::string>> out;
    const nlohmann::json& j = mroutes_[d];
    if (!j.is_array()) {
      return out;
    }
    for (const nlohmann::json& m : j) {
      const nlohmann::json* asserts = m.contains("asserts") ? &m["asserts"] : nullptr;
      if (asserts == nullptr || !asserts->is_array()) {
        continue;
      }
      for (const nlohmann::json& a : *asserts) {
        if (a.value("interface", std::string()) == iface &&
            a.value("state", std::string()) == "Winner") {
          out.emplace_back(m.value("source", std::string()), m.value("group", std::string()));
        }
      }
    }
    return out;
  }

  void CheckDr() {
    std::map<std::size_t, std::map<std::string, Ipv4>> tables;
    for (std::size_t l = 0; l < g_.links.size(); ++l) {
      if (phase_->links_down.contains(l)) {
        continue;
      }
      const GenLink& link = g_.links[l];
      const GenEnd* best = nullptr;
      for (const GenEnd& e : link.ends) {
        if (e.router && (best == nullptr || e.dr_priority > best->dr_priority ||
                         (e.dr_priority == best->dr_priority && e.address > best->address))) {
          best = &e;
        }
      }
      std::string views;
      bool ok = true;
      for (std::size_t e = 0; e < link.ends.size(); ++e) {
        if (!link.ends[e].router) {
          continue;
        }
        const std::size_t d = ends_[l][e].device;
        if (!tables.contains(d)) {
          tables[d] = DrTable(d);
        }
        const auto it = tables[d].find(link.ends[e].iface);
        const std::string dr = it == tables[d].end() ? "none" : it->second.ToString();
        views += fmt::format(" {}:{} says {}", link.ends[e].node, link.ends[e].iface, dr);
        ok = ok && it != tables[d].end() && it->second == best->address;
      }
      out_->links_checked++;
      if (!ok) {
        Report("one-dr", fmt::format("{}: expected DR {} ({}, priority {});{}", LinkName(l),
                                     best->address, best->node, best->dr_priority, views));
      }
    }
  }

  const GeneratedLab& g_;
  sim::Network& net_;
  std::vector<std::vector<Where>> ends_;
  std::vector<std::size_t> host_device_;
  const Phase* phase_ = nullptr;
  RunOutcome* out_ = nullptr;
  std::map<std::string, std::size_t> counts_;
  std::string* flows_ = nullptr;
  std::map<std::size_t, nlohmann::json> mroutes_;  // `show ip mroute | json` per router, per phase
};

// Carries out one scenario line as RunLab does (the generator writes only these kinds).
void RunLine(sim::Network& net, const sim::ScenarioLine& sl, RunOutcome& out) {
  std::string err;
  if (const auto* e = std::get_if<sim::ExecAction>(&sl.action)) {
    const std::size_t d = *net.FindDevice(e->node);
    sim::Device& dev = net.device(d);
    const Time now = net.now();
    dev.AdvanceClock(now);
    if (const auto* j = std::get_if<sim::JoinCommand>(&e->parsed)) {
      err = dev.Join(now, *j);
    } else if (const auto* l = std::get_if<sim::LeaveCommand>(&e->parsed)) {
      err = dev.Leave(now, *l);
    } else if (const auto* s = std::get_if<sim::SendCommand>(&e->parsed)) {
      err = dev.Send(now, *s);
    } else {
      err = "unexpected command";
    }
  } else if (const auto* l = std::get_if<sim::LinkAction>(&sl.action)) {
    net.SetLinkUp(l->endpoint.link, l->up);
  }
  if (!err.empty()) {
    out.violations.push_back(
        Violation{"", "lab", fmt::format("scenario.txt:{}: {}: {}", sl.line, sl.text, err)});
  }
}

}  // namespace

RunOutcome RunAndCheck(const GeneratedLab& g, const std::filesystem::path& dir,
                       const RunOptions& options, std::string* diag) {
  RunOutcome out;
  if (Status<std::string> w = WriteFiles(g, dir); !w) {
    out.violations.push_back(Violation{"", "lab", w.error()});
    return out;
  }
  auto lab = sim::LoadLab(dir);
  if (!lab) {
    out.violations.push_back(Violation{"", "lab", lab.error()});
    return out;
  }
  sim::Network net(g.seed);
  for (std::size_t n = 0; n < lab->topology.nodes.size(); ++n) {
    net.AddDevice(MakeDevice(*lab, n));
  }
  for (const sim::Link& link : lab->topology.links) {
    std::vector<std::pair<std::size_t, std::string>> ends;
    for (const sim::Endpoint& e : link.endpoints) {
      ends.emplace_back(*net.FindDevice(e.node), e.interface);
    }
    if (auto l = net.AddLink(ends, link.delay, link.loss); !l) {
      out.violations.push_back(Violation{"", "lab", l.error()});
      return out;
    }
  }
  if (!options.pcap_dir.empty()) {
    if (Status<std::string> p = net.EnablePcap(options.pcap_dir); !p) {
      out.violations.push_back(Violation{"", "lab", p.error()});
      return out;
    }
  }
  net.Start();
  for (std::size_t l = 0; l < lab->topology.links.size(); ++l) {
    net.SetLinkUp(l, true);
  }
  net.ConvergeIgpNow();
  // Markers in scenario order first (as RunLab schedules them), then one per phase check.
  const std::vector<sim::ScenarioLine>& lines = lab->scenario->lines;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    net.ScheduleMarker(At(lines[i].at), i);
  }
  for (std::size_t p = 0; p < g.phases.size(); ++p) {
    net.ScheduleMarker(At(g.phases[p].check_at), lines.size() + p);
  }
  Checker checker(g, net);
  if (options.flows) {
    checker.set_flows(diag);
  }
  const Time end = At(g.phases.back().check_at) + std::chrono::seconds{1};
  std::size_t checked = 0;
  while (checked < g.phases.size() && net.now() < end) {
    const std::optional<std::uint64_t> m = net.RunUntil(end);
    for (std::size_t d = 0; d < net.device_count(); ++d) {
      net.device(d).TakeDone();
    }
    if (!m) {
      continue;
    }
    if (*m < lines.size()) {
      RunLine(net, lines[*m], out);
    } else {
      const Phase& phase = g.phases[*m - lines.size()];
      checker.CheckPhase(phase, out);
      ++checked;
      for (const ShowRequest& sr : options.shows) {
        const std::optional<std::size_t> d = net.FindDevice(sr.node);
        if (d && diag != nullptr) {
          net.device(*d).AdvanceClock(net.now());
          *diag += fmt::format(
              "[phase {} t={}ms] {}# show {}\n{}", phase.name,
              std::chrono::duration_cast<std::chrono::milliseconds>(net.now() - kTimeZero).count(),
              sr.node, sr.args, net.device(*d).Show(sr.args).value_or("% not supported\n"));
        }
      }
    }
  }
  out.events = net.events();
  net.Flush();
  return out;
}

}  // namespace mc::simrand
