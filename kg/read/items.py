"""Items of a page: where each story, notice and photograph starts among the tagged paragraphs.

The second step of the first half of segmentation (:mod:`kg.read.paragraphs` tags the paragraphs,
:mod:`kg.read.segment` assembles each item into an article). An item starts where a heading block
stands over a byline, a lead or a continuation marker; after a story's last credit ((记者 X), an
outlet's, page credits, an app's buttons over another story); at a notice's title; and at a
photograph's title over its credited captions. An advertisement or notice ending in a table is cut
out of the story above it.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.lang.chars import OPENING_BRACKETS
from kg.read import bylines as bl
from kg.read.furniture import DATE_ALONE, app_line, end_mark, web_line
from kg.read.paragraphs import (
    CLOSERS, MARKER, MAX_HEAD_LINES, NOTICE_TITLE, NOTICE_WORDS, Para, closes_block, terminated,
)



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
            # a date alone ends a notice's signature (某某中学 / 2023年3月5日): no headline's line
            while head > starts[-1] and i - head < MAX_HEAD_LINES and paras[head - 1].tag == "heading" and not (
                DATE_ALONE.fullmatch(paras[head - 1].text)
            ):
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
    # a site's line (（来源：某某日报）), an end mark, or an app's buttons over another story
    ends_page = para.tag == "furniture" and (web_line(para.text) is not None or app or end_mark(para.text))
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
        # a notice after a story (or under another's signature), or a bare 讣告 / 公告 anywhere;
        # an intertitle 一纸紧急通知 is none
        return after_story or para.text in NOTICE_WORDS
    if nxt.tag != "caption" or paras[i - 1].tag == "heading" or not closes_block(paras, i + 1):
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
    core = para.text.rstrip(CLOSERS + " ")
    return core.endswith(("！", "!")) or not terminated(para.text)


__all__ = ["cut_items"]
