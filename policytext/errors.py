"""The one exception tree of policytext.

Every error the library raises on purpose derives from :class:`PolicyTextError`,
so callers can catch one class; the CLI turns any of them into a one-line
``error: …`` message and exit code 2.

    PolicyTextError
    ├── InputError (ValueError)          the input is not something we can read
    │   ├── UnsupportedFormatError       unknown file type
    │   ├── EncodingError                text whose encoding cannot be told or decoded
    │   ├── NoTextLayerError             a PDF with no extractable text (needs OCR)
    │   ├── PasswordError                encrypted and no (or a wrong) password
    │   ├── CorruptFileError             truncated or malformed PDF/DOCX/ZIP
    │   └── UnsafeInputError             zip bomb, DTD/entity declarations, …
    ├── LimitError                        a reading limit was hit
    │   ├── TooLargeError                 decompressed bytes, characters per page, memory
    │   └── TooSlowError (TimeoutError)   the deadline passed
    ├── StructureError (ValueError)       text read, but no usable structure / bad record
    ├── ModelError                        a theme model or taxonomy is missing or invalid
    └── StoreError                        the database cannot be opened or written

Lower-level exceptions (pdfminer, zipfile, zlib, RecursionError, …) are mapped
onto this tree at the reader boundary with the original chained as ``__cause__``.
"""

from __future__ import annotations

__all__ = [
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
]


class PolicyTextError(Exception):
    """Root of every error policytext raises on purpose."""

    def _render_traceback_(self) -> list[str]:
        # IPython/Jupyter show this instead of a traceback: in a notebook, as on the command
        # line, an error policytext raised on purpose is one line.
        return [f"error: {' '.join(str(self).split()) or type(self).__name__}"]


class InputError(PolicyTextError, ValueError):
    """The input cannot be read as a policy document."""


class UnsupportedFormatError(InputError):
    """The file type is not one of the readable formats (PDF, TXT, DOCX, MD)."""


class EncodingError(InputError):
    """Text whose encoding cannot be determined or that does not decode cleanly."""


class NoTextLayerError(InputError):
    """A PDF whose pages carry no extractable text (scanned images; OCR is not built in)."""


class PasswordError(InputError):
    """An encrypted document opened without its password, or with a wrong one."""


class CorruptFileError(InputError):
    """A truncated or malformed file."""


class UnsafeInputError(InputError):
    """Input refused before parsing: zip bombs, DTD or entity declarations."""


class LimitError(PolicyTextError):
    """A reading limit (size, time, memory) was reached."""


class TooLargeError(LimitError):
    """Too large: decompressed bytes, characters per page or memory over the cap."""


class TooSlowError(LimitError, TimeoutError):
    """Too slow: reading did not finish before the deadline."""


class StructureError(PolicyTextError, ValueError):
    """Text was read but a structure or a record is invalid."""


class ModelError(PolicyTextError):
    """A theme model or taxonomy is missing, invalid or incompatible."""


class StoreError(PolicyTextError):
    """The corpus database cannot be opened, read or written."""
