// The lab runner: the example labs pass, runs repeat byte for byte with a seed, and validation
// rejects what this slice cannot run instead of ignoring it.
#include "sim/emu/lab_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace mc::sim {
namespace {

const std::filesystem::path kExamples = MC_EXAMPLES_DIR;

TEST(LabRunnerTest, ExamplesPass) {
  for (const char* name : {"two-routers", "switched-vlans"}) {
    auto lab = LoadLab(kExamples / name);
    ASSERT_TRUE(lab.has_value()) << lab.error();
    const LabResult r = RunLab(*lab, LabOptions{});
    EXPECT_EQ(r.exit_status, 0) << r.output;
    EXPECT_EQ(r.failed, 0);
    EXPECT_GT(r.passed, 5);
  }
}

TEST(LabRunnerTest, SameSeedSameOutputAndPcaps) {
  auto lab = LoadLab(kExamples / "switched-vlans");
  ASSERT_TRUE(lab.has_value()) << lab.error();
  const std::filesystem::path tmp = std::filesystem::temp_directory_path() / "mc_emu_det";
  std::filesystem::remove_all(tmp);
  LabOptions o;
  o.seed = 99;
  o.pcap_dir = tmp / "a";
  const LabResult first = RunLab(*lab, o);
  o.pcap_dir = tmp / "b";
  const LabResult second = RunLab(*lab, o);
  EXPECT_EQ(first.output, second.output);
  const auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp / "a")) {
    ++files;
    EXPECT_EQ(read(e.path()), read(tmp / "b" / e.path().filename())) << e.path();
    EXPECT_GT(std::filesystem::file_size(e.path()), 24u);  // more than the pcap header
  }
  EXPECT_EQ(files, 6);
  EXPECT_TRUE(std::filesystem::exists(tmp / "a" / "SW1-Gi0_1--SW2-Gi0_1.pcap"));
  std::filesystem::remove_all(tmp);
}

void WriteLab(const std::filesystem::path& dir, const std::string& scenario) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "topology.yml") << "name: t\ntopology:\n  nodes:\n"
                                         "    H1: { kind: host, startup-config: H1.cfg }\n"
                                         "    H2: { kind: host }\n"
                                         "  links:\n    - endpoints: [\"H1:eth0\", \"H2:eth0\"]\n";
  std::ofstream(dir / "H1.cfg") << "interface eth0\n ip address 10.0.0.1 255.255.255.0\n";
  std::ofstream(dir / "scenario.txt") << scenario;
}

TEST(LabRunnerTest, UnsupportedFormsAreLabErrors) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mc_emu_bad";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"at 1s H1: show ip msdp peer\n", "scenario.txt:1: show ip msdp peer: not supported yet"},
      {"at 1s H1: show ip bgp | json\n", "scenario.txt:1: show ip bgp | json: not supported yet"},
      {"at 1s expect H1:eth9 sent 239.1.1.1 >= 1\n", "scenario.txt:1: H1 has no interface eth9"},
      {"at 1s H1: conf interface eth0; ip adress 1.2.3.4 255.0.0.0\n", "scenario.txt:1: "},
  };
  for (const auto& [scenario, error] : cases) {
    WriteLab(dir, scenario);
    auto lab = LoadLab(dir);
    ASSERT_FALSE(lab.has_value()) << scenario;
    EXPECT_EQ(lab.error().rfind(error, 0), 0u) << lab.error();
  }
  WriteLab(dir,
           "at 1s H1: show ip interface brief\nat 1s H1: join 239.1.1.1\n"
           "at 1s H1: send 239.1.1.1 count 3\nat 1s H1: ping 239.1.1.1\n"
           "at 2s expect H1 received 239.1.1.1 >= 0\n"
           "at 3s H1: clear ip mroute *\nat 3s H1: clear ip mroute 239.1.1.1\n"
           "at 3s H1: clear ip mroute 239.1.1.1 10.0.0.2\n"
           "at 4s H1: mtrace 10.0.0.2 239.1.1.1\nat 4s H1: mtrace 10.0.0.2\n");
  EXPECT_TRUE(LoadLab(dir).has_value());
  std::filesystem::remove_all(dir);
}

// The exec commands that needed PIM now run: clear ip mroute prints nothing (as IOS), mtrace
// from an end station with the source on its own LAN has no multicast router to ask.
TEST(LabRunnerTest, ClearMrouteAndMtraceRun) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mc_emu_clear";
  WriteLab(dir,
           "at 1s expect H1 \"clear ip mroute *\" matches \"^$\"\n"
           "at 1s expect H1 \"mtrace 10.0.0.2 239.1.1.1\" contains "
           "\"-1  * * *\"\n"
           "at 1s expect H1 \"mtrace 192.0.2.1\" contains \"% No route to source 192.0.2.1\"\n");
  auto lab = LoadLab(dir);
  ASSERT_TRUE(lab.has_value()) << lab.error();
  const LabResult r = RunLab(*lab, LabOptions{});
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_EQ(r.passed, 3) << r.output;
  std::filesystem::remove_all(dir);
}

TEST(LabRunnerTest, FailedExpectationShowsTheOutputAndExitsOne) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mc_emu_fail";
  WriteLab(dir,
           "at 1s expect H1 \"show ip interface brief\" contains \"10.9.9.9\"\n"
           "at 1s expect H1 \"show ip interface brief\" lacks \"10.9.9.9\"\n");
  auto lab = LoadLab(dir);
  ASSERT_TRUE(lab.has_value()) << lab.error();
  const LabResult r = RunLab(*lab, LabOptions{});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.output,
            "FAIL scenario.txt:1 expect H1 \"show ip interface brief\" contains \"10.9.9.9\"\n"
            "  | Interface                  IP-Address      OK? Method Status                "
            "Protocol\n"
            "  | eth0                       10.0.0.1        YES manual up                    up\n"
            "PASS scenario.txt:2 expect H1 \"show ip interface brief\" lacks \"10.9.9.9\"\n"
            "1 passed, 1 failed\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mc::sim
