"""IRIs: the vocabularies kg writes, and the minting of IRIs for its own data.

The ``KG`` terms mirror ``ontology/kg.ttl`` one for one (a test checks it). Values are
plain strings so that this module stays free of any RDF library; ``kg.graph.rdf`` wraps them.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from urllib.parse import quote, unquote

from kg.entity_kinds import EntityKind
from kg.event_types import EventFamily, EventType, Figure
from kg.roles import Role

DEFAULT_BASE = "https://kg.example.org/"


def _camel(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("_"))


# The class of each event type: CamelCase of its code (project_start → ProjectStart),
# except activity, whose class kg had before the taxonomy (PublicActivity); the
# catch-all ``event`` is schema:Event alone. Each family is a class too.
_EVENT_TERMS = {
    t: "PublicActivity" if t is EventType.ACTIVITY else _camel(t.value) for t in EventType if t is not EventType.EVENT
}
_FAMILY_TERMS = {f: _camel(f.value) + "Event" for f in EventFamily}


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
    Participation participation participant participantRole
    deaths injuries missing trapped rescued arrests area amount magnitude
    homeCity homeProvince homeCounty
    speech speakerDescription speakerRole
    Road Highway Square Market
    """
    + " ".join((*_EVENT_TERMS.values(), *_FAMILY_TERMS.values())),
)

SCHEMA = _Vocabulary(
    "https://schema.org/",
    """
    NewsArticle Article CreativeWork Newspaper PublicationIssue Person Organization Place
    Event SocialEvent EducationEvent Festival BusinessEvent SportsEvent ExhibitionEvent TheaterEvent
    about QuantitativeValue value unitText
    headline alternativeHeadline articleBody datePublished printPage isPartOf author
    contributor mentions name alternateName identifier containedInPlace jobTitle worksFor
    location startDate endDate organizer attendee issueNumber url softwareVersion
    locationCreated dateCreated sourceOrganization
    Quotation text creator
    GovernmentOrganization Corporation SportsTeam Hospital EducationalOrganization NGO
    NewsMediaOrganization Store PoliticalParty Country AdministrativeArea City Park CivicStructure
    LandmarksOrHistoricalBuildings TouristAttraction BodyOfWater Mountain
    """,
)

PROV = _Vocabulary(
    "http://www.w3.org/ns/prov#",
    """
    Activity SoftwareAgent Attribution Role Influence used startedAtTime endedAtTime
    wasGeneratedBy wasAssociatedWith qualifiedAttribution agent hadRole wasDerivedFrom
    invalidated
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
    "string date gYearMonth gYear dateTime integer nonNegativeInteger decimal",
)

# The kg:BylineRole of each byline role: a credit's prov:hadRole. Roles are kept apart
# everywhere (stats, views, named queries) by this term, not by schema:author, which
# holds both reporters and writers.
ROLE_TERMS = {
    Role.REPORTER: KG.Reporter,
    Role.CORRESPONDENT: KG.Correspondent,
    Role.INTERN: KG.Intern,
    Role.PHOTOGRAPHER: KG.Photographer,
    Role.WRITER: KG.Writer,
    Role.EDITOR: KG.Editor,
}

# The class of each finer kind of organization or place: schema.org's, or kg's where
# schema.org has none (a test checks each is a subclass of its base class).
KIND_CLASSES: dict[EntityKind, str] = {
    kind: getattr(KG if kind.vocabulary == "kg" else SCHEMA, kind.value) for kind in EntityKind
}

# The class of each event type and family in ontology/kg.ttl (a test checks both ways).
EVENT_CLASSES: dict[EventType, str] = {t: KG.ns + term for t, term in _EVENT_TERMS.items()}
FAMILY_CLASSES: dict[EventFamily, str] = {f: KG.ns + term for f, term in _FAMILY_TERMS.items()}
# The schema.org class each event class is a kind of, where it is not schema:Event itself
# (kg.ttl states it as rdfs:subClassOf; the graph states it too, for schema.org readers).
SCHEMA_EVENT_CLASSES: dict[str, str] = {
    FAMILY_CLASSES[EventFamily.ECONOMY]: SCHEMA.BusinessEvent,
    **{EVENT_CLASSES[t]: SCHEMA.BusinessEvent for t in EventType if t.family is EventFamily.ECONOMY},
    EVENT_CLASSES[EventType.ACTIVITY]: SCHEMA.SocialEvent,
    EVENT_CLASSES[EventType.VOLUNTEER]: SCHEMA.SocialEvent,
    EVENT_CLASSES[EventType.EXHIBITION]: SCHEMA.ExhibitionEvent,
    EVENT_CLASSES[EventType.PERFORMANCE]: SCHEMA.TheaterEvent,
    EVENT_CLASSES[EventType.COMPETITION]: SCHEMA.SportsEvent,
    EVENT_CLASSES[EventType.FESTIVAL]: SCHEMA.Festival,
}
# The property of each figure: counts of persons are integers on the event; an area, an
# amount of money and a magnitude are schema:QuantitativeValue nodes, with their unit.
FIGURE_TERMS: dict[Figure, str] = {f: getattr(KG, f.value) for f in Figure}

# The datatypes NIF 2.0 Core gives its offsets (rdfs:range of nif:beginIndex and
# nif:endIndex). Oxigraph, like most stores, keeps any integer literal as xsd:integer,
# so the export types them back (kg.graph.export.nif_typed).
NIF_DATATYPES = {NIF.beginIndex: XSD.nonNegativeInteger, NIF.endIndex: XSD.nonNegativeInteger}

PREFIXES = {
    "schema": SCHEMA.ns,
    "kg": KG.ns,
    "prov": PROV.ns,
    "nif": NIF.ns,
    "rdf": RDF.ns,
    "rdfs": RDFS.ns,
    "xsd": XSD.ns,
}


@functools.lru_cache(maxsize=4096)  # papers, dates and bylines' names recur on every page
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

    def organization(self, *parts: str) -> str:
        """An organization by its name, or by the paper (or article) that scopes it and its name."""
        return self._path("org", *parts)

    def place(self, *parts: str) -> str:
        """A place by code, by name, or by its county's code and its own name."""
        return self._path("place", *parts)

    def event(self, name: str, start: str | None) -> str:
        """A named event by its name and its date at the precision the text gives (event/雷火行动/2022)."""
        return self._path("event", name, start or "undated")

    def event_name_and_date(self, iri: str) -> tuple[str, str | None] | None:
        """A named event's name and date as :meth:`event` minted them into ``iri``; None for another IRI."""
        parts = iri[len(self.base) + 6 :].split("/") if iri.startswith(self.base + "event/") else ()
        if len(parts) != 2:  # a happening's has its type and place too
            return None
        name, date = (unquote(part) for part in parts)
        return name, None if date == "undated" else date

    def happening(self, code: str, place: Sequence[str], date: str | None) -> str:
        """A happening by its type, its place's key and its date at its precision (event/fire/421003/2023-01-08)."""
        return self._path("event", code, *(place or ("unplaced",)), date or "undated")

    def mention(self, article_iri: str, start: int, end: int) -> str:
        return f"{article_iri}#char={start},{end}"

    def build(self, build_id: str) -> str:
        return self._path("build", build_id)

    def software(self, version: str) -> str:
        return self._path("software", "kg", version)

    def graph(self, name: str) -> str:
        return self._path("graph", name)
