"""``kg cache`` as a user runs it: what the folder holds, --clear (kg's files only) and --prune; errors by code."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.cache import size_text
from kg.errors import OutputError
from kg.lang.cache import cached


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder with two gazetteer entries and one jieba entry, and a file of the user's."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    for name, text in (("gazetteer", "某地\n" * 400), ("gazetteer", "别处\n"), ("jieba", "安全\n")):
        source = tmp_path / f"{name}-{len(text)}.txt"
        source.write_text(text, encoding="utf-8")
        cached(name, source.read_text, sources=[source])
    (tmp_path / "cache" / "notes.txt").write_text("the user's own", encoding="utf-8")
    return tmp_path / "cache"


def _kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _size(folder: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in folder.glob(pattern))


def test_kg_cache_shows_the_folder_its_entries_by_name_and_their_sizes(folder: Path) -> None:
    code, out, _ = _kg()
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{folder}: 3 entries, {size_text(_size(folder, '*.marshal'))}"
    assert lines[1].split() == ["gazetteer", "2", *size_text(_size(folder, "gazetteer-*")).split()]
    assert lines[2].split() == ["jieba", "1", *size_text(_size(folder, "jieba-*")).split()]
    assert len(lines) == 3


def test_kg_cache_clear_removes_kgs_entries_only_and_says_how_much(folder: Path) -> None:
    freed = _size(folder, "*.marshal")
    code, out, err = _kg("--clear")
    assert code == 0 and out == ""
    assert f"removed 3 files, {size_text(freed)} freed" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert _kg()[1].splitlines() == [f"{folder}: 0 entries, 0 B"]


def test_kg_cache_prune_removes_what_no_process_reads(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "gazetteer-3.txt").unlink()  # the sources of one gazetteer entry are gone
    code, _, err = _kg("--prune")
    assert code == 0 and "removed 1 file," in err
    assert sorted(p.name.split("-")[0] for p in folder.iterdir()) == ["gazetteer", "jieba", "notes.txt"]


def test_clear_and_prune_together_are_refused(folder: Path) -> None:
    code, _, err = _kg("--clear", "--prune")
    assert code == 2 and "not both" in err
    assert len(list(folder.glob("*.marshal"))) == 3


def test_a_folder_that_cannot_be_read_is_kg200_without_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker))
    for args in ((), ("--clear",), ("--prune",)):
        code, out, err = _kg(*args)
        assert code == 2 and out == ""
        assert err.startswith("error ") and f"[{OutputError.code}]" in err and "cannot read kg's cache folder" in err
        assert "Traceback" not in err
    assert blocker.read_text() == "not a folder"


def test_sizes_read_as_people_read_them() -> None:
    assert [size_text(n) for n in (0, 999, 1_000, 4_200_000, 973_000_000, 1_300_000_000)] == [
        "0 B", "999 B", "1.0 kB", "4.2 MB", "973.0 MB", "1.3 GB"]
