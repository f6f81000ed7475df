# The CRF feature extractor as it was when data/models/ner.crfsuite was trained: a verbatim
# copy of kg/extract/recognize/features.py at commit 9c45d40, for tests and benchmarks only.
# kg.extract.recognize.features must give byte-identical features (tests/extract/recognize/
# test_features.py, benchmarks/bench_features.py). Do not edit it.
"""Character features for the CRF tagger.

Every character of a text becomes a tuple of feature strings: the character and its
neighbours (unigrams at ±3, bigrams and trigrams in the ±2 window), character types,
the jieba word it belongs to (via rjieba, the Rust port of jieba with the same
dictionary: its POS with the character's B/M/E/S place, the word itself, its
neighbours' POS), the distance to the next organization-suffix word, surname and
suffix lexicons, and the longest person / place / organization word of jieba's
dictionary starting or ending at the character.

Features are built one template at a time over the whole text with list
comprehensions, then zipped: no per-character Python function calls, which keeps
extraction well above 100k characters a second.

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
from dataclasses import dataclass
from pathlib import Path

import rjieba

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


class _TypeTable(dict):
    """A ``str.translate`` table that maps every character to a one-letter class."""

    def __missing__(self, code: int) -> str:
        self[code] = value = _char_class(chr(code))
        return value


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


_HALF, _IDENT = _build_tables()
_TYPES = _TypeTable()


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature templates to emit (the shipped model uses :data:`DEFAULT`)."""

    trigrams: bool = True  # character trigrams in the ±2 window
    word_pos: bool = True  # jieba BMES position + POS of the word
    word_identity: bool = True  # the jieba word itself, and its neighbours' POS
    lexicons: bool = True  # surname / suffix lexicons
    suffix_ahead: bool = True  # distance (in words) to the next org-suffix word
    wide: bool = True  # unigrams at ±3
    dict_match: bool = True  # longest jieba-dictionary nr/ns/nt word starting / ending here


BASE = FeatureConfig(word_identity=False, suffix_ahead=False, wide=False, dict_match=False)
DEFAULT = FeatureConfig(trigrams=False, dict_match=False)  # the shipped model's templates


def normalize(text: str) -> tuple[str, str]:
    """The half-width text (for rjieba) and the identity text (for features), same length."""
    half = text.translate(_HALF)
    return half, half.translate(_IDENT)


def char_types(text: str) -> str:
    """One class letter a character: H Han, N Chinese numeral, D digit, L Latin, P/E punctuation…"""
    return text.translate(_TYPES)


def extract(text: str, config: FeatureConfig = DEFAULT) -> list[tuple[str, ...]]:
    """The feature tuples of every character of ``text`` (one tuple a character)."""
    n = len(text)
    if n == 0:
        return []
    half, chars = normalize(text)
    cols = _char_columns(chars, char_types(half), n, config)
    words = rjieba.tag(half)
    if config.word_pos or config.word_identity or config.suffix_ahead:
        cols.extend(_word_columns(words, n, config))
    if config.lexicons:
        cols.extend(_lexicon_columns(chars, words, n))
    if config.dict_match:
        cols.extend(_dict_columns(half, n))
    return list(zip(*cols))


def _char_columns(chars: str, types: str, n: int, config: FeatureConfig) -> list[list[str]]:
    p = "\x02\x02\x02" + chars + "\x03\x03\x03"  # char i is p[i + 3]
    t = "^^" + types + "$$"  # type i is t[i + 2]
    bi = [a + b for a, b in zip(p, p[1:])]  # bi[j] = p[j] p[j+1]
    cols = [
        ["u" + c for c in chars],
        ["a" + c for c in p[1 : n + 1]],
        ["b" + c for c in p[2 : n + 2]],
        ["c" + c for c in p[4 : n + 4]],
        ["d" + c for c in p[5 : n + 5]],
        ["e" + x for x in bi[1 : n + 1]],
        ["f" + x for x in bi[2 : n + 2]],
        ["g" + x for x in bi[3 : n + 3]],
        ["h" + x for x in bi[4 : n + 4]],
        ["t" + c for c in types],
        ["y" + a + b + c for a, b, c in zip(t[1:], t[2:], t[3 : n + 3])],
    ]
    if config.trigrams:
        tri = [x + c for x, c in zip(bi, p[2:])]  # tri[j] = p[j] p[j+1] p[j+2]
        cols.append(["i" + x for x in tri[1 : n + 1]])
        cols.append(["j" + x for x in tri[2 : n + 2]])
        cols.append(["k" + x for x in tri[3 : n + 3]])
    if config.wide:
        cols.append(["l" + c for c in p[0:n]])
        cols.append(["m" + c for c in p[6 : n + 6]])
    return cols


_POSITIONS: dict[tuple[str, int], tuple[str, ...]] = {}


def _positions(pos: str, size: int) -> tuple[str, ...]:
    """``('pB' + pos, 'pM' + pos, …, 'pE' + pos)`` for a word of ``size`` characters."""
    key = (pos, size)
    found = _POSITIONS.get(key)
    if found is None:
        if size == 1:
            found = ("pS" + pos,)
        else:
            found = ("pB" + pos,) + ("pM" + pos,) * (size - 2) + ("pE" + pos,)
        if len(_POSITIONS) < 4096:
            _POSITIONS[key] = found
    return found


def _word_columns(words: list[tuple[str, str]], n: int, config: FeatureConfig) -> list[list[str]]:
    """Features of the jieba word around each character, expanded to its characters."""
    cols: list[list[str]] = []
    if config.word_pos:
        col: list[str] = []
        for word, pos in words:
            col.extend(_positions(pos, len(word)))
        cols.append(col)
    if not (config.word_identity or config.suffix_ahead):
        return cols
    index: list[int] = []
    for k, (word, _pos) in enumerate(words):
        index.extend((k,) * len(word))
    per_word: list[list[str]] = []
    if config.word_identity:
        tags = ["^"] + [pos for _word, pos in words] + ["$"]
        per_word.append(["w" + word for word, _pos in words])
        per_word.append(["q" + pos for pos in tags[:-2]])
        per_word.append(["r" + pos for pos in tags[2:]])
    if config.suffix_ahead:
        per_word.append(_suffix_ahead(words))
    for values in per_word:
        cols.append([values[k] for k in index])
    return cols


_AHEAD = ("o0", "o1", "o2", "o3")


def _suffix_ahead(words: list[tuple[str, str]]) -> list[str]:
    """For each word: how many words ahead (0–3, within its clause) an org-suffix word ends."""
    marks: list[str] = []
    distance = 9
    for word, pos in reversed(words):
        if pos == "x" and not word.isalnum():
            distance = 9
        elif word[-1:] in ORG_SUFFIXES or word[-2:] in ORG_SUFFIXES:
            distance = 0
        else:
            distance += 1
        marks.append(_AHEAD[distance] if distance < 4 else "o-")
    marks.reverse()
    return marks


def _lexicon_columns(chars: str, words: list[tuple[str, str]], n: int) -> list[list[str]]:
    """Surname marks on characters, place / organization suffix marks on word ends."""
    sur = ["s1" if c in SURNAMES else "s0" for c in chars]
    for match in _COMPOUND_RE.finditer(chars):
        sur[match.start()] = "s2"
    suffix: list[str] = []
    for word, _pos in words:
        size = len(word)
        tail = "x0"
        if size > 1 or word in ORG_SUFFIXES or word in PLACE_SUFFIXES:
            if word[-2:] in ORG_SUFFIXES or word[-1:] in ORG_SUFFIXES:
                tail = "xo"
            elif word[-2:] in PLACE_SUFFIXES or word[-1:] in PLACE_SUFFIXES:
                tail = "xl"
        if size > 1:
            suffix.extend(_X0[: size - 1] if size <= len(_X0) else ("x0",) * (size - 1))
        suffix.append(tail)
    return [sur, suffix]


_X0 = ("x0",) * 16
_COMPOUND_RE = re.compile("|".join(sorted(COMPOUND_SURNAMES)))


_LEXICON: tuple[dict[str, str], frozenset[str]] | None = None
_SIZES = ((), (), (2,), (3, 2), (4, 3, 2), (5, 4, 3, 2), (6, 5, 4, 3, 2))  # by room left
_LEX_TYPES = {"nr": "P", "nrfg": "P", "nrt": "P", "ns": "L", "nt": "O"}


def _jieba_lexicon() -> tuple[dict[str, str], frozenset[str]]:
    """Words of jieba's dictionary tagged person / place / organization (2–6 characters),
    and the set of their first two characters; read once a process.

    Raises:
        ModelError: jieba's dictionary cannot be read.
    """
    global _LEXICON
    if _LEXICON is None:
        import jieba

        from kg.errors import ModelError

        path = Path(jieba.__file__).parent / "dict.txt"
        words: dict[str, str] = {}
        try:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    parts = line.split()
                    if len(parts) == 3 and parts[2] in _LEX_TYPES and 2 <= len(parts[0]) <= 6:
                        words[parts[0]] = _LEX_TYPES[parts[2]]
        except (OSError, UnicodeDecodeError) as exc:
            raise ModelError(f"cannot read jieba's dictionary: {exc}", source=str(path)) from exc
        _LEXICON = (words, frozenset(word[:2] for word in words))
    return _LEXICON


def _dict_columns(half: str, n: int) -> list[list[str]]:
    """The longest dictionary name starting at each character, and one ending there."""
    lex, prefixes = _jieba_lexicon()
    get = lex.get
    begin = ["m-"] * n
    end = ["n-"] * n
    for i in range(n - 1):
        if half[i : i + 2] not in prefixes:
            continue
        for size in _SIZES[min(n - i, 6)]:
            kind = get(half[i : i + size])
            if kind is not None:
                begin[i] = "m" + kind + str(size)
                j = i + size - 1
                if end[j] == "n-":
                    end[j] = "n" + kind + str(size)
                break
    return [begin, end]


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
    "char_types",
    "extract",
    "normalize",
    "split_chunks",
]
