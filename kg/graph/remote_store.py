"""Remote: a kg graph held by an external SPARQL server (``kg build --store URL``).

:class:`RemoteStore` offers what the build and the query modules use of
:class:`~kg.graph.store.GraphStore`, over HTTP with the standard library only:

- queries over the SPARQL 1.1 Protocol (``URL/query``), with the union of all graphs
  as the default graph (Oxigraph's ``union-default-graph`` parameter);
- a page's replacement as one SPARQL 1.1 Update request (``URL/update``): a server
  runs one request in one transaction, as Oxigraph does, so a page is never half
  written, as with the local store;
- other additions over the SPARQL 1.1 Graph Store HTTP Protocol (``URL/store?graph=``),
  one POST of N-Triples a named graph.

The endpoint layout is Oxigraph's (``oxigraph serve --location DIR``): the URL to give
is the server's root. Given one of its services instead (``URL/store``, ``/query``,
``/update``, ``/sparql``), the store goes back to the root: ``URL/store/update`` is a
Graph Store path to Oxigraph, which answers a SPARQL update there with 415.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from pyoxigraph import Quad, QueryResultsFormat, RdfFormat, parse, parse_query_results, serialize

from kg import errors
from kg.graph.namespace import KG, PREFIXES
from kg.graph.query import data_update

_RESULTS_JSON = "application/sparql-results+json"
# Oxigraph's services under the server's root, which the store appends itself.
_SERVICES = ("/store", "/query", "/update", "/sparql")
_PROLOGUE = "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIXES.items())


class RemoteStore:
    """A graph on a SPARQL server, used like :class:`~kg.graph.store.GraphStore`.

    Args:
        url: the server's root URL, e.g. ``http://127.0.0.1:7878`` (one of its services,
            ``…/store`` or ``…/query``, is taken back to the root).
        timeout: seconds to wait for each HTTP request.
    """

    path = None

    def __init__(self, url: str, *, timeout: float = 300.0):
        self.url = server_root(url)
        self.timeout = timeout

    # ---------------------------------------------------------------- reading

    def query(self, sparql: str, *, union: bool = True) -> Any:
        """Run a query: solutions, a boolean, or triples for CONSTRUCT and DESCRIBE.

        The kg prefixes are declared before the query, on its first line, so that
        the server's line numbers still hold.

        Args:
            union: the default graph is the union of all graphs, as for the local store.

        Raises:
            QueryError: the server rejects the query (its message included).
            StoreError: the server cannot be reached.
        """
        fields = {"query": _PROLOGUE + sparql, **({"union-default-graph": ""} if union else {})}
        body = urllib.parse.urlencode(fields).encode("utf-8")
        accept = f"{_RESULTS_JSON}, application/n-triples;q=0.9"
        try:
            ctype, data = self._request(
                "/query", body, "application/x-www-form-urlencoded", accept=accept, bad=errors.QueryError
            )
        except errors.QueryError as exc:
            raise errors.QueryError(_unshift(exc.message), source=exc.source) from None
        if ctype.startswith("application/n-triples"):
            return [q.triple for q in parse(data, RdfFormat.N_TRIPLES)]
        return parse_query_results(data, QueryResultsFormat.JSON)

    def __len__(self) -> int:
        found = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", union=False)
        return int(next(iter(found))["n"].value)

    def page_hashes(self) -> dict[str, str]:
        """Page IRI → its recorded content hash, in one query (not a request a page)."""
        query = f"SELECT ?p ?h WHERE {{ GRAPH ?p {{ ?p <{KG.contentHash}> ?h }} }}"
        return {row["p"].value: row["h"].value for row in self.query(query, union=False)}

    def quads(self) -> Iterator[Quad]:
        """Every quad, streamed as N-Quads from the Graph Store Protocol's dataset."""
        request = urllib.request.Request(self.url + "/store", headers={"Accept": "application/n-quads"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                yield from parse(response, RdfFormat.N_QUADS)
        except (urllib.error.URLError, OSError) as exc:
            raise errors.StoreError(f"cannot read the store: {getattr(exc, 'reason', exc)}", source=self.url) from None

    def dump(self, output: BinaryIO, *, fmt: str = "turtle") -> None:
        """Serialize the graph as :meth:`GraphStore.dump` does, streaming from the server."""
        from kg.graph.dump import serialize_quads

        serialize_quads(self.quads(), output, fmt=fmt)

    def dump_bytes(self, *, fmt: str = "turtle") -> bytes:
        buffer = io.BytesIO()
        self.dump(buffer, fmt=fmt)
        return buffer.getvalue()

    # ---------------------------------------------------------------- writing

    def replace_page(self, page_iri: str, nquads: bytes, *, graphs: Iterable[str] = ()) -> None:
        """Drop a page's graphs (its own, its articles' and ``graphs``), add ``nquads``: one request."""
        page = f"<{_iri(page_iri)}>"
        drops = "".join(f" ;\nDROP SILENT GRAPH <{_iri(g)}>" for g in graphs)
        drop = (
            f"DELETE {{ GRAPH ?a {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?a {{ ?a <{KG.page}> {page} }} "
            f"GRAPH ?a {{ ?s ?p ?o }} }} ;\nDROP SILENT GRAPH {page}{drops}"
        )
        quads = list(parse(nquads, format=RdfFormat.N_QUADS))
        self._update(drop + (" ;\n" + data_update("INSERT", quads) if quads else ""))

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads: one Graph Store Protocol POST of N-Quads to the whole dataset."""
        buffer = io.BytesIO()
        serialize(quads, buffer, RdfFormat.N_QUADS)
        if buffer.getvalue():
            self._request("/store", buffer.getvalue(), "application/n-quads")

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update on the server."""
        self._update(sparql)

    def settle(self) -> None:
        """Nothing to do: the server manages its own storage."""

    def flush(self) -> None:
        """Nothing to do: the server commits each request."""

    def close(self) -> None:
        """Nothing to do: each request opens its own connection."""

    # ---------------------------------------------------------------- HTTP

    def _update(self, sparql: str) -> None:
        self._request("/update", sparql.encode("utf-8"), "application/sparql-update", bad=errors.StoreError)

    def _request(
        self, path: str, body: bytes, ctype: str, *, accept: str = "*/*", bad: type[errors.KgError] = errors.StoreError
    ) -> tuple[str, bytes]:
        request = urllib.request.Request(
            self.url + path, data=body, method="POST", headers={"Content-Type": ctype, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace").strip()[:500]
            kind = bad if exc.code == 400 else errors.StoreError
            hint = "; is the URL the server's root, as `oxigraph serve` prints it?" if exc.code in (404, 405, 415) else ""
            raise kind(f"the server answered {exc.code}: {detail or exc.reason}{hint}", source=self.url + path) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise errors.StoreError(f"cannot reach the store: {reason}", source=self.url) from None


def server_root(url: str) -> str:
    """The server's root URL: ``url`` without a trailing ``/`` or one of Oxigraph's services.

    Raises:
        StoreError: the URL is not http:// or https://.
    """
    base = url.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise errors.StoreError("the store URL must be http:// or https://", source=url)
    for service in _SERVICES:
        if base.endswith(service) and len(base) > len(service) and "/" in base.split("://", 1)[1]:
            return base[: -len(service)]
    return base


def _unshift(message: str) -> str:
    """Put the parser's column back into the caller's first line, before the prologue."""
    return re.sub(
        r"error at 1:(\d+)", lambda m: f"error at 1:{max(1, int(m.group(1)) - len(_PROLOGUE))}", message
    )


def _iri(value: str) -> str:
    """An IRI checked for the characters that would end it early in SPARQL text."""
    if any(ch in value for ch in '<>"{}|^`\\ \n'):
        raise errors.StoreError(f"not a valid IRI: {value!r}")
    return value


