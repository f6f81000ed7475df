"""Probes for ``bench_build.py``: process-tree memory, pipeline step timers, profiles,
and how busy the machine is."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any


# ------------------------------------------------------------------ memory


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants every ``interval`` s.

    RSS counts pages shared between the main process and forked workers once per
    process, so the figure is an upper bound of the memory really used.
    """

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak, self.processes = 0, 0
        self._done = threading.Event()

    def run(self) -> None:
        import psutil

        root = psutil.Process(self.pid)
        while not self._done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for proc in tree:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak, self.processes = max(self.peak, total), max(self.processes, len(tree))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


# ------------------------------------------------------------------ steps and profile


class StepTimer:
    """Times the pipeline's steps by wrapping its functions; only what runs in this process.

    Steps nest: ``extract`` holds ``CRF tagger``; ``finish`` holds ``resolve_events``.
    """

    STEPS = (
        ("kg.build.pipeline", "read_pages", "ingest (read, decode)"),
        ("kg.build.pages", "extract_pages", "extract (per page)"),
        ("kg.extract.recognize.tagger", "CrfTagger.tag_spans", "  of which CRF tagger"),
        ("kg.build.pages", "page_output", "rdf mapping (per page)"),
        ("kg.build.pipeline", "_Build.write_page", "store queue (per page)"),
        ("kg.build.pipeline", "_Build.finish", "finish (events, provenance)"),
        ("kg.extract.event_resolution", "resolve_events", "  of which resolve_events"),
        ("kg.build.pipeline", "write_outputs", "outputs (graph.ttl, report)"),
    )

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.event_records: dict[str, int] = {}

    def install(self) -> None:
        import importlib
        import inspect

        for module_name, path, label in self.STEPS:
            owner: Any = importlib.import_module(module_name)
            *parents, name = path.split(".")
            for parent in parents:
                owner = getattr(owner, parent)
            fn = getattr(owner, name)
            wrap = self._generator if inspect.isgeneratorfunction(fn) else self._function
            setattr(owner, name, wrap(fn, label))

    def _function(self, fn: Any, label: str) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if fn.__name__ == "finish":
                self._count_events(args[0].events)
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started

        return timed

    def _generator(self, fn: Any, label: str) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            items = fn(*args, **kwargs)
            while True:
                started = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self.seconds[label] += time.perf_counter() - started
                yield item

        return timed

    def _count_events(self, records: list[Any]) -> None:
        """How much the main process keeps for event resolution, pickled."""
        import pickle

        self.event_records = {"records": len(records), "mentions": sum(len(r[1]) for r in records),
                              "pickled_bytes": len(pickle.dumps(records, protocol=5))}

    def report(self, total: float, *, in_process: bool) -> dict[str, float]:
        out = {label: round(self.seconds.get(label, 0.0), 2) for _, _, label in self.STEPS}
        if not in_process:  # extraction and mapping ran in the workers: not timed here
            out = {k: v for k, v in out.items() if not any(w in k for w in ("extract", "tagger", "mapping"))}
        top = sum(v for k, v in out.items() if not k.startswith(" "))
        out["other (main)" if in_process else "waiting for workers, other (main)"] = round(total - top, 2)
        return out


def profile_build(articles: list[dict[str, str]], out: Path, *, fixed_clock: dt.datetime) -> None:
    """Build ``articles`` with one worker under pyinstrument; write its tree and top functions."""
    from pyinstrument import Profiler

    from kg.build.pipeline import BuildOptions, build_graph

    work = Path(tempfile.mkdtemp(prefix="kg-profile-"))
    try:
        from bench_build import write_corpus

        inputs = write_corpus(articles, work / "in", 1)
        profiler = Profiler(interval=0.001)
        profiler.start()
        build_graph(inputs, out=work / "out", options=BuildOptions(workers=1, views=False, now=fixed_clock))
        profiler.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    session = profiler.last_session
    own, cumulative = top_functions(session.root_frame())
    lines = [f"{len(articles)} articles, {session.duration:.1f} s sampled", "", "own time:"]
    lines += [f"  {s:8.2f} s  {name}" for name, s in own]
    lines += ["", "cumulative:"] + [f"  {s:8.2f} s  {name}" for name, s in cumulative]
    text = "\n".join(lines)
    print(text)
    out.write_text(text + "\n\n" + profiler.output_text(unicode=True, show_all=False), encoding="utf-8")


def top_functions(root: Any, n: int = 12) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The ``n`` functions with the most own time, and with the most cumulative time
    (a recursive function's inner calls are not counted twice)."""
    own: dict[str, float] = defaultdict(float)
    cumulative: dict[str, float] = defaultdict(float)
    stack: list[tuple[Any, tuple[str, ...]]] = [(root, ())]
    while stack:
        frame, above = stack.pop()
        if frame.is_synthetic:
            continue
        name = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        own[name] += frame.total_self_time
        if name not in above:
            cumulative[name] += frame.time
        stack.extend((c, above + (name,)) for c in frame.children)
    pick = lambda d: sorted(d.items(), key=lambda kv: -kv[1])[:n]  # noqa: E731
    return pick(own), pick(cumulative)


# ------------------------------------------------------------------ a quiet machine


def others_busy(seconds: float = 3.0) -> tuple[float, float]:
    """Cores used by processes outside this one's tree over ``seconds`` (other benchmarks):
    at normal priority, and niced (nice ≥ 10: they yield the CPU to a build)."""
    import psutil

    mine = {os.getpid(), *(c.pid for c in psutil.Process().children(recursive=True))}
    procs = [p for p in psutil.process_iter() if p.pid not in mine]
    for proc in procs:
        try:
            proc.cpu_percent(None)
        except psutil.Error:
            pass
    time.sleep(seconds)
    busy = niced = 0.0
    for proc in procs:
        try:
            share = proc.cpu_percent(None) / 100
            if proc.nice() >= 10:
                niced += share
            else:
                busy += share
        except psutil.Error:
            pass
    return round(busy, 2), round(niced, 2)


def wait_quiet(max_busy: float, patience: float) -> dict[str, float]:
    """Wait (up to ``patience`` seconds) until other processes use less than ``max_busy`` cores.

    The load average would count this benchmark's own previous build, so the other
    processes' CPU use is measured instead; both are recorded. Niced processes do not
    count: the scheduler gives a build nearly all the CPU they would take.
    """
    deadline = time.monotonic() + patience
    busy, niced = others_busy()
    while busy > max_busy and time.monotonic() < deadline:
        print(f"  other processes use {busy:.2f} cores (> {max_busy}): waiting …", flush=True)
        time.sleep(20)
        busy, niced = others_busy()
    return {"others_cores": busy, "niced_others_cores": niced, "load_1min": round(os.getloadavg()[0], 2)}
