// TimerQueue: tie order, re-arm semantics, ArmAtLeast/ArmAtMost, cancel, due-only popping, scale,
// and a rapidcheck model test against a linear-scan reference.
#include "engine/timer_queue.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <chrono>
#include <tuple>
#include <vector>

#include "base/rng.h"
#include "base/types.h"

namespace mc::engine {
namespace {

using namespace std::chrono_literals;

constexpr Time T(std::int64_t ms) { return kTimeZero + std::chrono::milliseconds{ms}; }

std::vector<int> PopAll(TimerQueue<int>& q, Time now) {
  std::vector<int> keys;
  while (const std::optional<int> k = q.PopDue(now)) {
    keys.push_back(*k);
  }
  return keys;
}

TEST(TimerQueue, EmptyQueue) {
  TimerQueue<int> q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.NextDeadline(), std::nullopt);
  EXPECT_EQ(q.PopDue(T(1'000'000)), std::nullopt);
  EXPECT_FALSE(q.Cancel(1));
}

TEST(TimerQueue, PopsInDeadlineOrder) {
  TimerQueue<int> q;
  q.Arm(1, T(30));
  q.Arm(2, T(10));
  q.Arm(3, T(20));
  EXPECT_EQ(q.NextDeadline(), T(10));
  EXPECT_EQ(PopAll(q, T(30)), (std::vector<int>{2, 3, 1}));
  EXPECT_TRUE(q.empty());
}

TEST(TimerQueue, TiesFireInArmOrderNotKeyOrder) {
  TimerQueue<int> q;
  q.Arm(5, T(10));
  q.Arm(1, T(10));
  q.Arm(3, T(10));
  EXPECT_EQ(PopAll(q, T(10)), (std::vector<int>{5, 1, 3}));
}

TEST(TimerQueue, RearmMovesKeyToBackOfTie) {
  TimerQueue<int> q;
  q.Arm(1, T(10));
  q.Arm(2, T(10));
  q.Arm(3, T(10));
  q.Arm(1, T(10));  // same deadline, fresh sequence
  EXPECT_EQ(PopAll(q, T(10)), (std::vector<int>{2, 3, 1}));
}

TEST(TimerQueue, RearmReplacesDeadlineInBothDirections) {
  TimerQueue<int> q;
  q.Arm(1, T(10));
  q.Arm(1, T(50));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.Deadline(1), T(50));
  EXPECT_EQ(q.PopDue(T(49)), std::nullopt);
  q.Arm(1, T(5));
  EXPECT_EQ(q.Deadline(1), T(5));
  EXPECT_EQ(q.PopDue(T(5)), 1);
  EXPECT_TRUE(q.empty());
}

TEST(TimerQueue, ArmAtLeastOnlyMovesLater) {
  TimerQueue<int> q;
  q.ArmAtLeast(1, T(20));  // absent: arms
  EXPECT_EQ(q.Deadline(1), T(20));
  q.ArmAtLeast(1, T(10));  // earlier: ignored
  EXPECT_EQ(q.Deadline(1), T(20));
  q.ArmAtLeast(1, T(30));  // later: moves
  EXPECT_EQ(q.Deadline(1), T(30));
}

TEST(TimerQueue, ArmAtMostOnlyMovesEarlier) {
  TimerQueue<int> q;
  q.ArmAtMost(1, T(20));  // absent: arms
  EXPECT_EQ(q.Deadline(1), T(20));
  q.ArmAtMost(1, T(30));  // later: ignored
  EXPECT_EQ(q.Deadline(1), T(20));
  q.ArmAtMost(1, T(10));  // earlier: moves
  EXPECT_EQ(q.Deadline(1), T(10));
}

TEST(TimerQueue, ConditionalArmWithEqualDeadlineKeepsTiePosition) {
  TimerQueue<int> q;
  q.Arm(1, T(10));
  q.Arm(2, T(10));
  q.ArmAtLeast(1, T(10));
  q.ArmAtMost(1, T(10));
  EXPECT_EQ(PopAll(q, T(10)), (std::vector<int>{1, 2}));
}

TEST(TimerQueue, CancelRemovesOnlyThatKey) {
  TimerQueue<int> q;
  q.Arm(1, T(10));
  q.Arm(2, T(20));
  EXPECT_TRUE(q.Cancel(1));
  EXPECT_FALSE(q.Cancel(1));
  EXPECT_FALSE(q.Armed(1));
  EXPECT_TRUE(q.Armed(2));
  EXPECT_EQ(q.Deadline(1), std::nullopt);
  EXPECT_EQ(q.NextDeadline(), T(20));
  EXPECT_EQ(PopAll(q, T(100)), (std::vector<int>{2}));
}

TEST(TimerQueue, CancelIfRemovesMatchingKeys) {
  TimerQueue<int> q;
  for (int k = 0; k < 10; ++k) {
    q.Arm(k, T(10 - k));
  }
  EXPECT_EQ(q.CancelIf([](int k) { return k % 2 == 0; }), 5u);
  EXPECT_EQ(PopAll(q, T(10)), (std::vector<int>{9, 7, 5, 3, 1}));
}

TEST(TimerQueue, PopsOnlyDueKeys) {
  TimerQueue<int> q;
  q.Arm(1, T(10));
  q.Arm(2, T(20));
  EXPECT_EQ(q.PopDue(T(9)), std::nullopt);
  EXPECT_EQ(q.PopDue(T(10)), 1);  // a deadline equal to now is due
  EXPECT_EQ(q.PopDue(T(19)), std::nullopt);
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.NextDeadline(), T(20));
}

TEST(TimerQueue, PoppedKeyCanBeRearmed) {
  TimerQueue<int> q;
  q.Arm(1, T(10));
  ASSERT_EQ(q.PopDue(T(10)), 1);
  EXPECT_FALSE(q.Armed(1));
  q.Arm(1, T(10));  // a handler re-arming for the same instant fires again in this loop
  EXPECT_EQ(q.PopDue(T(10)), 1);
}

// The kind of key engines use: an RFC timer name plus the state it belongs to.
enum class TimerKind : std::uint8_t { kExpiry, kPrunePending };
struct SgTimerKey {
  TimerKind kind;
  IfIndex ifindex;
  Sg sg;
  auto operator<=>(const SgTimerKey&) const = default;
};

TEST(TimerQueue, StructKeysAreDistinctPerField) {
  TimerQueue<SgTimerKey> q;
  const Sg sg{Ipv4{10, 0, 0, 1}, Ipv4{239, 1, 1, 1}};
  q.Arm({TimerKind::kExpiry, IfIndex{1}, sg}, T(10));
  q.Arm({TimerKind::kPrunePending, IfIndex{1}, sg}, T(10));
  q.Arm({TimerKind::kExpiry, IfIndex{2}, sg}, T(10));
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.CancelIf([](const SgTimerKey& k) { return k.ifindex == IfIndex{1}; }), 2u);
  EXPECT_EQ(q.PopDue(T(10)), (SgTimerKey{TimerKind::kExpiry, IfIndex{2}, sg}));
}

// Thousands of keys on few distinct deadlines, some re-armed: the pop order is exactly
// (deadline, last-arm order).
TEST(TimerQueue, ManyKeysPopInDeadlineThenArmOrder) {
  TimerQueue<int> q;
  Rng rng{7};
  std::vector<std::tuple<Time, int, int>> expected;  // (deadline, arm step, key)
  std::vector<int> last_arm(5000, -1);
  std::vector<Time> deadline(5000);
  int step = 0;
  for (int k = 0; k < 5000; ++k, ++step) {
    deadline[static_cast<std::size_t>(k)] = T(static_cast<std::int64_t>(rng.Below(50)));
    last_arm[static_cast<std::size_t>(k)] = step;
    q.Arm(k, deadline[static_cast<std::size_t>(k)]);
  }
  for (int i = 0; i < 2000; ++i, ++step) {
    const auto k = static_cast<std::size_t>(rng.Below(5000));
    deadline[k] = T(static_cast<std::int64_t>(rng.Below(50)));
    last_arm[k] = step;
    q.Arm(static_cast<int>(k), deadline[k]);
  }
  for (std::size_t k = 0; k < 5000; ++k) {
    expected.emplace_back(deadline[k], last_arm[k], static_cast<int>(k));
  }
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(q.size(), 5000u);

  std::vector<int> popped;
  for (std::int64_t ms = 0; ms < 50; ++ms) {  // advancing time in steps pops in the same order
    for (const int k : PopAll(q, T(ms))) {
      popped.push_back(k);
    }
  }
  ASSERT_EQ(popped.size(), expected.size());
  for (std::size_t i = 0; i < popped.size(); ++i) {
    ASSERT_EQ(popped[i], std::get<2>(expected[i])) << "at " << i;
  }
  EXPECT_TRUE(q.empty());
}

// The reference: a list scanned linearly, with the same sequence rule stated naively.
class NaiveTimers {
 public:
  void Arm(int key, Time t) {
    Cancel(key);
    entries_.push_back({key, t, seq_++});
  }
  void ArmAtLeast(int key, Time t) {
    const std::optional<Time> d = Deadline(key);
    if (!d || *d < t) {
      Arm(key, t);
    }
  }
  void ArmAtMost(int key, Time t) {
    const std::optional<Time> d = Deadline(key);
    if (!d || *d > t) {
      Arm(key, t);
    }
  }
  bool Cancel(int key) {
    const auto n = std::erase_if(entries_, [&](const Entry& e) { return e.key == key; });
    return n > 0;
  }
  template <class Pred>
  std::size_t CancelIf(Pred pred) {
    return std::erase_if(entries_, [&](const Entry& e) { return pred(e.key); });
  }
  std::optional<Time> Deadline(int key) const {
    for (const Entry& e : entries_) {
      if (e.key == key) {
        return e.deadline;
      }
    }
    return std::nullopt;
  }
  std::optional<int> PopDue(Time now) {
    auto best = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->deadline <= now &&
          (best == entries_.end() ||
           std::pair{it->deadline, it->seq} < std::pair{best->deadline, best->seq})) {
        best = it;
      }
    }
    if (best == entries_.end()) {
      return std::nullopt;
    }
    const int key = best->key;
    entries_.erase(best);
    return key;
  }
  std::optional<Time> NextDeadline() const {
    std::optional<Time> next;
    for (const Entry& e : entries_) {
      if (!next || e.deadline < *next) {
        next = e.deadline;
      }
    }
    return next;
  }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    int key;
    Time deadline;
    std::uint64_t seq;
  };
  std::vector<Entry> entries_;
  std::uint64_t seq_ = 0;
};

struct Op {
  int kind;  // 0 Arm, 1 ArmAtLeast, 2 ArmAtMost, 3 Cancel, 4 PopDue, 5 CancelIf
  int key;
  int ms;
};

rc::Gen<Op> GenOp() {
  // Few keys and few instants so that re-arms, ties and conditional arms collide often.
  return rc::gen::construct<Op>(rc::gen::inRange(0, 6), rc::gen::inRange(0, 6),
                                rc::gen::inRange(0, 8));
}

RC_GTEST_PROP(TimerQueueModel, MatchesNaiveReference, ()) {
  const std::vector<Op> ops = *rc::gen::container<std::vector<Op>>(GenOp());
  TimerQueue<int> q;
  NaiveTimers ref;
  for (const Op& op : ops) {
    switch (op.kind) {
      case 0:
        q.Arm(op.key, T(op.ms));
        ref.Arm(op.key, T(op.ms));
        break;
      case 1:
        q.ArmAtLeast(op.key, T(op.ms));
        ref.ArmAtLeast(op.key, T(op.ms));
        break;
      case 2:
        q.ArmAtMost(op.key, T(op.ms));
        ref.ArmAtMost(op.key, T(op.ms));
        break;
      case 3:
        RC_ASSERT(q.Cancel(op.key) == ref.Cancel(op.key));
        break;
      case 5: {
        // Keys in the same residue class as op.key (mod 3): several at once, or none.
        const auto same = [&](int k) { return k % 3 == op.key % 3; };
        RC_ASSERT(q.CancelIf(same) == ref.CancelIf(same));
        break;
      }
      default:
        RC_ASSERT(q.PopDue(T(op.ms)) == ref.PopDue(T(op.ms)));
        break;
    }
    RC_ASSERT(q.size() == ref.size());
    RC_ASSERT(q.NextDeadline() == ref.NextDeadline());
    for (int k = 0; k < 6; ++k) {
      RC_ASSERT(q.Deadline(k) == ref.Deadline(k));
      RC_ASSERT(q.Armed(k) == ref.Deadline(k).has_value());
    }
  }
  // Draining far in the future agrees too.
  while (true) {
    const std::optional<int> a = q.PopDue(T(1000));
    RC_ASSERT(a == ref.PopDue(T(1000)));
    if (!a) {
      break;
    }
  }
  RC_ASSERT(q.empty());
}

}  // namespace
}  // namespace mc::engine
