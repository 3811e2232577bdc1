"""Limits on every format: reading, cleaning and structure under one deadline and caps.

A TXT or Markdown file is held to the deadline, the size caps and the memory cap
as a PDF or DOCX is; the child process is made safely where ``fork`` is not
(a threaded host: a spawned interpreter), and the in-process fallback keeps the
caps and a cooperative deadline.  The limits a child holds are tested on both
start methods, each forced (``Limits(start_method=...)``), so that neither
depends on what ran before (tests/test_zz_dask.py leaves threads behind); the
faults come from tests/limitshelp.py, which reaches a spawned child too.
Inputs are generated here (synthetic text).
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
import time
import zlib

import pytest
from limitshelp import START_METHODS, SlowToLoad, first, hang, hoard, read_then
from pdfgen import hello_pdf

import policytext
from policytext.cli import main
from policytext.errors import TooLargeError, TooSlowError
from policytext.read import load_bytes
from policytext.read.limits import Limits, run_limited, start_method

SEED_TEXT = """一、总则

1．各单位要加强学习。

2．各支部每季度至少召开1次支委会。
"""


def synthetic_text(chars: int) -> str:
    """Numbered work points, ``chars`` characters or a little more (synthetic)."""
    sentences = ["各单位要认真贯彻落实本要点，确保各项工作任务落到实处。",
                 "各支部每季度至少召开1次支委会，研究部署党建工作。",
                 "加强理论学习，推动党建与业务深度融合，提升组织力。"]
    out, n, k = [], 0, 0
    while n < chars:
        k += 1
        out.append(f"{k}．" + sentences[k % 3] + sentences[(k + 1) % 3])
        n += len(out[-1]) + 2
    return "一、工作安排\n\n" + "\n\n".join(out) + "\n"


def _sleep_then(value, seconds, *, budget):
    time.sleep(seconds)
    return value


@pytest.fixture(params=START_METHODS)
def method(request):
    """Each limits test once with a forked child, once with a spawned one."""
    return request.param


def test_txt_cleaning_and_structure_run_under_the_deadline(monkeypatch, method):
    """The deadline covers the stages after reading: a build that hangs is stopped."""
    monkeypatch.setattr(policytext.pipeline, "_read_and_build", read_then(hang))
    start = time.monotonic()
    with pytest.raises(TooSlowError, match=r"^x.txt: reading took longer than the 1 s deadline$"):
        policytext.read_bytes(SEED_TEXT.encode(), name="x.txt",
                              limits=Limits(deadline=1, start_method=method))
    # a spawned interpreter's start is not counted in the deadline, but it is bounded
    assert time.monotonic() - start < 2 * 1 + (1 if method == "fork" else 10)


@pytest.mark.parametrize("name", ["x.txt", "x.md"])
def test_text_formats_have_a_deadline(name, method):
    data = synthetic_text(300_000).encode()
    limits = Limits(deadline=0.05, start_method=method)
    start = time.monotonic()
    with pytest.raises(TooSlowError, match="0.05 s deadline"):
        policytext.read_bytes(data, name=name, limits=limits)
    assert time.monotonic() - start < 2 * 0.05 + (1 if method == "fork" else 10)
    with pytest.raises(TooSlowError, match="0.05 s deadline"):  # the reader alone, too
        load_bytes(data, name=name, limits=limits)


def test_text_file_over_the_size_cap_is_refused_before_reading(tmp_path):
    data = synthetic_text(400_000).encode()  # about 1.2 MB
    limits = Limits(max_text_bytes=1_000_000)
    with pytest.raises(TooLargeError, match=r"^big.txt is too large: 1 MB of text "
                                            r"\(the limit is 1,000,000 bytes\)$"):
        policytext.read_bytes(data, name="big.txt", limits=limits)
    path = tmp_path / "big.md"
    path.write_bytes(data)
    with pytest.raises(TooLargeError, match="big.md is too large"):
        policytext.read(path, limits=limits)
    with pytest.raises(TooLargeError, match="of text"):
        policytext.read_text(data.decode(), name="pasted", limits=limits)
    assert policytext.read_bytes(SEED_TEXT.encode(), name="s.txt", limits=limits).status == "ok"


def test_files_over_a_cap_are_refused_before_they_are_read(tmp_path, monkeypatch):
    pdf = tmp_path / "huge.pdf"
    pdf.write_bytes(hello_pdf() + b" " * 2_000_000)
    txt = tmp_path / "huge.txt"
    txt.write_bytes(synthetic_text(700_000).encode())
    read_bytes = []
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: read_bytes.append(self))
    with pytest.raises(TooLargeError, match="huge.pdf is too large: 2 MB"):
        policytext.read(pdf, limits=Limits(max_input_bytes=1_000_000))
    with pytest.raises(TooLargeError, match="huge.txt is too large: 2 MB of text"):
        policytext.read(txt, limits=Limits(max_text_bytes=1_000_000))
    assert read_bytes == []


def test_extracted_text_is_held_to_the_text_cap(method):
    from reportlab.pdfgen import canvas  # noqa: F401  (pdfgen needs it)

    data = hello_pdf(b"Hello policy text " * 20)
    with pytest.raises(TooLargeError, match=r"^t.pdf is too large: \d+ bytes of text "
                                            r"\(the limit is 100 bytes\)$"):
        policytext.read_bytes(data, name="t.pdf",
                              limits=Limits(max_text_bytes=100, start_method=method))


def test_memory_cap_holds_for_the_stages_after_reading(monkeypatch, method):
    monkeypatch.setattr(policytext.pipeline, "_read_and_build", read_then(hoard))
    with pytest.raises(TooLargeError, match=r"^m.txt needs more memory than the reading "
                                            r"limit allows$"):
        policytext.read_bytes(SEED_TEXT.encode(), name="m.txt",
                              limits=Limits(max_memory_bytes=128 * 2**20, deadline=30,
                                            start_method=method))


def test_planted_faults_reach_the_child(method):
    """The faults above are planted in the child: without them the same read succeeds
    (so those tests fail if a limit is not held, not because the fault went missing)."""
    limits = Limits(deadline=1, max_memory_bytes=128 * 2**20, start_method=method)
    doc = policytext.read_bytes(SEED_TEXT.encode(), name="x.txt", limits=limits)
    assert doc == policytext.read_bytes(SEED_TEXT.encode(), name="x.txt",
                                        limits=Limits(isolate=False))
    # under the same cap a spawned child, which imports the PDF libraries itself, reads a PDF
    pdf = policytext.read_bytes(hello_pdf(), name="h.pdf", limits=Limits(
        max_memory_bytes=128 * 2**20, start_method=method))  # (importing takes time, too)
    assert pdf == policytext.read_bytes(hello_pdf(), name="h.pdf", limits=Limits(isolate=False))


def test_cli_limit_hit_is_one_line(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (50 * 2**20 + 1))
    start = time.monotonic()
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {path} is too large: 50 MB of text (the limit is 50 MB)\n"
    assert time.monotonic() - start < 30
    path = tmp_path / "long.txt"
    path.write_text(synthetic_text(300_000), encoding="utf-8")
    assert main(["parse", str(path), "--timeout", "0.05"]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {path}: reading took longer than the 0.05 s deadline\n"


# ---------------------------------------------------------------------------
# How the child is made


FORKS = """
import threading
import numpy  # its OpenBLAS pool: native threads, no Python ones
from policytext.read.limits import Limits, start_method
print(threading.active_count(), start_method(), start_method(Limits(start_method="spawn")))
"""


def test_single_threaded_process_forks():
    """In a fresh interpreter: this one may run threads that earlier tests left."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", FORKS], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "1 fork spawn\n"
    assert start_method(Limits(start_method="fork")) == "fork"  # forced, threads or not
    with pytest.raises(ValueError, match="start_method"):
        Limits(start_method="forkserver")


def test_threaded_host_does_not_fork():
    """A process with another thread (a Jupyter kernel, a web server) spawns its reader."""
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, daemon=True)
    worker.start()
    try:
        assert start_method() == "spawn"
        doc = policytext.read_bytes(SEED_TEXT.encode(), name="s.txt")
    finally:
        stop.set()
        worker.join()
    assert doc == policytext.read_bytes(SEED_TEXT.encode(), name="s.txt")


def test_spawned_reader_gives_the_same_document(seed_path):
    from docxmaker import build_docx, para

    inputs = {"seed.txt": seed_path.read_bytes(), "hello.pdf": hello_pdf(),
              "x.docx": build_docx(para("一、总则") + para("1．加强学习。"))}
    for name, data in inputs.items():
        forked = policytext.read_bytes(data, name=name)
        spawned = policytext.read_bytes(data, name=name, limits=Limits(start_method="spawn"))
        assert spawned == forked, name


def test_child_is_killed_at_the_deadline(method):
    start = time.monotonic()
    with pytest.raises(TooSlowError, match=r"^slow.txt: reading took longer than the 0.5 s "
                                           r"deadline$"):
        run_limited(_sleep_then, "late", 30, name="slow.txt",
                    limits=Limits(deadline=0.5, start_method=method))
    assert time.monotonic() - start < 2 * 0.5 + (1 if method == "fork" else 10)
    # and its result comes back whole
    assert run_limited(_sleep_then, "on time", 0, limits=Limits(start_method=method)) == \
        "on time"


def test_spawned_interpreter_start_is_not_counted_in_the_deadline():
    """The deadline counts the work from when the child holds its request, as on fork:
    a child that takes 1 s to load its request still has its 0.5 s for the work."""
    limits = Limits(deadline=0.5, start_method="spawn")
    assert run_limited(first, "on time", SlowToLoad(1.0), limits=limits) == "on time"
    with pytest.raises(TooSlowError, match="0.5 s deadline"):  # the work's time is counted
        run_limited(_sleep_then, "late", 1.0, limits=limits)


def test_spawned_interpreter_start_has_a_bound(monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("policytext.read.limits"), "STARTUP", 0.5)
    start = time.monotonic()
    with pytest.raises(TooSlowError, match=r"^s.txt: the reader's interpreter did not start "
                                           r"within 0.5 s$"):
        run_limited(first, "never", SlowToLoad(30), name="s.txt",
                    limits=Limits(deadline=60, start_method="spawn"))
    assert time.monotonic() - start < 5


def test_work_that_cannot_pickle_is_refused_on_spawn():
    """A local function cannot reach a fresh interpreter; it is not run unlimited instead."""
    def local(*, budget):
        return 1

    with pytest.raises(TypeError, match=r"^w.txt: the work must pickle to run in a spawned "
                                        r"child \(Limits\(start_method='spawn'\)\): "):
        run_limited(local, name="w.txt", limits=Limits(start_method="spawn"))
    assert run_limited(local, limits=Limits(start_method="fork")) == 1


SCRIPT = """
import sys, threading
import policytext
threading.Thread(target=threading.Event().wait, daemon=True).start()  # a threaded host
doc = policytext.read_bytes("一、总则\\n\\n1．各单位要加强学习。\\n".encode(), name="s.txt")
print(doc.status, doc.text.replace("\\n", "|"))
"""


def test_threaded_script_without_main_guard(tmp_path):
    """multiprocessing's spawn would run such a script again in the child; ours does not."""
    import subprocess
    import sys

    script = tmp_path / "script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "ok 一、总则|1．各单位要加强学习。\n"


def _read_in_worker(text: str, threaded: bool) -> str:
    if threaded:
        threading.Thread(target=threading.Event().wait, daemon=True).start()
    assert start_method() == ("spawn" if threaded else "fork")
    return policytext.read_bytes(text.encode(), name="w.txt").to_json()


@pytest.mark.parametrize("threaded", [False, True], ids=["single", "threaded"])
def test_reading_inside_a_daemonic_pool_worker(threaded):
    """multiprocessing.Pool workers may not start children of multiprocessing's own."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        got = pool.apply(_read_in_worker, (SEED_TEXT, threaded))
    assert got == policytext.read_bytes(SEED_TEXT.encode(), name="w.txt").to_json()


def test_in_process_fallback_keeps_a_cooperative_deadline():
    data = synthetic_text(300_000).encode()
    with pytest.raises(TooSlowError, match="deadline"):
        policytext.read_bytes(data, name="x.txt", limits=Limits(isolate=False, deadline=0.05))
    doc = policytext.read_bytes(SEED_TEXT.encode(), name="s.txt", limits=Limits(isolate=False))
    assert doc == policytext.read_bytes(SEED_TEXT.encode(), name="s.txt")


def test_nothing_of_pdfminer_is_patched_for_other_code():
    """In-process reading leaves pdfminer's classes alone and caps only its own thread."""
    import logging

    import pdfminer.converter as converter
    import pdfminer.pdftypes as pdftypes

    render_char = converter.PDFLayoutAnalyzer.render_char
    log = logging.getLogger("pdfminer")
    handlers, propagate = list(log.handlers), log.propagate
    doc = policytext.read_bytes(hello_pdf(), name="h.pdf", limits=Limits(isolate=False))
    assert doc.text == "Hello policy text"
    assert converter.PDFLayoutAnalyzer.render_char is render_char
    assert log.handlers == handlers and log.propagate == propagate
    # the Flate cap stands in pdfminer's module, but caps only a thread reading
    # under a budget: for any other caller it is zlib itself
    size = Limits().max_stream_bytes + 1  # more than a stream may inflate to
    packed = zlib.compress(bytes(size), 1)
    assert len(pdftypes.zlib.decompress(packed)) == size
    assert len(pdftypes.zlib.decompressobj().decompress(packed)) == size


def test_documents_cross_the_process_boundary_whole(seed_doc):
    assert pickle.loads(pickle.dumps(seed_doc)) == seed_doc


def _server_pid() -> int:
    from policytext.read import limits

    return limits._servers.server.proc.pid


def test_one_reading_server_per_thread_serves_document_after_document(monkeypatch):
    """The spawned interpreter is started once and forks a child for each document (a
    Dask worker reads thousands); a document that hangs or hoards is stopped and
    reported, and the next one is read: by the same server after a deadline it held,
    by a new one after the server itself stopped answering."""
    from policytext.read import limits as lim

    spawn = Limits(start_method="spawn", deadline=5)
    want = policytext.read_bytes(SEED_TEXT.encode(), name="s.txt")
    assert policytext.read_bytes(SEED_TEXT.encode(), name="s.txt", limits=spawn) == want
    pid = _server_pid()
    assert policytext.read_bytes(SEED_TEXT.encode(), name="s.txt", limits=spawn) == want
    assert _server_pid() == pid  # not a new interpreter per document
    with pytest.raises(TooSlowError, match=r"^slow.txt: reading took longer than the 0.5 s "
                                           r"deadline$"):
        run_limited(_sleep_then, "late", 30, name="slow.txt",
                    limits=Limits(deadline=0.5, start_method="spawn"))
    with pytest.raises(TooLargeError, match=r"^m.txt needs more memory than the reading "):
        run_limited(hoard, name="m.txt", limits=Limits(max_memory_bytes=128 * 2**20,
                                                        deadline=30, start_method="spawn"))
    assert _server_pid() == pid  # the server stopped its child itself
    assert policytext.read_bytes(SEED_TEXT.encode(), name="s.txt", limits=spawn) == want
    # a server that does not answer (its request takes for ever to load) is killed
    monkeypatch.setattr(lim, "STARTUP", 0.5)
    with pytest.raises(TooSlowError, match="did not start within 0.5 s"):
        run_limited(first, "never", SlowToLoad(30), limits=spawn)
    assert policytext.read_bytes(SEED_TEXT.encode(), name="s.txt", limits=spawn) == want
    assert _server_pid() != pid


def test_each_thread_has_a_reading_server_of_its_own():
    got: dict[str, tuple[int, str]] = {}

    def read(key: str) -> None:
        doc = policytext.read_bytes(SEED_TEXT.encode(), name="s.txt")
        got[key] = (_server_pid(), doc.to_json())

    threads = [threading.Thread(target=read, args=(k,)) for k in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    want = policytext.read_bytes(SEED_TEXT.encode(), name="s.txt",
                                 limits=Limits(isolate=False)).to_json()
    assert got["a"][1] == got["b"][1] == want and got["a"][0] != got["b"][0]
