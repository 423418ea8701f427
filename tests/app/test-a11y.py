#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader gets: the app's accessibility tree over AT-SPI.

Starts the built app on the scaled-dot-product page (a live diagram, display
and inline formulas, a table, code, the contents list) with GTK's AT-SPI
backend, walks the whole tree and fails on:
  - a control (button, slider, combo box, check box, link, list item, …) or
    any focusable object without a name, or named only by its GTK type
    ("GtkButton") or twice over ("Step Step");
  - a formula read out as TeX (a name with a backslash, caret or brace);
  - a diagram canvas whose description does not change when its Step button
    is clicked, or when its first slider moves (through AT-SPI's Value, as
    an assistive technology would), or that does not say which step it shows.
With LANGUAGE=de (second argument "de") it also checks that the tree is in
German: the contents list, the page buttons, the diagram controls, and a
formula's spoken form.

Run under dbus-run-session and xvfb-run (tests/app/meson.build):
  test-a11y.py BUILD_ROOT [de]
"""
import os
import re
import subprocess
import sys
import time

import pyatspi

build = sys.argv[1]
lang = sys.argv[2] if len(sys.argv) > 2 else "en"
PAGE = "part-1/scaled-dot-product"

WORDS = {
    "en": {"step": "Step", "play": "Play", "contents": "Table of contents", "previous": "Previous page",
           "formula": "square root", "step_of": "step %d of"},
    "de": {"step": "Schritt vor", "play": "Abspielen", "contents": "Inhaltsverzeichnis",
           "previous": "Vorherige Seite", "formula": "Wurzel", "step_of": "Schritt %d von"},
}[lang]

CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_SLIDER, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_LINK,
    pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_SWITCH if hasattr(pyatspi, "ROLE_SWITCH") else pyatspi.ROLE_TOGGLE_BUTTON,
}
# Containers and text views take focus for scrolling or reading, and carry no name of their own.
FOCUSABLE_WITHOUT_NAME = {pyatspi.ROLE_SCROLL_PANE, pyatspi.ROLE_PANEL, pyatspi.ROLE_FILLER,
                          pyatspi.ROLE_TEXT, pyatspi.ROLE_LABEL, pyatspi.ROLE_TABLE,
                          pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_LIST, pyatspi.ROLE_FRAME}
TYPE_NAME = re.compile(r"^(Gtk|Adw|GtkSource)[A-Z]\w*$")

problems = []


def start_app():
    env = dict(os.environ, GTK_A11Y="atspi", GSETTINGS_BACKEND="memory")
    env.pop("NO_AT_BRIDGE", None)
    if lang != "en":
        env.update(LANGUAGE=lang, LANG="C.UTF-8")
        env.pop("LC_ALL", None)
    proc = subprocess.Popen([os.path.join(build, "src", "attention-book"), "--page", PAGE], env=env)
    end = time.monotonic() + 60   # a loaded CI machine can take a while
    while time.monotonic() < end:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == "attention-book":
                return proc, app
        time.sleep(0.3)
    proc.terminate()
    sys.exit("test-a11y: the app never appeared on the accessibility bus")


def walk(obj, path=()):
    """Yields (object, its role path) for the whole subtree."""
    yield obj, path
    for child in obj:
        if child is not None:
            yield from walk(child, path + (obj,))


def describe(obj, path):
    trail = " > ".join(p.getRoleName() + (" “%s”" % p.name if p.name else "") for p in path[-3:])
    return "%s “%s” (in %s)" % (obj.getRoleName(), obj.name, trail)


def bad_name(obj):
    name = (obj.name or "").strip()
    if not name or TYPE_NAME.match(name):
        return "has no name"
    half = len(name) // 2
    if len(name) % 2 == 1 and name[:half] == name[half + 1:] and name[half] == " ":
        return "has its name twice"
    return None


def check_names(app):
    n_controls = 0
    for obj, path in walk(app):
        role = obj.getRole()
        focusable = obj.getState().contains(pyatspi.STATE_FOCUSABLE)
        if role not in CONTROLS and not (focusable and role not in FOCUSABLE_WITHOUT_NAME):
            continue
        if role not in CONTROLS and role == pyatspi.ROLE_IMAGE:
            continue   # a focusable image (the diagram canvas) is checked below
        n_controls += 1
        why = bad_name(obj)
        # GTK 4.8's drop-down exposes its inner toggle button; the combo box around it is named.
        if why and role in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON) and path and \
                path[-1].getRole() == pyatspi.ROLE_COMBO_BOX and not bad_name(path[-1]):
            why = None
        if why:
            problems.append("%s %s" % (describe(obj, path), why))
    if n_controls < 20:
        problems.append("only %d controls found: the page did not load" % n_controls)
    print("test-a11y: %d controls checked" % n_controls)


def check_formulas(app):
    formulas = [o for o, _ in walk(app) if o.getRole() == pyatspi.ROLE_IMAGE and o.name and not o.description]
    if len(formulas) < 3:
        problems.append("only %d formula images found on %s" % (len(formulas), PAGE))
    for f in formulas:
        if re.search(r"[\\^_{}]", f.name):
            problems.append("formula read as TeX: “%s”" % f.name)
    if not any(WORDS["formula"] in f.name for f in formulas):
        problems.append("no formula says “%s”: %s" % (WORDS["formula"], [f.name for f in formulas]))


def wait_for_change(obj, before, timeout=3.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if obj.description != before:
            return obj.description
        time.sleep(0.1)
    return obj.description


def check_diagram(app):
    canvases = [(o, p) for o, p in walk(app) if o.getRole() == pyatspi.ROLE_IMAGE and o.description]
    if not canvases:
        problems.append("no diagram canvas with a description on %s" % PAGE)
        return
    canvas, path = canvases[0]
    view = path[-2] if len(path) >= 2 else app   # the diagram view: canvas, caption, controls
    controls = list(walk(view))
    steps = [o for o, _ in controls if o.getRole() == pyatspi.ROLE_PUSH_BUTTON and o.name == WORDS["step"]]
    sliders = [o for o, _ in controls if o.getRole() == pyatspi.ROLE_SLIDER
               and o.name not in ("Timeline", "Zeitleiste")]
    if not steps:
        problems.append("the diagram has no “%s” button" % WORDS["step"])
        return
    before = canvas.description
    if WORDS["step_of"] % 1 not in before:
        problems.append("the canvas description does not say its step: “%s”" % before)
    steps[0].queryAction().doAction(0)
    after = wait_for_change(canvas, before)
    if after == before:
        problems.append("the canvas description did not change when the diagram stepped: “%s”" % before)
    elif WORDS["step_of"] % 2 not in after:
        problems.append("after a step the description does not name step 2: “%s”" % after)
    if not sliders:
        problems.append("the diagram has no parameter slider")
        return
    value = sliders[0].queryValue()
    target = value.maximumValue if value.currentValue != value.maximumValue else value.minimumValue
    value.currentValue = target
    moved = wait_for_change(canvas, after)
    if moved == after:
        problems.append("the canvas description did not change when “%s” moved to %g: “%s”"
                        % (sliders[0].name, target, after))
    print("test-a11y: step and parameter change both changed the canvas description")


def check_language(app):
    names = {o.name for o, _ in walk(app) if o.name}
    for key in ("contents", "previous", "play", "step"):
        if WORDS[key] not in names:
            problems.append("no object named “%s” with LANGUAGE=%s" % (WORDS[key], lang))


proc, app = start_app()
try:
    time.sleep(1.0)   # let the page finish building its widgets
    check_names(app)
    check_formulas(app)
    check_language(app)
    check_diagram(app)
finally:
    proc.terminate()
    proc.wait(timeout=10)

for p in problems:
    print("test-a11y: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
