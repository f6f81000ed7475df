"""The CRF's scores and best paths: the labels pycrfsuite's ``Tagger.tag`` gives, ties decided as crfsuite decides them."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.gold import read_gold
from kg.extract.recognize import features
from kg.extract.recognize.tagger import DEFAULT_MODEL, CrfTagger, train
from kg.model import EntityType
from kg.extract.recognize.viterbi import best_paths, state_scores
from tests.conftest import ROOT

DEV = ROOT.parent / "shared" / "corpora" / "pfr1998" / "dev.txt"


def crfsuite_viterbi(state: list[list[float]], trans: list[list[float]]) -> list[int]:
    """crf1d_context.c's ``crf1dc_viterbi``, line for line, in Python floats (IEEE doubles, as C's)."""
    length, width = len(state), len(trans)
    score = [list(state[0])]
    back = [[0] * width for _ in range(length)]
    for t in range(1, length):
        current = []
        for j in range(width):
            best, arg = -float("inf"), -1
            for i in range(width):
                value = score[t - 1][i] + trans[i][j]
                if best < value:
                    best, arg = value, i
            back[t][j] = arg
            current.append(best + state[t][j])
        score.append(current)
    labels = [0] * length
    best = -float("inf")
    for i in range(width):
        if best < score[-1][i]:
            best, labels[-1] = score[-1][i], i
    for t in range(length - 2, -1, -1):
        labels[t] = back[t + 1][labels[t + 1]]
    return labels


@pytest.fixture(scope="module")
def crf() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(DEFAULT_MODEL))
    return tagger


def _labels(tagger: CrfTagger, chunks: list[str]) -> list[list[str]]:
    """Our labels of each chunk, all decoded in one batch."""
    paths = best_paths([tagger.scores(chunk) for chunk in chunks], tagger.weights.transitions)
    return [[tagger.weights.labels[i] for i in path] for path in paths]


def test_ties_go_to_the_first_label() -> None:
    flat = np.zeros((4, 3))
    assert best_paths([flat], np.zeros((3, 3)))[0].tolist() == [0, 0, 0, 0]
    # Two paths score 2.0 (label 1 then 0, label 2 then 0): the first predecessor on a tie, label 1.
    state = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    trans = np.zeros((3, 3))
    for states in ([state], [state, flat, state[:1]]):  # one sequence alone, and in a batch
        assert best_paths(states, trans)[0].tolist() == [1, 0] == crfsuite_viterbi(state.tolist(), trans.tolist())
    assert best_paths([state[:1]], trans)[0].tolist() == [1]  # the last label: the first best one


def test_a_model_with_no_weights_tags_the_first_label(tmp_path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([["a", "b"], ["c"]], ["X", "Y"])
    trainer.set_params({"c1": 1e6, "max_iterations": 20})  # every weight zero: every path ties
    model = tmp_path / "zero.crfsuite"
    trainer.train(str(model))
    crf = pycrfsuite.Tagger()
    crf.open(str(model))
    chunk = "王明在北京"
    assert crf.tag(features.extract(chunk)) == ["X"] * len(chunk)
    assert _labels(CrfTagger.load(model), [chunk]) == [["X"] * len(chunk)]


def test_batches_decode_as_single_sequences_and_as_crfsuite() -> None:
    rng = random.Random(7)
    width = 5
    # Scores on a coarse grid: many ties, and sums whose order of addition matters.
    trans = [[rng.choice((-1.0, 0.0, 0.5, 0.1, 0.2)) for _ in range(width)] for _ in range(width)]
    states = [
        [[rng.choice((0.0, 0.1, 0.2, 0.3, 1.0)) for _ in range(width)] for _ in range(rng.randint(1, 40))]
        for _ in range(150)
    ]
    arrays = [np.array(s) for s in states]
    batched = best_paths(arrays, np.array(trans))
    for state, array, path in zip(states, arrays, batched):
        expected = crfsuite_viterbi(state, trans)
        assert path.tolist() == expected
        assert best_paths([array], np.array(trans))[0].tolist() == expected


def test_state_scores_add_in_template_order() -> None:
    weights = np.array([[0.0, 0.0], [0.1, 1e16], [0.2, 1.0], [0.3, -1e16]])
    rows = np.array([[1, 0], [2, 3], [3, 2]])  # templates × positions
    scores = state_scores(rows, weights)
    assert scores[0].tolist() == [((0.0 + 0.1) + 0.2) + 0.3, ((0.0 + 1e16) + 1.0) + -1e16]  # 0.0, not 1.0
    assert scores[1].tolist() == [(0.0 + 0.3) + 0.2, (-1e16 + 1.0) + 0.0]


@pytest.mark.skipif(not DEV.is_file(), reason="../shared/corpora is not here")
def test_the_labels_of_dev_paragraphs_are_crfsuites(crf: pycrfsuite.Tagger) -> None:
    paragraphs = [p.text for p in read_gold(DEV, fmt="pfr") if p.text]
    chunks = [chunk for text in random.Random(3).sample(paragraphs, 40) for _, chunk in features.split_chunks(text)]
    tagger = CrfTagger.load()
    assert _labels(tagger, chunks) == [crf.tag(features.extract(chunk)) for chunk in chunks]
    assert [_labels(tagger, [chunk])[0] for chunk in chunks[:10]] == [crf.tag(features.extract(c)) for c in chunks[:10]]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("王李张明华北京市人民政府公司在说，。“”ＡＢ１2a😀\x00\n "), max_size=80)
                | st.text(max_size=40), min_size=1, max_size=3))
def test_any_text_gets_crfsuites_labels(texts: list[str]) -> None:
    crf = pycrfsuite.Tagger()
    crf.open(str(DEFAULT_MODEL))
    chunks = [chunk for text in texts for _, chunk in features.split_chunks(text)]
    assert _labels(CrfTagger.load(), chunks) == [crf.tag(features.extract(chunk)) for chunk in chunks]



def test_a_model_of_every_template_gets_crfsuites_labels(tmp_path: Path) -> None:
    """Trigrams and the dictionary match (the FULL templates) go through the character tables too."""
    per, loc, org = EntityType.PER, EntityType.LOC, EntityType.ORG
    data = [
        ("王明在北京工作。", [(0, 2, per), (3, 5, loc)]),
        ("李华去上海大学。", [(0, 2, per), (3, 7, org)]),
        ("张强在广州市人民医院。", [(0, 2, per), (3, 6, loc), (6, 10, org)]),
    ] * 4
    model = tmp_path / "full.crfsuite"
    train(data, model, iterations=30, config=features.FULL)
    crf = pycrfsuite.Tagger()
    crf.open(str(model))
    texts = ["王明去广州大学。", "李华在北京市人民医院工作，张强说。", "－m-，\x00中 国😀", "上海"]
    chunks = [chunk for text in texts for _, chunk in features.split_chunks(text)]
    tagger = CrfTagger.load(model, config=features.FULL)
    assert len(tagger.weights.chars.ngrams[3][0]) > 1 and any(a[0] == "m" and len(a) == 3 for a in tagger.weights.index)
    ours = _labels(tagger, chunks)
    assert ours == [crf.tag(features.extract(chunk, features.FULL)) for chunk in chunks]
    assert any(label != "O" for labels in ours for label in labels)
