"""policytext: Chinese policy documents into clean, structured, searchable, comparable data.

    >>> import policytext
    >>> doc = policytext.read("corpora/2025-江苏省科技社团党的建设工作要点.txt")
    >>> doc.title, len(doc.items)
    ('2025年江苏省科技社团党的建设工作要点', 15)

Heavy libraries (pandas, scikit-learn, jieba, pdfplumber) are imported only
where they are needed, so ``import policytext`` is fast.
"""

from __future__ import annotations

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

__all__ = [
    "read",
    "read_bytes",
    "read_text",
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
