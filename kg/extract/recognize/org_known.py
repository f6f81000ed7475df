"""Known organizations' spans: a club or company of the lexicons read whole over the fragments
inside it (皇家马德里, not 马德里), a known company's site cut off (某公司总部 → 某公司), a
group's short name before its provincial company taken in (国网 + 某省电力有限公司), and a
court's tribunal after the court (某法院 + 第一巡回法庭), a listed company's securities name
(某某控股, 某某股份) and a company's description cut off (某国化工企业某某 → 某某); and names
in capitals with a body's cue beside them (NBA官方, 某团成员).

The tagger reads the place inside a club's name (马德里 of 皇家马德里, 洛杉矶 of 洛杉矶湖人)
and the context rules type it a city; the lexicon knows the club's whole name, which wins.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import load_gazetteer
from kg.extract.recognize.lexicon import foreign_context, foreign_names
from kg.extract.recognize.org_spans import COMPANY_SITES
from kg.extract.spans import SpanIndex
from kg.lang.chars import CN_NUMERALS, DIVISION_LEVELS, HAN_RANGES
from kg.lang.lexicons import sections
from kg.lang.words import WordIndex, at_boundary
from kg.model import EntityType, Mention, MentionSource

__all__ = [
    "acronym_org", "cut_descriptions", "find_acronym_orgs", "grow_group_prefix", "grow_listed",
    "grow_tribunals", "known_whole", "mend_known", "trim_known_sites",
]

# The kinds of the lexicons' names that are organizations (a country's or city's reading is a place).
_KNOWN_KINDS = frozenset({EntityKind.SPORTS_TEAM, EntityKind.CORPORATION, EntityKind.NEWS_MEDIA})
# Sources of fragments a known name overrides: the tagger's guesses and what the rules retyped from them.
_FRAGMENTS = frozenset({MentionSource.TAGGER, MentionSource.RULE})
_MOVABLE = frozenset({MentionSource.TAGGER, MentionSource.GRAMMAR})


def mend_known(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """All the mendings of this module, in order."""
    mentions = trim_known_sites(known_whole(mentions), text, words)
    mentions = cut_descriptions(grow_listed(mentions, text), text, words)
    return grow_tribunals(grow_group_prefix(mentions, text), text)


def grow_listed(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某某控股, 某某股份: a company's short name with 控股 or 股份 after it is its securities name.

    Listed companies are printed by their short names on the exchange (a short name and
    控股, 股份), which the press uses as the company's name. 控股 and 股份 as a verb or a
    holding (由某某控股的, 持有某某股份) are no part of it.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and 2 <= m.end - m.start <= 4 and not m.text.endswith(("公司", "集团")):
            grown = _LISTED.match(text, m.end)
            if grown and not _HOLDING_BEFORE.search(text, max(0, m.start - 3), m.start):
                end = grown.end(1)
                m = dataclasses.replace(
                    m, end=end, text=text[m.start : end], kind=EntityKind.CORPORATION, canonical=None, code=None,
                )
        out.append(m)
    return out


# 控股 or 股份 after a short name, unless a company's legal form (有限公司), 的 (a verb's object)
# or another word's characters (股份制, 控股股东) follow.
_LISTED = re.compile(r"(控股|股份)(?!有限|公司|集团|的|了|制|股东|合作|比例|份额|占比|转让|[0-9０-９%])")
# A holding's verbs before a company: 持有某某股份 is a stake in it, 由某某控股 its owner's.
_HOLDING_BEFORE = re.compile(r"持有|增持|减持|持|由|被|出售|转让|收购")


def cut_descriptions(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """某国体育用品集团某某 → 某某: a place and a field of business described before the name.

    The press introduces a company by its country or province, its field and a word for a
    company (某省煤企某某集团, 某国化工企业某某有限公司); the tagger reads the description into
    the name. The span is cut after the descriptive word when a place opens the span, only
    common words stand between, and what follows is a name of its own (not 公司 of 某某集团公司).
    """
    cut_down = [_cut_description(m, text, words) for m in mentions]
    org_starts = {m.start for m in cut_down if m.type is EntityType.ORG}
    return [m for m in cut_down if not (m.type is EntityType.ORG and _describes_next(m, text, org_starts))]


def _cut_description(m: Mention, text: str, words: WordIndex) -> Mention:
    """The mention from its name on, or as it was when no description opens it or it is all one."""
    cut = _description_end(m, text, words) if m.type is EntityType.ORG and m.end - m.start >= 6 else 0
    if not cut or cut == m.end - m.start:
        return m
    start, end = m.start + cut, m.end
    if _LATIN_RUN.match(text, start):  # 某国生物技术公司Hercul|es: the tagger stopped inside the Latin name
        end = _LATIN_RUN.match(text, start).end()
    return dataclasses.replace(
        m, start=start, end=end, text=text[start:end], source=MentionSource.RULE, canonical=None, code=None,
    )


def _describes_next(m: Mention, text: str, org_starts: set[int]) -> bool:
    """某国体育用品集团 + 某某, 某国化工 + 巨头某某: the description alone, the name read after it."""
    said = _DESCRIBED.match(text, m.end)
    named_after = said.end() if said else m.end if m.text.endswith(_ONLY_DESCRIBERS) else -1
    return named_after in org_starts and _place_and_field(m.text)


# Words for a company that describe it before its name (煤企: a coal company, 巨头: a giant).
_DESCRIBERS = re.compile(r"企业|煤企|车企|药企|房企|险企|钢企|巨头|公司|集团")
_ONLY_DESCRIBERS = ("企业", "集团", "公司", "巨头", "煤企", "车企", "药企", "房企", "险企", "钢企")
# A describing word that only describes, right after a span, and a name after it (巨头某某).
_DESCRIBED = re.compile(rf"(?:巨头|企业|煤企|车企|药企|房企|险企|钢企)(?=[A-Za-z{HAN_RANGES}])(?!的|和|与|在|将|已|也|都)")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*")
# What follows a company's word inside one name: its legal form, a holding's words, 的.
_NOT_A_NAME_AFTER = ("公司", "有限", "股份", "集团", "控股", "旗下", "总部", "分公司", "子公司", "下属", "的", "和", "与")
# Describing words that are also a part of names (某某集团, 某某公司), and the heads of a unit that
# a group names with its own name.
_PART_OF_NAMES = frozenset({"公司", "集团"})
_UNIT_HEADS = ("公司", "集团", "厂", "院", "所", "中心", "部", "处")
_NAMING_TAGS = frozenset({"nr", "nrt", "nrfg", "nt", "nz", "j", "eng"})


def _description_end(m: Mention, text: str, words: WordIndex) -> int:
    """Where the description before the name ends within ``m.text`` (0: no description)."""
    place = next((n for n in range(min(6, len(m.text) - 3), 1, -1) if _is_place(m.text[:n])), 0)
    if not place:
        return 0
    for found in _DESCRIBERS.finditer(m.text, place):
        after = m.text[found.end() :]
        if len(after) < 2 or after.startswith(_NOT_A_NAME_AFTER) or found.start() - place > 10:
            continue
        if found.group() in _PART_OF_NAMES and after.endswith(_UNIT_HEADS):
            continue  # 某汽车集团越野车公司: a group's unit, named with the group
        if _is_place(after):
            continue  # 某汽车集团中国: a market, not a name
        if not at_boundary(text, m.start + found.end(), words):
            continue  # 化工企业|某某: the describing word may close a longer word, never run into the name
        field = WordIndex.of(m.text[place : found.start()]).words
        if all(tag not in _NAMING_TAGS or _is_place(word) for _, _, word, tag in field):
            return found.end()
    return 0


def _place_and_field(name: str) -> bool:
    """某国化工, 某省钢铁: a place and a field of business in common words, no name of a body."""
    for n in range(min(6, len(name) - 2), 1, -1):
        if _is_place(name[:n]):
            field = WordIndex.of(name[n:]).words
            return all(tag not in _NAMING_TAGS and tag != "ns" for _, _, _, tag in field)
    return False


def _is_place(name: str) -> bool:
    """A division of the gazetteer by its full or short name (山西, 张家港), or a country."""
    gaz = load_gazetteer()
    return bool(gaz.places(name) or gaz.by_alias.get(name) or name in gaz.countries)


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


_SITE = re.compile(rf"[{HAN_RANGES}]{{0,6}}(?:{COMPANY_SITES})(?:[{CN_NUMERALS}]期)?")


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
