// IOS interface-name canonicalisation: type prefix table and comparison.
#include "config/interface_name.h"

#include <array>
#include <cctype>
#include <string>

#include "config/pattern.h"

namespace mc::config {
namespace {

using internal::IsPrefixNoCase;

// Order matters for short abbreviations: the first type a prefix matches wins, which follows
// what IOS accepts on the platforms that have these types ("T" is TenGigabitEthernet, "Tw"
// TwoGigabitEthernet, "Twe" TwentyFiveGigE, "Tu" Tunnel, "N" Null, "nv" nve).
constexpr std::array kTypes = {
    InterfaceType{"GigabitEthernet", false},
    InterfaceType{"FastEthernet", false},
    InterfaceType{"Ethernet", false},
    InterfaceType{"TenGigabitEthernet", false},
    InterfaceType{"TwoGigabitEthernet", false},
    InterfaceType{"TwentyFiveGigE", false},
    InterfaceType{"FortyGigabitEthernet", false},
    InterfaceType{"FiveGigabitEthernet", false},
    InterfaceType{"HundredGigE", false},
    InterfaceType{"Vlan", true},
    InterfaceType{"Loopback", true},
    InterfaceType{"Port-channel", false},
    InterfaceType{"Tunnel", true},
    InterfaceType{"Serial", false},
    InterfaceType{"Null", true},
    InterfaceType{"nve", true},
    InterfaceType{"BDI", true},
    InterfaceType{"Dialer", true},
    InterfaceType{"Virtual-Template", true},
    InterfaceType{"mgmt", false},
};

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::optional<InterfaceType> TypeForWord(std::string_view word) {
  for (const InterfaceType& t : kTypes) {
    if (IsPrefixNoCase(word, t.name)) {
      return t;
    }
  }
  return std::nullopt;
}

struct SplitName {
  std::string_view type_word;  // leading letters and hyphens
  std::string_view number;     // the rest; starts with a digit when type_word is a type
};

SplitName Split(std::string_view compact) {
  std::size_t i = 0;
  while (i < compact.size() && (IsAlpha(compact[i]) || compact[i] == '-')) {
    ++i;
  }
  return {compact.substr(0, i), compact.substr(i)};
}

// "eth0", "eth12": the Linux naming of Ethernet ports, kept free-form (see the header).
bool IsLinuxEthName(const SplitName& s) {
  return s.type_word.size() == 3 && IsPrefixNoCase(s.type_word, "eth") &&
         s.number.find('/') == std::string_view::npos;
}

std::optional<InterfaceType> TypeOfCompact(std::string_view compact) {
  const SplitName s = Split(compact);
  if (s.type_word.empty() || s.number.empty() || !IsDigit(s.number.front()) || IsLinuxEthName(s)) {
    return std::nullopt;
  }
  return TypeForWord(s.type_word);
}

std::string LowerString(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    out.push_back(Lower(c));
  }
  return out;
}

}  // namespace

std::optional<InterfaceType> InterfaceTypeOf(std::string_view name) {
  return TypeOfCompact(CompactInterfaceName(name));
}

bool IsInterfaceTypeWord(std::string_view word) {
  for (const char c : word) {
    if (!IsAlpha(c) && c != '-') {
      return false;
    }
  }
  return TypeForWord(word).has_value();
}

std::string CompactInterfaceName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    if (c != ' ' && c != '\t') {
      out.push_back(c);
    }
  }
  return out;
}

std::string CanonicalInterfaceName(std::string_view name) {
  const std::string compact = CompactInterfaceName(name);
  const std::optional<InterfaceType> type = TypeOfCompact(compact);
  if (!type) {
    return LowerString(compact);
  }
  return std::string(type->name) + LowerString(Split(compact).number);
}

bool SameInterface(std::string_view a, std::string_view b) {
  return CanonicalInterfaceName(a) == CanonicalInterfaceName(b);
}

bool IsVirtualInterface(std::string_view name) {
  const std::optional<InterfaceType> type = InterfaceTypeOf(name);
  return type && type->is_virtual;
}

}  // namespace mc::config
