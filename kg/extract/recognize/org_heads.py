"""Which words end an organization's name: a suffix that is a head (公安局, 矿务|局, 总局),
not a lone suffix, a title (市委常委) or the tail of an ordinary word (大部, 政局, 地处)."""

from __future__ import annotations

from kg.extract.recognize.lexicon import Lexicon
from kg.lang.chars import CN_NUMERALS
from kg.lang.words import word_tag

__all__ = ["ends_with_title", "head_word"]


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
    suffix = next(s for s in lex.org_suffixes if word.endswith(s))
    if len(word) == len(suffix) or word in lex.org_suffixes or word_tag(word) in _ORG_WORD_TAGS:
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


# Dictionary tags of words that name (公安局/nt, 武警部队/nt).
_ORG_WORD_TAGS = {"nt", "ns", "nz"}
# The first character of a body's rank or number among its kind (总局, 分部, 支局, 一矿).
_RANK_CHARS = frozenset("总分支" + CN_NUMERALS)


# Suffix characters that also end ordinary words of place, order or manner (内部, 格局,
# 好处, 场所, 中心, 部署, 举办), unlike 馆, 院 or 队, whose words are bodies too.
_ABSTRACT_HEADS = "部局处所心署办"
