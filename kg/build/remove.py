"""``kg remove``: take the pages of input files (or of files gone from disk) out of a built graph."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg import __version__, errors
from kg.atomic import hold_lock
from kg.build.outputs import write_outputs
from kg.build.report import BuildReport
from kg.build.sources import SourceIndex
from kg.graph.folder import BUILD_LOCK, HTML, REMOTE_STORE, STORE_DIR, TTL
from kg.graph.namespace import DEFAULT_BASE, Minter
from kg.graph.locate import open_graph
from kg.graph.store import Store
from kg.model import BuildInfo


@dataclass(frozen=True)
class Removal:
    """What ``kg remove`` took out: the input files and their pages."""

    sources: tuple[str, ...]
    pages: tuple[str, ...]
    quads: int  # the store's quads after the removal


def remove_sources(
    paths: Iterable[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str],
    prune_missing: bool = False,
    base: str = DEFAULT_BASE,
) -> Removal:
    """Take out of the graph under ``out`` every page the files under ``paths`` built.

    A folder names every file under it that a build read. The shared nodes only those
    pages named (persons, places, events, issues) go with them, as after a changed page,
    and ``graph.ttl`` and ``graph.html``, where the folder has them, are written again.

    Args:
        prune_missing: also take out the pages of every file that is gone from disk.

    Raises:
        GraphNotFoundError: ``out`` holds no built graph (KG303).
        OutputError: another build or removal holds the folder (KG200).
    """
    out_dir = Path(out)
    if not (out_dir / STORE_DIR).is_dir() and not (out_dir / REMOTE_STORE).is_file():
        raise errors.GraphNotFoundError("no built graph here (run kg build first)", source=str(out_dir))
    with hold_lock(out_dir / BUILD_LOCK, busy="a build is running into this folder"):
        index = SourceIndex.load(out_dir)
        sources = index.under(str(p) for p in paths)
        if prune_missing:
            sources = sorted({*sources, *index.missing()})
        pages = index.forget(sources)
        store = open_graph(out_dir, read_only=False)
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        try:
            if pages:
                removal = _drop(store, pages, base=base, now=now.isoformat())
                index.save()
                _rewrite_outputs(store, out_dir, now=now.isoformat(), removal=removal)
            quads = len(store)
        finally:
            store.close()
    return Removal(tuple(sources), tuple(pages), quads)


def _drop(store: Store, pages: list[str], *, base: str, now: str) -> str:
    """Drop the pages' graphs (their own and their articles'), record the removal, prune the shared graphs.

    Returns:
        The removal's activity id.
    """
    from kg.graph.prune import forget_pages, prune_shared
    from kg.graph.rdf import ENTITIES, EVENTS, ISSUES, PROVENANCE, Context, build_quads

    for page_iri in pages:
        store.replace_page(page_iri, b"")
    minter = Minter(base)
    forget_pages(store, pages=pages, provenance_graph=minter.graph(PROVENANCE))
    removal = BuildInfo(_removal_id(now, pages), now, now, __version__)
    store.add(build_quads(removal, context=Context(minter), retracted=pages))
    prune_shared(store, entities_graph=minter.graph(ENTITIES), events_graph=minter.graph(EVENTS),
                 issues_graph=minter.graph(ISSUES))
    store.settle()
    return removal.build_id


def _removal_id(now: str, pages: list[str]) -> str:
    """The removal's activity id: its time and what it took out, as a build's id is made."""
    digest = hashlib.sha1("\0".join(pages).encode("utf-8")).hexdigest()[:8]
    return f"{now.replace('-', '').replace(':', '').replace('+0000', 'Z')}-{digest}"


def _rewrite_outputs(store: Store, out_dir: Path, *, now: str, removal: str) -> None:
    """Write the folder's whole-graph files again, those it has: they would no longer match the store."""
    report = BuildReport(version=__version__, started=now, out=str(out_dir), ended=now, build=removal)
    write_outputs(store, out_dir, report, views=(out_dir / HTML).exists(), ttl=(out_dir / TTL).exists())
