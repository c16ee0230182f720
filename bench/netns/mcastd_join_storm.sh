#!/usr/bin/env bash
# bench/netns/mcastd_join_storm.sh: issue 7 benchmark 1 and 2, side by side in one run.
# Not a test (never run by ctest, no timed assertion): it prints figures for docs/performance.md.
#
#   1. raw MRT_ADD_MFC loop (mrt_add_mfc_loop.cc) in a test namespace: the kernel MFC's own
#      ceiling on this machine, or a clear "unavailable" where the kernel has no ipmr;
#   2. mcastd: a PIM neighbor sends a burst of Join/Prune messages holding N (S,G) joins
#      (SSM, sources directly connected to the router, so every join is one forwarding entry);
#      time from the first message sent until `show ip pim traffic` has counted all N J/P
#      entries and until mcastd's forwarding table (`show mcastd | json` "mfc": the kernel MFC
#      where ipmr exists, the user-space MfcModel here) holds all N;
#   3. FRR pimd, the same storm in its own namespaces: time until `show ip pim join json`
#      holds N (S,G) (and `ip mroute show` when the kernel has ipmr), pimd still alive.
#
#   peer (10.0.1.2) -- r1-eth0 [R1: mcastd or FRR] r1-eth1 (10.0.2.1/24) -- lan (10.0.2.2)
#
# Usage: bench/netns/mcastd_join_storm.sh MCASTD MCASTCTL [N_SG [SKIP_FRR]]
#   N_SG: a multiple of 100 (100 sources per group, N_SG/100 groups); default 10000.
#   MCASTD "-" skips mcastd (raw loop and FRR only); SKIP_FRR=1 skips FRR.
# Run as root; use a release build (build/release, the release preset) for the figures.
set -euo pipefail
MCASTD="$1"
MCASTCTL="$2"
N_SG="${3:-10000}"
SKIP_FRR="${4:-0}"
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/netns/lib.sh
source "$HERE/../../tests/netns/lib.sh"
netns_init python3 g++
PY=python3
SOURCES=100
GROUPS_N=$((N_SG / SOURCES))
((GROUPS_N * SOURCES == N_SG)) || netns_fail "N_SG must be a multiple of $SOURCES"

# One router namespace R with its peer and LAN, addresses as in the header.
topology() {
  local r="$1"
  netns_add "$r-peer"
  netns_add "$r"
  netns_add "$r-lan"
  netns_link "$r-peer" peer-eth0 10.0.1.2/24 "$r" r1-eth0 10.0.1.1/24
  netns_link "$r" r1-eth1 10.0.2.1/24 "$r-lan" lan-eth0 10.0.2.2/24
}
storm() {
  ns "$1-peer" "$PY" "$HERE/pim_join_storm.py" joins peer-eth0 10.0.1.2 10.0.1.1 232.1.0.1 \
    "$GROUPS_N" 10.0.2.10 "$SOURCES"
}
hello() { ns "$1-peer" "$PY" "$HERE/pim_join_storm.py" hello peer-eth0 10.0.1.2; }
t_of() { sed -n "s/.* at \([0-9.]*\) after.*/\1/p" <<<"$1"; }
prev_of() { sed -n "s/.*started at \([0-9.]*\)).*/\1/p" <<<"$1"; }
idle_of() { sed -n "s/.*table alone \([0-9.]*\) s.*/\1/p" <<<"$1"; }
# bounds T0 POLL_LINE: the upper bound (last poll's end) and the estimate without the cost of
# one full-table poll (the daemon answers after the storm is processed).
bounds() {
  local t idle
  t=$(t_of "$2")
  idle=$(idle_of "$2")
  echo "until the poll returned $(rate "$1" "$t"); without one poll's own cost ($idle s)" \
    "$(rate "$1" "$(python3 -c "print(max($t - $idle, $(prev_of "$2")))")")"
}
rate() { python3 -c "import sys; d=$2-$1; print('%.3f s, %.0f (S,G)/s' % (d, $N_SG/d))"; }

# ---- 1. raw MRT_ADD_MFC ----------------------------------------------------------------------
g++ -O2 -std=c++20 -o "$NETNS_WORK/mrt_add_mfc_loop" "$HERE/mrt_add_mfc_loop.cc"
topology m
RAW=$(ns m "$NETNS_WORK/mrt_add_mfc_loop" r1-eth0 r1-eth1 "$N_SG" || true)
KERNEL_MFC=1
grep -q unavailable <<<"$RAW" && KERNEL_MFC=0
echo "RESULT $RAW"

# ---- 2. mcastd --------------------------------------------------------------------------------
if [[ $MCASTD != - ]]; then
cat >"$NETNS_WORK/m.cfg" <<EOF
hostname R1
ip multicast-routing
ip pim ssm default
interface r1-eth0
 ip address 10.0.1.1 255.255.255.0
 ip pim sparse-mode
interface r1-eth1
 ip address 10.0.2.1 255.255.255.0
 ip pim sparse-mode
EOF
SOCK="$NETNS_WORK/m.sock"
netns_bg m m/mcastd "$NETNS_WORK/m.log" "$MCASTD" -f "$NETNS_WORK/m.cfg" -s "$SOCK"
MPID=$NETNS_LAST_PID
wait_until 10 test -S "$SOCK" || netns_fail "mcastd did not start"
ctl() { "$MCASTCTL" -s "$SOCK" "$@"; }
hello m
wait_until 10 ctl show ip pim neighbor '|' grep -q 10.0.1.2 || netns_fail "mcastd has no neighbor"
DP=$(ctl show mcastd | sed -n 's/^Dataplane: //p')
# One poller, started before the storm, on the forwarding table itself (a second one on the
# engine's counters would slow the daemon it measures).
"$PY" "$HERE/poll_count.py" "$N_SG" 60 0.001 mfc -- "$MCASTCTL" -s "$SOCK" show mcastd '|' json \
  >"$NETNS_WORK/m.poll" || true &
POLLER=$!
sleep 1
SENT=$(storm m)
T0=$(sed -n 's/.*start \([0-9.]*\) end.*/\1/p' <<<"$SENT")
T1=$(sed -n 's/.* end \([0-9.]*\)$/\1/p' <<<"$SENT")
wait "$POLLER" || true
MFC=$(cat "$NETNS_WORK/m.poll")
ENG=$("$MCASTCTL" -s "$SOCK" show ip pim traffic '|' json | jq '."join-prune-entries-received"')
netns_alive "$MPID" || netns_fail "mcastd died in the join storm"
echo "RESULT mcastd dataplane: $DP"
echo "RESULT mcastd sender: $SENT ($(python3 -c "print('%.3f' % ($T1-$T0))") s to send)"
echo "RESULT mcastd J/P entries counted by the engine: $ENG"
echo "RESULT mcastd forwarding table holds all: $MFC"
[[ -n $(t_of "$MFC") ]] && echo "RESULT mcastd (S,G) installed: $(bounds "$T0" "$MFC")"
if ((KERNEL_MFC)); then
  echo "RESULT mcastd kernel MFC (ip mroute): $(ns m ip mroute show | grep -c '(10.0.2')"
fi
netns_stop "$MPID"
fi

# ---- 3. FRR pimd ------------------------------------------------------------------------------
if [[ $SKIP_FRR == 1 ]] || ! [[ -x /usr/lib/frr/pimd ]]; then
  echo "RESULT FRR pimd: not run (SKIP_FRR=1 or /usr/lib/frr/pimd missing)"
  exit 0
fi
topology f
frr_start f "$(
  cat <<'EOF'
interface r1-eth0
 ip pim
interface r1-eth1
 ip pim
EOF
)"
PIMD_PID=""
for p in "${_NETNS_PIDS[@]}"; do [[ ${_NETNS_PID_NAME[$p]} == f/pimd ]] && PIMD_PID=$p; done
hello f
wait_until 20 frr_vtysh f 'show ip pim neighbor' '|' grep -q 10.0.1.2 || netns_fail "FRR has no neighbor"
MROUTE_NOTE=$(grep -ih "mroute\|MRT_INIT\|Protocol not available" "$(frr_dir f)/pimd.log" | head -2 | tr '\n' ' ' || true)
"$PY" "$HERE/poll_count.py" "$N_SG" 120 0.05 frr-join -- ip netns exec "$(netns_name f)" \
  vtysh --vty_socket "$(frr_dir f)" --config_dir "$(frr_dir f)" -c 'show ip pim join json' \
  >"$NETNS_WORK/f.poll" || true &
POLLER=$!
sleep 1
SENT=$(storm f)
T0=$(sed -n 's/.*start \([0-9.]*\) end.*/\1/p' <<<"$SENT")
wait "$POLLER" || true
FJOIN=$(cat "$NETNS_WORK/f.poll")
FUP=$("$PY" "$HERE/poll_count.py" "$N_SG" 30 0.2 frr-upstream -- ip netns exec "$(netns_name f)" \
  vtysh --vty_socket "$(frr_dir f)" --config_dir "$(frr_dir f)" -c 'show ip pim upstream json') || true
ALIVE=yes
netns_alive "$PIMD_PID" || ALIVE="NO (pimd died)"
echo "RESULT FRR pimd: MFC note from its log: ${MROUTE_NOTE:-none}"
echo "RESULT FRR pimd join state: $FJOIN"
if [[ -n $(t_of "$FJOIN") ]]; then
  echo "RESULT FRR pimd (S,G) join state: $(bounds "$T0" "$FJOIN")"
fi
echo "RESULT FRR pimd upstream state: $FUP"
if ((KERNEL_MFC)); then
  echo "RESULT FRR kernel MFC (ip mroute): $(ns f ip mroute show | grep -c '(10.0.2')"
else
  echo "RESULT FRR kernel MFC: unavailable on this kernel (no CONFIG_IP_MROUTE)"
fi
echo "RESULT FRR pimd alive after $N_SG (S,G): $ALIVE"
