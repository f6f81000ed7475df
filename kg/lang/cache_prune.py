"""kg's cache folder kept small: entries no process will read again pruned; what ``kg cache`` shows and clears.

An entry (:mod:`kg.lang.cache`) is superseded when another of its name, sources and install is
written (an upgrade in place: another kg, Python or entry format), gone when its sources are, and
unused when neither read nor written for :data:`UNUSED_DAYS` days (a reader marks it used by its
modification time, at most once a day). Only files named as kg names its entries and its
temporaries are kg's: other files of the folder are never touched.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import OutputError
from kg.lang import cache
from kg.lang.cache import _ENTRY, Stat

UNUSED_DAYS = 60  # an entry neither read nor written for this long is removed
_UNUSED_NS = UNUSED_DAYS * 86_400 * 10**9
_TEMPORARY = re.compile(r"\..+-[0-9a-f]+\.marshal\..+\.tmp")  # write_atomic's, before its rename


def prune_after_write(entry: Path, stats: Sequence[Stat]) -> None:
    """Prune the folder of ``entry``, just written from sources of these stats; never raises."""
    with contextlib.suppress(OSError, OutputError):  # pruning is housekeeping: never the writer's failure
        _prune(entry.parent, {(_ENTRY.fullmatch(entry.name)[1], _paths(stats)): entry.name}, only=entry.name)  # type: ignore[index]


@dataclass(frozen=True)
class EntryGroup:
    """The entries of one name (``gazetteer``, ``crf-features`` …): how many, and their bytes."""

    name: str
    entries: int
    size: int


@dataclass(frozen=True)
class CacheInfo:
    """What kg's cache folder holds: its entries by name, and temporary files writers left."""

    folder: Path
    groups: tuple[EntryGroup, ...]
    temporaries: int = 0
    temporaries_size: int = 0

    @property
    def entries(self) -> int:
        return sum(group.entries for group in self.groups)

    @property
    def size(self) -> int:
        return sum(group.size for group in self.groups) + self.temporaries_size


@dataclass(frozen=True)
class Removed:
    """Files taken out of the cache folder, and the bytes they held."""

    folder: Path
    files: int
    size: int


def _paths(stats: Sequence[Stat]) -> frozenset[str]:
    return frozenset(stat[0] for stat in stats)


def _folder() -> Path:
    folder = cache.cache_folder()
    if folder is None:
        raise OutputError("kg's cache folder has no place: there is no home directory; set KG_CACHE_DIR")
    return folder


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    """The folder's files of kg (entries and temporaries); none when the folder does not exist.

    Raises:
        OutputError: the folder cannot be read.
    """
    try:
        with os.scandir(folder) as found:
            return [item for item in found if _ENTRY.fullmatch(item.name) or _TEMPORARY.fullmatch(item.name)]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise OutputError(f"cannot read kg's cache folder: {exc.strerror or exc}", source=str(folder)) from None


def _header(path: str) -> tuple[Any, ...] | None:
    """An entry's header, read without its value; None when it is not one of kg's."""
    try:
        with open(path, "rb") as fh:
            size = int.from_bytes(fh.read(4), "little")
            header = marshal.loads(fh.read(size))
    except (OSError, EOFError, ValueError, TypeError):
        return None
    ours = isinstance(header, tuple) and len(header) >= 4 and isinstance(header[1], tuple)
    return header if ours and all(isinstance(s, tuple) and s and isinstance(s[0], str) for s in header[1]) else None


def _prune(folder: Path, current: dict[tuple[str, frozenset[str]], str], *, only: str | None = None) -> Removed:
    """Remove what no process will read: temporaries an hour old, entries unused for
    :data:`UNUSED_DAYS` days, and (those of ``only``'s name, else all) entries whose sources are
    gone or that an entry of ``current`` supersedes ((name, source paths) → its file name).
    """
    now = time.time_ns()
    name_of_only = _ENTRY.fullmatch(only)[1] if only else None  # type: ignore[index]
    files = size = 0
    for item in _listing(folder):
        try:
            st = item.stat(follow_symlinks=False)
            entry = _ENTRY.fullmatch(item.name)
            if item.name == only or not item.is_file(follow_symlinks=False):
                continue
            if entry is None:  # a temporary: its writer was killed, or is still at work
                doomed = st.st_mtime_ns < now - 3600 * 10**9
            elif st.st_mtime_ns < now - _UNUSED_NS:
                doomed = True
            elif name_of_only is None or entry[1] == name_of_only:
                doomed = _superseded_or_gone(entry[1], item.name, item.path, current)
            else:
                doomed = False
            if doomed:
                os.unlink(item.path)
                files, size = files + 1, size + st.st_size
        except OSError:
            continue  # removed meanwhile by another process, or not ours to remove
    return Removed(folder, files, size)


def _superseded_or_gone(name: str, file_name: str, path: str, current: dict[tuple[str, frozenset[str]], str]) -> bool:
    """Whether an entry's sources are gone, or a newer entry of the same sources and install replaces it."""
    header = _header(path)
    if header is None:
        return False  # another process's half-written business, or not ours
    paths = _paths(header[1])
    if not all(os.path.exists(source) for source in paths):
        return True
    newer = current.get((name, paths))
    # An older format kept no install: the same sources' paths name it well enough (not so without sources).
    install = header[4] if len(header) > 4 else (cache._INSTALL if paths else None)
    return newer is not None and newer != file_name and install == cache._INSTALL


def prune_cache() -> Removed:
    """Prune kg's cache folder now, as writing an entry of each name would.

    Returns:
        The files removed and the bytes they held.

    Raises:
        OutputError: the folder cannot be read.
    """
    folder = _folder()
    current: dict[tuple[str, frozenset[str]], str] = {}
    for item in _listing(folder):  # the entries this process reads: named as it names them
        entry = _ENTRY.fullmatch(item.name)
        header = _header(item.path) if entry else None
        if entry and header is not None and header[0] == cache._FORMAT and item.name == cache._file_name(entry[1], header[1]):
            current[(entry[1], _paths(header[1]))] = item.name
    return _prune(folder, current)


def cache_info() -> CacheInfo:
    """The cache folder, and its entries grouped by name with their sizes.

    Raises:
        OutputError: the folder cannot be read.
    """
    folder = _folder()
    groups: dict[str, tuple[int, int]] = {}
    temporaries = temporaries_size = 0
    for item in _listing(folder):
        try:
            size = item.stat(follow_symlinks=False).st_size
        except OSError:
            continue  # removed meanwhile
        entry = _ENTRY.fullmatch(item.name)
        if entry is None:
            temporaries, temporaries_size = temporaries + 1, temporaries_size + size
        else:
            count, total = groups.get(entry[1], (0, 0))
            groups[entry[1]] = (count + 1, total + size)
    return CacheInfo(folder, tuple(EntryGroup(name, *groups[name]) for name in sorted(groups)), temporaries, temporaries_size)


def clear_cache() -> Removed:
    """Remove every entry of kg's cache folder, and its temporaries; other files stay.

    Raises:
        OutputError: the folder cannot be read, or an entry cannot be removed.
    """
    folder = _folder()
    files = size = 0
    for item in _listing(folder):
        try:
            if not item.is_file(follow_symlinks=False):
                continue
            freed = item.stat(follow_symlinks=False).st_size
            os.unlink(item.path)
        except FileNotFoundError:
            continue  # removed meanwhile
        except OSError as exc:
            raise OutputError(f"cannot remove a cache entry: {exc.strerror or exc}", source=item.path) from None
        files, size = files + 1, size + freed
    return Removed(folder, files, size)


__all__ = ["CacheInfo", "EntryGroup", "Removed", "UNUSED_DAYS", "cache_info", "clear_cache", "prune_after_write", "prune_cache"]
