"""The engine's own thread: work runs there with its large stack, results and errors come back."""

from __future__ import annotations

import threading

import pytest

from kg.graph import engine_stack, query_limits
from kg.graph.engine_stack import ENGINE_THREAD, engine_future, on_engine_stack


def test_work_runs_on_the_engine_thread_and_nested_work_stays_there() -> None:
    def outer() -> tuple[str, str]:
        inner = on_engine_stack(lambda: threading.current_thread().name)
        return threading.current_thread().name, inner

    assert on_engine_stack(outer) == (ENGINE_THREAD, ENGINE_THREAD)
    assert threading.current_thread().name != ENGINE_THREAD


def test_the_process_stack_size_is_left_as_it_was() -> None:
    before = threading.stack_size()
    assert on_engine_stack(lambda: 6 * 7) == 42
    assert threading.stack_size() == before


def test_an_error_reaches_the_future_and_then_is_called() -> None:
    ended = threading.Event()

    def fail() -> None:
        raise ValueError("no such graph")

    future = engine_future(fail, then=ended.set)
    with pytest.raises(ValueError, match="no such graph"):
        future.result(timeout=10)
    assert ended.wait(10)


def test_query_limits_re_exports_the_engine_names() -> None:
    """Callers import them from kg.graph.query_limits, where they were first."""
    for name in engine_stack.__all__:
        assert getattr(query_limits, name) is getattr(engine_stack, name)
