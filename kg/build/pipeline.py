"""The build: input files → pages → articles → mentions and events → the stored graph.

Per-page work is a pure function of a page and runs in worker processes or on Dask:
:func:`extract_page` (segment, bylines, recognize, resolve, events), then the page's
entities and its RDF, serialized as N-Quads. The main process hands each page's bytes
to a writer thread (in order; the store bulk-loads them in batches), keeps a compact
record of its events, and resolves events across the build at the end.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg import __version__, errors
from kg.build.executors import SerialCalls, fewer_collections, ordered_map
from kg.concurrency import default_workers
from kg.read.ingest import MAX_PAGE_BYTES, check_date, read_pages
from kg.model import BuildInfo, EventRecord, InputProblem, Page, PageOutput
from kg.graph.namespace import DEFAULT_BASE, Minter
from kg.atomic import hold_lock, write_atomic
from kg.build.outputs import dead_build, early_writer, mark_unfinished, outputs_pending, start_writer, warm_up, write_outputs
from kg.build.report import BuildReport
from kg.read.inputs import content_hash
from kg.build.pages import PageExtractor, build_context, earlier_events, forget_joined, resolved_event_quads
from kg.build.sources import SourceIndex, SourceTracker
from kg.graph.folder import BUILD_LOCK, INCOMPLETE, REMOTE_STORE, STORE_DIR
from kg.graph.store import GraphStore, Store

if TYPE_CHECKING:
    from subprocess import Popen


    from pyoxigraph import Quad


# N-Quads waiting for the store's writer thread at most: a little more than one of its
# bulk loads (250,000 quads, about 50 MB).
WRITER_BYTES = 64 * 2**20
# Up to this many bytes of pages' N-Quads (4 pages or so), a build's events and provenance join
# its pages' bulk load, not a transaction whose memory table took 15-40 ms to flush; above, the
# pages' load runs while events are resolved (about 5 ms a page).
JOINED_LOAD_BYTES = 2 * 2**20


@dataclass(frozen=True)
class BuildOptions:
    """How to build; every field has the default ``kg build`` uses."""

    paper: str | None = None
    date: str | None = None
    workers: int = 0  # 0: all cores
    scheduler: str | None = None
    store_url: str | None = None
    base: str = DEFAULT_BASE
    use_tagger: bool = True
    views: bool = True  # graph.html; off, a build removes the old one (it would not match the store)
    ttl: bool = True  # graph.ttl; likewise
    # graph.ttl and graph.html: "foreground" (written before the build returns), "background"
    # (by a detached process, report.json at once), "auto" (background in a large store)
    outputs: str = "auto"
    now: dt.datetime | None = None  # fixed clock, for reproducible builds
    max_page_bytes: int = MAX_PAGE_BYTES  # larger pages are refused (KG109), unread
    record_paths: bool = False  # kg:sourceFile: the path as given, not relative to the working folder


def build_graph(
    paths: Iterable[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str],
    options: BuildOptions = BuildOptions(),
    progress: Callable[[str, int], None] | None = None,
) -> BuildReport:
    """Build (or update) the graph under ``out`` from the pages under ``paths``.

    Args:
        paths: input files and folders.
        out: the output folder: ``store/``, ``graph.ttl``, ``graph.html``, ``report.json``.
        options: see :class:`BuildOptions`.
        progress: called as each page (or input problem) is done, with the page's input
            file and the number of articles it built (0 for a problem or an unchanged page).

    Returns:
        The build report (also written to ``out/report.json``).

    Raises:
        MetadataError: ``options.date`` is not a real YYYY-MM-DD date.
        OutputError: ``out`` cannot be written.
    """
    paths = [str(p) for p in paths]
    if options.date is not None:  # before anything is written: a bad option costs no state
        check_date(options.date, source="--date")
    out_dir = _prepare_out(Path(out))
    # One build at a time: a second would clear the first's marker and meet RocksDB's lock.
    with hold_lock(out_dir / BUILD_LOCK, busy="another build is running into this folder"):
        report = _build_locked(paths, out_dir=out_dir, options=options, progress=progress)
        (out_dir / INCOMPLETE).unlink(missing_ok=True)
    return report


def _build_locked(
    paths: list[str], *, out_dir: Path, options: BuildOptions, progress: Callable[[str, int], None] | None,
) -> BuildReport:
    """The build, under the folder's lock: the store opened, the pages built into it, the store let go."""
    started = _now(options)
    report = BuildReport(version=__version__, started=started.isoformat(), out=str(out_dir))
    dead = dead_build(out_dir)  # the last build died: extract every page again
    if dead is None:  # marked before the store opens, so that a reader (kg serve) never copies it mid-build
        write_atomic(out_dir / INCOMPLETE, b"")
    fresh = not options.store_url and not (out_dir / STORE_DIR).exists()
    store = _StoreOpener(out_dir, options)
    try:
        if not fresh or dead is not None:  # its pages decide what is built; else it opens once workers fork
            store()
        if dead:
            mark_unfinished(store(), dead, base=options.base)
        with fewer_collections():
            _build_into(store, paths, out_dir=out_dir, report=report, options=options, started=started,
                        forced=dead is not None, progress=progress)
    except errors.KgError:
        if dead is None and store.store is None:  # the store could not be opened: nothing was built
            (out_dir / INCOMPLETE).unlink(missing_ok=True)
        raise
    finally:
        store.close()
    if fresh and not report.built_anything:  # a failed first build leaves no empty graph to query
        shutil.rmtree(out_dir / STORE_DIR, ignore_errors=True)
    elif options.store_url:
        write_atomic(out_dir / REMOTE_STORE, f"{options.store_url}\n".encode("utf-8"))
    return report


def _build_into(
    store: _StoreOpener,
    paths: list[str],
    *,
    out_dir: Path,
    report: BuildReport,
    options: BuildOptions,
    started: dt.datetime,
    forced: bool,
    progress: Callable[[str, int], None] | None,
) -> None:
    """Extract the pages that changed (every page when ``forced``) into the store, then write the outputs."""
    minter = Minter(options.base)
    known = store.store.page_hashes() if store.store is not None else {}  # not open: a new folder
    build_id = report.build = _build_id(started, paths, known)
    # Should this build die, the next marks its provenance as not finished (mark_unfinished).
    write_atomic(out_dir / INCOMPLETE, json.dumps({"build": build_id, "started": started.isoformat()}).encode())
    build = _Build(store, minter, report, build_id=build_id, index=SourceIndex.load(out_dir), earlier=bool(known))
    inputs = read_pages(paths, paper=options.paper, date=options.date, max_bytes=options.max_page_bytes)
    pages = build.fresh_pages(inputs, known=known, forced=forced, progress=progress)
    extract = PageExtractor(options.use_tagger, options.base, build_id, None if options.record_paths else os.getcwd())
    workers = options.workers or default_workers()
    try:
        warm = functools.partial(_on_start, store, views=options.views)
        for result in ordered_map(extract, pages, workers=workers, scheduler=options.scheduler, on_start=warm):
            source, done = build.take(result)
            if progress:
                progress(source, done)
        early = functools.partial(early_writer, out_dir=out_dir, views=options.views, ttl=options.ttl, mode=options.outputs)
        build.finish(ended=_now(options), version=__version__, start_outputs=early)
    finally:
        build.writer.close()
    if report.built_anything or build.retracted:  # else the folder's outputs, if any, stand
        build.index.save()
        write_outputs(store(), out_dir, report, views=options.views, ttl=options.ttl, mode=options.outputs,
                      writer=build.outputs_writer)
    elif outputs_pending(out_dir):  # this build ended the writer of the last one's files: start it again
        start_writer(out_dir)


class _StoreOpener:
    """The build's store, opened at its first call.

    A new folder's opens once the workers are forked (:func:`_on_start`): creating RocksDB's
    files held up the first page by 17-120 ms.
    """

    def __init__(self, out_dir: Path, options: BuildOptions) -> None:
        self._out_dir, self._options = out_dir, options
        self.store: Store | None = None

    def __call__(self) -> Store:
        if self.store is None:
            self.store = _open_store(self._out_dir, self._options)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _on_start(store: _StoreOpener, *, views: bool) -> None:
    """Once the work runs elsewhere: the end's imports on a thread, and the store opened here."""
    warm_up(views=views)
    store()


@dataclass
class _Build:
    """The state of one build in the main process: compact, never the corpus."""

    opener: _StoreOpener
    minter: Minter
    report: BuildReport
    build_id: str
    index: SourceIndex
    sources: SourceTracker = field(default_factory=SourceTracker)
    retracted: list[str] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    built_pages: dict[str, str] = field(default_factory=dict)
    # Store writes, in order, off the main thread. The queue holds a full batch of the
    # store's while it loads the one before: with 8 pages at most, the main thread and
    # then both workers stopped for up to 2 s at each bulk load (a quarter of the time).
    writer: SerialCalls = field(default_factory=lambda: SerialCalls(depth=None, max_size=WRITER_BYTES))
    # Shared-graph N-Quads lines already written by this build: each is written once, not a page.
    shared_seen: set[bytes] = field(default_factory=set)
    # Pages built before, rebuilt now: the shared facts they added may have lost their support.
    replaced: bool = False
    written: int = 0  # bytes of N-Quads sent to the store
    # Sources already warned of a missing paper or date.
    unnamed: set[str] = field(default_factory=set)
    outputs_writer: Popen[bytes] | None = None  # graph.ttl's and graph.html's, started early
    earlier: bool = False  # the store held pages before: their events may be reported again now

    @property
    def store(self) -> Store:
        return self.opener()

    def fresh_pages(
        self,
        items: Iterable[Page | InputProblem],
        *,
        known: dict[str, str],
        forced: bool,
        progress: Callable[[str, int], None] | None = None,
    ) -> Iterator[Page]:
        """Pages to extract; problems and unchanged pages go straight to the report.

        Args:
            known: page IRI → content hash, of the pages the store holds.
        """
        for item in items:
            if isinstance(item, InputProblem):
                self.add_problem(item)
                if progress:
                    progress(item.source, 0)
                continue
            meta = item.meta
            page_iri = self.minter.page(meta.paper, meta.date, meta.page_id)
            if (other := self.sources.page(meta.source, page_iri)) is not None:
                self.add_problem(self.sources.collision(meta.source, other))
            self._check_metadata(item)
            if not forced and known.get(page_iri) == content_hash(item):
                self.report.add_unchanged(item)
                if progress:
                    progress(meta.source, 0)
                continue
            self.replaced = self.replaced or page_iri in known
            yield item

    def take(self, result: PageOutput | InputProblem) -> tuple[str, int]:
        """Keep a page's output, or its problem: its input file, and the articles it built."""
        if isinstance(result, InputProblem):
            self.add_problem(result)
            return result.source, 0
        self.write_page(result)
        return result.record.meta.source, len(result.record.articles)

    def add_problem(self, problem: InputProblem) -> None:
        self.report.add_problem(problem)
        self.sources.problem(problem.source, problem.code)

    def _check_metadata(self, page: Page) -> None:
        """Warn once a file when its pages lack a paper or a date: their IRIs say unknown or undated."""
        meta = page.meta
        lacking = [what for what, value in (("paper", meta.paper), ("issue date", meta.date)) if not value]
        if not lacking or meta.source in self.unnamed:
            return
        self.unnamed.add(meta.source)
        self.add_problem(InputProblem(
            meta.source, errors.MissingMetadataWarning.code,
            f"built without {' and '.join(lacking)}: its IRIs say "
            f"{' and '.join(w for w, gap in (('unknown', not meta.paper), ('undated', not meta.date)) if gap)}; "
            "give --paper/--date, a sidecar NAME.json, or the record's fields",
            page.line if page.line > 1 else None,
        ))

    def write_page(self, output: PageOutput) -> None:
        """Queue a page's quads for the store, each shared line once a build, and count it."""
        record = output.record
        page_iri = self.minter.page(record.meta.paper, record.meta.date, record.meta.page_id)
        shared = [line for line in output.graph.shared if line not in self.shared_seen]
        self.shared_seen.update(shared)
        articles = [self.minter.article(key) for key in record.articles]
        data = output.graph.own + b"".join(shared)
        self.writer.submit(functools.partial(self.store.replace_page, graphs=articles), page_iri, data, size=len(data))
        self.written += len(data)
        self.built_pages[page_iri] = record.meta.source
        self.report.add_page(record, output.counts)
        self.events.extend(output.events)

    def finish(
        self, *, ended: dt.datetime, version: str, start_outputs: Callable[[Store], Popen[bytes] | None] | None = None,
    ) -> None:
        """Resolve events across the build and record the build's activity; ``start_outputs`` before compacting."""
        from kg.graph.rdf import build_quads

        stale = self.sources.settle(self.index)
        if stale:  # the store is the writer thread's until it is drained
            self.writer.drain()
            self.retract(stale)
        # The pages still queued and the last ones' bulk load (outside the GIL) on the writer
        # thread while events are resolved here: the load took 0.3-0.6 s of the serial tail at
        # 3,148 articles, and waiting for the queue first 0.25 s more.
        if self.written > JOINED_LOAD_BYTES:
            self.writer.submit(self.store.flush)
        context = build_context(self.minter.base, self.build_id)
        # A daily build reports on days of events the graph holds (one closes, one goes on).
        stored = earlier_events(self.store, self.events, context=context, before=self.writer.drain) if self.earlier else []
        events, stated, quads = resolved_event_quads(self.events, context=context, stored=stored)
        if self.built_pages or self.retracted:
            info = BuildInfo(self.build_id, self.report.started, ended.isoformat(), version)
            quads += build_quads(info, context=context, pages=self.built_pages, retracted=self.retracted)
        self.writer.drain()
        self.store.add(dict.fromkeys(quads))  # an event's article may name it twice
        forget_joined(self.store, events, stored, stated, context=context)  # their old dates, now widened
        if self.replaced:
            self.prune(stated)
        if start_outputs is not None and (self.report.built_anything or self.retracted):
            self.outputs_writer = start_outputs(self.store)
        self.store.settle()
        self.report.finish(ended=ended.isoformat(), events=len(events), quads=len(self.store))

    def retract(self, pages: list[str]) -> None:
        """Take out pages their files no longer give (a corrected date, a record gone)."""
        from kg.graph.prune import forget_pages
        from kg.graph.rdf import PROVENANCE

        for page_iri in pages:
            self.store.replace_page(page_iri, b"")
        if pages:
            forget_pages(self.store, pages=pages, provenance_graph=self.minter.graph(PROVENANCE))
        self.retracted = pages
        self.replaced = self.replaced or bool(pages)
        self.report.retracted = len(pages)

    def prune(self, events: list[Quad]) -> None:
        """After replacing pages: restate the shared nodes only this build names, then prune."""
        from kg.graph.prune import clean_shared

        clean_shared(self.store, minter=self.minter, build_id=self.build_id,
                     shared_nquads=b"".join(self.shared_seen), events=events)


def _prepare_out(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe-"):
            pass
    except OSError as exc:
        raise errors.OutputError(f"cannot write the output folder: {exc.strerror or exc}", source=str(out)) from None
    return out


def _open_store(out_dir: Path, options: BuildOptions) -> Store:
    if options.store_url:
        from kg.graph.remote_store import RemoteStore

        return RemoteStore(options.store_url)
    return GraphStore.open(out_dir)


def _now(options: BuildOptions) -> dt.datetime:
    if options.now is not None:
        return options.now
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _build_id(started: dt.datetime, paths: Iterable[str | os.PathLike[str]], known: dict[str, str]) -> str:
    """The build's id: its time, its inputs' names, and the pages the store held before it.

    Restating shared nodes tells this build's articles by this id, so two builds into
    one store must not share it, even at the same second or with a fixed clock
    (SOURCE_DATE_EPOCH): each build changes the page hashes the next one starts from.
    The same inputs into the same store give the same id: builds stay reproducible.
    """
    parts = sorted(map(str, paths)) + (["", *sorted(f"{k} {v}" for k, v in known.items())] if known else [])
    digest = hashlib.sha1("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{started.strftime('%Y%m%dT%H%M%SZ')}-{digest}"
