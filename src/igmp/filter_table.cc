// RFC 3376 §6.4 router-side filter table (filter_table.h).
#include "igmp/filter_table.h"

#include <algorithm>
#include <iterator>

namespace mc::igmp {

namespace {

using engine::FilterMode;
using wire::IgmpRecordType;
using Set = std::set<Ipv4>;

Set Union(const Set& a, const Set& b) { return SetUnion(a, b); }
Set Inter(const Set& a, const Set& b) { return SetIntersection(a, b); }
Set Minus(const Set& a, const Set& b) { return SetDifference(a, b); }

}  // namespace

Set SetUnion(const Set& a, const Set& b) {
  Set out = a;
  out.insert(b.begin(), b.end());
  return out;
}

Set SetIntersection(const Set& a, const Set& b) {
  Set out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

Set SetDifference(const Set& a, const Set& b) {
  Set out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

FilterActions ApplyRecord(FilterState& st, IgmpRecordType type, const Set& b) {
  FilterActions act;
  if (st.mode == FilterMode::kInclude) {
    const Set& a = st.requested;
    switch (type) {
      case IgmpRecordType::kModeIsInclude:  // INCLUDE(A+B); (B)=GMI
      case IgmpRecordType::kAllowNewSources:
        st.requested = Union(a, b);
        act.set_gmi = b;
        break;
      case IgmpRecordType::kChangeToIncludeMode:  // INCLUDE(A+B); (B)=GMI; Send Q(G,A-B)
        act.query_sources = Minus(a, b);
        st.requested = Union(a, b);
        act.set_gmi = b;
        break;
      case IgmpRecordType::kBlockOldSources:  // INCLUDE(A); Send Q(G,A*B)
        act.query_sources = Inter(a, b);
        break;
      case IgmpRecordType::kModeIsExclude:  // EXCLUDE(A*B,B-A); (B-A)=0; Delete(A-B); GT=GMI
      case IgmpRecordType::kChangeToExcludeMode: {  // same, and Send Q(G,A*B)
        const Set x = Inter(a, b);
        const Set y = Minus(b, a);
        act.deleted = Minus(a, b);
        if (type == IgmpRecordType::kChangeToExcludeMode) {
          act.query_sources = x;
        }
        st = FilterState{FilterMode::kExclude, x, y};
        act.group_timer_gmi = true;
        break;
      }
    }
    return act;
  }
  const Set x = st.requested;
  const Set y = st.excluded;
  const Set& a = b;  // the EXCLUDE rows call the record's list A
  switch (type) {
    case IgmpRecordType::kModeIsInclude:  // EXCLUDE(X+A,Y-A); (A)=GMI
    case IgmpRecordType::kAllowNewSources:
      st.requested = Union(x, a);
      st.excluded = Minus(y, a);
      act.set_gmi = a;
      break;
    case IgmpRecordType::kChangeToIncludeMode:  // same, and Send Q(G,X-A); Send Q(G)
      st.requested = Union(x, a);
      st.excluded = Minus(y, a);
      act.set_gmi = a;
      act.query_sources = Minus(x, a);
      act.query_group = true;
      break;
    case IgmpRecordType::kBlockOldSources:  // EXCLUDE(X+(A-Y),Y); (A-X-Y)=GT; Send Q(G,A-Y)
      st.requested = Union(x, Minus(a, y));
      act.set_group_timer = Minus(Minus(a, x), y);
      act.query_sources = Minus(a, y);
      break;
    case IgmpRecordType::kModeIsExclude:  // EXCLUDE(A-Y,Y*A); (A-X-Y)=GMI; Delete(X-A,Y-A); GT=GMI
      st.requested = Minus(a, y);
      st.excluded = Inter(y, a);
      act.set_gmi = Minus(Minus(a, x), y);
      act.deleted = Union(Minus(x, a), Minus(y, a));
      act.group_timer_gmi = true;
      break;
    case IgmpRecordType::kChangeToExcludeMode:  // EXCLUDE(A-Y,Y*A); (A-X-Y)=GT; Delete(X-A,
                                                // Y-A); Send Q(G,A-Y); GT=GMI
      st.requested = Minus(a, y);
      st.excluded = Inter(y, a);
      act.set_group_timer = Minus(Minus(a, x), y);
      act.deleted = Union(Minus(x, a), Minus(y, a));
      act.query_sources = Minus(a, y);
      act.group_timer_gmi = true;
      break;
  }
  return act;
}

bool ReduceForCompatibility(std::uint8_t version, IgmpRecordType type, Set& b) {
  if (version >= 3) {
    return true;
  }
  switch (type) {
    case IgmpRecordType::kBlockOldSources:
      return false;
    case IgmpRecordType::kChangeToExcludeMode:
    case IgmpRecordType::kModeIsExclude:
      b.clear();
      return true;
    case IgmpRecordType::kChangeToIncludeMode:
      // An IGMPv2 Leave is TO_IN({}); IGMPv1 hosts never leave, so v1 mode ignores it.
      return version >= 2 || !b.empty();
    default:
      return true;
  }
}

}  // namespace mc::igmp
