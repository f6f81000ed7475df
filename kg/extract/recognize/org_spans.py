"""The tagger's organization spans mended: a run-on past the name cut back (某医院儿科医生某某,
某公司的某部门, 甲公司与乙公司), a place's seat read as a body dropped (某地总部), a
university's hospital, a group's subsidiary and a registered company's divisions taken in
(a known company's service and shop are :mod:`~kg.extract.recognize.brands`').

The character tagger reads on past an organization's name into what follows it: a post and
a person (儿科医生某某, 创始人某某), 的 and what the body has (的家庭医生团队), a second
company joined by 与 or 旗下. The name ends where the run-on starts; what is left after it is
no organization.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

from kg.extract.recognize.brands import company_shops, grow_services, known_company
from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.recognize.org_heads import head_word
from kg.lang.chars import DIVISION_LEVELS, HAN_RANGES
from kg.lang.person_names import starts_with_surname
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = [
    "cut_runons",
    "grow_affiliates",
    "grow_divisions",
    "grow_registered",
    "grow_subsidiaries",
    "mend_org_spans",
    "split_heads",
    "trim_company_sites",
]


def mend_org_spans(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """All the mendings of this module, in order (cut, grow)."""
    mentions = [*mentions, *split_heads(mentions, text, words)]
    mentions = trim_company_sites(cut_runons(company_shops(mentions, text), text, words), text)
    mentions = grow_subsidiaries(grow_affiliates(grow_services(mentions, text, words), text), text, words)
    return grow_registered(grow_divisions(mentions, text, words), text)


# ------------------------------------------------------------------ run-ons


def cut_runons(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """某医院儿科医生某某 → 某医院; 甲公司与乙公司 → 甲公司, 乙公司; 某地总部 → (none).

    Only the tagger's spans of four characters or more are cut. Where the part before the
    run-on is no name (a place and a verb: 某县某镇退休|干部), the span is dropped and the
    places, persons and bodies inside it are left to the other rules.
    """
    others = {(m.start, m.end): m.type for m in mentions if m.source is not MentionSource.TAGGER}
    out: list[Mention] = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source is MentionSource.TAGGER and len(m.text) >= 4:
            out.extend(_cut(m, text, words, others))
        elif m.type is EntityType.ORG and m.source is MentionSource.GRAMMAR and _place_seat(m, text, words):
            continue  # 某国战队, 某地总部: the grammar's seat of no named body
        else:
            out.append(m)
    return out


def _cut(m: Mention, text: str, words: WordIndex, others: dict[tuple[int, int], EntityType]) -> list[Mention]:
    title = _MEDIA_TITLE.search(m.text)
    if title is not None:  # 某国《某某报》: the paper is the title inside the marks, its country a place
        start, end = m.start + title.start(1), m.start + title.end(1)
        return [dataclasses.replace(m, start=start, end=end, text=title.group(1), source=MentionSource.RULE)]
    if "《" in m.text or "》" in m.text:
        return []  # a work's title read into a body's name
    found = _first_runon(m, text, words)
    if found is None:
        return [] if _place_seat(m, text, words) else _to_last_head(m, text, words)
    mark, at = found.group(0), _word_start(m.start + found.start(), words) - m.start
    left = _part(m, text, m.start, m.start + at)
    if mark in _JOINS or mark in _OWNERS:
        right = _part(m, text, m.start + found.end(), m.end)
        # 人力资源和社会保障局, 某大学某某与某某学院: the conjunction is inside one body's name.
        named = (_named(right, others) and _named(left, others)) if _ends_with_head(m.text) else (
            _named(right, others) or _named(left, others)
        )
        if mark in _JOINS and not named and not _both_bodies(left, right):
            return [m]
        return [p for p in (left, right) if p is not None and _name_like(p, text, words)]
    if left is None or left.end - left.start < 2:
        return []
    if mark == "的":
        return [left] if _ends_with_head(left.text) or known_company(left.text) else []
    if others.get((left.start, left.end)) is EntityType.LOC:
        return []  # 某城市峰会: the place the event is held in, which the place rules read
    return [left] if _name_like(left, text, words) else []


def _to_last_head(m: Mention, text: str, words: WordIndex) -> list[Mention]:
    """某医院心外科团队 → 某医院; 某某研学团队 → (none): a word like a head (团队) ends no name.

    The span is cut after the last head inside it that ends a word, or dropped when none does.
    """
    last = words.ends.get(m.end)
    if last is None or text[last[0] : m.end] not in _TEAM_WORDS:
        return [m]
    for end in range(last[0] - 1, m.start + 2, -1):
        if at_boundary(text, end, words) and _ends_with_head(text[m.start : end]):
            return [dataclasses.replace(m, end=end, text=text[m.start : end], canonical=None, code=None)]
    return []


# Words of a group of people that end like a body's name but name none (团队 of 某医院某科团队).
_TEAM_WORDS = frozenset({"团队", "队伍", "小组", "班子", "团伙", "干部", "职工", "员工"})


def _first_runon(m: Mention, text: str, words: WordIndex) -> re.Match[str] | None:
    """The first run-on mark inside the span that is a word of its own (not 和 of 共和国)."""
    mark = next((
        found for found in _RUNON.finditer(m.text, 2)
        if at_boundary(text, m.start + found.start(), words) and at_boundary(text, m.start + found.end(), words)
    ), None)
    posts = [p for p in (_title_at(m.text), _PEOPLE.search(m.text, 2)) if p and _person_after(m.text, p.end())]
    if posts and _ends_like_body(m.text):  # segmenting the span only when a post is there to judge
        posts = []  # 干部学院, 代表大会, 同志会: a post and a head make a body's name, not a person's post
    return min([*([mark] if mark else []), *posts], key=lambda f: f.start(), default=None)


def _person_after(name: str, at: int) -> bool:
    """What follows a post is a person's name (儿科医生|某某) or nothing."""
    return at == len(name) or starts_with_surname(name[at:])


def _ends_like_body(name: str) -> bool:
    """The span ends with a body's head or a body's last character (大会, 报告团), not with a verb."""
    last = _WORDS(name)[-1]
    if last in load_lexicon().not_org_heads or word_tag(last) in ("nr", "nrfg", "nrt"):
        return False  # 机关干部, 总部, 某中军: a word ending like a body's that names none, a person's name
    return _ends_with_head(name) or name[-1] in _BODY_CHARS and word_tag(last) not in _NOT_NAME_END_TAGS


def _word_start(at: int, words: WordIndex) -> int:
    """Where the word holding ``at`` starts (眼科|医生 is one word, 眼科医生: the post starts before 眼)."""
    for start in range(at, max(at - 4, 0), -1):
        if start in words.starts:
            return start if words.starts[start][0] > at or start == at else at
    return at


def _title_at(name: str) -> re.Match[str] | None:
    """The first post of two characters or more inside the name (儿科医生, 创始人, 退休干部)."""
    found = _title_pattern().search(name, 2)  # the leftmost, and there the longest (the titles' order)
    return found if found is not None and found.start() < len(name) - 1 else None


@functools.cache
def _title_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _titles())))


@functools.cache
def _titles() -> tuple[str, ...]:
    lex = load_lexicon()
    return tuple(sorted((t for t in lex.titles_pre | lex.titles_post if len(t) >= 2), key=len, reverse=True))


def _part(m: Mention, text: str, start: int, end: int) -> Mention | None:
    if end - start < 2:
        return None
    return dataclasses.replace(m, start=start, end=end, text=text[start:end], canonical=None, code=None)


def _named(part: Mention | None, others: dict[tuple[int, int], EntityType]) -> bool:
    """Another rule reads the part as a name, or it is a known company's or ends with a head."""
    return part is not None and (
        (part.start, part.end) in others or known_company(part.text) or bool(_LATIN.fullmatch(part.text))
    )


def _both_bodies(left: Mention | None, right: Mention | None) -> bool:
    """甲医院和乙医院: each side of the conjunction ends with a head after a name of its own."""
    return all(p is not None and _ends_with_head(p.text) and len(p.text) >= 5 for p in (left, right))


def _name_like(part: Mention, text: str, words: WordIndex) -> bool:
    """The part can be a body's name: it does not end with a verb or an adverb, nor is it only places."""
    if known_company(part.text) or _ends_with_head(part.text) or _LATIN.fullmatch(part.text):
        return True
    last = words.ends.get(part.end)
    if last is None and not at_boundary(text, part.end, words) or last is not None and last[1] in _NOT_NAME_END_TAGS:
        return False  # 某镇退休|干部: a cut inside a word is no name's end
    # 某县某镇: a division's name (its level last) is a place's.
    return part.text[-1] not in DIVISION_LEVELS + "村" and not _only_places(text, part.start, part.end, words)


def _only_places(text: str, start: int, end: int, words: WordIndex) -> bool:
    tiles, stop = words.tiling(text, start, end)
    return stop == end and bool(tiles) and all(tag == "ns" for _, tag in tiles)


def _ends_with_head(name: str) -> bool:
    """The name ends with an organization's head (医院, 有限公司), not a verb ending like one (创办)."""
    lex = load_lexicon()
    if len(name) <= 2 or not name.endswith(lex.org_suffixes) or name in lex.not_org_heads:
        return False
    last = _WORDS(name)[-1]
    return head_word(last, lex) if len(last) > 1 else True


def _place_seat(m: Mention, text: str, words: WordIndex) -> bool:
    """某地总部, 某国团队, 某国战队: a place and a word for a body's seat or a side is no name."""
    seat = _SEATS.search(m.text)
    return seat is not None and seat.start() >= 2 and _only_places(text, m.start, m.start + seat.start(), words)


# What a run-on starts with inside the tagger's span: 的, a conjunction, an owner's word, an event,
# a body's fans (某队球迷: the team is named, its fans are not).
_JOINS = ("与", "和", "及", "、")
_OWNERS = ("旗下", "母公司", "子公司")
_RUNON = re.compile(r"的|与|和|及|、|旗下|母公司|子公司|股东大会|峰会|年会|发布会|球迷|歌迷|粉丝")
# The people of a body (退休干部, 员工) start a person's description, as a post does.
_PEOPLE = re.compile(r"干部|员工|职工|党员|村民|居民")
# A body's seat or a side, not its name, when only a place stands before it.
# A company's sites: seats, plants, parks, stores (its shops are brands.company_shops').
COMPANY_SITES = "总部|基地|工厂|新厂|厂区|园区|产业园|生产线|研发中心|仓库|车间|工地"
_SEATS = re.compile(rf"(?:(?:生产|研发|制造|物流)?(?:{COMPANY_SITES})|团队|女团|男团|战队|代表队)$")
_WORDS = functools.lru_cache(maxsize=4096)(lambda name: [w for _, _, w, _ in WordIndex.of(name).words] or [name])
_BODY_CHARS = frozenset("会团社队委部院所局处署厅办组盟军")
# A newspaper's or a magazine's name in title marks inside the tagger's span.
_MEDIA_TITLE = re.compile(r"《([^《》]{1,12}(?:报|刊|杂志|周刊|月刊|画报))》")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*")
# jieba tags no body's name ends with: verbs, adverbs, prepositions, pronouns, particles.
_NOT_NAME_END_TAGS = {"v", "vd", "d", "p", "r", "u", "uj", "ul", "c", "ad", "a"}


# ------------------------------------------------------------------ growing


def grow_affiliates(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某某大学 + 附属第一医院: a university's hospital or school is named after it, whole.

    The grammar ends a name at its first head (大学); 附属 and a hospital's or school's
    head after it continue the name.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.text.endswith(_PARENTS):
            grown = _AFFILIATE.match(text, m.end)
            if grown is not None:
                end = grown.end()
                m = dataclasses.replace(m, end=end, text=text[m.start : end], canonical=None, code=None)
        out.append(m)
    return out


_PARENTS = ("大学", "学院", "医学院", "科学院")
_AFFILIATE = re.compile(rf"附属[{HAN_RANGES}]{{0,6}}?(?:医院|中学|小学|学校|幼儿园|实验学校)")


def grow_subsidiaries(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """某某集团 + 某某集团有限责任公司: a subsidiary named after its group is one name, whole.

    The grammar ends a name at its first head (集团); a short stem and a company's full head
    right after it (有限公司, 集团公司) continue the name.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.text.endswith(_GROUP_HEADS):
            sub = _SUBSIDIARY.match(text, m.end)
            if sub is not None and at_boundary(text, sub.end(), words) and _plain_stem(text, m.end, sub.end(1), words):
                m = dataclasses.replace(m, end=sub.end(), text=text[m.start : sub.end()], canonical=None, code=None)
        out.append(m)
    return out


def _plain_stem(text: str, start: int, end: int, words: WordIndex) -> bool:
    """The stem starts a word and holds no function word (的, 和) or owner's word (旗下, 下属)."""
    return start in words.starts and not _NOT_STEM.search(text, start, end)


_NOT_STEM = re.compile(r"[的和与及等各其该并在是为、，]|旗下|下属|所属|子公司|母公司")


_GROUP_HEADS = ("集团", "集团公司", "控股")
_SUBSIDIARY = re.compile(rf"([{HAN_RANGES}]{{2,4}}?)(?:集团)?(?:有限责任公司|股份有限公司|有限公司|集团公司|集团)")


def trim_company_sites(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某某有限公司养殖基地 → 某某有限公司: a company's site or seat after its full name is no body."""
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source in _MOVABLE:
            site = _COMPANY_SITE.search(m.text)
            if site is not None:
                end = m.start + site.start(1)
                m = dataclasses.replace(m, end=end, text=text[m.start : end], canonical=None, code=None)
        out.append(m)
    return out


_MOVABLE = {MentionSource.TAGGER, MentionSource.GRAMMAR}
_COMPANY_SITE = re.compile(
    rf"(?:有限责任公司|股份有限公司|有限公司|集团)([{HAN_RANGES}]{{0,4}}(?:{COMPANY_SITES}|门店))$"
)


def grow_registered(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某省某县 + 某某股份有限公司: a registered company's name holds the divisions written before it."""
    divisions = {m.end: m.start for m in mentions if m.type is EntityType.LOC and m.code}
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source is MentionSource.TAGGER and m.text.endswith(_REGISTERED):
            start = m.start
            while start in divisions:
                start = divisions[start]
            if start != m.start:
                m = dataclasses.replace(m, start=start, text=text[start : m.end], canonical=None, code=None)
        out.append(m)
    return out


_REGISTERED = ("股份有限公司", "有限责任公司", "有限公司")


def grow_divisions(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """镇|某某合作社 → 某某镇某某合作社: a name the grammar starts at a lone level takes its place in.

    The segmenter cuts a small place's name before its level (七家|镇, 道|县); the word
    before the level and the division written before that belong to the name.
    """
    ends = {m.end: m.start for m in mentions if m.type is EntityType.LOC and m.text[-1:] in DIVISION_LEVELS}
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source is MentionSource.TAGGER and m.start + 1 in ends and ends[m.start + 1] < m.start:
            start = m.start + 1  # 道|县某镇卫生院: the tagger began inside the county's name, which is a place
            m = dataclasses.replace(m, start=start, text=text[start : m.end], canonical=None, code=None)
        if m.type is EntityType.ORG and m.source is MentionSource.GRAMMAR and m.text[0] in DIVISION_LEVELS:
            before = words.ends.get(m.start)
            if before is not None and before[1] in _PLACE_WORD_TAGS and m.start - before[0] <= 3:
                start = ends.get(before[0], before[0])
                m = dataclasses.replace(m, start=start, text=text[start : m.end], canonical=None, code=None)
        out.append(m)
    return out


# Tags of a small place's name cut from its level: 七家 (m), 道 (q), 清塘 (ns), 青竹 (n).
_PLACE_WORD_TAGS = {"m", "q", "ns", "n", "nr", "nz"}


def split_heads(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """某区 + 消防|救援|站: a place and a head the segmenter cut into words, whose last is one character.

    The grammar reads heads that end a word (派出所); a head of four characters or more
    whose last word is a lone character (站) it cannot see. Right after a place (or a
    place's short name) the head makes the place's body of that kind.
    """
    places = {m.end: m.start for m in mentions if m.type is EntityType.LOC and len(m.text) >= 2}
    named = {m.text for m in mentions if m.type is EntityType.LOC}
    out = []
    for head in _split_heads():
        at = text.find(head)
        while at >= 0:
            end = at + len(head)
            last = words.ends.get(end)
            start = places.get(at, _short_place(text, at, named))
            if start is not None and last is not None and end - last[0] == 1 and at_boundary(text, at, words):
                out.append(Mention(mentions[0].article, start, end, text[start:end], EntityType.ORG, MentionSource.GRAMMAR))
            at = text.find(head, end)
    return out


def _short_place(text: str, at: int, named: set[str]) -> int | None:
    """某某 before ``at`` is the short name of a district or county the text names whole (某某区)."""
    for n in (2, 3):
        short = text[max(0, at - n) : at]
        if len(short) == n and any(short + level in named for level in _LEVEL_WORDS):
            return at - n
    return None


_LEVEL_WORDS = ("区", "县", "市", "镇", "乡", "街道")


@functools.cache
def _split_heads() -> tuple[str, ...]:
    return tuple(h for h in load_lexicon().org_suffixes if len(h) >= 4 and len(_WORDS(h)[-1]) == 1)
