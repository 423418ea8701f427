#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install` into a temporary destdir, then run the installed app from
# there: every file a desktop needs is installed (and validates), the headless
# CLI works, translations are found beside the binary, and under Xvfb the
# window paints its first page — first without a compiled settings schema
# (a staged install: in-memory settings and one warning), then with one
# (as a package's trigger compiles it: no warning).
#   tests/app/test-install.sh BUILD_ROOT PREFIX
set -eu
build=$1
prefix=$2
app_id=in.deepakbaby.AttentionBook

dest=$(mktemp -d "${TMPDIR:-/tmp}/ab-install-XXXXXX")
trap 'rm -rf "$dest"' EXIT
fail() { echo "test-install: $*" >&2; exit 1; }

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$dest/install.log" 2>&1 ||
  { cat "$dest/install.log" >&2; fail "meson install failed"; }
root=$dest$prefix
bin=$root/bin/attention-book

for f in bin/attention-book \
         share/applications/$app_id.desktop \
         share/metainfo/$app_id.metainfo.xml \
         share/icons/hicolor/scalable/apps/$app_id.svg \
         share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg \
         share/glib-2.0/schemas/$app_id.gschema.xml; do
  [ -s "$root/$f" ] || fail "not installed: $prefix/$f"
done
for lang in $(sed 's/#.*//' "$(dirname "$0")/../../po/LINGUAS"); do
  [ -s "$root/share/locale/$lang/LC_MESSAGES/attention-book.mo" ] ||
    fail "translation not installed: $prefix/share/locale/$lang/LC_MESSAGES/attention-book.mo"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/share/applications/$app_id.desktop" || fail "installed desktop file does not validate"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$root/share/metainfo/$app_id.metainfo.xml" >"$dest/as.log" 2>&1 ||
    { cat "$dest/as.log" >&2; fail "installed metainfo does not validate"; }
fi

# Only what the install itself provides: no build-folder schema, no other prefix.
unset GSETTINGS_SCHEMA_DIR
export XDG_DATA_DIRS=/usr/share
export GSETTINGS_BACKEND=memory

# The headless CLI, from the installed binary.
"$bin" --version | grep -qx "attention-book [0-9.]*" || fail "--version"
"$bin" list-diagrams | grep -q "^scoring-functions" || fail "list-diagrams does not list scoring-functions"
mkdir "$dest/frames"
"$bin" export --diagram scoring-functions --step 2 --format svg --out "$dest/frames" 2>/dev/null ||
  fail "export failed"
[ -s "$dest/frames/scoring-functions-step-02.svg" ] || fail "export wrote no frame"
"$bin" render-math --tex '\sqrt{d_k}' --out "$dest/frames/m.svg" || fail "render-math failed"

# Translations come from the install's own share/locale (not the configured prefix).
if grep -qx de "$(dirname "$0")/../../po/LINGUAS"; then
  LANGUAGE=de LANG=C.UTF-8 LC_ALL= "$bin" --help 2>&1 | grep -q "Befehle" ||
    fail "the installed app does not find its German translation"
fi

command -v xvfb-run >/dev/null || { echo "test-install: no xvfb-run, window not checked"; exit 0; }
installed_elsewhere=$(ls /usr/share/glib-2.0/schemas/$app_id.gschema.xml 2>/dev/null || true)

# AB_BENCH_FIRST_PAINT: the app prints "first-paint" once its page is on screen, then quits.
run_window() {
  AB_BENCH_FIRST_PAINT=1 timeout 60 xvfb-run -a -s "-screen 0 1280x960x24" \
    "$bin" --page part-1/scaled-dot-product >"$dest/out.log" 2>"$dest/err.log" || true
  grep -q "^first-paint" "$dest/out.log" || { cat "$dest/err.log" >&2; fail "$1: the window never painted"; }
}

# A staged install has no gschemas.compiled (meson skips post-install with
# --destdir): the app runs on in-memory settings and says so once.
[ ! -e "$root/share/glib-2.0/schemas/gschemas.compiled" ] || fail "unexpected gschemas.compiled"
run_window "without a compiled schema"
if [ -z "$installed_elsewhere" ]; then
  [ "$(grep -c "settings schema $app_id is not installed" "$dest/err.log")" = 1 ] ||
    { cat "$dest/err.log" >&2; fail "without a schema: expected one warning"; }
fi

# Compiled, as a package's trigger does: found beside the binary, no warning.
glib-compile-schemas "$root/share/glib-2.0/schemas"
run_window "with the compiled schema"
if grep -q "settings schema" "$dest/err.log"; then
  cat "$dest/err.log" >&2
  fail "with the compiled schema the app still warns"
fi
echo "test-install: installed to $prefix under a destdir; CLI, translations and window work from there"
