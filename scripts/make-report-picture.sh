#!/usr/bin/env bash
# Regenerates docs/images/cnnkit-bench-report.png, the picture in README.md and bench/README.md: a
# cnnkit-bench run with --report on the seeds' and the SIGNS ConvNet's layers (all engines, 1 and 2
# threads), six of its page's charts side by side (scripts/report_picture/compose_charts.py), and a
# headless-Chromium screenshot of them. Run on a quiet machine after a release build:
#   scripts/make-report-picture.sh [build dir (build/release)]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/bench/cnnkit-bench" --shapes seeds,signs_convnet --threads 1,2 --max-case-time 0.3 \
  --report "$work/report" > "$work/run.txt" 2> "$work/progress.txt"
/usr/bin/python3 scripts/report_picture/compose_charts.py "$work/report/index.html" "$work/picture.html"
chromium --headless --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir="$work/chromium" \
  --window-size=1360,1175 --screenshot="$work/picture.png" "file://$work/picture.html" 2> /dev/null
cp "$work/picture.png" docs/images/cnnkit-bench-report.png
echo "wrote docs/images/cnnkit-bench-report.png ($(stat -c %s docs/images/cnnkit-bench-report.png) bytes)"
