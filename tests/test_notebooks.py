"""The notebooks in notebooks/ run anywhere: copied into an empty folder they run top to
bottom (nbclient + ipykernel) on the corpus named by $POLICYTEXT_CORPUS, and without it they
stop at their first cell with a one-line message."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CORPORA = ROOT / "corpora"


def _script():
    spec = importlib.util.spec_from_file_location("make_notebooks",
                                                  ROOT / "scripts" / "make_notebooks.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_there_is_one_notebook_per_user_job_made_by_the_script():
    pytest.importorskip("nbformat")
    script = _script()
    assert [p.stem for p in NOTEBOOKS] == sorted(script.NOTEBOOKS) == [
        "researcher-compare-years", "researcher-policy-instruments",
        "staff-requirements-by-theme"]
    for path in NOTEBOOKS:  # else: run scripts/make_notebooks.py
        assert path.read_text(encoding="utf-8") == script.render(path.stem), path.name


def _run(path: Path, folder: Path):
    """Copy the notebook into ``folder`` (nothing else there) and execute it there."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    copy = folder / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    error = None
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        error = exc
    return nb, error


def _outputs(nb, kind: str) -> list:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if o.get("output_type") == kind]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_anywhere_with_the_corpus_set(path, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYTEXT_CORPUS", str(CORPORA))
    monkeypatch.setenv("POLICYTEXT_DB", str(tmp_path / "nb.db"))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws PNGs
    folder = tmp_path / "empty"
    folder.mkdir()
    nb, error = _run(path, folder)
    assert error is None and _outputs(nb, "error") == []
    text = "\n".join(o.get("text", "") for o in _outputs(nb, "stream"))
    bundled = [p for p in CORPORA.iterdir() if p.suffix in (".txt", ".pdf", ".docx", ".md")]
    assert f"{len(bundled)} added, 0 replaced, 0 unchanged, 0 failed" in text
    html = "\n".join(o.get("data", {}).get("text/html", "")
                     for o in _outputs(nb, "execute_result"))
    images = [o for c in nb.cells for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    if path.stem.startswith("staff"):
        assert "requirements under grassroots" in text
        assert "四/13" in html and "每半年" in html
    elif path.stem == "researcher-compare-years":
        assert len(images) == 2  # theme shares and keyness
        assert "gap_years" in html and "share_chars" not in html  # a pivot of share_chars
        assert "三会一课" not in text
    else:
        assert len(images) == 1 and "supply" in html and "evidence" in html
    assert not list(folder.glob("*.db"))  # the database went where POLICYTEXT_DB says


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_without_a_corpus_stops_at_its_first_cell(path, tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYTEXT_CORPUS", raising=False)
    monkeypatch.setenv("POLICYTEXT_DB", str(tmp_path / "nb.db"))
    folder = tmp_path / "empty"
    folder.mkdir()
    nb, error = _run(path, folder)
    assert error is not None
    code = [c for c in nb.cells if c.cell_type == "code"]
    (failure,) = [o for o in code[0].outputs if o.output_type == "error"]
    assert failure.ename == "InputError"
    assert failure.traceback == ["error: no corpus found: set POLICYTEXT_CORPUS to a folder of "
                                 "documents (for example the corpora/ folder of a policytext "
                                 "checkout)"]
    assert all(c.get("execution_count") is None and not c.get("outputs") for c in code[1:])
    assert not (tmp_path / "nb.db").exists()  # nothing was ingested


def test_find_corpus(tmp_path, monkeypatch):
    from policytext.corpus import find_corpus
    from policytext.errors import InputError

    monkeypatch.setenv("POLICYTEXT_CORPUS", str(tmp_path / "missing"))
    with pytest.raises(InputError, match="POLICYTEXT_CORPUS=.*missing is not a folder"):
        find_corpus()
    monkeypatch.setenv("POLICYTEXT_CORPUS", str(tmp_path))
    with pytest.raises(InputError, match="holds no document"):
        find_corpus()
    monkeypatch.setenv("POLICYTEXT_CORPUS", str(CORPORA))
    assert find_corpus() == CORPORA
    monkeypatch.delenv("POLICYTEXT_CORPUS")
    assert find_corpus(start=ROOT / "notebooks") == CORPORA  # a notebook in the checkout
    with pytest.raises(InputError, match="set POLICYTEXT_CORPUS"):
        find_corpus(start=tmp_path)


def test_policytext_errors_are_one_line_in_jupyter():
    from policytext.errors import StoreError

    assert StoreError("no database at\n x.db")._render_traceback_() == [
        "error: no database at x.db"]
