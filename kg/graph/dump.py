"""The graph's serializations: whole-store dumps, streamed, in the RDF formats kg writes.

Triple formats get the union of the named graphs; Turtle's NIF offsets are typed as NIF
types them (Oxigraph keeps every integer as ``xsd:integer``).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple
from pyoxigraph import Store as OxigraphStore

from kg.graph.namespace import NIF_DATATYPES, PREFIXES

FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}


def dump_store(store: OxigraphStore, output: BinaryIO, *, fmt: str, threads: int | None = None) -> None:
    """Serialize a whole store: quad formats as they are, triple formats as the union of the graphs.

    Args:
        threads: threads serializing a triple format (default: one a core, four at most).
    """
    if fmt in QUAD_FORMATS:
        store.dump(output, FORMATS[fmt], prefixes=_prefixes(fmt))
    else:
        _dump_union(store, output, fmt=fmt, threads=threads)


def serialize_quads(quads: Iterable[Quad], output: BinaryIO, *, fmt: str) -> None:
    """Write quads in ``fmt``, streaming: triple formats get the union of the graphs."""
    from pyoxigraph import serialize

    rdf_format = FORMATS[fmt]
    if fmt != "turtle":
        serialize(quads if fmt in QUAD_FORMATS else _union(quads), output, rdf_format, prefixes=_prefixes(fmt))
        return
    # Turtle as the embedded store's dump writes it: NIF's offsets typed as NIF types them.
    buffer = io.BytesIO()
    serialize(_union(quads), buffer, rdf_format, prefixes=_prefixes(fmt))
    output.write(nif_typed_turtle(buffer.getvalue()))


# Graphs a thread serializes at a time, and tasks in flight a thread: enough to keep the
# threads busy, little enough to hold in memory (a task's output is a few hundred KB).
GRAPHS_PER_TASK = 200
TASKS_PER_THREAD = 4


def _dump_union(store: OxigraphStore, output: BinaryIO, *, fmt: str, threads: int | None) -> None:
    """The union of the graphs as triples, serialized graph by graph by Oxigraph.

    Oxigraph serializes a graph outside the GIL, so threads share the work (reading the
    store is most of it). A triple is stated in one graph only (shared ones in
    ``graph/entities``, ``graph/issues`` … once), so the union needs no deduplication;
    were a triple stated twice, the file would repeat it: the same RDF graph.
    """
    from kg.concurrency import default_workers, windowed

    prefixes = _prefixes(fmt)
    if prefixes:
        output.write("".join(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes.items()).encode())
    graphs = itertools.chain([DefaultGraph()], store.named_graphs())
    threads = max(1, threads or min(4, default_workers()))

    def render(chunk: list) -> bytes:
        parts = (store.dump(format=FORMATS[fmt], from_graph=g, prefixes=prefixes) for g in chunk)
        data = b"".join(_without_prefixes(part) for part in parts)
        return nif_typed_turtle(data) if fmt == "turtle" else data

    chunks = iter(lambda: list(itertools.islice(graphs, GRAPHS_PER_TASK)), [])
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kg-dump") as pool:
        for data in windowed(pool.submit, render, chunks, threads * TASKS_PER_THREAD):
            output.write(data)


# Oxigraph stores every integer literal as xsd:integer (oxigraph issue 526), so its Turtle
# writes NIF's offsets as bare integers; NIF 2.0 types them xsd:nonNegativeInteger. Typing
# them again in the serialized bytes costs a regular expression, not a Python step a quad.
# A statement starts a line (a subject, or a tab): Oxigraph escapes line breaks and tabs in
# literals, so no text of an article can look like one. The pattern starts with the line
# break before it, not ^: a literal first character lets the regex engine skip ahead to
# each line (0.25 s for 38 MB of Turtle, not 0.33 s).
_NIF_OFFSET = re.compile(
    rb"\n(\t|<[^\s>\"]*> )(nif:(?:" + b"|".join(p.rsplit("#", 1)[1].encode() for p in NIF_DATATYPES) + rb") )(\d+)(?= [;.]$)",
    re.MULTILINE,
)


def nif_typed_turtle(turtle: bytes) -> bytes:
    """Turtle written with kg's prefixes, its NIF offsets typed ``xsd:nonNegativeInteger`` as NIF defines them."""
    return _NIF_OFFSET.sub(rb'\n\1\2"\3"^^xsd:nonNegativeInteger', b"\n" + turtle)[1:]


def _without_prefixes(turtle: bytes) -> bytes:
    """A graph's Turtle without its @prefix lines: the file states them once."""
    start = 0
    while turtle.startswith(b"@prefix ", start):
        start = turtle.index(b"\n", start) + 1
    return turtle[start:]


def _prefixes(fmt: str) -> dict[str, str] | None:
    return PREFIXES if fmt in ("turtle", "trig") else None


def _union(quads: Iterable[Quad]) -> Iterator[Triple]:
    """The union of the named graphs as triples: the same triple stated in several
    graphs is written once.

    Only shared triples are remembered. A triple about a graph's own resource (the
    graph's name, or a fragment of it: an article and its mentions, a page) is stated
    in that graph alone, so it goes straight through; remembering every triple took
    about 640 bytes each, gigabytes for a large archive. Were such a triple ever stated
    in another graph too, the output would repeat it: the same RDF graph all the same.
    """
    seen: set[tuple] = set()
    graph, own, fragment = None, "", ""
    for quad in quads:
        subject = quad.subject
        if quad.graph_name != graph:  # quads come graph by graph
            graph = quad.graph_name
            own = graph.value if isinstance(graph, NamedNode) else "\0"
            fragment = own + "#"
        name = subject.value
        if name != own and not name.startswith(fragment):
            key = (subject, quad.predicate, quad.object)
            if key in seen:
                continue
            seen.add(key)
        yield Triple(subject, quad.predicate, quad.object)
