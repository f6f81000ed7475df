"""Foreign names: countries, cities, clubs and companies of the lexicons, transliterated names
typed by what stands around them, and names in Latin script.

切尔西 and 阿森纳 look like persons to the tagger, 罗斯托夫 too, and 京东 like a place. The
lexicons (``data/lexicons/foreign_*.tsv``) name the well-known ones; for the others, the words
around a transliterated name decide: a title or 说 make it a person, 队 or 主场 a team, 州 or
抵达 a place, 公司 or 旗下 a company (``data/lexicons/foreign_context.txt``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Collection, Sequence

import rjieba

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import KeyScanner, Place
from kg.extract.recognize.lexicon import ForeignReading, Lexicon, foreign_context, foreign_names
from kg.extract.spans import revised
from kg.lang.chars import HAN, LIST_JOINS
from kg.lang.lexicons import person_words
from kg.lang.person_names import starts_with_surname, surnames, transliterated
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = ["country_kinds", "find_foreign", "latin_candidate", "latin_name", "retype"]

# One word of a Latin-script name: Steven, McDonald, O'Brien, Jean-Paul.
_LATIN_WORD = r"(?:O')?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"
_LATIN_NAME = re.compile(rf"(?<![A-Za-z0-9]){_LATIN_WORD}(?:[ ·.]{_LATIN_WORD}){{0,3}}(?![A-Za-z0-9])")
_LATIN = re.compile(r"[A-Za-z]")
_LIST_JOINS = LIST_JOINS


def latin_name(text: str) -> bool:
    """Steven Johns, McDonald: a name written in Latin script, each word capitalized."""
    return _LATIN_NAME.fullmatch(text) is not None


def latin_candidate(mention: Mention) -> bool:
    """A Latin-script person this module's rules found, or a brand of the lexicons (Google, IBM)."""
    if not _LATIN.match(mention.text):
        return False
    if mention.type is EntityType.PER:
        return mention.source == MentionSource.RULE and latin_name(mention.text)
    return mention.source == MentionSource.GAZETTEER and mention.text in foreign_names()


@functools.cache
def _scanner() -> KeyScanner:
    return KeyScanner(foreign_names())


@functools.cache
def _cues() -> dict[str, tuple[str, ...]]:
    """Each section of the context words, longest first (``startswith`` takes the first match)."""
    sections = ("team_after", "team_verbs", "place_suffix_city", "place_suffix", "place_before",
                "place_prepositions", "company_after")
    out = {s: tuple(sorted(foreign_context(s), key=len, reverse=True)) for s in sections}
    out["person_after"] = tuple(sorted(person_words("cues"), key=len, reverse=True))
    out["place_suffixes"] = tuple(sorted(out["place_suffix_city"] + out["place_suffix"], key=len, reverse=True))
    return out


@dataclasses.dataclass(frozen=True)
class _Context:
    """What the words around one span say it is."""

    team: bool
    company: bool
    place: bool
    person: bool


def _context(text: str, start: int, end: int, lex: Lexicon, title_ends: Collection[int], names: frozenset[str]) -> _Context:
    cues = _cues()
    after = text[end : end + 4]
    before = text[max(0, start - 6) : start]
    team = after.startswith(cues["team_after"]) or _beside_team(text, start, end, names)
    place = (
        before.endswith(cues["place_before"]) or _after_country(text, start)
        or _suffix(text, end, cues["place_suffixes"]) > 0
    )
    titled = after.startswith(tuple(lex.titles_post))
    # 出任某某董事长: the office's body stands between 出任 and the title, its holder elsewhere.
    office = titled and before.endswith(_OFFICE_CUES)
    person = not office and (start in title_ends or after.startswith(cues["person_after"]) or titled)
    return _Context(team, office or after.startswith(cues["company_after"]), place, person)


_OFFICE_CUES = tuple(person_words("office_cues"))


def _beside_team(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """X战胜Y, X客场1比2负于Y: a match verb joins the span to another team's name."""
    verbs = _cues()["team_verbs"]
    pos = _GAP_AFTER.match(text, end).end()
    verb = next((v for v in verbs if text.startswith(v, pos)), None)
    if verb and _team_at(text, pos + len(verb), names, forward=True):
        return True
    verb = next((v for v in verbs if text.endswith(v, 0, start)), None)
    if not verb:
        return False
    left = start - len(verb)
    gap = _GAP_BEFORE.search(text[max(0, left - 12) : left])
    return _team_at(text, left - (len(gap.group()) if gap else 0), names, forward=False)


# What stands between a team and its match verb: the venue and the score (主场以2比1).
_GAP_AFTER = re.compile(r"(?:主场|客场)?以?(?:\d+[比:：]\d+)?")
_GAP_BEFORE = re.compile(r"(?:主场|客场)?以?(?:\d+[比:：]\d+)?$")


def _team_at(text: str, pos: int, names: frozenset[str], *, forward: bool) -> bool:
    """A club of the lexicons, or a name with 队, starts (``forward``) or ends at ``pos``."""
    for size in range(2, 8):
        span = text[pos : pos + size] if forward else text[max(0, pos - size) : pos]
        if len(span) < size:
            return False
        if span in names or span.endswith("队") and len(span) >= 3:
            return True
    return False


@functools.cache
def _team_names() -> frozenset[str]:
    return frozenset(n for n, rs in foreign_names().items() if any(r.kind is EntityKind.SPORTS_TEAM for r in rs))


def _after_country(text: str, start: int) -> bool:
    """在俄罗斯伏尔加格勒: a preposition and a country right before the span."""
    names, prepositions = _country_names(), _cues()["place_prepositions"]
    for size in range(1, min(start, _longest_country()) + 1):  # the names that end at ``start``, not every name
        if text[start - size : start] in names and text[: start - size].endswith(prepositions):
            return True
    return False


@functools.cache
def _longest_country() -> int:
    return max(map(len, _country_names()), default=0)


@functools.cache
def _country_names() -> dict[str, object]:
    from kg.extract.gazetteer import load_gazetteer

    names = {n: r for n, r in foreign_names().items() if r[0].kind is EntityKind.COUNTRY}
    return {**dict.fromkeys(load_gazetteer().countries), **names}


def _suffix(text: str, end: int, suffixes: Sequence[str]) -> int:
    """The length of a place suffix after ``end`` that ends a word (伏尔加格勒市, not 莫斯科市长).

    Args:
        suffixes: longest first (a section of :func:`_cues`), so that the first to match is the longest.
    """
    suffix = next((s for s in suffixes if text.startswith(s, end)), "")
    after = text[end + len(suffix) : end + len(suffix) + 1]
    if not suffix or after and HAN.match(after) and word_tag(text[end : end + len(suffix) + 1]):
        return 0
    return len(suffix)


def _choose(readings: Sequence[ForeignReading], ctx: _Context) -> ForeignReading | None:
    """The reading the context asks for, else the first that needs no cue."""
    for reading in readings:
        if (
            ctx.team and reading.kind is EntityKind.SPORTS_TEAM
            or ctx.company and reading.kind is EntityKind.CORPORATION
            or ctx.place and reading.type is EntityType.LOC
        ):
            return reading
    if ctx.person:
        return next((r for r in readings if r.kind is EntityKind.COUNTRY), None)  # 华盛顿说: a person
    return next((r for r in readings if not r.needs_cue), None)


def _extent(text: str, end: int, kind: EntityKind | None, words: WordIndex) -> int:
    """Where the mention ends: 切尔西队 and 伏尔加格勒市 take their last character in."""
    if kind is EntityKind.SPORTS_TEAM and text.startswith("队", end):
        return end + 1
    if kind is EntityKind.CORPORATION and text.startswith(("公司", "集团"), end) and at_boundary(text, end + 2, words):
        return end + 2
    if kind in (EntityKind.CITY, None):
        return end + _suffix(text, end, _cues()["place_suffix_city" if kind else "place_suffixes"])
    return end


def _boundary(text: str, at: int, words: WordIndex) -> bool:
    """No word runs across ``at``: a Latin word neither, and a guess of the segmenter's does not count."""
    if 0 < at < len(text) and _LATIN.match(text[at - 1]) and _LATIN.match(text[at]):
        return False
    if at_boundary(text, at, words):
        return True
    # The segmenter glues unknown transliterations to their neighbours (切尔西主 …): only a
    # word of its dictionary across ``at`` shows the name is inside another word.
    start = max((s for s in range(max(0, at - 6), at) if s in words.starts and words.starts[s][0] > at), default=None)
    return start is None or not word_tag(text[start : words.starts[start][0]])


def find_foreign(
    key: str, text: str, words: WordIndex, lex: Lexicon, title_ends: Collection[int], candidates: Sequence[Mention] = (),
) -> list[Mention]:
    """Mentions of the foreign names of the lexicons, and of Latin-script persons and brands.

    Args:
        title_ends: where titles before a name end (总统|X).
        candidates: the candidates so far: a Latin name listed beside their persons is one.
    """
    names = foreign_names()
    teams = _team_names()
    out = _lexicon_names(key, text, words, lex, title_ends, teams)
    if not _LATIN.search(text):
        return out  # most news has no Latin letter: the name pattern, tried at every character, costs more
    taken = {(m.start, m.end) for m in out}
    persons = {at for m in candidates if m.type is EntityType.PER for at in (m.start, m.end)}
    for match in _LATIN_NAME.finditer(text):
        start, end = match.span()
        if (start, end) in taken or match.group() in names:
            continue
        ctx = _context(text, start, end, lex, title_ends, teams)
        listed = _listed(text, start, end, persons)
        if (ctx.person or listed) and not (ctx.company or ctx.team):
            out.append(Mention(key, start, end, text[start:end], EntityType.PER, MentionSource.RULE))
    return out


def _lexicon_names(
    key: str, text: str, words: WordIndex, lex: Lexicon, title_ends: Collection[int], teams: frozenset[str],
) -> list[Mention]:
    """The mentions of the lexicons' foreign names, each read as what the words around it say."""
    names = foreign_names()
    out = []
    for start, end, name in _scanner().find(text):
        if not _boundary(text, start, words):
            continue
        ctx = _context(text, start, end, lex, title_ends, teams)
        if text[:start].endswith(_cues()["place_prepositions"]):
            ctx = dataclasses.replace(ctx, place=True)  # 在莫斯科会见: the place of a meeting
        reading = _choose(names[name], ctx)
        if reading is None:
            continue
        stop = _extent(text, end, reading.kind, words)
        if not (_boundary(text, end, words) or stop > end and _boundary(text, stop, words)):
            continue  # 苹果公司 is one word of the segmenter's
        out.append(Mention(
            key, start, stop, text[start:stop], reading.type, MentionSource.GAZETTEER,
            canonical=reading.canonical if stop == end else None, kind=reading.kind,
        ))
    return out


def _listed(text: str, start: int, end: int, persons: Collection[int]) -> bool:
    """张三、Steven Johns和李四: the name is an item of a list of persons."""
    return (
        text[start - 1 : start] in tuple(_LIST_JOINS) and start - 1 in persons
        or text[end : end + 1] in tuple(_LIST_JOINS) and end + 1 in persons
    )


def retype(candidates: Sequence[Mention], text: str, lex: Lexicon, title_ends: Collection[int]) -> list[Mention]:
    """The tagger's transliterated names, typed by their context (切尔西主场 a team, 抵达罗斯托夫 a place).

    A name the context says nothing of keeps the tagger's type. A team, company or place so
    decided becomes a rule's mention: the organization checks of the tagger's guesses look for
    a naming word these names do not have.
    """
    names = foreign_names()
    teams = _team_names()
    out = []
    for m in candidates:
        if m.source == MentionSource.TAGGER and (transliterated(m.text) or m.text in names):
            m = _decide(m, text, lex, title_ends, teams)
        elif m.source == MentionSource.TAGGER and m.type is not EntityType.PER:
            m = _titled_name(m, text, title_ends)
        out.append(m)
    return out


# 市长|江镇: a "name" that ends as a division does after a title is a place's.
_DIVISION_HEADS = frozenset("省市县区乡镇村州")


def _titled_name(m: Mention, text: str, title_ends: Collection[int]) -> Mention:
    """某队中单Knight, 某院医生某某: a title inside the tagger's organization or place ends it; the name after it is a person's."""
    cut = next((e for e in range(m.end - 2, m.start, -1) if e in title_ends), 0)  # the last title inside
    if not cut:
        return m
    rest = text[cut : m.end]
    chinese = (
        2 <= len(rest) <= 3 and starts_with_surname(rest) and HAN.match(rest[-1]) and rest[-1] not in _DIVISION_HEADS
        and not rjieba.has_word(rest) and not rjieba.has_word(rest[1:])  # 楼|餐厅: a surname and a word is a room
    )
    if latin_name(rest) or chinese:
        return dataclasses.replace(m, start=cut, text=rest, type=EntityType.PER)
    return m


def _decide(m: Mention, text: str, lex: Lexicon, title_ends: Collection[int], teams: frozenset[str]) -> Mention:
    ctx = _context(text, m.start, m.end, lex, title_ends, teams)
    if ctx.team and m.text in _country_names() and not text.startswith("队", m.end):
        ctx = dataclasses.replace(ctx, team=False)  # 巴西球迷, 巴西主帅: the country's; 巴西队 the team
    known = foreign_names().get(m.text)
    if known:
        reading = _choose(known, ctx)
        if reading is None:
            return m
        kind, type_ = reading.kind, reading.type
    elif _immediate_person(text, m.end, lex) and not ctx.company or ctx.person and not (ctx.team or ctx.company):
        return dataclasses.replace(m, type=EntityType.PER)
    elif ctx.team:
        kind, type_ = EntityKind.SPORTS_TEAM, EntityType.ORG
    elif ctx.company:
        kind, type_ = EntityKind.CORPORATION, EntityType.ORG
    elif ctx.place and not (m.type is EntityType.PER and _chinese_looking(m.text)):
        city = _suffix(text, m.end, _cues()["place_suffix_city"])
        kind, type_ = (EntityKind.CITY if city else None), EntityType.LOC
    else:
        return m
    stop = _extent(text, m.end, kind, _NO_WORDS)
    return dataclasses.replace(m, end=stop, text=text[m.start:stop], type=type_, kind=kind, source=MentionSource.RULE)


_NO_WORDS = WordIndex((), {}, {})


def _chinese_looking(name: str) -> bool:
    """汤佩松 after 来到: a surname and one or two characters, as a Chinese name is written.

    The cue words of places (来到, 抵达) come before visited persons too (来到某某院士家);
    the lexicons name the foreign places that look like this (马尼拉, 杜尚别).
    """
    given = len(name) - (2 if name[:2] in surnames() and len(name) >= 3 else 1)
    return starts_with_surname(name) and 1 <= given <= 2


def _immediate_person(text: str, end: int, lex: Lexicon) -> bool:
    """吉拉尼总理, 萨维说: a title or a person's word right after the name."""
    after = text[end : end + 4]
    return after.startswith(_person_titles(lex)) or after.startswith(_cues()["person_after"])


@functools.cache
def _person_titles(lex: Lexicon) -> tuple[str, ...]:
    """Titles after a name, and the professional ones written before it (院士, 教授): 某某院士家."""
    # 某地居民, 某地游客: words of who someone is for the story follow places too; 某队主帅,
    # 某队外援: a team's words follow the team's name.
    return tuple(lex.titles_post | (lex.titles_pre - person_words("not_jobs") - foreign_context("team_after")))


def country_kinds(mentions: Sequence[Mention], countries: dict[str, Place]) -> list[Mention]:
    """The gazetteer's countries as mentions of the kind Country."""
    return [
        revised(m, kind=EntityKind.COUNTRY)
        if m.type is EntityType.LOC and m.kind is None and m.text in countries else m
        for m in mentions
    ]
