"""`kg build` end to end: outputs, the summary line, bad inputs, --strict, atomic writes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import OutputError
from kg.export import files as files_module


def build(*args: str | os.PathLike[str]):
    return CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]  # not splitlines: U+2028


def test_build_writes_299_papers_each_once_with_their_listings(seed_out):
    papers = read_jsonl(seed_out / "papers.jsonl")
    assert len(papers) == 299
    assert len({p["id"] for p in papers}) == 299
    assert sum(len(p["listings"]) for p in papers) == 387
    assert all({"source", "date", "listing_id", "position"} <= set(s) for p in papers for s in p["listings"])
    first = next(p for p in papers if p["title"] == "Self-Supervised Dataset Distillation for Transfer Learning")
    assert (first["author_count"], first["published"]) == (6, "2023-10-10")


def test_extractions_follow_the_contract_shape(seed_out):
    records = read_jsonl(seed_out / "extractions.jsonl")
    assert len(records) == 299
    assert all(set(r) == {"id", "title", "entities"} for r in records)
    entities = [e for r in records for e in r["entities"]]
    assert sum(e["type"] == "Repository" for e in entities) == 85
    assert {e["type"] for e in entities} == {"Method", "Dataset", "Task", "Repository"}
    roles = {"Method": {"proposed", "used"}, "Dataset": {"used", "introduced"}, "Task": {"addressed"},
             "Repository": {"official", "mentioned"}}
    for entity in entities:
        assert {"type", "id", "name", "role", "confidence", "mentions"} <= set(entity)
        assert entity["role"] in roles[entity["type"]] and 0 <= entity["confidence"] <= 1
        assert entity["id"].startswith(entity["type"].lower() + ":")
        assert entity["mentions"] and all({"text", "start", "end", "field", "sentence"} <= set(m) for m in entity["mentions"])
    papers = {p["id"]: p for p in read_jsonl(seed_out / "papers.jsonl")}
    for record in records:
        for entity in record["entities"]:
            for m in entity["mentions"]:
                source = papers[record["id"]][m["field"]]
                assert source[m["start"] : m["end"]] == m["text"]


def test_graph_json_is_node_link_with_papers_listings_and_repositories(seed_out):
    data = json.loads((seed_out / "graph.json").read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="edges")
    labels = [attrs["label"] for _, attrs in graph.nodes(data=True)]
    assert labels.count("Paper") == 299 and labels.count("Listing") == 5 and labels.count("Repository") == 85
    edge_types = [key for _, _, key in graph.edges(keys=True)]
    assert edge_types.count("LISTED_IN") == 387 and edge_types.count("HAS_CODE") == 85
    cfcd = graph.nodes["repository:github.com/bassyess/cfcd"]
    assert cfcd["name"] == "bassyess/CFCD"
    ((paper, _, attrs),) = graph.in_edges("repository:github.com/bassyess/cfcd", data=True)
    assert graph.nodes[paper]["title"].startswith("Coarse-to-Fine")
    assert attrs["official"] is True and attrs["evidence"][0]["sentence"].startswith("Code is available")


def test_summary_line_reports_papers_duplicates_entities_errors_and_time(seed_paths, tmp_path):
    result = build(*seed_paths, "-o", tmp_path / "o")
    last = result.stderr.strip().splitlines()[-1]
    assert re.match(r"kg: 299 papers from 5 listing\(s\) \(387 entries, 88 duplicates merged\), \d+ entities, 0 errors, \d+\.\d\d s(; listing dates: .+)? -> ", last)
    assert last.endswith(f" -> {tmp_path / 'o'}")
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal


def test_builds_are_byte_identical_whatever_the_input_order(seed_paths, tmp_path):
    build(*seed_paths, "-o", tmp_path / "a")
    build(*reversed(seed_paths), "-o", tmp_path / "b")
    for name in ("papers.jsonl", "extractions.jsonl", "graph.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_builds_are_byte_identical_whatever_the_hash_seed(seed_paths, tmp_path):
    """Sets of strings iterate in an order PYTHONHASHSEED sets: two runs wrote mentions and drew the page differently."""
    import subprocess
    import sys

    for seed in ("0", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / seed / "out"  # the page's title names the folder
        subprocess.run([sys.executable, "-m", "kg", "build", *map(str, seed_paths), "-o", str(out)],
                       env=env, check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "kg", "html", str(out), "-o", str(out / "top.html"), "--top", "50"],
                       env=env, check=True, capture_output=True)
    for name in ("papers.jsonl", "extractions.jsonl", "graph.json", "graph.html", "top.html"):
        assert (tmp_path / "0" / "out" / name).read_bytes() == (tmp_path / "4" / "out" / name).read_bytes(), name


@pytest.fixture
def bad_inputs(tmp_path, write, seed_texts) -> dict[str, Path]:
    seed = seed_texts["000_f720293112d57f29.txt"]
    (tmp_path / "a_dir").mkdir()
    return {
        "empty": write("empty.txt", ""),
        "binary": write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "html": write("page.html", "<!DOCTYPE html>\n<html><body><h1>Daily Papers</h1></body></html>\n"),
        "latin1": write("latin1.txt", seed[:400].encode("utf-8") + "Caf\xe9".encode("latin-1") + b"\n"),
        "cut": write("cut.txt", seed[: seed.index("Recent studies have shown that the denoising") + 60]),
        "directory": tmp_path / "a_dir",
        "missing": tmp_path / "missing.txt",
    }


EXPECTED = {
    "empty": "file is empty",
    "binary": "binary file",
    "html": "HTML page",
    "latin1": "not UTF-8",
    "cut": "cut off",
    "directory": "is a directory",
    "missing": "no such file",
}


def test_each_bad_input_gets_one_line_and_the_good_ones_are_still_built(bad_inputs, seed_paths, tmp_path):
    out = tmp_path / "out"
    result = build(*bad_inputs.values(), *seed_paths, "-o", out)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(bad_inputs)
    for kind, path in bad_inputs.items():
        (line,) = [e for e in errors if e.startswith(f"error: {path}")]
        assert EXPECTED[kind] in line, line
    assert any(e.startswith(f"error: {bad_inputs['latin1']}: byte 403: not UTF-8") for e in errors)
    assert any(e.startswith(f"error: {bad_inputs['cut']}:15: ") for e in errors)  # the cut entry's title line
    assert len(read_jsonl(out / "papers.jsonl")) == 299
    assert "7 errors" in result.stderr.splitlines()[-1]


def test_strict_stops_at_the_first_error_and_writes_nothing(bad_inputs, seed_paths, tmp_path):
    out = tmp_path / "out"
    result = build("--strict", *seed_paths, bad_inputs["html"], "-o", out)
    assert result.exit_code == 1
    assert "HTML page" in result.stderr and "nothing written" in result.stderr
    assert not out.exists()


def test_no_readable_input_writes_nothing_and_fails(bad_inputs, tmp_path):
    out = tmp_path / "out"
    result = build(bad_inputs["empty"], "-o", out)
    assert result.exit_code == 1 and not out.exists()


def test_a_failed_write_leaves_the_previous_output_whole(seed_paths, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(*seed_paths, "-o", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def failing_graph_json(graph):
        yield '{"nodes": ['
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module, "graph_json", failing_graph_json)
    with pytest.raises(OutputError, match="previous outputs were left as they were"):
        files_module.write_outputs(out, [], [], nx.MultiDiGraph())
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_cli_reports_a_write_failure_with_exit_code_2(seed_paths, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = build(seed_paths[0], "-o", blocker / "sub")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot create output directory")


def test_output_files_are_readable_by_others_like_any_new_file(seed_out):
    mode = (seed_out / "papers.jsonl").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_a_failing_rename_puts_the_old_outputs_back(seed_paths, tmp_path):
    out = tmp_path / "out"
    build(seed_paths[0], "-o", out)
    for extra in out.iterdir():
        if extra.name not in ("papers.jsonl", "extractions.jsonl", "graph.json"):
            extra.unlink()
    before = {name: (out / name).read_bytes() for name in ("papers.jsonl", "extractions.jsonl")}
    (out / "graph.json").unlink()
    (out / "graph.json").mkdir()
    (out / "graph.json" / "keep").write_text("x")
    result = build(*seed_paths, "-o", out)
    assert result.exit_code == 2 and "is not a file" in result.stderr
    assert {name: (out / name).read_bytes() for name in before} == before
    left = sorted(p.name for p in out.iterdir() if p.name != ".kg.lock")  # the lock stays, empty
    assert left == ["extractions.jsonl", "graph.json", "papers.jsonl"]  # no new file left


def test_rollback_restores_files_replaced_before_a_failure(tmp_path, monkeypatch):
    from kg import atomic

    (tmp_path / "a.txt").write_text("old a")
    (tmp_path / "b.txt").write_text("old b")
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append(dst)
        if str(dst).endswith("b.txt") and not str(src).endswith(".old"):
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky_replace)
    with pytest.raises(OutputError):
        atomic.write_files_atomically(tmp_path, {"a.txt": ["new a"], "b.txt": ["new b"], "c.txt": ["new c"]})
    assert (tmp_path / "a.txt").read_text() == "old a" and (tmp_path / "b.txt").read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_inputs_without_papers_write_nothing(tmp_path, write):
    out = tmp_path / "out"
    result = build(write("empty.json", "[]"), "-o", out)
    assert result.exit_code == 1 and "no papers" in result.stderr and not out.exists()


def test_empty_output_name_is_refused(seed_paths):
    result = build(seed_paths[0], "-o", "")
    assert result.exit_code == 2 and "give a directory name" in result.stderr


def test_same_content_under_two_names_gives_the_same_output_in_any_order(seed_paths, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_paths[0].read_bytes())
    build(seed_paths[0], copy, "-o", tmp_path / "a")
    build(copy, seed_paths[0], "-o", tmp_path / "b")
    assert (tmp_path / "a" / "papers.jsonl").read_bytes() == (tmp_path / "b" / "papers.jsonl").read_bytes()


def test_very_long_abstracts_are_built_not_crashed_on(tmp_path, write):
    path = write("long.jsonl", json.dumps({"title": "Long One", "abstract": "We study ResNet-50 on COCO. " * 45_000}) + "\n")
    result = build(path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    (record,) = read_jsonl(tmp_path / "out" / "extractions.jsonl")
    assert {"dataset:coco", "method:resnet-50"} <= {e["id"] for e in record["entities"]}


def test_a_name_repeated_through_one_long_sentence_writes_output_linear_in_the_input(tmp_path, write):
    """Issue 18: every mention stored its whole sentence, so "ResNet " * 10000 (70 KB) wrote 1.4 GB."""
    abstract = "ResNet " * 10_000
    path = write("one.jsonl", json.dumps({"title": "One Sentence", "abstract": abstract}) + "\n")
    result = build(path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    written = sum(f.stat().st_size for f in (tmp_path / "out").iterdir())
    assert written < 5_000_000, f"{written:,} bytes written for a 70 KB abstract"
    (record,) = read_jsonl(tmp_path / "out" / "extractions.jsonl")
    (resnet,) = [e for e in record["entities"] if e["id"] == "method:resnet"]
    mentions = resnet["mentions"]
    assert len(mentions) == 10_000
    assert all(abstract[m["start"] : m["end"]] == m["text"] == "ResNet" for m in mentions)
    assert all((m["sentence_start"], m["sentence_end"]) == (0, len(abstract.rstrip())) for m in mentions)
    assert [bool(m["sentence"]) for m in mentions].count(True) == 1 and len(mentions[0]["sentence"]) <= 402


def test_graphml_and_csv_exports_hold_the_same_graph(seed_out):
    import csv

    graph = nx.node_link_graph(json.loads((seed_out / "graph.json").read_text(encoding="utf-8")), edges="edges")
    graphml = nx.read_graphml(seed_out / "graph.graphml")
    assert graphml.number_of_nodes() == graph.number_of_nodes()
    assert graphml.number_of_edges() == graph.number_of_edges()
    assert all(not isinstance(v, (list, dict)) for _, attrs in graphml.nodes(data=True) for v in attrs.values())
    assert graphml.nodes["dataset:coco"]["aliases"] == "; ".join(graph.nodes["dataset:coco"]["aliases"])
    entities = list(csv.DictReader((seed_out / "entities.csv").open(encoding="utf-8")))
    assert {r["label"] for r in entities} == {"Method", "Dataset", "Task", "Repository"}
    assert len(entities) == sum(1 for _, a in graph.nodes(data=True) if a["label"] not in ("Paper", "Listing"))
    edges = list(csv.DictReader((seed_out / "edges.csv").open(encoding="utf-8")))
    assert len(edges) == graph.number_of_edges()
    cfcd = next(r for r in edges if r["target"] == "repository:github.com/bassyess/cfcd")
    assert (cfcd["type"], cfcd["official"], cfcd["text"]) == ("HAS_CODE", "True", "https://github.com/bassyess/CFCD")

EXPORTED = ["edges.csv", "entities.csv", "graph.graphml", "papers.csv"]


def export(what: str, out: Path):
    return CliRunner().invoke(cli, ["export", what, str(out)])


def test_tables_and_graphml_are_written_on_request_and_match_those_build_writes(seed_paths, seed_out, tmp_path):
    """The tables and GraphML restate graph.json: kg build writes them with --export, kg export writes
    them later from OUT's graph, byte for byte the same."""
    out = tmp_path / "out"
    assert build(*seed_paths, "-o", out).exit_code == 0
    assert not [name for name in EXPORTED if (out / name).exists()]
    done = export("csv", out)
    assert done.exit_code == 0 and "wrote papers.csv, entities.csv, edges.csv" in done.stderr
    assert export("graphml", out).exit_code == 0
    for name in EXPORTED:
        assert (out / name).read_bytes() == (seed_out / name).read_bytes(), name
    missing = export("csv", tmp_path / "nothing")
    assert missing.exit_code == 1 and "graph.json not found; run kg build first" in missing.stderr
    assert not (tmp_path / "nothing").exists()


def test_an_update_keeps_the_exports_an_out_holds_current(seed_paths, seed_out, tmp_path):
    """Once OUT holds the tables (by --export or kg export), every update writes them again: never stale."""
    out = tmp_path / "out"
    assert build(*seed_paths[:2], "-o", out, "--export", "csv").exit_code == 0
    assert (out / "edges.csv").is_file() and not (out / "graph.graphml").exists()
    assert build(*seed_paths[2:4], "--update", out).exit_code == 0
    assert export("graphml", out).exit_code == 0
    assert build(seed_paths[4], "--update", out).exit_code == 0
    for name in EXPORTED:
        assert (out / name).read_bytes() == (seed_out / name).read_bytes(), name


def test_graph_json_holds_a_node_or_edge_a_line_and_reads_back_as_the_same_graph(seed_out, tmp_path):
    """graph.json is written and read an element at a time (a 500,000-paper graph is a 2.4 GB file, more
    than orjson parses in one piece); any JSON reader still sees networkx's node-link document, and a
    graph.json in one line (an older kg) still loads."""
    import io

    import orjson

    import kg

    graph = kg.load(seed_out).nx
    graph.add_node("paper:x", title="Ünïcode “quoted”\n</data> & co\u2028", authors=["A", "B"], upvotes=3)
    graph.add_edge("paper:x", "dataset:coco", key="USES", evidence=[{"text": "COCO", "start": 0, "sentence": "On COCO."}])
    written = b"".join(files_module.graph_json(graph))
    assert written.count(b"\n") == graph.number_of_nodes() + graph.number_of_edges() + 3
    assert json.loads(written) == json.loads(orjson.dumps(nx.node_link_data(graph, edges="edges")))
    (tmp_path / "graph.json").write_bytes(written)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "graph.json").write_bytes(orjson.dumps(nx.node_link_data(graph, edges="edges")))
    for folder in (tmp_path, tmp_path / "old"):
        loaded = kg.load(folder).nx
        assert sorted(loaded.nodes(data=True)) == sorted(graph.nodes(data=True))
        assert sorted(loaded.edges(keys=True, data=True), key=repr) == sorted(graph.edges(keys=True, data=True), key=repr)
    (tmp_path / "graph.json").write_bytes(written[: len(written) // 2].rsplit(b"\n", 1)[0] + b"\n")
    with pytest.raises(kg.errors.InputError, match="cut short"):
        kg.load(tmp_path)
    lines = written.split(b"\n")
    lines[3] = lines[3][:-5]
    (tmp_path / "graph.json").write_bytes(b"\n".join(lines))
    with pytest.raises(kg.errors.InputError, match=r"graph.json:4: not as kg build writes it"):
        kg.load(tmp_path)
    graphml = "".join(files_module.graphml_lines(graph))
    assert nx.read_graphml(io.BytesIO(graphml.encode())).nodes["paper:x"]["title"] == graph.nodes["paper:x"]["title"]


def test_adding_listings_one_by_one_gives_the_same_files_as_one_build(seed_paths, tmp_path):
    build(*seed_paths, "-o", tmp_path / "all")
    assert build(seed_paths[0], "-o", tmp_path / "inc").exit_code == 0
    for path in seed_paths[1:]:
        result = build(path, "--update", tmp_path / "inc")
        assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "inc").iterdir())
    for name in names:
        assert (tmp_path / "all" / name).read_bytes() == (tmp_path / "inc" / name).read_bytes(), name
    assert "reused" in result.stderr  # the last update reused the earlier papers' entities


def test_re_adding_a_listing_changes_nothing(seed_paths, tmp_path):
    out = tmp_path / "out"
    build(*seed_paths[:2], "-o", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = build(seed_paths[1], "--update", out)
    assert result.exit_code == 0 and "1 repeated input(s) skipped" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_update_after_a_change_of_extraction_extracts_again(seed_paths, tmp_path):
    out = tmp_path / "out"
    build(seed_paths[0], "-o", out)
    (out / "manifest.json").write_text('{"format": 1, "extraction": "older"}\n')
    result = build(seed_paths[1], "--update", out)
    assert result.exit_code == 0 and "unchanged" not in result.stderr
    fresh = tmp_path / "fresh"
    build(*seed_paths[:2], "-o", fresh)
    assert (out / "extractions.jsonl").read_bytes() == (fresh / "extractions.jsonl").read_bytes()


def test_update_refuses_a_directory_kg_did_not_write(seed_paths, tmp_path):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    result = build(seed_paths[0], "--update", tmp_path / "other")
    assert result.exit_code == 2 and "holds no graph kg built" in result.stderr
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == ["notes.txt"]
    missing = build(seed_paths[0], "--update", tmp_path / "nowhere")  # issue 18: this built a one-day graph, exit 0
    assert missing.exit_code == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "does not exist" in missing.stderr and f"-o {tmp_path / 'nowhere'}" in missing.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_forced_format_that_does_not_fit_the_file_says_so_instead_of_reading_garbage(tmp_path):
    """Issue 18: --format hf-daily on JSONL made titles of raw JSON lines; --format hf-api on flat records
    emptied every abstract; both exit 0."""
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"title": "A Paper", "abstract": "We use COCO."}) + "\n", encoding="utf-8")
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps([{"title": "A Paper", "abstract": "We use COCO."}]), encoding="utf-8")
    for path, forced, found in ((records, "hf-daily", "holds JSON"), (flat, "hf-api", "they have: abstract, title")):
        result = build(path, "--format", forced, "-o", tmp_path / f"out-{forced}")
        assert result.exit_code == 1 and found in result.stderr and "leave out --format" in result.stderr, forced
        assert not (tmp_path / f"out-{forced}" / "papers.jsonl").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{\n  "nodes": [\n    {"id": "paper:1",\n', "graph.json:4: not valid JSON"),
        ('{"nodes": []}', "not a graph written by kg build"),
        (b'{"nodes": "\xff"}', "not UTF-8"),
    ],
)
def test_commands_reading_out_report_a_damaged_graph_json_on_one_line(tmp_path, content, expected):
    path = tmp_path / "graph.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for command in (["html", str(tmp_path)], ["explain", "COCO", "-o", str(tmp_path)],
                    ["export", "neo4j-admin", str(tmp_path), str(tmp_path / "import")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1, (command, result.output)
        assert expected in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_build_into_a_graph_of_other_listings_refuses_unless_told_to_update_or_overwrite(seed_paths, tmp_path):
    """Issue 16: forgetting --update must not replace weeks of listings with one day's."""
    out = tmp_path / "out"
    assert build(*seed_paths[:2], "-o", out).exit_code == 0
    before = (out / "graph.json").read_bytes()
    refused = build(seed_paths[2], "-o", out)
    assert refused.exit_code == 2
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1 and "--update" in message and "--overwrite" in message
    assert (out / "graph.json").read_bytes() == before  # nothing lost
    assert build(*seed_paths[:2], "-o", out).exit_code == 0  # the same listings again: a rebuild
    assert build(*seed_paths[:3], "-o", out).exit_code == 0  # more listings: nothing dropped
    replaced = build(seed_paths[3], "-o", out, "--overwrite")
    assert replaced.exit_code == 0
    assert len(read_jsonl(out / "listings.jsonl")) == 1


def test_spreadsheet_tables_name_papers_and_never_hold_a_formula(seed_out, tmp_path):
    import csv

    papers = list(csv.DictReader((seed_out / "papers.csv").open(encoding="utf-8", newline="")))
    assert len(papers) == 299 and list(papers[0]) == ["id", "arxiv_id", "title", "date", "authors", "upvotes", "url"]
    assert any(p["date"] for p in papers) and all(p["title"] for p in papers)
    edges = list(csv.DictReader((seed_out / "edges.csv").open(encoding="utf-8", newline="")))
    coco = next(e for e in edges if e["target"] == "dataset:coco")
    assert coco["target_name"] == "COCO" and coco["source_name"] == next(p["title"] for p in papers if p["id"] == coco["source"])
    hostile = tmp_path / "hostile.jsonl"
    titles = ['=HYPERLINK("http://evil.example","x")', "+1+2 Net", "-2 Degrees", "@SUM(A1)", "Plain Title"]
    hostile.write_text("".join(json.dumps({"title": t, "abstract": "We evaluate on COCO."}) + "\n" for t in titles), encoding="utf-8")
    assert build(hostile, "-o", tmp_path / "out", "--export", "csv").exit_code == 0
    rows = list(csv.DictReader((tmp_path / "out" / "papers.csv").open(encoding="utf-8", newline="")))
    cells = {r["title"] for r in rows} | {r["source_name"] for r in csv.DictReader((tmp_path / "out" / "edges.csv").open(encoding="utf-8", newline=""))}
    assert {r["title"] for r in rows} == {"'" + t for t in titles[:4]} | {"Plain Title"}
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_explain_finds_every_name_and_says_did_you_mean_when_unsure(seed_out, seed_graph):
    """Issue 16: a typo never silently becomes another entity; look-alike spellings, titles and papers are found."""
    def explain(*args):
        return CliRunner().invoke(cli, ["explain", *args, "-o", str(seed_out)])

    unsure = explain("COCOO")  # COCO or CoCoOp: both offered, neither chosen
    assert unsure.exit_code == 1 and unsure.stdout == ""
    assert "did you mean" in unsure.stderr and "COCO (Dataset)" in unsure.stderr and "CoCoOp (Method)" in unsure.stderr
    for typed, meant in (("Koko", "dataset:coco"), ("CLlP", "method:clip"), ("ms coco", "dataset:coco")):
        found = explain(typed)
        assert found.exit_code == 0 and found.stdout.startswith(meant + "  "), typed
    clip = "Learning Transferable Visual Models From Natural Language Supervision"
    for typed in (clip, clip.lower().replace(" ", "  "), "Lerning Transferable Visual Models From Natural Langage Supervision"):
        paper = explain(typed)
        assert paper.exit_code == 0 and paper.stdout.splitlines()[0] == clip, typed
    lines = explain(clip).stdout.splitlines()
    assert any(line.strip().startswith("date:") for line in lines) and any("listed in:" in line for line in lines)
    assert "  PROPOSES CLIP (Method, proposed)" in lines
    assert lines[lines.index("  PROPOSES CLIP (Method, proposed)") + 1].strip().startswith('"')  # the sentence that says so
    coco = explain("COCO", "--limit", "3").stdout.splitlines()
    at = next(i for i, line in enumerate(coco) if line.startswith("  papers, newest first"))
    listed = coco[at + 1 : at + 4]
    assert len(listed) == 3 and coco[at + 4].strip().startswith("... and ")
    dates = [line.split()[0] for line in listed]
    assert dates == sorted(dates, reverse=True)
    nothing = explain("zzzq xyzzy")
    assert nothing.exit_code == 1 and "nothing called" in nothing.stderr and "kg.find" not in nothing.stderr


def test_many_errors_of_one_kind_in_one_file_collapse_to_three_and_a_count(tmp_path):
    listing = tmp_path / "wrong.jsonl"
    listing.write_text("not json at all\n" * 50 + json.dumps({"title": "Good Paper", "abstract": "We use COCO."}) + "\n",
                       encoding="utf-8")
    result = build(listing, "--format", "jsonl", "-o", tmp_path / "out")
    assert result.exit_code == 1  # some inputs bad, the good record kept
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert [line.split(":")[2] for line in errors[:3]] == ["1", "2", "3"]
    assert len(errors) == 4 and errors[3].endswith("47 more like that: not valid JSON; line skipped (lines 4 to 50)")
    assert len(read_jsonl(tmp_path / "out" / "papers.jsonl")) == 1


def test_every_pack_query_answers_from_the_graph_files_without_a_server(seed_out, monkeypatch):
    import csv
    import io

    from kg.cypher import list_queries

    monkeypatch.delenv("NEO4J_URI", raising=False)
    for item in list_queries():
        table = CliRunner().invoke(cli, ["query", item.name, "--graph", str(seed_out)])
        assert table.exit_code == 0, (item.name, table.stderr)
        assert not table.stdout.rstrip().endswith("(0 rows)"), item.name  # the defaults find something in the seeds
    found = CliRunner().invoke(cli, ["query", "papers_on_dataset", "--graph", str(seed_out), "-p", "dataset=COCO",
                                     "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(found.stdout)))
    assert list(rows[0]) == ["paper", "relation", "dataset"] and all(r["dataset"] == "COCO" for r in rows)
    assert any(r["paper"].startswith("DETRs with Collaborative Hybrid Assignments") for r in rows)  # titles, not ids
    lines = CliRunner().invoke(cli, ["query", "top_methods", "--graph", str(seed_out), "-p", "limit=3", "--format", "json"])
    assert [json.loads(line)["method"] for line in lines.stdout.splitlines()][:1] == ["CLIP"]
    assert len(lines.stdout.splitlines()) == 3


def test_a_jsonl_record_holding_line_separators_is_one_record_and_updates_stay_readable(tmp_path):
    """Issue 18: U+2028, U+2029 and U+0085 are valid inside JSON strings; str.splitlines cut such a record
    (and kg's own listings.jsonl) in pieces."""
    odd = tmp_path / "odd.jsonl"
    records = [{"title": "Odd \u2028Separators", "abstract": "We use COCO.\u2029 Then\u0085 more.", "url": "https://x.org/a\u2028b"},
               {"title": "Plain Paper", "abstract": "We use ImageNet."}]
    odd.write_text("".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in records), encoding="utf-8")
    first = build(odd, "-o", tmp_path / "out")
    assert first.exit_code == 0 and "error:" not in first.stderr
    papers = read_jsonl(tmp_path / "out" / "papers.jsonl")
    assert len(papers) == 2 and {p["abstract"] for p in papers} == {"We use COCO. Then more.", "We use ImageNet."}
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"title": "Third Paper", "abstract": "We use CLIP."}) + "\n", encoding="utf-8")
    again = build(more, "--update", tmp_path / "out")
    assert again.exit_code == 0, again.stderr
    assert len([line for line in (tmp_path / "out" / "papers.jsonl").read_text(encoding="utf-8").split("\n") if line]) == 3


def test_temporary_files_a_killed_writer_left_are_removed_by_the_next_run(seed_paths, tmp_path):
    """Issue 18: a kill while writing left .graph.json.*.tmp files (some full size) that piled up."""
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)  # a process id that has exited
    orphans = [out / f".graph.json.{dead}.abc123.tmp", out / f".papers.jsonl.{dead}.x.tmp", out / ".edges.csv.oldstyle.tmp",
               out / f".graph.json.{dead}.abc123.tmp.old"]
    for orphan in orphans:
        orphan.write_text("half a file", encoding="utf-8")
    running = out / f".graph.json.{os.getpid()}.live.tmp"  # a writer still at work keeps its file
    running.write_text("being written", encoding="utf-8")
    assert build(seed_paths[0], "-o", out).exit_code == 0
    left = sorted(p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old")))
    assert left == [running.name]


def test_bolt_addresses_that_are_not_bolt_or_never_answer_fail_in_one_line_within_the_timeout(seed_out, monkeypatch):
    """Issue 18: an http:// address ended in a 51-line traceback; a port that accepts and stays silent took
    65 s and was reported as not running."""
    import socket
    import threading
    import time

    from kg.export.neo4j import CONNECT_SECONDS

    monkeypatch.setenv("NEO4J_PASSWORD", "not-used")
    for uri in ("http://127.0.0.1:7474", "https://example.org:7473", "localhost:7687"):
        result = CliRunner().invoke(cli, ["neo4j", "push", str(seed_out), "--uri", uri])
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1 and "bolt://" in result.stderr, uri
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    held = []
    threading.Thread(target=lambda: held.extend(silent.accept() for _ in range(5)), daemon=True).start()
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["neo4j", "push", str(seed_out), "--uri", f"bolt://127.0.0.1:{silent.getsockname()[1]}"])
    took = time.monotonic() - started
    silent.close()
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "did not answer" in result.stderr and took <= CONNECT_SECONDS + 5


def test_html_refuses_at_once_to_draw_a_huge_graph_whole_and_names_the_views(seed_out, tmp_path, monkeypatch):
    import kg.cli

    monkeypatch.setattr(kg.cli, "HTML_WHOLE_BYTES", 1000)  # the seed graph stands in for one of 500,000 papers
    page = tmp_path / "view.html"
    done = CliRunner().invoke(cli, ["html", str(seed_out), "-o", str(page)])
    assert done.exit_code == 2 and not page.exists()
    assert "too big to draw whole (299 papers; graph.json " in done.output and "--top 5000" in done.output
    done = CliRunner().invoke(cli, ["html", str(seed_out), "-o", str(page), "--top", "50"])
    assert done.exit_code == 0 and page.is_file()
