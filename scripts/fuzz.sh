#!/usr/bin/env bash
# The scenario loader's fuzz target under clang's libFuzzer, with AddressSanitizer and
# UndefinedBehaviorSanitizer, for a bounded time: IPCSIM_FUZZ_SECONDS (60 by default). It
# starts from the built-in lessons and every regression file. An input that crashes it is
# saved in tests/fuzz/regressions/ and fails the run: commit it with its fix, and ctest's
# deterministic fuzz pass replays it from then on. Without clang's libFuzzer it says so and
# passes (that pass still runs under g++).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${IPCSIM_FUZZ_SECONDS:-60}
out=build-fuzz
mkdir -p "$out/corpus" tests/fuzz/regressions

if ! command -v clang++ >/dev/null ||
   ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char *, unsigned long) { return 0; }' |
     clang++ -x c++ -fsanitize=fuzzer - -o "$out/probe" 2>/dev/null; then
    echo "fuzz: clang's libFuzzer is not available here; skipped"
    exit 0
fi

sources=(tests/fuzz/fuzz_scenario.cpp core/scenario/*.cpp core/ipc/*.cpp core/kinds/*/format.cpp)
if [ ! -x "$out/fuzz_scenario" ] ||
   [ -n "$(find tests/fuzz core/scenario core/ipc core/kinds -newer "$out/fuzz_scenario" | head -1)" ]; then
    clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -DIPCSIM_LIBFUZZER -Icore "${sources[@]}" -lrt -pthread -o "$out/fuzz_scenario"
fi

echo "fuzz: the scenario loader for ${seconds} s"
"$out/fuzz_scenario" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=tests/fuzz/regressions/ -print_final_stats=1 \
    "$out/corpus" resources/scenarios tests/fuzz/regressions 2>"$out/fuzz.log" || {
    tail -40 "$out/fuzz.log" >&2
    echo "fuzz: a crash; its input is in tests/fuzz/regressions/" >&2
    exit 1
}
grep -E "^Done|stat::number_of_executed_units|stat::peak_rss_mb" "$out/fuzz.log" || true
