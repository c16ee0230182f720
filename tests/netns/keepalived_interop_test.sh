#!/usr/bin/env bash
# mcastd's VRRP against keepalived (issue 7, netns interop): two namespaces on one LAN, k1 runs
# mcastd (`vrrp 51 ip 10.0.1.254`), k2 runs keepalived (VRRP only), for VRRPv2 (RFC 3768) and
# VRRPv3 (RFC 5798). For each version and each way round (mcastd priority 200 / keepalived 100,
# then keepalived 200 / mcastd 100):
#   - the higher priority becomes master: it alone holds the virtual address, and mcastd's
#     `show vrrp` says Master or Backup accordingly (RFC 5798 §6.4.2-6.4.3);
#   - when the master stops, the backup takes over (priority 0 advert or Master_Down_Timer);
#   - the LAN capture holds adverts from both and tshark finds no malformed packet.
# Usage: keepalived_interop_test.sh MCASTD MCASTCTL. Exit 77 (SKIP) when not root/no netns.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mcastd="${1:?usage: $0 MCASTD MCASTCTL}"
mcastctl="${2:?usage: $0 MCASTD MCASTCTL}"
netns_init keepalived tshark

vip=10.0.1.254
netns_add k1
netns_add k2
netns_link k1 eth0 10.0.1.1/24 k2 eth0 10.0.1.2/24
sock="$NETNS_WORK/k1.sock"
ctl() { ns k1 "$mcastctl" -s "$sock" "$@"; }
declare -a problems=()
problem() {
  echo "PROBLEM: $*" >&2
  problems+=("$*")
}

# The VIP may sit on eth0 or on a macvlan mcastd made for the virtual MAC: look at every device.
has_vip() { ip -n "$(netns_name "$1")" -4 -o addr show | grep -qw "inet ${vip}/[0-9]*"; }
_no_vip() { ! has_vip "$1"; }
mcastd_state() { ctl show vrrp 2>/dev/null | awk '/State is/{print $3; exit}'; }

start_mcastd() { # VERSION PRIORITY
  local conf="$NETNS_WORK/k1-v$1-p$2.conf"
  {
    echo "hostname k1"
    echo "interface eth0"
    echo " vrrp 51 ip $vip"
    echo " vrrp 51 priority $2"
    echo " vrrp 51 preempt"
    [[ $1 == 3 ]] && echo " vrrp 51 version 3"
  } >"$conf"
  netns_bg k1 mcastd "$conf.log" "$mcastd" -f "$conf" -s "$sock"
  mcastd_pid=$NETNS_LAST_PID
  wait_until 20 test -S "$sock" || { netns_dump_logs; netns_fail "mcastd did not start"; }
}
start_keepalived() { # VERSION PRIORITY
  keepalived_start k2 "v$1-p$2" "$(keepalived_conf eth0 51 "$2" $vip/24 "vrrp_version $1")"
  ka_pid=$NETNS_LAST_PID
}
# expect_master NS_MASTER NS_BACKUP WHAT
expect_master() {
  local m="$1" b="$2" want_state="Backup"
  [[ $m == k1 ]] && want_state="Master"
  if ! wait_until 15 _master_is "$m" "$b" "$want_state"; then
    ctl show vrrp >&2 || true
    problem "$3: $m should be master (VIP on k1: $(has_vip k1 && echo yes || echo no), on k2: $(has_vip k2 && echo yes || echo no), mcastd state '$(mcastd_state)')"
    return 0
  fi
  netns_log "$3: $m is master"
}
# expect_stable NS_MASTER NS_BACKUP WHAT: the master is still master after 5 s, longer than the
# backup's Master_Down_Interval (3 x 1 s + skew, RFC 5798 §6.1), so it must be advertising.
expect_stable() {
  sleep 5
  _master_is "$1" "$2" || problem "$3: $1 lost mastership within 5 s (not advertising every second?)"
}
_master_is() {
  has_vip "$1" && ! has_vip "$2" || return 1
  # Once mcastd is stopped there is no state to ask for.
  [[ -z "${3:-}" ]] || ! netns_alive "${mcastd_pid:-0}" || [[ "$(mcastd_state)" == "$3" ]]
}

# After SIGTERM mcastd must not leave the virtual address behind (it would answer for a router
# that is gone). If it does, record it and remove it so the other checks still run.
mcastd_released_vip() {
  if wait_until 3 _no_vip k1; then
    return 0
  fi
  problem "$1: mcastd left $vip on k1 after SIGTERM"
  local dev
  for dev in $(ip -n "$(netns_name k1)" -4 -o addr show | awk -v a="inet" '$3 == a && $4 ~ /^10\.0\.1\.254\// {print $2}'); do
    ip -n "$(netns_name k1)" addr del "$vip/32" dev "$dev" 2>/dev/null ||
      ip -n "$(netns_name k1)" addr del "$vip/24" dev "$dev" 2>/dev/null || true
  done
}

for version in 2 3; do
  pcap="$NETNS_WORK/lan-v$version.pcap"
  capture_start k2 eth0 "$pcap"
  cap=$NETNS_LAST_PID

  # mcastd has the higher priority.
  start_keepalived "$version" 100
  start_mcastd "$version" 200
  expect_master k1 k2 "VRRPv$version mcastd 200 / keepalived 100"
  expect_stable k1 k2 "VRRPv$version mcastd 200 / keepalived 100"
  netns_stop "$mcastd_pid"
  mcastd_released_vip "VRRPv$version master mcastd stopped"
  expect_master k2 k1 "VRRPv$version mcastd stopped"
  netns_stop "$ka_pid"
  wait_until 10 _no_vip k2 || netns_fail "keepalived left $vip behind"

  # keepalived has the higher priority.
  start_mcastd "$version" 100
  start_keepalived "$version" 200
  expect_master k2 k1 "VRRPv$version keepalived 200 / mcastd 100"
  expect_stable k2 k1 "VRRPv$version keepalived 200 / mcastd 100"
  netns_stop "$ka_pid"
  expect_master k1 k2 "VRRPv$version keepalived stopped"
  expect_stable k1 k2 "VRRPv$version keepalived stopped"
  netns_stop "$mcastd_pid"
  mcastd_released_vip "VRRPv$version master mcastd stopped at the end"

  capture_stop "$cap"
  for src in 10.0.1.1 10.0.1.2; do
    n="$(pcap_count "$pcap" "vrrp.version == $version && ip.src == $src")"
    [[ $n -gt 0 ]] || problem "no VRRPv$version advert from $src in the capture"
  done
  pcap_no_malformed "$pcap" "VRRPv$version capture" || problem "VRRPv$version: malformed packets on the LAN"
  netns_log "VRRPv$version: $(pcap_count "$pcap" "vrrp && ip.src == 10.0.1.1") mcastd adverts, $(pcap_count "$pcap" "vrrp && ip.src == 10.0.1.2") keepalived adverts, none malformed"
done
if [[ ${#problems[@]} -gt 0 ]]; then
  printf 'FAIL: %s\n' "${problems[@]}" >&2
  netns_dump_logs
  exit 1
fi
echo "PASS: mcastd VRRP <-> keepalived: election both ways, failover both ways, VRRPv2 and v3"
