"""Who said what: direct quotations, reported speech and their speakers, on invented sentences."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.page import extract_page, profiled
from kg.extract.quotes import find_quotations
from kg.extract.recognize import recognize_mentions
from kg.extract.resolve import resolve_mentions
from kg.model import Article, ArticleKind, EntityKey, EntityType, Mention, Page, PageMeta, Quotation, Speech

PAPER = "三峡日报"  # a paper of data/papers.toml: its home city is 宜昌市


def _article(text: str) -> tuple[Article, tuple[Mention, ...]]:
    meta = profiled(Page(PageMeta(source="test", paper=PAPER, date="2024-03-06"), text)).meta
    article = Article(key="测试/1", meta=meta, kind=ArticleKind.ARTICLE, headline="标题", text=text)
    found = recognize_mentions(article, use_tagger=False)
    return article, resolve_mentions(found, meta=meta, text=text)


def _quotes(text: str) -> tuple[Quotation, ...]:
    article, mentions = _article(text)
    quotes = find_quotations(article, mentions)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


def _one(text: str) -> Quotation:
    quotes = _quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


PERSON = EntityKey.of(EntityType.PER, "王建国")
POLICE = EntityKey.of(EntityType.ORG, "宜昌市公安局")


# ------------------------------------------------------------------ direct quotations


def test_a_quotation_after_the_verb():
    q = _one("市长王建国说：“今年我们要把老旧小区改造好。”")
    assert (q.speech, q.text, q.speaker, q.entity) == (Speech.DIRECT, "今年我们要把老旧小区改造好。", "市长王建国", PERSON)


def test_a_quotation_before_the_verb():
    q = _one("“今年我们要把老旧小区改造好。”市长王建国在会上说。")
    assert (q.speech, q.speaker, q.entity) == (Speech.DIRECT, "市长王建国", PERSON)


def test_the_verb_may_come_clauses_after_a_quoted_sentence():
    q = _one("“路修好了，心里就踏实了。”3月5日，在新建的广场上，市长王建国说道。")
    assert (q.text, q.entity) == ("路修好了，心里就踏实了。", PERSON)


def test_a_quotation_spans_sentences_and_a_split_one_keeps_its_speaker():
    q = _one("“第一件事办完了。第二件事也要办好！”市长王建国表示。")
    assert q.text == "第一件事办完了。第二件事也要办好！" and q.entity == PERSON
    first, second = _quotes("“办法总比困难多，”市长王建国说，“关键是要动手去做。”")
    assert (first.text, second.text) == ("办法总比困难多，", "关键是要动手去做。")
    assert first.entity == second.entity == PERSON


def test_a_quoted_sentence_standing_alone_has_no_speaker_unless_one_opens_what_follows():
    alone = _one("一段介绍。\n“我们一定把事情办好。”\n下一段介绍。")
    assert alone.speaker is None and alone.entity is None
    described = _one("他们刚到家。“门锁被撬开了，家里乱成一团。”被盗村民一脸无奈。")
    assert (described.speaker, described.entity) == ("被盗村民", None)


# ------------------------------------------------------------------ reported speech


def test_reported_speech_after_a_comma_or_a_modal():
    q = _one("市长王建国表示，今年将新建三座口袋公园。")
    assert (q.speech, q.text, q.entity) == (Speech.REPORTED, "今年将新建三座口袋公园", PERSON)
    q = _one("市长王建国在会上讲话，强调要抓好安全生产工作。")
    assert (q.speech, q.text, q.speaker, q.entity) == (Speech.REPORTED, "要抓好安全生产工作", "市长王建国", PERSON)


def test_a_direct_quotation_and_the_reported_speech_after_it():
    direct, reported = _quotes("“安全是最大的民生。”宜昌市公安局负责人表示，新的一年将继续加大巡逻力度。")
    assert (direct.speech, reported.speech) == (Speech.DIRECT, Speech.REPORTED)
    assert reported.text == "新的一年将继续加大巡逻力度"
    assert direct.entity == reported.entity == POLICE and direct.role == reported.role == "负责人"


def test_reported_speech_needs_a_speaker():
    assert _quotes("据介绍，今年将新建三座口袋公园。") == ()
    assert _quotes("也就是说，今年将新建三座口袋公园。") == ()


# ------------------------------------------------------------------ speakers


def test_a_named_speaker_is_the_node_of_the_article_s_mentions():
    article, mentions = _article("市长王建国来到社区。王建国说：“大家的事就是我们的事。”")
    [quote] = find_quotations(article, mentions)
    named = {m.entity for m in mentions if m.text == "王建国"}
    assert named == {quote.entity} == {PERSON}


def test_a_body_s_role_speaks_for_the_body_and_a_pointer_finds_it_again():
    first, second = _quotes(
        "宜昌市公安局负责人表示：“我们将全力守护平安。”\n该局有关负责人介绍，今年共破获案件三百余起。"
    )
    assert (first.speaker, first.entity, first.role) == ("宜昌市公安局负责人", POLICE, "负责人")
    assert (second.speech, second.speaker, second.entity, second.role) == (
        Speech.REPORTED, "该局有关负责人", POLICE, "有关负责人",
    )  # fmt: skip


def test_a_described_person_is_kept_as_printed():
    q = _one("“这里的风景真美，下次还要来。”来自外地的游客张先生笑着说。")
    assert (q.speaker, q.entity) == ("来自外地的游客张先生", None)
    q = _one("一位市民告诉记者：“公园修好以后，每天都来散步。”")
    assert (q.speaker, q.entity) == ("一位市民", None)


def test_a_pronoun_refers_back_where_one_person_is_clear():
    q = _one("市长王建国来到社区看望居民。他说：“大家的冷暖就是政府的大事。”")
    assert (q.speaker, q.entity) == ("他", PERSON)
    unclear = _one("市长王建国和副市长李明华来到社区。他说：“大家的冷暖就是政府的大事。”")
    assert (unclear.speaker, unclear.entity) == ("他", None)


def test_a_pronoun_after_a_quotation_is_its_speaker():
    first, second = _quotes("市长王建国说：“今年要办十件实事。”他还表示，每一件都要落到实处。")
    assert first.entity == second.entity == PERSON and second.speech is Speech.REPORTED


# ------------------------------------------------------------------ what is no quotation


@pytest.mark.parametrize(
    "text",
    [
        "全市开展“清风”行动，查处违法案件十余起。",
        "我市三座公园获评“最美街心公园”。",
        "该区印发《实施方案》，明确今年的目标。",
        "坚持“安全第一、预防为主”的方针，落实各项措施。",
        "“绿水青山，金山银山”这句口号，早已深入人心。",
        "会上提出“办法总比困难多，关键要动手”的要求。",
        "他听说，明天要下雨。",
        "这部小说，写的是一座小城的故事。",
    ],
)
def test_quoted_names_slogans_and_titles_are_no_quotations(text):
    assert _quotes(text) == ()


# ------------------------------------------------------------------ the page stage and offsets


def test_extract_page_keeps_the_quotations_of_each_article():
    text = "市长说了话\n\n本报讯 市长王建国表示，今年将新建三座口袋公园。"
    page = Page(PageMeta(source="test.txt", paper=PAPER, date="2024-03-06"), text)
    [result] = extract_page(page, use_tagger=False).articles
    assert [(q.speech, q.entity) for q in result.quotes] == [(Speech.REPORTED, PERSON)]
    assert all(q.article == result.article.key for q in result.quotes)


_PIECES = st.sampled_from(
    ["“", "”", "「", "」", "，", "。", "：", "！", "说", "表示", "指出", "他", "她", "该局", "负责人",
     "市民", "张三", "要", "据", "听说", "\n", "今年", "工作", "在会上", "“好。”"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.data())
def test_offsets_always_give_the_quotation_s_text(pieces: list[str], data: st.DataObject):
    text = "".join(pieces)
    meta = PageMeta(source="test")
    article = Article(key="k", meta=meta, kind=ArticleKind.ARTICLE, headline=None, text=text)
    starts = [i for i in range(len(text) - 1) if text.startswith("张三", i)]
    chosen = data.draw(st.lists(st.sampled_from(starts), unique=True)) if starts else []
    mentions = [
        dataclasses.replace(Mention("k", i, i + 2, "张三", EntityType.PER), entity=EntityKey.of(EntityType.PER, "张三"))
        for i in sorted(chosen)
    ]
    for q in find_quotations(article, mentions):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.entity in (None, EntityKey.of(EntityType.PER, "张三"))


def test_a_member_of_a_body_speaks_for_it_and_a_list_of_bodies_for_none_of_them():
    q = _one("宜昌市公安局一位年轻的民警告诉记者，今年的巡逻比往年多了一倍。")
    assert (q.speaker, q.entity, q.role) == ("宜昌市公安局一位年轻的民警", POLICE, "民警")
    assert _quotes("宜昌市公安局、宜昌市教育局等单位提出，今年要办好十件实事。") == ()


_TITLE_PIECES = ["副市长", "市长", "副书记", "书记", "副局长", "局长", "副", "长", "、", "的", "王建国", "市"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=8), st.integers(min_value=0, max_value=40))
def test_a_speaker_s_phrase_takes_in_the_longest_titles_before_the_name(pieces: list[str], lo: int):
    """The phrase before a speaker's name runs back over titles, the longest that fits each
    time, never before the clause's start: as trying every title of the lexicon would."""
    from kg.extract.speakers import Text, _phrase_start
    from kg.lang.lexicons import title_words

    text = "".join(pieces) + "王建国"
    head, lo = len(text) - 3, min(lo, len(text) - 3)

    def every_title(pos: int) -> int:
        while pos > lo:
            if text[pos - 1] in "、的":
                pos -= 1
                continue
            fits = [w for w in title_words() if text.startswith(w, pos - len(w)) and pos - len(w) >= lo]
            if not fits:
                break
            pos -= max(map(len, fits))
        while pos < head and text[pos] in "、的":
            pos += 1
        return pos

    assert _phrase_start(Text(text, (), names={}), lo, head) == every_title(head)
