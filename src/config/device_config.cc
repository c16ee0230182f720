// DeviceConfig helpers: VLAN lists, ACL evaluation, interface lookup and per-kind defaults.
#include "config/device_config.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>

#include "config/interface_name.h"

namespace mc::config {
namespace {

std::optional<std::uint16_t> ParseVlanId(std::string_view text) {
  std::uint32_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr != end || text.empty() || v < VlanSet::kMin || v > VlanSet::kMax) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(v);
}

// One comma-separated item: "10" or "10-20".
bool AddItem(std::string_view item, VlanSet& out) {
  const std::size_t dash = item.find('-');
  const std::optional<std::uint16_t> lo = ParseVlanId(item.substr(0, dash));
  const std::optional<std::uint16_t> hi =
      dash == std::string_view::npos ? lo : ParseVlanId(item.substr(dash + 1));
  if (!lo || !hi || *lo > *hi) {
    return false;
  }
  for (std::uint32_t v = *lo; v <= *hi; ++v) {
    out.Add(VlanSet::Of(static_cast<std::uint16_t>(v)));
  }
  return true;
}

}  // namespace

VlanSet VlanSet::All() {
  VlanSet s;
  s.bits_.set();
  s.bits_.reset(0);
  return s;
}

VlanSet VlanSet::Of(std::uint16_t vlan) {
  VlanSet s;
  if (vlan >= kMin && vlan <= kMax) {
    s.bits_.set(vlan);
  }
  return s;
}

std::optional<VlanSet> VlanSet::Parse(std::string_view text) {
  VlanSet out;
  while (true) {
    const std::size_t comma = text.find(',');
    if (!AddItem(text.substr(0, comma), out)) {
      return std::nullopt;
    }
    if (comma == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(comma + 1);
  }
}

VlanSet VlanSet::Complement() const {
  VlanSet s = All();
  s.Remove(*this);
  return s;
}

std::vector<std::uint16_t> VlanSet::Ids() const {
  std::vector<std::uint16_t> ids;
  for (std::uint32_t v = kMin; v <= kMax; ++v) {
    if (bits_.test(v)) {
      ids.push_back(static_cast<std::uint16_t>(v));
    }
  }
  return ids;
}

std::string VlanSet::ToString() const {
  std::string out;
  std::uint32_t v = kMin;
  while (v <= kMax) {
    if (!bits_.test(v)) {
      ++v;
      continue;
    }
    std::uint32_t end = v;
    while (end + 1 <= kMax && bits_.test(end + 1)) {
      ++end;
    }
    out += out.empty() ? "" : ",";
    out += end == v ? fmt::format("{}", v) : fmt::format("{}-{}", v, end);
    v = end + 1;
  }
  return out.empty() ? "none" : out;
}

std::string_view ToString(SwitchportMode mode) {
  return mode == SwitchportMode::kTrunk ? "trunk" : "access";
}

std::string_view ToString(StpMode mode) {
  switch (mode) {
    case StpMode::kPvst:
      return "pvst";
    case StpMode::kRapidPvst:
      return "rapid-pvst";
    case StpMode::kMst:
      return "mst";
  }
  return "pvst";
}

std::string_view ToString(PimMode mode) {
  switch (mode) {
    case PimMode::kSparse:
      return "sparse-mode";
    case PimMode::kDense:
      return "dense-mode";
    case PimMode::kSparseDense:
      return "sparse-dense-mode";
  }
  return "sparse-mode";
}

Prefix InterfaceAddress::Subnet() const {
  return Prefix::FromMask(address, mask).value_or(Prefix::Make(address, 32));
}

bool OspfNetwork::Matches(Ipv4 a) const {
  return ((a.value() ^ address.value()) & ~wildcard.value()) == 0;
}

bool OspfProcess::IsPassive(std::string_view interface) const {
  const auto listed = [&](const std::vector<std::string>& names) {
    for (const std::string& n : names) {
      if (SameInterface(n, interface)) {
        return true;
      }
    }
    return false;
  };
  return passive_default ? !listed(non_passive_interfaces) : listed(passive_interfaces);
}

bool AccessList::Permits(Ipv4 a) const {
  for (const AclEntry& e : entries) {
    if (e.action != AclAction::kRemark && e.match.Matches(a)) {
      return e.action == AclAction::kPermit;
    }
  }
  return false;  // the implicit deny at the end of every IOS ACL
}

const InterfaceConfig* DeviceConfig::FindInterface(std::string_view name) const {
  const std::string key = CanonicalInterfaceName(name);
  for (const InterfaceConfig& i : interfaces) {
    if (CanonicalInterfaceName(i.name) == key) {
      return &i;
    }
  }
  return nullptr;
}

InterfaceConfig* DeviceConfig::FindInterface(std::string_view name) {
  return const_cast<InterfaceConfig*>(std::as_const(*this).FindInterface(name));
}

InterfaceConfig& DeviceConfig::GetOrAddInterface(std::string_view name) {
  if (InterfaceConfig* existing = FindInterface(name)) {
    return *existing;
  }
  interfaces.push_back(DefaultInterface(name));
  return interfaces.back();
}

InterfaceConfig DeviceConfig::DefaultInterface(std::string_view name) const {
  InterfaceConfig i;
  i.name = CompactInterfaceName(name);
  // Catalyst: physical ports are L2 switchports until `no switchport`; SVIs and loopbacks are
  // routed. Router and host ports are routed.
  i.switchport = kind == DeviceKind::kSwitch && !IsVirtualInterface(name);
  return i;
}

const AccessList* DeviceConfig::FindAccessList(std::string_view name) const {
  const auto it = access_lists.find(std::string(name));
  return it == access_lists.end() ? nullptr : &it->second;
}

}  // namespace mc::config
