"""Compare a parsed document with a gold record on every gold key (used by many tests)."""

from __future__ import annotations

from typing import Any

META_KEYS = ("doc_number", "doc_number_parts", "title", "year", "issuer", "recipients",
             "cover_letter", "signed_date", "cc", "printed_by", "printed_date", "preamble")


def differences(doc_dict: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    """Every way ``doc_dict`` differs from ``gold`` on gold's keys (empty when equal)."""
    out = []
    for key in META_KEYS:
        if key in gold and doc_dict.get(key) != gold[key]:
            out.append(f"{key}: {doc_dict.get(key)!r} != {gold[key]!r}")
    got_sections = doc_dict.get("sections", [])
    if len(got_sections) != len(gold["sections"]):
        out.append(f"sections: {len(got_sections)} != {len(gold['sections'])}")
    for gs, s in zip(gold["sections"], got_sections, strict=False):
        for key in ("number", "title"):
            if s.get(key) != gs[key]:
                out.append(f"section {gs['number']} {key}: {s.get(key)!r} != {gs[key]!r}")
        if len(s["items"]) != len(gs["items"]):
            out.append(f"section {gs['number']} items: {len(s['items'])} != {len(gs['items'])}")
        for gi, it in zip(gs["items"], s["items"], strict=False):
            for key in ("number", "title", "text"):
                if it.get(key) != gi[key]:
                    out.append(f"item {gi['number']} {key}: {it.get(key)!r} != {gi[key]!r}")
    for g in gold.get("removed", []):
        if not any(r["kind"] == g["kind"] and r["text"] == g["text"]
                   and ("between" not in g or r.get("between") == g["between"])
                   for r in doc_dict.get("removed", [])):
            out.append(f"removed lacks {g['kind']} {g['text'][:40]!r}")
    return out
