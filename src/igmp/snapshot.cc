// Names for the snapshot enums (snapshot.h), used by show output and JSON.
#include "igmp/snapshot.h"

namespace mc::igmp {

std::string_view ToString(GroupOrigin origin) {
  switch (origin) {
    case GroupOrigin::kReport:
      return "report";
    case GroupOrigin::kStatic:
      return "static";
    case GroupOrigin::kLocal:
      return "local";
  }
  return "report";
}

}  // namespace mc::igmp
