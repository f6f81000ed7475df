"""Queries in worker processes, which the endpoint kills when a query outlives its timeout.

Oxigraph cannot interrupt a running query: in a thread, a runaway query (nine cartesian
products, a join of 300 patterns the planner chews on for hours) would keep its slot
and its core until it ended. A process can be killed. Each worker opens the store
read-only, runs one query at a time and sends back the answer serialized; the server
keeps at most ``size`` of them and starts a new one in place of a worker killed at its
timeout or dead of a crash. A worker that dies takes only its own query with it.

The same :func:`answer` runs in a worker and, where no worker can read the store (an
in-memory store, or ``--allow-update``, where the server holds the store open for
writing), in the server process.

Run as ``python -m kg.web.workers``: jobs arrive pickled on stdin, answers leave on
stdout, each preceded by its length.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from concurrent.futures import wait
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any

from kg import errors
from kg.graph.query import run_query
from kg.graph.query_limits import engine_future, on_engine_stack
from kg.graph.sparql_results import write_results
from kg.graph.store import GraphStore
from kg.web.access import screened
from kg.web.protocol import MEDIA_TYPES, Failure, kind_of, negotiate

log = logging.getLogger("kg.web.serve")

_HEADER = struct.Struct(">Q")
PARENT_CHECK_S = 1.0  # how often a worker looks whether the server is still there


@dataclass(frozen=True)
class Job:
    """A query to answer, with what the request asked of its answer."""

    text: str
    limit: int  # rows (or triples) of the result
    requested: tuple[str, ...] = ()  # the values of ?format= (and ?output=)
    accept: str | None = None  # the Accept header
    allow_service: bool = False
    folder: str | None = None  # the build folder whose store a worker opens


@dataclass(frozen=True)
class Answer:
    """What to send back: a status, a body and its media type."""

    status: int
    body: bytes
    ctype: str = "text/plain"
    truncated: bool = False

    @classmethod
    def refusal(cls, status: HTTPStatus, message: str) -> Answer:
        return cls(int(status), (message + "\n").encode("utf-8"))


def answer(store: GraphStore, job: Job) -> Answer:
    """The answer to a query: measured, checked for SERVICE, run and serialized (on a large stack)."""
    return on_engine_stack(lambda: _answer(store, job))


def _answer(store: GraphStore, job: Job) -> Answer:
    try:
        text = screened(job.text, allow_service=job.allow_service)
        result = run_query(store, text, limit=job.limit, limits=None)
        fmt = negotiate(kind_of(result.kind), requested=job.requested, accept=job.accept)
    except errors.QueryError as exc:
        return Answer.refusal(HTTPStatus.BAD_REQUEST, str(exc))
    except Failure as failure:  # SERVICE refused, or no format the client accepts
        return Answer.refusal(failure.status, failure.message)
    buffer = io.BytesIO()
    write_results(result, buffer, fmt=fmt)
    return Answer(200, buffer.getvalue(), MEDIA_TYPES[fmt], result.truncated)


# ------------------------------------------------------------------ in the server's threads


def in_thread(work: Any, *, timeout: float, slots: threading.BoundedSemaphore) -> Any:
    """Run ``work`` on an engine thread (a large stack), holding one of ``slots`` until it really ends.

    A timeout leaves the thread to finish alone, still holding its slot, so that
    runaway queries cannot pile up.
    """
    deadline = time.monotonic() + timeout
    if not slots.acquire(timeout=timeout):
        raise Failure(HTTPStatus.SERVICE_UNAVAILABLE, f"too many queries running; none ended within {timeout:g} s")
    try:
        future = engine_future(work, then=slots.release)
    except errors.QueryError as exc:
        slots.release()
        raise Failure(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
    done, _ = wait([future], timeout=max(0.0, deadline - time.monotonic()))
    if not done:
        raise Failure(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {timeout:g} s")
    error = future.exception()
    if error is None:
        return future.result()
    if isinstance(error, Failure):
        raise error
    if isinstance(error, errors.QueryError):
        raise Failure(HTTPStatus.BAD_REQUEST, str(error))
    raise Failure(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {error}")


# ------------------------------------------------------------------ in worker processes: the server's side


class WorkerPool:
    """At most ``size`` worker processes, each answering one query at a time.

    ``slots`` holds a place per query running: the server's one count of them.
    """

    def __init__(self, size: int) -> None:
        self.slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def start(self, count: int) -> None:
        """Start ``count`` workers now, so that the first queries need not wait for them."""
        with self._lock:
            self._idle += [_Worker() for _ in range(count)]

    def run(self, job: Job, *, timeout: float) -> Answer:
        """Answer ``job`` in a worker within ``timeout`` seconds, waiting for a free one first.

        Raises:
            Failure: 503 when no worker is free or the query outlives the timeout (its
                worker is killed), 500 when the worker dies.
        """
        deadline = time.monotonic() + timeout
        if not self.slots.acquire(timeout=timeout):
            raise Failure(HTTPStatus.SERVICE_UNAVAILABLE, f"too many queries running; none ended within {timeout:g} s")
        try:
            try:
                return self._ask(job, deadline)
            except BrokenPipeError:  # the worker had died idle (killed from outside): once more, afresh
                return self._ask(job, deadline)
        except BrokenPipeError:
            raise Failure(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker cannot be started") from None
        except TimeoutError:
            raise Failure(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {timeout:g} s; it was stopped") from None
        finally:
            self.slots.release()

    def _ask(self, job: Job, deadline: float) -> Answer:
        """Ask one worker; on any failure it is killed (past the deadline, the one way to stop Oxigraph)."""
        worker = self._take()
        try:
            result = worker.ask(job, deadline)
        except BaseException:
            worker.kill()
            raise
        self._give_back(worker)
        return result

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when their query ends or times out."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _Worker()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        worker.kill()


class _Worker:
    """One worker process and its pipes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.web.workers"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            bufsize=0, close_fds=True,
        )

    def ask(self, job: Job, deadline: float) -> Answer:
        """Send a job and wait for its answer until ``deadline`` (a ``time.monotonic()``).

        Raises:
            BrokenPipeError: the worker was gone before it got the job.
            TimeoutError: no answer by the deadline.
            Failure: 500 when the worker dies on the job.
        """
        assert self.process.stdin is not None and self.process.stdout is not None
        _write_frame(self.process.stdin, pickle.dumps(job))
        try:
            return pickle.loads(_read_frame(self.process.stdout.fileno(), deadline))
        except EOFError:
            code = self.process.wait()
            log.warning("a query worker died (exit status %s) on a query of %d characters", code, len(job.text))
            raise Failure(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query crashed the SPARQL engine (exit status {code})") from None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def _write_frame(stream: IO[bytes], data: bytes) -> None:
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        written = stream.write(view)
        view = view[written or 0 :]
    stream.flush()


def _read_frame(fd: int, deadline: float | None) -> bytes:
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    return _read_exactly(fd, size, deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    """``size`` bytes from ``fd``; TimeoutError past ``deadline``, EOFError when it closes first."""
    chunks: list[bytes] = []
    while size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


# ------------------------------------------------------------------ the worker's side


def main() -> None:
    """Answer jobs from stdin until it closes (or the server is gone)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle: it stops us
    output = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # anything printed goes to stderr, not into the answers
    _watch_parent(os.getppid())
    stores: dict[str, GraphStore] = {}
    while True:
        try:
            job = pickle.loads(_read_frame(0, None))
        except EOFError:
            return
        try:
            result = answer(_store(stores, job.folder), job)
        except Exception as exc:  # a bug must not take the worker down with it
            result = Answer.refusal(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
        _write_frame(output, pickle.dumps(result))


def _store(stores: dict[str, GraphStore], folder: str | None) -> GraphStore:
    """The store of ``folder``, opened once; the one before is closed (a new snapshot)."""
    if folder is None:
        raise errors.StoreError("no store to read")
    if folder not in stores:
        for old in stores.values():
            old.close()
        stores.clear()
        stores[folder] = GraphStore.open(Path(folder), read_only=True)
    return stores[folder]


def _watch_parent(parent: int) -> None:
    """Exit when the server is gone, even in the middle of a query."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


if __name__ == "__main__":
    # The jobs and answers pickled are kg.web.workers's classes, not this __main__'s.
    from kg.web.workers import main as run_worker

    run_worker()
