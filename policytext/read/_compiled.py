"""The optional C loops of the PDF reader (``_pdfium_loops.c``, ``_line_loops.c``), found.

Each is built by the install where a compiler is there; the Python code it speeds up stays
the reference and gives the same output (tests compare them on every PDF fixture).
"""

from __future__ import annotations

import importlib
import os
from typing import Any


def compiled(module: str, switch: str, version: int) -> Any:
    """``policytext.read.<module>``, or ``None`` where it was not built (no compiler at
    install), is a build of other code (its ``VERSION`` is not ``version``), or the
    environment says ``<switch>=python``: the caller's Python code then."""
    if os.environ.get(switch) == "python":
        return None
    try:
        loops = importlib.import_module(f"{__package__}.{module}")
    except ImportError:
        return None
    return loops if getattr(loops, "VERSION", None) == version else None
