#!/usr/bin/env bash
# Installs the Debian 12 packages mcast needs, only those that are missing.
#   scripts/setup-deps.sh          build + test dependencies
#   scripts/setup-deps.sh --build  only what building needs (the quick-start lab command)
# Runs apt-get as root (directly, or through sudo when not root). Never starts services:
# a temporary policy-rc.d keeps packages such as frr and keepalived from starting host daemons.
set -euo pipefail

build_pkgs=(g++ cmake ninja-build pkg-config libfmt-dev nlohmann-json3-dev libyaml-cpp-dev
            libpcap-dev libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev)
test_pkgs=(clang-14 libclang-rt-14-dev tshark iproute2 ethtool frr keepalived python3-scapy
           python3 dpkg-dev file)

pkgs=("${build_pkgs[@]}")
[[ "${1:-}" == "--build" ]] || pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi

echo "setup-deps: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
placed_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod +x "$policy"
  placed_policy=1
fi
cleanup() { [[ $placed_policy -eq 1 ]] && "${SUDO[@]}" rm -f "$policy"; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
