"""A page's furniture: its masthead, issue line and label, its teasers; what they say of the page.

Printed on every page and heading no story (:mod:`kg.read.paragraphs` tags such lines
``furniture``): the paper's name alone (某某日报), the issue line (2023年3月6日 星期一 农历二月十五,
今日8版, 第12345期), the page's label (A05 城事, 第3版：要闻), an app's posting line (某某发布
2023-03-06 08:00) and a front page's teasers (某某启动 详见第2版). The masthead and the label say
which paper, issue and page a text page is: :func:`read_masthead` reads them, for a page whose
paper or date no option or sidecar gives. A news site's information line (:func:`web_line`), an
app's buttons (:func:`app_line`) and a wire story's end mark (:func:`end_mark`) are the page's too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.lang.chars import CLOSING_BRACKETS, DATE_DIGITS, FULL_STOPS, HAN, HAN_RANGES, OPENING_BRACKETS
from kg.lang.lexicons import byline_roles, byline_words, page_furniture, regex_union
from kg.model import Byline
from kg.read import bylines as bl
from kg.read.inputs import iso_day

SPACES = " \u3000"
_SP = SPACES
_DIGITS = "0-9０-９"
_ISSUE_DATE = rf"[{DATE_DIGITS}]{{4}}年[{DATE_DIGITS}]{{1,2}}月[{DATE_DIGITS}]{{1,3}}日"
_WEEKDAY = rf"(?:星期|周|礼拜)[一二三四五六日天]"
_PAGE_LABEL = (
    rf"(?:第[{_SP}]*)?(?:[A-ZＡ-Ｚ][{_DIGITS}]{{1,3}}版?|[{_DIGITS}]{{1,3}}[{_SP}]*版|0[0-9]{{1,2}})"
    rf"(?:[{_SP}：:·|｜丨]+[{HAN_RANGES}]{{2,8}})?"
)
# A paper's name alone (某某日报, 某某晚报): its masthead. Only the suffixes of papers, not of every outlet.
_PAPER = rf"[{HAN_RANGES}]{{2,10}}(?:{regex_union(w for w in byline_words('outlet_suffixes') if len(w) > 1 and w.endswith('报'))})"
# A news app's or site's posting line: the account and the time (某某发布 2023-03-06 08:00).
_STAMP_DAY = rf"[{_DIGITS}]{{4}}[-/.][{_DIGITS}]{{1,2}}[-/.][{_DIGITS}]{{1,2}}"
_STAMP_WITH_TIME = rf"{_STAMP_DAY}[{_SP}]+[{_DIGITS}]{{1,2}}:[{_DIGITS}]{{2}}(?::[{_DIGITS}]{{2}})?"
_STAMP = rf"{_STAMP_DAY}(?:[{_SP}]+[{_DIGITS}]{{1,2}}:[{_DIGITS}]{{2}}(?::[{_DIGITS}]{{2}})?)?"
_ISSUE_COUNTS = rf"(?:今日|本期)?[{_DIGITS}]{{1,3}}版|总?第[{_DIGITS}]{{1,6}}期"
_ISSUE_PARTS = rf"{_ISSUE_COUNTS}|农历\S{{2,12}}|{_WEEKDAY}"
# A label with 版 (第3版, A05版：要闻) is the page's wherever it stands; one without (A05 城事, 01 要闻)
# only among the page's furniture (:data:`LABEL_ALONE`): G20 峰会开幕 and 01 航线网络持续扩展 head stories.
_LABEL_WITH_PAGE_WORD = (
    rf"(?:第[{_SP}]*)?[A-ZＡ-Ｚ]?[{_DIGITS}]{{1,3}}[{_SP}]*版(?:[{_SP}：:·|｜丨]+[{HAN_RANGES}]{{2,8}})?"
)
FURNITURE = re.compile(
    rf"(?:{_PAPER}[{_SP}]*)?{_ISSUE_DATE}(?:[{_SP}]*(?:{_ISSUE_PARTS}))+"
    rf"|{_PAPER}(?:[{_SP}]*{_ISSUE_DATE})?|(?:{_ISSUE_COUNTS})(?:[{_SP}]+(?:{_ISSUE_PARTS}))*|{_LABEL_WITH_PAGE_WORD}"
    # an app's posting line has its time (某某发布 2023-03-06 08:00); a notice's signature a date only
    rf"|{_STAMP}|[{HAN_RANGES}A-Za-z]{{2,16}}[{_SP}]+{_STAMP_WITH_TIME}"
)
LABEL_ALONE = re.compile(rf"[A-DＡ-Ｄ][{_DIGITS}]{{1,2}}(?:[{_SP}：:·|｜丨]+[{HAN_RANGES}]{{2,8}})?|0[1-9](?:[{_SP}：:·|｜丨]+[{HAN_RANGES}]{{2,8}})?")
# A front page's teaser of a story printed elsewhere: ● 某某启动 详见第2版.
TEASER = re.compile(rf"(?:{regex_union(page_furniture('teaser_ends'))})[{_SP}]*第?[{_SP}]*[A-ZＡ-Ｚ]?[{_DIGITS}]{{1,3}}[{_SP}]*版[)）]?$")

_DATE_PARTS = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")  # after NFKC: ASCII digits only
# An issue date alone (2023年3月6日): the page's among its furniture, a headline elsewhere.
DATE_ALONE = re.compile(_ISSUE_DATE)
_FRAME = re.compile(rf"^(?:{regex_union(page_furniture('frame_lines'))})|(?:数字报|电子版|电子报)$")
_PAPER_FIRST = re.compile(_PAPER)
_LABEL = re.compile(_PAGE_LABEL)
_LABEL_PAGE = re.compile(rf"(?:第[{_SP}]*)?([A-Z]?\d{{1,3}})")
# Lines from the page's top that a masthead and a label are looked for in.
MASTHEAD_LINES = 6


@dataclass(frozen=True)
class Masthead:
    """What a page's own furniture says of it: the paper, the issue date (ISO) and the printed page."""

    paper: str | None = None
    date: str | None = None
    page: str | None = None


def read_masthead(text: str) -> Masthead:
    """The paper, issue date and page a text page prints in its first lines (furniture only, never a headline).

    The scan ends at the first story's text (a lead, a sentence): a label below it is another page's.
    Lines between (本版责编 X, 返回目录, a bare issue date) are passed over.
    """
    paper = date = page = None
    supported = False  # a paper's name alone is the masthead beside other furniture, not a headline (致敬某某日报)
    for line in [line.strip(_SP) for line in text.split("\n") if line.strip(_SP)][:MASTHEAD_LINES]:
        if not (FURNITURE.fullmatch(line) or LABEL_ALONE.fullmatch(line) or DATE_ALONE.fullmatch(line)):
            if _frame_line(line):
                continue
            break  # a headline or a story's text: a date or label below it is the story's or another page's
        line = unicodedata.normalize("NFKC", line)
        found = _DATE_PARTS.search(line)
        if date is None and found:
            date = iso_day(*found.groups())
        named = _PAPER_FIRST.fullmatch(line)
        supported = supported or not named
        if paper is None and (named or (named := _PAPER_FIRST.match(line))):
            paper = named.group()
        if page is None and _LABEL.fullmatch(line):
            page = _LABEL_PAGE.match(line).group(1)  # type: ignore[union-attr]
    return Masthead(paper if supported else None, date, page)


def _frame_line(line: str) -> bool:
    """A line of the e-paper's frame (返回目录, 某某日报数字报, 本版责编 X, a lone mark): no headline."""
    if len(line) <= 2 and not HAN.search(line) or app_line(line) or _FRAME.search(line):
        return True
    credits = bl.read_line(line)
    return bool(credits) and all(bl.page_credit(b) for b in credits)


def page_label(line: str) -> str | None:
    """The page number a line printing a page's label alone says (01, A05, 3); None for any other line."""
    line = unicodedata.normalize("NFKC", line).strip()
    if not _LABEL.fullmatch(line):
        return None
    return _LABEL_PAGE.match(line).group(1)  # type: ignore[union-attr]


# ------------------------------------------------------------------ lines of a site or an app

# A news site's information line: 来源：某某网 作者：X 发布时间：…, its fields' names first.
_FIELD = re.compile(rf"(?:{regex_union([*page_furniture('web_fields'), *(w for w, _ in byline_roles())])})[{_SP}]*[：:]")
_WEB_FIELDS = page_furniture("web_fields")
_FACT_BOX_FIELDS = page_furniture("fact_box_fields")
_END_MARKS = page_furniture("end_marks")
# A line of an app's buttons and prompts alone (长按识别二维码关注我们 ↓): no headline that opens
# with one of their words (关注我们身边的好人), no sentence (扫描二维码即可观看。).
_APP_WORDS = regex_union(page_furniture("app_lines"))
_APP_LINE = re.compile(rf"(?=.*(?:{_APP_WORDS}))(?:{_APP_WORDS}|[^{HAN_RANGES}{re.escape(FULL_STOPS)}])+")
# A site's line is short: a longer one with fields is a fact box's text.
_SITE_LINE_CHARS = 80


def end_mark(line: str) -> bool:
    """A wire story's or a column's end mark alone on its line: 完, （完）, - END -."""
    return re.sub(f"[{_SP}]", "", line) in _END_MARKS


def app_line(line: str) -> bool:
    """A line of an app's buttons and prompts only: 点击阅读原文, 分享, 长按识别二维码关注我们."""
    return _APP_LINE.fullmatch(line) is not None


def web_line(text: str) -> tuple[str, tuple[Byline, ...]] | None:
    """A news site's information line, tagged: its credits a byline (作者：X), the rest (来源, 发布时间 …) the page's.

    In brackets after a story ((来源：某某日报)) it is the page's too.

    Returns:
        ("byline" | "credit" | "furniture", the credits parsed), or None for any other line.
    """
    if text[:1] in OPENING_BRACKETS and text[-1:] in CLOSING_BRACKETS:
        text = text[1:-1].strip()
    if len(text) > _SITE_LINE_CHARS or any(ch in text for ch in FULL_STOPS):
        return None  # 时间：1月6日，…。 is a fact box's line of text, not the site's
    fields = list(_FIELD.finditer(text))
    keys = [f.group().rstrip("：: \u3000") for f in fields]
    if not fields or fields[0].start() != 0 or not any(key in _WEB_FIELDS for key in keys):
        return None
    if len(keys) == 1 and keys[0] in _FACT_BOX_FIELDS:
        return None  # 时间：3月11日 9:00—12:00 alone is an event box's line, not the site's
    ends = [f.start() for f in fields[1:]] + [len(text)]
    credits = " ".join(f"{key} {text[f.end() : end].strip()}" for key, f, end in zip(keys, fields, ends) if key not in _WEB_FIELDS)
    parsed = (bl.parse_byline(credits) or ()) if credits else ()
    story = [b for b in parsed if not bl.page_credit(b)]
    return ("byline" if story else "credit" if parsed else "furniture"), tuple(parsed)


__all__ = [
    "DATE_ALONE", "FURNITURE", "LABEL_ALONE", "MASTHEAD_LINES", "SPACES", "TEASER", "Masthead", "app_line", "end_mark", "page_label",
    "read_masthead", "web_line",
]
