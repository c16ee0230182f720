// Standard ACLs: numbered and named forms, source syntaxes, evaluation order with the implicit
// deny, errors and `no` forms.
#include <gtest/gtest.h>

#include "config/test_util.h"

namespace mc::config {
namespace {

using testing::ErrorOf;
using testing::Load;
using testing::MessageOf;

constexpr AclMatch kAny{Ipv4{}, Ipv4{0xFFFFFFFF}};

TEST(AccessList, NumberedEntriesInOrder) {
  const DeviceConfig cfg = Load(
      "access-list 1 remark groups for the RP\n"
      "access-list 1 deny host 239.1.1.1\n"
      "access-list 1 permit 239.1.1.77 0.0.0.255\n"
      "access-list 1 deny 239.1.2.1\n"
      "access-list 1 permit any\n");
  const AccessList* acl = cfg.FindAccessList("1");
  ASSERT_NE(acl, nullptr);
  ASSERT_EQ(acl->entries.size(), 5u);
  EXPECT_EQ(acl->entries[0], (AclEntry{AclAction::kRemark, {}, "groups for the RP"}));
  EXPECT_EQ(acl->entries[1], (AclEntry{AclAction::kDeny, {Ipv4{239, 1, 1, 1}, Ipv4{}}, ""}));
  // The address is stored with the wildcard bits cleared, as IOS shows it.
  EXPECT_EQ(acl->entries[2].match, (AclMatch{Ipv4{239, 1, 1, 0}, Ipv4{0, 0, 0, 255}}));
  EXPECT_EQ(acl->entries[3].match, (AclMatch{Ipv4{239, 1, 2, 1}, Ipv4{}}));
  EXPECT_EQ(acl->entries[4].match, kAny);
}

TEST(AccessList, PermitsEvaluatesInOrderWithImplicitDeny) {
  const DeviceConfig cfg = Load(
      "access-list 10 deny host 239.1.1.1\n"
      "access-list 10 permit 239.1.1.0 0.0.0.255\n"
      "ip access-list standard SSM\n"
      " permit 232.0.0.0 0.255.255.255\n");
  const AccessList& a = *cfg.FindAccessList("10");
  EXPECT_FALSE(a.Permits(Ipv4{239, 1, 1, 1}));  // the first match decides
  EXPECT_TRUE(a.Permits(Ipv4{239, 1, 1, 2}));
  EXPECT_FALSE(a.Permits(Ipv4{239, 1, 2, 1}));  // implicit deny
  const AccessList& ssm = *cfg.FindAccessList("SSM");
  EXPECT_TRUE(ssm.Permits(Ipv4{232, 9, 9, 9}));
  EXPECT_FALSE(ssm.Permits(Ipv4{233, 0, 0, 1}));
  EXPECT_FALSE(AccessList{}.Permits(Ipv4{1, 2, 3, 4}));
}

TEST(AccessList, NonContiguousWildcardsMatchBitwise) {
  const AccessList a{{AclEntry{AclAction::kPermit, {Ipv4{10, 0, 0, 1}, Ipv4{0, 0, 255, 0}}, ""}}};
  EXPECT_TRUE(a.Permits(Ipv4{10, 0, 77, 1}));
  EXPECT_FALSE(a.Permits(Ipv4{10, 0, 77, 2}));
}

TEST(AccessList, ExpandedRangeAndNoFormDeletesTheWholeList) {
  EXPECT_NE(Load("access-list 1300 permit any\n").FindAccessList("1300"), nullptr);
  const DeviceConfig cfg = Load(
      "access-list 1 permit any\naccess-list 2 permit any\n"
      "no access-list 1 permit any\nno access-list 2\n");
  EXPECT_TRUE(cfg.access_lists.empty());
}

TEST(AccessList, Errors) {
  EXPECT_EQ(ErrorOf("access-list 1 permit 10.0.0.300\n"),
            "R1.cfg:1: invalid argument \"10.0.0.300\": expected any, host A.B.C.D or A.B.C.D "
            "[wildcard]: 'access-list 1 permit 10.0.0.300'");
  EXPECT_EQ(MessageOf("access-list 1 permit host\n"),
            "invalid argument \"host\": expected any, host A.B.C.D or A.B.C.D [wildcard]");
  EXPECT_EQ(MessageOf("access-list 1 allow any\n"),
            "invalid argument \"allow\": expected \"permit\"");
  EXPECT_EQ(MessageOf("access-list 1 permit\n"),
            "incomplete command: expected any, host A.B.C.D or A.B.C.D [wildcard]");
  EXPECT_EQ(MessageOf("access-list 1 permit any log\n"),
            "invalid argument \"log\": expected end of command");
  EXPECT_EQ(MessageOf("access-list 500 permit any\n"),
            "invalid argument \"500\": expected a number (1-99,1300-1999)");
  EXPECT_EQ(MessageOf("no access-list\n"),
            "incomplete command: expected a number (1-99,1300-1999), a number "
            "(100-199,2000-2699)");
}

TEST(NamedAccessList, EntriesAndNoEntry) {
  const DeviceConfig cfg = Load(
      "ip access-list standard RP-GROUPS\n"
      " remark anycast\n"
      " permit 239.0.0.0 0.255.255.255\n"
      " deny any\n"
      " no deny any\n");
  const AccessList& a = *cfg.FindAccessList("RP-GROUPS");
  ASSERT_EQ(a.entries.size(), 2u);
  EXPECT_EQ(a.entries[0].action, AclAction::kRemark);
  EXPECT_EQ(a.entries[1].match, (AclMatch{Ipv4{239, 0, 0, 0}, Ipv4{0, 255, 255, 255}}));
  EXPECT_TRUE(
      Load("ip access-list standard X\nno ip access-list standard X\n").access_lists.empty());
}

TEST(NamedAccessList, ANumberNamesTheNumberedList) {
  const DeviceConfig cfg = Load("access-list 5 permit any\nip access-list standard 5\n deny any\n");
  EXPECT_EQ(cfg.FindAccessList("5")->entries.size(), 2u);
  EXPECT_EQ(Load("ip access-list standard 05\n permit any\n").FindAccessList("5")->entries.size(),
            1u);
  EXPECT_EQ(MessageOf("ip access-list standard 150\n"),
            "invalid argument \"150\": expected a name or a standard ACL number (1-99, "
            "1300-1999)");
  EXPECT_EQ(MessageOf("ip access-list standard X\n permit\n"),
            "incomplete command: expected any, host A.B.C.D or A.B.C.D [wildcard]");
  EXPECT_EQ(MessageOf("ip access-list standard X\n no permit\n"),
            "incomplete command: expected any, host A.B.C.D or A.B.C.D [wildcard]");
}

}  // namespace
}  // namespace mc::config
