"""The reader for saved arXiv API Atom feeds: fields, listing date, damaged and hostile feeds."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError, UnknownFormat
from kg.ingest import detect_format, read_path
from kg.ingest.arxiv_atom import read_arxiv_atom

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom"{root_attrs}>
  <id>https://arxiv.org/api/abc123</id>
  <title>arXiv Query: search_query=cat:cs.CV</title>
  <updated>2024-12-03T00:00:00-05:00</updated>
  <opensearch:totalResults>{count}</opensearch:totalResults>
"""

FIRST = """  <entry>
    <id>http://arxiv.org/abs/2412.01234v2</id>
    <updated>2024-12-03T10:00:00Z</updated>
    <published>2024-12-02T18:59:59Z</published>
    <title>Folding Paper Cranes with
      Diffusion Policies</title>
    <summary>  We teach a robot arm to fold paper cranes from a handful of
  demonstrations, and show that a &lt;b&gt;tiny&lt;/b&gt; policy suffices.
    </summary>
    <author><name>Ada Quill</name><arxiv:affiliation>Nowhere Institute</arxiv:affiliation></author>
    <author><name>Bo Reed</name></author>
    <arxiv:primary_category term="cs.RO" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.RO" scheme="http://arxiv.org/schemas/atom"/>
    <link href="http://arxiv.org/abs/2412.01234v2" rel="alternate" type="text/html"/>
  </entry>
"""

SECOND = """  <entry>
    <id>http://arxiv.org/abs/2412.05678v1</id>
    <published>2024-12-02T07:00:00Z</published>
    <title>Counting Sheep in Satellite Images</title>
    <summary>A counting benchmark of invented fields and invented sheep.</summary>
    <author><name>Cy Dale</name></author>
    <arxiv:primary_category term="cs.CV"/>
    <category term="cs.CV"/>
    <category term="cs.LG"/>
  </entry>
"""

FEED_LINE_OF_FIRST_ENTRY = HEAD.count("\n") + 1


def feed(*entries: str, root_attrs: str = "", close: bool = True) -> str:
    return HEAD.format(root_attrs=root_attrs, count=len(entries)) + "".join(entries) + ("</feed>\n" if close else "")


def test_two_entry_feed_is_detected_and_its_fields_mapped(write):
    path = write("feed.atom", feed(FIRST, SECOND))
    result = read_path(path)
    assert result.format == "arxiv" and result.problems == []
    crane, sheep = result.entries
    assert (crane.arxiv_id, crane.url) == ("2412.01234", "https://arxiv.org/abs/2412.01234")
    assert crane.authors == ("Ada Quill", "Bo Reed") and crane.author_count == 2
    assert crane.published == "2024-12-02"
    assert crane.categories == ("cs.RO", "cs.CV")  # primary first, no repeat
    assert sheep.categories == ("cs.CV", "cs.LG") and sheep.arxiv_id == "2412.05678"
    assert crane.line == FEED_LINE_OF_FIRST_ENTRY
    assert result.date == "2024-12-02"  # no kg:date: the one day every paper was published


def test_title_line_break_is_folded_and_escaped_markup_stays_text():
    (crane,) = read_arxiv_atom(feed(FIRST), "f.atom").entries
    assert crane.title == "Folding Paper Cranes with Diffusion Policies"
    assert crane.abstract.startswith("We teach a robot arm to fold paper cranes from a handful of demonstrations")
    assert "a <b>tiny</b> policy suffices." in crane.abstract


def test_kg_date_on_the_root_is_the_listing_date():
    attrs = ' xmlns:kg="urn:kg:fetch" kg:date="2024-12-03" kg:fetched="2024-12-04T06:00:00Z" kg:source="arxiv:cs.CV"'
    result = read_arxiv_atom(feed(FIRST, SECOND, root_attrs=attrs), "f.atom")
    assert (result.date, result.date_text) == ("2024-12-03", "2024-12-03")
    assert [e.date for e in result.entries] == ["2024-12-03", "2024-12-03"]
    assert [e.published for e in result.entries] == ["2024-12-02", "2024-12-02"]


def test_truncated_feed_keeps_complete_entries_and_reports_one_cut_off(write):
    text = feed(FIRST, SECOND)
    cut = text[: text.index("Counting Sheep") + 8]
    result = read_path(write("cut.atom", cut))
    assert [e.arxiv_id for e in result.entries] == ["2412.01234"]
    (problem,) = result.problems
    assert "cut off" in problem.message
    assert problem.line == cut.count("\n") + 1


def test_feed_broken_mid_file_is_not_called_cut_off():
    broken = SECOND.replace("</title>", "</titel>")
    result = read_arxiv_atom(feed(FIRST, broken, FIRST), "f.atom")
    assert [e.arxiv_id for e in result.entries] == ["2412.01234"]
    (problem,) = result.problems
    assert "not well-formed" in problem.message and "cut off" not in problem.message
    assert problem.line == FEED_LINE_OF_FIRST_ENTRY + FIRST.count("\n") + 3


def test_arxiv_error_feed_is_an_input_error_naming_the_message():
    error_entry = """  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_9999.bad</id>
    <title>Error</title>
    <summary>incorrect id format for 9999.bad</summary>
    <author><name>arXiv api core</name></author>
  </entry>
"""
    with pytest.raises(InputError, match=r"arXiv API answered with an error: incorrect id format for 9999\.bad; check the query"):
        read_arxiv_atom(feed(error_entry), "err.atom")


def test_entry_without_title_is_skipped_with_a_problem():
    untitled = SECOND.replace("<title>Counting Sheep in Satellite Images</title>", "<title>  </title>")
    result = read_arxiv_atom(feed(untitled, FIRST), "f.atom")
    assert [e.arxiv_id for e in result.entries] == ["2412.01234"]
    (problem,) = result.problems
    assert "no title" in problem.message and "skipped" in problem.message
    assert problem.line == FEED_LINE_OF_FIRST_ENTRY


def test_feed_with_no_entries_reads_no_papers_and_no_problems():
    result = read_arxiv_atom(feed(), "empty.atom")
    assert result.format == "arxiv" and result.entries == [] and result.problems == []
    assert detect_format(feed()) == "arxiv"


def with_doctype(doctype: str, title: str) -> str:
    text = feed(FIRST.replace("Folding Paper Cranes with", title))
    return text.replace("?>\n", "?>\n" + doctype, 1)


def test_billion_laughs_doctype_is_refused_quickly_without_expansion(write):
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 12))
    text = with_doctype(f'<!DOCTYPE feed [\n<!ENTITY l0 "LOL">\n{laughs}]>\n', "Folding &l11; Paper")
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_path(write("laughs.atom", text))
    assert time.monotonic() - start < 5
    assert "entities" in caught.value.message and "LOL" not in str(caught.value)


def test_external_entity_is_never_read(write, tmp_path):
    secret = write("secret.txt", "TOPSECRET")
    text = with_doctype(f'<!DOCTYPE feed [\n<!ENTITY secret SYSTEM "{secret.as_uri()}">\n]>\n', "Folding &secret; Paper")
    with pytest.raises(InputError, match="entities") as caught:
        read_path(write("xxe.atom", text))
    assert "TOPSECRET" not in str(caught.value)


def test_not_atom_xml_is_an_input_error_with_its_line():
    with pytest.raises(InputError, match="not an Atom feed") as caught:
        read_arxiv_atom('<?xml version="1.0"?>\n<rss version="2.0"></rss>\n', "f.xml")
    assert caught.value.line == 2
    with pytest.raises(InputError, match="not well-formed") as caught:
        read_arxiv_atom('<?xml version="1.0"?>\n\n<feed xmlns="http://www.w3.org/2005/Atom" a="1" a="2">', "f.xml")
    assert caught.value.line == 3


def test_html_page_is_still_html_and_a_feed_after_a_comment_is_arxiv():
    for page in ("<!DOCTYPE html>\n<html><head><title>arXiv</title></head><body>feed</body></html>\n",
                 '<!-- saved -->\n<html xmlns="http://www.w3.org/1999/xhtml"><body>http://www.w3.org/2005/Atom</body></html>\n'):
        with pytest.raises(UnknownFormat, match="HTML page"):
            detect_format(page)
    assert detect_format("<!-- saved by kg -->\n" + feed(FIRST).split("?>\n", 1)[1]) == "arxiv"


def test_kg_build_reads_a_feed_end_to_end(write, tmp_path):
    path = write("feed.atom", feed(FIRST, SECOND))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    papers, (listing,) = (
        [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines()]
        for name in ("papers.jsonl", "listings.jsonl")
    )
    by_id = {p["arxiv_id"]: p for p in papers}
    assert sorted(by_id) == ["2412.01234", "2412.05678"]
    assert by_id["2412.01234"]["categories"] == ["cs.RO", "cs.CV"]
    assert by_id["2412.05678"]["categories"] == ["cs.CV", "cs.LG"]
    assert by_id["2412.01234"]["url"] == "https://arxiv.org/abs/2412.01234"
    assert (listing["format"], listing["date"]) == ("arxiv", "2024-12-02")
