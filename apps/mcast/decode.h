// `mcast decode FILE.pcap [--json] [--interface NAME]`.
#pragma once

#include <string>
#include <vector>

namespace mc::app {

int RunDecode(const std::vector<std::string>& args);

}  // namespace mc::app
