"""Shared fixtures. Append new fixtures at the end; name them for what they hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.ingest import read_pages
from kg.model import Article, Page
from kg.bylines import read_bylines
from kg.segment import segment_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "pages"
SAMPLE_PAGE = SAMPLE_DIR / "000_f016006cafbfff82.txt"
TEST_DATA = Path(__file__).resolve().parent / "data"
FIXED_CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def sample_page() -> Page:
    """The real sample page of 荆州日报, 2023-01-09, with its sidecar metadata."""
    pages = [p for p in read_pages([SAMPLE_PAGE]) if isinstance(p, Page)]
    assert len(pages) == 1
    return pages[0]


@pytest.fixture(scope="session")
def sample_articles(sample_page: Page) -> tuple[Article, ...]:
    """The sample page cut into items, bylines parsed."""
    return read_bylines(segment_page(sample_page))
