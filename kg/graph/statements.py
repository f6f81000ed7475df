"""How :mod:`kg.graph.rdf` states a named graph's statements: as pyoxigraph quads, or as the
N-Quads lines a worker hands on (no Quad made)."""

from __future__ import annotations

import functools

from pyoxigraph import Literal, NamedNode, Quad

from kg.graph.namespace import KG, NIF, NIF_DATATYPES, RDF, XSD


@functools.lru_cache(maxsize=4096)
def named_node(iri: str) -> NamedNode:
    """The IRI as a term, made once for the predicates, classes and a page's nodes."""
    return NamedNode(iri)


def lit(value: str | int, datatype: str | None = None) -> Literal:
    """A literal: a whole number typed ``xsd:integer`` unless ``datatype`` says otherwise."""
    if isinstance(value, int):
        return Literal(str(value), datatype=named_node(datatype or XSD.integer))
    return Literal(value, datatype=named_node(datatype)) if datatype else Literal(value)


class Statements:
    """Collects the statements of one named graph (the IRIs of subjects and predicates as strings)."""

    def __init__(self, name: NamedNode):
        self.name = name

    def add(self, s: str | NamedNode, p: str, o: str | NamedNode | Literal) -> None:
        raise NotImplementedError

    def text(self, s: str | NamedNode, p: str, value: str | None) -> None:
        if value:
            self.add(s, p, lit(value))

    def span(self, node: str, start: int, end: int, text: str, *, within: str) -> None:
        """A span of the body of article ``within`` as NIF states it: offsets, surface, the article."""
        self.add(node, NIF.beginIndex, lit(start, NIF_DATATYPES[NIF.beginIndex]))
        self.add(node, NIF.endIndex, lit(end, NIF_DATATYPES[NIF.endIndex]))
        self.add(node, NIF.anchorOf, lit(text))
        self.add(node, NIF.referenceContext, within)

    def mention(
        self, node: str, start: int, end: int, text: str, *, within: str, source: str, entity: str | None = None
    ) -> None:
        """A span that names something, found by ``source``, and what it denotes (None: stated elsewhere)."""
        self.span(node, start, end, text, within=within)
        self.add(node, RDF.type, KG.Mention)
        self.add(node, KG.recognizedBy, lit(source))
        if entity is not None:
            self.add(node, KG.denotes, entity)


class QuadGraph(Statements):
    """Collects the quads of one named graph."""

    def __init__(self, name: NamedNode):
        super().__init__(name)
        self.quads: list[Quad] = []

    def add(self, s: str | NamedNode, p: str, o: str | NamedNode | Literal) -> None:
        subject = s if isinstance(s, NamedNode) else named_node(s)
        obj = o if isinstance(o, (NamedNode, Literal)) else named_node(o)
        self.quads.append(Quad(subject, named_node(p), obj, self.name))


@functools.lru_cache(maxsize=4096)  # the predicates, classes and a page's nodes; each mention's passes through
def iri_term(iri: str) -> str:
    """An IRI as N-Quads writes it (made a NamedNode first, which refuses an invalid IRI)."""
    return str(NamedNode(iri))


class NQuadLines(Statements):
    """Collects the statements of one named graph as N-Quads lines, the bytes a worker hands on.

    No Quad is made: pyoxigraph took 1.3 µs to make one with a literal object (0.15 µs with an
    IRI), more than the whole line; a term's ``str`` is its N-Quads form, as ``serialize``
    writes it (page_graph took half the time, its bytes the same on 1,840 PFR articles).
    """

    def __init__(self, name: NamedNode):
        super().__init__(name)
        self.lines: list[str] = []
        self._tail = f" {name} .\n"

    def add(self, s: str | NamedNode, p: str, o: str | NamedNode | Literal) -> None:
        subject = iri_term(s) if isinstance(s, str) else str(s)
        obj = iri_term(o) if isinstance(o, str) else str(o)
        self.lines.append(f"{subject} {iri_term(p)} {obj}{self._tail}")

    # A span's and a mention's lines in one format (58,000 spans a PFR month): their terms
    # made once, the node's IRI checked once, the offsets written as the literal writes them.
    def span(self, node: str, start: int, end: int, text: str, *, within: str) -> None:
        self.lines.append(self._span(str(NamedNode(node)), start, end, text, within))

    def mention(
        self, node: str, start: int, end: int, text: str, *, within: str, source: str, entity: str | None = None
    ) -> None:
        subject, tail = str(NamedNode(node)), self._tail
        lines = self._span(subject, start, end, text, within)
        lines += f"{subject} {_TYPE} {_MENTION}{tail}{subject} {_RECOGNIZED_BY} {Literal(source)}{tail}"
        if entity is not None:
            lines += f"{subject} {_DENOTES} {iri_term(entity)}{tail}"
        self.lines.append(lines)

    def _span(self, subject: str, start: int, end: int, text: str, within: str) -> str:
        tail = self._tail
        return (
            f'{subject} {_BEGIN} "{start}"^^{_BEGIN_TYPE}{tail}{subject} {_END} "{end}"^^{_END_TYPE}{tail}'
            f"{subject} {_ANCHOR} {Literal(text)}{tail}{subject} {_CONTEXT} {iri_term(within)}{tail}"
        )


_BEGIN, _END, _ANCHOR, _CONTEXT = (iri_term(p) for p in (NIF.beginIndex, NIF.endIndex, NIF.anchorOf, NIF.referenceContext))
_BEGIN_TYPE, _END_TYPE = iri_term(NIF_DATATYPES[NIF.beginIndex]), iri_term(NIF_DATATYPES[NIF.endIndex])
_TYPE, _MENTION, _RECOGNIZED_BY, _DENOTES = (iri_term(t) for t in (RDF.type, KG.Mention, KG.recognizedBy, KG.denotes))
