"""Which input file built which pages: the folder's source index, so that a build retracts what a file no longer gives.

A page's IRI follows what identifies it in the world (paper, issue date, page, or a
record's ``id``/``url``), so a corrected date or paper gives the page a new IRI. The
index (``DIR/.sources.json``, input file's absolute path → the page IRIs it built) lets
the next build of that file retract the old IRIs, and lets ``kg remove`` take a file's or
a folder's pages out. It holds absolute paths, so it stays beside the store and is never
published in the graph (``kg:sourceFile`` is relative to the build's folder).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg import errors
from kg.atomic import write_atomic
from kg.graph.folder import SOURCES
from kg.model import InputProblem
from kg.read.stdin import is_spooled

# Problems after which a file still gave every page it holds: a field left out, a date
# dropped, a missing paper or date. Any other problem may have cost pages, and a file that
# lost some this time keeps its old ones until it reads clean.
_HARMLESS = {errors.MetadataError.code, errors.MissingMetadataWarning.code, errors.PageCollisionWarning.code}


def source_key(source: str) -> str | None:
    """The index's key of an input: its absolute, normalized path; None for standard input."""
    if source in ("-", "<stdin>") or is_spooled(source):
        return None
    return os.path.normpath(os.path.abspath(source))


@dataclass
class SourceIndex:
    """Input file (absolute path) → the page IRIs it built, as the folder's store holds them."""

    path: Path
    sources: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> SourceIndex:
        """The folder's index; empty when there is none yet (or it cannot be read)."""
        path = out_dir / SOURCES
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            sources = {str(k): [str(p) for p in v] for k, v in data.get("sources", {}).items()}
        except (OSError, ValueError, AttributeError, TypeError):
            sources = {}
        return cls(path, sources)

    def save(self) -> None:
        data = {"version": 1, "sources": dict(sorted(self.sources.items()))}
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))

    def under(self, paths: Iterable[str]) -> list[str]:
        """The indexed sources a path names: the file itself, or every file under a folder."""
        found: list[str] = []
        for given in paths:
            key = source_key(given)
            if key is None:
                continue
            prefix = key.rstrip(os.sep) + os.sep
            found += [s for s in self.sources if s == key or s.startswith(prefix)]
        return sorted(set(found))

    def missing(self) -> list[str]:
        """The indexed sources whose file is gone."""
        return sorted(s for s in self.sources if not os.path.exists(s))

    def forget(self, sources: Iterable[str]) -> list[str]:
        """Drop sources from the index; the page IRIs they had built."""
        return sorted({iri for s in sources for iri in self.sources.pop(s, [])})


@dataclass
class SourceTracker:
    """What one build's inputs gave: each file's pages, and whether it gave all of them."""

    pages: dict[str, set[str]] = field(default_factory=dict)
    incomplete: set[str] = field(default_factory=set)
    givers: dict[str, str] = field(default_factory=dict)  # page IRI → the input of this build that gave it

    def page(self, source: str, page_iri: str) -> str | None:
        """Record that ``source`` gave the page; the other input of this build that gave it too, if any."""
        other = self.givers.setdefault(page_iri, source)
        key = source_key(source)
        if key is not None:
            self.pages.setdefault(key, set()).add(page_iri)
        return other if other != source else None

    @staticmethod
    def collision(source: str, other: str) -> InputProblem:
        """The warning (KG112) that ``source`` gives the page ``other`` gave: it replaces that page."""
        message = (f"its page has the IRI of {other}'s (same paper, date and page id) and replaces it; "
                   "give each file a date, a sidecar or another name")
        return InputProblem(source, errors.PageCollisionWarning.code, message)

    def problem(self, source: str, code: str) -> None:
        key = source_key(source)
        if key is not None and code not in _HARMLESS:
            self.incomplete.add(key)

    def settle(self, index: SourceIndex) -> list[str]:
        """Record this build's pages in the index; the page IRIs to retract.

        A file read whole retracts the pages it built before and gives no more. A page
        another file builds now is that file's: it leaves the old file's entry.
        """
        claimed = {iri for iris in self.pages.values() for iri in iris}
        stale: set[str] = set()
        for key, iris in self.pages.items():
            old = set(index.sources.get(key, ()))
            if key in self.incomplete:
                iris = iris | old  # the pages it lost this time stay until it reads clean
            else:
                stale |= old - iris - claimed
            index.sources[key] = sorted(iris)
        for key, iris in list(index.sources.items()):
            if key not in self.pages and claimed.intersection(iris):
                index.sources[key] = [i for i in iris if i not in claimed]
        return sorted(stale)
