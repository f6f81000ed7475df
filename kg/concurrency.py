"""Small concurrency helpers that more than one stage uses: core count, ordered windows, and the
cyclic garbage collector's settings held while work runs."""

from __future__ import annotations

import collections
import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def windowed(submit: Callable[..., Future], fn: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[R]:
    """``fn(item)`` for each item through ``submit`` (an executor's), in order, at most ``window`` in flight."""
    pending: collections.deque[Future] = collections.deque()
    for item in items:
        pending.append(submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# The collector's settings are the process's: while any caller holds one, the one found before
# the first stays to be restored when the last leaves (two threads rendering views, say).
_GC_LOCK = threading.Lock()
_gc_held: dict[str, list] = {}  # setting → [callers inside, what to restore]


@contextlib.contextmanager
def _gc_setting(name: str, change: Callable[[], object], restore: Callable[[object], None]) -> Iterator[None]:
    with _GC_LOCK:
        held = _gc_held.setdefault(name, [0, None])
        if held[0] == 0:
            held[1] = change()
        held[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            held[0] -= 1
            if held[0] == 0:
                # None, not the old value kept: an object a caller froze (gc.freeze) in between is never freed here
                restore(held[1])
                held[1] = None


def collection_paused() -> contextlib.AbstractContextManager[None]:
    """No cyclic garbage collection while any caller is inside; the setting found is restored after."""

    def pause() -> bool:
        enabled = gc.isenabled()
        gc.disable()
        return enabled

    return _gc_setting("paused", pause, lambda enabled: gc.enable() if enabled else None)


def fewer_collections(threshold: int) -> contextlib.AbstractContextManager[None]:
    """The collector's first threshold at least ``threshold`` while any caller is inside, then restored."""

    def raise_threshold() -> tuple[int, ...]:
        before = gc.get_threshold()
        gc.set_threshold(max(before[0], threshold), *before[1:])
        return before

    return _gc_setting("threshold", raise_threshold, lambda before: gc.set_threshold(*before))
