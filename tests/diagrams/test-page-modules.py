#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The page modules keep to the framework: text sizes come from style
tokens, colour maps and number formats from src/draw, prose values from
typed tables. Lists every line that does not, and fails if there is one."""
import os
import re
import sys

root = sys.argv[1]
pages = os.path.join(root, "src", "pages")
rules = [
    (re.compile(r"\bab_(draw_text|draw_math|measure_text)\s*\("), "a literal font size (use ab_text/ab_math with a style token)"),
    (re.compile(r"\b(cairo_set_font_size|cairo_select_font_face|pango_font_description_\w+)\s*\("), "a font chosen by hand"),
    (re.compile(r"char\s*\*\*\s*parts\b|_format_value\s*\("), "a hand-written value parser (use an AbValueSpec table)"),
    (re.compile(r"^static AbRgb\s*\n\w+\s*\(\s*double\b", re.M), "a local colour map (use ab_color_sequential/ab_color_diverging)"),
    (re.compile(r"_legacy\b|dup_step_title"), "a legacy framework vfunc"),
]

problems = []
for name in sorted(os.listdir(pages)):
    if not name.endswith((".c", ".h")):
        continue
    with open(os.path.join(pages, name), encoding="utf-8") as f:
        text = f.read()
    for pattern, why in rules:
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"src/pages/{name}:{line}: {why}")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
