#!/usr/bin/env bash
# The README's test command: install what is missing, build the dev preset (ASan+UBSan,
# -Werror) and run every test with ctest. Exits non-zero on any failure; ctest's summary is the
# last thing printed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
