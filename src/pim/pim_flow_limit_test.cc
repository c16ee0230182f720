// Active flows (the sources seen on data, each with its Keepalive Timer) are bounded by the
// routing-entry limit, not by the limit on upcalls in flight. Found by the PIM mesh benchmark:
// an RP with 3,000 active groups kept the first 1,024 sources and dropped the rest
// (drop-limit 1024), so their receivers never got data.
#include <gtest/gtest.h>

#include "pim/test_util.h"

namespace mc::pim {
namespace {

using namespace mc::pim::testing;

// An engine with one PIM interface on the source's LAN and the given limits; `flows` distinct
// groups from one directly connected source each raise a NOCACHE upcall.
std::uint64_t DropsAfterFlows(engine::Limits limits, std::uint8_t flows) {
  PimEngineOptions o;
  o.limits = limits;
  PimEngine r(o, Rng(1));
  std::vector<Effect> out;
  r.Configure(kTimeZero, Fixture::DefaultSettings(), out);
  r.SetInterface(kTimeZero, kIf1, {kMe1, 24}, true, {}, out);
  r.Handle(kTimeZero, engine::RouteEvent{*Prefix::Parse("10.0.1.0/24"), {}, kIf1, 0, 0, false},
           out);
  for (std::uint8_t i = 1; i <= flows; ++i) {
    const Sg sg{Ipv4{10, 0, 1, 50}, Ipv4{239, 0, 0, i}};
    r.Handle(kTimeZero,
             engine::DataplaneEvent{engine::DataplaneKind::kNoCache, kIf1, sg, 1, 100, {}}, out);
  }
  return r.counters()[PimCounter::kDropLimit];
}

TEST(PimFlowLimit, MoreActiveFlowsThanPendingUpcallsAreKept) {
  EXPECT_EQ(DropsAfterFlows({.sg_entries = 1000, .pending_upcalls = 4}, 40), 0u);
}

TEST(PimFlowLimit, FlowsBeyondTheEntryLimitAreDroppedAndCounted) {
  EXPECT_GT(DropsAfterFlows({.sg_entries = 8, .pending_upcalls = 1000}, 40), 0u);
}

}  // namespace
}  // namespace mc::pim
