#!/usr/bin/env bash
# A longer run of the differential fuzzer than the test command's two minutes:
#   ./scripts/run-fuzzer.sh [seconds] [workers]      (default: 3600 s, one worker per core)
# Builds the 'fuzz' preset (clang, ASan+UBSan), fuzzes from tests/fuzz/corpus into build/fuzz/corpus,
# and leaves any crash input (a finding) as build/fuzz/crash-*; replay one with
#   build/fuzz/tests/fuzz/cnnkit_fuzz build/fuzz/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3600}
workers=${2:-$(nproc)}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target cnnkit_fuzz
mkdir -p build/fuzz/corpus
export OMP_WAIT_POLICY=passive ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
exec build/fuzz/tests/fuzz/cnnkit_fuzz -max_total_time="$seconds" -jobs="$workers" -workers="$workers" \
  -timeout=60 -rss_limit_mb=6000 -max_len=512 -print_final_stats=1 -artifact_prefix=build/fuzz/ \
  build/fuzz/corpus tests/fuzz/corpus build/fuzz/tests/fuzz/corpus_grown
