"""What the SPARQL endpoint refuses before it runs anything: queries past the query limits
or that would make it fetch other addresses (:func:`screened`, one scan for both),
requests a web page of another site (or a DNS-rebinding host name) makes, and which web
pages may read its answers (CORS).

Kept apart from :mod:`kg.web.serve` so that they can be tested on their own.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import fields
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from kg.graph.query_limits import LIMITS, QueryLimits, Scan, checked, scan
from kg.web.protocol import Failure

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# What makes the server fetch a URL: a query's SERVICE clause; an update's LOAD too.
_QUERY_FETCHES = frozenset({"service"})
_UPDATE_FETCHES = frozenset({"service", "load"})
_PARSED_FETCHES = frozenset({"ServiceGraphPattern", "Load"})
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# rdflib's parser recurses some thirty Python frames per level of nesting; the query
# limits keep the nesting to 64 levels, and it runs on the engine's large stack.
_PARSER_RECURSION = 20_000
_PARSER_LOCK = threading.Lock()
SERVICE_REFUSED = ("federated queries (SERVICE) are refused: they would make this server fetch other "
                   "addresses (start `kg serve --allow-service` to allow them)")
LOAD_REFUSED = ("LOAD and SERVICE are refused: they would make this server fetch other addresses "
                "(start `kg serve --allow-service` to allow them)")


def screened(text: str, *, update: bool = False, allow_service: bool = False) -> str:
    """The text the engine may run: measured within the query limits, and fetching nothing.

    The text is scanned once, for the limits and the keywords both.

    Raises:
        QueryError: a measure is over its limit (KG301).
        Failure: 403 for SERVICE (or an update's LOAD) without ``allow_service``.
    """
    source = "update" if update else "query"
    measured = _measured(text, source=source)
    if not allow_service and fetches(measured.engine_text, update=update, keywords=measured.shape.keywords):
        raise Failure(HTTPStatus.FORBIDDEN, LOAD_REFUSED if update else SERVICE_REFUSED)
    return measured.engine_text


def _measured(text: str, *, source: str) -> Scan:
    """The scan of a text within :data:`LIMITS`; past them, :func:`checked` names the limit."""
    if len(text) <= LIMITS.length:  # else not scanned at all: the scan's time grows with the text
        result = scan(text)
        if all(getattr(result.shape, f.name) <= getattr(LIMITS, f.name) for f in fields(QueryLimits)):
            return result
    checked(text, source=source)  # raises QueryError, naming the measure over its limit
    raise AssertionError("a text over the limits passed checked()")


def fetches(text: str, *, update: bool = False, keywords: frozenset[str] | None = None) -> bool:
    """Whether running a query (or an update) would make the server fetch another address.

    A SERVICE clause, and an update's LOAD, make the server send an HTTP request to the
    address they name: to any machine the server can reach. The keyword is looked for in
    two readings of the text, and either suffices: the tokens as Oxigraph splits them
    (strings, IRIs, comments, escaped local names such as ``ex:a\\#`` and comments that
    end at a carriage return, see :mod:`kg.graph.query_limits`), and the parse tree of
    rdflib's SPARQL parser. A text in which no spelling of the keyword can occur, even
    with its ``\\u`` escapes decoded, is not parsed at all. Give it text within the
    query limits (:func:`kg.graph.query_limits.checked`): rdflib's parser recurses deeply.
    ``keywords``: those of a scan of ``text`` already made (:func:`screened`), else it is scanned.
    """
    words = _UPDATE_FETCHES if update else _QUERY_FETCHES
    folded = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text).casefold()
    if not any(word in folded for word in words):
        return False
    if (keywords if keywords is not None else scan(text).shape.keywords) & words:
        return True
    return _parsed_fetch(text, update=update)


def _parsed_fetch(text: str, *, update: bool) -> bool:
    """Whether rdflib's parse tree of ``text`` holds a SERVICE clause or a LOAD.

    A text rdflib cannot parse (SPARQL 1.2 syntax such as LATERAL, or no SPARQL at all)
    is left to the token reading, which found no keyword.
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # The recursion limit is the process's: one parse at a time raises it, and puts it back.
    with _PARSER_LOCK:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _PARSER_RECURSION))
        try:
            tree = parseUpdate(text) if update else parseQuery(text)
        except Exception:  # pyparsing's ParseException, or a RecursionError past the nesting allowed
            return False
        finally:
            sys.setrecursionlimit(limit)
    return _holds(tree, _PARSED_FETCHES)


def _holds(node: Any, names: frozenset[str]) -> bool:
    """Whether a parse tree of rdflib (CompValues in lists and dicts) has a node named one of ``names``."""
    pending = [node]
    while pending:
        item = pending.pop()
        if getattr(item, "name", None) in names:
            return True
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            pending.extend(item)
    return False


def hostname(host: str) -> str:
    """The host of a Host header: ``[::1]:7879`` → ``::1``, ``localhost:80`` → ``localhost``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def names_loopback(host_header: str | None) -> bool:
    """Whether a request's Host header names this machine (a missing one does, in HTTP/1.0).

    A web page whose host name an attacker re-points at 127.0.0.1 (DNS rebinding)
    sends its own name: refusing it keeps such pages out of a loopback server.
    """
    return hostname(host_header or "localhost") in LOOPBACK


def same_origin(origin: str | None, host_header: str | None, *, trusted: Iterable[str] = ()) -> bool:
    """Whether a request comes from no web page at all (no Origin header), from a page of
    the server's own origin, or from one of the ``trusted`` origins (``--cors``)."""
    if origin is None:
        return True
    if _origin(origin) in {_origin(o) for o in trusted if o != "*"}:
        return True
    return urlsplit(origin).netloc.lower() == (host_header or "").strip().lower()


def allowed_origin(origin: str | None, allowed: Iterable[str]) -> str | None:
    """The ``Access-Control-Allow-Origin`` to answer a request's ``Origin`` with, or None.

    Without it a browser keeps the answer from the page that asked: any web page the
    user opens could otherwise read the local graph. Only the origins given to
    ``kg serve --cors`` get one (``*``: every origin).
    """
    allowed = tuple(allowed)
    if "*" in allowed:
        return "*"
    if origin is not None and _origin(origin) in {_origin(o) for o in allowed}:
        return origin
    return None


def _origin(text: str) -> str:
    """An origin as compared: lower case, without a trailing slash."""
    return text.strip().rstrip("/").lower()
