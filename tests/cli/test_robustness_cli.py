"""``kg build`` as a user runs it, on bad input: the message names each file (and line)
with its stable code, no traceback, and the exit status is non-zero only when nothing
could be built or with ``--strict``. Also: an output folder that cannot be written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.store import GraphStore
from tests.build.test_robustness import GOOD, build, write_good


# ------------------------------------------------------------ the command: messages and exit codes


def kg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", "--workers", "1", "--no-tagger", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def mixed_pages(tmp_path: Path) -> Path:
    """A good page, an empty one and a JSON Lines file with a broken second record."""
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    (pages / "[bold]empty.txt").write_bytes(b"")
    (pages / "records.jsonl").write_text('{"text": "荆州市召开会议。"}\n{"text": \n', encoding="utf-8")
    return pages


# The inputs' paper and date: without them each input gets a warning (KG111) as well.
METADATA = ("--paper", "荆州日报", "--date", "2023-01-09")


def test_partial_builds_exit_zero_and_name_each_problem(mixed_pages: Path, tmp_path: Path) -> None:
    status, output = kg(str(mixed_pages), "--out", str(tmp_path / "out"), *METADATA)
    assert status == 0, output
    assert f"{mixed_pages / '[bold]empty.txt'}: file is empty [KG101]" in output  # no markup eaten
    assert f"{mixed_pages / 'records.jsonl'}:2: broken JSON" in output and "[KG104]" in output
    assert "Traceback" not in output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["problems"] == 2 and report["totals"]["items"] == 2


def test_strict_exits_non_zero_on_any_problem(mixed_pages: Path, tmp_path: Path) -> None:
    status, output = kg(str(mixed_pages), "--out", str(tmp_path / "out"), "--strict", "--quiet", *METADATA)
    assert status == 1 and "[KG101]" in output
    clean = tmp_path / "clean"
    clean.mkdir()
    write_good(clean)
    assert kg(str(clean), "--out", str(tmp_path / "out2"), "--strict", "--quiet", *METADATA)[0] == 0


def test_nothing_built_exits_non_zero_and_names_each_problem(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(b"\x00" * 100)
    status, output = kg(str(pages), "--out", str(tmp_path / "out"))
    assert status == 2 and "[KG107]" in output and "[KG101]" in output and "[KG103]" in output
    assert "Traceback" not in output
    # A first build that builds nothing leaves nothing to query (see test_identity_cli).
    assert not (tmp_path / "out" / "report.json").exists() and not (tmp_path / "out" / "store").exists()
    status, output = kg(str(tmp_path / "no-such-folder"), "--out", str(tmp_path / "out3"))
    assert status == 2 and "no-such-folder: no such file or folder [KG106]" in output and "[KG107]" in output
    # Unchanged is not a failure: a rebuild with nothing new exits 0.
    write_good(pages)
    assert kg(str(pages), "--out", str(tmp_path / "out"), "-q")[0] == 0
    assert kg(str(pages), "--out", str(tmp_path / "out"), "-q")[0] == 0


def test_an_unwritable_output_folder_is_a_clear_kg200(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for out in (blocker / "out", blocker):
        status, output = kg(str(pages), "--out", str(out))
        assert status == 2 and "[KG200]" in output and str(blocker) in output, output
        assert "Traceback" not in output
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "read-only"
        locked.mkdir(mode=0o555)
        status, output = kg(str(pages), "--out", str(locked / "out"))
        assert status == 2 and "[KG200]" in output and "Traceback" not in output


def test_a_store_held_by_another_writer_is_a_clear_kg200(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    out = tmp_path / "out"
    holder = GraphStore.open(out)  # e.g. `kg serve --allow-update` on the same folder
    try:
        status, output = kg(str(pages), "--out", str(out))
    finally:
        del holder
    assert status == 2 and "[KG200]" in output and "Traceback" not in output


def test_query_tables_show_markup_literally(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.txt").write_text(GOOD.replace("荆州市召开春运工作会议", "[red]春运[/red]会议[/]"), encoding="utf-8")
    build(pages, tmp_path / "out")
    result = CliRunner().invoke(app, ["query", "SELECT ?h WHERE { ?a schema:headline ?h }",
                                      "--graph", str(tmp_path / "out"), "--format", "table"])
    assert result.exit_code == 0 and "[red]春运[/red]会议[/]" in result.output


def test_a_file_name_with_terminal_escapes_is_printed_escaped(tmp_path: Path) -> None:
    """A name holding ESC would drive the user's terminal: the warning writes it as \\x1b."""
    from typer.testing import CliRunner

    from kg.cli import app

    bad = tmp_path / "evil\x1b[2J.txt"
    bad.write_bytes(b"")  # empty: a warning names it
    (tmp_path / "good.txt").write_text("标题\n\n本报讯 市里召开会议。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--no-tagger",
                                      "--workers", "1", "--no-html"])
    assert result.exit_code == 0, result.output
    assert "\x1b[2J" not in result.output and "\\x1b[2J" in result.output
