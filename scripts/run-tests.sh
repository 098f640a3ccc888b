#!/usr/bin/env bash
# Builds and runs every test suite: Release, then AddressSanitizer+UBSan, then ThreadSanitizer.
# CNNKIT_TEST_PRESETS="release asan" picks a subset. Run scripts/setup-debian.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

presets=${CNNKIT_TEST_PRESETS:-"release asan tsan"}
jobs=$(nproc)
for preset in $presets; do
  echo "==== $preset ===="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done
echo "run-tests: all presets passed ($presets)"
