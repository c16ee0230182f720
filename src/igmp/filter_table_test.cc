// RFC 3376 §6.4.1 and §6.4.2: one test per table row, named after it, plus the §7.3.2
// compatibility reductions.
#include "igmp/filter_table.h"

#include <gtest/gtest.h>

namespace mc::igmp {
namespace {

using engine::FilterMode;
using wire::IgmpRecordType;
using Set = std::set<Ipv4>;

const Ipv4 k1{10, 0, 0, 1};
const Ipv4 k2{10, 0, 0, 2};
const Ipv4 k3{10, 0, 0, 3};
const Ipv4 k4{10, 0, 0, 4};

FilterState Include(Set a) { return FilterState{FilterMode::kInclude, std::move(a), {}}; }
FilterState Exclude(Set x, Set y) {
  return FilterState{FilterMode::kExclude, std::move(x), std::move(y)};
}

// §6.4.1 row 1: INCLUDE (A), IS_IN (B) -> INCLUDE (A+B); (B)=GMI.
TEST(Rfc3376_6_4_1, Include_IsIn) {
  FilterState s = Include({k1, k2});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kModeIsInclude, {k2, k3});
  EXPECT_EQ(s, Include({k1, k2, k3}));
  EXPECT_EQ(a.set_gmi, (Set{k2, k3}));
  EXPECT_FALSE(a.group_timer_gmi);
  EXPECT_TRUE(a.query_sources.empty());
}

// Row 2: INCLUDE (A), IS_EX (B) -> EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); Group Timer=GMI.
TEST(Rfc3376_6_4_1, Include_IsEx) {
  FilterState s = Include({k1, k2});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kModeIsExclude, {k2, k3});
  EXPECT_EQ(s, Exclude({k2}, {k3}));
  EXPECT_EQ(a.deleted, (Set{k1}));
  EXPECT_TRUE(a.group_timer_gmi);
  EXPECT_TRUE(a.set_gmi.empty());
}

// Row 3: EXCLUDE (X,Y), IS_IN (A) -> EXCLUDE (X+A, Y-A); (A)=GMI.
TEST(Rfc3376_6_4_1, Exclude_IsIn) {
  FilterState s = Exclude({k1}, {k2, k3});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kModeIsInclude, {k3, k4});
  EXPECT_EQ(s, Exclude({k1, k3, k4}, {k2}));
  EXPECT_EQ(a.set_gmi, (Set{k3, k4}));
  EXPECT_FALSE(a.group_timer_gmi);
}

// Row 4: EXCLUDE (X,Y), IS_EX (A) -> EXCLUDE (A-Y, Y*A); (A-X-Y)=GMI; Delete (X-A);
// Delete (Y-A); Group Timer=GMI.
TEST(Rfc3376_6_4_1, Exclude_IsEx) {
  FilterState s = Exclude({k1, k2}, {k3});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kModeIsExclude, {k2, k3, k4});
  EXPECT_EQ(s, Exclude({k2, k4}, {k3}));
  EXPECT_EQ(a.set_gmi, (Set{k4}));
  EXPECT_EQ(a.deleted, (Set{k1}));
  EXPECT_TRUE(a.group_timer_gmi);
}

// §6.4.2 row 1: INCLUDE (A), ALLOW (B) -> INCLUDE (A+B); (B)=GMI.
TEST(Rfc3376_6_4_2, Include_Allow) {
  FilterState s = Include({k1});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kAllowNewSources, {k2});
  EXPECT_EQ(s, Include({k1, k2}));
  EXPECT_EQ(a.set_gmi, (Set{k2}));
  EXPECT_TRUE(a.query_sources.empty());
}

// Row 2: INCLUDE (A), BLOCK (B) -> INCLUDE (A); Send Q(G,A*B).
TEST(Rfc3376_6_4_2, Include_Block) {
  FilterState s = Include({k1, k2});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kBlockOldSources, {k2, k3});
  EXPECT_EQ(s, Include({k1, k2}));
  EXPECT_EQ(a.query_sources, (Set{k2}));
  EXPECT_FALSE(a.query_group);
}

// Row 3: INCLUDE (A), TO_EX (B) -> EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); Send Q(G,A*B);
// Group Timer=GMI.
TEST(Rfc3376_6_4_2, Include_ToEx) {
  FilterState s = Include({k1, k2});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kChangeToExcludeMode, {k2, k3});
  EXPECT_EQ(s, Exclude({k2}, {k3}));
  EXPECT_EQ(a.deleted, (Set{k1}));
  EXPECT_EQ(a.query_sources, (Set{k2}));
  EXPECT_TRUE(a.group_timer_gmi);
}

// Row 4: INCLUDE (A), TO_IN (B) -> INCLUDE (A+B); (B)=GMI; Send Q(G,A-B).
TEST(Rfc3376_6_4_2, Include_ToIn) {
  FilterState s = Include({k1, k2});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kChangeToIncludeMode, {k2, k3});
  EXPECT_EQ(s, Include({k1, k2, k3}));
  EXPECT_EQ(a.set_gmi, (Set{k2, k3}));
  EXPECT_EQ(a.query_sources, (Set{k1}));
  EXPECT_FALSE(a.query_group);
}

// Row 5: EXCLUDE (X,Y), ALLOW (A) -> EXCLUDE (X+A, Y-A); (A)=GMI.
TEST(Rfc3376_6_4_2, Exclude_Allow) {
  FilterState s = Exclude({k1}, {k2, k3});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kAllowNewSources, {k2});
  EXPECT_EQ(s, Exclude({k1, k2}, {k3}));
  EXPECT_EQ(a.set_gmi, (Set{k2}));
}

// Row 6: EXCLUDE (X,Y), BLOCK (A) -> EXCLUDE (X+(A-Y), Y); (A-X-Y)=Group Timer; Send Q(G,A-Y).
TEST(Rfc3376_6_4_2, Exclude_Block) {
  FilterState s = Exclude({k1}, {k2});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kBlockOldSources, {k1, k2, k3});
  EXPECT_EQ(s, Exclude({k1, k3}, {k2}));
  EXPECT_EQ(a.set_group_timer, (Set{k3}));
  EXPECT_EQ(a.query_sources, (Set{k1, k3}));
}

// Row 7: EXCLUDE (X,Y), TO_EX (A) -> EXCLUDE (A-Y, Y*A); (A-X-Y)=Group Timer; Delete (X-A);
// Delete (Y-A); Send Q(G,A-Y); Group Timer=GMI.
TEST(Rfc3376_6_4_2, Exclude_ToEx) {
  FilterState s = Exclude({k1, k2}, {k3});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kChangeToExcludeMode, {k2, k3, k4});
  EXPECT_EQ(s, Exclude({k2, k4}, {k3}));
  EXPECT_EQ(a.set_group_timer, (Set{k4}));
  EXPECT_EQ(a.deleted, (Set{k1}));
  EXPECT_EQ(a.query_sources, (Set{k2, k4}));
  EXPECT_TRUE(a.group_timer_gmi);
}

// Row 8: EXCLUDE (X,Y), TO_IN (A) -> EXCLUDE (X+A, Y-A); (A)=GMI; Send Q(G,X-A); Send Q(G).
TEST(Rfc3376_6_4_2, Exclude_ToIn) {
  FilterState s = Exclude({k1, k2}, {k3});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kChangeToIncludeMode, {k2, k3});
  EXPECT_EQ(s, Exclude({k1, k2, k3}, {}));
  EXPECT_EQ(a.set_gmi, (Set{k2, k3}));
  EXPECT_EQ(a.query_sources, (Set{k1}));
  EXPECT_TRUE(a.query_group);
}

// An IGMPv2 Leave is TO_IN({}) in EXCLUDE({}, {}): only Q(G) (RFC 3376 §7.3.2 / RFC 2236 §3).
TEST(Rfc3376_7_3_2, V2LeaveIsToInEmpty) {
  FilterState s = Exclude({}, {});
  const FilterActions a = ApplyRecord(s, IgmpRecordType::kChangeToIncludeMode, {});
  EXPECT_TRUE(a.query_group);
  EXPECT_TRUE(a.query_sources.empty());
  EXPECT_EQ(s, Exclude({}, {}));
}

// RFC 3376 §7.3.2, one test per rule of its compatibility table. IGMPv2 mode: "BLOCK messages
// are ignored, as are source-lists in TO_EX() messages".
TEST(Rfc3376_7_3_2, V2Mode_BlockIsIgnored) {
  Set b{k1};
  EXPECT_FALSE(ReduceForCompatibility(2, IgmpRecordType::kBlockOldSources, b));
}

TEST(Rfc3376_7_3_2, V2Mode_ToExIsTreatedAsToExEmpty) {
  Set b{k1, k2};
  EXPECT_TRUE(ReduceForCompatibility(2, IgmpRecordType::kChangeToExcludeMode, b));
  EXPECT_TRUE(b.empty());
}

TEST(Rfc3376_7_3_2, V2Mode_LeaveIsProcessed) {
  Set none;
  EXPECT_TRUE(ReduceForCompatibility(2, IgmpRecordType::kChangeToIncludeMode, none));
}

// IGMPv1 mode: the same reductions, and "IGMPv2 Leave messages are ignored" as well.
TEST(Rfc3376_7_3_2, V1Mode_BlockIsIgnored) {
  Set c{k1};
  EXPECT_FALSE(ReduceForCompatibility(1, IgmpRecordType::kBlockOldSources, c));
}

TEST(Rfc3376_7_3_2, V1Mode_ToExIsTreatedAsToExEmpty) {
  Set c{k1};
  EXPECT_TRUE(ReduceForCompatibility(1, IgmpRecordType::kChangeToExcludeMode, c));
  EXPECT_TRUE(c.empty());
}

TEST(Rfc3376_7_3_2, V1Mode_LeaveIsIgnored) {
  Set none;
  EXPECT_FALSE(ReduceForCompatibility(1, IgmpRecordType::kChangeToIncludeMode, none));
}

// IGMPv3 mode changes nothing.
TEST(Rfc3376_7_3_2, V3Mode_RecordsAreUnchanged) {
  Set d{k1, k2};
  EXPECT_TRUE(ReduceForCompatibility(3, IgmpRecordType::kChangeToExcludeMode, d));
  EXPECT_EQ(d.size(), 2u);
  Set e{k1};
  EXPECT_TRUE(ReduceForCompatibility(3, IgmpRecordType::kBlockOldSources, e));
  EXPECT_EQ(e.size(), 1u);
}

}  // namespace
}  // namespace mc::igmp
