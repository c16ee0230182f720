#!/usr/bin/env python3
# bench/netns/poll_count.py: runs a show command until a count taken from its JSON output
# reaches a target, then prints when (CLOCK_MONOTONIC seconds, the clock pim_join_storm.py
# prints) and how many polls it took. For the join-storm benchmark (mcastd_join_storm.sh).
#
#   poll_count.py TARGET TIMEOUT_S INTERVAL_S KIND -- COMMAND...
# KIND says what to count in COMMAND's JSON output:
#   counter:NAME   the value of top-level key NAME (mcastd `show ip pim traffic | json`)
#   mfc            the length of "mfc" (mcastd `show mcastd | json`: the forwarding entries)
#   frr-join       (S,G) entries of FRR `show ip pim join json` (interface -> group -> source)
#   frr-upstream   (S,G) entries of FRR `show ip pim upstream json` (group -> source)
# Output: "reached N at T after P polls (last poll took D s, a poll of the full table alone I s;
# the previous one, still short, started at T')" or "timeout: N at T after P polls" (exit 1):
# the count reached N between T' and T, and (for a single-threaded daemon that answered the
# last poll only after the storm) by about T - I. Start it before the storm: it must already be
# polling. A failing command (the daemon died) prints "command failed: ..." and exits 2.
import json
import subprocess
import sys
import time


def count(kind, out):
    j = json.loads(out) if out.strip() else {}
    if kind.startswith("counter:"):
        return int(j.get(kind[len("counter:"):], 0))
    if kind == "mfc":
        return len(j.get("mfc", []))
    if kind == "frr-join":
        return sum(len(srcs) for groups in j.values() if isinstance(groups, dict)
                   for srcs in groups.values() if isinstance(srcs, dict))
    if kind == "frr-upstream":
        return sum(len(srcs) for srcs in j.values() if isinstance(srcs, dict))
    raise SystemExit("unknown kind " + kind)


def main():
    target, timeout, interval, kind = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    deadline = time.monotonic() + timeout
    polls, n, t = 0, 0, time.monotonic()
    started = prev_started = t
    while True:
        prev_started, started = started, time.monotonic()
        r = subprocess.run(cmd, capture_output=True, text=True)
        t = time.monotonic()
        took = t - started
        polls += 1
        if r.returncode != 0:
            print("command failed: %s %s" % (r.stdout[-200:], r.stderr[-200:]))
            sys.exit(2)
        n = count(kind, r.stdout)
        if n >= target:
            # The state was complete somewhere between the previous poll's start and the last
            # poll's end; one more poll measures what a poll of the full table costs by itself.
            again = time.monotonic()
            subprocess.run(cmd, capture_output=True, text=True)
            idle = time.monotonic() - again
            print("reached %d at %.6f after %d polls (last poll took %.3f s, a poll of the full "
                  "table alone %.3f s; the previous one, still short, started at %.6f)"
                  % (n, t, polls, took, idle, prev_started))
            return
        if t > deadline:
            print("timeout: %d at %.6f after %d polls" % (n, t, polls))
            sys.exit(1)
        time.sleep(interval)


if __name__ == "__main__":
    main()
