// Helpers for the PIM engine tests: a router fixture with three interfaces, builders for Hello
// and Join/Prune packets, and decoders for the PIM messages a step sent.
#pragma once

#include <gtest/gtest.h>

#include <variant>
#include <vector>

#include "engine/test_util.h"
#include "pim/pim_engine.h"
#include "wire/ip.h"

namespace mc::pim::testing {

using engine::Effect;
using std::chrono::milliseconds;
using std::chrono::seconds;

inline Time At(Duration d) { return kTimeZero + d; }

// if1 downstream LAN, if2 toward the RP, if3 toward the sources.
inline const IfIndex kIf1{1};
inline const IfIndex kIf2{2};
inline const IfIndex kIf3{3};
inline const Ipv4 kMe1{10, 0, 1, 1};
inline const Ipv4 kMe2{10, 0, 2, 1};
inline const Ipv4 kMe3{10, 0, 3, 1};
inline const Ipv4 kDown1{10, 0, 1, 2};  // downstream neighbors on if1
inline const Ipv4 kDown2{10, 0, 1, 3};
inline const Ipv4 kUpRp{10, 0, 2, 2};   // RPF neighbor toward the RP
inline const Ipv4 kUpSrc{10, 0, 3, 2};  // RPF neighbor toward the source
inline const Ipv4 kRp{9, 9, 9, 9};
inline const Ipv4 kG{239, 1, 1, 1};
inline const Ipv4 kS{10, 5, 0, 10};
inline const Sg kStarG{{}, kG};
inline const Sg kSG{kS, kG};

inline engine::PacketIn PimPacket(IfIndex ifx, Ipv4 src, Ipv4 dst, const wire::PimMessage& m) {
  engine::PacketIn p;
  p.ifindex = ifx;
  p.src = src;
  p.dst = dst;
  p.ttl = 1;
  p.protocol = wire::kProtoPim;
  p.bytes = *wire::EncodeToBytes(m);
  return p;
}

inline wire::PimHello Hello(std::uint16_t holdtime_s = 105, std::optional<std::uint32_t> prio = 1,
                            std::uint32_t genid = 7) {
  wire::PimHello h;
  h.holdtime_s = holdtime_s;
  h.dr_priority = prio;
  h.generation_id = genid;
  h.lan_prune_delay = wire::PimLanPruneDelay{};
  return h;
}

inline wire::PimEncodedSource StarGSource(Ipv4 rp = kRp) {
  return {.source = rp, .mask_len = 32, .sparse = true, .wildcard = true, .rpt = true};
}
inline wire::PimEncodedSource SgSource(Ipv4 s = kS) {
  return {.source = s, .mask_len = 32, .sparse = true};
}
inline wire::PimEncodedSource SgRptSource(Ipv4 s = kS) {
  return {.source = s, .mask_len = 32, .sparse = true, .rpt = true};
}

inline wire::PimJoinPrune Jp(Ipv4 upstream, Ipv4 group, std::vector<wire::PimEncodedSource> joins,
                             std::vector<wire::PimEncodedSource> prunes,
                             std::uint16_t holdtime = 210) {
  wire::PimJoinPrune jp{.upstream_neighbor = upstream, .holdtime_s = holdtime};
  jp.groups.push_back({.group = {.group = group}, .joins = joins, .prunes = prunes});
  return jp;
}

// A PIM message sent by a step, with where it went.
struct Sent {
  IfIndex oif;
  Ipv4 src;
  Ipv4 dst;
  wire::PimMessage msg;
};

inline std::vector<Sent> SentPim(const std::vector<Effect>& out) {
  std::vector<Sent> r;
  for (const Effect& e : out) {
    if (const auto* s = std::get_if<engine::SendPacket>(&e)) {
      if (s->protocol != wire::kProtoPim) {
        continue;
      }
      auto m = wire::DecodePim(s->payload);
      EXPECT_TRUE(m.has_value());
      if (m) {
        r.push_back({s->oif, s->src, s->dst, *m});
      }
    }
  }
  return r;
}

template <class M>
std::vector<std::pair<Sent, M>> SentOf(const std::vector<Effect>& out) {
  std::vector<std::pair<Sent, M>> r;
  for (const Sent& s : SentPim(out)) {
    if (const M* m = std::get_if<M>(&s.msg)) {
      r.emplace_back(s, *m);
    }
  }
  return r;
}

// Does any sent J/P to `upstream` carry this entry as a join (or prune)?
inline bool SentJp(const std::vector<Effect>& out, Ipv4 upstream, Ipv4 group,
                   const wire::PimEncodedSource& src, bool join) {
  for (const auto& [s, jp] : SentOf<wire::PimJoinPrune>(out)) {
    if (jp.upstream_neighbor != upstream) {
      continue;
    }
    for (const auto& g : jp.groups) {
      const auto& list = join ? g.joins : g.prunes;
      if (g.group.group == group && std::find(list.begin(), list.end(), src) != list.end()) {
        return true;
      }
    }
  }
  return false;
}

// A router with three PIM interfaces, routes toward the RP (via if2) and the source (via if3),
// a static RP, and neighbors kUpRp / kUpSrc already up.
struct Fixture {
  PimEngine r;
  std::vector<Effect> out;
  Time now = kTimeZero;

  explicit Fixture(PimGlobalSettings g = DefaultSettings(), std::uint64_t seed = 1)
      : r(PimEngineOptions{}, Rng(seed)) {
    r.Configure(now, g, out);
    for (const auto& [ifx, addr] :
         {std::pair{kIf1, kMe1}, std::pair{kIf2, kMe2}, std::pair{kIf3, kMe3}}) {
      r.SetInterface(now, ifx, {addr, 24}, true, {}, out);
    }
    Route("9.9.9.9/32", kUpRp, kIf2);
    Route("10.5.0.0/16", kUpSrc, kIf3);
    Route("10.0.1.0/24", {}, kIf1);
    Route("10.0.2.0/24", {}, kIf2);
    Route("10.0.3.0/24", {}, kIf3);
    // Upstream neighbors never time out, so long runs need no Hello refreshes.
    Input(PimPacket(kIf2, kUpRp, kAllPimRouters, Hello(kHoldtimeInfinite)));
    Input(PimPacket(kIf3, kUpSrc, kAllPimRouters, Hello(kHoldtimeInfinite)));
  }
  static PimGlobalSettings DefaultSettings() {
    PimGlobalSettings g;
    g.static_rps.push_back({kRp, std::nullopt, "", false});
    return g;
  }
  void Route(const char* prefix, Ipv4 nh, IfIndex ifx) {
    Input(engine::RouteEvent{*Prefix::Parse(prefix), nh, ifx, 110, 10, false});
  }
  void Input(const engine::Input& in) { r.Handle(now, in, out); }
  void RunTo(Duration t) {
    now = At(t);
    r.AdvanceTo(now, out);
  }
  void Member(IfIndex ifx, Sg sg, bool joined = true,
              engine::FilterMode mode = engine::FilterMode::kExclude) {
    Input(engine::Notify{engine::GroupMembership{ifx, sg, joined, mode}});
  }
  void Data(engine::DataplaneKind kind, IfIndex iif, Sg sg, std::uint64_t packets = 0) {
    Input(engine::DataplaneEvent{kind, iif, sg, packets, packets * 100, {}});
  }
  std::uint64_t Count(PimCounter c) const { return r.counters()[c]; }
};

}  // namespace mc::pim::testing
