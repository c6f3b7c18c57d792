#!/usr/bin/env bash
# Builds ipcsim and runs every test, then checks that nothing of ours was left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --preset default -j"$(nproc)" "$@"
bash scripts/leftovers.sh
