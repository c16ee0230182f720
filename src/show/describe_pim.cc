// PIM lines in the style of IOS `debug ip pim`, one per message:
//   PIM: Received v2 Join/Prune on eth1 from 10.0.12.2 to 10.0.12.1 for 1 group: (*, 239.1.1.1)
//   RPT-join
// Join/prune entries are named by their S/W/R bits (RFC 7761 §4.9.5.1): W+R "(*, G) RPT-join",
// R alone "(S, G) RPT-prune" for (S,G,rpt), neither "(S, G) SPT-join".
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "show/packet_describe.h"
#include "wire/ip.h"
#include "wire/pim.h"

namespace mc::show {
namespace {

using nlohmann::json;
using namespace mc::wire;

json GroupJson(const PimEncodedGroup& g) {
  return {{"group", g.group.ToString()},
          {"mask_len", g.mask_len},
          {"bidir", g.bidir},
          {"admin_scope", g.admin_scope}};
}

std::string GroupRange(const PimEncodedGroup& g) {
  return g.mask_len == 32 ? g.group.ToString() : fmt::format("{}/{}", g.group, g.mask_len);
}

json SourceJson(const PimEncodedSource& s) {
  return {{"source", s.source.ToString()},
          {"mask_len", s.mask_len},
          {"s", s.sparse},
          {"w", s.wildcard},
          {"r", s.rpt}};
}

std::string Entry(const PimEncodedSource& s, const PimEncodedGroup& g, bool join) {
  const char* verb = join ? "join" : "prune";
  if (s.wildcard) return fmt::format("(*, {}) RPT-{}", GroupRange(g), verb);
  return fmt::format("({}, {}) {}-{}", s.source, GroupRange(g), s.rpt ? "RPT" : "SPT", verb);
}

template <class Body>
std::string JoinPruneLike(const IpMeta& m, const Body& b, std::string_view name, json& j) {
  j["upstream_neighbor"] = b.upstream_neighbor.ToString();
  j["holdtime_s"] = b.holdtime_s;
  json groups = json::array();
  std::vector<std::string> entries;
  for (const PimJoinPruneGroup& g : b.groups) {
    json joins = json::array();
    json prunes = json::array();
    for (const PimEncodedSource& s : g.joins) {
      joins.push_back(SourceJson(s));
      entries.push_back(Entry(s, g.group, true));
    }
    for (const PimEncodedSource& s : g.prunes) {
      prunes.push_back(SourceJson(s));
      entries.push_back(Entry(s, g.group, false));
    }
    groups.push_back({{"group", GroupJson(g.group)}, {"joins", joins}, {"prunes", prunes}});
  }
  j["groups"] = std::move(groups);
  return fmt::format("PIM: Received v2 {} on {} from {} to {} for {} group{}: {}", name, m.ifname,
                     m.src, b.upstream_neighbor, b.groups.size(), b.groups.size() == 1 ? "" : "s",
                     fmt::join(entries, ", "));
}

// The (S, G) a Register carries: the inner packet's header (a Null-Register has only that).
std::string RegisterChannel(const PimRegister& r, json& j) {
  const Result<Ipv4Packet, DecodeError> inner = DecodeIpv4(r.packet);
  if (!inner) {
    j["inner_error"] = ToString(inner.error());
    return fmt::format("(?, ?) [inner packet {}]", inner.error());
  }
  j["inner_source"] = inner->header.src.ToString();
  j["inner_group"] = inner->header.dst.ToString();
  j["inner_protocol"] = inner->header.protocol;
  return fmt::format("({}, {})", inner->header.src, inner->header.dst);
}

struct Render {
  const IpMeta& m;
  json& j;

  std::string operator()(const PimHello& h) const {
    std::vector<std::string> opts;
    if (h.holdtime_s) {
      j["holdtime_s"] = *h.holdtime_s;
      opts.push_back(fmt::format("holdtime {}s", *h.holdtime_s));
    }
    if (h.dr_priority) {
      j["dr_priority"] = *h.dr_priority;
      opts.push_back(fmt::format("DR priority {}", *h.dr_priority));
    }
    if (h.generation_id) {
      j["generation_id"] = *h.generation_id;
      opts.push_back(fmt::format("genid 0x{:08x}", *h.generation_id));
    }
    if (h.lan_prune_delay) {
      j["lan_prune_delay"] = {{"t_bit", h.lan_prune_delay->t_bit},
                              {"propagation_delay_ms", h.lan_prune_delay->propagation_delay_ms},
                              {"override_interval_ms", h.lan_prune_delay->override_interval_ms}};
      opts.push_back(fmt::format("prune delay {}/{}ms", h.lan_prune_delay->propagation_delay_ms,
                                 h.lan_prune_delay->override_interval_ms));
    }
    if (h.state_refresh) {
      j["state_refresh"] = {{"version", h.state_refresh->version},
                            {"interval_s", h.state_refresh->interval_s}};
      opts.push_back(fmt::format("state refresh {}s", h.state_refresh->interval_s));
    }
    j["bidir_capable"] = h.bidir_capable;
    if (h.bidir_capable) opts.emplace_back("bidir");
    json addrs = json::array();
    for (const Ipv4 a : h.secondary_addresses) addrs.push_back(a.ToString());
    j["secondary_addresses"] = std::move(addrs);
    if (!h.secondary_addresses.empty()) {
      opts.push_back(fmt::format("{} secondary address(es)", h.secondary_addresses.size()));
    }
    json other = json::array();
    for (const PimHelloOption& o : h.other_options)
      other.push_back({{"type", o.type}, {"length", o.value.size()}});
    j["other_options"] = std::move(other);
    return fmt::format("PIM: Received v2 Hello on {} from {} ({})", m.ifname, m.src,
                       fmt::join(opts, ", "));
  }
  std::string operator()(const PimRegister& r) const {
    j["border"] = r.border;
    j["null_register"] = r.null_register;
    j["inner_length"] = r.packet.size();
    const std::string sg = RegisterChannel(r, j);
    return fmt::format("PIM: Received v2 {}Register on {} from {} to {} for {}",
                       r.null_register ? "Null-" : "", m.ifname, m.src, m.dst, sg);
  }
  std::string operator()(const PimRegisterStop& r) const {
    j["group"] = GroupJson(r.group);
    j["source"] = r.source.ToString();
    return fmt::format("PIM: Received v2 Register-Stop on {} from {} to {} for ({}, {})", m.ifname,
                       m.src, m.dst, r.source, GroupRange(r.group));
  }
  std::string operator()(const PimJoinPrune& b) const {
    return JoinPruneLike(m, b, "Join/Prune", j);
  }
  std::string operator()(const PimGraft& b) const { return JoinPruneLike(m, b, "Graft", j); }
  std::string operator()(const PimGraftAck& b) const { return JoinPruneLike(m, b, "Graft-Ack", j); }
  std::string operator()(const PimBootstrap& b) const {
    j["fragment_tag"] = b.fragment_tag;
    j["hash_mask_len"] = b.hash_mask_len;
    j["bsr_priority"] = b.bsr_priority;
    j["bsr_address"] = b.bsr_address.ToString();
    j["no_forward"] = b.no_forward();
    json groups = json::array();
    std::vector<std::string> ranges;
    for (const PimBsrGroup& g : b.groups) {
      json rps = json::array();
      std::vector<std::string> rp_text;
      for (const PimBsrRp& rp : g.rps) {
        rps.push_back({{"address", rp.address.ToString()},
                       {"holdtime_s", rp.holdtime_s},
                       {"priority", rp.priority}});
        rp_text.push_back(fmt::format("{}(pri {})", rp.address, rp.priority));
      }
      groups.push_back({{"group", GroupJson(g.group)}, {"rp_count", g.rp_count}, {"rps", rps}});
      ranges.push_back(fmt::format("{} -> {}", GroupRange(g.group), fmt::join(rp_text, " ")));
    }
    j["groups"] = std::move(groups);
    return fmt::format(
        "PIM: Received v2 Bootstrap on {} from {}: BSR {} priority {}, hash mask {}, "
        "{} group range{}{}{}",
        m.ifname, m.src, b.bsr_address, b.bsr_priority, b.hash_mask_len, b.groups.size(),
        b.groups.size() == 1 ? "" : "s", b.groups.empty() ? "" : ": ", fmt::join(ranges, "; "));
  }
  std::string operator()(const PimAssert& a) const {
    j["group"] = GroupJson(a.group);
    j["source"] = a.source.ToString();
    j["rpt"] = a.rpt;
    j["metric_preference"] = a.metric_preference;
    j["metric"] = a.metric;
    const std::string src = a.source.IsUnspecified() ? "*" : a.source.ToString();
    return fmt::format(
        "PIM: Received v2 Assert on {} from {} for ({}, {}), RPT-bit {}, metric "
        "preference {}, metric {}",
        m.ifname, m.src, src, GroupRange(a.group), a.rpt ? 1 : 0, a.metric_preference, a.metric);
  }
  std::string operator()(const PimCandidateRpAdvertisement& c) const {
    j["priority"] = c.priority;
    j["holdtime_s"] = c.holdtime_s;
    j["rp_address"] = c.rp_address.ToString();
    json groups = json::array();
    std::vector<std::string> ranges;
    for (const PimEncodedGroup& g : c.groups) {
      groups.push_back(GroupJson(g));
      ranges.push_back(GroupRange(g));
    }
    j["groups"] = std::move(groups);
    if (ranges.empty()) ranges.emplace_back("224.0.0.0/4");
    return fmt::format(
        "PIM: Received v2 Candidate-RP-Advertisement on {} from {} to {}: RP {} "
        "priority {}, holdtime {}s for {}",
        m.ifname, m.src, m.dst, c.rp_address, c.priority, c.holdtime_s, fmt::join(ranges, ", "));
  }
  std::string operator()(const PimStateRefresh& s) const {
    j["group"] = GroupJson(s.group);
    j["source"] = s.source.ToString();
    j["originator"] = s.originator.ToString();
    j["metric_preference"] = s.metric_preference;
    j["metric"] = s.metric;
    j["mask_len"] = s.mask_len;
    j["ttl"] = s.ttl;
    j["prune_indicator"] = s.prune_indicator;
    j["prune_now"] = s.prune_now;
    j["assert_override"] = s.assert_override;
    j["interval_s"] = s.interval_s;
    return fmt::format(
        "PIM: Received v2 State Refresh on {} from {} for ({}, {}), originator {}, "
        "TTL {}, interval {}s{}",
        m.ifname, m.src, s.source, GroupRange(s.group), s.originator, s.ttl, s.interval_s,
        s.prune_indicator ? ", prune indicator" : "");
  }
  template <PimDfSubtype kSub>
  std::string operator()(const PimDfBasic<kSub>& d) const {
    DfCommon(d.rp_address, d.metric_preference, d.metric);
    return DfLine(PimTypeName(PimMessage{d}), d.rp_address, d.metric_preference, d.metric, "");
  }
  std::string operator()(const PimDfBackoff& d) const {
    DfCommon(d.rp_address, d.metric_preference, d.metric);
    j["offering_address"] = d.offering_address.ToString();
    j["offering_metric_preference"] = d.offering_metric_preference;
    j["offering_metric"] = d.offering_metric;
    j["interval_ms"] = d.interval_ms;
    return DfLine("DF Backoff", d.rp_address, d.metric_preference, d.metric,
                  fmt::format(", offer from {}, backoff {}ms", d.offering_address, d.interval_ms));
  }
  std::string operator()(const PimDfPass& d) const {
    DfCommon(d.rp_address, d.metric_preference, d.metric);
    j["new_winner_address"] = d.new_winner_address.ToString();
    j["new_winner_metric_preference"] = d.new_winner_metric_preference;
    j["new_winner_metric"] = d.new_winner_metric;
    return DfLine("DF Pass", d.rp_address, d.metric_preference, d.metric,
                  fmt::format(", new winner {}", d.new_winner_address));
  }

 private:
  void DfCommon(Ipv4 rp, std::uint32_t pref, std::uint32_t metric) const {
    j["rp_address"] = rp.ToString();
    j["metric_preference"] = pref;
    j["metric"] = metric;
  }
  std::string DfLine(std::string_view name, Ipv4 rp, std::uint32_t pref, std::uint32_t metric,
                     const std::string& extra) const {
    return fmt::format(
        "PIM: Received v2 {} on {} from {} for RP {}, metric preference {}, metric "
        "{}{}",
        name, m.ifname, m.src, rp, pref, metric, extra);
  }
};

}  // namespace

PacketLine DescribePim(const IpMeta& meta, std::span<const std::uint8_t> payload) {
  PacketLine line{.json = Envelope(meta, "pim")};
  const Result<PimMessage, DecodeError> msg = DecodePim(payload);
  if (!msg) {
    line.json["error"] = ToString(msg.error());
    line.text = fmt::format("PIM: Malformed packet on {} from {} to {}: {}", meta.ifname, meta.src,
                            meta.dst, msg.error());
    return line;
  }
  json body;
  body["type"] = PimTypeName(*msg);
  line.text = std::visit(Render{meta, body}, *msg);
  line.json["message"] = std::move(body);
  return line;
}

}  // namespace mc::show
