// PIM show renderers (pim_show.h).
#include "show/pim_show.h"

#include <fmt/format.h>

#include "show/igmp_show.h"

namespace mc::show {

namespace {

std::string NeighborMode(const pim::NeighborSnapshot& n) {
  std::string mode = n.is_dr ? "DR" : "";
  if (!n.dr_priority) {
    mode += mode.empty() ? "N" : " N";
  }
  return mode;
}

}  // namespace

std::string RenderPimNeighbors(const pim::PimSnapshot& snap, const IfNames& names, Time now) {
  std::string s =
      "PIM Neighbor Table\n"
      "Mode: B - Bidir Capable, DR - Designated Router, N - Default DR Priority,\n"
      "      P - Proxy Capable, S - State Refresh Capable, G - GenID Capable,\n"
      "      L - DR Load-balancing Capable\n"
      "Neighbor          Interface                Uptime/Expires    Ver   DR\n"
      "Address                                                            Prio/Mode\n";
  for (const pim::NeighborSnapshot& n : snap.neighbors) {
    const std::string timers =
        fmt::format("{}/{}", FormatUptime(now - n.since),
                    n.expires ? FormatUptime(*n.expires - now) : std::string("never"));
    s += fmt::format(
        "{:<18}{:<25}{:<18}v2    {} / {}\n", n.address.ToString(), IfName(names, n.ifindex), timers,
        n.dr_priority ? std::to_string(*n.dr_priority) : std::string("N"), NeighborMode(n));
  }
  return s;
}

nlohmann::json PimNeighborsJson(const pim::PimSnapshot& snap, const IfNames& names, Time now) {
  nlohmann::json list = nlohmann::json::array();
  for (const pim::NeighborSnapshot& n : snap.neighbors) {
    list.push_back(
        {{"address", n.address.ToString()},
         {"interface", IfName(names, n.ifindex)},
         {"uptime_s", ToSeconds(now - n.since)},
         {"expires_s",
          n.expires ? nlohmann::json(ToSeconds(*n.expires - now)) : nlohmann::json(nullptr)},
         {"dr_priority", n.dr_priority ? nlohmann::json(*n.dr_priority) : nlohmann::json(nullptr)},
         {"dr", n.is_dr}});
  }
  return list;
}

std::string RenderPimInterfaces(const pim::PimSnapshot& snap, const IfNames& names) {
  std::string s =
      "Address          Interface                Ver/   Nbr    Query  DR         DR\n"
      "                                          Mode   Count  Intvl  Prior\n";
  for (const pim::PimInterfaceSnapshot& i : snap.interfaces) {
    const auto intvl = std::chrono::duration_cast<std::chrono::seconds>(i.hello_period).count();
    s += fmt::format("{:<17}{:<25}v2/S   {:<7}{:<7}{:<11}{}\n", i.address.ToString(),
                     IfName(names, i.ifindex), i.neighbor_count, intvl, i.dr_priority,
                     i.dr.IsUnspecified() ? std::string("0.0.0.0") : i.dr.ToString());
  }
  return s;
}

nlohmann::json PimInterfacesJson(const pim::PimSnapshot& snap, const IfNames& names) {
  nlohmann::json list = nlohmann::json::array();
  for (const pim::PimInterfaceSnapshot& i : snap.interfaces) {
    list.push_back({{"interface", IfName(names, i.ifindex)},
                    {"address", i.address.ToString()},
                    {"up", i.up},
                    {"mode", "sparse"},
                    {"neighbor_count", i.neighbor_count},
                    {"query_interval_s", ToSeconds(i.hello_period)},
                    {"dr_priority", i.dr_priority},
                    {"dr", i.dr.ToString()}});
  }
  return list;
}

std::string RenderPimRpMapping(const pim::PimSnapshot& snap) {
  std::string s = "PIM Group-to-RP Mappings\n";
  for (const pim::RpMappingSnapshot& m : snap.rp_mappings) {
    const std::string_view kind = m.override_dynamic ? "Static-Override" : "Static";
    s += m.acl.empty() ? fmt::format("\nGroup(s): 224.0.0.0/4, {}\n", kind)
                       : fmt::format("\nAcl: {}, {}\n", m.acl, kind);
    s += fmt::format("    RP: {} (?)\n", m.rp);
  }
  return s;
}

nlohmann::json PimRpMappingJson(const pim::PimSnapshot& snap) {
  nlohmann::json list = nlohmann::json::array();
  for (const pim::RpMappingSnapshot& m : snap.rp_mappings) {
    list.push_back(
        {{"rp", m.rp.ToString()},
         {"groups", m.acl.empty() ? nlohmann::json("224.0.0.0/4") : nlohmann::json(nullptr)},
         {"acl", m.acl.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.acl)},
         {"source", m.override_dynamic ? "static-override" : "static"}});
  }
  return list;
}

std::string RenderRpf(const RpfView& rpf, const IfNames& names) {
  if (!rpf.found) {
    return fmt::format("RPF information for ? ({}) failed, no route exists\n", rpf.target);
  }
  std::string s = fmt::format("RPF information for ? ({})\n", rpf.target);
  s += fmt::format("  RPF interface: {}\n", IfName(names, rpf.iif));
  s += fmt::format("  RPF neighbor: ? ({}){}\n", rpf.neighbor,
                   rpf.neighbor.IsUnspecified() ? " - directly connected" : "");
  s += fmt::format("  RPF route/mask: {}\n", rpf.route);
  s += fmt::format("  RPF type: {}\n", rpf.static_mroute ? "multicast (static)" : "unicast");
  return s;
}

nlohmann::json RpfJson(const RpfView& rpf, const IfNames& names) {
  if (!rpf.found) {
    return {{"target", rpf.target.ToString()}, {"found", false}};
  }
  return {{"target", rpf.target.ToString()},
          {"found", true},
          {"interface", IfName(names, rpf.iif)},
          {"neighbor", rpf.neighbor.ToString()},
          {"route", rpf.route.ToString()},
          {"type", rpf.static_mroute ? "static-mroute" : "unicast"}};
}

}  // namespace mc::show
