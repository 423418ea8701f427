#!/bin/sh
# Run every benchmark and print its figures (never part of `make test`).
#   bench/run-all.sh [BUILDDIR]
set -eu
build=${1:-_build}
echo "== Diagram draw time per frame (1920×1080) =="
"$build/bench/app/bench-draw"
echo
echo "== Start to first painted page =="
GSETTINGS_SCHEMA_DIR="$build/data" xvfb-run -a -s "-screen 0 1280x960x24" \
  "$build/bench/app/bench-startup" "$build/src/attention-book"
echo
echo "== Math typesetting =="
"$build/bench/math/bench-math"
echo
echo "== Attention kernels (see bench/kernels/README.md for the full grid) =="
bench/kernels/run-bench.sh "$build" --quick 2>/dev/null || echo "(run bench/kernels/run-bench.sh for the kernel grid)"
