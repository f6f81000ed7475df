"""benchmarks/modern_gold.py: the modern news sets, inline markup → BMES, read back exactly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.extract.gold import read_gold
from kg.model import EntityType
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from modern_gold import MARK, SETS, paragraph_tags, to_bmes  # noqa: E402


def test_every_bmes_regenerates_byte_for_byte_from_its_markup() -> None:
    sources = sorted(SETS.glob("*.txt"))
    assert {p.stem for p in sources} >= {"city-dev", "city-test", "national-dev", "national-test"}
    for source in sources:
        assert to_bmes(source.read_text(encoding="utf-8")).encode("utf-8") == source.with_suffix(".bmes").read_bytes()


def test_read_gold_gives_back_the_marked_names_of_every_paragraph() -> None:
    source = SETS / "city-dev.txt"
    lines = [s.strip() for s in source.read_text(encoding="utf-8").splitlines() if s.strip() and not s.startswith("#")]
    paragraphs = list(read_gold(source.with_suffix(".bmes"), fmt="bmes"))
    assert len(paragraphs) == len(lines) >= 100
    for line, paragraph in zip(lines, paragraphs):
        marked = [(m.group(1), m.group(2)) for m in MARK.finditer(line)]
        got = [(paragraph.text[s:e], kind.value) for s, e, kind in paragraph.spans]
        assert got == marked


def test_tags_of_one_paragraph() -> None:
    assert paragraph_tags("{张三|PER}在{京|LOC}") == [("张", "B-PER"), ("三", "E-PER"), ("在", "O"), ("京", "S-LOC")]
    assert paragraph_tags("{某某大学附属医院|ORG} 门诊")[-3:] == [(" ", "O"), ("门", "O"), ("诊", "O")]
    assert [t for _, t in paragraph_tags("{Sam Altman|PER}说")] == ["B-PER"] + ["M-PER"] * 8 + ["E-PER", "O"]


def test_stray_markup_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="line 3"):
        to_bmes("# comment\n{张三|PER}说\n{李四|XYZ}说\n")
    path = tmp_path / "g.bmes"
    path.write_text(to_bmes("{老王|PER}和{小李|PER}\n"), encoding="utf-8")
    assert list(read_gold(path, fmt="bmes"))[0].spans == ((0, 2, EntityType.PER), (3, 5, EntityType.PER))


def test_the_training_paragraphs_read_back_with_their_marked_names() -> None:
    from modern_gold import TRAINING, marked_paragraphs

    for source in sorted(TRAINING.glob("*.txt")):
        lines = [s.strip() for s in source.read_text(encoding="utf-8").splitlines() if s.strip() and not s.startswith("#")]
        paragraphs = marked_paragraphs(source)
        assert len(paragraphs) == len(lines) >= 300, source.name
        for line, paragraph in zip(lines, paragraphs):
            assert [(paragraph.text[s:e], kind.value) for s, e, kind in paragraph.spans] == [
                (m.group(1), m.group(2)) for m in MARK.finditer(line)
            ]


def test_a_training_file_with_stray_markup_is_refused_with_its_name(tmp_path: Path) -> None:
    from modern_gold import marked_paragraphs

    bad = tmp_path / "train-x.txt"
    bad.write_text("{张三|PER}说\n{李四|XYZ}说\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"train-x\.txt: line 2"):
        marked_paragraphs(bad)
