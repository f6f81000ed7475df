"""Gold-file readers and the mention-level scorer behind ``kg evaluate``.

Two gold formats are read:

- ``pfr``: the PKU People's Daily corpus (PFR), one paragraph a line, words
  separated by spaces and tagged ``word/pos``. ``nr`` is a person (adjacent ``nr``
  words form one person: ``江/nr 泽民/nr``), ``ns`` a place, ``nt`` an organization;
  a bracketed compound ``[中国/ns 人民/n 银行/n]nt`` is one mention when its tag is
  an entity tag, otherwise the words inside it count on their own.
- ``bio``: one character and its tag a line (``王 B-PER``), a blank line between
  sentences; tags B-/I-/E-/S-/M- with PER/LOC/ORG (or PERSON/LOCATION/ORGANIZATION,
  NR/NS/NT, GPE), and O.

A mention is correct when its span and its type both match the gold exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import GoldFormatError
from kg.model import EntityType

Span = tuple[int, int, EntityType]
Recognizer = Callable[[list[str]], Sequence[Sequence[tuple[int, int, "str | EntityType"]]]]

TYPES: tuple[EntityType, ...] = (EntityType.PER, EntityType.LOC, EntityType.ORG)
FORMATS = ("pfr", "bio")

_PFR_ID = re.compile(r"^\d{8}-\d{2}-\d{3}-\d{3}(?:/m)?$")
_PFR_TOKEN = re.compile(r"^(\[)?(.+)/([A-Za-z]+\d*)(?:\]([A-Za-z]+\d*))?$")
_PFR_TYPES = {"nr": EntityType.PER, "ns": EntityType.LOC, "nt": EntityType.ORG}
_BIO_TYPES = {
    "PER": EntityType.PER, "PERSON": EntityType.PER, "NR": EntityType.PER, "PS": EntityType.PER,
    "LOC": EntityType.LOC, "LOCATION": EntityType.LOC, "NS": EntityType.LOC, "GPE": EntityType.LOC,
    "ORG": EntityType.ORG, "ORGANIZATION": EntityType.ORG, "NT": EntityType.ORG,
}
_BIO_TAG = re.compile(r"^([BIMES])[-_]([A-Za-z]+)$")


@dataclass(frozen=True)
class GoldParagraph:
    """One gold paragraph (or sentence): its text and its mentions.

    ``spans`` are half-open character offsets into ``text``, sorted.
    """

    id: str
    text: str
    spans: tuple[Span, ...]
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class TypeScore:
    """Counts and precision / recall / F1 for one entity type (or all of them)."""

    type: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        """Correct mentions over predicted mentions (0 when nothing was predicted)."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Correct mentions over gold mentions (0 when the gold has none)."""
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Score:
    """The result of :func:`evaluate_gold`: one :class:`TypeScore` a type, and micro totals."""

    by_type: tuple[TypeScore, ...]
    overall: TypeScore
    paragraphs: int = 0
    chars: int = 0
    errors: tuple[tuple[str, str, str, str], ...] = field(default=(), repr=False)
    seen: int | None = None  # paragraphs the model was trained on (None: not checked)

    def __getitem__(self, key: str | EntityType) -> TypeScore:
        """The score of one type (``"PER"``, ``EntityType.LOC``…) or ``"ALL"``."""
        name = key.value if isinstance(key, EntityType) else str(key).upper()
        if name == "ALL":
            return self.overall
        for row in self.by_type:
            if row.type == name:
                return row
        raise KeyError(key)

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        """Plain data, one entry a type plus ``ALL``, for JSON output."""
        return {
            row.type: {
                "gold": row.gold, "predicted": row.predicted, "correct": row.correct,
                "precision": round(row.precision, 4), "recall": round(row.recall, 4),
                "f1": round(row.f1, 4),
            }
            for row in (*self.by_type, self.overall)
        }

    def as_table(self) -> str:
        """A fixed-width text table of counts, precision, recall and F1."""
        lines = [f"{'type':<5} {'gold':>7} {'pred':>7} {'correct':>7} {'P':>7} {'R':>7} {'F1':>7}"]
        for row in (*self.by_type, self.overall):
            lines.append(
                f"{row.type:<5} {row.gold:>7} {row.predicted:>7} {row.correct:>7} "
                f"{row.precision:>7.4f} {row.recall:>7.4f} {row.f1:>7.4f}"
            )
        return "\n".join(lines)


# ------------------------------------------------------------------ readers


def read_gold(path: str | Path, *, fmt: str) -> Iterator[GoldParagraph]:
    """Read a gold file, one :class:`GoldParagraph` at a time.

    Args:
        path: the gold file (UTF-8).
        fmt: ``"pfr"`` or ``"bio"``.

    Raises:
        GoldFormatError: unknown format, unreadable file, or a malformed line
            (the error names the file and the line).
    """
    if fmt not in FORMATS:
        raise GoldFormatError(f"unknown gold format {fmt!r}; expected one of {', '.join(FORMATS)}")
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise GoldFormatError(f"cannot read gold file: {exc.strerror or exc}", source=str(path)) from exc
    with handle:
        try:
            if fmt == "pfr":
                yield from _read_pfr(handle, str(path))
            else:
                yield from _read_bio(handle, str(path))
        except UnicodeDecodeError as exc:
            raise GoldFormatError("gold file is not UTF-8", source=str(path)) from exc


def parse_pfr_line(line: str, *, source: str = "<pfr>", number: int = 1) -> GoldParagraph | None:
    """Parse one PFR line into a paragraph; None for a blank line.

    Raises:
        GoldFormatError: a token is not ``word/tag`` or the brackets do not match.
    """
    tokens = line.split()
    if not tokens:
        return None
    pid = f"{Path(source).name}:{number}"
    if _PFR_ID.match(tokens[0]):
        pid, tokens = tokens[0].removesuffix("/m"), tokens[1:]
    text, spans = _pfr_spans(tokens, source, number)
    return GoldParagraph(pid, text, tuple(sorted(spans)), source, number)


def _read_pfr(lines: Iterable[str], source: str) -> Iterator[GoldParagraph]:
    for number, line in enumerate(lines, 1):
        paragraph = parse_pfr_line(line, source=source, number=number)
        if paragraph is not None:
            yield paragraph


def _pfr_spans(tokens: list[str], source: str, number: int) -> tuple[str, list[Span]]:
    """Concatenate the words of a PFR line and collect its mentions."""
    parts: list[str] = []
    spans: list[Span] = []
    offset, bracket_start, last_person = 0, -1, -1  # last_person: index in spans
    for token in tokens:
        match = _PFR_TOKEN.match(token)
        if match is None:
            raise GoldFormatError(f"malformed PFR token {token!r}", source=source, line=number)
        opens, word, tag, closes = match.groups()
        if opens:
            if bracket_start >= 0:
                raise GoldFormatError(f"nested bracket at {token!r}", source=source, line=number)
            bracket_start = offset
        start, offset = offset, offset + len(word)
        parts.append(word)
        kind = _PFR_TYPES.get(tag[:2])
        if kind is EntityType.PER and last_person >= 0 and spans[last_person][1] == start:
            spans[last_person] = (spans[last_person][0], offset, kind)
        elif kind is not None:
            spans.append((start, offset, kind))
        last_person = len(spans) - 1 if kind is EntityType.PER else -1
        if closes:
            if bracket_start < 0:
                raise GoldFormatError(f"']' without '[' at {token!r}", source=source, line=number)
            kind = _PFR_TYPES.get(closes[:2])
            if kind is not None:  # the outermost bracket wins over the words inside it
                spans = [s for s in spans if s[1] <= bracket_start] + [(bracket_start, offset, kind)]
                last_person = -1
            bracket_start = -1
    if bracket_start >= 0:
        raise GoldFormatError("bracket '[' not closed at the end of the line", source=source, line=number)
    return "".join(parts), spans


def _read_bio(lines: Iterable[str], source: str) -> Iterator[GoldParagraph]:
    chars: list[str] = []
    tags: list[tuple[str, EntityType | None]] = []
    first = 0
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if chars:
                yield _bio_paragraph(chars, tags, source, first)
            chars, tags = [], []
            continue
        token, tag = _bio_fields(line, source, number)
        if not chars:
            first = number
        chars.append(token)
        tags.append(tag)
    if chars:
        yield _bio_paragraph(chars, tags, source, first)


def _bio_fields(line: str, source: str, number: int) -> tuple[str, tuple[str, EntityType | None]]:
    """Split one BIO line into its token and (prefix, type); type None for O / other types."""
    fields = line.split()
    if len(fields) >= 2:
        token, raw = fields[0], fields[-1]
    elif len(fields) == 1 and line[0].isspace():  # the character itself is a space
        token, raw = line[0], fields[0]
    else:
        raise GoldFormatError(f"expected a character and a tag, got {line!r}", source=source, line=number)
    if raw.upper() == "O":
        return token, ("O", None)
    match = _BIO_TAG.match(raw)
    if match is None:
        raise GoldFormatError(f"malformed tag {raw!r}", source=source, line=number)
    return token, (match.group(1), _BIO_TYPES.get(match.group(2).upper()))


def _bio_paragraph(
    chars: list[str], tags: list[tuple[str, EntityType | None]], source: str, first: int
) -> GoldParagraph:
    """Decode the B/I/E/S tags of one sentence into spans."""
    spans: list[Span] = []
    offset, open_start, open_type = 0, -1, None
    for token, (prefix, kind) in zip(chars, tags):
        start, offset = offset, offset + len(token)
        if open_type is not None and (kind is not open_type or prefix in "BS"):
            spans.append((open_start, start, open_type))
            open_type = None
        if kind is None:
            continue
        if open_type is None:
            open_start, open_type = start, kind
        if prefix in "ES":
            spans.append((open_start, offset, kind))
            open_type = None
    if open_type is not None:
        spans.append((open_start, offset, open_type))
    return GoldParagraph(f"{Path(source).name}:{first}", "".join(chars), tuple(spans), source, first)


# ------------------------------------------------------------------ scoring


def normalize_spans(spans: Iterable[tuple[int, int, str | EntityType]], length: int) -> set[Span]:
    """Keep the well-formed spans of one text as a set, types as :class:`EntityType`.

    Spans outside ``[0, length]``, empty spans and types other than PER/LOC/ORG are
    dropped.
    """
    kept: set[Span] = set()
    for start, end, kind in spans:
        value = kind.value if isinstance(kind, EntityType) else str(kind).upper()
        if value in _BIO_TYPES and 0 <= start < end <= length:
            kept.add((int(start), int(end), _BIO_TYPES[value]))
    return kept


def evaluate_gold(
    paragraphs: Iterable[GoldParagraph], *, recognize: Recognizer, batch_size: int = 256,
    keep_errors: bool = False, seen_in_training: Callable[[str], bool] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Score:
    """Score a recognizer against gold paragraphs: exact span and type, micro-averaged.

    Args:
        paragraphs: gold paragraphs, e.g. from :func:`read_gold`.
        recognize: takes a list of texts, returns for each text its
            ``(start, end, type)`` spans.
        batch_size: how many texts are passed to ``recognize`` at once.
        keep_errors: also record every false positive / negative in ``Score.errors``
            as ``(paragraph id, "FP" | "FN", type, mention text)``.
        seen_in_training: tells whether the model was trained on a text (e.g.
            ``kg.extract.training.shipped_manifest().seen``): ``Score.seen`` counts them.
        progress: called after each batch with the number of paragraphs scored so far.

    Returns:
        The per-type and overall :class:`Score`.
    """
    counts = {kind: [0, 0, 0] for kind in TYPES}  # gold, predicted, correct
    errors: list[tuple[str, str, str, str]] = []
    n_paragraphs = n_chars = n_seen = 0
    for batch in _batches(paragraphs, batch_size):
        predicted = recognize([p.text for p in batch])
        if len(predicted) != len(batch):
            raise ValueError(f"recognizer returned {len(predicted)} results for {len(batch)} texts")
        for paragraph, spans in zip(batch, predicted):
            _count(paragraph, normalize_spans(spans, len(paragraph.text)), counts, errors if keep_errors else None)
            n_paragraphs += 1
            n_chars += len(paragraph.text)
        if seen_in_training is not None:
            n_seen += sum(map(seen_in_training, (p.text for p in batch)))
        if progress is not None:
            progress(n_paragraphs)
    rows = tuple(TypeScore(kind.value, *counts[kind]) for kind in TYPES)
    total = TypeScore("ALL", *(sum(row[i] for row in counts.values()) for i in range(3)))
    return Score(rows, total, n_paragraphs, n_chars, tuple(errors), None if seen_in_training is None else n_seen)


def _count(
    paragraph: GoldParagraph, predicted: set[Span], counts: dict[EntityType, list[int]],
    errors: list[tuple[str, str, str, str]] | None,
) -> None:
    gold = set(paragraph.spans)
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
    batch: list[GoldParagraph] = []
    for item in items:
        batch.append(item)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


__all__ = [
    "FORMATS",
    "GoldParagraph",
    "Score",
    "TypeScore",
    "evaluate_gold",
    "normalize_spans",
    "parse_pfr_line",
    "read_gold",
]
