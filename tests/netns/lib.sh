# shellcheck shell=bash
# tests/netns/lib.sh: helpers for the netns interop tests (issue 7; DESIGN.md "Tests" 6). Source
# it from a test script, then call netns_init first:
#
#   source "$(dirname "$0")/lib.sh"
#   netns_init                        # root + netns check (exit 77 = ctest SKIP), cleanup trap
#   netns_add r1; netns_add r2        # namespaces ${NETNS_PREFIX}-r1, ... (lo up, forwarding on)
#   netns_link r1 eth0 10.0.12.1/24 r2 eth0 10.0.12.2/24
#   frr_start r2 "$pimd_conf"          # zebra + staticd + pimd with private paths
#   wait_until 30 frr_vtysh r2 'show ip pim neighbor' '|' grep -q 10.0.12.1
#
# Everything a test creates carries the unique prefix mcn<PID>: namespaces, the work directory
# (/tmp/mcn<PID>.XXXX: configs, logs, pid files, captures). The EXIT trap kills only the PIDs
# this test started (recorded by netns_bg), deletes only the namespaces it added and removes the
# work directory (kept when NETNS_KEEP=1 or when the test failed and NETNS_KEEP_ON_FAIL=1).
# No address outside the namespaces is ever used: links are veth pairs created directly
# between two test namespaces, never in the host's namespace.
#
# Facts these helpers rely on are in ../shared/NETNS-INTEROP-NOTES.md (FRR per-namespace paths,
# keepalived -n -P -f -p -r, veth checksum offload, rp_filter, lo up).

NETNS_PREFIX="mcn$$"
NETNS_WORK=""
NETNS_VERBOSE="${NETNS_VERBOSE:-0}"
declare -a _NETNS_CREATED=()
declare -a _NETNS_PIDS=()
declare -A _NETNS_PID_NAME=()

netns_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
netns_fail() {
  echo "FAIL: $*" >&2
  exit 1
}
netns_skip() {
  echo "SKIP: $*" >&2
  exit 77
}

# Checks that this machine can run the test; sets the cleanup trap and the work directory.
# Extra arguments are commands the test needs (skips naming the first missing one).
netns_init() {
  [[ $(id -u) -eq 0 ]] || netns_skip "netns tests need root (run the test command as root)"
  local c
  for c in ip "$@"; do
    command -v "$c" >/dev/null 2>&1 || netns_skip "'$c' is not installed (scripts/setup-deps.sh installs it)"
  done
  if ! ip netns add "${NETNS_PREFIX}-probe" 2>/dev/null; then
    netns_skip "this machine cannot create network namespaces (ip netns add failed)"
  fi
  ip netns del "${NETNS_PREFIX}-probe"
  NETNS_WORK="$(mktemp -d "/tmp/${NETNS_PREFIX}.XXXX")"
  # FRR daemons drop to user frr and must reach their directories below this one.
  chmod 0755 "$NETNS_WORK"
  trap 'netns_cleanup $?' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  netns_log "work directory $NETNS_WORK, namespace prefix $NETNS_PREFIX"
}

# Full name of the test namespace NAME.
netns_name() { echo "${NETNS_PREFIX}-$1"; }

# Runs a command inside namespace NAME.
ns() {
  local n="$1"
  shift
  ip netns exec "$(netns_name "$n")" "$@"
}

# Adds namespace NAME with lo up, IPv4 forwarding on and rp_filter off (pitfall 6: a router's
# RPF check must be the daemon's, not the kernel's).
netns_add() {
  local full
  full="$(netns_name "$1")"
  ip netns add "$full" || netns_fail "ip netns add $full"
  _NETNS_CREATED+=("$full")
  ip -n "$full" link set lo up
  ns "$1" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
    net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.all.forwarding=1
}

# netns_veth NS1 IF1 NS2 IF2: a veth pair between two test namespaces, both ends up, rp_filter
# off, TX checksum offload off (pitfall 1: a partial checksum would leak into PIM Registers).
netns_veth() {
  local a="$1" ia="$2" b="$3" ib="$4"
  ip -n "$(netns_name "$a")" link add "$ia" type veth peer name "$ib" netns "$(netns_name "$b")" ||
    netns_fail "veth $a:$ia - $b:$ib"
  local pair
  for pair in "$a $ia" "$b $ib"; do
    set -- $pair
    ns "$1" sysctl -qw "net.ipv4.conf.$2.rp_filter=0"
    if command -v ethtool >/dev/null 2>&1; then
      ns "$1" ethtool -K "$2" tx off >/dev/null 2>&1 || true
    fi
    ip -n "$(netns_name "$1")" link set "$2" up
  done
}

# netns_addr NS IF A.B.C.D/LEN
netns_addr() { ip -n "$(netns_name "$1")" addr add "$3" dev "$2" || netns_fail "addr $3 on $1:$2"; }

# netns_link NS1 IF1 ADDR1 NS2 IF2 ADDR2: veth pair plus an address on each end.
netns_link() {
  netns_veth "$1" "$2" "$4" "$5"
  netns_addr "$1" "$2" "$3"
  netns_addr "$4" "$5" "$6"
}

# netns_route NS PREFIX VIA
netns_route() { ip -n "$(netns_name "$1")" route add "$2" via "$3" || netns_fail "route $2 via $3 in $1"; }

# netns_bg NS LABEL LOGFILE CMD...: starts CMD in the background inside NS (ip netns exec execs
# CMD, so the recorded PID is the command's own) and sets NETNS_LAST_PID.
netns_bg() {
  local n="$1" label="$2" log="$3"
  shift 3
  ip netns exec "$(netns_name "$n")" "$@" >"$log" 2>&1 &
  NETNS_LAST_PID=$!
  _NETNS_PIDS+=("$NETNS_LAST_PID")
  _NETNS_PID_NAME[$NETNS_LAST_PID]="$label"
  [[ $NETNS_VERBOSE == 1 ]] && netns_log "started $label (pid $NETNS_LAST_PID) in $n"
  return 0
}

# netns_stop PID [SIGNAL]: stops a process this test started (TERM, then KILL after 5 s).
netns_stop() {
  local pid="$1" sig="${2:-TERM}" i
  [[ -n "${_NETNS_PID_NAME[$pid]:-}" ]] || netns_fail "netns_stop: $pid was not started by this test"
  kill "-$sig" "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

netns_alive() { kill -0 "$1" 2>/dev/null; }

# wait_until SECONDS CMD...: runs CMD every 0.2 s until it succeeds; false on timeout. A '|'
# argument pipes the output of the words before it into the words after it.
wait_until() {
  local limit="$1"
  shift
  local deadline=$((SECONDS + limit))
  while ((SECONDS <= deadline)); do
    if _netns_run_pipe "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

_netns_run_pipe() {
  local -a left=()
  while [[ $# -gt 0 && "$1" != "|" ]]; do
    left+=("$1")
    shift
  done
  if [[ $# -eq 0 ]]; then
    "${left[@]}"
    return
  fi
  shift
  "${left[@]}" | _netns_run_pipe "$@"
}

netns_cleanup() {
  local rc="${1:-0}" pid
  trap - EXIT INT TERM
  # Newest first: daemons started later may depend on earlier ones (pimd on zebra).
  local i
  for ((i = ${#_NETNS_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${_NETNS_PIDS[$i]}"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${_NETNS_PIDS[@]}"; do
    for i in $(seq 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  local full
  for full in "${_NETNS_CREATED[@]}"; do
    ip netns del "$full" 2>/dev/null || true
  done
  if [[ -n "$NETNS_WORK" && -d "$NETNS_WORK" ]]; then
    if [[ "${NETNS_KEEP:-0}" == 1 || ($rc -ne 0 && "${NETNS_KEEP_ON_FAIL:-0}" == 1) ]]; then
      netns_log "kept $NETNS_WORK"
    else
      rm -rf "$NETNS_WORK"
    fi
  fi
  exit "$rc"
}

# Prints the last lines of every log in the work directory (for a failing test's output).
netns_dump_logs() {
  local f
  while IFS= read -r f; do
    echo "----- ${f#"$NETNS_WORK"/} (last 30 lines)" >&2
    tail -n 30 "$f" >&2
  done < <(find "$NETNS_WORK" -name '*.log' -type f | sort)
}

# ---------------------------------------------------------------------------------------------
# FRR: zebra + staticd + pimd per namespace, private config, pid, zserv and vty paths.

FRR_BIN="${FRR_BIN:-/usr/lib/frr}"

frr_dir() { echo "$NETNS_WORK/$1/frr"; }

# frr_start NS PIMD_CONF [STATICD_CONF [ZEBRA_CONF]]: starts zebra, staticd and pimd with
# hostname-only config files, waits for their vty sockets and for zebra to know the
# namespace's addresses, then pushes the given config texts with vtysh (NS's frr.conf). Read at
# start-up instead, pimd races zebra: an interface or RP configured before its address and
# connected route arrive stays without a PIM socket ("No Path to RP").
frr_start() {
  local n="$1" pimd_conf="$2" staticd_conf="${3:-}" zebra_conf="${4:-}"
  local d
  d="$(frr_dir "$n")"
  mkdir -p "$d"
  local daemon
  for daemon in zebra staticd pimd; do printf 'hostname %s\n' "$n" >"$d/$daemon.conf"; done
  printf '%s\n!\n%s\n!\n%s\n' "$zebra_conf" "$staticd_conf" "$pimd_conf" >"$d/frr.conf"
  : >"$d/vtysh.conf"
  chown -R frr:frr "$d"
  chmod 0775 "$d"
  chmod 0755 "$NETNS_WORK/$n"
  for daemon in zebra staticd pimd; do
    netns_bg "$n" "$n/$daemon" "$d/$daemon.stdout.log" "$FRR_BIN/$daemon" -F traditional \
      -f "$d/$daemon.conf" -i "$d/$daemon.pid" -z "$d/zserv.api" --vty_socket "$d" \
      -A 127.0.0.1 -P 0 --log "file:$d/$daemon.log"
    # zebra must listen before the others connect; each vty socket says the daemon is up.
    wait_until 20 test -S "$d/$daemon.vty" || {
      netns_dump_logs
      netns_fail "FRR $daemon did not start in $n"
    }
  done
  local addr
  for addr in $(ip -n "$(netns_name "$n")" -4 -o addr show scope global | awk '{print $4}'); do
    wait_until 20 frr_vtysh "$n" 'show ip route connected' '|' grep -qF "${addr%.*}" ||
      netns_fail "FRR zebra in $n did not learn $addr"
  done
  frr_vtysh_file "$n" "$d/frr.conf" >"$d/config-push.log" 2>&1 || {
    cat "$d/config-push.log" >&2
    netns_fail "FRR in $n refused its configuration"
  }
}

# frr_vtysh_file NS FILE: applies a config file to NS's running FRR daemons.
frr_vtysh_file() {
  ns "$1" vtysh --vty_socket "$(frr_dir "$1")" --config_dir "$(frr_dir "$1")" -f "$2"
}

# frr_vtysh NS CMD...: one vtysh command per argument, against NS's FRR instance.
frr_vtysh() {
  local n="$1"
  shift
  local -a args=()
  local c
  for c in "$@"; do args+=(-c "$c"); done
  ns "$n" vtysh --vty_socket "$(frr_dir "$n")" --config_dir "$(frr_dir "$n")" "${args[@]}"
}

# ---------------------------------------------------------------------------------------------
# keepalived: VRRP only, foreground, private pid files (notes pitfall 7).

# keepalived_start NS NAME CONF_TEXT: sets NETNS_LAST_PID to keepalived's parent process.
keepalived_start() {
  local n="$1" name="$2" conf="$3"
  local d="$NETNS_WORK/$n/keepalived-$name"
  mkdir -p "$d"
  printf '%s\n' "$conf" >"$d/keepalived.conf"
  netns_bg "$n" "$n/keepalived-$name" "$d/keepalived.log" keepalived -n -P -l -D \
    -f "$d/keepalived.conf" -p "$d/keepalived.pid" -r "$d/vrrp.pid"
}

# keepalived_conf IF VRID PRIORITY VIP/LEN [EXTRA_GLOBAL]: a one-instance VRRP config.
# Starts as BACKUP so the election, not the config, decides the master.
keepalived_conf() {
  local ifname="$1" vrid="$2" prio="$3" vip="$4" extra="${5:-}"
  cat <<EOF
global_defs {
  router_id mcn_vrid${vrid}_p${prio}
  enable_script_security
  ${extra}
}
vrrp_instance VI_${vrid} {
  state BACKUP
  interface ${ifname}
  virtual_router_id ${vrid}
  priority ${prio}
  advert_int 1
  virtual_ipaddress {
    ${vip} dev ${ifname}
  }
}
EOF
}

# True when NS has ADDR (no prefix length) on IF.
netns_has_addr() {
  ip -n "$(netns_name "$1")" -4 -o addr show dev "$2" | grep -qw "inet ${3}/[0-9]*"
}

# ---------------------------------------------------------------------------------------------
# tshark capture per interface and the malformed-packet check.

# capture_start NS IF FILE: sets NETNS_LAST_PID; returns once tshark is capturing.
capture_start() {
  local n="$1" ifname="$2" file="$3"
  netns_bg "$n" "$n/tshark-$ifname" "$file.log" tshark -n -q -i "$ifname" -w "$file"
  wait_until 20 grep -q "Capturing on" "$file.log" || {
    cat "$file.log" >&2
    netns_fail "tshark did not start on $n:$ifname"
  }
}

# capture_stop PID: stops tshark cleanly (SIGINT flushes the file). A packet that has just
# crossed the link may still sit in the capture's buffers: give it a second first, or the
# check for the last Hello before the stop fails now and then.
capture_stop() {
  sleep 1
  netns_stop "$1" INT
}

# pcap_count FILE DISPLAY_FILTER: how many packets of FILE match.
pcap_count() { tshark -n -r "$1" -Y "$2" 2>/dev/null | wc -l; }

# pcap_no_malformed FILE [LABEL]: fails the test, listing them, if any packet is malformed or
# has an error-level expert item (bad checksum, bad length) in Wireshark's dissection.
pcap_no_malformed() {
  local file="$1" label="${2:-$1}" bad
  if ! bad="$(tshark -n -r "$file" -o ip.check_checksum:TRUE \
    -Y '_ws.malformed || _ws.expert.severity == error' 2>"$file.tshark-err")"; then
    echo "tshark could not read $label:" >&2
    cat "$file.tshark-err" >&2
    return 1
  fi
  if [[ -n "$bad" ]]; then
    echo "malformed or erroneous packets in $label:" >&2
    echo "$bad" >&2
    return 1
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# python3 receiver and sender (the Linux kernel's own IGMP host stack does the joins).

# netns_force_igmp NS IF 2|3: the kernel host stack's IGMP version on IF (0 = automatic).
netns_force_igmp() { ns "$1" sysctl -qw "net.ipv4.conf.$2.force_igmp_version=$3"; }

# mcast_receiver_start NS IFADDR GROUP PORT COUNTFILE [SOURCE]: joins GROUP on the interface with
# address IFADDR (ASM, or SSM (SOURCE,GROUP) with IP_ADD_SOURCE_MEMBERSHIP), counts datagrams
# and rewrites COUNTFILE after each one. SIGTERM leaves the group (the kernel sends the
# leave/report) and exits. Sets NETNS_LAST_PID.
mcast_receiver_start() {
  local n="$1" ifaddr="$2" group="$3" port="$4" countfile="$5" source="${6:-}"
  echo 0 >"$countfile"
  netns_bg "$n" "$n/receiver-$group" "$countfile.log" python3 -u -c '
import signal, socket, struct, sys
ifaddr, group, port, countfile, source = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((group, port))
if source:
    # struct ip_mreq_source: imr_multiaddr, imr_interface, imr_sourceaddr
    mreq = socket.inet_aton(group) + socket.inet_aton(ifaddr) + socket.inet_aton(source)
    # Some Python builds lack the constant; 39 is Linux IP_ADD_SOURCE_MEMBERSHIP (in.h).
    s.setsockopt(socket.IPPROTO_IP, getattr(socket, "IP_ADD_SOURCE_MEMBERSHIP", 39), mreq)
else:
    mreq = socket.inet_aton(group) + socket.inet_aton(ifaddr)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
print("joined", group, "on", ifaddr, "source", source or "*", flush=True)
n = 0
while True:
    s.recv(65535)
    n += 1
    with open(countfile + ".tmp", "w") as f:
        f.write(str(n) + "\n")
    import os; os.replace(countfile + ".tmp", countfile)
' "$ifaddr" "$group" "$port" "$countfile" "$source"
  wait_until 10 grep -q joined "$countfile.log" || netns_fail "receiver did not join $group in $n"
}

mcast_count() { cat "$1" 2>/dev/null || echo 0; }

# mcast_send NS IFADDR GROUP PORT COUNT [INTERVAL_S [TTL]]: sends COUNT datagrams (foreground).
mcast_send() {
  local n="$1" ifaddr="$2" group="$3" port="$4" count="$5" interval="${6:-0.05}" ttl="${7:-16}"
  ns "$n" python3 -c '
import socket, sys, time
ifaddr, group, port, count, interval, ttl = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(ifaddr))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
for i in range(count):
    s.sendto(b"mcast-netns %06d" % i, (group, port))
    time.sleep(interval)
' "$ifaddr" "$group" "$port" "$count" "$interval" "$ttl"
}

# mcast_sender_start NS IFADDR GROUP PORT [INTERVAL_S [TTL]]: sends until stopped; sets
# NETNS_LAST_PID.
mcast_sender_start() {
  local n="$1" ifaddr="$2" group="$3" port="$4" interval="${5:-0.05}" ttl="${6:-16}"
  netns_bg "$n" "$n/sender-$group" "$NETNS_WORK/$n-sender-$group.log" \
    python3 -c '
import socket, sys, time
ifaddr, group, port, interval, ttl = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(ifaddr))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
i = 0
while True:
    s.sendto(b"mcast-netns %06d" % i, (group, port))
    i += 1
    time.sleep(interval)
' "$ifaddr" "$group" "$port" "$interval" "$ttl"
}
