"""A read-only view of a build folder that a server can keep open while builds run.

Oxigraph opens a store read-only at the state it finds; another process writing the
store meanwhile (``kg build`` every morning) is undefined behaviour for that reader:
RocksDB's compactions delete files the reader may still need. :class:`Snapshots`
therefore serves a checkpoint of the store (RocksDB hard-links its files: 1 ms and no
copy at 1.4 M quads) and takes a new one once a build has finished, so a long-running
``kg serve`` sees each day's pages without a restart.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

from pyoxigraph import Store

from kg import errors
from kg.store import INCOMPLETE, GraphStore

# What a finished build writes last: its date changes with every build.
REPORT = "report.json"
# Checkpoints kept: the one served and the one before, for the queries still reading it.
KEEP = 2


class Snapshots:
    """The store of a build folder, as of its last finished build."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._dirs: list[Path] = []
        self._stamp: int | None = None
        _remove_orphans(self.folder)
        self._store = self._take()  # whatever the folder holds now, even mid-build

    def current(self) -> GraphStore:
        """The store as of the latest finished build (a new checkpoint after each)."""
        stamp = _finished(self.folder)
        if stamp is not None and stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._store = self._take()
        return self._store

    def close(self) -> None:
        """Remove the checkpoints."""
        with self._lock:
            for folder in self._dirs:
                shutil.rmtree(folder, ignore_errors=True)
            self._dirs.clear()

    def _take(self) -> GraphStore:
        stamp = _finished(self.folder)
        primary = GraphStore.open(self.folder, read_only=True)  # GraphNotFoundError when there is none
        # Beside the store, so that its files can be hard-linked, not copied.
        target = Path(tempfile.mkdtemp(prefix=f".served-{os.getpid()}-", dir=self.folder)) / "store"
        try:
            primary.oxigraph.backup(str(target))
            store = GraphStore(Store.read_only(str(target)), path=target)
        except OSError as exc:
            shutil.rmtree(target.parent, ignore_errors=True)
            raise errors.OutputError(f"cannot take a snapshot of the store: {exc}", source=str(self.folder)) from None
        finally:
            primary.close()
        self._dirs.append(target.parent)
        while len(self._dirs) > KEEP:
            shutil.rmtree(self._dirs.pop(0), ignore_errors=True)
        self._stamp = stamp
        return store


def _finished(folder: Path) -> int | None:
    """When the last build finished (its report's time), or None while one runs."""
    if (folder / INCOMPLETE).exists():
        return None
    try:
        return (folder / REPORT).stat().st_mtime_ns
    except OSError:
        return 0


def _remove_orphans(folder: Path) -> None:
    """Checkpoints of servers no longer running (killed, say): they hold files the store dropped."""
    for old in folder.glob(".served-*-*"):
        pid = old.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
