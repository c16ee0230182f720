// pcap writer/reader round trip.
#include "sim/pcap_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace mc::sim {
namespace {

using namespace std::chrono_literals;

TEST(Pcap, WriteThenReadEthernet) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("mc-pcap-test-" + std::to_string(::getpid()) + ".pcap"))
                               .string();
  {
    Result<PcapWriter, std::string> w = PcapWriter::Open(path);
    ASSERT_TRUE(w.has_value()) << w.error();
    w->Write(kTimeZero + 1500ms, std::vector<std::uint8_t>(60, 0xAB));
    w->Write(kTimeZero + 2s, std::vector<std::uint8_t>(64, 0xCD));
  }
  Result<PcapReader, std::string> r = PcapReader::Open(path);
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->link_type_name(), "EN10MB");
  std::optional<CapturedPacket> a = r->Next();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->time, kTimeZero + 1500ms);
  EXPECT_EQ(a->bytes.size(), 60u);
  std::optional<CapturedPacket> b = r->Next();
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->bytes[0], 0xCD);
  EXPECT_FALSE(r->Next().has_value());
  std::filesystem::remove(path);
}

TEST(Pcap, MissingFileIsAnError) {
  EXPECT_FALSE(PcapReader::Open("/nonexistent/file.pcap").has_value());
}

}  // namespace
}  // namespace mc::sim
