"""Lexicons of the recognizer, loaded once per process from ``data/lexicons/``."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kg.entity_kinds import EntityKind
from kg.lang.lexicons import rows, sections, words
from kg.model import EntityType
from kg.lang.person_names import surnames


# One-character heads of landmarks (襄阳楼, 滕王阁, 大雁塔, 寒山寺, 太和殿): after a place's
# name, where they end a word, the two name the landmark, not the place.
LANDMARK_HEADS = frozenset({"楼", "阁", "塔", "寺", "庙", "宫", "殿", "亭"})


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per process
class Lexicon:
    """Word lists the rules use; every list describes Chinese news in general."""

    surnames: frozenset[str]
    titles_pre: frozenset[str]
    titles_post: frozenset[str]
    org_suffixes: tuple[str, ...]  # longest first
    facilities: tuple[str, ...]
    brands: tuple[str, ...]
    not_org_heads: frozenset[str]
    abbreviations: dict[str, tuple[str, frozenset[str]]]  # abbr → (full, levels)
    national: dict[str, str]  # name of a national or international body → its full name


def _titles() -> tuple[frozenset[str], frozenset[str]]:
    """Titles before a name and after it: ``titles.txt``'s [pre] and [post], and [both] for each."""
    lists = sections("titles.txt")
    both = lists.get("both", ())
    return frozenset((*both, *lists.get("pre", ()))), frozenset((*both, *lists.get("post", ())))


def _abbreviations() -> dict[str, tuple[str, frozenset[str]]]:
    table = {abbr: (full, frozenset(levels.split())) for abbr, full, levels in rows("gov_abbreviations.tsv", 3)}
    for abbr, (full, levels) in list(table.items()):
        # The full form after a level or a place is recognized the same way: 人民检察院, and
        # of a template the part after the owner (纪律检查委员会; 政法委员会 after 市委).
        template = "{}" in full
        written = full.split("{}")[1].removeprefix("委") if template else full
        if "*" not in levels and len(written) > (3 if template else 2):
            table.setdefault(written, (full, levels))
    return table


def _national() -> dict[str, str]:
    return {name: full or name for name, full in rows("national_bodies.tsv", 2)}


@functools.cache
def load_lexicon() -> Lexicon:
    """The shipped lexicons (cached per process)."""
    pre, post = _titles()
    by_length = lambda words: tuple(sorted(set(words), key=len, reverse=True))  # noqa: E731
    return Lexicon(
        surnames=surnames(),
        titles_pre=pre,
        titles_post=post,
        org_suffixes=by_length(words("org_suffixes.txt")),
        facilities=by_length(head for head, in rows("site_heads.tsv", 1)),
        brands=by_length(words("brands.txt")),
        not_org_heads=frozenset(words("not_org_heads.txt")),
        abbreviations=_abbreviations(),
        national=_national(),
    )


# ------------------------------------------------------------------ foreign names

# The foreign-name tables (see data/lexicons/README.md), in the order their readings rank: a
# name in two (利物浦 the city and the club) reads as the earlier one unless a cue says otherwise.
FOREIGN_TABLES = (
    "foreign_countries.tsv", "foreign_cities.tsv", "foreign_regions.tsv", "foreign_clubs.tsv", "foreign_companies.tsv",
)


@dataclass(frozen=True)
class ForeignReading:
    """One thing a foreign name may name: its kind, canonical name, and whether it needs a cue."""

    kind: EntityKind | None  # None: a place of no finer kind (亚洲, 加利福尼亚)
    canonical: str
    needs_cue: bool  # 苹果, 公牛, 利物浦 the club: only with a cue of the kind nearby

    @property
    def type(self) -> EntityType:
        """The base type of what the name names."""
        return self.kind.base if self.kind else EntityType.LOC


@functools.cache
def foreign_names() -> dict[str, tuple[ForeignReading, ...]]:
    """Foreign countries, cities, regions, clubs and companies by name, each with its readings."""
    out: dict[str, list[ForeignReading]] = {}
    for table in FOREIGN_TABLES:
        for name, kind, canonical, needs in rows(table, 4):
            reading = ForeignReading(EntityKind(kind) if kind else None, canonical or name, needs == "cue")
            out.setdefault(name, []).append(reading)
    return {name: tuple(readings) for name, readings in out.items()}


def foreign_context(section: str) -> frozenset[str]:
    """One section of ``foreign_context.txt`` (``team_after``, ``place_before``, ``company_after`` …)."""
    return frozenset(sections("foreign_context.txt")[section])
