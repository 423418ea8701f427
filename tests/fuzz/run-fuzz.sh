#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build one libFuzzer harness of tests/fuzz/ with clang (libFuzzer + ASan +
# UBSan) and run it for a while over its kept corpus. Needs clang and, on
# Debian, libclang-rt-14-dev (libFuzzer's runtime).
#   tests/fuzz/run-fuzz.sh content|npy [SECONDS]   (default 30)
# The content corpus starts from every page of data/book; new interesting
# inputs go to a scratch folder (MERGE=1 folds them into the kept corpus).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
name=$1
secs=${2:-30}
out=${FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/ab-fuzz-$name}
corpus="$here/$name-corpus"
mkdir -p "$out/new-corpus" "$corpus"
flags="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1"

case "$name" in
  content)
    # shellcheck disable=SC2046
    clang -std=c11 -D_GNU_SOURCE $flags -I"$root/src/book" \
      $(pkg-config --cflags glib-2.0 gio-2.0) \
      "$here/fuzz-content.c" "$root/src/book/ab-markdown.c" "$root/src/book/ab-block.c" \
      "$root/src/book/ab-front-matter.c" -o "$out/fuzz-content" \
      $(pkg-config --libs glib-2.0 gio-2.0) -lmd4c
    # The book's own pages are the best seeds.
    find "$root/data/book" -name '*.md' -exec cp {} "$out/new-corpus/" \;
    ;;
  npy)
    clang -std=c11 -D_GNU_SOURCE $flags -I"$root/src/kernels" \
      "$here/fuzz-npy.c" "$root/src/kernels/npy.c" "$root/src/kernels/npy-header.c" -o "$out/fuzz-npy"
    ;;
  *)
    echo "run-fuzz.sh: unknown harness “$name” (content or npy)" >&2
    exit 2
    ;;
esac

export ASAN_OPTIONS=detect_leaks=1
"$out/fuzz-$name" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 "$out/new-corpus" "$corpus"

if [ "${MERGE:-0}" = 1 ]; then
  mkdir -p "$out/merged"
  "$out/fuzz-$name" -merge=1 "$out/merged" "$corpus" "$out/new-corpus"
  rm -f "$corpus"/*
  cp "$out"/merged/* "$corpus/"
fi
