"""Word segmentation and part-of-speech tags (rjieba: jieba's dictionary, in Rust), and the lists
kg draws from jieba's dictionary (names, frequent words), compiled once into kg's cache."""

from __future__ import annotations

import functools
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

import rjieba

from kg.errors import ModelError
from kg.lang.cache import cached
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

    def tiling(self, text: str, start: int, end: int) -> tuple[list[tuple[str, str]], int]:
        """The words (and tags) that tile ``text[start:end]`` from its start, and where they stop:
        at ``end``, or where a word runs past it or none starts."""
        out, pos = [], start
        while pos < end and pos in self.starts:
            w_end, tag = self.starts[pos]
            out.append((text[pos:w_end], tag))
            pos = w_end
        return out, pos


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


# ------------------------------------------------------------------ jieba's dictionary (dict.txt)

# The name tags of jieba's dictionary and the letter each gives a name: features of the shipped
# CRF model (kg.extract.recognize.features), which must be retrained if they change.
NAME_KINDS = {"nr": "P", "nrfg": "P", "nrt": "P", "ns": "L", "nt": "O"}
NAME_SIZES = range(2, 7)
# Frequent words: two characters, seen at least COMMON_FREQ times, with a tag of ordinary words
# (王国 is tagged ns and starts 王国栋: proper-noun tags are left out).
COMMON_FREQ = 300
COMMON_TAGS = frozenset({"n", "v", "vn", "a", "an", "ad", "d", "vd", "l", "i", "f", "s", "b", "z"})


@dataclass(frozen=True)
class DictionaryLists:
    """What kg draws from jieba's dictionary; see :func:`dictionary_lists`."""

    names: dict[str, str]  # person, place and organization words of 2–6 characters → P, L or O
    name_starts: dict[str, tuple[int, ...]]  # the first two characters of names → their sizes, longest first
    common: frozenset[str]  # frequent two-character words that are not names (安全, 智能 …)


def jieba_dictionary() -> Path | None:
    """jieba's ``dict.txt``, found without importing jieba (None when jieba is not installed)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "dict.txt"


@functools.cache
def dictionary_lists() -> DictionaryLists:
    """The lists kg draws from jieba's dictionary, compiled once (see :mod:`kg.lang.cache`).

    Raises:
        ModelError: jieba is not installed, or its dictionary cannot be read.
    """
    path = jieba_dictionary()
    if path is None:
        raise ModelError("jieba is not installed: its dictionary is needed")
    keys, kinds, starts, common = cached("jieba", lambda: _compile_dictionary(path), sources=(path, Path(__file__)))
    names = dict(zip(keys.split("\n"), kinds)) if keys else {}
    return DictionaryLists(names, starts, frozenset(common.split("\n")) - {""})


def _compile_dictionary(path: Path) -> tuple[str, str, dict[str, tuple[int, ...]], str]:
    """One pass over jieba's dictionary (``path``, as jieba opens it): the names joined by line
    breaks, their kind letters, the sizes of the names by their first two characters, the
    common words joined by line breaks.

    Raises:
        ModelError: the dictionary cannot be read.
    """
    import jieba  # 0.1 s (pkg_resources): only here, when the cache holds no compiled copy

    names: dict[str, str] = {}
    common: set[str] = set()
    try:
        with io.TextIOWrapper(jieba.get_dict_file(), encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) != 3:
                    continue
                word, freq, tag = parts
                if tag in NAME_KINDS and len(word) in NAME_SIZES:
                    names[word] = NAME_KINDS[tag]
                if len(word) == 2 and tag in COMMON_TAGS and int(freq) >= COMMON_FREQ:
                    common.add(word)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"cannot read jieba's dictionary: {exc}", source=str(path)) from exc
    sizes: dict[str, set[int]] = {}
    for name in names:
        sizes.setdefault(name[:2], set()).add(len(name))
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}  # one tuple of each value: marshal stores it once
    starts = {start: shared.setdefault(key := tuple(sorted(found, reverse=True)), key) for start, found in sizes.items()}
    return "\n".join(names), "".join(names.values()), starts, "\n".join(sorted(common))
