#include "show/pim_traffic_show.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mc::show {
namespace {

const std::vector<engine::CounterValue> kCounters = {
    {"hellos-sent", 4},          {"hellos-received", 3},     {"join-prunes-sent", 0},
    {"join-prunes-received", 2}, {"registers-sent", 5},      {"null-registers-sent", 1},
    {"registers-received", 0},   {"register-stops-sent", 0}, {"register-stops-received", 6},
    {"drop-malformed", 7},       {"drop-register-not-rp", 0}};

TEST(PimTrafficShow, MessageTableThenEveryOtherCounterByName) {
  EXPECT_EQ(RenderPimTraffic(kCounters, false),
            "PIM Traffic Counters\n\n"
            "                              Received     Sent\n"
            "Hello                         3            4\n"
            "Join-Prune                    2            0\n"
            "Register                      0            6\n"
            "Register Stop                 6            0\n"
            "Errors and events:\n"
            "drop-malformed                             7\n"
            "drop-register-not-rp                       0\n");
}

TEST(PimTrafficShow, JsonHasEveryCounter) {
  const nlohmann::json j = nlohmann::json::parse(RenderPimTraffic(kCounters, true));
  EXPECT_EQ(j.size(), kCounters.size());
  EXPECT_EQ(j["drop-malformed"], 7);
  EXPECT_EQ(j["null-registers-sent"], 1);
}

TEST(PimTrafficShow, MissingCountersAreZero) {
  const std::string text = RenderPimTraffic({}, false);
  EXPECT_NE(text.find("Hello                         0            0\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace mc::show
