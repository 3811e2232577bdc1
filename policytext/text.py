"""The project's own jieba tokenizer, its domain dictionary, and quoted slogans.

jieba's module-level tokenizer is global state; policytext builds its own
``jieba.Tokenizer`` once, lazily, loads the policy dictionary shipped in
``data/dict.txt`` (or a user's file) into it, and passes it around.  Quoted
slogans and initiatives of a document (“四强”, “五聚焦五落实”) can be added so
they stay whole.  Tokenising never changes the text; matching keys are folded
with :func:`policytext.clean.fold`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "tokenizer",
    "tokenize",
    "tokenize_for_search",
    "analyzer",
    "quoted_terms",
    "add_terms",
    "dictionary_terms",
]

_LOCK = threading.Lock()

#: Quoted spans: “…”, ‘…’, 「…」, and “…” written with ASCII quotes.
_RE_QUOTED = re.compile(r"“([^“”\n]{1,20})”|「([^「」\n]{1,20})」|‘([^‘’\n]{1,20})’")
_RE_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff＋+]")


def dictionary_terms(path: str | Path | None = None) -> list[str]:
    """The terms of the domain dictionary (package data unless ``path`` is given)."""
    if path is None:
        text = resources.files("policytext.data").joinpath("dict.txt").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    terms = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line.split()[0])
    return terms


@lru_cache(maxsize=4)
def tokenizer(dictionary: str | None = None):
    """A ``jieba.Tokenizer`` with the policy dictionary loaded (built once per dictionary).

    jieba keeps its cache file in the temp folder by default; we point it at no
    file so nothing is written behind the user's back.
    """
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = None
    tok.cache_file = None
    with _LOCK:
        tok.initialize()
        for term in dictionary_terms(dictionary):
            tok.add_word(term, freq=_freq(tok, term))
    return tok


def _freq(tok, term: str) -> int:
    """A frequency high enough for jieba to keep the term whole."""
    return max(tok.suggest_freq(term, tune=False), 1000)


def add_terms(terms: Iterable[str], *, dictionary: str | None = None) -> int:
    """Add terms (e.g. a corpus's quoted slogans) to the tokenizer; returns how many were new."""
    tok = tokenizer(dictionary)
    added = 0
    with _LOCK:
        for term in terms:
            term = term.strip()
            if term and term not in tok.FREQ or (term and tok.FREQ.get(term, 0) == 0):
                added += 1
            if term:
                tok.add_word(term, freq=_freq(tok, term))
    return added


def quoted_terms(text: str) -> list[str]:
    """Slogans and initiatives quoted in the text, in order of appearance (repeats kept)."""
    out = []
    for m in _RE_QUOTED.finditer(text):
        term = next(g for g in m.groups() if g)
        if not re.search(r"[。；！？]", term):
            out.append(term)
    return out


def tokenize(text: str, *, dictionary: str | None = None) -> list[str]:
    """Words of ``text`` (punctuation and whitespace dropped), in order."""
    tok = tokenizer(dictionary)
    return [w for w in tok.lcut(text, HMM=True) if _RE_TOKEN_OK.search(w)]


def tokenize_for_search(text: str, *, dictionary: str | None = None) -> list[str]:
    """Words plus their sub-words (jieba's search mode), for a full-text index."""
    tok = tokenizer(dictionary)
    return [w for w in tok.lcut_for_search(text, HMM=True) if _RE_TOKEN_OK.search(w)]


def analyzer(text: str) -> list[str]:
    """A module-level analyzer for scikit-learn vectorizers (a lambda would not pickle)."""
    return tokenize(text)
