"""What a Chinese person's name can look like: a surname, then one or two characters."""

from __future__ import annotations

import functools

import rjieba

from kg.lang import lexicons
from kg.lang.words import NAME_KINDS, dictionary_lists, jieba_dictionary

# jieba's tags of person names.
NAME_TAGS = frozenset(tag for tag, kind in NAME_KINDS.items() if kind == "P")
# Characters of transliterated foreign names (克林顿, 普京, 利维 …): a name made only of
# them needs no Chinese surname.
TRANSLITERATION = frozenset(
    "阿埃艾爱安昂奥巴拜班邦保贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜顿多厄恩法范菲费芬丰"
    "弗福盖冈戈哥格根贡古圭哈海汉豪赫黑亨洪胡华霍基吉加贾杰金卡凯坎康柯科克肯孔库拉莱赖兰朗"
    "劳勒雷蕾里理利立丽莉列林琳隆卢鲁路伦罗洛马玛迈麦曼梅门蒙米密明缪莫姆穆纳娜奈南内尼涅纽"
    "努诺欧帕潘佩彭皮普奇齐乔切钦萨塞桑瑟森沙尚什舍圣施史斯松苏索塔泰坦汤唐特提廷托瓦万威韦"
    "维温沃乌西希谢辛休雅亚扬耶伊因英尤约扎泽詹芝朱兹佐德娃尔夫茨姆奥"
)


@functools.cache
def surnames() -> frozenset[str]:
    """Single and compound surnames (``data/lexicons/surnames.txt``)."""
    return frozenset(lexicons.words("surnames.txt"))


@functools.lru_cache(maxsize=65536)  # bounded: the keys are arbitrary candidate strings
def plausible_name(name: str) -> bool:
    """True for a name a byline or a table may print: 张三, 欧阳修, 阿依古丽·买买提.

    Names with a middle dot (minority and foreign names) are taken as they are; other
    names need a known surname, or jieba's dictionary must know the word as a name.
    """
    if "·" in name or "•" in name:
        return 2 <= len(name) <= 16
    if 2 <= len(name) <= 6 and transliterated(name):
        return True
    if not 2 <= len(name) <= 4:
        return False
    if starts_with_surname(name):
        return not ordinary_word(name)
    return _tagged_as_name(name)


def starts_with_surname(name: str) -> bool:
    """张三, 欧阳修: the name opens with a known surname (a compound one before a given name)."""
    known = surnames()
    return name[:2] in known and len(name) >= 3 or name[0] in known


def transliterated(name: str) -> bool:
    """普里马科夫, 叶利钦: a foreign name written with the characters of transliteration."""
    core = name.replace("·", "").replace("•", "")
    return len(core) >= 2 and all(ch in TRANSLITERATION for ch in core)


def ordinary_word(name: str) -> bool:
    """获悉, 文学, 表示 …: a word of the dictionary, and not as a name."""
    if not rjieba.has_word(name):
        return False
    tags = rjieba.tag(name)
    return len(tags) == 1 and tags[0][1] not in NAME_TAGS and tags[0][1] not in ("ns", "nz", "j")


def _tagged_as_name(name: str) -> bool:
    tags = rjieba.tag(name)
    return len(tags) == 1 and tags[0][1] in NAME_TAGS


@functools.cache
def common_words() -> frozenset[str]:
    """Frequent two-character words of jieba's dictionary that are not names (安全, 智能 …).

    A three-character "name" that starts with one of them (高水平, 方向盘) is a word.
    jieba's part-of-speech tags are unreliable for names (周恩来 is tagged t), but its
    frequencies are not: names rarely start with a frequent ordinary word. The list is drawn
    by :func:`kg.lang.words.dictionary_lists` (empty without jieba).
    """
    if jieba_dictionary() is None:
        return frozenset()
    return dictionary_lists().common


# ------------------------------------------------------------------ names run together


@functools.cache
def frequent_surnames() -> frozenset[str]:
    """The hundred most frequent single surnames (``data/lexicons/frequent_surnames.txt``)."""
    return frozenset(lexicons.words("frequent_surnames.txt"))


# Four names of four characters: a longer run of Han characters is no list of names.
MAX_RUN = 16
_FOUR = 1.5  # a four-character name without a compound surname is rare: it costs more than one rare surname


@functools.lru_cache(maxsize=16384)
def split_run(run: str) -> tuple[str, ...] | None:
    """Split names printed without spaces (王五赵六钱七) by the name model, not by whitespace.

    Each part has two or three characters (four after a compound surname), starts with a
    known surname and is a plausible name. A reading costs one for each part whose surname
    is not frequent, and more for a four-character name; the cheapest reading wins. A run
    of four characters may be one name (欧阳文杰) or two (王五赵六): the costs decide.

    Returns:
        The names in order (a one-name tuple for a run that is one name), or None when no
        reading exists or two readings are equally cheap: a guess would invent persons.
    """
    if "·" in run or "•" in run:
        return (run,) if all(run.replace("•", "·").split("·")) and plausible_name(run) else None
    if len(run) <= 3:
        return (run,) if plausible_name(run) and not _cued(run) else None
    if len(run) > MAX_RUN:
        return None
    costs = {parts: sum(_part_cost(p) for p in parts) for parts in _readings(run, 0)}
    if len(run) <= 6 and plausible_name(run) and (len(run) <= 4 or transliterated(run)) and not _cued(run):
        costs[(run,)] = min(costs.get((run,), _FOUR), _whole_cost(run))
    if not costs:
        return None
    readings = sorted(((cost, parts) for parts, cost in costs.items()), key=lambda r: r[0])
    if len(readings) > 1 and readings[1][0] == readings[0][0]:
        return None
    return readings[0][1]


def _readings(run: str, start: int) -> list[tuple[str, ...]]:
    """Every way to cut ``run[start:]`` into names of two to four characters."""
    if start == len(run):
        return [()]
    out = []
    for size in (2, 3, 4):
        part = run[start : start + size]
        if len(part) == size and _part_ok(part):
            out.extend((part, *rest) for rest in _readings(run, start + size))
    return out


def _part_ok(part: str) -> bool:
    compound = part[:2] in surnames()
    if len(part) == 4 and not compound or part in surnames():
        return False
    if not (compound or part[0] in surnames()) or not plausible_name(part):
        return False
    return not _cued(part)


def _cued(name: str) -> bool:
    """王刚表示, 张三说: a name followed by a word only a person's name takes is a sentence."""
    return any(name.endswith(cue) and len(name) > len(cue) for cue in lexicons.person_words("cues"))


def _part_cost(part: str) -> float:
    compound = part[:2] in surnames() and len(part) >= 3
    rare = 0 if compound or part[0] in frequent_surnames() else 1
    return rare + (0.5 if len(part) == 4 else 0)


def _whole_cost(run: str) -> float:
    """A run of four to six characters read as one name: 欧阳文杰 and 普里马科夫 cost little."""
    if run[:2] in surnames() or transliterated(run):
        return 0.5 if len(run) == 4 else 0
    return _FOUR
