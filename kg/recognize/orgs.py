"""Organization rules: owner or place prefix + body + suffix, and government abbreviations.

- 市文旅局, 省住建厅, 荆州作协, 中央政法委: a level (省 市 县 区 中央) or a place, then a
  standard abbreviation, expanded to the full name through the abbreviation lexicon
  (荆州市文化和旅游局 …) with the paper's home city and province.
- 宜都市公安局, 华中科技大学同济医学院: words that name (a place, a proper noun, 中共,
  国家 …) followed by plain nouns and an organization suffix (局 院 大学 学会 …).
- 青岛啤酒: a place followed by an industry word is a company's trade name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from kg.gazetteer import Gazetteer, KeyScanner, Place
from kg.model import EntityType, Mention, PageMeta
from kg.recognize.lexicon import Lexicon
from kg.recognize.places import place_key
from kg.recognize.words import WordIndex, word_tag

_LEVEL_CHARS = {"省": "省", "市": "市", "县": "县", "区": "区"}
_CHINA = {"中国", "中华人民共和国"}
# One-character short forms of countries in news (美方, 菲卫生部, 俄外长 …).
_COUNTRY_CHARS = set("美英法德俄日韩朝意葡荷瑞奥加澳印巴以伊埃菲泰越柬缅蒙哈乌土希波匈捷古墨智秘阿")
_NAME_TAGS = {"ns", "nr", "nrt", "nz", "nt", "n", "j", "vn", "b", "an", "nrfg", "ng", "m", "eng"}
_PERSON_TAGS = {"nr", "nrt", "nrfg"}
_PROPER_TAGS = {"ns", "nt", "nz", "nr", "nrt", "j", "eng"}
_PROPER_WORDS = {"中共", "中央", "国家", "全国", "中国", "省", "市", "县", "区", "最高", "国务院"}
_STOP_WORDS = {
    "的", "和", "与", "及", "等", "各", "该", "本", "全", "其", "这", "那", "有关", "相关", "部分",
    "多家", "一家", "各级", "全省", "全市", "全县",
    "本报讯", "讯", "电", "日电", "本报", "据",  # a dateline is never part of a name
}
_PLACE_LEVEL = {"province": "省", "city": "市", "county": "县"}
_MAX_ORG = 24
# Bodies that exist at the national level under the prefix 全国 (全国政协, 全国妇联 …).
_NATIONAL = {"政协", "人大", "人大常委会", "总工会", "妇联", "文联", "作协", "科协", "侨联", "残联", "工商联"}


def _org(key: str, text: str, start: int, end: int, source: str = "rule", **attrs: str | None) -> Mention:
    return Mention(key, start, end, text[start:end], EntityType.ORG, source, **attrs)


@functools.cache
def _abbreviation_scanner(lex: Lexicon) -> KeyScanner:
    return KeyScanner(lex.abbreviations)


def find_orgs(
    key: str,
    text: str,
    meta: PageMeta,
    lex: Lexicon,
    gaz: Gazetteer,
    words: WordIndex,
    places: Sequence[Mention],
) -> Iterator[Mention]:
    """Yield organization mentions from the abbreviation, suffix and brand rules."""
    place_ends = {m.end: m for m in places}
    yield from _abbreviations(key, text, meta, lex, gaz, words, place_ends)
    yield from _written_out(key, text, lex, places)
    yield from _national_bodies(key, text, lex, words, place_ends)
    yield from _suffix_grammar(key, text, meta, lex, words, places)
    yield from _brands(key, text, lex, gaz, places)
    yield from _party_committees(key, text, meta, gaz, place_ends)


# ------------------------------------------------------------------ abbreviations


def _abbreviations(
    key: str, text: str, meta: PageMeta, lex: Lexicon, gaz: Gazetteer, words: WordIndex, place_ends: dict[int, Mention]
) -> Iterator[Mention]:
    context = _Context(meta, gaz, place_ends, words)
    for start, end, abbr in _abbreviation_scanner(lex).find(text):
        full, levels = lex.abbreviations[abbr]
        if _inside_word(abbr, text, end):
            continue
        prefix = _prefix(text, start, context, allow_level=abbr != "公安", committee=full.startswith("中共{}"))
        if prefix is None:
            continue
        p_start, owner, level = prefix
        if full.startswith("中共") and text[p_start - 2 : p_start] == "中共":
            p_start -= 2  # 中共荆州市纪律检查委员会, written out
        if "*" in levels or level == "全国":
            if level == "全国" and abbr not in _NATIONAL:
                continue
            canonical = text[p_start:end] if level == "全国" else text[p_start:start] + full
        elif level in levels or level == "中央":
            canonical = _full_name(owner, full, level, abbr)
        else:
            continue
        located = place_key(prefix_place) if (prefix_place := _owner_place(owner, gaz, meta)) else None
        canonical = _national_name(text[p_start:end], lex) or canonical  # 全国政协, 中央纪委
        yield _org(key, text, p_start, end, canonical=canonical, located_in=located)


def _written_out(key: str, text: str, lex: Lexicon, places: Sequence[Mention]) -> Iterator[Mention]:
    """中国人民政治协商会议荆州市委员会, 共青团荆州市委员会: an official name written out."""
    starts = {m.start: m for m in places if m.canonical}
    for head, tail in _wrapped_names(lex):
        for found in re.finditer(re.escape(head), text):
            place = starts.get(found.end())
            if place is not None and text.startswith(tail, place.end):
                end = place.end + len(tail)
                yield _org(key, text, found.start(), end, canonical=head + place.canonical + tail)


@functools.cache
def _wrapped_names(lex: Lexicon) -> tuple[tuple[str, str], ...]:
    """The templates that wrap the owner's name in words of their own (not 中共's)."""
    templates = {full for full, _ in lex.abbreviations.values() if "{}" in full and not full.startswith("中共")}
    return tuple(tuple(full.split("{}")) for full in sorted(templates))  # type: ignore[misc]


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


def _full_name(owner: str, full: str, level: str, abbr: str) -> str:
    """The body's full name: 荆州市文化和旅游局, 中共荆州市委宣传部, 中国人民政治协商会议荆州市委员会.

    A district's police is a 分局 of the city's bureau.
    """
    if level == "区" and abbr == "公安":
        return owner + "公安分局"
    if "{}" not in full:
        return owner + full
    # The Central Committee's departments drop the 委 of a place's committee: 中共中央组织部.
    return full.format(owner.removeprefix("中共")).replace("中央委", "中央")


def _prefix(text: str, start: int, ctx: _Context, *, allow_level: bool, committee: bool = False) -> tuple[int, str, str] | None:
    """The owner before an abbreviation: ``(start, owner's full name, level)``."""
    if committee and text[start - 1 : start] == "委":
        # 市委宣传部, 荆州市委组织部: the Party's departments follow their committee.
        return _prefix(text, start - 1, ctx, allow_level=allow_level)
    if committee and text[start - 4 : start] == "委常委、":
        # 市委常委、宣传部部长: that committee's department, named alone.
        found = _prefix(text, start - 4, ctx, allow_level=allow_level)
        return (start, found[1], found[2]) if found else None
    if text[start - 2 : start] == "中央":
        return start - 2, "中共中央", "中央"
    if text[start - 2 : start] == "全国":
        return start - 2, "全国", "全国"
    return _place_owner(text, start, ctx) or (_level_owner(text, start, ctx) if allow_level and start else None)


def _place_owner(text: str, start: int, ctx: _Context) -> tuple[int, str, str] | None:
    """荆州市文旅局, 松滋公安: a place's name, or a county's short name, before the body."""
    gaz, meta = ctx.gaz, ctx.meta
    place = ctx.place_ends.get(start)
    if place is not None and place.canonical:
        found = gaz.places(place.canonical)
        return place.start, place.canonical, _level_of(found[0]) if found else "市"
    for length in (3, 2):
        counties = gaz.county_aliases.get(text[start - length : start])
        county = gaz.choose(counties, city=meta.home_city, province=meta.province) if counties else None
        if county is not None:
            return start - length, county.name, _level_of(county)
    return None


def _level_owner(text: str, start: int, ctx: _Context) -> tuple[int, str, str] | None:
    """市文旅局, 省住建厅, 区教育局: a level alone, not the end of a word (城市|一医院, 开发区|教育局)."""
    at = start - 1
    level = _LEVEL_CHARS.get(text[at])
    if level is None or word_tag(text[at - 1 : at + 1]) or at > 1 and word_tag(text[at - 2 : at + 1]):
        return None  # the segmenter's own words can be wrong (由省|住建厅 as 由省|住|建厅): the dictionary's
    if ctx.words.ends.get(at, (0, ""))[1] == "ns" or at in ctx.place_ends:
        return None  # 山西大同|市三医院: the level ends a place's name
    owner = {"市": ctx.meta.home_city, "省": ctx.meta.province}.get(level) or _story_county(ctx.place_ends, level)
    return (at, owner, level) if owner else None


def _story_county(place_ends: dict[int, Mention], level: str) -> str | None:
    """区教育局 in a story that names one district (县: one county) is that district's."""
    if level not in ("县", "区"):
        return None
    named = {
        m.canonical for m in place_ends.values()
        if m.canonical and m.canonical.endswith(level) and m.code and not m.code.endswith("00")
    }
    return named.pop() if len(named) == 1 else None


def _level_of(place: Place) -> str:
    if place.level == "county":  # a county-level city (石首市) has a county's bodies
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
        starts_word = start == 0 or start in words.ends
        ends_word = end == len(text) or end in words.starts
        if not starts_word or not ends_word or _foreign_owner(text, start, words, place_ends):
            continue
        yield _org(key, text, start, end, "gazetteer", canonical=lex.national[name])


def _foreign_owner(text: str, start: int, words: WordIndex, place_ends: dict[int, Mention]) -> bool:
    place = place_ends.get(start)
    if place is not None:
        return place.code is None and place.canonical not in _CHINA  # a country has no division code
    before = words.ends.get(start)
    return before is not None and start - before[0] == 1 and text[start - 1] in _COUNTRY_CHARS


def _national_name(name: str, lex: Lexicon) -> str | None:
    """The full name of a national body, also after 中国 (中国外交部 is 外交部)."""
    return lex.national.get(name) or (lex.national.get(name[2:]) if name.startswith("中国") else None)


def _owner_place(owner: str, gaz: Gazetteer, meta: PageMeta) -> Place | None:
    return gaz.choose(gaz.places(owner), city=meta.home_city, province=meta.province)


# ------------------------------------------------------------------ suffix grammar


def _suffix_grammar(
    key: str, text: str, meta: PageMeta, lex: Lexicon, words: WordIndex, places: Sequence[Mention]
) -> Iterator[Mention]:
    items = words.words
    suffixes = lex.org_suffixes
    starts = {m.start: m for m in places}
    cover = {k: m for m in places for k in range(m.start + 1, m.end)}
    place_ends = {m.start: m.end for m in places}
    for j, (_, w_end, word, tag) in enumerate(items):
        if tag in ("x", "m", "q", "f") or tag == "v" and word not in suffixes:
            continue  # a verb ending like a suffix; 分行 and 支行 are tagged verbs too
        if not word.endswith(suffixes) or not _head_word(word, lex):
            continue
        if text.startswith(_NOT_AFTER, w_end):
            continue
        i = _left_edge(items, j, w_end, lex, starts)
        start = items[i][0]
        inside = cover.get(start)
        if inside is not None:
            start = inside.start  # a place name the segmenter cut in two (经/开区)
        elif i == j and not _is_named_head(word, tag, suffixes):
            continue
        elif i < j and not _proper_start(items[i]):
            continue
        if word not in _BRANCHES:  # 中国银行宜昌分行: a branch is named after its body and place
            ns_words = {w[0]: w[1] for w in items[i:j] if w[3] == "ns"}
            start = _last_place_chain(start, w_end, place_ends | ns_words)
        ordinal = _ORDINAL_PREFIX.match(text, start, w_end)
        if ordinal:
            start = ordinal.end()  # 八届全国政协: the body is 全国政协
        name = text[start:w_end]
        if name in lex.not_org_heads:
            continue  # 爱国主义教育基地, 人民政府: a kind of body, no name
        place = starts.get(start)
        located = f"LOC:{place.code}" if place is not None and place.code and place.end < w_end else None
        canonical = _national_name(name, lex) or _owner_name(name, meta)
        yield _org(key, text, start, w_end, "grammar", located_in=located, canonical=canonical)


def _last_place_chain(start: int, end: int, place_ends: dict[int, int]) -> int:
    """荆楚明珠宜昌市城市规划展览馆: a name starts at the last run of places before its body.

    Args:
        place_ends: start → end of every place name (gazetteer or ns word) in the text.
    """
    chain_start, pos, last = start, start, start
    for offset in range(start, end):
        p_end = place_ends.get(offset)
        if p_end is None or p_end >= end:
            continue
        if offset != pos:  # words between the places: a new name starts here
            chain_start = offset
        pos = p_end
        last = chain_start
    return last


def _owner_name(name: str, meta: PageMeta) -> str | None:
    """省风景园林学会 → 湖北省风景园林学会: a bare level is the paper's province or city."""
    if name.startswith("省") and meta.province:
        return meta.province + name[1:]
    if name.startswith("市") and meta.home_city:
        return meta.home_city + name[1:]
    return None


def _head_word(word: str, lex: Lexicon) -> bool:
    """The word can end an organization's name: not a lone suffix (所, 部 …), a title
    (常委, 副政委) or an ordinary word ending like a suffix (内部, 格局, 新格局 …)."""
    if len(word) == 1 or word in lex.not_org_heads:
        return False
    tail = word[-2:]
    ordinary = tail in lex.not_org_heads and tail not in lex.org_suffixes and tail[-1] in _ABSTRACT_HEADS
    if len(word) > 2 and ordinary:
        return False  # 新格局, 老干部, 重新部署, 所到之处 (not 大使馆, 自行车队: bodies)
    title = word.removeprefix("副")
    return title not in lex.titles_pre and title not in lex.titles_post


# Suffix characters that also end ordinary words of place, order or manner (内部, 格局,
# 好处, 场所, 中心, 部署, 举办), unlike 馆, 院 or 队, whose words are bodies too.
_ABSTRACT_HEADS = "部局处所心署办"
_TITLE_STOPS = frozenset(
    "代表 部长 副部长 总理 副总理 主席 副主席 书记 副书记 局长 厅长 院长 主任 委员 常委 记者 外长 总统 首相 大使 市长 省长 县长".split()
)
_BRANCHES = {"分行", "支行", "分公司", "子公司", "分社", "分院", "分局", "营业部", "分理处"}
_RANK = re.compile(r"^第[一二三四五六七八九十0-9０-９]{1,3}$")
_ORDINAL_PREFIX = re.compile(r"(?:第)?[0-9０-９一二三四五六七八九十百]+(?:届|次)")
_ORDINAL = re.compile(r"^(?:第)?[0-9０-９一二三四五六七八九十百]+(?:届|次|期|号)$")


def _left_edge(
    items: Sequence[tuple[int, int, str, str]], j: int, end: int, lex: Lexicon, place_starts: Collection[int]
) -> int:
    # A national body is no part of another (党中央|国务院, 民政部|财政部: a list without
    # its commas) nor of a person's name (马万祺|全国政协; jieba's 严格遵守/nr); a sub-body
    # after a body's or a country's name is (国务院|法制局, 伊拉克/nrt|外交部).
    national = items[j][2] in lex.national
    i = j
    while i > 0:
        p_start, _, p_word, p_tag = items[i - 1]
        if p_tag not in _NAME_TAGS or p_word in _STOP_WORDS or end - p_start > _MAX_ORG:
            break
        if national and (p_word in lex.national or p_tag in _PERSON_TAGS and p_start not in place_starts):
            break
        if p_word.endswith(("讯", "电")) or _ORDINAL.match(p_word) or p_word in _TITLE_STOPS:
            break  # 日讯新华社, 八届全国政协, 部长X代表…: not part of the name
        if p_tag == "m" and not p_word.isdigit() and not _RANK.match(p_word):
            break  # 宜昌市第一人民医院, 第二中学: a rank is part of the name
        i -= 1
    while i < j and (items[i][3] not in _PROPER_TAGS and items[i][2] not in _PROPER_WORDS):
        i += 1  # drop leading plain nouns: the name starts where naming starts
    return i


def _proper_start(item: tuple[int, int, str, str]) -> bool:
    """Naming starts here: a place, a proper noun or 中共, 国家 … (阿 alone is too short)."""
    _, _, word, tag = item
    if tag == "j":  # 中技, 高校: most two-character abbreviations are generic
        return len(word) >= 3
    return (tag in _PROPER_TAGS and len(word) >= 2) or word in _PROPER_WORDS


_GENERIC_HEADS = {"公安局", "派出所", "检察院", "法院", "医院", "学校", "政府", "公司", "银行", "大学", "中学", "小学", "委员会", "办公室", "管委会", "居委会", "村委会", "党委", "支部", "工会", "研究院", "研究所", "企业", "部门", "单位", "机关"}


def _is_named_head(word: str, tag: str, suffixes: tuple[str, ...]) -> bool:
    """A single word that is a whole name: 国务院, 最高人民法院, 中共中央 …"""
    if word in _GENERIC_HEADS or len(word) < 3:
        return False
    return tag == "nt" and word.endswith(suffixes)


# A word after an organization's suffix that turns the whole into something else:
# 治安中心户 (a household), 市中心城区 (a part of town), 局长 (a person).
_NOT_AFTER = ("户", "员", "长", "城区", "地带", "位置", "广场", "主任", "者")


# ------------------------------------------------------------------ brands


def _brands(key: str, text: str, lex: Lexicon, gaz: Gazetteer, places: Sequence[Mention]) -> Iterator[Mention]:
    """青岛啤酒: a place's name (a county's short name too) and an industry word."""
    spans = [(m.start, m.end) for m in places]
    spans += [(s, e) for s, e, _ in gaz.county_scanner.find(text)]
    for start, end in spans:
        for brand in lex.brands:
            if text.startswith(brand, end):
                yield _org(key, text, start, end + len(brand))
                break


def _league_start(text: str, level_at: int) -> int | None:
    """Where 团市委 or 共青团市委 starts; None in 代表团市委书记 or 集团市委 (团 ends a word)."""
    if text[level_at - 3 : level_at] == "共青团":
        return level_at - 3
    at = level_at - 1
    if text[at : at + 1] == "团" and not (word_tag(text[at - 1 : at + 1]) or at > 1 and word_tag(text[at - 2 : at + 1])):
        return at
    return None


_COMMITTEE = re.compile(r"(?<![\u4e00-\u9fff])?([省市县区])委(?![员会])")


def _party_committees(
    key: str, text: str, meta: PageMeta, gaz: Gazetteer, place_ends: dict[int, Mention]
) -> Iterator[Mention]:
    """市委, 荆州市委: the Party committee of a place (中共荆州市委员会); 团市委, the League's."""
    for match in _COMMITTEE.finditer(text):
        level_at = match.start(1)
        place = place_ends.get(level_at + 1)
        if place is not None and place.canonical and place.canonical.endswith(match.group(1)):
            yield _org(key, text, place.start, match.end(), canonical=f"中共{place.canonical}委员会",
                       located_in=f"LOC:{place.code}" if place.code else None)
            continue
        owner = {"市": meta.home_city, "省": meta.province}.get(match.group(1))
        before = text[level_at - 1 : level_at]
        league = _league_start(text, level_at)
        if owner and league is not None:
            located = place_key(p) if (p := _owner_place(owner, gaz, meta)) else None
            yield _org(key, text, league, match.end(), canonical=f"共青团{owner}委员会", located_in=located)
        elif owner and (not before or not re.match(r"[\u4e00-\u9fff]", before) or before in "在由和与及、的"):
            located = place_key(p) if (p := _owner_place(owner, gaz, meta)) else None
            yield _org(key, text, level_at, match.end(), canonical=f"中共{owner}委员会", located_in=located)