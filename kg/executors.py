"""Run a function over a stream of items: in process, on local worker processes, or on Dask.

Results come back in input order, and at most a small window of items is in flight, so
memory stays bounded however long the stream is.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    window: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in order.

    Args:
        workers: local processes; 1 runs in this process.
        scheduler: address of a Dask distributed scheduler (``tcp://host:port``);
            when given, the work runs on its cluster instead of local processes.
        window: items in flight at most (default: four per worker).
    """
    if scheduler:
        yield from _dask_map(fn, items, scheduler=scheduler, window=window)
    elif workers <= 1:
        yield from map(fn, items)
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker) as pool:
            yield from _windowed(pool.submit, fn, items, window or workers * 4)


def _windowed(submit: Callable[..., Future], fn: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[R]:
    pending: collections.deque[Future] = collections.deque()
    for item in items:
        pending.append(submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _dask_map(fn: Callable[[T], R], items: Iterable[T], *, scheduler: str, window: int | None) -> Iterator[R]:
    try:
        from distributed import Client
    except ImportError as exc:  # the optional extra is not installed
        from kg.errors import KgError

        raise KgError("Dask is not installed: pip install 'kg[dask]'") from exc
    with Client(scheduler, set_as_default=False) as client:
        size = window or max(4, 4 * len(client.scheduler_info().get("workers", {})))
        # pure=False: identical pages in two files are still two tasks.
        yield from _windowed(lambda f, x: client.submit(f, x, pure=False), fn, items, size)


def _quiet_worker() -> None:
    """Worker processes: keep jieba's start-up chatter off the user's terminal."""
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
