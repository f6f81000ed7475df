"""The engine's own thread, with a large stack, on which every query and update runs.

pyoxigraph's parser and evaluator recurse once per level of nesting; on the system's 8 MiB
of stack a few thousand levels kill the process (SIGSEGV). :mod:`kg.graph.query_limits`
refuses queries far below what crashes the engine on :data:`ENGINE_STACK` bytes, and
re-exports these names.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from kg import errors

T = TypeVar("T")

# Bytes of stack of the thread the engine runs on. Measured crash thresholds grow with it
# in proportion (3,000 nested { } at 8 MiB, 70,000 at 256 MiB); only the pages a query
# touches are ever allocated.
ENGINE_STACK = 256 * 1024 * 1024

_STACK_LOCK = threading.Lock()
ENGINE_THREAD = "kg-engine"


def engine_thread(target: Callable[[], None]) -> threading.Thread:
    """A started daemon thread running ``target`` with :data:`ENGINE_STACK` bytes of stack.

    Raises:
        QueryError: no such thread can be started (no memory for its stack).
    """
    with _STACK_LOCK:  # the stack size is process-wide: set it for this one thread only
        previous = threading.stack_size()
        try:
            threading.stack_size(ENGINE_STACK)
            thread = threading.Thread(target=target, name=ENGINE_THREAD, daemon=True)
            thread.start()
        except (RuntimeError, ValueError, MemoryError) as exc:
            raise errors.QueryError(f"cannot start the query: {exc}") from None
        finally:
            threading.stack_size(previous)
    return thread


def on_engine_stack(work: Callable[[], T]) -> T:
    """Run ``work`` on an :func:`engine_thread` (or here, on one already) and return its result.

    Raises:
        QueryError: no engine thread can be started.
        Exception: whatever ``work`` raises.
    """
    if threading.current_thread().name == ENGINE_THREAD:
        return work()
    return engine_future(work).result()


def engine_future(work: Callable[[], T], *, then: Callable[[], None] | None = None) -> Future[T]:
    """Start ``work`` on an :func:`engine_thread`; its result or its error arrives in the future.

    Args:
        then: called on that thread once ``work`` has ended, whatever its outcome.

    Raises:
        QueryError: no engine thread can be started (``then`` is not called).
    """
    future: Future[T] = Future()

    def target() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)
        finally:
            if then is not None:
                then()

    engine_thread(target)
    return future


__all__ = ["ENGINE_STACK", "ENGINE_THREAD", "engine_future", "engine_thread", "on_engine_stack"]
