"""Run a function over a stream of items: in process, on local worker processes, or on Dask.

Results come back in input order, and at most a small window of items is in flight, so
memory stays bounded however long the stream is: the main process holds the window's
items and results, never the stream.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import itertools
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

from kg import concurrency
from kg.concurrency import windowed
from kg.errors import SchedulerError

T = TypeVar("T")
R = TypeVar("R")

PER_WORKER = 4  # tasks in flight per worker: enough to keep it busy while the main process writes
# Items a worker process is sent at a time. Each task and result is a round trip through the
# pool's pipes and its manager thread here, whose CPU two busy workers on two cores miss: at
# 3,148 pages and two workers, four a task took this process from 11.8 to 10.6 CPU-s (medians).
# A function with ``many`` (the build's extractor) does more with more items at once: the tagger
# decodes a task's articles together. The first tasks hold FIRST_TASK items, so that a build of
# a few dozen pages still shares them out evenly; the later ones PER_TASK.
FIRST_TASK = 4
PER_TASK = 16
# Items this process gives ``fn.many`` at a time when there are no workers: extracting 400
# articles took 0.76-0.80 of the CPU time in batches of 64 that it took one by one.
LOCAL_BATCH = 64
# The cyclic collector looks at the youngest objects after this many new containers, not 700:
# a build makes millions (mentions, spans, tuples) that reference counting frees young. At 700 a
# one-worker build of 3,148 articles collected 1,224 times and walked every object ten times,
# 0.83-0.90 s in all; at 10,000, 0.29 s.
BUILD_GC_THRESHOLD = 10_000


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    window: int | None = None,
    on_start: Callable[[], None] | None = None,
) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in order.

    Args:
        fn: a picklable callable (a module-level function or an instance of a
            module-level class), run where the items are sent.
        items: consumed lazily, at most ``window`` items ahead of what was yielded.
        workers: local processes; 1 runs in this process.
        scheduler: address of a Dask distributed scheduler (``tcp://host:port``);
            when given, the work runs on its cluster instead of local processes.
        window: items in flight at most (default: four tasks per worker, of
            ``PER_TASK`` items each to local processes, or per Dask worker thread).
        on_start: called once the work runs elsewhere (worker processes started, or the
            cluster reached), so that this process may do its own work meanwhile; never
            called when the work runs in this process.

    ``fn`` may have a method ``many(items) -> list`` giving ``[fn(x) for x in items]`` at once
    (the build's extractor tags several pages' articles in one call): this process and each
    worker task call it on their items.

    Raises:
        SchedulerError: the scheduler cannot be reached, or Dask is not installed.
        Whatever ``fn`` raises, re-raised here for the first item that failed.
    """
    if scheduler:
        yield from _dask_map(fn, items, scheduler=scheduler, window=window, on_start=on_start)
    elif workers <= 1:
        yield from _local_map(fn, items)
    else:
        window = window or workers * PER_WORKER * PER_TASK
        yield from _process_map(fn, items, workers=workers, window=window, on_start=on_start)


def _process_map(
    fn: Callable[[T], R], items: Iterable[T], *, workers: int, window: int, on_start: Callable[[], None] | None,
) -> Iterator[R]:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker)
    submit: Callable[..., Future] = pool.submit
    if on_start is not None:
        submit = _after_first(pool.submit, on_start)
    # A small window keeps a task an item: two tasks a worker at least, so that none waits idle.
    size = min(PER_TASK, max(1, window // (2 * workers)))
    stream = iter(items)
    first = min(size, FIRST_TASK)
    sizes = itertools.chain(itertools.repeat(first, 2 * workers), itertools.repeat(size))
    chunks = iter(lambda: list(itertools.islice(stream, next(sizes))), [])
    try:
        for done, error in windowed(submit, functools.partial(_apply_each, fn), chunks, max(1, window // size)):
            yield from done
            if error is not None:
                raise error
    finally:
        # After an error (or when the caller stops early) the queued items are dropped,
        # not extracted for nothing.
        pool.shutdown(wait=True, cancel_futures=True)


def _local_map(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """``fn`` over the items in this process, ``LOCAL_BATCH`` at a time through ``fn.many`` if it has one."""
    many = getattr(fn, "many", None)
    if many is None:
        yield from map(fn, items)
        return
    stream = iter(items)
    for chunk in iter(lambda: list(itertools.islice(stream, LOCAL_BATCH)), []):
        yield from many(chunk)


def _apply_each(fn: Callable[[T], R], chunk: list[T]) -> tuple[list[R], Exception | None]:
    """``fn`` over a task's items, in a worker: the results before the first error, and that error (or None).

    The error is returned, not raised, so that the items before it still reach the caller;
    its traceback in the worker goes with it as a note. ``fn.many``, if ``fn`` has it, takes
    the whole task at once.
    """
    many = getattr(fn, "many", None)
    if many is not None:
        try:
            return many(chunk), None
        except Exception as exc:  # noqa: BLE001 - re-raised in the caller
            exc.add_note(f"in a worker process:\n{traceback.format_exc()}")
            return [], exc
    done: list[R] = []
    for item in chunk:
        try:
            done.append(fn(item))
        except Exception as exc:  # noqa: BLE001 - re-raised in the caller, after the items before it
            exc.add_note(f"in a worker process:\n{traceback.format_exc()}")
            return done, exc
    return done, None


def _after_first(submit: Callable[..., Future], then: Callable[[], None]) -> Callable[..., Future]:
    """``submit``, calling ``then`` once, after the first call.

    A pool that forks starts all its workers at its first submit: a thread this process starts
    afterwards cannot be caught by a fork holding a lock (an import's, say) the child needs.
    """
    called = False

    def first(*args: Any) -> Future:
        nonlocal called
        future = submit(*args)
        if not called:
            called = True
            then()
        return future

    return first


def _dask_map(
    fn: Callable[[T], R], items: Iterable[T], *, scheduler: str, window: int | None, on_start: Callable[[], None] | None,
) -> Iterator[R]:
    """Submit the items to a Dask cluster as tasks, a window at a time.

    The items travel from this process to the workers and the results back: the
    workers need kg (the same version) but not the input files.
    """
    client = _dask_client(scheduler)
    if on_start is not None:
        on_start()
    with client:
        size = window or max(PER_WORKER, PER_WORKER * _threads(client))
        # pure=False: identical pages in two files are still two tasks.
        yield from windowed(lambda f, x: client.submit(f, x, pure=False), fn, items, size)


def _dask_client(scheduler: str) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:  # the optional extra is not installed
        raise SchedulerError("Dask is not installed: pip install 'kg[dask]'", source=scheduler) from exc
    try:
        return Client(scheduler, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler: {exc}", source=scheduler) from None


def _threads(client: Any) -> int:
    """Worker threads of the cluster now (each runs one task at a time)."""
    workers = client.scheduler_info().get("workers", {})
    return sum(int(w.get("nthreads", 1)) for w in workers.values())


class SerialCalls:
    """Calls run one at a time, in the order given, on a thread of their own.

    The main process hands its store writes to it: Oxigraph writes outside the GIL,
    so they overlap with the extraction and RDF mapping of the next pages. When
    ``depth`` calls, or calls of ``max_size`` in all (the sizes :meth:`submit` is
    given), are waiting, :meth:`submit` blocks, which bounds memory.

    Args:
        depth: calls queued at most (None: no bound).
        max_size: the sum of the queued calls' sizes at most (None: no bound).
    """

    def __init__(self, *, depth: int | None = 8, max_size: int | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer")
        self._pending: collections.deque[tuple[Future, int]] = collections.deque()
        self._depth = depth
        self._max_size = max_size
        self._queued = 0

    def submit(self, fn: Callable[..., object], *args: object, size: int = 0) -> None:
        """Queue ``fn(*args)``, counting ``size`` against ``max_size`` until it has run.

        Raises:
            Whatever an earlier call raised: the first error surfaces here or in :meth:`drain`.
        """
        self._pending.append((self._pool.submit(fn, *args), size))
        self._queued += size
        while self._pending and (self._full() or self._pending[0][0].done()):
            future, done = self._pending.popleft()
            self._queued -= done
            future.result()

    def _full(self) -> bool:
        deep = self._depth is not None and len(self._pending) > self._depth
        return deep or self._max_size is not None and self._queued > self._max_size

    def drain(self) -> None:
        """Wait for every queued call; re-raise the first error."""
        while self._pending:
            future, done = self._pending.popleft()
            self._queued -= done
            future.result()

    def close(self) -> None:
        """Drop the calls not started yet and stop the thread (after an error, say)."""
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)


def fewer_collections() -> contextlib.AbstractContextManager[None]:
    """The cyclic collector's first threshold raised to ``BUILD_GC_THRESHOLD`` meanwhile, then restored."""
    return concurrency.fewer_collections(BUILD_GC_THRESHOLD)


def _quiet_worker() -> None:
    """Worker processes: keep jieba's start-up chatter off the user's terminal; collect as a build does."""
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    gc.set_threshold(max(gc.get_threshold()[0], BUILD_GC_THRESHOLD), *gc.get_threshold()[1:])
