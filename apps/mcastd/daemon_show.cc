// mcastd's control commands (daemon.h HandleControl): every `show` the emulator's routers answer
// for the engines mcastd runs (show ip pim traffic included), rendered by the same src/show
// renderers from the same snapshots, with `| json`; plus `show mcastd` (dataplane mode, VIFs,
// forwarding entries, counters), `clear ip mroute [G [S]]`, `clear ip igmp group [G]`, and the
// IOS debug toggles: `debug ip igmp`, `debug ip pim [hello|join-prune|register|assert]`,
// `debug vrrp`, `debug ip mrouting` (alias `debug ip mfc`), `debug all`, each with its
// `no debug ...` / `undebug ...` form, and `show debugging`. Debug output goes to stderr (the
// journal under systemd): packets in `mcast decode`'s IOS debug style, engine traces, MFC changes.
// Left out: `show ip route` / `show interfaces` (the kernel's `ip` tool shows them), snooping.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/mcastd/core_show.h"
#include "apps/mcastd/daemon.h"
#include "sim/emu/show_words.h"

namespace mc::mcastd {

using sim::WordIs;

namespace {

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> w;
  std::istringstream in{std::string(s)};
  for (std::string x; in >> x;) {
    w.push_back(x);
  }
  return w;
}

std::string Dump(const nlohmann::json& j) { return j.dump(2) + "\n"; }

}  // namespace

std::string Daemon::HandleControl(std::string_view command) {
  bool json = false;
  std::string_view cmd = command;
  if (const std::size_t bar = cmd.find('|'); bar != std::string_view::npos) {
    const std::vector<std::string> filter = Words(cmd.substr(bar + 1));
    if (filter.size() != 1 || !WordIs(filter[0], "json")) {
      return "% Invalid input: only `| json` is supported\n";
    }
    json = true;
    cmd = cmd.substr(0, bar);
  }
  std::vector<std::string> w = Words(cmd);
  if (w.empty()) {
    return {};
  }
  // Shows render as of the moment of the command, not of the last event.
  now_ = std::max(now_, platform::MonotonicNow());
  if (WordIs(w[0], "show", 2) && w.size() >= 2) {
    w.erase(w.begin());
    if (WordIs(w[0], "mcastd")) {
      return ShowDaemon(json);
    }
    if (WordIs(w[0], "debugging", 3) && w.size() == 1) {
      return ShowDebug();
    }
    return ShowCore(core_, now_, w, json);
  } else if (WordIs(w[0], "clear", 2)) {
    return Clear(w);
  } else if (WordIs(w[0], "debug")) {
    return Debug(w, true);
  } else if (WordIs(w[0], "undebug", 2)) {
    return Debug(w, false);
  } else if (WordIs(w[0], "no") && w.size() >= 2 && WordIs(w[1], "debug")) {
    w.erase(w.begin());
    return Debug(w, false);
  }
  return fmt::format("% Invalid input: {}\n", command);
}

// What only the daemon has: the dataplane, its VIFs and entries, and the host counters.
std::string Daemon::ShowDaemon(bool json) const {
  nlohmann::json j;
  j["dataplane"] = std::string(platform::ToString(dataplane_->mode()));
  j["dataplane_note"] = dataplane_note_;
  j["pim"] = core_.pim() != nullptr;
  nlohmann::json vifs = nlohmann::json::array();
  for (const auto& [ifx, i] : core_.ifaces()) {
    if (dataplane_->IsVif(ifx)) {
      vifs.push_back(i.name);
    }
  }
  j["vifs"] = vifs;
  nlohmann::json entries = nlohmann::json::array();
  for (const platform::DataplaneEntry& e : dataplane_->Entries()) {
    std::vector<std::uint32_t> oifs;
    for (const IfIndex o : e.oifs) {
      oifs.push_back(o.value());
    }
    entries.push_back({{"sg", e.sg.ToString()},
                       {"iif", e.iif.value()},
                       {"oifs", oifs},
                       {"packets", e.packets},
                       {"bytes", e.bytes}});
  }
  j["mfc"] = entries;
  j["counters"] = counters_;
  if (json) {
    return Dump(j);
  }
  std::string out =
      fmt::format("Dataplane: {} ({})\nPIM: {}\nVIFs:", j["dataplane"].get<std::string>(),
                  dataplane_note_, core_.pim() != nullptr ? "on" : "off");
  for (const auto& v : vifs) {
    out += " " + v.get<std::string>();
  }
  out += "\nForwarding entries:\n";
  for (const auto& e : entries) {
    out += fmt::format("  {} iif {} oifs {} packets {}\n", e["sg"].get<std::string>(),
                       e["iif"].get<std::uint32_t>(), e["oifs"].dump(),
                       e["packets"].get<std::uint64_t>());
  }
  out += "Counters:\n";
  for (const auto& [name, n] : counters_) {
    out += fmt::format("  {:<24} {}\n", name, n);
  }
  return out;
}

std::string Daemon::Clear(const std::vector<std::string>& w) {
  if (w.size() >= 3 && WordIs(w[1], "ip") && WordIs(w[2], "mroute", 2)) {
    std::optional<Ipv4> group;
    std::optional<Ipv4> source;
    for (std::size_t k = 3; k < w.size(); ++k) {
      if (w[k] == "*") {
        continue;
      }
      const std::optional<Ipv4> a = Ipv4::Parse(w[k]);
      if (!a) {
        return fmt::format("% Invalid input: {}\n", w[k]);
      }
      (group ? source : group) = a;
    }
    core_.ClearMroute(now_, group, source);
  } else if (w.size() >= 4 && WordIs(w[1], "ip") && WordIs(w[2], "igmp") && WordIs(w[3], "group")) {
    const std::optional<Ipv4> group = w.size() > 4 ? Ipv4::Parse(w[4]) : std::nullopt;
    core_.ClearIgmp(now_, group);
  } else {
    return "% Invalid input: clear ip mroute [G [S]] | clear ip igmp group [G]\n";
  }
  return {};
}

namespace {

// The toggles, their words after `debug` and the lines `show debugging` prints (IOS wording).
struct DebugName {
  DebugFlag flag;
  std::string_view words;
  std::string_view shown;
};
constexpr DebugName kDebugNames[] = {
    {DebugFlag::kIgmp, "ip igmp", "IGMP debugging is on"},
    {DebugFlag::kPim, "ip pim", "PIM debugging is on"},
    {DebugFlag::kPimHello, "ip pim hello", "PIM Hello debugging is on"},
    {DebugFlag::kPimJoinPrune, "ip pim join-prune", "PIM Join/Prune debugging is on"},
    {DebugFlag::kPimRegister, "ip pim register", "PIM Register debugging is on"},
    {DebugFlag::kPimAssert, "ip pim assert", "PIM Assert debugging is on"},
    {DebugFlag::kVrrp, "vrrp", "VRRP debugging is on"},
    {DebugFlag::kMrouting, "ip mrouting", "IP multicast routing debugging is on"},
};

}  // namespace

// `debug WORDS` (on) or `no debug WORDS` / `undebug WORDS` (off); w[0] is debug or undebug.
std::string Daemon::Debug(const std::vector<std::string>& w, bool on) {
  const std::vector<std::string> rest(w.begin() + 1, w.end());
  if (rest.size() == 1 && WordIs(rest[0], "all")) {
    debug_.fill(on);
    return on ? "All possible debugging has been turned on\n"
              : "All possible debugging has been turned off\n";
  }
  std::vector<std::string> words = rest;
  if (words.size() == 2 && WordIs(words[0], "ip") && WordIs(words[1], "mfc")) {
    words[1] = "mrouting";  // the kernel's name for the same table
  }
  for (const DebugName& d : kDebugNames) {
    std::vector<std::string> want;
    std::istringstream in{std::string(d.words)};
    for (std::string x; in >> x;) {
      want.push_back(x);
    }
    if (want.size() != words.size()) {
      continue;
    }
    bool match = true;
    for (std::size_t k = 0; k < want.size(); ++k) {
      // IOS abbreviations: two letters are enough for ip, three for the rest.
      match = match && WordIs(words[k], want[k], want[k] == "ip" ? 2 : 3);
    }
    if (!match) {
      continue;
    }
    debug_[static_cast<std::size_t>(d.flag)] = on;
    if (d.flag == DebugFlag::kPim && !on) {
      // `no debug ip pim` also ends the per-message-type toggles.
      for (const DebugFlag f : {DebugFlag::kPimHello, DebugFlag::kPimJoinPrune,
                                DebugFlag::kPimRegister, DebugFlag::kPimAssert}) {
        debug_[static_cast<std::size_t>(f)] = false;
      }
    }
    std::string shown(d.shown);
    return shown.replace(shown.size() - 2, 2, on ? "on" : "off") + "\n";
  }
  return "% Invalid input: debug all | ip igmp | ip pim [hello|join-prune|register|assert] | "
         "vrrp | ip mrouting | ip mfc\n";
}

// IOS `show debugging`: the toggles that are on, under their protocol.
std::string Daemon::ShowDebug() const {
  std::string mcast;
  std::string vrrp;
  for (const DebugName& d : kDebugNames) {
    if (DebugOn(d.flag)) {
      (d.flag == DebugFlag::kVrrp ? vrrp : mcast) += fmt::format("  {}\n", d.shown);
    }
  }
  std::string out;
  if (!mcast.empty()) {
    out += "IP multicast:\n" + mcast;
  }
  if (!vrrp.empty()) {
    out += "VRRP:\n" + vrrp;
  }
  return out.empty() ? "No debugging is on\n" : out;
}

}  // namespace mc::mcastd
