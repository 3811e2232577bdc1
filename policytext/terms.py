"""Terms: what an item or a document is about, in its own words.

* :func:`keywords` — TF-IDF over jieba tokens (the project's tokenizer and
  dictionary) per item or per document, against a corpus (by default the
  document itself: its items, or its one text); common work-point verbs
  (``data/stopwords.txt``) are left out.
* :func:`slogans` — the quoted slogans and initiatives (“四强”,
  “五聚焦五落实”) with how often each is quoted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from .text import quoted_terms

__all__ = ["keywords", "slogans", "stopwords"]

_RE_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9+＋]+$")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words keywords ignore (package data)."""
    raw = resources.files("policytext.data").joinpath("stopwords.txt").read_text("utf-8")
    return frozenset(w for line in raw.splitlines() if not line.startswith("#")
                     for w in line.split())


def _terms(text: str) -> list[str]:
    """Keyword candidates: tokens of two or more characters, not numbers, not stop words."""
    from .text import tokenize

    stop = stopwords()
    return [t for t in tokenize(text) if _RE_WORD.match(t) and t not in stop]


def slogans(doc: Any) -> list[tuple[str, int]]:
    """Quoted slogans and initiatives with their counts, most quoted first (ties: first seen).

    ``doc`` is a Document or a string.
    """
    text = doc if isinstance(doc, str) else doc.text
    found = quoted_terms(text)
    counts = Counter(found)
    order = {t: i for i, t in reversed(list(enumerate(found)))}
    return sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def keywords(doc: Any, *, corpus: Sequence[Any] = (), per: str = "item", top_k: int = 10):
    """TF-IDF keywords of ``doc``'s items (``per="item"``) or of the whole document.

    ``per="item"`` returns ``[(path, [(term, weight), …]), …]`` in document
    order, IDF taken over the items of ``doc`` and of ``corpus``;
    ``per="document"`` returns ``[(term, weight), …]``, IDF over ``doc`` and the
    documents of ``corpus`` (with no corpus, plain normalised term frequency).
    Weights are rounded to 4 places; ties break alphabetically.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if per not in ("item", "document"):
        raise ValueError(f"per must be 'item' or 'document', not {per!r}")
    if per == "item":
        items = list(doc.items)
        texts = [i.text for i in items] + [i.text for d in corpus for i in d.items]
    else:
        texts = [doc.text] + [d.text for d in corpus]
    vec = TfidfVectorizer(analyzer=_terms, sublinear_tf=True,
                          use_idf=per == "item" or bool(corpus))
    matrix = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()

    def top(row: int) -> list[tuple[str, float]]:
        r = matrix.getrow(row)
        pairs = [(vocab[j], round(float(v), 4)) for j, v in zip(r.indices, r.data, strict=False)]
        return sorted(pairs, key=lambda p: (-p[1], p[0]))[:top_k]

    if per == "item":
        return [(item.path, top(n)) for n, item in enumerate(items)]
    return top(0)
