#!/usr/bin/env bash
# Configures (once) and builds ipcsim into build/ with the default preset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -f build/build.ninja ]; then
    cmake --preset default >/dev/null
fi
cmake --build --preset default -j"$(nproc)"
