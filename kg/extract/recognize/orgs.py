"""Organization rules: owner or place prefix + body + suffix, and every other rule's bodies.

- 宜都市公安局, 华中科技大学同济医学院: words that name (a place, a proper noun, 中共,
  国家 …) followed by plain nouns and an organization suffix (局 院 大学 学会 …); which
  words can be the suffix is :mod:`kg.extract.recognize.org_heads`.
- 第六届全国人大常委会: a body's term written before it is part of its mention.

:func:`find_orgs` also yields the bodies of :mod:`~kg.extract.recognize.bodies` (short
forms, national bodies, the Party's committees), :mod:`~kg.extract.recognize.schools`
(洪山一中), :mod:`~kg.extract.recognize.quoted_names` (“心连心”艺术团) and
:mod:`~kg.extract.recognize.brands` (青岛啤酒).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence

from kg.extract.gazetteer import Gazetteer
from kg.model import EntityKey, EntityType, Mention, MentionSource, PageMeta
from kg.lang.chars import CN_NUMERALS, DIVISION_LEVELS, LIST_JOINS
from kg.lang.lexicons import whole_deictics
from kg.lang.person_names import NAME_TAGS
from kg.extract.recognize.bodies import find_bodies, national_name, org_mention
from kg.extract.recognize.brands import find_brands
from kg.extract.recognize.lexicon import Lexicon, foreign_context
from kg.extract.recognize.org_heads import GENERIC_HEADS, ends_with_title, head_word, is_named_head, suffix_last_chars
from kg.extract.recognize.quoted_names import HONOURING, find_quoted_names
from kg.extract.recognize.schools import find_numbered_schools
from kg.lang.words import WordIndex, word_tag

__all__ = [
    "GENERIC_HEADS", "HALLS", "adverb_verb", "describes_kind", "ends_with_title", "find_orgs", "listed_level",
    "opens_dateline", "with_term",
]

# jieba tags of the words an organization's name is made of.
_PART_TAGS = {"ns", "nr", "nrt", "nz", "nt", "n", "j", "vn", "b", "an", "nrfg", "ng", "m", "eng"}
_PROPER_TAGS = {"ns", "nt", "nz", "nr", "nrt", "j", "eng"}
_PROPER_WORDS = {"中共", "中央", "国家", "全国", "中国", "省", "市", "县", "区", "最高", "国务院"}
_STOP_WORDS = {
    "的", "和", "与", "及", "等", "各", "该", "本", "全", "其", "这", "那", "有关", "相关", "部分",
    "多家", "一家", "各级", *whole_deictics(),  # 全省, 全市 …
    "本报讯", "讯", "电", "日电", "本报", "据",  # a dateline is never part of a name
    "原", "前",  # 某省|原|民政厅: "former", before the name the body had
    # 湖人队|主场|战胜|奇才队: a match report between two teams, never one name
    *foreign_context("team_verbs"), "主场", "客场",
}
_MAX_ORG = 24


def find_orgs(
    key: str, text: str, meta: PageMeta, lex: Lexicon, gaz: Gazetteer, words: WordIndex, places: Sequence[Mention]
) -> Iterator[Mention]:
    """Yield organization mentions from the abbreviation, suffix and brand rules."""
    found = (
        *find_bodies(key, text, meta, lex, gaz, words, places),
        *find_numbered_schools(key, text, words, places),  # 洪山一中
        *find_quoted_names(key, text, lex, words, places),  # “心连心”艺术团
        *_suffix_grammar(key, text, meta, lex, words, places),
        *find_brands(key, text, lex, gaz, words, places),
    )
    yield from (with_term(m, text) for m in found)


def with_term(mention: Mention, text: str) -> Mention:
    """第六届全国人大常委会, 八届全国政协: a body's term written before it belongs to the mention.

    The gold corpora read 第六届全国人大常委会 as one organization; the entity is still the
    body itself, so the name without the term stays the canonical one.
    """
    term = _TERM_BEFORE.search(text, max(0, mention.start - _MAX_TERM), mention.start)
    if term is None or term.end() != mention.start:
        return mention
    canonical = mention.canonical or mention.text
    return dataclasses.replace(mention, start=term.start(), text=text[term.start() : mention.end], canonical=canonical)


# 第六届, 六届, 十一届: a term by its number (not 本届, 新一届, 上一届, 历届: which term is not said).
_TERM_BEFORE = re.compile(rf"(?<![0-9０-９{CN_NUMERALS}百第新上下每这那该])第?[0-9０-９{CN_NUMERALS}百]+届")
_MAX_TERM = 6


# ------------------------------------------------------------------ suffix grammar


def _suffix_grammar(
    key: str, text: str, meta: PageMeta, lex: Lexicon, words: WordIndex, places: Sequence[Mention]
) -> Iterator[Mention]:
    """The organizations named by words that name and a suffix (宜都市公安局)."""
    items = words.words
    suffixes = lex.org_suffixes
    starts = {m.start: m for m in places}
    cover = {k: m for m in places for k in range(m.start + 1, m.end)}
    place_ends = {m.start: m.end for m in places}
    last_chars = suffix_last_chars(suffixes)
    for j, (_, w_end, word, tag) in enumerate(items):
        if word[-1] not in last_chars or tag in ("x", "m", "q", "f") or tag == "v" and word not in suffixes:
            continue  # no suffix at the end (the cheapest test first); a verb ending like a suffix (分行, 支行: verbs too)
        if not word.endswith(suffixes) or not head_word(word, lex):
            continue
        if text.startswith(_NOT_AFTER, w_end) or text.startswith(_LAWS_OF, w_end):
            continue  # 某某组织法: a law on a kind of body, written after the country enacting it
        # 新华社北京6月9日电: a dateline's agency opens a story, after a headline's last words.
        i = j if _DATELINE.match(text, w_end) else _left_edge(items, j, w_end, lex, starts)
        # 科学出版社, 文艺报社: publishers are named by plain nouns too.
        plain = i == j and word in _PUBLISHERS and (i := _publisher_start(items, j, lex)) < j
        start = items[i][0]
        inside = cover.get(start)
        if inside is not None:
            start = inside.start  # a place name the segmenter cut in two (经/开区)
        elif i == j and not is_named_head(word, tag, suffixes):
            continue
        elif i < j and not plain and not _proper_start(items[i]):
            continue
        elif word == "政府" and i == j - 1 and items[i][3] in NAME_TAGS:
            continue  # a government is a place's: 宁可|政府 (jieba lists 宁可 as a name), not 宋庄|镇政府
        if word not in BRANCHES:  # 中国银行温州分行: a branch is named after its body and place
            ns_words = {w[0]: w[1] for w in items[i:j] if w[3] == "ns"}
            # Looked up in both, not merged: copying every place of the text for each name was quadratic.
            start = _last_place_chain(start, w_end, ns_words, place_ends)
        if (mention := _suffix_org(key, text, start, w_end, meta, lex, words, starts)) is not None:
            yield mention


def _suffix_org(
    key: str, text: str, start: int, end: int, meta: PageMeta, lex: Lexicon, words: WordIndex,
    place_starts: Mapping[int, Mention],
) -> Mention | None:
    """The organization named from ``start`` to its suffix's ``end``; None where it names a kind of body."""
    ordinal = _ORDINAL_PREFIX.match(text, start, end)
    if ordinal:
        start = ordinal.end()  # 八届全国政协: the body is 全国政协 (with_term takes the term back in)
    start = _stationed(text, start, words, place_starts)
    name = text[start:end]
    if name in lex.not_org_heads or listed_level(text, start) or _honour(text, start, end):
        return None  # 爱国主义教育基地, 人民政府: a kind of body, no name
    place = place_starts.get(start)
    located = EntityKey.of(EntityType.LOC, place.code) if place is not None and place.code and place.end < end else None
    canonical = national_name(name, lex) or _owner_name(name, meta)
    return org_mention(key, text, start, end, MentionSource.GRAMMAR, located_in=located, canonical=canonical)


_DAY = f"[0-9０-９{CN_NUMERALS}]"
_DATELINE = re.compile(rf"[^，。、\s]{{1,8}}?{_DAY}{{1,2}}月{_DAY}{{1,3}}日电")
_LEVELS = DIVISION_LEVELS


def opens_dateline(text: str, at: int) -> bool:
    """A dateline's place and date start at ``at`` (北京6月9日电): the agency before it stands alone."""
    return _DATELINE.match(text, at) is not None


def _stationed(text: str, start: int, words: WordIndex, place_starts: Mapping[int, Mention]) -> int:
    """中国驻美国大使馆, 驻香港办事处: a mission is named by its owner, 驻 and where it is.

    Without them 美国大使馆 would be another country's embassy.
    """
    if words.ends.get(start, (start, ""))[0] != start - 1 or text[start - 1] != "驻":
        return start
    owner = words.ends.get(start - 1)
    if owner is not None and (owner[1] in ("ns", "nt") or owner[0] in place_starts):
        return owner[0]
    return start - 1


def listed_level(text: str, start: int) -> bool:
    """省、区、市党委: levels listed before a kind of body are every such body, not one."""
    listed = text[start - 1 : start] == "、" and text[start - 2 : start - 1] in _LEVELS
    return listed and text[start : start + 1] in _LEVELS


def _honour(text: str, start: int, end: int) -> bool:
    """被评为“爱婴医院”: a title of honour in quotes, which bodies are given, is no body's name."""
    return text[start - 1 : start] == "“" and text[end : end + 1] == "”" and text.endswith(HONOURING, 0, start - 1)


def _last_place_chain(start: int, end: int, ns_words: Mapping[int, int], place_ends: Mapping[int, int]) -> int:
    """魅力之都武汉市城市规划展览馆: a name starts at the last run of places before its body.

    Args:
        ns_words: start → end of the place words (ns) of the name, which come first.
        place_ends: start → end of every place name of the gazetteer in the text.
    """
    chain_start, pos, last = start, start, start
    for offset in range(start, end):
        p_end = ns_words.get(offset, place_ends.get(offset))
        if p_end is None or p_end >= end:
            continue
        if offset != pos:  # words between the places: a new name starts here
            chain_start = offset
        pos = p_end
        last = chain_start
    return last


def _owner_name(name: str, meta: PageMeta) -> str | None:
    """省书法家协会 → 浙江省书法家协会: a bare level is the paper's province or city."""
    owner = meta.home(name[0])
    return owner + name[1:] if owner and name[0] in "省市" else None


_TITLE_STOPS = frozenset(
    "代表 部长 副部长 总理 副总理 主席 副主席 书记 副书记 局长 厅长 院长 主任 委员 常委 记者 外长 总统 首相 大使 市长 省长 县长".split()
)
BRANCHES = {"分行", "支行", "分公司", "子公司", "分社", "分院", "分局", "营业部", "分理处"}
_RANK = re.compile(rf"^第[{CN_NUMERALS}0-9０-９]{{1,3}}$")
_ORDINAL_PREFIX = re.compile(rf"(?:第)?[0-9０-９{CN_NUMERALS}百]+(?:届|次)")
_ORDINAL = re.compile(rf"^(?:第)?[0-9０-９{CN_NUMERALS}百]+(?:届|次|期|号)$")


def _left_edge(
    items: Sequence[tuple[int, int, str, str]], j: int, end: int, lex: Lexicon, place_starts: Mapping[int, Mention]
) -> int:
    """The index of the word where the name whose suffix is ``items[j]`` starts."""
    # A national body is no part of another (党中央|国务院, 民政部|财政部: a list without
    # its commas), of a person's name (马万祺|全国政协; jieba's 严格遵守/nr) nor of a
    # division (北京|全国政协: the city holds no national body); a sub-body after a body's
    # or a country's name is (国务院|法制局, 伊拉克/nrt|外交部).
    national = items[j][2] in lex.national
    organ = items[j][2].endswith(_ORGANS)
    i = j
    while i > 0:
        # 联合国|难民署: a national body the segmenter cut in two is one all the same.
        national = national or "".join(w[2] for w in items[i : j + 1]) in lex.national
        p_start, _, p_word, p_tag = items[i - 1]
        if p_word == "和" and _fields_joined(items, i - 1, lex, place_starts):
            i -= 1  # 某市旅游|和|文化广电体育局: one body's two fields of work
            continue
        if p_tag not in _PART_TAGS or p_word in _STOP_WORDS or end - p_start > _MAX_ORG:
            break
        if _COUNTRIES_AS_WORDS.match(p_word):
            break  # 非洲五国|新华社, 外国|保险公司: countries counted or pointed at, no owner
        place = place_starts.get(p_start)
        if national and (
            p_word in lex.national or p_tag in NAME_TAGS and place is None or place is not None and place.code
        ):
            break
        if place is None and (_phrase(p_word, p_tag, lex) or adverb_verb(p_word)):
            break  # 努力学习/nr|图书馆, 上同/ns|党中央, 明确提出/n: words of a sentence, not of a name
        if organ and p_word.endswith(lex.org_suffixes) and p_start not in place_starts:
            break  # 市人大|评议|法院, 县委|县政府: a court or a government is no other body's unit
        if _ends_phrase(items, i, lex):
            break
        i -= 1
    while i < j and not _proper_start(items[i], strict=False):
        i += 1  # drop leading plain nouns: the name starts where naming starts
    return i


def _ends_phrase(items: Sequence[tuple[int, int, str, str]], i: int, lex: Lexicon) -> bool:
    """Whether the word before ``items[i]`` belongs to another phrase than the name that ``items[i]`` is in."""
    _, _, word, tag = items[i - 1]
    if i >= 2 and describes_kind(word) and _ends_body(items[i - 2][2], lex):
        return True  # 矿务局|国有|煤矿: a word of kind (国有, 省属) after a body starts a new phrase
    if _dateline_word(word) or _ORDINAL.match(word) or word in _TITLE_STOPS:
        return True  # 日讯新华社, 八届全国政协, 部长X代表…: not part of the name
    if _joins_two(word, lex):
        return True  # 保健|院和市|第一人民医院: the segmenter glued the end of one name to the next
    return tag == "m" and not word.isdigit() and not _RANK.match(word)  # 温州市第一人民医院: a rank is part of the name


def _dateline_word(word: str) -> bool:
    """日讯, 专电, 讯: a dateline's last word; not a field that ends alike (广电, 供电, 通讯)."""
    return word in ("讯", "电", "来电") or word.endswith(("日电", "日讯", "专电", "报讯", "快讯", "简讯"))


def _fields_joined(
    items: Sequence[tuple[int, int, str, str]], at: int, lex: Lexicon, place_starts: Mapping[int, Mention]
) -> bool:
    """The 和 at ``at`` joins two fields of one body's name, right after its place (某市旅游和文化局).

    Not two bodies (某市医院和中学, 福利企业和学校): the word before 和 is no body nor kind of
    body, and a place of the gazetteer opens the name.
    """
    if at < 2 or at + 1 >= len(items):
        return False
    place, before, after = items[at - 2], items[at - 1], items[at + 1]
    return (
        place[0] in place_starts and before[3] in _FIELD_TAGS and after[3] in _FIELD_TAGS
        and not before[2].endswith(lex.org_suffixes) and before[2] not in GENERIC_HEADS
    )


_FIELD_TAGS = frozenset({"n", "vn", "nz", "j"})


def _ends_body(word: str, lex: Lexicon) -> bool:
    """The word ends a body's name; 中央 and 国家 before 高级党校 or 重点实验室 name its owner."""
    return word.endswith(lex.org_suffixes) and word not in _PROPER_WORDS


def _publisher_start(items: Sequence[tuple[int, int, str, str]], j: int, lex: Lexicon) -> int:
    """Where a publisher's name of plain nouns starts (人民文学|出版社): up to three nouns before it.

    None (``j``) after a bare level (省|教育|出版社, the province's, named by no one) or where
    no noun precedes (该出版社, 一家报社).
    """
    i = j
    while i > 0 and j - i < 3:
        _, _, word, tag = items[i - 1]
        if tag not in _NOUN_TAGS or len(word) < 2 or word in _STOP_WORDS or word.endswith(lex.org_suffixes):
            break
        if len(word) >= 4 and word_tag(word[-2:]) == "v":
            break  # 在京举行/n: a clause jieba lists as a noun
        i -= 1
    return j if i > 0 and items[i - 1][2] in _LEVELS else i


# Heads of publishers and newspapers' offices, whose names are often plain nouns.
_PUBLISHERS = frozenset({"出版社", "报社", "日报社", "杂志社"})
_NOUN_TAGS = frozenset({"n", "nz", "vn", "ns", "nr", "nt", "j", "b", "an", "ng", "nrt"})


def describes_kind(word: str) -> bool:
    """国有, 民营, 省属, 直属: a word that says what kind a body is (or whose), not its name.

    jieba's distinguishing words (b) and a level's "belonging to" (省属, 市属, 部属).
    """
    return word_tag(word) == "b" or len(word) == 2 and word.endswith("属")


def _phrase(word: str, tag: str, lex: Lexicon) -> bool:
    """A "name" that is ordinary words ending in a verb, a preposition or an adverb.

    jieba's dictionary lists phrases as names (努力学习/nr = 努力 学习) and guesses names
    for words it lacks (上同/ns = 上 同); a real name's first part is a surname or no word.
    """
    if tag not in _NAME_WORD_TAGS or len(word) > 4:
        return False
    known = bool(word_tag(word))
    for cut in range(1, len(word)):
        head, rest = word[:cut], word[cut:]
        if head in lex.surnames or not word_tag(head):
            continue
        if known and min(cut, len(rest)) >= 2 and word_tag(rest) in _CLAUSE_TAGS:
            return True  # 努力|学习: two words of two characters or more
        if not known and word_tag(rest) in _LINK_TAGS:
            return True  # 上|同: a guessed name that ends in a preposition
    return False


def adverb_verb(word: str) -> bool:
    """明确提出, 认真处理: a dictionary word that is an adverb and a verb, a clause's predicate.

    Unlike 技术开发 or 环境保护 (a noun and a verb), which name what a body does.
    """
    if len(word) != 4:
        return False
    return word_tag(word[:2]) in _ADVERB_TAGS and word_tag(word[2:]) == "v"


_ADVERB_TAGS = {"d", "ad"}
_NAME_WORD_TAGS = {"nr", "nrt", "nrfg", "ns"}
_CLAUSE_TAGS = {"v", "p", "d", "c", "ad"}
_LINK_TAGS = {"p", "c"}


# Heads of a level's organs of state, which no other body holds (a court, a procuratorate,
# a government, a people's congress, a political consultative conference).
_ORGANS = ("法院", "检察院", "政府", "人大", "政协")


def _joins_two(word: str, lex: Lexicon) -> bool:
    """院和市, 局与县: a word that ends one organization's name, a conjunction and more."""
    at = max(word.rfind(c) for c in LIST_JOINS)
    return 0 < at < len(word) - 1 and word[:at].endswith(lex.org_suffixes)


def _proper_start(item: tuple[int, int, str, str], *, strict: bool = True) -> bool:
    """Naming starts here: a place, a proper noun or 中共, 国家 … (阿 alone is too short).

    Args:
        strict: also require a proper noun of two characters or more, and an abbreviation
            of three (the first word of a name); otherwise any proper word opens one.
    """
    _, _, word, tag = item
    if _COUNTRIES_AS_WORDS.match(word):
        return False
    if not strict:
        return tag in _PROPER_TAGS or word in _PROPER_WORDS
    if tag == "j":  # 中专, 高校: most two-character abbreviations are generic
        return len(word) >= 3
    return (tag in _PROPER_TAGS and len(word) >= 2) or word in _PROPER_WORDS


# 外国, 各国, 贵国, 五国: countries counted or pointed at (jieba tags them ns), not a name.
_COUNTRIES_AS_WORDS = re.compile(rf"^[外各贵我本该他邻列诸异两几多数{CN_NUMERALS}]+国$")
# Halls named after the body that owns them (政协礼堂, 人民大会堂): buildings, places.
HALLS = ("礼堂", "会堂", "大会堂")
# A word after an organization's suffix that turns the whole into something else:
# 治安中心户 (a household), 市中心城区 (a part of town), 局长 (a person), 政协礼堂 (a hall).
_NOT_AFTER = ("户", "员", "长", "城区", "地带", "位置", "广场", "主任", "者", *HALLS)
# The laws on a kind of body (中华人民共和国村民委员会组织法): the body is the law's subject.
_LAWS_OF = ("组织法", "选举法", "组织条例")
