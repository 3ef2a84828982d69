"""The bad-input matrix: one test per kind of bad input, for every reader and the fetch payloads.

Each kind is built next to a good file. What a user relies on, asserted for
every kind: the exit code (0 read, 1 some input bad, 2 usage or environment),
one ``error:`` line naming the file and the line or byte where that applies,
saying what is wrong and what to do; the good records kept (those of the good
file, and the good ones of the bad file); and, where the bad file gives
nothing, an ``--update`` with it leaves the earlier output byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import daily_page
from tests.fetch.conftest import atom_entry, atom_feed, hf_record
from tests.fetch.server import Reply, ScriptedServer

GOOD_TITLES = ("Alpha Nets for Invented Detection", "Beta Flows We Made Up")
GOOD = "".join(json.dumps({"title": t, "abstract": f"We propose {t.split()[0]}Net and test it on COCO."}) + "\n"
               for t in GOOD_TITLES)
PAGE_ENTRY = ("Gamma Graphs for Nothing Real", "We introduce GammaGraph, an invented model, and evaluate it on Cora.")
ROW = {"title": "Delta Records Kept Whole", "abstract": "We propose DeltaNet."}


def jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def symlink_to(target: str) -> Callable[[Path], None]:
    return lambda path: os.symlink(target, path)


def loop(path: Path) -> None:
    os.symlink(path.name + ".other", path)
    os.symlink(path.name, path.with_name(path.name + ".other"))


@dataclass(frozen=True)
class Kind:
    """One kind of bad input: the file, the error line it must give, the records of it that are kept."""

    name: str
    file: str
    content: bytes | Callable[[Path], None]
    message: str | None  # a regex for what follows "error: FILE" (None: read without an error)
    kept: tuple[str, ...] = ()
    args: tuple[str, ...] = ()  # a forced --format applies to every file: such kinds are built alone

    def make(self, folder: Path) -> Path:
        path = folder / self.file
        if isinstance(self.content, bytes):
            path.write_bytes(self.content)
        else:
            self.content(path)
        return path


ATOM_OK = atom_entry("2412.00001", "Epsilon Atoms Kept", "2024-12-02")
SEED_LIKE = daily_page(PAGE_ENTRY).encode()

KINDS = [
    # Any file
    Kind("empty file", "empty.txt", b"", r": file is empty; nothing to read$"),
    Kind("only white space", "blank.txt", b" \n\t\n", r": file is empty"),
    Kind("binary file", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r": byte 8: binary file \(NUL bytes\).*name the saved"),
    Kind("not UTF-8", "latin1.txt", SEED_LIKE + "Caf\xe9\n".encode("latin-1"),
         rf": byte {len(SEED_LIKE) + 3}: not UTF-8 \(byte 0xe9 cannot be decoded\); re-save the file as UTF-8$"),
    Kind("cut inside a character", "cut-char.jsonl", jsonl(ROW) + '{"title": "Caf\u00e9'.encode()[:-1],
         r":2: not valid JSON \(.*\); line skipped: the file ends in the middle of a character there, it looks cut off$", kept=(ROW["title"],)),
    Kind("HTML page", "page.html", b"<!DOCTYPE html>\n<html><body>Daily Papers</body></html>\n",
         r": this is an HTML page, not a saved text listing; save the page as text"),
    Kind("missing path", "missing.txt", symlink_to("missing.txt.nowhere"), r": is a symbolic link to missing\.txt\.nowhere, which does not exist; check the link$"),
    Kind("symbolic link loop", "loop.txt", loop, r": is a symbolic link that leads back to itself; point it at the listing file$"),
    Kind("directory", "folder", lambda path: path.mkdir(), r": is a directory; name the files in it instead"),
    Kind("named pipe", "pipe.txt", lambda path: os.mkfifo(path), r": is not a regular file \(a device, pipe or socket\)"),
    Kind("UTF-16 with a byte-order mark", "utf16.csv", "title,abstract\nDelta Records Kept Whole,We propose DeltaNet.\n".encode("utf-16"),
         None, kept=(ROW["title"],)),
    Kind("UTF-16 without a byte-order mark", "utf16le.csv",
         "title,abstract\nDelta Records Kept Whole,We propose DeltaNet.\n".encode("utf-16-le"), None, kept=(ROW["title"],)),
    # Saved Daily Papers pages (text)
    Kind("page with no papers", "prose.txt", b"Some notes I kept.\nNothing here is a listing.\n",
         r": no papers found: not a saved Daily Papers page.*try --format"),
    Kind("page cut off in an entry", "cut-page.txt", (daily_page(PAGE_ENTRY) + "\n\nA Title Whose Abstract Never Came\n").encode(),
         r":\d+: .*cut off", kept=(PAGE_ENTRY[0],)),
    Kind("JSON read as a page (--format hf-daily)", "forced.jsonl", jsonl(ROW),
         r":1: --format hf-daily, but the file holds JSON.*give --format jsonl or json$", args=("--format", "hf-daily")),
    # JSON Lines
    Kind("malformed JSON line", "broken.jsonl", jsonl(ROW, '{"title": "Half a record",'),
         r":2: not valid JSON \(.*column \d+\); line skipped$", kept=(ROW["title"],)),
    Kind("last line cut off", "cut.jsonl", jsonl(ROW)[:-1] + b'\n{"title": "Cut', r":2: not valid JSON", kept=(ROW["title"],)),
    Kind("line is a list", "list-line.jsonl", jsonl(ROW, "[1, 2]"), r":2: line 2 is not an object; skipped$", kept=(ROW["title"],)),
    Kind("record without title", "untitled.jsonl", jsonl({"name": "x", "abstract": "y"}, ROW),
         r":1: record has no title \(no 'title' field; it has: abstract, name\); skipped$", kept=(ROW["title"],)),
    Kind("blank title", "blank-title.jsonl", jsonl({"title": "  ", "abstract": "y"}, ROW), r":1: record has no title \(its 'title' is blank\); skipped$",
         kept=(ROW["title"],)),
    Kind("numeric title", "number-title.jsonl", jsonl({"title": 42, "abstract": "y"}, ROW), r":1: 'title' is a number \(42\), not text; skipped$",
         kept=(ROW["title"],)),
    Kind("title of punctuation only", "punct-title.jsonl", jsonl({"title": "?!", "abstract": "y"}, ROW),
         r":1: title '\?!' has no letters or digits to identify a paper by; skipped$", kept=(ROW["title"],)),
    Kind("id is an object", "object-id.jsonl", jsonl({**ROW, "id": {"x": 1}}), r":1: 'id' is an object; give text or a whole number; skipped$"),
    Kind("id is a number with a fraction", "float-id.jsonl", jsonl({**ROW, "id": 2401.1}),
         r":1: 'id' is a number \(2401\.1\); write it as text \(\"2401\.1\" with all its digits\); skipped$"),
    Kind("arXiv id is true", "bool-arxiv.jsonl", jsonl({**ROW, "arxiv_id": True}), r":1: 'arxiv_id' is true/false; give text or a whole number; skipped$"),
    Kind("JSON nested too deeply", "deep.jsonl", jsonl(ROW, "[" * 100_000 + "]" * 100_000),
         r":2: JSON nested too deeply to be a paper record; line skipped$", kept=(ROW["title"],)),
    Kind("abstract too long", "huge.jsonl", jsonl({"title": "Huge", "abstract": "word " * 420_000}, ROW),
         r":1: title and abstract hold 2,100,003 characters, more than the 2,000,000 kg reads for one paper; shorten the abstract; skipped$",
         kept=(ROW["title"],)),
    Kind("record with a lone surrogate", "surrogate.jsonl", b'{"title": "Delta Records Kept Whole \\ud800", "abstract": "We propose DeltaNet."}\n',
         None, kept=("Delta Records Kept Whole \ufffd",)),
    Kind("line separator inside a string", "u2028.jsonl", jsonl({"title": "Delta Records\u2028Kept Whole", "abstract": "x\u2029y"}),
         None, kept=(ROW["title"],)),
    Kind("CSV read as JSON Lines (--format jsonl)", "forced.csv", b"title,abstract\nA,B\n",
         r":1: --format jsonl, but no line is JSON \(the first starts with 'title,abstract'\); leave out --format$",
         args=("--format", "jsonl")),
    # CSV
    Kind("CSV without a title column", "no-title.csv", b"name,abstract\nA,B\n",
         r":1: looks like CSV but has no 'title' column \(columns: name, abstract\); name the title column 'title', or try --format$"),
    Kind("CSV quote never closed", "open-quote.csv", b'title,abstract\nDelta Records Kept Whole,We propose DeltaNet.\n"Open,quote\n',
         r":3: malformed CSV row: .*\(a quoted field is never closed\); rest of file skipped$", kept=(ROW["title"],)),
    Kind("CSV quote that swallows rows", "swallow.csv",
         b'title,abstract\n"Open title,abstract\nOther,row\nMore",text\nDelta Records Kept Whole,We propose DeltaNet.\n',
         r":2: the title runs over lines 2 to 4 and holds the rows between: a quote opened on line 2 is probably never closed",
         kept=(ROW["title"],)),
    Kind("CSV row with a separator in an unquoted field", "extra.csv",
         b"title,abstract\nOne, Two and Three,We propose OTT.\nDelta Records Kept Whole,We propose DeltaNet.\n",
         r":2: row has 3 fields, the header 2: a separator \(','\) inside a field that is not quoted\? quote that field; row skipped$",
         kept=(ROW["title"],)),
    Kind("CSV with a carriage return alone ending each line", "old-mac.csv", b"title,abstract\rDelta Records Kept Whole,We propose DeltaNet.\r",
         None, kept=(ROW["title"],)),
    Kind("CSV row with a blank title", "blank.csv", b"title,abstract\n,orphan abstract\nDelta Records Kept Whole,x\n",
         r":2: record has no title \(its 'title' is blank\); skipped$", kept=(ROW["title"],)),
    Kind("JSON read as CSV (--format csv)", "forced.json", jsonl({**ROW, "abstract": "x" * 2000}),
         r":1: --format csv, but the file holds JSON \(it starts with '\{'\); leave out --format", args=("--format", "csv")),
    Kind("CSV whose header is broken (--format csv)", "broken-header.csv", b'title,"abstract\n1,2\n',
         r":1: the first line is no CSV header \(.*\); check the file, or try --format$", args=("--format", "csv")),
    # JSON documents (a list of records, or the Hub's api/daily_papers)
    Kind("JSON that does not parse", "broken.json", b'[{"title": "A"},\n {"title": ]\n', r":2: not valid JSON \(.*\)$"),
    Kind("JSON list with a non-object", "mixed.json", json.dumps([ROW, 7]).encode(), r":2: record 2 is not an object; skipped$", kept=(ROW["title"],)),
    Kind("JSON list nested too deeply", "deep.json", b"[" * 100_000 + b"]" * 100_000, r": JSON nested too deeply to hold paper records; check the file$"),
    Kind("JSON list that is empty", "empty-list.json", b"[]\n", r": no papers found in this file; nothing to read$"),
    Kind("flat records read as the Hub's (--format hf-api)", "flat.json", json.dumps([ROW]).encode(),
         r": --format hf-api, but no record has a nested 'paper' or a 'summary' \(they have: abstract, title\); leave out --format",
         args=("--format", "hf-api")),
    Kind("papers wrapped two objects deep", "wrapped.json", json.dumps({"data": {"papers": [ROW]}}).encode(), None, kept=(ROW["title"],)),
    Kind("Hub record without a title", "hub.json", json.dumps([{"paper": {"id": "2410.00009", "summary": "x"}},
                                                                hf_record("2410.00001", ROW["title"], "2024-10-10")]).encode(),
         r": record 1: .*no title.*; skipped$", kept=(ROW["title"],)),
    # arXiv API Atom feeds
    Kind("Atom feed that is not well-formed", "broken.atom", atom_feed([ATOM_OK]).replace("</entry>", "</entri>", 1).encode(),
         r":\d+: .*not well-formed|:\d+: .*mismatch"),
    Kind("Atom feed cut off", "cut.atom", atom_feed([ATOM_OK, atom_entry("2412.00002", "Zeta Cut", "2024-12-02")])[:-300].encode(),
         r":\d+: .*cut off", kept=("Epsilon Atoms Kept",)),
    Kind("Atom entry without a title", "untitled.atom", atom_feed([ATOM_OK.replace("Epsilon Atoms Kept", " "), ATOM_OK.replace("2412.00001", "2412.00003")]).encode(),
         r":\d+: entry 1: record has no title .*; skipped$", kept=("Epsilon Atoms Kept",)),
    Kind("Atom feed with an external entity", "xxe.atom",
         atom_feed([ATOM_OK]).replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')
         .replace("<summary>", "<summary>&x;", 1).encode(),
         r":3: the DOCTYPE declares XML entities, which no arXiv feed does; refused rather than expanded$"),
]


def _ids(kinds: list[Kind]) -> list[str]:
    return [k.name for k in kinds]


def build(*args: object):
    return CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)


def titles(out: Path) -> set[str]:
    return {json.loads(line)["title"] for line in (out / "papers.jsonl").read_text(encoding="utf-8").split("\n") if line}


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".kg.lock"}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


@pytest.fixture(scope="module")
def good_out(tmp_path_factory) -> Path:
    """A graph of the good file alone, built once: what ``--update`` must leave as it was."""
    folder = tmp_path_factory.mktemp("good")
    (folder / "good.jsonl").write_text(GOOD)
    assert build(folder / "good.jsonl", "-o", folder / "out").exit_code == 0
    return folder


def test_the_matrix_holds_at_least_40_kinds():
    assert len(KINDS) >= 40 and len(set(_ids(KINDS))) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=_ids(KINDS))
def test_each_kind_gives_its_line_and_keeps_the_good_records(kind, tmp_path, good_out):
    bad = kind.make(tmp_path)
    sources = [bad] if kind.args else [good_out / "good.jsonl", bad]
    out = tmp_path / "out"
    result = build(*sources, "-o", out, *kind.args)
    errors = error_lines(result.stderr)
    assert "Traceback" not in result.stderr
    if kind.message is None:
        assert (result.exit_code, errors) == (0, []), result.stderr
    else:
        assert result.exit_code == 1, result.stderr
        assert len(errors) == 1, errors
        assert errors[0].startswith(f"error: {bad}") and re.search(kind.message, errors[0][len(f"error: {bad}"):]), errors[0]
    expected = set(kind.kept) | (set() if kind.args else set(GOOD_TITLES))
    if expected:
        assert titles(out) == expected
    else:
        assert not out.exists() and "nothing written" in result.stderr


@pytest.mark.parametrize("kind", [k for k in KINDS if k.message and not k.kept and not k.args],
                         ids=_ids([k for k in KINDS if k.message and not k.kept and not k.args]))
def test_an_update_with_nothing_readable_leaves_the_output_as_it_was(kind, tmp_path, good_out):
    out = tmp_path / "out"
    shutil.copytree(good_out / "out", out)
    before = files(out)
    result = build(kind.make(tmp_path), "--update", out)
    assert result.exit_code == 1 and f"nothing written to {out}" in result.stderr
    assert files(out) == before


# Usage and environment: exit 2, and OUT as it was.

def test_an_unknown_format_is_a_usage_error(tmp_path, good_out):
    result = build(good_out / "good.jsonl", "--format", "xml", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "'xml' is not one of" in result.stderr and not (tmp_path / "out").exists()


def test_update_of_a_directory_without_a_graph_is_refused(tmp_path, good_out):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep me")
    result = build(good_out / "good.jsonl", "--update", tmp_path / "notes")
    assert result.exit_code == 2
    assert f"kg: --update {tmp_path / 'notes'}: the directory holds no graph kg built" in result.stderr
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["mine.txt"]


def test_an_output_path_that_is_a_file_is_refused_and_the_file_kept(tmp_path, good_out):
    target = tmp_path / "out"
    target.write_text("not a directory")
    result = build(good_out / "good.jsonl", "-o", target)
    assert result.exit_code == 2 and f"'{target}' is a file" in result.stderr
    assert target.read_text() == "not a directory"


def test_a_rebuild_that_would_drop_listings_is_refused(tmp_path, good_out):
    out = tmp_path / "out"
    shutil.copytree(good_out / "out", out)
    before = files(out)
    other = tmp_path / "other.jsonl"
    other.write_bytes(jsonl(ROW))
    result = build(other, "-o", out)
    assert result.exit_code == 2 and "--update" in result.stderr and "--overwrite" in result.stderr
    assert files(out) == before


def test_strict_stops_at_the_first_bad_record_and_leaves_the_output(tmp_path, good_out):
    out = tmp_path / "out"
    shutil.copytree(good_out / "out", out)
    before = files(out)
    bad = KINDS[_ids(KINDS).index("malformed JSON line")].make(tmp_path)
    result = build(bad, "--update", out, "--strict")
    assert result.exit_code == 1 and "stopped at the first error (--strict); nothing written" in result.stderr
    assert files(out) == before


# Fetch payloads: kg daily over two days, the second bad; the first is added, the second named.

DAY1, DAY2 = "2024-10-10", "2024-10-11"
GOOD_DAY = [hf_record("2410.00001", "Eta Papers Fetched Fine", DAY1, abstract="We propose EtaNet, tested on COCO.")]
PAYLOADS = {
    "an HTML page": (Reply(body="<html>down</html>", content_type="text/html"), r"the server sent an HTML page, not JSON"),
    "JSON cut off": (Reply(body='[{"paper": {"id": "2410.00002", "title": "Cut'), r"the answer is cut off \(\d+ bytes of incomplete JSON\); run again"),
    "not JSON": (Reply(body="hello", content_type="application/json"), r"the answer is not valid JSON"),
    "an object, not a list": (Reply(body={"papers": "no"}), r"expected a JSON list of papers, got dict; check --base-url"),
    "JSON nested too deeply": (Reply(body="[" * 100_000 + "]" * 100_000), r"the answer nests JSON too deeply to be a listing"),
    "HTTP 503 on every try": (Reply(503, {"error": "down"}), r"the server failed \(HTTP 503 after 1 tries?\); try again later"),
    "HTTP 404 on the first page": (Reply(404, {"error": "gone"}), None),
}


@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
def test_a_bad_payload_names_its_day_and_the_good_day_is_added(payload, tmp_path):
    reply, message = PAYLOADS[payload]
    with ScriptedServer() as server:
        server.route("/api/daily_papers", Reply(body=GOOD_DAY), date=DAY1)
        server.route("/api/daily_papers", reply, date=DAY2)
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["daily", str(out), "--cache", str(tmp_path / "cache"), "--hf-url", server.url,
                                          "--date", DAY1, "--to", DAY2, "--retries", "0"], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    errors = error_lines(result.stderr)
    if message is None:  # a day with no listing is a note, not an error
        assert (result.exit_code, errors) == (0, []), result.stderr
    else:
        assert result.exit_code == 1, result.stderr
        assert len(errors) == 1 and errors[0].startswith(f"error: {DAY2}: ") and re.search(message, errors[0]), errors
    assert titles(out) == {"Eta Papers Fetched Fine"}


def test_a_fetched_record_without_a_title_is_named_and_the_rest_kept(tmp_path):
    untitled = {"paper": {"id": "2410.00005", "summary": "No title here."}, "publishedAt": f"{DAY1}T12:00:00.000Z"}
    with ScriptedServer() as server:
        server.route("/api/daily_papers", Reply(body=[untitled, *GOOD_DAY]), date=DAY1)
        result = CliRunner().invoke(cli, ["daily", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"),
                                          "--hf-url", server.url, "--date", DAY1], catch_exceptions=False)
    assert result.exit_code == 1, result.stderr
    (error,) = error_lines(result.stderr)
    assert re.match(r"error: \S+: record 1: .*no title.*; skipped$", error), error
    assert titles(tmp_path / "out") == {"Eta Papers Fetched Fine"}


# Records that disagree: warnings naming both records, the first sighting kept, whatever the order of the files.

def test_records_that_disagree_are_warned_about_and_the_first_sighting_wins(tmp_path):
    day1 = tmp_path / "day1.jsonl"
    day1.write_bytes(jsonl({"id": "2401.00001", "title": "Alpha Networks for Vision", "abstract": "We propose AlphaNet.",
                            "date": "2024-01-02"},
                           {"title": "Gamma: Models, Revisited", "abstract": "We propose GammaNet for images.", "date": "2024-01-02"},
                           {"id": "p-7", "title": "One Paper", "abstract": "We propose OneNet.", "date": "2024-01-02"}))
    day2 = tmp_path / "day2.jsonl"
    day2.write_bytes(jsonl({"id": "2401.00001", "title": "Beta Transformers for Speech", "abstract": "We propose BetaFormer.",
                            "date": "2024-01-03"},
                           {"title": "gamma models revisited", "abstract": "An unrelated text about speech codecs.", "date": "2024-01-03"},
                           {"id": "p-7", "title": "Another Paper", "abstract": "We propose TwoNet.", "date": "2024-01-03"}))
    outputs = []
    for order in ((day1, day2), (day2, day1)):
        out = tmp_path / f"out-{order[0].stem}"
        result = build(*order, "-o", out)
        assert result.exit_code == 0 and not error_lines(result.stderr), result.stderr
        warnings = sorted(line for line in result.stderr.splitlines() if line.startswith("warning: "))
        assert warnings == sorted([
            f"warning: {day1}:1 and {day2}:1: one paper (arXiv 2401.00001) under two titles, 'Alpha Networks for Vision' "
            "and 'Beta Transformers for Speech'; kept the first listed, 'Alpha Networks for Vision'",
            f"warning: {day1}:2 and {day2}:2: one paper ('Gamma: Models, Revisited') with two different abstracts; kept the first listed",
            f"warning: {day1}:3 and {day2}:3: id 'p-7' is on two different papers, 'One Paper' and 'Another Paper'; kept them apart",
        ])
        assert "3 conflicting record(s)" in result.stderr.splitlines()[-1]
        papers = {json.loads(line)["title"]: json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()}
        assert papers["Alpha Networks for Vision"]["abstract"] == "We propose AlphaNet."
        assert papers["Gamma: Models, Revisited"]["abstract"] == "We propose GammaNet for images."
        assert {"One Paper", "Another Paper"} <= set(papers)
        outputs.append((out / "papers.jsonl").read_bytes())
    assert outputs[0] == outputs[1]


def test_an_update_warns_only_about_the_records_it_reads(tmp_path):
    first = tmp_path / "a.jsonl"
    first.write_bytes(jsonl({"id": "2401.00001", "title": "Alpha Networks", "abstract": "x"},
                            {"id": "2401.00001", "title": "Beta Networks", "abstract": "x"}))
    later = tmp_path / "b.jsonl"
    later.write_bytes(jsonl({"title": "Delta Records Kept Whole", "abstract": "We propose DeltaNet."}))
    out = tmp_path / "out"
    assert "warning: " in build(first, "-o", out).stderr
    result = build(later, "--update", out)
    assert result.exit_code == 0 and "warning: " not in result.stderr


def test_links_in_records_reach_the_graph_only_when_they_are_http(tmp_path):
    bad = tmp_path / "links.jsonl"
    bad.write_bytes(jsonl({**ROW, "url": "javascript:alert(1)", "project_page": "data:text/html,<b>x</b>",
                           "github_repo": "https://github.com/example/delta"}))
    out = tmp_path / "out"
    assert build(bad, "-o", out).exit_code == 0
    (paper,) = [json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()]
    assert (paper["url"], paper["project_page"], paper["github_repo"]) == (None, None, "https://github.com/example/delta")
    assert "javascript:" not in (out / "graph.json").read_text() and "data:text" not in (out / "graph.json").read_text()


def test_terminal_control_characters_never_reach_the_output(tmp_path):
    bad = tmp_path / "escape.jsonl"
    bad.write_bytes(jsonl({"title": "Delta \x1b[2J\x1b]0;owned\x07Records", "abstract": "We propose \x9bDeltaNet."}))
    out = tmp_path / "out"
    result = build(bad, "-o", out)
    assert result.exit_code == 0 and "\x1b" not in result.stderr
    for name in ("papers.jsonl", "graph.json", "extractions.jsonl"):
        text = json.loads(json.dumps((out / name).read_text()))
        assert "\\u001b" not in text and "\x1b" not in text and "\\u009b" not in text, name


def test_a_hub_id_with_a_control_character_still_gives_graphml_that_parses(tmp_path):
    import networkx as nx

    bad = tmp_path / "hub.jsonl"
    bad.write_bytes(jsonl({**ROW, "hub_models": ["example/del\x01ta"]}))
    out = tmp_path / "out"
    assert build(bad, "-o", out, "--export", "graphml").exit_code == 0
    graph = nx.read_graphml(out / "graph.graphml")
    assert any("example/delta" in node for node in graph)
