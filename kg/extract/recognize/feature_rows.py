"""A text's CRF features as rows of a model's weights: a templates × characters matrix of integers.

The rows are those of :func:`~kg.extract.recognize.features.extract`'s features in
:class:`~kg.extract.recognize.crf_weights.CrfWeights` (0 for a feature the model does not know,
which weighs nothing), in the same order. The character templates (unigrams at -3 … +3, bigrams,
trigrams) are computed on arrays of code points: a character's id among those the model knows,
then a unigram's row by id, an n-gram's by a binary search of its key. The others (character
types, jieba's words, lexicons) are the feature columns of
:mod:`~kg.extract.recognize.feature_columns`, with each feature string turned into its row once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

import numpy as np

from kg.extract.recognize.crf_weights import CharTables, CrfWeights
from kg.extract.recognize.feature_columns import CharTemplate, FeatureConfig
from kg.extract.recognize.features import DEFAULT, alphabet, normalized_columns


class FeatureRows:
    """The feature rows of texts for one model.

    Args:
        weights: the model's weights.
        config: the feature templates the model was trained with.
    """

    def __init__(self, weights: CrfWeights, config: FeatureConfig = DEFAULT):
        self.config = config
        self._chars = weights.chars
        self._alphabet = alphabet(partial(_row, weights.index), chars_apart=True, spreader=_repeater)

    def matrix(self, text: str) -> np.ndarray:
        """The rows of the features of ``text``: templates × characters, in template order."""
        chars, columns = normalized_columns(text, self.config, self._alphabet)
        n = len(text)
        out = np.empty((len(columns), n), dtype=np.intp)
        found: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # n-gram size → (its keys' index, known)
        ids = np.empty(0, dtype=np.int64)
        for k, column in enumerate(columns):
            if isinstance(column, np.ndarray):  # a word template's, spread by _repeater
                out[k] = column
                continue
            if not isinstance(column, CharTemplate):
                out[k] = np.fromiter(column, dtype=np.intp, count=n)
                continue
            if not ids.size:
                ids = _char_ids(chars, self._chars)
            start = column.start
            if column.size == 1:
                out[k] = self._chars.unigrams[column.letter][ids[start : start + n]]
                continue
            if column.size not in found:
                found[column.size] = _ngrams(ids, column.size, self._chars)
            _keys, rows, letters = self._chars.ngrams[column.size]
            where, known = found[column.size]
            out[k] = np.where(known[start : start + n], rows[where[start : start + n], letters.index(column.letter)], 0)
        return out


def _row(index: dict[str, int], feature: str) -> int:
    # crfsuite looks an attribute up as a C string: a word with a NUL in it is cut there.
    return index.get(feature.partition("\x00")[0], 0)


def _repeater(sizes: list[int]) -> Callable[[Iterable[int]], np.ndarray]:
    """A function that repeats each word's row once for each of its characters, in numpy.

    A word template's rows, repeated so, took half the time of a tuple of them made by an
    itemgetter and read back (0.19 s against 0.33 s for three of them over a PFR month).
    """
    counts = np.array(sizes, dtype=np.intp)
    return lambda rows: np.repeat(np.fromiter(rows, dtype=np.intp, count=len(counts)), counts)


def _char_ids(chars: str, tables: CharTables) -> np.ndarray:
    """The id of each character of the padded text (three ``\\x02``, the text, three ``\\x03``)."""
    codes = np.frombuffer(f"\x02\x02\x02{chars}\x03\x03\x03".encode("utf-32-le"), dtype="<u4").astype(np.int64)
    found = tables.codes.searchsorted(codes)  # the last code is past every character: always an index
    unknown = len(tables.codes) - 1
    return np.where(tables.codes[found] == codes, found, unknown)


def _ngrams(ids: np.ndarray, size: int, tables: CharTables) -> tuple[np.ndarray, np.ndarray]:
    """Where each n-gram of the padded text is in the table of its size, and whether it is there at all."""
    base = len(tables.codes)
    key = ids[: len(ids) - size + 1].copy()
    for offset in range(1, size):
        key *= base
        key += ids[offset : len(ids) - size + 1 + offset]
    keys = tables.ngrams[size][0]
    where = keys.searchsorted(key)  # the last key is past every n-gram: always an index
    return where, keys[where] == key


__all__ = ["FeatureRows"]
