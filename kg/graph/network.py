"""Read a built graph out of the store with SPARQL into a networkx graph.

The corpus graph has one node per article, person, organization, place and event
(keyed by IRI) and an edge wherever the RDF links two of them: an article mentions an
entity, a person wrote or contributed to an article, or an entity relation
(schema:location, organizer, attendee, worksFor, containedInPlace). Every view is a
projection or subgraph of it.

A person credited in a byline is a node of their byline role (``prov:hadRole``), never
mixed with another: a reporter (记者), a correspondent (通讯员), an intern (实习生), a
photographer (摄影), a writer (撰文) or an editor (编辑). One credited in several roles
takes the role of most credits (the first of :class:`kg.model.Role` on a tie) and keeps
the others in ``roles``.

An event node carries its type (``event_type``: the code of its most specific class),
its family and its type's Chinese label (``kind``), and its dates at their precision
(``start``, ``end``: 2023, 2023-01 or 2023-01-07). An organization or a place carries its
finer kind (``entity_kind``: the value of :class:`kg.entity_kinds.EntityKind`, schema:Hospital,
kg:Road …) and that kind's Chinese name (``kind``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from kg.entity_kinds import EntityKind
from kg.event_types import EventType
from kg.graph.event_classes import classify, type_label
from kg.graph.namespace import KG, KIND_CLASSES, ROLE_TERMS, SCHEMA
from kg.lang.chars import SENTENCE_ENDS
from kg.model import EntityType, Role

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

ARTICLE, PERSON, ORGANIZATION, PLACE, EVENT = "article", "person", "organization", "place", "event"
# The byline roles of kg.model.Role, one node type each: reporter, correspondent, intern …
BYLINE_TYPES = tuple(role.value for role in Role)
REPORTER, CORRESPONDENT = Role.REPORTER.value, Role.CORRESPONDENT.value
NODE_TYPES = (ARTICLE, *BYLINE_TYPES, PERSON, ORGANIZATION, PLACE, EVENT)
ENTITY_TYPES = NODE_TYPES[1:]
# What stats and views call each type. A byline role's name is its rdfs:label@zh in
# ontology/kg.ttl (a test keeps them equal).
TYPE_LABELS = {
    ARTICLE: "文章",
    REPORTER: "记者",
    CORRESPONDENT: "通讯员",
    Role.INTERN.value: "实习生",
    Role.PHOTOGRAPHER.value: "摄影",
    Role.WRITER.value: "撰文",
    Role.EDITOR.value: "编辑",
    PERSON: "人物",
    ORGANIZATION: "机构",
    PLACE: "地点",
    EVENT: "事件",
}
_ROLE_OF = {iri: role for role, iri in ROLE_TERMS.items()}
_CLASS_TYPE = {
    SCHEMA.Person: PERSON,
    SCHEMA.Organization: ORGANIZATION,
    SCHEMA.Place: PLACE,
    SCHEMA.Event: EVENT,
}
# The kg class of an item says more than its schema.org base class (an event's, its
# type: kg.graph.event_classes).
SUBCLASS_LABELS = {
    KG.Notice: "公告",
    KG.Advertisement: "广告",
    KG.PhotoNews: "图片新闻",
}
_TYPED = set(EventType) - {EventType.EVENT}  # the catch-all has no label of its own
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
# An entity's names and dates are read apart and taken here (the least name and start, the
# greatest end), not joined to each entity in the query: 0.29 s, not 0.45 s, at 3,000
# articles. GROUP BY gives its rows in the order of Oxigraph's hash table, which the same
# keys arriving in the same order fill alike: the rows of the joined query, in its order
# (the corpus graph's node order, which the views follow).
_Q_ENTITIES = """
SELECT ?e ?cls WHERE {
  VALUES ?cls { schema:Person schema:Organization schema:Place schema:Event } ?e a ?cls .
} GROUP BY ?e ?cls"""
_Q_NAMES = "SELECT ?e ?v WHERE { ?e schema:name ?v }"
_Q_STARTS = "SELECT ?e ?v WHERE { ?e schema:startDate ?v }"
_Q_ENDS = "SELECT ?e ?v WHERE { ?e schema:endDate ?v }"
# An event's kg classes: its type, every type above it and its family.
_Q_EVENT_CLASSES = "SELECT ?e ?c WHERE { ?e a schema:Event , ?c . FILTER (STRSTARTS(STR(?c), STR(kg:))) }"
# The finer kinds stated: a lookup by class each, full IRIs so no prefix is needed on any store.
_KIND_IRIS = " ".join(f"<{c}>" for c in KIND_CLASSES.values())
_Q_KINDS = f"SELECT DISTINCT ?e ?c WHERE {{ VALUES ?c {{ {_KIND_IRIS} }} ?e a ?c }}"
_KIND_OF = {iri: kind for kind, iri in KIND_CLASSES.items()}
_KIND_ORDER = {kind: i for i, kind in enumerate(EntityKind)}
# The node type of each base type a kind refines.
KIND_NODE_TYPES = {EntityType.ORG: ORGANIZATION, EntityType.LOC: PLACE}
_Q_ALIASES = "SELECT DISTINCT ?e ?alias WHERE { ?e schema:alternateName ?alias }"
# A link stated twice (in two graphs) links once: DISTINCT would cost a sixth of the query.
_Q_LINKS = "SELECT ?a ?e WHERE { ?a schema:mentions ?e }"
# Per article and entity: the number of mentions and the first one's span. An article's
# mentions do not overlap, so the least begin and the least end are the same mention's.
# A mention lives in its article's graph: looked up there, not in the union (a fifth faster),
# by its context first (0.74 s, not 0.80 s, at 3,000 articles).
_Q_MENTIONS = """
SELECT ?a ?e (COUNT(DISTINCT ?m) AS ?n) (MIN(?begin) AS ?first) (MIN(?end) AS ?firstEnd) WHERE {
  GRAPH ?a { ?m nif:referenceContext ?a ; kg:denotes ?e ; nif:beginIndex ?begin ; nif:endIndex ?end }
} GROUP BY ?a ?e"""
# Each credit's role is its prov:hadRole: schema:author alone holds reporters and writers.
_Q_BYLINES = """
SELECT ?a ?p ?role (SAMPLE(?printed) AS ?label) WHERE {
  ?a prov:qualifiedAttribution ?c . ?c prov:agent ?p ; prov:hadRole ?role .
  OPTIONAL { ?c kg:printedRole ?printed }
} GROUP BY ?a ?p ?role"""
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
            ``mentions``, ``date`` (articles), ``start``, ``end``, ``event_type`` and
            ``family`` (events), ``kind`` (an item's, an event's or an organization's or
            place's type, in Chinese), ``entity_kind`` (an organization's or place's
            :class:`EntityKind` value, else ""),
            ``roles`` (a credited person's byline roles, most credited first); edge attributes
            ``rels`` (set of relation names) and ``weight``.
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
    aliases, names, starts, ends = (_values(store, q) for q in (_Q_ALIASES, _Q_NAMES, _Q_STARTS, _Q_ENDS))
    for iri, cls in _rows(store, _Q_ENTITIES):
        if iri in corpus.graph:
            continue  # typed with two of the classes: the first row wins
        node_type = _CLASS_TYPE[cls]
        label = min(names.get(iri, ()), default="") or _last_segment(iri)
        corpus.graph.add_node(
            iri,
            type=node_type,
            label=label,
            aliases=tuple(sorted(set(aliases.get(iri, ())) - {label})),
            mentions=0,
            start=min(starts.get(iri, ()), default=""),
            end=max(ends.get(iri, ()), default=""),
            kind="",
            entity_kind="",
        )
    _add_event_types(corpus, store)
    _add_entity_kinds(corpus, store)


def _add_event_types(corpus: Corpus, store: GraphStore) -> None:
    """Each event's type, family and type label, from the classes the graph states of it."""
    classes: dict[str, list[str]] = defaultdict(list)
    for iri, cls in _rows(store, _Q_EVENT_CLASSES):
        classes[iri].append(cls)
    g = corpus.graph
    for node in (n for n, t in g.nodes(data="type") if t == EVENT):
        kind, family = classify(classes.get(node, ()))
        label = type_label(kind) if kind in _TYPED else ""
        g.nodes[node].update(event_type=kind.value, family=family.value if family else "", kind=label)


def _add_entity_kinds(corpus: Corpus, store: GraphStore) -> None:
    """Each organization's and place's finer kind, as ``kg stats`` counts it.

    Only a kind of the node's own base type counts; of two stated (by builds that
    disagreed), the first in :class:`EntityKind`'s order.
    """
    g = corpus.graph
    for iri, cls in _rows(store, _Q_KINDS):
        kind = _KIND_OF.get(cls or "")
        if kind is None or iri not in g or g.nodes[iri]["type"] != KIND_NODE_TYPES[kind.base]:
            continue
        attrs = g.nodes[iri]
        if not attrs["entity_kind"] or _KIND_ORDER[kind] < _KIND_ORDER[EntityKind(attrs["entity_kind"])]:
            attrs.update(entity_kind=kind.value, kind=kind.label)


def _add_mentions(corpus: Corpus, store: GraphStore) -> None:
    g = corpus.graph
    nodes = dict(g.nodes(data=True))  # a dict, not networkx's view: 33,000 rows look nodes up twice
    for article, entity in _rows(store, _Q_LINKS):
        if article in nodes and entity in nodes:
            _link(g, article, entity, "mentions")
    for article, entity, count, begin, end in _rows(store, _Q_MENTIONS):
        if article not in nodes or entity not in nodes:
            continue
        nodes[entity]["mentions"] += int(count)
        nodes[article]["mentions"] += int(count)
        corpus.spans[(entity, article)] = (int(begin), int(end))
    for article, body in corpus.bodies.items():
        if article in nodes:
            lead = _SPACES.sub(" ", body[: LEAD_CHARS + 1]).strip()
            corpus.snippets[(article, article)] = ("", "", lead[:LEAD_CHARS] + ("…" if len(lead) > LEAD_CHARS else ""))
            if not nodes[article]["label"]:
                nodes[article]["label"] = f"（无标题）{lead[:12]}"


def _add_bylines(corpus: Corpus, store: GraphStore) -> None:
    g = corpus.graph
    credits: dict[str, Counter[Role]] = defaultdict(Counter)
    for article, person, role_iri, label in _rows(store, _Q_BYLINES):
        role = _ROLE_OF.get(role_iri or "")
        if article not in g or person not in g or role is None:
            continue
        credits[person][role] += 1
        g.nodes[person]["mentions"] += 1
        _link(g, article, person, "author" if role.is_author else "contributor")  # as kg.graph.rdf links them
        corpus.bylines.setdefault(article, []).append((person, label or ""))
        # A byline is how a reporter appears in an article, unless the text names them.
        corpus.snippets.setdefault(
            (person, article), ("署名：", f"{label or ''} {g.nodes[person]['label']}".strip(), "")
        )
    order = list(Role)
    for person, counts in credits.items():
        roles = sorted(counts, key=lambda r: (-counts[r], order.index(r)))
        g.nodes[person].update(type=roles[0].value, roles=tuple(r.value for r in roles))
        if len(roles) > 1:
            g.nodes[person]["kind"] = "兼" + "、".join(TYPE_LABELS[r.value] for r in roles[1:])


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
    dates = {node: attrs["date"] for node, attrs in g.nodes(data=True) if attrs["type"] == ARTICLE}
    found: dict[str, set[str]] = defaultdict(set)
    for u, v in g.edges():
        if (u in dates) != (v in dates):  # an article and a node of another type
            article, other = (u, v) if u in dates else (v, u)
            found[other].add(article)
    for node in g:
        items = {node} if node in dates else found.get(node, ())
        corpus.articles[node] = sorted(items, key=lambda a: (dates[a], a))


def _link(g: nx.Graph, u: str, v: str, rel: str) -> None:
    data = g.adj[u].get(v)
    if data is not None:
        data["rels"].add(rel)
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


def _rows(store: GraphStore, sparql: str) -> Iterator[list[str | None]]:
    for solution in store.query(sparql):
        yield [term.value if term is not None else None for term in solution]


def _values(store: GraphStore, sparql: str) -> dict[str, list[str]]:
    """Each subject's values, of a query of two columns (subject, value)."""
    values: dict[str, list[str]] = defaultdict(list)
    for subject, value in _rows(store, sparql):
        values[subject].append(value)
    return values


def _last_segment(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])
