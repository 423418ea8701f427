#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest, as far as it can be checked without Flathub.

flatpak/in.deepakbaby.AttentionBook.json parses (flatpak-builder
--show-manifest when Debian's flatpak-builder is installed, JSON otherwise);
it builds on the GNOME runtime with modules for what the runtime lacks (md4c,
OpenBLAS, Latin Modern Math) and the app last, with meson; every local path it
names exists; every download is pinned (sha256, or a git tag and commit);
finish-args are least privilege — Wayland with X11 fallback, IPC, DRI, the
Downloads folder for the CLI's output, and no network, host, home or bus
access; the app id and command match the desktop file, metainfo, schema and
meson.build.

  test-flatpak.py SOURCE_ROOT
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

root = sys.argv[1]
app_id = "in.deepakbaby.AttentionBook"
manifest_path = os.path.join(root, "flatpak", app_id + ".json")
manifest_dir = os.path.dirname(manifest_path)
problems = []

# 1. It parses, as flatpak-builder reads it.
builder = shutil.which("flatpak-builder")
if builder:
    with tempfile.TemporaryDirectory() as scratch:   # it leaves a .flatpak-builder/ where it runs
        shown = subprocess.run([builder, "--show-manifest", manifest_path], capture_output=True, text=True,
                               cwd=scratch)
    if shown.returncode != 0:
        sys.exit("flatpak-builder --show-manifest failed:\n" + shown.stderr)
    manifest = json.loads(shown.stdout)
else:
    print("test-flatpak: no flatpak-builder (Debian: flatpak-builder); checking the JSON only")
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)

# 2. Runtime, command, modules.
if manifest.get("id", manifest.get("app-id")) != app_id:
    problems.append("the manifest's id is %r, not %s" % (manifest.get("id"), app_id))
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problems.append("not on the GNOME runtime: %s / %s" % (manifest.get("runtime"), manifest.get("sdk")))
if not re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))) or int(manifest["runtime-version"]) < 47:
    problems.append("runtime-version %r is not a current GNOME release" % manifest.get("runtime-version"))
with open(os.path.join(root, "src", "meson.build"), encoding="utf-8") as f:
    if "executable('%s'" % manifest.get("command") not in f.read():
        problems.append("command %r is not an executable that src/meson.build installs" % manifest.get("command"))

modules = manifest.get("modules", [])
names = [m.get("name", "") if isinstance(m, dict) else m for m in modules]
for wanted in ("md4c", "openblas", "latin-modern-math"):
    if wanted not in names:
        problems.append("no module %s (the GNOME runtime lacks it)" % wanted)
if not modules or not isinstance(modules[-1], dict) or modules[-1].get("name") != "attention-book" \
        or modules[-1].get("buildsystem") != "meson":
    problems.append("the last module should be attention-book, built with meson")


# 3. Local paths exist; downloads are pinned.
def sources(module):
    for source in module.get("sources", []):
        yield source
    for sub in module.get("modules", []):
        if isinstance(sub, dict):
            yield from sources(sub)


for module in modules:
    if not isinstance(module, dict):
        if not os.path.exists(os.path.join(manifest_dir, module)):
            problems.append("module file %s does not exist" % module)
        continue
    for source in sources(module):
        kind = source.get("type")
        if "path" in source and not os.path.exists(os.path.join(manifest_dir, source["path"])):
            problems.append("%s: local path %s does not exist" % (module["name"], source["path"]))
        if kind in ("archive", "file") and "url" in source:
            if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                problems.append("%s: %s has no sha256" % (module["name"], source["url"]))
        if kind == "git":
            if not source.get("tag") or not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
                problems.append("%s: git source without a tag and a full commit" % module["name"])

# 4. Least privilege.
args = manifest.get("finish-args", [])
for needed in ("--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"):
    if needed not in args:
        problems.append("finish-args lack %s" % needed)
allowed_filesystems = {"xdg-download"}
for arg in args:
    if arg.startswith("--share=network"):
        problems.append("finish-args give network access (%s): the book runs offline" % arg)
    elif arg.startswith("--filesystem="):
        fs = arg.split("=", 1)[1]
        if fs.split(":")[0] not in allowed_filesystems:
            problems.append("finish-args give file access %s: exports go through the portal or Downloads" % arg)
    elif arg in ("--socket=x11", "--socket=session-bus", "--socket=system-bus", "--device=all") \
            or arg.startswith(("--talk-name", "--system-talk-name", "--own-name=org.freedesktop")):
        problems.append("finish-args give more than the app needs: %s" % arg)

# 5. One id everywhere.
data = os.path.join(root, "data")
for name in (app_id + ".desktop.in", app_id + ".metainfo.xml.in", app_id + ".gschema.xml"):
    if not os.path.exists(os.path.join(data, name)):
        problems.append("data/%s does not exist: the id differs there" % name)
try:
    meta = ET.parse(os.path.join(data, app_id + ".metainfo.xml.in")).getroot()
    if meta.findtext("id") != app_id:
        problems.append("metainfo <id> is %r" % meta.findtext("id"))
    if meta.findtext("launchable") != app_id + ".desktop":
        problems.append("metainfo <launchable> is %r" % meta.findtext("launchable"))
    binaries = [b.text for b in meta.iter("binary")]
    if manifest.get("command") not in binaries:
        problems.append("metainfo <provides><binary> does not name %s" % manifest.get("command"))
    schema = ET.parse(os.path.join(data, app_id + ".gschema.xml")).getroot()
    if [s.get("id") for s in schema.iter("schema")] != [app_id]:
        problems.append("the schema ids are %s" % [s.get("id") for s in schema.iter("schema")])
except (OSError, ET.ParseError) as e:
    problems.append(str(e))
with open(os.path.join(data, app_id + ".desktop.in"), encoding="utf-8") as f:
    desktop = f.read()
if "Icon=%s\n" % app_id not in desktop or not re.search(r"^Exec=%s\b" % re.escape(manifest.get("command", "")),
                                                        desktop, re.M):
    problems.append("the desktop file's Icon or Exec does not match the manifest")
with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
    if "app_id = '%s'" % app_id not in f.read():
        problems.append("meson.build's app_id is not %s" % app_id)

for p in problems:
    print("test-flatpak: " + p, file=sys.stderr)
print("test-flatpak: %d modules, %d finish-args checked" % (len(modules), len(args)))
sys.exit(1 if problems else 0)
