// IOS interface names. Labs, configs and typed commands name the same port in many ways:
// "Gi0/1", "GigabitEthernet0/1", "gigabitethernet 0/1". IOS reads the leading alphabetic part
// as an abbreviation of an interface type (case-insensitive, spaces ignored) and the rest as the
// slot/port numbering; this file does the same so the whole stack compares names one way.
// Names that start with no known type ("eth0", "15/1", "veth-a") are free-form and compare
// exactly, ignoring case. Linux-style "ethN" (no '/') stays free-form even though IOS would read
// it as Ethernet N: hosts name their ports that way and mean no IOS interface.
// Left out: per-platform type lists (one list covers the IOS, IOS-XE and NX-OS names labs use)
// and the `interface range` syntax.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mc::config {

struct InterfaceType {
  std::string_view name;  // IOS spelling, e.g. "GigabitEthernet"
  bool is_virtual;        // SVIs, loopbacks, tunnels, VTEPs: never L2 switchports by default
};

// The known type that `name` starts with ("gi0/1" -> GigabitEthernet), or nullopt.
std::optional<InterfaceType> InterfaceTypeOf(std::string_view name);

// True when `word` alone (no numbering) abbreviates a known type: "gi", "Port-channel". Used to
// join "gigabitethernet 2/46" typed as two words.
bool IsInterfaceTypeWord(std::string_view word);

// The full IOS name ("GigabitEthernet0/1") for a known type; the name lower-cased otherwise.
// Spaces are removed in both cases.
std::string CanonicalInterfaceName(std::string_view name);

// The name with spaces removed, case kept: how configs store a name as written.
std::string CompactInterfaceName(std::string_view name);

bool SameInterface(std::string_view a, std::string_view b);

// Vlan, Loopback, Tunnel, nve, ...: interfaces that are never L2 switchports by default.
bool IsVirtualInterface(std::string_view name);

}  // namespace mc::config
