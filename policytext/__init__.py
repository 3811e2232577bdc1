"""policytext: Chinese policy documents into clean, structured, searchable, comparable data.

    >>> import policytext
    >>> doc = policytext.read("corpora/2025-江苏省科技社团党的建设工作要点.txt")
    >>> doc.title, len(doc.items)
    ('2025年江苏省科技社团党的建设工作要点', 15)

The verbs: :func:`read`, ``compare(old, new)``, :func:`tag`, ``requirements(doc)``,
``instruments(doc)``.  ``compare``, ``requirements`` and ``instruments`` are also the modules
that hold the rest of their stage (``from policytext.compare import align``).

Heavy libraries (pandas, scikit-learn, jieba, pdfplumber) are imported only
where they are needed, so ``import policytext`` is fast.
"""

from __future__ import annotations

import importlib

from ._version import __version__
from .errors import (
    CorruptFileError,
    EncodingError,
    InputError,
    LimitError,
    ModelError,
    NoTextLayerError,
    PasswordError,
    PolicyTextError,
    StoreError,
    StructureError,
    TooLargeError,
    TooSlowError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from .model import DocNumber, Document, Item, Removal, Section

# Eager, and after everything else: ``policytext/read/`` is a subpackage, and importing
# it sets the package attribute ``read`` to that module; binding the function last makes
# ``policytext.read`` the verb (a lazy ``read`` would be shadowed by the subpackage).
from .pipeline import read, read_bytes, read_text  # noqa: E402,I001

#: Top-level names imported on first use (PEP 562), so ``import policytext`` costs the
#: reader, the data model and the errors: ``Corpus`` and the modules that are verbs too
#: (policytext._verbs: ``compare``, ``requirements``, ``instruments``) load when a
#: program first touches them.  An ingest's main process
#: and each of its workers start faster by what they never use (issue 15: the serial
#: part of ``ingest --jobs 2``).
_LAZY = {
    "Corpus": ".corpus",
    "compare": ".compare", "requirements": ".requirements", "instruments": ".instruments",
}
_MODULES = {"compare", "requirements", "instruments"}


def __getattr__(name: str):
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'policytext' has no attribute {name!r}")
    module = importlib.import_module(where, __name__)
    value = module if name in _MODULES else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def tag(doc, *, taxonomy="auto", model=None):
    """Every theme of every top-level item of ``doc`` with its score and evidence
    (:func:`policytext.themes.tag`; here ``taxonomy="auto"`` picks the shipped taxonomy
    that fits the document)."""
    from .themes import tag as _tag

    return _tag(doc, taxonomy=taxonomy, model=model)

__all__ = [
    "read",
    "read_bytes",
    "read_text",
    "compare",
    "tag",
    "requirements",
    "instruments",
    "Corpus",
    "Document",
    "Section",
    "Item",
    "Removal",
    "DocNumber",
    "PolicyTextError",
    "InputError",
    "UnsupportedFormatError",
    "EncodingError",
    "NoTextLayerError",
    "PasswordError",
    "CorruptFileError",
    "UnsafeInputError",
    "LimitError",
    "TooLargeError",
    "TooSlowError",
    "StructureError",
    "ModelError",
    "StoreError",
    "__version__",
]
