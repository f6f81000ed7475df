"""How fast the CRF tagger's features are built: the extractor against the one the model was trained with.

All run over the same chunks (the tagger's, ``split_chunks``) of 500 articles of the People's
Daily month (``../shared/corpora/pfr1998/raw-199801.txt``; without it, the sample page repeated),
in alternating order, for several rounds in one process, so that the ratios hold on a busy
machine; times are CPU seconds of the process. The reference is
``tests/extract/recognize/features_reference.py``, a verbatim copy of the extractor as the
shipped model was trained with it. Measured:

- ``features.extract``: all the features, as strings (training, tests), checked equal to the
  reference's on every chunk;
- ``tagger features``: what the tagger scores with (``FeatureRows.matrix``: each feature's row of
  the shipped model's weights, 0 for an unknown one, as a templates × characters matrix), checked
  equal to the reference's on every chunk;
- with ``--tagger``, whole tagging: pycrfsuite over the reference's features against the tagger
  (its rows, state scores and Viterbi, one chunk a call), the same labels checked on every chunk.

    .venv/bin/python benchmarks/bench_features.py [--articles 500] [--rounds 5] [--tagger]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
import pycrfsuite  # noqa: E402

from kg.extract.recognize import features  # noqa: E402
from kg.extract.recognize.tagger import DEFAULT_MODEL, CrfTagger  # noqa: E402
from kg.extract.recognize.viterbi import best_paths  # noqa: E402
from pfr_corpus import CORPUS, read_articles  # noqa: E402
from tests.extract.recognize import features_reference as reference  # noqa: E402

SAMPLE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"


def corpus_chunks(articles: int) -> list[str]:
    """The chunks the tagger sees in ``articles`` articles (the sample page's paragraphs without the corpus)."""
    if CORPUS.is_file():
        texts = [a["text"] for a in read_articles(CORPUS)[:articles]]
    else:
        paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        texts = (paragraphs * (articles // len(paragraphs) + 1))[:articles]
    return [chunk for text in texts for _offset, chunk in features.split_chunks(text)]


def timed(fn: Callable[[str], object], chunks: list[str]) -> float:
    """CPU seconds ``fn`` takes over every chunk, its results dropped as the tagger drops them."""
    gc.collect()
    started = time.process_time()
    for chunk in chunks:
        fn(chunk)
    return time.process_time() - started


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} {statistics.median(values):.3f} {max(values):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tagger", action="store_true", help="also time whole tagging, features and crfsuite")
    args = parser.parse_args()

    chunks = corpus_chunks(args.articles)
    chars = sum(map(len, chunks))
    tagger = CrfTagger.load()
    crf = pycrfsuite.Tagger()
    crf.open(str(DEFAULT_MODEL))
    index, labels = tagger.weights.index, tagger.weights.labels

    def model_features(chunk: str) -> np.ndarray:  # the tagger's feature rows, timed apart
        return tagger._rows.matrix(chunk)

    def tag(chunk: str) -> list[str]:
        return [labels[i] for i in best_paths([tagger.scores(chunk)], tagger.weights.transitions)[0]]

    print(f"{args.articles} articles: {len(chunks)} chunks, {chars:,} characters; {args.rounds} rounds; CPU seconds")
    for chunk in chunks:  # checks, and warms every table
        expected = reference.extract(chunk)
        assert features.extract(chunk) == expected, chunk
        rows = [[index.get(f.partition("\x00")[0], 0) for f in column] for column in zip(*expected)]
        assert model_features(chunk).tolist() == rows, chunk
        if args.tagger:
            assert tag(chunk) == crf.tag(expected), chunk
    print("features equal to the reference's on every chunk" + (", and the labels" if args.tagger else ""))

    groups = {
        "features": {"reference extract": reference.extract, "features.extract": features.extract,
                     "tagger features": model_features},
    }
    if args.tagger:
        groups["tagging"] = {"reference features + crf": lambda c: crf.tag(reference.extract(c)),
                             "tagger (rows + numpy)": tag}
    for group in groups.values():
        runs: dict[str, list[float]] = {name: [] for name in group}
        for round_ in range(args.rounds):  # alternating order, so that a busy spell hits each alike
            for name in list(group) if round_ % 2 == 0 else reversed(list(group)):
                runs[name].append(timed(group[name], chunks))
        base = runs[next(iter(group))]
        print(f"{'':28s}{'s: min median max':>22s}{'/ first: min median max':>26s}   characters/s")
        for name, times in runs.items():
            ratios = [t / b for b, t in zip(base, times)]
            print(f"{name:28s}{spread(times):>22s}{spread(ratios):>26s}   {chars / statistics.median(times):,.0f}")


if __name__ == "__main__":
    main()
