"""Store: the persistent Oxigraph quad store under ``DIR/store``, and its exports.

A build writes pages through :meth:`GraphStore.replace_page`, which gathers them and
bulk-loads them a batch at a time: Oxigraph's bulk loader indexes quads at half the CPU
of transactional writes. Bulk loads are not transactions; a crash mid-build leaves the
build folder's ``.build-incomplete`` marker, and the next build rebuilds every page.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol, runtime_checkable

from pyoxigraph import (
    NamedNode,
    Quad,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    serialize,
)
from pyoxigraph import Store as OxigraphStore

from kg import errors
from kg.graph.dump import dump_store
from kg.graph.namespace import KG, PREFIXES
from kg.atomic import write_atomic
from kg.graph.folder import STORE_DIR, WRITTEN_FILE

# RocksDB keeps what is written in memory tables until they are flushed; with Oxigraph's
# settings they grew by about 0.8 KB a quad written (2.8 GB for 30,000 articles).
# Flushing every so many quads keeps a build's store under ~250 MB of memory.
FLUSH_EVERY = 100_000
# Pages are bulk-loaded this many quads at a time. Each load leaves files that RocksDB
# merges with the whole store, so fewer, larger loads save CPU: at 31,480 articles, two
# workers, 50,000 took 190 s of the main process's CPU, 250,000 took 140 s. 1,000,000
# was no faster and held 1.8 GB (a batch a page was 4x slower than transactions).
BATCH_QUADS = 250_000
# The store is compacted at the end of a build once the quads written since the last
# compaction, by this build and earlier ones, reach this share of the store. Compacting
# costs time in proportion to the store, so a share keeps its cost per quad written
# constant however large the store grows.
OPTIMIZE_SHARE = 0.1
# Below this many quads a store is never compacted (what was written is still counted): a
# one-page store (2,600 quads) took 15-80 ms to compact, a fifth of a one-page build's end,
# and came out larger on disk (1.3 MB, not 1.0) and no faster to open and query again.
COMPACT_MIN_QUADS = 20_000
# Quads added at once (no pages waiting) from this many on go in bulk, not in a transaction:
# a build's events and provenance (30,788 quads at 3,148 articles) took 0.27-0.32 CPU-s so,
# 0.54-0.84 as a transaction and 0.16-0.23 more to flush its memory table; 1,000 quads
# 0.024 against 0.035-0.038.
BULK_ADD_QUADS = 1_000


@runtime_checkable
class Store(Protocol):
    """What a build and the commands need of a graph store: local (:class:`GraphStore`) or remote.

    :class:`kg.graph.remote_store.RemoteStore` keeps the same graph on a SPARQL 1.1 server.
    """

    path: Path | None

    def __len__(self) -> int: ...
    def page_hashes(self) -> dict[str, str]: ...
    def replace_page(self, page_iri: str, nquads: bytes, *, graphs: Iterable[str] = ()) -> None: ...
    def add(self, quads: Iterable[Quad]) -> None: ...
    def update(self, sparql: str) -> None: ...
    def query(self, sparql: str) -> Any: ...
    def quads(self) -> Iterator[Quad]: ...
    def dump(self, output: BinaryIO, *, fmt: str = "turtle") -> None: ...
    def dump_bytes(self, *, fmt: str = "turtle") -> bytes: ...
    def settle(self) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


class GraphStore:
    """A kg graph held in Oxigraph: on disk under ``DIR/store`` or in memory."""

    def __init__(self, store: OxigraphStore, *, path: Path | None = None):
        self._store = store
        self.path = path
        self._unflushed = 0  # quads added since the last flush
        # pages waiting for a bulk load (page IRI, graphs to drop, N-Quads); None: quads added after them
        self._batch: list[tuple[str | None, tuple[str, ...], bytes]] = []
        self._batch_quads = 0
        self._batch_pages: set[str] = set()
        self._batch_added = False  # quads were added to the batch: a page replaced next writes it first
        self._written = 0  # quads written since the store was opened
        self._count: int | None = None  # len(), until the next write

    @classmethod
    def open(cls, folder: str | os.PathLike[str] | None, *, read_only: bool = False) -> GraphStore:
        """Open (or create) the store of a build folder; None gives an in-memory store.

        Raises:
            GraphNotFoundError: ``read_only`` and the folder holds no store.
            OutputError: the store cannot be opened for writing.
        """
        if folder is None:
            return cls(OxigraphStore())
        path = Path(folder) / STORE_DIR
        try:
            if read_only:
                if not path.is_dir():
                    raise errors.GraphNotFoundError(
                        "no graph here; run `kg build --out DIR` first", source=str(folder)
                    )
                return cls(OxigraphStore.read_only(str(path)), path=path)
            path.mkdir(parents=True, exist_ok=True)
            return cls(OxigraphStore(str(path)), path=path)
        except OSError as exc:
            if "LOCK" in str(exc):  # RocksDB's lock file, held elsewhere
                raise errors.OutputError(
                    "the store is in use by another process (another build, or `kg serve --allow-update`)",
                    source=str(path),
                ) from None
            raise errors.OutputError(f"cannot open the store: {exc}", source=str(path)) from None

    @property
    def oxigraph(self) -> OxigraphStore:
        """The underlying pyoxigraph store, for the query and serve modules."""
        self._write_batch()
        return self._store

    def __len__(self) -> int:
        """The number of quads; counting reads the whole store, so it is kept until a write."""
        self._write_batch()
        if self._count is None:
            self._count = len(self._store)
        return self._count

    def page_hashes(self) -> dict[str, str]:
        """Page IRI → the content hash recorded when it was built, for every page."""
        self._write_batch()
        return {
            q.subject.value: q.object.value
            for q in self._store.quads_for_pattern(None, NamedNode(KG.contentHash), None, None)
            if q.graph_name == q.subject
        }

    def page_articles(self, page_iri: str) -> list[NamedNode]:
        """The named graphs of the articles built from a page."""
        page = NamedNode(page_iri)
        return [
            q.graph_name
            for q in self._store.quads_for_pattern(None, NamedNode(KG.page), page, None)
            if isinstance(q.graph_name, NamedNode)
        ]

    def replace_page(self, page_iri: str, nquads: bytes, *, graphs: Iterable[str] = ()) -> None:
        """Replace a page: drop its old graphs (its own, its articles' and ``graphs``), add ``nquads``.

        The page waits in a batch; the batch is written when it is full and before any
        read. Naming the new articles' graphs in ``graphs`` drops them too even if an
        interrupted build left them without their link to the page. ``nquads`` must be
        serialized from pyoxigraph terms (as :mod:`kg.graph.rdf` does): their IRIs are not
        checked again.
        """
        # A page twice: the later one wins. After added quads: the page drops what they put in its graphs.
        if page_iri in self._batch_pages or self._batch_added:
            self._write_batch()
        self._batch.append((page_iri, tuple(graphs), nquads))
        self._batch_pages.add(page_iri)
        self._batch_quads += nquads.count(b"\n")
        if self._batch_quads >= BATCH_QUADS:
            self._write_batch()

    def _write_batch(self) -> None:
        if not self._batch:
            return
        batch, self._batch, self._written = self._batch, [], self._written + self._batch_quads
        self._count = None
        self._batch_quads = 0
        self._batch_pages = set()
        self._batch_added = False
        try:
            for page_iri, graphs, _ in batch:
                if page_iri is None:
                    continue
                for graph in {*self.page_articles(page_iri), NamedNode(page_iri), *map(NamedNode, graphs)}:
                    # Only graphs that exist: removing one that does not still writes, and
                    # a write between bulk loads makes RocksDB flush and compact more.
                    if self._store.contains_named_graph(graph):
                        self._store.remove_graph(graph)
            # lenient: the N-Quads were serialized from pyoxigraph terms, whose IRIs were
            # checked when made; checking them again cost a tenth of each bulk load.
            self._store.bulk_load(b"".join(data for _, _, data in batch), format=RdfFormat.N_QUADS, lenient=True)
        except OSError as exc:
            raise errors.OutputError(f"cannot write the store: {exc}", source=str(self.path)) from None

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads: with the pages waiting for a bulk load if any wait, else in one transaction or load.

        A transaction's quads wait in RocksDB's memory table, whose flush at the end of a
        one-page build took 15-40 ms; with the waiting pages they are written by their load.
        ``BULK_ADD_QUADS`` or more are bulk-loaded on their own (not atomic, as the pages' loads).
        """
        quads = quads if isinstance(quads, list) else list(quads)
        if self._batch and quads:
            self._batch.append((None, (), serialize(quads, format=RdfFormat.N_QUADS)))
            self._batch_quads += len(quads)
            self._batch_added = True
            self._count = None
            if self._batch_quads >= BATCH_QUADS:
                self._write_batch()
            return
        self._write_batch()
        self._count = None
        try:
            if len(quads) >= BULK_ADD_QUADS:
                self._store.bulk_extend(quads)
            else:
                self._store.extend(quads)
                self._unflushed += len(quads)
            self._written += len(quads)
            if self._unflushed >= FLUSH_EVERY:
                self.flush()
        except OSError as exc:
            raise errors.OutputError(f"cannot write the store: {exc}", source=str(self.path)) from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (after the waiting pages are written).

        Raises:
            QueryError: the update is malformed.
            OutputError: the store cannot be written.
        """
        self._write_batch()
        self._count = None
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise errors.QueryError(f"malformed update: {exc}") from None
        except OSError as exc:
            raise errors.OutputError(f"cannot update the store: {exc}", source=str(self.path)) from None

    def quads(self) -> Iterator[Quad]:
        self._write_batch()
        return self._store.quads_for_pattern(None, None, None, None)

    def query(self, sparql: str) -> QuerySolutions | QueryTriples | bool:
        """Run a SPARQL query over the union of all graphs.

        Raises:
            QueryError: the query does not parse or fails, with the parser's message.
        """
        self._write_batch()
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise errors.QueryError(f"malformed query: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise errors.QueryError(f"query failed: {exc}") from None

    def dump(self, output: BinaryIO, *, fmt: str = "turtle", threads: int | None = None) -> None:
        """Serialize the graph: triple formats get the union of all named graphs.

        Args:
            threads: threads serializing a triple format (default: one a core, four at most).
        """
        self._write_batch()
        dump_store(self._store, output, fmt=fmt, threads=threads)

    def dump_bytes(self, *, fmt: str = "turtle") -> bytes:
        buffer = io.BytesIO()
        self.dump(buffer, fmt=fmt)
        return buffer.getvalue()

    def settle(self) -> None:
        """Flush, and compact the store once enough has been written since it last was.

        Each write leaves files that overlap the whole store; until RocksDB merges them,
        every lookup reads them too. After one small build into a compacted store of
        1.4 M quads the named queries were 15–20 % slower, and stayed so over three more
        (RocksDB merges a few files on its own). Compacting took 2.9 s there, and its
        cost grows with the store, so it waits until the quads written since the last
        compaction, counted across builds in ``WRITTEN_FILE``, reach ``OPTIMIZE_SHARE``, and
        the store holds ``COMPACT_MIN_QUADS`` at least. A new store of a few bulk loads needs it
        as much (3,148 articles, 587,000 quads: the named queries 17–58 % slower uncompacted, and
        13–41 % after a load of the build's events behind the compaction): it is a build's last write.
        """
        self.flush()
        if self.path is None or not self._written:
            return
        counter = self.path.parent / WRITTEN_FILE
        written = self._written + _read_count(counter)
        quads = len(self)  # counted once: the report reuses it
        if quads >= COMPACT_MIN_QUADS and written >= OPTIMIZE_SHARE * quads:
            try:
                self._store.optimize()
            except OSError as exc:
                raise errors.OutputError(f"cannot compact the store: {exc}", source=str(self.path)) from None
            written = 0
        write_atomic(counter, f"{written}\n".encode())
        self._written = 0

    def close(self) -> None:
        """Let go of the store, so that it can be opened again (by the next build, say).

        RocksDB allows one writer a folder and unlocks it only when the store is freed;
        a store kept alive by an exception's traceback would keep it locked. The
        waiting pages are not written: after an error they may be incomplete.
        """
        self._batch, self._batch_quads, self._batch_pages, self._batch_added = [], 0, set(), False
        self._store = _Closed(self.path)  # type: ignore[assignment]

    def flush(self) -> None:
        """Write the waiting pages, then the memory tables to disk (an on-disk store only)."""
        self._write_batch()
        if self.path is not None:
            self._store.flush()
        self._unflushed = 0


class _Closed:
    """In place of a store let go of: any use is an error, not a silently empty store."""

    def __init__(self, path: Path | None) -> None:
        self._source = str(path) if path else "store"

    def __getattr__(self, name: str) -> None:
        raise errors.OutputError("the store was closed", source=self._source)

    def __len__(self) -> int:
        return self.__getattr__("__len__")  # type: ignore[func-returns-value]


def _read_count(path: Path) -> int:
    """The number a counter file holds; 0 when it is missing or unreadable."""
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return 0
