#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run every benchmark and print its figures (never part of `make test`).
#   bench/run-all.sh [BUILDDIR]
set -eu
build=${1:-_build}
echo "== Diagram draw time per frame (1920×1080) =="
"$build/bench/app/bench-draw"
echo
echo "== Computed numbers of each page, in reading order =="
"$build/bench/app/bench-values"
echo
echo "== Start to first painted page, then every page opened in turn =="
GSETTINGS_SCHEMA_DIR="$build/data" xvfb-run -a -s "-screen 0 1280x960x24" \
  "$build/bench/app/bench-startup" "$build/src/attention-book" --every-page
echo
echo "== The same start-up with a book 4 times the size =="
GSETTINGS_SCHEMA_DIR="$build/data" xvfb-run -a -s "-screen 0 1280x960x24" \
  "$build/bench/app/bench-startup" "$build/src/attention-book" --book-scale 4
echo
echo "== Math typesetting =="
"$build/bench/math/bench-math"
echo
echo "== Attention kernels: a quick subset (bench/kernels/run-bench.sh runs the whole grid) =="
OUT="${TMPDIR:-/tmp}/bench-kernels.jsonl" NS="1024 2048 4096" DS=128 THREADS=1 CAUSAL=0 REPEAT=3 \
  bench/kernels/run-bench.sh "$build"
