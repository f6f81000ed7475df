"""Segment: cut a page into its items (articles, notices, advertisements).

The export of an e-paper page is a run of lines. This stage re-joins lines broken at
column ends, drops repeated paragraphs, keeps photo captions apart, records
continuation markers, and finds where each item starts: a heading block (kicker,
headline, subheadline) just before a byline line, a dateline lead (本报讯 …) or a
continuation marker. Advertisements and notices are cut out where a block of short,
exclamatory or tabular lines begins.

Bylines are parsed once, where they are found, by the grammar of :mod:`kg.read.bylines`
and :mod:`kg.read.datelines`: a byline line when :mod:`kg.read.paragraphs` tags it, a
lead's byline when this stage takes the lead apart, a credit in brackets that ends a
paragraph ((记者 X), and (X) after the story's last sentence) when this stage reads the
paragraph, a JSON Lines record's byline field here. Each article gets them in
``Article.bylines`` (each role and name once) beside the raw ``byline_text``. Page
credits (责任编辑, 校对 …) are the page's: no article gets them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kg.lang.chars import BULLETS, CLOSING_BRACKETS, FULL_STOPS, OPENING_BRACKETS
from kg.lang.lexicons import page_furniture
from kg.read import bylines as bl
from kg.read import datelines as dl
from kg.model import Article, ArticleKind, Byline, Page, PageMeta, Role
from kg.read.items import cut_items
from kg.read.paragraphs import MARKER, MAX_HEAD_LINES, MAX_HEADING, NOTICE_TITLE, Para, read_paragraphs

_NOTICE_WORDS = re.compile(r"通知|公告|启事|通讯录|招聘|招生|征兵|报名|声明|公示|讣告|寻人|遗失")
_AD_WORDS = re.compile(r"热线|咨询电话|优惠|特价|促销|折扣|订购|加盟|地址[:：]")


def segment_page(page: Page) -> tuple[Article, ...]:
    """Cut one page into its items, in page order.

    Returns:
        The articles, notices and advertisements of the page, each with its parsed
        bylines and the raw byline text they were read from.
    """
    if page.headline is not None or page.byline is not None:
        return (_record_article(page),)
    taken: dict[str, int] = {}
    articles = []
    for seq, item in enumerate(cut_items(read_paragraphs(page.text))):
        article = _make_article(item, meta=page.meta, seq=seq, taken=taken)
        if article is not None:
            articles.append(article)
    return tuple(articles)


# ------------------------------------------------------------------ articles


@dataclass
class _Heads:
    kicker: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    rubric: str | None = None


def _make_article(item: list[Para], *, meta: PageMeta, seq: int, taken: dict[str, int]) -> Article | None:
    lead_at = next((i for i, p in enumerate(item) if p.tag in ("byline", "lead", "marker") and not _closing(item, i)), None)
    is_notice = any(p.tag == "table" for p in item) and not any(p.tag in ("byline", "lead") for p in item)
    head_end = lead_at if lead_at is not None else _leading_headings(item, is_notice)
    heads = _heads_of([p for p in item[:head_end] if p.tag == "heading"], item[lead_at] if lead_at is not None else None)
    body, extras = _body_of(item[head_end:])
    if not body.strip() and not (extras["captions"] or extras.get("bylines") or extras.get("to")):
        return None  # headings alone: a section's title, a teaser (a story jumping to another page stays)
    kind = _kind_of(item, body, is_notice)
    if kind is ArticleKind.ARTICLE and lead_at is None and heads.headline and NOTICE_TITLE.fullmatch(heads.headline):
        kind = ArticleKind.NOTICE  # 讣告, 某某公告 over its text and signature
    headline = heads.headline
    if kind is not ArticleKind.ARTICLE and headline is None and body:
        headline = body.split("\n", 1)[0][:MAX_HEADING]
    text = body or ("\n".join(extras["captions"]) if kind is ArticleKind.CAPTION else "")  # a photograph's item: its caption
    table, table_start = table_of(text)
    return Article(
        key=article_key(meta, headline, text, taken),
        meta=meta,
        kind=kind,
        headline=headline,
        text=text,
        seq=seq,
        kicker=heads.kicker,
        subheadline=heads.subheadline,
        rubric=heads.rubric,
        # A photograph printed as an item of its own (图片新闻) is its photographer's.
        bylines=bl.dedupe(extras.get("photo" if kind is ArticleKind.CAPTION else "bylines", ())),
        byline_text=extras.get("byline"),
        dateline=extras.get("dateline"),
        captions=tuple(extras.get("captions", ())),
        continued_from=extras.get("from"),
        continued_to=extras.get("to"),
        table=table,
        table_start=table_start,
    )


def _heads_of(headings: list[Para], lead: Para | None) -> _Heads:
    """The kicker, headline, subheadline and rubric of an item's headings (its lead's line tells a brief's)."""
    if lead is not None and len(headings) > 1 and headings[-1].line == lead.line:
        # A brief's title shares its line with its lead: the headings above it are its section's (新闻速递).
        return _Heads(kicker=" ".join(p.text for p in headings[:-1]), headline=headings[-1].text)
    return _assign_heads([p.text.lstrip(BULLETS + " \u3000") or p.text for p in headings])


def _closing(item: list[Para], i: int) -> bool:
    """A byline line under the story's text (通讯员 X 记者 Y after the last paragraph): it opens nothing."""
    return item[i].tag == "byline" and i > 0 and item[i - 1].tag in ("body", "lead")


def _leading_headings(item: list[Para], is_notice: bool) -> int:
    """Where the headings that open an item without a lead end; the page's furniture above them (A05 城事) is skipped."""
    if is_notice:
        return 0
    skip = next((k for k, p in enumerate(item) if p.tag != "furniture"), len(item))
    count = 0
    while skip + count < len(item) and item[skip + count].tag == "heading" and count < MAX_HEAD_LINES:
        count += 1
    return skip + count if count and skip + count < len(item) else 0


def _assign_heads(lines: list[str]) -> _Heads:
    heads = _Heads()
    label = lines[0].strip("【】[]〖〗") if lines else ""
    # 对话 / ——专访某某 keeps 对话 as its headline: a dashed line is a subheadline, not a headline.
    headline_after = any(not line.startswith(("—", "─", "-")) for line in lines[1:])
    if headline_after and label in page_furniture("section_labels"):
        heads.kicker, lines = label, lines[1:]  # 评论 / 以实干开新局: the column's label, then the headline
    rest: list[str] = []
    for line in lines:
        if line.startswith(("—", "─", "-")) and heads.subheadline is None:
            heads.subheadline = line.lstrip("—─- ")
        else:
            rest.append(line)
    if len(rest) == 1:
        parts = re.split(r"[ \u3000]{1,4}", rest[0])
        if len(parts) == 2 and min(len(p) for p in parts) >= 6:
            heads.kicker, heads.headline = parts
            return heads
    main = next((i for i, line in enumerate(rest) if not _slogan(line)), 0)
    if main > 0:
        heads.kicker = " ".join(filter(None, (heads.kicker, *rest[:main])))
    if rest:
        heads.headline = rest[main]
    tail = rest[main + 1 :]
    if tail and heads.subheadline is None:
        heads.subheadline, tail = tail[0], tail[1:]
    if tail:
        heads.rubric = " ".join(tail)
    return heads


def _slogan(line: str) -> bool:
    """走基层 送文学 惠民生: short phrases set apart by spaces, printed as a kicker."""
    parts = [p for p in re.split(r"[ \u3000]+", line) if p]
    return len(parts) >= 2 and all(len(p) <= 6 for p in parts)


def _body_of(paras: list[Para]) -> tuple[str, dict]:
    extras: dict = {"captions": []}
    lines: list[str] = []
    seen: set[str] = set()
    last = max((i for i, p in enumerate(paras) if p.tag in ("body", "lead")), default=-1)
    for i, para in enumerate(paras):
        text = _take_markers(para.text, extras)
        if para.tag == "caption":
            extras["captions"].append(text)
            extras.setdefault("photo", []).extend(para.bylines)  # 记者 X 摄 under a photograph
        elif para.tag in ("byline", "tailbyline", "credit"):
            _take_byline_line(para, text, extras)
        elif para.tag == "furniture":
            continue  # the page's date line or label
        elif para.tag == "lead":
            lines.append(_take_tail(_take_lead(text, extras), extras, last=i == last))
        elif text:
            if para.tag in ("body", "lead"):
                text = _take_tail(text, extras, last=i == last)
            lines.append(text if para.tag == "table" else _drop_repeated_sentences(text, seen))
    return "\n".join(line for line in lines if line), extras


def _take_markers(text: str, extras: dict) -> str:
    if "版" not in text:  # every marker names its page (下转第2版): most paragraphs need no scan
        return text
    for match in MARKER.finditer(text):
        key = "from" if match.group("dir") in ("上接", "接上", "接第") else "to"
        extras.setdefault(key, f"第{match.group('page')}版")
    return MARKER.sub("", text).strip()


def _take_lead(text: str, extras: dict) -> str:
    """The story's text after a lead; the first lead's dateline is the story's.

    A roundup prints several leads, one per report: each credits its reporters.
    """
    lead = dl.split_lead(text)
    if lead is None:
        return text
    if lead.dateline is not None:
        extras.setdefault("dateline", lead.dateline)
    if lead.byline_text:
        _add_byline(extras, lead.byline_text, lead.bylines)
    return text[lead.end :].lstrip(" \u3000")


def _take_tail(text: str, extras: dict, *, last: bool) -> str:
    """Cut a credit in brackets off the end of a paragraph: ……救治。（记者 X）"""
    if not text.endswith(tuple(CLOSING_BRACKETS)):
        return text
    tail = bl.split_tail(text, last=last)
    if tail is None:
        return text
    _add_byline(extras, tail.byline_text, tail.bylines)
    return tail.text


def _take_byline_line(para: Para, text: str, extras: dict) -> None:
    kept = text.strip(BULLETS + " \u3000" + OPENING_BRACKETS + CLOSING_BRACKETS)
    # Tagging parsed the line; only a marker cut out of it since leaves other text.
    bylines = para.bylines if text == para.text else bl.parse_byline(kept) or ()
    if para.tag != "credit":  # a page credit (责任编辑 X) is no credit of the story
        _add_byline(extras, kept, bylines)


def _add_byline(extras: dict, text: str, bylines: tuple[Byline, ...]) -> None:
    """The story's credits; page credits printed among them (编辑 X) are left out."""
    extras["byline"] = f"{extras['byline']}\n{text}" if extras.get("byline") else text
    extras.setdefault("bylines", []).extend(b for b in bylines if not bl.page_credit(b))


# Sentences to compare for repeats end at full stops only: a clause after a semicolon is no repeat.
_SENTENCE = re.compile(f"[^{FULL_STOPS}]*[{FULL_STOPS}]+[”’」』]?|[^{FULL_STOPS}]+$")


def _drop_repeated_sentences(text: str, seen: set[str]) -> str:
    """Drop sentences of 20+ characters already printed earlier in the same item."""
    kept = []
    for sentence in _SENTENCE.findall(text):
        if len(sentence) >= 20:
            if sentence in seen:
                continue
            seen.add(sentence)
        kept.append(sentence)
    return "".join(kept)


def _kind_of(item: list[Para], body: str, is_notice: bool) -> ArticleKind:
    if not is_notice:
        if not body.strip() and any(p.tag == "caption" for p in item):
            return ArticleKind.CAPTION
        return ArticleKind.ARTICLE
    if _NOTICE_WORDS.search(body) or not _AD_WORDS.search(body):
        return ArticleKind.NOTICE
    return ArticleKind.ADVERTISEMENT


def table_of(text: str) -> tuple[tuple[tuple[str, ...], ...], int]:
    """The rows of a text's table (lines of two or more tab-separated cells) and where the first starts (-1: none)."""
    if "\t" not in text:
        return (), -1  # no cells: most texts, and a split of every line saved
    rows, start, offset = [], -1, 0
    for line in text.split("\n"):
        cells = line.split("\t")
        if len([c for c in cells if c.strip()]) >= 2:
            if start < 0:
                start = offset
            rows.append(tuple(c.strip() for c in cells))
        offset += len(line) + 1
    return tuple(rows), start


def _record_article(page: Page) -> Article:
    """A JSON Lines record is one article already: clean its body only."""
    paras = read_paragraphs(page.text)
    body, extras = _body_of(paras)
    byline = "\n".join(x for x in (page.byline, extras.get("byline")) if x) or None
    # The record's own byline field is parsed here; its paragraphs' bylines already were.
    own = [b for part in (page.byline or "").split("\n") for b in _record_byline(part)]
    return Article(
        key=article_key(page.meta, page.headline, body, {}),
        meta=page.meta,
        kind=ArticleKind.ARTICLE,
        headline=page.headline,
        text=body,
        bylines=bl.dedupe([*own, *extras.get("bylines", ())]),
        byline_text=byline,
        dateline=extras.get("dateline"),
        captions=tuple(extras.get("captions", ())),
        continued_from=extras.get("from"),
        continued_to=extras.get("to"),
    )


def _record_byline(text: str) -> tuple[Byline, ...]:
    """A record's byline field names the story's authors: bare names are its reporters."""
    parsed = bl.parse_byline(text, bare=Role.REPORTER)
    if parsed is None:
        lead = dl.split_lead(text)
        parsed = lead.bylines if lead else None
    return tuple(b for b in parsed or () if not bl.page_credit(b))


def article_key(meta: PageMeta, headline: str | None, text: str, taken: dict[str, int]) -> str:
    """A stable key from paper, date, page and headline (or, lacking one, the text).

    Two items of one page with the same headline get ``-2``, ``-3`` … in page order.
    """
    basis = headline or text[:60]
    digest = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]
    parts = (meta.paper or "unknown", meta.date or "undated", meta.page_id)
    key = "/".join(p.replace("%", "%25").replace("/", "%2F") for p in parts) + "/" + digest
    count = taken.get(key, 0) + 1
    taken[key] = count
    return key if count == 1 else f"{key}-{count}"


__all__ = ["article_key", "segment_page"]

