// The message variants the tshark conformance test encodes, with the fields tshark must show.
#pragma once

#include <string>
#include <vector>

#include "wire/writer.h"

namespace mc::testing {

struct Field {
  std::string name;   // tshark field name, e.g. "igmp.maddr"
  std::string value;  // as tshark -T json prints it
};

struct Case {
  std::string name;
  std::string layer;  // the tshark protocol layer that must be present, e.g. "igmp"
  wire::Bytes frame;
  std::vector<Field> fields;
};

std::vector<Case> IgmpCases();
std::vector<Case> PimCases();
std::vector<Case> OtherCases();
std::vector<Case> AllCases();

}  // namespace mc::testing
