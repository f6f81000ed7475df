"""The word lists of ``data/lexicons/``, each read once per process (see its README).

Three formats: a plain list (words separated by whitespace), a list in sections
(``[name]`` lines open a section, as in ``titles.txt``) and a tab-separated table. In all
three, a line whose first non-blank character is ``#`` is a comment.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.package_data import data_path


def _lines(name: str) -> list[str]:
    text = data_path("lexicons", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def words(name: str) -> tuple[str, ...]:
    """The words of the plain list ``data/lexicons/<name>``, in file order."""
    return tuple(word for line in _lines(name) for word in line.split())


@functools.cache
def sections(name: str) -> dict[str, tuple[str, ...]]:
    """The words of each section of ``data/lexicons/<name>``, by section name.

    Words before the first ``[section]`` line belong to the section ``""``.
    """
    out: dict[str, list[str]] = {}
    section = ""
    for line in _lines(name):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            out.setdefault(section, [])
        else:
            out.setdefault(section, []).extend(stripped.split())
    return {key: tuple(value) for key, value in out.items()}


@functools.cache
def rows(name: str, width: int) -> tuple[tuple[str, ...], ...]:
    """The rows of the table ``data/lexicons/<name>``, each padded or cut to ``width`` cells.

    Cells are stripped; missing ones are ``""``.
    """
    return tuple(
        tuple(cell.strip() for cell in (line.split("\t") + [""] * width)[:width]) for line in _lines(name)
    )


# ------------------------------------------------------------------ deictics


@dataclass(frozen=True)
class Deixis:
    """The words of one administrative level that point at a place without naming it."""

    level: str  # 省 市 县 区
    home: tuple[str, ...]  # 我市 本市: the paper's own division at the level
    whole: tuple[str, ...]  # 全市: all of a division, the paper's own or the one in question


@functools.cache
def deixes() -> tuple[Deixis, ...]:
    """Each level's pointing words (``deictics.tsv``), in file order."""
    table = rows("deictics.tsv", 3)
    return tuple(Deixis(level, tuple(home.split()), tuple(whole.split())) for level, home, whole in table)


def home_deictics() -> dict[str, tuple[str, ...]]:
    """Level → the words that name the paper's own division at it (市 → 我市, 本市); a new dict."""
    return {d.level: d.home for d in deixes()}


@functools.cache
def whole_deictics() -> frozenset[str]:
    """The words for all of a division (全省, 全市, 全县, 全区)."""
    return frozenset(word for d in deixes() for word in d.whole)


@functools.cache
def deictics() -> frozenset[str]:
    """Every pointing word of every level (我市, 本县, 全省 …): never a place's alternate name."""
    return frozenset(word for d in deixes() for word in d.home) | whole_deictics()


# ------------------------------------------------------------------ persons


@functools.cache
def honorifics() -> frozenset[str]:
    """Forms of address after a surname (赵先生, 李老师, 张总, 刘某): no part of a name."""
    return frozenset(sections("person_words.txt")["honorifics"])


@functools.cache
def person_words(section: str) -> frozenset[str]:
    """A section of ``person_words.txt`` other than the honorifics (``not_jobs``, ``cues``)."""
    return frozenset(sections("person_words.txt")[section])


# ------------------------------------------------------------------ events


@functools.cache
def event_words(section: str) -> frozenset[str]:
    """One section of ``event_words.txt`` (``governing``, ``generic``, ``scope`` …)."""
    return frozenset(sections("event_words.txt")[section])


# ------------------------------------------------------------------ speech


@functools.cache
def speech_words(section: str) -> frozenset[str]:
    """One section of ``speech.txt`` (``verbs``, ``roles``, ``described``, ``pronouns`` …)."""
    return frozenset(sections("speech.txt")[section])


@functools.cache
def title_words() -> frozenset[str]:
    """Every title and form of address of ``titles.txt``, whatever side of a name it goes."""
    return frozenset(word for words in sections("titles.txt").values() for word in words)


# ------------------------------------------------------------------ bylines


def byline_words(section: str) -> tuple[str, ...]:
    """One section of ``bylines.txt`` (``own``, ``outlet_suffixes``, ``lead_ends`` …), in file order."""
    return sections("bylines.txt")[section]


@functools.cache
def page_furniture(section: str) -> frozenset[str]:
    """One section of ``page_furniture.txt`` (``section_labels``, ``teaser_ends``, ``web_fields``, ``end_marks`` …)."""
    return frozenset(sections("page_furniture.txt")[section])


@functools.cache
def byline_roles() -> tuple[tuple[str, str], ...]:
    """The role words of ``byline_roles.tsv``, each with the ``Role`` value it prints, in file order."""
    return tuple((word, role) for word, role in rows("byline_roles.tsv", 2))


def regex_union(items: Iterable[str]) -> str:
    """A regular expression that matches any of ``items``, the longest first."""
    return "|".join(re.escape(w) for w in sorted(items, key=lambda w: (-len(w), w)))
