"""Recognize persons, organizations and places in article text.

Layers, most reliable first: contact tables and title + name rules, organization
grammar and government abbreviations, the administrative gazetteer, and a statistical
tagger (a character CRF, see :mod:`kg.extract.recognize.tagger`). :mod:`kg.extract.recognize.fusion`
chooses among them; the result is a tuple of mentions with offsets into ``text``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from kg.extract.gazetteer import KeyScanner, load_gazetteer
from kg.model import Article, EntityType, Mention, MentionSource, PageMeta
from kg.extract.recognize import boundaries, foreign, fusion, guards, person_edges, person_spans
from kg.extract.recognize.armed_forces import find_armed_services, find_numbered_units
from kg.extract.recognize.kinds import with_kinds
from kg.extract.recognize.familiar import find_familiar, find_nicknames
from kg.extract.recognize.lexicon import Lexicon, load_lexicon
from kg.extract.recognize.landmarks import find_landmarks
from kg.extract.recognize.local_places import find_local_places
from kg.extract.recognize.org_known import find_acronym_orgs
from kg.extract.recognize.orgs import find_orgs
from kg.extract.recognize.people import find_people
from kg.extract.recognize.person_lists import find_listed_persons, find_table_persons
from kg.extract.recognize.person_sites import find_sites
from kg.extract.recognize.persons import find_surnames, find_titled_persons
from kg.extract.recognize.places import find_places
from kg.extract.recognize.short_names import find_short_names
from kg.extract.recognize.shops import find_eateries
from kg.extract.recognize.side_by_side import split_addresses
from kg.extract.recognize.sites import to_sites
from kg.extract.recognize.stocks import find_china_names, find_listed_names, find_market_tables
from kg.extract.spans import Edges, SpanIndex
from kg.lang.words import WordIndex
from kg.read.segment import table_of

__all__ = ["recognize_mentions", "recognize_text", "tag_articles"]


@functools.cache
def _title_scanner(lex: Lexicon) -> KeyScanner:
    return KeyScanner(lex.titles_pre | lex.titles_post)


@functools.cache
def _tagger():
    from kg.extract.recognize.tagger import CrfTagger

    return CrfTagger.load()


def recognize_mentions(
    article: Article, *, use_tagger: bool = True, tagged: Sequence[tuple[int, int, EntityType]] | None = None
) -> tuple[Mention, ...]:
    """Find the mentions of persons, organizations and places in one article.

    Args:
        article: the article; offsets refer to ``article.text``.
        use_tagger: also run the statistical tagger (rules and gazetteer always run).
        tagged: the tagger's spans of ``article.text``, when they were found already
            (:func:`tag_articles`); None: the tagger runs here if ``use_tagger``.

    Returns:
        Non-overlapping mentions in text order, each with ``text[start:end]`` as its
        surface form and, where the rules know it, its canonical name and code.
    """
    spans = tagged
    if spans is None and use_tagger and article.text:
        spans = _tagger().tag_spans([article.text])[0]
    return _recognize(article.key, article.text, article.meta, article.table_start, spans)


def tag_articles(articles: Sequence[Article]) -> list[list[tuple[int, int, EntityType]]]:
    """The tagger's spans of each article's text, found in one call.

    The tagger decodes the texts it is given together, one step a character position for all of
    them: a page's articles cost about the time of its longest, not the sum of them all.
    """
    return _tagger().tag_spans([article.text for article in articles])


def recognize_text(
    texts: Sequence[str],
    *,
    meta: PageMeta | None = None,
    use_tagger: bool = True,
    model: Path | None = None,
) -> list[tuple[Mention, ...]]:
    """Recognize mentions in plain texts (for ``kg ner`` and ``kg evaluate``).

    Args:
        model: a CRF model file other than the shipped one (e.g. a cross-validation fold's).
    """
    meta = meta or PageMeta(source="-")
    if not use_tagger:
        tagged: list = [None] * len(texts)
    else:
        from kg.extract.recognize.tagger import CrfTagger

        tagger = CrfTagger.load(model) if model is not None else _tagger()
        tagged = tagger.tag_spans(list(texts))
    # A line of tab-separated cells is a table row, as in a page (a contact table's names).
    return [
        _recognize(f"text-{i}", text, meta, table_of(text)[1], spans)
        for i, (text, spans) in enumerate(zip(texts, tagged))
    ]


def _is_place_name(text: str, gaz) -> bool:  # noqa: ANN001 - the gazetteer
    """黎巴嫩 before 总理 is a country, not a person called 黎巴嫩."""
    return bool(gaz.places(text)) or text in gaz.countries or any(
        p.level != "county" for p in gaz.by_alias.get(text, ())
    )


def _recognize(
    key: str,
    text: str,
    meta: PageMeta,
    table_start: int,
    spans: Sequence[tuple[int, int, EntityType]] | None,
) -> tuple[Mention, ...]:
    if not text:
        return ()
    lex, gaz = load_lexicon(), load_gazetteer()
    words = WordIndex.of(text)
    places = list(find_places(key, text, meta, gaz, words))
    candidates = places + list(find_orgs(key, text, meta, lex, gaz, words, places))
    titles = _title_scanner(lex).find(text)
    candidates += _by_rules(key, text, lex, words, titles, table_start)
    candidates += [
        Mention(key, s, e, text[s:e], t, MentionSource.TAGGER) for s, e, t in (spans or ())
    ]
    candidates = find_local_places(key, text, meta, gaz, words, candidates)  # 某某区文化路: a Road there
    candidates += find_landmarks(key, text, words, candidates)  # 外滩, 红场: landmarks by their names
    candidates += find_people(key, text, words, candidates)  # 王菲, 华仔 → 刘德华: well-known persons named bare
    candidates += find_armed_services(key, text, gaz.countries)  # 某国海军, 某国海警: a country's service
    pre_title_ends = {end for _, end, title in titles if title in lex.titles_pre}
    candidates = find_short_names(key, text, words, _mended(key, text, candidates, words, pre_title_ends))  # 中美, 访华
    persons = Edges.of((m.start, m.end) for m in candidates if m.type is EntityType.PER)
    place_spans = SpanIndex((m.start, m.end) for m in places)
    candidates = [
        m for m in candidates
        if fusion.plausible(m)
        and not fusion.ambiguous_alias(m, gaz.county_aliases)
        and not (m.type is EntityType.PER and _is_place_name(m.text, gaz))
        and fusion.in_context(m, text, words, place_spans, lex, persons)
        and not guards.ordinary(m, text, words)
    ]
    candidates = split_addresses(candidates, text, functools.partial(gaz.place_at, text))
    chosen = fusion.select(fusion.prefer_longer_tagger(candidates))
    chosen = foreign.country_kinds(chosen, gaz.countries)
    return tuple(with_kinds(fusion.spread(chosen, text, words)))  # 某某医院: a Hospital


def _by_rules(
    key: str, text: str, lex: Lexicon, words: WordIndex, titles: Sequence[tuple[int, int, str]], table_start: int
) -> list[Mention]:
    """The persons, sites and acronym bodies the rules find before the tagger's names join them."""
    return [
        *find_titled_persons(key, text, lex, words, titles),
        *find_surnames(key, text, lex, words, titles),
        *find_familiar(key, text, words),  # 老王, 小李
        *find_nicknames(key, text),  # C罗, J罗
        *find_table_persons(key, text, table_start),
        *find_sites(key, text, lex),
        *find_acronym_orgs(key, text),  # NBA官方, 某战队成员: capitals with a body's cue
        *find_market_tables(key, text),  # 某某股份12．34某某A9．87: a market table's companies
        *find_listed_names(key, text),  # 某某化学公告, 某某玻璃董事长: listed companies' short names
        *find_china_names(key, text),  # 中国某某董事长: a state group's short name
        *find_numbered_units(key, text),  # 二纵四师十一团, 红四军军部: army units by number
        *find_eateries(key, text, words),  # 老某家面馆, 老某烧烤: eateries by their keeper
    ]


def _mended(
    key: str, text: str, candidates: list[Mention], words: WordIndex, pre_title_ends: set[int]
) -> list[Mention]:
    """The candidates with their types and edges corrected from context, and the names they imply added."""
    lex, gaz = load_lexicon(), load_gazetteer()
    is_place = functools.partial(_is_place_name, gaz=gaz)
    candidates = foreign.retype(candidates, text, lex, pre_title_ends)  # 切尔西主场: a team
    candidates += foreign.find_foreign(key, text, words, lex, pre_title_ends, candidates)
    candidates = person_spans.persons_by_context(candidates, text, pre_title_ends, is_place)
    candidates = person_spans.split_place_prefix(candidates, text, lex.surnames, is_place)
    candidates = person_spans.trim_to_known(person_spans.join_dotted(candidates, text), text, lex.surnames)
    candidates = person_spans.by_neighbours(candidates, text, words, lex.surnames, is_place)  # 首都某某, 甲、乙等商场
    candidates = person_edges.mend_edges(key, candidates, text, lex.surnames, pre_title_ends)  # 某某则因, 主帅|帅某某, 扎西顿珠
    candidates = boundaries.fix_edges(candidates, text, words)  # 某甲说, 袁某乔某某, 子商务协会
    candidates = person_spans.join_fragments(candidates, text)  # 某某|某某, 某某|某二世: one foreign name cut in two
    candidates += find_listed_persons(key, text, lex, candidates, is_place)
    candidates = to_sites(fusion.trim_credits(candidates, text), text, lex, words)
    return candidates + fusion.recurrences(candidates, text, words)
