#!/usr/bin/env bash
# Source rules for protocol code (DESIGN.md rules 1-3 and "Layout"): no file under src/ may
# include socket, network, thread or Linux headers, read a real clock, or use an unseeded random
# source. Engines get time as an argument and randomness from their injected Rng; only sim/,
# platform/ and apps/ touch the OS.
#
# Usage: source_rules_test.sh PROJECT_SOURCE_DIR
# Exits non-zero and lists every offending file:line. Before scanning the tree it checks itself
# against known-bad and known-good snippets, so a broken pattern cannot pass silently.
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

# Headers that mean I/O, threads or the OS (the #include line, with <...> or "...").
banned_includes='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]((sys/socket|sys/epoll|sys/time|sys/select|sys/ioctl|unistd|pthread|poll|fcntl|ifaddrs|net/if)\.h|(netinet|arpa|linux|net)/[^>"]*|thread|mutex|shared_mutex|condition_variable|future|stop_token|semaphore|latch|barrier|random)[>"]'

# Calls that read a real clock or an unseeded random source. `X::now(` catches every std::chrono
# clock and any alias of one (EngineClock has no now()). C's time() counts when called the way C
# code calls it (nullptr, NULL, 0 or &t), so an accessor `Time time() const` passes; rand() and
# friends count unless they are a member access or part of a longer name (`max_resp_time(`).
not_member='(^|[^[:alnum:]_.>:]|std::|[^[:alnum:]_]::)'
banned_calls="::[[:space:]]*now[[:space:]]*\(|\b(clock_gettime|gettimeofday|timespec_get|random_device)\b"
banned_calls+="|${not_member}time[[:space:]]*\([[:space:]]*(nullptr|NULL|0|&)"
banned_calls+="|${not_member}(rand|srand|rand_r|random|srandom|drand48|lrand48|mrand48)[[:space:]]*\("

# Prints "file:line: text" for each violation in the C++ files under $1/src; comments after //
# are ignored so prose can mention the rules. One perl process reads every file (the patterns are
# POSIX ERE, which Perl accepts as written).
# shellcheck disable=SC2016  # the single-quoted program is Perl; Perl expands its variables
scan() {
  [[ -d "$1/src" ]] || return 0
  (
    cd "$1"
    find src -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cc' -o -name '*.cpp' \) -print0 |
      sort -z |
      INC_RE="$banned_includes" CALL_RE="$banned_calls" xargs -0 -r perl -ne '
        my $code = $_;
        $code =~ s{//.*}{}s unless $code =~ /^\s*#\s*include/;
        print "$ARGV:$.: $_" if $code =~ /$ENV{INC_RE}/ || $code =~ /$ENV{CALL_RE}/;
        close ARGV if eof;'
  )
}

self_test() {
  local tmp
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/src"
  local bad=(
    '#include <sys/socket.h>' '#include <netinet/in.h>' '#include <arpa/inet.h>'
    '#include <thread>' '#include <mutex>' '#include <linux/mroute.h>' '#include <sys/epoll.h>'
    '#include <unistd.h>' '#  include "thread"' '#include <random>'
    'auto t = std::chrono::steady_clock::now();' 'auto t = std::chrono::system_clock::now();'
    'auto t = std::chrono::high_resolution_clock::now();' 'auto t = Clock::now();'
    'clock_gettime(CLOCK_MONOTONIC, &ts);' 'time_t t = time(nullptr);' 'auto t = std::time(0);'
    'gettimeofday(&tv, nullptr);' 'std::random_device rd;' 'int r = rand();'
    'int r = std::rand() % 6;' 'srand(42);' 'x = ::time(nullptr);'
  )
  local good=(
    '#include <atomic>' '#include <cstdio>' '#include <chrono>' '#include "base/time.h"'
    '#include "base/rng.h"' 'Duration d = MaxRespTime(code);' 'Time t = packet.time();'
    'Time t = p->time();' 'std::uint64_t r = rng.Next();' 'int x = operand(1);'
    '// never call steady_clock::now() or time(nullptr) here' 'Time time() const { return t_; }'
    'void Foo::time(int) {}' 'auto n = strand(3);' 'auto u = uptime(now);'
  )
  local i
  for i in "${!bad[@]}"; do printf '%s\n' "${bad[$i]}" >"$tmp/src/bad$i.cc"; done
  for i in "${!good[@]}"; do printf '%s\n' "${good[$i]}" >"$tmp/src/good$i.cc"; done
  local found ok=0
  found="$(scan "$tmp")"
  for i in "${!bad[@]}"; do
    if ! grep -q "^src/bad$i.cc:" <<<"$found"; then
      echo "self-test: not flagged: ${bad[$i]}" >&2
      ok=1
    fi
  done
  for i in "${!good[@]}"; do
    if grep -q "^src/good$i.cc:" <<<"$found"; then
      echo "self-test: wrongly flagged: ${good[$i]}" >&2
      ok=1
    fi
  done
  rm -rf "$tmp"
  return "$ok"
}

if ! self_test; then
  echo "source_rules: the checker's own patterns are wrong" >&2
  exit 2
fi

offenders="$(scan "$root")"
if [[ -n "$offenders" ]]; then
  echo "Files under src/ break the source rules (DESIGN.md: no I/O, threads, OS headers," >&2
  echo "real clocks or unseeded randomness in protocol code):" >&2
  echo "$offenders" >&2
  exit 1
fi
echo "source_rules: $(find "$root/src" -type f \( -name '*.h' -o -name '*.cc' \) | wc -l) files clean"
