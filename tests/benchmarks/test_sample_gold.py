"""benchmarks/sample_gold.py: the sample page's hand-made gold, TSV → BMES, read back exactly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.extract.gold import read_gold
from kg.model import EntityType
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from sample_gold import BMES, GoldRow, locate, page_lines, read_rows, to_bmes  # noqa: E402


def test_the_bmes_regenerates_byte_for_byte_from_the_tsv() -> None:
    assert to_bmes(page_lines(), read_rows()).encode("utf-8") == BMES.read_bytes()


def test_every_tsv_mention_occurs_in_its_line() -> None:
    lines = page_lines()
    rows = read_rows()
    assert len(rows) > 150
    for row in rows:
        assert row.line in lines, row
        line = lines[row.line]
        start = locate(line, row.mention, row.nth)
        assert line[start:start + len(row.mention)] == row.mention
        assert row.type in {"PER", "LOC", "ORG"}


def test_read_gold_gives_back_each_page_line_and_the_tsv_spans() -> None:
    lines = page_lines()
    paragraphs = list(read_gold(BMES, fmt="bmes"))
    assert [p.text for p in paragraphs] == list(lines.values())
    assert any("\t" in p.text for p in paragraphs)  # the contact table's tabs survive
    expected: dict[int, set[tuple[int, int, EntityType]]] = {n: set() for n in lines}
    for row in read_rows():
        start = locate(lines[row.line], row.mention, row.nth)
        expected[row.line].add((start, start + len(row.mention), EntityType(row.type)))
    assert [set(p.spans) for p in paragraphs] == list(expected.values())


def test_spaces_and_tabs_round_trip_and_single_characters_are_s_tags(tmp_path: Path) -> None:
    lines = {1: "记者 张三\t王五", 3: "在京"}
    rows = [GoldRow(1, "张三", "PER", 1), GoldRow(1, "王五", "PER", 1), GoldRow(3, "京", "LOC", 1)]
    text = to_bmes(lines, rows)
    assert "张 B-PER\n三 E-PER\n" in text and "京 S-LOC\n" in text
    path = tmp_path / "g.bmes"
    path.write_text(text, encoding="utf-8")
    back = list(read_gold(path, fmt="bmes"))
    assert [p.text for p in back] == ["记者 张三\t王五", "在京"]
    assert back[0].spans == ((3, 5, EntityType.PER), (6, 8, EntityType.PER))


def test_missing_and_overlapping_mentions_are_refused() -> None:
    with pytest.raises(ValueError, match="occurrence 2"):
        to_bmes({1: "张三说"}, [GoldRow(1, "张三", "PER", 2)])
    with pytest.raises(ValueError, match="overlaps"):
        to_bmes({1: "荆州市公安局"}, [GoldRow(1, "荆州市公安局", "ORG", 1), GoldRow(1, "荆州市", "LOC", 1)])
    with pytest.raises(ValueError, match="blank or not in the page"):
        to_bmes({1: "张三"}, [GoldRow(2, "张三", "PER", 1)])
