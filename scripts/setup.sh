#!/usr/bin/env bash
# Installs what ipcsim needs to build, test and show its window, on Debian 12 or Ubuntu.
# Installs only what is missing; uses sudo when not root.
set -euo pipefail

# clang: its libFuzzer drives the fuzz target (scripts/fuzz.sh); clang-format checks that the
# sources are formatted (scripts/check-format.sh).
packages=(cmake ninja-build g++ qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-qpa-plugins
          xvfb xauth imagemagick fonts-dejavu-core clang clang-format)
# Qt Charts needs the OpenGL development files, without their recommends (a whole GL stack).
lean=(libqt6opengl6-dev)

missing() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

mapfile -t need < <(missing "${packages[@]}")
mapfile -t needLean < <(missing "${lean[@]}")
if [ ${#need[@]} -eq 0 ] && [ ${#needLean[@]} -eq 0 ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${need[*]} ${needLean[*]}" >&2; exit 1; }
    sudo="sudo"
fi
echo "setup: installing ${need[*]} ${needLean[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if [ ${#need[@]} -gt 0 ]; then
    $sudo apt-get install -y -qq "${need[@]}"
fi
if [ ${#needLean[@]} -gt 0 ]; then
    $sudo apt-get install -y -qq --no-install-recommends "${needLean[@]}"
fi
