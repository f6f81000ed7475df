"""Segment: cut a page into its items (articles, notices, advertisements).

The export of an e-paper page is a run of lines. This stage re-joins lines broken at
column ends, drops repeated paragraphs, keeps photo captions apart, records
continuation markers, and finds where each item starts: a heading block (kicker,
headline, subheadline) just before a byline line, a dateline lead (本报讯 …) or a
continuation marker. Advertisements and notices are cut out where a block of short,
exclamatory or tabular lines begins.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg import bylines as bl
from kg.model import Article, ArticleKind, Dateline, Page, PageMeta

_TERMINAL = "。！？!?…；;：:"
_CLOSERS = "”’」』）)】》\"'"
_MARKER = re.compile(
    r"[（(]?\s*(?P<dir>上接|接上|下转|转下|转第|接第)\s*(?:第)?(?P<page>[0-9０-９一二三四五六七八九十]+)\s*版\s*[)）]?"
)
_CAPTION = re.compile(r"^(?:图为|▲|△|（图|\(图|图：|图:)|(?:摄影?|供图|[（(][^（()）]{0,20}摄[)）])$")
_NOTICE_WORDS = re.compile(r"通知|公告|启事|通讯录|招聘|招生|征兵|报名|声明|公示|讣告|寻人|遗失")
_AD_WORDS = re.compile(r"热线|咨询电话|优惠|特价|促销|折扣|订购|加盟|地址[:：]")
_MAX_HEADING = 40
_MAX_HEAD_LINES = 4


@dataclass
class _Para:
    text: str
    gap: int  # blank lines before it
    line: int  # 1-based line of the page where it starts
    tag: str = "body"  # body heading byline lead marker table caption


def segment_page(page: Page) -> tuple[Article, ...]:
    """Cut one page into its items, in page order.

    Returns:
        The articles, notices and advertisements of the page, with raw byline
        text (parsed later by :func:`kg.bylines.read_bylines`).
    """
    if page.headline is not None or page.byline is not None:
        return (_record_article(page),)
    paras = _classify(_split_paragraphs(page.text))
    paras = _drop_repeats(_rejoin(paras))
    taken: dict[str, int] = {}
    articles = []
    for seq, item in enumerate(_cut_items(paras)):
        article = _make_article(item, meta=page.meta, seq=seq, taken=taken)
        if article is not None:
            articles.append(article)
    return tuple(articles)


# ------------------------------------------------------------------ paragraphs


def _split_paragraphs(text: str) -> list[_Para]:
    paras: list[_Para] = []
    gap = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip(" \u3000\t") if "\t" not in line.strip(" \u3000") else line.rstrip()
        if not stripped.strip():
            gap += 1
            continue
        paras.append(_Para(stripped.strip(" \u3000") if "\t" not in stripped else stripped, gap, number))
        gap = 0
    return paras


def _classify(paras: list[_Para]) -> list[_Para]:
    for para in paras:
        para.tag = _tag_of(para.text)
    return paras


def _tag_of(text: str) -> str:
    if "\t" in text:
        return "table"
    if _MARKER.fullmatch(text):
        return "marker"
    if bl.is_byline(text):
        parsed = bl.parse_byline(text) or ()
        if all(b.role.value == "photographer" for b in parsed):
            return "caption"
        return "tailbyline" if text.strip()[:1] in "(（〔[【" else "byline"
    if bl.split_lead(text) is not None:
        return "lead"
    if _CAPTION.search(text) and len(text) <= 120:
        return "caption"
    if _is_heading(text):
        return "heading"
    return "body"


def _terminated(text: str) -> bool:
    core = text.rstrip(_CLOSERS + " ")
    return bool(core) and core[-1] in _TERMINAL


def _clause_marks(text: str) -> int:
    return sum(text.count(ch) for ch in "，、；,")


def _is_heading(text: str) -> bool:
    if len(text) > _MAX_HEADING or _clause_marks(text) >= 2:
        return False
    if text.startswith(("—", "─", "-")):
        return True
    core = text.rstrip(_CLOSERS + " ")
    if core.endswith(("！", "!", "？", "?")):
        return len(text) <= 25
    return not _terminated(text)


# ------------------------------------------------------------------ repairs


def _rejoin(paras: list[_Para]) -> list[_Para]:
    """Join lines broken at column ends, lifting out a caption printed in between."""
    out: list[_Para] = []
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
            out.append(_Para(nxt.text, nxt.gap, nxt.line, "caption"))
            nxt, i = after, i + 1
        if nxt.tag not in ("body", "heading"):
            out.append(cur)
            i += 1
            continue
        paras[i + 1] = _Para(cur.text + nxt.text, cur.gap, cur.line, "lead" if cur.tag == "lead" else "body")
        i += 1
    return out


def _broken(cur: _Para, nxt: _Para) -> bool:
    """True when ``cur`` ends mid-sentence and ``nxt`` carries on the same sentence."""
    if _terminated(cur.text) or nxt.tag in ("byline", "lead", "marker", "table", "tailbyline"):
        return False
    if cur.tag == "lead" or len(cur.text) >= _MAX_HEADING or _clause_marks(cur.text) >= 2:
        return True
    return cur.tag == "body" or _short_first_clause(nxt.text)


def _short_first_clause(text: str) -> bool:
    match = re.search(r"[。！？!?；;]", text)
    return match is not None and match.start() <= 4


def _is_inset_caption(mid: _Para, after: _Para) -> bool:
    """A short complete sentence printed between the halves of a broken paragraph."""
    if mid.tag == "caption":
        return True
    if mid.tag not in ("body", "heading") or len(mid.text) > _MAX_HEADING:
        return False
    single = _terminated(mid.text) and not re.search(r"[。！？!?].", mid.text.rstrip(_CLOSERS))
    return single and after.tag == "body" and (_short_first_clause(after.text) or mid.gap >= 2)


def _drop_repeats(paras: list[_Para]) -> list[_Para]:
    """Keep once a paragraph repeated verbatim (or repeating the end of the previous one)."""
    seen: set[str] = set()
    out: list[_Para] = []
    for para in paras:
        key = para.text
        if para.tag in ("body", "lead") and len(key) >= 12:
            if key in seen or (out and out[-1].tag in ("body", "lead") and out[-1].text.endswith(key)):
                continue
            seen.add(key)
        out.append(para)
    return out


# ------------------------------------------------------------------ items


def _cut_items(paras: list[_Para]) -> Iterable[list[_Para]]:
    starts = _item_starts(paras)
    bounds = list(zip(starts, starts[1:] + [len(paras)]))
    for begin, end in bounds:
        item = paras[begin:end]
        yield from _split_notice(item)


def _item_starts(paras: list[_Para]) -> list[int]:
    starts = [0]
    for i, para in enumerate(paras):
        if para.tag not in ("byline", "lead", "marker") or not _opens_item(paras, i):
            continue
        head = i
        while (
            head > starts[-1]
            and i - head < _MAX_HEAD_LINES
            and paras[head - 1].tag == "heading"
        ):
            head -= 1
        if head > starts[-1]:
            starts.append(head)
    return starts


def _opens_item(paras: list[_Para], i: int) -> bool:
    para = paras[i]
    if para.tag == "marker":
        return _MARKER.fullmatch(para.text).group("dir") in ("上接", "接上", "接第")
    if para.tag == "byline":
        # A byline line opens a story when a heading or nothing of a story is above it.
        return i == 0 or paras[i - 1].tag in ("heading", "body", "table", "caption", "marker")
    # 本报讯 right under a byline line belongs to the story the byline opened.
    return i == 0 or paras[i - 1].tag != "byline"


def _split_notice(item: list[_Para]) -> Iterable[list[_Para]]:
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


def _ad_like(para: _Para) -> bool:
    if para.tag in ("table", "heading"):
        return True
    if para.tag != "body" or len(para.text) > 60:
        return False
    core = para.text.rstrip(_CLOSERS + " ")
    return core.endswith(("！", "!")) or not _terminated(para.text)


# ------------------------------------------------------------------ articles


@dataclass
class _Heads:
    kicker: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    rubric: str | None = None


def _make_article(item: list[_Para], *, meta: PageMeta, seq: int, taken: dict[str, int]) -> Article | None:
    lead_at = next((i for i, p in enumerate(item) if p.tag in ("byline", "lead", "marker")), None)
    is_notice = any(p.tag == "table" for p in item) and not any(p.tag in ("byline", "lead") for p in item)
    head_end = lead_at if lead_at is not None else _leading_headings(item, is_notice)
    heads = _assign_heads([p.text for p in item[:head_end] if p.tag == "heading"])
    body, extras = _body_of(item[head_end:])
    if not body.strip() and not heads.headline:
        return None
    kind = _kind_of(item, body, is_notice)
    headline = heads.headline
    if kind is not ArticleKind.ARTICLE and headline is None and body:
        headline = body.split("\n", 1)[0][:_MAX_HEADING]
    text = body
    table, table_start = _table_of(text)
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
        byline_text=extras.get("byline"),
        dateline=extras.get("dateline"),
        captions=tuple(extras.get("captions", ())),
        continued_from=extras.get("from"),
        continued_to=extras.get("to"),
        table=table,
        table_start=table_start,
    )


def _leading_headings(item: list[_Para], is_notice: bool) -> int:
    if is_notice:
        return 0
    count = 0
    while count < len(item) and item[count].tag == "heading" and count < _MAX_HEAD_LINES:
        count += 1
    return count if count < len(item) else 0


def _assign_heads(lines: list[str]) -> _Heads:
    heads = _Heads()
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
        heads.kicker = " ".join(rest[:main])
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


def _body_of(paras: list[_Para]) -> tuple[str, dict]:
    extras: dict = {"captions": []}
    lines: list[str] = []
    seen: set[str] = set()
    for para in paras:
        text = _take_markers(para.text, extras)
        if para.tag == "caption":
            extras["captions"].append(text)
        elif para.tag in ("byline", "tailbyline"):
            _add_byline(extras, text.strip("□■●◎◆◇★☆ \u3000()（）〔〕[]【】"))
        elif para.tag == "lead" and "dateline" not in extras:
            lines.append(_take_lead(text, extras))
        elif text:
            lines.append(text if para.tag == "table" else _drop_repeated_sentences(text, seen))
    return "\n".join(line for line in lines if line), extras


def _take_markers(text: str, extras: dict) -> str:
    for match in _MARKER.finditer(text):
        key = "from" if match.group("dir") in ("上接", "接上", "接第") else "to"
        extras.setdefault(key, f"第{match.group('page')}版")
    return _MARKER.sub("", text).strip() if "版" in text else text


def _take_lead(text: str, extras: dict) -> str:
    lead = bl.split_lead(text)
    if lead is None:
        return text
    extras["dateline"] = lead.dateline or Dateline(text="")
    if lead.byline_text:
        _add_byline(extras, lead.byline_text)
    return text[lead.end :].lstrip(" \u3000")


def _add_byline(extras: dict, text: str) -> None:
    extras["byline"] = f"{extras['byline']}\n{text}" if extras.get("byline") else text


_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』]?|[^。！？!?]+$")


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


def _kind_of(item: list[_Para], body: str, is_notice: bool) -> ArticleKind:
    if not is_notice:
        if not body.strip() and any(p.tag == "caption" for p in item):
            return ArticleKind.CAPTION
        return ArticleKind.ARTICLE
    if _NOTICE_WORDS.search(body) or not _AD_WORDS.search(body):
        return ArticleKind.NOTICE
    return ArticleKind.ADVERTISEMENT


def _table_of(text: str) -> tuple[tuple[tuple[str, ...], ...], int]:
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
    paras = _drop_repeats(_rejoin(_classify(_split_paragraphs(page.text))))
    body, extras = _body_of(paras)
    byline = "\n".join(x for x in (page.byline, extras.get("byline")) if x) or None
    return Article(
        key=article_key(page.meta, page.headline, body, {}),
        meta=page.meta,
        kind=ArticleKind.ARTICLE,
        headline=page.headline,
        text=body,
        byline_text=byline,
        dateline=extras.get("dateline"),
        captions=tuple(extras.get("captions", ())),
        continued_from=extras.get("from"),
        continued_to=extras.get("to"),
    )


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

