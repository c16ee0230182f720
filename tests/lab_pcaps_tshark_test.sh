#!/usr/bin/env bash
# Runs every lab under examples/ with --pcap and has tshark read each pcap: any malformed packet
# or expert error fails the test (LAB-FORMAT §5: pcaps Wireshark decodes with no malformed packet).
# Usage: lab_pcaps_tshark_test.sh MCAST_BINARY EXAMPLES_DIR
set -euo pipefail
mcast=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v tshark >/dev/null || { echo "tshark is not installed (scripts/setup-deps.sh installs it)"; exit 1; }
status=0
count=0
for lab in "$examples"/*/; do
  name=$(basename "$lab")
  mkdir -p "$work/$name"
  "$mcast" lab run "$lab" --quiet --pcap "$work/$name" >/dev/null || { echo "FAIL $name: lab run failed"; status=1; }
  for pcap in "$work/$name"/*.pcap; do
    [[ -e $pcap ]] || { echo "FAIL $name: no pcap written"; status=1; continue; }
    count=$((count + 1))
    if ! bad=$(tshark -n -r "$pcap" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
                 -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null); then
      echo "FAIL $name/$(basename "$pcap"): tshark could not read it"; status=1; continue
    fi
    if [[ -n $bad ]]; then echo "FAIL $name/$(basename "$pcap"):"; echo "$bad" | head -5; status=1; fi
  done
done
echo "tshark read $count pcaps from $(ls -d "$examples"/*/ | wc -l) labs"
exit $status
