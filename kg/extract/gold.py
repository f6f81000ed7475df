"""Gold-file readers of ``kg evaluate``: each format's paragraphs and their mentions.

Four gold formats are read:

- ``pfr``: the PKU People's Daily corpus (PFR), one paragraph a line, words
  separated by spaces and tagged ``word/pos``. ``nr`` is a person (a surname's ``nr``
  word and the next form one person: ``江/nr 泽民/nr``; ``周/nr 新华/nr 姚/nr 信民/nr`` are
  two, as PFR splits every Chinese name in two), ``ns`` a place, ``nt`` an organization;
  a bracketed compound ``[中国/ns 人民/n 银行/n]nt`` is one mention when its tag is
  an entity tag, otherwise the words inside it count on their own.
- ``bio``: one character and its tag a line (``王 B-PER``), a blank line between
  sentences; tags B-/I-/E-/S-/M- with PER/LOC/ORG (or PERSON/LOCATION/ORGANIZATION,
  NR/NS/NT, GPE), and O. Lenient: any mix of the prefixes is decoded.
- ``bmes``: the same layout with B-/M-/E-/S- and O only (MSRA's ``*.bmes``); an
  ``I-`` tag is an error, since it means the file is BIO (read it as ``bio``).
- ``cluener``: CLUENER2020's JSON Lines, ``{"text": …, "label": {"name": {"叶老桂":
  [[9, 11]]}, …}}`` with INCLUSIVE end offsets. ``name`` is PER; ``organization``,
  ``company`` and ``government`` are ORG; ``address`` is LOC. ``scene``, ``book``,
  ``game``, ``movie`` and ``position`` are not scored. CLUENER's addresses are whole
  addresses (北京市海淀区中关村大街), kg's places single divisions, so its LOC
  scores are not comparable with other corpora's. A record without ``label`` (the
  test split) has no mentions.

Each reader yields :class:`GoldParagraph` records; :mod:`kg.extract.evaluate` scores them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kg.errors import GoldFormatError
from kg.model import EntityType

Span = tuple[int, int, EntityType]

FORMATS = ("pfr", "bio", "bmes", "cluener")
# The formats a gold file's extension names; any other extension is read as ``pfr``.
_SUFFIX_FORMATS = {".bmes": "bmes", ".bio": "bio", ".json": "cluener", ".jsonl": "cluener"}

_PFR_ID = re.compile(r"^\d{8}-\d{2}-\d{3}-\d{3}(?:/m)?$")
_PFR_TOKEN = re.compile(r"^(\[)?(.+)/([A-Za-z]+\d*)(?:\]([A-Za-z]+\d*))?$")
_PFR_TYPES = {"nr": EntityType.PER, "ns": EntityType.LOC, "nt": EntityType.ORG}
# A tag's type name (and the aliases other corpora use) → its type; the scorer reads
# predicted types and ``--types`` through it too.
TYPE_NAMES: dict[str, EntityType] = {
    "PER": EntityType.PER, "PERSON": EntityType.PER, "NR": EntityType.PER, "PS": EntityType.PER,
    "LOC": EntityType.LOC, "LOCATION": EntityType.LOC, "NS": EntityType.LOC, "GPE": EntityType.LOC,
    "ORG": EntityType.ORG, "ORGANIZATION": EntityType.ORG, "NT": EntityType.ORG,
}
_BIO_TAG = re.compile(r"^([BIMES])[-_]([A-Za-z]+)$")
_CLUENER_TYPES = {
    "name": EntityType.PER, "organization": EntityType.ORG, "company": EntityType.ORG,
    "government": EntityType.ORG, "address": EntityType.LOC,
}


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


def format_for(path: str | Path) -> str:
    """The gold format a file's extension names (``.bmes``, ``.bio``, ``.json``/``.jsonl``), else ``pfr``."""
    return _SUFFIX_FORMATS.get(Path(path).suffix.lower(), "pfr")


def read_gold(path: str | Path, *, fmt: str) -> Iterator[GoldParagraph]:
    """Read a gold file, one :class:`GoldParagraph` at a time.

    Args:
        path: the gold file (UTF-8).
        fmt: one of :data:`FORMATS` (``"pfr"``, ``"bio"``, ``"bmes"``, ``"cluener"``).

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
            yield from _READERS[fmt](handle, str(path))
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
            last_person = -1  # a name is a surname and a given name: 周/nr 新华/nr 姚/nr 信民/nr are two
        elif kind is not None:
            spans.append((start, offset, kind))
            # Only a surname (one or two characters: 王, 欧阳, 陈方) takes the next nr word as its given name.
            last_person = len(spans) - 1 if kind is EntityType.PER and len(word) <= 2 else -1
        else:
            last_person = -1
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


def _read_bio(lines: Iterable[str], source: str, *, prefixes: str = "BIMES") -> Iterator[GoldParagraph]:
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
        token, tag = _bio_fields(line, source, number, prefixes=prefixes)
        if not chars:
            first = number
        chars.append(token)
        tags.append(tag)
    if chars:
        yield _bio_paragraph(chars, tags, source, first)


def _bio_fields(
    line: str, source: str, number: int, *, prefixes: str
) -> tuple[str, tuple[str, EntityType | None]]:
    """Split one BIO line into its token and (prefix, type); type None for O / other types.

    Raises:
        GoldFormatError: no tag, a malformed tag, or a prefix outside ``prefixes``.
    """
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
    if match.group(1) not in prefixes:
        raise GoldFormatError(
            f"tag {raw!r} is not BMES (B-, M-, E-, S- or O): read a BIO file with --format bio",
            source=source, line=number)
    return token, (match.group(1), TYPE_NAMES.get(match.group(2).upper()))


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


def parse_cluener_line(line: str, *, source: str = "<cluener>", number: int = 1) -> GoldParagraph | None:
    """Parse one CLUENER2020 record (inclusive ends) into a paragraph; None for a blank line.

    Raises:
        GoldFormatError: not a JSON object with a ``text`` string, a ``label`` that is
            not ``{label: {mention: [[start, end], …]}}``, or offsets that do not
            frame their mention in the text.
    """
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"not a JSON record: {exc.msg}", source=source, line=number) from exc
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str):
        raise GoldFormatError('a record must be an object with a "text" string', source=source, line=number)
    labels = record.get("label") or {}  # the test split has no labels
    if not isinstance(labels, dict) or not all(isinstance(m, dict) for m in labels.values()):
        raise GoldFormatError('"label" must map each label to {mention: [[start, end], ...]}',
                              source=source, line=number)
    spans: set[Span] = set()
    for label, mentions in labels.items():
        kind = _CLUENER_TYPES.get(label)
        for mention, offsets in mentions.items():
            for start, end in _cluener_offsets(text, label, mention, offsets, source, number):
                if kind is not None:  # the other labels are checked, not scored
                    spans.add((start, end + 1, kind))
    record_id = record.get("id")
    pid = str(record_id) if isinstance(record_id, (str, int)) else f"{Path(source).name}:{number}"
    return GoldParagraph(pid, text, tuple(sorted(spans)), source, number)


def _cluener_offsets(
    text: str, label: str, mention: str, offsets: object, source: str, number: int
) -> Iterator[tuple[int, int]]:
    """The inclusive ``[start, end]`` pairs of one mention, each checked against the text."""
    if not isinstance(offsets, list):
        raise GoldFormatError(f"{label} {mention!r}: offsets must be a list of [start, end]", source=source, line=number)
    for pair in offsets:
        ok = isinstance(pair, list) and len(pair) == 2 and all(type(x) is int for x in pair)
        if not ok or not 0 <= pair[0] <= pair[1] < len(text) or text[pair[0]:pair[1] + 1] != mention:
            raise GoldFormatError(
                f"{label} {mention!r}: offsets {pair!r} do not frame it in the text (ends are inclusive)",
                source=source, line=number)
        yield pair[0], pair[1]


def _read_cluener(lines: Iterable[str], source: str) -> Iterator[GoldParagraph]:
    for number, line in enumerate(lines, 1):
        paragraph = parse_cluener_line(line, source=source, number=number)
        if paragraph is not None:
            yield paragraph


_READERS: dict[str, Callable[[Iterable[str], str], Iterator[GoldParagraph]]] = {
    "pfr": _read_pfr, "bio": _read_bio, "bmes": partial(_read_bio, prefixes="BMES"), "cluener": _read_cluener,
}


__all__ = [
    "FORMATS",
    "TYPE_NAMES",
    "GoldParagraph",
    "Span",
    "format_for",
    "parse_cluener_line",
    "parse_pfr_line",
    "read_gold",
]
