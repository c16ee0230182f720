#!/usr/bin/env bash
# bench/netns/mcastd_join_latency.sh: issue 7 benchmark 3, join-to-first-packet latency through
# one mcastd router. Not a test (never run by ctest, no timed assertion).
#
#   src (10.0.1.2) -- r1-eth0 [R1 mcastd] r1-eth1 -- rcv (10.0.2.2)
#
# The source sends one datagram every INTERVAL_S the whole time. The receiver (the kernel's
# IGMPv3 host stack) joins, join_latency.py measures from the join's setsockopt to the first
# datagram on the socket, leaves, waits until R1 has stopped forwarding (wire quiet), and does
# it again, ITERATIONS times. Two modes per run: SSM, (10.0.1.2, 232.1.1.1), where R1 already
# has the flow's (S,G) negative entry and a join only adds the oif; and ASM, 239.1.1.1 with R1
# as its own RP (the (*,G) join plus the (S,G) the first-hop DR holds). The latency includes
# the kernel host's report, R1's IGMP -> PIM -> forwarding-table path, and on average half the
# sender's inter-packet gap (reported).
#
# Usage: bench/netns/mcastd_join_latency.sh MCASTD MCASTCTL [ITERATIONS [INTERVAL_S]]
set -euo pipefail
MCASTD="$1"
MCASTCTL="$2"
ITER="${3:-200}"
INTERVAL="${4:-0.0005}"
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/netns/lib.sh
source "$HERE/../../tests/netns/lib.sh"
netns_init python3

netns_add src
netns_add r1
netns_add rcv
netns_link src src-eth0 10.0.1.2/24 r1 r1-eth0 10.0.1.1/24
netns_link r1 r1-eth1 10.0.2.1/24 rcv rcv-eth0 10.0.2.2/24
ns src ip route add default via 10.0.1.1
ns rcv ip route add default via 10.0.2.1
cat >"$NETNS_WORK/r1.cfg" <<EOF
hostname R1
ip multicast-routing
ip pim rp-address 10.0.1.1
ip pim ssm default
interface r1-eth0
 ip address 10.0.1.1 255.255.255.0
 ip pim sparse-mode
interface r1-eth1
 ip address 10.0.2.1 255.255.255.0
 ip pim sparse-mode
 ip igmp version 3
 ip igmp last-member-query-interval 100
 ip igmp last-member-query-count 2
EOF
SOCK="$NETNS_WORK/r1.sock"
netns_bg r1 r1/mcastd "$NETNS_WORK/r1.log" "$MCASTD" -f "$NETNS_WORK/r1.cfg" -s "$SOCK"
MPID=$NETNS_LAST_PID
wait_until 10 test -S "$SOCK" || netns_fail "mcastd did not start"
echo "RESULT dataplane: $("$MCASTCTL" -s "$SOCK" show mcastd | sed -n 's/^Dataplane: //p')"
echo "RESULT sender interval ${INTERVAL} s; $ITER joins per mode"

run_mode() {
  local label="$1" group="$2" source="$3"
  mcast_sender_start src 10.0.1.2 "$group" 5005 "$INTERVAL" 16
  local spid=$NETNS_LAST_PID
  sleep 2 # the flow reaches R1 and its entry exists before the first join
  local out
  out=$(ns rcv python3 "$HERE/join_latency.py" rcv-eth0 10.0.2.2 "$group" 5005 "$source" \
    "$ITER" 0.3 5 | tee "$NETNS_WORK/$label.lat" | tail -2 | tr "\n" " ") || true
  netns_stop "$spid"
  netns_alive "$MPID" || netns_fail "mcastd died"
  echo "RESULT $label: $out"
}
run_mode ssm 232.1.1.1 10.0.1.2
run_mode asm 239.1.1.1 -
