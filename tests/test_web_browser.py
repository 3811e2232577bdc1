"""End-to-end: the web page in headless Chromium (Debian's /usr/bin/chromium via Playwright).

Skipped when Chromium or Playwright is absent; never runs ``playwright install``.
"""

from __future__ import annotations

import os
import threading

import pytest
from webhelp import HOSTILE, HOSTILE_NAME, document

from policytext import store
from policytext.web import make_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_path):
    root = tmp_path_factory.mktemp("browser")
    folder = root / "docs"
    folder.mkdir()
    (folder / HOSTILE_NAME).write_text(document(HOSTILE, 2024), encoding="utf-8")
    db = root / "b.db"
    report = store.ingest([seed_path, folder], db=db)
    assert len(report.added) == 2
    httpd = make_server(db, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, site):
    context = browser.new_context()
    pg = context.new_page()
    pg.events = {"dialogs": [], "console": [], "requests": [], "errors": []}
    pg.on("dialog", lambda d: (pg.events["dialogs"].append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.events["console"].append(f"{m.type}: {m.text}"))
    pg.on("request", lambda r: pg.events["requests"].append(r.url))
    pg.on("pageerror", lambda e: pg.events["errors"].append(str(e)))
    yield pg
    context.close()


def test_search_from_the_box_then_open_the_item(page, site):
    page.goto(site + "/")
    page.fill("input[name=q]", "三会一课")
    page.click("button[type=submit]")
    page.wait_for_selector("li.hit")
    first = page.locator("li.hit").first
    assert first.locator("mark").first.inner_text() == "三会一课"
    assert first.locator("a.path").inner_text() == "一/5 严明政治纪律和政治规矩"
    first.locator("a.path").click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "一/5 严明政治纪律和政治规矩"
    assert "指导督促支部提升“三会一课”和主题党日质量。" in page.locator("div.text").inner_text()
    # offline: every request went to this server, and nothing was blocked by the CSP
    assert all(url.startswith(site) for url in page.events["requests"])
    assert page.events["console"] == [] and page.events["errors"] == []


def test_year_facet_filters(page, site):
    page.goto(site + "/?q=" + "党支部")
    before = page.locator("li.hit").count()
    page.select_option("select[name=year]", "2024")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    years = page.locator("li.hit span.year").all_inner_texts()
    assert years and set(years) == {"2024"} and len(years) < before
    assert "year=2024" in page.url


def test_hostile_document_runs_nothing(page, site):
    page.goto(site + "/?q=测试条目")
    assert page.locator("li.hit").count() == 4  # three items and a preamble
    for link in page.locator("li.hit a.path").all():
        href = link.get_attribute("href")
        assert href.startswith("/item/")
    page.goto(site + "/doc/2")
    body = page.locator("body").inner_text()
    assert HOSTILE["title"] in body and HOSTILE_NAME in body
    page.locator("ol.items a").first.click()  # the preamble
    page.wait_for_selector("div.text")
    assert HOSTILE["link"] in page.locator("div.text").inner_text()
    assert page.locator("a[href^=javascript]").count() == 0
    page.go_back()
    page.locator("ol.items a").nth(1).click()  # item 1
    page.wait_for_selector("div.text")
    assert HOSTILE["text"] in page.locator("div.text").inner_text()
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    page.goto(site + "/item/" + page.url.rsplit("/", 1)[-1])
    assert page.events["dialogs"] == [] and page.events["errors"] == []
    assert page.events["console"] == []


def test_diff_page_in_the_browser(browser, tmp_path, seed_path):
    """Two years of the bundled series: the comparison renders under the page's CSP."""
    older = seed_path.parent / "2024-江苏省科技社团党的建设工作要点-synthetic.txt"
    from policytext import read
    from policytext.compare import compare

    db = tmp_path / "two.db"
    store.ingest([older, seed_path], db=db)
    httpd = make_server(db, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{httpd.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    try:
        page.goto(site + "/diff")
        page.select_option("select[name=series]", "江苏省科技社团党的建设工作要点")
        page.click("button[type=submit]")
        page.wait_for_selector(".diff-body")
        changes = compare(read(older), read(seed_path)).every_change  # the preamble too
        assert page.locator(".diff-body section.change").count() == len(changes)
        # the stylesheet styled the comparison (badges coloured, sides in two columns)
        badge = page.locator(".diff-body .badge.t-added").first
        assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(46, 125, 50)"
        sides = page.locator(".diff-body .sides").first
        assert sides.evaluate("e => getComputedStyle(e).display") == "grid"
        assert console == []
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
