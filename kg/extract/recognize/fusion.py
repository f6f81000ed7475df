"""Fusion: choose one reading where rules, gazetteer and tagger disagree.

Candidates are ranked by the reliability of their source, then by length; a chosen
span blocks every span overlapping it. An organization's name therefore hides the
place inside it (宜都市公安局 is not also a mention of 宜都市). A name found once is
then found wherever it recurs in the article (document-level consistency).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence


from kg.extract.gazetteer import KeyScanner
from kg.model import EntityType, Mention, MentionSource
from kg.lang.person_names import common_words, plausible_name, starts_with_surname, surnames, transliterated
from kg.extract.recognize.foreign import latin_candidate
from kg.extract.recognize.org_known import acronym_org
from kg.extract.recognize.lexicon import Lexicon, load_lexicon
from kg.extract.recognize.familiar import NICKNAMES
from kg.extract.recognize.places import CITY_WORD_ENDS, time_zone
from kg.extract.recognize.orgs import (
    GENERIC_HEADS, HALLS, adverb_verb, describes_kind, ends_with_title, listed_level, opens_dateline,
)
from kg.extract.spans import Edges, SpanIndex, revised
from kg.lang.chars import CN_NUMERALS, HAN, HAN_RANGES
from kg.lang.lexicons import honorifics
from kg.lang.words import WordIndex, at_boundary, word_tag

PRIORITY = {
    MentionSource.TABLE: 5, MentionSource.RULE: 4, MentionSource.SURNAME: 4, MentionSource.GRAMMAR: 4,
    MentionSource.GAZETTEER: 3, MentionSource.RECURRENCE: 2.5, MentionSource.TAGGER: 2, MentionSource.ALIAS: 2,
    MentionSource.LIST: 1.9, MentionSource.CONSISTENCY: 1,
    # 中美关系's 美: below the tagger, whose longer name over the character (中美洲) wins.
    MentionSource.SHORT_NAME: 1.95,
}
# Sources whose names are trusted enough to be found again before the tagger speaks.
_TRUSTED = {MentionSource.TABLE, MentionSource.RULE, MentionSource.GAZETTEER, MentionSource.GRAMMAR}
# A hyphen joins a double surname of a dotted name (某某·某某-某某).
_HAN_NAME = re.compile(rf"^[{HAN_RANGES}·•]+$|^[{HAN_RANGES}·•]*·[{HAN_RANGES}]{{2,}}[-－][{HAN_RANGES}]{{2,8}}$")
_HAN = HAN
_SPACE = re.compile(r"\s")


_OVERRIDABLE = {MentionSource.GAZETTEER, MentionSource.ALIAS, MentionSource.GRAMMAR, MentionSource.RECURRENCE}


def prefer_longer_tagger(candidates: Sequence[Mention]) -> list[Mention]:
    """The tagger's longer organization or place wins over what it contains.

    美国国会 holds the place 美国, 国务院港澳办 the body 国务院, 约旦河 the country 约旦:
    the longer name is the mention; the inside one is part of it. Even a rule's body
    yields to its sub-unit written after it (某某区法院刑事审判庭); a place inside an
    organization (某某市公安局) stays hidden by it.
    """
    outer = [
        m for m in candidates
        if m.source == MentionSource.TAGGER and m.end - m.start >= 3
        and (m.type in (EntityType.ORG, EntityType.LOC) or transliterated(m.text))
        and not describes_kind(m.text[:2])  # 省属|某某矿务局: the name starts after the word of kind
    ]
    # A rule's body yields to the tagger's span that reads on past it to a sub-unit's head
    # (某某区法院 + 刑事审判庭, 某某大学 + 研究中心) or a hall's (全国政协 + 礼堂, a place).
    suffixes = load_lexicon().org_suffixes
    units = SpanIndex(
        (o.start, o.end) for o in outer
        if o.type is EntityType.ORG and o.text.endswith(suffixes) or o.type is EntityType.LOC and o.text.endswith(HALLS)
    )
    # +1: the sub-unit ends past the body's end (a start shared and an end one further is
    # no sub-unit's head, so holds_longer's "or ending at it" case does no harm).
    def grown(m: Mention) -> bool:
        return m.type is EntityType.ORG and units.holds_longer(m.start, m.end + 1)

    # A tagger span that a stronger, unyielding candidate overlaps loses in select(): it
    # must not hide what it contains (an ORG 河北涿州市…村村民 crossed by a village).
    # Indexed, not compared pair by pair: a page of megabytes has tens of thousands of each.
    blockers = SpanIndex(
        (m.start, m.end) for m in candidates
        if not _overridable(m) and PRIORITY.get(m.source, 0) > PRIORITY[MentionSource.TAGGER] and not grown(m)
    )
    outers = SpanIndex((o.start, o.end) for o in outer if not blockers.overlaps(o.start, o.end))
    if not outers:
        return list(candidates)
    return [m for m in candidates if not ((_overridable(m) or grown(m)) and outers.holds_longer(m.start, m.end))]


def _overridable(m: Mention) -> bool:
    return m.source in _OVERRIDABLE or (m.type is EntityType.PER and m.source == MentionSource.RULE)


def select(candidates: Iterable[Mention]) -> list[Mention]:
    """Keep the best non-overlapping candidates, in text order."""
    ranked = sorted(
        candidates,
        # Ties go to the reading that knows its canonical name (襄阳市委 → 中共襄阳市委员会).
        key=lambda m: (-PRIORITY.get(m.source, 0), -(m.end - m.start), m.start, m.canonical is None, m.type.value),
    )
    taken = bytearray()
    chosen: list[Mention] = []
    for mention in ranked:
        if mention.end > len(taken):
            taken.extend(b"\0" * (mention.end - len(taken)))
        if any(taken[mention.start : mention.end]):
            continue
        taken[mention.start : mention.end] = b"\1" * (mention.end - mention.start)
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def plausible(mention: Mention) -> bool:
    """Reject spans no name can have: whitespace inside, one character, a non-Han person.

    A person the tagger proposes must also look like a Chinese name (a known surname,
    not an ordinary word of the dictionary such as 安全感 or 智能化).
    """
    if mention.source == MentionSource.SURNAME:
        return True  # 江主席's 江: one character by design
    if mention.source == MentionSource.SHORT_NAME:
        return True  # 中美关系, 访华: a place's one-character short name, by its context
    if mention.source == MentionSource.RULE and mention.text in NICKNAMES:
        return True  # C罗: a star's nickname of the lexicon, a Latin initial in it
    if latin_candidate(mention):
        return True  # Steven Johns说, Google: a Latin-script name its context or the lexicon vouches for
    if acronym_org(mention):
        return True  # NBA官方: capitals a body's cue vouches for
    if mention.end - mention.start < 2 or _SPACE.search(mention.text):
        return False
    if mention.type is EntityType.PER:
        if not _HAN_NAME.match(mention.text):
            return False
        if mention.source == MentionSource.TAGGER:
            if mention.text[1:] in _HONORIFICS or _address(mention.text):
                return False  # 赵先生, 老吴: forms of address, not names
            return not _word_head(mention.text)
        return len(mention.text) <= 4 or "·" in mention.text
    if mention.type is EntityType.LOC and mention.source == MentionSource.TAGGER:
        return bool(_HAN.search(mention.text)) and not mention.text.endswith(_GENERIC_PLACE_HEADS)
    return bool(_HAN.search(mention.text))


_HONORIFICS = honorifics()
_ADDRESS_NUMBER = re.compile(r"[0-9]{1,5}号")


def _address(name: str) -> bool:
    """老吴, 小李: 老 or 小 and a surname address a person; 老舍 (舍 no surname) is a pen name."""
    return len(name) == 2 and (name[0] == "小" or name[0] == "老" and name[1] in surnames())
# 周边城市, 沿海地区: a description of places, not a place's name.
_GENERIC_PLACE_HEADS = ("城市", "国家", "地方", "乡村", "农村", "边境", "城乡", "基层")


def _word_head(name: str) -> bool:
    """高水平, 方向盘: the "name" would start with a frequent ordinary word.

    A surname and 家 (王家, "the Wangs") is a word of the dictionary and the start of
    many given names (某家卫, 某家明): no evidence against the name.
    """
    family = name[1:2] == "家" and name[:1] in surnames()
    return len(name) == 3 and name[:2] in common_words() and not family


def trim_credits(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """张三摄: a photo credit's 摄 is not part of the name; 路特1号 is an address."""
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER and _ADDRESS_NUMBER.match(text, m.end):
            continue
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER and len(m.text) > 2 and m.text.endswith("摄"):
            m = dataclasses.replace(m, end=m.end - 1, text=m.text[:-1])
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER and len(m.text) > 2 and _credit_role(m, text):
            m = dataclasses.replace(m, start=m.start + 1, text=m.text[1:])  # 某某/文|李四/图: 文 is the credit before it
        out.append(m)
    return out


def _credit_role(m: Mention, text: str) -> bool:
    """记者某某/文李四/图: a credit's role after a slash, then the next credited name."""
    return text[m.start - 1 : m.start] in ("/", "／") and m.text[0] in "文图摄" and text[m.end : m.end + 1] in ("/", "／")


_PROPER_TAGS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"}
# Heads common nouns end with too (工作中心, 服务中心 …): they need a naming word.
_WEAK_HEADS = {"中心", "基地", "工厂", "农场", "商场", "超市", "酒店", "宾馆", "实验室"}
_LODGINGS = ("酒店", "宾馆", "商场", "超市")
_NAMING_WORDS = {"中共", "中央", "国家", "全国", "中国", "省", "市", "县", "区", "最高", "国务院"}


def in_context(
    mention: Mention, text: str, words: WordIndex, places: SpanIndex, lex: Lexicon,
    persons: Edges = Edges(),
) -> bool:
    """Context checks on the tagger's guesses.

    - 护绿、爱绿、兴绿: a "person" listed among items that are not names is a verb phrase;
    - 技能大师工作站: an "organization" with no naming word in it (a place, a proper noun,
      中共, 国家 …) is a common noun.

    Args:
        places: the spans of the gazetteer's places.
        persons: where the candidate persons start and end.
    """
    if mention.source != MentionSource.TAGGER:
        return True
    if mention.type is EntityType.PER:
        # 护绿、爱绿、兴绿: items of one length in a list, none of them a person.
        length = mention.end - mention.start
        parallel = [(side, n) for side, n in _list_neighbours(text, mention.start, mention.end) if len(n) == length]
        return (
            not parallel
            or any(_is_person_at(side, mention, persons) for side, _ in parallel)
            or _list_of_names(mention.text, [n for _, n in parallel])
        )
    if mention.type is EntityType.ORG:
        return _named_organization(mention, text, words, places, lex)
    # 深圳市场, 上海市民: the city's 市 opens the next word; the gazetteer reads the city without it.
    return not (mention.text.endswith("市") and text[mention.end : mention.end + 1] in CITY_WORD_ENDS)


# A body hidden (某), counted (三家) or ranked among teams (第二集团) is named by no one.
_UNNAMED = re.compile(rf"某|[{CN_NUMERALS}两几多数]+家|^第[{CN_NUMERALS}]+(?:集团|梯队)$")
# The centre of a city or town: a part of it, not a body (某市中心 ≠ 某市中心医院).
_CENTRES = ("市中心", "城中心", "镇中心")
# The heads of news agencies, which open datelines.
_AGENCY_HEADS = ("社", "通讯社")
_PAIRED_MARKS = (("《", "》"), ("“", "”"), ("『", "』"), ("（", "）"))
# After an organization's head, these make the whole something else: 市中心城区 is a
# part of town, 治安中心户 a household, 局长 a person.
_NOT_AFTER = ("城区", "地带", "位置", "广场", "户", "员", "长", "者")
# A body's staff after its name (某公司员工): the body stays named.
_STAFF = ("员工",)


def _named_organization(
    mention: Mention, text: str, words: WordIndex, places: SpanIndex, lex: Lexicon
) -> bool:
    """The tagger's organization names one: not 人民法院 or 技能大师工作站, the kind of body."""
    if mention.text in lex.not_org_heads or mention.text in GENERIC_HEADS:
        return False  # 人民法院, 村委会: a kind of body
    if text.startswith(_NOT_AFTER, mention.end) and not text.startswith(_STAFF, mention.end):
        return False
    if _UNNAMED.search(mention.text) or mention.text.endswith(_CENTRES):
        return False  # 某市某公司, 三家远洋公司, 第二集团, 某市中心: no one body named
    if mention.text.endswith(_AGENCY_HEADS) and opens_dateline(text, mention.end):
        return mention.text in lex.national  # 某国新华社北京6月9日电: a headline's last words and the agency
    if listed_level(text, mention.start) or ends_with_title(mention.text, lex):
        return False  # 省、市国税局: every province's and city's body; 市委常委: a post
    if any(mention.text.count(left) != mention.text.count(right) for left, right in _PAIRED_MARKS):
        return False  # 法国《队报, 日报》文艺: a span cut across a title's or a quote's marks
    if len(mention.text) >= 3 and word_tag(mention.text):
        return True  # a dictionary word: 公安部, 外交部 …
    if any(adverb_verb(word) for word, _ in _words_in(words, text, mention.start, mention.end)):
        return False  # 某会明确提出某党: a clause's predicate runs through the span
    if places.has_inside(mention.start, mention.end):
        return True
    head = next((h for h in lex.org_suffixes if len(h) >= 2 and mention.text.endswith(h)), None)
    if head in _WEAK_HEADS or mention.text.endswith(("工作站", "服务站", "工作室")):
        # 工作中心, 技能大师工作站: only a place, a name or a body (南开大学 + 某某研究中心)
        # makes them one body.
        return _opens_with_body(mention, text, words, lex)
    if head and len(mention.text) >= len(head) + 2:
        return True  # 宽带网络公司: a company's, an association's … head
    return any(
        (tag in _PROPER_TAGS and tag != "nr" or word in _NAMING_WORDS or word in lex.national)
        for word, tag in _words_in(words, text, mention.start, mention.end)
    )  # 公安部/n|交通管理局: a unit of a national body


def _opens_with_body(mention: Mention, text: str, words: WordIndex, lex: Lexicon) -> bool:
    """The span starts with a body's name and goes on to a unit of it (南开大学|数学研究中心)."""
    first = words.starts.get(mention.start)
    if first is None or first[0] >= mention.end - 1:
        return False
    name = text[mention.start : first[0]]
    if first[1] == "ns" and len(name) >= 2 and mention.text.endswith(_LODGINGS):
        return True  # 北戴河|金山宾馆: a hotel or a shop named after its place
    return first[1] == "nt" or len(name) >= 3 and name.endswith(lex.org_suffixes)


def _words_in(words: WordIndex, text: str, start: int, end: int) -> list[tuple[str, str]]:
    """The dictionary words (and their tags) that tile ``text[start:end]`` from its start."""
    return words.tiling(text, start, end)[0]


def _list_neighbours(text: str, start: int, end: int) -> list[tuple[str, str]]:
    """The items beside a span in a 、-separated list, as ("left" | "right", text)."""
    out = []
    if text[start - 1 : start] == "、":
        left = start - 1
        begin = left
        while begin > 0 and _HAN.match(text[begin - 1]) and left - begin < 6:
            begin -= 1
        out.append(("left", text[begin:left]))
    if text[end : end + 1] == "、":
        stop = end + 1
        while stop < len(text) and _HAN.match(text[stop]) and stop - end < 7:
            stop += 1
        out.append(("right", text[end + 1 : stop]))
    return [(side, item) for side, item in out if item]


def _list_of_names(name: str, neighbours: Sequence[str]) -> bool:
    """竺可桢、苏步青, 丹明、沃特: a full name (surname and two characters) or a transliteration
    beside an item that reads as a name too is one of a list of persons, not a verb phrase."""
    full = len(name) == 3 and starts_with_surname(name) or transliterated(name)
    return full and any(plausible_name(n) for n in neighbours)


def _is_person_at(side: str, mention: Mention, persons: Edges) -> bool:
    """Another candidate person stands in the neighbouring list item."""
    if side == "left":
        return mention.start - 1 in persons.ends
    return mention.end + 1 in persons.starts


def recurrences(candidates: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """Trusted names (rules, tables, gazetteer) found again where they recur, as candidates."""
    first: dict[str, Mention] = {}
    for m in candidates:
        if m.source in _TRUSTED:
            first.setdefault(m.text, m)
    if not first:
        return []
    return [
        revised(first[surface], start=start, end=end, source=MentionSource.RECURRENCE)
        for start, end, surface in KeyScanner.find_once(first, text)
        if _aligned(text, start, end, words) and not _clock(first[surface], text, end)
    ]


def ambiguous_alias(mention: Mention, county_aliases: dict[str, object]) -> bool:
    """A county's short name that is a common word (公安 the police, 和平 …) on its own."""
    return (
        mention.type is EntityType.LOC
        and mention.source in (MentionSource.TAGGER, MentionSource.CONSISTENCY)
        and mention.text in county_aliases
        and word_tag(mention.text) in _COMMON_TAGS
    )


# Parts of speech of ordinary words: a county's short name tagged so (公安 n, 和平 vn)
# is that word, not the county, unless a township of the county follows it.
_COMMON_TAGS = {"n", "v", "vn", "a", "ad", "an", "d", "vd", "m", "q", "t", "f", "p", "c", "r", "u"}


def spread(mentions: list[Mention], text: str, words: WordIndex) -> list[Mention]:
    """Find again, wherever it recurs, every name recognized once in the article."""
    if not mentions:
        return mentions
    taken = bytearray(len(text))
    for m in mentions:
        taken[m.start : m.end] = b"\1" * (m.end - m.start)
    first: dict[str, Mention] = {}
    for m in mentions:
        if m.source is not MentionSource.SHORT_NAME:  # 中 of 中美关系 names nothing elsewhere
            first.setdefault(m.text, m)
    if not first:
        return mentions
    extra = []
    for start, end, surface in KeyScanner.find_once(first, text):
        if not any(taken[start:end]) and _aligned(text, start, end, words) and not _clock(first[surface], text, end):
            extra.append(revised(first[surface], start=start, end=end, source=MentionSource.CONSISTENCY))
    return sorted(mentions + extra, key=lambda m: m.start)


def _clock(mention: Mention, text: str, end: int) -> bool:
    """A place's name found again before 时间 (北京时间) names a time zone there."""
    return mention.type is EntityType.LOC and time_zone(text, end)


def _aligned(text: str, start: int, end: int, words: WordIndex) -> bool:
    """The span does not cut a word in two (or sits between non-Han characters)."""
    return at_boundary(text, start, words) and at_boundary(text, end, words)
