// Collects every protocol's conformance cases.
#include "tests/tshark/cases.h"

namespace mc::testing {

std::vector<Case> AllCases() {
  std::vector<Case> all;
  for (std::vector<Case> (*part)() : {&IgmpCases, &PimCases, &OtherCases}) {
    std::vector<Case> v = part();
    all.insert(all.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  }
  return all;
}

}  // namespace mc::testing
