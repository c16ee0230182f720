// The engine boundary (DESIGN.md "Engine contract", rules 1-3; STYLE-EXAMPLES E6). An engine is
// a deterministic state machine: it receives time as an argument, inputs as function calls, and
// answers with Effect values appended to `out`. The host (emulator or mcastd) owns the clock and
// all I/O and drives every engine through the same Pump loop.
#pragma once

#include <concepts>
#include <optional>
#include <vector>

#include "base/time.h"
#include "engine/effect.h"
#include "engine/input.h"

namespace mc::engine {

template <class E>
concept Engine = requires(E& e, const E& ce, Time now, const Input& in, std::vector<Effect>& out) {
  { e.Handle(now, in, out) } -> std::same_as<void>;
  { e.AdvanceTo(now, out) } -> std::same_as<void>;  // fires timers due at or before now, in order
  { ce.NextDeadline() } -> std::same_as<std::optional<Time>>;
};

// What Pump needs from a host. Now() is the only clock read; NextInput() drains what arrived
// since the last pump; Apply() performs one effect; WakeAt() schedules the next pump (nullopt:
// only when input arrives).
template <class H>
concept PumpHost = requires(H& h, const Effect& e, std::optional<Time> t) {
  { h.Now() } -> std::same_as<Time>;
  { h.NextInput() } -> std::same_as<std::optional<Input>>;
  h.Apply(e);
  h.WakeAt(t);
};

// The same loop runs in mcastd (epoll + one timerfd) and in the emulator (event queue).
// Timers already due fire before the new inputs: a host that wakes late for a packet must not
// let the packet overtake a timer that expired earlier. Timers the inputs arm for `now` fire in
// the same pump. Effects are applied only after the engine has finished the step, so the
// engine is never re-entered.
template <Engine E, PumpHost Host>
void Pump(E& engine, Host& host) {
  std::vector<Effect> out;
  const Time now = host.Now();
  engine.AdvanceTo(now, out);
  while (std::optional<Input> in = host.NextInput()) {
    engine.Handle(now, *in, out);
  }
  engine.AdvanceTo(now, out);
  for (const Effect& e : out) {
    host.Apply(e);
  }
  host.WakeAt(engine.NextDeadline());
}

}  // namespace mc::engine
