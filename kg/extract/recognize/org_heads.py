"""Which words end an organization's name: a suffix that is a head (公安局, 矿务|局, 总局),
not a lone suffix, a title (市委常委) or the tail of an ordinary word (大部, 政局, 地处), nor
a kind of body alone (医院, 村委会), unlike a word that names one (国务院); and
the words around a head that are no part of the name: a hospital's clinic (某某医院|儿科), a
company's kind said before it (初创企业|某某有限公司), a count of things (某区|一所中学)."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

from kg.entity_kinds import EntityKind
from kg.extract.recognize.kinds import kind_of
from kg.extract.recognize.lexicon import Lexicon
from kg.lang.chars import CN_NUMERALS, HAN_RANGES
from kg.lang.words import word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = [
    "CLINICS", "GENERIC_HEADS", "ends_with_title", "head_word", "is_named_head", "no_body_name", "suffix_last_chars",
    "trim_departments", "trim_kind_words",
]

# The sources whose edges these rules move: the tagger's guesses and the grammar's.
_MOVABLE = {MentionSource.TAGGER, MentionSource.GRAMMAR}


def head_word(word: str, lex: Lexicon) -> bool:
    """The word can end an organization's name: not a lone suffix (所, 部 …), a title
    (常委, 副政委) or an ordinary word ending like a suffix (内部, 格局, 新格局 …)."""
    if len(word) == 1 or word in lex.not_org_heads or word.startswith("某"):
        return False  # 某厂, 某局: "a certain" body, named by no one
    tail = word[-2:]
    ordinary = tail in lex.not_org_heads and tail not in lex.org_suffixes and tail[-1] in _ABSTRACT_HEADS
    if len(word) > 2 and ordinary:
        return False  # 新格局, 老干部, 重新部署, 所到之处 (not 大使馆, 自行车队: bodies)
    title = word.removeprefix("副")
    if title in lex.titles_pre or title in lex.titles_post or ends_with_title(word, lex):
        return False
    return _suffix_ends_word(word, lex)


def ends_with_title(name: str, lex: Lexicon) -> bool:
    """团政委, 市委常委: a body's (short) name and a title is a person's post, not a body."""
    return any(name[-n:] in lex.titles_post for n in (2, 3) if len(name) > n)


def _suffix_ends_word(word: str, lex: Lexicon) -> bool:
    """The suffix ``word`` ends with is a head, not the tail of an ordinary word.

    东北|大部, 国家|政局, 铁路分局|地处: 部 局 处 end words of their own (大部 "most of",
    政局 "the political situation", 地处 "lies in"). A word that is itself a body's (分局,
    公安局, 办公厅), a word and the suffix (矿务|局, 财政|局) or 总局, 一矿 keep theirs.
    """
    suffixes, longest = _suffix_lookup(lex.org_suffixes)
    suffix = next(word[-n:] for n in range(min(len(word), longest), 0, -1) if word[-n:] in suffixes)  # the longest
    if len(word) == len(suffix) or word in suffixes or word_tag(word) in _ORG_WORD_TAGS:
        return True
    stem = word[: -len(suffix)]
    if len(stem) >= 2 and word_tag(stem):
        return True
    return not _ordinary_tail(word[-len(suffix) - 1 :])


def _ordinary_tail(tail: str) -> bool:
    """One character and a suffix make an ordinary word: 地处 (s), 无处 (d), 政局 (n, 局 abstract)."""
    if tail[0] in _RANK_CHARS or tail[0].isdigit():
        return False  # 总局, 分部, 支局, 一矿, 三处: a body's rank or number
    if word_tag(tail[0]) == "v" and word_tag(tail) not in _ORG_WORD_TAGS:
        return True  # 来厂, 开馆, 进所: a verb and its object (来|厂 "come to the factory")
    tag = word_tag(tail)
    if not tag or tag in _ORG_WORD_TAGS or tag == "j":
        return False  # no word (务局), a body's word, an abbreviation (台办, 中院)
    return tag != "n" or tail[-1] in _ABSTRACT_HEADS


@functools.cache
def _suffix_lookup(suffixes: tuple[str, ...]) -> tuple[frozenset[str], int]:
    """The suffixes as a set and the longest one's length: a word's suffix found by its tails, not a suffix at a time."""
    return frozenset(suffixes), max(map(len, suffixes))


@functools.cache
def suffix_last_chars(suffixes: tuple[str, ...]) -> frozenset[str]:
    """The last characters of the suffixes: a word ending with none of them ends with no suffix.

    A set lookup per word, where ``str.endswith`` tries every suffix (150) on every word of a text.
    """
    return frozenset(s[-1] for s in suffixes)


# Kinds of bodies, each a word: alone (村委会, 卫生院) they name none.
GENERIC_HEADS = {
    "通讯社", "卫生院", "税务所", "加工厂", "农学院", "党校", "邮电局", "信息中心", "保险公司", "商业保险公司", "俱乐部", "合作社",
    "公安局", "派出所", "检察院", "法院", "医院", "学校", "政府", "公司", "银行", "大学", "中学", "小学", "委员会", "幼儿园", "法庭",
    "办公室", "管委会", "居委会", "村委会", "党委", "支部", "工会", "研究院", "研究所", "企业", "部门", "单位", "机关", "人民法庭",
    "村民委员会", "居民委员会", "村支部", "党支部", "村党支部", "临时党支部", "保洁公司", "物业公司", "装修公司", "家政公司", "中介公司", "快递公司", "外卖平台",
}


def is_named_head(word: str, tag: str, suffixes: tuple[str, ...]) -> bool:
    """A single word that is a whole name: 国务院, 最高人民法院, 中共中央 …"""
    if word in GENERIC_HEADS or len(word) < 3:
        return False
    return tag == "nt" and word.endswith(suffixes)


# Dictionary tags of words that name (公安局/nt, 武警部队/nt).
_ORG_WORD_TAGS = {"nt", "ns", "nz"}
# The first character of a body's rank or number among its kind (总局, 分部, 支局, 一矿).
_RANK_CHARS = frozenset("总分支" + CN_NUMERALS)


# Suffix characters that also end ordinary words of place, order or manner (内部, 格局,
# 好处, 场所, 中心, 部署, 举办), unlike 馆, 院 or 队, whose words are bodies too.
_ABSTRACT_HEADS = "部局处所心署办"


# ------------------------------------------------------------------ words around a head


def trim_departments(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某某医院心内科 → 某某医院, 某某大学园艺(专业) → 某某大学: the body ends at its head.

    A hospital's clinic (儿科, 心内科, 儿科门诊) and a school's course of study (园艺专业)
    are what the body offers, not bodies of their own; the tagger reads them into its name.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source in _MOVABLE:
            cut = _CLINIC_TAIL.search(m.text) or _COURSE_TAIL.search(m.text + text[m.end : m.end + 3])
            if cut is not None and cut.start(1) < len(m.text):
                end = m.start + cut.start(1)
                m = dataclasses.replace(m, end=end, text=text[m.start : end], canonical=None, code=None)
        out.append(m)
    return out


def no_body_name(m: Mention) -> bool:
    """The tagger's "body" is a count of things, a side in a war or a kind described (see below): no name at all."""
    return _through_classifier(m) or _side_of_a_war(m) or _described_kind(m)


def _described_kind(m: Mention) -> bool:
    """新建图书馆, 俄式西餐厅: a new or styled thing of a kind, its head after a word no name starts with."""
    return m.type is EntityType.ORG and _DESCRIBED_KIND.fullmatch(m.text) is not None


# Words that say a body is new or in the making (新建, 在建) or its style (俄式, 中式), then at most
# four characters of its kind: a description, where a name would have a place or a proper noun.
# A division's level after the word makes it a place's name (新建村, 新建区).
_DESCRIBED_KIND = re.compile(
    rf"(?:新建|新落成|新开业|在建|拟建|筹建|[中西日韩法俄意泰美欧港粤川湘徽]式)(?![村镇乡县区市省街社组])[{HAN_RANGES}]{{1,4}}"
)


def _through_classifier(m: Mention) -> bool:
    """某区一所小学, 某镇一处民房: the tagger read on through a count of things; no body's name holds one."""
    return m.type is EntityType.ORG and m.source is MentionSource.TAGGER and _CLASSIFIER.search(m.text, 2) is not None


def _side_of_a_war(m: Mention) -> bool:
    """某国政府军, 某国反对派武装: a side in a war is the country's forces, named by no name of their own."""
    return m.type is EntityType.ORG and m.source is MentionSource.TAGGER and m.text.endswith(_ARMED_SIDES)


_ARMED_SIDES = ("政府军", "反政府武装", "反对派武装", "叛军", "武装分子")
# 一所, 一处, 两家: a numeral and a measure word (not 第一所, 十一处: a rank).
_CLASSIFIER = re.compile(rf"(?<![第{CN_NUMERALS}0-9])[一两几][所处家座]")


def trim_kind_words(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """初创企业某某科技有限公司 → 某某科技有限公司: the kind of body said before a name is no part of it.

    The tagger reads a description (初创企业, 民营企业, 一家公司) into the company named
    after it; the name starts after the description when what is left is a company's.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source in _MOVABLE:
            kind = _KIND_WORDS.match(m.text)
            rest = m.text[kind.end() :] if kind else ""
            if len(rest) >= 4 and kind_of(rest) is EntityKind.CORPORATION:
                start = m.start + kind.end()  # type: ignore[union-attr]
                m = dataclasses.replace(m, start=start, text=text[start : m.end], canonical=None, code=None)
        out.append(m)
    return out


# What a company is (初创企业, 民营企业, 上市公司, 一家科技公司), said before its name.
_KIND_WORDS = re.compile(
    r"(?:一家|这家|该)?(?:初创|民营|国有|国营|外资|合资|私营|科技|龙头|本地|当地|上市|中小|小微|新创|创业"
    r"|独角兽|跨国|物流|电商|互联网|骨干|链主|头部|老牌)(?:企业|公司)|(?:一家|这家)(?:企业|公司)"
)


# Heads of bodies that treat patients, whose 科 are clinics.
CLINICS = ("医院", "保健院", "卫生院", "诊所", "卫生服务中心")
_CLINIC_TAIL = re.compile(rf"(?:{'|'.join(CLINICS)})([{HAN_RANGES}]{{0,5}}(?:科|门诊|急诊|病区|病房|住院部))$")
# A school's course of study (园艺专业), the tagger's name ending inside or before 专业.
_COURSE_TAIL = re.compile(rf"(?:大学|学院|学校|职校|技校)([{HAN_RANGES}]{{1,6}}专业)")
