"""Datelines: the lead that opens a story, and the byline printed with it.

The grammar of a dateline, a grammar and not a list of papers::

    [据] OUTLET ([、-/] OUTLET)* [PLACE] [DATE] [PLACE] END

OUTLET is :data:`kg.read.bylines.OUTLET` (本报, …日报, …网, …在线, …客户端, …社 …), PLACE
two to eight Han characters, DATE 1月8日 (full-width or Chinese numerals too, with a year
or the day alone), and END 讯 or 电, or 消息 / 信息 / 报道 when a colon or a bracket follows
(a sentence may start with an outlet that reports something). 电 ends a dateline only
after a date or an agency (…社 电): 举报电话 is none. 据 opens a reprinted wire dateline
(据新华社北京1月8日电（记者 X）), never a report (据新华社报道).

After the dateline comes the byline, in brackets (full or half width; a space or a colon
before them, a colon after) or run into the text up to a colon (本报讯 记者 X 报道：).
A story may also open with its byline alone: （记者 X 通讯员 Y）：…, 某网记者 X 报道：….
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lang.chars import BULLETS, CLOSING_BRACKETS, DATE_DIGITS, HAN_RANGES, OPENING_BRACKETS, OUTLET_JOINERS
from kg.lang.lexicons import byline_words, regex_union
from kg.model import Byline, Dateline, Role
from kg.read import bylines as bl

_HAN = HAN_RANGES
_OPEN, _CLOSE = OPENING_BRACKETS, CLOSING_BRACKETS
_OPENS, _CLOSES = re.escape(_OPEN), re.escape(_CLOSE)  # for a character class
_DECOR = BULLETS + " \u3000\t"
_SPACE = " \u3000"
_DATE = rf"(?:[{DATE_DIGITS}]{{2,4}}年)?(?:[{DATE_DIGITS}]{{1,3}}月)?[{DATE_DIGITS}]{{1,3}}日"
_PLACE = rf"(?:(?!{_DATE})[{_HAN}]){{2,8}}?"  # no date inside: 江城一月十七日 is a place and a date
_STRONG, _WEAK = byline_words("lead_ends"), byline_words("lead_ends_weak")
_LEAD = re.compile(
    rf"(?P<cite>{regex_union(byline_words('cite'))})?(?P<outlets>{bl.OUTLET})"
    # Each part as short as can be, so that the first END closes the dateline.
    rf"(?P<place>{_PLACE})??(?P<date>{_DATE})?(?P<place2>{_PLACE})??"
    rf"(?P<end>{regex_union([*_STRONG, *_WEAK])})"
)
_AGENCY_END, _WIRE_END = "社", "电"  # an agency (新华社), and the end of a wire dateline
_WEAK_NEXT = _OPEN + _SPACE + "：:"  # what follows 消息, 信息, 报道 that end a dateline
# A byline that opens the story alone, the story after it: （记者 X）… or 某网记者 X 报道：…
_BYLINE_LEAD = re.compile(
    rf"[{_OPENS}][{_SPACE}]*(?={bl.ROLE_RE.pattern})[^{_OPENS}{_CLOSES}]{{1,60}}[{_CLOSES}][{_SPACE}：:]*[^\s{_CLOSES}]"
)
_REPORTS = re.compile(rf"(?:{bl.ROLE_RE.pattern})[^，。,；;：:{_OPENS}{_CLOSES}]{{1,30}}?报道[{_SPACE}]*[：:]")


@dataclass(frozen=True)
class Lead:
    """The opening of a story's first paragraph: dateline and byline."""

    dateline: Dateline | None
    byline_text: str | None
    end: int  # where the story's own text starts in the paragraph
    bylines: tuple[Byline, ...] = ()  # byline_text parsed, in printed order


def opens_lead(paragraph: str) -> bool:
    """True when a paragraph opens with a dateline (本报讯, 新华社北京1月8日电 …) or a byline.

    Only the dateline, or the role word of a byline, is matched: the byline itself is
    left to :func:`split_lead`, so that tagging a paragraph does not parse it.
    """
    text = paragraph.lstrip(_DECOR)
    return _dateline(text) is not None or _byline_opens(text)


def split_lead(paragraph: str) -> Lead | None:
    """Find a dateline lead (本报讯, 新华社北京1月8日电 …) or an opening byline, and parse the byline.

    Returns:
        The lead with its dateline (None for a byline alone), its byline text and
        parsed bylines, or None when the paragraph opens with neither.
    """
    text = paragraph.lstrip(_DECOR)
    skipped = len(paragraph) - len(text)
    match = _dateline(text)
    if match is None:
        return _byline_lead(text, skipped)
    found = _bracketed(text, match.end()) or _unbracketed(text, match.end())
    if found is None:
        return Lead(_record(match), None, skipped + match.end())
    byline, bylines, pos = found
    return Lead(_record(match), byline, skipped + pos, bylines)


def _dateline(text: str) -> re.Match[str] | None:
    match = _LEAD.match(text)
    if match is None:
        return None
    end, dated = match.group("end"), bool(match.group("date"))
    after = text[match.end() : match.end() + 1]
    places = (match.group("place") or "") + (match.group("place2") or "")
    if bl.ROLE_RE.search(places):
        return None  # 某网记者 X 报道：a byline, not a place (see _REPORTS)
    if match.group("cite") and not (dated or places):
        return None  # 据新华社电, 据新华社报道: a source cited, no dateline
    if end in _WEAK and after not in _WEAK_NEXT:
        return None  # 某报5日报道，…: a sentence about what an outlet reported
    if end.endswith(_WIRE_END) and not dated and not _after_wire(text, match):
        return None  # 举报电话: 电 without a date closes a dateline only before a byline or a break
    return match


def _after_wire(text: str, match: re.Match[str]) -> bool:
    """新华社电（记者 X）, 新华社电，…, 本报天津电记者 X 报道：: what may follow 电 without a date."""
    after = text[match.end() : match.end() + 1]
    if after in _WEAK_NEXT:
        return True
    agency = match.group("outlets").endswith(_AGENCY_END)
    return agency and after in "，," or bl.ROLE_RE.match(text, match.end()) is not None


def _record(match: re.Match[str]) -> Dateline:
    outlets = tuple(_outlet_names(match.group("outlets")))
    return Dateline(
        text=match.group(0),
        agency=outlets[0],
        place=match.group("place") or match.group("place2"),
        date_text=match.group("date"),
        outlets=outlets,
    )


def _outlet_names(text: str) -> list[str]:
    """某某晚报、某某网 → 某某晚报, 某某网: the outlets, each without its note in brackets."""
    plain = re.sub(bl.ASIDE, "", text)
    return [name for name in re.split(f"[{OUTLET_JOINERS}]", plain) if name]


_Found = tuple[str, tuple[Byline, ...], int]  # byline text, its bylines, where the story starts


def _bracketed(text: str, pos: int) -> _Found | None:
    """（记者 X）after the dateline, perhaps after a space or a colon, perhaps before one."""
    start = pos
    while start < len(text) and text[start] in _SPACE + "：:":
        start += 1
    close = _closing(text, start)
    if close < 0:
        return None
    inner = text[start + 1 : close]
    parsed = bl.parse_byline(inner, bare=Role.REPORTER)
    if parsed is None:
        return None
    end = close + 1
    while end < len(text) and text[end] in _SPACE + "：:":
        end += 1
    return inner, parsed, end


def _closing(text: str, start: int) -> int:
    """Where the bracket opened at ``start`` closes (brackets nest), or -1 (none within 80 characters)."""
    if start >= len(text) or text[start] not in _OPEN:
        return -1
    depth = 0
    for i in range(start, min(len(text), start + 81)):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _byline_opens(text: str) -> bool:
    """True when a story opens with its byline: （记者 X）…, 某网记者 X 报道：…"""
    return bool(_BYLINE_LEAD.match(text) or _REPORTS.match(text))


def _byline_lead(text: str, skipped: int) -> Lead | None:
    if not _byline_opens(text):
        return None
    reports = _REPORTS.match(text)
    if reports is not None:
        byline = re.sub(rf"报道[{_SPACE}]*[：:]$", "", reports.group(0)).strip()
        parsed = bl.parse_byline(byline)
        if parsed is not None:
            return Lead(None, byline, skipped + reports.end(), parsed)
        return Lead(None, None, skipped)
    found = _bracketed(text, 0)
    if found is None:
        return Lead(None, None, skipped)
    byline, bylines, pos = found
    return Lead(None, byline, skipped + pos, bylines)


def _unbracketed(text: str, pos: int) -> _Found | None:
    """``本报讯 记者 X 通讯员 Y 报道：`` followed by the story: the longest byline prefix.

    The prefix is found by trying each longer run of tokens, so this is the one place
    where the grammar reads a byline more than once.
    """
    best: _Found | None = None
    for match in _TOKEN.finditer(text, pos):
        token = match.group(1)
        if not (
            bl.ROLE_RE.fullmatch(token)
            or _plausible_name(token)
            or bl.TRAIL.fullmatch(token)
            or bl.parse_byline(token) is not None
        ):
            break
        candidate = text[pos : match.end(1)].strip()
        parsed = bl.parse_byline(candidate)
        if parsed is not None:
            best = (candidate, parsed, match.end())
        if match.group(2):  # a colon closes the byline
            break
    if best is None:
        return None
    candidate, parsed, end = best
    kept = bl.strip_trail(candidate).strip()
    if kept != candidate:
        # Dropping 摄/报道 can change a role (记者 X 摄): the bylines must be those of
        # the text that is kept as the byline.
        parsed = bl.parse_byline(kept) or ()
    return kept, parsed, end


_TOKEN = re.compile(r"[\s\u3000]*([^\s\u3000：:]+)([：:])?")


def _plausible_name(token: str) -> bool:
    names = bl.split_names(token)
    return bool(names) and all(2 <= len(n) <= 4 and n[0] not in byline_words("not_name_start") for n in names)


__all__ = ["Lead", "opens_lead", "split_lead"]
