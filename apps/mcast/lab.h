// `mcast lab run|check <dir>`: the command-line front end of the lab runner (LAB-FORMAT.md §5).
#pragma once
#include <string>
#include <vector>

namespace mc::app {

// args: everything after `lab`. Returns the exit status (0 pass, 1 failures, 2 invalid lab).
int RunLabCommand(const std::vector<std::string>& args);

}  // namespace mc::app
