"""Package data (dictionaries, taxonomies, codebooks, alias tables), read lazily."""

from __future__ import annotations

import sys
from importlib import resources


def read_text(*parts: str) -> str:
    """A shipped data file as text (``read_text("instruments.toml")``)."""
    return resources.files(__name__).joinpath(*parts).read_text("utf-8")


def loads_toml(raw: str) -> dict:
    """TOML text as a dict (tomllib, or tomli on Python 3.10); ``ValueError`` if invalid."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(raw)
