"""The CLI: thin commands, one-line errors with exit code 2, light start-up."""

from __future__ import annotations

import subprocess
import sys

import pytest

from policytext.cli import main


@pytest.mark.parametrize("argv, message", [
    (["parse", "no-such-file.txt"], "error: no such file: no-such-file.txt"),
    (["parse"], "error: the following arguments are required: file"),
    (["parse", "x.txt", "--format", "yaml"], "error: argument --format: invalid choice"),
    (["serve", "--port", "99999"],
     "error: argument --port: port must be a number from 0 to 65535, not '99999'"),
    (["serve", "--port", "http"], "error: argument --port: port must be a number"),
    (["history", "no-such-folder", "2025#一/1"], "error: corpus folder not found"),
])
def test_usage_errors_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(message)


@pytest.mark.parametrize("command", ["tables", "graph"])
def test_bad_taxonomy_is_one_line(command, seed_path, tmp_path, capsys):
    out = tmp_path / ("t.xlsx" if command == "tables" else "g.json")
    assert main([command, str(seed_path.parent), "-o", str(out), "--taxonomy", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no taxonomy 'nope'") and err.count("\n") == 1


def test_bad_file_types(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "random.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    odd = tmp_path / "notes.xyz"
    odd.write_text("hello", encoding="utf-8")
    for path, message in ((empty, "is empty"), (binary, "not text"),
                          (odd, "unsupported file type 'xyz'")):
        assert main(["parse", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err


def test_no_traceback_in_a_real_process(tmp_path):
    bad = tmp_path / "random.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    proc = subprocess.run([sys.executable, "-m", "policytext", "parse", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_import_is_light():
    code = ("import sys, policytext, policytext.cli; "
            "heavy = {'pandas', 'sklearn', 'jieba', 'pdfplumber', 'networkx', 'scipy', 'docx'}; "
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_human_formats(seed_path, fmt, capsys):
    assert main(["parse", str(seed_path), "--format", fmt, "--show-removed"]) == 0
    out = capsys.readouterr().out
    assert "2025年江苏省科技社团党的建设工作要点" in out
    assert "压实学会党建责任" in out
    assert "http://www.baidu.com/link?url=F3QkbIzG" in out  # the logged link
