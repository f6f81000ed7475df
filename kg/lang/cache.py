"""Compiled data kept between processes, so that a new process does not parse big source files again.

kg derives tables from large files every process needs (the gazetteer from jionlp's lists of
divisions, name lists from jieba's dictionary): parsing them costs about a second of CPU, reading
the compiled tables back a few hundredths. Each table is an *entry*, a file of the cache folder:
``$KG_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.

- An entry holds builtins only, in :mod:`marshal`'s format: reading one runs no code, and it is
  faster than pickle for strings, tuples and dicts.
- Its file is named after the entry, kg's and Python's versions and the paths of its sources, so
  that two installs sharing a folder keep apart; inside, a header holds the SHA-256 of every
  source (the data files and the modules that compile them). A source whose content changed
  means a new compilation, whatever its dates say.
- The sources' sizes, times and inodes are kept beside the digests. When they are unchanged, and
  every source last changed well before the digests were taken (a file rewritten within the
  same tick of a coarse clock keeps its times), the sources are not read again.
- A folder that cannot be created, read or written leaves each process compiling the data
  itself: slower, never wrong. Writes are atomic (:func:`kg.atomic.write_atomic`), so processes
  that start together never read a part of a file.
- Writing an entry prunes the folder (:mod:`kg.lang.cache_prune`): entries of its name whose
  sources are gone (a model trained in a temporary folder), or that it supersedes (the same
  sources and install, another kg or Python version or format: never read again), and any entry
  not read nor written for 60 days. Entries of other installs stay.
- The regular expressions kg compiles as its modules load (a tenth of a one-page build) are kept
  as :mod:`re`'s compiled programs (:func:`patterns_kept`).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from kg import __version__
from kg.atomic import write_atomic
from kg.errors import OutputError

T = TypeVar("T")

_FORMAT = 2  # the layout of an entry's file; change it when the layout changes
# The install that wrote an entry, kept in its header: the same sources under another name are
# superseded only for the same install, so that two virtual environments sharing the folder (and
# a checkout installed in both) never evict each other's entries.
_INSTALL = sys.prefix
# A reader marks an entry used by its modification time, at most once a day (os.utime, a few
# microseconds, one process a day): the access time is not kept on most mounts (noatime,
# relatime), and a write of its own at each start would cost every process.
_TOUCH_NS = 86_400 * 10**9
_ENTRY = re.compile(r"(.+)-[0-9a-f]{16}\.marshal")  # only the files kg writes: never another file of the folder
# A source that changed less than this before its digest was taken is hashed again at each read:
# file systems stamp times with a clock of a few milliseconds (or seconds) of resolution.
_SETTLE_NS = 2_000_000_000
_MISSING: Any = object()

Stat = tuple[str, int, int, int, int, int]  # path, size, mtime, ctime (ns), inode, device


def cache_folder() -> Path | None:
    """The folder entries are kept in: ``$KG_CACHE_DIR``, ``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``.

    Returns:
        None when no folder can be named (no home directory); the folder may not exist yet.
    """
    own = os.environ.get("KG_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG rule: a relative path is ignored
        return Path(xdg) / "kg"
    try:
        return Path.home() / ".cache" / "kg"
    except RuntimeError:  # no home directory
        return None


def cached(name: str, compile: Callable[[], T], *, sources: Sequence[Path]) -> T:
    """``compile()``'s value, read from the cache when its sources are the same as when it was stored.

    Args:
        name: the entry's name, a word that can be part of a file name.
        compile: makes the value from the sources; it returns builtins :mod:`marshal` can store
            (str, int, float, bytes, None, and tuples, lists, dicts, sets, frozensets of them).
        sources: every file the value depends on: the data files, and the modules that compile them.

    Raises:
        Whatever ``compile`` raises; the cache itself raises nothing for a folder it cannot use.
    """
    folder = cache_folder()
    if folder is None:
        return compile()
    try:
        taken = time.time_ns()
        stats = tuple(_stat(path) for path in sources)
    except OSError:  # a source is missing: compile() reports it, or copes
        return compile()
    entry = folder / _file_name(name, stats)
    value = _read(entry, stats, taken)
    if value is _MISSING:
        digests = _digests(stats)  # taken before compiling: a source changed meanwhile is seen next time
        value = compile()
        _write(entry, stats, taken, digests, value)
    return value


def _stat(path: Path) -> Stat:
    real = os.path.realpath(path)
    st = os.stat(real)
    return (real, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _file_name(name: str, stats: tuple[Stat, ...]) -> str:
    key = repr((_FORMAT, __version__, sys.version, marshal.version, [stat[0] for stat in stats]))
    return f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"


def _digests(stats: tuple[Stat, ...]) -> tuple[str, ...]:
    """The SHA-256 of each source's content."""
    out = []
    for stat in stats:
        with open(stat[0], "rb") as fh:
            out.append(hashlib.file_digest(fh, "sha256").hexdigest())
    return tuple(out)


def _read(entry: Path, stats: tuple[Stat, ...], taken: int) -> Any:
    """The value stored in ``entry`` for sources of these stats (taken at ``taken``), or ``_MISSING``.

    An entry whose sources' stats changed but whose contents did not (a reinstall, ``touch``) is
    stored again with the new stats, so that the next process need not read the sources.
    """
    try:
        with open(entry, "rb") as fh:  # marshal.load on a file reads it a value at a time: slow
            data = memoryview(fh.read())
            modified = os.fstat(fh.fileno()).st_mtime_ns
        size = int.from_bytes(data[:4], "little")
        header = marshal.loads(data[4 : 4 + size])
        if header[0] != _FORMAT or len(header[1]) != len(stats):
            return _MISSING
        _, stored, checked, digests, _ = header
        trusted = stored == stats and all(max(s[2], s[3]) < checked - _SETTLE_NS for s in stats)
        if not trusted and _digests(stats) != digests:
            return _MISSING
        value = marshal.loads(data[4 + size :])
    except (OSError, EOFError, ValueError, TypeError, IndexError):  # absent, unreadable, truncated or foreign
        return _MISSING
    if stored != stats or not trusted:
        _write(entry, stats, taken, digests, value)
    elif modified < taken - _TOUCH_NS:  # in use: not to be pruned as unused
        with contextlib.suppress(OSError):
            os.utime(entry)
    return value


def _write(entry: Path, stats: tuple[Stat, ...], taken: int, digests: tuple[str, ...], value: object) -> None:
    """Store ``value`` in ``entry`` atomically, then prune; a folder that cannot be written is left alone."""
    header = marshal.dumps((_FORMAT, stats, taken, digests, _INSTALL))

    def dump(fh: BinaryIO) -> None:  # the header's length, the header, the value
        fh.write(len(header).to_bytes(4, "little") + header)
        fh.write(marshal.dumps(value))

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, dump)
    except (OSError, OutputError):
        return  # a read-only or full disk: the next process compiles again
    from kg.lang.cache_prune import prune_after_write  # only where an entry is written: rare

    prune_after_write(entry, stats)


# ------------------------------------------------------------------ regular expressions

# Python compiles a regular expression in Python code (re._parser, re._compiler) into a program that
# its engine (_sre) runs; kg's modules compile some 200 at import, big alternations of lexicon words
# among them: 0.1 s of CPU in each process. The programs are kept in one entry, keyed by the
# interpreter's version (the entry's name), and put back into re's own cache of compiled
# expressions, so that ``re.compile`` returns them without compiling: the same objects, made from
# the same program. CPython's internals (re._cache, re._compiler._code, _sre.compile) as 3.11 has
# them: where they are missing, nothing is kept or read; a program _sre refuses is compiled again.
_PATTERNS = "patterns"
_PATTERNS_KEPT = 1000  # programs in the entry at most: more than kg and jionlp compile in a process
# A few expressions differ from one process to the next (alternations joined from a set, in hash
# order): the entry is written again only when an import or a page compiled more than these that
# it lacks (the first process, or one after kg's expressions changed), not at each start for those.
_PATTERNS_NEW = 16
Program = tuple[str | bytes, int, int, list[int], int, dict[str, int], tuple[str | None, ...]]
_programs: dict[tuple[type, str | bytes, int], Program] | None = None  # what the entry held (None: not read)
_stored_by: int | None = None  # the process that wrote the entry: one write a process at most


def _re_internals() -> tuple[Any, Any, Any] | None:
    """``re._cache``, ``re._parser``, ``re._compiler`` and ``_sre``'s shapes as this module knows them, else None."""
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:
        return None
    known = isinstance(getattr(re, "_cache", None), dict) and callable(getattr(_compiler, "_code", None))
    return (_sre, _parser, _compiler) if known and callable(getattr(_sre, "compile", None)) else None


def load_patterns() -> None:
    """Put the programs of the regular expressions earlier processes compiled into re's cache (once)."""
    global _programs
    if _programs is not None:
        return
    internals, folder = _re_internals(), cache_folder()
    if internals is None or folder is None:
        return
    _programs = {}
    stored = _read(folder / _file_name(_PATTERNS, ()), (), time.time_ns())
    if stored is _MISSING:
        return
    sre = internals[0]
    for program in stored:
        try:
            pattern, flags, final_flags, code, groups, groupindex, indexgroup = program
            key = (type(pattern), pattern, flags)
            compiled = sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
        except (TypeError, ValueError, RuntimeError):  # a program this engine refuses: re compiles it
            continue
        re._cache.setdefault(key, compiled)  # type: ignore[attr-defined]
        _programs[key] = program


@contextlib.contextmanager
def patterns_kept() -> Iterator[None]:
    """Around an import of kg's modules, or the first use of what they compile lazily (a page's
    extraction): the programs of earlier processes put into re's cache first (:func:`load_patterns`),
    and those of the expressions compiled inside stored after, once a process at most.
    """
    global _stored_by
    load_patterns()
    if _programs is None or _stored_by == os.getpid():  # re's internals unknown, no folder, or done here
        yield
        return
    before = set(re._cache)  # type: ignore[attr-defined]
    yield
    new = [key for key in list(re._cache) if key not in before and key not in _programs]  # type: ignore[attr-defined]
    internals, folder = _re_internals(), cache_folder()
    if len(new) > _PATTERNS_NEW and internals is not None and folder is not None:
        _programs.update((key, program) for key in new if (program := _program(key, internals)) is not None)
        _write(folder / _file_name(_PATTERNS, ()), (), time.time_ns(), (), list(_programs.values())[-_PATTERNS_KEPT:])
        _stored_by = os.getpid()  # a forked worker may store what it compiles itself


def _program(key: tuple[type, str | bytes, int], internals: tuple[Any, Any, Any]) -> Program | None:
    """What ``_sre.compile`` makes the compiled expression of ``key`` from, as ``re._compiler.compile`` gives it."""
    _, parser, compiler = internals
    _, pattern, flags = key
    try:
        parsed = parser.parse(pattern, flags)
        code = [int(op) for op in compiler._code(parsed, flags)]  # opcodes are int subclasses: marshal takes ints
    except (re.error, TypeError, ValueError, RecursionError, OverflowError):
        return None
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (pattern, flags, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


__all__ = ["cache_folder", "cached", "load_patterns", "patterns_kept"]
