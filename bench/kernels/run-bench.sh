#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-bench.sh — the attention benchmark grid of issue #3.
#
# Usage: bench/kernels/run-bench.sh [BUILD_DIR]   (default: _build-kernels)
# Environment (defaults in brackets):
#   NS       sequence lengths            [1024 2048 4096 8192 16384]
#   DS       head dimensions             [64 128]
#   THREADS  thread counts               [1 2]
#   CAUSAL   "0 1" = off and on          [0 1]
#   ALGOS    algorithms                  [naive flash1 flash2]
#   REPEAT   timed repeats, best is kept [10]; N >= 8192 uses REPEAT_LARGE [2]
#   OUT      JSON-lines output           [bench-kernels.jsonl]
# Every run is `attn-kernels bench --json` on one head of N(0,1) inputs.
# The sgemm peak is measured per thread count (2048³ sgemm, best of 15).
# Prints a markdown table (bench/kernels/table.py) at the end.
set -eu

BUILD=${1:-_build-kernels}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${ATTN_KERNELS:-$BUILD/src/kernels/attn-kernels}
NS=${NS:-"1024 2048 4096 8192 16384"}
DS=${DS:-"64 128"}
THREADS=${THREADS:-"1 2"}
CAUSAL=${CAUSAL:-"0 1"}
ALGOS=${ALGOS:-"naive flash1 flash2"}
REPEAT=${REPEAT:-10}
REPEAT_LARGE=${REPEAT_LARGE:-2}
OUT=${OUT:-bench-kernels.jsonl}

[ -x "$BIN" ] || { echo "run-bench.sh: $BIN not built (meson compile -C $BUILD attn-kernels)" >&2; exit 1; }
: > "$OUT"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

for t in $THREADS; do
  # best of three measurements (each already best of five sgemms)
  peak=$(for i in 1 2 3; do "$BIN" sgemm-peak --threads "$t"; done | sort -g | tail -1)
  echo "sgemm peak, $t thread(s): $peak GFLOP/s" >&2
  for n in $NS; do
    r=$REPEAT
    [ "$n" -ge 8192 ] && r=$REPEAT_LARGE
    for d in $DS; do
      for c in $CAUSAL; do
        flag=""
        [ "$c" = 1 ] && flag="--causal"
        for a in $ALGOS; do
          echo "  $a n=$n d=$d threads=$t causal=$c" >&2
          "$BIN" bench --algo "$a" --n "$n" --d "$d" --heads 1 --threads "$t" $flag \
            --repeat "$r" --json --sgemm-peak "$peak" >> "$OUT" \
            || echo "  ($a n=$n d=$d failed)" >&2
        done
      done
    done
  done
done

python3 "$HERE/table.py" "$OUT"
