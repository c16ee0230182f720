// epoll + timerfd loop (host_loop.h): epoll(7), timerfd_create(2) on CLOCK_MONOTONIC with
// TFD_TIMER_ABSTIME, so the timer and MonotonicNow() read the same clock.
#include "platform/linux/host_loop.h"

#include <errno.h>
#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <vector>

namespace mc::platform {

Time MonotonicNow() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return TimeFromNanos(static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
}

Result<HostLoop, std::string> HostLoop::Create() {
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) {
    return fmt::format("epoll_create1: {}", std::strerror(errno));
  }
  const int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (tfd < 0) {
    close(ep);
    return fmt::format("timerfd_create: {}", std::strerror(errno));
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = tfd;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev) != 0) {
    close(ep);
    close(tfd);
    return fmt::format("epoll_ctl timerfd: {}", std::strerror(errno));
  }
  return HostLoop(ep, tfd);
}

HostLoop::HostLoop(HostLoop&& o) noexcept
    : epoll_(o.epoll_), timer_(o.timer_), handlers_(std::move(o.handlers_)) {
  o.epoll_ = -1;
  o.timer_ = -1;
}

HostLoop::~HostLoop() {
  if (epoll_ >= 0) {
    close(epoll_);
  }
  if (timer_ >= 0) {
    close(timer_);
  }
}

Result<bool, std::string> HostLoop::Watch(int fd, std::function<void()> on_readable) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    return fmt::format("epoll_ctl add {}: {}", fd, std::strerror(errno));
  }
  handlers_[fd] = std::move(on_readable);
  return true;
}

void HostLoop::Unwatch(int fd) {
  (void)epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  handlers_.erase(fd);
}

void HostLoop::WakeAt(std::optional<Time> t) {
  itimerspec its{};
  if (t) {
    std::int64_t ns = ToNanos(*t);
    if (ns <= 0) {
      ns = 1;  // 0 would disarm the timer
    }
    its.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    its.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  }
  (void)timerfd_settime(timer_, TFD_TIMER_ABSTIME, &its, nullptr);
}

Time HostLoop::RunOnce(bool& timed_out) {
  timed_out = false;
  std::array<epoll_event, 32> events{};
  const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), -1);
  std::vector<int> ready;
  for (int k = 0; k < n; ++k) {
    const int fd = events[static_cast<std::size_t>(k)].data.fd;
    if (fd == timer_) {
      std::uint64_t expirations = 0;
      (void)read(timer_, &expirations, sizeof(expirations));
      timed_out = true;
    } else {
      ready.push_back(fd);
    }
  }
  for (const int fd : ready) {
    // A handler may unwatch another fd; look each one up again.
    if (const auto it = handlers_.find(fd); it != handlers_.end()) {
      const std::function<void()> h = it->second;
      h();
    }
  }
  return MonotonicNow();
}

}  // namespace mc::platform
