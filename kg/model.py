"""Typed, frozen records that travel between the pipeline stages.

Everything here is plain Python data: no rdflib terms, no IRIs. Records round-trip
through JSON with :func:`to_json` / :func:`from_json`, which is how they cross process
and Dask worker boundaries.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from dataclasses import dataclass
from typing import Any


class EntityType(str, enum.Enum):
    """The three kinds of named entity kg recognizes."""

    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"


class ArticleKind(str, enum.Enum):
    """What an item on a page is."""

    ARTICLE = "article"
    NOTICE = "notice"
    ADVERTISEMENT = "advertisement"
    CAPTION = "caption"


class EventType(str, enum.Enum):
    """Kinds of named event; each is a class of ``ontology/kg.ttl``."""

    MEETING = "meeting"  # 会议 大会 座谈会 …
    CAMPAIGN = "campaign"  # 行动 专项治理 会战 工程 攻坚 …
    ACTIVITY = "activity"  # “X”活动 赠书活动 …
    SELECTION = "selection"  # 评选 表彰 评比 …
    RECRUITMENT = "recruitment"  # 招生 考试 征兵 招聘 …
    HOLIDAY = "holiday"  # 春节 元旦 春运 …
    EVENT = "event"  # anything else


class Role(str, enum.Enum):
    """A byline role, as printed: 记者 is an author, the others contribute."""

    REPORTER = "reporter"  # 记者, 本报记者, 见习记者, 特约记者, 驻X记者 …
    CORRESPONDENT = "correspondent"  # 通讯员, 特约通讯员
    INTERN = "intern"  # 实习生
    PHOTOGRAPHER = "photographer"  # 摄影, 摄, 摄影记者
    WRITER = "writer"  # 文, 撰文, 本报评论员
    EDITOR = "editor"  # 编辑, 责任编辑

    @property
    def is_author(self) -> bool:
        return self in (Role.REPORTER, Role.WRITER)


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
    label: str = ""  # the role as printed, e.g. 驻荆州经开区记者
    post: str | None = None  # 驻X: the bureau the reporter is posted to


@dataclass(frozen=True)
class Dateline:
    """A lead such as 本报讯 or 新华社北京1月8日电."""

    text: str
    agency: str | None = None
    place: str | None = None
    date_text: str | None = None


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
    source: str = "rule"  # rule / gazetteer / tagger / consistency / byline
    # Canonical name and attributes decided from local context (see kg.extract.resolve).
    canonical: str | None = None
    code: str | None = None  # administrative code of a place
    job_title: str | None = None
    works_for: str | None = None  # canonical name of an organization
    located_in: str | None = None  # canonical name of a place (organization → place)


@dataclass(frozen=True)
class TimeSpan:
    """A normalized time expression: inclusive start and end at a granularity."""

    start: str
    end: str
    granularity: str  # day / month / year
    text: str
    offset: int = -1


@dataclass(frozen=True)
class EventMention:
    """A named event found in one article, with the mentions around it."""

    article: str
    start: int
    end: int
    name: str
    event_type: EventType
    time: TimeSpan | None = None
    place: int | None = None  # index into the article's mentions
    organizers: tuple[int, ...] = ()
    participants: tuple[tuple[int, str], ...] = ()  # (mention index, role)


@dataclass(frozen=True)
class ArticleResult:
    """Everything the per-article stages found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    events: tuple[EventMention, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One real-world person, organization or place across the whole build."""

    key: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    code: str | None = None
    parent: str | None = None  # key of the containing place
    job_titles: tuple[str, ...] = ()
    works_for: tuple[str, ...] = ()  # keys of organizations
    located_in: str | None = None  # key of a place
    mention_count: int = 0


@dataclass(frozen=True)
class Event:
    """One real-world event across the whole build."""

    key: str
    name: str
    event_type: EventType
    start: str | None = None
    end: str | None = None
    granularity: str | None = None
    place: str | None = None  # entity key
    organizers: tuple[str, ...] = ()
    participants: tuple[tuple[str, str], ...] = ()  # (entity key, role)
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageRecord:
    """What the store keeps of a page: where it came from and what it held."""

    meta: PageMeta
    content_hash: str
    articles: tuple[str, ...] = ()  # keys of the page's articles


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
    events: tuple[EventRecord, ...] = ()  # see :func:`kg.build.pipeline.compact_event_record`


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


# --------------------------------------------------------------------- JSON


def to_json(obj: Any) -> Any:
    """Turn a record (or nested records) into JSON-compatible data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (tuple, list)):
        return [to_json(x) for x in obj]
    return obj


def from_json(cls: type, data: Any) -> Any:
    """Rebuild a record of type ``cls`` from :func:`to_json` output."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _from_json_value(hints[f.name], data[f.name])
    return cls(**kwargs)


def _from_json_value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _from_json_value(inner[0], value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_json_value(args[0], v) for v in value)
        return tuple(_from_json_value(a, v) for a, v in zip(args, value))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_json(hint, value)
    return value


__all__ = [
    "Article",
    "ArticleKind",
    "ArticleResult",
    "Byline",
    "Dateline",
    "Entity",
    "EntityType",
    "Event",
    "EventMention",
    "EventType",
    "InputProblem",
    "Mention",
    "Page",
    "PageRecord",
    "PageResult",
    "EventRecord",
    "PageCounts",
    "PageGraph",
    "PageOutput",
    "BuildInfo",
    "PageMeta",
    "Role",
    "TimeSpan",
    "from_json",
    "to_json",
]
