// The daemon's event loop (DESIGN.md "The daemon"; engine.h "the same loop runs in mcastd (epoll
// + one timerfd)"): epoll(7) over the sockets, one timerfd(2) armed at the earliest deadline any
// engine or poller asked for, and the only clock read of the program (CLOCK_MONOTONIC, as
// mc::Time). Handlers run one at a time; engines are pumped by the caller after each wake, so
// nothing re-enters an engine.
// Left out: signal handling beyond a stop flag (the daemon installs SIGINT/SIGTERM handlers).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/time.h"

namespace mc::platform {

// CLOCK_MONOTONIC as engine time.
Time MonotonicNow();

class HostLoop {
 public:
  static Result<HostLoop, std::string> Create();
  HostLoop(HostLoop&& o) noexcept;
  HostLoop& operator=(HostLoop&&) = delete;
  HostLoop(const HostLoop&) = delete;
  ~HostLoop();

  // `on_readable` runs when fd is readable (level-triggered).
  Result<bool, std::string> Watch(int fd, std::function<void()> on_readable);
  void Unwatch(int fd);
  // The next wake-up (nullopt: only on input). Later calls replace earlier ones.
  void WakeAt(std::optional<Time> t);
  // Waits for input or the timer, runs the handlers of what is ready; returns the time read
  // after waking. `timed_out` tells whether the timer fired.
  Time RunOnce(bool& timed_out);

 private:
  HostLoop(int ep, int tfd) : epoll_(ep), timer_(tfd) {}
  int epoll_ = -1;
  int timer_ = -1;
  std::map<int, std::function<void()>> handlers_;
};

}  // namespace mc::platform
