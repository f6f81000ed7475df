"""A read-only view of a build folder that a server can keep open while builds run.

Oxigraph opens a store read-only at the state it finds; another process writing the
store meanwhile (``kg build`` every morning) is undefined behaviour for that reader:
RocksDB's compactions delete files the reader may still need. :class:`Snapshots`
therefore serves a checkpoint of the store (RocksDB hard-links its files: 1 ms and no
copy at 1.4 M quads; once the build compacts the store, the files only the checkpoint
still links take space of their own) and takes a new one once a build has finished,
so a long-running ``kg serve`` sees each day's pages without a restart.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from kg import errors
from kg.graph.folder import HTML, INCOMPLETE, REPORT, STORE_DIR
from kg.graph.store import GraphStore

log = logging.getLogger("kg.web.serve")

# Checkpoints kept: the one served and the one before. Queries still reading the older
# one keep its files open, and the removal of the one before that waits for them on
# POSIX systems; two keep the disk use bounded.
KEEP = 2
# After a failed snapshot (a build began meanwhile), the old one is served this long
# before the next try.
RETRY_S = 5.0
# Tries at start-up, while a build may be writing the store, and the pause between them.
START_TRIES, START_PAUSE_S = 10, 0.5
# Held by a serving process in each of its checkpoints: one whose lock is free is an orphan.
LOCK = "lock"
# A checkpoint folder without its lock yet is some server's, being made, for this long.
ORPHAN_AGE_S = 60.0

try:
    import fcntl
except ImportError:  # Windows: orphans are not recognized, and stay
    fcntl = None  # type: ignore[assignment]


class Snapshots:
    """The store of a build folder, as of its last finished build."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._dirs: list[tuple[Path, object]] = []  # checkpoint folder, its held lock file
        self._stamp: tuple[int, int] | None = None
        self._retry_at = 0.0
        # A folder kg serve cannot write (a read-only mount, say) holds no checkpoint: the
        # store itself is read, reopened after each build, as before there were snapshots.
        self._direct = not os.access(self.folder, os.W_OK)
        if self._direct:
            log.warning("%s is not writable: serving the store itself, not snapshots of it", self.folder)
        else:
            _remove_orphans(self.folder)
        self._store = self._first()

    def current(self) -> GraphStore:
        """The store as of the latest finished build (a new checkpoint after each)."""
        stamp = _finished(self.folder)
        if stamp is None or stamp == self._stamp or time.monotonic() < self._retry_at:
            return self._store
        with self._lock:
            if stamp != self._stamp and time.monotonic() >= self._retry_at:
                try:
                    self._store = self._take(stamp)
                except errors.OutputError as exc:
                    log.warning("%s; still serving the build before", exc.message)
                    self._retry_at = time.monotonic() + RETRY_S
        return self._store

    def close(self) -> None:
        """Remove the checkpoints."""
        with self._lock:
            while self._dirs:
                _drop(*self._dirs.pop())

    def _first(self) -> GraphStore:
        """The first snapshot: of a build that may be running, taken again until whole."""
        if not (self.folder / STORE_DIR).is_dir():  # at once, not after the tries below
            raise errors.GraphNotFoundError("no graph here; run `kg build --out DIR` first", source=str(self.folder))
        for _ in range(START_TRIES - 1):
            try:
                return self._take(_finished(self.folder))
            except errors.OutputError:  # a build is writing the store: wait a little
                time.sleep(START_PAUSE_S)
        return self._take(_finished(self.folder))

    def _take(self, stamp: tuple[int, int] | None) -> GraphStore:
        """A checkpoint of the store; OutputError when it cannot be taken whole."""
        if self._direct:
            self._stamp = stamp
            return GraphStore.open(self.folder, read_only=True)
        try:
            folder = Path(tempfile.mkdtemp(prefix=".served-", dir=self.folder))
        except OSError as exc:
            raise errors.OutputError(f"cannot take a snapshot of the store: {exc}", source=str(self.folder)) from None
        held: object = None
        try:
            held = _hold(folder)
            primary = GraphStore.open(self.folder, read_only=True)
            try:
                primary.oxigraph.backup(str(folder / STORE_DIR))
            finally:
                primary.close()
            if _finished(self.folder) != stamp:  # a build began meanwhile: the copy may be torn
                raise OSError("a build began while the snapshot was taken")
            _link(self.folder / HTML, folder / HTML)  # the view of this very build
            store = GraphStore.open(folder, read_only=True)
        except (OSError, RuntimeError, errors.KgError) as exc:
            _drop(folder, held)
            raise errors.OutputError(f"cannot take a snapshot of the store: {exc}", source=str(self.folder)) from None
        self._dirs.append((folder, held))
        while len(self._dirs) > KEEP:
            _drop(*self._dirs.pop(0))
        self._stamp = stamp
        return store


def _finished(folder: Path) -> tuple[int, int] | None:
    """Which build finished last (its report's file and time), or None while one runs."""
    if (folder / INCOMPLETE).exists():
        return None
    try:
        # A finished build writes its report last, atomically: a new file each time.
        info = (folder / REPORT).stat()
    except OSError:
        return (0, 0)
    return (info.st_ino, info.st_mtime_ns)


def _link(source: Path, target: Path) -> None:
    """Hard-link (else copy) a file, if there is one."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        return
    except OSError:
        shutil.copyfile(source, target)


def _hold(folder: Path) -> object:
    """Lock a checkpoint folder for this process's lifetime (the lock dies with it)."""
    handle = (folder / LOCK).open("wb")
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def _drop(folder: Path, held: object) -> None:
    if held is not None:
        held.close()  # type: ignore[attr-defined]
    shutil.rmtree(folder, ignore_errors=True)


def _remove_orphans(folder: Path) -> None:
    """Checkpoints no running server holds (it was killed, say): they keep dropped files alive."""
    if fcntl is None:
        return
    for old in folder.glob(".served-*"):
        try:
            with (old / LOCK).open("rb") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except FileNotFoundError:  # no lock: half made, by a process gone or starting now
            if _age(old) < ORPHAN_AGE_S:
                continue
        except OSError:
            continue  # held: its server runs
        shutil.rmtree(old, ignore_errors=True)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0
