"""The notebooks in notebooks/ run top to bottom (nbclient + ipykernel) on the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CORPORA = ROOT / "corpora"


def test_there_is_one_notebook_per_user_job():
    assert [p.stem for p in NOTEBOOKS] == ["researcher-compare-years",
                                           "staff-requirements-by-theme"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("POLICYTEXT_DB", str(tmp_path / "nb.db"))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws PNGs
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []) if o.get("output_type") == "stream")
    bundled = [p for p in CORPORA.iterdir() if p.suffix in (".txt", ".pdf", ".docx", ".md")]
    # the bundled corpus was ingested into the test's database
    assert f"{len(bundled)} added, 0 replaced, 0 unchanged, 0 failed" in text
    if path.stem.startswith("staff"):
        assert "requirements under grassroots" in text
        html = "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                         for o in c.get("outputs", [])
                         if o.get("output_type") == "execute_result")
        assert "四/13" in html and "每半年" in html
    else:
        images = [o for c in nb.cells for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        assert len(images) == 2  # the theme chart and the term trend chart
