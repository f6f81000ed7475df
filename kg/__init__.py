"""kg: knowledge graphs of Chinese newspaper pages.

The public Python API::

    import kg
    page = kg.extract(text, paper="某某日报", date="2023-01-09")
    page.articles[0].mentions      # start, end, text, type, entity
    page.to_turtle()               # the page's graph
    report = kg.build(["pages/"], out="outputs")   # what `kg build` does
    kg.remove(["pages/old.txt"], out="outputs")    # what `kg remove` does
    kg.evaluate("gold.bmes").score["PER"].f1         # what `kg evaluate` does

Everything else is private unless documented in the README.
"""

import functools
import os
import re
import sys
from importlib.machinery import PathFinder

_DISTRIBUTION = "kg_news"  # the distribution's name (kg-news) as metadata folders spell it


@functools.cache
def _version() -> str:
    """The installed distribution's version (only when asked: importlib.metadata costs 20 ms to import)."""
    found = _metadata_version()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg-news")  # the distribution's name; the package is kg
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.1.0"


def _metadata_version() -> str | None:
    """The ``Version`` of the first ``kg_news-*.dist-info`` (or ``.egg-info``) on ``sys.path``:
    what importlib.metadata finds, read without importing it and the email parser it reads with.

    None where this plain search might not find the same: a zip or an egg on the path, a finder
    of distributions other than the path's, metadata without a version.
    """
    if any(hasattr(finder, "find_distributions") and finder is not PathFinder for finder in sys.meta_path):
        return None
    for entry in sys.path:
        if entry.lower().endswith(".egg"):
            return None
        try:
            children = os.listdir(entry or ".")
        except NotADirectoryError:
            return None  # a zip: importlib.metadata looks inside
        except OSError:
            continue
        for child in children:
            if _names_kg(child):
                return _version_field(os.path.join(entry or ".", child))
    return None


def _names_kg(child: str) -> bool:
    """A metadata folder of kg's distribution, matched as importlib.metadata matches (its Lookup, Prepared.normalize)."""
    low = child.lower()
    name = low.rpartition(".")[0].partition("-")[0]
    return low.endswith((".dist-info", ".egg-info")) and re.sub(r"[-_.]+", "_", name) == _DISTRIBUTION


def _version_field(path: str) -> str | None:
    """The ``Version:`` header of a distribution's metadata: its METADATA, else PKG-INFO, else
    the path itself when it is a file (importlib.metadata's order); None when it has none."""
    names = ("METADATA", "PKG-INFO") if os.path.isdir(path) else ("",)
    for name in names:
        try:
            with open(os.path.join(path, name) if name else path, encoding="utf-8") as fh:
                headers = fh.read().split("\n\n", 1)[0]
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError):
            return None
        for line in headers.splitlines():
            if line.lower().startswith("version:"):
                return line.split(":", 1)[1].strip()
        return None
    return None


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

# The stages kg.extract and kg.build are packages too: load them (their __init__ holds
# only a docstring) before the functions of the same names are bound, so that importing
# one of their modules later never rebinds kg.extract or kg.build to the package.
from kg import build as _build_stage  # noqa: E402,F401
from kg import extract as _extract_stage  # noqa: E402,F401
from kg.api import ExtractedArticle, Extraction, build, evaluate, extract, remove  # noqa: E402

__all__ = ["ExtractedArticle", "Extraction", "__version__", "build", "evaluate", "extract", "remove"]
