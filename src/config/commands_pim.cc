// PIM commands (IOS syntax; Cisco IOS IP Multicast Command Reference ranges and defaults):
//   interface: ip pim dr-priority 0-4294967295, ip pim query-interval 1-65535 [msec]
//   global:    ip pim rp-address A [ACL] [override], ip pim ssm default|range ACL,
//              ip pim spt-threshold infinity|0-4294967 [group-list ACL], ip pim register-source IF
// IOS semantics kept: one rp-address line per RP address (typing it again replaces its ACL and
// override flag) and at most one RP without an ACL (a second replaces the first); one
// spt-threshold line per group list; `no` forms restore the defaults. `ip pim query-interval N
// msec` needs at least 100 ms (the IOS minimum).
// Left out: `ip pim rp-address A bidir` ("not supported yet" until BIDIR-PIM), VRF forms.
#include <fmt/format.h>

#include <algorithm>

#include "config/commands.h"

namespace mc::config {
namespace {

using internal::CurrentInterface;
using internal::InvalidArgument;
using Outcome = Status<std::string>;

Outcome DrPriority(Call& c) {
  CurrentInterface(c).pim.dr_priority =
      c.args.negated() ? PimInterfaceConfig{}.dr_priority : c.args.Number("priority");
  return {};
}

Outcome QueryInterval(Call& c) {
  PimInterfaceConfig& p = CurrentInterface(c).pim;
  if (c.args.negated()) {
    p.query_interval_ms = PimInterfaceConfig{}.query_interval_ms;
    return {};
  }
  const std::uint32_t n = c.args.Number("period");
  if (c.args.Has("msec")) {
    if (n < 100) {
      return InvalidArgument(std::to_string(n), "expected a number (100-65535) with msec");
    }
    p.query_interval_ms = n;
  } else {
    p.query_interval_ms = n * 1000;
  }
  return {};
}

Outcome SetRp(Call& c, bool override_dynamic) {
  std::vector<PimStaticRp>& rps = c.cfg.pim.static_rps;
  const Ipv4 rp = c.args.Ip("rp").value_or(Ipv4{});
  if (c.args.negated()) {
    std::erase_if(rps, [&](const PimStaticRp& r) { return r.rp == rp; });
    return {};
  }
  if (rp.IsMulticast() || rp.IsUnspecified() || rp.IsBroadcast()) {
    return InvalidArgument(rp.ToString(), "not a unicast RP address");
  }
  const PimStaticRp entry{rp, c.args.Text("acl"), override_dynamic};
  std::erase_if(rps, [&](const PimStaticRp& r) {
    return r.rp == rp || (entry.acl.empty() && r.acl.empty());
  });
  rps.push_back(entry);
  return {};
}
Outcome Rp(Call& c) { return SetRp(c, false); }
Outcome RpOverride(Call& c) { return SetRp(c, true); }

Outcome SsmDefault(Call& c) {
  if (c.args.negated()) {
    c.cfg.pim.ssm.reset();
  } else {
    c.cfg.pim.ssm = PimSsmConfig{};
  }
  return {};
}

// `no ip pim ssm` alone removes the range; `ip pim ssm` alone is incomplete.
Outcome SsmBare(Call& c) {
  if (!c.args.negated()) {
    return std::string("incomplete command: expected default or range ACL");
  }
  c.cfg.pim.ssm.reset();
  return {};
}

Outcome SsmRange(Call& c) {
  if (c.args.negated()) {
    c.cfg.pim.ssm.reset();
  } else {
    c.cfg.pim.ssm = PimSsmConfig{.default_range = false, .acl = c.args.Text("acl")};
  }
  return {};
}

Outcome SptThreshold(Call& c) {
  std::vector<PimSptThreshold>& list = c.cfg.pim.spt_thresholds;
  const std::string acl = c.args.Text("acl");
  std::erase_if(list, [&](const PimSptThreshold& t) { return t.group_acl == acl; });
  if (c.args.negated()) {
    return {};
  }
  PimSptThreshold t{.group_acl = acl};
  if (c.args.Has("kbps")) {
    t.kbps = c.args.Number("kbps");
  }
  list.push_back(t);
  return {};
}

Outcome RegisterSource(Call& c) {
  c.cfg.pim.register_source = c.args.negated() ? "" : c.args.Text("interface");
  return {};
}

constexpr CommandRow kRows[] = {
    {Mode::kInterface, "ip pim dr-priority <priority:0-4294967295>", DrPriority},
    {Mode::kInterface, "ip pim query-interval <period:1-65535> [msec]", QueryInterval},
    {Mode::kGlobal, "ip pim rp-address <rp:ipv4> override", RpOverride, "rp"},
    {Mode::kGlobal, "ip pim rp-address <rp:ipv4> bidir ...", nullptr, "rp"},
    {Mode::kGlobal, "ip pim rp-address <rp:ipv4> <acl:word> override", RpOverride, "rp"},
    {Mode::kGlobal, "ip pim rp-address <rp:ipv4> <acl:word> bidir ...", nullptr, "rp"},
    {Mode::kGlobal, "ip pim rp-address <rp:ipv4> [<acl:word>]", Rp, "rp"},
    {Mode::kGlobal, "ip pim ssm default", SsmDefault},
    {Mode::kGlobal, "ip pim ssm range <acl:word>", SsmRange},
    {Mode::kGlobal, "ip pim ssm", SsmBare},
    {Mode::kGlobal, "ip pim spt-threshold infinity [group-list <acl:word>]", SptThreshold},
    {Mode::kGlobal, "ip pim spt-threshold <kbps:0-4294967> [group-list <acl:word>]", SptThreshold},
    {Mode::kGlobal, "ip pim register-source <interface:if>", RegisterSource},
};

}  // namespace

std::span<const CommandRow> PimCommands() { return kRows; }

std::vector<std::string> RenderPimInterfaceLines(const PimInterfaceConfig& p) {
  std::vector<std::string> s;
  const PimInterfaceConfig d;
  if (p.dr_priority != d.dr_priority) {
    s.push_back(fmt::format(" ip pim dr-priority {}", p.dr_priority));
  }
  if (p.query_interval_ms != d.query_interval_ms) {
    s.push_back(p.query_interval_ms % 1000 == 0
                    ? fmt::format(" ip pim query-interval {}", p.query_interval_ms / 1000)
                    : fmt::format(" ip pim query-interval {} msec", p.query_interval_ms));
  }
  return s;
}

std::vector<std::string> RenderPimGlobalLines(const PimGlobalConfig& p) {
  std::vector<std::string> s;
  for (const PimStaticRp& r : p.static_rps) {
    std::string line = fmt::format("ip pim rp-address {}", r.rp);
    line += r.acl.empty() ? "" : " " + r.acl;
    line += r.override_dynamic ? " override" : "";
    s.push_back(std::move(line));
  }
  if (p.ssm) {
    s.push_back(p.ssm->default_range ? std::string("ip pim ssm default")
                                     : fmt::format("ip pim ssm range {}", p.ssm->acl));
  }
  for (const PimSptThreshold& t : p.spt_thresholds) {
    std::string line = t.kbps ? fmt::format("ip pim spt-threshold {}", *t.kbps)
                              : std::string("ip pim spt-threshold infinity");
    line += t.group_acl.empty() ? "" : " group-list " + t.group_acl;
    s.push_back(std::move(line));
  }
  if (!p.register_source.empty()) {
    s.push_back(fmt::format("ip pim register-source {}", p.register_source));
  }
  return s;
}

}  // namespace mc::config
