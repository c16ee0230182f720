// `show ip igmp interface` from hand-built snapshots: the DR line names PIM's DR of the LAN
// when PIM supplies one (issue 6 item 1: hosts' "DR" as seen in show ip igmp interface), and
// the router itself when it is the DR or when no PIM runs on the interface.
#include "show/igmp_show.h"

#include <gtest/gtest.h>

namespace mc::show {
namespace {

const IfIndex kIf{1};
const Ipv4 kSelf = *Ipv4::Parse("10.0.0.2");
const Ipv4 kOther = *Ipv4::Parse("10.0.0.9");

igmp::RouterSnapshot Snap() {
  igmp::InterfaceSnapshot s;
  s.ifindex = kIf;
  s.address = kSelf;
  s.prefix_len = 24;
  s.up = true;
  s.is_querier = true;
  s.querier = kSelf;
  return igmp::RouterSnapshot{{s}};
}

IgmpIfView View(std::optional<Ipv4> dr) {
  IgmpIfView v;
  v.ifindex = kIf;
  v.name = "Gi0/0";
  v.address = kSelf;
  v.prefix_len = 24;
  v.multicast_routing = true;
  v.dr = dr;
  return v;
}

TEST(IgmpInterfaceShow, DrIsAnotherRouterWhenPimElectedOne) {
  const std::string text = RenderIgmpInterfaces(Snap(), {View(kOther)}, kTimeZero);
  EXPECT_NE(text.find("  Multicast designated router (DR) is 10.0.0.9\n"), std::string::npos)
      << text;
  EXPECT_EQ(IgmpInterfacesJson(Snap(), {View(kOther)}, kTimeZero)["interfaces"][0]["dr"],
            "10.0.0.9");
}

TEST(IgmpInterfaceShow, DrIsThisSystemWhenElectedOrWithoutPim) {
  for (const std::optional<Ipv4> dr : {std::optional<Ipv4>{kSelf}, std::optional<Ipv4>{}}) {
    const std::string text = RenderIgmpInterfaces(Snap(), {View(dr)}, kTimeZero);
    EXPECT_NE(text.find("  Multicast designated router (DR) is 10.0.0.2 (this system)\n"),
              std::string::npos)
        << text;
  }
}

}  // namespace
}  // namespace mc::show
