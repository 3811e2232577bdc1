"""Reading limits: run a reader under a deadline and caps, and type whatever it raises.

Parsers of untrusted files hang, recurse and balloon (pdfminer's own tracker has
all three).  :func:`run_limited` contains them the way Apache Tika does: the
reader runs in a forked child process with an address-space cap (``RLIMIT_AS``);
the parent waits for the pickled result until the deadline and kills the child
when it passes.  Forking on Linux costs a few milliseconds and shares the
already imported libraries, so the normal case stays cheap.  Inside the child,
pdfminer's Flate decoder is capped per stream and per document and the glyphs
of a page are counted as they are drawn (:func:`pdf_guards`), so a bomb ends
as :class:`~policytext.errors.TooLargeError` long before memory runs out.

Every exception is mapped onto the tree of :mod:`policytext.errors` with the
cause chained; across the process boundary the cause travels as its type name
and message (:class:`ReaderFailure`).  Where ``fork`` is missing (Windows) or
``Limits(isolate=False)`` is asked for, the reader runs in-process with the
same caps and a cooperative deadline.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import sys
import time
import traceback
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import (
    CorruptFileError,
    PasswordError,
    PolicyTextError,
    TooLargeError,
    TooSlowError,
    UnsupportedFormatError,
)

__all__ = ["Limits", "DEFAULT_LIMITS", "ReaderFailure", "run_limited", "run_limited_each",
           "map_exception", "unwrap", "pdf_guards", "Budget"]

T = TypeVar("T")

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps on one document's reading.

    ``deadline``: seconds of wall-clock time; ``max_stream_bytes``: decompressed
    bytes of one stream; ``max_document_bytes``: decompressed bytes of all
    streams together; ``max_chars_per_page``: glyphs drawn on one page;
    ``max_memory_bytes``: address space the reader may add (child process only);
    ``isolate``: read in a forked child process (default where ``fork`` exists);
    ``ocr_deadline``: seconds for each page read by OCR (a few seconds on a free core,
    minutes on a machine shared by many processes).
    """

    deadline: float = 60.0
    max_stream_bytes: int = 64 * MB
    max_document_bytes: int = 512 * MB
    max_chars_per_page: int = 100_000
    max_memory_bytes: int = 1024 * MB
    isolate: bool = True
    ocr_deadline: float = 300.0

    def __post_init__(self) -> None:
        for name in ("deadline", "max_stream_bytes", "max_document_bytes",
                     "max_chars_per_page", "max_memory_bytes", "ocr_deadline"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive number, not {value!r}")


DEFAULT_LIMITS = Limits()


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
    """Decompressed bytes, glyphs and time spent so far on one document."""

    def __init__(self, limits: Limits, name: str = "") -> None:
        self.limits = limits
        self.name = name or "input"
        self.start = time.monotonic()
        self.bytes = 0
        self.page_chars = 0

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


class _CappedZlib:
    """Stands in for the ``zlib`` module inside pdfminer.pdftypes: inflation is capped."""

    error = zlib.error

    def __init__(self, budget: Budget) -> None:
        self.budget = budget

    def cap(self) -> int:
        """Bytes one call may still produce (one more than allowed, to notice overflow)."""
        lim = self.budget.limits
        return max(0, min(lim.max_stream_bytes, lim.max_document_bytes - self.budget.bytes)) + 1

    def check(self, produced: int, stream_total: int, cap: int) -> None:
        lim = self.budget.limits
        if stream_total > lim.max_stream_bytes:
            raise TooLargeError(f"{self.budget.name}: a stream inflates beyond "
                                f"{lim.max_stream_bytes:,} bytes (a compression bomb?)")
        if produced >= cap:
            produced += lim.max_document_bytes  # certainly over: let add_bytes say so
        self.budget.add_bytes(produced)

    def decompress(self, data: bytes, *args: Any, **kwargs: Any) -> bytes:
        d = zlib.decompressobj()
        cap = self.cap()
        out = d.decompress(data, cap)
        self.check(len(out), len(out), cap)
        if not d.eof:
            # As zlib.decompress: an incomplete stream is an error (pdfminer then
            # retries with its tolerant decoder, which also comes through here).
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args: Any, **kwargs: Any) -> _CappedDecompressor:
        return _CappedDecompressor(self, zlib.decompressobj(*args, **kwargs))


class _CappedDecompressor:
    def __init__(self, owner: _CappedZlib, d: Any) -> None:
        self.owner, self.d, self.total = owner, d, 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        cap = self.owner.cap()
        out = self.d.decompress(data, cap)
        self.total += len(out)
        self.owner.check(len(out), self.total, cap)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.d, name)


class _LogCollector(logging.Handler):
    """Keeps pdfminer's warnings (a few, deduplicated) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = " ".join(record.getMessage().split())[:160]
        except Exception:  # a malformed log call must not break reading
            return
        if msg not in self.messages and len(self.messages) < 5:
            self.messages.append(msg)


@contextlib.contextmanager
def pdf_guards(budget: Budget) -> Iterator[_LogCollector]:
    """Cap pdfminer's inflation, count glyphs per page, collect its log; undo on exit."""
    import pdfminer.converter as converter
    import pdfminer.pdftypes as pdftypes

    old_zlib = pdftypes.zlib
    old_render = converter.PDFLayoutAnalyzer.render_char
    add_char = budget.add_char

    def render_char(self: Any, *args: Any, **kwargs: Any) -> float:
        add_char()
        return old_render(self, *args, **kwargs)

    log = logging.getLogger("pdfminer")
    collector = _LogCollector()
    old_propagate = log.propagate
    pdftypes.zlib = _CappedZlib(budget)  # type: ignore[assignment]
    converter.PDFLayoutAnalyzer.render_char = render_char  # type: ignore[method-assign]
    log.addHandler(collector)
    log.propagate = False
    try:
        yield collector
    finally:
        pdftypes.zlib = old_zlib
        converter.PDFLayoutAnalyzer.render_char = old_render  # type: ignore[method-assign]
        log.removeHandler(collector)
        log.propagate = old_propagate


# ---------------------------------------------------------------------------
# Running a reader

def run_limited(func: Callable[..., T], *args: Any, limits: Limits | None = None,
                name: str = "", **kwargs: Any) -> T:
    """Call ``func(*args, budget=Budget, **kwargs)`` under ``limits``; typed errors only.

    ``func`` receives a :class:`Budget` to report its progress (pages, glyphs,
    decompressed bytes).  Its result must pickle when the call is isolated.
    """
    limits = limits or DEFAULT_LIMITS
    if limits.isolate and hasattr(os, "fork") and sys.platform != "win32":
        return _run_forked(func, args, kwargs, limits, name)
    # In-process: the same caps, but the deadline is only checked between pages and
    # glyphs (nothing can stop a parser stuck elsewhere without a child to kill).
    budget = Budget(limits, name)
    try:
        return func(*args, budget=budget, **kwargs)
    except PolicyTextError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        _raise_mapped(exc, name)
        raise  # unreachable


def _outcome(func: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits,
             name: str) -> bytes:
    """Run ``func`` and pickle what happened: ``("ok", result)`` or a typed error."""
    try:
        result = func(*args, budget=Budget(limits, name), **kwargs)
        message: tuple = ("ok", result)
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
        return pickle.dumps(("error", "TooLargeError", "result too large to return",
                             "MemoryError", "", ""))
    except Exception as exc:
        return pickle.dumps(("error", "CorruptFileError", f"unpicklable result: {exc}",
                             type(exc).__name__, str(exc), ""))


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _child(func: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits, name: str,
           wfd: int) -> None:
    """In the forked child: cap memory, run, write one pickled message, exit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _cap_memory(limits.max_memory_bytes)
        _write_all(wfd, _outcome(func, args, kwargs, limits, name))
        os.close(wfd)  # the parent sees the end now, not after this process is torn down
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _cap_memory(extra: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux
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


_ERRORS: dict[str, type[PolicyTextError]] = {}


def _error_class(name: str) -> type[PolicyTextError]:
    if not _ERRORS:
        from .. import errors

        for attr in errors.__all__:
            cls = getattr(errors, attr)
            if isinstance(cls, type) and issubclass(cls, PolicyTextError):
                _ERRORS[attr] = cls
    return _ERRORS.get(name, CorruptFileError)


def _run_forked(func: Callable[..., T], args: tuple, kwargs: dict, limits: Limits,
                name: str) -> T:
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(rfd)
        _child(func, args, kwargs, limits, name, wfd)
    os.close(wfd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + limits.deadline
    timed_out = False
    finished = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([rfd], [], [], min(left, 1.0))
            if not ready:
                continue
            chunk = os.read(rfd, 1 << 20)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(rfd)
        if not finished:  # deadline passed, or the caller was interrupted: stop the child
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    what = name or "input"
    if timed_out:
        raise TooSlowError(f"{what}: reading took longer than the {limits.deadline:g} s "
                           f"deadline")
    if not chunks:
        raise _died(status, what)
    return _unpickle(b"".join(chunks), what)


def _unpickle(payload: bytes, what: str) -> Any:
    """The result a child sent, or its error raised as the typed exception it was."""
    try:
        message = pickle.loads(payload)
    except Exception as exc:
        raise CorruptFileError(f"{what}: the reader's result was damaged") from exc
    if message[0] == "ok":
        return message[1]
    _, cls_name, text, cause_type, cause_text, tb = message
    cls = _error_class(cls_name)
    cause = ReaderFailure(cause_type, cause_text, tb) if cause_type else None
    raise cls(text) from cause


def _died(status: int, what: str) -> PolicyTextError:
    """The error for a child that ended without sending its result."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return TooLargeError(f"{what}: the reader was stopped by signal {sig} "
                                 f"(out of memory?)")
        return CorruptFileError(f"{what}: the reader crashed (signal {sig})")
    return CorruptFileError(f"{what}: the reader ended without a result "
                            f"(exit {os.WEXITSTATUS(status)})")


# ---------------------------------------------------------------------------
# Running a reader over many parts (pages) in parallel

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
    """
    limits = limits or DEFAULT_LIMITS
    items = list(items)
    results: list[Any] = [None] * len(items)
    jobs = max(1, min(jobs, len(items)))
    if not items:
        return results
    if not (limits.isolate and hasattr(os, "fork") and sys.platform != "win32"):
        if setup is not None:
            setup(jobs)
        for i, item in enumerate(items):
            results[i] = run_limited(func, item, limits=limits, name=name)
            if on_result is not None:
                on_result(i, results[i])
        return results
    workers: dict[int, _Worker] = {}  # by the fd the parent reads results from
    pending = list(range(len(items)))
    what = name or "input"
    try:
        for _ in range(jobs):
            w = _Worker.start(func, items, limits, name, setup, jobs)
            workers[w.rfd] = w
        for w in workers.values():
            w.give(pending.pop(0) if pending else -1)
        while any(w.current >= 0 for w in workers.values()):
            now = time.monotonic()
            busy = [w for w in workers.values() if w.current >= 0]
            late = min(w.started + limits.deadline for w in busy)
            if now >= late:
                raise TooSlowError(f"{what}: reading a page took longer than the "
                                   f"{limits.deadline:g} s deadline")
            ready, _, _ = select.select([w.rfd for w in busy], [], [], min(late - now, 1.0))
            for fd in ready:
                w = workers[fd]
                for payload in w.receive():
                    index = w.current
                    results[index] = _unpickle(payload, what)
                    w.give(pending.pop(0) if pending else -1)
                    if on_result is not None:
                        on_result(index, results[index])
                if w.closed and w.current >= 0:
                    _, status = os.waitpid(w.pid, 0)
                    w.pid = 0
                    raise _died(status, what)
    finally:
        for w in workers.values():
            w.stop()
    return results


class _Worker:
    """One forked worker of :func:`run_limited_each`: item numbers in, framed results out."""

    def __init__(self, pid: int, wfd: int, rfd: int) -> None:
        self.pid, self.wfd, self.rfd = pid, wfd, rfd
        self.current = -1
        self.started = 0.0
        self.buffer = b""
        self.closed = False

    @classmethod
    def start(cls, func: Callable[..., Any], items: list, limits: Limits, name: str,
              setup: Callable[[int], None] | None, jobs: int) -> _Worker:
        task_r, task_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(task_w)
            os.close(res_r)
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _cap_memory(limits.max_memory_bytes)
                ready = False
                while True:
                    head = os.read(task_r, 8)
                    if len(head) < 8:
                        break
                    index = int.from_bytes(head, "little", signed=True)
                    if index < 0:
                        break
                    if not ready and setup is not None:
                        payload = _outcome(lambda budget: setup(jobs), (), {}, limits, name)
                        if not pickle.loads(payload)[0] == "ok":
                            _write_all(res_w, len(payload).to_bytes(8, "little") + payload)
                            break
                    ready = True
                    payload = _outcome(func, (items[index],), {}, limits, name)
                    _write_all(res_w, len(payload).to_bytes(8, "little") + payload)
                os.close(res_w)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(res_w)
        return cls(pid, task_w, res_r)

    def give(self, index: int) -> None:
        """Send the next item (``-1``: no more, stop)."""
        self.current = index
        self.started = time.monotonic()
        with contextlib.suppress(OSError):
            os.write(self.wfd, index.to_bytes(8, "little", signed=True))

    def receive(self) -> Iterator[bytes]:
        """The complete result frames read so far."""
        chunk = os.read(self.rfd, 1 << 20)
        if not chunk:
            self.closed = True
        self.buffer += chunk
        while len(self.buffer) >= 8:
            size = int.from_bytes(self.buffer[:8], "little")
            if len(self.buffer) < 8 + size:
                break
            frame, self.buffer = self.buffer[8:8 + size], self.buffer[8 + size:]
            yield frame

    def stop(self) -> None:
        for fd in (self.wfd, self.rfd):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0

