// `show ip pim neighbor`, `show ip pim interface`, `show ip pim rp mapping` and `show ip rpf A`
// in the Cisco IOS layouts, plus JSON for `| json`, from the PIM engine snapshot
// (pim/snapshot.h) and the device's interface names.
// Left out: `show ip pim interface detail|count`, BSR / Auto-RP sections of the RP mapping
// (no dynamic mappings exist yet), the "RPF topology" lines of `show ip rpf`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/ipv4.h"
#include "base/time.h"
#include "pim/snapshot.h"
#include "show/mroute_show.h"

namespace mc::show {

std::string RenderPimNeighbors(const pim::PimSnapshot& snap, const IfNames& names, Time now);
nlohmann::json PimNeighborsJson(const pim::PimSnapshot& snap, const IfNames& names, Time now);

std::string RenderPimInterfaces(const pim::PimSnapshot& snap, const IfNames& names);
nlohmann::json PimInterfacesJson(const pim::PimSnapshot& snap, const IfNames& names);

std::string RenderPimRpMapping(const pim::PimSnapshot& snap);
nlohmann::json PimRpMappingJson(const pim::PimSnapshot& snap);

// The engine's RPF answer for one address (PimEngine::Rpf), flattened.
struct RpfView {
  Ipv4 target;
  bool found = false;
  IfIndex iif;
  Ipv4 neighbor;  // 0.0.0.0: directly connected
  Prefix route;
  bool static_mroute = false;
};
std::string RenderRpf(const RpfView& rpf, const IfNames& names);
nlohmann::json RpfJson(const RpfView& rpf, const IfNames& names);

}  // namespace mc::show
