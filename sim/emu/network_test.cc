// Network: per-link delay, seeded loss that repeats with the seed, hub segments, link down.
#include "sim/emu/network.h"

#include <gtest/gtest.h>

#include "sim/emu/test_util.h"

namespace mc::sim {
namespace {

using testing::Host;
using testing::RunPing;
using testing::StartAll;

TEST(NetworkTest, DelayShowsInRoundTripTimes) {
  Network net(1);
  const std::size_t a = net.AddDevice(Host("A", "10.0.0.1", "", 1));
  const std::size_t b = net.AddDevice(Host("B", "10.0.0.2", "", 2));
  ASSERT_TRUE(net.AddLink({{a, "eth0"}, {b, "eth0"}}, std::chrono::milliseconds{5}, 0));
  StartAll(net, 1);
  // First echo waits for ARP: 4 one-way trips of 5 ms; the others take 2 trips.
  const std::string out = RunPing(net, a, "10.0.0.2");
  EXPECT_NE(out.find("!!!!!\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Success rate is 100 percent (5/5), round-trip min/avg/max = 10/12/20 ms"),
            std::string::npos)
      << out;
  EXPECT_EQ(net.device(a).Counters(0).frames_out, 6u);  // 1 ARP request + 5 echoes
  EXPECT_EQ(net.device(b).Counters(0).frames_in, 6u);
}

std::string LossyRun(std::uint64_t seed) {
  Network net(seed);
  const std::size_t a = net.AddDevice(Host("A", "10.0.0.1", "", 1));
  const std::size_t b = net.AddDevice(Host("B", "10.0.0.2", "", 2));
  EXPECT_TRUE(net.AddLink({{a, "eth0"}, {b, "eth0"}}, std::chrono::milliseconds{1}, 0.3));
  StartAll(net, 1);
  return RunPing(net, a, "10.0.0.2", 40, std::chrono::milliseconds{100});
}

TEST(NetworkTest, LossIsDrawnFromTheSeed) {
  const std::string first = LossyRun(7);
  EXPECT_EQ(first, LossyRun(7));
  // 30% loss each way: some echoes fail, most do not.
  EXPECT_NE(first.find('.'), std::string::npos) << first;
  EXPECT_NE(first.find('!'), std::string::npos) << first;
  EXPECT_NE(LossyRun(8), first);
}

TEST(NetworkTest, HubDeliversToEveryOtherEndpoint) {
  Network net(1);
  const std::size_t a = net.AddDevice(Host("A", "10.0.0.1", "", 1));
  const std::size_t b = net.AddDevice(Host("B", "10.0.0.2", "", 2));
  const std::size_t c = net.AddDevice(Host("C", "10.0.0.3", "", 3));
  ASSERT_TRUE(net.AddLink({{a, "eth0"}, {b, "eth0"}, {c, "eth0"}}, kDefaultLinkDelay, 0));
  StartAll(net, 1);
  EXPECT_NE(RunPing(net, a, "10.0.0.2", 2).find("(2/2)"), std::string::npos);
  // C heard the ARP broadcast and, on the shared wire, the unicast echoes and replies too, but
  // answered none of them.
  net.RunUntil(net.now() + std::chrono::milliseconds{1});  // C's copy of the last reply
  EXPECT_EQ(net.device(c).Counters(0).frames_in, 6u);      // ARP req+reply, 2 echoes, 2 replies
  EXPECT_EQ(net.device(c).Counters(0).frames_out, 0u);
  EXPECT_NE(RunPing(net, a, "10.0.0.3", 2).find("(2/2)"), std::string::npos);
}

TEST(NetworkTest, LinkDownStopsTrafficAndUpRestoresIt) {
  Network net(1);
  const std::size_t a = net.AddDevice(Host("A", "10.0.0.1", "", 1));
  const std::size_t b = net.AddDevice(Host("B", "10.0.0.2", "", 2));
  ASSERT_TRUE(net.AddLink({{a, "eth0"}, {b, "eth0"}}, kDefaultLinkDelay, 0));
  StartAll(net, 1);
  net.SetLinkUp(0, false);
  EXPECT_NE(RunPing(net, a, "10.0.0.2", 2, std::chrono::milliseconds{100}).find("(0/2)"),
            std::string::npos);
  EXPECT_NE(net.device(a)
                .Show("ip interface brief")
                ->find("eth0                       "
                       "10.0.0.1        YES manual down"),
            std::string::npos);
  net.SetLinkUp(0, true);
  EXPECT_NE(RunPing(net, a, "10.0.0.2", 2).find("(2/2)"), std::string::npos);
}

}  // namespace
}  // namespace mc::sim
