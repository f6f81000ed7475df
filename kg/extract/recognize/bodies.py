"""Bodies by their names and short forms: government and Party bodies of a place, national
and international bodies.

- 市教育局, 省卫健委, 温州作协, 中央统战部: a level (省 市 县 区 中央) or a place, then a
  standard abbreviation, expanded to the full name through the abbreviation lexicon
  (温州市文化和旅游局 …) with the paper's home city and province; 市委宣传部 and 市政协
  take their official forms (中共温州市委宣传部, 中国人民政治协商会议温州市委员会).
- 市委, 温州市委, 团市委: the committees of the Party and of the League.
- 国务院, 欧盟: national and international bodies (``national_bodies.tsv``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer, KeyScanner, Place, home_division, place_key
from kg.model import EntityKey, EntityType, Mention, MentionSource, PageMeta
from kg.extract.recognize.kinds import kind_of
from kg.extract.recognize.lexicon import Lexicon
from kg.lang.chars import HAN
from kg.lang.words import WordIndex, at_boundary, word_tag

# Bodies only a prefecture-level city has: 市中院 in a county-level city's paper is its city's.
_PREFECTURE_BODIES = {"中级人民法院"}
_CHINA = {"中国", "中华人民共和国"}
# One-character short forms of countries in news (美方, 菲卫生部, 俄外长 …).
_COUNTRY_CHARS = set("美英法德俄日韩朝意葡荷瑞奥加澳印巴以伊埃菲泰越柬缅蒙哈乌土希波匈捷古墨智秘阿")
_PLACE_LEVEL = {"province": "省", "city": "市", "county": "县"}
# Bodies every division has, whose bare short form (市政府, 各省政府) is as often any such
# body as one: named only when the owner is known. Other short forms without an owner
# (市公安局) are still bodies, which resolution keeps to their paper.
_GENERIC_WITHOUT_OWNER = frozenset({"政府"})


def org_mention(
    key: str, text: str, start: int, end: int, source: MentionSource = MentionSource.RULE, **attrs: Any
) -> Mention:
    """An organization's mention of ``text[start:end]``."""
    return Mention(key, start, end, text[start:end], EntityType.ORG, source, **attrs)



def find_bodies(
    key: str, text: str, meta: PageMeta, lex: Lexicon, gaz: Gazetteer, words: WordIndex, places: Sequence[Mention]
) -> Iterator[Mention]:
    """Yield the bodies named by abbreviation, written out, national, and the Party's committees."""
    place_ends = {m.end: m for m in places}
    yield from _abbreviations(key, text, meta, lex, gaz, words, place_ends)
    yield from _written_out(key, text, lex, places)
    yield from _national_bodies(key, text, lex, words, place_ends)
    yield from _party_committees(key, text, meta, gaz, place_ends, words)


@functools.cache
def _abbreviation_scanner(lex: Lexicon) -> KeyScanner:
    return KeyScanner(lex.abbreviations)


# ------------------------------------------------------------------ abbreviations


def _abbreviations(
    key: str, text: str, meta: PageMeta, lex: Lexicon, gaz: Gazetteer, words: WordIndex,
    place_ends: dict[int, Mention],
) -> Iterator[Mention]:
    context = _Context(meta, gaz, place_ends, words)
    for start, end, abbr in _abbreviation_scanner(lex).find(text):
        full, levels = lex.abbreviations[abbr]
        if _inside_word(abbr, text, end):
            continue
        prefix = _prefix(
            text, start, context, allow_level=abbr != "公安", committee=full.startswith("中共{}"),
            prefecture=full in _PREFECTURE_BODIES,
        )
        if prefix is None:
            continue
        p_start, owner, level, located = prefix
        if located is not None and level in ("市", "县", "区"):
            p_start = _higher_division(p_start, place_ends)  # 海南省|海口市委宣传部
        if full.startswith("中共") and text[p_start - 2 : p_start] == "中共":
            p_start -= 2  # 中共温州市纪律检查委员会, written out
        national = national_name(text[p_start:end], lex)  # 中央纪委, 全国人大(代表)
        if level == "全国":
            canonical = national  # the national table's only
        elif "*" in levels:
            canonical = national or (text[p_start:start] + full if owner else None)  # 中国国旅, 温州国旅: any owner's
        elif level in levels or level == "中央":
            canonical = national or (_full_name(owner, full) if owner else None)
        else:
            continue  # 美国政府: a country's body is no local one
        if canonical is not None or not owner and abbr not in _GENERIC_WITHOUT_OWNER:
            yield org_mention(key, text, p_start, end, canonical=canonical, located_in=located)


def _written_out(key: str, text: str, lex: Lexicon, places: Sequence[Mention]) -> Iterator[Mention]:
    """中国人民政治协商会议温州市委员会, 共青团温州市委员会: an official name written out."""
    starts = {m.start: m for m in places if m.canonical}
    for heads, head, tail in _wrapped_names(lex):
        for found in heads.finditer(text):
            place = starts.get(found.end())
            if place is not None and text.startswith(tail, place.end):
                end = place.end + len(tail)
                yield org_mention(key, text, found.start(), end, canonical=head + place.canonical + tail)


@functools.cache
def _wrapped_names(lex: Lexicon) -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """The templates that wrap the owner's name in words of their own (not 中共's): the head's
    pattern (compiled once, not for each text), the head and the tail."""
    templates = {full for full, _ in lex.abbreviations.values() if "{}" in full and not full.startswith("中共")}
    pairs = [full.split("{}") for full in sorted(templates)]
    return tuple((re.compile(re.escape(head)), head, tail) for head, tail in pairs)


def _inside_word(abbr: str, text: str, end: int) -> bool:
    """公安局, 公安机关; 宣传部门 (such departments in general), 组织部长 (a title)."""
    after = text[end : end + 1]
    if abbr == "公安":
        return after in ("局", "厅", "县", "部", "机", "分", "干", "民", "人")
    return abbr.endswith("部") and (after == "门" or after == "长" and text[end + 1 : end + 2] != "期")


@dataclass(frozen=True)
class _Context:
    """What an abbreviation's owner is read from: the page, the gazetteer, the text's places and words."""

    meta: PageMeta
    gaz: Gazetteer
    place_ends: dict[int, Mention]
    words: WordIndex
    counties: dict[str, Mention | None] = field(default_factory=dict)  # level → the story's one county

    def story_county(self, level: str) -> Mention | None:
        """:func:`_story_county` of the text, read once a level: it scans every place of the text."""
        if level not in self.counties:
            self.counties[level] = _story_county(self.place_ends, level)
        return self.counties[level]


class _Owner(NamedTuple):
    """Whose body an abbreviation names.

    Where the owner's name starts, its full name, its level (省 市 县 区, 中央, 全国, or
    国 for a country) and the key of its place (None for 中共中央, 全国 and countries).
    """

    start: int
    name: str
    level: str
    located: EntityKey | None = None


def _full_name(owner: str, full: str) -> str:
    """The body's full name: 温州市文化和旅游局, 中共温州市委宣传部, 中国人民政治协商会议温州市委员会."""
    if "{}" not in full:
        return owner + full
    # The Central Committee's departments drop the 委 of a place's committee: 中共中央组织部.
    return full.format(owner.removeprefix("中共")).replace("中央委", "中央")


def _prefix(
    text: str, start: int, ctx: _Context, *, allow_level: bool, committee: bool = False, prefecture: bool = False
) -> _Owner | None:
    """The owner before an abbreviation.

    Args:
        prefecture: the body exists at a prefecture only (中级人民法院): a bare 市 is the
            city even in a county-level city's paper.
    """
    if committee and text[start - 1 : start] == "委":
        # 市委宣传部, 温州市委组织部: the Party's departments follow their committee.
        return _prefix(text, start - 1, ctx, allow_level=allow_level)
    if committee and text[start - 4 : start] == "委常委、":
        # 市委常委、宣传部部长: that committee's department, named alone.
        found = _prefix(text, start - 4, ctx, allow_level=allow_level)
        return found._replace(start=start) if found else None
    if text[start - 2 : start] == "中央":
        return _Owner(start - 2, "中共中央", "中央")
    if text[start - 2 : start] == "全国":
        return _Owner(start - 2, "全国", "全国")
    if owner := _place_owner(text, start, ctx):
        return owner
    return _level_owner(text, start, ctx, prefecture=prefecture) if allow_level and start else None


def _place_owner(text: str, start: int, ctx: _Context) -> _Owner | None:
    """温州市统计局, 宜都公安: a place's name, or a county's short name, before the body."""
    gaz, meta = ctx.gaz, ctx.meta
    place = ctx.place_ends.get(start)
    if place is not None and place.canonical in gaz.countries:
        return _Owner(place.start, place.canonical, "国")  # 美国政府: no local level's body
    if place is not None and place.canonical:
        # The division the place rules chose for the name (朝阳区: Beijing's or Changchun's).
        found = gaz.by_code.get(place.code or "") or home_division(place.canonical, gaz, meta)
        return _Owner(place.start, place.canonical, _level_of(found) if found else "市", place_key(found) if found else None)
    for length in (3, 2):
        counties = gaz.county_aliases.get(text[start - length : start])
        county = gaz.choose(counties, city=meta.home_city, province=meta.province) if counties else None
        if county is not None:
            return _Owner(start - length, county.name, _level_of(county), place_key(county))
    return None


def _level_owner(text: str, start: int, ctx: _Context, *, prefecture: bool = False) -> _Owner | None:
    """市教育局, 省卫健委, 区教育局: a level alone, not the end of a word (城市|一医院, 开发区|教育局)."""
    at = start - 1
    level = text[at]
    if level not in "省市县区" or _ends_dictionary_word(text, at):
        return None
    if ctx.words.ends.get(at, (0, ""))[1] == "ns" or at in ctx.place_ends:
        return None  # 山西大同|市三医院: the level ends a place's name
    if text[at - 1 : at] == "、" and text[at - 2 : at - 1] in "省市县区":
        return None  # 市、区党校: levels listed, every such body
    county = ctx.story_county(level) if not ctx.meta.home(level) else None
    if county is not None:
        return _Owner(at, county.canonical or "", level, EntityKey.of(EntityType.LOC, county.code))
    if prefecture and level == "市" and ctx.meta.home_city and ctx.meta.home_city == ctx.meta.province:
        return None  # 北京市 has numbered intermediate courts: which one, 市中院 does not say
    owner = ctx.meta.home_city if prefecture and level == "市" else ctx.meta.home(level)
    # With no home known, 市公安局 is still some city's body: a name without its owner.
    return _Owner(at, owner, level, _located(owner, ctx.gaz, ctx.meta)) if owner else _Owner(at, "", level)


def _ends_dictionary_word(text: str, at: int) -> bool:
    """The character at ``at`` ends a word of the dictionary (城市, 开发区, 代表团).

    The dictionary, not the segmenter, whose own words can be wrong (由省|住|建厅).
    """
    return bool(word_tag(text[at - 1 : at + 1]) or at > 1 and word_tag(text[at - 2 : at + 1]))


def _story_county(place_ends: dict[int, Mention], level: str) -> Mention | None:
    """区教育局 in a story that names one district (县: one county) is that district's."""
    if level not in ("县", "区"):
        return None
    named = {
        m.code: m for m in place_ends.values()
        if m.canonical and m.canonical.endswith(level) and m.code and not m.code.endswith("00")
    }
    return named.popitem()[1] if len(named) == 1 else None


def _level_of(place: Place) -> str:
    if place.level == "county":  # a county-level city (宜都市) has a county's bodies
        return "区" if place.name.endswith("区") else "县"
    return _PLACE_LEVEL.get(place.level, "市")


@functools.cache
def _national_scanner(lex: Lexicon) -> KeyScanner:
    return KeyScanner(lex.national)


def _national_bodies(
    key: str, text: str, lex: Lexicon, words: WordIndex, place_ends: dict[int, Mention]
) -> Iterator[Mention]:
    """国务院, 教育部, 新华社, 联合国 …: national and international bodies by their names.

    A name must start and end where words do: 外交部长 is a minister. After another
    country (古巴国内贸易部, 菲卫生部) the name is that country's body, which the grammar
    reads whole or not at all.
    """
    for start, end, name in _national_scanner(lex).find(text):
        if not at_boundary(text, start, words) or not at_boundary(text, end, words):
            continue
        if _foreign_owner(text, start, words, place_ends):
            continue
        yield org_mention(key, text, start, end, MentionSource.GAZETTEER, canonical=lex.national[name])


def _foreign_owner(text: str, start: int, words: WordIndex, place_ends: dict[int, Mention]) -> bool:
    place = place_ends.get(start)
    if place is not None:
        return place.code is None and place.canonical not in _CHINA  # a country has no division code
    before = words.ends.get(start)
    return before is not None and start - before[0] == 1 and text[start - 1] in _COUNTRY_CHARS


def national_name(name: str, lex: Lexicon) -> str | None:
    """The full name of a national body, also after 中国 (中国外交部 is 外交部)."""
    return lex.national.get(name) or (lex.national.get(name[2:]) if name.startswith("中国") else None)


def _located(owner: str, gaz: Gazetteer, meta: PageMeta) -> EntityKey | None:
    """The entity key of the division a body's owner is, if the gazetteer has it."""
    place = home_division(owner, gaz, meta)
    return place_key(place) if place else None


def _league_start(text: str, level_at: int) -> int | None:
    """Where 团市委 or 共青团市委 starts; None in 代表团市委书记 or 集团市委 (团 ends a word)."""
    if text[level_at - 3 : level_at] == "共青团":
        return level_at - 3
    at = level_at - 1
    if text[at : at + 1] == "团" and not _ends_dictionary_word(text, at):
        return at
    return None


def _party_prefix(text: str, start: int, words: WordIndex) -> tuple[int, str]:
    """中共吉林市委, 共青团济南市委, 民盟安徽省委: the party's or the League's name written
    before a committee belongs to it; where the mention starts and whose committee it is."""
    for prefix, party in _PARTY_PREFIXES:
        if text.startswith(prefix, start - len(prefix)):
            return start - len(prefix), party
    before = words.ends.get(start)
    if before is not None:
        name = text[before[0] : start]
        # Another party's name (民盟, 九三学社, 农工党): a word whose head says it is a party,
        # not a committee or a department of one (市委, 党组).
        party = kind_of(name) is EntityKind.POLITICAL_PARTY
        if len(name) >= 2 and party and not name.endswith(_COMMITTEE_HEADS):
            return before[0], name
    return start, "中共"


_COMMITTEE_HEADS = ("委", "组", "部", "支部", "总支")


def _higher_division(start: int, place_ends: dict[int, Mention]) -> int:
    """山西省|稷山县委: a division written before the committee's own is part of its name."""
    outer = place_ends.get(start)
    return outer.start if outer is not None and outer.code else start


_PARTY_PREFIXES = (("中国共产党", "中共"), ("中共", "中共"), ("共青团", "共青团"))
_COMMITTEE = re.compile(r"([省市县区])委(?![员会])")
_HAN = HAN


def _party_committees(
    key: str, text: str, meta: PageMeta, gaz: Gazetteer, place_ends: dict[int, Mention], words: WordIndex
) -> Iterator[Mention]:
    """市委, 温州市委: the Party committee of a place (中共温州市委员会); 团市委, the League's."""
    for match in _COMMITTEE.finditer(text):
        level_at = match.start(1)
        place = place_ends.get(level_at + 1)
        if place is not None and place.canonical and place.canonical.endswith(match.group(1)):
            start, party = _party_prefix(text, _higher_division(place.start, place_ends), words)
            yield org_mention(key, text, start, match.end(), canonical=f"{party}{place.canonical}委员会",
                              located_in=EntityKey.of(EntityType.LOC, place.code) if place.code else None)
            continue
        owner = meta.home(match.group(1))
        before = text[level_at - 1 : level_at]
        league = _league_start(text, level_at)
        # With no home known, 市委 is still some city's committee: a name without its owner.
        located = _located(owner, gaz, meta) if owner else None
        if league is not None:
            yield org_mention(key, text, league, match.end(), canonical=owner and f"共青团{owner}委员会",
                              located_in=located)
        elif not before or not _HAN.match(before) or before in "在由和与及、的":
            yield org_mention(key, text, level_at, match.end(), canonical=owner and f"中共{owner}委员会",
                              located_in=located)
