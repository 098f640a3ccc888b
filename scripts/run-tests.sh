#!/usr/bin/env bash
# Builds and runs every test suite: Release, then AddressSanitizer+UBSan, then ThreadSanitizer, then
# the differential fuzzer (clang's libFuzzer under ASan+UBSan, about two minutes; skipped with a
# message when clang++ or its libFuzzer runtime is missing).
# CNNKIT_TEST_PRESETS="release asan" picks a subset. Run scripts/setup-debian.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

presets=${CNNKIT_TEST_PRESETS:-"release asan tsan fuzz"}
jobs=$(nproc)
ran=()
took=()  # "preset: build N s, tests M s", printed last (CI shows the log's tail; the budget is 60 minutes)
trap 'printf "run-tests: %s\n" "${took[@]}"' EXIT  # also when a step fails
for preset in $presets; do
  if [ "$preset" = fuzz ] && ! command -v clang++ >/dev/null; then
    echo "==== fuzz: skipped (clang++ not found; scripts/setup-debian.sh installs it) ===="
    continue
  fi
  echo "==== $preset ===="
  start=$SECONDS
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  built=$SECONDS
  ctest --preset "$preset" -j "$jobs"
  ran+=("$preset")
  took+=("$preset: build $((built - start)) s, tests $((SECONDS - built)) s")
done
echo "run-tests: all presets passed (${ran[*]}) in $SECONDS s on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
