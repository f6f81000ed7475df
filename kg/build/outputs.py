"""What a build leaves beside its store: the whole-graph files, and word of a build that died.

``graph.ttl``, ``graph.html`` and ``report.json`` are one build's set: each is written
to a temporary file first, and only when all are complete are they switched into view
together (:func:`kg.atomic.replace_together`: a new generation folder, then one rename).
A reader, or a build killed at any point, sees the previous build's three files or the
new build's three, never a mix; and ``report.json`` names the build (``"build"``) whose
set it is.

Into a large store (over ``BACKGROUND_QUADS`` quads) a build rewrites the two whole-graph
files in the background, since they take most of a daily build: it switches in its
``report.json`` at once, beside the previous build's ``graph.ttl`` and ``graph.html``, with
``"pending"`` naming those two, and writes a marker (``.outputs-pending``); a detached
process (:func:`main`), holding the folder's build lock, writes them and switches in the
complete set. A next build ends that process (its work would be stale) and does its own.
The build starts that process before it compacts the store (:func:`early_writer`), so that its
start and imports overlap the compaction; it waits for the build's lock for as long as that build
runs (:func:`_lock_after`), and does nothing if the build did not finish (its ``.build-incomplete``
marker stays).
That process writes ``graph.ttl`` by a process of its own while it renders ``graph.html``:
each reads the whole store, and together they take the time of the longer one.

A running build's marker (``.build-incomplete``) names it; the next build reads the
marker of one that died and marks its provenance as not finished (:mod:`kg.build.unfinished`,
whose functions this module re-exports).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kg import errors
from kg.atomic import (
    hold_lock,
    remove_stale_temporaries,
    replace_together,
    write_atomic,
    write_temporary,
)
from kg.build.unfinished import dead_build, mark_unfinished
from kg.graph.folder import BUILD_LOCK, HTML, INCOMPLETE, OUTPUT_NAMES, REPORT, TTL

if TYPE_CHECKING:
    from kg.build.report import BuildReport
    from kg.graph.store import Store

# Present while graph.ttl and graph.html are being brought up to date in the background:
# the build, the files and when it started (JSON). report.json's "pending" says the same.
PENDING = ".outputs-pending"
# Above this many quads, "auto" writes graph.ttl and graph.html in the background: at
# 1.5 M quads they take 12 s of a 15 s daily build; below, a second or less.
BACKGROUND_QUADS = 200_000
# Seconds the background writer waits for the lock once the build that started it has ended.
HANDOVER_WAIT = 120.0
WRITER_BUSY = "the folder stays busy"  # the writer's error when it gives up waiting
WRITER_COMMAND = "from kg.build.outputs import main; main()"  # the writer's program (main)
OUTPUT_MODES = ("auto", "foreground", "background")
# What the end of a build imports (write_outputs, _Build.finish): a fifth of a one-page build.
OUTPUT_MODULES = ("kg.graph.rdf", "kg.graph.prune", "kg.graph.dump", "kg.extract.event_resolution", "kg.graph.event_rdf")
VIEW_MODULES = ("kg.web.views", "kg.web.views.page")


def warm_up(*, views: bool = True) -> threading.Thread:
    """Import the modules the end of a build needs, on a thread of its own, while workers extract.

    Only worth it while this process waits on others (worker processes, a cluster), and only
    once they are started: a process forked while a thread holds an import lock can deadlock.
    """
    names = OUTPUT_MODULES + (VIEW_MODULES if views else ())
    thread = threading.Thread(target=_import_all, args=(names,), name="kg-warm-up", daemon=True)
    thread.start()
    return thread


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        with contextlib.suppress(ImportError):  # the build's own import reports it, where it matters
            importlib.import_module(name)


def write_outputs(
    store: Store, out_dir: Path, report: BuildReport, *, views: bool = True, ttl: bool = True,
    mode: str = "auto", writer: subprocess.Popen[bytes] | None = None,
) -> None:
    """``graph.ttl``, ``graph.html`` and ``report.json`` of a build, switched into view together.

    The report is given the whole graph's counts first (:meth:`BuildReport.count_graph`).

    Args:
        views: write ``graph.html``; ttl: write ``graph.ttl``. Either is the whole graph,
            written again at each build: a daily build into a large store may leave them
            to ``kg export`` and ``kg view``. One not written is removed, since it would
            no longer match the store.
        mode: ``"foreground"``: all three now; ``"background"``: ``report.json`` now and
            the whole-graph files by a detached process (module docstring); ``"auto"``:
            background for a local store of more than ``BACKGROUND_QUADS`` quads.
        writer: the background writer already started (:func:`early_writer`), if any.

    Raises:
        OutputError: the folder cannot be written (the previous set stays in view).
    """
    # report.json's "graph" and "totals": the whole graph as the store holds it now, not
    # what this run added (it may have rebuilt one page of many, or none).
    report.count_graph(store)
    remove_stale_temporaries(out_dir, OUTPUT_NAMES)
    whole = [name for name, wanted in ((TTL, ttl), (HTML, views)) if wanted]
    data = report.to_json()
    if whole and _in_background(store, report.quads, mode):
        _hand_over(out_dir, data, whole, writer)
        return
    _switch(out_dir, store, data, whole)
    (out_dir / PENDING).unlink(missing_ok=True)


def _in_background(store: Store, quads: int, mode: str) -> bool:
    if mode not in OUTPUT_MODES:
        raise ValueError(f"outputs: one of {', '.join(OUTPUT_MODES)}, not {mode!r}")
    local = getattr(store, "path", None) is not None  # the writer reopens the store: not a remote one
    return local and (mode == "background" or (mode == "auto" and quads > BACKGROUND_QUADS))


def early_writer(
    store: Store, out_dir: Path, *, views: bool = True, ttl: bool = True, mode: str = "auto",
) -> subprocess.Popen[bytes] | None:
    """Start the background writer before the store is compacted, if :func:`write_outputs` will want it.

    Its start and imports (0.28 s) overlap the compaction (0.9 s at 3,148 articles), not
    follow the build's return; it waits for the build's lock. None: the files are written
    in the foreground, ``mode`` is not one (:func:`write_outputs` says so), or there is no
    lock to hold the writer back (no ``fcntl``: the hand-over starts it, as before).
    """
    if not (views or ttl) or mode not in OUTPUT_MODES or getattr(store, "path", None) is None or not _locks():
        return None
    return start_writer(out_dir) if _in_background(store, len(store), mode) else None  # len: kept for the report


def _switch(out_dir: Path, store: Store, data: dict, whole: list[str], *, apart: bool = False) -> None:
    """Write the ``whole``-graph files and ``report.json`` (``data``), then switch them in as one set.

    Args:
        apart: another process may open the store read-only meanwhile (the detached writer's
            store, under the folder's lock): graph.ttl is then written by a second process
            while this one renders graph.html, each a read of the whole store, on a core each.
    """
    staged: dict[str, Path] = {}
    turtle: subprocess.Popen[bytes] | None = None
    try:
        if TTL in whole:
            if apart and HTML in whole:
                staged[TTL] = write_temporary(out_dir / TTL, b"")
                turtle = _start_turtle(out_dir, staged[TTL])
            else:
                staged[TTL] = write_temporary(out_dir / TTL, lambda fh: store.dump(fh, fmt="turtle"))
        if HTML in whole:
            from kg.web.views import render_view

            staged[HTML] = write_temporary(out_dir / HTML, render_view(store).encode("utf-8"))
        if turtle is not None:
            _wait_turtle(turtle, out_dir)
        staged[REPORT] = write_temporary(out_dir / REPORT, _json_bytes(data))
        replace_together(out_dir, staged, names=OUTPUT_NAMES)
    finally:
        if turtle is not None and turtle.poll() is None:  # an error here: its file is not wanted
            turtle.kill()
            turtle.wait()
        for tmp in staged.values():  # moved away when the switch is done; else not left behind
            tmp.unlink(missing_ok=True)


def _start_turtle(out_dir: Path, tmp: Path) -> subprocess.Popen[bytes]:
    """Start the process that writes graph.ttl of ``out_dir``'s store into ``tmp`` (:func:`turtle_main`).

    A process, not a thread: the dump takes the GIL back at every graph, and beside a busy
    Python thread (the views') each wait lasts a switch interval: 3,000 graphs took 5.9 s, not 1.3 s.
    """
    command = "from kg.build.outputs import turtle_main; turtle_main()"
    return subprocess.Popen(
        [sys.executable, "-c", command, str(out_dir.resolve()), str(tmp), str(os.getpid())],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_kg_env(),
    )


def _wait_turtle(turtle: subprocess.Popen[bytes], out_dir: Path) -> None:
    """Wait for graph.ttl's process.

    Raises:
        OutputError: it failed (the last line it wrote to its standard error says why).
    """
    _, err = turtle.communicate()
    if turtle.returncode:
        lines = err.decode("utf-8", "replace").strip().splitlines() or [f"exit status {turtle.returncode}"]
        raise errors.OutputError(f"cannot write {TTL}: {lines[-1]}", source=str(out_dir))


def turtle_main(argv: list[str] | None = None) -> None:
    """graph.ttl's process: ``python -c '…turtle_main()' OUT_DIR TMP PARENT_PID``, the store read-only."""
    from kg.concurrency import default_workers
    from kg.graph.store import GraphStore

    out_dir, tmp, parent = argv if argv is not None else sys.argv[1:]
    _end_with(int(parent))
    store = GraphStore.open(out_dir, read_only=True)
    try:
        with open(tmp, "wb") as fh:
            # A core is left to graph.html, rendered meanwhile on one thread and the longer of the
            # two (4.3 CPU-s against 3.3 at 3,000 articles): on 2 cores two dump threads beside it
            # are three busy threads, and graph.html got two thirds of a core while they ran.
            store.dump(fh, fmt="turtle", threads=max(1, min(4, default_workers() - 1)))
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        store.close()


def _end_with(parent: int) -> None:
    """End this process when its parent ends (Linux): a next build ends the writer, and its work is stale.

    Elsewhere an orphan finishes its temporary file, which the next build's outputs clear.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the request above was made
        sys.exit(1)


def _locks() -> bool:
    """Whether :func:`kg.atomic.hold_lock` locks here (``flock``; not on Windows)."""
    from kg import atomic

    return atomic.fcntl is not None


def _hand_over(out_dir: Path, data: dict, whole: list[str], writer: subprocess.Popen[bytes] | None) -> None:
    """Switch in ``report.json`` (saying which files are ``pending``) now, and start their writer.

    A ``writer`` started already and still waiting for the lock does the work: it waits as long
    as this build runs (:func:`_lock_after`), so it cannot give up between this check and the lock's release.
    """
    started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    # The marker first: files older than report.json are never shown without it.
    marker = {"build": data.get("build"), "pending": whole, "started": started}
    write_atomic(out_dir / PENDING, _json_bytes(marker))
    staged = {REPORT: write_temporary(out_dir / REPORT, _json_bytes({**data, "pending": whole}))}
    try:
        replace_together(out_dir, staged, names=OUTPUT_NAMES, keep=whole)
    finally:
        staged[REPORT].unlink(missing_ok=True)
    if writer is None or writer.poll() is not None:
        start_writer(out_dir)


def start_writer(out_dir: Path) -> subprocess.Popen[bytes]:
    """Start the detached process that brings the pending files of ``out_dir`` up to date (:func:`main`)."""
    return subprocess.Popen(
        [sys.executable, "-c", WRITER_COMMAND, str(out_dir.resolve()), str(os.getpid())],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, env=_kg_env(),  # outlives the build and its terminal
    )


def _kg_env() -> dict[str, str]:
    """The environment of a child process that runs the kg this process runs, whatever its path."""
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


def outputs_pending(out_dir: Path) -> list[str]:
    """The files of ``out_dir`` not yet brought up to date with its store (its ``report.json`` says so)."""
    if not (out_dir / PENDING).exists():
        return []
    try:
        pending = json.loads((out_dir / REPORT).read_text(encoding="utf-8")).get("pending")
    except (OSError, ValueError, AttributeError):
        return []
    return [str(name) for name in pending] if isinstance(pending, list) else []


def write_pending(out_dir: Path) -> bool:
    """Write the pending files of ``out_dir`` and switch them in with its report; False: nothing to do.

    Run under the folder's build lock: the store does not change meanwhile. A build that
    started this writer and then failed left its marker (``.build-incomplete``): its store is
    not whole, and the next build extracts its pages again and writes the files.

    Raises:
        OutputError: that marker stands (:func:`main` writes why into ``.outputs-pending``).
    """
    data = json.loads((out_dir / REPORT).read_text(encoding="utf-8"))
    whole = outputs_pending(out_dir)
    if not whole:
        return False
    if (out_dir / INCOMPLETE).exists():  # main() writes the reason into the marker, for whoever looks
        raise errors.OutputError("the last build did not finish: the next build writes these files", source=str(out_dir))
    from kg.graph.store import GraphStore

    data.pop("pending", None)
    store = GraphStore.open(out_dir, read_only=True)
    try:
        _switch(out_dir, store, data, whole, apart=True)  # read-only, locked: a second reader is safe
    finally:
        store.close()
    (out_dir / PENDING).unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """The background writer: ``python -c WRITER_COMMAND OUT_DIR [BUILD_PID]`` (the build that started it)."""
    args = argv if argv is not None else sys.argv[1:]
    out_dir, build = Path(args[0]), int(args[1]) if len(args) > 1 else None
    # While the build that started this process finishes and lets go of the lock; numpy is
    # networkx's for the layout, imported inside it (0.12 s of graph.html's side otherwise).
    _import_all(("kg.graph.store", "numpy", *VIEW_MODULES))
    try:
        # A next build ends it (yielding), as its work is stale then.
        with _lock_after(out_dir, build=build):
            remove_stale_temporaries(out_dir, OUTPUT_NAMES)
            write_pending(out_dir)
    except (errors.KgError, OSError, ValueError) as exc:
        # The marker stays (the files are not current); it says why, for whoever looks.
        with contextlib.suppress(OSError, ValueError):
            marker = json.loads((out_dir / PENDING).read_text(encoding="utf-8"))
            write_atomic(out_dir / PENDING, _json_bytes({**marker, "error": str(exc)}))
        return 1
    return 0


def _lock_after(out_dir: Path, *, build: int | None) -> contextlib.ExitStack:
    """The folder's build lock (yielding), waited for while ``build`` (a process id) runs, and a while after.

    No fixed wait outlasts every build's tail (a slow compaction, a loaded machine), and a writer
    that gave up left the files pending until the next build: the build sees only whether its
    writer still waits when it hands over. The build is this process's parent (``os.getppid``,
    no match once it has ended, even if its id is reused), and its lock is free when it ends at
    the latest: a holder ``HANDOVER_WAIT`` s after that is a next build, which writes the files
    itself. A parent that lives on after its build (a notebook, a service calling ``kg.build``)
    keeps no writer waiting past its build: the build's marker (``.build-incomplete``) must stand.
    Without ``fcntl`` (Windows) ``hold_lock`` neither locks nor waits: no loop there.

    Raises:
        OutputError: the lock stayed held (``WRITER_BUSY``), or its file cannot be opened.
    """
    stack = contextlib.ExitStack()
    while True:
        try:
            stack.enter_context(hold_lock(out_dir / BUILD_LOCK, busy=WRITER_BUSY, wait=HANDOVER_WAIT, yielding=True))
            return stack
        except errors.OutputError as exc:
            running = build is not None and os.getppid() == build and (out_dir / INCOMPLETE).exists()
            if exc.message != WRITER_BUSY or not running:
                raise


def _json_bytes(data: object) -> bytes:
    """JSON as the folder's files hold it: UTF-8, indented, characters unescaped."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


__all__ = [
    "BACKGROUND_QUADS",
    "HANDOVER_WAIT",
    "OUTPUT_MODES",
    "OUTPUT_MODULES",
    "PENDING",
    "VIEW_MODULES",
    "WRITER_BUSY",
    "WRITER_COMMAND",
    "dead_build",
    "early_writer",
    "main",
    "mark_unfinished",
    "outputs_pending",
    "start_writer",
    "turtle_main",
    "warm_up",
    "write_outputs",
    "write_pending",
]
