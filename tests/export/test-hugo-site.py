#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole Hugo export, as a blog author gets it.

Exports every part of the book into a copy of a minimal Hugo site (tests/
export/site, a tiny theme), builds it with the real `hugo`, and checks the
HTML against what the book model says it must hold (hugo-book-facts): one
post per part with its front matter, every diagram in the blog's embed
wrapper, no shortcode left, every formula's TeX arriving byte for byte.
Then opens the post and every player in headless Chromium (selenium +
chromedriver): KaTeX renders every formula with no error; each player loads
with no console error, Step changes the frame and the caption, the keyboard
works, Play and autoplay advance, the narrow layout applies at 390 px, and
reduced motion stops autoplay. Screenshots go to SCREENSHOT_DIR.

A missing tool (hugo, chromium, chromedriver, selenium) is a failure with
the package to install: build-aux/install-deps.sh installs them.

usage: test-hugo-site.py ATTENTION_BOOK BOOK_FACTS SITE_SKELETON SCREENSHOT_DIR
"""
import functools
import gzip
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

binary, facts_tool, skeleton, shots = sys.argv[1:5]
KATEX = "/usr/share/javascript/katex"
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print(f"not ok - {message}", flush=True)
    return ok


def need(ok, message):
    if not ok:
        print(f"Bail out! {message}", flush=True)
        sys.exit(1)


need(shutil.which("hugo"), "hugo is not installed (Debian: apt-get install hugo; see build-aux/install-deps.sh)")
need(shutil.which("chromium"), "chromium is not installed (Debian: apt-get install chromium)")
need(shutil.which("chromedriver"), "chromedriver is not installed (Debian: apt-get install chromium-driver)")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:
    need(False, f"selenium is missing for {sys.executable} (Debian: apt-get install python3-selenium)")
need(os.path.isdir(KATEX), "KaTeX is not installed (Debian: apt-get install libjs-katex)")

facts = json.loads(subprocess.run([facts_tool], check=True, capture_output=True, text=True).stdout)
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="ab-hugo-test-")
site = os.path.join(work, "site")
shutil.copytree(skeleton, site)
shutil.copytree(KATEX, os.path.join(site, "static", "katex"))

# An older export in the way: --force replaces those folders whole.
stale = [os.path.join(site, "content", "posts", facts["parts"][0]["slug"], "stale.md"),
         os.path.join(site, "static", "visualizations", facts["parts"][0]["diagrams"][0]["name"], "stale.js")]
for path in stale:
    os.makedirs(os.path.dirname(path))
    with open(path, "w") as fh:
        fh.write("from an older export")
# Chromium asks every site for one; a 404 would read as a console error.
open(os.path.join(site, "static", "favicon.ico"), "wb").close()

# Export -------------------------------------------------------------------------
t0 = time.monotonic()
run = subprocess.run([binary, "export-hugo", "--all", "--force", "--out", site], capture_output=True, text=True)
print(f"# export-hugo --all: {time.monotonic() - t0:.1f} s, status {run.returncode}", flush=True)
print("\n".join("# " + line for line in run.stdout.splitlines()), flush=True)
need(run.returncode == 0, f"export-hugo failed: {run.stderr.strip()}")

for path in stale:
    check(not os.path.exists(path), f"--force left {path}")
for folder in (os.path.join(site, "content", "posts"), os.path.join(site, "static", "visualizations")):
    hidden = [n for n in os.listdir(folder) if n.startswith(".")]
    check(not hidden, f"hidden folders left in {folder}: {hidden}")
posts = os.path.join(site, "content", "posts")
check(sorted(os.listdir(posts)) == sorted(p["slug"] for p in facts["parts"]),
      f"one bundle per part: {sorted(os.listdir(posts))}")
all_diagrams = {d["name"]: d for p in facts["parts"] for d in p["diagrams"]}
vis = os.path.join(site, "static", "visualizations")
check(sorted(os.listdir(vis)) == sorted(all_diagrams), f"one player per diagram: {sorted(os.listdir(vis))}")

code_budget, folder_budget = 20000, 200000
for name in all_diagrams:
    folder = os.path.join(vis, name)
    total = 0
    for f in os.listdir(folder):
        with open(os.path.join(folder, f), "rb") as fh:
            total += len(gzip.compress(fh.read(), 9))
    print(f"# {name}: {total / 1024:.0f} KiB gzipped", flush=True)
    check(total <= folder_budget, f"{name}: {total} bytes gzipped, over the {folder_budget} budget")
    # Every reference in a frame finds its definition: the pack's own, or its base's.
    defined = {}
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".js"):
            continue
        with open(os.path.join(folder, f), encoding="utf-8") as fh:
            text = fh.read()
        pack = json.loads(text[text.index(",{") + 1:text.rindex(")")])
        layout, index = f[:-3].split("-")
        ids = set(re.findall(r'id="([^"]+)"', pack["defs"]))
        defined[f] = ids
        known = ids | defined.get(f"{layout}-0.js", set())
        refs = set(re.findall(r'(?:href="|url\()#([^")]+)', "".join(pack["pieces"])))
        check(refs <= known, f"{name}/{f}: references without a definition: {sorted(refs - known)[:5]}")
        check(all(len(frame) % 2 == 0 for frame in pack["frames"]), f"{name}/{f}: frames are not (start, length) runs")
    with open(os.path.join(folder, "index.html"), encoding="utf-8") as fh:
        page = fh.read()
    start, end = page.find('<script type="application/json"'), page.find("</script>", page.find('<script type="application/json"'))
    code = len(page.encode()) - len(page[start:end].encode())
    check(code <= code_budget, f"{name}: player HTML/CSS/JS is {code} bytes (budget {code_budget})")
    check("http://" not in page.replace("http://www.w3.org", "") and "https://" not in page,
          f"{name}: the player must not load anything from elsewhere")

# Hugo ------------------------------------------------------------------------------
public = os.path.join(work, "public")
run = subprocess.run(["hugo", "--source", site, "--destination", public, "--quiet"], capture_output=True, text=True)
need(run.returncode == 0, f"hugo failed: {run.stderr.strip()}")
check("WARN" not in run.stderr and "ERROR" not in run.stderr, f"hugo complained: {run.stderr.strip()}")


class Text(html.parser.HTMLParser):
    """The text a browser's DOM holds (entities decoded), without script,
    style, code and pre (KaTeX's auto-render skips those too); and the
    elements, for the structure checks."""

    SKIP = {"script", "style", "code", "pre", "noscript", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.skip, self.elements, self.stack = [], 0, [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), [t for t, _ in self.stack]))
        if tag not in ("img", "br", "hr", "input", "meta", "link", "source", "wbr"):
            self.stack.append((tag, dict(attrs)))
        if tag in self.SKIP:
            self.skip += 1

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t in self.SKIP:
                self.skip -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


for part in facts["parts"]:
    path = os.path.join(public, "posts", part["slug"], "index.html")
    if not check(os.path.exists(path), f"part {part['number']}: no post at /posts/{part['slug']}/"):
        continue
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    doc = Text()
    doc.feed(source)
    text = "".join(doc.text)
    name = f"part {part['number']}"

    check("{{<" not in source and "{{&lt;" not in source, f"{name}: a shortcode is left in the HTML")
    check("raw HTML omitted" not in source, f"{name}: Hugo dropped raw HTML (unsafe is not on)")
    article = next((a for t, a, _ in doc.elements if t == "article"), {})
    check(article.get("data-title") == part["title"], f"{name}: title {article.get('data-title')!r}")
    check(article.get("data-date") == part["date"], f"{name}: date {article.get('data-date')!r}")
    check(article.get("data-draft") == "false", f"{name}: draft {article.get('data-draft')!r}")
    check(article.get("data-hero") == part["hero"], f"{name}: hero {article.get('data-hero')!r}")
    check(article.get("data-description") == part["description"], f"{name}: description")
    check(article.get("data-tags") == "|".join(part["tags"]), f"{name}: tags {article.get('data-tags')!r}")
    check(article.get("data-categories") == "|".join(part["categories"]), f"{name}: categories")
    check(any(t == "img" and a.get("class") == "hero" for t, a, _ in doc.elements), f"{name}: no hero image")
    check(os.path.getsize(os.path.join(public, "posts", part["slug"], part["hero"])) > 10000, f"{name}: hero.png is empty")

    # Sections in order, each with its anchor.
    anchors = [a.get("id") for t, a, _ in doc.elements if t == "h2" and a.get("id")]
    check(len(anchors) >= part["sections"], f"{name}: {len(anchors)} section headings for {part['sections']} sections")

    # Every diagram, in the wrapper pattern of the blog.
    wrappers = [(a, i) for i, (t, a, _) in enumerate(doc.elements)
                if t == "div" and a.get("class") == "embedded-html-wrapper"]
    # A diagram may be embedded on several pages (Part 2's pattern zoo): compare
    # the first embed of each, in order, with the part's list of diagrams.
    embedded = list(dict.fromkeys(a.get("data-src") for a, _ in wrappers))
    check(embedded == [f"/visualizations/{d['name']}/" for d in part["diagrams"]],
          f"{name}: embeds {[a.get('data-src') for a, _ in wrappers]}")
    for attrs, i in wrappers:
        inside = [(t, a) for t, a, parents in doc.elements[i + 1:i + 12]]
        tags = [(t, a.get("class"), a.get("data-action")) for t, a in inside]
        check(("div", "embedded-html-toolbar", None) in tags and ("span", "embedded-html-label", None) in tags
              and ("button", None, "open-new-tab") in tags and ("button", None, "fullscreen") in tags,
              f"{name}: {attrs.get('data-src')}: toolbar {tags}")
        frames = [a for t, a in inside if t == "iframe"]
        check(frames and frames[0].get("src") == attrs.get("data-src"), f"{name}: {attrs.get('data-src')}: iframe")
        # Without JavaScript (a feed reader): the poster, from the post's bundle.
        posters = [a.get("src", "") for t, a in inside if t == "img"]
        check(posters and os.path.getsize(public + posters[0]) > 10000, f"{name}: no poster for {attrs.get('data-src')}")
        if posters:
            with open(os.path.join(public + attrs.get("data-src"), "index.html"), encoding="utf-8") as fh:
                check(f'src="{posters[0]}"' in fh.read(), f"{name}: the player's noscript poster is not {posters[0]}")
    check(part["lab"] == ('class="ab-lab-note"' in source), f"{name}: the lab note")
    if part["lab"]:
        check(os.path.getsize(os.path.join(public, "posts", part["slug"], "lab.png")) > 10000, f"{name}: lab.png")

    # Math: every formula's TeX, in order, as the DOM text KaTeX reads.
    at = 0
    for m in part["math"]:
        d = "$$" if m["display"] else "$"
        found = text.find(d + m["tex"] + d, at)
        if not check(found >= 0, f"{name}: formula not found intact after offset {at}: {d}{m['tex']}{d}"):
            continue
        at = found + len(m["tex"])
    print(f"# {name}: {len(part['math'])} formulas, {len(wrappers)} embeds, {len(anchors)} sections", flush=True)

# The browser ----------------------------------------------------------------------------
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=public))
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}"

def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=1280,800"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(10)
    return driver


def wait(condition, seconds=6.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    return condition()


class Page:
    """One headless Chromium, and what the checks ask of it."""

    def __init__(self):
        self.driver = browser()

    def errors(self):
        return [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def state(self):
        return self.driver.execute_script(
            "var r = document.getElementById('ab-player'), a = r.querySelector('.ab-layer-a');"
            "return {step: +r.dataset.step, pos: +r.dataset.position, playing: r.dataset.playing === 'true',"
            " layout: r.dataset.layout, ready: r.dataset.ready === 'true', frame: a.dataset.key || '',"
            " caption: r.querySelector('.ab-caption').textContent,"
            " view: (a.querySelector('svg') || {getAttribute: function () { return ''; }}).getAttribute('viewBox')};")

    def motion(self, reduce):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-reduced-motion", "value": "reduce" if reduce else "no-preference"}]})


def check_post(page, part):
    """The post, with KaTeX on every formula."""
    driver = page.driver
    driver.set_window_size(1280, 900)
    driver.get(f"{base}/posts/{part['slug']}/")
    wait(lambda: driver.execute_script("return document.body.dataset.katex === 'done'"))
    tex = driver.execute_script(
        "return Array.from(document.querySelectorAll('.katex annotation')).map(function (a) {"
        " return a.textContent; });")
    want = [m["tex"] for m in part["math"]]
    check(tex == want, f"part {part['number']}: KaTeX rendered {len(tex)} formulas for {len(want)}; first difference: "
          + next((f"{a!r} ≠ {b!r}" for a, b in zip(tex, want) if a != b), "count"))
    bad = driver.execute_script("return document.querySelectorAll('.katex-error').length")
    check(bad == 0, f"part {part['number']}: {bad} formulas KaTeX could not render")
    errs = page.errors()
    check(not errs, f"part {part['number']}: console errors on the post: {errs}")
    driver.save_screenshot(os.path.join(shots, f"post-{part['number']}-top.png"))
    driver.execute_script("document.querySelector('.embedded-html-wrapper').scrollIntoView()")
    time.sleep(1.0)
    driver.save_screenshot(os.path.join(shots, f"post-{part['number']}-embed.png"))
    driver.set_window_size(390, 844)
    time.sleep(1.0)
    driver.save_screenshot(os.path.join(shots, f"post-{part['number']}-embed-narrow.png"))


def check_player(page, name, d):
    driver, state = page.driver, page.state
    url = f"{base}/visualizations/{name}/"
    # Reduced motion: no autoplay, and every step snaps, so the checks are quick.
    page.motion(True)
    driver.set_window_size(1280, 800)
    driver.get(url)
    s0 = wait(lambda: state()["ready"] and state())
    if not check(s0, f"{name}: the player never showed a frame"):
        return
    time.sleep(0.3)
    s = state()
    check(s["step"] == 0 and not s["playing"] and s["pos"] == 0, f"{name}: reduced motion autoplayed: {s}")
    check(s["layout"] == "wide" and s["view"] == "0 0 1600 900", f"{name}: wide layout at 1280 px: {s}")
    driver.save_screenshot(os.path.join(shots, f"{name}-wide.png"))
    driver.find_element(By.CSS_SELECTOR, "[data-do=forward]").click()
    s1 = wait(lambda: state()["step"] == 1 and state()["ready"] and state())
    check(s1 and s1["frame"] != s0["frame"], f"{name}: Step did not change the frame: {s0} → {s1}")
    check(s1 and s1["caption"] != s0["caption"], f"{name}: Step did not change the caption")
    body = driver.find_element(By.TAG_NAME, "body")
    if d["steps"] > 2:
        body.send_keys(Keys.ARROW_RIGHT)
        check(wait(lambda: state()["step"] == 2), f"{name}: → did not step: {state()}")
    body.send_keys(Keys.ARROW_LEFT)
    check(wait(lambda: state()["step"] == (1 if d["steps"] > 2 else 0)), f"{name}: ← did not step back: {state()}")
    body.send_keys(Keys.HOME)
    check(wait(lambda: state()["step"] == 0 and state()["pos"] == 0), f"{name}: Home did not reset: {state()}")
    body.send_keys(Keys.SPACE)
    check(wait(lambda: state()["playing"] or state()["step"] > 0), f"{name}: Space did not play: {state()}")
    body.send_keys(Keys.SPACE)
    check(wait(lambda: not state()["playing"]), f"{name}: Space did not pause: {state()}")
    driver.set_window_size(390, 844)
    s = wait(lambda: state()["layout"] == "narrow" and state()["view"] == "0 0 720 1280" and state())
    check(s, f"{name}: the narrow layout did not apply at 390 px: {state()}")
    driver.save_screenshot(os.path.join(shots, f"{name}-narrow.png"))
    errs = page.errors()
    check(not errs, f"{name}: console errors: {errs}")

    # Full motion: autoplay starts by itself, Play advances.
    page.motion(False)
    driver.set_window_size(1280, 800)
    driver.get(url)
    check(wait(lambda: state()["pos"] > 0.05, 4.0), f"{name}: autoplay did not start: {state()}")
    driver.find_element(By.CSS_SELECTOR, "[data-do=reset]").click()
    check(wait(lambda: not state()["playing"] and state()["pos"] == 0), f"{name}: Reset did not stop: {state()}")
    driver.find_element(By.CSS_SELECTOR, "[data-do=play]").click()
    check(wait(lambda: state()["pos"] > 0.2, 3.0), f"{name}: Play did not advance: {state()}")
    errs = page.errors()
    check(not errs, f"{name}: console errors with motion: {errs}")
    print(f"# {name}: player checked", flush=True)


def worker(jobs):
    page = Page()
    try:
        for job in jobs:
            try:
                job(page)
            except Exception as e:   # one broken page must not hide the others
                check(False, f"{job}: {type(e).__name__}: {e}")
    finally:
        page.driver.quit()


# Two browsers at once: the build machine has two cores and nothing else to do now.
jobs = [functools.partial(check_post, part=p) for p in facts["parts"]]
jobs += [functools.partial(check_player, name=n, d=d) for n, d in all_diagrams.items()]
halves = [jobs[0::2], jobs[1::2]]
threads = [threading.Thread(target=worker, args=(h,)) for h in halves]
t0 = time.monotonic()
try:
    for t in threads:
        t.start()
    for t in threads:
        t.join()
finally:
    server.shutdown()
    shutil.rmtree(work, ignore_errors=True)
print(f"# browser checks: {time.monotonic() - t0:.1f} s; screenshots in {shots}", flush=True)
if failures:
    print(f"{len(failures)} problems", flush=True)
    sys.exit(1)
print("ok - the Hugo site builds and every player plays")
