"""Character features for the CRF tagger.

Every character of a text becomes a tuple of feature strings: the character and its
neighbours (unigrams at ±3, bigrams and trigrams in the ±2 window), character types,
the jieba word it belongs to (via rjieba, the Rust port of jieba with the same
dictionary: its POS with the character's B/M/E/S place, the word itself, its
neighbours' POS), the distance to the next organization-suffix word, surname and
suffix lexicons, and the longest person / place / organization word of jieba's
dictionary starting or ending at the character. The shipped model (:data:`DEFAULT`)
leaves out the trigrams and the dictionary match.

Features are built one template at a time over the whole text, in C-level operations, and
zipped into tuples (:mod:`~kg.extract.recognize.feature_columns`). :func:`extract` gives all of
them, as the model was trained with them; :mod:`~kg.extract.recognize.feature_rows` gives each
as its row of a model's weights (0 for one the model does not know), which the tagger scores with.

Characters are normalized one to one (full-width ASCII to half-width, digits to
``0``, Latin letters to lower case, controls to a space), so offsets never move.

Each template has its own one-letter prefix, except that ``m`` serves both the
unigram at +3 (``m`` + one character) and the dictionary match (``m`` + type +
length, or ``m-``): they meet only when the character at +3 is ``-``. The shipped
model was trained so; changing a prefix means retraining it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import rjieba

from kg.extract.recognize.feature_columns import BIGRAMS, TRIGRAMS, UNIGRAMS, WIDE, Alphabet, FeatureConfig, Memo, columns
from kg.extract.recognize.feature_columns import tuple_spreader
from kg.lang.chars import SENTENCE_ENDS, is_han

# ------------------------------------------------------------------ lexicons
# General Chinese: common single and compound surnames, place and organization suffixes.
# These are features of the shipped model, kept apart from the recognizer's lexicons
# (data/lexicons/surnames.txt, org_suffixes.txt): changing them means retraining it.

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 司空 令狐 夏侯 轩辕 端木 独孤 "
    "南宫 西门 百里 呼延 东郭 万俟 闻人 澹台 公冶 宗政 濮阳 太史 申屠 钟离 拓跋 完颜".split()
)
PLACE_SUFFIXES = frozenset(
    "省 市 县 区 镇 乡 村 州 岛 山 河 江 湖 海 港 湾 街 路 巷 道 洲 盟 旗 峰 岭 峡 谷 关 城 庄 屯 寨 "
    "街道 自治区 自治州 自治县 地区 新区 开发区 特区 社区 半岛 群岛 高原 盆地 平原 山脉 流域 "
    "沙漠 草原 水库 大道 大街 胡同 广场 码头 机场 车站".split()
)
ORG_SUFFIXES = frozenset(
    "局 厅 委 部 院 所 队 办 处 署 会 社 团 校 馆 行 厂 站 台 报 司 党 军 "
    "中心 协会 学会 公司 集团 大学 学校 学院 中学 小学 医院 银行 法院 检察院 委员会 政府 政协 "
    "人大 党委 党组 军区 部队 研究所 研究院 研究会 基金会 联合会 总会 商会 工会 俱乐部 代表团 "
    "代表处 办事处 出版社 报社 杂志社 电视台 电台 通讯社 组织 联盟 联合国 议会 国会 内阁 法庭 "
    "支队 大队 中队 分局 总局 分行 总行 支行 分公司 总公司 工厂 企业 合作社 剧院 剧团 乐团 "
    "合唱团 艺术团 代表队 国家队 球队 医科 师范 党校 书店 酒店 宾馆 超市 商场 实验室 科学院 "
    "管委会 居委会 村委会 办公室 指挥部 领导小组 常委会 人民政府".split()
)

# ------------------------------------------------------------------ character tables

_PUNCT_END = SENTENCE_ENDS  # the model was trained with this class: retrain if it changes


def _char_class(ch: str) -> str:
    if ch in "〇一二三四五六七八九十百千万亿两零":
        return "N"
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return "D"
    if cat[0] == "L":
        if is_han(ch):
            return "H"
        return "L" if ch.isascii() else "A"
    if cat[0] == "P":
        return "E" if ch in _PUNCT_END else "P"
    if cat in ("Zs", "Zl", "Zp") or ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85":
        return "S"
    return "O"


def _build_tables() -> tuple[dict[int, str], dict[int, str]]:
    """The half-width table (for rjieba) and the identity table (for char features)."""
    half: dict[int, str] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    half[0x3000] = " "
    half.update({c: "\ufffd" for c in range(0xD800, 0xE000)})  # lone surrogates
    ident: dict[int, str] = {c: "0" for c in range(0x30, 0x3A)}
    ident.update({c: chr(c + 32) for c in range(0x41, 0x5B)})
    ident.update({c: " " for c in range(0x00, 0x20)})
    ident.update({c: " " for c in range(0x7F, 0xA1)})
    for c in (0x2028, 0x2029, 0x200B, 0xFEFF):
        ident[c] = " "
    return half, ident


def _translation(table: dict[int, str]) -> Memo:
    """``table`` as a translate table that also holds the characters it leaves alone.

    ``str.translate`` raises and catches a LookupError for each character its table lacks
    (most of a Chinese text); the memo answers for those too, with the character itself.
    """
    memo = Memo(lambda code: code, limit=1 << 18)
    memo.update(table)
    return memo


def _code_table(table: dict[int, str]) -> np.ndarray:
    """``table`` over the Basic Multilingual Plane as an array: code point → code point."""
    codes = np.arange(0x10000, dtype=np.uint32)
    codes[list(table)] = [ord(ch) for ch in table.values()]
    return codes


_TABLES = _build_tables()
_HALF, _IDENT = (_translation(table) for table in _TABLES)
_HALF_CODES, _IDENT_CODES = (_code_table(table) for table in _TABLES)
_TYPES = Memo(lambda code: _char_class(chr(code)), limit=1 << 18)

BASE = FeatureConfig(word_identity=False, suffix_ahead=False, wide=False, dict_match=False)
FULL = FeatureConfig()  # every template (the model of stop 17 and before)
# The shipped model's: trained on MSRA + PFR, character trigrams and the dictionary match added
# nothing (CRF F1 0.810 against 0.810 on the MSRA slice, 0.852 against 0.853 on a PFR fold)
# and cost a third of the tagger's time (134k against 99k characters a second).
DEFAULT = FeatureConfig(trigrams=False, dict_match=False)


def normalize(text: str) -> tuple[str, str]:
    """The half-width text (for rjieba) and the identity text (for features), same length.

    The tables are applied to the text's code points in numpy: ``str.translate`` looks each
    character up in a dict, a new int for each Han character (0.17 s against 0.03 s a PFR month).
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if not codes.size or codes.max() > 0xFFFF:  # nothing, or a character beyond the tables' plane
        return _normalized_by_dicts(text)
    half = _HALF_CODES[codes]
    return half.tobytes().decode("utf-32-le"), _IDENT_CODES[half].tobytes().decode("utf-32-le")


def _normalized_by_dicts(text: str) -> tuple[str, str]:
    """What :func:`normalize` gives, by ``str.translate`` over the tables' dicts (any character)."""
    half = text.translate(_HALF)
    return half, half.translate(_IDENT)


def char_types(text: str) -> str:
    """One class letter a character: H Han, N Chinese numeral, D digit, L Latin, P/E punctuation…"""
    return text.translate(_TYPES)


def extract(text: str, config: FeatureConfig = DEFAULT) -> list[tuple[str, ...]]:
    """The feature tuples of every character of ``text`` (one tuple a character)."""
    return list(zip(*_columns(text, config, _ALL)))


def _columns(text: str, config: FeatureConfig, ab: Alphabet) -> list[Iterable[Any]]:
    return normalized_columns(text, config, ab)[1]


def normalized_columns(text: str, config: FeatureConfig, ab: Alphabet) -> tuple[str, list[Iterable[Any]]]:
    """The normalized text (see :func:`normalize`) and the feature columns of ``text`` over ``ab``."""
    if not text:
        return "", []
    half, chars = normalize(text)
    return chars, columns(half, chars, char_types(half), rjieba.tag(half), config, ab)


# ------------------------------------------------------------------ the feature strings


def _positions(tag: str, size: int) -> tuple[str, ...]:
    """``('pB' + tag, 'pM' + tag, …, 'pE' + tag)`` for a word of ``size`` characters."""
    if size == 1:
        return ("pS" + tag,)
    return ("pB" + tag,) + ("pM" + tag,) * (size - 2) + ("pE" + tag,)


def _suffix_marks(word: str) -> tuple[str, ...]:
    """``x0`` for each character of ``word`` but the last: ``xo`` after an org suffix, ``xl`` after a place suffix, else ``x0``."""
    tail = "x0"
    if len(word) > 1 or word in ORG_SUFFIXES or word in PLACE_SUFFIXES:
        if word[-2:] in ORG_SUFFIXES or word[-1:] in ORG_SUFFIXES:
            tail = "xo"
        elif word[-2:] in PLACE_SUFFIXES or word[-1:] in PLACE_SUFFIXES:
            tail = "xl"
    return ("x0",) * (len(word) - 1) + (tail,)


def _word_record(word: str, make: Callable[[str], Any]) -> tuple[Any, tuple[Any, ...], tuple[bool, bool]]:
    """``("w" + word, its characters' suffix marks, (not alphanumeric, ends in an org suffix))``."""
    suffix = word[-1:] in ORG_SUFFIXES or word[-2:] in ORG_SUFFIXES
    return make("w" + word), tuple(map(make, _suffix_marks(word))), (not word.isalnum(), suffix)


def alphabet(
    make: Callable[[str], Any],
    *,
    chars_apart: bool = False,
    spreader: Callable[[list[int]], Callable[[Iterable[Any]], Iterable[Any]]] = tuple_spreader,
) -> Alphabet:
    """The tables over ``make``, which turns a feature string into what the columns hold.

    Args:
        chars_apart: leave the character templates to the caller
            (:class:`~kg.extract.recognize.feature_columns.CharTemplate` in their columns).
        spreader: how the word templates' values are repeated for each character of their word
            (see :class:`~kg.extract.recognize.feature_columns.Alphabet`).
    """

    def tagged(letter: str, limit: int = 4096) -> Memo:
        return Memo(lambda key: make(letter + key), limit=limit)

    return Alphabet(
        units=Memo(lambda ch: ch),
        # A trigram is built as its prefixed first character + a bigram: its letter has a table too.
        unigrams={letter: tagged(letter, 1 << 16) for letter, _ in (*UNIGRAMS, *WIDE, *TRIGRAMS)},
        chars_apart=chars_apart,
        letters={text: make(text) for text in (*(letter for letter, _ in BIGRAMS), "m-", "n-", "s2")},
        types=tagged("t"),
        type_trigrams=Memo(lambda key: make("y" + "".join(key)), limit=4096),
        positions=Memo(lambda key: tuple(map(make, _positions(*key))), limit=4096),
        words=Memo(lambda word: _word_record(word, make)),
        before=tagged("q"),
        after=tagged("r"),
        ahead={mark: make("o" + mark) for mark in "0123-"},
        surnames=Memo(lambda ch: make("s1" if ch in SURNAMES else "s0")),
        compound=_COMPOUND_RE,
        matches={(side, kind, size): make(f"{side}{kind}{size}") for side in "mn" for kind in "PLO" for size in range(2, 7)},
        spreader=spreader,
    )


_COMPOUND_RE = re.compile("|".join(sorted(COMPOUND_SURNAMES)))
_ALL = alphabet(str)


def split_chunks(text: str, *, limit: int = 1000, hard: int = 2000) -> list[tuple[int, str]]:
    """Cut a text into ``(offset, chunk)`` pieces at sentence punctuation.

    A text of at most ``limit`` characters is one piece. Longer ones are cut after
    the last ``。！？；!?;`` or newline between ``limit // 2`` and ``hard`` characters
    into the piece, or at ``hard`` characters where there is none.
    """
    if len(text) <= limit:
        return [(0, text)] if text else []
    chunks: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + hard, len(text))
        if end < len(text):
            window = text[start + limit // 2 : end]
            cut = max(window.rfind(ch) for ch in SENTENCE_ENDS + "\n")
            if cut >= 0:
                end = start + limit // 2 + cut + 1
        chunks.append((start, text[start:end]))
        start = end
    return chunks


__all__ = [
    "COMPOUND_SURNAMES",
    "BASE",
    "DEFAULT",
    "ORG_SUFFIXES",
    "PLACE_SUFFIXES",
    "SURNAMES",
    "FeatureConfig",
    "alphabet",
    "char_types",
    "extract",
    "normalize",
    "normalized_columns",
    "split_chunks",
]
