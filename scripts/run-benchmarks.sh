#!/usr/bin/env bash
# The main job: builds Release and runs the comparison tool on the default shape suite, printing
# one table per op, and the same results as charts in build/release/bench-report/index.html
# (--report). Extra arguments go to cnnkit-bench (e.g. --json out.json, --quick, --help).
# Then, when the system python has PyTorch (python3-torch) and the default suite ran, times
# PyTorch's pooling, ReLU and dense on the same shapes (bench/pytorch/torch_bench.py) and prints
# cnnkit / PyTorch ratios from this run's results. CNNKIT_PYTORCH=0 skips that part.
# Run scripts/setup-debian.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cnnkit-bench

results=build/release/bench-results.csv
report=build/release/bench-report
status=0
rm -f "$results"
build/release/bench/cnnkit-bench --csv "$results" --report "$report" "$@" || status=$?

subset=0
threads=1,2
while [ $# -gt 0 ]; do
  case "$1" in
    --ops|--shapes|--variants|--engines|--dtype|--help|--list) subset=1 ;;
    --threads) threads=${2:-$threads} ;;
  esac
  shift
done
if [ "${CNNKIT_PYTORCH:-auto}" != 0 ] && [ "$subset" = 0 ] && [ -f "$results" ] \
   && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo
  echo "==== PyTorch on the same shapes (pooling, ReLU, dense) ===="
  /usr/bin/python3 bench/pytorch/torch_bench.py --threads "$threads" --cnnkit-csv "$results" || status=$?
fi
exit "$status"
