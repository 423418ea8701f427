#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The German translation is complete and used.

Extracts the strings the sources mark today (xgettext with meson's glib
preset, over po/POTFILES.in) and fails on any UI or command-line string that
po/de.po does not translate, or translates only fuzzily — the diagram text in
src/pages/ is figure text of the book, which stays English like the book. Then
runs the built app with LANGUAGE=de and checks that German comes out of
--help, the export and render-math usage errors and `check`.

When it fails because strings were added: `meson compile -C _build
attention-book-update-po`, translate the new entries in po/de.po, run again.

  test-translation.py SOURCE_ROOT BUILD_ROOT
"""
import ast
import os
import re
import subprocess
import sys
import tempfile

root, build = sys.argv[1], sys.argv[2]
app = os.path.join(build, "src", "attention-book")

GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3", "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format", "--flag=g_printerr:1:c-format",
]


def parse_po(path):
    """(msgctxt, msgid) -> (msgstrs, fuzzy, source files) for each entry."""
    entries = {}
    with open(path, encoding="utf-8") as f:
        blocks = re.split(r"\n\s*\n", f.read())
    for block in blocks:
        fields, refs, fuzzy, key = {}, [], False, None
        for line in block.splitlines():
            if line.startswith("#:"):
                refs += [r.rsplit(":", 1)[0] for r in line[2:].split()]
            elif line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            else:
                m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
                if m:
                    key = m.group(1)
                    fields[key] = ast.literal_eval(m.group(2))
        if fields.get("msgid"):
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries[(fields.get("msgctxt"), fields["msgid"])] = (strs, fuzzy, set(refs))
    return entries


problems = []

# 1. Every string the sources mark now is translated.
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "now.pot")
    extract = subprocess.run(["xgettext", *GLIB_PRESET, "--directory", root,
                              "--files-from", os.path.join(root, "po", "POTFILES.in"), "--output", pot],
                             capture_output=True, text=True)
    if extract.returncode != 0:
        sys.exit("xgettext failed:\n" + extract.stderr)
    wanted = parse_po(pot)
de = parse_po(os.path.join(root, "po", "de.po"))
untranslated, n_ui = [], 0
for key, (_strs, _fuzzy, refs) in wanted.items():
    if refs and all(r.startswith("src/pages/") for r in refs):
        continue
    n_ui += 1
    strs, fuzzy, _ = de.get(key, ([], False, set()))
    if not strs or not all(strs) or fuzzy:
        untranslated.append(key)
for ctx, msgid in untranslated[:25]:
    problems.append("po/de.po does not translate %s%r" % ("[%s] " % ctx if ctx else "", msgid))
if len(untranslated) > 25:
    problems.append("… and %d more" % (len(untranslated) - 25))
if untranslated:
    problems.append("refresh with `meson compile -C _build attention-book-update-po`, then translate them")
print("%d UI and CLI strings (diagram text aside), %d untranslated" % (n_ui, len(untranslated)))

check = subprocess.run(["msgfmt", "--check", "--output-file", os.devnull, os.path.join(root, "po", "de.po")],
                       capture_output=True, text=True)
if check.returncode != 0:
    problems.append("msgfmt --check po/de.po:\n" + check.stderr)

# 2. The app speaks German with LANGUAGE=de (gettext also needs a non-C locale).
env = dict(os.environ, LANGUAGE="de", LANG="C.UTF-8")
env.pop("LC_ALL", None)
env.pop("LC_MESSAGES", None)


def run(*args):
    return subprocess.run([app, *args], env=env, capture_output=True, text=True, timeout=60)


expectations = [
    (("--help",), "stdout", ["Aufruf:", "Befehle (laufen ohne Bildschirm):", "SEITE"]),
    (("export", "--format", "svg", "--out", "/"), "stderr", ["--diagram NAME ist erforderlich"]),
    (("render-math", "--tex", "x"), "stderr", ["--tex und --out sind erforderlich"]),
    (("check", "/nonexistent-book-folder"), "stderr", ["ist kein Ordner"]),
]
for args, stream, needles in expectations:
    result = run(*args)
    text = getattr(result, stream)
    for needle in needles:
        if needle not in text:
            problems.append("attention-book %s with LANGUAGE=de: no “%s” in its %s:\n%s"
                            % (" ".join(args), needle, stream, text))

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
