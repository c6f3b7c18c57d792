#!/usr/bin/env bash
# Configures (once) and builds ipcsim into build/ with the default preset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -f build/build.ninja ]; then
    cmake --preset default >/dev/null
fi
if [ -n "${IPCSIM_WERROR:-}" ]; then
    cmake --preset default -DIPCSIM_WERROR=ON >/dev/null # CI: a warning is an error
fi
cmake --build --preset default -j"$(nproc)"
