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

# Modules that are verbs too (policytext._verbs): importing them is cheap (no numpy).
from . import compare, instruments, requirements  # noqa: E402,I001
from ._version import __version__
from .corpus import Corpus
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
from .pipeline import read, read_bytes, read_text


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
