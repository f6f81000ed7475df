"""A server's view of a build folder: snapshots that follow the builds, safely."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import errors
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.query import run_query
from kg.web.serve import ServeOptions, make_server
from kg.web.snapshot import Snapshots
from kg.graph.folder import INCOMPLETE
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"
CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def _build(pages: list[Path], out: Path, minutes: int = 0) -> None:
    options = BuildOptions(use_tagger=False, workers=1, now=CLOCK + dt.timedelta(minutes=minutes))
    build_graph(pages, out=out, options=options)


def _page(folder: Path, name: str, city: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.txt"
    page.write_text(SAMPLE.read_text(encoding="utf-8").replace("荆州", city), encoding="utf-8")
    shutil.copy(SAMPLE.with_suffix(".json"), page.with_suffix(".json"))
    return page


def test_a_snapshot_follows_each_finished_build_and_keeps_two(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([_page(tmp_path / "in", "p1", "荆州")], out)
    snapshots = Snapshots(out)
    first = snapshots.current()
    before = len(first)
    assert before > 1000 and snapshots.current() is first  # no build since: the same one
    _build([_page(tmp_path / "in", "p2", "宜昌")], out, minutes=1)
    second = snapshots.current()
    assert second is not first and len(second) > before
    assert _count(first) == before < _count(second)  # the old snapshot still answers, as it was
    (out / INCOMPLETE).write_bytes(b"")  # a build is running: keep serving what was finished
    (out / "report.json").touch()
    assert snapshots.current() is second
    (out / INCOMPLETE).unlink()
    _build([_page(tmp_path / "in", "p3", "襄阳")], out, minutes=2)
    assert len(snapshots.current()) > len(second)
    assert len(list(out.glob(".served-*"))) == 2
    snapshots.close()
    assert not list(out.glob(".served-*"))


def test_checkpoints_no_running_server_holds_are_removed_others_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([SAMPLE], out)
    live = Snapshots(out)
    [held] = out.glob(".served-*")
    dead = out / ".served-killed"  # its server was killed: its lock is free
    (dead / "store").mkdir(parents=True)
    (dead / "lock").write_bytes(b"")
    other = Snapshots(out)
    assert held.exists() and not dead.exists() and len(list(out.glob(".served-*"))) == 2
    other.close()
    live.close()
    assert not list(out.glob(".served-*"))
    with pytest.raises(errors.GraphNotFoundError):
        Snapshots(tmp_path / "nothing")


def test_started_during_a_build_it_serves_the_store_then_follows(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([_page(tmp_path / "in", "p1", "荆州")], out)
    (out / INCOMPLETE).write_bytes(b"")  # a build is running (or died)
    snapshots = Snapshots(out)
    first = snapshots.current()
    assert _count(first) > 1000
    (out / INCOMPLETE).unlink()
    _build([_page(tmp_path / "in", "p2", "漠河")], out, minutes=1)
    assert _count(snapshots.current()) > _count(first)
    snapshots.close()


def test_a_failed_snapshot_keeps_the_last_one_served_and_waits_to_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _build([SAMPLE], out)
    snapshots = Snapshots(out)
    served, tries = snapshots.current(), []

    def torn(stamp):  # noqa: ANN001, ANN202 - a build began while it was taken
        tries.append(stamp)
        raise errors.OutputError("cannot take a snapshot of the store: torn", source=str(out))

    monkeypatch.setattr(snapshots, "_take", torn)
    _build([_page(tmp_path / "in", "p2", "漠河")], out, minutes=1)
    assert snapshots.current() is served and snapshots.current() is served
    assert len(tries) == 1  # not again at every request
    snapshots.close()


def test_a_folder_it_cannot_write_is_served_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    _build([SAMPLE], out)
    monkeypatch.setattr("kg.web.snapshot.os.access", lambda path, mode: False)
    snapshots = Snapshots(out)
    store = snapshots.current()
    assert store.path == out / "store" and _count(store) > 1000 and not list(out.glob(".served-*"))


def _count(store) -> int:  # noqa: ANN001
    [row] = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return int(row[0].value)


def test_a_running_server_answers_from_the_latest_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([_page(tmp_path / "in", "p1", "荆州")], out)
    snapshots = Snapshots(out)
    server = make_server(snapshots, options=ServeOptions(port=0))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    query = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"
    url = f"http://{host}:{port}/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"})

    def articles() -> int:
        with urllib.request.urlopen(url) as response:
            return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])

    def view() -> str:
        with urllib.request.urlopen(f"http://{host}:{port}/") as response:
            return response.read().decode("utf-8")

    try:
        one = articles()
        assert "漠河" not in view()
        _build([_page(tmp_path / "in", "p2", "漠河")], out, minutes=1)
        assert one >= 5 and articles() == 2 * one
        assert "漠河" in view()  # the view is the new build's
    finally:
        server.shutdown()
        server.server_close()
        snapshots.close()


# ------------------------------------------------------------ stopping (issue 21)

KG = [sys.executable, "-c", "from kg.cli import main; main()"]


def _started(graph: Path) -> tuple[subprocess.Popen[str], str]:
    """``kg serve`` in a subprocess, once it serves, and its endpoint."""
    process = subprocess.Popen([*KG, "serve", "--graph", str(graph), "--port", "0"], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    while True:
        line = process.stderr.readline()
        assert line, "kg serve ended before it served"
        match = re.search(r"(http://\S+)/sparql", line)
        if match:
            return process, match.group(1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_sigterm_and_sighup_stop_kg_serve_as_ctrl_c_does(sample_graph_dir: Path, tmp_path: Path, signum: int) -> None:
    """systemd and docker stop a service with SIGTERM, a closed terminal sends SIGHUP: the
    snapshots go, the workers go, and the status says it stopped as asked."""
    graph = tmp_path / "graph"
    shutil.copytree(sample_graph_dir, graph, ignore=shutil.ignore_patterns(".served-*"))
    process, endpoint = _started(graph)
    try:
        url = endpoint + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "format": "csv"})
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.read().strip() == b"true"
        assert len(list(graph.glob(".served-*"))) == 1
        workers = _children(process.pid)
        assert workers  # the query workers
        process.send_signal(signum)
        _, log = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0 and "stopped" in log, log[-500:]
    assert "Traceback" not in log
    assert list(graph.glob(".served-*")) == []
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def test_a_signal_before_serving_is_held_and_one_during_the_clean_up_ignored() -> None:
    from kg.web.stopping import Stopped, stop_on_signals

    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals() as stopper:
        os.kill(os.getpid(), signal.SIGTERM)  # while the first snapshot is taken: held
        time.sleep(0.1)
        with pytest.raises(Stopped) as caught:
            stopper.arm()  # serving begins: it stops at once
        assert caught.value.signum == signal.SIGTERM and isinstance(caught.value, KeyboardInterrupt)
        stopper.disarm()
        os.kill(os.getpid(), signal.SIGHUP)  # during the clean-up: ignored
        time.sleep(0.1)
    assert signal.getsignal(signal.SIGTERM) == before  # the handlers are put back
