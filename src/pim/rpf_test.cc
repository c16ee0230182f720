// MRIB longest match and static mroute override, static RP choice (ACL specificity, override,
// highest address) and SSM ranges.
#include "pim/rpf.h"

#include <gtest/gtest.h>

namespace mc::pim {
namespace {

config::AccessList Acl(std::vector<std::pair<config::AclAction, config::AclMatch>> entries) {
  config::AccessList a;
  for (const auto& [action, match] : entries) {
    a.entries.push_back({action, match, ""});
  }
  return a;
}

engine::RouteEvent Route(const char* prefix, Ipv4 nh, std::uint32_t ifx, bool removed = false) {
  return {*Prefix::Parse(prefix), nh, IfIndex{ifx}, 110, 20, removed};
}

TEST(Mrib, LongestMatchWinsAndRemovalFallsBack) {
  Mrib m;
  EXPECT_TRUE(m.Apply(Route("0.0.0.0/0", Ipv4{10, 0, 0, 1}, 1)));
  EXPECT_TRUE(m.Apply(Route("10.1.0.0/16", Ipv4{10, 0, 1, 1}, 2)));
  EXPECT_FALSE(m.Apply(Route("10.1.0.0/16", Ipv4{10, 0, 1, 1}, 2)));  // unchanged
  EXPECT_EQ(m.Lookup(Ipv4{10, 1, 2, 3})->iif, IfIndex{2});
  EXPECT_EQ(m.Lookup(Ipv4{8, 8, 8, 8})->iif, IfIndex{1});
  EXPECT_TRUE(m.Apply(Route("10.1.0.0/16", {}, 2, true)));
  EXPECT_EQ(m.Lookup(Ipv4{10, 1, 2, 3})->iif, IfIndex{1});
  EXPECT_TRUE(m.Apply(Route("0.0.0.0/0", {}, 1, true)));
  EXPECT_FALSE(m.Lookup(Ipv4{10, 1, 2, 3}).has_value());
}

TEST(Mrib, StaticMrouteOverridesUnicast) {
  Mrib m;
  m.Apply(Route("10.1.0.0/16", Ipv4{10, 0, 1, 1}, 2));
  m.SetStaticMroutes({{*Prefix::Parse("10.0.0.0/8"), IfIndex{3}, Ipv4{10, 0, 3, 1}}});
  const std::optional<RpfInfo> r = m.Lookup(Ipv4{10, 1, 2, 3});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->iif, IfIndex{3});
  EXPECT_EQ(r->next_hop, (Ipv4{10, 0, 3, 1}));
  EXPECT_TRUE(r->from_static_mroute);
  EXPECT_EQ(m.Lookup(Ipv4{11, 0, 0, 1}), std::nullopt);
}

TEST(RpMapping, NoAclCoversAllGroupsAndNothingElse) {
  const std::vector<RpMapping> m{{Ipv4{1, 1, 1, 1}, std::nullopt, "", false}};
  EXPECT_EQ(RpFor(m, Ipv4{224, 1, 1, 1}), (Ipv4{1, 1, 1, 1}));
  EXPECT_EQ(RpFor(m, Ipv4{10, 1, 1, 1}), std::nullopt);
}

TEST(RpMapping, MoreSpecificAclWins) {
  using config::AclAction;
  const auto acl239 = Acl({{AclAction::kPermit, {Ipv4{239, 0, 0, 0}, Ipv4{0, 255, 255, 255}}}});
  const std::vector<RpMapping> m{{Ipv4{9, 9, 9, 9}, std::nullopt, "", false},
                                 {Ipv4{2, 2, 2, 2}, acl239, "10", false}};
  EXPECT_EQ(RpFor(m, Ipv4{239, 1, 1, 1}), (Ipv4{2, 2, 2, 2}));
  EXPECT_EQ(RpFor(m, Ipv4{225, 1, 1, 1}), (Ipv4{9, 9, 9, 9}));
}

TEST(RpMapping, DenyEntryExcludesAndTiesGoToOverrideThenHighestAddress) {
  using config::AclAction;
  const auto deny = Acl({{AclAction::kDeny, {Ipv4{239, 1, 1, 1}, Ipv4{}}},
                         {AclAction::kPermit, {Ipv4{}, Ipv4{0xFFFFFFFF}}}});
  EXPECT_EQ(PermitSpecificity(deny, Ipv4{239, 1, 1, 1}), std::nullopt);
  EXPECT_EQ(PermitSpecificity(deny, Ipv4{239, 1, 1, 2}), 0);
  const std::vector<RpMapping> ties{{Ipv4{1, 1, 1, 1}, std::nullopt, "", false},
                                    {Ipv4{3, 3, 3, 3}, std::nullopt, "", false}};
  EXPECT_EQ(RpFor(ties, Ipv4{239, 1, 1, 1}), (Ipv4{3, 3, 3, 3}));
  const std::vector<RpMapping> over{{Ipv4{1, 1, 1, 1}, std::nullopt, "", true},
                                    {Ipv4{3, 3, 3, 3}, std::nullopt, "", false}};
  EXPECT_EQ(RpFor(over, Ipv4{239, 1, 1, 1}), (Ipv4{1, 1, 1, 1}));
}

TEST(Ssm, DefaultRangeAndAclRange) {
  EXPECT_FALSE(SsmRanges{}.Contains(Ipv4{232, 1, 1, 1}));
  EXPECT_TRUE((SsmRanges{true, std::nullopt}).Contains(Ipv4{232, 1, 1, 1}));
  EXPECT_FALSE((SsmRanges{true, std::nullopt}).Contains(Ipv4{233, 1, 1, 1}));
  const auto acl =
      Acl({{config::AclAction::kPermit, {Ipv4{239, 232, 0, 0}, Ipv4{0, 0, 255, 255}}}});
  EXPECT_TRUE((SsmRanges{true, acl}).Contains(Ipv4{239, 232, 1, 1}));
  EXPECT_FALSE((SsmRanges{true, acl}).Contains(Ipv4{232, 1, 1, 1}));
}

}  // namespace
}  // namespace mc::pim
