"""Reading limits: run a reader under a deadline and caps, and type whatever it raises.

Parsers of untrusted files hang, recurse and balloon (pdfminer's own tracker has
all three).  :func:`run_limited` contains them the way Apache Tika does: the
work runs in a child process with an address-space cap (``RLIMIT_AS``); the
parent waits for the pickled result until the deadline and kills the child
when it passes.  :func:`policytext.read` runs the whole chain there — reading,
OCR, cleaning and structure — so every format (PDF, OFD, DOCX, TXT, Markdown) is
held to the same limits; a reader called on its own runs in a child of its own.

The child is made the cheapest safe way (:func:`start_method`): ``fork`` when
this process runs a single Python thread (a few milliseconds; the already
imported libraries are shared), else ``spawn``: a fresh interpreter
(``python -m policytext.read._child``, the *reading server*) that is sent the
work over a pipe and, running one Python thread itself, forks a child for
each piece of work.  A process with other threads (a Jupyter kernel, a
threaded web server, a Dask worker) must not fork: a lock another thread holds
stays locked in the child for ever.  The server is started by
:mod:`subprocess` (which runs no Python code between fork and exec), so it is
safe there, in a daemonic ``multiprocessing.Pool`` worker, and from a script
without an ``if __name__ == "__main__"`` guard (multiprocessing's own spawn
and forkserver would run that script again).  It is started once per thread
and kept: it imports what its children imported, so from the second document
on a child costs what a forked one does (a new interpreter for each document
cost about 0.3 s of CPU more: ``ingest --dask local`` paid 3.4× the CPU of
``--jobs 1``); a server that stops answering is killed with its child and the
next call starts another.  Both hold the same limits over the same stages,
with the same errors: the parent kills the child at the deadline, and the
child caps its own address space before the work.  On spawn the deadline
starts when the server holds the request (it says ``start``; until then it
has :data:`STARTUP` seconds) and is held by the server, which stops its child at
the deadline, as a forked child's starts at the fork; work that does not
pickle is refused with a ``TypeError`` rather than run without the cap.
``Limits(isolate=False)`` runs the work in-process with the same caps, but the
deadline is only checked between pages, glyphs and stages (nothing can stop a
parser stuck elsewhere without a child to kill) and there is no memory cap.

OCR reads a document's scanned pages in parallel (:func:`run_limited_each`):
workers forked from inside the reading child (which runs one Python thread,
whatever its parent runs), each page with ``Limits.ocr_deadline`` to itself and
each worker with the memory cap; the time they take is set aside from the
document's deadline (:meth:`Budget.aside`).  The reading child and the workers
are made, heard and cleaned up by the same few helpers: a child sends
length-prefixed pickled frames — interim messages (parts done, the clock set
aside and back) and then its outcome — and the parent passes the parts done on
to the caller's ``progress``.  A child is the leader of a session of its own,
so that when its deadline passes the parent stops it and every worker it
started at once.

Before anything is read, a file over ``max_input_bytes``, or a text file
(TXT/MD) over ``max_text_bytes``, is refused; the text a PDF or DOCX reader
extracts is held to ``max_text_bytes`` too.  Inside the reading, pdfminer's
Flate decoder is capped per stream and per document (:func:`pdf_guards`) and
the PDF reader counts the glyphs of a page as they are drawn
(:meth:`Budget.add_char`), so a bomb ends as
:class:`~policytext.errors.TooLargeError` long before memory runs out.
Nothing of a third-party library is patched for the whole process: the Flate
cap is a stand-in for the ``zlib`` module inside ``pdfminer.pdftypes`` that caps
only the thread reading under a budget and is plain ``zlib`` for any other.

Every exception is mapped onto the tree of :mod:`policytext.errors` with the
cause chained; across the process boundary the cause travels as its type name
and message (:class:`ReaderFailure`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import select
import signal
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

try:
    import resource
except ImportError:  # pragma: no cover - not on Unix
    resource = None  # type: ignore[assignment]

from ..errors import (
    CorruptFileError,
    PasswordError,
    PolicyTextError,
    TooLargeError,
    TooSlowError,
    UnsupportedFormatError,
)

__all__ = ["Limits", "DEFAULT_LIMITS", "ReaderFailure", "run_limited", "run_limited_each",
           "map_exception", "unwrap", "pdf_guards", "Budget", "start_method",
           "check_input_size", "check_text_size", "serve_spawned", "share_with_parent"]

T = TypeVar("T")

MB = 1024 * 1024

#: Start methods :class:`Limits` accepts for its child process (``None``: choose).
START_METHODS = ("fork", "spawn")


@dataclass(frozen=True)
class Limits:
    """Caps on one document's reading, cleaning and structure.

    ``deadline``: seconds of wall-clock time for the whole document;
    ``max_input_bytes``: size of the file as given (any format);
    ``max_text_bytes``: size of a text file (TXT, Markdown), and UTF-8 size of
    the text a PDF or DOCX reader extracts; ``max_stream_bytes``: decompressed
    bytes of one stream; ``max_document_bytes``: decompressed bytes of all
    streams together; ``max_chars_per_page``: glyphs drawn on one page;
    ``max_memory_bytes``: address space the child may add (child process only;
    a spawned server's child counts the libraries it imports for the work the
    first time, which a forked child, and the server's later children, inherit:
    a few tens of MB for a PDF);
    ``isolate``: work in a child process; ``start_method``: how that child is
    made (``"fork"`` or ``"spawn"``; default: see :func:`start_method`; forcing
    ``"fork"`` in a process with other threads is the caller's risk).  The
    deadline and the memory cap hold on both, for reading, OCR, cleaning and
    structure (a spawned interpreter's start is not counted in the deadline:
    :data:`STARTUP` bounds it);
    ``ocr_deadline``: seconds for each page read by OCR (a few seconds on a free
    core, minutes on a machine shared by many processes), not counted in
    ``deadline``.
    """

    deadline: float = 60.0
    max_input_bytes: int = 512 * MB
    max_text_bytes: int = 50 * MB
    max_stream_bytes: int = 64 * MB
    max_document_bytes: int = 512 * MB
    max_chars_per_page: int = 100_000
    max_memory_bytes: int = 1024 * MB
    isolate: bool = True
    start_method: str | None = None
    ocr_deadline: float = 300.0

    def __post_init__(self) -> None:
        for name in ("deadline", "max_input_bytes", "max_text_bytes", "max_stream_bytes",
                     "max_document_bytes", "max_chars_per_page", "max_memory_bytes",
                     "ocr_deadline"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive number, not {value!r}")
        if self.start_method is not None and self.start_method not in START_METHODS:
            raise ValueError(f"Limits.start_method must be one of {', '.join(START_METHODS)} "
                             f"or None, not {self.start_method!r}")


DEFAULT_LIMITS = Limits()


def _megabytes(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


def check_input_size(size: int, limits: Limits | None, name: str = "", *,
                     text: bool = False) -> None:
    """Refuse an input of ``size`` bytes over ``max_input_bytes`` (``max_text_bytes``
    too when it is a text file), before any of it is read."""
    limits = limits or DEFAULT_LIMITS
    what = name or "input"
    if size > limits.max_input_bytes:
        raise TooLargeError(f"{what} is too large: {_megabytes(size)} (the limit is "
                            f"{_megabytes(limits.max_input_bytes)} a file)")
    if text:
        check_text_size(size, limits, name)


def check_text_size(size: int, limits: Limits | None, name: str = "") -> None:
    """Refuse ``size`` bytes of text over ``max_text_bytes``."""
    limits = limits or DEFAULT_LIMITS
    if size > limits.max_text_bytes:
        raise TooLargeError(f"{name or 'input'} is too large: {_megabytes(size)} of text "
                            f"(the limit is {_megabytes(limits.max_text_bytes)})")


class ReaderFailure(Exception):
    """An exception raised in the reader's child process, carried back by type name.

    ``type_name`` and ``message`` are those of the original exception;
    ``remote_traceback`` its formatted traceback (shown with ``POLICYTEXT_DEBUG=1``).
    """

    def __init__(self, type_name: str, message: str, remote_traceback: str = "") -> None:
        super().__init__(f"{type_name}: {message}")
        self.type_name = type_name
        self.message = message
        self.remote_traceback = remote_traceback


# ---------------------------------------------------------------------------
# Mapping untyped exceptions onto the tree

def _pdfminer_kind(exc: BaseException) -> type[PolicyTextError] | None:
    """The policytext class for a pdfminer/pdfplumber exception, if it is one."""
    module = type(exc).__module__ or ""
    if not module.startswith(("pdfminer", "pdfplumber")):
        return None
    name = type(exc).__name__
    if name == "PDFPasswordIncorrect":
        return PasswordError
    if name in ("PDFEncryptionError", "PDFEncryptionWarning", "PDFNotImplementedError"):
        return UnsupportedFormatError
    return CorruptFileError


def unwrap(exc: BaseException) -> BaseException:
    """The original exception inside pdfplumber's ``PdfminerException(original)``."""
    while type(exc).__name__ == "PdfminerException" and exc.args \
            and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def map_exception(exc: BaseException, name: str = "") -> PolicyTextError:
    """A :class:`PolicyTextError` for any exception a reader raised (cause not yet set)."""
    what = name or "input"
    if isinstance(exc, PolicyTextError):
        return exc
    inner = unwrap(exc)
    if isinstance(inner, PolicyTextError):
        return inner
    detail = " ".join(str(inner).split())[:200]
    label = type(inner).__name__ + (f": {detail}" if detail else "")
    kind = _pdfminer_kind(inner)
    if kind is PasswordError:
        return PasswordError(f"{what} is encrypted: give its password (--password); "
                             f"the one given was wrong or missing")
    if kind is UnsupportedFormatError:
        return UnsupportedFormatError(f"{what} uses an unsupported PDF feature ({label})")
    if isinstance(inner, MemoryError):
        return TooLargeError(f"{what} needs more memory than the reading limit allows")
    if isinstance(inner, RecursionError):
        return CorruptFileError(f"{what} is damaged: structures nested too deeply "
                                f"(or in a loop)")
    if isinstance(inner, (TimeoutError,)) and not isinstance(inner, PolicyTextError):
        return TooSlowError(f"{what}: reading timed out ({label})")
    return CorruptFileError(f"{what} is damaged or not a valid file ({label})")


def _raise_mapped(exc: BaseException, name: str) -> None:
    mapped = map_exception(exc, name)
    if mapped is exc:
        raise exc
    if mapped is unwrap(exc):
        raise mapped from exc
    raise mapped from unwrap(exc)


# ---------------------------------------------------------------------------
# Budgets and the pdfminer guards

class Budget:
    """Decompressed bytes, glyphs and time spent so far on one document.

    ``tell`` carries the work's interim messages to whoever waits for it (the
    parent process, or the caller in-process): :meth:`progress` and
    :meth:`aside`.
    """

    def __init__(self, limits: Limits, name: str = "", *,
                 tell: Callable[[tuple], None] | None = None) -> None:
        self.limits = limits
        self.name = name or "input"
        self.start = time.monotonic()
        self.bytes = 0
        self.page_chars = 0
        self.tell = tell

    def progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` parts (OCR'd pages) finished: passed on to the
        ``progress`` of the :func:`run_limited` call this work runs under."""
        if self.tell is not None:
            self.tell(("progress", done, total))

    @contextlib.contextmanager
    def aside(self, part_deadline: float) -> Iterator[None]:
        """Work inside is not counted against the deadline: its parts have
        ``part_deadline`` seconds each of their own (:func:`run_limited_each`)."""
        began = time.monotonic()
        if self.tell is not None:
            self.tell(("aside", part_deadline))
        try:
            yield
        finally:
            self.start += time.monotonic() - began
            if self.tell is not None:
                self.tell(("back",))

    def check_time(self) -> None:
        if time.monotonic() - self.start > self.limits.deadline:
            raise TooSlowError(f"{self.name}: reading took longer than the "
                               f"{self.limits.deadline:g} s deadline")

    def add_bytes(self, n: int) -> None:
        self.bytes += n
        if self.bytes > self.limits.max_document_bytes:
            raise TooLargeError(
                f"{self.name}: decompressed streams exceed {self.limits.max_document_bytes:,} "
                f"bytes (the per-document limit)")

    def new_page(self) -> None:
        self.page_chars = 0
        self.check_time()

    def add_char(self) -> None:
        self.page_chars += 1
        if self.page_chars > self.limits.max_chars_per_page:
            raise TooLargeError(f"{self.name}: a page draws more than "
                                f"{self.limits.max_chars_per_page:,} characters (the limit)")
        if not self.page_chars & 0x3FF:
            self.check_time()

    def add_chars(self, n: int) -> None:
        """:meth:`add_char` ``n`` times, in one call (a reader that has a run of glyphs)."""
        before = self.page_chars
        self.page_chars += n
        if self.page_chars > self.limits.max_chars_per_page:
            raise TooLargeError(f"{self.name}: a page draws more than "
                                f"{self.limits.max_chars_per_page:,} characters (the limit)")
        if before >> 10 != self.page_chars >> 10:
            self.check_time()


#: The budget the current thread works under (set inside :func:`run_limited`).
_state = threading.local()


def active_budget() -> Budget | None:
    """The :class:`Budget` of the limited call this thread is inside, if any."""
    return getattr(_state, "budget", None)


@contextlib.contextmanager
def _working_under(budget: Budget) -> Iterator[Budget]:
    previous = active_budget()
    _state.budget = budget
    try:
        yield budget
    finally:
        _state.budget = previous


class _CappedZlib:
    """Stands in for the ``zlib`` module inside pdfminer.pdftypes: inflation is capped
    for the thread working under a budget, plain ``zlib`` for every other caller."""

    error = zlib.error

    def __getattr__(self, name: str) -> Any:  # anything else pdfminer may use, unchanged
        return getattr(zlib, name)

    def cap(self, budget: Budget) -> int:
        """Bytes one call may still produce (one more than allowed, to notice overflow)."""
        lim = budget.limits
        return max(0, min(lim.max_stream_bytes, lim.max_document_bytes - budget.bytes)) + 1

    def check(self, budget: Budget, produced: int, stream_total: int, cap: int) -> None:
        lim = budget.limits
        if stream_total > lim.max_stream_bytes:
            raise TooLargeError(f"{budget.name}: a stream inflates beyond "
                                f"{lim.max_stream_bytes:,} bytes (a compression bomb?)")
        if produced >= cap:
            produced += lim.max_document_bytes  # certainly over: let add_bytes say so
        budget.add_bytes(produced)

    def decompress(self, data: bytes, *args: Any, **kwargs: Any) -> bytes:
        budget = active_budget()
        if budget is None:
            return zlib.decompress(data, *args, **kwargs)
        d = zlib.decompressobj()
        cap = self.cap(budget)
        out = d.decompress(data, cap)
        self.check(budget, len(out), len(out), cap)
        if not d.eof:
            # As zlib.decompress: an incomplete stream is an error (pdfminer then
            # retries with its tolerant decoder, which also comes through here).
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args: Any, **kwargs: Any) -> Any:
        d = zlib.decompressobj(*args, **kwargs)
        budget = active_budget()
        return d if budget is None else _CappedDecompressor(self, budget, d)


class _CappedDecompressor:
    def __init__(self, owner: _CappedZlib, budget: Budget, d: Any) -> None:
        self.owner, self.budget, self.d, self.total = owner, budget, d, 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        cap = self.owner.cap(self.budget)
        out = self.d.decompress(data, cap)
        self.total += len(out)
        self.owner.check(self.budget, len(out), self.total, cap)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.d, name)


class _LogCollector(logging.Handler):
    """Keeps pdfminer's warnings about this thread's reading (a few, deduplicated)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        try:
            msg = " ".join(record.getMessage().split())[:160]
        except Exception:  # a malformed log call must not break reading
            return
        if msg not in self.messages and len(self.messages) < 5:
            self.messages.append(msg)


_install_lock = threading.Lock()


@contextlib.contextmanager
def pdf_guards(budget: Budget) -> Iterator[_LogCollector]:
    """Cap pdfminer's inflation for this thread and collect its warnings.

    The ``zlib`` stand-in stays in ``pdfminer.pdftypes`` once installed: for any
    thread not reading under a budget it is plain ``zlib``.  In a child process
    (which exists only to read) pdfminer's warnings are also kept from the
    console; in-process they still reach the host's logging as usual.
    """
    import pdfminer.pdftypes as pdftypes

    with _install_lock:
        if not isinstance(pdftypes.zlib, _CappedZlib):
            pdftypes.zlib = _CappedZlib()  # type: ignore[assignment]
    log = logging.getLogger("pdfminer")
    collector = _LogCollector()
    quiet = getattr(_state, "child", False)
    old_propagate = log.propagate
    log.addHandler(collector)
    if quiet:
        log.propagate = False
    try:
        with _working_under(budget):
            yield collector
    finally:
        log.removeHandler(collector)
        if quiet:
            log.propagate = old_propagate


# ---------------------------------------------------------------------------
# Sharing a child's warm caches with the parent

#: ``loader`` (``"module:function"``) → ``collect()``: what a child learned that the
#: parent should load too, so that later forked children inherit it.
_SHARED: dict[str, Callable[[], Any]] = {}


def share_with_parent(loader: str, collect: Callable[[], Any]) -> None:
    """After a child's work, ``collect()``'s value is passed to ``loader`` in the parent.

    For process-wide caches (pdfminer's CMaps take a third of a second to load): a
    forked child inherits what the parent has loaded, not what a sibling loaded.
    """
    _SHARED[loader] = collect


def _collect_shared() -> list[tuple[str, Any]]:
    out = []
    for loader, collect in _SHARED.items():
        try:
            value = collect()
        except Exception:  # a cache is never worth failing a document over
            continue
        if value:
            out.append((loader, value))
    return out


def _apply_shared(shared: list[tuple[str, Any]]) -> None:
    import importlib

    for loader, value in shared:
        module, _, func = loader.partition(":")
        if not module.startswith("policytext."):
            continue  # only our own loaders
        try:
            getattr(importlib.import_module(module), func)(value)
        except Exception:
            continue


# ---------------------------------------------------------------------------
# Running limited work

def _threads() -> int:
    """Python threads of this process.

    Native worker pools of numerical libraries (OpenBLAS starts one when numpy is
    imported) do not count: they hold no lock the reader's code takes, and
    OpenBLAS stops and restarts its pool around ``fork``.  A Python thread may
    hold any lock (logging, imports, a buffered stream), so one more means no fork.
    """
    return threading.active_count()


def start_method(limits: Limits | None = None) -> str:
    """How the child process is made: ``fork`` where that is safe (a Unix process
    running one Python thread), else ``spawn`` (a fresh interpreter)."""
    limits = limits or DEFAULT_LIMITS
    can_fork = hasattr(os, "fork") and sys.platform != "win32"
    if limits.start_method is not None:
        return limits.start_method if can_fork or limits.start_method == "spawn" else "spawn"
    return "fork" if can_fork and _threads() == 1 else "spawn"


def run_limited(func: Callable[..., T], *args: Any, limits: Limits | None = None,
                name: str = "", progress: Callable[[int, int], None] | None = None,
                **kwargs: Any) -> T:
    """Call ``func(*args, budget=Budget, **kwargs)`` under ``limits``; typed errors only.

    ``func`` receives a :class:`Budget` to report its progress (pages, glyphs,
    decompressed bytes; parts done with :meth:`Budget.progress`, which reach
    ``progress(done, total)`` here, in the calling process).  Its result must
    pickle when the call is isolated, and ``func`` (a module-level function) and
    its arguments too when the child is spawned.  Called inside limited work (the
    reader inside :func:`policytext.read`), it runs ``func`` right there, under
    the budget already running (whose messages go to the outer call's caller).
    """
    limits = limits or DEFAULT_LIMITS
    budget = active_budget()
    if budget is not None:
        return func(*args, budget=budget, **kwargs)
    if limits.isolate:
        return _run_child(func, args, kwargs, limits, name, progress)
    return _run_inline(func, args, kwargs, limits, name, progress)


def _run_inline(func: Callable[..., T], args: tuple, kwargs: dict, limits: Limits,
                name: str, progress: Callable[[int, int], None] | None = None) -> T:
    """In this process, under a budget of its own: the same caps, but the deadline is
    only checked between pages, glyphs and stages, and there is no memory cap."""
    budget = Budget(limits, name, tell=_Watch(limits, progress).hear)
    try:
        with _working_under(budget):
            return func(*args, budget=budget, **kwargs)
    except PolicyTextError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        _raise_mapped(exc, name)
        raise  # unreachable


def _run_child(func: Callable[..., T], args: tuple, kwargs: dict, limits: Limits,
               name: str, progress: Callable[[int, int], None] | None = None) -> T:
    """In a child process made as :func:`start_method` says."""
    watch = _Watch(limits, progress)
    if start_method(limits) == "fork":
        return _run_forked(func, args, kwargs, limits, name, watch)
    return _run_spawned(func, args, kwargs, limits, name, watch)


#: Seconds the parent waits beyond a part's own deadline for the child to report.
GRACE = 5.0

#: Seconds a spawned child has to start its interpreter, import the work and load the
#: request, before the deadline starts (that time does not depend on the document).
STARTUP = 60.0


class _Watch:
    """The caller's side of limited work: when it must end, and what it said so far.

    The work's interim messages (:meth:`Budget.progress`, :meth:`Budget.aside`)
    come here: parts done go on to ``progress``; while work is set aside, the
    document's deadline stands still and the child must report within a part's
    own deadline (and :data:`GRACE`), or it is stuck.
    """

    def __init__(self, limits: Limits, progress: Callable[[int, int], None] | None = None
                 ) -> None:
        self.limits = limits
        self.progress = progress
        self.deadline = time.monotonic() + limits.deadline
        self.left: float | None = None  # of the deadline, while work is set aside
        self.part = 0.0
        self.starting = False

    def await_start(self) -> None:
        """The child is a fresh interpreter: the deadline counts from its ``start``
        message (it has imported the work and holds its request), as a forked child's
        counts from the fork; until then it has :data:`STARTUP` seconds."""
        self.starting = True
        self.deadline = time.monotonic() + STARTUP

    def hear(self, message: tuple) -> None:
        now = time.monotonic()
        kind = message[0]
        if kind == "start" and self.starting:
            self.starting = False
            self.deadline = now + self.limits.deadline
        elif kind == "progress":
            if self.progress is not None:
                self.progress(message[1], message[2])
        elif kind == "aside":
            if self.left is None:
                self.left = self.deadline - now
            self.part = float(message[1])
        elif kind == "back" and self.left is not None:
            self.deadline, self.left = now + self.left, None
        if self.left is not None:
            self.deadline = now + self.part + GRACE

    def late(self, what: str) -> TooSlowError:
        """The error for a child that did not end in time."""
        if self.starting:
            return TooSlowError(f"{what}: the reader's interpreter did not start within "
                                f"{STARTUP:g} s")
        if self.left is not None:
            return TooSlowError(f"{what}: a part read on its own (an OCR'd page) took "
                                f"longer than its {self.part:g} s deadline")
        return TooSlowError(f"{what}: reading took longer than the {self.limits.deadline:g} s "
                            f"deadline")


# -- what a child sends: frames ----------------------------------------------
#
# One frame is a tag (``m``: an interim message, ``r``: an outcome), the length of
# the pickle (8 bytes, little-endian) and the pickle.  A reading child sends any
# number of messages, then one outcome; a worker of run_limited_each an outcome
# per item.

def _frame(tag: bytes, payload: bytes) -> bytes:
    return tag + len(payload).to_bytes(8, "little") + payload


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _teller(send: Callable[[bytes], None]) -> Callable[[tuple], None]:
    """A :class:`Budget`'s ``tell`` in a child: each message a frame sent to the parent."""
    def tell(message: tuple) -> None:
        send(_frame(b"m", pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)))
    return tell


class _Listener:
    """The parent's end of a child's pipe: frames in as they come, interim messages
    to ``hear``, outcomes kept in order."""

    def __init__(self, fd: int, hear: Callable[[tuple], None] | None = None) -> None:
        self.fd = fd
        self.hear = hear
        self.buffer = bytearray()
        self.outcomes: list[bytes] = []
        self.closed = False

    def read(self) -> list[bytes]:
        """Read what the pipe holds; the outcomes completed by it."""
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            self.closed = True
        self.buffer += chunk
        done = []
        while len(self.buffer) >= 9:
            size = int.from_bytes(self.buffer[1:9], "little")
            if len(self.buffer) < 9 + size:
                break
            tag, payload = self.buffer[:1], bytes(self.buffer[9:9 + size])
            del self.buffer[:9 + size]
            if tag == b"r":
                done.append(payload)
            elif self.hear is not None:
                self.hear(pickle.loads(payload))
        self.outcomes.extend(done)
        return done


# -- in the child -------------------------------------------------------------

def _fork(body: Callable[[], None]) -> int:
    """Fork a child that runs ``body()`` and ends (exit 70 if it raised) without
    running anything of the parent's (``atexit``, ``finally`` blocks up the stack,
    buffered output); its pid."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            body()
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    return pid


def _enter_child(limits: Limits) -> None:
    """Once in each child process, before any work: how a child lives."""
    # What the child inherited is never collected here: the garbage collector would
    # touch every inherited object and so copy the parent's memory page by page.
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _state.child = True
    _cap_memory(limits.max_memory_bytes)


def _work(func: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits,
          name: str, tell: Callable[[tuple], None] | None = None) -> bytes:
    """In a child: run ``func`` under a budget of its own; the pickled outcome for the
    parent (``("ok", result, shared caches)`` or a typed error)."""
    try:
        budget = Budget(limits, name, tell=tell)
        with _working_under(budget):
            result = func(*args, budget=budget, **kwargs)
        message: tuple = ("ok", result, _collect_shared())
    except MemoryError:
        message = ("error", "TooLargeError",
                   f"{name or 'input'} needs more memory than the reading limit allows",
                   "MemoryError", "", "")
    except BaseException as exc:  # everything is reported, typed, to the parent
        mapped = map_exception(exc, name)
        cause = unwrap(exc) if mapped is not exc else exc.__cause__
        if cause is mapped:
            cause = exc if exc is not mapped else None
        message = ("error", type(mapped).__name__, str(mapped),
                   type(cause).__name__ if cause is not None else "",
                   str(cause) if cause is not None else "",
                   "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    try:
        return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("error", "TooLargeError",
                             f"{name or 'input'}: the result needs more memory than the "
                             f"reading limit allows", "MemoryError", "", ""))
    except Exception as exc:
        return pickle.dumps(("error", "CorruptFileError", f"unpicklable result: {exc}",
                             type(exc).__name__, str(exc), ""))


def _forked_child(func: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits,
                  name: str, wfd: int) -> None:
    """In the forked child: lead a session of its own (so that the parent can stop it
    with every worker it starts), work, send the messages and the outcome."""
    os.setsid()
    _enter_child(limits)
    tell = _teller(lambda frame: _write_all(wfd, frame))
    _write_all(wfd, _frame(b"r", _work(func, args, kwargs, limits, name, tell)))
    os.close(wfd)  # the parent sees the end now, not after this process is torn down


def serve_spawned(stdin: Any, stdout: Any) -> None:
    """The reading server (``python -m policytext.read._child``): for each request read
    from ``stdin`` (a length-prefixed pickle, sent by our own parent process over a pipe,
    never from a file), fork a child that does the work under the request's limits, and
    write its frames to ``stdout``; until ``stdin`` ends.

    Before the child's, the server sends its own messages: ``start`` (it holds the
    request: the parent's clock starts now, as the fork path's starts at the fork) and
    ``child`` (the child's pid, so that the parent can stop it too)."""
    in_fd = stdin.fileno()
    # the frames go to a private copy of stdout, and stdout itself to /dev/null: a
    # library that prints cannot break them
    out_fd = os.dup(stdout.fileno())
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, stdout.fileno())
    os.close(null)
    _SERVER_FDS[:] = [in_fd, out_fd]
    share_with_parent(f"{__name__}:_import_modules", _modules_imported)

    def send(frame: bytes) -> None:
        _write_all(out_fd, frame)

    tell = _teller(send)
    while True:
        head = _read_exactly(in_fd, 8)
        if len(head) < 8:
            return
        data = _read_exactly(in_fd, int.from_bytes(head, "little"))
        try:
            func, args, kwargs, limits, name = pickle.loads(data)
        except Exception as exc:  # a request that cannot be unpickled (function not importable)
            payload = pickle.dumps(("error", "CorruptFileError",
                                    f"the reader could not start: {type(exc).__name__}: {exc}",
                                    type(exc).__name__, str(exc), ""))
        else:
            del data
            tell(("start",))
            payload = _serve_one(func, args, kwargs, limits, name, tell, in_fd)
        send(_frame(b"r", payload))


def _read_exactly(fd: int, n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


#: In the reading server: its ends of the pipes to the parent (a child closes them).
_SERVER_FDS: list[int] = []

#: In the reading server: the modules it had when it forked its current child.
_HAD: set[str] = set()


def _modules_imported() -> list[str]:
    """In the server's child: the modules it imported (the server imports them too)."""
    return sorted(set(sys.modules) - _HAD) if _HAD else []


def _import_modules(names: list[str]) -> None:
    """In the server: import what its child imported, so that the next one inherits it."""
    import importlib

    for module in names:
        if module not in sys.modules and not module.startswith("__main__"):
            with contextlib.suppress(BaseException):
                importlib.import_module(module)


def _error_payload(exc: PolicyTextError) -> bytes:
    return pickle.dumps(("error", type(exc).__name__, str(exc), "", "", ""))


def _serve_one(func: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits,
               name: str, tell: Callable[[tuple], None], in_fd: int) -> bytes:
    """In the reading server: one request in a forked child, as :func:`_run_forked`; the
    child's messages are passed on, and its outcome (or the typed error) returned."""
    watch = _Watch(limits)

    def hear(message: tuple) -> None:
        watch.hear(message)
        tell(message)

    _reap()
    _HAD.clear()
    _HAD.update(sys.modules)
    rfd, wfd = os.pipe()

    def child() -> None:
        os.close(rfd)
        for fd in _SERVER_FDS:
            os.close(fd)
        _forked_child(func, args, kwargs, limits, name, wfd)

    pid = _fork(child)
    os.close(wfd)
    tell(("child", pid))
    listener = _Listener(rfd, hear)

    def step(timeout: float) -> bool:
        readable = select.select([rfd, in_fd], [], [], timeout)[0]
        if in_fd in readable:  # the parent is gone (it sends nothing while it waits)
            _kill(pid)
            os._exit(0)
        if readable:
            listener.read()
        return bool(listener.outcomes) or listener.closed

    finished = False
    try:
        finished = _until(watch, step)
    finally:
        os.close(rfd)
        if not finished:
            _kill(pid)
        done, status = os.waitpid(pid, os.WNOHANG if listener.outcomes else 0)
        if not done:
            _EXITING.append(pid)
    if not finished:
        return _error_payload(watch.late(name or "input"))
    if not listener.outcomes:
        return _error_payload(_died(name or "input", *_exit_of(status)))
    payload = listener.outcomes[0]
    with contextlib.suppress(Exception):
        message = pickle.loads(payload)
        if message[0] == "ok":
            _apply_shared(message[2])
    return payload


def _cap_memory(extra: int) -> None:
    if resource is None:  # pragma: no cover - not on Unix
        return
    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        current = 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    target = current + extra
    if hard != resource.RLIM_INFINITY:
        target = min(target, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (target, hard))


# -- in the parent ------------------------------------------------------------

_ERRORS: dict[str, type[PolicyTextError]] = {}


def _error_class(name: str) -> type[PolicyTextError]:
    if not _ERRORS:
        from .. import errors

        for attr in errors.__all__:
            cls = getattr(errors, attr)
            if isinstance(cls, type) and issubclass(cls, PolicyTextError):
                _ERRORS[attr] = cls
    return _ERRORS.get(name, CorruptFileError)


def _kill(pid: int) -> None:
    """Stop a child and every process it started (the session it leads)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # not (yet) leading a session
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _run_forked(func: Callable[..., T], args: tuple, kwargs: dict, limits: Limits,
                name: str, watch: _Watch) -> T:
    _reap()
    rfd, wfd = os.pipe()

    def child() -> None:
        os.close(rfd)
        _forked_child(func, args, kwargs, limits, name, wfd)

    pid = _fork(child)
    os.close(wfd)
    listener = _Listener(rfd, watch.hear)

    def step(timeout: float) -> bool:  # True once the outcome came, or the child's end closed
        if select.select([rfd], [], [], timeout)[0]:
            listener.read()
        return bool(listener.outcomes) or listener.closed

    finished = False
    try:
        finished = _until(watch, step)
    finally:
        os.close(rfd)
        if not finished:  # deadline passed, or the caller was interrupted: stop the child
            _kill(pid)
        done, status = os.waitpid(pid, os.WNOHANG if listener.outcomes else 0)
        if not done:  # it has sent its result and is still tearing down: reap it later
            _EXITING.append(pid)
    return _outcome_of(listener, finished, watch, _exit_of(status) if done else (None, None),
                       name, warm=True)


#: Forked children that sent their result but were still exiting when it came: the
#: parent does not wait for a large process's teardown, it reaps them on a later call.
_EXITING: list[int] = []


def _reap() -> None:
    for pid in list(_EXITING):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped by someone else (a SIGCHLD handler)
            done = pid
        if done:
            _EXITING.remove(pid)


class _Server:
    """The spawned reading server of one thread of this process (see :func:`_run_spawned`)."""

    def __init__(self) -> None:
        import subprocess

        package_root = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [package_root, *(p for p in sys.path if p), env.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep)
        debug = bool(os.environ.get("POLICYTEXT_DEBUG"))
        self.proc = subprocess.Popen([sys.executable, "-m", f"{__package__}._child"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=None if debug else subprocess.DEVNULL, env=env,
                                     start_new_session=True)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.owner = os.getpid()
        self.wfd, self.rfd = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        os.set_blocking(self.wfd, False)
        self.child = 0  # the pid of the reading child it forked for the current request
        if not _SERVERS:
            import atexit

            atexit.register(_stop_servers)
        _SERVERS.append(self)

    def stop(self) -> None:
        """Kill the server and the reading child it runs (each leads a session)."""
        if self.child:
            _kill(self.child)
        _kill(self.proc.pid)
        self.close()

    def close(self) -> None:
        """Let an idle server go: its input ends, it exits (and is waited for)."""
        with contextlib.suppress(ValueError):
            _SERVERS.remove(self)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]
        try:
            self.proc.wait(timeout=5)
        except Exception:  # (subprocess.TimeoutExpired)
            _kill(self.proc.pid)
            self.proc.wait()


#: The reading servers this process started (closed when it exits).
_SERVERS: list[_Server] = []


def _stop_servers() -> None:
    for server in list(_SERVERS):
        if server.owner == os.getpid():
            server.close()


#: Each thread's reading server (:func:`_run_spawned`).
_servers = threading.local()


def _server() -> _Server:
    server = getattr(_servers, "server", None)
    if server is not None and (server.owner != os.getpid() or server.proc.poll() is not None):
        if server.owner == os.getpid():
            server.stop()
        server = None  # (a forked copy of another process's server is not ours to use)
    if server is None:
        server = _servers.server = _Server()
    return server


def _run_spawned(func: Callable[..., T], args: tuple, kwargs: dict, limits: Limits,
                 name: str, watch: _Watch) -> T:
    """In a child forked by this thread's reading server: a fresh interpreter
    (``python -m policytext.read._child``) started by :mod:`subprocess` on the first call
    and kept, which is sent each piece of work over a pipe and, running one Python
    thread, forks a child for it as :func:`_run_forked` does (the deadline and the
    memory cap held there, by the server); the modules that child imported are imported
    by the server afterwards, so that the next child inherits them.  A server that
    does not answer within the deadline and :data:`GRACE` is killed, with its child,
    and the next call starts another."""
    try:
        request = pickle.dumps((func, args, kwargs, limits, name),
                               protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        # A local function or a lambda cannot reach a fresh interpreter; running it
        # here instead would drop the memory cap and the hard deadline, so say so.
        why = ("Limits(start_method='spawn')" if limits.start_method == "spawn" else
               f"this process runs {_threads()} Python threads, so it does not fork")
        raise TypeError(f"{name or 'input'}: the work must pickle to run in a spawned "
                        f"child ({why}): {exc}") from exc
    server = _server()
    server.child = 0
    pending = [memoryview(len(request).to_bytes(8, "little") + request)]

    def hear(message: tuple) -> None:
        if message[0] == "child":
            server.child = message[1]
            return
        watch.hear(message)
        if message[0] == "start":  # the server stops its child at the deadline and says
            watch.deadline += GRACE  # so; a server that does not is stuck

    listener = _Listener(server.rfd, hear)
    watch.await_start()

    def step(timeout: float) -> bool:  # True once the outcome came, or the server's end closed
        readable, writable, _ = select.select([server.rfd], [server.wfd] if pending else [],
                                              [], timeout)
        if writable:
            try:
                pending[0] = pending[0][os.write(server.wfd, pending[0][:1 << 16]):]
            except BlockingIOError:
                pass
            except BrokenPipeError:  # it died before reading all: its exit says why
                pending[0] = pending[0][:0]
            if not pending[0]:
                pending.clear()
        if readable:
            listener.read()
        return bool(listener.outcomes) or listener.closed

    finished = False
    try:
        finished = _until(watch, step)
    finally:
        if not finished or not listener.outcomes:  # late, interrupted or dead: not reused
            _servers.server = None
            server.stop()
    if finished and not listener.outcomes:
        code = server.proc.returncode
        raise _died(name or "input", *((-code, None) if code < 0 else (None, code)))
    return _outcome_of(listener, finished, watch, (None, None), name)


def _until(watch: _Watch, step: Callable[[float], bool]) -> bool:
    """Call ``step(seconds to wait at most)`` until it is done: False if the watch's
    deadline (which the child's messages may move) passed first."""
    while True:
        left = watch.deadline - time.monotonic()
        if left <= 0:
            return False
        if step(min(left, 1.0)):
            return True


def _exit_of(status: int) -> tuple[int | None, int | None]:
    """(signal, exit code) of a ``waitpid`` status."""
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status), None
    return None, os.WEXITSTATUS(status) if os.WIFEXITED(status) else None


def _died(what: str, signum: int | None, code: int | None) -> PolicyTextError:
    """The error for a child that ended without sending its outcome."""
    if signum is not None:
        if signum in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return TooLargeError(f"{what}: the reader was stopped by signal {signum} "
                                 f"(out of memory?)")
        return CorruptFileError(f"{what}: the reader crashed (signal {signum})")
    return CorruptFileError(f"{what}: the reader ended without a result (exit {code})")


def _outcome_of(listener: _Listener, finished: bool, watch: _Watch,
                exit_: tuple[int | None, int | None], name: str, *, warm: bool = False) -> Any:
    """What a reading child's call comes to: its result, or the typed error."""
    what = name or "input"
    if not finished:
        raise watch.late(what)
    if not listener.outcomes:
        raise _died(what, *exit_)
    return _unpickle(listener.outcomes[0], what, warm=warm)


def _unpickle(payload: bytes, what: str, *, warm: bool = False) -> Any:
    """The result a child sent, or its error raised as the typed exception it was; with
    ``warm`` (later children are forked from here) the caches it shared are loaded."""
    try:
        message = pickle.loads(payload)
    except Exception as exc:
        raise CorruptFileError(f"{what}: the reader's result was damaged") from exc
    if message[0] == "ok":
        if warm:
            _apply_shared(message[2])
        return message[1]
    _, cls_name, text, cause_type, cause_text, tb = message
    cls = _error_class(cls_name)
    cause = ReaderFailure(cause_type, cause_text, tb) if cause_type else None
    raise cls(text) from cause


# ---------------------------------------------------------------------------
# Running limited work over many parts (pages) in parallel

def run_limited_each(func: Callable[..., T], items: Sequence[Any], *,
                     limits: Limits | None = None, name: str = "", jobs: int = 1,
                     setup: Callable[[int], None] | None = None,
                     on_result: Callable[[int, T], None] | None = None) -> list[T]:
    """``[func(item, budget=Budget) for item in items]``, in up to ``jobs`` forked children.

    Each item has the deadline of ``limits`` to itself (a worker's clock restarts
    with each item it takes) and each worker the memory cap; the first error,
    typed, stops them all.  Workers take the next item as they finish one, so a
    slow item does not hold the others up; ``setup(jobs)`` runs once in each
    worker before its first item (say, to load a model), and ``on_result(index,
    result)`` in the caller as each item finishes (a progress bar).

    Called inside limited work (OCR inside the reading child), the time it takes is
    set aside from that work's deadline (:meth:`Budget.aside`).  Workers are made,
    report and are stopped as :func:`run_limited`'s child is.  Where ``fork`` is not
    safe the items are read one after another, each in a spawned child (``func``,
    ``setup`` and the items must pickle); with ``Limits(isolate=False)``, in this
    process.
    """
    limits = limits or DEFAULT_LIMITS
    items = list(items)
    results: list[Any] = [None] * len(items)
    if not items:
        return results
    jobs = max(1, min(jobs, len(items)))
    outer = active_budget()
    with outer.aside(limits.deadline) if outer is not None else contextlib.nullcontext():
        if limits.isolate and start_method(limits) == "fork":
            _each_forked(func, items, results, limits, name, jobs, setup, on_result)
            return results
        for i, item in enumerate(items):
            if limits.isolate:  # a fresh interpreter for each: setup in each
                results[i] = _run_child(_set_up_then, (setup, jobs, func, item), {}, limits,
                                        name)
            else:
                results[i] = _run_inline(_set_up_then, (setup if i == 0 else None, jobs, func,
                                                        item), {}, limits, name)
            if on_result is not None:
                on_result(i, results[i])
    return results


def _set_up_then(setup: Callable[[int], None] | None, jobs: int, func: Callable[..., T],
                 item: Any, *, budget: Budget) -> T:
    if setup is not None:
        setup(jobs)
    return func(item, budget=budget)


def _each_forked(func: Callable[..., Any], items: list, results: list, limits: Limits,
                 name: str, jobs: int, setup: Callable[[int], None] | None,
                 on_result: Callable[[int, Any], None] | None) -> None:
    workers: dict[int, _Worker] = {}  # by the fd the parent reads results from
    pending = list(range(len(items)))
    what = name or "input"
    try:
        for _ in range(jobs):
            w = _Worker.start(func, items, limits, name, setup, jobs)
            workers[w.listener.fd] = w
        for w in workers.values():
            w.give(pending.pop(0) if pending else -1)
        while any(w.current >= 0 for w in workers.values()):
            now = time.monotonic()
            busy = [w for w in workers.values() if w.current >= 0]
            late = min(w.started + limits.deadline for w in busy)
            if now >= late:
                raise TooSlowError(f"{what}: reading a page took longer than the "
                                   f"{limits.deadline:g} s deadline")
            ready, _, _ = select.select([w.listener.fd for w in busy], [], [],
                                        min(late - now, 1.0))
            for fd in ready:
                w = workers[fd]
                for payload in w.listener.read():
                    index = w.current
                    results[index] = _unpickle(payload, what)
                    w.give(pending.pop(0) if pending else -1)
                    if on_result is not None:
                        on_result(index, results[index])
                if w.listener.closed and w.current >= 0:
                    _, status = os.waitpid(w.pid, 0)
                    w.pid = 0
                    raise _died(what, *_exit_of(status))
    finally:
        for w in workers.values():
            w.stop()


class _Worker:
    """One forked worker of :func:`run_limited_each`: item numbers in, outcome frames out."""

    def __init__(self, pid: int, wfd: int, rfd: int) -> None:
        self.pid, self.wfd = pid, wfd
        self.listener = _Listener(rfd)
        self.current = -1
        self.started = 0.0

    @classmethod
    def start(cls, func: Callable[..., Any], items: list, limits: Limits, name: str,
              setup: Callable[[int], None] | None, jobs: int) -> _Worker:
        task_r, task_w = os.pipe()
        res_r, res_w = os.pipe()

        def serve() -> None:
            os.close(task_w)
            os.close(res_r)
            _enter_child(limits)
            ready = setup is None
            while True:
                head = os.read(task_r, 8)
                if len(head) < 8:
                    break
                index = int.from_bytes(head, "little", signed=True)
                if index < 0:
                    break
                if not ready:
                    payload = _work(lambda budget: setup(jobs), (), {}, limits, name)
                    if pickle.loads(payload)[0] != "ok":
                        _write_all(res_w, _frame(b"r", payload))
                        break
                    ready = True
                _write_all(res_w, _frame(b"r", _work(func, (items[index],), {}, limits, name)))
            os.close(res_w)

        pid = _fork(serve)
        os.close(task_r)
        os.close(res_w)
        return cls(pid, task_w, res_r)

    def give(self, index: int) -> None:
        """Send the next item (``-1``: no more, stop)."""
        self.current = index
        self.started = time.monotonic()
        with contextlib.suppress(OSError):
            os.write(self.wfd, index.to_bytes(8, "little", signed=True))

    def stop(self) -> None:
        for fd in (self.wfd, self.listener.fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
