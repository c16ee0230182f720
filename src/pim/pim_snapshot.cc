// PimEngine::Snap: the engine state as plain data for show and JSON (snapshot.h), with IOS
// `show ip mroute` flags (Cisco IOS IP Multicast Command Reference, "show ip mroute"):
//   S sparse, s SSM, C connected (local members), L local (the router is a member), P pruned
//   (empty olist), R RP-bit (S,G,rpt prune state), F register flag (registering DR), T SPT-bit,
//   J join SPT (the (*,G) of a last-hop router that switches on the first packet), I
//   source-specific host report.
// IOS shows a (*,G) parent for every sparse-mode (S,G); one is synthesized (flags "SP", no RPF)
// when the TIB holds none, as the RP of seed 002 shows before any receiver joins.
#include <algorithm>

#include "pim/pim_engine.h"

namespace mc::pim {

namespace {

std::optional<Time> Later(std::optional<Time> a, std::optional<Time> b) {
  if (!a) {
    return b;
  }
  if (!b) {
    return a;
  }
  return std::max(*a, *b);
}

}  // namespace

std::vector<AssertSnapshot> PimEngine::AssertsOf(const Sg& sg, const Entry& e) const {
  std::vector<AssertSnapshot> out;
  for (const AssertIf& a : e.asserts) {
    out.push_back({.ifindex = a.ifx,
                   .state = std::string(ToString(a.state)),
                   .winner = a.winner,
                   .rpt_bit = a.winner_metric.rpt_bit,
                   .metric_preference = a.winner_metric.metric_preference,
                   .metric = a.winner_metric.route_metric,
                   .since = a.since,
                   .expires = timers_.Deadline({TimerKind::kAssert, a.ifx, sg, {}})});
  }
  return out;
}

PimSnapshot PimEngine::Snap(Time now) const {
  PimSnapshot s;
  s.at = now;
  for (const auto& [ifx, i] : ifaces_) {
    if (!i.pim) {
      continue;
    }
    s.interfaces.push_back({ifx, i.address.address, i.address.prefix_len, i.up,
                            i.settings.dr_priority, i.settings.hello_period, i.dr,
                            i.neighbors.size()});
    for (const auto& [addr, n] : i.neighbors) {
      s.neighbors.push_back({addr, ifx, n.since, n.expires, n.dr_priority, addr == i.dr});
    }
  }
  for (const RpMapping& m : settings_.static_rps) {
    s.rp_mappings.push_back({m.rp, m.acl_name, m.override_dynamic});
  }
  s.ssm_enabled = settings_.ssm.enabled;
  std::set<Ipv4> groups;
  for (const auto& [sg, e] : tib_) {
    groups.insert(sg.group);
  }
  for (const auto& [sg, m] : installed_) {
    groups.insert(sg.group);
  }
  for (const Ipv4 g : groups) {
    const bool ssm = settings_.ssm.Contains(g);
    const Entry* star = Find(Sg{{}, g});
    if (star != nullptr || !ssm) {
      MrouteSnapshot m{
          .group = g, .since = star ? star->since : now, .rp = RpOf(g).value_or(Ipv4{})};
      std::string flags = "S";
      if (star != nullptr) {
        if (!star->local_include.empty()) {
          const bool spt = SwitchToSptDesired(Sg{kAnySource, g});
          flags += spt ? "JC" : "C";
        }
        m.iif = star->rpf_if;
        m.rpf_neighbor = star->rpf_nbr;
        for (const IfIndex oif : ImmediateOlist(Sg{{}, g})) {
          OifSnapshot o{.ifindex = oif, .since = now};
          for (const DsIf& d : star->ds) {
            if (d.ifx == oif) {
              o.since = d.since;
              o.expires = timers_.Deadline({TimerKind::kExpiry, oif, Sg{{}, g}, {}});
              m.expires = Later(m.expires, o.expires);
            }
          }
          o.local = std::binary_search(star->local_include.begin(), star->local_include.end(), oif);
          o.assert_winner = AssertWinnerIsMe(Sg{{}, g}, oif);
          m.oifs.push_back(o);
        }
        m.asserts = AssertsOf(Sg{{}, g}, *star);
      }
      if (m.oifs.empty()) {
        flags += "P";
      }
      m.flags = flags;
      s.mroutes.push_back(std::move(m));
    }
    for (auto it = tib_.lower_bound(Sg{Ipv4{1}, g}); it != tib_.end() && it->first.group == g;
         ++it) {
      const Sg& sg = it->first;
      const Entry& e = it->second;
      const std::optional<RpfInfo> rpf = mrib_.Lookup(sg.source);
      MrouteSnapshot m{.source = sg.source, .group = g, .since = e.since};
      m.expires = timers_.Deadline({TimerKind::kKeepalive, {}, sg, {}});
      m.iif = rpf ? rpf->iif : IfIndex{};
      m.rpf_neighbor = e.rpf_nbr.IsUnspecified() && rpf ? rpf->next_hop : e.rpf_nbr;
      std::string flags = ssm ? "s" : "";
      if (!e.local_include.empty()) {
        flags += "I";
      }
      if (e.rpt_us == RptUsState::kPruned || !e.rpt.empty()) {
        flags += "R";
      }
      if (e.reg != RegState::kNoInfo) {
        flags += "F";
      }
      if (e.spt_bit) {
        flags += "T";
      }
      IfSet olist = InheritedOlist(sg);
      std::erase(olist, m.iif);
      for (const IfIndex oif : olist) {
        OifSnapshot o{.ifindex = oif, .since = e.since};
        for (const DsIf& d : e.ds) {
          if (d.ifx == oif) {
            o.since = d.since;
            o.expires = timers_.Deadline({TimerKind::kExpiry, oif, sg, {}});
          }
        }
        o.local = std::binary_search(e.local_include.begin(), e.local_include.end(), oif);
        o.assert_winner = AssertWinnerIsMe(sg, oif);
        m.oifs.push_back(o);
      }
      m.asserts = AssertsOf(sg, e);
      if (m.oifs.empty()) {
        flags += "P";
      }
      m.flags = flags;
      if (const auto f = flows_.find(sg); f != flows_.end()) {
        m.packets = f->second.earlier_packets + f->second.packets;
        m.bytes = f->second.earlier_bytes + f->second.bytes;
        m.wrong_if = f->second.earlier_wrong_if + f->second.wrong_if;
      }
      s.mroutes.push_back(std::move(m));
    }
  }
  s.counters = counters_.Snapshot();
  return s;
}

}  // namespace mc::pim
