"""The HTML diff in headless Chromium: Chinese renders with no missing glyphs.

1. Debian's chromium, run as a user would (``--headless --screenshot``), writes a PNG
   of the page (kept in ``out/`` for a person to look at when POLICYTEXT_KEEP_SHOTS=1).
2. Through the DevTools protocol (Playwright driving the same binary), every text
   node reports the platform fonts Chromium actually used; with fontTools each
   character of the node must be in the cmap of one of those fonts — a missing
   glyph (a tofu box) cannot pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from synth import load

from policytext.compare import compare
from policytext.compare.diff import to_html
from policytext.corpus import read_document

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium"
                                         if Path("/usr/bin/chromium").exists() else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SYN = load()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not CHROMIUM:
        pytest.skip("chromium is not installed (make system-deps)")
    html = to_html(compare(read_document(SYN.DEMO_OLD), read_document(SYN.SEED)))
    path = tmp_path_factory.mktemp("html") / "diff-2024-2025.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_screenshot(page, tmp_path):
    shot = tmp_path / "diff.png"
    profile = tmp_path / "profile"
    run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                          f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert shot.exists(), run.stderr[-2000:]
    from PIL import Image

    img = Image.open(shot).convert("L")
    assert img.size == (1280, 2400)
    # text was drawn: many dark pixels, not a blank page
    dark = sum(img.histogram()[:100])
    assert dark > 20_000
    if os.environ.get("POLICYTEXT_KEEP_SHOTS"):
        Path("out").mkdir(exist_ok=True)
        shutil.copy(shot, Path("out") / "diff-2024-2025.png")


def _font_file(family: str) -> str | None:
    out = subprocess.run(["fc-match", "-f", "%{family}|%{file}", family],
                         capture_output=True, text=True).stdout
    got, _, file = out.partition("|")
    return file if family in got.split(",") else None


def _missing_glyphs(page: Path):
    """(characters checked, [(char, fonts used)] with no glyph, font families used)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from fontTools.ttLib import TTCollection, TTFont

    cmaps: dict[str, set[int]] = {}

    def cmap_of(family: str) -> set[int]:
        if family not in cmaps:
            file = _font_file(family)
            assert file, f"Chromium used {family!r}, which fontconfig cannot find"
            if file.endswith(".ttc"):
                fonts = TTCollection(file).fonts
            else:
                fonts = [TTFont(file)]
            cmaps[family] = set().union(*(f.getBestCmap().keys() for f in fonts))
        return cmaps[family]

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS[1:])
        try:
            pg = browser.new_page()
            pg.goto(page.as_uri())
            cdp = pg.context.new_cdp_session(pg)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
            checked = 0
            missing: list[tuple[str, str]] = []
            stack = [root]
            while stack:
                node = stack.pop()
                stack.extend(node.get("children", []))
                if node.get("nodeType") != 3 or not node.get("nodeValue", "").strip():
                    continue
                parent = node.get("parentId")
                fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": parent})["fonts"]
                if not fonts:  # not rendered (<title>, <style>, closed <details>)
                    continue
                covered = set().union(*(cmap_of(f["familyName"]) for f in fonts))
                for ch in set(node["nodeValue"]):
                    if not ch.isspace():
                        checked += 1
                        if ord(ch) not in covered:
                            missing.append((ch, ",".join(f["familyName"] for f in fonts)))
        finally:
            browser.close()
    return checked, missing, set(cmaps)


def test_every_character_has_a_glyph(page):
    checked, missing, families = _missing_glyphs(page)
    assert checked > 500
    assert missing == []
    assert any("CJK" in family for family in families)


def test_glyph_check_catches_a_missing_glyph(page, tmp_path):
    """The check can fail: a private-use character has no glyph in any font."""
    bad = tmp_path / "bad.html"
    bad.write_text(page.read_text("utf-8").replace("相似度", "相\ue000似度"), encoding="utf-8")
    _, missing, _ = _missing_glyphs(bad)
    assert missing and {ch for ch, _ in missing} == {"\ue000"}
