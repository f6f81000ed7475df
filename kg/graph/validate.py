"""Validate: check a built graph against the SHACL shapes of ``ontology/shapes.ttl``.

The data graph is the union of all named graphs, copied into an in-memory rdflib graph
because pySHACL works on rdflib. The shapes rely on the explicit base classes kg writes,
so no RDFS inference is needed; ``inference=True`` mixes ``ontology/kg.ttl`` in and
runs RDFS inference, which costs several times the plain validation (see
``benchmarks/results/store.json``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib.namespace import SH, XSD

from kg.package_data import ontology_path

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

DEFAULT_SHAPES = "shapes.ttl"


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, as plain strings."""

    severity: str  # Violation / Warning / Info
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    component: str


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate_graph`: conforms when there is no violation."""

    findings: tuple[Finding, ...]
    triples: int
    seconds: float

    @property
    def violations(self) -> tuple[Finding, ...]:
        """The findings of severity sh:Violation."""
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The other findings: warnings and infos."""
        return tuple(f for f in self.findings if f.severity != "Violation")

    @property
    def conforms(self) -> bool:
        """No violation."""
        return not self.violations

    def summary(self) -> str:
        """One line: triples, the verdict, violations, warnings and the time taken."""
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{self.triples} triples {verdict}: {len(self.violations)} violations, "
            f"{len(self.warnings)} warnings ({self.seconds:.2f} s)"
        )


def validate_graph(
    store_or_graph: GraphStore | rdflib.Graph,
    *,
    shapes: str | os.PathLike[str] | None = None,
    inference: bool = False,
) -> ValidationResult:
    """Validate a graph against kg's SHACL shapes.

    pySHACL parses a SPARQL-based constraint once per focus node (30 ms each, so an hour
    for 100,000 mentions); kg runs each ``sh:sparql`` constraint of a class-targeted
    shape once instead, with ``$this`` unbound and bound to the target class's
    instances, on Oxigraph when given a store. The core constraints go to pySHACL.

    Args:
        store_or_graph: a :class:`~kg.graph.store.GraphStore` (its union of named graphs is
            validated) or an rdflib graph (a Dataset is taken as the union of its graphs).
        shapes: a Turtle file of shapes; default ``ontology/shapes.ttl``.
        inference: mix ``ontology/kg.ttl`` in and run RDFS inference before the core
            constraints (the SPARQL ones see the data as stored).

    Returns:
        The findings; ``conforms`` is False when any has severity sh:Violation.
    """
    from pyshacl import validate

    started = time.perf_counter()
    data = _as_rdflib(store_or_graph)
    core = rdflib.Graph().parse(str(shapes or ontology_path(DEFAULT_SHAPES)), format="turtle")
    checks = _sparql_checks(core)  # taken out of ``core``: pySHACL gets the rest
    _, report, _ = validate(data, shacl_graph=core, **_pyshacl_options(inference=inference))
    findings = sorted([*_findings(report), *_run_checks(checks, store_or_graph, data)], key=_finding_order)
    return ValidationResult(tuple(findings), len(data), time.perf_counter() - started)


def _pyshacl_options(*, inference: bool) -> dict[str, Any]:
    """pySHACL's options: RDFS inference with ``ontology/kg.ttl`` or none; every severity kept, the data untouched."""
    return {
        "ont_graph": rdflib.Graph().parse(str(ontology_path("kg.ttl"))) if inference else None,
        "inference": "rdfs" if inference else "none",
        "allow_warnings": True,
        "allow_infos": True,
        "inplace": False,
    }


def _finding_order(finding: Finding) -> tuple[bool, str, str, str]:
    """Violations first, then by focus node, path and message."""
    return (finding.severity != "Violation", finding.focus, finding.path or "", finding.message)


@dataclass(frozen=True)
class _SparqlCheck:
    """A shape's ``sh:sparql`` constraint, run once over all its targets."""

    shape: str
    message: str
    severity: str
    query: str  # with ``?this`` unbound but restricted to the shape's targets


def _sparql_checks(shapes: rdflib.Graph) -> list[_SparqlCheck]:
    """Take the ``sh:sparql`` constraints out of ``shapes`` (changed in place: it is ours)."""
    checks = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        classes = sorted(shapes.objects(shape, SH.targetClass))
        if not classes:
            continue  # left to pySHACL, which handles every kind of target
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for node in shapes.objects(constraint, SH.prefixes)
            for d in shapes.objects(node, SH.declare)
        )
        select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
        head, brace, body = select.partition("{")
        targets = " ".join(f"<{c}>" for c in classes)
        query = f"{prefixes}{head}{brace} VALUES ?kgTarget {{ {targets} }} ?this a ?kgTarget . {body}"
        severity = shapes.value(shape, SH.severity) or SH.Violation
        message = shapes.value(constraint, SH.message) or ""
        checks.append(_SparqlCheck(str(shape), str(message), str(severity).rpartition("#")[2], query))
        shapes.remove((shape, SH.sparql, constraint))
    return checks


def _run_checks(checks: list[_SparqlCheck], source: Any, data: rdflib.Graph) -> Iterable[Finding]:
    """Each check's findings, on the store when given one (Oxigraph is faster), else on ``data``."""
    for check in checks:
        if isinstance(source, rdflib.Graph):
            rows = {(str(r[0]), None if r[1] is None else str(r[1])) for r in data.query(check.query)}
        else:
            solutions = source.query(check.query)
            rows = {(s["this"].value, s["value"].value if s["value"] is not None else None) for s in solutions}
        for focus, value in sorted(rows, key=lambda r: (r[0], r[1] or "")):
            yield Finding(check.severity, focus, None, value, check.message, check.shape, "SPARQLConstraintComponent")


def _findings(report: rdflib.Graph) -> Iterable[Finding]:
    """pySHACL's validation report as :class:`Finding` records."""
    # Only the report's own results: nested ones (sh:detail) repeat them in parts.
    for result in report.objects(None, SH.result):
        def one(prop: rdflib.URIRef) -> Any:
            return report.value(result, prop)

        severity = one(SH.resultSeverity)
        path = one(SH.resultPath)
        value = one(SH.value)
        yield Finding(
            severity=str(severity).rpartition("#")[2] if severity else "Violation",
            focus=str(one(SH.focusNode)),
            path=str(path) if isinstance(path, rdflib.URIRef) else None,
            value=None if value is None else str(value),
            message=str(one(SH.resultMessage) or ""),
            shape=str(one(SH.sourceShape)),
            component=str(one(SH.sourceConstraintComponent)).rpartition("#")[2],
        )


def _as_rdflib(store_or_graph: GraphStore | rdflib.Graph) -> rdflib.Graph:
    """The union of all graphs as one rdflib graph (a set: duplicates across graphs merge)."""
    if isinstance(store_or_graph, rdflib.Dataset):
        union = rdflib.Graph()
        for s, p, o, _ in store_or_graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(store_or_graph, rdflib.Graph):
        return store_or_graph
    union = rdflib.Graph()
    convert = _TermConverter()
    for quad in store_or_graph.quads():
        union.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return union


class _TermConverter:
    """pyoxigraph terms to rdflib terms, IRIs cached: most recur many times."""

    def __init__(self) -> None:
        self._iris: dict[str, rdflib.URIRef] = {}

    def __call__(self, term: Any) -> rdflib.term.Node:
        kind = type(term).__name__
        if kind == "NamedNode":
            iri = term.value
            node = self._iris.get(iri)
            if node is None:
                node = self._iris[iri] = rdflib.URIRef(iri)
            return node
        if kind == "BlankNode":
            return rdflib.BNode(term.value)
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib tells a plain literal from an explicit xsd:string one; RDF 1.1 does not.
        return rdflib.Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
