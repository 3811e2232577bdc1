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
        page.goto(site + "/diff")  # one form: old and new year, grouped by series
        series = "江苏省科技社团党的建设工作要点"
        page.select_option("select[name=old]", label=f"2024 · {series}")
        page.select_option("select[name=new]", label=f"2025 · {series}")
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


# -- issue 13: a page staff can work from ---------------------------------------------------

@pytest.fixture(scope="module")
def law_site(tmp_path_factory, seed_path, shared_corpora):
    """The 数据安全法 articles (tests/lawtext.py), the real law versions of ../shared and
    the bundled series, served."""
    import lawtext

    root = tmp_path_factory.mktemp("laws")
    law = lawtext.write(root / "数据安全法")
    db = root / "laws.db"
    report = store.ingest([law, shared_corpora / "law-versions", seed_path.parent], db=db)
    assert not report.failed
    httpd = make_server(db, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", db
    httpd.shutdown()


def test_staff_search_count_export_source_highlight_and_back(browser, law_site, tmp_path):
    import pandas as pd

    site, db = law_site
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(site + "/")
        page.fill("input[name=q]", "数据出境")
        page.click("button[type=submit]")
        page.wait_for_selector("li.hit")
        # the fallback, said so; the one article about it
        assert page.locator("p.note").inner_text() == (
            "no exact match for 数据出境; showing items with 数据 and 出境")
        hits = page.locator("li.hit")
        assert hits.count() == 1
        assert page.locator("p.count strong.total").inner_text() == "1"
        assert hits.first.locator("a.path").inner_text().startswith("第四章/第三十一条 ")
        # the source file and its page, and the original to download
        assert hits.first.locator(".source .file").inner_text() == "数据安全法(2021-06-10).md"
        assert hits.first.locator(".source .pages").inner_text() == "第1页 p. 1"
        with page.expect_download() as info:
            hits.first.locator("a.original").click()
        original = tmp_path / "original.md"
        info.value.save_as(original)
        import lawtext

        assert original.read_text(encoding="utf-8") == lawtext.TEXT
        # export: the CSV opens in pandas with the page's rows
        page.goto(site + "/?q=国家安全")
        shown = page.locator("li.hit a.path").all_inner_texts()
        total = int(page.locator("p.count strong.total").inner_text())
        with page.expect_download() as info:
            page.click("a.export-csv")
        csv_path = tmp_path / "r.csv"
        info.value.save_as(csv_path)
        frame = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert len(frame) == total
        labels = [f"{p} {t}" for p, t in zip(frame["path"], frame["title"], strict=True)]
        assert labels[:len(shown)] == shown
        # highlight on the item page, and back to the same results
        hits = page.locator("li.hit")
        first_title = hits.first.locator("a.path").inner_text()
        hits.first.locator("a.path").click()
        page.wait_for_selector("div.text")
        assert page.locator("h1").inner_text() == first_title
        assert set(page.locator("div.text mark").all_inner_texts()) == {"国家安全"}
        page.click("a.back")
        page.wait_for_selector("li.hit")
        assert page.locator("input[name=q]").input_value() == "国家安全"
        assert page.locator("li.hit a.path").all_inner_texts() == shown
    finally:
        context.close()


def test_a_law_shows_its_latest_version_by_default(browser, law_site):
    site, db = law_site
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site + "/?q=" + "学校体育")  # 体育法 2016 and 2022 are both stored
        assert set(page.locator("li.hit span.year").all_inner_texts()) == {"2022"}
        latest = int(page.locator("p.count strong.total").inner_text())
        assert page.locator("li.hit .superseded").count() == 0
        page.check("input[name=all_versions]")
        page.click("button[type=submit]")
        page.wait_for_selector("li.hit")
        assert set(page.locator("li.hit span.year").all_inner_texts()) == {"2016", "2022"}
        assert int(page.locator("p.count strong.total").inner_text()) > latest
        older = page.locator("li.hit", has=page.locator(".superseded"))
        assert older.count() >= 1
        # the item page of the older version: marked so, the other version one click away
        older.first.locator("a.path").click()
        page.wait_for_selector("p.versions")
        assert page.locator("p.versions strong").inner_text() == "2016-11-07"
        assert "2022-06-24" in page.locator("p.versions").inner_text()
        assert page.locator(".crumbs .superseded").count() == 1
        page.goto(site + "/?q=学校体育")
        page.locator("li.hit a.path").first.click()
        page.wait_for_selector("p.versions")
        assert page.locator("p.versions strong").inner_text() == "2022-06-24"
        assert page.locator(".crumbs .superseded").count() == 0
    finally:
        context.close()


def test_theme_dropdown_is_grouped_and_counted(page, site):
    page.goto(site + "/")
    groups = page.locator("select[name=theme] optgroup")
    assert groups.count() >= 1
    labels = [groups.nth(k).get_attribute("label") for k in range(groups.count())]
    assert labels[0] == "党建 party"
    options = groups.first.locator("option").all_inner_texts()
    assert options and all(o.rstrip(")").rsplit("(", 1)[1].isdigit() for o in options)
