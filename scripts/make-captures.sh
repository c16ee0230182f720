#!/usr/bin/env bash
# Makes real packet captures from other implementations, used as decoder test inputs:
#   linux-igmpv2.pcap, linux-igmpv3.pcap  Linux kernel IGMP host stack (reports, leaves), queried
#                                         by a Linux bridge's own IGMP querier
#   frr-pim-rp.pcap, frr-pim-lhr.pcap,    FRR 8.x zebra + staticd + pimd, three routers in a chain
#   frr-pim-lan.pcap                      (Hello, Join/Prune, Register, Register-Stop, IGMP queries)
#   keepalived-vrrp.pcap, -vrrp3.pcap     keepalived VRRPv2 / VRRPv3 with a failover
# tests/golden/captures/README.md says what each file holds and how it was made.
#
# Usage (as root): scripts/make-captures.sh [OUTDIR]       (default tests/golden/captures)
#   KEEP_WORK=1 keeps the scratch folder (daemon logs, configs) for debugging;
#   SCENARIOS="igmp frr vrrp" (the default) picks which captures to make.
#
# Everything runs in private network namespaces named mccap-<pid>-*, with addresses in
# 10.99.0.0/16 only; the host's own network is never touched and no daemon runs outside those
# namespaces. On exit (normal, error or signal) the trap stops only the processes this script
# started, by PID, deletes its namespaces and removes its scratch folder.
# Needs: iproute2, tshark, ethtool, frr, keepalived, python3 (scripts/setup-deps.sh).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
readonly REPO
readonly OUT=${1:-$REPO/tests/golden/captures}
readonly PFX="mccap-$$-"
readonly FRR=/usr/lib/frr
# The system interpreter, not a pyenv shim that might not see the host's packages.
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)
readonly PY

NSES=()   # namespaces of the current scenario
PIDS=()   # processes of the current scenario that are still running
CAPS=()   # capture PIDs of the current scenario
CAP_LOGS=()
BG_PID=
WORK=
FRR_TMP_OURS=0   # FRR daemons keep a crash-log folder /var/tmp/frr/<daemon>.<pid>/
FAILED=0

log() { printf '[make-captures %3ds] %s\n' "$SECONDS" "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Process and namespace bookkeeping
# ---------------------------------------------------------------------------------------------

forget() {
  local pid=$1 keep=() p
  for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

# True while PID is alive and still our own child (guards against PID reuse).
ours() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -r -a fields <<<"${stat##*) }"   # state ppid ...
  [[ ${fields[1]} == "$$" ]]
}

running() {
  local stat
  ours "$1" || return 1
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# Stops the given processes of ours: SIGTERM, up to 5 s grace, then SIGKILL for the process and
# its direct children (keepalived's VRRP child), each by PID.
stop_pids() {
  local pid i alive c
  for pid in "$@"; do ours "$pid" && kill -TERM "$pid" 2>/dev/null; done
  for ((i = 0; i < 50; i++)); do
    alive=0
    for pid in "$@"; do running "$pid" && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for pid in "$@"; do
    if running "$pid"; then
      log "process $pid did not stop, killing it"
      local kids=()
      read -r -a kids <"/proc/$pid/task/$pid/children" 2>/dev/null || true
      for c in "${kids[@]}"; do kill -KILL "$c" 2>/dev/null; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; forget "$pid"; done
}

teardown() {
  exec 7>&- 8>&-
  [[ ${#PIDS[@]} -gt 0 ]] && stop_pids "${PIDS[@]}"
  local ns
  for ns in "${NSES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  NSES=() PIDS=() CAPS=() CAP_LOGS=()
  # Removed only when this run created it and it is empty again (no other FRR is running).
  if [[ $FRR_TMP_OURS == 1 ]]; then rmdir /var/tmp/frr 2>/dev/null || true; FRR_TMP_OURS=0; fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  teardown
  if [[ -n $WORK && -d $WORK ]]; then
    if [[ -n ${KEEP_WORK:-} ]]; then log "scratch folder kept: $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$rc"
}

# Starts "$@" in namespace NS in the background, stdin from BG_IN (default /dev/null); its PID
# (ip netns exec execs the command, so it is the command's own PID) lands in BG_PID and PIDS.
start_bg() {
  local ns=$PFX$1 logf=$2 in=${BG_IN:-/dev/null}
  shift 2
  ip netns exec "$ns" "$@" <"$in" >"$logf" 2>&1 &
  BG_PID=$!
  PIDS+=("$BG_PID")
}

ns_add() {
  local ns=$PFX$1
  ip netns add "$ns"
  NSES+=("$ns")
  ip -n "$ns" link set lo up
  # No IPv6 (keeps MLD and neighbour discovery out of the captures); no IGMP reports for the
  # link-local groups daemons join (224.0.0.13, .18, .22), which would otherwise appear everywhere.
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
    net.ipv6.conf.default.disable_ipv6=1 net.ipv4.igmp_link_local_mcast_reports=0
}

nsx() { local ns=$PFX$1; shift; ip netns exec "$ns" "$@"; }

# veth NS_A IF_A NS_B IF_B: a veth pair created directly inside the two namespaces.
veth() {
  ip -n "$PFX$1" link add "$2" type veth peer name "$4" netns "$PFX$3"
  ip -n "$PFX$1" link set "$2" up
  ip -n "$PFX$3" link set "$4" up
}

addr() { ip -n "$PFX$1" addr add "$3" dev "$2"; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    [[ $SECONDS -lt $deadline ]] || die "timed out waiting for $what"
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------------
# Captures
# ---------------------------------------------------------------------------------------------

cap_start() {  # cap_start NS IF FILE
  # dumpcap is tshark's own capture engine; called directly it starts in a fraction of a second
  # (tshark loads every dissector first, about 4 s here). -P writes classic pcap.
  start_bg "$1" "$WORK/$3.dumpcap.log" dumpcap -q -P -i "$2" -w "$WORK/$3"
  CAPS+=("$BG_PID")
  CAP_LOGS+=("$WORK/$3.dumpcap.log")
}

cap_ready() {
  local lg
  for lg in "${CAP_LOGS[@]}"; do wait_for 10 "dumpcap ($lg)" grep -q "Capturing on" "$lg"; done
  sleep 0.2
}

# SIGINT makes dumpcap flush and close its file; stop_pids then reaps it (or, should it hang,
# terminates it).
cap_stop() {
  sleep 0.5
  local pid i alive c
  for pid in "${CAPS[@]}"; do if ours "$pid"; then kill -INT "$pid"; fi; done
  for ((i = 0; i < 50; i++)); do
    alive=0
    for pid in "${CAPS[@]}"; do running "$pid" && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  stop_pids "${CAPS[@]}"
  CAPS=() CAP_LOGS=()
}

# ---------------------------------------------------------------------------------------------
# Helper programs
# ---------------------------------------------------------------------------------------------

write_helpers() {
  # A host agent: reads membership commands on stdin and applies them to sockets, so the kernel
  # sends the reports. Each ASM/SSM group has its own socket bound to UDP port 5000.
  cat >"$WORK/agent.py" <<'EOF'
import socket, sys
IP_UNBLOCK_SOURCE, IP_BLOCK_SOURCE = 37, 38
IP_ADD_SOURCE_MEMBERSHIP, IP_DROP_SOURCE_MEMBERSHIP = 39, 40
IP_MULTICAST_ALL = 49
ifaddr = socket.inet_aton(sys.argv[1])
socks = {}
def get(kind, group):
    key = (kind, group)
    if key not in socks:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IP, IP_MULTICAST_ALL, 0)
        s.bind((group, 5000))
        s.setblocking(False)
        socks[key] = s
    return socks[key]
def drain(kind, group):
    s, n = socks.pop((kind, group)), 0
    try:
        while True:
            s.recv(2048)
            n += 1
    except BlockingIOError:
        pass
    print(f"{kind} {group}: received {n} datagrams", flush=True)
    return s
def mreq(g):
    return socket.inet_aton(g) + ifaddr
def mreq_src(g, src):
    return socket.inet_aton(g) + ifaddr + socket.inet_aton(src)
while True:
    line = sys.stdin.readline()
    if not line:
        break
    w = line.split()
    print("agent:", *w, flush=True)
    op, g = w[0], w[1]
    if op == "join":
        get("asm", g).setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq(g))
    elif op == "leave":
        drain("asm", g).setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, mreq(g))
    elif op == "block":
        get("asm", g).setsockopt(socket.IPPROTO_IP, IP_BLOCK_SOURCE, mreq_src(g, w[2]))
    elif op == "unblock":
        get("asm", g).setsockopt(socket.IPPROTO_IP, IP_UNBLOCK_SOURCE, mreq_src(g, w[2]))
    elif op == "sjoin":
        get("ssm", g).setsockopt(socket.IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, mreq_src(g, w[2]))
    elif op == "sleave":
        get("ssm", g).setsockopt(socket.IPPROTO_IP, IP_DROP_SOURCE_MEMBERSHIP, mreq_src(g, w[2]))
EOF

  # A multicast sender: GROUP PORT COUNT INTERVAL SOURCE.
  cat >"$WORK/sender.py" <<'EOF'
import socket, sys, time
group, port, count, interval, src = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((src, 0))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 16)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(src))
for i in range(count):
    s.sendto(b"mcast capture datagram %03d " % i + b"." * 24, (group, port))
    time.sleep(interval)
print(f"sent {count} datagrams to {group}:{port}", flush=True)
EOF

  # Counts the messages of a pcap by type, from tshark's dissection, as Markdown bullet lines.
  cat >"$WORK/summary.py" <<'EOF'
import collections, subprocess, sys
FIELDS = ["frame.protocols", "igmp.version", "igmp.type", "igmp.maddr", "igmp.num_src",
          "igmp.record_type", "pim.type", "pim.numjoins", "pim.numprunes", "pim.source_addr.flags",
          "pim.register_flag.null_register", "vrrp.version",
          "vrrp.type", "vrrp.prio", "vrrp.addr_count", "arp.opcode", "arp.isgratuitous",
          "udp.dstport", "ip.dst"]
PIM = {0: "Hello", 1: "Register", 2: "Register-Stop", 3: "Join/Prune", 4: "Bootstrap",
       5: "Assert", 8: "Candidate-RP-Advertisement"}
REC = {1: "MODE_IS_INCLUDE", 2: "MODE_IS_EXCLUDE", 3: "CHANGE_TO_INCLUDE_MODE",
       4: "CHANGE_TO_EXCLUDE_MODE", 5: "ALLOW_NEW_SOURCES", 6: "BLOCK_OLD_SOURCES"}
def ints(v):
    return [int(x, 0) for x in v.split(",") if x]
cmd = ["tshark", "-n", "-r", sys.argv[1], "-T", "fields", "-E", "separator=|",
       "-E", "occurrence=a", "-E", "aggregator=,"] + sum([["-e", f] for f in FIELDS], [])
out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
msgs, recs = collections.Counter(), collections.Counter()
frames = 0
for line in out.splitlines():
    frames += 1
    f = dict(zip(FIELDS, line.split("|")))
    protos = f["frame.protocols"].split(":")
    if "pim" in protos:
        t = ints(f["pim.type"])[0]
        name = "PIMv2 " + PIM.get(t, f"type {t}")
        if t == 1:
            inner = "/".join(protos[protos.index("pim") + 1:])
            null = f["pim.register_flag.null_register"] in ("1", "True")
            name += (" (Null-Register, inner " if null else " (data, inner ") + inner + ")"
        if t == 3:
            # Entries come group by group, joins before prunes, in the order of the flag lists.
            flags, entries, k = ints(f["pim.source_addr.flags"]), [], 0
            for nj, np in zip(ints(f["pim.numjoins"]), ints(f["pim.numprunes"])):
                for verb, n in (("join", nj), ("prune", np)):
                    for _ in range(n):
                        kind = ("(*,G)" if flags[k] & 2 else
                                "(S,G,rpt)" if flags[k] & 1 else "(S,G)")
                        entries.append(f"{verb} {kind}")
                        k += 1
            name += " [" + ", ".join(entries) + "]"
        msgs[name] += 1
    elif "igmp" in protos:
        v, t = ints(f["igmp.version"])[0], ints(f["igmp.type"])[0]
        if t == 0x11:
            g = f["igmp.maddr"].split(",")[0]
            nsrc = sum(ints(f["igmp.num_src"]))
            kind = "general" if g in ("", "0.0.0.0") else (
                "group-and-source-specific" if nsrc else "group-specific")
            name = f"IGMPv{v} Membership Query, {kind}"
        elif t == 0x16:
            name = "IGMPv2 Membership Report"
        elif t == 0x17:
            name = "IGMPv2 Leave Group"
        elif t == 0x12:
            name = "IGMPv1 Membership Report"
        elif t == 0x22:
            name = "IGMPv3 Membership Report"
            for r in ints(f["igmp.record_type"]):
                recs[REC.get(r, f"record type {r}")] += 1
        else:
            name = f"IGMP type 0x{t:02x}"
        msgs[name] += 1
    elif "vrrp" in protos:
        v, prio = ints(f["vrrp.version"])[0], ints(f["vrrp.prio"])[0]
        n = ints(f["vrrp.addr_count"])[0]
        msgs[f"VRRPv{v} Advertisement, priority {prio}, {n} addresses"] += 1
    elif "arp" in protos:
        op = ints(f["arp.opcode"])[0]
        grat = f["arp.isgratuitous"] in ("1", "True")
        msgs["ARP " + ("request" if op == 1 else "reply" if op == 2 else f"op {op}") +
             (" (gratuitous)" if grat else "")] += 1
    elif "udp" in protos:
        msgs[f"UDP datagram to {f['ip.dst']}:{f['udp.dstport']}"] += 1
    else:
        msgs[":".join(protos)] += 1
print(f"- {frames} frames")
for k in sorted(msgs):
    print(f"- {k}: {msgs[k]}")
for k in sorted(recs):
    print(f"  - IGMPv3 group records {k}: {recs[k]}")
EOF
}

# ---------------------------------------------------------------------------------------------
# Scenario 1/2: the Linux kernel's IGMP host stack
# ---------------------------------------------------------------------------------------------

step() { printf '%s\n' "$2" >&7; sleep "$1"; }  # step SECONDS_AFTER COMMAND (to the agent)

# A host namespace on a Linux bridge whose built-in querier sends general queries every 3 s and
# group(-and-source)-specific queries after leaves. The agent changes memberships step by step.
igmp_scenario() {
  local ver=$1 file=$2
  log "$file: Linux host, IGMPv$ver"
  ns_add sw
  ns_add h
  ip -n "${PFX}sw" link add br0 type bridge mcast_snooping 1 mcast_querier 1 \
    mcast_igmp_version "$ver" mcast_query_use_ifaddr 1 mcast_query_interval 300 \
    mcast_query_response_interval 100 mcast_startup_query_count 1 \
    mcast_startup_query_interval 300 mcast_last_member_count 2 mcast_last_member_interval 50
  veth h eth0 sw p-h
  ip -n "${PFX}sw" link set p-h master br0
  addr sw br0 10.99.1.1/24
  addr h eth0 10.99.1.20/24
  local force=0
  [[ $ver == 2 ]] && force=2
  nsx h sysctl -q -w net.ipv4.conf.eth0.force_igmp_version=$force \
    net.ipv4.conf.eth0.igmpv2_unsolicited_report_interval=500 \
    net.ipv4.conf.eth0.igmpv3_unsolicited_report_interval=500

  cap_start h eth0 "$file"
  cap_ready
  ip -n "${PFX}sw" link set br0 up   # the querier's startup query lands in the capture

  mkfifo "$WORK/agent-$ver.fifo"
  BG_IN=$WORK/agent-$ver.fifo start_bg h "$WORK/agent-$ver.log" "$PY" "$WORK/agent.py" 10.99.1.20
  exec 7>"$WORK/agent-$ver.fifo"
  sleep 0.5
  if [[ $ver == 2 ]]; then
    step 1.5 "join 239.1.1.1"
    step 3.5 "join 239.2.2.2"          # spans a general query and the reports answering it
    step 1.5 "leave 239.1.1.1"         # Leave Group; the bridge sends group-specific queries
    step 1.5 "leave 239.2.2.2"
  else
    step 1.0 "join 239.1.1.1"          # TO_EX {}
    step 1.0 "block 239.1.1.1 10.99.1.11"     # BLOCK {11} (exclude list grows)
    step 1.0 "sjoin 232.1.1.1 10.99.1.10"     # ALLOW {10} (source-specific join)
    step 1.5 "sjoin 232.1.1.1 10.99.1.12"     # ALLOW {12}; a general query gets IS_EX / IS_IN
    step 1.0 "join 232.1.1.1"          # an ASM socket on the same group: TO_EX {}
    step 1.5 "leave 232.1.1.1"         # back to INCLUDE: TO_IN {10,12}
    step 1.0 "unblock 239.1.1.1 10.99.1.11"   # ALLOW {11}
    step 1.0 "sleave 232.1.1.1 10.99.1.12"    # BLOCK {12}
    step 1.0 "sleave 232.1.1.1 10.99.1.10"    # BLOCK {10}: no source left
    step 1.5 "leave 239.1.1.1"         # TO_IN {}
  fi
  exec 7>&-
  cap_stop
  teardown
}

# ---------------------------------------------------------------------------------------------
# Scenario 3: FRR PIM-SM, sender - r1 (first hop) - r2 (RP) - r3 (last hop) - receiver
# ---------------------------------------------------------------------------------------------

# frr_conf ROUTER HOST_IF STATIC_ROUTES...: per-daemon startup files; HOST_IF ("" for none) is the
# host-facing interface, which also runs IGMP; routes are written as "PREFIX NEXTHOP".
frr_conf() {
  local r=$1 host_if=$2 d=$WORK/frr/$1
  shift 2
  mkdir -p "$d"
  printf 'hostname %s\n' "$r" >"$d/zebra.conf"
  : >"$d/vtysh.conf"   # vtysh warns on every call without one
  {
    printf 'hostname %s\n' "$r"
    local route
    for route in "$@"; do printf 'ip route %s\n' "$route"; done
  } >"$d/staticd.conf"
  {
    printf 'hostname %s\n' "$r"
    # The RP's own address is on lo; FRR resolves a local RP through lo only with PIM on it.
    if [[ $r == r2 ]]; then printf 'interface lo\n ip pim\n!\n'; fi
    local ifc
    for ifc in eth0 eth1; do
      printf 'interface %s\n ip pim\n' "$ifc"
      if [[ $ifc == "$host_if" ]]; then
        # Quick IGMP timers keep the capture short. A 0.2 s max response time makes the
        # receiver answer a general query before it leaves, so the leave meets FRR with
        # state from a Current-State report. It goes first: FRR rejects a query interval
        # shorter than the current (default 10 s) max response time.
        printf ' ip igmp\n ip igmp query-max-response-time 2\n ip igmp query-interval 5\n'
        printf ' ip igmp last-member-query-interval 5\n'
      fi
      printf '!\n'
    done
  } >"$d/pimd.conf"
  chown -R frr:frr "$d"
  chmod 0775 "$d"
}

frr_start() {
  local r=$1 d=$WORK/frr/$1 dm
  for dm in zebra staticd pimd; do
    start_bg "$r" "$d/$dm.out" "$FRR/$dm" -F traditional -f "$d/$dm.conf" -i "$d/$dm.pid" \
      -z "$d/zserv.api" --vty_socket "$d" -A 127.0.0.1 -P 0 --log "file:$d/$dm.log"
    if [[ $dm == zebra ]]; then wait_for 15 "$r zebra" test -S "$d/zserv.api"; fi
  done
}

vty() {  # vty ROUTER COMMAND...
  local r=$1 a=() c
  shift
  for c in "$@"; do a+=(-c "$c"); done
  vtysh --vty_socket "$WORK/frr/$r" --config_dir "$WORK/frr/$r" -d pimd "${a[@]}"
}

# FRR 8.4 rejects "ip pim rp" ("No Path to RP address") while the RP is unreachable, as it is
# when pimd reads its startup file before zebra has the static routes; so the RP is configured
# once the routes are in.
rp_configure() {
  local r out
  for r in r1 r3; do wait_for 15 "$r route to the RP" route_to_rp "$r"; done
  for r in r1 r2 r3; do
    out=$(vty "$r" 'configure terminal' 'ip pim rp 10.99.0.2 224.0.0.0/4' 2>&1)
    [[ -z $out ]] || die "$r: ip pim rp: $out"
  done
}

route_to_rp() { ip -n "$PFX$1" route show 10.99.0.2 | grep -q via; }

pim_neighbors_up() {
  local n
  n=$(vty r2 'show ip pim neighbor' | grep -c -E '10\.99\.(12\.1|23\.3)' || true)
  [[ $n -ge 2 ]] && vty r1 'show ip pim neighbor' | grep -q 10.99.12.2 &&
    vty r3 'show ip pim neighbor' | grep -q 10.99.23.2
}

rp_has_join() { vty r2 'show ip pim join' | grep -q 239.1.1.1; }
lhr_has_no_join() { ! vty r3 'show ip pim upstream' | grep -q 239.1.1.1; }

frr_scenario() {
  log "frr-pim-*.pcap: FRR $(dpkg-query -W -f='${Version}' frr 2>/dev/null) PIM-SM"
  local n
  for n in snd r1 r2 r3 rcv; do ns_add "$n"; done
  veth snd eth0 r1 eth0
  veth r1 eth1 r2 eth0
  veth r2 eth1 r3 eth0
  veth r3 eth1 rcv eth0
  addr snd eth0 10.99.10.10/24
  addr r1 eth0 10.99.10.1/24
  addr r1 eth1 10.99.12.1/24
  addr r2 eth0 10.99.12.2/24
  addr r2 eth1 10.99.23.2/24
  addr r2 lo 10.99.0.2/32        # the RP address
  addr r3 eth0 10.99.23.3/24
  addr r3 eth1 10.99.30.1/24
  addr rcv eth0 10.99.30.20/24
  ip -n "${PFX}snd" route add default via 10.99.10.1
  ip -n "${PFX}rcv" route add default via 10.99.30.1
  for n in r1 r2 r3; do
    nsx "$n" sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
      net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0 \
      net.ipv4.conf.eth1.rp_filter=0
  done
  # The sender's datagrams leave its veth with a partial UDP checksum; r1 copies them into
  # Registers from user space, so complete the checksum on the host (pitfall 1 in the notes).
  nsx snd ethtool -K eth0 tx off >/dev/null

  frr_conf r1 eth0 "10.99.0.2/32 10.99.12.2" "10.99.23.0/24 10.99.12.2" "10.99.30.0/24 10.99.12.2"
  frr_conf r2 "" "10.99.10.0/24 10.99.12.1" "10.99.30.0/24 10.99.23.3"
  frr_conf r3 eth1 "10.99.0.2/32 10.99.23.2" "10.99.10.0/24 10.99.23.2" "10.99.12.0/24 10.99.23.2"

  cap_start r2 eth0 frr-pim-rp.pcap     # r1 <-> r2: Register, Register-Stop, (S,G) Join/Prune
  cap_start r2 eth1 frr-pim-lhr.pcap    # r2 <-> r3: (*,G) and (S,G) Join/Prune
  cap_start r3 eth1 frr-pim-lan.pcap    # receiver LAN: IGMP queries and reports, data
  cap_ready

  [[ -e /var/tmp/frr ]] || FRR_TMP_OURS=1
  for n in r1 r2 r3; do frr_start "$n"; done
  rp_configure
  log "FRR started, RP configured"
  wait_for 30 "PIM neighbours" pim_neighbors_up
  log "PIM neighbours up"
  sleep 1

  mkfifo "$WORK/rcv.fifo"
  BG_IN=$WORK/rcv.fifo start_bg rcv "$WORK/rcv.log" "$PY" "$WORK/agent.py" 10.99.30.20
  exec 8>"$WORK/rcv.fifo"
  printf 'join 239.1.1.1\n' >&8
  wait_for 15 "(*,G) join state on the RP" rp_has_join
  sleep 1
  start_bg snd "$WORK/snd.log" "$PY" "$WORK/sender.py" 239.1.1.1 5000 30 0.1 10.99.10.10
  local spid=$BG_PID
  wait "$spid" || die "sender failed: $(cat "$WORK/snd.log")"
  forget "$spid"
  sleep 1
  printf 'leave 239.1.1.1\n' >&8
  # The last-hop router prunes after its last-member queries; the RP then prunes (S,G) towards
  # the first-hop router.
  wait_for 15 "the last-hop router to prune 239.1.1.1" lhr_has_no_join
  sleep 2
  exec 8>&-
  cap_stop
  log "receiver: $(grep received "$WORK/rcv.log" || echo 'no count')"
  [[ -n ${KEEP_WORK:-} ]] && for n in r1 r2 r3; do vty "$n" 'show ip mroute' >"$WORK/frr/$n/mroute.txt" 2>&1 || true; done
  teardown
}

# ---------------------------------------------------------------------------------------------
# Scenario 4: keepalived VRRP (v2, then v3), with a failover
# ---------------------------------------------------------------------------------------------

ka_conf() {  # ka_conf NAME VERSION STATE PRIORITY
  cat >"$WORK/$1-v$2.conf" <<EOF
global_defs {
  router_id $1
  vrrp_version $2
  vrrp_garp_master_delay 2
  vrrp_garp_master_repeat 2
}
vrrp_instance VI_1 {
  state $3
  interface eth0
  use_vmac
  virtual_router_id 51
  priority $4
  advert_int 1
  virtual_ipaddress {
    10.99.5.100/24
    10.99.5.101/24
  }
}
EOF
}

ka_start() {  # ka_start NAME VERSION
  start_bg "$1" "$WORK/$1-v$2.log" keepalived -n -l -D -G -P -f "$WORK/$1-v$2.conf" \
    -p "$WORK/$1-v$2.pid" -r "$WORK/$1-v$2-vrrp.pid"
}

vrrp_scenario() {
  local ver=$1 file=$2
  log "$file: keepalived $(keepalived --version 2>&1 | head -1 | awk '{print $2}') VRRPv$ver"
  ns_add sw
  ns_add ka1
  ns_add ka2
  ip -n "${PFX}sw" link add br0 type bridge mcast_snooping 0
  ip -n "${PFX}sw" link set br0 up
  veth ka1 eth0 sw p1
  veth ka2 eth0 sw p2
  ip -n "${PFX}sw" link set p1 master br0
  ip -n "${PFX}sw" link set p2 master br0
  addr ka1 eth0 10.99.5.11/24
  addr ka2 eth0 10.99.5.12/24
  ka_conf ka1 "$ver" MASTER 150
  ka_conf ka2 "$ver" BACKUP 100

  cap_start sw p2 "$file"     # the backup's bridge port: sees both routers' adverts and ARPs
  cap_ready
  ka_start ka2 "$ver"
  ka_start ka1 "$ver"
  local ka1=$BG_PID
  wait_for 15 "ka1 to become master" grep -q "Entering MASTER STATE" "$WORK/ka1-v$ver.log"
  sleep 2.5
  log "stopping the master (pid $ka1)"
  stop_pids "$ka1"            # it sends a priority 0 advertisement on the way out
  wait_for 15 "ka2 to take over" grep -q "Entering MASTER STATE" "$WORK/ka2-v$ver.log"
  sleep 2.5                   # covers the second gratuitous ARP burst (vrrp_garp_master_delay)
  cap_stop
  teardown
}

# ---------------------------------------------------------------------------------------------
# Verification and output
# ---------------------------------------------------------------------------------------------

# Checks one capture: dissection clean (no malformed packets, no expert info), classic pcap with
# Ethernet link type, under 200 KB; prints tshark's protocol hierarchy and the message counts,
# then copies it to OUT.
verify() {
  local name=$1 f=$WORK/$1 size out bad link
  size=$(stat -c %s "$f")
  link=$(capinfos -t -E "$f" 2>/dev/null | awk -F': *' '/type|encapsulation/{printf "%s;", $2}')
  [[ $link == *pcap\;Ethernet\; ]] || { log "FAIL $name: not a pcap with Ethernet link type ($link)"; FAILED=1; }
  # One tshark pass for both checks (-V details, then the io,phs statistics at the end), with
  # the IPv4 and UDP checksum checks on (off by default), so that a bad checksum, such as an
  # inner UDP checksum in a PIM Register, shows up as expert info.
  out=$(tshark -n -r "$f" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -V -z io,phs \
    2>/dev/null)
  printf '%s\n' "$out" | sed -n '/^=\{20,\}$/,$p'
  bad=$(printf '%s\n' "$out" | grep -i -E 'malformed|expert' || true)
  if [[ -n $bad ]]; then
    log "FAIL $name: tshark reports problems:"
    printf '%s\n' "$bad" | sort | uniq -c
    FAILED=1
  fi
  if [[ $size -gt 204800 ]]; then log "FAIL $name: $size bytes"; FAILED=1; fi
  "$PY" "$WORK/summary.py" "$f" >"$f.summary"
  [[ $(head -1 "$f.summary") != "- 0 frames" ]] || { log "FAIL $name: empty"; FAILED=1; }
  log "$name: $size bytes, message counts:"
  cat "$f.summary"
  install -m 0644 "$f" "$OUT/$name"
}

# Rewrites the generated section of the README (between the markers) with this run's counts,
# keeping the sections of files this run did not make.
update_readme() {
  local readme=$OUT/README.md
  [[ -f $readme ]] || return 0
  grep -q '<!-- BEGIN generated counts -->' "$readme" || return 0
  "$PY" - "$readme" "$WORK" "$@" <<'EOF'
import re, sys, pathlib
ORDER = ["linux-igmpv2.pcap", "linux-igmpv3.pcap", "frr-pim-rp.pcap", "frr-pim-lhr.pcap",
         "frr-pim-lan.pcap", "keepalived-vrrp.pcap", "keepalived-vrrp3.pcap"]
readme, work, files = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
begin, end = "<!-- BEGIN generated counts -->\n", "<!-- END generated counts -->"
text = readme.read_text()
head, rest = text.split(begin, 1)
old, tail = rest.split(end, 1)
sections = {m.group(1): m.group(0) for m in re.finditer(r"### (\S+)\n.*?(?=### |\Z)", old, re.S)}
for f in files:
    sections[f] = f"### {f}\n\n" + (work / (f + ".summary")).read_text() + "\n"
body = "".join(sections[f] for f in ORDER if f in sections)
readme.write_text(head + begin + body + end + tail)
EOF
}

main() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces)"
  local t
  for t in ip tshark dumpcap capinfos ethtool keepalived vtysh "$FRR/zebra" "$FRR/staticd" "$FRR/pimd"; do
    command -v "$t" >/dev/null || die "missing $t (run scripts/setup-deps.sh)"
  done
  id frr >/dev/null 2>&1 || die "missing user frr (frr package)"
  WORK=$(mktemp -d /tmp/mccap.XXXXXX)
  chmod 0755 "$WORK"    # FRR daemons run as user frr and must reach their folders
  mkdir -p "$OUT"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  write_helpers

  local files=() sc
  for sc in ${SCENARIOS:-igmp frr vrrp}; do
    case $sc in
      igmp)
        igmp_scenario 2 linux-igmpv2.pcap
        igmp_scenario 3 linux-igmpv3.pcap
        files+=(linux-igmpv2.pcap linux-igmpv3.pcap) ;;
      frr)
        frr_scenario
        files+=(frr-pim-rp.pcap frr-pim-lhr.pcap frr-pim-lan.pcap) ;;
      vrrp)
        vrrp_scenario 2 keepalived-vrrp.pcap
        vrrp_scenario 3 keepalived-vrrp3.pcap
        files+=(keepalived-vrrp.pcap keepalived-vrrp3.pcap) ;;
      *) die "unknown scenario $sc (igmp, frr, vrrp)" ;;
    esac
  done
  for t in "${files[@]}"; do verify "$t"; done
  update_readme "${files[@]}"
  [[ $FAILED == 0 ]] || die "some captures failed verification"
  log "done: ${#files[@]} captures in $OUT"
}

main "$@"
