"""Paragraphs of a page export: split, classified, re-joined, de-duplicated.

The first step of segmentation (:mod:`kg.read.items` cuts the paragraphs into items,
:mod:`kg.read.segment` assembles the items into articles). A line broken at a column end is
re-joined to its sentence; a paragraph repeated on the page is kept once; each paragraph is
tagged (heading, byline, lead, marker, table, caption, credit, furniture, body).

The page's furniture is tagged apart and heads no story: its masthead and issue line (某某日报,
2023年3月6日 星期一, 第12345期), its label (A05 城事), a front page's teasers (某某 详见第2版), a news
site's information line (来源：… 发布时间：…; its credits, 作者：X, are the story's byline). A
brief printed as its title and its lead on one line (某某开放 本报讯……) is split into a heading
and a lead, so that each brief opens an item of its own.

A wire's end mark ((完)) and an app's buttons (点击阅读原文, 分享) are furniture too.

A byline line is parsed here, once, when it is tagged: its :class:`~kg.model.Byline`
records ride on the paragraph (``Para.bylines``). A line of page credits only (责任编辑 X,
校对 Y) is tagged ``credit``: it opens no item and credits no article. A lead's byline
is not parsed here but where the segmenter takes the lead apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lang.chars import CLAUSE_ENDS, DATE_DIGITS, FULL_STOPS, HAN_RANGES, OPENING_BRACKETS, SENTENCE_ENDS
from kg.lang.lexicons import page_furniture, regex_union
from kg.model import Byline, Role
from kg.read import bylines as bl
from kg.read.furniture import DATE_ALONE, FURNITURE, LABEL_ALONE, SPACES, TEASER, app_line, end_mark, web_line
from kg.read import datelines as dl

_TERMINAL = SENTENCE_ENDS + "…：:"
CLOSERS = "”’」』）)】》\"'"  # what may close a paragraph after its last sentence
MARKER = re.compile(
    rf"[（(]?\s*(?P<dir>上接|接上|下转|转下|转第|接第)\s*(?:第)?(?P<page>[{DATE_DIGITS}]+)\s*版\s*[)）]?"
)
_CAPTION = re.compile(r"^(?:图为|▲|△|（图|\(图|图：|图:)|(?:摄影?|供图|[（(][^（()）]{0,20}摄[)）])$")
MAX_HEADING = 40
MAX_HEAD_LINES = 4
_SP = SPACES
# A brief: its title and its lead on one line (某某开放 本报讯 ……).
_BRIEF_TITLE = re.compile(rf"([^{_SP}{re.escape(CLAUSE_ENDS)}、.]{{4,30}})[{_SP}]+")
# A brief's lead without a dateline opens with its date (某某开放 3月5日，……。（X）).
_DATED = re.compile(rf"(?:[{DATE_DIGITS}]{{1,2}}月[{DATE_DIGITS}]{{1,3}}日|近日|日前)")
# A wire story's end mark after its last sentence (……成功。（完）), cut off.
_END_TAIL = re.compile(
    rf"(?<=[{SENTENCE_ENDS}”’」』])[{_SP}]*(?:{regex_union(m for m in page_furniture('end_marks') if len(m) > 1)})$"
)
# An interview's turn: 问：…？ 答：…
_TURN = re.compile(rf"(?:{regex_union(page_furniture('interview_turns'))})[{_SP}]*[：:]")
# A notice's title alone on its line: 讣告, 某某公司公告, 招聘启事.
# A headline that reports one (我市发布森林防火紧急通知) is a story's: no reporting verb in the title.
NOTICE_WORDS = page_furniture("notice_titles")
_NOTICE_KINDS = regex_union(NOTICE_WORDS)
_NO_VERB = rf"(?!{regex_union(page_furniture('notice_verbs'))})"
NOTICE_TITLE = re.compile(
    rf"(?:{_NO_VERB}[{HAN_RANGES}]){{0,16}}(?:{_NOTICE_KINDS})"
    rf"|(?:{_NO_VERB}[{HAN_RANGES}]){{0,30}}关于.{{1,60}}的(?:{_NOTICE_KINDS})"
)


@dataclass
class Para:
    """One paragraph of the page and what it is."""

    text: str
    gap: int  # blank lines before it
    line: int  # 1-based line of the page where it starts
    tag: str = "body"  # body heading byline tailbyline credit lead marker table caption furniture
    bylines: tuple[Byline, ...] = ()  # a byline, tailbyline or credit line, parsed


def read_paragraphs(text: str) -> list[Para]:
    """The page's paragraphs, tagged, with broken lines re-joined and repeats dropped."""
    return _drop_repeats(_rejoin(_classify(_split_paragraphs(text))))


# ------------------------------------------------------------------ paragraphs


def _split_paragraphs(text: str) -> list[Para]:
    paras: list[Para] = []
    gap = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip(" \u3000\t") if "\t" not in line.strip(" \u3000") else line.rstrip()
        if not stripped.strip():
            gap += 1
            continue
        paras.append(Para(stripped.strip(" \u3000") if "\t" not in stripped else stripped, gap, number))
        gap = 0
    return paras


def _classify(paras: list[Para]) -> list[Para]:
    out = []
    for para in paras:
        para.text = _END_TAIL.sub("", para.text) or para.text
        para.tag, para.bylines = _tag_of(para.text)
        brief = _BRIEF_TITLE.match(para.text) if para.tag == "body" else None
        if brief and _brief_lead(lead := para.text[brief.end() :]):  # a brief: its title, then its lead
            out += [Para(brief.group(1), para.gap, para.line, "heading"), Para(lead, 0, para.line, "lead")]
        else:
            out.append(para)
    return _photo_texts(_labels_among_furniture(out))


def _labels_among_furniture(paras: list[Para]) -> list[Para]:
    """A page's label without 版 (A05 城事) or an issue date alone is furniture at the page's head or beside furniture."""
    for i, para in enumerate(paras):
        if para.tag == "heading" and (LABEL_ALONE.fullmatch(para.text) or DATE_ALONE.fullmatch(para.text)):
            at_head = all(p.tag in ("furniture", "credit") for p in paras[:i])
            beside = any(0 <= j < len(paras) and paras[j].tag == "furniture" for j in (i - 1, i + 1))
            if at_head or beside:
                para.tag = "furniture"
    return paras


def _brief_lead(text: str) -> bool:
    """A brief's lead: a dateline, or its date first and the writer's credit last (3月5日，……。（X）)."""
    return dl.opens_lead(text) or bool(_DATED.match(text)) and bl.ends_with_credit(text)


def _photo_texts(paras: list[Para]) -> list[Para]:
    """A photograph's text: a short paragraph between a title and its credit alone on a line (记者 X 摄).

    Only under a heading or another photograph: a story's last paragraph above a credit stays its text.
    """
    for i, para in enumerate(paras[2:], start=2):
        above = paras[i - 1]
        if (
            para.tag == "caption" and para.bylines and above.tag == "body" and len(above.text) <= 120
            and paras[i - 2].tag in ("heading", "caption", "furniture") and closes_block(paras, i + 1)
        ):
            above.tag = "caption"
    return paras


def closes_block(paras: list[Para], i: int) -> bool:
    """Nothing of a story from ``i`` on: a heading, the page's end, or more photographs before either.

    An inset photograph under an intertitle has the story's text after it.
    """
    after = next((p for p in paras[i:] if p.tag not in ("caption", "furniture", "credit")), None)
    return after is None or after.tag == "heading"


def _tag_of(text: str) -> tuple[str, tuple[Byline, ...]]:
    """The paragraph's tag, with the bylines of a byline line."""
    if "\t" in text:
        return "table", ()
    if MARKER.fullmatch(text):
        return "marker", ()
    if len(text) <= MAX_HEADING and (
        FURNITURE.fullmatch(text) or TEASER.search(text) or end_mark(text) or app_line(text)
    ):
        return "furniture", ()
    web = web_line(text)
    if web is not None:
        return web
    parsed = bl.read_line(text)
    if parsed is not None:
        story = [b for b in parsed if not bl.page_credit(b)]
        if not story:
            return "credit", parsed  # 责任编辑 X: the page's, not a story's
        if all(b.role is Role.PHOTOGRAPHER for b in story):
            return "caption", parsed  # 记者 X 摄 alone on a line credits a photo, not a story
        return ("tailbyline" if text.strip()[:1] in OPENING_BRACKETS else "byline"), parsed
    inside = text[1:-1].strip()
    if text[:1] in OPENING_BRACKETS and text[-1:] in CLOSERS and bl.OUTLET_CREDIT.fullmatch(inside) and not _DATED_LINE.search(inside):
        return "credit", ()  # （据新华社） on its own line: the copy's source, no story's heading; (本报某地1月1日电) stays text
    tag = _text_tag(text)
    return tag, (bl.photo_credit(text) if tag == "caption" else ())  # ……。（记者 X 摄）: the photograph's


_DATED_LINE = re.compile(rf"[{DATE_DIGITS}0-9０-９]+日电?")


def _text_tag(text: str) -> str:
    if dl.opens_lead(text):
        return "lead"
    if _TURN.match(text):
        return "body"  # 问：今年有哪些新举措？ is a turn of an interview, no heading
    if _CAPTION.search(text) and len(text) <= 120:
        return "caption"
    if _is_heading(text):
        return "heading"
    return "body"


def terminated(text: str) -> bool:
    core = text.rstrip(CLOSERS + " ")
    # ……一周。（王五）: a credit after the last sentence ends the paragraph too.
    return bool(core) and core[-1] in _TERMINAL or bl.ends_with_credit(text)


def _clause_marks(text: str) -> int:
    return sum(text.count(ch) for ch in "，、；,")


def _is_heading(text: str) -> bool:
    if len(text) > MAX_HEADING or _clause_marks(text) >= 2:
        return False
    if text.startswith(("—", "─", "-")):
        return True
    core = text.rstrip(CLOSERS + " ")
    if core.endswith(("！", "!", "？", "?")):
        return len(text) <= 25
    return not terminated(text)


# ------------------------------------------------------------------ repairs


def _rejoin(paras: list[Para]) -> list[Para]:
    """Join lines broken at column ends, lifting out a caption printed in between."""
    out: list[Para] = []
    i = 0
    while i < len(paras):
        cur = paras[i]
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if nxt is None or cur.tag not in ("body", "heading", "lead") or not _broken(cur, nxt):
            out.append(cur)
            i += 1
            continue
        after = paras[i + 2] if i + 2 < len(paras) else None
        if after is not None and _is_inset_caption(nxt, after):
            out.append(Para(nxt.text, nxt.gap, nxt.line, "caption"))
            nxt, i = after, i + 1
        if nxt.tag not in ("body", "heading"):
            out.append(cur)
            i += 1
            continue
        paras[i + 1] = Para(cur.text + nxt.text, cur.gap, cur.line, "lead" if cur.tag == "lead" else "body")
        i += 1
    return out


def _broken(cur: Para, nxt: Para) -> bool:
    """True when ``cur`` ends mid-sentence and ``nxt`` carries on the same sentence."""
    if terminated(cur.text) or nxt.tag in ("byline", "lead", "marker", "table", "tailbyline", "credit", "furniture"):
        return False
    if cur.tag == "lead" or len(cur.text) >= MAX_HEADING or _clause_marks(cur.text) >= 2:
        return True
    return cur.tag == "body" or _short_first_clause(nxt.text)


def _short_first_clause(text: str) -> bool:
    match = re.search(f"[{SENTENCE_ENDS}]", text)
    return match is not None and match.start() <= 4


def _is_inset_caption(mid: Para, after: Para) -> bool:
    """A short complete sentence printed between the halves of a broken paragraph."""
    if mid.tag == "caption":
        return True
    if mid.tag not in ("body", "heading") or len(mid.text) > MAX_HEADING:
        return False
    single = terminated(mid.text) and not re.search(f"[{FULL_STOPS}].", mid.text.rstrip(CLOSERS))
    return single and after.tag == "body" and (_short_first_clause(after.text) or mid.gap >= 2)


def _drop_repeats(paras: list[Para]) -> list[Para]:
    """Keep once a paragraph repeated verbatim (or repeating the end of the previous one)."""
    seen: set[str] = set()
    out: list[Para] = []
    for para in paras:
        key = para.text
        if para.tag in ("body", "lead") and len(key) >= 12:
            if key in seen or (out and out[-1].tag in ("body", "lead") and out[-1].text.endswith(key)):
                continue
            seen.add(key)
        out.append(para)
    return out


__all__ = [
    "CLOSERS", "MARKER", "MAX_HEADING", "MAX_HEAD_LINES", "NOTICE_TITLE", "NOTICE_WORDS", "Para", "closes_block",
    "read_paragraphs", "terminated",
]
