// RFC 7761 §4.3.2 DR election and §4.3.3 LAN Prune Delay negotiation, one test per rule.
#include "pim/neighbor.h"

#include <gtest/gtest.h>

namespace mc::pim {
namespace {

using std::chrono::milliseconds;

const Ipv4 kSelf{10, 0, 0, 5};

Neighbor N(Ipv4 a, std::optional<std::uint32_t> prio,
           std::optional<wire::PimLanPruneDelay> lpd = std::nullopt) {
  return Neighbor{.address = a, .dr_priority = prio, .lan_prune_delay = lpd};
}

TEST(DrElection, AloneThisRouterIsDr) { EXPECT_EQ(ElectDr({kSelf, 1, {}}, {}), kSelf); }

TEST(DrElection, HighestPriorityWinsWhenAllAdvertiseIt) {
  NeighborMap m{{Ipv4{10, 0, 0, 9}, N(Ipv4{10, 0, 0, 9}, 1)},
                {Ipv4{10, 0, 0, 2}, N(Ipv4{10, 0, 0, 2}, 100)}};
  EXPECT_EQ(ElectDr({kSelf, 50, {}}, m), (Ipv4{10, 0, 0, 2}));
  EXPECT_EQ(ElectDr({kSelf, 200, {}}, m), kSelf);
}

TEST(DrElection, EqualPriorityHighestAddressWins) {
  NeighborMap m{{Ipv4{10, 0, 0, 9}, N(Ipv4{10, 0, 0, 9}, 1)},
                {Ipv4{10, 0, 0, 2}, N(Ipv4{10, 0, 0, 2}, 1)}};
  EXPECT_EQ(ElectDr({kSelf, 1, {}}, m), (Ipv4{10, 0, 0, 9}));
}

TEST(DrElection, OneNeighborWithoutPriorityMeansAddressOnly) {
  NeighborMap m{{Ipv4{10, 0, 0, 2}, N(Ipv4{10, 0, 0, 2}, 1000)},
                {Ipv4{10, 0, 0, 3}, N(Ipv4{10, 0, 0, 3}, std::nullopt)}};
  EXPECT_EQ(ElectDr({kSelf, 1, {}}, m), kSelf);  // 10.0.0.5 is the highest address
}

TEST(LanPruneDelay, DefaultsUnlessEveryNeighborSendsTheOption) {
  NeighborMap m{
      {Ipv4{10, 0, 0, 2}, N(Ipv4{10, 0, 0, 2}, 1, wire::PimLanPruneDelay{true, 900, 4000})},
      {Ipv4{10, 0, 0, 3}, N(Ipv4{10, 0, 0, 3}, 1)}};
  const LanDelay d = NegotiateLanDelay({kSelf, 1, {}}, m);
  EXPECT_FALSE(d.lan_delay_enabled);
  EXPECT_EQ(d.propagation_delay, milliseconds{500});
  EXPECT_EQ(d.override_interval, milliseconds{2500});
  EXPECT_TRUE(d.suppression_enabled);
  EXPECT_EQ(d.JpOverrideInterval(), milliseconds{3000});
}

TEST(LanPruneDelay, LargestValuesWinWhenAllSendIt) {
  NeighborMap m{
      {Ipv4{10, 0, 0, 2}, N(Ipv4{10, 0, 0, 2}, 1, wire::PimLanPruneDelay{false, 900, 1000})},
      {Ipv4{10, 0, 0, 3}, N(Ipv4{10, 0, 0, 3}, 1, wire::PimLanPruneDelay{true, 100, 4000})}};
  const LanDelay d = NegotiateLanDelay({kSelf, 1, {}}, m);
  EXPECT_TRUE(d.lan_delay_enabled);
  EXPECT_EQ(d.propagation_delay, milliseconds{900});
  EXPECT_EQ(d.override_interval, milliseconds{4000});
  EXPECT_TRUE(d.suppression_enabled);  // one router (and we) did not set T
}

TEST(LanPruneDelay, AllTBitsDisableJoinSuppression) {
  NeighborMap m{
      {Ipv4{10, 0, 0, 2}, N(Ipv4{10, 0, 0, 2}, 1, wire::PimLanPruneDelay{true, 500, 2500})}};
  const LanDelay d = NegotiateLanDelay({kSelf, 1, wire::PimLanPruneDelay{true, 500, 2500}}, m);
  EXPECT_FALSE(d.suppression_enabled);
  EXPECT_TRUE(NegotiateLanDelay({kSelf, 1, {}}, m).suppression_enabled);
}

TEST(Neighbors, FoundBySecondaryAddress) {
  Neighbor n = N(Ipv4{10, 0, 0, 2}, 1);
  n.secondary_addresses = {Ipv4{10, 9, 9, 2}};
  const NeighborMap m{{n.address, n}};
  ASSERT_NE(FindNeighbor(m, Ipv4{10, 9, 9, 2}), nullptr);
  EXPECT_EQ(FindNeighbor(m, Ipv4{10, 9, 9, 2})->address, (Ipv4{10, 0, 0, 2}));
  EXPECT_EQ(FindNeighbor(m, Ipv4{10, 9, 9, 3}), nullptr);
}

}  // namespace
}  // namespace mc::pim
