"""Gold readers (PFR, BIO, BMES, CLUENER) and the format a file's extension names."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import GoldFormatError
from kg.extract.gold import format_for, parse_cluener_line, parse_pfr_line, read_gold
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


def test_pfr_reader_splits_names_printed_side_by_side(tmp_path: Path) -> None:
    line = "19980101-01-001-009/m  （/w  周/nr  立新/nr  欧阳/nr  晓/nr  科罗切尼亚/nr  王/nr  先生/n  ）/w"
    (paragraph,) = read_gold(_write(tmp_path, line + "\n"), fmt="pfr")
    assert _mentions(paragraph) == [("周立新", PER), ("欧阳晓", PER), ("科罗切尼亚", PER), ("王", PER)]


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


def test_bmes_reader_decodes_single_and_middle_tags(tmp_path: Path) -> None:
    text = (
        "张 B-PER\n伟 E-PER\n到 O\n杭 B-LOC\n州 M-LOC\n市 E-LOC\n， O\n"
        + "苏 S-LOC\n\n"
        + "湘 B-ORG\n江 M-ORG\n报 M-ORG\n社 E-ORG\n陈 S-PER\n周 S-PER\n"
    )
    paragraphs = list(read_gold(_write(tmp_path, text, "gold.bmes"), fmt="bmes"))
    assert [p.text for p in paragraphs] == ["张伟到杭州市，苏", "湘江报社陈周"]
    assert _mentions(paragraphs[0]) == [("张伟", PER), ("杭州市", LOC), ("苏", LOC)]
    # Two S- tags in a row are two mentions, not one.
    assert _mentions(paragraphs[1]) == [("湘江报社", ORG), ("陈", PER), ("周", PER)]
    assert paragraphs[1].line == 10


def test_bmes_reader_rejects_bio_tags_that_bio_reads(tmp_path: Path) -> None:
    path = _write(tmp_path, "张 O\n\n王 B-PER\n小 I-PER\n明 E-PER\n", "gold.bmes")
    with pytest.raises(GoldFormatError) as caught:
        list(read_gold(path, fmt="bmes"))
    assert caught.value.code == "KG108" and caught.value.line == 4 and caught.value.source == str(path)
    assert "--format bio" in str(caught.value)
    assert _mentions(list(read_gold(path, fmt="bio"))[1]) == [("王小明", PER)]


# CLUENER2020 style, hand-written: end offsets are inclusive.
CLUENER = [
    {"text": "浙江商业职业技术学院的张伟老师在杭州市西湖区讲课，华为公司派人参加。",
     "label": {"name": {"张伟": [[11, 12]]}, "organization": {"浙江商业职业技术学院": [[0, 9]]},
               "address": {"杭州市西湖区": [[16, 21]]}, "position": {"老师": [[13, 14]]},
               "company": {"华为公司": [[25, 28]]}}},
    {"text": "刘洋和刘洋。", "label": {"name": {"刘洋": [[0, 1], [3, 4]]}, "book": {"刘洋": [[3, 4]]}}},
    {"id": 7, "text": "测试集没有标注。"},
]


def test_cluener_reader_inclusive_ends_and_label_mapping(tmp_path: Path) -> None:
    lines = [json.dumps(record, ensure_ascii=False) for record in CLUENER]
    path = _write(tmp_path, lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n", "dev.json")
    paragraphs = list(read_gold(path, fmt="cluener"))
    assert [p.id for p in paragraphs] == ["dev.json:1", "dev.json:3", "7"]
    first, second, unlabelled = paragraphs
    # position (老师) and book are not scored; company and organization are both ORG.
    assert _mentions(first) == [("浙江商业职业技术学院", ORG), ("张伟", PER), ("杭州市西湖区", LOC), ("华为公司", ORG)]
    assert first.spans[1] == (11, 13, PER)
    assert second.spans == ((0, 2, PER), (3, 5, PER))
    assert unlabelled.text == "测试集没有标注。" and unlabelled.spans == () and unlabelled.line == 4


@pytest.mark.parametrize(
    "line",
    [
        '{"text": "张伟", "label": {"name": {"张伟": [[0, 2]]}}}',  # an exclusive end
        '{"text": "张伟", "label": {"name": {"张伟": [[1, 1]]}}}',  # frames another text
        '{"text": "张伟", "label": {"name": {"张伟": [0, 1]}}}',
        '{"text": "张伟", "label": {"name": {"张伟": [["0", "1"]]}}}',
        '{"text": "张伟", "label": {"name": ["张伟"]}}',
        '{"text": "张伟", "label": ["name"]}',
        '{"label": {}}',
        '["张伟"]',
        '{"text": "张伟", ',
    ],
)
def test_cluener_malformed_line_names_file_and_line(tmp_path: Path, line: str) -> None:
    path = _write(tmp_path, '{"text": "好。"}\n' + line + "\n", "bad.jsonl")
    with pytest.raises(GoldFormatError) as caught:
        list(read_gold(path, fmt="cluener"))
    assert caught.value.code == "KG108"
    assert (caught.value.source, caught.value.line) == (str(path), 2)
    assert parse_cluener_line("  \n") is None


def test_format_for_extension() -> None:
    assert [format_for(n) for n in ("a.bmes", "train.char.BMES", "b.bio", "dev.json", "c.jsonl", "dev.txt", "x")] == [
        "bmes", "bmes", "bio", "cluener", "cluener", "pfr", "pfr"]


def _write_bmes(sentences: list[tuple[str, list[tuple[int, int, EntityType]]]]) -> str:
    """Sentences with non-overlapping spans as BMES lines, the way MSRA's files are."""
    blocks = []
    for text, spans in sentences:
        tags = ["O"] * len(text)
        for start, end, kind in spans:
            if end - start == 1:
                tags[start] = f"S-{kind.value}"
            else:
                tags[start:end] = [f"B-{kind.value}", *[f"M-{kind.value}"] * (end - start - 2), f"E-{kind.value}"]
        blocks.append("".join(f"{char} {tag}\n" for char, tag in zip(text, tags)))
    return "\n".join(blocks)


@st.composite
def _sentence(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, EntityType]]]:
    text = draw(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E3F), min_size=1, max_size=30))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=12)) | {0, len(text)})
    spans = [
        (start, end, draw(st.sampled_from([PER, LOC, ORG])))
        for start, end in itertools.pairwise(cuts) if draw(st.booleans())
    ]
    return text, spans


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence(), min_size=1, max_size=5))
def test_bmes_round_trip(tmp_path_factory: pytest.TempPathFactory, sentences) -> None:
    path = tmp_path_factory.mktemp("bmes") / "gold.bmes"
    path.write_text(_write_bmes(sentences), encoding="utf-8")
    read = [(p.text, list(p.spans)) for p in read_gold(path, fmt="bmes")]
    assert read == sentences
