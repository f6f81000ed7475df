"""The public Python API: :func:`extract` one page's text, :func:`build` a graph from files.

Both run exactly what ``kg build`` runs; the ``kg`` command calls them, as it calls
:func:`remove` and :func:`evaluate`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model's types, for the annotations only: `kg --help` does not import it
    from kg.model import ArticleKind, Created, EventMention, Mention, PageMeta, PageResult, Quotation
    from kg.build.remove import Removal
    from kg.build.report import BuildReport
    from kg.extract.evaluate import EvaluationReport


@dataclass(frozen=True)
class ExtractedArticle:
    """One item of a page as extraction left it; mention offsets refer to ``text``."""

    key: str
    kind: ArticleKind
    headline: str | None
    text: str
    authors: tuple[str, ...]  # 记者 (and writers)
    contributors: tuple[str, ...]  # 通讯员, interns, photographers …
    mentions: tuple[Mention, ...]  # start, end, text, type, entity (its EntityKey)
    events: tuple[EventMention, ...]
    created: Created | None = None  # the dateline's place, date and source (wire copy)
    quotes: tuple[Quotation, ...] = ()  # direct quotations and reported speech, with speakers


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` found on one page."""

    meta: PageMeta
    result: PageResult
    base: str

    @property
    def articles(self) -> tuple[ExtractedArticle, ...]:
        """The page's items in page order."""
        return tuple(_article(item) for item in self.result.articles)

    def to_turtle(self) -> str:
        """The page's graph (articles, entities, events) as Turtle, as ``kg build`` would store it."""
        from kg.build.pages import page_store  # the graph stage: only when asked for

        store = page_store(self.result, base=self.base)
        try:
            return store.dump_bytes(fmt="turtle").decode("utf-8")
        finally:
            store.close()


def extract(
    text: str,
    *,
    paper: str | None = None,
    date: str | None = None,
    page: str | None = None,
    use_tagger: bool = True,
    base: str | None = None,
) -> Extraction:
    """Run the whole per-page pipeline on a page's text.

    Args:
        text: a page export's text (one or many items), or one article. A text of several
            pages, each opening with its label (a whole issue's export), is read as one
            page, numbered by the label in its first lines: ``kg build`` on its file, or
            :func:`kg.read.ingest.read_pages`, cuts it into its pages.
        paper: the paper's name (its home city resolves 我市, 市委 …).
        date: the issue date, YYYY-MM-DD; relative dates stay unresolved without it.
        page: the printed page number.
        use_tagger: run the statistical tagger beside the rules.
        base: base IRI of the graph's resources (for :meth:`Extraction.to_turtle`).

    Raises:
        MetadataError: ``date`` is not a real date (KG105).
    """
    with _loading_stage():
        from kg.extract.page import extract_page
        from kg.graph.namespace import DEFAULT_BASE
        from kg.read.ingest import page_from_text

    one = page_from_text(text, paper=paper, date=date, page=page)
    result = extract_page(one, use_tagger=use_tagger)
    return Extraction(result.record.meta, result, base or DEFAULT_BASE)


def build(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str] = "outputs",
    progress: Callable[[str, int], None] | None = None,
    **options: Any,
) -> BuildReport:
    """Build (or update) the graph of the pages under ``paths`` into the folder ``out``.

    Args:
        paths: a page file or folder, or several (``-`` is stdin).
        options: the fields of :class:`kg.build.pipeline.BuildOptions` (``paper``, ``date``,
            ``workers``, ``scheduler``, ``store_url``, ``base``, ``use_tagger``, ``views``,
            ``ttl``, ``max_page_bytes``, ``now``).
        progress: called as each page is done, with its input file and its number of articles.

    Returns:
        The build report, also written to ``out/report.json``.

    Raises:
        TypeError: an option ``BuildOptions`` does not have.
        KgError: with its code, for what stops a build (KG105 a bad date, KG200 an
            output folder that cannot be written …).
    """
    with _loading_stage():
        from kg.build.pipeline import BuildOptions, build_graph

    _refuse_unknown(options, BuildOptions)
    if isinstance(paths, (str, os.PathLike)):  # one path, not the characters of one
        paths = [paths]
    with _objects_frozen():
        return build_graph(paths, out=out, options=BuildOptions(**options), progress=progress)


def _refuse_unknown(options: dict[str, Any], fields_of: type) -> None:
    """Refuse an option that the dataclass ``fields_of`` has no field for.

    Raises:
        TypeError: naming the options unknown, in order.
    """
    known = {f.name for f in dataclasses.fields(fields_of)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"kg.build() got unknown options: {', '.join(unknown)}")


@contextlib.contextmanager
def _objects_frozen() -> Iterator[None]:
    """The objects made so far frozen while the block runs, unless the caller froze its own.

    The objects of the modules just imported are then left out of the collector's full passes,
    20 ms each in a one-page build, and a forked worker's passes no longer copy the memory
    pages they would touch.
    """
    frozen = gc.get_freeze_count() == 0
    if frozen:
        gc.freeze()
    try:
        yield
    finally:
        if frozen:
            gc.unfreeze()


def remove(
    paths: Iterable[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str] = "outputs",
    prune_missing: bool = False,
) -> Removal:
    """Take the pages the files (or folders) under ``paths`` built out of the graph in ``out``.

    Args:
        prune_missing: also take out the pages of every input file gone from disk.

    Returns:
        What was removed: ``.sources``, ``.pages``, and the store's ``.quads`` after.

    Raises:
        KgError: KG303 when ``out`` holds no graph, KG200 when a build holds the folder.
    """
    from kg.build.remove import remove_sources

    return remove_sources(paths, out=out, prune_missing=prune_missing)


def evaluate(
    gold: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    types: Iterable[str] | None = None,
    use_tagger: bool = True,
    model: str | os.PathLike[str] | None = None,
    paper: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    short_names: str = "auto",
) -> EvaluationReport:
    """Score the recognizer on a gold file: what ``kg evaluate`` does.

    Args:
        gold: the gold file; ``fmt`` its format (``pfr``, ``bio``, ``bmes``, ``cluener``;
            None: the one its extension names).
        types: score only these types (``PER``, ``LOC``, ``ORG``); None: all three.
        use_tagger: run the statistical tagger beside the rules.
        model: a CRF model file other than the shipped one (a cross-validation fold's).
        paper: the paper the gold comes from, whose home resolves 我市 and 市X局.
        progress: called after each batch with the sentences scored and their total.
        short_names: ``auto`` (the gold's convention), ``count`` or ``skip``: whether
            one-character places (中美's 美) are scored; ``.short_names`` says what was done.

    Returns:
        ``.score`` (``score["PER"].f1``, ``score.as_dict()``), ``.format``, and ``.training``:
        how many gold sentences the model was trained on (``checked`` false when unknown).

    Raises:
        KgError: KG108 a malformed gold file, KG600 a missing or broken model.
        ValueError: an unknown type, or a ``model`` with ``use_tagger=False``.
    """
    with _loading_stage():
        from kg.extract.evaluate import evaluate_file

    return evaluate_file(gold, fmt=fmt, types=types, use_tagger=use_tagger, model=model, paper=paper, progress=progress,
                         short_names=short_names)


@contextlib.contextmanager
def _loading_stage() -> Iterator[None]:
    """Around the first import of a stage: its regular expressions compiled by earlier processes, no collections.

    The stages' modules compile some 200 regular expressions, 0.1 s that kg's cache saves
    (:func:`kg.lang.cache.patterns_kept`); and they make 300,000 objects, none of them garbage,
    which the collector's passes would walk again and again (15 ms).
    """
    from kg.lang.cache import patterns_kept

    collecting = gc.isenabled()
    gc.disable()
    try:
        with patterns_kept():
            yield
    finally:
        if collecting:
            gc.enable()


def _article(item: Any) -> ExtractedArticle:
    """One ``ArticleResult`` as :class:`ExtractedArticle`: its credits as names, authors apart."""
    article = item.article
    authors = tuple(b.name for b in article.bylines if b.role.is_author)
    others = tuple(b.name for b in article.bylines if not b.role.is_author)  # as schema:contributor
    return ExtractedArticle(
        key=article.key,
        kind=article.kind,
        headline=article.headline,
        text=article.text,
        authors=tuple(dict.fromkeys(authors)),
        contributors=tuple(dict.fromkeys(others)),
        mentions=item.mentions,
        events=item.events,
        created=item.created,
        quotes=item.quotes,
    )
