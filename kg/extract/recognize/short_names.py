"""One-character short names of places (简称) where news writes them as names.

中美关系, 中日韩三国, 京津冀协同发展, 粤港澳大湾区: characters written together before a
word of relations or of a region each name a country or a province. 访华, 赴美, 来京: a
verb of travel or stance before one. 中方, 美军, 港资: one before a party's word. Alone, the
same characters are ordinary words (中 the middle, 美 beautiful, 日 a day, 法 the law): only
these contexts make them names, and the mentions found here are never found again where the
character recurs. Each mention carries its canonical name (美 → 美国) and, for a province, its
code, so that resolution merges it into the place's node.

The characters and their readings are ``data/lexicons/short_names.tsv``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import load_gazetteer
from kg.lang.chars import CN_NUMERALS
from kg.lang.lexicons import rows
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = ["PLACING_VERBS", "Reading", "ShortNames", "find_short_names", "short_names"]


@dataclass(frozen=True)
class Reading:
    """What one character names: a province (with its code) or a country or continent."""

    canonical: str
    code: str | None = None
    kind: EntityKind | None = None


@dataclass(frozen=True)
class ShortNames:
    """The readings of ``short_names.tsv``: provincial and foreign, and the ordinary words."""

    provinces: dict[str, Reading]
    foreign: dict[str, Reading]
    ordinary: frozenset[str]

    def provincial(self, char: str) -> bool:
        """The character names a province only (京, 粤), never a country."""
        return char in self.provinces and char not in self.foreign


@functools.cache
def short_names() -> ShortNames:
    """The lexicon, provinces named from the gazetteer by their code (``code:11`` → 北京市).

    Raises:
        ValueError: a ``code:NN`` row the gazetteer has no province for.
    """
    gaz = load_gazetteer()
    provinces: dict[str, Reading] = {}
    foreign: dict[str, Reading] = {}
    ordinary: set[str] = set()
    for char, reading in rows("short_names.tsv", 2):
        if reading == "ordinary":
            ordinary.add(char)
        elif reading.startswith("code:"):
            place = gaz.by_code.get(reading[5:] + "0000")
            if place is None:
                raise ValueError(f"short_names.tsv: no province has the code {reading}")
            provinces[char] = Reading(place.name, place.code)
        else:
            kind = EntityKind.COUNTRY if reading in gaz.countries or reading == "苏联" else None
            foreign[char] = Reading(reading, kind=kind)
    return ShortNames(provinces, foreign, frozenset(ordinary))


# Words after a run of short names that make it a compound of places: relations, meetings,
# trade, borders, regions, counted countries and sides (中美关系, 京津冀协同, 川渝地区).
_COMPOUNDS = (
    "关系", "两国", "三国", "四国", "五国", "六国", "双方", "三方", "四方", "各方", "两党", "两军", "两地", "三地", "四地", "三省", "四省",
    "五省", "两岸", "合作", "贸易", "经贸", "会谈", "会晤", "峰会", "首脑", "元首", "外长", "领导人", "友好", "友谊", "建交", "交流", "对话",
    "谈判", "和谈", "协议", "协定", "联合", "公报", "同盟", "联盟", "伙伴", "战略", "边境", "边界", "交界", "冲突", "摩擦", "争端", "纠纷",
    "对抗", "战争", "之间", "间", "一体化", "协同", "区域", "地区", "大湾区", "毗邻", "高铁", "铁路", "高速", "航线", "经济", "合资", "人民",
    "双边", "邦交", "和平",
)
# 中亚, 中非, 中欧, 中美: also the middle of a continent, a region of its own.
_CONTINENT_REGIONS = ("亚", "非", "欧", "美")
# Verbs of travel written with one character before a place's short name (访华, 赴美, 在|沪);
# verbs of stance (对华, 侵华, 抗日) only where the pair is a word of the dictionary.
# Of those, the verbs that place someone or something there (在华, 驻京, 访美), not leaving or returning.
PLACING_VERBS = frozenset("访来在驻赴抵")
_TRAVEL = PLACING_VERBS | frozenset("旅留离返进回")
_VERBS = _TRAVEL | frozenset("侵援对抗反排")
# After a run of short names, the head of a longer name the run opens (港澳区, 京津线): no compound.
_NAME_HEADS = frozenset("区省市县州洲队会线")
# A party's words after a short name (中方, 美军, 港资, 台商, 台胞); 方 and 军 name a state's side.
_PARTIES = frozenset("方军籍企资商胞")
_STATE_PARTIES = frozenset("方军")
# Tags of words that are no names: a run of short names that jieba reads so is that word (加以).
_NOT_NAMES = frozenset({"v", "vd", "vn", "d", "a", "ad", "an", "c", "p", "u", "r", "q", "i", "l"})
_NAME_TAGS = frozenset({"ns", "j", "nz", "nt"})
# 5日方: a date's 日 (a day), not Japan.
_DATE = re.compile(rf"[0-9０-９{CN_NUMERALS}月]")


def find_short_names(key: str, text: str, words: WordIndex, candidates: Sequence[Mention]) -> list[Mention]:
    """The candidates with the short names of places added, each one character long.

    A tagger's span lying inside a run of short names (中美 read as one place) gives way to
    the run's characters; any other longer candidate over a character wins in fusion.

    Args:
        key: the article's key.
        text: its text.
        words: its segmentation.
        candidates: the mentions found so far.
    """
    names = short_names()
    runs = list(_runs(text, words, names)) + list(_lists(text, words, names))
    by_start: dict[int, _Found] = {}
    for found in (*(m for _, _, mentions in runs for m in mentions), *_after_verbs(text, words, names),
                  *_before_parties(text, words, names)):
        by_start.setdefault(found.start, found)  # a run's reading first (沪苏's 苏 a province)
    if not by_start:
        return list(candidates)
    kept = [
        m for m in candidates
        if not (m.source is MentionSource.TAGGER and any(s <= m.start and m.end <= e for s, e, _ in runs))
    ]
    return kept + [_mention(key, text, m) for m in by_start.values()]


@dataclass(frozen=True)
class _Found:
    start: int
    reading: Reading

    @property
    def end(self) -> int:
        return self.start + 1


def _mention(key: str, text: str, found: _Found) -> Mention:
    r = found.reading
    return Mention(
        key, found.start, found.end, text[found.start : found.end], EntityType.LOC, MentionSource.SHORT_NAME,
        canonical=r.canonical, code=r.code, kind=r.kind,
    )


def _runs(text: str, words: WordIndex, names: ShortNames) -> Iterator[tuple[int, int, list[_Found]]]:
    """Runs of two or more short names that make a compound: (start, end, their readings)."""
    for run in _patterns().runs.finditer(text):
        yield from _sub_runs(text, run.start(), run.end(), words, names)


def _sub_runs(text: str, i: int, j: int, words: WordIndex, names: ShortNames) -> Iterator[tuple[int, int, list[_Found]]]:
    """The compounds in the characters ``text[i:j]``, longest first: 参加|中美两军, 中美|加强合作."""
    start = i
    while j - start >= 2:
        for end in range(j, start + 1, -1):
            readings = _run_readings(text[start:end], names)
            if readings is not None and _compound(text, start, end, words, names):
                yield start, end, [_Found(start + k, r) for k, r in enumerate(readings)]
                start = end
                break
        else:
            start += 1


def _lists(text: str, words: WordIndex, names: ShortNames) -> Iterator[tuple[int, int, list[_Found]]]:
    """Short names listed one character an item: 中、美、俄、英、法 (three or more, or two and a compound)."""
    for match in _patterns().lists.finditer(text):
        start, end = match.span()
        items = text[start:end:2]
        if _crossing_word(text, start, words) or not (len(items) >= 3 or text.startswith(_COMPOUNDS, end)):
            continue
        readings = _run_readings(items, names)
        if readings is not None and (at_boundary(text, end, words) or text.startswith(_COMPOUNDS, end)):
            yield start, end, [_Found(start + 2 * k, r) for k, r in enumerate(readings)]


@dataclass(frozen=True)
class _Patterns:
    """Where short names may stand, so that the scans jump there instead of trying every character."""

    runs: re.Pattern[str]  # two or more short names written together
    lists: re.Pattern[str]  # short names listed with 、
    after_verbs: re.Pattern[str]  # a short name after a verb of travel or stance
    before_parties: re.Pattern[str]  # a short name before a party's word


@functools.cache
def _patterns() -> _Patterns:
    names = short_names()
    every = names.provinces.keys() | names.foreign.keys()
    chars = "".join(sorted(every - {"华"}))  # 华 pairs in no compound
    after_verbs = "".join(sorted(every - set("中以")))  # 以: a preposition after 留 (留以自勉)
    return _Patterns(
        runs=re.compile(f"[{chars}]{{2,}}"),
        lists=re.compile(f"[{chars}](?:、[{chars}])+"),
        after_verbs=re.compile(f"(?<=[{''.join(sorted(_VERBS))}])[{after_verbs}]"),
        before_parties=re.compile(f"[{''.join(sorted(every))}](?=[{''.join(sorted(_PARTIES))}])"),
    )


def _compound(text: str, start: int, end: int, words: WordIndex, names: ShortNames) -> bool:
    """``text[start:end]`` is short names written together, not a word or a word's tail."""
    run = text[start:end]
    tag = word_tag(run)
    if run in names.ordinary or run in _places() or tag in _NOT_NAMES or _crossing_word(text, start, words) or run[0] == "日" and _DATE.match(text, start - 1):
        return False  # 加以, 今日|美国, 5日美方: an ordinary word, or a word running into the run
    if any(a in names.provinces and a not in names.foreign and b == "中" for a, b in itertools.pairwise(run)):
        return False  # 蜀中, 鲁中: the middle of a province
    region = len(run) == 2 and run[0] == "中" and run[1] in _CONTINENT_REGIONS  # 中亚, 中非地区
    follower = next((w for w in _COMPOUNDS if text.startswith(w, end)), None)
    if follower is not None:
        return not (region and follower == "地区")
    if region or tag and tag not in _NAME_TAGS and len(run) == 2 or text[end : end + 1] in _NAME_HEADS:
        return False  # 非法 (a word of the dictionary) wants a compound's word after it
    word = words.starts.get(start)
    if word is None:
        return len(run) >= 3 and at_boundary(text, end, words)
    word_end, seg_tag = word
    if word_end == end:
        # 港澳/j, 中美 (jieba's guess, ns): the run alone; a place's own name of the dictionary
        # (苏丹, 贵港, 德川) is no run of short names without a compound's word after it.
        return tag == "j" or not tag and seg_tag in _NAME_TAGS or len(run) >= 3
    rest = text[end:word_end]
    # 中美关系/nt: jieba reads the run with the noun after it as one word.
    return word_end > end and len(rest) >= 2 and word_tag(rest) in {"n", "vn", "ns", "nz", "nt", "j"}


@functools.cache
def _places() -> frozenset[str]:
    """Names of places of two or three characters that short names could spell (苏丹, 贵港, 青川)."""
    gaz = load_gazetteer()
    names = set(gaz.countries) | set(gaz.by_name) | set(gaz.by_alias)
    return frozenset(n for n in names if 2 <= len(n) <= 3)


def _crossing_word(text: str, at: int, words: WordIndex) -> bool:
    """A word of the dictionary runs across ``at`` (今日|美国, 集中|美元); jieba's guesses (对美中) do not count."""
    if at_boundary(text, at, words):
        return False
    for begin in range(at - 1, max(at - 8, -1), -1):
        word = words.starts.get(begin)
        if word is not None:
            return word[0] > at and bool(word_tag(text[begin : word[0]]))
    return False


def _run_readings(run: str, names: ShortNames) -> list[Reading] | None:
    """Each character's reading: provincial where the run names a province (沪苏浙皖), else foreign."""
    provincial = any(names.provincial(c) for c in run)
    out = [
        names.provinces[c] if c in names.provinces and (provincial or c not in names.foreign) else names.foreign[c]
        for c in run
    ]
    if len({r.canonical for r in out}) < len(out):
        return None  # 中华: one country twice is no compound
    return out


def _after_verbs(text: str, words: WordIndex, names: ShortNames) -> Iterator[_Found]:
    """访华, 赴美, 在京: a verb of travel or stance, then a short name with one reading."""
    for match in _patterns().after_verbs.finditer(text):
        i, char = match.start(), match.group()
        reading = _single(char, names)
        if reading is None or text[i - 1 : i + 1] in names.ordinary:
            continue
        travel = text[i - 1] in _TRAVEL and at_boundary(text, i - 1, words) and _alone(i, words)
        if travel or _verb_pair(text, i, words):
            yield _Found(i, reading)


def _verb_pair(text: str, i: int, words: WordIndex) -> bool:
    """The verb and the character are a word of the dictionary (访华, 抗日 of 抗日战争, 驻华 of 驻华大使)."""
    if not word_tag(text[i - 1 : i + 1]):
        return False
    return words.starts.get(i - 1, (0,))[0] == i + 1 or at_boundary(text, i - 1, words) or at_boundary(text, i + 1, words)


def _alone(i: int, words: WordIndex) -> bool:
    """jieba reads the character as a place's word of its own (在|沪, 赴|沪)."""
    alone = words.starts.get(i)
    return alone is not None and alone[0] == i + 1 and alone[1] in _NAME_TAGS


def _single(char: str, names: ShortNames) -> Reading | None:
    """The one reading of a character standing alone; None for none or two (澳: 澳门 or 澳大利亚)."""
    province, foreign = names.provinces.get(char), names.foreign.get(char)
    return None if province and foreign else province or foreign


def _before_parties(text: str, words: WordIndex, names: ShortNames) -> Iterator[_Found]:
    """中方, 美军, 港资, 美籍: a short name, then a party's word."""
    for match in _patterns().before_parties.finditer(text):
        i, char, party = match.start(), match.group(), text[match.end()]
        if text[i : i + 2] in names.ordinary:
            continue
        if party in _STATE_PARTIES:
            reading = names.foreign.get(char) or (names.provinces.get(char) if party == "方" else None)
        else:
            reading = names.provinces.get(char) or names.foreign.get(char)
        if reading is None or char == "日" and _DATE.match(text, i - 1):
            continue
        # 侵华|日军 of 侵华日军: a verb's pair before the character ends where a word would.
        if not (at_boundary(text, i, words) or i >= 2 and text[i - 2] in _VERBS and word_tag(text[i - 2 : i])):
            continue
        word = words.starts.get(i)
        after = words.starts.get(i + 1)
        # 美籍 of 美籍华人, 日军 of 侵华日军: a word of the dictionary inside a longer one.
        inside = word is None or word[0] > i + 2
        one_word = word is not None and word[0] == i + 2 or inside and bool(word_tag(text[i : i + 2]))
        two_words = word is not None and word[0] == i + 1 and after is not None and after[0] == i + 2
        if one_word or two_words:
            yield _Found(i, reading)
