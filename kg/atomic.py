"""Atomic file writes: a crash leaves the previous version of a file, never a part of it.

Each file is written to a temporary file beside it, flushed to disk and renamed over
the old one. A process killed while writing leaves its temporary file behind, which
:func:`remove_stale_temporaries` clears.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg import errors


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Args:
        data: the bytes, or a function that writes them to the open file (so that a
            large output streams to disk instead of being held in memory).

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
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)
    except OSError as exc:
        raise errors.OutputError(f"cannot write: {exc.strerror or exc}", source=str(path)) from None


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
