"""kg/concurrency.py: ordered windows, and the collector's settings held by overlapping callers."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.concurrency import collection_paused, fewer_collections, windowed


def test_windowed_keeps_order_and_pulls_at_most_a_window_ahead() -> None:
    pulled: list[int] = []

    def items():  # noqa: ANN202
        for x in range(20):
            pulled.append(x)
            yield x

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = []
        for result in windowed(pool.submit, lambda x: x * x, items(), 3):
            assert len(pulled) - len(results) <= 3
            results.append(result)
    assert results == [x * x for x in range(20)]


def test_overlapping_pauses_leave_collection_as_found() -> None:
    """A enters, B enters, A leaves, B leaves: collection is off until the last leaves, then on again."""
    was = gc.isenabled()
    gc.enable()
    try:
        a, b = collection_paused(), collection_paused()
        a.__enter__()
        b.__enter__()
        assert not gc.isenabled()
        a.__exit__(None, None, None)
        assert not gc.isenabled()  # B still inside
        b.__exit__(None, None, None)
        assert gc.isenabled()
        gc.disable()
        with collection_paused():
            pass
        assert not gc.isenabled()  # found off, left off
    finally:
        gc.enable() if was else gc.disable()


def test_pauses_on_many_threads_end_with_collection_on() -> None:
    was = gc.isenabled()
    gc.enable()
    barrier = threading.Barrier(4)

    def render(i: int) -> bool:
        with collection_paused():
            barrier.wait()
            return gc.isenabled()

    try:
        for _ in range(20):
            with ThreadPoolExecutor(max_workers=4) as pool:
                assert not any(pool.map(render, range(4)))
            assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()


def test_a_raised_threshold_is_restored_after_the_last_caller_and_after_an_error() -> None:
    before = gc.get_threshold()
    outer = fewer_collections(before[0] + 5000)
    outer.__enter__()
    with pytest.raises(RuntimeError), fewer_collections(before[0] + 9000):
        assert gc.get_threshold()[0] == before[0] + 5000  # the first caller's setting holds
        raise RuntimeError("stop")
    assert gc.get_threshold()[0] == before[0] + 5000
    outer.__exit__(None, None, None)
    assert gc.get_threshold() == before
