"""The whole-graph files of a build: ``graph.ttl``, ``graph.html`` and ``report.json``.

Each is written atomically (:mod:`kg.atomic`): a reader, or a build killed half-way,
sees the old file or the new one, never a part of either.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kg.atomic import remove_stale_temporaries, write_atomic
from kg.graph.folder import HTML, OUTPUT_NAMES, REPORT, TTL

if TYPE_CHECKING:
    from kg.build.report import BuildReport
    from kg.graph.store import Store

def write_outputs(
    store: Store, out_dir: Path, report: BuildReport, *, views: bool = True, ttl: bool = True
) -> None:
    """``graph.ttl``, ``graph.html`` and ``report.json`` of a build.

    Args:
        views: write ``graph.html``; ttl: write ``graph.ttl``. Either is the whole graph,
            written again at each build: a daily build into a large store may leave them
            to ``kg export`` and ``kg view``. One not written is removed, since it would
            no longer match the store.
    """
    remove_stale_temporaries(out_dir, OUTPUT_NAMES)
    if ttl:
        write_atomic(out_dir / TTL, lambda fh: store.dump(fh, fmt="turtle"))
    else:
        (out_dir / TTL).unlink(missing_ok=True)
    if views:
        from kg.web.views import render_view

        write_atomic(out_dir / HTML, render_view(store).encode("utf-8"))
    else:
        (out_dir / HTML).unlink(missing_ok=True)
    write_atomic(out_dir / REPORT, json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode("utf-8"))
