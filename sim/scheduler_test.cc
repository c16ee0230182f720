// Scheduler: time order, ties in schedule order, cancel (lazy deletion and compaction), and a
// rapidcheck model test against a naive sorted-list reference.
#include "sim/scheduler.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace mc::sim {
namespace {

using namespace std::chrono_literals;

// Pops everything, returning the events in firing order.
template <class E>
std::vector<E> Drain(Scheduler<E>& s) {
  std::vector<E> out;
  while (std::optional<FiredEvent<E>> f = s.PopNext()) {
    out.push_back(std::move(f->event));
  }
  return out;
}

TEST(Scheduler, EmptyHasNothing) {
  Scheduler<int> s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_FALSE(s.PeekTime().has_value());
  EXPECT_FALSE(s.PopNext().has_value());
  EXPECT_EQ(s.now(), kTimeZero);
}

TEST(Scheduler, PopsInTimeOrderAndAdvancesNow) {
  Scheduler<int> s;
  s.Schedule(kTimeZero + 30ms, 3);
  s.Schedule(kTimeZero + 10ms, 1);
  s.Schedule(kTimeZero + 20ms, 2);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.PeekTime(), kTimeZero + 10ms);

  std::optional<FiredEvent<int>> a = s.PopNext();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->time, kTimeZero + 10ms);
  EXPECT_EQ(a->event, 1);
  EXPECT_EQ(s.now(), kTimeZero + 10ms);
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(Drain(s), (std::vector<int>{2, 3}));
  EXPECT_EQ(s.now(), kTimeZero + 30ms);
}

TEST(Scheduler, TiesFireInScheduleOrder) {
  Scheduler<int> s;
  for (int i = 0; i < 100; ++i) {
    s.Schedule(kTimeZero + 5s, i);
  }
  s.Schedule(kTimeZero + 1s, -1);  // earlier time still goes first
  std::vector<int> want{-1};
  for (int i = 0; i < 100; ++i) {
    want.push_back(i);
  }
  EXPECT_EQ(Drain(s), want);
}

TEST(Scheduler, EventScheduledNowWhileRunningFiresAfterEarlierTies) {
  Scheduler<std::string> s;
  s.Schedule(kTimeZero + 1s, "a");
  s.Schedule(kTimeZero + 1s, "b");
  ASSERT_EQ(s.PopNext()->event, "a");
  s.ScheduleAfter(0s, "c");  // at now(): behind "b", which was scheduled earlier
  s.ScheduleAfter(1ms, "d");
  EXPECT_EQ(Drain(s), (std::vector<std::string>{"b", "c", "d"}));
}

TEST(Scheduler, CancelRemovesOnlyThatEvent) {
  Scheduler<int> s;
  const EventId a = s.Schedule(kTimeZero + 1s, 1);
  const EventId b = s.Schedule(kTimeZero + 2s, 2);
  const EventId c = s.Schedule(kTimeZero + 3s, 3);
  EXPECT_TRUE(s.Pending(b));
  EXPECT_TRUE(s.Cancel(b));
  EXPECT_FALSE(s.Pending(b));
  EXPECT_FALSE(s.Cancel(b)) << "second cancel is a no-op";
  EXPECT_EQ(s.size(), 2u);
  EXPECT_TRUE(s.Pending(a));
  EXPECT_TRUE(s.Pending(c));
  EXPECT_EQ(Drain(s), (std::vector<int>{1, 3}));
}

TEST(Scheduler, CancelOfTheHeadUpdatesPeekTime) {
  Scheduler<int> s;
  const EventId a = s.Schedule(kTimeZero + 1s, 1);
  const EventId b = s.Schedule(kTimeZero + 2s, 2);
  s.Schedule(kTimeZero + 3s, 3);
  EXPECT_TRUE(s.Cancel(a));
  EXPECT_EQ(s.PeekTime(), kTimeZero + 2s);
  EXPECT_TRUE(s.Cancel(b));
  EXPECT_EQ(s.PeekTime(), kTimeZero + 3s);
}

TEST(Scheduler, CancelAfterFireAndDefaultIdAreNoOps) {
  Scheduler<int> s;
  const EventId a = s.Schedule(kTimeZero + 1s, 1);
  ASSERT_TRUE(s.PopNext().has_value());
  EXPECT_FALSE(s.Pending(a));
  EXPECT_FALSE(s.Cancel(a));
  EXPECT_FALSE(s.Cancel(EventId{}));
  EXPECT_FALSE(EventId{}.valid());
  EXPECT_TRUE(a.valid());
}

TEST(Scheduler, StaleIdDoesNotCancelTheEventThatReusedItsSlot) {
  Scheduler<int> s;
  const EventId old_id = s.Schedule(kTimeZero + 1s, 1);
  ASSERT_TRUE(s.Cancel(old_id));
  const EventId new_id = s.Schedule(kTimeZero + 2s, 2);  // reuses the freed slot
  EXPECT_NE(old_id, new_id);
  EXPECT_FALSE(s.Cancel(old_id));
  EXPECT_TRUE(s.Pending(new_id));
  EXPECT_EQ(Drain(s), (std::vector<int>{2}));
}

TEST(Scheduler, PoppedIdMatchesScheduledId) {
  Scheduler<int> s;
  const EventId a = s.Schedule(kTimeZero + 1s, 7);
  EXPECT_EQ(s.PopNext()->id, a);
}

TEST(Scheduler, ManyCancellationsCompactAndKeepOrder) {
  Scheduler<int> s;
  std::vector<EventId> ids;
  for (int i = 0; i < 10'000; ++i) {
    ids.push_back(s.Schedule(kTimeZero + std::chrono::milliseconds{(i * 7919) % 10'000}, i));
  }
  for (int i = 0; i < 10'000; ++i) {
    if (i % 10 != 0) {
      ASSERT_TRUE(s.Cancel(ids[static_cast<std::size_t>(i)]));
    }
  }
  EXPECT_EQ(s.size(), 1000u);
  std::vector<int> got = Drain(s);
  ASSERT_EQ(got.size(), 1000u);
  for (std::size_t i = 1; i < got.size(); ++i) {
    EXPECT_LT((got[i - 1] * 7919) % 10'000, (got[i] * 7919) % 10'000);
    EXPECT_EQ(got[i] % 10, 0);
  }
}

TEST(Scheduler, CancelIfCancelsMatchingEvents) {
  struct Ev {
    int node;
    int seq;
  };
  Scheduler<Ev> s;
  for (int i = 0; i < 20; ++i) {
    s.Schedule(kTimeZero + std::chrono::seconds{i}, Ev{i % 3, i});
  }
  EXPECT_EQ(s.CancelIf([](const Ev& e) { return e.node == 1; }), 7u);
  EXPECT_EQ(s.size(), 13u);
  for (const Ev& e : Drain(s)) {
    EXPECT_NE(e.node, 1) << e.seq;
  }
}

TEST(Scheduler, HoldsMoveOnlyVariantEvents) {
  struct Deliver {
    std::unique_ptr<std::vector<int>> frame;
  };
  struct Wake {
    int node;
  };
  using Ev = std::variant<Deliver, Wake>;
  Scheduler<Ev> s;
  s.Schedule(kTimeZero + 2s, Wake{4});
  s.Schedule(kTimeZero + 1s, Deliver{std::make_unique<std::vector<int>>(3, 9)});
  std::optional<FiredEvent<Ev>> first = s.PopNext();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(std::holds_alternative<Deliver>(first->event));
  EXPECT_EQ(std::get<Deliver>(first->event).frame->size(), 3u);
  std::optional<FiredEvent<Ev>> second = s.PopNext();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(std::get<Wake>(second->event).node, 4);
}

TEST(Scheduler, EarlierEventScheduledAfterALaterOneFiresFirst) {
  Scheduler<int> s;
  s.Schedule(kTimeZero + 10s, 10);
  EXPECT_EQ(s.PeekTime(), kTimeZero + 10s);
  s.Schedule(kTimeZero + 5s, 5);  // before the head, after now()
  s.Schedule(kTimeZero + 5s, 6);
  s.Schedule(kTimeZero + 10s, 11);
  s.Schedule(kTimeZero + 7s, 7);
  EXPECT_EQ(s.PeekTime(), kTimeZero + 5s);
  EXPECT_EQ(Drain(s), (std::vector<int>{5, 6, 7, 10, 11}));
}

TEST(Scheduler, LongChainsAtOneInstantKeepFifoOrder) {
  // Each event schedules the next at now(): the run at one instant never empties.
  Scheduler<int> s;
  s.Schedule(kTimeZero + 1s, 0);
  s.Schedule(kTimeZero + 1s, 1);
  int expected = 0;
  while (std::optional<FiredEvent<int>> f = s.PopNext()) {
    ASSERT_EQ(f->event, expected);
    ++expected;
    if (f->event < 100'000) {
      s.ScheduleAfter(0s, f->event + 2);
    }
  }
  EXPECT_EQ(expected, 100'002);
  EXPECT_EQ(s.now(), kTimeZero + 1s);
}

TEST(Scheduler, FarApartTimesUseEveryBucket) {
  Scheduler<int> s;
  std::vector<int> want;
  for (int bit = 62; bit >= 0; --bit) {
    s.Schedule(TimeFromNanos(std::int64_t{1} << bit), bit);
    want.insert(want.begin(), bit);
  }
  s.Schedule(kTimeZero, -1);
  want.insert(want.begin(), -1);
  EXPECT_EQ(Drain(s), want);
}

// ---- model test ------------------------------------------------------------------------------

// The reference: a plain vector searched linearly for the minimum (time, schedule order).
struct ModelEvent {
  Time time;
  std::uint64_t order;
  int value;
  EventId id;
};

RC_GTEST_PROP(Scheduler, MatchesNaiveModel, ()) {
  // Per-run operation mix, so that some runs grow large and some cancel enough to compact.
  const int steps = *rc::gen::inRange(1, 1500);
  const int schedule_pct = *rc::gen::inRange(30, 71);
  const int cancel_pct = *rc::gen::inRange(0, 51);
  // Half the runs use offsets up to 8 ms (many ties), half up to a day (many buckets).
  const bool wide = *rc::gen::arbitrary<bool>();
  Scheduler<int> s;
  std::vector<ModelEvent> model;
  std::vector<EventId> issued;  // every id ever returned, to cancel live and dead ones
  std::uint64_t order = 0;
  for (int step = 0; step < steps; ++step) {
    const int op = *rc::gen::inRange(0, 100);
    if (op < schedule_pct) {
      const Duration offset = wide
                                  ? Duration{*rc::gen::inRange<std::int64_t>(0, 86'400'000'000'000)}
                                  : Duration{std::chrono::milliseconds{*rc::gen::inRange(0, 8)}};
      const Time at = s.now() + offset;
      const EventId id = s.Schedule(at, step);
      model.push_back(ModelEvent{at, order++, step, id});
      issued.push_back(id);
    } else if (op < schedule_pct + cancel_pct &&
               !issued.empty()) {  // cancel any id, maybe already gone
      const EventId id =
          issued[static_cast<std::size_t>(*rc::gen::inRange<std::size_t>(0, issued.size()))];
      const auto it =
          std::find_if(model.begin(), model.end(), [&](const ModelEvent& e) { return e.id == id; });
      RC_ASSERT(s.Cancel(id) == (it != model.end()));
      if (it != model.end()) {
        model.erase(it);
      }
    } else {  // pop
      std::optional<FiredEvent<int>> f = s.PopNext();
      if (model.empty()) {
        RC_ASSERT(!f.has_value());
        continue;
      }
      const auto it = std::min_element(model.begin(), model.end(), [](auto& a, auto& b) {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
      });
      RC_ASSERT(f.has_value());
      RC_ASSERT(f->event == it->value);
      RC_ASSERT(f->time == it->time);
      RC_ASSERT(f->id == it->id);
      RC_ASSERT(s.now() == it->time);
      model.erase(it);
    }
    RC_ASSERT(s.size() == model.size());
    if (model.empty()) {
      RC_ASSERT(!s.PeekTime().has_value());
    } else {
      const auto it = std::min_element(model.begin(), model.end(),
                                       [](auto& a, auto& b) { return a.time < b.time; });
      RC_ASSERT(s.PeekTime() == it->time);
    }
  }
}

}  // namespace
}  // namespace mc::sim
