"""What a build leaves beside its store: the whole-graph files, and word of a build that died.

``graph.ttl``, ``graph.html`` and ``report.json`` are one build's set: each is written
to a temporary file first, and only when all are complete are they switched into view
together (:func:`kg.atomic.replace_together`: a new generation folder, then one rename).
A reader, or a build killed at any point, sees the previous build's three files or the
new build's three, never a mix; and ``report.json`` names the build (``"build"``) whose
set it is.

A running build's marker (``.build-incomplete``) names it; the next build reads the
marker of one that died and marks its provenance as not finished.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kg.atomic import remove_stale_temporaries, replace_together, write_temporary
from kg.graph.folder import HTML, INCOMPLETE, OUTPUT_NAMES, REPORT, TTL
from kg.graph.namespace import PROV, RDF, XSD, Minter

if TYPE_CHECKING:
    from kg.build.report import BuildReport
    from kg.graph.store import Store


def write_outputs(
    store: Store, out_dir: Path, report: BuildReport, *, views: bool = True, ttl: bool = True
) -> None:
    """``graph.ttl``, ``graph.html`` and ``report.json`` of a build, switched into view together.

    The report is given the whole graph's counts first (:meth:`BuildReport.count_graph`).

    Args:
        views: write ``graph.html``; ttl: write ``graph.ttl``. Either is the whole graph,
            written again at each build: a daily build into a large store may leave them
            to ``kg export`` and ``kg view``. One not written is removed, since it would
            no longer match the store.

    Raises:
        OutputError: the folder cannot be written (the previous set stays in view).
    """
    # report.json's "graph" and "totals": the whole graph as the store holds it now, not
    # what this run added (it may have rebuilt one page of many, or none).
    report.count_graph(store)
    remove_stale_temporaries(out_dir, OUTPUT_NAMES)
    staged: dict[str, Path] = {}
    try:
        if ttl:
            staged[TTL] = write_temporary(out_dir / TTL, lambda fh: store.dump(fh, fmt="turtle"))
        if views:
            from kg.web.views import render_view

            staged[HTML] = write_temporary(out_dir / HTML, render_view(store).encode("utf-8"))
        data = json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
        staged[REPORT] = write_temporary(out_dir / REPORT, data)
        replace_together(out_dir, staged, names=OUTPUT_NAMES)
    finally:
        for tmp in staged.values():  # moved away when the switch is done; else not left behind
            tmp.unlink(missing_ok=True)


def dead_build(out_dir: Path) -> dict[str, str] | None:
    """What the marker of a build that did not finish says of it (``build``, ``started``); None: no marker.

    A build that died after its outputs were switched in did finish: its marker says nothing.
    """
    try:
        text = (out_dir / INCOMPLETE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    try:
        dead = json.loads(text) if text.strip() else {}
    except ValueError:  # a marker from before markers named their build
        dead = {}
    if not isinstance(dead, dict) or not dead.get("build"):
        return {}
    try:
        finished = json.loads((out_dir / REPORT).read_text(encoding="utf-8")).get("build")
    except (OSError, ValueError, AttributeError):
        finished = None
    return {} if dead["build"] == finished else {k: str(v) for k, v in dead.items()}


def mark_unfinished(store: Store, dead: dict[str, str], *, base: str) -> None:
    """The provenance of a build that died says it did not finish: its activity has no end time.

    Its activity loses ``prov:endedAtTime`` (stated if it died after storing it); if it
    died before, the activity its pages already name (``prov:wasGeneratedBy``) is stated,
    started and not ended. This build extracts those pages again.
    """
    from kg.graph.rdf import PROVENANCE

    if not dead.get("build") or not dead.get("started"):
        return
    minter = Minter(base)
    build, graph = minter.build(dead["build"]), minter.graph(PROVENANCE)
    started = json.dumps(dead["started"])  # a quoted literal, escaped
    store.update(
        f"DELETE WHERE {{ GRAPH <{graph}> {{ <{build}> <{PROV.endedAtTime}> ?end }} }} ;\n"
        f"INSERT {{ GRAPH <{graph}> {{ <{build}> <{RDF.type}> <{PROV.Activity}> ; "
        f"<{PROV.startedAtTime}> {started}^^<{XSD.dateTime}> }} }}\n"
        f"WHERE {{ FILTER NOT EXISTS {{ GRAPH <{graph}> {{ <{build}> <{RDF.type}> ?type }} }} "
        f"FILTER EXISTS {{ GRAPH ?made {{ ?page <{PROV.wasGeneratedBy}> <{build}> }} }} }}"
    )
