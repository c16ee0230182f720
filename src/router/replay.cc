// The replay checker (replay.h).
#include "router/replay.h"

#include <map>

#include "config/apply.h"

namespace mc::router {
namespace {

// Matches the engines' effects against the record as they come.
class Checker : public CoreHooks {
 public:
  explicit Checker(const Record& r) : record_(r) {}

  void Attach(RouterCore& core) { core_ = &core; }

  void Apply(EngineId from, const engine::Effect& e) override {
    if (diverged_) {
      return;
    }
    const EffectLine got{from, e};
    const EffectLine* want = next_ < record_.entries.size()
                                 ? std::get_if<EffectLine>(&record_.entries[next_].value)
                                 : nullptr;
    if (want == nullptr || !(*want == got)) {
      Diverge(want == nullptr ? "an effect the record does not have" : "a different effect",
              EncodeEffectLine(got));
      return;
    }
    ++next_;
    ++matched_;
    // Calls mcastd made while it applied this effect come next, nested.
    while (!diverged_ && next_ < record_.entries.size()) {
      const auto* c = std::get_if<CallLine>(&record_.entries[next_].value);
      if (c == nullptr || !c->nested) {
        break;
      }
      ++next_;
      Make(*c);
    }
  }
  void Count(std::string_view name) override { counts_[std::string(name)] += 1; }

  // Makes every top-level call; false at the first divergence.
  bool Run() {
    while (!diverged_ && next_ < record_.entries.size()) {
      const RecordEntry& entry = record_.entries[next_];
      const auto* c = std::get_if<CallLine>(&entry.value);
      if (c == nullptr) {
        Diverge("no effect", "(nothing)");
        break;
      }
      if (c->nested) {
        Diverge("a nested call after an effect", "(a call at the top level)");
        break;
      }
      ++next_;
      Make(*c);
    }
    return !diverged_;
  }

  std::size_t calls() const { return calls_; }
  std::size_t inputs() const { return inputs_; }
  std::size_t matched() const { return matched_; }
  const std::string& divergence() const { return divergence_; }
  const std::map<std::string, std::uint64_t>& counts() const { return counts_; }

 private:
  void Make(const CallLine& c) {
    ++calls_;
    if (std::holds_alternative<rec::In>(c.call)) {
      ++inputs_;
    }
    core_->Replay(c);
  }

  // The record line where replay and record part, what the record has there, and what the
  // engines did instead.
  void Diverge(std::string_view why, const std::string& got) {
    diverged_ = true;
    std::string expected = "(end of record)";
    std::size_t line = 0;
    if (next_ < record_.entries.size()) {
      const RecordEntry& e = record_.entries[next_];
      line = e.line;
      expected = std::visit(
          [](const auto& x) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, EffectLine>) {
              return EncodeEffectLine(x);
            } else {
              return EncodeCall(x);
            }
          },
          e.value);
    }
    divergence_ = "line " + std::to_string(line) + ": the engines produced " + std::string(why) +
                  "\n  expected: " + expected + "\n  got:      " + got + "\n";
  }

  const Record& record_;
  RouterCore* core_ = nullptr;
  std::size_t next_ = 0;
  std::size_t calls_ = 0;
  std::size_t inputs_ = 0;
  std::size_t matched_ = 0;
  bool diverged_ = false;
  std::string divergence_;
  std::map<std::string, std::uint64_t> counts_;
};

}  // namespace

ReplayOutcome ReplayRecord(const Record& r,
                           const std::function<void(const RouterCore&, Time)>& at_end) {
  ReplayOutcome o;
  const RecordHeader& h = r.header;
  auto cfg = config::LoadConfig(config::DeviceKind::kRouter, h.config_text, h.config_path);
  if (!cfg) {
    o.config_error = cfg.error().ToString();
    return o;
  }
  for (const RecordEntry& e : r.entries) {
    if (const auto* c = std::get_if<CallLine>(&e.value)) {
      o.last = std::max(o.last, c->at);
    }
  }
  Checker checker(r);
  RouterCore core(std::move(*cfg), h.seed, checker);
  checker.Attach(core);
  o.matched_all = checker.Run();
  o.calls = checker.calls();
  o.inputs = checker.inputs();
  o.matched = checker.matched();
  o.divergence = checker.divergence();
  if (o.matched_all && at_end) {
    at_end(core, o.last);
  }
  return o;
}

}  // namespace mc::router
