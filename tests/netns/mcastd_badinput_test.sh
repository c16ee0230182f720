#!/usr/bin/env bash
# netns test (issue 7 "Done when", bad input): a peer on one of mcastd's links sends malformed
# and invalid PIM, IGMP, VRRP and IPv4 packets at a running mcastd. Each class must be dropped
# and counted under its own named counter in `mcastctl show ...`, and mcastd must keep running
# and keep forwarding: a Linux host receiver behind it still gets data afterwards.
#
#   peer (10.0.1.2, PIM neighbor + SSM source + attacker) -- r1-eth0 [R1 mcastd] r1-eth1 -- rcv (10.0.2.2)
#
# R1 runs PIM-SM (RP 10.0.1.1, itself, for 224/4; SSM default 232/8) on both links, IGMPv3 toward
# the receiver and VRRP group 1 on the peer's link. The receiver is the kernel's IGMPv3 host
# stack joined to (10.0.1.2, 232.1.1.1); the peer sends that flow the whole time.
#
# The packets are built byte by byte by a small python3 script (struct, AF_PACKET), so every
# field (TTL, checksums, counts, address families) is exactly what the class needs; no packet
# leaves the test namespaces. Classes and the counter each must move (exactly by what was sent):
#   show ip pim traffic | json      truncated Hello / J/P / Register, bad PIM checksum,
#                                   J/P with group or source counts beyond the packet, encoded
#                                   address of an unknown family, PIM version 3: drop-malformed;
#                                   unknown PIM type: drop-unsupported-type; J/P for a unicast
#                                   group: drop-bad-group; J/P from a non-neighbor:
#                                   drop-non-neighbor; Register to an address that is not the
#                                   RP: drop-register-not-rp; Hello with holdtime 0:
#                                   neighbor-goodbye, and the neighbor is gone (RFC 7761 §4.3.2)
#   show ip igmp interface | json   IGMP report with TTL 2 / TTL 255 (v3): drop-bad-ttl; bad
#                                   checksum: drop-bad-checksum; truncated: drop-malformed
#   show vrrp | json                advert with TTL 1: drop-bad-ttl; bad checksum:
#                                   drop-bad-checksum; truncated: drop-malformed; unknown VRID:
#                                   drop-unknown-vrid (interface counters, before a group is known)
#   show mcastd | json              IPv4 header with a bad checksum / a total length beyond the
#                                   frame: rx-malformed-ip
# Then 50 more rounds of every class, and the receiver must still get the flow.
#
# Usage: mcastd_badinput_test.sh MCASTD MCASTCTL
set -euo pipefail
MCASTD="$1"
MCASTCTL="$2"
# shellcheck source=tests/netns/lib.sh
source "$(dirname "$0")/lib.sh"
netns_init python3

GROUP=232.1.1.1
PORT=5003

netns_add peer
netns_add r1
netns_add rcv
netns_link peer peer-eth0 10.0.1.2/24 r1 r1-eth0 10.0.1.1/24
netns_link r1 r1-eth1 10.0.2.1/24 rcv rcv-eth0 10.0.2.2/24
ns peer ip route add default via 10.0.1.1
ns rcv ip route add default via 10.0.2.1

cat >"$NETNS_WORK/r1.cfg" <<EOF
hostname R1
ip multicast-routing
ip pim rp-address 10.0.1.1
ip pim ssm default
interface r1-eth0
 ip address 10.0.1.1 255.255.255.0
 ip pim sparse-mode
 vrrp 1 ip 10.0.1.254
interface r1-eth1
 ip address 10.0.2.1 255.255.255.0
 ip pim sparse-mode
 ip igmp version 3
EOF
"$MCASTD" -f "$NETNS_WORK/r1.cfg" --check || netns_fail "R1 config rejected"
netns_bg r1 r1/mcastd "$NETNS_WORK/r1.log" "$MCASTD" -f "$NETNS_WORK/r1.cfg" \
  -s "$NETNS_WORK/r1.sock"
R1_PID=$NETNS_LAST_PID
ctl() { ns r1 "$MCASTCTL" -s "$NETNS_WORK/r1.sock" "$@"; }
fail() {
  {
    echo "---- show mcastd / show ip pim traffic / show ip igmp interface / log"
    ctl show mcastd || true
    ctl show ip pim traffic || true
    ctl show ip igmp interface r1-eth0 || true
    tail -30 "$NETNS_WORK/r1.log" || true
  } >&2 2>&1
  netns_fail "$*"
}
wait_until 10 test -S "$NETNS_WORK/r1.sock" || fail "R1 control socket missing"

# ---- the packet builder ------------------------------------------------------------------
cat >"$NETNS_WORK/badpkt.py" <<'PYEOF'
# badpkt.py IFNAME R1_MAC CLASS [COUNT]: sends COUNT (default 1) packets of CLASS out of IFNAME
# from 10.0.1.2 (AF_PACKET SOCK_DGRAM: we write the whole IPv4 header, the kernel only adds the
# Ethernet header with the destination MAC given here).
import socket, struct, sys

SRC = bytes([10, 0, 1, 2])
R1 = bytes([10, 0, 1, 1])
R1_OTHER = bytes([10, 0, 2, 1])
ALL_PIM = bytes([224, 0, 0, 13])
VRRP_GRP = bytes([224, 0, 0, 18])


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip(dst, proto, payload, ttl=1, ra=False, bad_csum=False, tot_len=None):
    opts = b"\x94\x04\x00\x00" if ra else b""
    ihl = 5 + len(opts) // 4
    length = tot_len if tot_len is not None else 4 * ihl + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0xC0, length, 0x1234, 0, ttl, proto, 0, SRC, dst) + opts
    c = csum(h)
    if bad_csum:
        c ^= 0x5A5A
    return h[:10] + struct.pack("!H", c) + h[12:] + payload


def pim(ptype, body, bad_csum=False, version=2, csum_len=None):
    hdr = struct.pack("!BBH", (version << 4) | ptype, 0, 0)
    msg = hdr + body
    c = csum(msg[:csum_len] if csum_len else msg)
    if bad_csum:
        c ^= 0x0101
    return msg[:2] + struct.pack("!H", c) + msg[4:]


def enc_unicast(a, family=1):
    return struct.pack("!BB", family, 0) + a


def enc_group(g):
    return struct.pack("!BBBB", 1, 0, 0, 32) + g


def enc_source(s, flags=0x4):  # S bit (sparse)
    return struct.pack("!BBBB", 1, 0, flags, 32) + s


def hello(holdtime=105, drprio=0):
    opts = struct.pack("!HHH", 1, 2, holdtime)
    opts += struct.pack("!HHI", 19, 4, drprio)  # DR priority 0: R1 stays DR
    opts += struct.pack("!HHI", 20, 4, 0x0BADF00D)
    return pim(0, opts)


def jp(upstream=R1, groups=None, ngroups=None, family=1):
    groups = groups if groups is not None else [(bytes([232, 9, 9, 9]), [SRC], [], None)]
    body = enc_unicast(upstream, family) + struct.pack(
        "!BBH", 0, len(groups) if ngroups is None else ngroups, 210)
    for g, joins, prunes, njoins in groups:
        body += enc_group(g) + struct.pack("!HH", len(joins) if njoins is None else njoins, len(prunes))
        body += b"".join(enc_source(s) for s in joins) + b"".join(enc_source(s) for s in prunes)
    return pim(3, body)


def inner_udp(dst=bytes([239, 5, 5, 5])):
    udp = struct.pack("!HHHH", 4000, 5000, 8 + 4, 0) + b"data"
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 16, 17, 0, SRC, dst)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + udp


def register(inner):
    return pim(1, struct.pack("!I", 0) + inner, csum_len=8)


def igmp_v2_report(group=bytes([239, 9, 9, 9]), bad_csum=False):
    m = struct.pack("!BBH4s", 0x16, 0, 0, group)
    c = csum(m) ^ (0x00FF if bad_csum else 0)
    return m[:2] + struct.pack("!H", c) + m[4:]


def igmp_v3_report(group=bytes([239, 9, 9, 8])):
    rec = struct.pack("!BBH4s", 4, 0, 0, group)  # CHANGE_TO_EXCLUDE({}): a join
    m = struct.pack("!BBHHH", 0x22, 0, 0, 0, 1) + rec
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def vrrp(vrid=1, bad_csum=False):
    m = struct.pack("!BBBBBBH4s", 0x21, vrid, 200, 1, 0, 1, 0, bytes([10, 0, 1, 254])) + b"\0" * 8
    c = csum(m) ^ (0x0F0F if bad_csum else 0)
    return m[:6] + struct.pack("!H", c) + m[8:]


V3_ROUTERS = bytes([224, 0, 0, 22])
G9 = bytes([239, 9, 9, 9])
CLASSES = {
    # PIM, multicast to ALL-PIM-ROUTERS (the tap)
    "pim-hello": lambda: ip(ALL_PIM, 103, hello()),
    "pim-goodbye": lambda: ip(ALL_PIM, 103, hello(holdtime=0)),
    "pim-trunc-hello": lambda: ip(ALL_PIM, 103, hello()[:9]),
    "pim-trunc-jp": lambda: ip(ALL_PIM, 103, jp()[:12]),
    "pim-bad-checksum": lambda: ip(ALL_PIM, 103, pim(0, hello()[4:], bad_csum=True)),
    "pim-jp-group-count": lambda: ip(ALL_PIM, 103, jp(ngroups=3)),
    "pim-jp-source-count": lambda: ip(ALL_PIM, 103, jp(groups=[(bytes([232, 9, 9, 9]), [SRC], [], 1000)])),
    "pim-bad-family": lambda: ip(ALL_PIM, 103, jp(family=2)),
    "pim-version3": lambda: ip(ALL_PIM, 103, pim(0, hello()[4:], version=3)),
    "pim-unknown-type": lambda: ip(ALL_PIM, 103, pim(11, b"\0" * 8)),
    "pim-jp-unicast-group": lambda: ip(ALL_PIM, 103, jp(groups=[(bytes([10, 9, 9, 9]), [SRC], [], None)])),
    # PIM, unicast to R1 (the raw PIM socket)
    "pim-trunc-register": lambda: ip(R1, 103, register(inner_udp())[:6], ttl=64),
    "pim-register-not-rp": lambda: ip(R1_OTHER, 103, register(inner_udp()), ttl=64),
    # IGMP on R1's link
    "igmp-ttl2": lambda: ip(G9, 2, igmp_v2_report(), ttl=2, ra=True),
    "igmp-v3-ttl255": lambda: ip(V3_ROUTERS, 2, igmp_v3_report(), ttl=255, ra=True),
    "igmp-bad-checksum": lambda: ip(G9, 2, igmp_v2_report(bad_csum=True), ra=True),
    "igmp-trunc": lambda: ip(G9, 2, igmp_v2_report()[:4], ra=True),
    # VRRP
    "vrrp-ttl1": lambda: ip(VRRP_GRP, 112, vrrp(), ttl=1),
    "vrrp-bad-checksum": lambda: ip(VRRP_GRP, 112, vrrp(bad_csum=True), ttl=255),
    "vrrp-trunc": lambda: ip(VRRP_GRP, 112, vrrp()[:5], ttl=255),
    "vrrp-unknown-vrid": lambda: ip(VRRP_GRP, 112, vrrp(vrid=77), ttl=255),
    # IPv4 header
    "ip-bad-checksum": lambda: ip(ALL_PIM, 103, hello(), bad_csum=True),
    "ip-bad-length": lambda: ip(ALL_PIM, 103, hello(), tot_len=400),
}


def mac_for(dst):
    if dst[0] >= 224:
        return bytes([0x01, 0x00, 0x5E, dst[1] & 0x7F, dst[2], dst[3]])
    return None


ifname, r1_mac, names = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", "")), sys.argv[3]
count = int(sys.argv[4]) if len(sys.argv) > 4 else 1
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
todo = list(CLASSES) if names == "all-bad" else names.split(",")
for _ in range(count):
    for name in todo:
        if name in ("pim-hello", "pim-goodbye") and names == "all-bad":
            continue
        p = CLASSES[name]()
        s.sendto(p, (ifname, 0x0800, 0, 0, mac_for(p[16:20]) or r1_mac))
PYEOF
R1_MAC=$(ip -n "$(netns_name r1)" -o link show r1-eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
[[ -n $R1_MAC ]] || fail "cannot read R1's MAC"
bad() { ns peer python3 "$NETNS_WORK/badpkt.py" peer-eth0 "$R1_MAC" "$@"; }

# ---- counters ----------------------------------------------------------------------------
PIMJ="$NETNS_WORK/pim.json"
IGMPJ="$NETNS_WORK/igmp.json"
VRRPJ="$NETNS_WORK/vrrp.json"
MCJ="$NETNS_WORK/mcastd.json"
snap() {
  ctl show ip pim traffic '|' json >"$PIMJ" || fail "show ip pim traffic | json failed"
  ctl show ip igmp interface r1-eth0 '|' json >"$IGMPJ" || fail "show ip igmp interface failed"
  ctl show vrrp '|' json >"$VRRPJ" || fail "show vrrp | json failed"
  ctl show mcastd '|' json >"$MCJ" || fail "show mcastd | json failed"
}
# pimc NAME / igmpc NAME / vrrpc NAME / mcc NAME: a counter's value in the last snap (0 absent).
pimc() { jq -r --arg n "$1" '.[$n] // 0' "$PIMJ"; }
igmpc() { jq -r --arg n "$1" '[.. | objects | select(has("counters")) | .counters[$n] // 0] | add // 0' "$IGMPJ"; }
vrrpc() { jq -r --arg n "$1" '[.interfaces[]? | .counters[$n] // 0] | add // 0' "$VRRPJ"; }
mcc() { jq -r --arg n "$1" '.counters[$n] // 0' "$MCJ"; }
declare -A BASE=()
base() {
  snap
  local c
  for c in "$@"; do BASE[$c]=$("${c%%:*}" "${c#*:}"); done
}
# expect_delta KIND:NAME N WHAT: the counter moved by exactly N since base().
expect_delta() {
  local key="$1" n="$2" what="$3" now
  now=$("${key%%:*}" "${key#*:}")
  local d=$((now - ${BASE[$key]:-0}))
  ((d == n)) || fail "$what: counter ${key#*:} moved by $d, expected $n"
  netns_log "ok: $what -> ${key#*:} +$d"
}
# One class at a time: COUNT packets of CLASS move KIND:NAME by exactly COUNT.
check_class() {
  local class="$1" key="$2" count="${3:-3}"
  base "$key" pimc:hellos-received
  bad "$class" "$count"
  sleep 0.3
  snap
  netns_alive "$R1_PID" || fail "mcastd died on $class"
  expect_delta "$key" "$count" "$class"
}

# ---- steady state: neighbor, receiver, flow -----------------------------------------------
bad pim-hello
wait_until 10 ctl show ip pim neighbor '|' grep -q 10.0.1.2 || fail "R1 has no PIM neighbor 10.0.1.2"
RCVD="$NETNS_WORK/rcv.count"
mcast_receiver_start rcv 10.0.2.2 "$GROUP" "$PORT" "$RCVD" 10.0.1.2
mcast_sender_start peer 10.0.1.2 "$GROUP" "$PORT" 0.02 16
count_at_least() { (($(mcast_count "$1") >= $2)); }
wait_until 20 count_at_least "$RCVD" 20 || fail "receiver got $(mcast_count "$RCVD") datagrams before the bad input"
netns_log "receiver gets ($GROUP from 10.0.1.2): $(mcast_count "$RCVD") datagrams"
wait_until 10 ctl show vrrp brief '|' grep -q Master || fail "VRRP group 1 is not Master"

# ---- one class at a time -------------------------------------------------------------------
check_class pim-trunc-hello pimc:drop-malformed
check_class pim-trunc-jp pimc:drop-malformed
check_class pim-trunc-register pimc:drop-malformed
check_class pim-bad-checksum pimc:drop-malformed
check_class pim-jp-group-count pimc:drop-malformed
check_class pim-jp-source-count pimc:drop-malformed
check_class pim-bad-family pimc:drop-malformed
check_class pim-version3 pimc:drop-malformed
check_class pim-unknown-type pimc:drop-unsupported-type
check_class pim-jp-unicast-group pimc:drop-bad-group
check_class pim-register-not-rp pimc:drop-register-not-rp
check_class igmp-ttl2 igmpc:drop-bad-ttl
check_class igmp-v3-ttl255 igmpc:drop-bad-ttl
check_class igmp-bad-checksum igmpc:drop-bad-checksum
check_class igmp-trunc igmpc:drop-malformed
check_class vrrp-ttl1 vrrpc:drop-bad-ttl
check_class vrrp-bad-checksum vrrpc:drop-bad-checksum
check_class vrrp-trunc vrrpc:drop-malformed
check_class vrrp-unknown-vrid vrrpc:drop-unknown-vrid
check_class ip-bad-checksum mcc:rx-malformed-ip
check_class ip-bad-length mcc:rx-malformed-ip
# None of the above created state: no group from the bad IGMP reports, the neighbor's Hellos
# are the only ones counted as received.
ctl show ip igmp groups | grep -q 239.9.9 && fail "a bad IGMP report created a group"
ctl show ip mroute | grep -q 10.9.9.9 && fail "a J/P for a unicast group created state"

# RFC 7761 §4.3.2: a Hello with Holdtime 0 removes the neighbor at once.
base pimc:neighbor-goodbye
bad pim-goodbye
no_neighbor() { ! ctl show ip pim neighbor | grep -q 10.0.1.2; }
wait_until 5 no_neighbor ||
  fail "the neighbor is still listed after a Hello with holdtime 0"
snap
expect_delta pimc:neighbor-goodbye 1 "Hello with holdtime 0"
# J/P from a router that is no longer a neighbor: discarded (RFC 7761 §4.5).
check_class pim-jp-unicast-group pimc:drop-non-neighbor

# ---- a storm of everything, then forwarding must go on -------------------------------------
bad all-bad 50
sleep 1
netns_alive "$R1_PID" || fail "mcastd died in the storm of bad packets"
BEFORE=$(mcast_count "$RCVD")
sleep 2
AFTER=$(mcast_count "$RCVD")
((AFTER - BEFORE >= 40)) || fail "forwarding stopped after the bad input ($BEFORE -> $AFTER in 2 s)"
ctl show ip mroute 10.0.1.2 "$GROUP" | grep -q "$GROUP" || fail "the (S,G) entry is gone"
snap
echo "PASS: every bad-input class dropped under its counter; mcastd alive and forwarding" \
  "($((AFTER - BEFORE)) datagrams in 2 s after the storm; PIM drop-malformed $(pimc drop-malformed)," \
  "IGMP drop-bad-ttl $(igmpc drop-bad-ttl), VRRP drop-malformed $(vrrpc drop-malformed)," \
  "rx-malformed-ip $(mcc rx-malformed-ip))"
