"""Word of a build that died: the marker it left read, its provenance marked as not finished.

A running build's marker (``.build-incomplete``) names it; :mod:`kg.build.outputs`
re-exports these functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kg.graph.folder import INCOMPLETE, REPORT
from kg.graph.namespace import PROV, RDF, XSD, Minter

if TYPE_CHECKING:
    from kg.graph.store import Store


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


__all__ = ["dead_build", "mark_unfinished"]
