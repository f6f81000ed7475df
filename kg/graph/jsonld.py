"""JSON-LD: quads as compact JSON-LD with kg's ``@context``, written graph by graph.

The context makes schema.org the vocabulary (``"headline"``, ``"@type": "NewsArticle"``)
and declares the prefixes of :data:`kg.graph.namespace.PREFIXES` (``kg:``, ``prov:``,
``nif:``, ``xsd:`` …), so every term kg uses reads as a compact IRI. Nothing else is
coerced: a typed literal carries its type (``{"@value": "17", "@type":
"xsd:nonNegativeInteger"}``), so the document expands to exactly the quads it was
written from, in any JSON-LD processor, with no remote context to fetch.

Each named graph is one object of the top-level ``@graph`` (``{"@id": graph, "@graph":
[…]}``), and each subject one node object a line. Quads are streamed: a graph's
subjects are gathered while its quads come, and written when the next graph starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, BinaryIO

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

from kg.graph.namespace import PREFIXES, RDF, SCHEMA, XSD

VOCAB = SCHEMA.ns
CONTEXT: dict[str, str] = {"@vocab": VOCAB, **PREFIXES}
# A local name kept as it is in a compact IRI or a vocabulary term: no character that
# JSON-LD would read otherwise (a colon, a slash, a leading @ or //).
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))  # the longest namespace wins

Node = dict[str, Any]


def write_jsonld(quads: Iterable[Quad], output: BinaryIO) -> None:
    """Write quads as one JSON-LD document with kg's ``@context``.

    Args:
        quads: best grouped by graph and subject (as a store yields them); a graph or a
            subject that comes back later is written again, which JSON-LD merges.
    """
    output.write(b'{\n  "@context": ' + _dumps(CONTEXT).encode("utf-8") + b',\n  "@graph": [')
    first = True
    graph: NamedNode | BlankNode | DefaultGraph | None = None
    nodes: dict[str, Node] = {}
    for quad in quads:
        if quad.graph_name != graph:
            first = _write_graph(output, graph, nodes, first=first)
            graph, nodes = quad.graph_name, {}
        _add(nodes, quad)
    _write_graph(output, graph, nodes, first=first)
    output.write(b"\n  ]\n}\n")


def _write_graph(output: BinaryIO, graph: Any, nodes: dict[str, Node], *, first: bool) -> bool:
    """Write one graph's node objects; whether nothing has been written yet."""
    if not nodes:
        return first
    lines = [_dumps(_ordered(node)) for node in nodes.values()]
    if isinstance(graph, DefaultGraph):  # the default graph's nodes are top-level nodes
        text = ",\n    ".join(lines)
    else:
        body = ",\n      ".join(lines)
        text = '{"@id": ' + _dumps(_id(graph)) + ', "@graph": [\n      ' + body + "\n    ]}"
    output.write(((",\n    " if not first else "\n    ") + text).encode("utf-8"))
    return False


def _add(nodes: dict[str, Node], quad: Quad) -> None:
    """Add one quad's triple to its subject's node object."""
    subject = _id(quad.subject)
    node = nodes.setdefault(subject, {"@id": subject})
    obj = quad.object
    if quad.predicate.value == RDF.type and isinstance(obj, NamedNode):
        node.setdefault("@type", []).append(compact(obj.value, vocab=True))
    else:
        node.setdefault(compact(quad.predicate.value, vocab=True), []).append(_value(obj))


def _value(term: Any) -> Any:
    """A term as a JSON-LD value: a node reference, a string or a value object."""
    if not isinstance(term, Literal):
        return {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD.string:
        return term.value
    return {"@value": term.value, "@type": compact(term.datatype.value, vocab=True)}


def _id(term: Any) -> str:
    """An ``@id``: a blank node's label, or the IRI, compact where a prefix has it."""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return compact(term.value, vocab=False)


def compact(iri: str, *, vocab: bool) -> str:
    """The IRI as the context reads it back: a schema.org term alone (where ``vocab``), else ``prefix:local``.

    Args:
        vocab: the IRI is a property, a class or a datatype, which JSON-LD expands against
            ``@vocab``; an ``@id`` is not.
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if _LOCAL.match(local):
                if vocab and namespace == VOCAB and local not in CONTEXT:
                    return local
                return f"{prefix}:{local}"
    return iri


def _ordered(node: Node) -> Node:
    """``@id`` and ``@type`` first, then the properties by name, types sorted: the store's order is its hashes'."""
    keys = sorted(node, key=lambda k: (k not in ("@id", "@type"), k != "@id", k))
    return {k: sorted(node[k]) if k == "@type" else node[k] for k in keys}


def _dumps(value: Any) -> str:
    """JSON on one line, Chinese as it is: a node object reads as its text."""
    return json.dumps(_single(value), ensure_ascii=False, separators=(", ", ": "))


def _single(value: Any) -> Any:
    """Lists of one value written as the value alone: the same JSON-LD, easier to read."""
    if isinstance(value, dict):
        return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in value.items()}
    return value
