"""Pruning kg's cache folder: superseded, gone and unused entries; what ``kg cache`` shows and clears."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.lang import cache, cache_prune
from kg.lang.cache import cached
from tests.lang.conftest import Compiler


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _as_written_by(monkeypatch: pytest.MonkeyPatch, *, version: str | None = None, install: str | None = None) -> None:
    """Entries written from here on as another kg version (or Python, format) or another install writes them."""
    if version is not None:
        monkeypatch.setattr(cache, "__version__", version)
    if install is not None:
        monkeypatch.setattr(cache, "_INSTALL", install)


def test_an_entry_of_the_same_sources_and_install_is_superseded(folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade in place: the same paths, another kg version; the old entry can never be read again."""
    with monkeypatch.context() as old:
        _as_written_by(old, version="0.0.1-old")
        cached("words", Compiler(source), sources=[source])
        (superseded,) = _names(folder)
    other = source.with_name("other.txt")
    other.write_text("其他\n", encoding="utf-8")
    cached("words", Compiler(other), sources=[other])  # other sources: no successor of the old entry
    assert superseded in _names(folder) and len(_names(folder)) == 2
    compile = Compiler(source)
    cached("words", compile, sources=[source])
    assert compile.calls == 1 and superseded not in _names(folder) and len(_names(folder)) == 2
    assert cached("words", compile, sources=[source])["text"] == "安全\n智能\n" and compile.calls == 1


def test_another_installs_entry_of_the_same_sources_is_kept(folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two virtual environments of other Pythons sharing the folder (a checkout installed in both) never evict each other."""
    with monkeypatch.context() as venv:
        _as_written_by(venv, version="9.9-other-python", install="/elsewhere/venv")
        cached("words", Compiler(source), sources=[source])
    cached("words", Compiler(source), sources=[source])
    assert len(_names(folder)) == 2
    with monkeypatch.context() as venv:  # the other install reads its entry, unharmed
        _as_written_by(venv, version="9.9-other-python", install="/elsewhere/venv")
        compile = Compiler(source)
        assert cached("words", compile, sources=[source])["lines"] == ("安全", "智能") and compile.calls == 0
    assert len(_names(folder)) == 2


def test_an_older_formats_entry_of_the_same_sources_is_superseded(folder: Path, source: Path) -> None:
    """Format 1 kept no install: the same sources' paths are enough to tell it is this install's."""
    cached("words", Compiler(source), sources=[source])
    (current,) = _names(folder)
    header = cache.marshal.dumps((1, (cache._stat(source),), 0, ("0" * 64,)))
    old = folder / "words-0123456789abcdef.marshal"
    old.write_bytes(len(header).to_bytes(4, "little") + header + cache.marshal.dumps("old"))
    removed = cache_prune.prune_cache()
    assert _names(folder) == [current] and (removed.files, removed.size) == (1, len(header) + 4 + len(cache.marshal.dumps("old")))


def test_entries_unused_for_long_are_removed_and_reads_mark_them_used(folder: Path, source: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_SETTLE_NS", -10**12)  # sources settled: a read writes nothing of its own accord
    day = 86_400
    other = tmp_path / "other.txt"
    other.write_text("其他\n", encoding="utf-8")
    cached("words", Compiler(source), sources=[source])
    cached("unused", Compiler(other), sources=[other])
    entry, unused = (next(folder.glob(f"{name}-*.marshal")) for name in ("words", "unused"))
    now = cache.time.time()
    os.utime(entry, (now - 2 * day, now - 2 * day))
    os.utime(unused, (now - (cache_prune.UNUSED_DAYS + 1) * day, now - (cache_prune.UNUSED_DAYS + 1) * day))
    cached("words", Compiler(source), sources=[source])  # a read: the entry is marked used, once a day at most
    assert entry.stat().st_mtime > now - 60
    os.utime(entry, (now - 3600, now - 3600))
    cached("words", Compiler(source), sources=[source])
    assert entry.stat().st_mtime == pytest.approx(now - 3600)  # read within the day: no write
    assert unused.exists()  # a read never prunes
    third = tmp_path / "third.txt"
    third.write_text("第三\n", encoding="utf-8")
    cached("third", Compiler(third), sources=[third])  # a write of any name: the unused entry goes
    assert not unused.exists() and entry.exists()


def test_prune_cache_removes_gone_and_superseded_entries_and_leaves_other_files(folder: Path, source: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone.txt"
    gone.write_text("去\n", encoding="utf-8")
    cached("words", Compiler(source), sources=[source])
    (current,) = _names(folder)
    # What another kg version of this install wrote (a later write of that version would have removed this one's).
    superseded = folder / "words-0123456789abcdef.marshal"
    superseded.write_bytes((folder / current).read_bytes())
    with monkeypatch.context() as venv:  # and what another install wrote, for the same sources
        _as_written_by(venv, version="9.9-other", install="/elsewhere/venv")
        cached("words", Compiler(source), sources=[source])
    cached("model", Compiler(gone), sources=[gone])
    gone.unlink()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "stray.marshal").write_bytes(b"not kg's name")
    kept = set(_names(folder)) - {superseded.name, next(folder.glob("model-*")).name}
    assert len(kept) == 4
    sizes = superseded.stat().st_size + next(folder.glob("model-*")).stat().st_size
    removed = cache_prune.prune_cache()
    assert (removed.folder, removed.files, removed.size) == (folder, 2, sizes)
    assert set(_names(folder)) == kept and current in kept
    assert cache_prune.prune_cache().files == 0


def test_cache_info_groups_entries_by_name_with_their_sizes(folder: Path, source: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("其他\n" * 100, encoding="utf-8")
    cached("crf-features", Compiler(source), sources=[source])
    cached("crf-features", Compiler(other), sources=[other])
    cached("gazetteer", Compiler(other), sources=[other])
    (folder / "notes.txt").write_text("not an entry", encoding="utf-8")
    (folder / ".gazetteer-0123456789abcdef.marshal.k2j3.tmp").write_bytes(b"half")
    info = cache_prune.cache_info()

    def size(pattern: str) -> int:
        return sum(p.stat().st_size for p in folder.glob(pattern))

    assert info.folder == folder
    assert info.groups == (cache_prune.EntryGroup("crf-features", 2, size("crf-features-*")), cache_prune.EntryGroup("gazetteer", 1, size("gazetteer-*")))
    assert (info.entries, info.temporaries, info.temporaries_size) == (3, 1, 4)
    assert info.size == size("*.marshal") + 4


def test_clear_cache_removes_kgs_files_only(folder: Path, source: Path) -> None:
    cached("words", Compiler(source), sources=[source])
    (folder / ".words-0123456789abcdef.marshal.x1.tmp").write_bytes(b"half")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "words-0123456789abcdef.marshal").write_bytes(b"elsewhere")
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and p.name != "notes.txt")
    removed = cache_prune.clear_cache()
    assert (removed.files, removed.size) == (2, size)
    assert _names(folder) == ["notes.txt", "sub"] and (folder / "sub" / "words-0123456789abcdef.marshal").exists()
    assert cache_prune.cache_info().groups == () and cache_prune.clear_cache().files == 0


def test_a_folder_that_cannot_be_read_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker))
    for call in (cache_prune.cache_info, cache_prune.clear_cache, cache_prune.prune_cache):
        with pytest.raises(OutputError) as raised:
            call()
        assert raised.value.code == "KG200" and raised.value.source == str(blocker)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "not-yet"))  # a folder not made yet holds nothing
    assert cache_prune.cache_info().groups == () and cache_prune.prune_cache().files == 0


def test_foreign_files_named_like_entries_are_left_alone_by_pruning(folder: Path, source: Path) -> None:
    folder.mkdir()
    odd_header = cache.marshal.dumps((2, ("a", 5), 0, (), "/x"))  # a header whose sources are no stats
    for number, content in enumerate((b"", b"\x05\x00\x00\x00junk", cache.marshal.dumps(7),
                                      len(odd_header).to_bytes(4, "little") + odd_header)):
        (folder / f"words-{number:016x}.marshal").write_bytes(content)
    assert cached("words", Compiler(source), sources=[source])["text"] == "安全\n智能\n"  # the write prunes, unharmed
    assert cache_prune.prune_cache().files == 0 and len(_names(folder)) == 5
