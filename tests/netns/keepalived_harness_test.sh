#!/usr/bin/env bash
# Harness test for tests/netns/lib.sh with keepalived alone (no mcastd): two namespaces on one
# LAN, one keepalived per namespace (VRRP only, private pid files), for VRRPv2 (RFC 3768) and
# VRRPv3 (RFC 5798): the higher priority becomes master and owns the virtual address; when it
# stops, the backup takes over (RFC 5798 §6.4.2: Master_Down_Timer, or at once on the priority 0
# advert of §6.4.3); when it comes back it preempts. The LAN capture must hold adverts from both
# with no malformed packet.
# Exit 77 (ctest SKIP) when not root or when namespaces cannot be created.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
netns_init keepalived tshark

vip=10.0.1.254
netns_add k1
netns_add k2
netns_link k1 eth0 10.0.1.1/24 k2 eth0 10.0.1.2/24

# expect_master NS_MASTER NS_BACKUP: within 15 s the master holds the VIP and the backup not.
expect_master() {
  if ! wait_until 15 _master_is "$1" "$2"; then
    netns_dump_logs
    netns_fail "$1 should be VRRP master (VIP $vip on $1: $(netns_has_addr "$1" eth0 $vip && echo yes || echo no), on $2: $(netns_has_addr "$2" eth0 $vip && echo yes || echo no))"
  fi
  netns_log "$1 is master"
}
_master_is() { netns_has_addr "$1" eth0 "$vip" && ! netns_has_addr "$2" eth0 "$vip"; }

for version in 2 3; do
  netns_log "VRRPv$version"
  pcap="$NETNS_WORK/lan-v$version.pcap"
  capture_start k2 eth0 "$pcap"
  cap=$NETNS_LAST_PID
  keepalived_start k1 "v$version" "$(keepalived_conf eth0 51 200 $vip/24 "vrrp_version $version")"
  ka1=$NETNS_LAST_PID
  keepalived_start k2 "v$version" "$(keepalived_conf eth0 51 100 $vip/24 "vrrp_version $version")"
  ka2=$NETNS_LAST_PID
  expect_master k1 k2

  netns_stop "$ka1"
  expect_master k2 k1

  keepalived_start k1 "v$version-again" "$(keepalived_conf eth0 51 200 $vip/24 "vrrp_version $version")"
  ka1=$NETNS_LAST_PID
  expect_master k1 k2

  netns_stop "$ka1"
  netns_stop "$ka2"
  capture_stop "$cap"
  for src in 10.0.1.1 10.0.1.2; do
    n="$(pcap_count "$pcap" "vrrp.version == $version && ip.src == $src")"
    [[ $n -gt 0 ]] || netns_fail "no VRRPv$version advert from $src in the capture"
  done
  pcap_no_malformed "$pcap" "VRRPv$version capture" || netns_fail "malformed packets on the LAN"
  netns_log "VRRPv$version: $(pcap_count "$pcap" vrrp) adverts, none malformed"
done
echo "PASS: keepalived election, failover and preemption for VRRPv2 and VRRPv3"
