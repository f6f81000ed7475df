"""Typed, frozen records that travel between the pipeline stages.

Everything here is plain Python data: no rdflib terms, no IRIs. Records cross process
and Dask worker boundaries by pickling.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kg.entity_kinds import EntityKind
from kg.event_types import EventFamily, EventRole, EventType, Figure
from kg.roles import Role


class EntityType(str, enum.Enum):
    """The three kinds of named entity kg recognizes."""

    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"


class MentionSource(enum.StrEnum):
    """What found a mention, most reliable first; kept in the graph as ``kg:recognizedBy``."""

    TABLE = "table"  # a name in a contact table
    RULE = "rule"  # title + name, party committees, abbreviations, addresses …
    SURNAME = "surname"  # a bare surname before a title (江主席's 江)
    GRAMMAR = "grammar"  # the organization grammar: owner + body + suffix
    GAZETTEER = "gazetteer"  # a full name of the administrative gazetteer or a national body
    RECURRENCE = "recurrence"  # a name found again where it recurs in the article
    TAGGER = "tagger"  # the statistical tagger
    ALIAS = "alias"  # a short name of the gazetteer
    LIST = "list"  # an item of a list of names (张三、李四和王五)
    CONSISTENCY = "consistency"  # a tagger name found again elsewhere in the article
    SHORT_NAME = "short-name"  # a one-character short name of a place in a compound (中美, 访华, 中方)


@dataclass(frozen=True, order=True)
class EntityKey:
    """The identity of one real-world person, organization or place across the graph.

    ``path`` is a place's administrative code; a township's or village's parent code and
    names (``("421022", "某镇")``); else the canonical name. Printed ``LOC:421022/某镇``.
    """

    type: EntityType
    path: tuple[str, ...]

    @classmethod
    def of(cls, type: EntityType, *path: str) -> EntityKey:
        """``EntityKey.of(EntityType.LOC, "421000")``."""
        return cls(type, tuple(path))

    def within(self, name: str) -> EntityKey:
        """The key of ``name`` inside this place (a township in its county)."""
        return EntityKey(self.type, (*self.path, name))

    def __str__(self) -> str:
        return f"{self.type.value}:{'/'.join(self.path)}"


@dataclass(frozen=True)
class EventKey:
    """The identity of one real-world event: its normalized name and start date."""

    name: str
    start: str | None = None

    def __str__(self) -> str:
        return f"{self.name}/{self.start or 'undated'}"


@dataclass(frozen=True)
class StoredEvent:
    """A named event the graph holds from earlier builds: its key, name and days (ISO, first and last)."""

    key: EventKey
    name: str
    start: str | None = None
    end: str | None = None


class ArticleKind(str, enum.Enum):
    """What an item on a page is."""

    ARTICLE = "article"
    NOTICE = "notice"
    ADVERTISEMENT = "advertisement"
    CAPTION = "caption"


@dataclass(frozen=True)
class PageMeta:
    """Where a page comes from and what issue it belongs to.

    ``date`` is an ISO date (YYYY-MM-DD) or None when unknown: kg never guesses it.
    ``page_id`` identifies the page inside its issue: the printed page number when
    known, else the source file's stem.
    """

    source: str
    paper: str | None = None
    date: str | None = None
    page: str | None = None
    page_id: str = ""
    home_city: str | None = None
    province: str | None = None
    url: str | None = None
    # A county paper's county or county-level city (宜都市 for 宜都报); its city stays
    # ``home_city`` (宜昌市), whose places it prefers.
    home_county: str | None = None

    def home(self, level: str) -> str | None:
        """The paper's own division at a level (省 市 县 区), as 我市 or 市委 name it.

        A county-level city's paper is that city's (宜都报: 市委 is 宜都市's), a county's
        paper its county's; the province is the province.
        """
        if self.home_county and self.home_county.endswith(level):
            return self.home_county
        return {"市": self.home_city, "省": self.province}.get(level)


@dataclass(frozen=True)
class Page:
    """The decoded text of one page export, or of one JSON Lines record."""

    meta: PageMeta
    text: str
    # For JSON Lines records the article is already cut out: its headline and byline.
    headline: str | None = None
    byline: str | None = None
    line: int = 1


@dataclass(frozen=True)
class Byline:
    """One person named in a byline with the role printed before the name."""

    role: Role
    name: str
    label: str = ""  # the role as printed, e.g. 驻某某区记者
    post: str | None = None  # 驻X: the bureau the reporter is posted to


@dataclass(frozen=True)
class Dateline:
    """A lead such as 本报讯 or 新华社北京1月8日电, its parts as printed.

    ``agency`` is the outlet (the first, when several are joined by 、 - /, all of them
    in ``outlets``), ``place`` the place written from (北京) and ``date_text`` the date
    (1月8日); ``text`` is the whole dateline (with a leading 据 where printed).
    """

    text: str
    agency: str | None = None
    place: str | None = None
    date_text: str | None = None
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Created:
    """What a dateline states as data: where and when a story was written, and whose copy it is.

    ``place`` is resolved like a mention of the same name (one node for both), and
    ``within`` holds the divisions that contain it, up to the province, so that its
    ``schema:containedInPlace`` leads to a node. ``sources`` are the agencies or outlets
    whose copy the paper prints (新华社 → 新华通讯社); the paper's own story (本报讯) has none.
    """

    place: Entity | None = None  # schema:locationCreated
    date: str | None = None  # schema:dateCreated: ISO, normalized against the issue date
    sources: tuple[Entity, ...] = ()  # schema:sourceOrganization
    within: tuple[Entity, ...] = ()

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Every node the dateline names: the place, the places containing it, the sources."""
        return (*((self.place,) if self.place else ()), *self.within, *self.sources)


@dataclass(frozen=True)
class Article:
    """One item of a page: its headings, byline and body text.

    Offsets of every mention refer to ``text``.
    """

    key: str
    meta: PageMeta
    kind: ArticleKind
    headline: str | None
    text: str
    seq: int = 0
    kicker: str | None = None
    subheadline: str | None = None
    rubric: str | None = None
    bylines: tuple[Byline, ...] = ()
    byline_text: str | None = None
    dateline: Dateline | None = None
    captions: tuple[str, ...] = ()
    continued_from: str | None = None  # 上接第N版
    continued_to: str | None = None  # 下转第N版
    table: tuple[tuple[str, ...], ...] = ()
    table_start: int = -1  # offset in ``text`` where the table's first row begins


@dataclass(frozen=True)
class Mention:
    """A span of an article's text that names a person, organization or place."""

    article: str
    start: int
    end: int
    text: str
    type: EntityType
    source: MentionSource = MentionSource.RULE
    # Canonical name and attributes decided from local context (see kg.extract.resolve).
    canonical: str | None = None
    code: str | None = None  # administrative code of a place
    job_title: str | None = None
    works_for: str | None = None  # canonical name of an organization
    located_in: EntityKey | None = None  # the place a place or an organization lies in
    entity: EntityKey | None = None  # what the mention denotes, decided by resolution
    kind: EntityKind | None = None  # a finer class of an organization or place (Hospital, Road …)


@dataclass(frozen=True)
class TimeSpan:
    """A normalized time expression: inclusive start and end at a granularity."""

    start: str
    end: str
    granularity: str  # day / month / year
    text: str
    offset: int = -1


@dataclass(frozen=True)
class FigureValue:
    """A figure an article states of an event (死亡3人): what it counts, its value and unit, where."""

    figure: Figure
    value: float
    unit: str  # 人 亩 平方米 万元 级 …, as printed
    start: int  # offsets of the figure's phrase in the article's text
    end: int


@dataclass(frozen=True)
class EventMention:
    """An event found in one article: a named one (its name's span) or a happening (its trigger's span).

    ``start``/``end`` are offsets into the article's text of the name (中央经济工作会议)
    or of the trigger (火灾, 抓获, 调研); ``named`` tells which. ``main`` marks the event
    the headline and lead report (one an article at most).
    """

    article: str
    start: int
    end: int
    name: str
    event_type: EventType
    time: TimeSpan | None = None
    place: int | None = None  # index into the article's mentions
    organizers: tuple[int, ...] = ()
    participants: tuple[tuple[int, str], ...] = ()  # (mention index, an EventRole value)
    named: bool = True
    main: bool = False
    figures: tuple[FigureValue, ...] = ()


class Speech(str, enum.Enum):
    """How a quotation gives what was said: in the speaker's words, or reported."""

    DIRECT = "direct"  # the words in quotation marks
    REPORTED = "reported"  # a clause after a speech verb, in the writer's words


@dataclass(frozen=True)
class Quotation:
    """What someone said in one article, with the speaker as far as the text tells.

    ``start``/``end`` are offsets into the article's text of the words said (without
    the quotation marks). ``entity`` is the Person or Organization that spoke, the same
    key as the article's mentions of it; an organization's ``role`` (负责人, 发言人) is
    the part of it that spoke. ``speaker`` is the speaker phrase as printed.
    """

    article: str
    start: int
    end: int
    text: str
    speech: Speech = Speech.DIRECT
    speaker: str | None = None
    entity: EntityKey | None = None
    role: str | None = None


@dataclass(frozen=True)
class ArticleResult:
    """Everything the per-article stages found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    events: tuple[EventMention, ...] = ()
    created: Created | None = None  # the dateline as data (place, date, source); None without one
    quotes: tuple[Quotation, ...] = ()  # direct quotations and reported speech, in text order


@dataclass(frozen=True)
class Entity:
    """One real-world person, organization or place across the whole build."""

    key: EntityKey
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    code: str | None = None
    parent: EntityKey | None = None  # the containing place
    job_titles: tuple[str, ...] = ()
    works_for: tuple[EntityKey, ...] = ()  # organizations
    located_in: EntityKey | None = None  # a place
    mention_count: int = 0
    kind: EntityKind | None = None  # the finer class its mentions agree on


@dataclass(frozen=True)
class Event:
    """One real-world event across the whole build."""

    key: EventKey
    name: str
    event_type: EventType
    start: str | None = None
    end: str | None = None
    granularity: str | None = None
    place: EntityKey | None = None
    organizers: tuple[EntityKey, ...] = ()
    participants: tuple[tuple[EntityKey, str], ...] = ()  # (entity, role)
    articles: tuple[str, ...] = ()
    named: bool = True
    figures: tuple[tuple[Figure, float, str], ...] = ()  # (what, value, unit): the largest stated
    main_of: tuple[str, ...] = ()  # the articles whose main event it is (schema:about)


@dataclass(frozen=True)
class PageRecord:
    """What the store keeps of a page: where it came from and what it held."""

    meta: PageMeta
    content_hash: str
    articles: tuple[str, ...] = ()  # keys of the page's articles
    # The paper's home places by role (city, province, county), resolved with the page.
    homes: tuple[tuple[str, Entity], ...] = ()


@dataclass(frozen=True)
class PageResult:
    """What the per-page stages made of one page: the unit a worker returns."""

    record: PageRecord
    articles: tuple[ArticleResult, ...] = ()


EventRecord = tuple[Article, tuple[Mention, ...], tuple[EventMention, ...]]


@dataclass(frozen=True)
class PageCounts:
    """What the build report counts of a page."""

    items: tuple[tuple[str, int], ...] = ()  # (article kind, count)
    bylined: int = 0
    mentions: tuple[tuple[str, int], ...] = ()  # (mention type, count)
    events: int = 0


@dataclass(frozen=True)
class PageGraph:
    """A page's part of the graph, serialized as N-Quads ready for the store to load."""

    own: bytes  # the page's graph and its articles' graphs: written by this page alone
    shared: tuple[bytes, ...] = ()  # N-Quads lines of shared graphs, which other pages may state too


@dataclass(frozen=True)
class PageOutput:
    """What a worker returns for one page: compact, ready to write, no text kept."""

    record: PageRecord
    counts: PageCounts
    graph: PageGraph
    events: tuple[EventRecord, ...] = ()  # see :func:`kg.build.pages.compact_event_record`


@dataclass(frozen=True)
class BuildInfo:
    """One run of ``kg build``: the PROV-O activity that generated graphs."""

    build_id: str
    started: str  # ISO date-time, UTC
    ended: str
    version: str
    inputs: tuple[str, ...] = ()  # source files read


@dataclass(frozen=True)
class InputProblem:
    """A reason an input (or part of it) could not be read."""

    source: str
    code: str
    message: str
    line: int | None = None


__all__ = [
    "Article",
    "ArticleKind",
    "ArticleResult",
    "Byline",
    "Created",
    "Dateline",
    "Entity",
    "EntityKey",
    "EntityType",
    "Event",
    "EventKey",
    "EventMention",
    "EventFamily",
    "EventRole",
    "EventType",
    "Figure",
    "FigureValue",
    "InputProblem",
    "Mention",
    "MentionSource",
    "Page",
    "PageRecord",
    "PageResult",
    "EventRecord",
    "PageCounts",
    "PageGraph",
    "PageOutput",
    "BuildInfo",
    "PageMeta",
    "Quotation",
    "Role",
    "Speech",
    "TimeSpan",
]
