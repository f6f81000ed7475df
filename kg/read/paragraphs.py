"""Paragraphs of a page export: split, classified, re-joined, de-duplicated, cut into items.

The first half of segmentation (:mod:`kg.read.segment` assembles the items into articles).
A line broken at a column end is re-joined to its sentence; a paragraph repeated on
the page is kept once; each paragraph is tagged (heading, byline, lead, marker, table,
caption, body) and the items start where a heading block, a byline, a lead or a
continuation marker opens one.

The page's furniture is tagged apart and heads no story: its masthead and issue line (某某日报,
2023年3月6日 星期一, 第12345期), its label (A05 城事), a front page's teasers (某某 详见第2版), a news
site's information line (来源：… 发布时间：…; its credits, 作者：X, are the story's byline). A
brief printed as its title and its lead on one line (某某开放 本报讯……) is split into a heading
and a lead, so that each brief opens an item of its own.

An item also ends where a story's last credit is printed under its last paragraph ((记者 X),
通讯员 X 记者 Y, 责任编辑 X, （来源：…）) with a heading after it, and starts at a notice's title
(讣告, 某某公告) or a photograph's title over its credited captions. A wire's end mark ((完)) and
an app's buttons (点击阅读原文, 分享) are furniture too.

A byline line is parsed here, once, when it is tagged: its :class:`~kg.model.Byline`
records ride on the paragraph (``Para.bylines``). A line of page credits only (责任编辑 X,
校对 Y) is tagged ``credit``: it opens no item and credits no article. A lead's byline
is not parsed here but where the segmenter takes the lead apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.lang.chars import CLAUSE_ENDS, DATE_DIGITS, FULL_STOPS, HAN_RANGES, OPENING_BRACKETS, SENTENCE_ENDS
from kg.lang.lexicons import page_furniture, regex_union
from kg.model import Byline, Role
from kg.read import bylines as bl
from kg.read.furniture import DATE_ALONE, FURNITURE, LABEL_ALONE, SPACES, TEASER, app_line, end_mark, web_line
from kg.read import datelines as dl

_TERMINAL = SENTENCE_ENDS + "…：:"
_CLOSERS = "”’」』）)】》\"'"
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
_NOTICE_KINDS = regex_union(page_furniture("notice_titles"))
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
            and paras[i - 2].tag in ("heading", "caption", "furniture") and _closes_block(paras, i + 1)
        ):
            above.tag = "caption"
    return paras


def _closes_block(paras: list[Para], i: int) -> bool:
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
    if text[:1] in OPENING_BRACKETS and text[-1:] in _CLOSERS and bl.OUTLET_CREDIT.fullmatch(inside) and not _DATED_LINE.search(inside):
        return "credit", ()  # （据新华社） on its own line: the copy's source, no story's heading; (本报某地1月1日电) stays text
    tag = _text_tag(text)
    return tag, (bl.photo_credit(text) if tag == "caption" else ())  # ……。（记者 X 摄）: the photograph's


_DATED_LINE = re.compile(rf"[{DATE_DIGITS}0-9０-９]+日电?")
_SOURCE = re.compile(rf"[{re.escape(OPENING_BRACKETS)}]?[{_SP}]*(?:来源|稿源|出处)[{_SP}]*[：:]")


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


def _terminated(text: str) -> bool:
    core = text.rstrip(_CLOSERS + " ")
    # ……一周。（王五）: a credit after the last sentence ends the paragraph too.
    return bool(core) and core[-1] in _TERMINAL or bl.ends_with_credit(text)


def _clause_marks(text: str) -> int:
    return sum(text.count(ch) for ch in "，、；,")


def _is_heading(text: str) -> bool:
    if len(text) > MAX_HEADING or _clause_marks(text) >= 2:
        return False
    if text.startswith(("—", "─", "-")):
        return True
    core = text.rstrip(_CLOSERS + " ")
    if core.endswith(("！", "!", "？", "?")):
        return len(text) <= 25
    return not _terminated(text)


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
    if _terminated(cur.text) or nxt.tag in ("byline", "lead", "marker", "table", "tailbyline", "credit", "furniture"):
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
    single = _terminated(mid.text) and not re.search(f"[{FULL_STOPS}].", mid.text.rstrip(_CLOSERS))
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


# ------------------------------------------------------------------ items


def cut_items(paras: list[Para]) -> Iterable[list[Para]]:
    starts = _item_starts(paras)
    bounds = list(zip(starts, starts[1:] + [len(paras)]))
    for begin, end in bounds:
        item = paras[begin:end]
        yield from _split_notice(item)


def _item_starts(paras: list[Para]) -> list[int]:
    starts = [0]
    for i, para in enumerate(paras):
        if _opens_notice(paras, i) and i > starts[-1]:
            starts.append(i)  # a notice's or a photograph's title
        if para.tag in ("byline", "lead", "marker") and _opens_item(paras, i):
            head = i
            while head > starts[-1] and i - head < MAX_HEAD_LINES and paras[head - 1].tag == "heading":
                head -= 1
            if head > starts[-1]:
                starts.append(head)
        if _ends_story(paras, i):
            starts.append(i + 1)  # the headings after a story's last credit open the next item
    return starts


def _ends_story(paras: list[Para], i: int) -> bool:
    """A story's last credit with a heading after it: its byline or (X) under or after its last paragraph."""
    para = paras[i]
    if i == 0 or i + 1 == len(paras) or paras[i + 1].tag != "heading":
        return False
    app = app_line(para.text) and _opens_story(paras, i + 1)  # ▼ 扫描二维码 ▼ mid-story ends nothing
    ends_page = para.tag == "furniture" and (_SOURCE.match(para.text) or app or end_mark(para.text))
    if para.tag in ("byline", "tailbyline", "credit") or ends_page:
        # (记者 X), 责任编辑 X, （来源：某某日报） or an app's buttons under the story's last paragraph
        above = next((p for p in reversed(paras[:i]) if p.tag != "furniture"), None)
        return above is not None and above.tag in ("body", "lead")
    # ……。（记者 X） or （X）: a role word or a name, not an aside (（笑）, （数据来源：…）, （化名）) before
    # the story's intertitle. Matched, not parsed: the segmenter parses the credit once, where it takes it.
    if para.tag not in ("body", "lead") or not bl.ends_with_credit(para.text):
        return False
    opened = max(para.text.rfind(c) for c in OPENING_BRACKETS)
    return bl.credit_like(para.text[opened + 1 : -1].strip())




def _opens_story(paras: list[Para], i: int) -> bool:
    """The headings from ``i`` stand over a story of its own: a lead or a byline under them, or a credit
    at the end of the text under them (……。（记者 X）), not a story's intertitle."""
    j = next((k for k in range(i, len(paras)) if paras[k].tag != "heading"), len(paras))
    if j < len(paras) and paras[j].tag in ("lead", "byline"):
        return True
    end = next((k for k in range(j, len(paras)) if paras[k].tag == "heading"), len(paras))
    return end > j and paras[end - 1].tag in ("body", "tailbyline") and (
        paras[end - 1].tag == "tailbyline" or bl.ends_with_credit(paras[end - 1].text))


def _opens_notice(paras: list[Para], i: int) -> bool:
    """A notice's title (讣告, 某某公告) or a photograph's title (a heading over captions) after a story."""
    para, nxt = paras[i], paras[i + 1] if i + 1 < len(paras) else None
    if i == 0 or para.tag != "heading" or nxt is None:
        return False
    after_story = paras[i - 1].tag not in ("body", "lead") or _ends_story(paras, i - 1)
    if nxt.tag == "body" and NOTICE_TITLE.fullmatch(para.text):
        return after_story  # a notice after a story (or under another's signature); an intertitle 一纸通知 is none
    if nxt.tag != "caption" or paras[i - 1].tag == "heading" or not _closes_block(paras, i + 1):
        return False
    # Photographs with their credits (记者 X 摄), not a subheading over an inset caption.
    captions = [p for p in paras[i + 1 : i + 1 + MAX_HEAD_LINES]]
    run = captions[: next((k for k, p in enumerate(captions) if p.tag != "caption"), len(captions))]
    return any(p.bylines for p in run)


def _opens_item(paras: list[Para], i: int) -> bool:
    para = paras[i]
    if para.tag == "marker":
        return MARKER.fullmatch(para.text).group("dir") in ("上接", "接上", "接第")
    if para.tag == "byline":
        # A byline line opens a story when a heading or nothing of a story is above it;
        # one under a story's last paragraph, with nothing of a story after it, ends that story.
        if i > 0 and paras[i - 1].tag in ("body", "lead") and (i + 1 == len(paras) or paras[i + 1].tag == "heading"):
            return False
        return i == 0 or paras[i - 1].tag in ("heading", "body", "table", "caption", "marker")
    # 本报讯 right under a byline line (page credits or furniture between) belongs to the story it opened.
    above = next((p for p in reversed(paras[:i]) if p.tag not in ("credit", "furniture")), None)
    return above is None or above.tag != "byline"


def _split_notice(item: list[Para]) -> Iterable[list[Para]]:
    """Cut an advertisement or notice (a block ending in a table) out of an item."""
    first_table = next((i for i, p in enumerate(item) if p.tag == "table"), None)
    if first_table is None:
        yield item
        return
    start = first_table
    while start > 0 and _ad_like(item[start - 1]):
        start -= 1
    has_story = any(p.tag in ("byline", "lead", "marker") for p in item[:start])
    if start == 0 or not has_story:
        yield item
        return
    yield item[:start]
    yield item[start:]


def _ad_like(para: Para) -> bool:
    if para.tag in ("table", "heading"):
        return True
    if para.tag != "body" or len(para.text) > 60:
        return False
    core = para.text.rstrip(_CLOSERS + " ")
    return core.endswith(("！", "!")) or not _terminated(para.text)



__all__ = ["MARKER", "MAX_HEADING", "MAX_HEAD_LINES", "NOTICE_TITLE", "Para", "cut_items", "read_paragraphs"]
