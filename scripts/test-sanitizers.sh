#!/usr/bin/env bash
# The whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (the asan
# preset, in build-asan/): any error, any leak but the system libraries' own ones listed in
# tests/sanitizers/lsan.supp, and any undefined behaviour fails it. Then nothing of ours may
# be left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
# Configured each time, so that the preset's settings reach a build-asan/ made before them.
# CI: a warning is an error.
cmake --preset asan ${IPCSIM_WERROR:+-DIPCSIM_WERROR=ON} >/dev/null
cmake --build --preset asan -j"$(nproc)"
ctest --preset asan -j"$(nproc)"
bash scripts/leftovers.sh
