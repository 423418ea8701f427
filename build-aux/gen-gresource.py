#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the app's GResource XML: the UI files and every file of the book.

The book is data: whatever data/book/ holds is compiled in, so adding a page
never means editing a list.
"""
import os
import sys
from xml.sax.saxutils import escape

data_dir, output = sys.argv[1], sys.argv[2]
fixed = ["ui/ab-window.ui", "ui/ab-diagram-view.ui", "ui/ab-lab-view.ui", "ui/ab-preferences.ui",
         "gtk/help-overlay.ui", "style.css",
         "ui/ab-audience-window.ui", "ui/ab-presenter-console.ui", "present.css",
         "hugo/player.html", "hugo/player.css", "hugo/player.js", "hugo/embed.html",
         "models/models.ini"]
book = []
for root, _dirs, files in os.walk(os.path.join(data_dir, "book")):
    for name in files:
        if name.endswith((".md", ".ini")):
            book.append(os.path.relpath(os.path.join(root, name), data_dir))

lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<gresources>",
         '  <gresource prefix="/in/deepakbaby/AttentionBook">']
for path in fixed:
    attr = ' preprocess="xml-stripblanks"' if path.endswith(".ui") else ""
    lines.append(f"    <file{attr}>{escape(path)}</file>")
for path in sorted(book):
    lines.append(f"    <file>{escape(path)}</file>")
lines += ["  </gresource>", "</gresources>", ""]

text = "\n".join(lines)
try:
    with open(output, encoding="utf-8") as f:
        if f.read() == text:
            sys.exit(0)  # unchanged: keep the timestamp, skip the rebuild
except FileNotFoundError:
    pass
with open(output, "w", encoding="utf-8") as f:
    f.write(text)
