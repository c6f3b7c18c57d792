#!/usr/bin/env bash
# Builds ipcsim and opens it on its default scenario. Without a display, runs it headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec build/bin/ipcsim "$@"
fi
echo "start: no display; running the default scenario headless (ipcsim run pipe-hello)"
exec build/bin/ipcsim run pipe-hello "$@"
