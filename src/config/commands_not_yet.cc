// Commands LAB-FORMAT.md §3 lists whose engines are not built yet: PIM (interface options, RP configuration, BSR, Auto-RP,
// Anycast-RP, boundaries), MSDP and the data-center VTEP commands, plus the VRF and
// extended-ACL variants of supported commands. Each is recognised by its keywords (anything may
// follow) and rejected with "not supported yet", never silently ignored. The issue that builds
// an engine replaces its rows here with real ones.
#include "config/commands.h"

namespace mc::config {
namespace {

constexpr CommandRow kRows[] = {
    // PIM global configuration: RPs, SSM, SPT switchover, BIDIR, BSR, Auto-RP, Anycast-RP.
    {Mode::kGlobal, "ip pim bidir-enable ...", nullptr},
    {Mode::kGlobal, "ip pim bsr-candidate ...", nullptr},
    {Mode::kGlobal, "ip pim rp-candidate ...", nullptr},
    {Mode::kGlobal, "ip pim send-rp-announce ...", nullptr},
    {Mode::kGlobal, "ip pim send-rp-discovery ...", nullptr},
    {Mode::kGlobal, "ip pim autorp ...", nullptr},
    {Mode::kGlobal, "ip pim rp-announce-filter ...", nullptr},
    {Mode::kGlobal, "ip pim anycast-rp ...", nullptr},
    {Mode::kGlobal, "ip pim vrf ...", nullptr},
    // MSDP.
    {Mode::kGlobal, "ip msdp peer ...", nullptr},
    {Mode::kGlobal, "ip msdp mesh-group ...", nullptr},
    {Mode::kGlobal, "ip msdp originator-id ...", nullptr},
    {Mode::kGlobal, "ip msdp sa-filter ...", nullptr},
    {Mode::kGlobal, "ip msdp sa-limit ...", nullptr},
    {Mode::kGlobal, "ip msdp description ...", nullptr},
    {Mode::kGlobal, "ip msdp default-peer ...", nullptr},
    {Mode::kGlobal, "ip msdp vrf ...", nullptr},
    // VRF static routes, extended ACLs, interface ranges.
    {Mode::kGlobal, "ip route vrf ...", nullptr},
    {Mode::kGlobal, "ip mroute vrf ...", nullptr},
    {Mode::kGlobal, "access-list <number:100-199,2000-2699> ...", nullptr, "number"},
    {Mode::kGlobal, "ip access-list extended ...", nullptr},
    {Mode::kGlobal, "interface range ...", nullptr},
    // PIM on an interface, multicast boundaries, active-active DR (DESIGN.md §Data center).
    {Mode::kInterface, "ip pim bsr-border ...", nullptr},
    {Mode::kInterface, "ip pim passive ...", nullptr},
    {Mode::kInterface, "ip pim active-active ...", nullptr},
    {Mode::kInterface, "ip pim proxy-dr ...", nullptr},
    {Mode::kInterface, "ip multicast boundary ...", nullptr},
    // The VTEP interface nve1.
    {Mode::kInterface, "member vni ...", nullptr},
    {Mode::kInterface, "source-interface ...", nullptr},
    {Mode::kInterface, "host-reachability ...", nullptr},
    {Mode::kVlan, "vn-segment ...", nullptr},
};

}  // namespace

std::span<const CommandRow> NotYetCommands() { return kRows; }

}  // namespace mc::config
