"""kg build --scheduler: extraction on a Dask distributed cluster (two worker processes, TCP)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Quad
from rdflib.compare import isomorphic

from kg import errors
from kg.build.executors import ordered_map
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.store import GraphStore

from tests.conftest import FIXED_CLOCK

distributed = pytest.importorskip(
    "distributed", reason="Dask distributed is not installed (the optional extra: pip install 'kg[dask]')"
)

# The helpers below travel to the workers by value: the workers cannot import this module.
cloudpickle = pytest.importorskip("cloudpickle")
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local cluster of two worker processes on loopback, reached over real TCP."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", protocol="tcp",
        dashboard_address=None, silence_logs=40,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address


def _build(inputs: list[Path], out: Path, **options: object) -> dict:
    report = build_graph(inputs, out=out, options=BuildOptions(views=False, now=FIXED_CLOCK, **options))
    return report.to_json()["totals"]


def _stored(out: Path) -> set[Quad]:
    return set(GraphStore.open(out, read_only=True).quads())


def test_a_dask_build_equals_a_local_one(scheduler: str, scale_inputs: list[Path], tmp_path: Path) -> None:
    local = _build(scale_inputs, tmp_path / "local", workers=1)
    remote = _build(scale_inputs, tmp_path / "dask", scheduler=scheduler)
    assert remote == local and local["events"] > 0
    assert _stored(tmp_path / "dask") == _stored(tmp_path / "local")
    graphs = [rdflib.Graph().parse(tmp_path / name / "graph.ttl", format="turtle") for name in ("local", "dask")]
    assert len(graphs[0]) > 1000 and isomorphic(*graphs)


def test_tasks_ran_on_the_cluster_workers(scheduler: str) -> None:
    with distributed.Client(scheduler) as client:
        workers = set(client.scheduler_info()["workers"])
        assert len(workers) == 2
    pids = list(ordered_map(_pid, range(16), scheduler=scheduler, window=4))
    assert len(pids) == 16 and os.getpid() not in pids and len(set(pids)) == 2


def _pid(_: int) -> int:
    import time

    time.sleep(0.05)  # long enough for both workers to get tasks
    return os.getpid()


def test_a_task_error_reaches_the_caller(scheduler: str) -> None:
    with pytest.raises(errors.ModelError) as caught:
        list(ordered_map(_fail, range(3), scheduler=scheduler))
    assert caught.value.source == "task-1"


def _fail(x: int) -> int:
    if x == 1:
        raise errors.ModelError("no model", source=f"task-{x}")
    return x


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(errors.SchedulerError) as caught:
        list(ordered_map(_pid, range(2), scheduler="tcp://127.0.0.1:9"))
    assert caught.value.code == "KG700" and "tcp://127.0.0.1:9" in str(caught.value)
