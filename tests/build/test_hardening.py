"""Issue 20, build half: linear work in page size, outputs from one build, provenance, paths, locks.

Each test failed on the code before the fix. Work is measured as lines of kg's own
code run (``sys.settrace``), not wall-clock time: a text four times as long must cost at
most five times as many; the quadratic steps cost 7 to 15 times as many before.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import kg
from kg import errors
from kg.atomic import hold_lock
from kg.build import outputs
from kg.build.outputs import write_outputs
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.folder import BUILD_LOCK
from kg.build.report import BuildReport
from kg.extract.events import detect_events
from kg.extract.recognize import fusion, recognize_text
from kg.extract.resolve import resolve_mentions
from kg.graph.folder import HTML, INCOMPLETE, OUTPUT_NAMES, REPORT, TTL
from kg.graph.store import GraphStore
from kg.model import Article, ArticleKind, EntityType, Mention, MentionSource, PageMeta
from kg.web.views import ViewOptions, render_view
from tests.conftest import FIXED_CLOCK, SAMPLE_PAGE

PACKAGE = Path(kg.__file__).parent
PIPELINE = importlib.import_module("kg.build.pipeline")  # kg.build is the API's function
OPTIONS = BuildOptions(use_tagger=False, workers=1, now=FIXED_CLOCK)
META = PageMeta(source="x.txt", paper="荆州日报", date="2023-01-09")
CITIES = ("北京", "上海", "武汉", "宜昌", "荆州", "襄阳", "广州", "成都")
NAMES = ("王建国", "李明华", "张志强", "刘德胜", "陈光明", "杨文军", "赵立新", "周海涛")


# ------------------------------------------------------------------ linear work in page size


def _lines_run(work: Callable[[], object], files: set[str]) -> int:
    """The number of lines of ``files`` that ``work`` runs: a measure of work that no load changes."""
    count = 0

    def local(frame, event, arg):  # noqa: ANN001, ANN202
        nonlocal count
        count += event == "line"
        return local

    sys.settrace(lambda frame, event, arg: local if frame.f_code.co_filename in files else None)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def _text(sentences: int) -> str:
    """Mention-dense news text: an event, its organizer, place and participants a sentence."""
    parts = []
    for i in range(sentences):
        city, person, other = CITIES[i % 8], NAMES[i % 8], NAMES[(i + 3) % 8]
        parts.append(
            f"{i % 12 + 1}月{i % 28 + 1}日，由{city}市人民政府主办的第{i + 1}届{city}国际旅游节开幕式在{city}市"
            f"体育中心举行，市长{person}出席并讲话。此次活动为期三天，{other}、{person}参加了会议。"
        )
    return "".join(parts)


def _growth(work: Callable[[str], object], files: set[str]) -> float:
    work(_text(3))  # lexicons, gazetteer and model loaded before counting
    small, large = (_lines_run(lambda n=n: work(_text(n)), files) for n in (100, 400))
    return large / small


def test_recognition_work_grows_linearly_with_the_text() -> None:
    files = {str(p) for p in (PACKAGE / "extract" / "recognize").glob("*.py")} | {
        str(PACKAGE / "extract" / name) for name in ("resolve.py", "spans.py")
    }

    def recognize(text: str) -> None:
        resolve_mentions(recognize_text([text], meta=META, use_tagger=True)[0], meta=META, text=text)

    assert _growth(recognize, files) <= 5


def test_event_attributes_work_grows_linearly_with_the_text() -> None:
    def events(text: str) -> None:
        mentions = resolve_mentions(recognize_text([text], meta=META, use_tagger=False)[0], meta=META, text=text)
        article = Article("k", META, ArticleKind.ARTICLE, None, text)
        assert len(detect_events(article, mentions)) >= text.count("旅游节")
        return mentions

    counted = {str(PACKAGE / "extract" / name) for name in ("events.py", "event_rules.py", "spans.py")}
    events(_text(3))
    small, large = (
        _lines_run(lambda m=m, t=t: detect_events(Article("k", META, ArticleKind.ARTICLE, None, t), m), counted)
        for t in (_text(100), _text(400)) for m in [events(t)]
    )
    assert large / small <= 5


def test_a_longer_tagger_name_wins_in_linear_work() -> None:
    def candidates(n: int) -> list[Mention]:
        out = []
        for i in range(0, 10 * n, 10):  # 美国国会 holds 美国; a table's name beside them blocks nothing
            out += [Mention("a", i, i + 4, "美国国会", EntityType.ORG, MentionSource.TAGGER),
                    Mention("a", i + 5, i + 7, "张三", EntityType.PER, MentionSource.TABLE),
                    Mention("a", i, i + 2, "美国", EntityType.LOC, MentionSource.GAZETTEER)]
        return out

    files = {str(PACKAGE / "extract" / "recognize" / "fusion.py"), str(PACKAGE / "extract" / "spans.py")}
    kept = fusion.prefer_longer_tagger(candidates(300))
    assert len(kept) == 600 and not any(m.type is EntityType.LOC for m in kept)
    small, large = (_lines_run(lambda n=n: fusion.prefer_longer_tagger(candidates(n)), files) for n in (300, 1200))
    assert large / small <= 5


# ------------------------------------------------------------------ outputs from one build


def _shown(folder: Path) -> dict[str, bytes | None]:
    return {name: (folder / name).read_bytes() if (folder / name).exists() else None for name in OUTPUT_NAMES}


def test_outputs_switch_together_wherever_the_writer_dies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash at every rename of the switch leaves the old set or the new one in view, never a mix."""
    old = tmp_path / "old"
    build_graph([SAMPLE_PAGE], out=old, options=OPTIONS)
    store = GraphStore.open(None)
    store.add(list(GraphStore.open(old, read_only=True).quads())[:200])
    report = BuildReport(version="x", started="2024-01-02T00:00:00+00:00", out="elsewhere")
    report.build = "the-new-one"
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_outputs(store, fresh, report)
    before, after = _shown(old), _shown(fresh)
    assert all(before[n] != after[n] for n in OUTPUT_NAMES)
    real_replace, crashes = os.replace, 0
    for crash_at in range(1, 20):
        folder = tmp_path / f"crash-{crash_at}"
        shutil.copytree(old, folder, symlinks=True)
        calls = 0

        def replace(src, dst, crash_at=crash_at):  # noqa: ANN001, ANN202
            nonlocal calls
            calls += 1
            if calls == crash_at:
                raise KeyboardInterrupt("killed")  # as SIGKILL would stop it, between two renames
            return real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
        try:
            write_outputs(store, folder, report)
        except KeyboardInterrupt:
            crashes += 1
        finally:
            monkeypatch.setattr(os, "replace", real_replace)
        assert _shown(folder) in (before, after), f"a mixed set after a crash at rename {crash_at}"
        if calls < crash_at:
            break
    assert crashes >= 3
    write_outputs(store, folder, report)  # the next build completes the switch and leaves nothing behind
    assert _shown(folder) == after and not list(folder.glob(".*.tmp"))
    assert json.loads((folder / REPORT).read_text(encoding="utf-8"))["build"] == "the-new-one"


def test_outputs_of_a_plain_folder_are_adopted(tmp_path: Path) -> None:
    """A folder an older kg wrote (or copied without its links) switches to generations cleanly."""
    out = tmp_path / "out"
    build_graph([SAMPLE_PAGE], out=out, options=OPTIONS)
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)  # links become plain files and folders
    assert not (copy / TTL).is_symlink()
    shown = _shown(copy)
    build_graph([SAMPLE_PAGE], out=copy, options=BuildOptions(**{**OPTIONS.__dict__, "ttl": False}))
    assert (copy / REPORT).is_symlink() and (copy / HTML).is_symlink() and not (copy / TTL).exists()
    assert (copy / REPORT).read_bytes() != shown[REPORT] and (copy / HTML).read_bytes() == shown[HTML]
    assert [p.name for p in (copy / ".generations").iterdir() if p.name != "current"] == [os.readlink(copy / ".generations" / "current")]


def test_a_build_that_died_is_marked_as_not_finished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    shutil.copy(SAMPLE_PAGE, pages)
    shutil.copy(SAMPLE_PAGE.with_suffix(".json"), pages)
    build_graph([pages], out=out, options=OPTIONS)
    page = next(pages.glob("*.txt"))
    page.write_text(page.read_text(encoding="utf-8").replace("荆州", "荆沙"), encoding="utf-8")

    def killed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise KeyboardInterrupt("killed while writing the outputs")

    monkeypatch.setattr(PIPELINE, "write_outputs", killed)
    with pytest.raises(KeyboardInterrupt):  # after its activity was stored, before its outputs
        build_graph([pages], out=out, options=OPTIONS)
    marker = (out / INCOMPLETE).read_text(encoding="utf-8")
    monkeypatch.undo()
    build_graph([pages], out=out, options=OPTIONS)
    rows = GraphStore.open(out, read_only=True).query(
        "SELECT ?build ?end WHERE { ?build a prov:Activity OPTIONAL { ?build prov:endedAtTime ?end } }"
    )
    ended = {row["build"].value.rsplit("/", 1)[-1]: row["end"] is not None for row in rows}
    assert sorted(ended.values()) == [False, True, True]  # the first build, the one that died, the rerun
    assert ended[json.loads(marker)["build"]] is False


# ------------------------------------------------------------------ paths, locks, views


def test_source_files_are_published_relative_to_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pages").mkdir()
    shutil.copy(SAMPLE_PAGE, tmp_path / "pages")
    monkeypatch.chdir(tmp_path)
    query = "SELECT ?s WHERE { ?p kg:sourceFile ?s }"
    for options, out, expected in (
        (OPTIONS, "out", f"pages/{SAMPLE_PAGE.name}"),
        ({"record_paths": True}, "recorded", str(tmp_path / "pages" / SAMPLE_PAGE.name)),
    ):
        options = options if isinstance(options, BuildOptions) else BuildOptions(**{**OPTIONS.__dict__, **options})
        build_graph([tmp_path / "pages"], out=out, options=options)  # an absolute path given
        assert [r["s"].value for r in GraphStore.open(tmp_path / out, read_only=True).query(query)] == [expected]
    monkeypatch.chdir(tmp_path / "pages")  # the input outside the working folder: its name alone
    build_graph([tmp_path / "pages"], out=tmp_path / "outside", options=OPTIONS)
    assert [r["s"].value for r in GraphStore.open(tmp_path / "outside", read_only=True).query(query)] == [SAMPLE_PAGE.name]


def test_a_second_build_into_the_folder_gets_kg200_another_build_is_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, running, release = tmp_path / "out", threading.Event(), threading.Event()
    real_write = outputs.write_outputs

    def slow_write(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        running.set()
        release.wait(60)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(PIPELINE, "write_outputs", slow_write)
    first = threading.Thread(target=build_graph, args=([SAMPLE_PAGE],), kwargs={"out": out, "options": OPTIONS})
    first.start()
    try:
        assert running.wait(60)
        with pytest.raises(errors.OutputError) as info:
            build_graph([SAMPLE_PAGE], out=out, options=OPTIONS)
        assert info.value.code == errors.OutputError.code == "KG200"
        assert "LOCK" not in info.value.message and "IO error" not in info.value.message  # not RocksDB's words
        assert (out / INCOMPLETE).exists()  # the running build's marker is left alone
    finally:
        release.set()
        first.join(120)
    assert not (out / INCOMPLETE).exists() and (out / REPORT).exists()


def test_the_build_lock_is_the_folders(tmp_path: Path) -> None:
    tmp_path.joinpath("out").mkdir()
    with hold_lock(tmp_path / "out" / BUILD_LOCK, busy="held"):
        with pytest.raises(errors.OutputError):
            build_graph([SAMPLE_PAGE], out=tmp_path / "out", options=OPTIONS)
    build_graph([SAMPLE_PAGE], out=tmp_path / "out", options=OPTIONS)  # released with its holder


def test_a_timeline_of_a_graph_without_events_is_kg500(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("荆州市民冬日晨练\n\n清晨，荆州市民在江边晨练。\n", encoding="utf-8")
    build_graph([page], out=tmp_path / "out", options=OPTIONS)
    with pytest.raises(errors.ViewError) as info:
        render_view(GraphStore.open(tmp_path / "out", read_only=True), options=ViewOptions(kind="timeline"))
    assert info.value.code == "KG500"
