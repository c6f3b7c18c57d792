#!/usr/bin/env bash
# Builds ipcsim and runs every test, then checks that nothing of ours was left behind; then
# the same suite under the sanitizers (scripts/test-sanitizers.sh) and the fuzzer for a
# bounded time (scripts/fuzz.sh). Arguments go to ctest (e.g. -R engine) and run the first
# part only; IPCSIM_SANITIZERS=0 skips the second. The sources must be clang-formatted
# (scripts/check-format.sh); IPCSIM_WERROR=1 (CI sets it) makes every warning an error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash scripts/check-format.sh
ctest --preset default -j"$(nproc)" "$@"
bash scripts/leftovers.sh
if [ $# -eq 0 ] && [ "${IPCSIM_SANITIZERS:-1}" != 0 ]; then
    bash scripts/test-sanitizers.sh
    bash scripts/fuzz.sh
fi
