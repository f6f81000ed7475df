"""Known organizations' spans: a club or company of the lexicons read whole over the fragments
inside it (皇家马德里, not 马德里), a known company's site cut off (某公司总部 → 某公司), a
group's short name before its provincial company taken in (国网 + 某省电力有限公司), and a
court's tribunal after the court (某法院 + 第一巡回法庭); and names in capitals with a body's
cue beside them (NBA官方, 某团成员).

The tagger reads the place inside a club's name (马德里 of 皇家马德里, 洛杉矶 of 洛杉矶湖人)
and the context rules type it a city; the lexicon knows the club's whole name, which wins.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

from kg.entity_kinds import EntityKind
from kg.extract.recognize.lexicon import foreign_context, foreign_names
from kg.extract.spans import SpanIndex
from kg.lang.chars import CN_NUMERALS, DIVISION_LEVELS, HAN_RANGES
from kg.lang.lexicons import sections
from kg.lang.words import WordIndex, at_boundary
from kg.model import EntityType, Mention, MentionSource

__all__ = ["acronym_org", "find_acronym_orgs", "grow_group_prefix", "grow_tribunals", "known_whole", "mend_known", "trim_known_sites"]

# The kinds of the lexicons' names that are organizations (a country's or city's reading is a place).
_KNOWN_KINDS = frozenset({EntityKind.SPORTS_TEAM, EntityKind.CORPORATION, EntityKind.NEWS_MEDIA})
# Sources of fragments a known name overrides: the tagger's guesses and what the rules retyped from them.
_FRAGMENTS = frozenset({MentionSource.TAGGER, MentionSource.RULE})
_MOVABLE = frozenset({MentionSource.TAGGER, MentionSource.GRAMMAR})


def mend_known(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """All the mendings of this module, in order."""
    mentions = trim_known_sites(known_whole(mentions), text, words)
    return grow_tribunals(grow_group_prefix(mentions, text), text)


def known_whole(mentions: Sequence[Mention]) -> list[Mention]:
    """皇家马德里 over 马德里, 洛杉矶湖人 over 洛杉矶: a lexicon's club or company holds what was read inside it.

    Only fragments strictly inside a known organization of three characters or more are
    dropped; a place the gazetteer found there stays for fusion to weigh.
    """
    known = SpanIndex(
        (m.start, m.end) for m in mentions
        if m.source is MentionSource.GAZETTEER and m.type is EntityType.ORG
        and m.kind in _KNOWN_KINDS and m.end - m.start >= 3
    )
    if not known:
        return list(mentions)
    return [m for m in mentions if not (m.source in _FRAGMENTS and known.holds_longer(m.start, m.end))]


def trim_known_sites(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """某某汽车数智工厂, 某公司新能源基地, 某公司总部 → the company: its site is no body of its own.

    The span must open with a company of the lexicons that ends a word and close on a
    site's word; what stands between (a product, an adjective) is at most six characters.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source in _MOVABLE:
            company = _known_prefix(text, m.start, m.end - 2, words)
            if company and _SITE.fullmatch(m.text, company):
                end = m.start + company
                m = dataclasses.replace(
                    m, end=end, text=text[m.start : end], source=MentionSource.RULE,
                    kind=EntityKind.CORPORATION, canonical=None, code=None,
                )
        out.append(m)
    return out


# A company's sites: seats, plants and parks (门店 and the shops are brands.company_shops').
_SITE = re.compile(rf"[{HAN_RANGES}]{{0,6}}(?:总部|基地|工厂|厂区|园区|产业园|生产线|研发中心)(?:[{CN_NUMERALS}]期)?")


def _known_prefix(text: str, start: int, end: int, words: WordIndex) -> int:
    """The length of the longest lexicon company that opens ``text[start:end]`` and ends a word (0: none)."""
    names = foreign_names()
    for size in range(min(end - start, 8), 1, -1):
        readings = names.get(text[start : start + size], ())
        if any(r.kind is EntityKind.CORPORATION and not r.needs_cue for r in readings):
            return size if at_boundary(text, start + size, words) else 0
    return 0


def grow_group_prefix(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """国网 + 某省电力有限公司, 中国移动 + 某省分公司: a group's short name opens its branch's name.

    A company named from a division (某省…公司) with a known company's name right before it
    is the group's branch: the name starts at the group. The short names under which groups
    register their branches (``_GROUP_SHORT``: 国网) open any company's name after them.
    """
    names = foreign_names()
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.text.endswith("公司"):
            group = next(
                (g for g in range(min(m.start, 6), 1, -1) if _group(text[m.start - g : m.start], m.text, names)), 0
            )
            if group:
                start = m.start - group
                m = dataclasses.replace(m, start=start, text=text[start : m.end], canonical=None, code=None)
        out.append(m)
    return out


def _division_led(name: str) -> bool:
    """某省电力有限公司, 某市分公司: a division's level within the first four characters."""
    return any(c in DIVISION_LEVELS for c in name[1:4])


def _group(name: str, branch: str, names: dict) -> bool:  # noqa: ANN001 - the lexicon's readings
    """国网 before any company; a company of the lexicons before a branch named from a division."""
    return name in _GROUP_SHORT or _division_led(branch) and any(
        r.kind is EntityKind.CORPORATION and not r.needs_cue for r in names.get(name, ())
    )


# Short names under which state groups register their provincial companies (compiled from
# general knowledge of China's state-owned groups: 国网 for State Grid, 南网 for China Southern Grid).
_GROUP_SHORT = frozenset({"国网", "南网", "华能", "大唐", "华电", "国家能源集团"})


def grow_tribunals(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某法院 + 第三巡回法庭, 某县法院 + 城关法庭: a court's tribunal is named with the court."""
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.text.endswith("法院"):
            tribunal = _TRIBUNAL.match(text, m.end)
            if tribunal:
                end = tribunal.end()
                m = dataclasses.replace(m, end=end, text=text[m.start : end], canonical=None, code=None)
        out.append(m)
    return out


_TRIBUNAL = re.compile(rf"第[{CN_NUMERALS}]{{1,3}}(?:巡回)?法庭|[{HAN_RANGES}]{{2}}(?:人民)?法庭")


def find_acronym_orgs(key: str, text: str) -> list[Mention]:
    """NBA官方, 某团成员某某, 甲战队3比0横扫乙: capitals with a body's cue beside them name the body.

    A run of two to twelve capitals (digits after the first allowed) that no Latin letter
    touches is an organization when a body's word follows it (官方 成员 旗下 战队 …) or a
    match verb joins it to another such name; the abbreviations that are words
    (``common_nouns.txt`` [acronyms]: GDP, CEO, MVP) never are.
    """
    out = []
    for match in _ACRONYM.finditer(text):
        start, end = match.span()
        if match.group() in _not_orgs():
            continue
        after, before = text[end : end + 4], text[max(0, start - 4) : start]
        if after.startswith(_ORG_AFTER) or before.endswith(_ORG_BEFORE) or _match_verb(text, start, end):
            known = [r.kind for r in foreign_names().get(match.group(), ()) if r.type is EntityType.ORG]
            out.append(Mention(
                key, start, end, match.group(), EntityType.ORG, MentionSource.RULE, kind=known[0] if known else None,
            ))
    return out


_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,11}(?![A-Za-z0-9])")


def acronym_org(mention: Mention) -> bool:
    """The mention is a body in capitals that :func:`find_acronym_orgs` found by its cue."""
    return (
        mention.source is MentionSource.RULE and mention.type is EntityType.ORG
        and _ACRONYM.fullmatch(mention.text) is not None and mention.text not in _not_orgs()
    )
# A body's words after its name: its official voice, members, holdings, squad and officers.
_ORG_AFTER = (
    "官方", "成员", "旗下", "战队", "队员", "前队员", "青训", "董事会", "首席执行官", "创始人", "董事长", "总裁",
    "台庆", "股价", "市值", "财报", "俱乐部", "总部", "母公司", "子公司",
)
# Words of what a body is, right before its name: 女团某某, 战队某某, 登陆某某 (a league).
_ORG_BEFORE = ("女团", "男团", "组合", "乐队", "战队", "登陆", "加盟", "母公司", "子公司", "旗下")


def _match_verb(text: str, start: int, end: int) -> bool:
    """甲以3比0横扫来自某地的乙: a match verb in the clause joins the capitals to another run of capitals."""
    left = max((text.rfind(p, 0, start) for p in _CLAUSE_ENDS), default=-1) + 1
    right = min((at for at in (text.find(p, end) for p in _CLAUSE_ENDS) if at >= 0), default=len(text))
    for verb in foreign_context("team_verbs"):
        at = text.find(verb, left, right)
        if at < 0:
            continue
        other = text[at + len(verb) : right] if at >= end else text[left:at] if at + len(verb) <= start else ""
        if any(m.group() not in _not_orgs() for m in _ACRONYM.finditer(other)):
            return True
    return False


_CLAUSE_ENDS = ("，", "。", "；", "！", "？", ",", ";", "：")


@functools.cache
def _not_orgs() -> frozenset[str]:
    return frozenset(sections("common_nouns.txt")["acronyms"])
