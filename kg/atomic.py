"""Atomic file writes: a crash leaves the previous version of a file, never a part of it.

Each file is written to a temporary file beside it, flushed to disk and renamed over
the old one. A process killed while writing leaves its temporary file behind, which
:func:`remove_stale_temporaries` clears. Files that must change together (a build's
``graph.ttl``, ``graph.html`` and ``report.json``) are switched as one set by
:func:`replace_together`; :func:`hold_lock` keeps a second writer out of a folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, no lock
    fcntl = None  # type: ignore[assignment]

from kg import errors

# A set of files switched together lives in generation folders under GENERATIONS;
# GENERATIONS/CURRENT links to the one shown, and each name of the set links through it.
GENERATIONS = ".generations"
CURRENT = "current"


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Args:
        data: the bytes, or a function that writes them to the open file (so that a
            large output streams to disk instead of being held in memory).

    Raises:
        OutputError: the folder cannot be written.
    """
    tmp = write_temporary(path, data)
    try:
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise errors.OutputError(f"cannot write: {exc.strerror or exc}", source=str(path)) from None


def write_temporary(path: Path, data: bytes | Callable[[BinaryIO], object]) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, on disk; the caller renames it.

    Args:
        data: as for :func:`write_atomic`.

    Returns:
        The temporary file (``.NAME.*.tmp``, which :func:`remove_stale_temporaries` clears).

    Raises:
        OutputError: the folder cannot be written.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual mode
            with os.fdopen(fd, "wb") as fh:
                if callable(data):
                    data(fh)
                else:
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise errors.OutputError(f"cannot write: {exc.strerror or exc}", source=str(path)) from None
    return Path(tmp)


def replace_together(
    folder: Path, staged: Mapping[str, Path], *, names: Iterable[str], keep: Iterable[str] = ()
) -> None:
    """Show the ``staged`` files under their names in ``folder``, all at once.

    Each name in ``folder`` is a symbolic link to ``GENERATIONS/current/NAME``, and
    ``current`` a link to one generation folder. The new files are moved into a new
    generation, then ``current`` is switched to it by one rename: a reader, or a crash
    at any point, sees the old set or the new one, never a mix. The old generation is
    removed afterwards (a reader that has a file open keeps reading it).

    Args:
        staged: name → a complete temporary file (:func:`write_temporary`) in ``folder``.
        names: every name of the set; those neither staged nor kept are removed from view.
        keep: names whose file now shown goes on being shown, unchanged, in the new generation.

    Raises:
        OutputError: the folder cannot be written.
    """
    names = tuple(names)
    gens = folder / GENERATIONS
    try:
        gens.mkdir(exist_ok=True)
        _adopt_plain_files(folder, gens, names)
        generation = _new_generation(gens)
        for name, tmp in staged.items():
            os.replace(tmp, generation / name)
        shown = [*staged, *_carry(gens / CURRENT, generation, [n for n in keep if n not in staged])]
        _sync_folder(generation)
        for name in shown:
            _link(folder / name, f"{GENERATIONS}/{CURRENT}/{name}")
        _link(gens / CURRENT, generation.name)  # the switch
        _sync_folder(gens)
        for name in names:
            if name not in shown:
                (folder / name).unlink(missing_ok=True)  # its link leads nowhere now
        _sync_folder(folder)
        _drop_generations(gens, keep=generation.name)
    except OSError as exc:
        raise errors.OutputError(f"cannot write: {exc.strerror or exc}", source=str(folder)) from None


def _adopt_plain_files(folder: Path, gens: Path, names: tuple[str, ...]) -> None:
    """Turn a set of plain files (an older kg's, or a folder copied without its links) into a generation.

    The files shown stay the same files (hard links), so that the first switch too is
    one rename.
    """
    current = gens / CURRENT
    plain = any((folder / n).exists() and not (folder / n).is_symlink() for n in names)
    if not plain and (current.is_symlink() or not current.exists()):
        return
    adopted = _new_generation(gens)
    for name in names:
        if (folder / name).exists():
            try:
                os.link(folder / name, adopted / name)
            except OSError:  # no hard links on this file system
                shutil.copy2(folder / name, adopted / name)
    if current.is_dir() and not current.is_symlink():
        shutil.rmtree(current)  # a copy of a generation, not a link to one
    _link(current, adopted.name)
    for name in names:
        if (adopted / name).exists():
            _link(folder / name, f"{GENERATIONS}/{CURRENT}/{name}")


def _carry(current: Path, generation: Path, names: list[str]) -> list[str]:
    """Put the files ``current`` shows under ``names`` in ``generation`` too (hard links); returns the names it had."""
    carried = []
    for name in names:
        if not (current / name).is_file():
            continue
        try:
            os.link(current / name, generation / name)
        except OSError:  # no hard links on this file system
            shutil.copy2(current / name, generation / name)
        carried.append(name)
    return carried


def _new_generation(gens: Path) -> Path:
    generation = Path(tempfile.mkdtemp(dir=gens, prefix="gen-"))
    os.chmod(generation, 0o777 & ~_umask())  # mkdtemp makes 0700: outputs are as readable as before
    return generation


def _link(path: Path, target: str) -> None:
    """Make ``path`` a symbolic link to ``target``, replacing what was there in one rename."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    tmp = path.parent / f".{path.name}.{os.getpid()}.link.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _drop_generations(gens: Path, *, keep: str) -> None:
    """Remove every generation but ``keep`` (and what a killed switch left)."""
    for entry in gens.iterdir():
        if entry.name in (CURRENT, keep):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


@contextlib.contextmanager
def hold_lock(path: Path, *, busy: str, wait: float = 0.0, yielding: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if need be) while the block runs.

    The lock is the operating system's (``flock``): it ends with the process, however
    the process ends, so a killed holder never leaves it stuck. A holder that said it
    would yield (``yielding``; its process id is in the file) is ended by the next
    process that asks for the lock, which then waits for it (up to ``YIELD_WAIT`` s).

    Args:
        busy: the message of the error raised when another process holds the lock.
        wait: seconds to wait for a holder that does not yield to let go (0: none).
        yielding: this holder gives way to the next process that asks: it is work a
            newer holder makes useless (a background writer of files the next build rewrites).

    Raises:
        OutputError: another process holds the lock (``busy``), or the file cannot be opened.
    """
    try:
        handle = path.open("ab")
    except OSError as exc:
        raise errors.OutputError(f"cannot write: {exc.strerror or exc}", source=str(path)) from None
    with handle:
        if fcntl is not None:
            if not _lock(handle, wait) and not (_ask_to_yield(path) and _lock(handle, YIELD_WAIT)):
                raise errors.OutputError(busy, source=str(path.parent))
            # The file names the holder only while it is one that yields.
            handle.truncate(0)
            if yielding:
                handle.write(f"yield {os.getpid()}\n".encode("ascii"))
                handle.flush()
        yield


# Seconds a process that asked a yielding holder to go waits for the lock.
YIELD_WAIT = 30.0


def _lock(handle: BinaryIO, wait: float) -> bool:
    """Take the lock on ``handle``, trying for ``wait`` seconds; False: another process holds it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def _ask_to_yield(path: Path) -> bool:
    """End the lock's holder if it said it yields; False: it did not (or cannot be reached)."""
    try:
        word, pid = path.read_text(encoding="ascii").split()
        if word != "yield":
            return False
        os.kill(int(pid), signal.SIGTERM)
    except ProcessLookupError:  # gone already: its lock is free or about to be
        return True
    except (OSError, ValueError):
        return False
    return True


def remove_stale_temporaries(folder: Path, names: tuple[str, ...]) -> None:
    """Remove the temporary files a killed :func:`write_atomic` left for ``names``."""
    for name in names:
        for stale in folder.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: after a power cut the new name must be there."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not every system lets a folder be opened; the rename is done all the same
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask, read without changing it where Linux allows.

    ``os.umask`` can only be read by setting it, and a file another thread created
    meanwhile would get the wrong mode; elsewhere the value read at import serves.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return _IMPORT_UMASK


def _umask_at_import() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_IMPORT_UMASK = _umask_at_import()
