"""Gold readers (PFR, BIO) and the mention-level scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import GoldFormatError
from kg.extract.evaluate import evaluate_gold, normalize_spans, parse_pfr_line, read_gold
from kg.model import EntityType

PER, LOC, ORG = EntityType.PER, EntityType.LOC, EntityType.ORG

# Hand-written, PFR style: two-part person name, a bracketed organization holding a
# place, a non-entity bracket holding a place, full-width digits.
PFR = (
    "19980101-01-001-001/m  记者/n  王/nr  小明/nr  在/p  [上海市/ns  第一/m  人民/n  医院/n]nt  "
    "采访/v  。/w\n"
    "\n"
    "19980101-01-002-001/m  [长江/ns  三峡/ns  工程/n]nz  于/p  １９９７年/t  截流/v  ，/w  "
    "李/nr  副/b  总理/n  到/v  宜昌市/ns  。/w\n"
    "19980102-03-004-005/m  [中国/ns  人民/n  银行/n]nt  和/c  [黄河/ns  下游/f]ns  。/w\n"
)


def _write(tmp_path: Path, text: str, name: str = "gold.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _mentions(paragraph) -> list[tuple[str, EntityType]]:
    return [(paragraph.text[s:e], k) for s, e, k in paragraph.spans]


def test_pfr_reader_merges_names_and_keeps_outermost_bracket(tmp_path: Path) -> None:
    paragraphs = list(read_gold(_write(tmp_path, PFR), fmt="pfr"))
    assert [p.id for p in paragraphs] == ["19980101-01-001-001", "19980101-01-002-001", "19980102-03-004-005"]
    first, second, third = paragraphs
    assert first.text == "记者王小明在上海市第一人民医院采访。"
    assert _mentions(first) == [("王小明", PER), ("上海市第一人民医院", ORG)]
    # A [...]nz bracket is no entity: the places inside it count on their own.
    assert second.text == "长江三峡工程于１９９７年截流，李副总理到宜昌市。"
    assert _mentions(second) == [("长江", LOC), ("三峡", LOC), ("李", PER), ("宜昌市", LOC)]
    assert _mentions(third) == [("中国人民银行", ORG), ("黄河下游", LOC)]
    assert second.line == 3


def test_pfr_line_without_id_and_slash_in_word() -> None:
    paragraph = parse_pfr_line("１/２/m  北京/ns", source="x.txt", number=7)
    assert paragraph is not None
    assert paragraph.id == "x.txt:7"
    assert paragraph.text == "１/２北京"
    assert paragraph.spans == ((3, 5, LOC),)
    assert parse_pfr_line("   \n") is None


@pytest.mark.parametrize(
    "line",
    ["19980101-01-001-001/m  北京", "[北京/ns  [市/n]ns]ns", "北京/ns]ns", "[北京/ns  市/n"],
)
def test_pfr_malformed_line_names_file_and_line(tmp_path: Path, line: str) -> None:
    path = _write(tmp_path, "中国/ns\n" + line + "\n")
    with pytest.raises(GoldFormatError) as caught:
        list(read_gold(path, fmt="pfr"))
    assert caught.value.line == 2
    assert caught.value.source == str(path)
    assert "gold.txt:2" in str(caught.value)


def test_bio_reader_all_tag_styles(tmp_path: Path) -> None:
    text = (
        "王 B-PER\n小 I-PER\n明 E-PER\n在 O\n京 S-LOC\n\n"
        "新 B-ORGANIZATION\n华 I-ORGANIZATION\n社 I-ORGANIZATION\n去 O\n"
        "欧 B-NS\n洲 I-NS\n李 B-PERSON\n四 I-PERSON\n\n\n"
        "上 B-GPE\n海 M-GPE\n市 E-GPE\n的 O\n车 B-MISC\n"
    )
    paragraphs = list(read_gold(_write(tmp_path, text), fmt="bio"))
    assert [p.text for p in paragraphs] == ["王小明在京", "新华社去欧洲李四", "上海市的车"]
    assert _mentions(paragraphs[0]) == [("王小明", PER), ("京", LOC)]
    assert _mentions(paragraphs[1]) == [("新华社", ORG), ("欧洲", LOC), ("李四", PER)]
    assert _mentions(paragraphs[2]) == [("上海市", LOC)]
    assert paragraphs[1].line == 7


@pytest.mark.parametrize("line", ["王B-PER", "王 X-PER", "王 B-"])
def test_bio_malformed_line(tmp_path: Path, line: str) -> None:
    with pytest.raises(GoldFormatError) as caught:
        list(read_gold(_write(tmp_path, "李 O\n" + line + "\n"), fmt="bio"))
    assert caught.value.line == 2


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError):
        list(read_gold(_write(tmp_path, PFR), fmt="conll"))
    with pytest.raises(GoldFormatError):
        list(read_gold(tmp_path / "missing.txt", fmt="pfr"))


def test_scorer_counts_exact_span_and_type(tmp_path: Path) -> None:
    paragraphs = list(read_gold(_write(tmp_path, PFR), fmt="pfr"))
    predictions = {
        # 王小明 right; the hospital cut to its place: one FP LOC, one FN ORG.
        paragraphs[0].text: [(2, 5, "PER"), (6, 9, "LOC")],
        # 长江 right (as EntityType), 三峡 missed, 李 right, 宜昌市 typed ORG, junk span dropped.
        paragraphs[1].text: [(0, 2, LOC), (15, 16, "PER"), (20, 23, "ORG"), (5, 99, "LOC"), (3, 4, "MISC")],
        # both right, given twice.
        paragraphs[2].text: [(0, 6, "ORG"), (7, 11, "LOC"), (7, 11, LOC)],
    }
    score = evaluate_gold(paragraphs, recognize=lambda texts: [predictions[t] for t in texts],
                          batch_size=2, keep_errors=True)
    assert (score["PER"].gold, score["PER"].predicted, score["PER"].correct) == (2, 2, 2)
    assert (score["LOC"].gold, score["LOC"].predicted, score["LOC"].correct) == (4, 3, 2)
    assert (score["ORG"].gold, score["ORG"].predicted, score["ORG"].correct) == (2, 2, 1)
    assert (score["ALL"].gold, score["ALL"].predicted, score["ALL"].correct) == (8, 7, 5)
    assert score[EntityType.LOC].precision == pytest.approx(2 / 3)
    assert score["LOC"].recall == pytest.approx(2 / 4)
    assert score["ALL"].f1 == pytest.approx(2 * (5 / 7) * (5 / 8) / (5 / 7 + 5 / 8))
    assert score.paragraphs == 3
    assert ("19980101-01-001-001", "FN", "ORG", "上海市第一人民医院") in score.errors
    assert ("19980101-01-002-001", "FP", "ORG", "宜昌市") in score.errors
    table = score.as_table()
    assert table.splitlines()[0].split() == ["type", "gold", "pred", "correct", "P", "R", "F1"]
    assert table.splitlines()[-1].split()[:4] == ["ALL", "8", "7", "5"]
    assert score.as_dict()["PER"]["f1"] == 1.0


def test_scorer_empty_and_wrong_length() -> None:
    score = evaluate_gold([], recognize=lambda texts: [])
    assert score["ALL"].f1 == 0.0 and score["ALL"].precision == 0.0
    paragraph = parse_pfr_line("北京/ns")
    with pytest.raises(ValueError):
        evaluate_gold([paragraph], recognize=lambda texts: [])


def test_normalize_spans() -> None:
    assert normalize_spans([(0, 2, "per"), (2, 2, "LOC"), (-1, 1, "ORG"), (1, 3, "ORG")], 2) == {(0, 2, PER)}


def test_scorer_reports_progress_and_counts_texts_seen_in_training(tmp_path: Path) -> None:
    paragraphs = list(read_gold(_write(tmp_path, PFR), fmt="pfr"))
    done: list[int] = []
    trained_on = {paragraphs[1].text}
    score = evaluate_gold(paragraphs, recognize=lambda texts: [[] for _ in texts], batch_size=2,
                          progress=done.append, seen_in_training=trained_on.__contains__)
    assert done == [2, 3] and score.paragraphs == 3
    assert score.seen == 1
    unchecked = evaluate_gold(paragraphs, recognize=lambda texts: [[] for _ in texts])
    assert unchecked.seen is None and unchecked["ALL"].gold == 8
