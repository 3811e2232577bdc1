"""The project's own jieba tokenizer, its domain dictionary, and quoted slogans.

jieba's module-level tokenizer is global state; policytext builds its own
``jieba.Tokenizer`` once, lazily, loads the policy dictionary shipped in
``data/dict.txt`` (or a user's file) into it, and passes it around.  Quoted
slogans and initiatives of a document (“四强”, “五聚焦五落实”) can be added so
they stay whole.  Tokenising never changes the text; matching keys are folded
with :func:`policytext.clean.fold`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "tokenizer",
    "base_tokenizer",
    "tokenize",
    "cut",
    "tokenize_for_search",
    "analyzer",
    "quoted_terms",
    "add_terms",
    "forget_terms",
    "add_document_terms",
    "dictionary_terms",
    "cache_dir",
]

_LOCK = threading.Lock()
#: Per dictionary, the generation of the corpus tokenizer's added terms (0: none added,
#: it cuts as the fixed one); each :func:`add_terms` takes a new number from ``_GENERATIONS``.
_ADDED: dict[str | None, int] = {}
_GENERATIONS = iter(range(1, 1 << 62))

#: Quoted spans: “…”, ‘…’, 「…」, and “…” written with ASCII quotes.
_RE_QUOTED = re.compile(r"“([^“”\n]{1,20})”|「([^「」\n]{1,20})」|‘([^‘’\n]{1,20})’")
_RE_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff＋+]")
#: Where jieba would cut anyway: anything but CJK, letters, digits and + # & . % -.
_RE_SPLIT = re.compile(r"[^\u4e00-\u9fd5a-zA-Z0-9+#&._%-]+")


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


def import_jieba():
    """The ``jieba`` module, imported without ``pkg_resources``.

    jieba 0.42 imports ``pkg_resources`` (deprecated, and 70–120 ms of a 20 ms import:
    it scans every installed distribution) only to open its own data files; when that
    import fails it opens the same files beside its modules.  So unless something has
    imported ``pkg_resources`` already, it is hidden while jieba is imported — every
    process that tokenises (each ``ingest`` worker, ``policytext tag``) starts faster,
    with the same dictionary and the same tokens.
    """
    import sys

    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  (import fails)
    try:
        import jieba
    finally:
        if hide and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


def base_tokenizer(dictionary: str | None = None):
    """The fixed tokenizer: jieba's dictionary plus the policy dictionary, never extended.

    One per dictionary: ``base_tokenizer()`` and ``base_tokenizer(None)`` are the same object.
    """
    return _base_tokenizer(dictionary)


@lru_cache(maxsize=4)
def _base_tokenizer(dictionary: str | None):
    """The fixed tokenizer: jieba's dictionary plus the policy dictionary, never extended.

    Models use it (:func:`analyzer`), so their features do not depend on which
    documents' slogans were added before.  ``jieba.Tokenizer.initialize`` would
    write ``jieba.cache`` into the temp folder behind the user's back; we build
    the prefix dictionary ourselves and keep it in the cache described by
    :func:`cache_dir` (or nowhere).
    """
    import logging

    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = None
    tok.cache_file = None
    with _LOCK:
        tok.FREQ, tok.total = _prefix_dict(tok)
        tok.initialized = True
        for term in dictionary_terms(dictionary):
            tok.add_word(term, freq=_freq(tok, term))
    return tok


def tokenizer(dictionary: str | None = None):
    """The corpus tokenizer: the fixed one plus the terms added by :func:`add_terms`.

    One per dictionary (``lru_cache`` would key ``tokenizer()`` and ``tokenizer(None)``
    apart and build jieba's tables twice).
    """
    return _tokenizer(dictionary)


@lru_cache(maxsize=4)
def _tokenizer(dictionary: str | None):
    """The corpus tokenizer: the fixed one plus the terms added by :func:`add_terms`.

    Built once per dictionary (a copy of :func:`base_tokenizer`'s tables).
    """
    jieba = import_jieba()

    base = base_tokenizer(dictionary)
    tok = jieba.Tokenizer()
    tok.tmp_dir = None
    tok.cache_file = None
    with _LOCK:
        tok.FREQ, tok.total = dict(base.FREQ), base.total
        tok.initialized = True
    return tok


def cache_dir() -> Path | None:
    """Where the jieba prefix dictionary is cached, or None when caching is off.

    ``$POLICYTEXT_CACHE_DIR`` chooses the folder (``off``, ``0`` or an empty
    value turn the cache off); by default it is ``$XDG_CACHE_HOME/policytext``
    or ``~/.cache/policytext``.  The cache only saves start-up time (about
    half a second): tokens are the same with or without it.
    """
    env = os.environ.get("POLICYTEXT_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policytext"


def _prefix_dict(tok) -> tuple[dict, int]:
    """jieba's prefix dictionary: from the cache if it matches jieba's dictionary, else built."""
    import hashlib
    import marshal

    jieba = import_jieba()

    with tok.get_dict_file() as fh:
        raw = fh.read()
    key = hashlib.sha256(raw).hexdigest()[:16]
    folder = cache_dir()
    path = folder / f"jieba-{jieba.__version__}-{key}.marshal" if folder else None
    if path is not None and path.is_file():
        try:
            freq, total = marshal.loads(path.read_bytes())
            if isinstance(freq, dict) and isinstance(total, int):
                return freq, total
        except (EOFError, ValueError, TypeError, OSError):
            pass  # a damaged cache is rebuilt below
    import io

    freq, total = tok.gen_pfdict(io.BytesIO(raw))
    if path is not None:
        _write_cache(path, marshal.dumps((freq, total)))
    return freq, total


def _write_cache(path: Path, data: bytes) -> None:
    """Write the cache atomically; say so in the log; never fail the caller over it."""
    import logging

    from ._atomic import write_atomic

    log = logging.getLogger(__name__)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)  # a full disk leaves no partial .tmp- file behind
        log.info("cached jieba's prefix dictionary in %s (POLICYTEXT_CACHE_DIR=off disables)",
                 path)
    except OSError as exc:
        log.info("could not cache jieba's prefix dictionary in %s: %s", path, exc)


def _freq(tok, term: str) -> int:
    """A frequency high enough for jieba to keep the term whole."""
    return max(tok.suggest_freq(term, tune=False), 1000)


def add_terms(terms: Iterable[str], *, dictionary: str | None = None) -> int:
    """Add terms (e.g. a corpus's quoted slogans) to the tokenizer; returns how many were new.

    jieba never joins across punctuation, so a slogan such as
    “双向进入、交叉任职” is added as its parts (双向进入, 交叉任职).
    """
    tok = tokenizer(dictionary)
    added = 0
    with _LOCK:
        _ADDED[dictionary] = next(_GENERATIONS)  # add_word changes frequencies too
        for term in terms:
            for part in _RE_SPLIT.split(_halfwidth(term)):
                part = part.strip()
                if len(part) < 2:
                    continue
                if not tok.FREQ.get(part):
                    added += 1
                tok.add_word(part, freq=_freq(tok, part))
    return added


def forget_terms() -> None:
    """Drop every term added by :func:`add_terms`: the corpus tokenizer starts afresh.

    The tokenizer is process-wide (one per dictionary); a session reading one
    corpus after another can start each from the fixed dictionary again.
    """
    with _LOCK:
        _tokenizer.cache_clear()
        _ADDED.clear()


def add_document_terms(doc, *, dictionary: str | None = None) -> list[str]:
    """The corpus step: add a document's quoted slogans and initiatives so they stay whole.

    ``doc`` is a :class:`policytext.model.Document` or a plain string; returns
    the distinct quoted terms, in order of first appearance.
    """
    text = doc if isinstance(doc, str) else doc.text
    terms = list(dict.fromkeys(quoted_terms(text)))
    add_terms(terms, dictionary=dictionary)
    return terms


def quoted_terms(text: str) -> list[str]:
    """Slogans and initiatives quoted in the text, in order of appearance (repeats kept)."""
    out = []
    for m in _RE_QUOTED.finditer(text):
        term = next(g for g in m.groups() if g)
        if not re.search(r"[。；！？]", term):
            out.append(term)
    return out


def tokenize(text: str, *, dictionary: str | None = None, added: bool = True) -> list[str]:
    """Words of ``text`` (punctuation and whitespace dropped), in order, as written.

    Full-width ASCII (“党建＋”, ２０２５) is matched as half-width, but the
    words returned are slices of the original text.  ``added=False`` ignores
    the terms added with :func:`add_terms` (the fixed tokenizer models use).
    """
    return _slices(text, cut(_halfwidth(text), dictionary=dictionary, added=added))


def cut(text: str, *, dictionary: str | None = None, added: bool = True) -> tuple[str, ...]:
    """jieba's cut of ``text`` as given (HMM on, punctuation kept), kept per text: the
    themes, the alignment and the tables cut the same item texts, and now cut each once.

    ``added=False`` is the fixed tokenizer; the corpus tokenizer cuts as the fixed one
    until :func:`add_terms` adds to it, so both share the cuts until then.

    A text of several lines is cut line by line: jieba cuts the runs between separators
    one by one and a line break is one (its own word), so the words are the same, and a
    document's text, its items and their paragraphs share the cuts of their lines.  (A
    ``\r\n``, one word to jieba, is cut whole.)
    """
    generation = _ADDED.get(dictionary, 0) if added else 0
    if "\n" not in text or "\r" in text:
        return _cut(text, dictionary, generation)
    words: list[str] = []
    for k, line in enumerate(text.split("\n")):
        if k:
            words.append("\n")
        words.extend(_cut(line, dictionary, generation))
    return tuple(words)


@lru_cache(maxsize=16384)  # (a corpus's items, their lines and sentences: each cut once)
def _cut(text: str, dictionary: str | None, generation: int) -> tuple[str, ...]:
    tok = tokenizer(dictionary) if generation else base_tokenizer(dictionary)
    return tuple(tok.cut(text, HMM=True))


def tokenize_for_search(text: str, *, dictionary: str | None = None) -> list[str]:
    """Words plus their sub-words (jieba's search mode), for a full-text index."""
    tok = tokenizer(dictionary)
    folded = _halfwidth(text)
    return [text[start:end] for _, start, end in tok.tokenize(folded, mode="search", HMM=True)
            if _RE_TOKEN_OK.search(text[start:end])]


def _slices(text: str, words) -> list[str]:
    out = []
    pos = 0
    for w in words:
        word = text[pos:pos + len(w)]
        pos += len(w)
        if _RE_TOKEN_OK.search(word):
            out.append(word)
    return out


#: Full-width ASCII (U+FF01–FF5E) to half-width, one character for one.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def _halfwidth(text: str) -> str:
    return text.translate(_HALFWIDTH)


def analyzer(text: str) -> list[str]:
    """A module-level analyzer for scikit-learn vectorizers (a lambda would not pickle).

    It uses the fixed tokenizer, so a model's features never depend on slogans
    added earlier in the process.
    """
    return tokenize(text, added=False)
