// MfcModel against the Linux ipmr.c rules it models (mfc_model.h): one test per rule.
#include "sim/emu/mfc_model.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "wire/ip.h"

namespace mc::sim {
namespace {

using engine::DataplaneEvent;
using engine::DataplaneKind;
using std::chrono::milliseconds;
using std::chrono::seconds;

const IfIndex kIf1{1};
const IfIndex kIf2{2};
const IfIndex kIf3{3};
const IfIndex kIf4{4};
const IfIndex kReg{100};
const Ipv4 kS{10, 0, 1, 10};
const Ipv4 kS2{10, 0, 1, 11};
const Ipv4 kG{239, 1, 1, 1};
const Sg kSg{kS, kG};
const Sg kStarG{kAnySource, kG};
const Sg kStarStar{kAnySource, Ipv4{}};

Time At(Duration d) { return kTimeZero + d; }

wire::Bytes Packet(Ipv4 src, Ipv4 dst, std::uint8_t ttl = 16, std::size_t payload = 8,
                   std::uint16_t id = 0) {
  wire::Ipv4Header h;
  h.ttl = ttl;
  h.protocol = wire::kProtoUdp;
  h.identification = id;
  h.src = src;
  h.dst = dst;
  return *wire::BuildIpv4(h, wire::Bytes(payload, 0xab));
}

DataplaneEvent Upcall(DataplaneKind k, IfIndex iif, Sg sg, wire::Bytes packet = {}) {
  DataplaneEvent e;
  e.kind = k;
  e.iif = iif;
  e.sg = sg;
  e.packet = std::move(packet);
  return e;
}

struct Fixture {
  MfcModel m;
  explicit Fixture(MfcOptions o = {}) : m(o) {
    for (const IfIndex i : {kIf1, kIf2, kIf3, kIf4}) {
      m.AddVif(i);
    }
  }
  MfcVerdict In(Duration at, IfIndex iif, Sg sg = kSg, std::uint8_t ttl = 16,
                std::size_t payload = 8) {
    return m.Forward(At(at), iif, sg, Packet(sg.source, sg.group, ttl, payload));
  }
  MfcApplyResult Add(Duration at, Sg sg, IfIndex iif, std::vector<IfIndex> oifs) {
    return m.Apply(At(at), engine::MfcAdd{sg, iif, std::move(oifs)});
  }
  std::uint64_t Count(MfcCounter c) const { return m.counters().Get(c); }
};

// ---- VIFs and what reaches the cache --------------------------------------------------------

TEST(MfcVif, PacketOnAnInterfaceThatIsNoVifNeverReachesTheCache) {
  Fixture f;
  const MfcVerdict v = f.m.Forward(kTimeZero, IfIndex{9}, kSg, Packet(kS, kG));
  EXPECT_TRUE(v.oifs.empty());
  EXPECT_TRUE(v.upcalls.empty());
  EXPECT_FALSE(v.queued);
  EXPECT_EQ(f.m.UnresolvedCount(), 0u);
  EXPECT_EQ(f.Count(MfcCounter::kNotVif), 1u);
}

TEST(MfcVif, LinkLocalGroupsAreNeverRouted) {
  Fixture f;
  const MfcVerdict v = f.In(seconds{0}, kIf1, Sg{kS, Ipv4{224, 0, 0, 13}});
  EXPECT_TRUE(v.upcalls.empty());
  EXPECT_EQ(f.m.UnresolvedCount(), 0u);
  EXPECT_EQ(f.Count(MfcCounter::kLinkLocal), 1u);
}

TEST(MfcVif, TruncatedPacketIsCountedNotRead) {
  Fixture f;
  const wire::Bytes shorty(12, 0x45);
  const MfcVerdict v = f.m.Forward(kTimeZero, kIf1, kSg, shorty);
  EXPECT_TRUE(v.upcalls.empty());
  EXPECT_EQ(f.Count(MfcCounter::kMalformed), 1u);
}

TEST(MfcVif, OnlyOneRegisterVif) {
  MfcModel m;
  EXPECT_TRUE(m.AddVif(kReg, VifOptions{1, true}));
  EXPECT_TRUE(m.AddVif(kReg, VifOptions{1, true}));  // updating the same VIF is fine
  EXPECT_FALSE(m.AddVif(IfIndex{101}, VifOptions{1, true}));
  EXPECT_EQ(m.RegisterVif(), kReg);
  m.DelVif(kReg);
  EXPECT_EQ(m.RegisterVif(), std::nullopt);
}

// ---- the unresolved queue -------------------------------------------------------------------

TEST(MfcUnresolved, FirstPacketRaisesOneNoCacheAndIsQueued) {
  Fixture f;
  const MfcVerdict first = f.In(seconds{0}, kIf1);
  EXPECT_EQ(first.upcalls, std::vector{Upcall(DataplaneKind::kNoCache, kIf1, kSg)});
  EXPECT_TRUE(first.queued);
  EXPECT_TRUE(first.oifs.empty());
  const MfcVerdict second = f.In(milliseconds{10}, kIf1);
  EXPECT_TRUE(second.upcalls.empty()) << "NOCACHE once per unresolved entry";
  EXPECT_TRUE(second.queued);
  EXPECT_EQ(f.m.UnresolvedQueued(kSg), 2u);
  EXPECT_EQ(f.Count(MfcCounter::kNoCacheUpcalls), 1u);
}

TEST(MfcUnresolved, ArrivalOnAnotherVifJoinsTheSameEntry) {
  Fixture f;
  f.In(seconds{0}, kIf1);
  const MfcVerdict v = f.In(milliseconds{1}, kIf2);
  EXPECT_TRUE(v.upcalls.empty());
  EXPECT_EQ(f.m.UnresolvedQueued(kSg), 2u);
}

TEST(MfcUnresolved, QueueHoldsFourPacketsAndDropsTheRest) {
  Fixture f;
  for (int k = 0; k < 6; ++k) {
    const MfcVerdict v = f.In(milliseconds{k}, kIf1);
    EXPECT_EQ(v.queued, k < 4) << k;
  }
  EXPECT_EQ(f.m.UnresolvedQueued(kSg), 4u);
  EXPECT_EQ(f.Count(MfcCounter::kUnresolvedQueueFull), 2u);
  EXPECT_EQ(f.Count(MfcCounter::kNoCacheUpcalls), 1u);
}

TEST(MfcUnresolved, EntryExpiresTenSecondsAfterCreationAndTheNextPacketAsksAgain) {
  Fixture f;
  f.In(seconds{0}, kIf1);
  EXPECT_TRUE(f.In(milliseconds{9999}, kIf1).upcalls.empty());
  const MfcVerdict v = f.In(seconds{10}, kIf1);
  EXPECT_EQ(v.upcalls, std::vector{Upcall(DataplaneKind::kNoCache, kIf1, kSg)});
  EXPECT_EQ(f.Count(MfcCounter::kUnresolvedExpired), 1u);
  EXPECT_EQ(f.m.UnresolvedQueued(kSg), 1u) << "the old packets went with the old entry";
}

TEST(MfcUnresolved, ExpiredPacketsAreNotReleasedByALateAdd) {
  Fixture f;
  f.In(seconds{0}, kIf1);
  const MfcApplyResult r = f.Add(seconds{11}, kSg, kIf1, {kIf2});
  EXPECT_TRUE(r.released.empty());
  EXPECT_EQ(f.m.UnresolvedCount(), 0u);
}

TEST(MfcUnresolved, LimitOnUnresolvedEntriesDropsNewFlows) {
  MfcOptions o;
  o.limits.pending_upcalls = 2;
  Fixture f(o);
  f.In(seconds{0}, kIf1, Sg{kS, kG});
  f.In(seconds{0}, kIf1, Sg{kS2, kG});
  const MfcVerdict third = f.In(seconds{0}, kIf1, Sg{Ipv4{10, 0, 1, 12}, kG});
  EXPECT_TRUE(third.upcalls.empty());
  EXPECT_FALSE(third.queued);
  EXPECT_EQ(f.m.UnresolvedCount(), 2u);
  EXPECT_EQ(f.Count(MfcCounter::kUnresolvedLimit), 1u);
}

TEST(MfcUnresolved, AddReleasesTheQueueInArrivalOrder) {
  Fixture f;
  f.m.Forward(At(seconds{0}), kIf1, kSg, Packet(kS, kG, 16, 8, 1));
  f.m.Forward(At(seconds{0}), kIf1, kSg, Packet(kS, kG, 16, 9, 2));
  f.m.Forward(At(seconds{0}), kIf1, kSg, Packet(kS, kG, 16, 10, 3));
  const MfcApplyResult r = f.Add(seconds{1}, kSg, kIf1, {kIf2, kIf3});
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.released.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(r.released[k].iif, kIf1);
    EXPECT_EQ(r.released[k].packet, Packet(kS, kG, 16, 8 + k, static_cast<std::uint16_t>(k + 1)));
    EXPECT_EQ(r.released[k].verdict.oifs, (std::vector{kIf2, kIf3}));
  }
  EXPECT_EQ(f.m.UnresolvedCount(), 0u);
  EXPECT_EQ(f.m.Counters(kSg), (SgCount{3, 28 + 29 + 30, 0}));
  EXPECT_EQ(f.Count(MfcCounter::kUnresolvedResolved), 1u);
}

TEST(MfcUnresolved, ReleasedPacketsFromTheWrongVifAreNotForwarded) {
  Fixture f;
  f.In(seconds{0}, kIf1);
  f.In(seconds{0}, kIf1);
  const MfcApplyResult r = f.Add(seconds{0}, kSg, kIf2, {kIf3});
  ASSERT_EQ(r.released.size(), 2u);
  EXPECT_TRUE(r.released[0].verdict.oifs.empty());
  EXPECT_EQ(r.released[0].verdict.upcalls,
            std::vector{Upcall(DataplaneKind::kWrongIif, kIf1, kSg)});
  EXPECT_TRUE(r.released[1].verdict.upcalls.empty()) << "rate-limited";
  EXPECT_EQ(f.m.Counters(kSg)->wrong_if, 2u);
}

TEST(MfcUnresolved, StarGAddResolvesNoSourceSpecificEntry) {
  Fixture f;
  f.In(seconds{0}, kIf1);
  const MfcApplyResult r = f.Add(seconds{0}, kStarG, kIf1, {kIf2});
  EXPECT_TRUE(r.released.empty());
  EXPECT_EQ(f.m.UnresolvedQueued(kSg), 1u);
  EXPECT_EQ(f.In(seconds{1}, kIf1).oifs, std::vector{kIf2}) << "later packets use the (*,G)";
}

// ---- MRT_ADD_MFC / MRT_DEL_MFC --------------------------------------------------------------

TEST(MfcAddDel, AddWithAnIncomingInterfaceThatIsNoVifFails) {
  Fixture f;
  const MfcApplyResult r = f.Add(seconds{0}, kSg, IfIndex{9}, {kIf2});
  EXPECT_EQ(r.error, engine::FailReason::kNoVif);
  EXPECT_EQ(f.m.EntryCount(), 0u);
  EXPECT_EQ(f.Count(MfcCounter::kAddNoVif), 1u);
}

TEST(MfcAddDel, AddForANonMulticastGroupIsInvalid) {
  Fixture f;
  const MfcApplyResult r = f.Add(seconds{0}, Sg{kS, Ipv4{10, 1, 1, 1}}, kIf1, {kIf2});
  EXPECT_EQ(r.error, engine::FailReason::kSystemError);
  EXPECT_EQ(r.error_number, EINVAL);
  EXPECT_EQ(f.Count(MfcCounter::kAddBadGroup), 1u);
}

TEST(MfcAddDel, OifsThatAreNoVifsAreIgnored) {
  Fixture f;
  ASSERT_FALSE(f.Add(seconds{0}, kSg, kIf1, {kIf2, IfIndex{9}}).error);
  EXPECT_EQ(f.In(seconds{1}, kIf1).oifs, std::vector{kIf2});
  EXPECT_EQ(f.Count(MfcCounter::kOifNotVif), 1u);
}

TEST(MfcAddDel, AddReplacesTheListAndKeepsTheCounters) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  f.In(seconds{1}, kIf1);
  f.In(seconds{1}, kIf1);
  ASSERT_FALSE(f.Add(seconds{2}, kSg, kIf1, {kIf3, kIf4}).error);
  EXPECT_EQ(f.m.Counters(kSg)->packets, 2u);
  EXPECT_EQ(f.In(seconds{3}, kIf1).oifs, (std::vector{kIf3, kIf4}));
  EXPECT_EQ(f.m.Entries().front().installed, At(seconds{0}));
}

TEST(MfcAddDel, ReplaceKeepsTheAssertRateLimit) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  EXPECT_EQ(f.In(seconds{1}, kIf2).upcalls.size(), 1u);
  f.Add(seconds{2}, kSg, kIf1, {kIf3});
  EXPECT_TRUE(f.In(seconds{2}, kIf2).upcalls.empty());
}

TEST(MfcAddDel, DeleteRemovesTheEntryAndTheNextPacketIsUnresolved) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  f.In(seconds{1}, kIf1);
  EXPECT_TRUE(f.m.Apply(At(seconds{2}), engine::MfcDel{kSg}));
  EXPECT_EQ(f.m.Counters(kSg), std::nullopt);
  const MfcVerdict v = f.In(seconds{3}, kIf1);
  EXPECT_EQ(v.upcalls, std::vector{Upcall(DataplaneKind::kNoCache, kIf1, kSg)});
}

TEST(MfcAddDel, DeleteOfAMissingEntryFails) {
  Fixture f;
  f.In(seconds{0}, kIf1);  // an unresolved entry is not a cache entry
  EXPECT_FALSE(f.m.Apply(At(seconds{0}), engine::MfcDel{kSg}));
  EXPECT_EQ(f.Count(MfcCounter::kDelNotFound), 1u);
  EXPECT_EQ(f.m.UnresolvedQueued(kSg), 1u);
}

TEST(MfcAddDel, EntryLimitRefusesNewEntriesButNotReplacements) {
  MfcOptions o;
  o.limits.sg_entries = 1;
  Fixture f(o);
  ASSERT_FALSE(f.Add(seconds{0}, kSg, kIf1, {kIf2}).error);
  EXPECT_EQ(f.Add(seconds{0}, Sg{kS2, kG}, kIf1, {kIf2}).error, engine::FailReason::kResourceLimit);
  EXPECT_FALSE(f.Add(seconds{0}, kSg, kIf1, {kIf3}).error);
  EXPECT_EQ(f.Count(MfcCounter::kAddLimit), 1u);
}

TEST(MfcAddDel, ClearDropsResolvedAndUnresolvedEntries) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  f.In(seconds{0}, kIf1, Sg{kS2, kG});
  f.m.Clear();
  EXPECT_EQ(f.m.EntryCount(), 0u);
  EXPECT_EQ(f.m.UnresolvedCount(), 0u);
  EXPECT_TRUE(f.m.IsVif(kIf1));
}

// ---- forwarding -----------------------------------------------------------------------------

TEST(MfcForward, SourceSpecificEntrySendsToEveryListedOif) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf1, kIf2, kIf3});
  // An (S,G) entry has no "not back out of the incoming interface" rule of its own: the
  // daemon never lists the iif. Listed anyway, the kernel sends it there too.
  EXPECT_EQ(f.In(seconds{1}, kIf1).oifs, (std::vector{kIf1, kIf2, kIf3}));
}

TEST(MfcForward, TtlMustExceedTheThreshold) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2, kIf3});
  EXPECT_EQ(f.In(seconds{1}, kIf1, kSg, 2).oifs, (std::vector{kIf2, kIf3}));
  const MfcVerdict v = f.In(seconds{1}, kIf1, kSg, 1);
  EXPECT_TRUE(v.oifs.empty()) << "TTL 1 is not forwarded with the default threshold 1";
  EXPECT_EQ(f.Count(MfcCounter::kTtlThreshold), 2u);
  EXPECT_EQ(f.m.Counters(kSg)->packets, 2u) << "the entry counts the packet anyway";
}

TEST(MfcForward, PerVifThreshold) {
  Fixture f;
  f.m.AddVif(kIf3, VifOptions{32, false});
  f.Add(seconds{0}, kSg, kIf1, {kIf2, kIf3});
  EXPECT_EQ(f.In(seconds{1}, kIf1, kSg, 32).oifs, std::vector{kIf2});
  EXPECT_EQ(f.In(seconds{1}, kIf1, kSg, 33).oifs, (std::vector{kIf2, kIf3}));
}

TEST(MfcForward, ThresholdZeroOr255MeansNotListed) {
  Fixture f;
  f.m.AddVif(kIf3, VifOptions{0, false});
  f.m.AddVif(kIf4, VifOptions{255, false});
  f.Add(seconds{0}, kSg, kIf1, {kIf2, kIf3, kIf4});
  EXPECT_EQ(f.In(seconds{1}, kIf1, kSg, 1).oifs, std::vector<IfIndex>{});
  EXPECT_EQ(f.In(seconds{1}, kIf1, kSg, 255).oifs, std::vector{kIf2});
}

TEST(MfcForward, EmptyOifListForwardsNothingAndRaisesNothing) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {});
  const MfcVerdict v = f.In(seconds{1}, kIf1);
  EXPECT_TRUE(v.oifs.empty());
  EXPECT_TRUE(v.upcalls.empty()) << "a negative cache entry: no more NOCACHE";
  EXPECT_EQ(f.m.Counters(kSg)->packets, 1u);
}

TEST(MfcForward, DeletedOifVifGetsNoCopy) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2, kIf3});
  f.m.DelVif(kIf3);
  EXPECT_EQ(f.In(seconds{1}, kIf1).oifs, std::vector{kIf2});
}

TEST(MfcForward, CountersAreWhatSiocgetsgcntReturns) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  f.In(seconds{1}, kIf1, kSg, 16, 100);
  f.In(seconds{1}, kIf1, kSg, 16, 50);
  f.In(seconds{1}, kIf3, kSg, 16, 10);
  EXPECT_EQ(f.m.Counters(kSg), (SgCount{3, 120 + 70 + 30, 1}));
  EXPECT_EQ(f.m.Counters(Sg{kS2, kG}), std::nullopt);
}

// ---- WRONGVIF -------------------------------------------------------------------------------

TEST(MfcWrongVif, FirstWrongInterfacePacketIsReportedAtOnce) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  const MfcVerdict v = f.In(seconds{0}, kIf2);
  EXPECT_TRUE(v.oifs.empty());
  EXPECT_EQ(v.upcalls, std::vector{Upcall(DataplaneKind::kWrongIif, kIf2, kSg)});
}

TEST(MfcWrongVif, AtMostOnceEveryThreeSecondsPerEntry) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  f.Add(seconds{0}, Sg{kS2, kG}, kIf1, {kIf2});
  EXPECT_EQ(f.In(seconds{1}, kIf2).upcalls.size(), 1u);
  EXPECT_TRUE(f.In(seconds{2}, kIf2).upcalls.empty());
  EXPECT_TRUE(f.In(seconds{4}, kIf2).upcalls.empty()) << "time_after: strictly after 3 s";
  EXPECT_EQ(f.In(seconds{4}, kIf3, Sg{kS2, kG}).upcalls.size(), 1u) << "per entry";
  EXPECT_EQ(f.In(milliseconds{4001}, kIf3).upcalls.size(), 1u);
  EXPECT_EQ(f.m.Counters(kSg)->wrong_if, 4u);
  EXPECT_EQ(f.Count(MfcCounter::kWrongVifUpcalls), 3u);
  EXPECT_EQ(f.Count(MfcCounter::kWrongVifRateLimited), 2u);
}

TEST(MfcWrongVif, WithoutMrtPimOnlyArrivalsOnAnOifAreReported) {
  MfcOptions o;
  o.do_pim = false;
  Fixture f(o);
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  EXPECT_TRUE(f.In(seconds{0}, kIf3).upcalls.empty());
  EXPECT_EQ(f.In(seconds{0}, kIf2).upcalls.size(), 1u);
}

TEST(MfcWrongVif, WithoutMrtAssertNothingIsReported) {
  MfcOptions o;
  o.do_assert = false;
  Fixture f(o);
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  EXPECT_TRUE(f.In(seconds{0}, kIf2).upcalls.empty());
  EXPECT_EQ(f.m.Counters(kSg)->wrong_if, 1u);
}

TEST(MfcWrongVif, WithWrvifWholeTheUpcallCarriesThePacket) {
  MfcOptions o;
  o.do_wrvifwhole = true;
  Fixture f(o);
  f.Add(seconds{0}, kSg, kIf1, {kIf3});
  const MfcVerdict v = f.In(seconds{0}, kIf2, kSg, 9);
  EXPECT_TRUE(v.oifs.empty());  // still dropped by the cache
  EXPECT_EQ(v.upcalls, std::vector{Upcall(DataplaneKind::kWrongIif, kIf2, kSg, Packet(kS, kG, 9))});
  EXPECT_TRUE(f.In(seconds{1}, kIf2).upcalls.empty());  // the same rate limit
}

// ---- the register VIF -----------------------------------------------------------------------

TEST(MfcRegister, ACopyForTheRegisterVifIsAWholePacketUpcall) {
  Fixture f;
  ASSERT_TRUE(f.m.AddVif(kReg, VifOptions{1, true}));
  f.Add(seconds{0}, kSg, kIf1, {kIf2, kReg});
  const wire::Bytes p = Packet(kS, kG, 16);
  const MfcVerdict v = f.m.Forward(At(seconds{1}), kIf1, kSg, p);
  EXPECT_EQ(v.oifs, std::vector{kIf2});
  EXPECT_EQ(v.upcalls, std::vector{Upcall(DataplaneKind::kWholePacket, kReg, kSg, p)});
  EXPECT_EQ(f.Count(MfcCounter::kWholePacketUpcalls), 1u);
}

TEST(MfcRegister, TtlOnePacketsAreNotRegistered) {
  Fixture f;
  f.m.AddVif(kReg, VifOptions{1, true});
  f.Add(seconds{0}, kSg, kIf1, {kReg});
  EXPECT_TRUE(f.In(seconds{1}, kIf1, kSg, 1).upcalls.empty());
}

TEST(MfcRegister, DecapsulatedPacketsArriveOnTheRegisterVif) {
  Fixture f;
  f.m.AddVif(kReg, VifOptions{1, true});
  const MfcVerdict first = f.In(seconds{0}, kReg);
  EXPECT_EQ(first.upcalls, std::vector{Upcall(DataplaneKind::kNoCache, kReg, kSg)});
  const MfcApplyResult r = f.Add(seconds{0}, kSg, kReg, {kIf3});
  ASSERT_EQ(r.released.size(), 1u);
  EXPECT_EQ(r.released[0].verdict.oifs, std::vector{kIf3});
}

// ---- wildcard entries -----------------------------------------------------------------------

TEST(MfcWildcard, StarGForwardsAnySourceArrivingOnItsIncomingVif) {
  Fixture f;
  f.Add(seconds{0}, kStarG, kIf1, {kIf2, kIf3});
  EXPECT_EQ(f.In(seconds{1}, kIf1, Sg{kS, kG}).oifs, (std::vector{kIf2, kIf3}));
  EXPECT_EQ(f.In(seconds{1}, kIf1, Sg{kS2, kG}).oifs, (std::vector{kIf2, kIf3}));
  EXPECT_EQ(f.m.Counters(kStarG)->packets, 2u);
  EXPECT_EQ(f.m.UnresolvedCount(), 0u);
}

TEST(MfcWildcard, StarGArrivalOnAnOifIsWrongInterfaceReportedWithTheSource) {
  Fixture f;
  f.Add(seconds{0}, kStarG, kIf1, {kIf2, kIf3});
  const MfcVerdict v = f.In(seconds{1}, kIf2);
  EXPECT_TRUE(v.oifs.empty());
  EXPECT_EQ(v.upcalls, std::vector{Upcall(DataplaneKind::kWrongIif, kIf2, kSg)});
  EXPECT_EQ(f.m.Counters(kStarG)->wrong_if, 1u);
}

TEST(MfcWildcard, StarGDoesNotMatchOnAVifOutsideItsList) {
  Fixture f;
  f.Add(seconds{0}, kStarG, kIf1, {kIf2});
  const MfcVerdict v = f.In(seconds{1}, kIf4);
  EXPECT_EQ(v.upcalls, std::vector{Upcall(DataplaneKind::kNoCache, kIf4, kSg)});
  EXPECT_EQ(f.m.Counters(kStarG)->packets, 0u);
}

TEST(MfcWildcard, SourceSpecificEntryWinsOverStarG) {
  Fixture f;
  f.Add(seconds{0}, kStarG, kIf1, {kIf2, kIf3});
  f.Add(seconds{0}, kSg, kIf4, {kIf2});
  EXPECT_EQ(f.In(seconds{1}, kIf4).oifs, std::vector{kIf2});
  // The RPT copy of S on the (*,G) iif now hits (S,G) on the wrong VIF (the SPT switchover).
  const MfcVerdict rpt = f.In(seconds{1}, kIf1);
  EXPECT_TRUE(rpt.oifs.empty());
  EXPECT_EQ(rpt.upcalls, std::vector{Upcall(DataplaneKind::kWrongIif, kIf1, kSg)});
  EXPECT_EQ(f.In(seconds{1}, kIf1, Sg{kS2, kG}).oifs, (std::vector{kIf2, kIf3}));
}

TEST(MfcWildcard, StarStarSendsTreeTrafficUpstreamOnly) {
  Fixture f;
  f.Add(seconds{0}, kStarStar, kIf1, {kIf2, kIf3});
  EXPECT_EQ(f.In(seconds{1}, kIf2).oifs, std::vector{kIf1});
  EXPECT_TRUE(f.In(seconds{1}, kIf1).oifs.empty()) << "from upstream: not forwarded";
  EXPECT_EQ(f.In(seconds{1}, kIf4).upcalls.size(), 1u) << "VIF 4 is not in the tree";
}

TEST(MfcWildcard, StarStarProxyLetsStarGAcceptTreeInterfaces) {
  Fixture f;
  f.Add(seconds{0}, kStarStar, kIf1, {kIf2, kIf3});
  f.Add(seconds{0}, kStarG, kIf1, {kIf2, kIf3});
  const MfcVerdict v = f.In(seconds{1}, kIf2);
  EXPECT_EQ(v.oifs, (std::vector{kIf1, kIf3}));
  EXPECT_TRUE(v.upcalls.empty());
}

// ---- activity -------------------------------------------------------------------------------

TEST(MfcActivity, PollReportsCumulativeCountersOfEntriesThatMoved) {
  Fixture f;
  f.Add(seconds{0}, kSg, kIf1, {kIf2});
  f.Add(seconds{0}, Sg{kS2, kG}, kIf1, {kIf2});
  f.In(seconds{1}, kIf1, kSg, 16, 100);
  std::vector<DataplaneEvent> a = f.m.PollActivity();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, DataplaneKind::kActivity);
  EXPECT_EQ(a[0].sg, kSg);
  EXPECT_EQ(a[0].iif, kIf1);
  EXPECT_EQ(a[0].packet_count, 1u);
  EXPECT_EQ(a[0].byte_count, 120u);
  EXPECT_TRUE(f.m.PollActivity().empty()) << "nothing moved since";
  f.In(seconds{2}, kIf1, kSg, 16, 100);
  a = f.m.PollActivity();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].packet_count, 2u) << "cumulative";
  EXPECT_EQ(f.m.PollActivity(false).size(), 2u) << "all entries when asked";
}

// The poll visits only entries that forwarded since the previous one, yet reports them in
// (S,G) order, whatever order they moved in, and never an entry deleted since.
TEST(MfcActivity, PollIsInSgOrderAndSkipsDeletedEntries) {
  Fixture f;
  const Sg sg2{kS2, kG};
  const Sg sg3{kS, Ipv4{239, 1, 1, 2}};
  for (const Sg& sg : {kSg, sg2, sg3}) {
    f.Add(seconds{0}, sg, kIf1, {kIf2});
  }
  f.In(seconds{1}, kIf1, sg3);
  f.In(seconds{1}, kIf1, sg2);
  f.In(seconds{1}, kIf1, kSg);
  f.In(seconds{1}, kIf1, sg2);
  std::vector<DataplaneEvent> a = f.m.PollActivity();
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].sg, kSg);  // sources first, then groups
  EXPECT_EQ(a[1].sg, sg3);
  EXPECT_EQ(a[2].sg, sg2);
  EXPECT_EQ(a[2].packet_count, 2u);
  f.In(seconds{2}, kIf1, sg2);
  f.m.Apply(At(seconds{2}), engine::MfcDel{sg2});
  EXPECT_TRUE(f.m.PollActivity().empty()) << "the entry that moved is gone";
  // Deleted and added again after moving: a fresh entry, nothing to report until it forwards.
  f.In(seconds{3}, kIf1, kSg);
  f.m.Apply(At(seconds{3}), engine::MfcDel{kSg});
  f.Add(seconds{3}, kSg, kIf1, {kIf2});
  EXPECT_TRUE(f.m.PollActivity().empty());
  f.In(seconds{4}, kIf1, kSg);
  a = f.m.PollActivity();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].packet_count, 1u);
  // Wrong-interface packets count as activity too (ip_mr_forward counts them first).
  f.In(seconds{5}, kIf3, sg3);
  a = f.m.PollActivity();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].sg, sg3);
  EXPECT_EQ(a[0].packet_count, 2u);
}

}  // namespace
}  // namespace mc::sim
