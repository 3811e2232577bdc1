"""A generated set of jointly issued documents (联合发文) — SYNTHETIC, labelled so.

Each document is a short 通知 whose issuers are printed the ways real joint documents
print them: in the 红头 (names spaced, or run together), before 关于 in the title, with
short forms (发改委, 人社部); one is issued alone, one by two provincial departments.
Every file is named ``…-synthetic.txt`` (or ``.docx``) and has a sidecar ``….meta.json`` saying
``"synthetic": true``.  :data:`DOCUMENTS` lists, by hand, the canonical issuers of each
document: the expected network is computed from them, not from the alias table.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

#: (file stem, 红头 line or None, title head, canonical issuers)
DOCUMENTS = [
    ("2024-专项资金", "国家发展改革委 财政部文件", "国家发展改革委 财政部",
     ("国家发展和改革委员会", "财政部")),
    ("2024-职业教育", "教育部 人力资源社会保障部 财政部文件", "教育部 人力资源社会保障部 财政部",
     ("教育部", "人力资源和社会保障部", "财政部")),
    ("2024-就业补贴", None, "人社部、财政部", ("人力资源和社会保障部", "财政部")),
    ("2025-税收优惠", "财政部国家税务总局国家发展改革委文件", "财政部 税务总局 国家发展改革委",
     ("财政部", "国家税务总局", "国家发展和改革委员会")),
    ("2025-价格监管", "发改委 市场监管总局文件", "国家发展改革委 市场监管总局",
     ("国家发展和改革委员会", "国家市场监督管理总局")),
    ("2025-预算管理", "财政部文件", "财政部", ("财政部",)),
    ("2025-省级资金", "江苏省发展改革委 江苏省财政厅文件", "江苏省发展改革委 江苏省财政厅",
     ("江苏省发展改革委", "江苏省财政厅")),
]


def write(folder: Path) -> list[Path]:
    """Write the documents into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n, (stem, mark, head, _) in enumerate(DOCUMENTS, 1):
        year = stem[:4]
        # a 红头 document: mark, 发文字号, title (TXT); one published without: a Word file
        # that opens with its title
        lines = [mark, f"综〔{year}〕{n}号"] if mark else []
        lines += [f"{head}关于做好{stem[5:]}工作的通知",
                  "各省、自治区、直辖市有关部门：",
                  "一、总体要求", f"（一）加强{stem[5:]}管理。严格执行有关规定。",
                  "二、保障措施", "（一）强化监督检查。各地要加强组织领导。",
                  f"{year}年3月{n}日"]
        if mark:
            path = folder / f"{stem}-synthetic.txt"
            path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        else:
            from docxmaker import build_docx, para

            path = folder / f"{stem}-synthetic.docx"
            path.write_bytes(build_docx("".join(para(t, center=k == 0)
                                                for k, t in enumerate(lines))))
        path.with_name(path.name + ".meta.json").write_text(
            json.dumps({"synthetic": True, "generator": "tests/jointgen.py"},
                       ensure_ascii=False), encoding="utf-8")
        out.append(path)
    return out


def expected() -> tuple[Counter, Counter]:
    """(documents per agency, joint documents per pair of agencies) from :data:`DOCUMENTS`."""
    nodes: Counter = Counter()
    edges: Counter = Counter()
    for *_, names in DOCUMENTS:
        nodes.update(names)
        edges.update(combinations(sorted(names), 2))
    return nodes, edges
