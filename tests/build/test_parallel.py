"""Parallel builds: worker processes give the same graph as one process, in bounded memory."""

from __future__ import annotations

import contextlib
import importlib
import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Quad
from rdflib.compare import isomorphic

import kg.graph.store
from kg import errors
from kg.extract.event_resolution import resolve_events
from kg.build.executors import _apply_each as _APPLY_EACH  # the original, whatever a test patches
from kg.build.executors import ordered_map
from kg.model import ArticleResult, EntityType, EventMention, EventType, Mention
from kg.graph.namespace import SCHEMA
from kg.build.pages import compact_event_record
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.store import GraphStore

from tests.conftest import FIXED_CLOCK, SAMPLE_PAGE, SCALE_RECORDS


def build(inputs: list[Path], out: Path, **options: object) -> dict:
    """Build with the tagger, no views and a fixed clock; the report's totals."""
    report = build_graph(inputs, out=out, options=BuildOptions(views=False, now=FIXED_CLOCK, **options))
    return report.to_json()["totals"]


def stored(out: Path) -> set[Quad]:
    return set(GraphStore.open(out, read_only=True).quads())


def turtle(out: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(out / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def one_worker(scale_inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("one-worker")
    return out, build(scale_inputs, out, workers=1)


def test_two_workers_build_the_same_graph_as_one(
    scale_inputs: list[Path], one_worker: tuple[Path, dict], tmp_path: Path
) -> None:
    out_1, totals_1 = one_worker
    totals_2 = build(scale_inputs, tmp_path, workers=2)
    assert totals_2 == totals_1
    assert totals_1["items"] > len(SCALE_RECORDS) and totals_1["events"] > 0
    assert stored(tmp_path) == stored(out_1)
    graph = turtle(tmp_path)
    assert isomorphic(graph, turtle(out_1))
    headlines = {str(o) for o in graph.objects(None, rdflib.URIRef(SCHEMA.headline))}
    assert {r["headline"] for r in SCALE_RECORDS} <= headlines
    names = {str(o) for o in graph.objects(None, rdflib.URIRef(SCHEMA.name))}
    assert {"李瑞环", "荆州市公安局", "王子瑶"} <= names  # tagger, rules, the sample page's byline


def test_a_small_window_and_many_workers_change_nothing(
    scale_inputs: list[Path], one_worker: tuple[Path, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results come back in input order however the workers race."""
    from kg.build import pipeline

    real = pipeline.ordered_map
    monkeypatch.setattr(pipeline, "ordered_map", lambda fn, items, **kw: real(fn, items, **dict(kw, window=2)))
    build(scale_inputs, tmp_path, workers=3)
    assert stored(tmp_path) == stored(one_worker[0])


# ------------------------------------------------------------------ ordered_map


def slow_square(x: int) -> int:
    """Early items take longest, so that they finish last."""
    time.sleep(0.02 * (5 - x % 5))
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise errors.ModelError("no model for three", source=f"item-{x}")
    return x


@pytest.mark.parametrize("workers", [1, 2])
def test_ordered_map_keeps_input_order(workers: int) -> None:
    assert list(ordered_map(slow_square, range(12), workers=workers, window=4)) == [x * x for x in range(12)]


def test_ordered_map_pulls_at_most_a_window_ahead() -> None:
    pulled: list[int] = []

    def items() -> Iterator[int]:
        for x in itertools.count():
            pulled.append(x)
            yield x

    results = ordered_map(slow_square, items(), workers=2, window=3)
    first = [next(results) for _ in range(4)]
    results.close()
    assert first == [0, 1, 4, 9]
    assert len(pulled) <= 4 + 3  # what was yielded, plus the window in flight


def test_on_start_runs_once_the_workers_run_and_never_in_process() -> None:
    started: list[int] = []
    results = list(ordered_map(slow_square, range(6), workers=2, window=2, on_start=lambda: started.append(1)))
    assert results == [x * x for x in range(6)] and started == [1]
    in_process: list[int] = []
    assert list(ordered_map(slow_square, range(3), workers=1, on_start=lambda: in_process.append(1))) == [0, 1, 4]
    assert in_process == []


def test_warm_up_imports_what_the_end_of_a_build_needs() -> None:
    import sys

    from kg.build.outputs import OUTPUT_MODULES, VIEW_MODULES, warm_up

    thread = warm_up(views=True)
    thread.join(timeout=60)
    assert not thread.is_alive() and all(name in sys.modules for name in OUTPUT_MODULES + VIEW_MODULES)


def test_a_worker_error_reaches_the_caller_with_its_code() -> None:
    with pytest.raises(errors.ModelError) as caught:
        list(ordered_map(fail_on_three, range(6), workers=2))
    assert caught.value.code == errors.ModelError.code and caught.value.source == "item-3"


def item_and_process(x: int) -> tuple[int, int]:
    import os

    return x, os.getpid()


def _apply_each_sized(fn, chunk):
    """``_apply_each`` with each result paired with the size of its task."""
    done, error = _APPLY_EACH(fn, chunk)
    return [(result, len(chunk)) for result in done], error


def test_worker_processes_are_sent_several_items_a_task(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.build import executors

    monkeypatch.setattr(executors, "_apply_each", _apply_each_sized)  # forked workers see it too
    first, later = executors.FIRST_TASK, executors.PER_TASK
    results = list(ordered_map(item_and_process, range(4 * first + 2 * later), workers=2))
    assert [x for (x, _), _ in results] == list(range(4 * first + 2 * later))
    # Two workers: four small tasks first (a short build is shared out evenly), then larger ones.
    assert [size for _, size in results] == [first] * (4 * first) + [later] * (2 * later)
    starts = [*range(0, 4 * first, first), *range(4 * first, len(results), later)]
    for start, end in zip(starts, [*starts[1:], len(results)]):  # a task's items, one process
        assert len({pid for (_, pid), _ in results[start:end]}) == 1


def test_the_items_before_a_worker_error_in_its_task_reach_the_caller() -> None:
    got: list[int] = []
    with pytest.raises(errors.ModelError) as caught:
        for x in ordered_map(fail_on_three, range(12), workers=2):  # 0-3 are one task
            got.append(x)  # noqa: PERF402 - one at a time: list() would lose those before the error
    assert got == [0, 1, 2]
    assert any("in a worker process" in note and "fail_on_three" in note for note in caught.value.__notes__)


class Batched:
    """A picklable function with ``many``: each result records the batch it was computed in."""

    def __call__(self, x: int) -> tuple[int, int]:
        return self.many([x])[0]

    def many(self, xs: list[int]) -> list[tuple[int, int]]:
        return [(x, len(xs)) for x in xs]


def test_a_function_with_many_gets_a_task_s_items_at_once() -> None:
    from kg.build import executors

    first, later = executors.FIRST_TASK, executors.PER_TASK
    results = list(ordered_map(Batched(), range(4 * first + later + 1), workers=2))
    assert [x for x, _ in results] == list(range(4 * first + later + 1))
    assert [size for _, size in results] == [first] * (4 * first) + [later] * later + [1]


def test_a_function_with_many_gets_a_local_batch_at_once_without_workers() -> None:
    from kg.build import executors

    n = executors.LOCAL_BATCH + 3
    results = list(ordered_map(Batched(), range(n), workers=1))
    assert results == [(x, executors.LOCAL_BATCH) for x in range(executors.LOCAL_BATCH)] + [(x, 3) for x in range(executors.LOCAL_BATCH, n)]


class Threshold:
    """The cyclic collector's first threshold where the item is handled."""

    def __call__(self, item: int) -> tuple[int, int]:
        import gc

        return item, gc.get_threshold()[0]


def test_a_build_collects_young_objects_less_often_and_restores_the_threshold(tmp_path: Path) -> None:
    """Worker processes and the build itself raise the first threshold; the caller's comes back, even after an error."""
    import gc

    from kg.build import executors

    before = gc.get_threshold()
    assert {t for _, t in ordered_map(Threshold(), range(6), workers=2)} == {max(before[0], executors.BUILD_GC_THRESHOLD)}
    with pytest.raises(RuntimeError), executors.fewer_collections():
        assert gc.get_threshold() == (max(before[0], executors.BUILD_GC_THRESHOLD), *before[1:])
        raise RuntimeError("stop")
    assert gc.get_threshold() == before
    seen = []
    real = executors.fewer_collections

    @contextlib.contextmanager
    def watched():
        with real():
            seen.append(gc.get_threshold()[0])
            yield

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importlib.import_module("kg.build.pipeline"), "fewer_collections", watched)
        build_graph([SAMPLE_PAGE], out=tmp_path / "out",
                    options=BuildOptions(views=False, ttl=False, now=FIXED_CLOCK))
    assert seen == [max(before[0], executors.BUILD_GC_THRESHOLD)] and gc.get_threshold() == before


# ------------------------------------------------------------------ event records


def test_event_records_keep_only_what_resolution_needs(sample_articles) -> None:  # noqa: ANN001
    from kg.extract.events import detect_events
    from kg.extract.recognize import recognize_mentions
    from kg.extract.resolve import resolve_mentions

    full, compact = [], []
    for article in sample_articles:
        mentions = resolve_mentions(
            recognize_mentions(article, use_tagger=False), meta=article.meta, text=article.text
        )
        events = detect_events(article, mentions)
        if events:
            full.append((article, mentions, events))
            compact.append(compact_event_record(ArticleResult(article, mentions, events)))
    assert len(full) >= 3
    for (article, _, _), (light, _, _) in zip(full, compact):
        assert light.key == article.key and light.text == "" and light.table == () and light.headline is None
    kept, all_mentions = sum(len(c[1]) for c in compact), sum(len(f[1]) for f in full)
    assert 0 < kept < all_mentions / 2
    assert resolve_events(compact) == resolve_events(full)


def test_a_compact_record_renumbers_the_mentions_it_keeps() -> None:
    from kg.model import Article, ArticleKind, PageMeta

    mentions = tuple(
        Mention("a", i * 10, i * 10 + 2, name, kind, canonical=name)
        for i, (name, kind) in enumerate(
            [("北京", EntityType.LOC), ("张三", EntityType.PER), ("国务院", EntityType.ORG), ("李四", EntityType.PER)]
        )
    )
    event = EventMention("a", 50, 54, "座谈会", EventType.MEETING, place=0, organizers=(2,), participants=((3, "出席"),))
    article = Article("a", PageMeta(source="x"), ArticleKind.ARTICLE, "题", "正文" * 100)
    light, kept, (renumbered,) = compact_event_record(ArticleResult(article, mentions, (event,)))
    assert [m.text for m in kept] == ["北京", "国务院", "李四"]
    assert (renumbered.place, renumbered.organizers, renumbered.participants) == (0, (1,), ((2, "出席"),))


# ------------------------------------------------------------------ writes off the main thread


def test_a_failed_store_write_stops_the_build_and_the_rerun_repairs_it(
    scale_inputs: list[Path], one_worker: tuple[Path, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    as_one_build,  # noqa: ANN001
) -> None:
    real = GraphStore._write_batch
    calls: list[int] = []

    def flaky(self: GraphStore) -> None:
        if self._batch:
            calls.append(len(self._batch))
        if len(calls) == 3 and self._batch:
            raise errors.OutputError("disk full", source="store")
        real(self)

    monkeypatch.setattr(kg.graph.store, "BATCH_QUADS", 1)  # a batch a page
    monkeypatch.setattr(GraphStore, "_write_batch", flaky)
    with pytest.raises(errors.OutputError):
        build(scale_inputs, tmp_path, workers=2)
    assert (tmp_path / ".build-incomplete").exists() and not (tmp_path / "graph.ttl").exists()
    monkeypatch.setattr(GraphStore, "_write_batch", real)
    # In the same process: the failed build let go of the store (RocksDB's lock) all the same.
    totals = build(scale_inputs, tmp_path, workers=2)
    assert totals["status"] == {"built": 2}  # everything again, not only the pages that failed
    assert not (tmp_path / ".build-incomplete").exists()
    # The rerun re-extracted every page: the same graph, made by another build.
    assert as_one_build(stored(tmp_path)) == as_one_build(stored(one_worker[0]))


def test_serial_calls_run_in_order_and_surface_the_first_error() -> None:
    from kg.build.executors import SerialCalls

    done: list[int] = []
    calls = SerialCalls(depth=2)
    for i in range(20):
        calls.submit(lambda i=i: (time.sleep(0.001), done.append(i)))
    calls.drain()
    assert done == list(range(20))
    calls.submit(fail_on_three, 3)
    with pytest.raises(errors.ModelError):
        calls.drain()
    calls.close()


def test_serial_calls_block_when_the_queued_sizes_exceed_the_bound() -> None:
    from kg.build.executors import SerialCalls

    release = threading.Event()
    calls = SerialCalls(depth=None, max_size=25)
    released = []  # whether the queued calls could end yet when each submit returned
    for _ in range(4):
        calls.submit(release.wait, size=10)
        released.append(release.is_set())
        if len(released) == 2:
            threading.Timer(0.3, release.set).start()
    calls.drain()
    calls.close()
    # 10 + 10 fit (a blocking submit would hang: nothing releases them yet); the third
    # call (30 > 25) waits until the first ones have run, which they can once released.
    assert released == [False, False, True, True]


def test_the_union_states_each_triple_once(one_worker: tuple[Path, dict]) -> None:
    """graph.ttl is dumped graph by graph: a build states every shared triple (byline
    persons, entities, issues, newspapers) in one graph only, so no line repeats."""
    store = GraphStore.open(one_worker[0], read_only=True)
    lines = store.dump_bytes(fmt="ntriples").decode("utf-8").splitlines()
    union = {(q.subject, q.predicate, q.object) for q in store.quads()}
    assert len(lines) == len(set(lines)) == len(union) > 1000
    assert len(rdflib.Graph().parse(one_worker[0] / "graph.ttl", format="turtle")) == len(union)