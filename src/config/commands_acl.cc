// Standard IPv4 ACLs as IOS configures them: numbered `access-list N permit|deny|remark ...`
// (N in 1-99 or 1300-1999) and named `ip access-list standard NAME` blocks with `permit`,
// `deny` and `remark` lines. Sources are `any`, `host A` or `A [W]` (W defaults to 0.0.0.0; the
// address is stored with the wildcard bits cleared, as IOS shows it).
// IOS semantics kept: `no access-list N ...` deletes the whole numbered list; in a named list
// `no permit|deny ...` deletes that entry only; a named list whose name is a number is the
// numbered list of that number, so the number must be a standard one.
// Left out: sequence numbers, `log`, extended ACLs (recognised, not supported yet).
#include <algorithm>
#include <cctype>
#include <charconv>

#include "config/commands.h"

namespace mc::config {
namespace {

using internal::InvalidArgument;
using Outcome = Status<std::string>;

bool IsNumber(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch)) != 0;
  });
}

// The value of a decimal string of at most 4 digits (callers check), so it cannot overflow.
int SmallNumber(std::string_view s) {
  int n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

// IOS standard ACL numbers: 1-99 and the expanded range 1300-1999.
bool IsStandardNumber(std::string_view s) {
  if (!IsNumber(s) || s.size() > 4) {
    return false;
  }
  const int n = SmallNumber(s);
  return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
}

AclEntry EntryOf(AclAction action, const Args& a) {
  AclEntry e{.action = action};
  if (action == AclAction::kRemark) {
    e.remark = a.Text("remark");
  } else {
    e.match = a.Acl("source");
  }
  return e;
}

Outcome Numbered(Call& c, AclAction action) {
  const std::string name = std::to_string(c.args.Number("number"));
  if (c.args.negated()) {
    c.cfg.access_lists.erase(name);
    return {};
  }
  c.cfg.access_lists[name].entries.push_back(EntryOf(action, c.args));
  return {};
}

Outcome NumberedPermit(Call& c) { return Numbered(c, AclAction::kPermit); }
Outcome NumberedDeny(Call& c) { return Numbered(c, AclAction::kDeny); }
Outcome NumberedRemark(Call& c) { return Numbered(c, AclAction::kRemark); }

Outcome NamedHeader(Call& c) {
  std::string name = c.args.Text("name");
  if (IsNumber(name) && !IsStandardNumber(name)) {
    return InvalidArgument(name, "expected a name or a standard ACL number (1-99, 1300-1999)");
  }
  if (IsNumber(name)) {
    name = std::to_string(SmallNumber(name));  // "05" is list 5
  }
  if (c.args.negated()) {
    c.cfg.access_lists.erase(name);
    return {};
  }
  c.cfg.access_lists.try_emplace(name);
  c.opened = ModeContext{.mode = Mode::kAclStandard, .name = name};
  return {};
}

Outcome Named(Call& c, AclAction action) {
  std::vector<AclEntry>& entries = c.cfg.access_lists[c.ctx.name].entries;
  const AclEntry e = EntryOf(action, c.args);
  if (c.args.negated()) {
    const auto it = std::find(entries.begin(), entries.end(), e);
    if (it != entries.end()) {
      entries.erase(it);
    }
    return {};
  }
  entries.push_back(e);
  return {};
}

Outcome NamedPermit(Call& c) { return Named(c, AclAction::kPermit); }
Outcome NamedDeny(Call& c) { return Named(c, AclAction::kDeny); }
Outcome NamedRemark(Call& c) { return Named(c, AclAction::kRemark); }

constexpr CommandRow kRows[] = {
    {Mode::kGlobal, "access-list <number:1-99,1300-1999> permit <source:acl-src>", NumberedPermit,
     "number"},
    {Mode::kGlobal, "access-list <number:1-99,1300-1999> deny <source:acl-src>", NumberedDeny,
     "number"},
    {Mode::kGlobal, "access-list <number:1-99,1300-1999> remark <remark:text>", NumberedRemark,
     "number"},
    {Mode::kGlobal, "ip access-list standard <name:word>", NamedHeader, "name"},
    {Mode::kAclStandard, "permit <source:acl-src>", NamedPermit, "source"},
    {Mode::kAclStandard, "deny <source:acl-src>", NamedDeny, "source"},
    {Mode::kAclStandard, "remark <remark:text>", NamedRemark, "remark"},
};

}  // namespace

std::span<const CommandRow> AclCommands() { return kRows; }

}  // namespace mc::config
