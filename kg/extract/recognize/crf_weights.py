"""A crfsuite model's weights as arrays: what the tagger scores with, read from the model file once.

crfsuite's model file (``lib/crf/src/crf1d_model.c``) holds a header, the features (type, source,
destination, weight: a state feature's source is an attribute, a transition's a label), and the
labels and attributes as two CQDB string tables (``lib/cqdb/src/cqdb.c``). pycrfsuite's
``Tagger.info()`` prints the weights with six decimals; the tagger must add the very doubles
crfsuite adds, so they are read from the file, and pycrfsuite only opens the model to vouch
for it (and for the labels' order).

The compiled weights are kept in kg's cache (:mod:`kg.lang.cache`) as builtins: the arrays as
bytes, rebuilt with ``numpy.frombuffer``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import ModelError
from kg.extract.recognize.feature_columns import BIGRAMS, TRIGRAMS, UNIGRAMS, WIDE
from kg.lang.cache import cached

_HEADER = struct.Struct("<4sI4sIIIIIIIII")  # crf1d_model.c's header_t, 48 bytes
_CQDB_HEADER = struct.Struct("<4sIIIII")  # chunk id, size, flag, byte order, backward size, offset
_CQDB_DATA = 24 + 256 * 8  # the records start after the header and the 256 table references
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
# An n-gram feature's length: its prefix + 2 or 3 characters; a unigram's: prefix + 1 character.
_N_GRAM_SIZES = {letter: size + 1 for size, templates in ((2, BIGRAMS), (3, TRIGRAMS)) for letter, _ in templates}
_UNIGRAMS = "".join(letter for letter, _ in (*UNIGRAMS, *WIDE))
_BEYOND = 0x110000  # past every code point: closes the table of known characters


@dataclass(frozen=True)
class CharTables:
    """The model's character features as arrays, for texts turned into arrays of code points.

    ``codes`` are the code points of the characters the character features name, sorted, then
    ``_BEYOND``: character ``codes[k]`` has id ``k``, any other the last id. ``unigrams[letter][id]``
    is the row of the feature ``letter + character`` (0: unknown). An n-gram's key is its
    characters' ids as the digits of a number in base ``len(codes)``. ``ngrams[size]`` holds the
    keys of the n-grams of that size any template knows, sorted, then one past them all, and their
    rows (keys × the size's template letters, 0 where a template does not know the n-gram), and
    the letters: one search finds an n-gram for all its templates.
    """

    codes: np.ndarray
    unigrams: dict[str, np.ndarray]
    ngrams: dict[int, tuple[np.ndarray, np.ndarray, str]]


@dataclass(frozen=True)
class CrfWeights:
    """A model's labels, attributes and weights.

    ``index`` maps an attribute to its row of ``state``; row 0 is all zeros, the row of every
    attribute the model does not know. ``state[row, label]`` is the weight of a state feature,
    ``transitions[from, to]`` that of a transition; labels are in crfsuite's label-id order.
    ``chars`` holds the character features (unigrams, n-grams) as arrays.
    """

    labels: tuple[str, ...]
    index: dict[str, int]
    chars: CharTables
    state: np.ndarray
    transitions: np.ndarray


def load_weights(path: Path) -> CrfWeights:
    """The weights of the model file ``path``, compiled once and kept in kg's cache.

    Raises:
        ModelError: the file is no crfsuite model pycrfsuite can open, or is damaged.
    """
    labels, index, chars, state, rows, transitions = cached(
        "crf-weights", lambda: compile_weights(path), sources=(path, Path(__file__)))
    width = len(labels)
    codes, unigrams, ngrams = chars
    return CrfWeights(
        labels=tuple(labels),
        index=index,
        chars=CharTables(
            codes=np.frombuffer(codes, dtype=np.int64),
            unigrams={letter: np.frombuffer(rows, dtype=np.intp) for letter, rows in unigrams.items()},
            ngrams={size: (np.frombuffer(keys, dtype=np.int64),
                           np.frombuffer(rows, dtype=np.intp).reshape(-1, len(letters)), letters)
                    for size, (keys, rows, letters) in ngrams.items()},
        ),
        state=np.frombuffer(state, dtype="<f8").reshape(rows, width),
        transitions=np.frombuffer(transitions, dtype="<f8").reshape(width, width),
    )


def compile_weights(path: Path) -> tuple[list[str], dict[str, int], tuple[Any, ...], bytes, int, bytes]:
    """The weights of ``path`` as builtins (for kg's cache): labels, attribute rows, the character
    tables (:func:`_char_tables`), the state matrix's bytes and row count, the transition matrix's bytes.

    Raises:
        ModelError: the file is no crfsuite model pycrfsuite can open, or is damaged.
    """
    try:
        labels, attributes, features = _read_model(Path(path).read_bytes())
        width = len(labels)
        state = np.zeros((len(attributes) + 1, width))
        transitions = np.zeros((width, width))
        kinds = features["type"]
        states, moves = features[kinds == _STATE], features[kinds == _TRANSITION]
        state[states["src"].astype(np.intp) + 1, states["dst"]] = states["weight"]
        transitions[moves["src"], moves["dst"]] = moves["weight"]
    except (OSError, ValueError, struct.error, IndexError, UnicodeDecodeError) as exc:
        raise ModelError(f"cannot open CRF model: {exc}", source=str(path)) from exc
    if labels != _vouched_labels(path):  # read first: pycrfsuite crashes on a cut file
        raise ModelError("the CRF model's labels differ from pycrfsuite's", source=str(path))
    index = {attribute: row for row, attribute in enumerate(attributes, start=1)}
    return labels, index, _char_tables(index), state.tobytes(), len(state), transitions.tobytes()


def _vouched_labels(path: Path) -> list[str]:
    """The labels pycrfsuite reads from the model, in label-id order.

    Raises:
        ModelError: pycrfsuite cannot open the file, or finds no labels in it.
    """
    import pycrfsuite  # only to compile: a cached model needs none of it

    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot open CRF model: {exc}", source=str(path)) from exc
    labels = list(tagger.labels())
    tagger.close()
    if not labels:
        raise ModelError("CRF model has no labels", source=str(path))
    return labels


def _read_model(data: bytes) -> tuple[list[str], list[str], np.ndarray]:
    """The labels, the attributes (each in id order) and the features of a model file's bytes.

    Raises:
        ValueError: the bytes are no crfsuite model of the first-order CRF.
    """
    magic, size, kind, _version, _n, n_labels, n_attrs, off_features, off_labels, off_attrs, *_ = (
        _HEADER.unpack_from(data, 0))
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a crfsuite first-order CRF model")
    if size != len(data):
        raise ValueError(f"the file has {len(data)} bytes, its header says {size}")
    chunk, _chunk_size, count = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise ValueError("no feature chunk")
    features = np.frombuffer(data, dtype=_FEATURE, count=count, offset=off_features + 12)
    return _strings(data, off_labels, n_labels), _strings(data, off_attrs, n_attrs), features


def _strings(data: bytes, start: int, count: int) -> list[str]:
    """The strings of the CQDB table at ``start``, by id (its backward array gives each record)."""
    chunk, _size, _flag, order, _backward_size, backward = _CQDB_HEADER.unpack_from(data, start)
    if chunk != b"CQDB" or order != 0x62445371 or (count and not backward):
        raise ValueError("damaged string table")
    offsets = struct.unpack_from(f"<{count}I", data, start + backward)
    out = []
    for offset in offsets:
        at = start + offset
        ident, size = struct.unpack_from("<iI", data, at)
        if ident != len(out) or size < 1:
            raise ValueError("damaged string table")
        out.append(data[at + 8 : at + 7 + size].decode("utf-8"))  # without the closing NUL
    return out


def _char_tables(index: dict[str, int]) -> tuple[bytes, dict[str, bytes], dict[int, tuple[bytes, bytes, str]]]:
    """:class:`CharTables` as builtins: the code points, the unigram rows, the n-gram keys and rows."""
    unigrams = {a: row for a, row in index.items() if len(a) == 2 and a[0] in _UNIGRAMS}
    ngrams = {a: row for a, row in index.items() if _N_GRAM_SIZES.get(a[:1]) == len(a)}
    known = sorted({ord(ch) for a in (*unigrams, *ngrams) for ch in a[1:]})
    ids = {code: k for k, code in enumerate(known)}
    base = len(known) + 1
    unigram_rows = {letter: np.zeros(base, dtype=np.intp) for letter in _UNIGRAMS}
    for attribute, row in unigrams.items():
        unigram_rows[attribute[0]][ids[ord(attribute[1])]] = row
    tables = {}
    for size in (2, 3):
        letters = "".join(letter for letter, length in _N_GRAM_SIZES.items() if length == size + 1)
        rows: dict[int, list[int]] = {}
        for attribute, row in ngrams.items():
            if attribute[0] in letters:
                key = 0
                for ch in attribute[1:]:
                    key = key * base + ids[ord(ch)]
                rows.setdefault(key, [0] * len(letters))[letters.index(attribute[0])] = row
        keys = sorted(rows)
        table = np.array([rows[key] for key in keys] + [[0] * len(letters)], dtype=np.intp)
        tables[size] = (np.array([*keys, base**size], dtype=np.int64).tobytes(), table.tobytes(), letters)
    codes = np.array([*known, _BEYOND], dtype=np.int64).tobytes()
    return codes, {letter: rows.tobytes() for letter, rows in unigram_rows.items()}, tables


__all__ = ["CharTables", "CrfWeights", "compile_weights", "load_weights"]
