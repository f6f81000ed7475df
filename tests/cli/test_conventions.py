"""The conventions every command keeps (issue #21): a version, help without internal tags,
one meaning per short flag, ``-`` for stdin and stdout, formats from file names, counts in
words that agree, warnings instead of silence, plain values when piped, a final newline."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import rdflib
from rich.console import Console
from typer.main import get_command
from typer.testing import CliRunner

import kg
from kg import errors
from kg.cli import app
from kg.cli.app import plural
from kg.read.ingest import count_pages
from tests.build.test_robustness import GOOD
from tests.conftest import SAMPLE_PAGE

WIDE = {"COLUMNS": "200"}
PLACES = "SELECT ?name WHERE { ?p a schema:Place ; schema:name ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Place }"


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None):
    """``kg ARGS``: the result, never a traceback."""
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _commands() -> dict:
    return get_command(app).commands  # type: ignore[attr-defined]


# ------------------------------------------------------------------ version, help, flags


def test_version_prints_kgs_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"kg {kg.__version__}\n"


@pytest.mark.parametrize("command", [None, "build", "query", "export", "validate", "view", "stats", "serve", "ner", "evaluate"])
def test_help_shows_no_internal_tags(command: str | None) -> None:
    result = run(*([command] if command else []), "--help", env=WIDE)
    assert result.exit_code == 0, result.output
    tags = re.findall(r"<(?:bool|str|int|float|path|Path|list\[[^\]]*\])[^>]*>|\{[a-z_]+\}", result.output)
    assert tags == []
    if command == "build":
        assert "Usage: kg build [OPTIONS] PATH..." in result.output and " DIR " in result.output
        assert "<" not in result.output.split("Options")[0]


def test_a_short_flag_means_one_thing_in_every_command() -> None:
    meanings: dict[str, set[str]] = {}
    for command in _commands().values():
        for param in command.params:
            longs = {o for o in param.opts if o.startswith("--")}
            for short in (o for o in param.opts if re.fullmatch(r"-\w", o)):
                meanings.setdefault(short, set()).add(" ".join(sorted(longs)))
    assert all(len(longs) == 1 or short == "-o" for short, longs in meanings.items()), meanings
    assert meanings["-f"] == {"--file"} and meanings["-g"] == {"--graph"} and meanings["-q"] == {"--quiet"}
    assert all("--output" in longs or "--out" in longs for longs in meanings["-o"])
    refused = run("stats", "-f", "json")  # -f was --format in stats, --file in query
    assert refused.exit_code == 2 and "No such option" in refused.output


def test_plural_agrees_with_the_number() -> None:
    assert plural(1, "article") == "1 article" and plural(8, "article") == "8 articles"
    assert plural(0, "input") == "0 inputs" and plural(2120, "triple") == "2,120 triples"
    assert plural(3, "entity") == "3 entities" and plural(2, "day") == "2 days"


# ------------------------------------------------------------------ kg build


def test_build_reads_a_page_from_stdin_and_speaks_in_plurals(tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = run("build", "-", "-o", str(out), "--paper", "荆州日报", "--date", "2023-01-09",
                "--no-tagger", "--no-html", "--workers", "1", input=SAMPLE_PAGE.read_text(encoding="utf-8"))
    assert built.exit_code == 0, built.output
    assert "1 input (1 built); the graph: 8 articles, 1 notice;" in built.stderr and " quads → " in built.stderr
    assert not re.search(r"\b1 inputs\b|\b1 articles\b|\b[02-9] article\b", built.stderr)
    rows = run("query", PLACES, "-g", str(out), "--format", "csv")
    assert rows.exit_code == 0 and "荆州市" in rows.stdout.splitlines()
    source = run("query", "SELECT ?f WHERE { ?p kg:sourceFile ?f }", "-g", str(out))
    assert source.stdout.split()[0] == "f" and re.fullmatch(r"stdin-[0-9a-f]{12}\.txt", source.stdout.split()[1])


def test_two_pages_piped_on_one_paper_and_day_are_both_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = ("-o", str(out), "--paper", "荆州日报", "--date", "2023-01-09", "--no-tagger", "--no-html", "--workers", "1")
    for text in (GOOD, GOOD.replace("会议", "座谈会"), GOOD):  # the first again: the same page, built once
        assert run("build", "-", *options, input=text).exit_code == 0
    pages = run("query", "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?p kg:sourceFile ?f }", "-g", str(out), "--format", "csv")
    assert pages.stdout.split() == ["n", "2"]


def test_build_reads_json_lines_from_stdin(tmp_path: Path) -> None:
    records = "".join(
        json.dumps({"id": f"r{i}", "headline": f"会议{i}", "text": GOOD, "paper": "荆州日报", "date": "2023-01-09"},
                   ensure_ascii=False) + "\n"
        for i in range(3)
    )
    out = tmp_path / "out"
    built = run("build", "-", "-o", str(out), "--no-tagger", "--no-html", "--workers", "1", input="\ufeff" + records)
    assert built.exit_code == 0, built.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["items"] == 3 and re.search(r"stdin-[0-9a-f]{12}\.jsonl$", report["inputs"][0]["source"])
    headlines = run("query", "SELECT ?h WHERE { ?a schema:headline ?h } ORDER BY ?h", "-g", str(out))
    assert headlines.stdout.split() == ["h", "会议0", "会议1", "会议2"]


def test_pages_are_counted_cheaply_before_the_build(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "一"}\n\n{"text": "二"}\n   \n{"text": "三"}', encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert count_pages([tmp_path]) == 1 + 3 + 1  # an empty file is one problem, one step


def test_build_progress_counts_articles_with_a_rate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.cli.build as build_command

    screen = io.StringIO()
    monkeypatch.setattr(build_command, "err", Console(file=screen, force_terminal=True, width=200))
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps({"id": f"r{i}", "text": GOOD}, ensure_ascii=False) + "\n" for i in range(4)),
                       encoding="utf-8")
    built = run("build", str(records), "-o", str(tmp_path / "out"), "--paper", "荆州日报", "--date", "2023-01-09",
                "--no-tagger", "--no-html", "--workers", "1")
    assert built.exit_code == 0, built.output
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen.getvalue())
    assert "4/4 pages" in shown and "4 articles" in shown and re.search(r"[\d.,]+/s", shown)
    assert "0/1" not in shown  # by page, not by file


# ------------------------------------------------------------------ kg query


def test_query_piped_writes_plain_values_and_keeps_the_w3c_formats(sample_graph_dir: Path) -> None:
    graph = ["-g", str(sample_graph_dir)]
    piped = run("query", COUNT, *graph)  # not a terminal: plain TSV
    assert piped.exit_code == 0 and piped.stdout.split("\n")[0] == "n" and re.fullmatch(r"\d+", piped.stdout.split()[1])
    assert "^^" not in piped.stdout and "?n" not in piped.stdout
    dated = "SELECT DISTINCT ?d WHERE { ?a schema:datePublished ?d }"
    assert run("query", dated, *graph).stdout == "d\n2023-01-09\n"
    sparql = run("query", dated, *graph, "--format", "sparql-tsv")
    assert sparql.stdout == '?d\n"2023-01-09"^^<http://www.w3.org/2001/XMLSchema#date>\n'
    csv_rows = run("query", PLACES, *graph, "--format", "csv").stdout.splitlines()
    assert csv_rows[0] == "name" and "荆州市" in csv_rows and not any('"' in row for row in csv_rows)
    assert run("query", "ASK { ?s a schema:Place }", *graph).stdout == "true\n"  # a shell can test it
    for name in ("json", "sparql-json"):
        out = run("query", COUNT, *graph, "--format", name).stdout
        assert out.endswith("}\n") and json.loads(out)["head"]["vars"] == ["n"]


def test_query_format_follows_the_output_file(sample_graph_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "places.csv"
    assert run("query", PLACES, "-g", str(sample_graph_dir), "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").splitlines()[:1] == ["name"]
    as_json = tmp_path / "places.json"
    run("query", PLACES, "-g", str(sample_graph_dir), "-o", str(as_json))
    assert json.loads(as_json.read_text(encoding="utf-8"))["results"]["bindings"]


def test_plain_tsv_escapes_tabs_and_line_breaks(sample_graph_dir: Path) -> None:
    query = 'SELECT ?a ?b WHERE { BIND ("x\\ty" AS ?a) BIND ("第一行\\n第二行" AS ?b) }'
    out = run("query", query, "-g", str(sample_graph_dir), "--format", "tsv").stdout
    assert out == "a\tb\nx\\ty\t第一行\\n第二行\n"


def test_a_query_without_rows_warns(sample_graph_dir: Path) -> None:
    result = run("query", "SELECT ?s WHERE { ?s a schema:Spaceship }", "-g", str(sample_graph_dir))
    assert result.exit_code == 0 and result.stdout == "s\n"
    assert "warning" in result.stderr and "no rows" in result.stderr


# ------------------------------------------------------------------ kg export


def test_export_format_follows_the_file_name(sample_graph_dir: Path, tmp_path: Path) -> None:
    graph = ["-g", str(sample_graph_dir)]
    nt = tmp_path / "x.nt"
    assert run("export", *graph, "-o", str(nt)).exit_code == 0
    text = nt.read_text(encoding="utf-8")
    assert "@prefix" not in text and len(rdflib.Graph().parse(data=text, format="nt")) > 1000
    quads = tmp_path / "x.nq"
    assert run("export", *graph, "-o", str(quads)).exit_code == 0
    assert len(rdflib.Dataset().parse(quads, format="nquads")) > 1000
    conflict = run("export", *graph, "-o", str(tmp_path / "y.nt"), "--format", "turtle")
    assert conflict.exit_code == 2 and errors.OutputError.code in conflict.output and not (tmp_path / "y.nt").exists()
    unknown = run("export", *graph, "-o", str(tmp_path / "y.dat"))
    assert unknown.exit_code == 2 and errors.OutputError.code in unknown.output
    assert run("export", *graph, "-o", str(tmp_path / "y.dat"), "--format", "trig").exit_code == 0


def test_export_to_stdout_ends_with_a_newline(sample_graph_dir: Path) -> None:
    out = run("export", "-g", str(sample_graph_dir), "--format", "jsonld", "-o", "-")
    assert out.exit_code == 0 and out.stdout_bytes.endswith(b"\n") and json.loads(out.stdout)


# ------------------------------------------------------------------ kg view, validate, stats


def test_a_view_that_matches_nothing_warns(sample_graph_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "v.html"
    result = run("view", "-g", str(sample_graph_dir), "--from", "2030-01-01", "-o", str(target))
    assert result.exit_code == 0 and target.exists()
    assert "nothing matched" in result.stderr and "2030-01-01" in result.stderr and "2023-01-09" in result.stderr
    fine = run("view", "-g", str(sample_graph_dir), "--from", "2023-01-01", "-o", str(target))
    assert fine.exit_code == 0 and "warning" not in fine.stderr


def test_validate_states_its_verdict_in_words_that_agree(sample_graph_dir: Path) -> None:
    result = run("validate", "-g", str(sample_graph_dir))
    assert result.exit_code == 0
    assert re.search(r"the graph \([\d,]+ triples\) conforms: 0 violations, 0 warnings", result.stdout)


def test_validate_reads_shapes_from_stdin(sample_graph_dir: Path) -> None:
    from tests.conftest import ROOT

    shapes = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    piped = run("validate", "-g", str(sample_graph_dir), "--shapes", "-", input=shapes)
    assert piped.exit_code == 0, piped.output
    assert "conforms: 0 violations" in piped.stdout
    strict = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <https://schema.org/> .\n" \
             "[] a sh:NodeShape ; sh:targetClass schema:Place ; sh:property [ sh:path schema:telephone ; sh:minCount 1 ] ."
    failing = run("validate", "-g", str(sample_graph_dir), "--shapes", "-", "--show", "1", input=strict)
    assert failing.exit_code == 1 and "telephone" in failing.stdout
    assert re.search(r"does not conform: \d+ violations, 0 warnings", failing.stdout)


def test_stats_json_to_a_file_or_stdout(sample_graph_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "stats.json"
    assert run("stats", "-g", str(sample_graph_dir), "--format", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["articles"] == 9
    table = run("stats", "-g", str(sample_graph_dir), "--top", "2")
    assert re.search(r"\d+ nodes \(9 articles\), \d+ links", table.stdout)


def test_the_readme_lists_every_error_code() -> None:
    from tests.conftest import ROOT

    table = (ROOT / "README.md").read_text(encoding="utf-8").split("| code | problem |")[1].split("\n\n")[0]
    listed = set(re.findall(r"KG\d{3}", table))
    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.KgError)}
    assert codes - listed == set() and "KG300" in listed
