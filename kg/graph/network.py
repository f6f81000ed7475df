"""Read a built graph out of the store with SPARQL into a networkx graph.

The corpus graph has one node per article, person, organization, place and event
(keyed by IRI) and an edge wherever the RDF links two of them: an article mentions an
entity, a person wrote or contributed to an article, or an entity relation
(schema:location, organizer, attendee, worksFor, containedInPlace). Every view is a
projection or subgraph of it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from kg.graph.namespace import KG, SCHEMA
from kg.lang.chars import SENTENCE_ENDS

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

ARTICLE, REPORTER, PERSON, ORGANIZATION, PLACE, EVENT = (
    "article",
    "reporter",
    "person",
    "organization",
    "place",
    "event",
)
NODE_TYPES = (ARTICLE, REPORTER, PERSON, ORGANIZATION, PLACE, EVENT)
ENTITY_TYPES = NODE_TYPES[1:]
_CLASS_TYPE = {
    SCHEMA.Person: PERSON,
    SCHEMA.Organization: ORGANIZATION,
    SCHEMA.Place: PLACE,
    SCHEMA.Event: EVENT,
}
# The kg class of an item or event says more than its schema.org base class.
SUBCLASS_LABELS = {
    KG.Notice: "公告",
    KG.Advertisement: "广告",
    KG.PhotoNews: "图片新闻",
    KG.Meeting: "会议",
    KG.Campaign: "行动",
    KG.PublicActivity: "活动",
    KG.Selection: "评选",
    KG.Recruitment: "招生考试",
    KG.Holiday: "节假日",
}
SNIPPET_CHARS = 36  # of context on each side of a mention, at most
LEAD_CHARS = 90  # of an article's body, shown with the article
_SENTENCE_ENDS = SENTENCE_ENDS + "\n"
_SPACES = re.compile(r"\s+")  # tables put tabs and line breaks inside a "sentence"

_Q_ARTICLES = """
SELECT ?a (SAMPLE(?h) AS ?headline) (MIN(STR(?d)) AS ?date) (SAMPLE(?sub) AS ?kind) WHERE {
  VALUES ?cls { schema:NewsArticle schema:Article } ?a a ?cls .
  OPTIONAL { ?a schema:headline ?h }
  OPTIONAL { ?a schema:datePublished ?d }
  OPTIONAL { VALUES ?sub { kg:Notice kg:Advertisement kg:PhotoNews } ?a a ?sub }
} GROUP BY ?a"""
_Q_BODIES = "SELECT ?a ?body WHERE { ?a schema:articleBody ?body }"
_Q_ENTITIES = """
SELECT ?e ?cls (MIN(STR(?n)) AS ?name) (MIN(STR(?s)) AS ?start) (SAMPLE(?sub) AS ?kind) WHERE {
  VALUES ?cls { schema:Person schema:Organization schema:Place schema:Event } ?e a ?cls .
  OPTIONAL { ?e schema:name ?n }
  OPTIONAL { ?e schema:startDate ?s }
  OPTIONAL { VALUES ?sub { kg:Meeting kg:Campaign kg:PublicActivity kg:Selection
                           kg:Recruitment kg:Holiday } ?e a ?sub }
} GROUP BY ?e ?cls"""
_Q_ALIASES = "SELECT DISTINCT ?e ?alias WHERE { ?e schema:alternateName ?alias }"
_Q_LINKS = "SELECT DISTINCT ?a ?e WHERE { ?a schema:mentions ?e }"
# Per article and entity: the number of mentions and the first one's span. An article's
# mentions do not overlap, so the least begin and the least end are the same mention's.
# A mention lives in its article's graph: looked up there, not in the union (a fifth faster).
_Q_MENTIONS = """
SELECT ?a ?e (COUNT(DISTINCT ?m) AS ?n) (MIN(?begin) AS ?first) (MIN(?end) AS ?firstEnd) WHERE {
  GRAPH ?a { ?m kg:denotes ?e ; nif:referenceContext ?a ; nif:beginIndex ?begin ; nif:endIndex ?end }
} GROUP BY ?a ?e"""
_Q_BYLINES = """
SELECT ?a ?p ?rel (SAMPLE(?printed) AS ?label) WHERE {
  VALUES ?rel { schema:author schema:contributor } ?a ?rel ?p .
  OPTIONAL { ?a prov:qualifiedAttribution ?c . ?c prov:agent ?p ; kg:printedRole ?printed }
} GROUP BY ?a ?p ?rel"""
# What each person or body said: a quotation lives in its article's graph.
_Q_QUOTES = """
SELECT ?who ?a ?begin ?speech ?text ?as WHERE {
  GRAPH ?a { ?q schema:creator ?who ; schema:text ?text ; kg:speech ?speech ; nif:beginIndex ?begin .
             OPTIONAL { ?q kg:speakerDescription ?as } }
}"""
_Q_RELATIONS = """
SELECT DISTINCT ?s ?rel ?o WHERE {
  VALUES ?rel { schema:location schema:organizer schema:attendee schema:worksFor
                schema:containedInPlace }
  ?s ?rel ?o
}"""


@dataclass(frozen=True)
class Quote:
    """One thing a person or body said, as the side panel and ``kg stats`` show it."""

    article: str
    speech: str  # direct / reported
    text: str
    speaker: str  # the speaker as printed ('' when not printed)
    begin: int


@dataclass
class Corpus:
    """Everything the views need, read once from the store.

    Attributes:
        graph: the corpus graph; node attributes ``type``, ``label``, ``aliases``,
            ``mentions``, ``date`` (articles), ``start`` (events), ``kind``; edge
            attributes ``rels`` (set of relation names) and ``weight``.
        articles: node → the articles it appears in (an article: itself), by date.
        snippets: (node, article) → (before, mention, after): an article's lead, or a
            reporter's byline; see :meth:`snippet`.
        spans: (entity, article) → the offsets of its first mention in ``bodies``.
        bodies: article → its text.
        bylines: article → [(person, role as printed)].
        quotes: person or organization → what they said, by date: ``Quote`` records.
    """

    graph: nx.Graph = field(default_factory=nx.Graph)
    articles: dict[str, list[str]] = field(default_factory=dict)
    snippets: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    spans: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    bylines: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)

    def snippet(self, node: str, article: str) -> tuple[str, str, str] | None:
        """How ``node`` appears in ``article``: its first mention's sentence, or a lead or byline.

        Sentences are cut when asked for: a view shows a few of the corpus's (on
        1.4 M quads, cutting all 95,000 beforehand took 2.2 s).
        """
        span = self.spans.get((node, article))
        body = self.bodies.get(article, "")
        if span is not None and 0 <= span[0] < span[1] <= len(body):
            return sentence_around(body, *span)
        return self.snippets.get((node, article))

    def of_type(self, *types: str) -> list[str]:
        """The nodes of the given types, in a stable order."""
        return sorted(n for n, t in self.graph.nodes(data="type") if t in types)

    def mention_links(self) -> Iterator[tuple[str, str]]:
        """(article, entity) for every schema:mentions link."""
        for u, v, rels in self.graph.edges(data="rels"):
            if "mentions" in rels:
                yield (u, v) if self.graph.nodes[u]["type"] == ARTICLE else (v, u)


def load_corpus(store: GraphStore) -> Corpus:
    """Read articles, entities, events, mentions and bylines from ``store``."""
    corpus = Corpus()
    _add_articles(corpus, store)
    _add_entities(corpus, store)
    corpus.bodies.update((row[0].value, row[1].value) for row in store.query(_Q_BODIES))
    _add_mentions(corpus, store)
    _add_bylines(corpus, store)
    _add_relations(corpus, store)
    _add_quotes(corpus, store)
    _index_articles(corpus)
    return corpus


def _add_articles(corpus: Corpus, store: GraphStore) -> None:
    # An article without headline is labelled with its lead once the bodies are read.
    for iri, headline, date, kind in _rows(store, _Q_ARTICLES):
        corpus.graph.add_node(
            iri,
            type=ARTICLE,
            label=headline or "",
            headline=headline or "",
            date=date or "",
            kind=SUBCLASS_LABELS.get(kind or "", "文章"),
            aliases=(),
            mentions=0,
        )


def _add_entities(corpus: Corpus, store: GraphStore) -> None:
    aliases: dict[str, list[str]] = defaultdict(list)
    for iri, alias in _rows(store, _Q_ALIASES):
        aliases[iri].append(alias)
    for iri, cls, name, start, kind in _rows(store, _Q_ENTITIES):
        if iri in corpus.graph:
            continue  # typed with two of the classes: the first row wins
        node_type = _CLASS_TYPE[cls]
        label = name or _last_segment(iri)
        corpus.graph.add_node(
            iri,
            type=node_type,
            label=label,
            aliases=tuple(sorted(set(aliases[iri]) - {label})),
            mentions=0,
            start=start or "",
            kind=SUBCLASS_LABELS.get(kind or "", ""),
        )


def _add_mentions(corpus: Corpus, store: GraphStore) -> None:
    g = corpus.graph
    for article, entity in _rows(store, _Q_LINKS):
        if article in g and entity in g:
            _link(g, article, entity, "mentions")
    for article, entity, count, begin, end in _rows(store, _Q_MENTIONS):
        if article not in g or entity not in g:
            continue
        g.nodes[entity]["mentions"] += int(count)
        g.nodes[article]["mentions"] += int(count)
        corpus.spans[(entity, article)] = (int(begin), int(end))
    for article, body in corpus.bodies.items():
        if article in g:
            lead = _SPACES.sub(" ", body[: LEAD_CHARS + 1]).strip()
            corpus.snippets[(article, article)] = ("", "", lead[:LEAD_CHARS] + ("…" if len(lead) > LEAD_CHARS else ""))
            if not g.nodes[article]["label"]:
                g.nodes[article]["label"] = f"（无标题）{lead[:12]}"


def _add_bylines(corpus: Corpus, store: GraphStore) -> None:
    g = corpus.graph
    for article, person, rel, label in _rows(store, _Q_BYLINES):
        if article not in g or person not in g:
            continue
        g.nodes[person]["type"] = REPORTER
        g.nodes[person]["mentions"] += 1
        _link(g, article, person, rel.rsplit("/", 1)[-1])
        corpus.bylines.setdefault(article, []).append((person, label or ""))
        # A byline is how a reporter appears in an article, unless the text names them.
        corpus.snippets.setdefault(
            (person, article), ("署名：", f"{label or ''} {g.nodes[person]['label']}".strip(), "")
        )


def _add_relations(corpus: Corpus, store: GraphStore) -> None:
    g = corpus.graph
    for subject, rel, obj in _rows(store, _Q_RELATIONS):
        if subject in g and obj in g and subject != obj:
            _link(g, subject, obj, rel.rsplit("/", 1)[-1])


def _add_quotes(corpus: Corpus, store: GraphStore) -> None:
    g = corpus.graph
    for who, article, begin, speech, text, speaker in _rows(store, _Q_QUOTES):
        if who in g and article in g:
            corpus.quotes.setdefault(who, []).append(Quote(article, speech, text, speaker or "", int(begin)))
    for said in corpus.quotes.values():
        said.sort(key=lambda q: (g.nodes[q.article]["date"], q.article, q.begin))


def _index_articles(corpus: Corpus) -> None:
    g = corpus.graph
    found: dict[str, set[str]] = defaultdict(set)
    for u, v in g.edges():
        for a, b in ((u, v), (v, u)):
            if g.nodes[a]["type"] == ARTICLE and g.nodes[b]["type"] != ARTICLE:
                found[b].add(a)
    for node, kind in g.nodes(data="type"):
        items = {node} if kind == ARTICLE else found.get(node, set())
        corpus.articles[node] = sorted(items, key=lambda a: (g.nodes[a]["date"], a))


def _link(g: nx.Graph, u: str, v: str, rel: str) -> None:
    if g.has_edge(u, v):
        g.edges[u, v]["rels"].add(rel)
    else:
        g.add_edge(u, v, rels={rel}, weight=1)


def sentence_around(text: str, begin: int, end: int, *, width: int = SNIPPET_CHARS) -> tuple[str, str, str]:
    """The sentence holding ``text[begin:end]``, cut to ``width`` characters each side.

    Returns:
        (before, mention, after); a cut side starts or ends with "…".
    """
    start = max(text.rfind(ch, 0, begin) for ch in _SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(ch, end) for ch in _SENTENCE_ENDS) if i >= 0]
    stop = min(ends) + 1 if ends else len(text)
    before = _SPACES.sub(" ", text[start:begin]).lstrip()
    after = _SPACES.sub(" ", text[end:stop]).rstrip()
    if len(before) > width:
        before = "…" + before[-width:]
    if len(after) > width:
        after = after[:width] + "…"
    return before, _SPACES.sub(" ", text[begin:end]), after


def induced(graph: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """A copy of the subgraph on ``nodes``, in an order that does not depend on the hash seed.

    networkx's own ``subgraph`` iterates the node set it is given when that is the
    smaller, and a set of strings changes order with Python's hash seed: a view, its
    layout above all, would then differ from run to run. Most of a graph keeps the
    graph's order; a small part is sorted, so that it costs its size, not the graph's.
    """
    keep = set(nodes)
    order = [n for n in graph if n in keep] if 2 * len(keep) >= len(graph) else sorted(keep)
    sub = nx.Graph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in order)
    done: set[str] = set()
    for u in order:
        sub.add_edges_from((u, v, data) for v, data in graph.adj[u].items() if v in keep and v not in done)
        done.add(u)
    return sub


def _rows(store: GraphStore, sparql: str) -> Iterator[list[str | None]]:
    for solution in store.query(sparql):
        yield [term.value if term is not None else None for term in solution]


def _last_segment(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])
