"""The statistical tagger: a character CRF over :mod:`kg.extract.recognize.features`, trained with
python-crfsuite, run with numpy.

The shipped model ``data/models/ner.crfsuite`` was trained by ``benchmarks/train_crf.py`` on the
PFR People's Daily paragraphs of ``corpora/pfr1998/dev.txt``, the MSRA training set but its
held-out slice, and modern news written for training it (no silver text); see
``data/models/README.md`` for how, and for its measured accuracy and speed.

Labels are BIOES over PER, LOC and ORG. Texts are cut into chunks at sentence
punctuation (see :func:`~kg.extract.recognize.features.split_chunks`) so memory stays
bounded whatever their length. A chunk's features are rows of the model's weights
(:mod:`~kg.extract.recognize.feature_rows`, :mod:`~kg.extract.recognize.crf_weights`),
scored and decoded as crfsuite does (:mod:`~kg.extract.recognize.viterbi`): the same labels as
pycrfsuite's ``Tagger.tag``, every chunk of a call decoded in one batch.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import ModelError
from kg.extract.recognize.crf_weights import load_weights
from kg.extract.recognize.feature_rows import FeatureRows
from kg.extract.recognize.features import DEFAULT, FeatureConfig, extract, split_chunks
from kg.extract.recognize.viterbi import best_paths, state_scores
from kg.model import EntityType
from kg.package_data import data_path

Span = tuple[int, int, EntityType]

MODEL_DIR = data_path("models")
DEFAULT_MODEL = MODEL_DIR / "ner.crfsuite"

_TYPES = {t.value: t for t in EntityType}
_CACHE: dict[tuple[str, FeatureConfig], "CrfTagger"] = {}
_BATCH_CHARS = 200_000


def spans_to_labels(length: int, spans: Iterable[tuple[int, int, EntityType]]) -> list[str]:
    """BIOES labels of a text of ``length`` characters with the given (non-overlapping) spans."""
    labels = ["O"] * length
    for start, end, kind in spans:
        name = kind.value if isinstance(kind, EntityType) else str(kind)
        if end - start == 1:
            labels[start] = "S-" + name
            continue
        labels[start] = "B-" + name
        for i in range(start + 1, end - 1):
            labels[i] = "I-" + name
        labels[end - 1] = "E-" + name
    return labels


def labels_to_spans(labels: Sequence[str], offset: int = 0) -> list[Span]:
    """Decode BIOES (or BIO) labels into spans, leniently: a stray I/E opens a span."""
    spans: list[Span] = []
    start, kind = -1, ""
    for i, label in enumerate(labels):
        if label == "O":
            if kind:
                spans.append((offset + start, offset + i, _TYPES[kind]))
                kind = ""
            continue
        prefix, name = label[0], label[2:]
        if kind and (name != kind or prefix in "BS"):
            spans.append((offset + start, offset + i, _TYPES[kind]))
            kind = ""
        if not kind:
            start, kind = i, name
        if prefix in "ES":
            spans.append((offset + start, offset + i + 1, _TYPES[kind]))
            kind = ""
    if kind:
        spans.append((offset + start, offset + len(labels), _TYPES[kind]))
    return spans


class CrfTagger:
    """A loaded CRF model that tags persons, places and organizations in texts.

    Args:
        path: the ``.crfsuite`` model file.
        config: the feature templates the model was trained with.

    Raises:
        ModelError: the model file is missing or cannot be opened.
    """

    def __init__(self, path: Path, config: FeatureConfig = DEFAULT):
        self.path = Path(path)
        self.config = config
        if not self.path.is_file():
            raise ModelError(f"CRF model not found: {self.path}", source=str(self.path))
        self.weights = load_weights(self.path)
        self._rows = FeatureRows(self.weights, config)

    @classmethod
    def load(cls, path: Path | None = None, *, config: FeatureConfig | None = None) -> CrfTagger:
        """The tagger for ``path`` (default: the shipped model), loaded once per process.

        Args:
            config: the model's feature templates; by default those ``PATH.features.json``
                names (``benchmarks/train_crf.py --without`` writes it), else :data:`DEFAULT`.

        Raises:
            ModelError: the model file is missing or cannot be opened, or its templates file is unreadable.
        """
        model = Path(path) if path is not None else DEFAULT_MODEL
        config = config or _templates_of(model)
        key = (str(model.resolve()), config)
        tagger = _CACHE.get(key)
        if tagger is None:
            tagger = _CACHE[key] = cls(model, config)
        return tagger

    def tag_spans(self, texts: Sequence[str]) -> list[list[Span]]:
        """The ``(start, end, type)`` mentions of each text, half-open character offsets."""
        result: list[list[Span]] = [[] for _ in texts]
        pending: list[tuple[int, int, np.ndarray]] = []  # (text, offset, state scores) of each chunk
        size = 0
        for number, text in enumerate(texts):
            if not isinstance(text, str):
                continue
            for offset, chunk in split_chunks(text):
                pending.append((number, offset, self.scores(chunk)))
                size += len(chunk)
            if size >= _BATCH_CHARS:  # the scores of a batch take 88 bytes a character
                self._decode(pending, result)
                pending, size = [], 0
        self._decode(pending, result)
        return result

    def tag_text(self, text: str) -> list[Span]:
        """The mentions of one text."""
        return self.tag_spans([text])[0]

    def scores(self, chunk: str) -> np.ndarray:
        """The state scores of a chunk's characters (characters × labels), as crfsuite adds them."""
        return state_scores(self._rows.matrix(chunk), self.weights.state)

    def _decode(self, pending: list[tuple[int, int, np.ndarray]], result: list[list[Span]]) -> None:
        """Decode the chunks' best paths in one batch and add their spans to their texts'."""
        paths = best_paths([scores for _, _, scores in pending], self.weights.transitions)
        names = self.weights.labels
        for (number, offset, _), path in zip(pending, paths):
            result[number].extend(labels_to_spans(list(map(names.__getitem__, path.tolist())), offset))


def _templates_of(model: Path) -> FeatureConfig:
    """The feature templates a model file was trained with: its ``.features.json``, else the default."""
    sidecar = Path(f"{model}.features.json")
    if not sidecar.is_file():
        return DEFAULT
    try:
        return FeatureConfig(**json.loads(sidecar.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ModelError(f"cannot read the model's feature templates: {exc}", source=str(sidecar)) from exc


def train(
    items: Iterable[tuple[str, Sequence[tuple[int, int, EntityType]]]],
    out: Path,
    *,
    c1: float = 0.05,
    c2: float = 0.01,
    iterations: int = 100,
    minfreq: float = 1.0,
    config: FeatureConfig = DEFAULT,
    verbose: bool = False,
) -> dict[str, float]:
    """Train a CRF on ``(text, spans)`` pairs and write it to ``out``.

    Args:
        items: the training texts with their gold spans.
        out: where the model file is written.
        c1, c2: L1 and L2 regularization coefficients (L-BFGS / OWL-QN).
        iterations: maximum L-BFGS iterations.
        minfreq: features seen fewer times than this are dropped.
        config: the feature templates.
        verbose: let crfsuite print its progress.

    Returns:
        Figures about the run: sequences, characters, seconds, model bytes.
    """
    import pycrfsuite  # training only: tagging reads the model's weights (crf_weights)

    trainer = pycrfsuite.Trainer(verbose=verbose)
    started = time.perf_counter()
    n_seq, n_chars = _append_items(trainer, items, config)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.minfreq": minfreq,
         "feature.possible_transitions": True}
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    seconds = time.perf_counter() - started
    return {"sequences": n_seq, "chars": n_chars, "seconds": round(seconds, 1), "bytes": out.stat().st_size}


def _append_items(
    trainer: Any, items: Iterable[tuple[str, Sequence[tuple[int, int, EntityType]]]], config: FeatureConfig
) -> tuple[int, int]:
    """The counts of sequences and characters appended to a pycrfsuite ``trainer`` (empty texts skipped)."""
    n_seq = n_chars = 0
    for text, spans in items:
        if not text:
            continue
        trainer.append(extract(text, config), spans_to_labels(len(text), spans))
        n_seq += 1
        n_chars += len(text)
    return n_seq, n_chars


__all__ = ["DEFAULT_MODEL", "MODEL_DIR", "CrfTagger", "labels_to_spans", "spans_to_labels", "train"]
