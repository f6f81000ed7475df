"""The CRF tagger's feature columns, built at C speed (:mod:`~kg.extract.recognize.features` says what they hold).

A column holds one template's feature for every character of a text. Each is an iterator of
C-level operations: ``map`` over tables of feature strings made once (a character with its
prefix, a word's record, a tag), string concatenation for character n-grams, ``itemgetter`` and
``chain`` over words. The columns are zipped into one tuple a character. Python runs once a
word in a few places, and once a character only where two characters may open a name of
jieba's dictionary (one character in eight).

The tables are an :class:`Alphabet`: the full features as ``str`` (what the model was trained
with), or the row of each feature in the model's weights (what the tagger scores with; see
:mod:`~kg.extract.recognize.feature_rows`), where the character templates, which need no Python a
character, are left as :class:`CharTemplate` markers to be computed on arrays of code points.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, compress, count, repeat
from operator import add, itemgetter
from typing import Any

from kg.lang.words import dictionary_lists


class Memo(dict):
    """A dict that makes a missing value with ``make`` and keeps it, up to ``limit`` entries.

    As a ``str.translate`` table, or through ``map(memo.__getitem__, …)``, it runs in C for
    every key it holds: ``make`` (Python) runs once per distinct key.
    """

    __slots__ = ("limit", "make")

    def __init__(self, make: Callable[[Any], Any], limit: int = 1 << 16):
        super().__init__()
        self.make = make
        self.limit = limit

    def __missing__(self, key: Any) -> Any:
        value = self.make(key)
        if len(self) < self.limit:  # bounded: texts bring characters and words without end
            self[key] = value
        return value


@dataclass(frozen=True)
class Alphabet:
    """The tables that turn a text's parts into features; see the module's docstring.

    ``units`` maps a character to one object for it, so that the tables keyed by characters
    find it without hashing a new string. Each table gives a feature, or None for one the
    model does not know.
    """

    units: Memo  # character → the one object of that character
    unigrams: dict[str, Memo]  # template letter → character → letter + character
    chars_apart: bool  # leave the character templates to the caller: a CharTemplate in their place
    letters: dict[str, Any]  # the prefixes of the n-grams to build (e … k), and "m-", "n-", "s2"
    types: Memo  # type letter → "t" + it
    type_trigrams: Memo  # (type, type, type) → "y" + the three
    positions: Memo  # (tag, size) → "pB"/"pM"/"pE"/"pS" + tag, one for each character of the word
    words: Memo  # word → ("w" + word, its characters' suffix marks, (not alphanumeric, ends in an org suffix))
    before: Memo  # tag → "q" + tag
    after: Memo  # tag → "r" + tag
    ahead: dict[str, Any]  # 0 1 2 3 - → "o" + it
    surnames: Memo  # character → "s1" or "s0"
    compound: re.Pattern[str]  # compound surnames, whose first character is "s2"
    matches: dict[tuple[str, str, int], Any]  # ("m" or "n", kind, size) → a dictionary name's feature
    # A text's word sizes → a function that repeats each word's value once for each of its
    # characters (:func:`tuple_spreader`, or the tagger's in numpy).
    spreader: Callable[[list[int]], Callable[[Iterable[Any]], Iterable[Any]]]


# The character templates, each its feature's prefix letter and where its first character stands
# in the padded text (three characters before the text's first): the unigrams at -2 … +2, those
# at -3 and +3 (FeatureConfig.wide), the bigrams and the trigrams in the ±2 window. The shipped
# model was trained with these letters and places: changing one means retraining it.
UNIGRAMS = (("u", 3), ("a", 1), ("b", 2), ("c", 4), ("d", 5))
WIDE = (("l", 0), ("m", 6))
BIGRAMS = (("e", 1), ("f", 2), ("g", 3), ("h", 4))
TRIGRAMS = (("i", 1), ("j", 2), ("k", 3))


@dataclass(frozen=True)
class CharTemplate:
    """A character template left to the caller (``Alphabet.chars_apart``): the characters
    ``padded[i + start : i + start + size]`` of character ``i`` with its prefix ``letter``, where
    ``padded`` is the normalized text with three ``\x02`` before it and three ``\x03`` after it."""

    letter: str
    start: int
    size: int


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature templates to emit (the shipped model uses ``features.DEFAULT``)."""

    trigrams: bool = True  # character trigrams in the ±2 window
    word_pos: bool = True  # jieba BMES position + POS of the word
    word_identity: bool = True  # the jieba word itself, and its neighbours' POS
    lexicons: bool = True  # surname / suffix lexicons
    suffix_ahead: bool = True  # distance (in words) to the next org-suffix word
    wide: bool = True  # unigrams at ±3
    dict_match: bool = True  # longest jieba-dictionary nr/ns/nt word starting / ending here


def columns(
    half: str, chars: str, types: str, words: list[tuple[str, str]], config: FeatureConfig, ab: Alphabet
) -> list[Iterable[Any]]:
    """The feature columns of a text: one iterable a template, one item a character.

    Args:
        half: the text in half width (what jieba and the dictionary read).
        chars: the normalized text (what the character features read).
        types: each character's type letter.
        words: jieba's ``(word, tag)`` of ``half``.
    """
    units = list(map(ab.units.__getitem__, chars))
    cols = _char_columns(units, types, config, ab)
    # Two maps, not zip(*words): transposing a text's thousand pairs that way took twice as long.
    texts, tags = list(map(itemgetter(0), words)), list(map(itemgetter(1), words))
    records = list(map(ab.words.__getitem__, texts))  # one look-up of each (new) word string
    if config.word_pos or config.word_identity or config.suffix_ahead:
        cols.extend(_word_columns(texts, tags, records, config, ab))
    if config.lexicons:
        surnames = list(map(ab.surnames.__getitem__, units))
        for match in ab.compound.finditer(chars):
            surnames[match.start()] = ab.letters["s2"]
        cols.extend((surnames, chain.from_iterable(map(itemgetter(1), records))))
    if config.dict_match:
        cols.extend(_dict_columns(half, ab))
    return cols


def _char_columns(units: list[Any], types: str, config: FeatureConfig, ab: Alphabet) -> list[Iterable[Any]]:
    n = len(units)
    p = [ab.units["\x02"]] * 3 + units + [ab.units["\x03"]] * 3  # char i is p[i + 3]
    t = "^^" + types + "$$"  # type i is t[i + 2]

    def unigrams(letter: str, start: int) -> Iterable[Any]:
        if ab.chars_apart:
            return CharTemplate(letter, start, 1)  # type: ignore[return-value]
        return map(ab.unigrams[letter].__getitem__, p[start : start + n])

    if ab.chars_apart:

        def ngrams(letter: str, start: int, size: int) -> Iterable[Any]:
            return CharTemplate(letter, start, size)  # type: ignore[return-value]

    else:  # built: letter + p[j] p[j+1] (+ p[j+2])
        bi = list(map(add, p, p[1:]))  # bi[j] = p[j] p[j+1]

        def ngrams(letter: str, start: int, size: int) -> Iterable[Any]:
            if size == 2:
                return map(add, repeat(ab.letters[letter], n), bi[start : start + n])
            return map(add, unigrams(letter, start), bi[start + 1 : start + n + 1])

    cols = [
        *(unigrams(letter, start) for letter, start in UNIGRAMS),
        *(ngrams(letter, start, 2) for letter, start in BIGRAMS),
        map(ab.types.__getitem__, types),
        # Type trigrams are few: a tuple key (zip reuses its tuple) finds the string made once.
        map(ab.type_trigrams.__getitem__, zip(t[1:], t[2:], t[3 : n + 3])),
    ]
    if config.trigrams:
        cols.extend(ngrams(letter, start, 3) for letter, start in TRIGRAMS)
    if config.wide:
        cols.extend(unigrams(letter, start) for letter, start in WIDE)
    return cols


def _word_columns(
    texts: list[str], tags: list[str], records: list[tuple[Any, ...]], config: FeatureConfig, ab: Alphabet
) -> list[Iterable[Any]]:
    """Features of the jieba word around each character, expanded to its characters."""
    sizes = list(map(len, texts))
    cols: list[Iterable[Any]] = []
    if config.word_pos:
        cols.append(chain.from_iterable(map(ab.positions.__getitem__, zip(tags, sizes))))
    per_word: list[Iterable[Any]] = []
    if config.word_identity:
        per_word.append(map(itemgetter(0), records))
        per_word.append(map(ab.before.__getitem__, chain(("^",), tags[:-1])))
        per_word.append(map(ab.after.__getitem__, chain(tags[1:], ("$",))))
    if config.suffix_ahead:
        per_word.append(map(ab.ahead.__getitem__, _suffix_ahead(tags, records)))
    if per_word:
        spread = ab.spreader(sizes)  # each word's value, once for each of its characters
        cols.extend(spread(values) for values in per_word)
    return cols


def tuple_spreader(sizes: list[int]) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
    """A function that repeats the k-th item of an iterable ``sizes[k]`` times, in C (an itemgetter)."""
    index: list[int] = []
    for k, size in enumerate(sizes):  # faster than chain(map(repeat, …)): the sizes are small
        index += (k,) * size
    if len(index) > 1:
        getter = itemgetter(*index)
        return lambda values: getter(list(values))
    return tuple  # one character or none: itemgetter gives no tuple for one index


# A word's mark, by (its tag is x, (it is not alphanumeric, it ends in an org suffix)): "B" for
# punctuation (a clause ends), "S" for a word that ends in an org suffix, else ".".
_MARKS = {
    (tag_x, (punct, suffix)): "B" if tag_x and punct else "S" if suffix else "."
    for tag_x in (False, True)
    for punct in (False, True)
    for suffix in (False, True)
}
_TAG_IS_X = Memo(lambda tag: tag == "x", limit=4096)
# A word n words before an org-suffix word of its clause (n < 4) is marked n: "1" before an "S",
# "2" before a "1", "3" before a "2"; an "S" itself is 0; the rest, punctuation too, are "-".
_AHEAD_STEPS = tuple((re.compile(rf"\.(?={mark})"), step) for mark, step in (("S", "1"), ("1", "2"), ("2", "3")))
_AHEAD_LETTERS = str.maketrans({"S": "0", ".": "-", "B": "-"})


def _suffix_ahead(tags: list[str], records: list[tuple[Any, ...]]) -> str:
    """For each word: how many words ahead (0–3, within its clause) an org-suffix word ends, or ``-``."""
    keys = zip(map(_TAG_IS_X.__getitem__, tags), map(itemgetter(2), records))
    marks = "".join(map(_MARKS.__getitem__, keys))
    for pattern, step in _AHEAD_STEPS:
        marks = pattern.sub(step, marks)
    return marks.translate(_AHEAD_LETTERS)


def _dict_columns(half: str, ab: Alphabet) -> list[list[Any]]:
    """The longest dictionary name starting at each character, and one ending there.

    Raises:
        ModelError: jieba's dictionary cannot be read.
    """
    lists = dictionary_lists()
    get, matches, n = lists.names.get, ab.matches, len(half)
    begin = [ab.letters["m-"]] * n
    end = [ab.letters["n-"]] * n
    ended = bytearray(n)
    # Python runs only where two characters open a name of the dictionary (one character in
    # eight), and tries only the sizes of the names they open, longest first.
    starts = list(map(lists.name_starts.get, map(add, half, half[1:])))
    for i in compress(count(), starts):
        for size in starts[i]:
            kind = get(half[i : i + size]) if size <= n - i else None
            if kind is not None:
                begin[i] = matches["m", kind, size]
                j = i + size - 1
                if not ended[j]:
                    end[j], ended[j] = matches["n", kind, size], 1
                break
    return [begin, end]


__all__ = ["Alphabet", "CharTemplate", "FeatureConfig", "Memo", "columns"]
