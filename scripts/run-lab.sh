#!/usr/bin/env bash
# The README's main-job command: install what building needs, build the release preset and
# run the main example. Extra arguments go to `mcast` after the lab directory.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh --build
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/apps/mcast/mcast lab run examples/seed-004-msfc-routing "$@"
