"""JSON Lines, CSV and api/daily_papers readers, and detection of the format from content."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.errors import InputError, UnknownFormat
from kg.ingest import detect_format, read_path
from kg.ingest.text import paper_id
from tests.conftest import DATA, daily_page


def test_jsonl_reads_all_columns(write):
    path = write(
        "feed.jsonl",
        json.dumps({"title": "Alpha Nets", "abstract": "We propose Alpha.", "id": "2401.00001v2",
                    "url": "https://arxiv.org/abs/2401.00001", "date": "2024-01-05",
                    "authors": ["A. One", "B. Two"]}) + "\n"
        + json.dumps({"title": "Beta Nets", "abstract": "Beta.", "arxiv_id": "2401.00002", "date": "2024-01-05",
                      "authors": "C. Three; D. Four; E. Five"}) + "\n",
    )
    result = read_path(path)
    assert result.format == "jsonl"
    alpha, beta = result.entries
    assert (alpha.arxiv_id, alpha.source_id, alpha.date, alpha.authors, alpha.author_count) == (
        "2401.00001", "2401.00001v2", "2024-01-05", ("A. One", "B. Two"), 2)
    assert alpha.url == "https://arxiv.org/abs/2401.00001"
    assert beta.authors == ("C. Three", "D. Four", "E. Five") and beta.arxiv_id == "2401.00002"
    assert result.date == "2024-01-05"


def test_jsonl_bad_line_is_reported_with_its_line_and_the_rest_read(write):
    path = write("feed.jsonl", '{"title": "Good One", "abstract": "x"}\n{"title": broken\n\n{"abstract": "no title"}\n{"title": "Good Two"}\n')
    result = read_path(path)
    assert [e.title for e in result.entries] == ["Good One", "Good Two"]
    assert [(p.line, "JSON" in p.message or "no title" in p.message) for p in result.problems] == [(2, True), (4, True)]
    assert str(result.problems[0]).startswith(f"{path}:2: ")


def test_csv_and_tsv_with_optional_columns(write):
    csv_path = write("feed.csv", 'title,abstract,arxiv_id,authors\n"Gamma, Revisited","We revisit Gamma, again.",2402.00003,"A. One; B. Two"\n')
    tsv_path = write("feed.tsv", "id\ttitle\tabstract\n2402.00004\tDelta Nets\tWe propose Delta.\n")
    (gamma,) = read_path(csv_path).entries
    assert (gamma.title, gamma.abstract, gamma.arxiv_id, gamma.authors) == (
        "Gamma, Revisited", "We revisit Gamma, again.", "2402.00003", ("A. One", "B. Two"))
    assert gamma.line == 2
    (delta,) = read_path(tsv_path).entries
    assert (delta.title, delta.arxiv_id) == ("Delta Nets", "2402.00004")


def test_csv_without_title_column_says_which_columns_it_has(write):
    path = write("feed.csv", "name,summary\nx,y\n")
    with pytest.raises(InputError, match="no 'title' column"):
        read_path(path, "csv")


def test_hf_api_json_maps_nested_paper_fields():
    result = read_path(DATA / "hf_api_sample.json")
    assert result.format == "hf-api"
    repa, graph = result.entries
    assert repa.arxiv_id == "2410.06940"
    assert repa.url == "https://huggingface.co/papers/2410.06940"
    assert repa.authors == ("Sihyun Yu", "Saining Xie") and repa.author_count == 2
    assert (repa.published, repa.date, repa.comments) == ("2024-10-09", "2024-10-10", 2)
    assert result.date == "2024-10-10"
    assert len(result.problems) == 1 and "record 3" in str(result.problems[0])


def test_same_paper_gets_the_same_id_from_a_page_and_from_the_api():
    page_title = "Representation Alignment for Generation: Training Diffusion Transformers Is Easier Than You Think"
    api_title = read_path(DATA / "hf_api_sample.json").entries[0].title
    assert paper_id(api_title) == paper_id(page_title)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (daily_page(("T", "A.")), "hf-daily"),
        ('{"title": "x"}\n', "jsonl"),
        ('[{"title": "x"}]', "json"),
        ("title,abstract\nx,y\n", "csv"),
        ("Title\tAbstract\nx\ty\n", "csv"),
    ],
)
def test_format_is_detected_from_content(content, expected):
    assert detect_format(content) == expected


def test_format_option_forces_the_reader(write):
    path = write("odd.dat", "Only Title\n\nAnd an abstract for it.\n")
    with pytest.raises(UnknownFormat, match="try --format"):
        read_path(path)
    assert [e.title for e in read_path(path, "hf-daily").entries] == ["Only Title"]


def test_plain_json_list_of_records_is_read(write):
    path = write("list.json", json.dumps([{"title": "Eps Nets", "summary": "Eps."}, {"title": "Zeta"}]))
    result = read_path(path)
    assert result.format == "json"
    assert [(e.title, e.abstract) for e in result.entries] == [("Eps Nets", "Eps."), ("Zeta", "")]


def test_listing_date_is_set_only_when_every_record_agrees(write):
    path = write("feed.jsonl", '{"title": "One", "date": "2024-01-05"}\n{"title": "Two"}\n')
    assert read_path(path).date is None


def test_invalid_dates_and_huge_numbers_are_ignored_not_fatal(write):
    path = write("feed.jsonl", '{"title": "A", "date": "2024-13-45", "published": "2024-02-30", "comments": Infinity}\n'
                               '{"title": "B", "comments": 1e400}\n')
    a, b = read_path(path).entries
    assert (a.date, a.published, a.comments, b.comments) == (None, None, None, None)


def test_unclosed_csv_quote_is_reported_at_the_row_where_it_opens(write):
    path = write("feed.csv", 'title,abstract\nGood,fine\n1,"Unclosed,abs\nDelta,dd\nEps,ee\n')
    result = read_path(path)
    assert [e.title for e in result.entries] == ["Good"]
    (problem,) = result.problems
    assert problem.line == 3 and "never closed" in problem.message


def test_one_bad_record_does_not_hide_an_api_file(write):
    records = json.loads((DATA / "hf_api_sample.json").read_text(encoding="utf-8"))[:2] + [7]
    result = read_path(write("api.json", json.dumps(records)))
    assert result.format == "hf-api" and len(result.entries) == 2
    assert [p.message for p in result.problems] == ["record 3 is not an object; skipped"]


@pytest.mark.parametrize("content", ["[]", "title,abstract\n"])
def test_a_file_without_papers_is_reported(write, content):
    result = read_path(write("empty.json" if content == "[]" else "empty.csv", content))
    assert result.entries == [] and "no papers" in result.problems[0].message


def test_devices_and_pipes_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(InputError, match="not a regular file"):
            read_path(path)
