"""Fuzzing the whole per-page extraction: arbitrary page text, with the things real pages
hold (tables, tabs, brackets, bylines, datelines, markers) mixed in.

The per-stage properties live beside their stages (test_segment, test_bylines,
test_recognize, test_events, test_timex); this one runs ``kg.build.pipeline.extract_page``
end to end and maps the result to RDF. ``benchmarks/fuzz.py`` runs the same properties
with 10,000 examples each.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, parse, serialize

from kg.read.decoding import clean_text
from kg.model import Page, PageMeta, PageResult
from kg.graph.namespace import Minter
from kg.extract.page import extract_page

FRAGMENTS = (
    "\n", "\n\n", "\n\n\n", "\t", " ", "\u3000", "\r\n", "。", "，", "、", "：", "；", "！", "？", "……", "——",
    "“", "”", "「", "」", "（", "）", "(", ")", "【", "】", "《", "》", "[", "]", "<", ">", "&", '"', "'", "#",
    "□ 记者 王子瑶", "□ 记者 张明金 通讯员 刘园园", "记者 ", "通讯员", "实习生 李明", "摄影 陈剑", "（记者 张三）",
    "文/图 王五", "本报讯", "本报讯（记者 周文静）", "新华社北京1月8日电", "驻荆州经开区记者 伍丹",
    "（上接第2版）", "下转第3版", "接第一版", "图为", "▲", "（图片由荆州市公安局提供）",
    "荆州市", "荆州市公安局", "公安县夹竹园镇", "荆州(武汉)离岸科创中心", "A/B公司", "市委书记吴锦",
    "荆州市交通运输局局长", "“雷火”行动", "“严打整治”百日行动", "春运工作会议", "召开", "出席会议并讲话",
    "1月8日", "2023年1月", "去年11月30日", "元旦", "春节期间", "１２月", "第十届",
    "姓名\t电话\t单位\n张三\t8888\t荆州市公安局\n", "单位：荆州市人民医院\n地址：沙市区",
    "咨询电话：12345", "通知", "招聘启事", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "\ufeff", "\u200b", "\x00", "\x07", "\ud800", "\U0001f600", "𠀀", "﹏", "\u2028", "\x85",
)  # fmt: skip
_FRAGMENT = st.sampled_from(FRAGMENTS)
_PIECE = st.one_of(_FRAGMENT, _FRAGMENT, _FRAGMENT, st.text(max_size=12), st.integers(0, 3000).map(str))
_PROSE = st.lists(_PIECE, max_size=80) | st.lists(_PIECE, min_size=10, max_size=80)  # lists are short unless told
_BYLINE = st.sampled_from(
    ["□ 记者 王子瑶", "□ 记者 张明金 通讯员 刘园园", "记者 伍丹 实习生 李明", "□ 本报记者 陈剑明 摄影 周文静", "文/图 王五"]
)
# A page the way exports lay them out: heading, byline line, body, blank lines between.
_ITEM = st.tuples(st.lists(_PIECE, max_size=6).map("".join), _BYLINE | _PROSE.map("".join), _PROSE.map("".join))
_LAID_OUT = st.lists(_ITEM.map("\n\n".join), min_size=1, max_size=4).map("\n\n".join)
# What ingest hands on: cleaned text, as from a .txt page or a JSON Lines record.
PAGE_TEXT = (_PROSE.map("".join) | _LAID_OUT).map(clean_text)
HEADING = st.none() | st.lists(_PIECE, max_size=5).map("".join).map(clean_text)


def page_of(text: str, *, headline: str | None = None, byline: str | None = None, date: str | None = None) -> Page:
    meta = PageMeta(source="fuzz.txt", paper="荆州日报", date=date, page="01", page_id="fuzz",
                    home_city="荆州市", province="湖北省")
    return Page(meta, text, headline=headline, byline=byline)


def check_extraction(page: Page, *, use_tagger: bool = False) -> PageResult:
    """Extract one page and check every offset and reference, and that its RDF is valid.

    Raises:
        AssertionError: with what was wrong.
    """
    result = extract_page(page, use_tagger=use_tagger)
    keys = [item.article.key for item in result.articles]
    assert len(set(keys)) == len(keys) == len(result.record.articles)
    for item in result.articles:
        text = item.article.text
        assert -1 <= item.article.table_start < max(1, len(text))
        for b in item.article.bylines:
            assert b.name and b.name.strip() == b.name
        for m in item.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text, m
        for e in item.events:
            assert 0 <= e.start < e.end <= len(text) and e.name, e
            if e.time is not None and e.time.offset >= 0:
                assert text[e.time.offset : e.time.offset + len(e.time.text)] == e.time.text
            refs = [e.place, *e.organizers, *(i for i, _ in e.participants)]
            assert all(r is None or 0 <= r < len(item.mentions) for r in refs)
    _check_rdf(result)
    return result


def _check_rdf(result: PageResult) -> None:
    """The page's quads serialize to N-Quads that parse back to the same quads."""
    from kg.graph.rdf import Context, article_quads, page_quads

    context = Context(Minter(), Minter().build("fuzz"))
    quads = page_quads(result.record, context=context)
    for item in result.articles:
        quads += article_quads(item, context=context)
    data = serialize(quads, format=RdfFormat.N_QUADS)
    assert set(parse(data, RdfFormat.N_QUADS)) == set(quads)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_TEXT, st.sampled_from([None, "2023-01-09"]))
def test_any_page_extracts_with_valid_offsets_and_rdf(text: str, date: str | None) -> None:
    check_extraction(page_of(text, date=date))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_TEXT.filter(str.strip), HEADING, HEADING)
def test_any_json_lines_record_extracts_with_valid_offsets(text: str, headline: str | None, byline: str | None) -> None:
    check_extraction(page_of(text, headline=headline or None, byline=byline or None))


def test_the_fragments_themselves_extract() -> None:
    """Every fragment alone and all of them at once: the cases shrinking would land on."""
    for fragment in (*FRAGMENTS, "".join(FRAGMENTS)):
        check_extraction(page_of(clean_text(fragment)))
