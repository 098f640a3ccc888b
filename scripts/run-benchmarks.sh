#!/usr/bin/env bash
# The main job: builds Release and runs the comparison tool on the default shape suite, printing
# one table per op. Extra arguments go to cnnkit-bench (e.g. --json out.json, --quick, --help).
# Run scripts/setup-debian.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cnnkit-bench
exec build/release/bench/cnnkit-bench "$@"
