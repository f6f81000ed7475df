"""benchmarks/msra_corpus.py: the held-out split and MSRA's tags mapped to the project's conventions."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kg.extract.gold import GoldParagraph, read_gold
from kg.model import EntityType
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from msra_corpus import HELD_OUT, project_conventions, split, write_bmes  # noqa: E402

PER, LOC, ORG = EntityType.PER, EntityType.LOC, EntityType.ORG


def _mapped(text: str, *spans: tuple[int, int, EntityType]) -> list[str]:
    paragraph = project_conventions(GoldParagraph("s", text, tuple(spans)))
    return [f"{paragraph.text[s:e]}/{k.value}" for s, e, k in paragraph.spans]


def test_one_character_abbreviations_are_not_names_but_surnames_stay() -> None:
    assert _mapped("中美两国", (0, 1, LOC), (1, 2, LOC)) == []
    assert _mapped("老李说", (1, 2, PER)) == ["李/PER"]


def test_a_country_before_its_government_is_the_government() -> None:
    assert _mapped("加拿大政府宣布", (0, 3, LOC)) == ["加拿大政府/ORG"]


def test_military_regions_are_organizations_and_congresses_are_not_mentions() -> None:
    assert _mapped("南京军区部队", (0, 4, LOC)) == ["南京军区/ORG"]
    assert _mapped("党的十六大召开", (2, 5, ORG)) == []
    assert _mapped("中华民族", (0, 2, LOC)) == []
    assert _mapped("该公司表示", (1, 3, ORG)) == []


def test_other_mentions_pass_unchanged() -> None:
    assert _mapped("王小明在杭州市工作", (0, 3, PER), (4, 7, LOC)) == ["王小明/PER", "杭州市/LOC"]


def test_the_held_out_slice_is_the_last_sentences(tmp_path: Path) -> None:
    corpus = tmp_path / "train.bmes"
    sentences = [GoldParagraph(str(i), f"第{i}句在武汉", ((len(str(i)) + 3, len(str(i)) + 5, LOC),)) for i in range(HELD_OUT + 3)]
    write_bmes(sentences, corpus)
    training, held = split(corpus)
    assert [p.text for p in training] == ["第0句在武汉", "第1句在武汉", "第2句在武汉"]
    assert len(held) == HELD_OUT and held[-1].text == f"第{HELD_OUT + 2}句在武汉"


_NAME = st.text(alphabet="王李张杭州市武汉", min_size=1, max_size=4)


@given(st.lists(st.tuples(_NAME, st.sampled_from([PER, LOC, ORG]), st.text(alphabet="的了在和", max_size=3)), max_size=6))
def test_bmes_written_reads_back(parts: list[tuple[str, EntityType, str]]) -> None:
    text, spans = "", []
    for name, kind, gap in parts:
        spans.append((len(text), len(text) + len(name), kind))
        text += name + (gap or "。")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.bmes"
        write_bmes([GoldParagraph("s", text, tuple(spans))], out)
        back = list(read_gold(out, fmt="bmes"))
    if text:
        assert back[0].text == text and list(back[0].spans) == spans
