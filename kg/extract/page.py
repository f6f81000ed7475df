"""The per-page stages, in order: profile the paper, segment (bylines parsed as found), recognize, resolve, datelines, events, quotations."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from kg.extract.datelines import dateline_created
from kg.extract.events import detect_events
from kg.extract.papers import paper_profile
from kg.extract.quotes import find_quotations
from kg.extract.recognize import recognize_mentions, tag_articles
from kg.extract.resolve import home_places, resolve_mentions
from kg.lang.cache import patterns_kept
from kg.model import Article, ArticleResult, EntityType, Page, PageRecord, PageResult
from kg.read.inputs import content_hash as page_hash
from kg.read.segment import segment_page

T = TypeVar("T")
Span = tuple[int, int, EntityType]


def extract_page(page: Page, *, use_tagger: bool = True, content_hash: str | None = None) -> PageResult:
    """Run the per-page stages on one page: a pure function of the page.

    Args:
        use_tagger: run the statistical tagger beside the rules.
        content_hash: the page's hash, kept in the record (the build uses it to skip
            unchanged pages); computed here when not given.
    """
    # The stages compile some expressions at their first use (40 on a first page, 170 more with
    # the time parser): kept compiled for the next process, as those of their imports are.
    with patterns_kept():
        page, articles = _segmented(page)
        tagged = tag_articles(articles) if use_tagger else None
        return _extract(page, articles, tagged, use_tagger=use_tagger, content_hash=content_hash)


def extract_pages(pages: Sequence[Page], *, use_tagger: bool = True) -> list[PageResult | Exception]:
    """Run the per-page stages on several pages, the articles of them all tagged in one call.

    The tagger decodes the texts it is given together, one step a character position for all of
    them; the results are those of :func:`extract_page` on each page.

    Returns:
        Each page's result, or the exception its stages raised: one page's failure costs the
        others nothing (a tagging failure is retried page by page).
    """
    with patterns_kept():
        prepared = [_attempt(_segmented, page) for page in pages]
        articles = [a for item in prepared if not isinstance(item, Exception) for a in item[1]]
        tagged = _attempt(tag_articles, articles) if use_tagger else None
        spans = iter(tagged) if isinstance(tagged, list) else None
        return [_finish(item, spans, use_tagger=use_tagger) for item in prepared]


def _finish(
    item: tuple[Page, tuple[Article, ...]] | Exception, spans: Iterator[list[Span]] | None, *, use_tagger: bool
) -> PageResult | Exception:
    """The rest of a segmented page's stages, its articles' spans taken from ``spans`` (None: tagged here)."""
    if isinstance(item, Exception):
        return item
    page, articles = item
    tagged: list[list[Span]] | Exception | None = None
    if use_tagger:
        tagged = [next(spans) for _ in articles] if spans is not None else _attempt(tag_articles, articles)
    if isinstance(tagged, Exception):
        return tagged
    return _attempt(_extract, page, articles, tagged, use_tagger=use_tagger, content_hash=None)


def _attempt(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | Exception:
    """``fn(*args, **kwargs)``, or the exception it raised."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - handed to the caller, page by page
        return exc


def _segmented(page: Page) -> tuple[Page, tuple[Article, ...]]:
    page = profiled(page)
    return page, segment_page(page)


def _extract(
    page: Page, articles: Sequence[Article], tagged: Sequence[Sequence[Span]] | None, *,
    use_tagger: bool, content_hash: str | None,
) -> PageResult:
    results = []
    for article, spans in zip(articles, tagged if tagged is not None else [None] * len(articles)):
        found = recognize_mentions(article, use_tagger=use_tagger, tagged=spans)
        mentions = resolve_mentions(found, meta=article.meta, text=article.text)
        created = dateline_created(article.dateline, meta=article.meta, key=article.key)
        # Relative dates (昨日, 7日) count from the day the story was written.
        events = detect_events(article, mentions, anchor_date=created.date if created else None, created=created)
        quotes = find_quotations(article, mentions)  # speakers are the resolved mentions' entities
        results.append(ArticleResult(article, mentions, events, created=created, quotes=quotes))
    keys = tuple(r.article.key for r in results)
    digest = content_hash if content_hash is not None else page_hash(page)
    record = PageRecord(page.meta, digest, keys, homes=home_places(page.meta))
    return PageResult(record, tuple(results))


def profiled(page: Page) -> Page:
    """The page with its paper's home city, province and county (for 我市, 市委 …)."""
    meta = page.meta
    if meta.home_city or meta.province or meta.home_county:
        return page
    homes = paper_profile(meta.paper).homes()
    return dataclasses.replace(page, meta=dataclasses.replace(meta, **homes))
