#!/usr/bin/env bash
# ctest mcastctl_cli: mcastctl's command line, output and exit statuses against a stand-in
# daemon (python3 speaking the control protocol of platform/linux/control_socket.h on a unix
# socket in a temporary directory). Exit statuses: 0 ok, 1 command error, 2 unreachable,
# 64 usage.
# Usage: mcastctl_test.sh MCASTCTL
set -uo pipefail
ctl="$1"
tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
sock="$tmp/mcastd.sock"

# The stand-in daemon: "bad..." is a command error, "silent" is never answered, anything else
# is echoed back.
cat >"$tmp/server.py" <<'PY'
import os, socket, struct, sys, threading
path = sys.argv[1]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(8)
def read_exact(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d:
            return None
        b += d
    return b
def serve(c):
    while True:
        h = read_exact(c, 8)
        if h is None:
            return
        assert h[:3] == b"MC\x01" and h[3] == 0x51, h
        (n,) = struct.unpack(">I", h[4:])
        cmd = read_exact(c, n).decode()
        if cmd == "silent":
            continue
        status, text = (1, "% Invalid input: " + cmd) if cmd.startswith("bad") else (0, "got: " + cmd)
        body = text.encode()
        c.sendall(b"MC\x01" + bytes([status]) + struct.pack(">I", len(body)) + body)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
python3 "$tmp/server.py" "$sock" &
server_pid=$!
for _ in $(seq 100); do [[ -S "$sock" ]] && break; sleep 0.05; done

fail=0
# check NAME WANT_RC WANT_STDOUT WANT_STDERR_SUBSTRING -- CMD...
check() {
  local name="$1" want_rc="$2" want_out="$3" want_err="$4"
  shift 5
  local out err rc
  out="$("$@" 2>"$tmp/err")"
  rc=$?
  err="$(cat "$tmp/err")"
  if [[ $rc -ne $want_rc || "$out" != "$want_out" || "$err" != *"$want_err"* ]]; then
    echo "FAIL $name: rc=$rc (want $want_rc) out='$out' (want '$want_out') err='$err' (want *$want_err*)" >&2
    fail=1
  else
    echo "ok   $name"
  fi
}

check "words joined into one command" 0 "got: show ip mroute | json" "" -- \
  "$ctl" -s "$sock" show ip mroute '|' json
check "command error exits 1 with message on stderr" 1 "" "% Invalid input: bad cmd" -- \
  "$ctl" -s "$sock" bad cmd
check "no daemon exits 2 naming the path" 2 "" "cannot connect to mcastd at $tmp/none.sock" -- \
  "$ctl" -s "$tmp/none.sock" show ip mroute
check "MCASTD_SOCKET is the default socket" 0 "got: show vrrp" "" -- \
  env MCASTD_SOCKET="$sock" "$ctl" show vrrp
check "silent daemon times out with exit 2" 2 "" "did not answer in time" -- \
  "$ctl" -s "$sock" -t 0.3 silent
check "unknown option exits 64" 64 "" "unknown option '-x'" -- "$ctl" -x show
check "-t needs seconds" 64 "" "-t needs a number of seconds" -- "$ctl" -t never show
check "version" 0 "mcastctl $("$ctl" -V | cut -d' ' -f2)" "" -- "$ctl" -V

# Commands from stdin over one connection; comments and blank lines skipped; worst status wins.
out="$(printf 'show a\n\n! comment\nbad b\nshow c\n' | "$ctl" -s "$sock" 2>"$tmp/err")"
rc=$?
if [[ $rc -ne 1 || "$out" != $'got: show a\ngot: show c' || "$(cat "$tmp/err")" != "% Invalid input: bad b" ]]; then
  echo "FAIL stdin session: rc=$rc out='$out' err='$(cat "$tmp/err")'" >&2
  fail=1
else
  echo "ok   stdin session"
fi
exit "$fail"
