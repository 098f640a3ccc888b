#!/usr/bin/env bash
# Regenerates the measured run in examples/README.md: runs train_convnet on Fashion-MNIST and
# pastes its output, unedited, with the machine that produced it, between the markers
#   <!-- train_convnet run: begin --> ... <!-- train_convnet run: end -->
# usage: examples/train_convnet/regenerate_readme.sh [build dir (default build/release)] [train_convnet options]
# (default options: --epochs 3). Needs dataset-fashion-mnist (or pass --data-dir DIR).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build/release}
shift || true
options=("$@")
[ ${#options[@]} -eq 0 ] && options=(--epochs 3)
program="$build/examples/train_convnet/train_convnet"
readme="$root/examples/README.md"
[ -x "$program" ] || { echo "no $program: build the train_convnet target first" >&2; exit 1; }

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
load=$(cut -d' ' -f1-3 /proc/loadavg)  # other jobs on the machine slow the epochs down: say how busy it was
output=$("$program" "${options[@]}")
compiler=$(grep -m1 '^CMAKE_CXX_COMPILER:' "$build/CMakeCache.txt" | cut -d= -f2- || true)
build_type=$(grep -m1 '^CMAKE_BUILD_TYPE:' "$build/CMakeCache.txt" | cut -d= -f2- || true)

section=$(mktemp)
trap 'rm -f "$section"' EXIT
{
  echo "Machine: $cpu, $(nproc) logical CPUs, load average $load (1, 5, 15 min) as the run started;"
  echo "${build_type:-unknown} build, $("${compiler:-c++}" --version | head -n1). The CPU tier in the"
  echo "output's first line is cnnkit's ISA detection. Written by \`examples/train_convnet/regenerate_readme.sh\`"
  echo "on $(date -u +%Y-%m-%d):"
  echo
  echo '```'
  echo "\$ train_convnet ${options[*]}"
  echo "$output"
  echo '```'
} >"$section"

# Replace what lies between the markers, keep everything else.
awk -v section="$section" '
  /<!-- train_convnet run: begin -->/ { print; while ((getline line < section) > 0) print line; skip = 1; next }
  /<!-- train_convnet run: end -->/ { skip = 0 }
  !skip { print }
' "$readme" >"$readme.new"
grep -q '<!-- train_convnet run: end -->' "$readme.new" || { rm -f "$readme.new"; echo "markers missing in $readme" >&2; exit 1; }
mv "$readme.new" "$readme"
echo "updated $readme"
