"""The build report: what each input gave, what went wrong, and the totals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.model import InputProblem, Page, PageCounts, PageRecord, PageResult


@dataclass
class InputStatus:
    """What became of one input file."""

    source: str
    built: int = 0  # pages (re)built by this build
    unchanged: int = 0  # pages skipped: the store already holds them as they are
    items: Counter = field(default_factory=Counter)
    bylined: int = 0
    mentions: Counter = field(default_factory=Counter)
    events: int = 0
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return self.built + self.unchanged

    @property
    def status(self) -> str:
        """built / unchanged / partial (some problems) / failed (problems, no page)."""
        if self.problems:
            return "partial" if self.pages else "failed"
        return "unchanged" if self.unchanged and not self.built else "built"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "pages": self.pages,
            "items": sum(self.items.values()),
            "kinds": dict(sorted(self.items.items())),
            "bylined": self.bylined,
            "mentions": dict(sorted(self.mentions.items())),
            "events": self.events,
            "problems": [_problem_json(p) for p in self.problems],
        }


def count_page(result: PageResult) -> PageCounts:
    """What the report counts of a page: it runs in the worker, beside the extraction."""
    kinds: Counter = Counter()
    mentions: Counter = Counter()
    for item in result.articles:
        kinds[item.article.kind.value] += 1
        mentions.update(m.type.value for m in item.mentions)
    return PageCounts(
        items=tuple(sorted(kinds.items())),
        bylined=sum(bool(item.article.bylines) for item in result.articles),
        mentions=tuple(sorted(mentions.items())),
        events=sum(len(item.events) for item in result.articles),
    )


def _problem_json(problem: InputProblem) -> dict[str, Any]:
    out = {"source": problem.source, "code": problem.code, "message": problem.message}
    if problem.line is not None:
        out["line"] = problem.line
    return out


@dataclass
class BuildReport:
    """Accumulates the outcome of a build; :meth:`to_json` is ``report.json``."""

    version: str
    started: str
    out: str
    ended: str | None = None
    build: str | None = None  # the build's id: graph.ttl and graph.html beside this report are its own
    inputs: dict[str, InputStatus] = field(default_factory=dict)
    events: int = 0
    quads: int = 0

    def _input(self, source: str) -> InputStatus:
        if source not in self.inputs:
            self.inputs[source] = InputStatus(source)
        return self.inputs[source]

    def add_problem(self, problem: InputProblem) -> None:
        self._input(_owner(problem.source)).problems.append(problem)

    def add_unchanged(self, page: Page) -> None:
        self._input(page.meta.source).unchanged += 1

    def add_page(self, record: PageRecord, counts: PageCounts) -> None:
        entry = self._input(record.meta.source)
        entry.built += 1
        entry.items.update(dict(counts.items))
        entry.bylined += counts.bylined
        entry.mentions.update(dict(counts.mentions))
        entry.events += counts.events

    def finish(self, *, ended: str, events: int, quads: int) -> None:
        self.ended, self.events, self.quads = ended, events, quads

    @property
    def problems(self) -> list[InputProblem]:
        return [p for entry in self.inputs.values() for p in entry.problems]

    @property
    def built_anything(self) -> bool:
        """Some input gave pages, built now or unchanged since an earlier build."""
        return any(e.pages for e in self.inputs.values())

    def to_json(self) -> dict[str, Any]:
        kinds: Counter = Counter()
        mentions: Counter = Counter()
        for entry in self.inputs.values():
            kinds.update(entry.items)
            mentions.update(entry.mentions)
        statuses = Counter(e.status for e in self.inputs.values())
        return {
            "kg_version": self.version,
            "build": self.build,
            "started": self.started,
            "ended": self.ended,
            "out": self.out,
            "totals": {
                "inputs": len(self.inputs),
                "status": dict(sorted(statuses.items())),
                "items": sum(kinds.values()),
                "kinds": dict(sorted(kinds.items())),
                "mentions": dict(sorted(mentions.items())),
                "events": self.events,
                "quads": self.quads,
                "problems": len(self.problems),
            },
            "inputs": [e.to_json() for _, e in sorted(self.inputs.items())],
        }


def _owner(source: str) -> str:
    """A sidecar's problem belongs to its page."""
    return source[: -len(".json")] + ".txt" if source.endswith(".json") else source
