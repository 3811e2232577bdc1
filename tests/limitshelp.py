"""Faults planted in the reading child, for the limits tests, whichever way the child is made.

A forked child inherits a test's ``monkeypatch``; a spawned child is a fresh
interpreter and does not, so a fault must travel in the request: these are
module-level functions, pickled by name, that the spawned child imports from
here (the tests folder is on its path).  :func:`read_then` stands in for
:func:`policytext.pipeline._read_and_build`: the document is really read, then
the stages after reading are replaced, in the child only, by a fault.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from policytext import pipeline

#: The real stage, whatever a test patches into the pipeline afterwards.
_read_and_build = pipeline._read_and_build

START_METHODS = ("fork", "spawn")


def hang(*args: Any, **kwargs: Any) -> None:
    """A stage that never ends (well, after 30 s)."""
    time.sleep(30)


def hoard(*args: Any, **kwargs: Any) -> None:
    """A stage, or a reader (``budget=``), that allocates without end."""
    hoard = []
    while True:
        hoard.append(bytearray(16 * 2**20))


def _read_then(build: Callable[..., Any], data: bytes, **kwargs: Any) -> Any:
    pipeline.build = build  # in the child only: it exists for this one document
    return _read_and_build(data, **kwargs)


def read_then(build: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for ``pipeline._read_and_build`` that reads, then runs ``build``
    instead of cleaning and structure."""
    return functools.partial(_read_then, build)


class SlowToLoad:
    """An argument a spawned child takes ``seconds`` to unpickle (it arrives as ``None``):
    a slow start of the child's interpreter, before it holds its request."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __reduce__(self) -> tuple:
        return time.sleep, (self.seconds,)


def first(value: Any, *ignored: Any, budget: Any) -> Any:
    """Work that returns its first argument at once."""
    return value
