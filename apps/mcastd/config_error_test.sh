#!/usr/bin/env bash
# mcastd config errors (issue 7 item 5): an invalid line is reported as FILE:LINE: message: 'text'
# with exit status 2, a missing file and a bad option also exit 2, a valid config with Linux
# interface names passes --check with 0. No root needed.
# Usage: config_error_test.sh MCASTD
set -uo pipefail
MCASTD="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf 'ip multicast-routing\ninterface r1-eth0\n ip pim sparse-mode\n ip pimm sparse-mode\n' >"$dir/bad.cfg"
out="$("$MCASTD" -f "$dir/bad.cfg" --check 2>&1)"
rc=$?
[[ $rc == 2 ]] || fail "bad config: exit $rc, want 2"
[[ "$out" == "$dir/bad.cfg:4: "*"'ip pimm sparse-mode'"* ]] || fail "bad config message: $out"

"$MCASTD" -f "$dir/missing.cfg" --check >/dev/null 2>&1
[[ $? == 2 ]] || fail "missing file: want exit 2"
"$MCASTD" --frobnicate >/dev/null 2>&1
[[ $? == 2 ]] || fail "bad option: want exit 2"

printf 'ip multicast-routing\nip pim rp-address 10.0.12.2\ninterface veth0\n ip pim sparse-mode\ninterface eth1\n ip pim sparse-mode\n ip igmp version 3\n' >"$dir/ok.cfg"
"$MCASTD" -f "$dir/ok.cfg" --check || fail "valid config rejected"
echo PASS
