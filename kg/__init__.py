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


@functools.cache
def _version() -> str:
    """The installed distribution's version (reading its metadata costs 20 ms: only when asked)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg-news")  # the distribution's name; the package is kg
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.1.0"


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
