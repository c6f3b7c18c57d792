#!/usr/bin/env bash
# Fails when a C++ source is not as clang-format (.clang-format) writes it, naming the file and
# the line; `git clang-format` or `clang-format -i FILE` fixes it. CI runs it through
# scripts/test.sh. Outside a git checkout there is no list of sources, and it says so.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "check-format: not a git checkout, sources not checked"
    exit 0
fi
# Tracked and new (untracked, not ignored) sources: a file not yet added is checked too.
mapfile -t sources < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.h')
clang-format --dry-run --Werror "${sources[@]}"
echo "check-format: ${#sources[@]} sources as clang-format writes them"
