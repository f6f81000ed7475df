"""Score CRF model files on held-out gold: the CRF alone and the whole recognizer around it.

Usage::

    python benchmarks/eval_models.py MODEL[:DEVFOLD] ... [--msra-slice PATH] [--out JSON]

``MODEL`` is a ``.crfsuite`` file; ``DEVFOLD`` a PFR file of dev.txt paragraphs the model
never saw (``train_crf.py --leave-out-fold K`` writes it beside the model). The MSRA slice
is the last 2,000 sentences of ``train.bmes`` (``msra_corpus.py held-out``), which no model
trains on. Mention-level exact span and type, micro F1, PER / LOC / ORG.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.extract.evaluate import evaluate_gold  # noqa: E402
from kg.extract.gold import GoldParagraph, read_gold  # noqa: E402


def _scores(paragraphs: list[GoldParagraph], model: Path) -> dict[str, dict]:
    from kg.extract.recognize import recognize_text
    from kg.extract.recognize.tagger import CrfTagger

    tagger = CrfTagger.load(model)  # with the templates of its .features.json, if it has one

    def crf(texts: list[str]) -> list:
        return tagger.tag_spans(texts)

    def whole(texts: list[str]) -> list:
        return [[(m.start, m.end, m.type.value) for m in found] for found in recognize_text(texts, model=model)]

    out = {}
    for name, recognize in (("crf", crf), ("system", whole)):
        score = evaluate_gold(paragraphs, recognize=recognize, batch_size=64)
        out[name] = {row.type: round(row.f1, 3) for row in (*score.by_type, score.overall)}
    return out


def _msra_slice(path: Path | None) -> Path:
    if path is not None:
        return path
    from msra_corpus import split, write_bmes

    out = Path(tempfile.mkdtemp()) / "msra-heldout.bmes"
    write_bmes(split()[1], out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", help="MODEL or MODEL:DEVFOLD")
    parser.add_argument("--msra-slice", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    msra = list(read_gold(_msra_slice(args.msra_slice), fmt="bmes"))
    results = {}
    for spec in args.models:
        model, _, fold = spec.partition(":")
        row = {"msra-slice": _scores(msra, Path(model))}
        if fold:
            row["pfr-fold"] = _scores(list(read_gold(fold, fmt="pfr")), Path(model))
        results[Path(model).name] = row
        for corpus, by in row.items():
            for name, f1 in by.items():
                cells = "  ".join(f"{k} {v:.3f}" for k, v in f1.items())
                print(f"{Path(model).name:28} {corpus:10} {name:6} {cells}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
