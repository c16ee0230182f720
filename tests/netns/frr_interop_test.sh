#!/usr/bin/env bash
# mcastd against FRR pimd (issue 7, netns interop): h1 -- r1 (mcastd) -- r2 (FRR zebra + staticd
# + pimd) -- h2, one veth per link.
#   1. PIM adjacency both ways (RFC 7761 §4.3.1 Hellos): each router lists the other.
#   2. DR election (§4.3.2) agrees on both sides, first by address (FRR's 10.0.12.2), then, after
#      mcastd's `ip pim dr-priority 200` (SIGHUP reload, else restart), on mcastd.
#   3. RP on FRR for 239.1.0.0/16: h1 (kernel IGMPv2) joins 239.1.1.1; mcastd's (*,G) Join
#      (§4.5.6) reaches FRR, whose `show ip pim join` lists it on eth0.
#   4. h1 sends to 239.1.2.2: mcastd as first-hop DR Registers to FRR's RP (§4.4.1) and FRR
#      answers with a Register-Stop (§4.4.2; no receivers) that mcastd honours (Registers stop).
#   5. The capture on the r1-r2 link decodes with no malformed packet, mcastd's packets by
#      tshark and FRR's packets by mcast's own codecs (`mcast decode`, when MCAST is given).
# Steps 2 (DR priority via SIGHUP) runs last since it may restart mcastd. Every step runs; the
# test fails at the end listing each step that failed.
# FRR cannot forward data where the kernel lacks CONFIG_IP_MROUTE (MRT_INIT fails; pimd then has
# no IGMP either), so data reaching a receiver through FRR is checked only where it has it.
# Usage: frr_interop_test.sh MCASTD MCASTCTL [MCAST]. Exit 77 (SKIP) when not root or no namespaces.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mcastd="${1:?usage: $0 MCASTD MCASTCTL}"
mcastctl="${2:?usage: $0 MCASTD MCASTCTL}"
mcast="${3:-}"
declare -a problems=()
# problem MESSAGE: records a failed step with the routers' state, and goes on.
problem() {
  echo "PROBLEM: $*" >&2
  show_state
  problems+=("$*")
}
netns_init vtysh tshark python3 "$FRR_BIN/pimd"

for n in h1 r1 r2 h2; do netns_add "$n"; done
netns_link h1 eth0 10.0.1.10/24 r1 eth1 10.0.1.1/24
netns_link r1 eth0 10.0.12.1/24 r2 eth0 10.0.12.2/24
netns_link r2 eth1 10.0.2.1/24 h2 eth0 10.0.2.10/24
netns_route h1 default 10.0.1.1
netns_route h2 default 10.0.2.1
netns_route r1 10.0.2.0/24 10.0.12.2
netns_route r2 10.0.1.0/24 10.0.12.1

capture_start r1 eth0 "$NETNS_WORK/r1-eth0.pcap"
cap=$NETNS_LAST_PID

r1_conf() {
  cat <<C
hostname r1
ip multicast-routing
access-list 10 permit 239.1.0.0 0.0.255.255
access-list 20 permit 239.2.0.0 0.0.255.255
interface eth0
 ip pim sparse-mode
$1
interface eth1
 ip pim sparse-mode
ip pim rp-address 10.0.12.2 10
ip pim rp-address 10.0.12.1 20
C
}
sock="$NETNS_WORK/r1.sock"
r1_conf "" >"$NETNS_WORK/r1.conf"
start_mcastd() {
  netns_bg r1 mcastd "$NETNS_WORK/r1-mcastd.log" "$mcastd" -f "$NETNS_WORK/r1.conf" -s "$sock"
  mcastd_pid=$NETNS_LAST_PID
  wait_until 20 test -S "$sock" || { netns_dump_logs; netns_fail "mcastd did not start"; }
}
start_mcastd
ctl() { ns r1 "$mcastctl" -s "$sock" "$@"; }

frr_start r2 'interface eth0
 ip pim
interface eth1
 ip pim
 ip igmp
!
ip pim rp 10.0.12.2 239.1.0.0/16
ip pim rp 10.0.12.1 239.2.0.0/16'

show_state() {
  ctl show ip pim neighbor >&2 || true
  ctl show ip pim interface >&2 || true
  ctl show ip mroute >&2 || true
  frr_vtysh r2 'show ip pim neighbor' 'show ip pim interface' 'show ip pim join' >&2 || true
}
fail_with_state() {
  show_state
  netns_dump_logs
  netns_fail "$@"
}

# 1. Adjacency both ways.
wait_until 40 ctl show ip pim neighbor '|' grep -q '^10\.0\.12\.2 ' ||
  fail_with_state "mcastd does not list FRR (10.0.12.2) as PIM neighbor"
wait_until 40 frr_vtysh r2 'show ip pim neighbor' '|' grep -q 10.0.12.1 ||
  fail_with_state "FRR does not list mcastd (10.0.12.1) as PIM neighbor"
netns_log "1. adjacency mcastd <-> FRR both ways"

# 3. (*,G) Join from mcastd to FRR's RP.
netns_force_igmp h1 eth0 2
mcast_receiver_start h1 10.0.1.10 239.1.1.1 5000 "$NETNS_WORK/h1.count"
if ! wait_until 20 ctl show ip mroute '|' grep -q '(\*, 239\.1\.1\.1)'; then
  problem "3. mcastd has no (*,239.1.1.1) after h1's IGMPv2 report"
elif ! wait_until 40 frr_vtysh r2 'show ip pim join' '|' grep -Eq 'eth0 +10\.0\.12\.2 +\* +239\.1\.1\.1 +JOIN'; then
  problem "3. FRR (RP) did not get mcastd's (*,239.1.1.1) Join"
else
  netns_log "3. FRR RP holds mcastd's (*,239.1.1.1) Join"
fi

# 4. Register to FRR's RP and Register-Stop back.
mcast_send h1 10.0.1.10 239.1.2.2 5000 60 0.05
sleep 1

# 2. DR election agrees, then follows mcastd's DR priority.
frr_dr() { frr_vtysh r2 'show ip pim interface eth0' | awk '/Designated Router/{f=1} f && /Address/{print $NF; exit}'; }
mcastd_dr() { ctl show ip pim interface | awk '$2 == "eth0" {print $NF}'; }
dr_is() { [[ "$(frr_dr)" == "$1" && "$(mcastd_dr)" == "$1" ]]; }
wait_until 20 dr_is 10.0.12.2 ||
  problem "2. DR should be 10.0.12.2 on both (FRR says '$(frr_dr)', mcastd '$(mcastd_dr)')"
r1_conf " ip pim dr-priority 200" >"$NETNS_WORK/r1.conf"
kill -HUP "$mcastd_pid"
if ! wait_until 15 dr_is 10.0.12.1; then
  problem "2. SIGHUP did not apply 'ip pim dr-priority 200' within 15 s (FRR says DR '$(frr_dr)', mcastd '$(mcastd_dr)'); restarting mcastd"
  netns_stop "$mcastd_pid"
  start_mcastd
  if ! wait_until 40 dr_is 10.0.12.1; then
    problem "2. after a restart, DR should be mcastd with priority 200 (FRR says '$(frr_dr)', mcastd '$(mcastd_dr)')"
  fi
fi
wait_until 40 ctl show ip pim neighbor '|' grep -q '^10\.0\.12\.2 ' ||
  problem "2. mcastd does not list FRR (10.0.12.2) as PIM neighbor again after the reload/restart"
netns_log "2. DR election done"

capture_stop "$cap"
pcap="$NETNS_WORK/r1-eth0.pcap"
hellos=$(pcap_count "$pcap" 'pim.type == 0 && ip.src == 10.0.12.1')
joins=$(pcap_count "$pcap" 'pim.type == 3 && ip.src == 10.0.12.1')
registers=$(pcap_count "$pcap" 'pim.type == 1 && ip.src == 10.0.12.1 && ip.dst == 10.0.12.2')
stops=$(pcap_count "$pcap" 'pim.type == 2 && ip.src == 10.0.12.2 && ip.dst == 10.0.12.1')
netns_log "capture: mcastd sent $hellos Hellos, $joins Join/Prunes, $registers Registers; FRR sent $stops Register-Stops"
[[ $hellos -gt 0 && $joins -gt 0 ]] || problem "3. no Hello or Join/Prune from mcastd on the wire"
if [[ $registers -eq 0 ]]; then
  problem "4. mcastd sent no Register to FRR's RP for (10.0.1.10,239.1.2.2)"
elif [[ $stops -eq 0 ]]; then
  problem "4. FRR sent no Register-Stop to mcastd"
# After a Register-Stop the DR is in Prune state (§4.4.1) for the Register-Suppression time: far
# fewer Registers than the 60 datagrams sent.
elif [[ $registers -ge 30 ]]; then
  problem "4. mcastd kept registering after Register-Stop ($registers Registers for 60 datagrams)"
else
  netns_log "4. Register -> FRR RP, Register-Stop -> mcastd"
fi


# 5. No malformed packet on the link, in either decoder.
pcap_no_malformed "$pcap" "r1:eth0 capture" || problems+=("5. tshark finds malformed packets between mcastd and FRR")
if [[ -n "$mcast" ]]; then
  bad="$("$mcast" decode "$pcap" 2>&1 | grep -i 'malformed' || true)"
  if [[ -n "$bad" ]]; then
    echo "$bad" | sort | uniq -c >&2
    problems+=("5. mcast's codecs reject packets FRR sent: $(echo "$bad" | head -1)")
  fi
fi
netns_alive "$mcastd_pid" || problems+=("mcastd died")
if [[ ${#problems[@]} -gt 0 ]]; then
  printf 'FAIL: %s\n' "${problems[@]}" >&2
  netns_dump_logs
  exit 1
fi
echo "PASS: mcastd <-> FRR pimd: adjacency, (*,G) Join, Register/Register-Stop, DR election, clean capture"
