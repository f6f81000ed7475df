"""Bodies named in quotes before their head (“心连心”艺术团, 某省“某某工程”组委会), and the
verbs that give titles of honour in quotes (评为“文明单位”), which are no names."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.extract.recognize.bodies import org_mention
from kg.extract.recognize.lexicon import Lexicon
from kg.lang.words import WordIndex
from kg.model import Mention, MentionSource

__all__ = ["HONOURING", "find_quoted_names"]

_QUOTED = re.compile(r"[“『「]([^”』」，。、；\s]{2,10})[”』」]")
_HEAD_TAGS = frozenset({"n", "nt", "j", "nz"})
# Heads a quoted name is given to besides the organization suffixes: 组委会, 服务团, 工作组, 车队
# (not 大会, a meeting, nor 活动场所, a place).
_QUOTED_HEADS = ("委会", "团", "组", "队")
# Heads of sites and projects as much as of bodies (“菜篮子”基地, “某某”中心): a quoted name
# before them is a programme's.
_SITE_HEADS = ("基地", "中心", "农场", "工厂", "场所")
# Verbs that give a title of honour, written in quotes after them (评为“文明单位”, 评为“先进”党支部).
HONOURING = ("评为", "命名为", "授予", "称为", "誉为")


def find_quoted_names(key: str, text: str, lex: Lexicon, words: WordIndex, places: Sequence[Mention]) -> Iterator[Mention]:
    """“心连心”艺术团, 某省“某某工程”组委会: a name in quotes and the body's head after it.

    The head is one word of the segmenter ending as bodies do; a place written before the
    quotes is the body's owner and part of its name.
    """
    place_ends = {m.end: m for m in places}
    for found in _QUOTED.finditer(text):
        head = words.starts.get(found.end())
        if head is None or head[1] not in _HEAD_TAGS:
            continue
        word = text[found.end() : head[0]]
        if not word.endswith(_QUOTED_HEADS + lex.org_suffixes) or word.endswith(_SITE_HEADS) or len(word) < 2:
            continue
        if word[-2:] in lex.not_org_heads or text.endswith(HONOURING, 0, found.start()):
            continue
        owner = place_ends.get(found.start())
        start = owner.start if owner is not None else found.start()
        yield org_mention(key, text, start, head[0], MentionSource.GRAMMAR)
