"""A crfsuite model's weights read from its file: the labels, attributes and weights pycrfsuite reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from kg.errors import ModelError
from kg.extract.recognize import crf_weights
from kg.extract.recognize.crf_weights import load_weights
from kg.extract.recognize.tagger import DEFAULT_MODEL


@pytest.fixture(scope="module")
def info() -> tuple[list[str], object]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(DEFAULT_MODEL))
    return list(tagger.labels()), tagger.info()


def test_the_weights_are_those_pycrfsuite_prints(info) -> None:
    labels, model = info
    weights = load_weights(DEFAULT_MODEL)
    assert list(weights.labels) == labels  # crfsuite's label-id order
    assert set(weights.index) == set(model.attributes)
    assert sorted(weights.index.values()) == list(range(1, len(weights.index) + 1))
    assert not weights.state[0].any()  # the row of unknown attributes
    column = {label: j for j, label in enumerate(labels)}
    # pycrfsuite prints six decimals; the file holds the doubles crfsuite adds.
    for (attribute, label), weight in model.state_features.items():
        assert abs(weights.state[weights.index[attribute], column[label]] - weight) <= 5e-7
    assert np.count_nonzero(weights.state) == len(model.state_features)
    for (source, target), weight in model.transitions.items():
        assert abs(weights.transitions[column[source], column[target]] - weight) <= 5e-7
    assert np.count_nonzero(weights.transitions) == len(model.transitions)



def test_the_character_tables_hold_every_character_feature() -> None:
    weights = load_weights(DEFAULT_MODEL)
    tables = weights.chars
    ids = {code: k for k, code in enumerate(tables.codes.tolist())}
    base = len(tables.codes)
    checked = 0
    for attribute, row in weights.index.items():
        letter, rest = attribute[0], attribute[1:]
        if len(rest) == 1 and letter in "uabcdlm":
            assert tables.unigrams[letter][ids[ord(rest)]] == row
        elif len(rest) == 2 and letter in "efgh":
            keys, rows, letters = tables.ngrams[2]
            at = int(keys.searchsorted(ids[ord(rest[0])] * base + ids[ord(rest[1])]))
            assert rows[at, letters.index(letter)] == row
        else:
            continue
        checked += 1
    assert checked > len(weights.index) / 2  # most of the model's attributes are characters
    assert tables.codes[-1] > 0x10FFFF and not tables.unigrams["u"][-1]  # an unknown character: row 0
    assert len(tables.ngrams[3][0]) == 1  # no trigrams in the shipped model: only the closing key


def test_the_weights_are_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    calls = []
    compile_weights = crf_weights.compile_weights

    def counted(path: Path):  # noqa: ANN202 - compile_weights' tuple
        calls.append(path)
        return compile_weights(path)

    monkeypatch.setattr(crf_weights, "compile_weights", counted)
    first, second = load_weights(DEFAULT_MODEL), load_weights(DEFAULT_MODEL)
    assert len(calls) == 1 and [p.name[:12] for p in tmp_path.iterdir()] == ["crf-weights-"]
    assert first.index == second.index and first.labels == second.labels
    assert np.array_equal(first.state, second.state) and np.array_equal(first.transitions, second.transitions)


def test_a_model_with_no_weights(tmp_path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([["a", "b"], ["c"]], ["X", "Y"])
    trainer.set_params({"c1": 1e6, "max_iterations": 20})  # every weight pushed to zero
    trainer.train(str(tmp_path / "zero.crfsuite"))
    weights = load_weights(tmp_path / "zero.crfsuite")
    assert weights.labels == ("X", "Y") and weights.index == {}
    assert weights.state.shape == (1, 2) and not weights.transitions.any()


def test_a_file_that_is_no_model(tmp_path: Path) -> None:
    broken = tmp_path / "broken.crfsuite"
    broken.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        load_weights(broken)
    damaged = tmp_path / "damaged.crfsuite"
    data = bytearray(DEFAULT_MODEL.read_bytes())
    damaged.write_bytes(bytes(data[: len(data) // 2]))  # cut: pycrfsuite refuses it, or the reader does
    with pytest.raises(ModelError):
        load_weights(damaged)
