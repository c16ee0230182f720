#!/usr/bin/env bash
# netns test of mcastd's VRRP on Linux (issue 7 item 4; RFC 5798 §6.4 / RFC 3768): two mcastd
# routers on one LAN (a Linux bridge in its own namespace) with `vrrp 1 ip 10.0.5.254`. The one
# with priority 110 becomes Master, adds the virtual address to its interface (netlink) and the
# other stays Backup; when the Master's mcastd is killed (no priority-0 advert), the Backup takes
# over within Master_Down_Interval (3 x 1 s + skew) and adds the address itself; a Master stopped
# with SIGTERM removes the address (§6.4.3 shutdown). mcastd-vs-keepalived is the other helper's
# keepalived_interop test.
#
# Usage: mcastd_vrrp_test.sh MCASTD MCASTCTL
set -euo pipefail
MCASTD="$1"
MCASTCTL="$2"
# shellcheck source=tests/netns/lib.sh
source "$(dirname "$0")/lib.sh"
netns_init python3

VIP=10.0.5.254
netns_add lan
netns_add r1
netns_add r2
ip -n "$(netns_name lan)" link add br0 type bridge
ip -n "$(netns_name lan)" link set br0 up
netns_veth r1 r1-eth0 lan lan-r1
netns_veth r2 r2-eth0 lan lan-r2
ip -n "$(netns_name lan)" link set lan-r1 master br0
ip -n "$(netns_name lan)" link set lan-r2 master br0
netns_addr r1 r1-eth0 10.0.5.2/24
netns_addr r2 r2-eth0 10.0.5.3/24

for r in 1 2; do
  prio=$([[ $r == 1 ]] && echo 110 || echo 100)
  cat >"$NETNS_WORK/r$r.cfg" <<EOF
hostname R$r
interface r$r-eth0
 ip address 10.0.5.$((r + 1)) 255.255.255.0
 vrrp 1 ip $VIP
 vrrp 1 priority $prio
 vrrp 1 preempt
EOF
done
netns_bg r1 r1/mcastd "$NETNS_WORK/r1.log" "$MCASTD" -f "$NETNS_WORK/r1.cfg" -s "$NETNS_WORK/r1.sock"
R1_PID=$NETNS_LAST_PID
netns_bg r2 r2/mcastd "$NETNS_WORK/r2.log" "$MCASTD" -f "$NETNS_WORK/r2.cfg" -s "$NETNS_WORK/r2.sock"
R2_PID=$NETNS_LAST_PID
ctl() { local r="$1"; shift; ns "$r" "$MCASTCTL" -s "$NETNS_WORK/$r.sock" "$@"; }
has_vip() { ns "$1" ip -4 addr show dev "$1-eth0" | grep -q " $VIP/"; }
fail() {
  ctl r1 show vrrp >&2 2>&1 || true
  ctl r2 show vrrp >&2 2>&1 || true
  tail -5 "$NETNS_WORK/r1.log" "$NETNS_WORK/r2.log" >&2 || true
  netns_fail "$*"
}

# RFC 5798 §6.4.1: a non-owner waits Master_Down_Interval before claiming Master.
wait_until 15 ctl r1 show vrrp brief '|' grep -q Master || fail "R1 (priority 110) is not Master"
wait_until 5 ctl r2 show vrrp brief '|' grep -q Backup || fail "R2 (priority 100) is not Backup"
wait_until 5 has_vip r1 || fail "R1 did not add $VIP"
has_vip r2 && fail "R2 holds $VIP while Backup"
netns_log "R1 Master with $VIP, R2 Backup"

# Failover: R1 disappears without a priority-0 advert (SIGKILL).
kill -KILL "$R1_PID"
T0=$(python3 -c 'import time; print("%.3f" % time.monotonic())')
wait_until 10 has_vip r2 || fail "R2 did not take $VIP over"
T1=$(python3 -c 'import time; print("%.3f" % time.monotonic())')
ctl r2 show vrrp brief | grep -q Master || fail "R2 is not Master after the failover"
netns_alive "$R2_PID" || fail "R2 mcastd died"
# RFC 5798 §6.4.3: a Master that shuts down (SIGTERM) gives the virtual address back.
netns_stop "$R2_PID"
has_vip r2 && netns_fail "R2 kept $VIP after mcastd stopped"
echo "PASS: VRRP failover R1 -> R2 in $(python3 -c "print('%.2f' % ($T1 - $T0))") s"
