#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run every Python code block of the book, as a reader would paste it.

A block that needs a GPU, a download or a package Debian does not ship
(CUDA tensors, Hugging Face models, flash-attn, vLLM) cannot run here: it
must still compile, and it is listed as such. Every other block runs on the
CPU with PyTorch (Debian's python3-torch) and must exit 0; a block that
prints a check (torch.allclose …) must not print False.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

NEEDS_MORE = ("cuda", "from_pretrained", "flash_attn", "vllm", "transformers")

root = os.environ.get("AB_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
pages = sorted(glob.glob(os.path.join(root, "data", "book", "*", "*.md")))
try:
    import torch  # noqa: F401
except ImportError:
    sys.exit("run-code-blocks: PyTorch is missing: install Debian's python3-torch "
             "(build-aux/install-deps.sh does)")

failures, ran, compiled = [], 0, 0
for page in pages:
    text = open(page, encoding="utf-8").read()
    for match in re.finditer(r"^```python\n(.*?)^```", text, re.S | re.M):
        code = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        where = f"{os.path.relpath(page, root)}:{line}"
        try:
            compile(code, where, "exec")
        except SyntaxError as e:
            failures.append(f"{where}: does not compile: {e}")
            continue
        if any(word in code for word in NEEDS_MORE):
            compiled += 1
            print(f"{where}: compiles (needs a GPU or a download to run)")
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(code)
        try:
            r = subprocess.run([sys.executable, f.name], capture_output=True, text=True, timeout=300)
        finally:
            os.unlink(f.name)
        ran += 1
        out = r.stdout.strip()
        print(f"{where}: exit {r.returncode}" + (f", printed: {out[-200:]}" if out else ""))
        if r.returncode != 0:
            failures.append(f"{where}: exit {r.returncode}: {r.stderr.strip()[-500:]}")
        elif any(l.strip() == "False" for l in out.splitlines()):
            failures.append(f"{where}: its check printed False")

print(f"{ran} blocks ran, {compiled} compiled only")
if ran == 0:
    failures.append("no runnable code block found")
for f in failures:
    print(f, file=sys.stderr)
sys.exit(1 if failures else 0)
