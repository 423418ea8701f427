#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the math fuzz harness with clang (libFuzzer + ASan + UBSan) and run it
# for a while over tests/math/fuzz-corpus/. Needs clang and, on Debian,
# libclang-rt-14-dev (libFuzzer's runtime).
#   tests/math/run-fuzz.sh [SECONDS]   (default 60)
# New interesting inputs go to a scratch directory; run with MERGE=1 to fold
# them back into the kept corpus (minimised).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-60}
out=${FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/ab-fuzz-math}
mkdir -p "$out/new-corpus"

printf '#define GETTEXT_PACKAGE "attention-book"\n' > "$out/config.h"

flags="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1"
# shellcheck disable=SC2046
clang -std=c11 -D_GNU_SOURCE $flags -I"$out" -I"$root/src/math" \
  $(pkg-config --cflags glib-2.0 cairo harfbuzz freetype2 fontconfig) \
  "$here/fuzz-math.c" "$root"/src/math/*.c -o "$out/fuzz-math" \
  $(pkg-config --libs glib-2.0 cairo harfbuzz freetype2 fontconfig) -lm

# Seed the corpus from the equation corpus the first time.
if [ -z "$(ls -A "$here/fuzz-corpus" 2>/dev/null)" ]; then
  n=0
  grep -E '^[DT]	' "$here/corpus.txt" | while IFS= read -r line; do
    n=$((n + 1))
    flag=$(printf '%s' "$line" | cut -c1)
    tex=$(printf '%s' "$line" | cut -c3-)
    if [ "$flag" = D ]; then b='\003'; else b='\002'; fi
    { printf "$b"; printf '%s' "$tex"; } > "$here/fuzz-corpus/seed-$(printf %03d $n)"
  done
fi

export ASAN_OPTIONS=detect_leaks=1
# The font by path, found once here: fontconfig's process-long caches would
# read as leaks, and the fuzzer tests the typesetter, not the font lookup.
AB_MATH_FONT=$(fc-match -f '%{file}' 'Latin Modern Math')
export AB_MATH_FONT
"$out/fuzz-math" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
  -print_final_stats=1 "$out/new-corpus" "$here/fuzz-corpus"

if [ "${MERGE:-0}" = 1 ]; then
  mkdir -p "$out/merged"
  "$out/fuzz-math" -merge=1 "$out/merged" "$here/fuzz-corpus" "$out/new-corpus"
  rm -f "$here"/fuzz-corpus/*
  cp "$out"/merged/* "$here/fuzz-corpus/"
fi
