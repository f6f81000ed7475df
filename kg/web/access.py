"""What the SPARQL endpoint refuses before it runs anything: federated queries, and
requests a web page of another site (or a DNS-rebinding host name) makes.

These checks are plain text tests, kept apart from :mod:`kg.web.serve` so that they can be
tested on their own.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Where the keyword SERVICE cannot hide: IRIs (by the strict IRIREF rule, so that a
# ``<`` comparison is not taken for one), strings and comments; they are blanked
# before the keyword is looked for.
_OPAQUE = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*"
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def uses_service(query: str) -> bool:
    """Whether a SPARQL query holds a SERVICE clause (outside strings, IRIs and comments).

    A SERVICE clause makes the server send an HTTP request to the address the query
    names: to any machine the server can reach. The text is also checked with its
    ``\\uXXXX`` escapes decoded, as the SPARQL grammar allows before parsing, so the
    keyword cannot be spelled around the check.
    """
    decoded = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return any(_SERVICE.search(_OPAQUE.sub(" ", text)) for text in (query, decoded))


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


def same_origin(origin: str | None, host_header: str | None) -> bool:
    """Whether a request comes from no web page at all (no Origin header), or from a
    page of the server's own origin."""
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == (host_header or "").strip().lower()
