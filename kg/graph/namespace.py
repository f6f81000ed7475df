"""IRIs: the vocabularies kg writes, and the minting of IRIs for its own data.

The ``KG`` terms mirror ``ontology/kg.ttl`` one for one (a test checks it). Values are
plain strings so that this module stays free of any RDF library; ``kg.graph.rdf`` wraps them.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote

DEFAULT_BASE = "https://kg.example.org/"


class _Vocabulary:
    """Attribute access to the terms of one namespace, e.g. ``SCHEMA.headline``."""

    def __init__(self, ns: str, terms: str):
        self.ns = ns
        self.terms = tuple(terms.split())
        for term in self.terms:
            setattr(self, term, ns + term)

    def __getattr__(self, name: str) -> str:  # only reached for unknown terms
        raise AttributeError(f"{self.ns}{name} is not a term kg uses")

    def iris(self) -> frozenset[str]:
        return frozenset(self.ns + t for t in self.terms)


KG = _Vocabulary(
    "https://kg.example.org/ontology#",
    """
    Page Notice Advertisement PhotoNews page sourceFile contentHash kicker subheadline
    rubric dateline photoCaption continuedFrom continuedTo
    BylineRole Reporter Correspondent Intern Photographer Writer Editor printedRole post
    Mention denotes recognizedBy
    Meeting Campaign PublicActivity Selection Recruitment Holiday
    Participation participation participant participantRole
    homeCity homeProvince homeCounty
    speech speakerDescription speakerRole
    """,
)

SCHEMA = _Vocabulary(
    "https://schema.org/",
    """
    NewsArticle Article CreativeWork Newspaper PublicationIssue Person Organization Place
    Event SocialEvent EducationEvent Festival
    headline alternativeHeadline articleBody datePublished printPage isPartOf author
    contributor mentions name alternateName identifier containedInPlace jobTitle worksFor
    location startDate endDate organizer attendee issueNumber url softwareVersion
    locationCreated dateCreated sourceOrganization
    Quotation text creator
    """,
)

PROV = _Vocabulary(
    "http://www.w3.org/ns/prov#",
    """
    Activity SoftwareAgent Attribution Role Influence used startedAtTime endedAtTime
    wasGeneratedBy wasAssociatedWith qualifiedAttribution agent hadRole wasDerivedFrom
    """,
)

NIF = _Vocabulary(
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "Context Phrase String beginIndex endIndex anchorOf referenceContext",
)

RDF = _Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type")
RDFS = _Vocabulary("http://www.w3.org/2000/01/rdf-schema#", "label")
XSD = _Vocabulary(
    "http://www.w3.org/2001/XMLSchema#",
    "string date gYearMonth gYear dateTime integer nonNegativeInteger",
)

PREFIXES = {
    "schema": SCHEMA.ns,
    "kg": KG.ns,
    "prov": PROV.ns,
    "nif": NIF.ns,
    "rdf": RDF.ns,
    "rdfs": RDFS.ns,
    "xsd": XSD.ns,
}


def iri_segment(name: str) -> str:
    """Percent-encode a name for one IRI path segment, keeping letters and digits readable.

    Unicode letters and digits (Chinese characters included) stay as they are, which
    RFC 3987 allows in IRIs; everything else (spaces, quotes, brackets, slashes …) is
    percent-encoded as UTF-8, so any name gives a valid IRI.
    """
    out = []
    for ch in unicodedata.normalize("NFC", name):
        if ch.isascii():
            out.append(ch if (ch.isalnum() or ch in "-._~") else quote(ch, safe=""))
        elif unicodedata.category(ch)[0] in "LN":
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out) or "_"


class Minter:
    """Mints the IRIs of kg's own resources under a configurable base."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _path(self, kind: str, *parts: str) -> str:
        return self.base + kind + "/" + "/".join(iri_segment(p) for p in parts)

    def article(self, key: str) -> str:
        """An article's IRI from its key (``paper/date/page/hash``, parts with / escaped)."""
        return self._path("article", *(unquote(part) for part in key.split("/")))

    def page(self, paper: str | None, date: str | None, page_id: str) -> str:
        return self._path("page", paper or "unknown", date or "undated", page_id)

    def issue(self, paper: str | None, date: str | None) -> str:
        return self._path("issue", paper or "unknown", date or "undated")

    def newspaper(self, paper: str) -> str:
        return self._path("newspaper", paper)

    def person(self, name: str) -> str:
        return self._path("person", name)

    def organization(self, name: str) -> str:
        return self._path("org", name)

    def place(self, *parts: str) -> str:
        """A place by code, by name, or by its county's code and its own name."""
        return self._path("place", *parts)

    def event(self, name: str, start: str | None) -> str:
        return self._path("event", name, start or "undated")

    def mention(self, article_iri: str, start: int, end: int) -> str:
        return f"{article_iri}#char={start},{end}"

    def build(self, build_id: str) -> str:
        return self._path("build", build_id)

    def software(self, version: str) -> str:
        return self._path("software", "kg", version)

    def graph(self, name: str) -> str:
        return self._path("graph", name)
