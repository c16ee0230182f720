// Tests of the PIM engine's compact containers: HashedTimerQueue must behave exactly like
// engine::TimerQueue (the same keys fire in the same order after any sequence of arms, cancels
// and pops: RFC 7761 §4.11 timers drive every state machine, so a difference would change
// outputs), PackedVec like a std::vector, and InstalledMfc / OifList like the MfcAdd they keep.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "base/rng.h"
#include "engine/timer_queue.h"
#include "pim/hashed_timer_queue.h"
#include "pim/installed_mfc.h"
#include "pim/packed_vec.h"

namespace mc::pim {
namespace {

struct Key {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  auto operator<=>(const Key&) const = default;
};
// A deliberately poor hash (many collisions) so probe runs and backward-shift deletion wrap.
struct PoorHash {
  std::size_t operator()(const Key& k) const { return k.a % 7; }
};

Time At(std::uint64_t ms) {
  return kTimeZero + std::chrono::milliseconds{static_cast<std::int64_t>(ms)};
}

template <class Hash>
void RunAgainstTimerQueue(std::uint64_t seed, std::uint32_t key_space) {
  Rng rng(seed);
  engine::TimerQueue<Key> ref;
  HashedTimerQueue<Key, Hash> q;
  std::uint64_t now = 0;
  for (int step = 0; step < 20000; ++step) {
    const Key k{static_cast<std::uint32_t>(rng.Below(key_space)),
                static_cast<std::uint32_t>(rng.Below(3))};
    const Time d = At(now + rng.Below(50));
    switch (rng.Below(7)) {
      case 0:
        ref.Arm(k, d);
        q.Arm(k, d);
        break;
      case 1:
        ref.ArmAtLeast(k, d);
        q.ArmAtLeast(k, d);
        break;
      case 2:
        ref.ArmAtMost(k, d);
        q.ArmAtMost(k, d);
        break;
      case 3:
        ASSERT_EQ(ref.Cancel(k), q.Cancel(k));
        break;
      case 4: {
        const std::uint32_t a = k.a;
        ASSERT_EQ(ref.CancelIf([&](const Key& x) { return x.a == a; }),
                  q.CancelIf([&](const Key& x) { return x.a == a; }));
        break;
      }
      default: {
        now += rng.Below(20);
        while (true) {
          const std::optional<Key> r = ref.PopDue(At(now));
          const std::optional<Key> h = q.PopDue(At(now));
          ASSERT_EQ(r, h) << "step " << step;
          if (!r) {
            break;
          }
        }
      }
    }
    ASSERT_EQ(ref.size(), q.size());
    ASSERT_EQ(ref.Armed(k), q.Armed(k));
    ASSERT_EQ(ref.Deadline(k), q.Deadline(k));
    ASSERT_EQ(ref.NextDeadline(), q.NextDeadline());
  }
}

struct GoodHash {
  std::size_t operator()(const Key& k) const {
    return (std::size_t{k.a} * 0x9E3779B97F4A7C15ull) ^ (k.b * 0xC2B2AE3D27D4EB4Full);
  }
};

TEST(HashedTimerQueue, FiresLikeTimerQueue) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    RunAgainstTimerQueue<GoodHash>(seed, 300);
  }
}

TEST(HashedTimerQueue, FiresLikeTimerQueueUnderCollisions) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    RunAgainstTimerQueue<PoorHash>(seed, 60);
  }
}

TEST(HashedTimerQueue, TiesFireInArmOrderAndRearmMovesToBack) {
  HashedTimerQueue<Key, GoodHash> q;
  q.Arm({1, 0}, At(10));
  q.Arm({2, 0}, At(10));
  q.Arm({3, 0}, At(10));
  q.Arm({1, 0}, At(10));         // re-armed: now last in the tie
  q.ArmAtLeast({2, 0}, At(10));  // equal deadline: keeps its place
  EXPECT_EQ(q.PopDue(At(9)), std::nullopt);
  EXPECT_EQ(q.PopDue(At(10)), (Key{2, 0}));
  EXPECT_EQ(q.PopDue(At(10)), (Key{3, 0}));
  EXPECT_EQ(q.PopDue(At(10)), (Key{1, 0}));
  EXPECT_TRUE(q.empty());
}

TEST(PackedVec, BehavesLikeVector) {
  Rng rng(7);
  PackedVec<std::uint32_t> p;
  std::vector<std::uint32_t> v;
  EXPECT_EQ(sizeof(p), sizeof(void*));
  for (int step = 0; step < 5000; ++step) {
    const auto x = static_cast<std::uint32_t>(rng.Below(50));
    const auto vi = std::lower_bound(v.begin(), v.end(), x);
    const auto pi = std::lower_bound(p.begin(), p.end(), x);
    if (vi != v.end() && *vi == x) {
      v.erase(vi);
      p.erase(pi);
    } else {
      v.insert(vi, x);
      p.insert(pi, x);
    }
    if (step % 500 == 0) {
      const std::uint32_t cut = x;
      std::erase_if(v, [&](std::uint32_t y) { return y < cut; });
      p.EraseIf([&](std::uint32_t y) { return y < cut; });
    }
    ASSERT_EQ(std::vector<std::uint32_t>(p), v);
    ASSERT_EQ(p.empty(), v.empty());
  }
  PackedVec<std::uint32_t> copy = p;
  p = std::vector<std::uint32_t>{1, 2, 3};
  EXPECT_EQ(std::vector<std::uint32_t>(copy), v);
  EXPECT_EQ(std::vector<std::uint32_t>(p), (std::vector<std::uint32_t>{1, 2, 3}));
  p.EraseIf([](std::uint32_t) { return true; });
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.begin(), p.end());
}

TEST(InstalledMfc, KeepsIifAndOifsOfAnyLength) {
  const Sg sg{Ipv4{10, 0, 0, 1}, Ipv4{232, 1, 1, 1}};
  for (std::uint32_t n = 0; n <= 5; ++n) {
    engine::MfcAdd m{.sg = sg, .iif = IfIndex{9}};
    for (std::uint32_t i = 1; i <= n; ++i) {
      m.oifs.push_back(IfIndex{i});
    }
    InstalledMfc a;
    a = m;
    const InstalledMfc b = a;  // copies own their heap block
    a = engine::MfcAdd{.sg = sg, .iif = IfIndex{9}};
    EXPECT_TRUE(b == m) << n;
    EXPECT_EQ(std::vector<IfIndex>(b.oifs), m.oifs);
    EXPECT_EQ(a == m, n == 0) << n;
    engine::MfcAdd other = m;
    other.iif = IfIndex{8};
    EXPECT_FALSE(b == other);
  }
}

}  // namespace
}  // namespace mc::pim
