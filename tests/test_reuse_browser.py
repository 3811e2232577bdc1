"""The reuse HTML page in headless Chromium: the spans are highlighted, document text is
escaped, every character has a glyph."""

from __future__ import annotations

import pytest
from test_diff_browser import CHROMIUM, FLAGS, _missing_glyphs
from test_reuse import EDITED, SHARED, _corpus, _doc

from policytext.compare.reuse import find_reuse
from policytext.compare.reuse_report import to_html

pytestmark = pytest.mark.browser

HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="document.title=1">'


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not CHROMIUM:
        pytest.skip("chromium is not installed (make system-deps)")
    a = _doc(2020, "河北省人民政府", 0, extra=SHARED + HOSTILE + "加快建设社区养老服务网络。")
    b = _doc(2022, "石家庄市人民政府", 1, extra=EDITED + HOSTILE + "加快建设社区养老服务网络。")
    result = find_reuse(_corpus(a, b))
    assert len(result.edges) == 1
    path = tmp_path_factory.mktemp("reuse") / "reuse.html"
    path.write_text(to_html(result), encoding="utf-8")
    return path, result


def test_spans_are_highlighted_and_text_is_escaped(page):
    sync_api = pytest.importorskip("playwright.sync_api")
    path, result = page
    (edge,) = result.edges
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS[1:])
        try:
            pg = browser.new_page()
            pg.goto(path.as_uri())
            assert pg.title() == "文本复用 Text reuse"         # no script ran
            assert pg.locator("script").count() == 0
            assert pg.locator("img").count() == 0
            marks = pg.locator("mark")
            assert marks.all_text_contents() == [edge.source.text, edge.target.text]
            assert HOSTILE in edge.target.text
            colour = pg.eval_on_selector("mark", "m => getComputedStyle(m).backgroundColor")
            assert colour == "rgb(255, 241, 168)"
            assert pg.locator(".source mark del").all_text_contents() == ["统筹推进"]
            assert pg.locator(".target mark ins").all_text_contents() == ["统筹推动"]
            # the two sides stand side by side
            left = pg.locator(".side.source").bounding_box()
            right = pg.locator(".side.target").bounding_box()
            assert left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 2
        finally:
            browser.close()


def test_every_character_has_a_glyph(page):
    checked, missing, families = _missing_glyphs(page[0])
    assert checked > 100
    assert missing == []
    assert any("CJK" in family for family in families)
