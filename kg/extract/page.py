"""The per-page stages, in order: profile the paper, segment (bylines parsed as found), recognize, resolve, datelines, events, quotations."""

from __future__ import annotations

import dataclasses

from kg.extract.datelines import dateline_created
from kg.extract.events import detect_events
from kg.extract.papers import paper_profile
from kg.extract.quotes import find_quotations
from kg.extract.recognize import recognize_mentions
from kg.extract.resolve import home_places, resolve_mentions
from kg.lang.cache import patterns_kept
from kg.model import ArticleResult, Page, PageRecord, PageResult
from kg.read.inputs import content_hash as page_hash
from kg.read.segment import segment_page


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
        return _extract(page, use_tagger=use_tagger, content_hash=content_hash)


def _extract(page: Page, *, use_tagger: bool, content_hash: str | None) -> PageResult:
    page = profiled(page)
    results = []
    for article in segment_page(page):
        found = recognize_mentions(article, use_tagger=use_tagger)
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
