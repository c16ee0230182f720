#!/usr/bin/env bash
# netns interop test (issue 7 item 7, first bullet): Linux hosts behind mcastd get traffic from a
# source two routers away, and a leave stops it within the last-member query time.
#
#   src (10.0.1.2) -- r1-eth0 [R1 mcastd] r1-eth1 -- r2-eth0 [R2 mcastd, RP] r2-eth1 -- rcv (10.0.2.2)
#
# R1 is the source's DR: it registers the first packets to the RP (R2, `ip pim rp-address
# 10.0.12.2`) and forwards natively once R2 joins the shortest-path tree. R2 is the receiver's
# IGMP querier and DR. Unicast routing is static (`ip route`): mcastd reads it from netlink for
# RPF. The receiver is the Linux kernel's own IGMP host stack (a python3 socket with
# IP_ADD_MEMBERSHIP), forced to IGMPv2 or left at IGMPv3 by the argument; R2 runs the same IGMP
# version. The source host keeps veth TX checksum offload ON, so its datagrams carry partial UDP
# checksums (NETNS-INTEROP-NOTES pitfall 1) and mcastd must complete them in Registers.
#
# Asserts: the receiver's socket gets datagrams; R1 and R2 see each other as PIM neighbors; after
# the receiver leaves, datagrams stop arriving on the receiver's link within the LMQ time
# (last-member-query-interval x count = 2 x 500 ms, plus the query response slack).
#
# Also: `debug ip pim hello` on R2 logs Hellos, and R1's `--record` file replays through
# `mcast replay` to the same effects once R1 has stopped.
#
# Usage: mcastd_chain_test.sh MCASTD MCASTCTL 2|3 [MCAST]
set -euo pipefail
MCASTD="$1"
MCASTCTL="$2"
IGMPV="${3:-3}"
MCAST="${4:-$(dirname "$MCASTD")/../mcast/mcast}"
# shellcheck source=tests/netns/lib.sh
source "$(dirname "$0")/lib.sh"
netns_init python3

GROUP=239.1.2.3
PORT=5001
LMQI_MS=500
LMQC=2

netns_add src
netns_add r1
netns_add r2
netns_add rcv
netns_link src src-eth0 10.0.1.2/24 r1 r1-eth0 10.0.1.1/24
netns_link r1 r1-eth1 10.0.12.1/24 r2 r2-eth0 10.0.12.2/24
netns_link r2 r2-eth1 10.0.2.1/24 rcv rcv-eth0 10.0.2.2/24
ns src ip route add default via 10.0.1.1
ns rcv ip route add default via 10.0.2.1
netns_route r1 10.0.2.0/24 10.0.12.2
netns_route r2 10.0.1.0/24 10.0.12.1
# Pitfall 1 on purpose: the source's datagrams leave with a partial checksum.
if command -v ethtool >/dev/null 2>&1; then
  ns src ethtool -K src-eth0 tx on >/dev/null 2>&1 || true
fi
netns_force_igmp rcv rcv-eth0 "$([[ $IGMPV == 2 ]] && echo 2 || echo 0)"

cat >"$NETNS_WORK/r1.cfg" <<EOF
hostname R1
ip multicast-routing
ip pim rp-address 10.0.12.2
interface r1-eth0
 ip address 10.0.1.1 255.255.255.0
 ip pim sparse-mode
interface r1-eth1
 ip address 10.0.12.1 255.255.255.0
 ip pim sparse-mode
EOF
cat >"$NETNS_WORK/r2.cfg" <<EOF
hostname R2
ip multicast-routing
ip pim rp-address 10.0.12.2
interface r2-eth0
 ip address 10.0.12.2 255.255.255.0
 ip pim sparse-mode
interface r2-eth1
 ip address 10.0.2.1 255.255.255.0
 ip pim sparse-mode
 ip igmp version $IGMPV
 ip igmp query-interval 10
 ip igmp last-member-query-interval $LMQI_MS
 ip igmp last-member-query-count $LMQC
EOF

"$MCASTD" -f "$NETNS_WORK/r1.cfg" --check || netns_fail "R1 config rejected"
"$MCASTD" -f "$NETNS_WORK/r2.cfg" --check || netns_fail "R2 config rejected"
netns_bg r1 r1/mcastd "$NETNS_WORK/r1.log" "$MCASTD" -f "$NETNS_WORK/r1.cfg" \
  -s "$NETNS_WORK/r1.sock" --record "$NETNS_WORK/r1.rec"
R1_PID=$NETNS_LAST_PID
netns_bg r2 r2/mcastd "$NETNS_WORK/r2.log" "$MCASTD" -f "$NETNS_WORK/r2.cfg" \
  -s "$NETNS_WORK/r2.sock" --record "$NETNS_WORK/r2.rec"
R2_PID=$NETNS_LAST_PID
ctl() { local r="$1"; shift; ns "$r" "$MCASTCTL" -s "$NETNS_WORK/$r.sock" "$@"; }

on_fail() {
  local r
  for r in r1 r2; do
    echo "---- $r: show mcastd / show ip mroute / show ip pim neighbor / log" >&2
    ctl "$r" show mcastd >&2 2>&1 || true
    ctl "$r" show ip mroute >&2 2>&1 || true
    ctl "$r" show ip pim neighbor >&2 2>&1 || true
    tail -20 "$NETNS_WORK/$r.log" >&2 || true
  done
}
fail() {
  on_fail
  netns_fail "$*"
}

wait_until 10 test -S "$NETNS_WORK/r1.sock" || fail "R1 control socket missing"
wait_until 10 test -S "$NETNS_WORK/r2.sock" || fail "R2 control socket missing"
# PIM Hellos go out at once on startup (RFC 7761 §4.3.1 triggered Hello); both directions.
wait_until 15 ctl r1 show ip pim neighbor '|' grep -q 10.0.12.2 || fail "R1 has no PIM neighbor R2"
wait_until 15 ctl r2 show ip pim neighbor '|' grep -q 10.0.12.1 || fail "R2 has no PIM neighbor R1"
netns_log "PIM adjacency R1 <-> R2 up"
ctl r2 debug ip pim hello >/dev/null || fail "R2 refused debug ip pim hello"
ctl r2 show debugging | grep -q "PIM Hello debugging is on" || fail "show debugging lacks PIM Hello"

# A wire counter on the receiver's link: datagrams to GROUP arriving there, member or not, so
# the test sees when R2 stops forwarding after the leave.
WIRE="$NETNS_WORK/wire.count"
echo "0 0" >"$WIRE"
netns_bg rcv rcv/wire "$WIRE.log" python3 -u -c '
import socket, struct, sys, time, os
ifname, group, out = sys.argv[1], socket.inet_aton(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
s.bind((ifname, 0x0800))
n = 0
while True:
    p, addr = s.recvfrom(65535)
    if addr[2] == socket.PACKET_OUTGOING or len(p) < 20 or p[16:20] != group:
        continue
    n += 1
    with open(out + ".tmp", "w") as f:
        f.write("%d %.3f\n" % (n, time.monotonic()))
    os.replace(out + ".tmp", out)
' rcv-eth0 "$GROUP" "$WIRE"

RCVD="$NETNS_WORK/rcv.count"
mcast_receiver_start rcv 10.0.2.2 "$GROUP" "$PORT" "$RCVD"
RCV_PID=$NETNS_LAST_PID
wait_until 10 ctl r2 show ip igmp groups '|' grep -q "$GROUP" || fail "R2 did not learn $GROUP"
netns_log "R2 learned $GROUP from the receiver (IGMPv$IGMPV)"

SENT=300
INTERVAL=0.02
mcast_sender_start src 10.0.1.2 "$GROUP" "$PORT" "$INTERVAL" 16
SRC_PID=$NETNS_LAST_PID
T0=$SECONDS
count_at_least() { (($(mcast_count "$1") >= $2)); }
wait_until 20 count_at_least "$RCVD" 20 || fail "receiver got $(mcast_count "$RCVD") datagrams"
netns_log "receiver gets traffic after $((SECONDS - T0)) s: $(mcast_count "$RCVD") datagrams"
sleep 3
BEFORE=$(mcast_count "$RCVD")
sleep 2
AFTER=$(mcast_count "$RCVD")
RATE=$(((AFTER - BEFORE) / 2))
netns_log "steady state: $RATE datagrams/s received (sender: $(python3 -c "print(int(1/$INTERVAL))")/s)"
((RATE >= 25)) || fail "steady-state rate $RATE/s is too low"
ctl r1 show ip mroute >"$NETNS_WORK/r1.mroute" || true
ctl r2 show ip mroute >"$NETNS_WORK/r2.mroute" || true
grep -q "10.0.1.2, $GROUP" "$NETNS_WORK/r2.mroute" || fail "R2 has no (S,G) state"
ctl r1 show mcastd >"$NETNS_WORK/r1.mcastd"
ctl r2 show mcastd >"$NETNS_WORK/r2.mcastd"
counter() { awk -v n="$2" '$1 == n {print $2}' "$1"; }
REGISTERS=$(counter "$NETNS_WORK/r1.mcastd" tx-unicast-proto-103)
DECAP=$(counter "$NETNS_WORK/r2.mcastd" tx-proto-17)
STOPS=$(counter "$NETNS_WORK/r2.mcastd" tx-unicast-proto-103)
netns_log "R1 sent ${REGISTERS:-0} Registers, R2 forwarded ${DECAP:-0} decapsulated datagrams" \
  "and sent ${STOPS:-0} Register-Stops; $(grep -c '^in ' "$NETNS_WORK/r1.rec") inputs recorded by R1"
((${REGISTERS:-0} > 0)) || fail "R1 sent no Register"
((${DECAP:-0} > 0)) || fail "R2 forwarded no decapsulated datagram"
((${STOPS:-0} > 0)) || fail "R2 sent no Register-Stop"
grep -q 'flags: FT' "$NETNS_WORK/r1.mroute" || fail "R1 (S,G) is not on the SPT with F flag"

# The leave: the receiver exits, the kernel sends an IGMP leave (v2) / TO_IN({}) report (v3).
# The leave time is taken when the signal goes out (the receiver leaves on SIGTERM at once).
LEAVE_T=$(python3 -c 'import time; print("%.3f" % time.monotonic())')
netns_stop "$RCV_PID"
LMQT=$(python3 -c "print($LMQI_MS * $LMQC / 1000.0)")
sleep "$(python3 -c "print($LMQT + 2.0)")"
W1=$(cut -d' ' -f1 "$WIRE")
sleep 2
W2=$(cut -d' ' -f1 "$WIRE")
LAST_T=$(cut -d' ' -f2 "$WIRE")
STOP=$(python3 -c "print('%.3f' % ($LAST_T - $LEAVE_T))")
netns_log "after the leave: wire count $W1 -> $W2; last datagram ${STOP} s after the leave (LMQT ${LMQT} s)"
[[ "$W1" == "$W2" ]] || fail "traffic still reaches the receiver's link after the leave ($W1 -> $W2)"
python3 -c "import sys; sys.exit(0 if $STOP <= $LMQT + 1.0 else 1)" ||
  fail "traffic stopped ${STOP} s after the leave, more than LMQT ${LMQT} s + 1 s"
netns_alive "$R1_PID" || fail "R1 mcastd died"
netns_alive "$R2_PID" || fail "R2 mcastd died"
netns_stop "$SRC_PID"
grep -q "Hello" "$NETNS_WORK/r2.log" || fail "debug ip pim hello logged no Hello on R2"
ctl r2 undebug all >/dev/null || fail "R2 refused undebug all"
# R1's record: every input and effect of its session, replayed through the same engines.
netns_stop "$R1_PID"
"$MCAST" replay "$NETNS_WORK/r1.rec" --show "ip mroute" >"$NETNS_WORK/r1.replay" ||
  { cat "$NETNS_WORK/r1.replay" >&2; netns_fail "mcast replay of R1's record diverged"; }
netns_log "$(head -1 "$NETNS_WORK/r1.replay")"
echo "PASS: IGMPv$IGMPV: received $AFTER+ datagrams ($RATE/s), leave stopped traffic after ${STOP} s"
