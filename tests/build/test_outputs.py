"""graph.ttl and graph.html of a large store: written in the background, never shown stale unmarked.

The threshold (``BACKGROUND_QUADS``) is set low so that the sample page counts as a
large store. Where the test must see the state between the build's return and the
writer's switch, the writer is started by the test itself (the build's start is
recorded, not run); others run the real detached writer end to end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.atomic import hold_lock
from kg.build import outputs
from kg.build.outputs import PENDING, outputs_pending
from kg.build.pipeline import BuildOptions, build_graph
from kg.errors import OutputError
from kg.graph.folder import BUILD_LOCK, HTML, INCOMPLETE, REPORT, TTL
from kg.graph.store import GraphStore
from tests.conftest import FIXED_CLOCK, SAMPLE_PAGE

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = BuildOptions(use_tagger=False, workers=1, now=FIXED_CLOCK)


def _variant(folder: Path, n: int) -> Path:
    """The sample page as a new page ``n`` (another page id, a changed line): a real build each time."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"variant_{n}.txt"
    page.write_text(SAMPLE_PAGE.read_text(encoding="utf-8") + f"\n（第{n}稿）\n", encoding="utf-8")
    meta = json.loads(SAMPLE_PAGE.with_suffix(".json").read_text(encoding="utf-8"))
    meta["page"] = f"variant-{n}"
    page.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return page


def _store_turtle(out: Path) -> bytes:
    store = GraphStore.open(out, read_only=True)
    try:
        return store.dump_bytes(fmt="turtle")
    finally:
        store.close()


def _report(out: Path) -> dict:
    return json.loads((out / REPORT).read_text(encoding="utf-8"))


@pytest.fixture()
def first_build(tmp_path: Path) -> Path:
    """A folder built from one page, small: its files written in the foreground, as always."""
    out = tmp_path / "out"
    build_graph([_variant(tmp_path / "in", 1)], out=out, options=OPTIONS)
    assert not (out / PENDING).exists() and "pending" not in _report(out)
    assert (out / TTL).read_bytes() == _store_turtle(out)
    return out


class _Waiting:
    """In place of a writer process still waiting for the build's lock (``poll``: still running)."""

    def __init__(self, code: int | None = None) -> None:
        self.code = code

    def poll(self) -> int | None:
        return self.code


def test_large_store_build_returns_before_the_files_are_rewritten(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyoxigraph

    import kg.graph.store

    out = first_build
    old_ttl, old_html = (out / TTL).read_bytes(), (out / HTML).read_bytes()
    started: list[Path] = []
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    monkeypatch.setattr(outputs, "start_writer", lambda out_dir: started.append(out_dir) or _Waiting())
    # The writer is started before the store is compacted, once.
    monkeypatch.setattr(kg.graph.store, "COMPACT_MIN_QUADS", 0)
    compacted: list[int] = []
    real = pyoxigraph.Store.optimize
    monkeypatch.setattr(pyoxigraph.Store, "optimize", lambda self: (compacted.append(len(started)), real(self)))

    report = build_graph([_variant(tmp_path / "in", 2)], out=out, options=OPTIONS)

    # Returned with report.json current and the previous files shown, marked as such.
    assert started == [out] and compacted == [1]
    shown = _report(out)
    assert shown["build"] == report.build and shown["graph"]["quads"] == report.quads
    assert shown["pending"] == [TTL, HTML] == outputs_pending(out)
    assert json.loads((out / PENDING).read_text(encoding="utf-8"))["build"] == report.build
    assert (out / TTL).read_bytes() == old_ttl and (out / HTML).read_bytes() == old_html
    assert (out / TTL).read_bytes() != _store_turtle(out)

    # The writer (the real process, run here) switches in the set that matches the store.
    subprocess.run([sys.executable, "-c", "from kg.build.outputs import main; main()", str(out)],
                   check=True, cwd=ROOT, timeout=120)
    assert not (out / PENDING).exists() and outputs_pending(out) == []
    final = _report(out)
    assert "pending" not in final and final["build"] == report.build and final["graph"]["quads"] == report.quads
    assert (out / TTL).read_bytes() == _store_turtle(out)
    assert "variant-2" in (out / TTL).read_text(encoding="utf-8")
    assert (out / HTML).read_bytes() != old_html


def test_detached_writer_brings_the_files_up_to_date(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = first_build
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    report = build_graph([_variant(tmp_path / "in", 2)], out=out, options=OPTIONS)
    deadline = time.monotonic() + 120
    while (out / PENDING).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not (out / PENDING).exists(), (out / PENDING).read_text(encoding="utf-8")
    assert _report(out)["build"] == report.build and "pending" not in _report(out)
    assert (out / TTL).read_bytes() == _store_turtle(out)


def test_a_writer_started_early_that_ended_is_started_again(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = first_build
    started: list[Path] = []
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    monkeypatch.setattr(outputs, "start_writer", lambda out_dir: started.append(out_dir) or _Waiting(1))
    build_graph([_variant(tmp_path / "in", 2)], out=out, options=OPTIONS)
    assert started == [out, out] and outputs_pending(out) == [TTL, HTML]


def test_the_writer_of_a_build_that_failed_writes_nothing(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.graph.folder import INCOMPLETE

    out = first_build
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    monkeypatch.setattr(outputs, "start_writer", lambda out_dir: _Waiting())
    build_graph([_variant(tmp_path / "in", 2)], out=out, options=OPTIONS)
    old_ttl = (out / TTL).read_bytes()
    # A next build started its writer early, then died: its marker stays, its store is not whole.
    (out / INCOMPLETE).write_text('{"build": "died", "started": "2024-01-01T00:00:00+00:00"}', encoding="utf-8")
    with pytest.raises(OutputError):
        outputs.write_pending(out)
    assert (out / TTL).read_bytes() == old_ttl and outputs_pending(out) == [TTL, HTML]
    # The detached writer says why in the marker (kg remove after a dead build starts one too).
    assert outputs.main([str(out)]) == 1
    assert f"[{OutputError.code}]" in json.loads((out / PENDING).read_text(encoding="utf-8"))["error"]
    (out / INCOMPLETE).unlink()
    assert outputs.write_pending(out) is True and outputs_pending(out) == []
    assert (out / TTL).read_bytes() == _store_turtle(out)


# The real writer, with a wait for the lock far shorter than the build's tail below.
_IMPATIENT_WRITER = "from kg.build import outputs as o; o.HANDOVER_WAIT = 0.2; raise SystemExit(o.main())"


def _wait_for_writer(out: Path) -> None:
    deadline = time.monotonic() + 120
    while (out / PENDING).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not (out / PENDING).exists(), (out / PENDING).read_text(encoding="utf-8")


def test_the_writer_waits_for_a_build_whose_tail_outlasts_its_wait(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = first_build
    old_html = (out / HTML).read_bytes()
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    monkeypatch.setattr(outputs, "WRITER_COMMAND", _IMPATIENT_WRITER)
    # The build's store closes after the hand-over, still under the lock: slowed, it outlasts
    # the writer's wait many times over (once, the build's; the test's own reads are not slowed).
    real_close, delays = GraphStore.close, [3.0]

    def slow_close(self: GraphStore) -> None:
        time.sleep(delays.pop() if delays else 0)
        real_close(self)

    monkeypatch.setattr(GraphStore, "close", slow_close)
    report = build_graph([_variant(tmp_path / "in", 2)], out=out, options=OPTIONS)
    assert delays == []  # the writer may have taken the lock by now: report.json is its to switch
    _wait_for_writer(out)
    final = _report(out)
    assert "pending" not in final and final["build"] == report.build and final["graph"]["quads"] == report.quads
    assert (out / TTL).read_bytes() == _store_turtle(out) and b"variant-2" in (out / TTL).read_bytes()
    assert (out / HTML).read_bytes() != old_html


def _pending_folder(out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build into ``out`` as a large store whose writer never runs: its files stay pending."""
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    monkeypatch.setattr(outputs, "start_writer", lambda out_dir: _Waiting())
    build_graph([_variant(tmp_path / "in", 2)], out=out, options=OPTIONS)
    assert outputs_pending(out) == [TTL, HTML]


def test_the_writer_waits_while_its_build_holds_the_lock(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = first_build
    _pending_folder(out, tmp_path, monkeypatch)
    # This process is the build: its lock held for many times the writer's wait, its marker standing
    # until it lets go, as a build's does (a parent that lives on after its build keeps no writer).
    with hold_lock(out / BUILD_LOCK, busy="busy"):
        (out / INCOMPLETE).write_text("{}", encoding="utf-8")
        writer = subprocess.Popen([sys.executable, "-c", _IMPATIENT_WRITER, str(out), str(os.getpid())], cwd=ROOT)
        time.sleep(3)
        assert outputs_pending(out) == [TTL, HTML]
        (out / INCOMPLETE).unlink()
    assert writer.wait(timeout=120) == 0
    assert outputs_pending(out) == [] and not (out / PENDING).exists() and "pending" not in _report(out)
    assert (out / TTL).read_bytes() == _store_turtle(out) and b"variant-2" in (out / TTL).read_bytes()


@pytest.mark.parametrize("parent", ["ended", "lives on"])
def test_the_writer_of_a_build_that_ended_gives_up_on_a_held_lock(
    parent: str, first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = first_build
    _pending_folder(out, tmp_path, monkeypatch)
    # The writer's build has ended: its process is gone, or lives on with no marker (a notebook).
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    build = ended if parent == "ended" else str(os.getpid())
    # Another process (a next build) holds the lock: it writes the files itself, the writer goes.
    with hold_lock(out / BUILD_LOCK, busy="busy"):
        writer = subprocess.run([sys.executable, "-c", _IMPATIENT_WRITER, str(out), build],
                                cwd=ROOT, timeout=120, check=False)
    assert writer.returncode == 1 and outputs_pending(out) == [TTL, HTML]
    assert outputs.WRITER_BUSY in json.loads((out / PENDING).read_text(encoding="utf-8"))["error"]


def test_foreground_and_no_files_leave_nothing_pending(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = first_build
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    monkeypatch.setattr(outputs, "start_writer", lambda out_dir: pytest.fail("no writer wanted"))
    options = BuildOptions(use_tagger=False, workers=1, now=FIXED_CLOCK, outputs="foreground")
    build_graph([_variant(tmp_path / "in", 2)], out=out, options=options)
    assert not (out / PENDING).exists() and "pending" not in _report(out)
    assert (out / TTL).read_bytes() == _store_turtle(out)
    lean = BuildOptions(use_tagger=False, workers=1, now=FIXED_CLOCK, views=False, ttl=False)
    build_graph([_variant(tmp_path / "in", 3)], out=out, options=lean)
    assert not (out / TTL).exists() and not (out / HTML).exists() and not (out / PENDING).exists()



def test_kg_build_wait_writes_the_files_before_returning(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    out = first_build
    monkeypatch.setattr(outputs, "BACKGROUND_QUADS", 10)
    monkeypatch.setattr(outputs, "start_writer", lambda out_dir: pytest.fail("--wait wants no writer"))
    page = _variant(tmp_path / "in", 4)
    result = CliRunner().invoke(app, ["build", str(page), "-o", str(out), "--no-tagger", "--workers", "1", "-q", "--wait"])
    assert result.exit_code == 0, result.output
    assert not (out / PENDING).exists() and (out / TTL).read_bytes() == _store_turtle(out)

# Holds the lock given as its argument for a minute, once it has said so.
_HOLDER = """import sys, time; from pathlib import Path; from kg.atomic import hold_lock
from kg.errors import OutputError
with hold_lock(Path(sys.argv[1]), busy='busy', yielding={yielding}):
    print('held', flush=True); time.sleep(60)"""


def test_a_next_build_ends_a_yielding_lock_holder(tmp_path: Path) -> None:
    lock = tmp_path / BUILD_LOCK
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER.format(yielding=True), str(lock)],
        stdout=subprocess.PIPE, cwd=ROOT, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with hold_lock(lock, busy="busy"):
            assert holder.wait(timeout=10) == -signal.SIGTERM
            assert lock.read_bytes() == b""  # a holder that does not yield is not named
    finally:
        holder.kill()
        holder.wait()


def test_a_holder_that_does_not_yield_keeps_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / BUILD_LOCK
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER.format(yielding=False), str(lock)],
        stdout=subprocess.PIPE, cwd=ROOT, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError, match="busy"), hold_lock(lock, busy="busy"):
            pass
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.wait()


def test_graph_ttl_written_by_a_second_process_is_the_stores(first_build: Path, tmp_path: Path) -> None:
    out = first_build
    tmp = out / ".graph.ttl.test.tmp"
    tmp.write_bytes(b"")
    outputs._wait_turtle(outputs._start_turtle(out, tmp), out)
    assert tmp.read_bytes() == _store_turtle(out) == (out / TTL).read_bytes()
    assert b"variant-1" in tmp.read_bytes()


def test_a_failed_graph_ttl_process_is_an_output_error(tmp_path: Path) -> None:
    empty = tmp_path / "no-store"
    empty.mkdir()
    tmp = empty / ".graph.ttl.test.tmp"
    tmp.write_bytes(b"")
    with pytest.raises(OutputError, match="no graph here"):
        outputs._wait_turtle(outputs._start_turtle(empty, tmp), empty)
    assert tmp.read_bytes() == b""
