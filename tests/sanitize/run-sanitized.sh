#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (clang), in a build folder of its own (also the one the fuzz suite's
# harnesses are built in: `make test` runs them through this script):
#   tests/sanitize/run-sanitized.sh [BUILDDIR]   (default _build-sanitize)
# Leaks are errors; the only suppressions are third-party process-long
# caches, each commented in lsan.supp. Extra arguments after the folder go
# to `meson test` instead of the default selection below (test names,
# --suite …).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-_build-sanitize}
[ $# -gt 0 ] && shift

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$root" -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz=true -Dc_args=-fno-omit-frame-pointer
fi
meson compile -C "$build"

# Fast unwinding keeps the suite quick; for a leak report's full stack (the
# system libraries have no frame pointers) rerun one test with
# ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0. Stop at the first
# UBSan report; fontconfig's caches are suppressed, nothing of ours is.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0}
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Without arguments: every test but these, each for a stated reason —
#   gui suite: run apart below, with full stacks;
#   test-hugo-site: Hugo and Chromium, no code of ours beyond the exporter
#     that test-hugo-cli already runs sanitized;
#   run-code-blocks and the fuzz suite: no sanitized code of ours, or
#     already run by `make test`.
default_selection=0
if [ $# -eq 0 ]; then
  default_selection=1
  set -- $(meson test -C "$build" --list 2>/dev/null |
    sed -n 's|^attention-book:\([^ ]*\) / \(.*\)$|\1 \2|p' |
    awk '$1 != "gui" && $1 !~ /fuzz/ && $2 != "test-hugo-site" && $2 != "run-code-blocks" { print $2 }')
fi
meson test -C "$build" --print-errorlogs --timeout-multiplier 4 "$@"

# The GUI tests, apart: with full stacks (slow unwinding), so that the one
# library allocating for good at load time (GLib's constructor: _dl_init in
# lsan.supp) can be told from our code, which fast unwinding cannot (its
# stacks end in g_malloc); and without GL (GDK_DEBUG=gl-disable), whose Mesa
# driver keeps allocations it has no symbols for. Stacks of 10 frames reach
# _dl_init from a constructor's allocation and say where one of ours comes
# from, and unwinding no deeper keeps test-gui at about 6.5 minutes on the
# 2-core Zen 4 EPYC. Their waits for the app scale with AB_TEST_SLOWDOWN:
# slow unwinding makes every frame several times slower.
if [ "$default_selection" = 1 ]; then
  ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0:malloc_context_size=10" GDK_DEBUG=gl-disable AB_TEST_SLOWDOWN=4 \
    meson test -C "$build" --print-errorlogs --timeout-multiplier 6 \
      test-preferences test-lab test-present test-diagram-view test-a11y test-a11y-de \
      test-fonts-missing test-gui
fi
