"""Bad input through real builds: each broken file is named in report.json with its
stable code (and line), and every other input is still built.

The cases of :mod:`tests.test_ingest` are read here through ``build_graph``; this
module adds what only a whole build shows (statuses, the stored text, the Turtle and the
view) and inputs ingest alone does not meet (a 50 MB page, a 1 MB line, a FIFO, a file
name that is not UTF-8). ``tests/cli/test_robustness_cli.py`` runs ``kg build`` itself:
messages, exit codes, unwritable output folders.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse

from kg import errors
from kg.read.ingest import MAX_PAGE_BYTES, read_pages
from kg.model import InputProblem, Page
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.store import GraphStore
from tests.conftest import FIXED_CLOCK, SAMPLE_PAGE

OPTIONS = BuildOptions(paper="荆州日报", date="2023-01-09", use_tagger=False, views=False, workers=1, now=FIXED_CLOCK)
GOOD = """荆州市召开春运工作会议

□ 记者 王子瑶 通讯员 刘园园

本报讯 1月8日，荆州市交通运输局召开春运工作会议。市委书记吴锦出席会议并讲话。
"""
NO_BYLINE = """荆州市召开春运工作会议

1月8日，荆州市交通运输局召开春运工作会议，公安县、石首市负责人参加会议。
"""
PREFIXES = "PREFIX schema: <https://schema.org/>\nPREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"


def build(folder: Path, out: Path, **changes: object) -> dict:
    """Build ``folder`` into ``out`` and return report.json, read back from disk."""
    options = BuildOptions(**{**OPTIONS.__dict__, **changes})
    report = build_graph([folder], out=out, options=options)
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert on_disk == report.to_json()
    return on_disk


def inputs(report: dict) -> dict[str, dict]:
    """The report's inputs by file name."""
    return {Path(entry["source"]).name: entry for entry in report["inputs"]}


def codes(entry: dict) -> list[tuple[str, int | None]]:
    return [(p["code"], p.get("line")) for p in entry["problems"]]


def select(out: Path, sparql: str) -> list[tuple[str, ...]]:
    store = GraphStore.open(out, read_only=True)
    return [tuple(term.value for term in row) for row in store.query(PREFIXES + sparql)]


def write_good(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


# ------------------------------------------------------------ one bad file, one build

BAD_FILES = {
    # name: (bytes, code, status, line)
    "empty.txt": (b"", errors.EmptyInputError.code, "failed", None),
    "blank.txt": (b" \n\n\t \n", errors.EmptyInputError.code, "failed", None),
    "binary.txt": (bytes(range(256)) * 64, errors.BinaryInputError.code, "failed", None),
    "latin1.txt": (b"ASCII first line\n" + "Zürich Straße café".encode("latin-1") + bytes(range(0x80, 0x100)) * 4,
                   errors.EncodingError.code, "failed", 2),
    "mixed.txt": (GOOD.encode() * 3 + b"\xff\xfe broken \xc3\n" + GOOD.encode() * 3,
                  errors.EncodingError.code, "partial", GOOD.count("\n") * 3 + 1),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_reported_with_its_code_and_the_rest_is_built(name: str, tmp_path: Path) -> None:
    data, code, status, line = BAD_FILES[name]
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    (pages / name).write_bytes(data)
    report = build(pages, tmp_path / "out")
    entries = inputs(report)
    assert entries["good.txt"]["status"] == "built" and entries["good.txt"]["items"] == 1
    assert entries[name]["status"] == status
    assert codes(entries[name]) == [(code, line)]
    assert entries[name]["problems"][0]["source"].endswith(name)
    assert report["totals"]["problems"] == 1
    headlines = {h for (h,) in select(tmp_path / "out", "SELECT ?h WHERE { ?a schema:headline ?h }")}
    assert headlines == {"荆州市召开春运工作会议"}


def test_gbk_and_utf16_pages_build_like_utf8(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "gbk.txt").write_bytes(GOOD.encode("gbk"))
    (pages / "utf16.txt").write_bytes(GOOD.replace("王子瑶", "张明金").encode("utf-16"))
    report = build(pages, tmp_path / "out")
    assert report["totals"]["problems"] == 0
    assert {e["status"] for e in report["inputs"]} == {"built"}
    authors = select(tmp_path / "out", "SELECT DISTINCT ?n WHERE { ?a schema:author/schema:name ?n } ORDER BY ?n")
    assert authors == [("张明金",), ("王子瑶",)]


def test_a_page_without_byline_builds_without_authors(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "plain.txt").write_text(NO_BYLINE, encoding="utf-8")
    report = build(pages, tmp_path / "out")
    (entry,) = report["inputs"]
    assert entry["status"] == "built" and entry["items"] >= 1 and entry["bylined"] == 0
    assert entry["mentions"].get("LOC", 0) >= 2 and not entry["problems"]
    out = tmp_path / "out"
    assert select(out, "SELECT ?p WHERE { ?a schema:author|schema:contributor ?p }") == []
    assert select(out, "SELECT ?a WHERE { ?a a schema:NewsArticle }")


# ------------------------------------------------------------ size limits


def _write_text_of_size(path: Path, size: int) -> None:
    """A page of real text, ``size`` bytes long (written in 1 MiB blocks)."""
    block = (GOOD * 4096).encode("utf-8")[: 1 << 20]
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)
        fh.write(block[: size % len(block)])


def test_a_50_mb_page_is_refused_unread_and_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    huge = pages / "huge.txt"
    _write_text_of_size(huge, 50 * 1024 * 1024)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        assert self.name != "huge.txt", "the size must be checked before the file is read"
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # fast because never read: no clock asserted
    report = build(pages, tmp_path / "out")
    entries = inputs(report)
    assert codes(entries["huge.txt"]) == [(errors.PageTooLargeError.code, None)] == [("KG109", None)]
    assert entries["huge.txt"]["status"] == "failed"
    assert f"{MAX_PAGE_BYTES:,}" in entries["huge.txt"]["problems"][0]["message"]
    assert entries["good.txt"]["status"] == "built"


def test_the_page_size_limit_is_an_option_of_read_pages(tmp_path: Path) -> None:
    write_good(tmp_path)  # 180-odd bytes
    (tmp_path / "good.json").write_text('{"page": "01"}', encoding="utf-8")
    records = [json.dumps({"headline": "甲", "text": "荆州市召开会议。"}, ensure_ascii=False),
               json.dumps({"headline": "乙", "text": "荆州" * 200}, ensure_ascii=False),
               json.dumps({"headline": "丙", "text": "石首市召开会议。"}, ensure_ascii=False)]
    (tmp_path / "records.jsonl").write_text("\n".join(records), encoding="utf-8")
    items = list(read_pages([tmp_path], max_bytes=100))
    problems = [(Path(i.source).name, i.code, i.line) for i in items if isinstance(i, InputProblem)]
    pages = [(Path(i.meta.source).name, i.headline) for i in items if isinstance(i, Page)]
    assert problems == [("good.txt", "KG109", None), ("records.jsonl", "KG109", 2)]
    assert pages == [("records.jsonl", "甲"), ("records.jsonl", "丙")]
    assert len([i for i in read_pages([tmp_path]) if isinstance(i, Page)]) == 4  # the default: all


def test_a_1_mb_line_builds_with_valid_offsets(tmp_path: Path) -> None:
    sample = SAMPLE_PAGE.read_text(encoding="utf-8").replace("\n", "")
    line = (sample * (3 * (1 << 20) // len(sample.encode()) + 1))[: (1 << 20) // 3]
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "one-line.txt").write_text(line, encoding="utf-8")
    assert b"\n" not in (pages / "one-line.txt").read_bytes()
    report = build(pages, tmp_path / "out")  # its speed is build throughput: benchmarks/bench_build.py
    (entry,) = report["inputs"]
    assert entry["status"] == "built" and sum(entry["mentions"].values()) > 1000
    out = tmp_path / "out"
    ((body,),) = select(out, "SELECT ?b WHERE { ?a schema:articleBody ?b }")
    assert len(body) > 300_000
    mentions = select(out, "SELECT ?s ?e ?t WHERE { ?m nif:beginIndex ?s ; nif:endIndex ?e ; nif:anchorOf ?t }")
    assert len(mentions) >= sum(entry["mentions"].values())  # events have mentions too
    assert all(body[int(s) : int(e)] == text for s, e, text in mentions)


# ------------------------------------------------------------ JSON Lines


def test_jsonl_keeps_good_records_and_names_the_bad_lines(tmp_path: Path) -> None:
    good = {"headline": "荆州市召开会议", "text": "荆州市交通运输局1月8日召开春运工作会议。", "date": "2023-01-09"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        '{"headline": "断", "text": "没有结尾',  # 2: broken
        json.dumps({**good, "headline": "分隔符", "text": "公安县\u2028石首市\x85监利市召开会议。"}, ensure_ascii=False),
        "[" * 100_000 + "]" * 100_000,  # 4: nested too deep for the parser
        '{"headline": "残缺", "text": "荆州市\\ud800召开会议。"}',  # 5: half a surrogate pair
        '{"headline": "大数", "text": "x", "n": ' + "9" * 5000 + "}",  # 6: an integer too long
        json.dumps({**good, "headline": "后一条"}, ensure_ascii=False),
    ]
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build(pages, tmp_path / "out")
    (entry,) = report["inputs"]
    assert entry["status"] == "partial" and entry["pages"] == 4
    assert codes(entry) == [("KG104", 2), ("KG104", 4), ("KG104", 6)]
    headlines = dict(select(tmp_path / "out", "SELECT ?h ?b WHERE { ?a schema:headline ?h ; schema:articleBody ?b }"))
    assert set(headlines) == {"荆州市召开会议", "分隔符", "残缺", "后一条"}
    assert headlines["分隔符"] == "公安县\u2028石首市\x85监利市召开会议。"  # one record, not three
    assert headlines["残缺"] == "荆州市\ufffd召开会议。"


def test_an_empty_or_binary_jsonl_file_is_reported(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    (pages / "empty.jsonl").write_bytes(b"\n\n")
    (pages / "binary.jsonl").write_bytes(bytes(range(256)) * 64)
    entries = inputs(build(pages, tmp_path / "out"))
    assert codes(entries["empty.jsonl"]) == [("KG101", None)]
    assert codes(entries["binary.jsonl"]) == [("KG103", None)]
    assert entries["good.txt"]["status"] == "built"


# ------------------------------------------------------------ metadata and hostile text

HOSTILE = """<script>alert(1)</script>荆州召开安全大会

□ 记者 王子瑶

本报讯 1月8日，荆州市\x07召开\x00安全生产\x1b工作会议。<img src=x onerror=alert(1)>市委书记吴锦讲话。\
"引号" \\ 反斜杠 ]]> <!-- 注释 --> </script><script>alert(2)</script>石首市公安局参加。
"""


def test_impossible_sidecar_date_control_characters_and_markup(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (pages / "evil.json").write_text('{"paper": "荆州日报", "date": "2023-02-30"}', encoding="utf-8")
    out = tmp_path / "out"
    report = build(pages, out, date=None, views=True)
    (entry,) = report["inputs"]
    assert entry["status"] == "partial" and entry["items"] == 1
    # The date is dropped (KG105), and the page built undated says so (KG111).
    assert codes(entry) == [(errors.MetadataError.code, None), (errors.MissingMetadataWarning.code, None)]
    assert entry["problems"][0]["source"].endswith("evil.json")
    assert select(out, "SELECT ?d WHERE { ?a schema:datePublished ?d }") == []  # never guessed
    ((headline, body),) = select(out, "SELECT ?h ?b WHERE { ?a schema:headline ?h ; schema:articleBody ?b }")
    assert headline == "<script>alert(1)</script>荆州召开安全大会"
    assert "荆州市召开安全生产工作会议。<img src=x onerror=alert(1)>" in body  # controls dropped, markup kept
    assert '</script><script>alert(2)</script>' in body and '"引号" \\ 反斜杠 ]]> <!-- 注释 -->' in body
    data = (out / "graph.ttl").read_bytes()
    via_rdflib = rdflib.Graph().parse(data=data, format="turtle")
    via_oxigraph = list(parse(data, RdfFormat.TURTLE))
    assert len(via_rdflib) == len(via_oxigraph) == len(GraphStore.open(out, read_only=True))
    assert rdflib.Literal(headline) in set(via_rdflib.objects())
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert" not in html and "</script><script>alert" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html  # the text is there, as JSON escapes


def test_a_file_name_that_is_not_utf8_builds(tmp_path: Path) -> None:
    """Archives unpacked from GBK systems keep GBK file names: the name is read as such."""
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    gbk = os.fsencode(pages) + b"/" + "荆州日报第一版.txt".encode("gbk")
    with open(gbk, "wb") as fh:
        fh.write(NO_BYLINE.encode("utf-8"))
    with open(gbk[: -len(b".txt")] + b".json", "wb") as fh:
        fh.write(b'{"page": "01", "date": "2023-02-30"}')  # a problem, to be named too
    out = tmp_path / "out"
    entries = inputs(build(pages, out))
    assert entries["荆州日报第一版.txt"]["status"] == "partial" and entries["good.txt"]["status"] == "built"
    assert entries["荆州日报第一版.txt"]["problems"][0]["source"].endswith("荆州日报第一版.json")
    sources = {s for (s,) in select(out, "PREFIX kg: <https://kg.example.org/ontology#> SELECT ?s WHERE { ?p kg:sourceFile ?s }")}
    # Outside the working folder, a page is published by its name alone (no absolute path).
    assert "荆州日报第一版.txt" in sources
    assert len(rdflib.Graph().parse(out / "graph.ttl", format="turtle")) > 50


# ------------------------------------------------------------ unreadable files


def test_unreadable_files_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    (pages / "secret.txt").write_text(GOOD, encoding="utf-8")
    (pages / "secret.jsonl").write_text(json.dumps({"text": "荆州市召开会议。"}, ensure_ascii=False), encoding="utf-8")
    if os.geteuid() == 0:  # root reads any file: make the open itself fail
        real = Path.open

        def deny(self: Path, *args: object, **kwargs: object):  # noqa: ANN202
            if self.stem == "secret":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    else:
        for name in ("secret.txt", "secret.jsonl"):
            (pages / name).chmod(0)
    entries = inputs(build(pages, tmp_path / "out"))
    for name in ("secret.txt", "secret.jsonl"):
        assert entries[name]["status"] == "failed"
        assert codes(entries[name]) == [(errors.UnreadableInputError.code, None)]
        assert "Permission denied" in entries[name]["problems"][0]["message"]
    assert entries["good.txt"]["status"] == "built"


def test_a_fifo_named_txt_does_not_hang_the_build(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    os.mkfifo(pages / "pipe.txt")  # reading it would wait for a writer for ever
    entries = inputs(build(pages, tmp_path / "out"))
    assert codes(entries["pipe.txt"]) == [(errors.UnreadableInputError.code, None)]
    assert entries["good.txt"]["status"] == "built"


def test_a_crash_in_one_page_does_not_end_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.extract import page as stages

    real = stages.find_quotations

    def quotations(article, mentions):  # noqa: ANN001, ANN202 - a stage of extract_pages
        if "炸" in article.text:
            raise RuntimeError("a bug that only this page triggers")
        return real(article, mentions)

    monkeypatch.setattr(stages, "find_quotations", quotations)
    pages = tmp_path / "pages"
    pages.mkdir()
    write_good(pages)
    (pages / "bomb.txt").write_text(GOOD.replace("召开春运工作会议。", "炸。"), encoding="utf-8")  # in the body
    entries = inputs(build(pages, tmp_path / "out"))
    assert entries["good.txt"]["status"] == "built" and entries["bomb.txt"]["status"] == "failed"
    assert codes(entries["bomb.txt"]) == [(errors.ExtractionError.code, None)]

