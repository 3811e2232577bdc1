"""Probe 13 F1/F2: no control or bidi character of a file name or a document reaches the
terminal raw, from any command; a failure is one line; JSON stays valid and keeps the data;
HTML shows such a character as a visible escape.  The documents are SYNTHETIC (made here)."""

from __future__ import annotations

import json
import re

import pytest

from policytext.cli import main

# raw controls a terminal acts on (a newline is layout on stdout) and bidi overrides
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _doc(year: int, body: str) -> str:
    """A SYNTHETIC work-points document: a title, two sections, shared items."""
    return (f"{year}年测试社团工作要点（合成样本）\n"
            "一、加强政治建设\n"
            f"1．深入学习贯彻党的二十大精神，{body}推动党建工作与业务工作深度融合。\n"
            "2．严格落实三会一课制度，规范组织生活，提升基层党组织组织力。\n"
            "二、加强组织建设\n"
            "3．推进党的组织和党的工作全覆盖，建立健全党建工作联系点制度。\n")


@pytest.fixture()
def ctl(tmp_path):
    folder = tmp_path / "ctl"
    folder.mkdir()
    names = {2024: "2024-ctl\nfailed: forged line\r\a.txt",
             2025: "2025-ctl\x1b[2Jname\u202etxt.txt"}
    (folder / names[2024]).write_text(_doc(2024, ""), encoding="utf-8")
    (folder / names[2025]).write_text(_doc(2025, "党\u202e支部"), encoding="utf-8")
    (folder / "2023-\x1b[31mempty\nforged.txt").write_bytes(b"")  # a failure of its own
    return folder, names


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _assert_clean(out: str, err: str, argv) -> None:
    assert not RAW.findall(out), (argv, out)
    assert not RAW.findall(err.replace("\n", "")), (argv, err)
    # a name's newline never starts a line of its own (in HTML a newline is only a space)
    for line in (err if "html" in argv else out + err).splitlines():
        assert not line.startswith(("failed:", "forged")), (argv, line)
    for line in err.splitlines():
        assert re.match(r"error: |wrote |\d+ edges; ", line), (argv, err)


def test_corpus_commands_escape_names_and_keep_failures_on_one_line(ctl, tmp_path, capsys):
    folder, _ = ctl
    db = tmp_path / "c.db"
    assert _run(capsys, "ingest", folder, "--db", db, "--no-progress")[0] == 1
    runs = [("history", folder, "2025#一/1"), ("history", "2025#一/1", "--db", db),
            ("tables", folder, "-o", tmp_path / "tabs"),
            ("graph", folder, "-o", tmp_path / "g.json"),
            ("reuse", folder), ("reuse", folder, "--documents"),
            ("reuse", folder, "--format", "html")]
    for argv in runs:
        code, out, err = _run(capsys, *argv)
        _assert_clean(out, err, argv)
        if argv[1] == folder:  # the empty file: one error line, naming it escaped
            assert err.count("error: ") == 1 and "2023-\\x1b[31mempty\\nforged.txt" in err, err
        assert "2025-ctl\\x1b[2Jname\\u202etxt.txt" in out + err or argv[0] in ("tables",
                                                                                  "graph")
    code, out, err = _run(capsys, "history", folder, "2025#一/1")
    assert out.splitlines()[0].endswith("2025-ctl\\x1b[2Jname\\u202etxt.txt")


def test_document_commands_escape_json_text_and_html(ctl, capsys):
    folder, names = ctl
    new, old = folder / names[2025], folder / names[2024]
    for fmt in ("text", "json", "md"):
        code, out, err = _run(capsys, "parse", new, "--format", fmt)
        assert code == 0, err
        _assert_clean(out, err, fmt)
    code, out, err = _run(capsys, "parse", new, "--format", "json")
    data = json.loads(out)  # still JSON, and the same data: the document's text is kept
    assert data["source"] == str(new)  # the name, control characters and all
    assert "\\u202e" in out
    code, out, err = _run(capsys, "tag", new)
    _assert_clean(out, err, "tag")
    json.loads(out)
    for fmt in ("text", "json", "md", "html"):
        code, out, err = _run(capsys, "diff", old, new, "--format", fmt)
        _assert_clean(out, err, ("diff", fmt))
    code, out, err = _run(capsys, "diff", old, new, "--color", "always")
    assert "\x1b[0m" in out  # the colours stay, and are the only escape sequences
    assert not RAW.findall(re.sub("\x1b\\[[0-9;]*m", "", out)) and "\x1b[2J" not in out
    code, out, err = _run(capsys, "diff", old, new, "--format", "json")
    assert json.loads(out)["new"]["source"] == str(new)


def test_html_files_show_controls_as_visible_escapes(ctl, tmp_path, capsys):
    folder, names = ctl
    page = tmp_path / "d.html"
    _run(capsys, "diff", folder / names[2024], folder / names[2025], "--format", "html",
         "-o", page)
    html = page.read_text(encoding="utf-8")
    assert not RAW.findall(html) and "\\u202e" in html and "\\x1b[2Jname" in html
