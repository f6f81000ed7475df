"""One page's part of a build, as a worker makes it (:class:`PageExtractor`): entities, RDF, counts and event records.

Also :func:`page_store`, the same page's graph in memory (behind :meth:`kg.Extraction.to_turtle`).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from kg import errors
from kg.build.report import count_page
from kg.extract.page import extract_pages
from kg.extract.resolve import resolve_entities
from kg.graph.namespace import DEFAULT_BASE, Minter
from kg.graph.store import GraphStore
from kg.model import (
    Article, ArticleResult, Byline, Event, EventMention, EventRecord, InputProblem, Mention, Page, PageOutput, PageResult,
    StoredEvent,
)

if TYPE_CHECKING:
    from pyoxigraph import Quad

    from kg.graph.rdf import Context


@dataclasses.dataclass(frozen=True)
class PageExtractor:
    """A page's part of a build, as a picklable callable: worker processes and Dask run it."""

    use_tagger: bool
    base: str = DEFAULT_BASE
    build_id: str = ""
    workdir: str | None = None  # the build's working folder, which kg:sourceFile is relative to

    def __call__(self, page: Page) -> PageOutput | InputProblem:
        return self.many([page])[0]

    def many(self, pages: list[Page]) -> list[PageOutput | InputProblem]:
        """Each page's output or problem, the pages' articles tagged together (:func:`extract_pages`)."""
        return [self._output(page, result) for page, result in zip(pages, extract_pages(pages, use_tagger=self.use_tagger))]

    def _output(self, page: Page, result: PageResult | Exception) -> PageOutput | InputProblem:
        if not isinstance(result, Exception):
            try:
                return page_output(result, context=build_context(self.base, self.build_id), workdir=self.workdir)
            except Exception as exc:  # noqa: BLE001 - one page's failure must not cost the others
                result = exc
        return InputProblem(page.meta.source, errors.ExtractionError.code,
                            f"extraction failed: {type(result).__name__}: {result}", page.line if page.line > 1 else None)


def page_output(result: PageResult, *, context: Context, workdir: str | None = None) -> PageOutput:
    """The page's entities and RDF, its counts and its event records: what the build keeps.

    Args:
        workdir: publish the page's source file (``kg:sourceFile``) relative to this folder,
            or as its name alone; None: as given.
    """
    from kg.graph.rdf import page_graph

    mentions: list[Mention] = []
    bylines: list[Byline] = []
    for item in result.articles:
        mentions.extend(item.mentions)
        bylines.extend(item.article.bylines)
    entities = resolve_entities(mentions, bylines=bylines)
    events = tuple(compact_event_record(item) for item in result.articles if item.events)
    graph = page_graph(_published(result, workdir) if workdir else result, entities, context=context)
    return PageOutput(result.record, count_page(result), graph, events)


def _published(result: PageResult, workdir: str) -> PageResult:
    """The result with its source file as the graph publishes it: no absolute path, unless asked for.

    The path relative to the build's working folder, or the file's name where the file
    lies outside it: every endpoint client reads ``kg:sourceFile``.
    """
    meta = result.record.meta
    path = os.path.normpath(os.path.join(workdir, meta.source))
    try:
        relative = os.path.relpath(path, workdir)
    except ValueError:  # another drive
        relative = os.pardir
    outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)
    meta = dataclasses.replace(meta, source=os.path.basename(path) if outside else relative)
    return dataclasses.replace(result, record=dataclasses.replace(result.record, meta=meta))


@functools.lru_cache(maxsize=4)
def build_context(base: str, build_id: str) -> Context:
    """The mapping's context for a build: its IRI minter and its activity (cached per worker)."""
    from kg.graph.rdf import Context

    minter = Minter(base)
    return Context(minter, minter.build(build_id))


def resolved_event_quads(
    records: list[EventRecord], *, context: Context, stored: Sequence[StoredEvent] = ()
) -> tuple[tuple[Event, ...], list[Quad], list[Quad]]:
    """Resolve events over ``records``: the events, their nodes' quads, and those plus the links.

    The links are the articles' mentions of events and their ``schema:about`` (main event).

    Args:
        stored: the named events earlier builds stored that these records may report again.
    """
    from kg.extract.event_resolution import resolve_events
    from kg.graph.event_rdf import about_quads, event_link_quads, event_quads

    events, links = resolve_events(records, stored=stored)
    stated = event_quads(events, context=context)
    linked = event_link_quads(((a, s, e, k) for (a, s, e), k in links.items()), context=context)
    return events, stated, [*stated, *linked, *about_quads(events, context=context)]


def earlier_events(
    store: GraphStore, records: list[EventRecord], *, context: Context, before: Callable[[], None]
) -> list[StoredEvent]:
    """The named events earlier builds stored under the names these records report: their mentions join them.

    Args:
        before: called before the store is read (the build's writer drained: the store is its until then).
    """
    names = {em.name for _, _, ems in records for em in ems if em.named}
    if not names:
        return []
    from kg.graph.event_rdf import stored_events

    before()
    return stored_events(store, names, context=context)


def forget_joined(
    store: GraphStore, events: Sequence[Event], stored: Sequence[StoredEvent], stated: Sequence[Quad], *, context: Context
) -> None:
    """Keep only the dates this build stated, widened, of the earlier builds' events its reports joined."""
    joined = {event.key for event in events} & {event.key for event in stored}
    if joined:
        from kg.graph.event_rdf import forget_old_dates

        forget_old_dates(store, stated, joined, context=context)


def page_store(result: PageResult, *, base: str = DEFAULT_BASE) -> GraphStore:
    """One page's graph in an in-memory store: what a build into an empty folder stores of it.

    No build ran, so no provenance is stated (no ``prov:wasGeneratedBy``).
    """
    from kg.graph.rdf import Context

    context = Context(Minter(base))
    output = page_output(result, context=context)
    meta = result.record.meta
    store = GraphStore.open(None)
    articles = [context.minter.article(key) for key in result.record.articles]
    page_iri = context.minter.page(meta.paper, meta.date, meta.page_id)
    store.replace_page(page_iri, output.graph.own + b"".join(output.graph.shared), graphs=articles)
    store.add(dict.fromkeys(resolved_event_quads(list(output.events), context=context)[2]))
    return store


def compact_event_record(item: ArticleResult) -> EventRecord:
    """What :func:`kg.extract.event_resolution.resolve_events` needs of an article, and no more.

    The main process keeps one such record per article with events until the end of
    the build, so it holds only the article's key and metadata (its issue date dates an
    undated happening), the mentions its events point at (renumbered; often none of the
    article's dozens) and the events, with their kind (named or not), main flag and
    figures; the text, tables and headings are dropped.
    """
    used = sorted({i for em in item.events for i in _mention_refs(em) if 0 <= i < len(item.mentions)})
    index = {old: new for new, old in enumerate(used)}
    events = tuple(
        dataclasses.replace(
            em,
            place=index.get(em.place) if em.place is not None else None,
            organizers=tuple(index[i] for i in em.organizers if i in index),
            participants=tuple((index[i], role) for i, role in em.participants if i in index),
        )
        for em in item.events
    )
    article = item.article
    light = Article(article.key, article.meta, article.kind, None, "")
    return light, tuple(item.mentions[i] for i in used), events


def _mention_refs(em: EventMention) -> Iterator[int]:
    if em.place is not None:
        yield em.place
    yield from em.organizers
    yield from (i for i, _role in em.participants)
