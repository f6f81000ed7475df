"""Train the shipped CRF model (``data/models/ner.crfsuite``) from the PFR gold.

Usage::

    python benchmarks/train_crf.py [CORPUS] [OUT] [--c1 0.05] [--c2 0.01]
        [--iterations 150] [--minfreq 1] [--msra] [--modern K] [--leave-out-fold K]

The shipped model: ``CORPUS`` = ``../shared/corpora/pfr1998/dev.txt`` with ``--msra`` (the
MSRA training set but its held-out slice, in the project's conventions:
``benchmarks/msra_corpus.py``), defaults otherwise (see ``data/models/README.md``).
``--modern K`` adds the paragraphs written for training (``benchmarks/data/modern-train/``,
never scored), each K times. ``--leave-out-fold K`` keeps fold K of dev.txt's articles out of training (the folds of
``bench_taggers.folds_of``) and writes their paragraphs beside the model, so the model
can be scored on PFR text it never saw.

The feature templates are :data:`kg.extract.recognize.features.DEFAULT`, the ones
:class:`kg.extract.recognize.tagger.CrfTagger` uses when it loads the model.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import hashlib
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.extract.gold import read_gold  # noqa: E402
from kg.extract.recognize.features import DEFAULT, FULL  # noqa: E402
from kg.extract.recognize.tagger import DEFAULT_MODEL, train  # noqa: E402
from kg.model import EntityType  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998" / "dev.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the kg NER CRF on a PFR gold file.")
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS, help="PFR gold file")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_MODEL, help="model file to write")
    parser.add_argument("--c1", type=float, default=0.05, help="L1 regularization")
    parser.add_argument("--c2", type=float, default=0.01, help="L2 regularization")
    parser.add_argument("--iterations", type=int, default=150, help="maximum L-BFGS iterations")
    parser.add_argument("--minfreq", type=float, default=1.0, help="drop features seen fewer times")
    parser.add_argument("--msra", action="store_true",
                        help="also train on MSRA train.bmes but its held-out slice, in kg's conventions")
    parser.add_argument("--msra-as-is", action="store_true",
                        help="with --msra: keep MSRA's own conventions (to measure what the mapping brings)")
    parser.add_argument("--msra-leave-out", type=int, default=0, metavar="N",
                        help="with --msra: leave out the last N training sentences too; write them as OUT.msra-dev.bmes")
    parser.add_argument("--no-pfr", action="store_true", help="train on MSRA alone")
    parser.add_argument("--leave-out-fold", type=int, default=None, metavar="K",
                        help="leave dev.txt's article fold K (of 5) out; write it as OUT.fold.pfr")
    parser.add_argument("--modern", type=int, default=0, metavar="K",
                        help="also train on the paragraphs written for training (benchmarks/data/modern-train/), "
                             "each K times")
    parser.add_argument("--full", action="store_true", help="every template (features.FULL), not DEFAULT")
    parser.add_argument("--without", default="", metavar="T1,T2",
                        help="feature templates to leave out (FeatureConfig fields, e.g. word_identity,wide); "
                             "other templates than DEFAULT are recorded in OUT.features.json")
    parser.add_argument("--verbose", action="store_true", help="print crfsuite's progress")
    args = parser.parse_args(argv)

    paragraphs = list(read_gold(args.corpus, fmt="pfr"))
    digest = hashlib.sha256(args.corpus.read_bytes()).hexdigest()[:16]
    print(f"corpus   {args.corpus} ({len(paragraphs)} paragraphs, sha256 {digest}…)")
    print(f"params   c1={args.c1} c2={args.c2} iterations={args.iterations} minfreq={args.minfreq}")
    base = FULL if args.full else DEFAULT
    config = dataclasses.replace(base, **{name: False for name in args.without.split(",") if name})
    print(f"features {asdict(config)}")
    if args.leave_out_fold is not None:
        paragraphs = _leave_out(args.corpus, paragraphs, args.leave_out_fold, args.out)
    items = [] if args.no_pfr else [(p.text, p.spans) for p in paragraphs]
    if args.msra:
        from msra_corpus import MSRA, split, training_sentences

        msra = split()[0] if args.msra_as_is else training_sentences()
        if args.msra_leave_out:
            from msra_corpus import write_bmes

            dev = split()[0][-args.msra_leave_out :]  # as MSRA tags them: the conventions a rule is scored on
            write_bmes(dev, Path(f"{args.out}.msra-dev.bmes"))
            msra = msra[: -args.msra_leave_out]
        print(f"msra     {len(msra)} sentences, {sum(len(p.text) for p in msra)} chars from {MSRA}")
        items += [(p.text, p.spans) for p in msra]
    if args.modern:
        written = modern_training()
        print(f"modern   {len(written)} paragraphs, {sum(len(t) for t, _ in written)} chars, each {args.modern} times")
        items += written * args.modern
    info = train(
        items, args.out,
        c1=args.c1, c2=args.c2, iterations=args.iterations, minfreq=args.minfreq,
        config=config, verbose=args.verbose,
    )
    if config != DEFAULT:  # CrfTagger.load reads it
        Path(f"{args.out}.features.json").write_text(json.dumps(asdict(config)) + "\n", encoding="utf-8")
    print(f"trained  {info['sequences']} sequences, {info['chars']} chars in {info['seconds']} s")
    print(f"model    {args.out} ({info['bytes'] / 1e6:.1f} MB)")
    return 0


def modern_training() -> list[tuple[str, list[tuple[int, int, EntityType]]]]:
    """The paragraphs of ``benchmarks/data/modern-train/*.txt`` with their spans, file by file."""
    from modern_gold import TRAINING, marked_paragraphs

    return [(p.text, list(p.spans)) for path in sorted(TRAINING.glob("*.txt")) for p in marked_paragraphs(path)]


def _leave_out(corpus: Path, paragraphs: list, fold: int, out: Path) -> list:
    """The paragraphs outside ``fold``; the fold's lines are written to ``OUT.fold.pfr``."""
    from bench_taggers import folds_of

    fold_of = folds_of(paragraphs)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    kept_lines = [ln for ln in lines if ln.strip() and fold_of.get(ln[:15]) == fold]
    Path(f"{out}.fold.pfr").write_text("\n".join(kept_lines) + "\n", encoding="utf-8")
    print(f"fold     {fold}: {len(kept_lines)} paragraphs left out -> {out}.fold.pfr")
    return [p for p in paragraphs if fold_of[p.id[:15]] != fold]


if __name__ == "__main__":
    sys.exit(main())
