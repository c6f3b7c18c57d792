#!/usr/bin/env bash
# The whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (the asan
# preset, in build-asan/): any error, any leak but the system libraries' own ones listed in
# tests/sanitizers/lsan.supp, and any undefined behaviour fails it. Then nothing of ours may
# be left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build-asan/build.ninja ]; then
    cmake --preset asan >/dev/null
fi
if [ -n "${IPCSIM_WERROR:-}" ]; then
    cmake --preset asan -DIPCSIM_WERROR=ON >/dev/null # CI: a warning is an error
fi
cmake --build --preset asan -j"$(nproc)"
ctest --preset asan -j"$(nproc)"
bash scripts/leftovers.sh
