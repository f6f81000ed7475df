"""What a Chinese person's name can look like: a surname, then one or two characters."""

from __future__ import annotations

import functools

import rjieba

from kg.resources import data_path

_NAME_TAGS = {"nr", "nrfg", "nrt"}


@functools.cache
def surnames() -> frozenset[str]:
    """Single and compound surnames (``data/lexicons/surnames.txt``)."""
    words: list[str] = []
    for line in data_path("lexicons", "surnames.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.extend(line.split())
    return frozenset(words)


@functools.cache
def plausible_name(name: str) -> bool:
    """True for a name a byline or a table may print: 张三, 欧阳修, 阿依古丽·买买提.

    Names with a middle dot (minority and foreign names) are taken as they are; other
    names need a known surname, or jieba's dictionary must know the word as a name.
    """
    if "·" in name or "•" in name:
        return 2 <= len(name) <= 16
    if not 2 <= len(name) <= 4:
        return False
    if name[:2] in surnames() and len(name) >= 3 or name[0] in surnames():
        return not _common_word(name)
    return _tagged_as_name(name)


def _common_word(name: str) -> bool:
    """获悉, 表示 …: a surname character that starts an ordinary word."""
    tags = rjieba.tag(name)
    return len(tags) == 1 and tags[0][1] in {"v", "vn", "d", "p", "c", "a", "ad", "u", "r", "m", "q", "f", "t"}


def _tagged_as_name(name: str) -> bool:
    tags = rjieba.tag(name)
    return len(tags) == 1 and tags[0][1] in _NAME_TAGS
