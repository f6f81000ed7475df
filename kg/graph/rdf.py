"""RDF: map kg's records onto schema.org, PROV-O and NIF quads.

Only this module (with :mod:`kg.graph.namespace`, and :mod:`kg.graph.event_rdf` for events)
mints IRIs. Every article's triples go to a named graph of their own (the article's IRI);
pages go to the page's graph; shared entities and events to ``graph/entities`` and
``graph/events``, issues and newspapers to ``graph/issues``; build activities to
``graph/provenance``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pyoxigraph import Literal, Quad

from kg.graph.statements import NQuadLines, QuadGraph, Statements, lit, named_node

from kg.model import (
    Article,
    ArticleKind,
    ArticleResult,
    BuildInfo,
    Created,
    Entity,
    EntityKey,
    EntityType,
    EventKey,
    PageGraph,
    PageRecord,
    PageResult,
    Quotation,
)
from kg.graph.namespace import (
    DEFAULT_BASE, KG, KIND_CLASSES, NIF, PROV, RDF, ROLE_TERMS, SCHEMA, XSD, Minter,
)

_KIND_CLASS = {
    ArticleKind.ARTICLE: (SCHEMA.NewsArticle,),
    ArticleKind.NOTICE: (SCHEMA.Article, KG.Notice),
    ArticleKind.ADVERTISEMENT: (SCHEMA.Article, KG.Advertisement),
    ArticleKind.CAPTION: (SCHEMA.Article, KG.PhotoNews),
}
_ENTITY_CLASS = {
    EntityType.PER: SCHEMA.Person,
    EntityType.ORG: SCHEMA.Organization,
    EntityType.LOC: SCHEMA.Place,
}
_DATE_TYPES = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}
_HOME_PROPERTIES = {"city": KG.homeCity, "province": KG.homeProvince, "county": KG.homeCounty}
# Shared named graphs (``graph/NAME``): what many pages state, written once a build.
ENTITIES, ISSUES, EVENTS, PROVENANCE = "entities", "issues", "events", "provenance"


def _date(value: str) -> Literal:
    """A date literal whose type keeps the precision: day, month or year."""
    return lit(value, _DATE_TYPES.get(len(value), XSD.date))


@dataclass(frozen=True)
class Context:
    """What the mapping needs besides the records: the IRI minter and the build."""

    minter: Minter = field(default_factory=lambda: Minter(DEFAULT_BASE))
    activity: str | None = None  # IRI of the build that generated the graphs

    def entity_iri(self, key: EntityKey) -> str:
        return _entity_iri(self.minter, key)

    def event_iri(self, key: EventKey) -> str:
        """A named event's IRI (event/雷火行动/2022), or a happening's: its key's name is type/place (event/fire/421003/2023-01-08)."""
        code, slash, place = key.name.partition("/")
        if slash:
            return self.minter.happening(code, place.split("/"), key.start)
        return self.minter.event(key.name, key.start)


@functools.lru_cache(maxsize=1 << 16)
def _entity_iri(minter: Minter, key: EntityKey) -> str:
    """An entity's IRI, kept: the same persons and places recur on every page, and minting one
    reads its name a character at a time (without the cache, the mapping took 6 % longer)."""
    if key.type is EntityType.PER:
        return minter.person(*key.path)
    if key.type is EntityType.ORG:
        return minter.organization(*key.path)
    return minter.place(*key.path)


# ------------------------------------------------------------------ articles


def article_quads(result: ArticleResult, *, context: Context) -> list[Quad]:
    """The named graph of one article: metadata, byline roles, mentions and quotations."""
    iri = context.minter.article(result.article.key)
    g = QuadGraph(named_node(iri))
    _article(g, iri, result, context)
    return g.quads


def _article(g: Statements, iri: str, result: ArticleResult, context: Context) -> None:
    article = result.article
    _article_core(g, iri, article, context)
    _created(g, iri, result.created, context)
    _bylines(g, iri, article, context)
    mentioned: set[str] = set()
    mention_iri = context.minter.mention
    for mention in result.mentions:
        if mention.entity is None:
            raise ValueError(f"an unresolved mention reached the graph: {mention.text!r} in {article.key}")
        entity = context.entity_iri(mention.entity)
        start, end = mention.start, mention.end
        g.mention(mention_iri(iri, start, end), start, end, mention.text, within=iri, source=mention.source, entity=entity)
        if entity not in mentioned:
            mentioned.add(entity)
            g.add(iri, SCHEMA.mentions, entity)
    for event in result.events:
        # A named event is found by its name, a happening by the word that reports it (火灾, 抓获).
        source = "event" if event.named else "trigger"
        start, end = event.start, event.end
        g.mention(mention_iri(iri, start, end), start, end, article.text[start:end], within=iri, source=source)
    _quotations(g, iri, result.quotes, context)
    if context.activity:
        g.add(iri, PROV.wasGeneratedBy, context.activity)


def _article_core(g: Statements, iri: str, article: Article, context: Context) -> None:
    meta = article.meta
    for cls in (*_KIND_CLASS[article.kind], NIF.Context):
        g.add(iri, RDF.type, cls)
    g.text(iri, SCHEMA.headline, article.headline)
    g.text(iri, KG.kicker, article.kicker)
    g.text(iri, KG.subheadline, article.subheadline)
    g.text(iri, KG.rubric, article.rubric)
    g.text(iri, SCHEMA.articleBody, article.text)
    if meta.date:
        g.add(iri, SCHEMA.datePublished, _date(meta.date))
    g.text(iri, SCHEMA.printPage, meta.page)
    g.text(iri, SCHEMA.url, meta.url)
    g.add(iri, SCHEMA.isPartOf, context.minter.issue(meta.paper, meta.date))
    g.add(iri, KG.page, context.minter.page(meta.paper, meta.date, meta.page_id))
    g.text(iri, KG.dateline, article.dateline.text if article.dateline else None)
    for caption in article.captions:
        g.text(iri, KG.photoCaption, caption)
    g.text(iri, KG.continuedFrom, article.continued_from)
    g.text(iri, KG.continuedTo, article.continued_to)


def _created(g: Statements, iri: str, created: Created | None, context: Context) -> None:
    """The dateline as data: where and when the story was written, and whose copy it is.

    The nodes themselves (types, names, codes) are stated in the entities graph by
    :func:`page_graph`; the reprinting paper stays the publisher, through the issue.
    """
    if created is None:
        return
    if created.place is not None:
        g.add(iri, SCHEMA.locationCreated, context.entity_iri(created.place.key))
    if created.date:
        g.add(iri, SCHEMA.dateCreated, lit(created.date, XSD.date))
    for source in created.sources:
        g.add(iri, SCHEMA.sourceOrganization, context.entity_iri(source.key))


def _quotations(g: Statements, iri: str, quotes: Iterable[Quotation], context: Context) -> None:
    """Who said what: each quotation is a schema:Quotation and the NIF span of its words.

    Its IRI is the span's (``{article}#char={start},{end}``), as a mention's; the speaker
    is ``schema:creator`` when the text names a person or an organization, and the phrase
    as printed is kept either way.
    """
    for quote in quotes:
        node = context.minter.mention(iri, quote.start, quote.end)
        g.span(node, quote.start, quote.end, quote.text, within=iri)
        g.add(node, RDF.type, SCHEMA.Quotation)
        g.add(node, RDF.type, NIF.String)
        g.add(node, SCHEMA.text, lit(quote.text))
        g.add(node, SCHEMA.isPartOf, iri)
        g.add(node, KG.speech, lit(quote.speech.value))
        g.text(node, KG.speakerDescription, quote.speaker)
        if quote.entity is not None:
            g.add(node, SCHEMA.creator, context.entity_iri(quote.entity))
            g.text(node, KG.speakerRole, quote.role)


def _bylines(g: Statements, iri: str, article: Article, context: Context) -> None:
    for index, byline in enumerate(article.bylines):
        # The person's type and name live in the shared entities graph only: repeated in
        # every article graph, they multiplied the joins of a union-graph query.
        person = context.minter.person(byline.name)
        g.add(iri, SCHEMA.author if byline.role.is_author else SCHEMA.contributor, person)
        credit = f"{iri}#byline-{index + 1}"
        g.add(iri, PROV.qualifiedAttribution, credit)
        g.add(credit, RDF.type, PROV.Attribution)
        g.add(credit, PROV.agent, person)
        g.add(credit, PROV.hadRole, ROLE_TERMS[byline.role])
        g.text(credit, KG.printedRole, byline.label)
        g.text(credit, KG.post, byline.post)


# ------------------------------------------------------------------ pages and entities


def page_quads(record: PageRecord, *, context: Context) -> list[Quad]:
    """The page's own graph: source file, content hash, issue and newspaper."""
    meta = record.meta
    g = QuadGraph(named_node(context.minter.page(meta.paper, meta.date, meta.page_id)))
    issues, entities = QuadGraph(named_node(context.minter.graph(ISSUES))), QuadGraph(named_node(context.minter.graph(ENTITIES)))
    _page(g, issues, entities, record, context)
    return g.quads + issues.quads + entities.quads


def _page(g: Statements, issues: Statements, entities: Statements, record: PageRecord, context: Context) -> None:
    meta = record.meta
    iri = context.minter.page(meta.paper, meta.date, meta.page_id)
    g.add(iri, RDF.type, KG.Page)
    g.text(iri, KG.sourceFile, meta.source)
    g.text(iri, KG.contentHash, record.content_hash)
    g.text(iri, SCHEMA.printPage, meta.page)
    issue = context.minter.issue(meta.paper, meta.date)
    g.add(iri, SCHEMA.isPartOf, issue)
    if context.activity:
        g.add(iri, PROV.wasGeneratedBy, context.activity)
    # The issue and the paper are shared by the pages of an issue: stated once, in
    # graph/issues, not again in each page's graph.
    issues.add(issue, RDF.type, SCHEMA.PublicationIssue)
    if meta.date:
        issues.add(issue, SCHEMA.datePublished, _date(meta.date))
    if meta.paper:
        paper = context.minter.newspaper(meta.paper)
        issues.add(issue, SCHEMA.isPartOf, paper)
        issues.add(paper, RDF.type, SCHEMA.Newspaper)
        issues.text(paper, SCHEMA.name, meta.paper)
        for role, place in record.homes:
            issues.add(paper, _HOME_PROPERTIES[role], context.entity_iri(place.key))
        _entities(entities, (place for _role, place in record.homes), context)


def page_graph(result: PageResult, entities: Iterable[Entity], *, context: Context) -> PageGraph:
    """A page's whole part of the graph (page, articles, their entities) as N-Quads.

    Workers call it, so the main process only hands bytes to the store. The lines of
    shared graphs come apart: the build writes each of them once, however many pages
    state it.
    """
    minter, meta = context.minter, result.record.meta
    own = NQuadLines(named_node(minter.page(meta.paper, meta.date, meta.page_id)))
    issues, shared = NQuadLines(named_node(minter.graph(ISSUES))), NQuadLines(named_node(minter.graph(ENTITIES)))
    _page(own, issues, shared, result.record, context)
    lines = own.lines
    for item in result.articles:
        iri = minter.article(item.article.key)
        g = NQuadLines(named_node(iri))
        _article(g, iri, item, context)
        lines += g.lines
    _entities(shared, entities, context)
    # A dateline's place and source are nodes whether or not the text names them too;
    # where it does, both state the same facts of one node, and the lines are kept once.
    _entities(shared, (e for item in result.articles if item.created for e in item.created.entities), context)
    kept = dict.fromkeys(line.encode() for line in issues.lines + shared.lines)  # the paper's home places come twice
    return PageGraph("".join(lines).encode(), tuple(kept))


def entity_quads(entities: Iterable[Entity], *, context: Context) -> list[Quad]:
    """Shared entity nodes, each with its base class stated explicitly and its finer kind's class."""
    g = QuadGraph(named_node(context.minter.graph(ENTITIES)))
    _entities(g, entities, context)
    return g.quads


def _entities(g: Statements, entities: Iterable[Entity], context: Context) -> None:
    for entity in entities:
        iri = context.entity_iri(entity.key)
        g.add(iri, RDF.type, _ENTITY_CLASS[entity.type])
        if entity.kind is not None and entity.kind.base is entity.type:  # schema:Hospital besides schema:Organization
            g.add(iri, RDF.type, KIND_CLASSES[entity.kind])
        g.text(iri, SCHEMA.name, entity.name)
        for alias in entity.aliases:
            g.text(iri, SCHEMA.alternateName, alias)
        g.text(iri, SCHEMA.identifier, entity.code)
        if entity.parent:
            g.add(iri, SCHEMA.containedInPlace, context.entity_iri(entity.parent))
        for title in entity.job_titles:
            g.text(iri, SCHEMA.jobTitle, title)
        for org in entity.works_for:
            g.add(iri, SCHEMA.worksFor, context.entity_iri(org))
        if entity.located_in:
            g.add(iri, SCHEMA.location, context.entity_iri(entity.located_in))


def build_quads(
    build: BuildInfo, *, context: Context, pages: Mapping[str, str] | None = None, retracted: Iterable[str] = ()
) -> list[Quad]:
    """The PROV-O activity of one build, with the software version and its inputs.

    Args:
        pages: page IRI → source file of the pages this build (re)generated.
        retracted: the pages it took out (``prov:invalidated``): their files no longer give them.
    """
    g = QuadGraph(named_node(context.minter.graph(PROVENANCE)))
    iri = context.minter.build(build.build_id)
    agent = context.minter.software(build.version)
    g.add(iri, RDF.type, PROV.Activity)
    g.add(iri, PROV.startedAtTime, lit(build.started, XSD.dateTime))
    g.add(iri, PROV.endedAtTime, lit(build.ended, XSD.dateTime))
    g.add(iri, PROV.wasAssociatedWith, agent)
    g.add(agent, RDF.type, PROV.SoftwareAgent)
    g.text(agent, SCHEMA.name, "kg")
    g.text(agent, SCHEMA.softwareVersion, build.version)
    for page in sorted(pages or {}):
        g.add(iri, PROV.used, page)
    for page in sorted(retracted):
        g.add(iri, PROV.invalidated, page)
    return g.quads
