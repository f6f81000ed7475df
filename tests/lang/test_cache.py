"""The cache of compiled data: the same values as compiling, again when a source changes, and no harm without a folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.lang import cache, words
from kg.lang.cache import cache_folder, cached
from tests.lang.conftest import Compiler


def test_an_entry_is_compiled_once_then_read(folder: Path, source: Path) -> None:
    compile = Compiler(source)
    first = cached("words", compile, sources=[source])
    again = cached("words", compile, sources=[source])
    assert first == again == {"text": "安全\n智能\n", "lines": ("安全", "智能")}
    assert compile.calls == 1
    (entry,) = folder.iterdir()
    assert entry.name.startswith("words-") and entry.suffix == ".marshal"


def test_a_changed_source_is_compiled_again_whatever_its_times(folder: Path, source: Path) -> None:
    compile = Compiler(source)
    cached("words", compile, sources=[source])
    before = source.stat()
    source.write_text("安宁\n智慧\n", encoding="utf-8")  # the same size
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same modification time
    assert cached("words", compile, sources=[source])["lines"] == ("安宁", "智慧")
    assert compile.calls == 2


def test_a_source_touched_but_unchanged_is_not_compiled_again(folder: Path, source: Path) -> None:
    compile = Compiler(source)
    cached("words", compile, sources=[source])
    os.utime(source, ns=(1_000_000_000, 1_000_000_000))
    assert cached("words", compile, sources=[source])["text"] == "安全\n智能\n"
    assert cached("words", compile, sources=[source])["text"] == "安全\n智能\n"
    assert compile.calls == 1


def test_settled_sources_are_not_read_again(folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources that changed well before their digest was taken are trusted by their stat."""
    os.utime(source, ns=(1_000_000_000, 1_000_000_000))
    os.utime(source.parent, ns=(1_000_000_000, 1_000_000_000))
    compile = Compiler(source)
    cached("words", compile, sources=[source])
    settled = source.stat().st_ctime_ns < cache.time.time_ns() - cache._SETTLE_NS
    monkeypatch.setattr(cache, "_digests", lambda stats: pytest.fail("read a settled source again"))
    if settled:  # the ctime is the time of the utime call: wait for it to settle
        assert cached("words", compile, sources=[source])["text"] == "安全\n智能\n"
    monkeypatch.setattr(cache, "_SETTLE_NS", -10**12)  # as though 1000 s had passed
    assert cached("words", compile, sources=[source])["text"] == "安全\n智能\n"
    assert compile.calls == 1


def test_a_damaged_entry_is_compiled_again(folder: Path, source: Path) -> None:
    compile = Compiler(source)
    cached("words", compile, sources=[source])
    (entry,) = folder.iterdir()
    for damage in (entry.read_bytes()[:-7], b"", b"\xff" * 64):
        entry.write_bytes(damage)
        assert cached("words", compile, sources=[source])["lines"] == ("安全", "智能")
    assert compile.calls == 4


def test_a_folder_that_cannot_be_made_compiles_every_time(tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    compile = Compiler(source)
    for where in (blocker / "cache", Path("/proc/kg-cache-test"), Path("/sys/kg-cache-test")):
        monkeypatch.setenv("KG_CACHE_DIR", str(where))
        assert cached("words", compile, sources=[source])["lines"] == ("安全", "智能")
        assert not where.exists()
    assert compile.calls == 3


def test_a_read_only_folder_is_read_and_never_written(folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compile = Compiler(source)
    cached("words", compile, sources=[source])  # an entry made while the folder could be written
    folder.chmod(0o555)
    try:

        def refuse(path: Path, data: object) -> None:  # what a read-only file system answers, even to root
            raise OutputError("cannot write: Read-only file system", source=str(path))

        monkeypatch.setattr(cache, "write_atomic", refuse)
        assert cached("words", compile, sources=[source])["text"] == "安全\n智能\n"
        assert compile.calls == 1
        other = source.with_name("other.txt")
        other.write_text("其他\n", encoding="utf-8")
        assert cached("other", Compiler(other), sources=[other])["lines"] == ("其他",)
        monkeypatch.undo()  # the real writer: it fails on the folder (unless we are root)
        monkeypatch.setenv("KG_CACHE_DIR", str(folder))
        assert cached("third", Compiler(other), sources=[other])["lines"] == ("其他",)
    finally:
        folder.chmod(0o755)


def test_a_missing_source_is_compiled_without_the_cache(folder: Path, tmp_path: Path) -> None:
    assert cached("none", lambda: "compiled", sources=[tmp_path / "missing.txt"]) == "compiled"
    assert not folder.exists()


def test_the_folder_follows_kg_cache_dir_then_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "kg"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG rules say
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "kg"
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "own"))
    assert cache_folder() == tmp_path / "own"


def test_jiebas_lists_from_the_cache_are_those_compiled_cold(folder: Path) -> None:
    warm = [words.dictionary_lists.__wrapped__() for _ in range(2)]  # compiled and stored, then read
    path = words.jieba_dictionary()
    assert path is not None
    keys, kinds, starts, _common = words._compile_dictionary(path)
    assert warm[0] == warm[1]
    assert warm[1].names == dict(zip(keys.split("\n"), kinds)) and warm[1].name_starts == starts
    assert (warm[1].names["邓小平"], warm[1].names["荆州市"], warm[1].names["国务院"]) == ("P", "L", "O")
    assert warm[1].name_starts["荆州"] == (3, 2)
    assert {"安全", "智能"} <= warm[1].common and "王国" not in warm[1].common
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["jieba"]


def test_entries_whose_sources_are_gone_are_removed_by_the_next_write(folder: Path, tmp_path: Path) -> None:
    kept, gone, new = (tmp_path / f"{name}.txt" for name in ("kept", "gone", "new"))
    for path in (kept, gone, new):
        path.write_text(path.stem, encoding="utf-8")
    cached("model", Compiler(kept), sources=[kept])
    cached("model", Compiler(gone), sources=[gone])
    cached("other", Compiler(gone), sources=[gone])
    gone.unlink()
    stale = folder / ".model-0.marshal.x.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))
    cached("model", Compiler(new), sources=[new])
    names = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert names == ["model", "model", "other"]  # kept's and new's; other's waits for an "other" write
    assert cached("model", Compiler(kept), sources=[kept])["text"] == "kept"


# ------------------------------------------------------------------ regular expressions


@pytest.fixture()
def fresh_patterns(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A process that has read no entry of programs yet, nor written one."""
    monkeypatch.setattr(cache, "_programs", None)
    monkeypatch.setattr(cache, "_stored_by", None)
    return folder


def _expressions(tag: str, count: int) -> list[str]:
    """Expressions no other test compiles: named groups, classes, alternations, repeats."""
    return [rf"(?P<head>{tag}{i}[甲乙丙丁戊]{{2,4}})(?:局|厅|委员会)?(?=\s|$)|(?i:ab{i})+" for i in range(count)]


def _forget(expressions: list[str]) -> None:
    for expression in expressions:
        re._cache.pop((str, expression, 0), None)  # type: ignore[attr-defined]


def test_expressions_compiled_in_a_window_are_read_back_compiled(fresh_patterns: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expressions = _expressions("窗", cache._PATTERNS_NEW + 4)
    with cache.patterns_kept():
        cold = [re.compile(e) for e in expressions]
    assert [p.name.split("-")[0] for p in fresh_patterns.iterdir()] == ["patterns"]
    # The next process: nothing in re's cache, the entry read; compiling again would fail.
    _forget(expressions)
    monkeypatch.setattr(cache, "_programs", None)
    monkeypatch.setattr(re._compiler, "compile", _no_compiling)  # type: ignore[attr-defined]
    cache.load_patterns()
    warm = [re.compile(e) for e in expressions]
    for before, after in zip(cold, warm):
        assert before is not after
        assert (after.pattern, after.flags, after.groups, after.groupindex) == (
            before.pattern, before.flags, before.groups, before.groupindex)
        for text in ("窗3甲乙局 x", "窗3甲", "ABab3ab3", "窗12丙丁戊委员会"):
            assert [m.span() for m in after.finditer(text)] == [m.span() for m in before.finditer(text)]
    assert warm[3].match("窗3甲乙局 ")["head"] == "窗3甲乙"


def _no_compiling(*args: object) -> None:
    raise AssertionError("compiled again")


def test_a_few_new_expressions_do_not_write_the_entry_again(fresh_patterns: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many, few = _expressions("多", cache._PATTERNS_NEW + 1), _expressions("少", cache._PATTERNS_NEW)
    with cache.patterns_kept():
        [re.compile(e) for e in many]
    entry = next(fresh_patterns.iterdir())
    stored = entry.read_bytes()
    monkeypatch.setattr(cache, "_stored_by", None)  # another process, as far as the entry knows
    with cache.patterns_kept():  # as many as differ between processes (sets joined in hash order)
        [re.compile(e) for e in few]
    assert entry.read_bytes() == stored
    with cache.patterns_kept():
        [re.compile(e) for e in _expressions("再", cache._PATTERNS_NEW + 1)]
    assert entry.read_bytes() != stored
    written = entry.read_bytes()
    with cache.patterns_kept():  # once a process
        [re.compile(e) for e in _expressions("又", cache._PATTERNS_NEW + 1)]
    assert entry.read_bytes() == written


def test_expressions_compiled_outside_a_window_are_not_kept(fresh_patterns: Path) -> None:
    outside = _expressions("外", cache._PATTERNS_NEW + 1)
    [re.compile(e) for e in outside]
    with cache.patterns_kept():
        inside = [re.compile(e).pattern for e in _expressions("内", cache._PATTERNS_NEW + 1)]
    assert cache._programs is not None
    kept = {key[1] for key in cache._programs}
    assert set(inside) <= kept and not kept & set(outside)


# ------------------------------------------------------------------ pruning, and what `kg cache` calls

