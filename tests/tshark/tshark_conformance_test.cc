// tshark conformance: every message our encoders produce is written into one pcap, dissected
// by Wireshark's tshark, and checked: no malformed packet, no expert info at warning level or
// above, checksums "Good" where tshark validates them, and the key fields equal what we encoded.
// The README's test command installs tshark; a missing tshark fails this test (it does not skip).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "sim/pcap_file.h"
#include "tests/tshark/cases.h"

namespace mc::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr std::uint32_t kSeverityWarn = 0x00600000;

// Every (field -> values) pair below a layer, flattened: tshark -T json nests subtrees.
void Collect(const json& j, std::multimap<std::string, std::string>& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_object()) {
      if (j.is_object()) out.emplace(it.key(), "<tree>");
      Collect(*it, out);
    } else if (it->is_array()) {
      for (const json& e : *it) {
        if (e.is_string() && j.is_object()) out.emplace(it.key(), e.get<std::string>());
        if (e.is_object()) Collect(e, out);
      }
    } else if (it->is_string() && j.is_object()) {
      out.emplace(it.key(), it->get<std::string>());
    }
  }
}

std::string RunTshark(const std::string& pcap) {
  const std::string cmd = "tshark -n --no-duplicate-keys -r '" + pcap +
                          "' -T json -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE "
                          "-o tcp.check_checksum:TRUE 2>/dev/null";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[65536];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(TsharkConformance, EveryEncodedMessageDissectsCleanly) {
  ASSERT_EQ(std::system("command -v tshark >/dev/null 2>&1"), 0)
      << "tshark is not installed (scripts/setup-deps.sh installs it)";
  const std::vector<Case> cases = AllCases();
  ASSERT_FALSE(cases.empty());
  const std::string pcap =
      (std::filesystem::temp_directory_path() / ("mc-tshark-" + std::to_string(getpid()) + ".pcap"))
          .string();
  {
    Result<sim::PcapWriter, std::string> w = sim::PcapWriter::Open(pcap);
    ASSERT_TRUE(w.has_value()) << w.error();
    Time t = kTimeZero;
    for (const Case& c : cases) w->Write(t += 1ms, c.frame);
  }
  const std::string out = RunTshark(pcap);
  json doc = json::parse(out, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(doc.is_array()) << "tshark output is not JSON:\n" << out.substr(0, 2000);
  ASSERT_EQ(doc.size(), cases.size());
  std::set<std::string> protocols;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE("frame " + std::to_string(i + 1) + ": " + c.name);
    const json& layers = doc[i]["_source"]["layers"];
    ASSERT_TRUE(layers.contains(c.layer))
        << "tshark did not find layer " << c.layer << ": " << layers.dump().substr(0, 1500);
    protocols.insert(c.layer);
    std::multimap<std::string, std::string> fields;
    Collect(layers, fields);
    EXPECT_EQ(fields.count("_ws.malformed"), 0u) << layers.dump(1);
    for (auto [it, end] = fields.equal_range("_ws.expert.severity"); it != end; ++it) {
      EXPECT_LT(std::stoul(it->second), kSeverityWarn) << layers.dump(1);
    }
    for (const auto& [key, value] : fields) {
      if (key.ends_with("checksum.status") || key.ends_with("checksum_status")) {
        EXPECT_EQ(value, "1") << key << " is not Good: " << layers.dump(1);
      }
    }
    for (const Field& f : c.fields) {
      bool found = false;
      for (auto [it, end] = fields.equal_range(f.name); it != end; ++it) {
        found = found || it->second == f.value;
      }
      EXPECT_TRUE(found) << "field " << f.name << " != " << f.value
                         << "; tshark says: " << layers[c.layer].dump(1);
    }
  }
  std::filesystem::remove(pcap);
}

}  // namespace
}  // namespace mc::testing
