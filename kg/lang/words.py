"""Word segmentation and part-of-speech tags (rjieba: jieba's dictionary, in Rust)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import rjieba

from kg.lang.chars import HAN


@dataclass(frozen=True)
class WordIndex:
    """The words of a text with their offsets, indexed by start and by end."""

    words: tuple[tuple[int, int, str, str], ...]  # start, end, word, tag
    starts: dict[int, tuple[int, str]]  # start → (end, tag)
    ends: dict[int, tuple[int, str]]  # end → (start, tag)

    @classmethod
    def of(cls, text: str) -> WordIndex:
        """Segment ``text`` and tag each word."""
        words = []
        pos = 0
        for word, tag in rjieba.tag(text):
            words.append((pos, pos + len(word), word, tag))
            pos += len(word)
        return cls(
            words=tuple(words),
            starts={s: (e, t) for s, e, _, t in words},
            ends={e: (s, t) for s, e, _, t in words},
        )


@functools.lru_cache(maxsize=8192)
def word_tag(word: str) -> str:
    """The part of speech jieba's dictionary gives ``word`` ('' if the dictionary lacks it).

    Outside the dictionary rjieba guesses tags (王大 'a', 程步 'n'): those say nothing.
    """
    if not rjieba.has_word(word):
        return ""
    tags = rjieba.tag(word)
    return tags[0][1] if len(tags) == 1 else ""


def at_boundary(text: str, at: int, words: WordIndex) -> bool:
    """No word of ``text`` runs across offset ``at``.

    True at either end of the text, where a word starts, and beside a character that is
    not Han (a digit, a letter, punctuation), however the segmenter grouped it.
    """
    if at <= 0 or at >= len(text) or at in words.starts:
        return True
    return not (HAN.match(text[at - 1]) and HAN.match(text[at]))
