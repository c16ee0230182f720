#!/usr/bin/env bash
# `mcast decode` on real captures from other implementations (tests/golden/captures/, made by
# scripts/make-captures.sh): the text output must equal the committed .decode.txt golden file,
# no packet may be Malformed, and --json must print one JSON object per text line.
# Usage: decode_golden_test.sh MCAST_BINARY CAPTURE_DIR [--update]
set -euo pipefail
mcast=$1
dir=$2
update=${3:-}
status=0
shopt -s nullglob
pcaps=("$dir"/*.pcap)
[[ ${#pcaps[@]} -gt 0 ]] || { echo "no captures in $dir"; exit 1; }
for pcap in "${pcaps[@]}"; do
  golden=${pcap%.pcap}.decode.txt
  out=$("$mcast" decode "$pcap")
  if [[ $update == --update ]]; then
    printf '%s\n' "$out" > "$golden"
    continue
  fi
  if grep -q 'Malformed' <<<"$out"; then
    echo "FAIL $pcap: malformed packets:"; grep 'Malformed' <<<"$out" | head -5; status=1
  fi
  if ! diff -u "$golden" <(printf '%s\n' "$out") > /tmp/decode-diff.$$; then
    echo "FAIL $pcap differs from $golden:"; head -40 /tmp/decode-diff.$$; status=1
  fi
  rm -f /tmp/decode-diff.$$
  text_lines=$(printf '%s\n' "$out" | wc -l)
  json_lines=$("$mcast" decode "$pcap" --json | grep -c '^{".*}$' || true)
  if [[ $text_lines -ne $json_lines ]]; then
    echo "FAIL $pcap: $text_lines text lines but $json_lines JSON objects"; status=1
  fi
  echo "ok $pcap ($text_lines packets)"
done
exit $status
