"""Query: SPARQL over a kg graph, named queries with safely bound parameters, and results.

Named queries are the ``.rq`` files of ``ontology/queries/``. Their header comment says
what they answer, and declares their parameters, one a line::

    # @param name string required  the reporter's name as printed, e.g. 张三

Kinds are ``string``, ``iri``, ``integer``, ``date`` and ``role``: a byline role by its
name in :class:`kg.model.Role` (``reporter``, ``correspondent`` …, any case), bound as
its ``kg:`` term (``kg:Reporter`` …), or ``any``, bound as the string ``"any"``;
``event_type``: an event type or family by code, class or Chinese label (``fire``,
``kg:Fire``, 火灾, ``disaster``), bound as its code; ``event_role``: a participant's role
(``organizer``, ``agent``, ``victim`` …), bound as itself (:mod:`kg.graph.event_classes`).

A parameter is bound by a ``VALUES`` clause put at the start of the query's outermost
group, its value written as an escaped SPARQL term: never pasted raw into the text. A
query whose parameters must reach into subqueries (whose variables the outer group does
not see) marks each place with an indented ``# @values`` comment line instead. The clause
goes on the line of the opening brace or of each mark, so the parser's line numbers
still point into the file.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryBoolean, QuerySolutions

from kg import errors
from kg.graph.event_classes import role_name, type_code
from kg.graph.namespace import ROLE_TERMS, XSD
from kg.graph.query_limits import LIMITS, QueryLimits, checked, on_engine_stack
from kg.package_data import ontology_path

QUERY_DIR = "queries"
KINDS = ("string", "iri", "integer", "date", "role", "event_type", "event_role")
ANY_ROLE = "any"
_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s+(\w+)\s+(required|optional)\b\s*(.*)$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_POSITION = re.compile(r"error at (\d+):(\d+):\s*")
_IRI_REF = re.compile(r'<[^<>"{}|^`\\\s]*>')
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Indented: a mark is in the query's body, never in its header comment.
_VALUES_MARK = re.compile(r"^[ \t]+(#\s*@values\b)", re.MULTILINE)


class Queryable(Protocol):
    def query(self, sparql: str) -> Any: ...


@dataclass(frozen=True)
class Param:
    """A parameter a named query declares."""

    name: str
    kind: str  # one of KINDS
    required: bool
    help: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file of ``ontology/queries``."""

    name: str
    summary: str
    params: tuple[Param, ...]
    text: str
    path: str

    @property
    def portable(self) -> str:
        """The query in plain SPARQL 1.1, for other stores than Oxigraph.

        A query written for Oxigraph (SPARQL 1.2's LATERAL, subqueries other engines
        run badly) gives its plain form in its header, as the comment lines after
        ``A SPARQL 1.1 form``; any other query is portable as it is.
        """
        lines = self.text.splitlines()
        start = next((i for i, line in enumerate(lines) if "A SPARQL 1.1 form" in line), None)
        if start is None:
            return self.text
        body = [line[4:] for line in itertools.takewhile(lambda x: x.startswith("#   "), lines[start + 1 :])]
        prologue = [line for line in lines if line.startswith("PREFIX")]
        # The plain form may order by its own variables (the tuned one by sort keys).
        ordered = any(line.startswith("ORDER BY") for line in body)
        order = [] if ordered else [line for line in lines if line.startswith("ORDER BY")]
        return "\n".join(prologue + body + order) + "\n"


@dataclass(frozen=True)
class QueryResult:
    """A query's result, read into memory: solutions, a boolean or triples.

    ``rows`` hold pyoxigraph terms (None where a variable is unbound); ``truncated``
    says the row limit cut the result short.
    """

    kind: str  # select / ask / graph
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None
    truncated: bool = False


# ------------------------------------------------------------------ named queries


def named_queries(*, folder: str | Path | None = None) -> dict[str, NamedQuery]:
    """The named queries shipped in ``ontology/queries`` (or ``folder``), by name."""
    base = Path(folder) if folder else ontology_path(QUERY_DIR)
    return {q.name: q for q in (_read_named(p) for p in sorted(base.glob("*.rq")))}


def _read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = list(itertools.takewhile(lambda line: line.startswith("#"), text.splitlines()))
    params = []
    for match in filter(None, map(_PARAM.match, header)):
        name, kind, need, help_text = match.groups()
        params.append(Param(name, kind if kind in KINDS else "string", need == "required", help_text.strip()))
    prose = [line.lstrip("#").strip() for line in header if not _PARAM.match(line)]
    first = itertools.takewhile(bool, itertools.dropwhile(lambda line: not line, prose))
    return NamedQuery(path.stem, " ".join(first), tuple(params), text, str(path))


def prepare_query(query: str, *, params: Mapping[str, str] | None = None, folder: str | Path | None = None) -> str:
    """The SPARQL text to run: a named query or SPARQL text, with parameters bound.

    Args:
        query: the name of a named query, or SPARQL text.
        params: parameter values as given on the command line; for a named query they
            must be among its declared parameters, for SPARQL text they bind variables
            of that name to string literals.

    Raises:
        UnknownQueryError: ``query`` looks like a name but no named query has it.
        QueryError: a parameter is unknown, missing or malformed.
    """
    params = dict(params or {})
    if _NAME.match(query.strip()):
        found = named_queries(folder=folder).get(query.strip())
        if found is None:
            raise errors.UnknownQueryError(f"no named query {query.strip()!r}; `kg query --list` lists them")
        return bind_params(found.text, params, declared=found.params, source=found.name)
    declared = tuple(Param(name, "string", False) for name in params)
    return bind_params(query, params, declared=declared, source="query")


def bind_params(text: str, values: Mapping[str, str], *, declared: tuple[Param, ...], source: str = "query") -> str:
    """Bind parameters with a ``VALUES`` clause at each ``# @values`` mark, else in the outermost group.

    Raises:
        QueryError: an unknown or missing parameter, or a value of the wrong kind.
    """
    known = {p.name: p for p in declared}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise errors.QueryError(f"unknown parameter {unknown[0]!r}; expected one of {sorted(known)}", source=source)
    missing = [p.name for p in declared if p.required and p.name not in values]
    if missing:
        raise errors.QueryError(f"missing parameter {missing[0]!r} (--param {missing[0]}=…)", source=source)
    if not values:
        return text
    names = sorted(values)
    for name in names:
        if not _VAR.match(name):
            raise errors.QueryError(f"{name!r} is not a SPARQL variable name", source=source)
    terms = " ".join(_term(known[n], values[n], source) for n in names)
    clause = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "
    if _VALUES_MARK.search(text):
        return _VALUES_MARK.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + clause.lstrip() + m.group(1), text)
    at = _outer_brace(text)
    if at < 0:
        raise errors.QueryError("cannot bind parameters: the query has no group pattern", source=source)
    return text[: at + 1] + clause + text[at + 1 :]


def _term(param: Param, value: str, source: str) -> str:
    """A parameter value as a SPARQL term, escaped by construction."""
    try:
        if param.kind == "iri":
            return str(NamedNode(value))
        if param.kind == "integer":
            return str(int(value))
        if param.kind == "date":
            if not _DATE.match(value):
                raise ValueError("expected YYYY-MM-DD")
            return f'"{value}"^^<{XSD.date}>'
        if param.kind == "role":
            return _role(value)
        if param.kind == "event_type":
            return sparql_string(type_code(value))
        if param.kind == "event_role":
            return sparql_string(role_name(value))
    except ValueError as exc:
        raise errors.QueryError(f"parameter {param.name!r}: {value!r} is not a valid {param.kind}: {exc}", source=source) from None
    return sparql_string(value)


def _role(value: str) -> str:
    """A byline role's ``kg:`` term, or ``"any"``.

    Raises:
        ValueError: no byline role has that name.
    """
    wanted = value.strip().lower()
    if wanted == ANY_ROLE:
        return sparql_string(ANY_ROLE)
    for role, iri in ROLE_TERMS.items():
        if role.value == wanted:
            return f"<{iri}>"
    raise ValueError(f"expected one of {', '.join(r.value for r in ROLE_TERMS)} or {ANY_ROLE}")


def sparql_string(value: str) -> str:
    """A SPARQL string literal for any text, using only the ECHAR escapes."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _outer_brace(text: str) -> int:
    """Index of the first ``{`` that is code: not in a comment, a string or an IRI."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif ch in "\"'":
            i = _skip_string(text, i)
        elif ch == "<":
            match = _IRI_REF.match(text, i)
            i = match.end() if match else i + 1
        elif ch == "{":
            return i
        else:
            i += 1
    return -1


def _skip_string(text: str, i: int) -> int:
    quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(quote, j):
            return j + len(quote)
        else:
            j += 1
    return j


# ------------------------------------------------------------------ running


def run_query(
    store: Queryable, sparql: str, *, limit: int | None = None, source: str = "query",
    limits: QueryLimits | None = LIMITS,
) -> QueryResult:
    """Run SPARQL on a store (the union of its graphs) and read the result.

    The query is measured first and refused past ``limits`` (a query past them could
    crash the engine, see :mod:`kg.graph.query_limits`), then run on a thread with a
    large stack.

    Args:
        store: a :class:`~kg.graph.store.GraphStore` or :class:`~kg.graph.remote_store.RemoteStore`.
        limit: read at most this many rows (or triples); more marks the result truncated.
        limits: what the query may hold; None for text already given by :func:`checked`.

    Raises:
        QueryError: the query is over a limit, malformed (with line and column) or fails.
    """
    if limits is not None:
        sparql = checked(sparql, limits=limits, source=source)
    return on_engine_stack(lambda: _run(store, sparql, limit, source))


def _run(store: Queryable, sparql: str, limit: int | None, source: str) -> QueryResult:
    try:
        result = store.query(sparql)
        return _read_result(result, limit)
    except errors.QueryError as exc:
        if not exc.message.startswith("malformed query: ") and not _POSITION.search(exc.message):
            raise errors.QueryError(exc.message, source=source) from None  # it parsed, then failed
        raise _located(exc.message, source) from None
    except SyntaxError as exc:
        raise _located(str(exc), source) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise errors.QueryError(f"query failed: {exc}", source=source) from None


def _read_result(result: Any, limit: int | None) -> QueryResult:
    if isinstance(result, (bool, QueryBoolean)):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        kind = "select"
    else:
        variables = ("subject", "predicate", "object")
        kind = "graph"
    rows = []
    for item in result:
        if limit is not None and len(rows) >= limit:
            return QueryResult(kind, variables, tuple(rows), truncated=True)
        rows.append(tuple(item) if kind == "select" else (item.subject, item.predicate, item.object))
    return QueryResult(kind, variables, tuple(rows))


def _located(message: str, source: str) -> errors.QueryError:
    """A QueryError saying where the parser stopped, without the grammar dump."""
    message = message.removeprefix("malformed query: ")
    match = _POSITION.search(message)
    if not match:
        return errors.QueryError(f"malformed query: {message}", source=source)
    line, column = int(match.group(1)), int(match.group(2))
    detail = message[match.end() :].split("\n", 1)[0]
    detail = re.sub(r",? \[[^\]]*$", "", detail)[:200]
    error = errors.QueryError(f"malformed query at line {line}, column {column}: {detail}", source=source, line=line)
    error.column = column  # type: ignore[attr-defined]
    return error


def data_update(verb: str, quads: Iterable[Quad]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` (``verb``) of quads, grouped by graph, in N-Triples terms."""
    by_graph: dict[Any, list[str]] = defaultdict(list)
    for q in quads:
        by_graph[q.graph_name].append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = []
    for graph, lines in by_graph.items():
        body = "\n".join(lines)
        blocks.append(body if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}")
    return f"{verb} DATA {{\n" + "\n".join(blocks) + "\n}"
