#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every source with translatable strings is listed in po/POTFILES.in."""
import os
import re
import sys

root = sys.argv[1]
with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
    listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}

marked = re.compile(r'\b(?:N?_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"')
missing = []
for folder, _dirs, files in os.walk(os.path.join(root, "src")):
    for name in files:
        if name.endswith(".c"):
            path = os.path.relpath(os.path.join(folder, name), root)
            with open(os.path.join(root, path), encoding="utf-8") as f:
                if marked.search(f.read()) and path not in listed:
                    missing.append(path)

for path in sorted(missing):
    print(f"po/POTFILES.in does not list {path}, which has translatable strings")
sys.exit(1 if missing else 0)
