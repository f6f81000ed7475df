"""The SPARQL 1.1 Protocol's side of the endpoint: request parameters, content negotiation
and the service description.

A result's format is chosen by ``format=`` (or ``output=``, as SPARQLWrapper, Fuseki and
Virtuoso name it) when the request gives one, else by the ``Accept`` header:

- ``format=`` wins over ``Accept``: it is the client's explicit word for this request,
  where ``Accept`` is often a library's or a browser's default. SPARQLWrapper sends it
  with every query (repeated, as a name and as a media type: the first one kg knows
  counts). A name that fits the result is honoured; ``json`` and ``xml`` for a graph
  result mean its JSON and XML syntaxes, JSON-LD and RDF/XML (as Fuseki reads them);
  a known name that fits neither way (``turtle`` for a SELECT) gets 406, and a name
  kg does not know, 400.
- ``Accept`` is read with its q-values and wildcards (RFC 9110): of the types the result
  can be given in, the one of highest quality, then the most specific match, then the
  client's order, then the server's (JSON for SELECT and ASK, Turtle for graphs). A
  header that excludes every one gets 406; no header, or none that parses, the default.

``GET /sparql`` without a query is the service description (SPARQL 1.1 Service
Description vocabulary), in Turtle unless the client asks for another RDF syntax, or in
HTML when it prefers ``text/html`` (a browser).
"""

from __future__ import annotations

import html
import re
from http import HTTPStatus
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize

from kg.graph.namespace import RDF, RDFS
from kg.graph.sparql_results import RDF_FORMATS, RDF_TYPES, RESULT_TYPES


class Failure(Exception):
    """A request the endpoint answers with an error status and a message."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


MEDIA_TYPES = {**RESULT_TYPES, **RDF_TYPES, "html": "text/html"}
# What each kind of answer can be given in, the server's preference first.
FORMATS = {
    "rows": tuple(RESULT_TYPES),
    "graph": tuple(RDF_TYPES),
    "description": (*RDF_TYPES, "html"),
}
_KIND_NAMES = {"rows": "a SELECT or ASK result", "graph": "a CONSTRUCT or DESCRIBE result",
               "description": "the service description"}
# Media types clients send besides the registered ones, by the format they stand for.
_MORE_TYPES = {
    "json": ("application/json",), "xml": ("application/xml", "text/xml"),
    "turtle": ("application/turtle", "application/x-turtle"), "ntriples": ("text/plain",),
    "jsonld": ("application/x-json+ld",), "n3": ("text/rdf+n3", "application/n3"),
    "html": ("application/xhtml+xml",),
}  # fmt: skip
# A format of SPARQL results asked of a graph: its RDF counterpart (as Fuseki reads it).
_GRAPH_COUNTERPARTS = {"json": "jsonld", "xml": "rdfxml"}
# Names ``format=`` may give, besides kg's own and the media types.
_NAMES = {
    "srj": "json", "srx": "xml", "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples",
    "rdf": "rdfxml", "rdf+xml": "rdfxml", "rdf/xml": "rdfxml", "json-ld": "jsonld",
    "nq": "nquads", "n-quads": "nquads",
    **{fmt: fmt for fmt in MEDIA_TYPES},
    **{media: fmt for fmt, media in MEDIA_TYPES.items()},
    **{media: fmt for fmt, more in _MORE_TYPES.items() for media in more},
}  # fmt: skip
_RANGE = re.compile(r"^([\w.+\-!#$&^*]+)/([\w.+\-!#$&^*]+)$")
# What a Host header may hold to be written into the service description's endpoint IRI.
_HOST = re.compile(r"[A-Za-z0-9.\-]+(?::\d+)?|\[[0-9A-Fa-f:.]+\](?::\d+)?")


def kind_of(result_kind: str) -> str:
    """The kind of answer a query result is: ``rows`` (SELECT, ASK) or ``graph``."""
    return "graph" if result_kind == "graph" else "rows"


def one(args: dict[str, list[str]], name: str) -> str | None:
    """The value of a request parameter, None without it.

    Raises:
        Failure: 400 when the request repeats it (two queries: which one to run?).
    """
    values = args.get(name, [])
    if len(values) > 1:
        raise Failure(HTTPStatus.BAD_REQUEST, f"the request gives {len(values)} '{name}' parameters; "
                      f"the SPARQL 1.1 Protocol allows exactly one")
    return values[0] if values else None


def operation(args: dict[str, list[str]]) -> tuple[str | None, str]:
    """What a request's parameters ask: ``query`` or ``update`` and its text, or (None, "").

    Raises:
        Failure: 400 for a repeated ``query`` or ``update``, or both at once.
    """
    query, update = one(args, "query"), one(args, "update")
    if query is not None and update is not None:
        raise Failure(HTTPStatus.BAD_REQUEST, "the request gives both a query and an update; send one of them")
    if query is not None:
        return "query", query
    if update is not None:
        return "update", update
    return None, ""


def requested_formats(args: dict[str, list[str]]) -> tuple[str, ...]:
    """The values of ``format=`` and ``output=``, in order, the empty ones left out."""
    return tuple(v.strip() for name in ("format", "output") for v in args.get(name, ()) if v.strip())


def negotiate(kind: str, *, requested: tuple[str, ...] = (), accept: str | None = None) -> str:
    """The format to give an answer of ``kind`` in: by ``format=`` if given, else by ``Accept``.

    Args:
        kind: ``rows``, ``graph`` (see :func:`kind_of`) or ``description``.
        requested: the values of ``format=`` (:func:`requested_formats`).
        accept: the ``Accept`` header.

    Returns:
        A key of :data:`MEDIA_TYPES`.

    Raises:
        Failure: 400 for a ``format=`` kg does not know, 406 when nothing acceptable fits.
    """
    if requested:
        return _by_name(kind, requested)
    return _by_accept(kind, accept)


def check_acceptable(*, requested: tuple[str, ...], accept: str | None) -> None:
    """Refuse, before running a query, a request that no kind of result could satisfy.

    Raises:
        Failure: as :func:`negotiate` would for both a SELECT and a CONSTRUCT.
    """
    failures = []
    for kind in ("rows", "graph"):
        try:
            negotiate(kind, requested=requested, accept=accept)
            return
        except Failure as failure:
            failures.append(failure)
    if failures[0].status == HTTPStatus.BAD_REQUEST or requested:
        raise failures[0]
    raise Failure(HTTPStatus.NOT_ACCEPTABLE, f"none of the types the request accepts ({(accept or '')[:200]}) fits "
                  f"a query's result: SELECT and ASK give {_types('rows')}; CONSTRUCT and DESCRIBE give {_types('graph')}.")


def _types(kind: str) -> str:
    return ", ".join(MEDIA_TYPES[fmt] for fmt in FORMATS[kind])


def _by_name(kind: str, requested: tuple[str, ...]) -> str:
    known = [_NAMES[name.lower()] for name in requested if name.lower() in _NAMES]
    if not known:
        raise Failure(HTTPStatus.BAD_REQUEST, f"unknown format {requested[0][:80]!r}; this endpoint gives "
                      f"{', '.join((*FORMATS['rows'], *FORMATS['description']))}, or their media types")
    counterparts = _GRAPH_COUNTERPARTS if kind != "rows" else {}
    for fmt in (*known, *(counterparts.get(fmt) for fmt in known)):
        if fmt in FORMATS[kind]:
            return fmt
    raise Failure(HTTPStatus.NOT_ACCEPTABLE, f"format {requested[0][:80]!r} does not fit {_KIND_NAMES[kind]}; "
                  f"it can be given as {', '.join(FORMATS[kind])}.")


def _by_accept(kind: str, accept: str | None) -> str:
    ranges = _ranges(accept or "")
    if not ranges:
        return FORMATS[kind][0]
    best: tuple[tuple[float, int, int, int], str] | None = None
    for order, (media, fmt) in enumerate(_offers(kind)):
        q, specificity, position = _quality(media, ranges)
        key = (q, specificity, -position, -order)
        if q > 0 and (best is None or key > best[0]):
            best = (key, fmt)
    if best is None:
        raise Failure(HTTPStatus.NOT_ACCEPTABLE, f"none of the types the request accepts ({(accept or '')[:200]}) "
                      f"fits {_KIND_NAMES[kind]}, which can be given as {_types(kind)}.")
    return best[1]


def _offers(kind: str) -> list[tuple[str, str]]:
    """(media type, format) pairs, the registered types first, in the server's order."""
    formats = FORMATS[kind]
    offers = [(MEDIA_TYPES[fmt], fmt) for fmt in formats]
    offers += [(media, fmt) for fmt in formats for media in _MORE_TYPES.get(fmt, ())]
    if kind != "rows":  # application/json and application/xml, the generic types, fit a graph too
        offers += [(media, rdf) for fmt, rdf in _GRAPH_COUNTERPARTS.items() for media in _MORE_TYPES[fmt]]
    return offers


def _ranges(header: str) -> list[tuple[str, str, float, int]]:
    """(type, subtype, q, position) of each well-formed media range of an Accept header."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        match = _RANGE.match(media.lower())
        if match is None:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((match.group(1), match.group(2), q, position))
    return ranges


def _quality(media: str, ranges: list[tuple[str, str, float, int]]) -> tuple[float, int, int]:
    """(q, specificity, position) of the most specific range matching ``media``; q 0 if none."""
    main, _, sub = media.partition("/")
    best = (0.0, -1, 0)
    for rmain, rsub, q, position in ranges:
        if (rmain, rsub) == (main, sub):
            specificity = 2
        elif (rmain, rsub) == (main, "*"):
            specificity = 1
        elif (rmain, rsub) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (q, specificity, position)
    return best


# ------------------------------------------------------------------ the service description

SD = "http://www.w3.org/ns/sparql-service-description#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "rdfxml": "RDF_XML",
    "jsonld": "JSON-LD", "nquads": "N-Quads", "trig": "TriG", "n3": "N3",
}  # fmt: skip
_PREFIXES = {"sd": SD, "formats": W3C_FORMATS, "rdfs": RDFS.ns}


def endpoint_url(host_header: str | None, *, bound: tuple[Any, ...]) -> str:
    """The URL of ``/sparql`` as the client named it (its Host header), else as the server is bound."""
    host = (host_header or "").strip()
    if not _HOST.fullmatch(host):
        address, port = bound[:2]
        host = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"http://{host}/sparql"


def service_triples(*, endpoint: str, update: bool, federated: bool, notes: str) -> list[Triple]:
    """The endpoint described in the SPARQL 1.1 Service Description vocabulary.

    Args:
        endpoint: the absolute URL of ``/sparql``.
        update: whether SPARQL Update is accepted; federated: whether SERVICE is.
        notes: what else a client should know (limits), as a comment.
    """
    service, dataset, graph = BlankNode("service"), BlankNode("dataset"), BlankNode("default")
    a, sd = NamedNode(RDF.ns + "type"), _sd
    languages = ["SPARQL11Query", *(["SPARQL11Update"] if update else [])]
    features = ["UnionDefaultGraph", *(["BasicFederatedQuery"] if federated else [])]
    triples = [
        Triple(service, a, sd("Service")),
        Triple(service, sd("endpoint"), NamedNode(endpoint)),
        *(Triple(service, sd("supportedLanguage"), sd(name)) for name in languages),
        *(Triple(service, sd("feature"), sd(name)) for name in features),
        *(Triple(service, sd("resultFormat"), NamedNode(W3C_FORMATS + _FORMAT_IRIS[fmt])) for fmt in _FORMAT_IRIS),
        Triple(service, sd("defaultEntailmentRegime"), NamedNode("http://www.w3.org/ns/entailment/Simple")),
        Triple(service, NamedNode(RDFS.ns + "comment"), Literal(notes)),
        Triple(service, sd("defaultDataset"), dataset),
        Triple(dataset, a, sd("Dataset")),
        Triple(dataset, sd("defaultGraph"), graph),
        Triple(graph, a, sd("Graph")),
        Triple(graph, NamedNode(RDFS.ns + "comment"), Literal("the union of all named graphs (one per article, "
                                                             "page, and the shared entities, events and issues)")),
    ]
    return triples


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def service_description(fmt: str, *, endpoint: str, update: bool, federated: bool, notes: str) -> bytes:
    """The service description in ``fmt`` (an RDF format of :data:`FORMATS`, or ``html``)."""
    if fmt == "html":
        return _page(endpoint=endpoint, notes=notes).encode("utf-8")
    triples = service_triples(endpoint=endpoint, update=update, federated=federated, notes=notes)
    return serialize(triples, format=RDF_FORMATS[fmt], prefixes=_PREFIXES)


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}}
code,textarea{{font:13px ui-monospace,monospace}}textarea{{width:100%}}td,th{{padding:.2rem .6rem;text-align:left}}</style>
</head><body><h1>kg SPARQL endpoint</h1>
<p>A <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a> endpoint at
<code>{endpoint}</code>. The default graph is the union of all named graphs. The graph view is at
<a href="/">/</a>.</p>
<form action="/sparql" method="get"><textarea name="query" rows="8">
PREFIX schema: &lt;https://schema.org/&gt;
SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?type }} GROUP BY ?type ORDER BY DESC(?n)</textarea><br>
<label>format <select name="format"><option value="">by Accept</option>{options}</select></label>
<button>Run</button></form>
<h2>Formats</h2><table><tr><th>result</th><th><code>format=</code></th><th>media type (<code>Accept</code>)</th></tr>
{rows}</table>
<p><code>format=</code> wins over <code>Accept</code>; for a graph, <code>json</code> means JSON-LD and
<code>xml</code> RDF/XML. Nothing acceptable: 406.</p>
<h2>Service description</h2><p><a href="/sparql?format=turtle">Turtle</a> ·
<a href="/sparql?format=jsonld">JSON-LD</a> · <a href="/sparql?format=rdfxml">RDF/XML</a>
(<code>GET /sparql</code> without a query, by <code>Accept</code>).</p>
<pre><code>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' {endpoint}</code></pre>
<p>{notes}</p></body></html>
"""


def _page(*, endpoint: str, notes: str) -> str:
    """The HTML face of the service description: what a browser shows at ``/sparql``."""
    rows = "".join(
        f"<tr><td>{label}</td><td>{html.escape(fmt)}</td><td><code>{MEDIA_TYPES[fmt]}</code></td></tr>"
        for label, kind in (("SELECT, ASK", "rows"), ("CONSTRUCT, DESCRIBE", "graph")) for fmt in FORMATS[kind]
    )
    options = "".join(f"<option>{fmt}</option>" for fmt in (*FORMATS["rows"], *FORMATS["graph"]))
    return _PAGE.format(endpoint=html.escape(endpoint), rows=rows, options=options, notes=html.escape(notes))
