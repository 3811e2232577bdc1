"""Where ingest's expensive phase runs: in this process, in a pool of worker processes, or
on a Dask cluster — each yielding prepared documents in input order.

Why ``--jobs N`` used to be slower than one job (measured on 12 provincial reports at a
load of 8 on two cores: 126 s with one job, 156 s with two): every government report
trained its theme model at tag time (seconds of scikit-learn, with BLAS threads fighting
over the cores) and every worker imported scikit-learn for it.  The model now ships
(:mod:`policytext.themes`); what is left here is to keep the workers busy:

- the warm state (:func:`warm`: the tokenizer, both shipped theme models, the
  requirement patterns) is built once, not per task: for a pool, in this process before
  the workers are forked from it (they share it), while the first documents are read
  ahead in a forked child (:func:`pool`); on a cluster, once in each worker;
- tasks are paths (or, for a cluster, the file's bytes: workers need no shared disk),
  fed from a lazy plan through a bounded window, so parsing starts with the first file
  and memory does not grow with the corpus; results come back as plain rows;
- results are yielded in input order, so the database does not depend on the executor;
  ``idle()`` is called before waiting for one that is not ready, so the one writer
  commits its batch while it would otherwise wait.  Tasks are submitted in that order
  too: submitted largest first, the first result to be written was the last to be ready
  and the writer stored everything at the end (12 provincial reports, two jobs: the
  first result after 2.15 s of 2.6 s; in input order after 0.85 s).

A task is anything :func:`policytext.store.ingest.prepare_task` takes; a failure the
planner already knows (a file that could not be read) passes through as ``(path,
message)`` without a task.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import StoreError

__all__ = ["warm", "serial", "pool", "dask_client", "on_dask", "DASK_LOCAL"]

#: ``--dask local``: a LocalCluster on this machine instead of a scheduler's address.
DASK_LOCAL = "local"


def warm(tag: bool = True, taxonomy: Any = "auto") -> None:
    """Build what every document needs once per process: the tokenizers and, when tagging,
    the shipped theme models (both, for ``auto``) and the requirement patterns."""
    for _ in _warming(tag, taxonomy):
        pass


def _warming(tag: bool, taxonomy: Any) -> Iterator[None]:
    """:func:`warm` in steps (a tenth of a second each, or less): between two, the caller
    may look after other work."""
    from ..text import base_tokenizer, tokenizer

    tokenizer()
    yield
    base_tokenizer()
    yield
    if not tag:
        return
    try:
        from .. import requirements, themes  # noqa: F401 (requirements: patterns compiled)
    except ModuleNotFoundError:  # a build without the themes stage
        return
    yield
    if themes.is_auto(taxonomy):
        for name in themes.taxonomy_names():
            themes.default_model(name)
            yield
    elif themes._is_builtin(themes.load_taxonomy(taxonomy)):
        themes.default_model(taxonomy)


def _init_worker(tag: bool, taxonomy: Any) -> None:
    """A pool worker's start: one BLAS thread (the cores belong to the workers), then warm."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # scikit-learn brings it; without it numpy keeps its default
        pass
    warm(tag, taxonomy)


class _Ready:
    """A result known without a task (a failure the planner found): a done future."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        return self.value


def _in_order(tasks: Iterable[Any], submit: Callable[[Any], Any], window: int,
              idle: Callable[[], None], lost: Callable[[Any, BaseException], Any] | None = None,
              lost_types: tuple[type[BaseException], ...] = ()) -> Iterator[Any]:
    """Results of ``submit(task)`` (a future) in task order, at most ``window`` in flight."""
    pending: deque = deque()
    it = iter(tasks)

    def fill() -> None:
        batch = []
        while len(pending) + len(batch) < window:
            task = next(it, _END)
            if task is _END:
                break
            batch.append(task)
        for task in batch:
            if isinstance(task, tuple):  # (path, message): failed before any task
                pending.append((task, _Ready(task)))
                continue
            try:
                pending.append((task, submit(task)))
            except lost_types as exc:
                pending.append((task, _Ready(lost(task, exc))))

    fill()
    while pending:
        task, fut = pending.popleft()
        if not fut.done():
            idle()
        try:
            result = fut.result()
        except lost_types as exc:
            result = lost(task, exc)
        fill()
        yield result


_END = object()


def serial(tasks: Iterable[Any], prepare: Callable[[Any], Any],
           idle: Callable[[], None]) -> Iterator[Any]:
    """Prepare each task here, in order (``--jobs 1``)."""
    for task in tasks:
        yield task if isinstance(task, tuple) else prepare(task)


def pool(tasks: Iterable[Any], prepare: Callable[..., Any], idle: Callable[[], None], *,
         jobs: int, tag: bool, taxonomy: Any, name: Callable[[Any], str],
         read: Callable[[Any], Any] | None = None) -> Iterator[Any]:
    """Prepare in ``jobs`` worker processes, forked from this one once it is warm.

    With ``fork`` this process warms (:func:`warm`) before the workers are made, so they
    share its tokenizers and models (copy-on-write) instead of each loading its own
    (0.45 s of CPU each, measured on the provincial reports).  While it warms, the first
    tasks' ``read`` stage (``prepare(task, read=outcome)`` does the rest; reading needs
    neither the tokenizer nor the models) runs ahead in one forked child
    (:class:`_ReadAhead`), so the second core is not idle through the warm-up; the
    workers inherit what it read.  ``prepare(task)`` alone where fork is not available.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    window = max(jobs * 4, 16)
    tasks = iter(tasks)
    first: list[Any] = []
    # fork where it exists: a worker starts in milliseconds, with policytext imported
    methods = multiprocessing.get_all_start_methods()
    forking = "fork" in methods
    context = multiprocessing.get_context("fork" if forking else None)
    if forking:
        import threading

        first = list(itertools.islice(tasks, window))
        ahead = None
        todo = [task for task in first if not isinstance(task, tuple)]
        if read is not None and todo and threading.active_count() == 1:  # (threads: no fork)
            ahead = _ReadAhead(read, todo)
        try:
            warm(tag, taxonomy)
        finally:
            _AHEAD.clear()
            if ahead is not None:
                _AHEAD.update(ahead.outcomes())
    read_ahead = {id(task) for task in first} & set(_AHEAD)  # (``first`` keeps the ids)

    def submit(task: Any) -> Any:
        key = id(task)
        if key in read_ahead:  # the worker has the document: it was forked after the reading
            future = executor.submit(_prepare_read, prepare, task, key)
        else:
            future = executor.submit(prepare, task)
        _AHEAD.clear()  # the workers are forked at the first submit: here it is done
        return future

    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(tag, taxonomy)) as executor:
            yield from _in_order(
                itertools.chain(first, tasks), submit, window, idle,
                lost=lambda task, exc: (name(task), f"worker process died: {exc}"),
                lost_types=(BrokenProcessPool,))
    finally:
        _AHEAD.clear()


#: What :class:`_ReadAhead` read, by the ``id`` of its task (in the pool's workers: as
#: they were forked); ``("ok", document)`` or ``("error", exception)``.
_AHEAD: dict[int, tuple[str, Any]] = {}


def _prepare_read(prepare: Callable[..., Any], task: Any, key: int) -> Any:
    """In a pool worker: ``prepare`` a task whose reading was done ahead."""
    return prepare(task, read=_AHEAD.pop(key))


class _ReadAhead:
    """One forked child that reads ``tasks`` (``read(task)``, each under the reading
    limits as always: ``read`` forks the limited child of its own) one after the other,
    keeping the outcomes, until it is told to stop or has read them all; then it sends
    them, each pickled on its own (an outcome that does not pickle or unpickle is left
    out: its task is prepared the ordinary way)."""

    def __init__(self, read: Callable[[Any], Any], tasks: list[Any]) -> None:
        import os

        from ..read.limits import _fork

        self.tasks = tasks
        stop_r, self.stop_w = os.pipe()
        self.fd, out_w = os.pipe()

        def child() -> None:
            import pickle
            import select

            os.close(self.stop_w)
            os.close(self.fd)
            blobs = []
            for task in tasks:
                if select.select([stop_r], [], [], 0)[0]:
                    break
                try:
                    outcome: tuple[str, Any] = ("ok", read(task))
                except Exception as exc:
                    outcome = ("error", exc)
                try:
                    blobs.append(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
                except Exception:
                    blobs.append(b"")
            data = pickle.dumps(blobs, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(out_w, view):]
            os.close(out_w)

        self.pid = _fork(child)
        os.close(stop_r)
        os.close(out_w)

    def outcomes(self) -> dict[int, tuple[str, Any]]:
        """Stop the child after the task it is reading; what it read, by task id."""
        import os
        import pickle

        os.write(self.stop_w, b"x")
        os.close(self.stop_w)
        chunks = []
        while chunk := os.read(self.fd, 1 << 20):
            chunks.append(chunk)
        os.close(self.fd)
        os.waitpid(self.pid, 0)
        out: dict[int, tuple[str, Any]] = {}
        try:
            blobs = pickle.loads(b"".join(chunks))
        except Exception:  # the child died: every task is prepared the ordinary way
            return out
        for task, blob in zip(self.tasks, blobs, strict=False):  # (it may have stopped early)
            try:
                out[id(task)] = pickle.loads(blob)
            except Exception:
                continue
        return out


def dask_client(address: str, *, workers: int = 2):
    """A ``distributed.Client``: on a LocalCluster of ``workers`` processes (one thread
    each: parsing and jieba hold the GIL) for ``"local"``, else on the scheduler at
    ``address`` (``tcp://host:8786``)."""
    try:
        import distributed
    except ImportError as exc:
        raise StoreError("--dask needs dask.distributed: pip install 'policytext[dask]'") \
            from exc
    import logging

    try:
        if address == DASK_LOCAL:
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR)
            return distributed.Client(cluster)
        return distributed.Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise StoreError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def on_dask(tasks: Iterable[Any], prepare: Callable[[Any], Any], idle: Callable[[], None], *,
            client, tag: bool, taxonomy: Any) -> Iterator[Any]:
    """Prepare on the workers of a Dask cluster; the tasks carry the files' bytes."""
    client.run(_init_worker, tag, taxonomy)  # every worker, once, in parallel
    threads = sum(client.nthreads().values()) or 1
    yield from _in_order(tasks, lambda task: client.submit(prepare, task, pure=False),
                         threads * 4, idle)
