"""Bylines: a grammar of the roles and names newspapers print above or below a story.

Covers 本报讯(记者X 通讯员Y Z), a byline on its own line (□ 记者 X 通讯员 Y), 驻X记者,
见习/特约/首席记者, 实习生, 摄影 / X 摄, 文/图, wire datelines such as
新华社北京1月8日电(记者X), full- and half-width brackets, and several names split by
spaces, 、 or ，.

Each byline is parsed once, where it is found: :func:`read_line` parses a byline line
when :mod:`kg.read.paragraphs` tags it, and :func:`split_lead` parses the byline of a
dateline lead when :mod:`kg.read.segment` takes the lead apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import Byline, Dateline, Role
from kg.lang.chars import HAN_RANGES
from kg.lang.names import plausible_name

_HAN = HAN_RANGES
_NAME_CHARS = _HAN + r"·•"
_OPEN, _CLOSE = "(（〔[【", ")）〕]】"
_DECOR = "□■●◎◆◇★☆▲△○◯◉▪▫※→▶►◥◤ \u3000\t"
_MEDIA = r"本报|本台|本刊|本网|新华社|中新社|人民日报|央视|总台|[" + _HAN + r"]{2,6}(?:日报|晚报|晨报|报|电视台|广播电视台|融媒体中心|网)"

# Role keywords, longest first; each maps to its role.
_ROLE_WORDS: list[tuple[str, Role]] = [
    ("特约通讯员", Role.CORRESPONDENT),
    ("通讯员", Role.CORRESPONDENT),
    ("实习记者", Role.INTERN),
    ("实习生", Role.INTERN),
    ("摄影记者", Role.PHOTOGRAPHER),
    ("摄影报道", Role.PHOTOGRAPHER),
    ("摄影", Role.PHOTOGRAPHER),
    ("本报评论员", Role.WRITER),
    ("评论员", Role.WRITER),
    ("责任编辑", Role.EDITOR),
    ("编辑", Role.EDITOR),
    ("撰文", Role.WRITER),
    ("文/图", Role.REPORTER),
    ("文／图", Role.REPORTER),
    ("图/文", Role.REPORTER),
    ("文图", Role.REPORTER),
    ("文/", Role.WRITER),
    ("文／", Role.WRITER),
    ("图/", Role.PHOTOGRAPHER),
    ("图／", Role.PHOTOGRAPHER),
]
_PREFIX = (
    r"(?:" + _MEDIA + r")?(?:驻(?P<post>[" + _HAN + r"A-Za-z0-9]{1,14}?)(?:记者站)?)?"
    r"(?:首席|特约|见习|融媒体?|全媒体|特派|资深|本报|本台)?"
)
_ROLE_RE = re.compile(
    r"(?:文/图|文／图|图/文|文图)\s*(?=\S*记者)"  # 文/图 before a reporter: the reporter did both
    r"|" + _PREFIX + r"(?:" + "|".join(re.escape(w) for w, _ in _ROLE_WORDS) + r"|记者)"
)
_SEP = re.compile(r"[\s、，,;；/／]+")
_NAME = re.compile(r"^[" + _NAME_CHARS + r"]{1,8}$")
_TRAIL = re.compile(r"(?:报道|摄影?|采写|整理|发自\S*|撰稿)$")
_LEAD = re.compile(
    r"^(?P<agency>" + _MEDIA + r")"
    r"(?P<place>[" + _HAN + r"]{2,8}?)?"
    r"(?P<date>[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日)?"
    r"(?:讯|电)"
)
_WIRE_PLACE = re.compile(r"^[" + _HAN + r"]{2,8}$")


@dataclass(frozen=True)
class Lead:
    """The opening of a story's first paragraph: dateline and bracketed byline."""

    dateline: Dateline | None
    byline_text: str | None
    end: int  # where the story's own text starts in the paragraph
    bylines: tuple[Byline, ...] = ()  # byline_text parsed, in printed order


def parse_byline(text: str) -> tuple[Byline, ...] | None:
    """Parse a byline such as ``记者 X 通讯员 Y Z`` into roles and names.

    Returns:
        The bylines in printed order, or None when ``text`` is not a byline at all
        (anything that is neither a role word nor a name makes it not one).
    """
    body = text.strip(_DECOR).strip()
    if body[:1] in _OPEN and body[-1:] in _CLOSE:
        body = body[1:-1].strip()
    if not body:
        return None
    photo_tail = re.search(r"\s*(?:摄影?|摄影报道)$", body)
    if photo_tail and not _ROLE_RE.search(body):
        names = _split_names(body[: photo_tail.start()])
        if not names:
            return None
        return tuple(Byline(Role.PHOTOGRAPHER, n, "摄") for n in names)
    return _parse_roles(body)


def _parse_roles(body: str) -> tuple[Byline, ...] | None:
    matches = list(_ROLE_RE.finditer(body))
    if not matches or body[: matches[0].start()].strip(" \u3000、，,"):
        return None
    out: list[Byline] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        chunk = body[match.end() : end]
        names = _split_names(chunk)
        if names is None:
            return None
        if not names:
            continue  # 文/图 before 本报记者 X: X is named with the next role
        role, label = _role_of(match)
        if re.search(r"摄影?\s*$", chunk):
            # 记者 X 摄: the photograph's author, whatever the printed title.
            role = Role.PHOTOGRAPHER
        post = match.groupdict().get("post")
        out.extend(Byline(role, name, label, post) for name in names)
    return tuple(out) or None


def _role_of(match: re.Match[str]) -> tuple[Role, str]:
    label = match.group(0).strip()
    for word, role in _ROLE_WORDS:
        if label.endswith(word):
            return role, label
    return Role.REPORTER, label


def _split_names(chunk: str) -> list[str] | None:
    """Split a run of names; None when something in it is not a name."""
    chunk = _TRAIL.sub("", chunk.strip(" \u3000:：")).strip()
    tokens = [t for t in _SEP.split(chunk) if t]
    names: list[str] = []
    pending = ""
    for token in tokens:
        token = _TRAIL.sub("", token)
        if not token:
            continue
        if not _NAME.match(token):
            return None
        # Two-character names are often printed with a space inside (王 芳).
        if len(token) == 1:
            if pending:
                names.append(pending + token)
                pending = ""
            else:
                pending = token
            continue
        if pending:
            token, pending = pending + token, ""
        names.append(token)
    if pending or not all(plausible_name(n) for n in names):
        return None
    return names


def read_line(line: str) -> tuple[Byline, ...] | None:
    """Parse a whole line that is a byline (and nothing else).

    Returns:
        The bylines in printed order, or None when the line is not a byline.
    """
    stripped = line.strip(_DECOR)
    if not stripped or len(stripped) > 80 or "\t" in stripped:
        return None
    return parse_byline(stripped)


def is_byline(line: str) -> bool:
    """True when a whole line is a byline (and nothing else)."""
    return read_line(line) is not None


def opens_lead(paragraph: str) -> bool:
    """True when a paragraph opens with a dateline lead (本报讯, 新华社北京1月8日电 …).

    Only the dateline is matched: the lead's byline is left to :func:`split_lead`, so
    that tagging a paragraph does not parse it.
    """
    return _dateline(paragraph.lstrip(_DECOR)) is not None


def _dateline(text: str) -> re.Match[str] | None:
    match = _LEAD.match(text)
    if match is None or (match.group("place") and not _WIRE_PLACE.match(match.group("place"))):
        return None
    return match


def split_lead(paragraph: str) -> Lead | None:
    """Find a dateline lead (本报讯, 新华社北京1月8日电 …) and parse its byline.

    Returns:
        The lead with its byline text and parsed bylines, or None when the paragraph
        does not open with one.
    """
    text = paragraph.lstrip(_DECOR)
    skipped = len(paragraph) - len(text)
    match = _dateline(text)
    if match is None:
        return None
    pos = match.end()
    dateline = Dateline(
        text=match.group(0),
        agency=match.group("agency"),
        place=match.group("place"),
        date_text=match.group("date"),
    )
    found = _bracketed(text, pos) or _unbracketed(text, pos)
    if found is None:
        return Lead(dateline, None, skipped + pos)
    byline, bylines, pos = found
    return Lead(dateline, byline, skipped + pos, bylines)


_Found = tuple[str, tuple[Byline, ...], int]  # byline text, its bylines, where the story starts


def _bracketed(text: str, pos: int) -> _Found | None:
    rest = text[pos:].lstrip(" \u3000")
    start = len(text) - len(rest)
    if not rest or rest[0] not in _OPEN:
        return None
    close = next((i for i, ch in enumerate(rest) if ch in _CLOSE), -1)
    if close < 0 or close > 80:
        return None
    inner = rest[1:close]
    parsed = parse_byline(inner)
    if parsed is None:
        return None
    return inner, parsed, start + close + 1


def _unbracketed(text: str, pos: int) -> _Found | None:
    """``本报讯 记者 X 通讯员 Y 报道：`` followed by the story: the longest byline prefix.

    The prefix is found by trying each longer run of tokens, so this is the one place
    where the grammar reads a byline more than once.
    """
    best: _Found | None = None
    for match in _TOKEN.finditer(text, pos):
        token = match.group(1)
        if not (
            _ROLE_RE.fullmatch(token)
            or _plausible_name(token)
            or _TRAIL.fullmatch(token)
            or parse_byline(token) is not None
        ):
            break
        candidate = text[pos : match.end(1)].strip()
        parsed = parse_byline(candidate)
        if parsed is not None:
            best = (candidate, parsed, match.end())
        if match.group(2):  # a colon closes the byline
            break
    if best is None:
        return None
    candidate, parsed, end = best
    kept = _TRAIL.sub("", candidate).strip()
    if kept != candidate:
        # Dropping 摄/报道 can change a role (记者 X 摄): the bylines must be those of
        # the text that is kept as the byline.
        parsed = parse_byline(kept) or ()
    return kept, parsed, end


_TOKEN = re.compile(r"[\s\u3000]*([^\s\u3000：:]+)([：:])?")
_NOT_NAME_START = set("今近昨前日据在为从对由于自这此该本我该各某去明后上下")


def _plausible_name(token: str) -> bool:
    names = _split_names(token)
    return bool(names) and all(2 <= len(n) <= 4 and n[0] not in _NOT_NAME_START for n in names)


def dedupe(bylines: Iterable[Byline]) -> tuple[Byline, ...]:
    """The bylines in order, each role and name once (a story may credit a name twice)."""
    seen: set[tuple[Role, str]] = set()
    out = []
    for b in bylines:
        if (b.role, b.name) not in seen:
            seen.add((b.role, b.name))
            out.append(b)
    return tuple(out)
