// The lab runner: validation, network construction, the scenario timeline (lab_runner.h).
#include "sim/emu/lab_runner.h"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "config/apply.h"
#include "config/interface_name.h"
#include "config/parser.h"
#include "sim/emu/network.h"
#include "sim/lab/duration_parse.h"
#include "sim/lab/output_regex.h"

namespace mc::sim {

namespace {

// How much virtual time one RunUntil step covers between progress reports.
constexpr Duration kProgressStep = std::chrono::seconds{1};

config::DeviceKind ToDeviceKind(NodeKind k) {
  switch (k) {
    case NodeKind::kRouter:
      return config::DeviceKind::kRouter;
    case NodeKind::kSwitch:
      return config::DeviceKind::kSwitch;
    case NodeKind::kHost:
      return config::DeviceKind::kHost;
  }
  return config::DeviceKind::kHost;
}

std::vector<config::ConfigLine> ConfLines(const ConfCommand& c, const std::string& file, int line) {
  std::vector<config::ConfigLine> lines;
  for (const std::string& text : c.lines) {
    lines.push_back(config::ConfigLine{file, line, text, {}});
  }
  return lines;
}

// What Device::Show takes: the arguments, with `| json` put back when asked for.
std::string ShowText(const ShowCommand& s) { return s.json ? s.args + " | json" : s.args; }

// Why an exec command cannot run in this slice, or nullopt when it can.
std::optional<std::string> Unsupported(const ExecCommand& cmd) {
  if (const auto* s = std::get_if<ShowCommand>(&cmd)) {
    if (!Device::ShowSupported(ShowText(*s))) {
      return fmt::format("show {}: not supported yet", ShowText(*s));
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::string Indent(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    out += "  | " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

// Every node's ports, in link order, from one pass over the links (one scan of every link per
// node was quadratic in the lab size). A port is an edge port unless a peer is a switch.
std::vector<std::vector<PortSpec>> PortsOf(const Topology& topo) {
  std::map<std::string_view, std::size_t> index;  // the first node of a name, as FindNode
  for (std::size_t n = 0; n < topo.nodes.size(); ++n) {
    index.try_emplace(topo.nodes[n].name, n);
  }
  std::vector<std::vector<PortSpec>> ports(topo.nodes.size());
  for (const Link& link : topo.links) {
    for (const Endpoint& e : link.endpoints) {
      const auto self = index.find(e.node);
      if (self == index.end()) {
        continue;
      }
      PortSpec p;
      p.name = e.interface;
      p.shared = link.IsSegment();
      p.edge = true;
      for (const Endpoint& o : link.endpoints) {
        const auto peer = index.find(o.node);
        if (o.node != e.node && peer != index.end() &&
            topo.nodes[peer->second].kind == NodeKind::kSwitch) {
          p.edge = false;
        }
      }
      ports[self->second].push_back(p);
    }
  }
  return ports;
}

std::unique_ptr<Device> MakeDevice(const Lab& lab, std::size_t n, std::vector<PortSpec> ports) {
  return std::make_unique<Device>(lab.topology.nodes[n].name, lab.configs[n], std::move(ports),
                                  static_cast<std::uint32_t>(n + 1));
}

std::unique_ptr<Device> MakeDevice(const Lab& lab, std::size_t n) {
  return MakeDevice(lab, n, std::move(PortsOf(lab.topology)[n]));
}

}  // namespace

Result<Lab, std::string> LoadLab(const std::filesystem::path& dir) {
  auto topo = LoadTopology(dir);
  if (!topo) {
    return topo.error().ToString();
  }
  Lab lab{std::move(*topo), {}, std::nullopt};
  for (const Node& node : lab.topology.nodes) {
    const config::DeviceKind kind = ToDeviceKind(node.kind);
    if (!node.startup_config) {
      lab.configs.emplace_back(kind);
      continue;
    }
    const std::string file = node.startup_config->filename().string();
    auto text = ReadLabFile(*node.startup_config, file);
    if (!text) {
      return text.error().ToString();
    }
    auto cfg = config::LoadConfig(kind, *text, file);
    if (!cfg) {
      return cfg.error().ToString();
    }
    lab.configs.push_back(std::move(*cfg));
  }
  std::error_code ec;
  if (!std::filesystem::exists(dir / "scenario.txt", ec)) {
    return lab;
  }
  auto scenario = LoadScenario(dir, lab.topology);
  if (!scenario) {
    return scenario.error().ToString();
  }
  // Everything the scenario asks must be runnable before anything runs; `conf` lines are tried
  // on a copy of each node's config in scenario order.
  std::vector<config::DeviceConfig> running = lab.configs;
  for (const ScenarioLine& sl : scenario->lines) {
    const auto where = [&](const std::string& m) {
      return fmt::format("{}:{}: {}", scenario->file, sl.line, m);
    };
    const ExecCommand* cmd = nullptr;
    std::string node;
    if (const auto* e = std::get_if<ExecAction>(&sl.action)) {
      cmd = &e->parsed;
      node = e->node;
    } else if (const auto* o = std::get_if<ExpectOutput>(&sl.action)) {
      cmd = &o->parsed;
      node = o->node;
    } else if (const auto* xs = std::get_if<ExpectSent>(&sl.action)) {
      // The interface must exist on the node (a link's or the config's).
      std::size_t n = 0;
      while (lab.topology.nodes[n].name != xs->node) {
        ++n;
      }
      bool found = false;
      for (const Link& link : lab.topology.links) {
        for (const Endpoint& end : link.endpoints) {
          found = found ||
                  (end.node == xs->node && config::SameInterface(end.interface, xs->interface));
        }
      }
      if (!found && running[n].FindInterface(xs->interface) == nullptr) {
        return where(fmt::format("{} has no interface {}", xs->node, xs->interface));
      }
    }
    if (cmd == nullptr) {
      continue;
    }
    if (std::optional<std::string> why = Unsupported(*cmd)) {
      return where(*why);
    }
    if (const auto* conf = std::get_if<ConfCommand>(cmd)) {
      std::size_t n = 0;
      while (lab.topology.nodes[n].name != node) {
        ++n;
      }
      const auto lines = ConfLines(*conf, scenario->file, sl.line);
      Status<config::ConfigError> s = config::Apply(running[n], lines);
      if (!s) {
        return s.error().ToString();
      }
    }
  }
  lab.scenario = std::move(*scenario);
  return lab;
}

LabResult RunLab(const Lab& lab, const LabOptions& options) {
  LabResult result;
  Network net(options.seed);
  std::vector<std::vector<PortSpec>> ports = PortsOf(lab.topology);
  for (std::size_t n = 0; n < lab.topology.nodes.size(); ++n) {
    net.AddDevice(MakeDevice(lab, n, std::move(ports[n])));
  }
  for (const Link& link : lab.topology.links) {
    std::vector<std::pair<std::size_t, std::string>> ends;
    for (const Endpoint& e : link.endpoints) {
      ends.emplace_back(*net.FindDevice(e.node), e.interface);
    }
    auto l = net.AddLink(ends, link.delay, link.loss);
    if (!l) {
      result.output = fmt::format("topology.yml:{}: {}\n", link.line, l.error());
      result.exit_status = 2;
      return result;
    }
  }
  if (options.pcap_dir) {
    Status<std::string> s = net.EnablePcap(*options.pcap_dir);
    if (!s) {
      result.output = fmt::format("--pcap: {}\n", s.error());
      result.exit_status = 2;
      return result;
    }
  }
  net.Start();
  // Carrier comes up on every cabled port at boot.
  for (std::size_t l = 0; l < lab.topology.links.size(); ++l) {
    net.SetLinkUp(l, true);
  }
  // Unicast routes, the IGP's included, exist from boot (LAB-FORMAT.md §2).
  net.SetIgpDelay(options.igp_delay);
  net.ConvergeIgpNow();
  const Time limit = kTimeZero + options.until.value_or(kMaxLabDuration);
  std::string& out = result.output;

  result.json = {{"commands", nlohmann::json::array()},
                 {"expectations", nlohmann::json::array()},
                 {"passed", 0},
                 {"failed", 0}};
  if (!lab.scenario) {
    const Time end = kTimeZero + options.until.value_or(kDefaultLabDuration);
    while (net.now() < end) {
      net.RunUntil(std::min(end, net.now() + kProgressStep));
      if (options.progress) {
        options.progress(net.now(), net.events());
      }
    }
    net.Flush();
    out += "0 passed, 0 failed\n";
    return result;
  }
  const Scenario& sc = *lab.scenario;
  for (std::size_t i = 0; i < sc.lines.size(); ++i) {
    net.ScheduleMarker(kTimeZero + sc.lines[i].at, i);
  }
  struct PendingCmd {
    std::size_t line = 0;
    Time started;
  };
  std::map<std::uint64_t, PendingCmd> pending;  // token -> scenario line
  std::uint64_t next_token = 1;
  std::size_t fired = 0;

  const auto header = [&](Time at, const std::string& node, const std::string& cmd) {
    if (!options.quiet) {
      out += fmt::format("[t={}] {}# {}\n", FormatSeconds(at), node, cmd);
    }
  };
  // One PASS/FAIL line (and its JSON record) per expectation.
  const auto verdict = [&](const ScenarioLine& sl, bool ok, const std::string& actual,
                           const std::string* judged) {
    out += fmt::format("{} {}:{} {}", ok ? "PASS" : "FAIL", sc.file, sl.line, sl.text);
    out += actual.empty() ? "\n" : fmt::format(" (got {})\n", actual);
    if (!ok && judged != nullptr) {
      out += Indent(*judged);
    }
    nlohmann::json x = {{"file", sc.file},
                        {"line", sl.line},
                        {"at", FormatSeconds(kTimeZero + sl.at)},
                        {"expect", sl.text},
                        {"verdict", ok ? "PASS" : "FAIL"}};
    if (!actual.empty()) {
      x["actual"] = actual;
    }
    if (judged != nullptr) {
      x["output"] = *judged;
    }
    result.json["expectations"].push_back(std::move(x));
    (ok ? result.passed : result.failed)++;
  };
  // Prints an exec command's output, or judges an expectation on it.
  const auto complete = [&](std::size_t line, Time started, const std::string& text) {
    const ScenarioLine& sl = sc.lines[line];
    if (const auto* e = std::get_if<ExecAction>(&sl.action)) {
      header(started, e->node, e->command);
      if (!options.quiet) {
        out += text;
      }
      result.json["commands"].push_back({{"file", sc.file},
                                         {"line", sl.line},
                                         {"at", FormatSeconds(started)},
                                         {"node", e->node},
                                         {"command", e->command},
                                         {"output", text}});
      return;
    }
    const auto& x = std::get<ExpectOutput>(sl.action);
    bool ok = false;
    switch (x.check) {
      case OutputCheck::kContains:
        ok = text.find(x.text) != std::string::npos;
        break;
      case OutputCheck::kLacks:
        ok = text.find(x.text) == std::string::npos;
        break;
      case OutputCheck::kMatches:
        ok = OutputMatches(x.text, text);
        break;
    }
    verdict(sl, ok, "", &text);
  };
  const auto drain_done = [&] {
    if (pending.empty()) {
      return;  // only commands in `pending` (pings) finish later; nothing else is ever done
    }
    for (std::size_t d = 0; d < net.device_count(); ++d) {
      for (CommandDone& c : net.device(d).TakeDone()) {
        const auto it = pending.find(c.token);
        if (it != pending.end()) {
          complete(it->second.line, it->second.started, c.output);
          pending.erase(it);
        }
      }
    }
  };
  const auto run_exec = [&](std::size_t line, const std::string& node, const ExecCommand& cmd) {
    const std::size_t d = *net.FindDevice(node);
    const Time now = net.now();
    if (!net.Powered(d)) {
      complete(line, now, "% node is powered off\n");
      return;
    }
    Device& dev = net.device(d);
    dev.AdvanceClock(now);
    if (const auto* s = std::get_if<ShowCommand>(&cmd)) {
      complete(line, now, dev.Show(ShowText(*s)).value_or("% not supported yet\n"));
    } else if (const auto* c = std::get_if<ConfCommand>(&cmd)) {
      Status<config::ConfigError> st =
          dev.Configure(now, ConfLines(*c, sc.file, sc.lines[line].line));
      net.ScheduleIgp();  // OSPF settings may have changed
      complete(line, now, st ? std::string() : "% " + st.error().ToString() + "\n");
    } else if (const auto* p = std::get_if<PingCommand>(&cmd)) {
      const std::uint64_t token = next_token++;
      pending[token] = PendingCmd{line, now};
      dev.StartPing(now, *p, token);
    } else if (const auto* j = std::get_if<JoinCommand>(&cmd)) {
      complete(line, now, dev.Join(now, *j));
    } else if (const auto* l = std::get_if<LeaveCommand>(&cmd)) {
      complete(line, now, dev.Leave(now, *l));
    } else if (const auto* snd = std::get_if<SendCommand>(&cmd)) {
      complete(line, now, dev.Send(now, *snd));
    } else if (const auto* clr = std::get_if<ClearIgmpGroupCommand>(&cmd)) {
      complete(line, now, dev.ClearIgmpGroup(now, *clr));
    } else if (const auto* cm = std::get_if<ClearMrouteCommand>(&cmd)) {
      complete(line, now, dev.ClearMroute(now, *cm));
    } else if (const auto* mt = std::get_if<MtraceCommand>(&cmd)) {
      complete(line, now, Device::Mtrace(net, d, now, *mt));
    }
  };
  const auto judge_received = [&](const ScenarioLine& sl, const ExpectReceived& x) {
    const std::size_t d = *net.FindDevice(x.node);
    const std::uint64_t got =
        net.traffic().CountReceived(d, x.group, x.from, kTimeZero + x.since.value_or(Duration{}));
    verdict(sl, Holds(x.op, got, x.count), std::to_string(got), nullptr);
  };
  const auto judge_sent = [&](const ScenarioLine& sl, const ExpectSent& x) {
    const std::size_t d = *net.FindDevice(x.node);
    const std::optional<std::size_t> iface = net.device(d).FindInterface(x.interface);
    const std::uint64_t got =
        iface ? net.traffic().CountSent(d, *iface, x.control, x.group,
                                        kTimeZero + x.since.value_or(Duration{}))
              : 0;
    verdict(sl, Holds(x.op, got, x.count), std::to_string(got), nullptr);
  };

  while (fired < sc.lines.size() || !pending.empty()) {
    // Run in steps of virtual time so a long lab can show its progress.
    const std::optional<std::uint64_t> marker =
        net.RunUntil(std::min(limit, net.now() + kProgressStep));
    if (options.progress) {
      options.progress(net.now(), net.events());
    }
    drain_done();
    if (!marker) {
      if (net.now() >= limit) {
        break;
      }
      continue;
    }
    ++fired;
    const std::size_t i = static_cast<std::size_t>(*marker);
    const ScenarioLine& sl = sc.lines[i];
    if (const auto* e = std::get_if<ExecAction>(&sl.action)) {
      run_exec(i, e->node, e->parsed);
    } else if (const auto* x = std::get_if<ExpectOutput>(&sl.action)) {
      run_exec(i, x->node, x->parsed);
    } else if (const auto* xr = std::get_if<ExpectReceived>(&sl.action)) {
      judge_received(sl, *xr);
    } else if (const auto* xs = std::get_if<ExpectSent>(&sl.action)) {
      judge_sent(sl, *xs);
    } else if (const auto* l = std::get_if<LinkAction>(&sl.action)) {
      net.SetLinkUp(l->endpoint.link, l->up);
    } else if (const auto* nd = std::get_if<NodeAction>(&sl.action)) {
      const std::size_t d = *net.FindDevice(nd->node);
      if (nd->up && !net.Powered(d)) {
        net.PowerOn(d, MakeDevice(lab, d));
      } else if (!nd->up && net.Powered(d)) {
        net.PowerOff(d);
      }
    }
    drain_done();
  }
  // Commands still running at --until: report what they have not finished.
  for (const auto& [token, p] : pending) {
    complete(p.line, p.started, "% interrupted: the lab ended (--until)\n");
  }
  net.Flush();
  out += fmt::format("{} passed, {} failed\n", result.passed, result.failed);
  result.exit_status = result.failed > 0 ? 1 : 0;
  result.json["passed"] = result.passed;
  result.json["failed"] = result.failed;
  return result;
}

}  // namespace mc::sim
