// `show ip mroute [G [S]]` and `show ip mroute count` in the Cisco IOS layout (flags legend,
// "(*, G), uptime/expires, RP A, flags: SJC", "Incoming interface: X, RPF nbr Y", "Outgoing
// interface list:" with "IF, Forward/Sparse, uptime/expires" lines or "Null"), plus JSON for
// `| json`. Rendered from the PIM engine snapshot (pim/snapshot.h, plain data) and the device's
// interface names.
// Left out: the memory figure of `show ip mroute count` ("N routes using M bytes") — the engine
// does not account bytes per route, so the line gives the route count only —, packet rates
// (the counts are cumulative from the dataplane), `show ip mroute summary|active`.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>

#include "base/ipv4.h"
#include "base/time.h"
#include "base/types.h"
#include "pim/snapshot.h"

namespace mc::show {

// Interface names as the lab wrote them; an unknown index prints as "if<N>".
using IfNames = std::map<IfIndex, std::string>;
std::string IfName(const IfNames& names, IfIndex ifx);

std::string RenderMroute(const pim::PimSnapshot& snap, const IfNames& names, Time now,
                         std::optional<Ipv4> group, std::optional<Ipv4> source);
nlohmann::json MrouteJson(const pim::PimSnapshot& snap, const IfNames& names, Time now,
                          std::optional<Ipv4> group, std::optional<Ipv4> source);

std::string RenderMrouteCount(const pim::PimSnapshot& snap, std::optional<Ipv4> group);
nlohmann::json MrouteCountJson(const pim::PimSnapshot& snap, std::optional<Ipv4> group);

// `show ip mroute [G] [S] [count]` from the words after "mroute" (the emulator's routers and
// mcastd share it): the text, the JSON dumped with a newline, or "% Invalid input: WORD".
std::string ShowMrouteWords(const pim::PimSnapshot& snap, const IfNames& names, Time now,
                            std::span<const std::string> words, bool json);

}  // namespace mc::show
