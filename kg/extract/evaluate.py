"""The mention-level scorer behind ``kg evaluate``, and the whole command as :func:`evaluate_file`.

A mention is correct when its span and its type both match the gold exactly; the
gold files are read by :mod:`kg.extract.gold`, the scores are the records of
:mod:`kg.extract.scores` (importable from here too).

Gold sets differ on one convention: whether a place's one-character short name (中美's 中
and 美, 访华's 华) is a mention. MSRA's gold says so; kg's own hand gold and PFR's do not.
``short_names`` chooses: ``count`` scores one-character places on both sides, ``skip``
leaves them out of the scoring on both sides (and counts how many), ``auto`` reads the
convention from the gold: ``count`` if it annotates any one-character place, else ``skip``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.extract.gold import TYPE_NAMES, GoldParagraph, Span, format_for, read_gold
from kg.extract.scores import EvaluationReport, Score, ShortNameScoring, TypeScore
from kg.model import EntityType

Recognizer = Callable[[list[str]], Sequence[Sequence[tuple[int, int, "str | EntityType"]]]]

TYPES: tuple[EntityType, ...] = (EntityType.PER, EntityType.LOC, EntityType.ORG)
SHORT_NAME_MODES = ("auto", "count", "skip")
_BATCH = 32  # texts tagged together: small enough for a progress bar to move


# ------------------------------------------------------------------ scoring


def normalize_spans(spans: Iterable[tuple[int, int, str | EntityType]], length: int) -> set[Span]:
    """Keep the well-formed spans of one text as a set, types as :class:`EntityType`.

    Spans outside ``[0, length]``, empty spans and types other than PER/LOC/ORG are
    dropped.
    """
    kept: set[Span] = set()
    for start, end, kind in spans:
        value = kind.value if isinstance(kind, EntityType) else str(kind).upper()
        if value in TYPE_NAMES and 0 <= start < end <= length:
            kept.add((int(start), int(end), TYPE_NAMES[value]))
    return kept


def score_types(names: Iterable[str | EntityType] | None) -> tuple[EntityType, ...]:
    """The types to score, in PER, LOC, ORG order; None or nothing: all three.

    Raises:
        ValueError: a name that is no type (aliases such as ``PERSON`` are types).
    """
    chosen: set[EntityType] = set()
    for name in names or ():
        value = name.value if isinstance(name, EntityType) else str(name).strip().upper()
        if value not in TYPE_NAMES:
            raise ValueError(f"unknown entity type {name!r}; expected PER, LOC or ORG")
        chosen.add(TYPE_NAMES[value])
    return tuple(kind for kind in TYPES if kind in chosen) or TYPES


def short_name_scoring(mode: str, paragraphs: Sequence[GoldParagraph]) -> ShortNameScoring:
    """Whether to score one-character places: ``mode`` forced, or (``auto``) the gold's convention.

    Raises:
        ValueError: a mode other than those of :data:`SHORT_NAME_MODES`.
    """
    if mode not in SHORT_NAME_MODES:
        raise ValueError(f"unknown short-name scoring {mode!r}; expected one of {', '.join(SHORT_NAME_MODES)}")
    if mode != "auto":
        return ShortNameScoring(mode, "asked")
    found = sum(_short(span) for p in paragraphs for span in p.spans)
    if found:
        return ShortNameScoring("count", f"the gold annotates {found} one-character places, as MSRA's does")
    return ShortNameScoring("skip", "the gold annotates no one-character place, as kg's and PFR's do not")


def _without_short_names(
    paragraph: GoldParagraph, found: set[Span], left_out: list[int]
) -> tuple[GoldParagraph, set[Span]]:
    """The paragraph's gold and the predictions without one-character places, counted in ``left_out``."""
    short_gold = {span for span in paragraph.spans if _short(span)}
    short_found = {span for span in found if _short(span)}
    left_out[0] += len(short_gold)
    left_out[1] += len(short_found)
    return replace(paragraph, spans=tuple(s for s in paragraph.spans if s not in short_gold)), found - short_found


def _short(span: Span) -> bool:
    """A one-character place: a short name (中美's 美), which not every gold annotates."""
    return span[1] - span[0] == 1 and span[2] is EntityType.LOC


def evaluate_gold(
    paragraphs: Iterable[GoldParagraph], *, recognize: Recognizer, batch_size: int = 256,
    keep_errors: bool = False, seen_in_training: Callable[[str], bool] | None = None,
    progress: Callable[[int], None] | None = None, types: Iterable[str | EntityType] | None = None,
    skip_short_names: bool = False,
) -> Score:
    """Score a recognizer against gold paragraphs: exact span and type, micro-averaged.

    Args:
        paragraphs: gold paragraphs, e.g. from :func:`kg.extract.gold.read_gold`.
        recognize: takes a list of texts, returns for each text its
            ``(start, end, type)`` spans.
        batch_size: how many texts are passed to ``recognize`` at once.
        keep_errors: also record every false positive / negative in ``Score.errors``
            as ``(paragraph id, "FP" | "FN", type, mention text)``.
        seen_in_training: tells whether the model was trained on a text (e.g.
            ``kg.extract.training.shipped_manifest().seen``): ``Score.seen`` counts them.
        progress: called after each batch with the number of paragraphs scored so far.
        types: score only these types (``"PER"``, ``EntityType.ORG``…; see
            :func:`score_types`): gold and predicted mentions of the others are left
            out, and ``ALL`` sums the types kept. None: PER, LOC and ORG.
        skip_short_names: leave one-character places out of the scoring, in the gold and
            in the predictions; ``Score.short_names_left_out`` counts them.

    Returns:
        The per-type and overall :class:`Score`.

    Raises:
        ValueError: an unknown type, or a recognizer that returns a result count
            other than its text count.
    """
    tally = _Tally({kind: [0, 0, 0] for kind in score_types(types)}, [] if keep_errors else None)
    for batch, predicted in _recognized(paragraphs, recognize, batch_size):
        for paragraph, spans in zip(batch, predicted):
            tally.add(paragraph, normalize_spans(spans, len(paragraph.text)), skip_short_names=skip_short_names)
        if seen_in_training is not None:
            tally.seen += sum(map(seen_in_training, (p.text for p in batch)))
        if progress is not None:
            progress(tally.paragraphs)
    return tally.score(seen_checked=seen_in_training is not None)


@dataclass
class _Tally:
    """The running counts of one scoring, turned into a :class:`Score` at its end."""

    counts: dict[EntityType, list[int]]  # per type scored: gold, predicted, correct
    errors: list[tuple[str, str, str, str]] | None  # None: not kept
    paragraphs: int = 0
    chars: int = 0
    seen: int = 0
    left_out: list[int] = field(default_factory=lambda: [0, 0])  # short names: gold, predicted

    def add(self, paragraph: GoldParagraph, found: set[Span], *, skip_short_names: bool) -> None:
        """Count one paragraph's gold against what was found in it."""
        if skip_short_names:
            paragraph, found = _without_short_names(paragraph, found, self.left_out)
        _count(paragraph, found, self.counts, self.errors)
        self.paragraphs += 1
        self.chars += len(paragraph.text)

    def score(self, *, seen_checked: bool) -> Score:
        """The per-type rows and their micro total."""
        rows = tuple(TypeScore(kind.value, *row) for kind, row in self.counts.items())
        total = TypeScore("ALL", *(sum(row[i] for row in self.counts.values()) for i in range(3)))
        return Score(rows, total, self.paragraphs, self.chars, tuple(self.errors or ()),
                     self.seen if seen_checked else None, (self.left_out[0], self.left_out[1]))


def _recognized(
    paragraphs: Iterable[GoldParagraph], recognize: Recognizer, batch_size: int
) -> Iterator[tuple[list[GoldParagraph], Sequence[Sequence[tuple[int, int, str | EntityType]]]]]:
    """Batches of paragraphs with the recognizer's spans for each, tagged as the loop asks for them.

    Raises:
        ValueError: the recognizer returned a result count other than its text count.
    """
    for batch in _batches(paragraphs, batch_size):
        predicted = recognize([p.text for p in batch])
        if len(predicted) != len(batch):
            raise ValueError(f"recognizer returned {len(predicted)} results for {len(batch)} texts")
        yield batch, predicted


def _count(
    paragraph: GoldParagraph, predicted: set[Span], counts: dict[EntityType, list[int]],
    errors: list[tuple[str, str, str, str]] | None,
) -> None:
    """Add one paragraph's gold, predicted and correct mentions of the types scored; its errors if kept."""
    gold = {span for span in paragraph.spans if span[2] in counts}
    predicted = {span for span in predicted if span[2] in counts}
    for start, end, kind in gold:
        counts[kind][0] += 1
    for start, end, kind in predicted:
        counts[kind][1] += 1
        if (start, end, kind) in gold:
            counts[kind][2] += 1
    if errors is not None:
        text = paragraph.text
        errors.extend((paragraph.id, "FN", k.value, text[s:e]) for s, e, k in sorted(gold - predicted))
        errors.extend((paragraph.id, "FP", k.value, text[s:e]) for s, e, k in sorted(predicted - gold))


def _batches(items: Iterable[GoldParagraph], size: int) -> Iterator[list[GoldParagraph]]:
    """The items in lists of ``size`` (at least one), the last one shorter."""
    batch: list[GoldParagraph] = []
    for item in items:
        batch.append(item)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


def evaluate_file(
    path: str | Path, *, fmt: str | None = None, types: Iterable[str | EntityType] | None = None,
    use_tagger: bool = True, model: str | Path | None = None, paper: str | None = None,
    progress: Callable[[int, int], None] | None = None, short_names: str = "auto",
) -> EvaluationReport:
    """Score the recognizer (rules, gazetteer and CRF) on a gold file: what ``kg evaluate`` does.

    Args:
        path: the gold file.
        fmt: its format, one of :data:`kg.extract.gold.FORMATS`; None: the one its
            extension names (:func:`kg.extract.gold.format_for`).
        types: score only these types (see :func:`score_types`); None: PER, LOC and ORG.
        use_tagger: run the CRF beside the rules and gazetteer.
        model: a CRF model file other than the shipped one (a cross-validation fold's…).
            Its overlap with the gold is checked only when a training manifest that
            matches it sits beside it (:func:`kg.extract.training.shipped_manifest`).
        paper: the paper the gold text comes from: its home city and county resolve 我市
            and 市X局 as a build does (:func:`kg.extract.papers.paper_profile`).
        progress: called after each batch with the paragraphs scored and their total.
        short_names: ``auto``, ``count`` or ``skip``: whether one-character places are scored
            (see the module's doc); the report's ``short_names`` says what was done and why.

    Raises:
        GoldFormatError: the gold file cannot be read or is malformed (KG108).
        ModelError: ``model`` is missing or not a CRF model (KG600).
        ValueError: an unknown type or short-name mode, or a ``model`` with ``use_tagger=False``.
    """
    from kg.extract.training import overlap_report, shipped_manifest

    chosen = score_types(types)
    model_path = _checked_model(model, use_tagger=use_tagger, short_names=short_names)
    recognize = _recognizer(use_tagger=use_tagger, model=model_path, paper=paper)
    fmt = fmt or format_for(path)
    paragraphs = list(read_gold(path, fmt=fmt))
    scoring = short_name_scoring(short_names, paragraphs)
    manifest = shipped_manifest(model_path) if use_tagger else None
    score, scoring = _score_file(paragraphs, recognize=recognize, types=chosen, scoring=scoring,
                                 seen_in_training=manifest.seen if manifest is not None else None, progress=progress)
    note = _unknown_overlap(model_path) if use_tagger and manifest is None else None
    return EvaluationReport(score, fmt, overlap_report(score.seen, score.paragraphs), note, scoring)


def _checked_model(model: str | Path | None, *, use_tagger: bool, short_names: str) -> Path | None:
    """The model's path, once the options are known to go together: checked before the gold is read.

    Raises:
        ValueError: an unknown short-name mode, or a ``model`` with ``use_tagger=False``.
    """
    if short_names not in SHORT_NAME_MODES:
        short_name_scoring(short_names, ())  # raises
    if model is not None and not use_tagger:
        raise ValueError("a model was given, but use_tagger=False leaves the tagger out")
    return Path(model) if model is not None else None


def _score_file(
    paragraphs: list[GoldParagraph], *, recognize: Recognizer, types: tuple[EntityType, ...],
    scoring: ShortNameScoring, seen_in_training: Callable[[str], bool] | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[Score, ShortNameScoring]:
    """:func:`evaluate_gold` as ``kg evaluate`` runs it, and ``scoring`` with the short names left out."""
    score = evaluate_gold(
        paragraphs, recognize=recognize, batch_size=_BATCH, types=types, seen_in_training=seen_in_training,
        progress=(lambda done: progress(done, len(paragraphs))) if progress is not None else None,
        skip_short_names=scoring.mode == "skip",
    )
    gold, predicted = score.short_names_left_out
    return score, replace(scoring, gold_left_out=gold, predicted_left_out=predicted)


def _unknown_overlap(model: Path | None) -> str:
    """Why the report cannot tell whether the model saw the gold's sentences."""
    return (f"{'the model' if model is None else model} has no training manifest that matches it: "
            "whether it saw these sentences is unknown")


def _recognizer(*, use_tagger: bool, model: Path | None, paper: str | None = None) -> Recognizer:
    """:func:`kg.extract.recognize.recognize_text` as the scorer calls it; ``model`` loaded now.

    Raises:
        ModelError: ``model`` is missing or not a CRF model.
    """
    from kg.extract.papers import text_meta
    from kg.extract.recognize import recognize_text  # loads the tagger's dictionaries: only when used

    meta = text_meta(paper)
    if model is not None:
        from kg.extract.recognize.tagger import CrfTagger

        CrfTagger.load(model)  # a missing model fails before the gold is read

    def recognize(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        found = recognize_text(texts, meta=meta, use_tagger=use_tagger, model=model)
        return [[(m.start, m.end, m.type.value) for m in mentions] for mentions in found]

    return recognize


__all__ = [
    "SHORT_NAME_MODES",
    "EvaluationReport",
    "Score",
    "ShortNameScoring",
    "TypeScore",
    "evaluate_file",
    "evaluate_gold",
    "normalize_spans",
    "score_types",
    "short_name_scoring",
]
